"""A user's `autograd.Function`: PyTorch's numbers and errors, one box in the graph named by its
class, and the user's backward in the backward steps."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv
from gradviz.graph.record import record
from gradviz.graph.step_text import expression
from gradviz.graph.steps import StepPlan


def _relu_class(base):
    class MyReLU(base):
        calls = 0

        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x.clamp(min=0)

        @staticmethod
        def backward(ctx, g):
            MyReLU.calls += 1
            (x,) = ctx.saved_tensors
            g = g.clone()
            g[x < 0] = 0
            return g

    return MyReLU


def test_function_matches_torch_and_names_its_node():
    data = np.array([[-1.0, 2.0, 0.5], [3.0, -0.25, -2.0]])
    ours, theirs = _relu_class(gv.autograd.Function), _relu_class(torch.autograd.Function)
    x, tx = gv.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    y, ty = ours.apply(x), theirs.apply(tx)
    assert type(y.grad_fn).__name__ == type(ty.grad_fn).__name__ == "MyReLUBackward"
    (y * y).sum().backward()
    (ty * ty).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=0, atol=0)
    assert ours.calls == 1  # one backward step: the user's backward ran once for it


def test_graph_shows_one_box_and_the_steps_use_the_users_backward():
    cls = _relu_class(gv.autograd.Function)
    x = gv.tensor([-1.0, 2.0, 3.0], requires_grad=True)
    x.name = "x"
    loss = (cls.apply(x) * 2).sum()
    assert cls.calls == 0
    graph = record(loss)  # replays the backward pass: through the user's backward
    assert cls.calls == 1
    ops = [n for n in graph.nodes if n.is_op]
    assert [n.symbol for n in ops] == ["MyReLU", "*", "Σ"]
    assert expression(ops[0], ["x"]) == "MyReLU(x)"
    assert len(StepPlan(graph)) == 7  # 3 forward, the seed and 3 backward steps
    grads = {n.name: n.grad for n in graph.nodes if not n.is_op}
    np.testing.assert_array_equal(grads["x"], [0.0, 2.0, 2.0])


def test_needs_input_grad_and_non_tensor_arguments():
    seen = {}

    class Scale(gv.autograd.Function):
        @staticmethod
        def forward(ctx, x, k, w):
            seen["needs"] = ctx.needs_input_grad
            ctx.k = k
            ctx.save_for_backward(w)
            return x * w * k

        @staticmethod
        def backward(ctx, g):
            (w,) = ctx.saved_tensors
            return g * w * ctx.k, None, None

    x = gv.tensor([1.0, 2.0], requires_grad=True)
    Scale.apply(x, 3.0, gv.tensor([5.0, 7.0])).sum().backward()
    assert seen["needs"] == (True, False, False)
    np.testing.assert_array_equal(x.grad.numpy(), [15.0, 21.0])


def test_new_style_setup_context_and_non_differentiable_output():
    class Square(gv.autograd.Function):
        @staticmethod
        def forward(x):
            return x * x

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(inputs[0])

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g

    class Argmax(gv.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            out = x.argmax()
            ctx.mark_non_differentiable(out)
            return out

    x = gv.tensor([3.0, -1.0], requires_grad=True)
    Square.apply(x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [6.0, -2.0])
    assert not Argmax.apply(x).requires_grad


def test_wrong_number_of_gradients_and_legacy_style_are_clear_errors():
    class Bad(gv.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, g):
            return g

    a, b = gv.tensor(1.0, requires_grad=True), gv.tensor(2.0, requires_grad=True)
    with pytest.raises(RuntimeError, match="incorrect number of gradients"):
        Bad.apply(a, b).backward()
    with pytest.raises(RuntimeError, match="static forward"):
        Bad()

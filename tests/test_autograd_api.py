"""`tensor.grad_fn` and `gradviz.autograd`: PyTorch's graph objects and functions, side by side."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv


def _walk(fn) -> list[str]:
    """Every node's name, breadth first from a grad_fn, as a backprop demo prints them."""
    names, queue = [], [fn]
    while queue:
        node = queue.pop(0)
        names.append(node.name())
        queue.extend(n for n, _ in node.next_functions if n is not None)
    return names


@pytest.mark.parametrize("build", [
    lambda m, x, w: (x * w).sum(),
    lambda m, x, w: (x @ w.T).relu().mean(),
    lambda m, x, w: m.sigmoid(x - w).pow(2).sum(),
])
def test_grad_fn_graph_is_pytorchs(build):
    rng = np.random.default_rng(0)
    x0, w0 = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    gx, gw = gv.tensor(x0, requires_grad=True), gv.tensor(w0)
    tx, tw = torch.tensor(x0, requires_grad=True), torch.tensor(w0)
    ours, theirs = build(gv, gx, gw).grad_fn, build(torch, tx, tw).grad_fn
    assert _walk(ours) == _walk(theirs)
    assert type(ours).__name__ == type(theirs).__name__
    assert repr(ours).startswith(f"<{type(theirs).__name__} object at 0x")


def test_grad_fn_leads_to_the_leaf_and_compares_equal():
    x = gv.tensor([1.0, 2.0], requires_grad=True)
    y = (x * 3.0).sum()
    mul = y.grad_fn.next_functions[0][0]
    accumulate, constant = mul.next_functions
    assert accumulate[0].variable is x and constant == (None, 0)
    assert y.grad_fn == y.grad_fn and hash(y.grad_fn) == hash(y.grad_fn)
    assert x.grad_fn is None and mul.op.symbol == "*"


def test_autograd_grad_matches_torch_and_leaves_grad_alone():
    results = []
    for m in (gv, torch):
        x = m.tensor([1.0, 2.0, 3.0], dtype=m.float64, requires_grad=True)
        w = m.tensor([0.5, -1.0, 2.0], dtype=m.float64, requires_grad=True)
        h = x * w  # an intermediate tensor can be differentiated too
        y = (h * h).sum()
        z = (x * x).sum()
        gx, gh = m.autograd.grad(y, [x, h], retain_graph=True)
        both = m.autograd.grad([y, z], x, grad_outputs=[None, m.tensor(2.0, dtype=m.float64)])
        assert x.grad is None and w.grad is None
        results.append([gx.numpy(), gh.numpy(), both[0].numpy()])
    for ours, theirs in zip(*results, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_autograd_grad_errors_are_pytorchs():
    x = gv.tensor([1.0, 2.0], requires_grad=True)
    u = gv.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="Tensor at index 1 appears to not have been used"):
        gv.autograd.grad((x * 2).sum(), [x, u], retain_graph=True)
    assert gv.autograd.grad((x * 2).sum(), [u], allow_unused=True) == (None,)
    (zero,) = gv.autograd.grad((x * 2).sum(), [u], materialize_grads=True)
    assert zero.tolist() == [0.0]
    with pytest.raises(RuntimeError, match="does not require grad"):
        gv.autograd.grad((x * 2).sum(), [gv.tensor(1.0)])
    y = (x * x).sum()
    gv.autograd.grad(y, x)
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        gv.autograd.grad(y, x)
    # create_graph=True records gradients through the ops `higher_order.RECORDED` names only
    weight = gv.randn(5, 2, requires_grad=True)
    bags = gv.nn.functional.embedding_bag(gv.tensor([0, 2, 4, 1]), weight, gv.tensor([0, 2]))
    with pytest.raises(NotImplementedError,
                       match="create_graph=True: gradients of embedding_bag"):
        gv.autograd.grad(bags.sum(), weight, create_graph=True)


def test_autograd_backward_of_several_outputs_accumulates():
    for m in (gv, torch):
        x = m.tensor([1.0, -2.0], requires_grad=True)
        m.autograd.backward([(x * x).sum(), x * 3], [None, m.tensor([1.0, 10.0])])
        assert x.grad.tolist() == [5.0, 26.0]


@pytest.mark.parametrize(("make", "expected"), [
    (lambda m: m.tensor([1, 2, 3]) * 0.5, "float32"),
    (lambda m: m.tensor([1, 2, 3]) / 2, "float32"),
    (lambda m: m.tensor([1, 2, 3]).exp(), "float32"),
    (lambda m: m.tensor([1, 2, 3]) * m.tensor([1.0, 2.0, 3.0]), "float32"),
    (lambda m: m.tensor([1.0, 2.0]) * m.tensor(2.0, dtype=m.float64), "float32"),
    (lambda m: m.tensor([1.0, 2.0], dtype=m.float64) * m.tensor([2.0]), "float64"),
    (lambda m: m.tensor([1, 2], dtype=m.int32) + m.tensor(5), "int32"),
    (lambda m: m.tensor([True, False]) + 1, "int64"),
    (lambda m: m.tensor([1, 2]) ** 0.5, "float32"),
    (lambda m: m.tensor([True, True]).sum(), "int64"),
    (lambda m: m.tensor([True, False]) + True, "bool"),
    (lambda m: m.tensor([1, 2], dtype=m.int8) * 1000, "int8"),
])
def test_type_promotion_is_pytorchs(make, expected):
    assert str(make(torch).dtype) == f"torch.{expected}"
    assert make(gv).dtype == getattr(gv, expected)


def test_leaves_never_share_a_gradient_array():
    # add hands one upstream array to both inputs, cast and reshape pass it on: each leaf
    # must still own its .grad, so zeroing one in place leaves the others alone.
    a = gv.tensor([1.0, 2.0], requires_grad=True)
    b = gv.tensor([3.0, 4.0], requires_grad=True)
    c = gv.tensor([5.0, 6.0], requires_grad=True)
    d = gv.tensor([[7.0, 8.0]], requires_grad=True)
    (a + b.to(gv.float32) + c + d.reshape(2)).sum().backward()
    grads = [t.grad for t in (a, b, c, d)]
    for i, g in enumerate(grads):
        assert g._data.flags.writeable
        for other in grads[i + 1:]:
            assert not np.shares_memory(g._data, other._data)
    a.grad.zero_()
    assert [t.grad.sum().item() for t in (a, b, c, d)] == [0.0, 2.0, 2.0, 2.0]


def test_an_integer_copy_of_a_tensor_needs_no_grad():
    for m in (gv, torch):
        x = m.tensor([1.5, 2.5], requires_grad=True)
        assert not x.long().requires_grad and x.long().grad_fn is None
        assert x.double().requires_grad


def test_sums_of_small_unsigned_integers_are_int64():
    for m in (gv, torch):
        t = m.tensor([1, 0, 1], dtype=m.uint8)
        assert t.sum().item() == 2 and t.cumsum(0).tolist() == [1, 1, 2]
        assert str(t.sum().dtype).endswith("int64")


def test_cross_entropy_rows_with_infinite_logits_are_pytorchs():
    inf = float("inf")
    rows = [[1.0, 2.0, 3.0], [inf, 0.0, 1.0], [-inf, -inf, -inf], [-inf, 0.0, 1.0]]
    results = []
    for m, fn in ((gv, gv.nn.functional.cross_entropy),
                  (torch, torch.nn.functional.cross_entropy)):
        z = m.tensor(rows, dtype=m.float64, requires_grad=True)
        loss = fn(z, m.tensor([0, 2, 1, 2]), reduction="none")
        loss.sum().backward()
        results.append((loss.detach().numpy(), z.grad.numpy()))
    for ours, theirs in zip(*results, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, equal_nan=True)


def test_a_linear_layer_s_node_lists_bias_input_and_transposed_weight_as_pytorch():
    # loss.grad_fn.next_functions[0][0].next_functions[0][0] is the bias's AccumulateGrad in
    # the tutorials: PyTorch's linear is addmm(b, x, Wᵀ), mm(x, Wᵀ) without a bias.
    def walk(node, depth=0):
        if node is None or depth > 3:
            return None
        return type(node).__name__, [walk(n, depth + 1) for n, _ in node.next_functions]

    shapes = []
    for lib in (gv, torch):
        x = lib.ones(4, 3, requires_grad=True)
        frozen = lib.nn.Linear(3, 2)
        frozen.weight.requires_grad_(False)
        outs = [lib.nn.Linear(3, 2)(x.relu()), lib.nn.Linear(3, 2, bias=False)(x), frozen(x)]
        shapes.append([walk(out.grad_fn) for out in outs])
    assert shapes[0] == shapes[1]

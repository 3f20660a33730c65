"""Losses as single graph nodes: both views agree, the course's graphs shrink, edges stay finite.

MSE, BCE, BCE with logits and cross-entropy are registry primitives, as PyTorch's
``MseLossBackward0`` and friends are: a lesson shows one ``BCE`` box with its formula instead
of the ten small nodes the composite made, and the scalar view expands that box again.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import gradviz as gv
from gradviz.engine import functional as F
from gradviz.lesson.parser import parse_lesson
from gradviz.lesson.prepare import SCALAR, TENSOR, prepare_lesson

TF = torch.nn.functional

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

LESSON = """\
[lesson]
title = "loss"
dtype = "float64"
seed = 2

[inputs]
x = {{ randn = [4, 3] }}
w = {{ randn = [3, 2], grad = true }}
b = {{ randn = [2], grad = true }}
y = {{ value = [[0.0, 1.0], [1.0, 1.0], [0.0, 0.0], [1.0, 0.0]] }}
c = {{ value = [0, 1, 1, 0] }}

[graph]
code = \"\"\"
z = x @ w + b
loss = {loss}
\"\"\"
output = "loss"
"""

LOSSES = [
    ("mse_loss(z, y)", "mse_loss"),
    ("mse_loss(z, y, reduction='sum')", "mse_loss"),
    ("binary_cross_entropy(sigmoid(z), y)", "binary_cross_entropy"),
    ("binary_cross_entropy(sigmoid(z), y, reduction='sum')", "binary_cross_entropy"),
    ("binary_cross_entropy_with_logits(z, y)", "binary_cross_entropy_with_logits"),
    ("binary_cross_entropy_with_logits(z * 300, y)", "binary_cross_entropy_with_logits"),
    ("cross_entropy(z, c)", "cross_entropy"),
    ("cross_entropy(z, c, reduction='sum')", "cross_entropy"),
]


def _prepare(loss: str, level: str):
    return prepare_lesson(parse_lesson(LESSON.format(loss=loss), "loss.toml"), level)


def _final_grads(prepared) -> dict[str, np.ndarray]:
    final = prepared.plan.state(prepared.plan.last)
    return {n.name: final.grads[n.id] for n in prepared.graph.nodes if n.id in final.grads}


@pytest.mark.parametrize(("loss", "op"), LOSSES, ids=[loss for loss, _ in LOSSES])
def test_loss_is_one_node_and_the_scalar_view_agrees(loss, op):
    tensor, scalar = _prepare(loss, TENSOR), _prepare(loss, SCALAR)
    ops = [n.op for n in tensor.graph.nodes if n.is_op]
    assert ops.count(op) == 1 and ops[-1] == op
    assert {n.op for n in scalar.graph.nodes if n.is_op}.isdisjoint({op})
    tensor_grads, scalar_grads = _final_grads(tensor), _final_grads(scalar)
    for name in ("w", "b"):
        expected = tensor_grads[name]
        assert np.array_equal(expected, tensor.run.values[name].grad.numpy())  # bit for bit
        for index in np.ndindex(expected.shape):
            got = scalar_grads[f"{name}[{','.join(map(str, index))}]"]
            assert got == pytest.approx(expected[index], rel=1e-9, abs=1e-12), (name, index)


def _op_counts(prepared) -> dict[str, int]:
    counts: dict[str, int] = {}
    for n in prepared.graph.nodes:
        if n.is_op:
            counts[n.op] = counts.get(n.op, 0) + 1
    return counts


def test_xor_network_shows_one_bce_node():
    prepared = prepare_lesson(EXAMPLES / "xor_red.toml")
    # As a composite, BCE made this graph 34 nodes (14 ops: log, clamp, mul, sub, neg, mean…).
    assert _op_counts(prepared) == {"matmul": 2, "sigmoid": 2, "binary_cross_entropy": 1}
    assert len(prepared.graph.nodes) == 14
    bce = next(n for n in prepared.graph.nodes if n.op == "binary_cross_entropy")
    assert bce.symbol == "BCE"
    step = next(s for s in prepared.plan.steps if s.phase == "backward" and s.node == bce.id)
    assert "∂J/∂a2 = (a2 − y)/(a2(1 − a2)·n)" in step.text["es"]
    assert "−[y·ln a2 + (1 − y)·ln(1 − a2)]" in step.text["en"]


@pytest.mark.parametrize("example", ["xor_red", "clasificador_dos_capas"])
def test_step_plan_ends_at_the_engines_gradients_exactly(example):
    prepared = prepare_lesson(EXAMPLES / f"{example}.toml")
    grads = _final_grads(prepared)
    checked = 0
    for name, tensor in prepared.run.values.items():
        if tensor.grad is not None:
            assert np.array_equal(grads[name], tensor.grad.numpy()), name
            checked += 1
    assert checked >= 4


# Probabilities of exactly 0 and 1, and logits of ±1000: PyTorch's finite numbers, not NaN.
EDGES = [
    ("bce", F.binary_cross_entropy, TF.binary_cross_entropy,
     [0.0, 1.0, 0.0, 1.0, 0.3, 1e-13], [0.0, 1.0, 1.0, 0.0, 0.7, 1.0]),
    ("bce with logits", F.binary_cross_entropy_with_logits, TF.binary_cross_entropy_with_logits,
     [-1000.0, 1000.0, 1000.0, -1000.0, 0.0, 3.0], [0.0, 1.0, 0.0, 1.0, 0.5, 0.2]),
    ("mse", F.mse_loss, TF.mse_loss, [1000.0, -3.0, 0.0], [-1000.0, 2.0, 0.0]),
]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize(("label", "gv_fn", "torch_fn", "inputs", "targets"), EDGES,
                         ids=[e[0] for e in EDGES])
def test_edge_values_match_torch(label, gv_fn, torch_fn, inputs, targets, reduction):
    x = gv.tensor(inputs, dtype=gv.float64, requires_grad=True)
    tx = torch.tensor(inputs, dtype=torch.float64, requires_grad=True)
    loss = gv_fn(x, gv.tensor(targets, dtype=gv.float64), reduction=reduction)
    tloss = torch_fn(tx, torch.tensor(targets, dtype=torch.float64), reduction=reduction)
    loss.sum().backward()
    tloss.sum().backward()
    np.testing.assert_allclose(loss.detach().numpy(), tloss.detach().numpy(), rtol=1e-9)
    assert np.all(np.isfinite(x.grad.numpy()))
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_cross_entropy_with_huge_logits_matches_torch():
    logits = [[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]]
    z = gv.tensor(logits, dtype=gv.float64, requires_grad=True)
    tz = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy(z, gv.tensor([1, 2]))
    tloss = TF.cross_entropy(tz, torch.tensor([1, 2]))
    loss.backward()
    tloss.backward()
    assert loss.item() == pytest.approx(tloss.item(), rel=1e-12)
    np.testing.assert_allclose(z.grad.numpy(), tz.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_rarer_forms_stay_composites_and_match_torch():
    z = gv.tensor([[0.5, -1.0, 2.0], [0.1, 0.2, -0.3]], dtype=gv.float64, requires_grad=True)
    tz = torch.tensor(z.detach().numpy(), requires_grad=True)
    weight = [1.0, 2.0, 0.5]
    loss = F.cross_entropy(z, gv.tensor([2, -100]), weight=gv.tensor(weight, dtype=gv.float64))
    tloss = TF.cross_entropy(tz, torch.tensor([2, -100]),
                             weight=torch.tensor(weight, dtype=torch.float64))
    assert loss._op.name != "cross_entropy"
    loss.backward()
    tloss.backward()
    np.testing.assert_allclose(z.grad.numpy(), tz.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_bad_probabilities_and_classes_raise_as_in_torch():
    with pytest.raises(RuntimeError, match="between 0 and 1"):
        F.binary_cross_entropy(gv.tensor([1.5]), gv.tensor([1.0]))
    with pytest.raises(IndexError, match="out of bounds"):
        F.cross_entropy(gv.tensor([[0.1, 0.2]]), gv.tensor([2]))

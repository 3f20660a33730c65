"""The scalar engine: micrograd's API and numbers, PyTorch's gradients, no recursion limit."""

from __future__ import annotations

import math
import random

import pytest
import torch

from gradviz import Value


def test_micrograd_sanity_check_matches_torch():
    # micrograd's own test expression, written once in gradviz and once in torch.
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()

    xt = torch.tensor([-4.0], dtype=torch.float64, requires_grad=True)
    zt = 2 * xt + 2 + xt
    qt = zt.relu() + zt * xt
    ht = (zt * zt).relu()
    yt = ht + qt + qt * xt
    yt.backward()
    assert y.data == pytest.approx(yt.item(), rel=1e-12)
    assert x.grad == pytest.approx(xt.grad.item(), rel=1e-12)


def test_more_ops_match_torch():
    a, b = Value(-4.0), Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g = g + (a / 7).tanh() + (b / 3).sigmoid() + (b * 0.1).exp() + b.log() + a.leaky_relu(0.1)
    g.backward()

    at = torch.tensor(-4.0, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    ct = at + bt
    dt = at * bt + bt**3
    ct = ct + ct + 1
    ct = ct + 1 + ct + (-at)
    dt = dt + dt * 2 + (bt + at).relu()
    dt = dt + 3 * dt + (bt - at).relu()
    et = ct - dt
    ft = et**2
    gt = ft / 2.0
    gt = gt + 10.0 / ft
    gt = (gt + (at / 7).tanh() + (bt / 3).sigmoid() + (bt * 0.1).exp() + bt.log()
          + torch.nn.functional.leaky_relu(at, 0.1))
    gt.backward()
    assert g.data == pytest.approx(gt.item(), rel=1e-12)
    assert a.grad == pytest.approx(at.grad.item(), rel=1e-10)
    assert b.grad == pytest.approx(bt.grad.item(), rel=1e-10)


def test_repeated_argument_keeps_two_edges():
    a = Value(3.0, label="a")
    b = a + a
    assert b._prev == (a, a)
    b.backward()
    assert a.grad == 2.0
    c = Value(3.0)
    (c * c).backward()
    assert c.grad == 6.0


def test_backward_twice_accumulates_in_leaves_only_like_torch():
    a = Value(2.0)
    b = a * 3
    c = b * b
    c.backward()
    c.backward()
    at = torch.tensor(2.0, requires_grad=True)
    ct = (at * 3) ** 2
    ct.backward(retain_graph=True)
    ct.backward()
    assert a.grad == pytest.approx(at.grad.item())
    assert b.grad == pytest.approx(2 * b.data)  # non-leaf: this pass's gradient only


def test_million_node_chain_has_no_recursion_limit():
    x = Value(1.0)
    y = x
    for _ in range(1_000_000):
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0


def test_sigmoid_is_stable_for_large_inputs():
    for z in (-1000.0, 1000.0):
        s = Value(z).sigmoid()
        s.backward()
        assert math.isfinite(s.data)


# ── the backward pass marks what it visited in `.grad`: every pass must start clean ─────────
def _torch_twin(v: Value, leaves: dict) -> torch.Tensor:
    """The same computation in float64 torch, each result retaining its gradient."""
    twins: dict[int, torch.Tensor] = {}
    for node in v.topological_order():
        if not node._prev:
            leaves.setdefault(id(node), torch.tensor(node.data, dtype=torch.float64,
                                                     requires_grad=True))
            twins[id(node)] = leaves[id(node)]
            continue
        args = [twins[id(p)] for p in node._prev]
        t = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "tanh": torch.tanh,
             "relu": torch.relu}[node._op](*args)
        t.retain_grad()
        twins[id(node)] = t
    return twins


def test_backward_passes_sharing_nodes_match_torch():
    a, b = Value(1.5, label="a"), Value(-2.0, label="b")
    c = a * b
    d = c + a
    e = c * c + b  # shares c (and a, b) with d
    d.backward()
    e.backward()
    assert c.grad == 2 * c.data  # this pass only: d's contribution is gone
    assert d.grad == 1.0  # not in e's graph: left as d's pass set it
    # leaves accumulate over both passes, as in torch
    at = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(-2.0, dtype=torch.float64, requires_grad=True)
    ct = at * bt
    (ct + at).backward(retain_graph=True)
    (ct * ct + bt).backward()
    assert a.grad == pytest.approx(at.grad.item(), rel=1e-12)
    assert b.grad == pytest.approx(bt.grad.item(), rel=1e-12)

    # backward from an intermediate node after another pass: c's inputs start afresh
    c.backward()
    assert c.grad == 1.0 and e.grad == 1.0
    assert a.grad == pytest.approx(at.grad.item() + b.data, rel=1e-12)

    # a graph built partly on nodes earlier passes went through (and marked)
    f = (e * d).tanh() + c * d
    a.grad = b.grad = 0.0
    f.backward()
    leaves: dict = {}
    twins = _torch_twin(f, leaves)
    twins[id(f)].backward()
    for v in (a, b, c, d, e):
        assert v.grad == pytest.approx(twins[id(v)].grad.item(), rel=1e-12)


def test_random_graphs_with_shared_nodes_match_torch_over_several_passes():
    rng = random.Random(7)
    for _ in range(25):
        pool = [Value(rng.uniform(-2.0, 2.0), label=f"x{i}") for i in range(3)]
        for _ in range(rng.randrange(5, 40)):  # each result reuses earlier nodes at random
            x, y = rng.choice(pool), rng.choice(pool[-4:])
            op = rng.choice(("add", "sub", "mul", "relu"))
            out = x.relu() if op == "relu" else {"add": x + y, "sub": x - y, "mul": x * y}[op]
            pool.append(out.tanh() if rng.random() < 0.7 else out)
        roots = [sum(rng.sample(pool, 3), pool[-1]), rng.choice(pool[3:])]
        leaves: dict = {}
        for root in roots:  # two passes over overlapping graphs: the leaves accumulate
            root.backward()
            twins = _torch_twin(root, leaves)
            twins[id(root)].backward()
            for v in root.topological_order():
                expected = twins[id(v)].grad
                expected = 0.0 if expected is None else expected.item()
                assert v.grad == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_topological_order_lists_each_value_once_inputs_first_and_changes_no_gradient():
    a, b = Value(2.0), Value(3.0)
    c = a * b
    d = (c + a).relu() * c + c.tanh()
    d.backward()
    grads = {id(v): v.grad for v in (a, b, c, d)}
    order = d.topological_order()
    assert {id(v): v.grad for v in (a, b, c, d)} == grads
    assert len({id(v) for v in order}) == len(order) == 8  # a, b, c, +, relu, *, tanh, d
    position = {id(v): i for i, v in enumerate(order)}
    for v in order:
        assert all(position[id(p)] < position[id(v)] for p in v._prev)
    assert order[-1] is d and order[:3] == [a, b, c]
    assert Value(1.0).topological_order()[0]._prev == ()


def test_inputs_and_local_derivatives_read_as_tuples():
    a, b = Value(2.0), Value(5.0)
    assert (a * b)._prev == (a, b) and (a * b)._local == (5.0, 2.0)
    assert a.tanh()._prev == (a,) and a._prev == () and a._local == ()
    made = Value(7.0, [a, b], "add", _local=[1.0, 1.0])  # micrograd's constructor, with locals
    made.backward()
    assert made._prev == (a, b) and a.grad == 1.0 and b.grad == 1.0
    with pytest.raises(ValueError, match="one or two inputs"):
        Value(0.0, (a, b, a), "add", _local=(1.0, 1.0, 1.0))
    with pytest.raises(ValueError, match="an add's local derivatives are 1 and 1"):
        Value(0.0, (a, b), "add", _local=(2.0, 1.0))  # backward passes an add's through


def test_backward_of_a_leaf_sets_its_gradient_to_one():
    a = Value(4.0)
    a.backward()
    assert a.grad == 1.0


def test_a_pass_cut_short_leaves_no_mark_that_misleads_the_next():
    class Fails:  # a local derivative that raises: the pass stops with marks still in place
        def __mul__(self, other):
            raise ArithmeticError("cut short")

    a = Value(3.0)
    b = a * 2.0
    c = b * b
    broken = Value(0.0, (c,), "neg", _local=(Fails(),)) + c
    with pytest.raises(ArithmeticError):
        broken.backward()
    a.grad = 0.0
    c.backward()  # b was marked by the broken pass and never reached: it must be searched again
    assert a.grad == 8 * a.data and b.grad == 2 * b.data

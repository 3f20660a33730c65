"""The scalar engine: micrograd's API and numbers, PyTorch's gradients, no recursion limit."""

from __future__ import annotations

import math

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

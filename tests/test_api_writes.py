"""Writes along an index or a mask beside PyTorch: ``index_add``/``index_add_`` (alpha,
repeated indices), ``index_copy``/``index_copy_``, ``masked_scatter``/``masked_scatter_``,
``fill_diagonal_`` (wrap), and ``unique_consecutive``: values, float64 gradients (≤ 1e-9)
against torch and finite differences, ``grad_fn`` names, versions and errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from api_pairs import error_of

import gradviz as gv


def _leaves(shapes, seed=0):
    rng = np.random.default_rng(seed)
    arrays = [rng.uniform(-2, 2, s) for s in shapes]
    return ([gv.tensor(a, requires_grad=True) for a in arrays],
            [torch.tensor(a, requires_grad=True) for a in arrays])


def _check(fn, *shapes, named=True):
    ours_in, theirs_in = _leaves(shapes)
    ours, theirs = fn(gv, *ours_in), fn(torch, *theirs_in)
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-12)
    if named:
        assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__
    upstream = np.random.default_rng(4).standard_normal(tuple(theirs.shape))
    ours.backward(gv.tensor(upstream))
    theirs.backward(torch.tensor(upstream))
    for a, t in zip(ours_in, theirs_in, strict=True):
        if t.grad is None:  # an input the result does not read
            assert a.grad is None or not a.grad.numpy().any()
            continue
        np.testing.assert_allclose(a.grad.numpy(), t.grad.numpy(), rtol=1e-9, atol=1e-12)
    assert gv.gradcheck(lambda *xs: fn(gv, *xs), tuple(
        gv.tensor(a.detach().numpy(), requires_grad=True) for a in ours_in))


def _index(m, values):
    return m.tensor(values)


@pytest.mark.parametrize(("label", "fn", "shapes"), [
    ("index_add rows", lambda m, x, s: x.index_add(0, _index(m, [2, 0, 2]), s), [(3, 4), (3, 4)]),
    ("index_add alpha", lambda m, x, s: m.index_add(x, 1, _index(m, [3, 1]), s, alpha=-1.5),
     [(3, 4), (3, 2)]),
    ("index_add middle dim", lambda m, x, s: x.index_add(-2, _index(m, [1, 1, 0]), s),
     [(2, 3, 4), (2, 3, 4)]),
    ("index_add vector", lambda m, x, s: x.index_add(0, _index(m, [4, 1, 4]), s), [(5,), (3,)]),
    ("index_copy", lambda m, x, s: x.index_copy(0, _index(m, [2, 0]), s), [(3, 4), (2, 4)]),
    ("index_copy dim 1", lambda m, x, s: m.index_copy(x, 1, _index(m, [3, 1, 0]), s),
     [(2, 4), (2, 3)]),
    ("masked_scatter", lambda m, x, s: x.masked_scatter(_mask(m), s), [(3, 4), (12,)]),
    ("masked_scatter broadcast mask", lambda m, x, s: m.masked_scatter(x, _mask(m)[0], s),
     [(3, 4), (4, 4)]),
])
def test_against_torch_and_finite_differences(label, fn, shapes):
    _check(fn, *shapes)


def _mask(m):
    return m.tensor([[True, False, True, True], [False, False, True, False],
                     [True, True, False, False]])


@pytest.mark.parametrize(("label", "fn"), [
    ("index_add_", lambda m, y, s: y.index_add_(1, _index(m, [0, 0, 3]), s, alpha=2)),
    ("index_copy_", lambda m, y, s: y.index_copy_(1, _index(m, [2, 0, 3]), s)),
    ("masked_scatter_", lambda m, y, s: y.masked_scatter_(_mask(m), s.reshape(-1))),
    ("fill_diagonal_", lambda m, y, s: y.fill_diagonal_(0.25)),
])
def test_in_place(label, fn):
    def run(m, x, s):
        y = x * 2
        out = fn(m, y, s)
        assert out is y and y._version == 1
        return y

    _check(run, (3, 4), (3, 3), named=label.startswith("index"))


@pytest.mark.parametrize(("shape", "wrap"), [((3, 3), False), ((3, 5), False), ((7, 3), False),
                                             ((7, 3), True), ((8, 2), True), ((4, 4, 4), False),
                                             ((3, 4), True)])
def test_fill_diagonal_positions(shape, wrap):
    a, t = gv.zeros(shape), torch.zeros(shape)
    assert a.fill_diagonal_(5, wrap=wrap) is a
    t.fill_diagonal_(5, wrap=wrap)
    np.testing.assert_array_equal(a.numpy(), t.numpy())


@pytest.mark.parametrize("options", [{}, {"return_inverse": True}, {"return_counts": True},
                                     {"return_inverse": True, "return_counts": True}])
@pytest.mark.parametrize("data", [[1, 1, 2, 2, 3, 1, 1, 2], [[1, 1], [1, 1], [2, 3], [1, 1]],
                                  [2.5, 2.5, -1.0], []])
@pytest.mark.parametrize("dim", [None, 0])
def test_unique_consecutive(options, data, dim):
    if dim is not None and not data:
        return
    ours = gv.unique_consecutive(gv.tensor(data), dim=dim, **options)
    theirs = torch.unique_consecutive(torch.tensor(data), dim=dim, **options)
    ours, theirs = (ours, theirs) if options else ((ours,), (theirs,))
    for o, t in zip(ours, theirs, strict=True):
        assert o.dtype == getattr(gv, str(t.dtype)[6:])
        np.testing.assert_array_equal(o.numpy(), t.numpy())
    method = gv.tensor(data).unique_consecutive(True, True, dim)
    expected = torch.tensor(data).unique_consecutive(True, True, dim)
    for o, t in zip(method, expected, strict=True):
        np.testing.assert_array_equal(o.numpy(), t.numpy())


def test_unique_consecutive_along_columns():
    data = [[1, 1, 2, 2], [3, 3, 4, 5]]
    ours = gv.unique_consecutive(gv.tensor(data), return_counts=True, dim=1)
    theirs = torch.unique_consecutive(torch.tensor(data), return_counts=True, dim=1)
    for o, t in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(o.numpy(), t.numpy())


@pytest.mark.parametrize("call", [
    lambda m: m.zeros(3, 4).index_add(0, m.tensor([0, 0]), m.ones(2, 4, dtype=m.float64)),
    lambda m: m.zeros(3, 4).index_add(0, m.tensor([0.0, 0.0]), m.ones(2, 4)),
    lambda m: m.zeros(3, 4).index_add(0, m.tensor([0, 0]), m.ones(3, 4)),
    lambda m: m.zeros(3, 4).index_add(0, m.tensor([0, 7]), m.ones(2, 4)),
    lambda m: m.zeros(3).index_add(0, m.tensor([-1]), m.ones(1)),
    lambda m: m.zeros(3).index_copy(0, m.tensor([-1]), m.ones(1)),
    lambda m: m.zeros(3).index_copy(0, m.tensor([5]), m.ones(1)),
    lambda m: m.zeros(3).index_copy(0, m.tensor([0, 1]), m.ones(1)),
    lambda m: m.zeros(3, 4).index_copy(0, m.tensor([0.0, 2.0]), m.ones(2, 4)),
    lambda m: m.zeros(3, 4).index_copy(0, m.tensor([0, 2]), m.ones(2, 4, dtype=m.float64)),
    lambda m: m.zeros(3, 4).masked_scatter(m.ones(3, 4) > 0, m.ones(1)),
    lambda m: m.zeros(3, 4).masked_scatter(m.ones(3, 4).long(), m.ones(12)),
    lambda m: m.zeros(3, 4).masked_scatter(m.ones(3, 4) > 0, m.ones(12, dtype=m.float64)),
    lambda m: m.zeros(3).fill_diagonal_(1),
    lambda m: m.zeros(3, 4, 5).fill_diagonal_(1),
    lambda m: m.ones(2, 2, requires_grad=True).index_add_(0, m.tensor([0]), m.ones(1, 2)),
], ids=["add dtype", "add index dtype", "add count", "add bounds", "add negative",
        "copy negative", "copy bounds", "copy count", "copy index dtype",
        "copy dtype", "scatter short source", "scatter long mask", "scatter dtype",
        "fill vector", "fill unequal dims", "leaf"])
def test_errors_are_pytorchs(call):
    assert error_of(lambda: call(gv)) == error_of(lambda: call(torch))


def test_no_grad_writes_change_views():
    a, t = gv.zeros(3, 3), torch.zeros(3, 3)
    row, row_t = a[1], t[1]
    a.index_add_(0, gv.tensor([1, 1]), gv.ones(2, 3))
    t.index_add_(0, torch.tensor([1, 1]), torch.ones(2, 3))
    a.fill_diagonal_(7)
    t.fill_diagonal_(7)
    assert row.tolist() == row_t.tolist() == [2.0, 7.0, 2.0]

"""PyTorch's window functions (``hann_window``, ``hamming_window``, ``blackman_window``,
``bartlett_window``, ``kaiser_window``), the trapezoid rule (``trapezoid``, ``trapz``,
``cumulative_trapezoid``) and ``gradient`` beside torch: values (float64 to PyTorch's
kernel, float32 within an ulp or so of its cos), dtypes, float64 gradients (≤ 1e-9, and
finite differences), node names and errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from api_pairs import same, same_grad

import gradviz as gv

RNG = np.random.default_rng(11)
WINDOWS = ("hann_window", "hamming_window", "blackman_window", "bartlett_window",
           "kaiser_window")


@pytest.mark.parametrize("name", WINDOWS)
@pytest.mark.parametrize("length", [0, 1, 2, 3, 8, 51, 400])
@pytest.mark.parametrize("periodic", [True, False])
def test_windows(name, length, periodic):
    for dtype, atol in (("float64", 1e-15), ("float32", 1e-6)):
        ours = getattr(gv, name)(length, periodic, dtype=getattr(gv, dtype)).numpy()
        theirs = getattr(torch, name)(length, periodic, dtype=getattr(torch, dtype)).numpy()
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=atol)


def test_window_arguments():
    same(lambda m: m.hamming_window(10, False, 0.6, 0.4))
    same(lambda m: m.hamming_window(9, True, 0.5, 0.5, dtype=m.float64))
    same(lambda m: m.kaiser_window(12, True, 5.0))
    same(lambda m: m.kaiser_window(12, beta=8.0, periodic=False))
    same(lambda m: m.hann_window(5).dtype == m.float32)
    same(lambda m: m.hann_window(-1))
    same(lambda m: m.hann_window(4, dtype=m.int64))
    same(lambda m: m.bartlett_window(4, dtype=m.int64))
    assert gv.hann_window(4, requires_grad=True).requires_grad
    gv.set_default_dtype(gv.float64)
    try:
        assert gv.blackman_window(6).dtype == gv.float64
    finally:
        gv.set_default_dtype(gv.float32)


def test_trapezoid_values():
    y = RNG.standard_normal((3, 5))
    x = np.sort(RNG.standard_normal(5))
    same(lambda m: m.trapezoid(m.tensor([1.0, 4, 9, 16])))
    same(lambda m: m.trapezoid(m.tensor([1, 2, 3])))
    same(lambda m: m.trapz(m.tensor([1.0, 4, 9, 16]), dx=2))
    same(lambda m: m.trapezoid(m.ones(3, 0)))
    same(lambda m: m.trapezoid(m.tensor(y), m.tensor(x)), rtol=1e-12)
    same(lambda m: m.trapezoid(m.tensor(y), m.tensor(x[:3]), dim=0), rtol=1e-12)
    same(lambda m: m.trapezoid(m.tensor(y), m.tensor(y * 2), dim=1), rtol=1e-12)
    same(lambda m: m.cumulative_trapezoid(m.tensor([1, 2, 3])))
    same(lambda m: m.cumulative_trapezoid(m.tensor(y), dx=0.5, dim=0), rtol=1e-12)
    same(lambda m: m.cumulative_trapezoid(m.tensor(y), m.tensor(x)), rtol=1e-12)
    same(lambda m: m.trapezoid(m.ones(4), m.ones(3)))
    same(lambda m: m.cumulative_trapezoid(m.ones(4), m.ones(3)))
    same(lambda m: m.trapezoid(m.ones(2, dtype=m.bool)))
    same(lambda m: m.trapezoid(m.ones(2), dx=True))


def test_trapezoid_gradients():
    y, x = RNG.standard_normal((3, 5)), np.sort(RNG.standard_normal(5))
    same_grad(lambda m, y: m.trapezoid(y), y)
    same_grad(lambda m, y: m.trapezoid(y, dx=0.3, dim=0), y)
    same_grad(lambda m, y, x: m.trapezoid(y, x), y, x)
    same_grad(lambda m, y, x: m.trapz(y, x), y, x)
    same_grad(lambda m, y: m.cumulative_trapezoid(y, dx=2.0), y)
    same_grad(lambda m, y, x: m.cumulative_trapezoid(y, x), y, x)
    for fn in (lambda m, y: m.trapezoid(y), lambda m, y: m.cumulative_trapezoid(y),
               lambda m, y: m.trapezoid(y, m.arange(5.0))):
        same(lambda m, fn=fn: type(fn(m, m.ones(3, 5, requires_grad=True)).grad_fn).__name__)


def test_gradient_values():
    y = RNG.standard_normal((4, 6))
    coords = np.sort(RNG.uniform(0, 10, 6)), np.sort(RNG.uniform(0, 10, 4))
    same(lambda m: m.gradient(m.tensor([1, 4, 9, 16])))
    same(lambda m: m.gradient(m.tensor([1.0, 4, 9, 16]), spacing=2.0))
    same(lambda m: m.gradient(m.tensor(y)), rtol=1e-12)
    same(lambda m: m.gradient(m.tensor(y), dim=1, edge_order=2), rtol=1e-12)
    same(lambda m: m.gradient(m.tensor(y), spacing=[2.0, 0.5]), rtol=1e-12)
    same(lambda m: m.gradient(m.tensor(y), spacing=3, dim=[0, 1]), rtol=1e-12)
    same(lambda m: m.gradient(m.tensor(y), spacing=(m.tensor(coords[0]),), dim=1), rtol=1e-12)
    same(lambda m: m.gradient(m.tensor(y), spacing=(m.tensor(coords[1]), m.tensor(coords[0])),
                              edge_order=2), rtol=1e-12)
    same(lambda m: m.gradient(m.tensor([1, 4, 9, 16]), spacing=(m.tensor([0, 1, 3, 4]),)))


def test_gradient_errors():
    y = gv.ones(4), torch.ones(4)
    for call in (lambda m, y: m.gradient(y, edge_order=3),
                 lambda m, y: m.gradient(y[:2], edge_order=2),
                 lambda m, y: m.gradient(y.reshape(2, 2), spacing=[1.0, 2.0, 3.0]),
                 lambda m, y: m.gradient(y.reshape(2, 2), spacing=[1.0, 2.0], dim=0),
                 lambda m, y: m.gradient(y, spacing=(y.reshape(2, 2),)),
                 lambda m, y: m.gradient(y.to(m.uint8))):
        same(lambda m, call=call: call(m, y[0] if m is gv else y[1]))


def test_gradient_gradients():
    y, coords = RNG.standard_normal((4, 5)), np.sort(RNG.uniform(0, 10, 5))
    same_grad(lambda m, y: m.gradient(y), y)
    same_grad(lambda m, y: m.gradient(y)[1], y)
    same_grad(lambda m, y: m.gradient(y, spacing=0.5, dim=0, edge_order=2), y)
    same_grad(lambda m, y, x: m.gradient(y, spacing=(x,), dim=1), y, coords)
    same_grad(lambda m, y, x: m.gradient(y, spacing=(x,), dim=1, edge_order=2), y, coords)
    same(lambda m: type(m.gradient(m.ones(3, 4, requires_grad=True))[0].grad_fn).__name__)

"""Float32 arithmetic rounded the way PyTorch's CPU kernels round it.

A float32 training run that differs from PyTorch's in the last bit of one activation drifts
onto another trajectory within a few hundred steps, and a lecture's ``exact: True/False``
checks flip.  numpy's float32 loops round differently from PyTorch's vectorised kernels, so
the ops whose float32 results a course prints go through these few functions (float64 is
left to numpy: its results agree with PyTorch's to about 1e-16).  Each says which kernel it
follows and how closely; ``tests/test_float32_kernels.py`` measures that against torch."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

_F32 = np.float32
# Sleef's expf (the u10 variant PyTorch's vectorised sigmoid calls): Cody–Waite reduction by
# ln 2 in two parts and a degree-6 polynomial, every multiply-add fused.
_LOG2E = _F32(1.442695040888963407359924681001892137426645954152985934135449406931)
_LN2_HIGH, _LN2_LOW = _F32(0.693145751953125), _F32(1.428606765330187045e-06)
_EXP_POLY = tuple(_F32(c) for c in (0.000198527617612853646278381, 0.00139304355252534151077271,
                                    0.00833336077630519866943359, 0.0416664853692054748535156,
                                    0.166666671633720397949219, 0.5))


def rounded_once(ufunc: Callable) -> Callable:
    """`ufunc` on a float32 array computed in float64 and rounded once to float32.

    PyTorch's float32 exp, log, tanh, sin, cos… are (almost) correctly rounded; numpy's
    float32 loops are not: they give another float32 than PyTorch for 10–40 % of the
    elements, and a float32 training run drifts from there.  Through float64 the result is
    PyTorch's in ≥ 95 % of them (99 % for exp, tanh and log)."""
    def wide(xp, x):
        if x.dtype == np.float32:
            return ufunc(x.astype(np.float64)).astype(np.float32)
        return ufunc(x)

    return wide


def one_minus_square(xp, y):
    """1 − y² as PyTorch's CPU kernels compute it (tanh's backward): one fused multiply-add,
    so rounded once.  In float32 that is float64 arithmetic rounded to float32 (no element of
    100,000 differs from PyTorch's); in float64 it is the plain formula (numpy has no fma)."""
    if y.dtype == np.float32:
        wide = y.astype(np.float64)
        return (1 - wide * wide).astype(np.float32)
    return 1 - y * y


def _fma(xp, a, b, c):
    """a·b + c rounded once to float32 (a float32 product is exact in float64)."""
    return (a.astype(np.float64) * b + c).astype(_F32)


def vector_exp(xp, d):
    """eᵈ for a float32 array as Sleef's ``expf_u10`` computes it (≤ 1 ulp from the true
    value), bit for bit where the multiply-adds are fused, as on AVX2, AVX-512 and NEON."""
    with np.errstate(invalid="ignore", over="ignore"):
        q = xp.rint(d * _LOG2E)
        q = xp.where(xp.isfinite(q), q, 0).astype(np.int32)
        qf = q.astype(_F32)
        s = _fma(xp, qf, -_LN2_HIGH, d)
        s = _fma(xp, qf, -_LN2_LOW, s)
        u = xp.full(d.shape, _EXP_POLY[0], dtype=_F32)
        for c in _EXP_POLY[1:]:
            u = _fma(xp, u, s, c)
        u = _F32(1) + _fma(xp, s * s, u, s)
        u = xp.ldexp(u, q).astype(_F32)
    u = xp.where(d < -104, _F32(0), u)
    u = xp.where(d > 100, _F32(np.inf), u)
    return xp.where(xp.isnan(d), d, u)


def sigmoid(xp, x):
    """σ(x) = 1/(1 + e⁻ˣ).  Float32 as PyTorch's vectorised CPU kernel: Sleef's eˣ, then one
    float32 add and one divide (no element of 200,000 differs).  Float64 in two branches so
    neither exponential overflows: 1/(1+e⁻ˣ) for x ≥ 0, eˣ/(1+eˣ) for x < 0 — and so also a
    recorded value's (a second derivative's) σ, which records exp, add and divide."""
    if x.dtype == np.float32 and type(x).__module__.partition(".")[0] in ("numpy", "cupy"):
        return _F32(1) / (vector_exp(xp, -x) + _F32(1))
    e = xp.exp(-xp.abs(x))
    return xp.where(x >= 0, 1 / (1 + e), e / (1 + e))

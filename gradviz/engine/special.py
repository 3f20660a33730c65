"""The error function, erf and erfc, and its inverse erfinv, on numpy or cupy arrays, to
double precision.

numpy has no erf.  These are W. J. Cody's rational Chebyshev approximations ("Rational
Chebyshev approximations for the error function", Math. Comp. 23, 1969; Netlib's
``specfun/calerf``), the ones C libraries and SciPy use: three ranges of |z|, each a ratio of
two polynomials, with erfc's e^(−z²) split in two factors so that it loses no digits.  The
relative error is about 1e-16 (the tests check them against `math.erf` and `math.erfc`).
erfc is computed directly, not as 1 − erf, so GELU keeps its digits at large negative z.
erfinv starts from PyTorch's first guess (``calc_erfinv``, after G. L. Pavlis' MATLAB erfinv: a
rational function of y² where |y| ≤ 0.7, of √(−ln((1 − |y|)/2)) beyond) and takes two Newton
steps, on erf(x) = y inside and on erfc(x) = 1 − |y| beyond, where erf(x) − y would cancel:
to an ulp or two of PyTorch's CPU kernel (MKL's, near correctly rounded).
"""

from __future__ import annotations

import math

_SQRT_PI_INV = 5.6418958354775628695e-1  # 1/√π

# |z| ≤ 0.46875: erf(z) = z·A(z²)/B(z²)
_A = (3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
      3.20937758913846947e03, 1.85777706184603153e-1)
_B = (2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
      2.84423683343917062e03)
# 0.46875 < |z| ≤ 4: erfc(z) = e^(−z²)·C(z)/D(z)
_C = (5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
      2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
      2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8)
_D = (1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
      1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
      3.43936767414372164e03, 1.23033935480374942e03)
# |z| > 4: erfc(z) = e^(−z²)/|z| · (1/√π − P(1/z²)/(z²·Q(1/z²)))
_P = (3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
      1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2)
_Q = (2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
      6.05183413124413191e-2, 2.33520497626869185e-3)


def _small(y2):
    """erf(y)/y for y² = y2, y ≤ 0.46875."""
    num, den = _A[4] * y2, y2
    for a, b in zip(_A[:3], _B[:3], strict=True):
        num, den = (num + a) * y2, (den + b) * y2
    return (num + _A[3]) / (den + _B[3])


def _gauss(xp, y):
    """e^(−y²), as Cody takes it: y² split at a multiple of 1/16, so the big part is exact."""
    head = xp.trunc(16 * y) / 16
    return xp.exp(-head * head) * xp.exp(-(y - head) * (y + head))


def _middle(y):
    num, den = _C[8] * y, y
    for c, d in zip(_C[:7], _D[:7], strict=True):
        num, den = (num + c) * y, (den + d) * y
    return (num + _C[7]) / (den + _D[7])


def _tail(xp, y):
    inv = 1 / (y * y)
    num, den = _P[5] * inv, inv
    for p, q in zip(_P[:4], _Q[:4], strict=True):
        num, den = (num + p) * inv, (den + q) * inv
    return (_SQRT_PI_INV - inv * (num + _P[4]) / (den + _Q[4])) / y


def _erfc_positive(xp, y):
    """erfc(y) for y > 0.46875 (the two outer ranges); 0 beyond y ≈ 26.5, where it underflows."""
    with_middle = y <= 4
    safe = xp.where(with_middle, 4.5, xp.minimum(y, 27.0))  # each formula: its own range
    ratio = xp.where(with_middle, _middle(xp.where(with_middle, y, 1.0)), _tail(xp, safe))
    return xp.where(y < 26.6, _gauss(xp, xp.minimum(y, 26.6)) * ratio, 0.0)


def _prepare(xp, x):
    x = xp.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else xp.float64
    return x.astype(xp.float64, copy=False), dtype


def erf(xp, x):
    """erf(z) = (2/√π) ∫₀ᶻ e^(−t²) dt, elementwise, in `x`'s float dtype."""
    z, dtype = _prepare(xp, x)
    y = xp.abs(z)
    small = y <= 0.46875
    inner = z * _small(xp.where(small, z * z, 0.0))
    outer = xp.sign(z) * (1 - _erfc_positive(xp, xp.where(small, 1.0, y)))
    out = xp.where(small, inner, outer)
    return xp.where(xp.isnan(z), z, out).astype(dtype, copy=False)


def erfc(xp, x):
    """erfc(z) = 1 − erf(z), without the cancellation of 1 − erf(z) at large z."""
    z, dtype = _prepare(xp, x)
    y = xp.abs(z)
    small = y <= 0.46875
    inner = 1 - z * _small(xp.where(small, z * z, 0.0))
    tail = _erfc_positive(xp, xp.where(small, 1.0, y))
    outer = xp.where(z < 0, 2 - tail, tail)
    out = xp.where(small, inner, outer)
    return xp.where(xp.isnan(z), z, out).astype(dtype, copy=False)


_ERFINV_A = (0.886226899, -1.645349621, 0.914624893, -0.140543331)
_ERFINV_B = (-2.118377725, 1.442710462, -0.329097515, 0.012229801)
_ERFINV_C = (-1.970840454, -1.624906493, 3.429567803, 1.641345311)
_ERFINV_D = (3.543889200, 1.637067800)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def erfinv(xp, y):
    """erf⁻¹(y) for y in [−1, 1] (±inf at ±1, nan outside), in `y`'s float dtype."""
    y, dtype = _prepare(xp, y)
    size = xp.abs(y)
    central = size <= 0.7
    a, b, c, d = _ERFINV_A, _ERFINV_B, _ERFINV_C, _ERFINV_D
    z = y * y
    inner = y * (((a[3] * z + a[2]) * z + a[1]) * z + a[0]) / (
        (((b[3] * z + b[2]) * z + b[1]) * z + b[0]) * z + 1.0)
    for _ in range(2):  # Newton's steps on erf(x) = y
        inner = inner - (erf(xp, inner) - y) / (_TWO_OVER_SQRT_PI * xp.exp(-inner * inner))
    # beyond 0.7, on erfc(x) = 1 − |y| (exact there): erf(x) − y would lose its digits
    tail = 1.0 - xp.where(central | (size >= 1), 0.5, size)
    w = xp.sqrt(-xp.log(tail / 2.0))
    outer = (((c[3] * w + c[2]) * w + c[1]) * w + c[0]) / ((d[1] * w + d[0]) * w + 1.0)
    for _ in range(3):
        outer = outer + (erfc(xp, outer) - tail) / (_TWO_OVER_SQRT_PI * xp.exp(-outer * outer))
    x = xp.where(central, inner, xp.copysign(outer, y))
    x = xp.where(size == 1, xp.copysign(xp.inf, y), x)
    return xp.where((size > 1) | xp.isnan(y), xp.nan, x).astype(dtype, copy=False)


SQRT_2_INV = 1 / math.sqrt(2)
SQRT_2PI_INV = 1 / math.sqrt(2 * math.pi)

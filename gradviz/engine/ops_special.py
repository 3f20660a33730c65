"""The registry rows of the special functions (``torch.special``, ``torch.lgamma``, …) and of
the other elementwise functions PyTorch gives a node of their own: ``hypot``, ``logaddexp``,
``frac``, ``copysign``, ``nextafter``, ``deg2rad``, ``logit``, … .

Their forwards are `engine.special_functions` (PyTorch's algorithms, in float64, the result
rounded to the input's dtype) and numpy's ufuncs; their VJPs are PyTorch's derivative
formulas (``∂ ln Γ = ψ``, ``∂ψ⁽ⁿ⁾ = ψ⁽ⁿ⁺¹⁾``, ``∂I₀ = I₁``, …).  The scalar view of each is
the default one, element by element.
"""

from __future__ import annotations

import math

import numpy as np

from gradviz.engine import printing
from gradviz.engine import special as cody
from gradviz.engine import special_functions as sp
from gradviz.engine.float32_kernels import rounded_once
from gradviz.engine.ops import defop, quiet
from gradviz.engine.value import Value

printing._BACKWARD_NAMES.update({
    "special_i0e": "SpecialI0E", "special_i1e": "SpecialI1E", "deg2rad": "Deg2Rad",
    "rad2deg": "Rad2Deg", "special_xlog1py": "SpecialXlog1Py", "copysign_scalar": "Copysign",
    "special_zeta_scalar": "SpecialZeta"})
# copysign(t, 2.0) and zeta(2.0, q): PyTorch's CopysignBackward1 and SpecialZetaBackward1
printing._OVERLOADS.update({"copysign_scalar": 1, "special_zeta_scalar": 1})

_SQRT_PI = math.sqrt(math.pi)
_SQRT_2PI = math.sqrt(2 * math.pi)
_EPS = 2.220446049250313e-16  # float64's machine epsilon


def _kernel(fn):
    """`fn` of a float64 copy, rounded back to the input's dtype."""
    return lambda xp, x: fn(xp, x).astype(x.dtype, copy=False)


def _i1_vjp(xp, g, out, x):
    tiny = xp.abs(x) <= _EPS
    safe = xp.where(tiny, _EPS, x)
    return g * xp.where(tiny, 0.5, sp.i0(xp, safe) - out / safe)


def _i1e_vjp(xp, g, out, x):
    tiny = xp.abs(x) <= _EPS
    safe = xp.where(tiny, _EPS, x)
    return g * xp.where(tiny, 0.5, sp.i0e(xp, safe) - out * (xp.sign(safe) + 1 / safe))


def _sinc_vjp(xp, g, out, x):
    product = math.pi * x
    safe = xp.where(x == 0, 1.0, x)
    slope = (product * xp.cos(product) - xp.sin(product)) / (math.pi * safe * safe)
    return g * xp.where(x == 0, 0.0, slope)


def _logit(xp, x, eps=None):
    if eps is not None:
        x = xp.clip(x, eps, 1 - eps)
    return xp.log(x / (1 - x))


def _logit_vjp(xp, g, out, x, eps=None):
    slope = g / (x * (1 - x))
    if eps is None:
        return slope
    return xp.where((x < eps) | (x > 1 - eps), 0.0, slope)


def _xlog1py(xp, a, b):
    return xp.where((a == 0) & ~xp.isnan(b), 0.0, a * xp.log1p(b))


def _xlog1py_vjp_a(xp, g, out, a, b):
    grad = xp.where(g == 0, 0.0, g * xp.log1p(b))
    return xp.where((a == 0) & (b <= -1), 0.0, grad)


def _copysign_vjp(xp, g, out, a, b):
    return g * xp.where(a == 0, 0.0, out / xp.where(a == 0, 1.0, a))


def _zero(xp, g, out, a, b):
    return xp.zeros(b.shape, dtype=g.dtype)


_DEG2RAD, _RAD2DEG = math.pi / 180, 180 / math.pi

defop("erfc", "erfc", quiet(lambda xp, x: cody.erfc(xp, x)),
      quiet(lambda xp, g, out, x: -2 / _SQRT_PI * xp.exp(-(x * x)) * g),
      formula="erfc(z) = 1 − erf(z)", derivatives=("∂/∂z = −(2/√π)·e^(−z²)",))
defop("expm1", "eᶻ−1", quiet(lambda xp, x: rounded_once(xp.expm1)(xp, x)),
      quiet(lambda xp, g, out, x: g * (out + 1)),
      formula="eᶻ − 1", derivatives=("∂/∂z = eᶻ",))
defop("lgamma", "ln Γ", quiet(_kernel(sp.lgamma)),
      quiet(lambda xp, g, out, x: g * sp.digamma(xp, x)),
      formula="ln |Γ(z)|", derivatives=("∂/∂z = ψ(z)",))
defop("digamma", "ψ", quiet(_kernel(sp.digamma)),
      quiet(lambda xp, g, out, x: g * sp.trigamma(xp, x)),
      formula="ψ(z) = Γ′(z)/Γ(z)", derivatives=("∂/∂z = ψ⁽¹⁾(z)",))
defop("polygamma", "ψ⁽ⁿ⁾", quiet(lambda xp, x, n=1: sp.polygamma(xp, n, x).astype(x.dtype)),
      quiet(lambda xp, g, out, x, n=1: g * sp.polygamma(xp, n + 1, x)),
      formula="ψ⁽ⁿ⁾(z)", derivatives=("∂/∂z = ψ⁽ⁿ⁺¹⁾(z)",), n=1)
defop("i0", "I₀", quiet(_kernel(sp.i0)), quiet(lambda xp, g, out, x: g * sp.i1(xp, x)),
      formula="I₀(z)", derivatives=("∂/∂z = I₁(z)",))
defop("special_i0e", "e⁻ᶻI₀", quiet(_kernel(sp.i0e)),
      quiet(lambda xp, g, out, x: g * (sp.i1e(xp, x) - xp.sign(x) * out)),
      formula="e^(−|z|)·I₀(z)", derivatives=("∂/∂z = e^(−|z|)·(I₁(z) − sign(z)·I₀(z))",))
defop("special_i1", "I₁", quiet(_kernel(sp.i1)), quiet(_i1_vjp),
      formula="I₁(z)", derivatives=("∂/∂z = I₀(z) − I₁(z)/z",))
defop("special_i1e", "e⁻ᶻI₁", quiet(_kernel(sp.i1e)), quiet(_i1e_vjp),
      formula="e^(−|z|)·I₁(z)",
      derivatives=("∂/∂z = e^(−|z|)·(I₀(z) − I₁(z)·(sign(z) + 1/z))",))
defop("sinc", "sinc", quiet(_kernel(sp.sinc)), quiet(_sinc_vjp),
      formula="sinc(z) = sin(πz)/(πz)", derivatives=("∂/∂z = (cos(πz) − sinc(z))/z",))
defop("special_entr", "entr", quiet(_kernel(sp.entr)),
      quiet(lambda xp, g, out, x: g * -(1 + xp.log(x))),
      formula="−z ln z", derivatives=("∂/∂z = −(1 + ln z)",))
defop("special_ndtri", "Φ⁻¹", quiet(_kernel(sp.ndtri)),
      quiet(lambda xp, g, out, x: g * _SQRT_2PI * xp.exp(out * out / 2)),
      formula="Φ⁻¹(p)", derivatives=("∂/∂p = √(2π)·e^(Φ⁻¹(p)²/2)",))
defop("special_log_ndtr", "ln Φ", quiet(_kernel(sp.log_ndtr)),
      quiet(lambda xp, g, out, x: g / _SQRT_2PI * xp.exp(-(out + x * x / 2))),
      formula="ln Φ(z)", derivatives=("∂/∂z = e^(−z²/2)/(√(2π)·Φ(z))",))
defop("special_erfcx", "erfcx", quiet(_kernel(sp.erfcx)),
      quiet(lambda xp, g, out, x: (2 * x * out - 2 / _SQRT_PI) * g),
      formula="y = e^(z²)·erfc(z)", derivatives=("∂/∂z = 2z·y − 2/√π",))
defop("logit", "logit", quiet(_logit), quiet(_logit_vjp),
      formula="ln(z/(1 − z))", derivatives=("∂/∂z = 1/(z(1 − z))",), eps=None)
defop("deg2rad", "rad", lambda xp, x: x * _DEG2RAD, lambda xp, g, out, x: g * _DEG2RAD,
      formula="z·π/180", derivatives=("∂/∂z = π/180",))
defop("rad2deg", "deg", lambda xp, x: x * _RAD2DEG, lambda xp, g, out, x: g * _RAD2DEG,
      formula="z·180/π", derivatives=("∂/∂z = 180/π",))
defop("frac", "frac", quiet(lambda xp, x: x - xp.trunc(x)), lambda xp, g, out, x: g,
      formula="z − trunc(z)", derivatives=("∂/∂z = 1",))

# ── two inputs, broadcast ────────────────────────────────────────────────────────────────
defop("hypot", "hypot", lambda xp, a, b: xp.hypot(a, b),
      quiet(lambda xp, g, out, a, b: g * a / out), quiet(lambda xp, g, out, a, b: g * b / out),
      formula="√(a² + b²)", derivatives=("∂/∂a = a/√(a² + b²)", "∂/∂b = b/√(a² + b²)"),
      broadcasts=True)
defop("logaddexp", "lse", lambda xp, a, b: xp.logaddexp(a, b),
      quiet(lambda xp, g, out, a, b: g / (1 + xp.exp(b - a))),
      quiet(lambda xp, g, out, a, b: g / (1 + xp.exp(a - b))),
      formula="ln(eᵃ + eᵇ)", derivatives=("∂/∂a = σ(a − b)", "∂/∂b = σ(b − a)"),
      broadcasts=True)
defop("logaddexp2", "lse₂", lambda xp, a, b: xp.logaddexp2(a, b),
      quiet(lambda xp, g, out, a, b: g / (1 + 2.0 ** (b - a))),
      quiet(lambda xp, g, out, a, b: g / (1 + 2.0 ** (a - b))),
      formula="log₂(2ᵃ + 2ᵇ)", derivatives=("∂/∂a = 1/(1 + 2^(b − a))",
                                            "∂/∂b = 1/(1 + 2^(a − b))"),
      broadcasts=True)
defop("copysign", "copysign", lambda xp, a, b: xp.copysign(a, b), quiet(_copysign_vjp), _zero,
      formula="|a|·sign(b)", derivatives=("∂/∂a = sign(a)·sign(b)", "∂/∂b = 0"),
      broadcasts=True)
defop("copysign_scalar", "copysign", lambda xp, a, b: xp.copysign(a, b), quiet(_copysign_vjp),
      _zero, formula="|a|·sign(b)", derivatives=("∂/∂a = sign(a)·sign(b)", "∂/∂b = 0"),
      broadcasts=True)
defop("nextafter", "nextafter", lambda xp, a, b: xp.nextafter(a, b),
      lambda xp, g, out, a, b: g, _zero,
      formula="nextafter(a, b)", derivatives=("∂/∂a = 1", "∂/∂b = 0"), broadcasts=True)
defop("special_xlog1py", "xlog1py", quiet(_xlog1py), quiet(_xlog1py_vjp_a),
      quiet(lambda xp, g, out, a, b: g * a / (b + 1)),
      formula="a · ln(1 + b)", derivatives=("∂/∂a = ln(1 + b)", "∂/∂b = a/(1 + b)"),
      broadcasts=True)


# ── the Hurwitz zeta (no derivative in x, as PyTorch's) and the multivariate ln Γ ─────────
def _zeta_vjp_x(xp, g, out, x, q):
    raise NotImplementedError("the derivative for 'zeta' is not implemented.")


def _zeta_vjp_q(xp, g, out, x, q):
    return g * -x * sp.zeta(xp, x + 1, q)


def _zeta_scalars(name: str):
    """The scalar view: each element a `Value` whose one input is q (x has no derivative)."""
    def expand(xs, qs):
        def one(x, q):
            x, qn = (float(v.data) if isinstance(v, Value) else float(v) for v in (x, q))
            out = float(sp.zeta(np, x, qn))
            if not isinstance(q, Value):
                return Value(out)
            return Value(out, (q,), name, _local=(float(-x * sp.zeta(np, x + 1, qn)),))

        return np.frompyfunc(one, 2, 1)(xs, qs)

    return expand


for _row in ("special_zeta", "special_zeta_scalar"):
    defop(_row, "ζ", quiet(lambda xp, x, q: sp.zeta(xp, x, q).astype(q.dtype)), _zeta_vjp_x,
          quiet(_zeta_vjp_q), formula="ζ(x, q) = Σₖ (k + q)⁻ˣ",
          derivatives=("∂/∂x: —", "∂/∂q = −x·ζ(x + 1, q)"), broadcasts=True,
          scalar=quiet(_zeta_scalars(_row)))
del _row


def _mvlgamma_args(xp, a, p):
    return a[..., None] - xp.arange(p, dtype=a.dtype) / 2  # a, a − ½, …, a − (p − 1)/2


defop("mvlgamma", "ln Γₚ",
      quiet(lambda xp, a, p=1: (sp.lgamma(xp, _mvlgamma_args(xp, a, p)).sum(-1)
                                + p * (p - 1) * math.log(math.pi) / 4).astype(a.dtype)),
      quiet(lambda xp, g, out, a, p=1: g * sp.digamma(xp, _mvlgamma_args(xp, a, p)).sum(-1)),
      formula="ln Γₚ(a) = p(p − 1)/4 · ln π + Σⱼ ln Γ(a − j/2)",
      derivatives=("∂/∂a = Σⱼ ψ(a − j/2)",), p=1)

"""Registry rows for the rest of the trigonometric family: tan, the hyperbolic functions and
their inverses, and the two-argument arctangent atan2(a, b) (eᶻ − 1 is in `ops_special`).

Each is one node, as in PyTorch (``TanBackward0``, ``SinhBackward0``, ``Atan2Backward0``, …),
with PyTorch's derivative formulas (``derivatives.yaml``): tan's reads the result,
the others the input.  Float32 values are computed in float64 and rounded once, as ``sin`` and
``atan`` are (`float32_kernels.rounded_once`): PyTorch's float32 kernels are (almost) correctly
rounded.  `ops` imports this module at its end.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import saved_versions
from gradviz.engine.float32_kernels import rounded_once
from gradviz.engine.ops import defop, quiet


def _atan2(xp, a, b):
    """atan2(a, b), the angle of the point (b, a); two float32 inputs give a float32 rounded
    once from the float64 angle."""
    if a.dtype == np.float32 and b.dtype == np.float32:
        return xp.arctan2(a.astype(np.float64), b.astype(np.float64)).astype(np.float32)
    return xp.arctan2(a, b)


def _atan2_vjps():
    # PyTorch's atan2_backward: 1/(a² + b²) once, then b·G·r for a and −a·G·r for b.
    def vjp_a(xp, g, out, a, b):
        return g * b * (1 / (a * a + b * b))

    def vjp_b(xp, g, out, a, b):
        return g * -a * (1 / (a * a + b * b))

    return quiet(vjp_a), quiet(vjp_b)


defop("tan", "tan", quiet(lambda xp, x: rounded_once(xp.tan)(xp, x)),
      lambda xp, g, out, x: g * (1 + out * out),
      formula="tan z", derivatives=("∂/∂z = 1 + tan² z",))
defop("sinh", "sinh", quiet(lambda xp, x: rounded_once(xp.sinh)(xp, x)),
      quiet(lambda xp, g, out, x: g * rounded_once(xp.cosh)(xp, x)),
      formula="sinh z = (eᶻ − e⁻ᶻ)/2", derivatives=("∂/∂z = cosh z",))
defop("cosh", "cosh", quiet(lambda xp, x: rounded_once(xp.cosh)(xp, x)),
      quiet(lambda xp, g, out, x: g * rounded_once(xp.sinh)(xp, x)),
      formula="cosh z = (eᶻ + e⁻ᶻ)/2", derivatives=("∂/∂z = sinh z",))
defop("asinh", "asinh", quiet(lambda xp, x: rounded_once(xp.arcsinh)(xp, x)),
      quiet(lambda xp, g, out, x: g / xp.sqrt(x * x + 1)),
      formula="asinh z = ln(z + √(z² + 1))", derivatives=("∂/∂z = 1/√(z² + 1)",))
defop("acosh", "acosh", quiet(lambda xp, x: rounded_once(xp.arccosh)(xp, x)),
      quiet(lambda xp, g, out, x: g / xp.sqrt(x * x - 1)),
      formula="acosh z = ln(z + √(z² − 1))", derivatives=("∂/∂z = 1/√(z² − 1)",))
defop("atanh", "atanh", quiet(lambda xp, x: rounded_once(xp.arctanh)(xp, x)),
      quiet(lambda xp, g, out, x: g / (1 - x * x)),
      formula="atanh z = ½ ln((1 + z)/(1 − z))", derivatives=("∂/∂z = 1/(1 − z²)",))
defop("atan2", "atan2", quiet(_atan2), *_atan2_vjps(),
      formula="atan2(a, b)", derivatives=("∂/∂a = b/(a² + b²)", "∂/∂b = −a/(a² + b²)"),
      broadcasts=True)

# What each row keeps for its gradient, as PyTorch's (a change in place since is refused).
saved_versions.SAVED_RESULT.update({"tan", "expm1"})  # expm1: `ops_special`'s row
_INPUT, _BOTH = saved_versions.SAVED_INPUTS["sin"], saved_versions.SAVED_INPUTS["pow"]
saved_versions.SAVED_INPUTS.update({
    **dict.fromkeys(("sinh", "cosh", "asinh", "acosh", "atanh"), _INPUT), "atan2": _BOTH})

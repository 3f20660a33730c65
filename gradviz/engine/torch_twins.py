"""`torch.clone(t)`, `torch.narrow(t, …)`, `torch.floor_(t)`…: the `torch.*` functions that are
a Tensor method called on their first argument, made here in one loop each.

`METHOD_TWINS` are the functions (``torch.narrow(x, 0, 1, 2)`` is ``x.narrow(0, 1, 2)``);
`INPLACE_TWINS` the in-place ones (``torch.floor_(x)`` is ``x.floor_()``, x changed and
returned).  A name is exported only where gradviz's Tensor has the method, so every exported
function is the method itself: the same numbers, gradients, errors and version counts.
"""

from __future__ import annotations

from gradviz.engine.tensor import Tensor

METHOD_TWINS = (
    "clone", "detach", "narrow", "movedim", "moveaxis", "ger",
    "take", "gcd", "lcm", "ldexp", "frexp", "isneginf", "isposinf", "isreal",
    "is_nonzero", "is_same_size", "is_signed", "histogram",
)

INPLACE_TWINS = (
    "acos_", "asin_", "atan_", "ceil_", "floor_", "round_", "trunc_", "fix_", "frac_",
    "erf_", "erfc_", "exp2_", "expm1_", "log10_", "log1p_", "log2_", "rsqrt_", "sinh_",
    "cosh_", "tan_", "sinc_", "deg2rad_", "rad2deg_", "logit_", "i0_", "nan_to_num_",
    "clamp_min_", "clamp_max_", "negative_", "xlogy_", "gcd_", "lcm_", "ldexp_",
)


def method_twin(name: str):
    """``torch.<name>(input, …)``: ``input.<name>(…)``."""

    def function(input, *args, **kwargs):  # noqa: A002 - PyTorch's name
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                            f"{type(input).__name__}")
        return getattr(input, name)(*args, **kwargs)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"``torch.{name}(x, …)``: ``x.{name}(…)``."
    return function


def twins() -> dict:
    """Every twin whose method gradviz's Tensor has, by name."""
    return {name: method_twin(name) for name in (*METHOD_TWINS, *INPLACE_TWINS)
            if hasattr(Tensor, name)}

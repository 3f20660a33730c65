"""The special and elementwise functions of ``torch`` and ``torch.special``: ``erfinv``,
``lgamma``, ``digamma``, ``polygamma``, ``i0``, ``sinc``, ``hypot``, ``logaddexp``, ``frac``,
``copysign``, ``nextafter``, ``float_power``, ``deg2rad``, …, and ``torch.special``'s names
for them and for the normal distribution's (``ndtr``, ``ndtri``, ``log_ndtr``), with PyTorch's
result dtypes and errors.  Each differentiable one is a row of `engine.ops_special` (or, as in
PyTorch, a composite: ``ndtr`` is ½(1 + erf(z/√2)), ``float_power`` a float64 ``pow``);
``heaviside`` and ``signbit`` are data (PyTorch has no derivative for them).
"""

from __future__ import annotations

import math

import numpy as np

from gradviz.engine import (
    creation,
    ops_special,  # noqa: F401 - registers the rows
)
from gradviz.engine import dtypes as dt
from gradviz.engine.autograd import apply
from gradviz.engine.keywords import take_torch_keywords
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_shape import torch_type_name

_t = creation.as_tensor


def _floating(x) -> Tensor:
    """A float tensor: integers and bools become the default float, as PyTorch promotes."""
    x = _t(x)
    return x if x._data.dtype.kind == "f" else x.to(dt.get_default_dtype())


def _float_only(name: str, *tensors: Tensor) -> None:
    for t in tensors:
        if t._data.dtype.kind != "f":
            raise NotImplementedError(f'"{name}_cpu" not implemented for '
                                      f"'{torch_type_name(t.dtype)}'")


def _other_tensor(name: str, other) -> Tensor:
    if not hasattr(other, "_data"):
        raise TypeError(f"{name}(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other).__name__}")
    return other


# ── one input ────────────────────────────────────────────────────────────────────────────
def _unary(row: str):
    def function(input) -> Tensor:  # noqa: A002
        return apply(row, _floating(input))

    return function


erfc = _unary("erfc")
erfinv = _unary("erfinv")
expm1 = _unary("expm1")
lgamma = _unary("lgamma")
digamma = _unary("digamma")
i0 = _unary("i0")
sinc = _unary("sinc")
deg2rad = _unary("deg2rad")
rad2deg = _unary("rad2deg")
for _name, _fn in list(globals().items()):
    if getattr(_fn, "__name__", "") == "function":
        _fn.__name__ = _fn.__qualname__ = _name
        _fn.__doc__ = f"``torch.{_name}(input)``, elementwise (integers as the default float)."
del _name, _fn


def polygamma(n: int, input) -> Tensor:  # noqa: A002
    """ψ⁽ⁿ⁾(input), the n-th derivative of the digamma function (n = 0: ψ itself)."""
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"polygamma(): argument 'n' (position 1) must be int, not "
                        f"{type(n).__name__}")
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return apply("polygamma", _floating(input), n=n)


def frac(input) -> Tensor:  # noqa: A002
    """input − trunc(input): the fractional part, with input's sign."""
    x = _t(input)
    _float_only("frac", x)
    return apply("frac", x)


def logit(input, eps=None) -> Tensor:  # noqa: A002
    """ln(p / (1 − p)); with `eps`, p first clamped to [eps, 1 − eps] (gradient 0 outside)."""
    return apply("logit", _floating(input), eps=None if eps is None else float(eps))


def signbit(input) -> Tensor:  # noqa: A002
    """Whether each element's sign bit is set (−0.0 included): a bool tensor."""
    x = _t(input)
    data = x._data
    return Tensor._wrap(np.signbit(data) if data.dtype.kind == "f" else data < 0)


def heaviside(input, values) -> Tensor:  # noqa: A002
    """The step function: 0 below 0, 1 above, `values` at 0 (no gradient, as PyTorch's)."""
    x = _t(input)
    if not hasattr(values, "_data"):
        raise TypeError(f"heaviside(): argument 'values' (position 2) must be Tensor, not "
                        f"{type(values).__name__}")
    if values.dtype is not x.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    data, at_zero = x._data, values._data
    out = np.where(data == 0, at_zero, (data > 0).astype(data.dtype))
    return Tensor._wrap(np.asarray(out, dtype=data.dtype))


# ── two inputs ───────────────────────────────────────────────────────────────────────────
def hypot(input, other) -> Tensor:  # noqa: A002
    """√(input² + other²), broadcast."""
    a, b = _t(input), _other_tensor("hypot", other)
    _float_only("hypot", a, b)
    return apply("hypot", a, b)


def logaddexp(input, other) -> Tensor:  # noqa: A002
    """ln(eᵃ + eᵇ), without overflow."""
    a, b = _t(input), _other_tensor("logaddexp", other)
    _float_only("logaddexp", a, b)
    return apply("logaddexp", a, b)


def logaddexp2(input, other) -> Tensor:  # noqa: A002
    """log₂(2ᵃ + 2ᵇ), without overflow."""
    a, b = _t(input), _other_tensor("logaddexp2", other)
    _float_only("logaddexp2", a, b)
    return apply("logaddexp2", a, b)


def copysign(input, other) -> Tensor:  # noqa: A002
    """|input| with the sign of `other` (a tensor, or a number: node ``CopysignBackward1``)."""
    a = _floating(input)
    if hasattr(other, "_data"):
        return apply("copysign", a, _floating(other))
    return apply("copysign_scalar", a, creation.tensor(float(other), dtype=a.dtype))


def nextafter(input, other) -> Tensor:  # noqa: A002
    """The next floating-point number after input toward other (gradient 1 for input)."""
    a, b = _t(input), _other_tensor("nextafter", other)
    _float_only("nextafter", a, b)
    return apply("nextafter", a, b)


def float_power(input, exponent) -> Tensor:  # noqa: A002
    """input ** exponent in float64, whatever the inputs' dtypes (PyTorch's pow of doubles)."""
    def double(x):
        if hasattr(x, "_data"):
            return x if x.dtype is dt.float64 else x.to(dt.float64)
        return float(x)

    base, power = double(input), double(exponent)
    if not hasattr(base, "_data"):
        return base ** power
    return base.pow(power)


def xlog1py(input, other) -> Tensor:  # noqa: A002
    """input · ln(1 + other), 0 where input is 0 (``torch.special.xlog1py``)."""
    a = _floating(input) if hasattr(input, "_data") else None
    b = _floating(other) if hasattr(other, "_data") else None
    if a is None:
        a = creation.tensor(float(input), dtype=b.dtype)
    if b is None:
        b = creation.tensor(float(other), dtype=a.dtype)
    return apply("special_xlog1py", a, b)


# ── torch.special's own ──────────────────────────────────────────────────────────────────
def ndtr(input) -> Tensor:  # noqa: A002
    """Φ(z) = ½(1 + erf(z/√2)), the standard normal's CDF (as PyTorch: a composite)."""
    x = _floating(input)
    return (1 + (x * (1 / math.sqrt(2))).erf()) * 0.5


def _special_unary(row: str, name: str):
    def function(input) -> Tensor:  # noqa: A002
        return apply(row, _floating(input))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"``torch.special.{name}(input)``, elementwise."
    return function


ndtri = _special_unary("special_ndtri", "ndtri")
log_ndtr = _special_unary("special_log_ndtr", "log_ndtr")
entr = _special_unary("special_entr", "entr")
erfcx = _special_unary("special_erfcx", "erfcx")
i0e = _special_unary("special_i0e", "i0e")
i1 = _special_unary("special_i1", "i1")
i1e = _special_unary("special_i1e", "i1e")


def expit(input) -> Tensor:  # noqa: A002
    """σ(z) = 1/(1 + e⁻ᶻ) (``torch.special.expit``: the sigmoid)."""
    return _t(input).sigmoid()


def special_softmax(input, dim, *, dtype=None) -> Tensor:  # noqa: A002
    """``torch.special.softmax``: softmax along `dim` (in `dtype`, where given)."""
    from gradviz.engine import functional as F  # noqa: N812

    return F.softmax(input, dim, dtype=dtype)


def special_log_softmax(input, dim, *, dtype=None) -> Tensor:  # noqa: A002
    """``torch.special.log_softmax``: log-softmax along `dim` (in `dtype`, where given)."""
    from gradviz.engine import functional as F  # noqa: N812

    return F.log_softmax(input, dim, dtype=dtype)


def special_round(input) -> Tensor:  # noqa: A002
    """``torch.special.round``: `torch.round`."""
    return _t(input).round()


def zeta(input, other) -> Tensor:  # noqa: A002
    """The Hurwitz zeta ζ(input, other) = Σₖ (k + other)⁻ⁱⁿᵖᵘᵗ (ζ(x, 1) is Riemann's); its
    gradient flows to `other` only (PyTorch has no derivative in the exponent)."""
    if not hasattr(input, "_data"):
        q = _floating(other)
        return apply("special_zeta_scalar", creation.tensor(float(input), dtype=q.dtype), q)
    x = _floating(input)
    q = _floating(other) if hasattr(other, "_data") else creation.tensor(float(other),
                                                                        dtype=x.dtype)
    return apply("special_zeta", x, q)


def mvlgamma(input, p: int) -> Tensor:  # noqa: A002
    """ln Γₚ(a), the multivariate log-gamma of dimension `p` (``torch.special.multigammaln``)."""
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    return apply("mvlgamma", _floating(input), p=int(p))


def special_names() -> dict:
    """``torch.special``'s names: these functions and PyTorch's aliases of existing ones."""
    from gradviz.engine.functional_divergence import xlogy
    from gradviz.engine.math_functions import erf, exp2, log1p, logsumexp

    return dict(erf=erf, erfc=erfc, erfcx=erfcx, erfinv=erfinv, expit=expit, logit=logit,
                xlogy=xlogy, xlog1py=xlog1py, gammaln=lgamma, digamma=digamma, psi=digamma,
                polygamma=polygamma, i0=i0, i0e=i0e, i1=i1, i1e=i1e, sinc=sinc,
                log_softmax=special_log_softmax, softmax=special_softmax, logsumexp=logsumexp,
                entr=entr, ndtr=ndtr, ndtri=ndtri, log_ndtr=log_ndtr, expm1=expm1, exp2=exp2,
                log1p=log1p, round=special_round, zeta=zeta, multigammaln=mvlgamma)


# ``out=``, ``input=`` and ``other=``: `engine.keywords`.
take_torch_keywords(globals())

__all__ = ["copysign", "deg2rad", "digamma", "entr", "erfc", "erfcx", "erfinv", "expm1",
           "float_power", "frac", "heaviside", "hypot", "i0", "i0e", "i1", "i1e", "lgamma",
           "log_ndtr", "logaddexp", "logaddexp2", "logit", "mvlgamma", "ndtr", "ndtri", "nextafter",
           "polygamma", "rad2deg", "signbit", "sinc", "xlog1py", "zeta"]

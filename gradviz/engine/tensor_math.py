"""`Tensor`'s math methods beyond the operators: statistics, norms, comparisons, activations
and rounding, with PyTorch's names, defaults and errors.

A mixin that `Tensor` inherits.  The activations are registry ops; the statistics are
composites of registry ops, so the graph shows their steps (``var`` as mean, −, ², Σ, /);
``norm``, ``logsumexp``, ``amax``, ``cumsum``, ``prod``, ``cumprod``, the rounding steps, floor
division and the remainders, ``erf`` are registry ops of their own (see `ops_arrays`).
"""

from __future__ import annotations

import builtins
import math
import operator
import warnings
from typing import TYPE_CHECKING

from gradviz.engine import dtypes as dt
from gradviz.engine.autograd import apply
from gradviz.engine.backend import array_module
from gradviz.engine.printing import named_node
from gradviz.engine.tensor_shape import torch_type_name, wrap, wrap_dim

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor


def _dims(t: Tensor, dim) -> int | tuple[int, ...] | None:
    """A reduction's dims checked and made non-negative; None (or ()) means every dim."""
    if dim is None or t.dim() == 0:
        return None
    if isinstance(dim, builtins.int):
        return wrap_dim(dim, t.dim())
    dims = tuple(wrap_dim(d, t.dim()) for d in dim)
    return dims or None


def _reduced_count(t: Tensor, dims) -> builtins.int:
    if dims is None:
        return t.numel()
    dims = (dims,) if isinstance(dims, builtins.int) else dims
    return math.prod(t.shape[d] for d in dims)


def _need_float(t: Tensor, message: str) -> None:
    if t._data.dtype.kind not in "fc":
        raise RuntimeError(message.format(name=torch_type_name(t.dtype)))


class MathMethods:
    __slots__ = ()

    # ── statistics ───────────────────────────────────────────────────────────────────────
    def mean(self, dim=None, keepdim: bool = False) -> Tensor:
        if self._data.dtype.kind not in "fc":
            raise RuntimeError(
                "mean(): could not infer output dtype. Input dtype must be either a floating "
                f"point or complex dtype. Got: {torch_type_name(self.dtype)}")
        return apply("mean", self, dim=dim, keepdim=keepdim)

    def var(self, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> Tensor:
        """Σ (z − mean)² / (n − correction); correction 1 (Bessel's) unless told otherwise."""
        if isinstance(dim, builtins.bool):  # var(False): the old var(unbiased) form
            dim, unbiased = None, dim
        _need_float(self, "std and var only support floating point and complex dtypes")
        if correction is None:
            correction = 0 if unbiased is False else 1
        dims = _dims(self, dim)
        dof = _reduced_count(self, dims) - correction
        if dof <= 0:
            warnings.warn("var(): degrees of freedom is <= 0. Correction should be strictly less "
                          "than the reduction factor (input numel divided by output numel).",
                          UserWarning, stacklevel=3)
        return apply("var", self, dim=dims, keepdim=keepdim, correction=correction)

    def std(self, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> Tensor:
        """√var: the same arguments as `var`, one node (``StdBackward0``) as in PyTorch."""
        if isinstance(dim, builtins.bool):
            dim, unbiased = None, dim
        _need_float(self, "std and var only support floating point and complex dtypes")
        if correction is None:
            correction = 0 if unbiased is False else 1
        dims = _dims(self, dim)
        if _reduced_count(self, dims) - correction <= 0:
            warnings.warn("std(): degrees of freedom is <= 0. Correction should be strictly less "
                          "than the reduction factor (input numel divided by output numel).",
                          UserWarning, stacklevel=3)
        return apply("std", self, dim=dims, keepdim=keepdim, correction=correction)

    def norm(self, p="fro", dim=None, keepdim: bool = False, dtype=None) -> Tensor:
        """‖z‖_p over `dim` (every element by default): p = 2 ('fro'), 1, inf, −inf, 0 or any."""
        _need_float(self, "linalg.vector_norm: Expected a floating point or complex tensor as "
                          "input. Got {name}")
        x = self if dtype is None else self.to(dtype)
        dims = _dims(self, dim)
        if p in ("fro", 2, 2.0, None):
            return apply("norm", x, dim=dims, keepdim=keepdim)
        if p == "nuc":
            raise NotImplementedError("norm(p='nuc'): the nuclear norm is not available")
        if p == 1:
            return x.abs().sum(dims, keepdim)
        if p == math.inf:
            return x.abs().amax(dims, keepdim)
        if p == -math.inf:
            return x.abs().amin(dims, keepdim)
        if p == 0:  # the count of nonzeros: Σ sign|z|, whose gradient is 0, as PyTorch's
            return apply("sign", x.abs()).sum(dims, keepdim)
        return (x.abs() ** p).sum(dims, keepdim) ** (1 / p)

    def logsumexp(self, dim, keepdim: bool = False) -> Tensor:
        """ln Σ e^z along `dim`, computed without overflow (shifted by the maximum)."""
        return apply("logsumexp", self, dim=_dims(self, dim), keepdim=keepdim)

    def amax(self, dim=(), keepdim: bool = False) -> Tensor:
        return apply("amax", self, dim=_dims(self, dim), keepdim=keepdim)

    def amin(self, dim=(), keepdim: bool = False) -> Tensor:
        return apply("amin", self, dim=_dims(self, dim), keepdim=keepdim)

    def prod(self, dim=None, keepdim: bool = False, dtype=None) -> Tensor:
        """Π z over `dim` (one dim, or every element); integers multiply as int64."""
        x = self if dtype is None else self.to(dtype)
        if dim is not None and not isinstance(dim, builtins.int):
            raise TypeError(f"prod(): argument 'dim' must be int, not {type(dim).__name__}")
        dim = None if dim is None or not self.dim() else wrap_dim(dim, self.dim())
        return apply("prod", _wide_integers(x), dim=dim, keepdim=keepdim)

    def cumprod(self, dim: int, dtype=None) -> Tensor:
        x = _wide_integers(self if dtype is None else self.to(dtype))
        if not self.dim():
            return x.reshape(1).cumprod(0).reshape(())
        return apply("cumprod", x, dim=wrap_dim(dim, self.dim()))

    def cumsum(self, dim: int, dtype=None) -> Tensor:
        x = self if dtype is None else self.to(dtype)
        if not self.dim():
            return x.reshape(1).cumsum(0).reshape(())
        return apply("cumsum", x, dim=wrap_dim(dim, self.dim()))

    # ── comparisons and tests (data: no gradient) ────────────────────────────────────────
    def eq(self, other) -> Tensor:
        return self._compare(other, operator.eq)

    def ne(self, other) -> Tensor:
        return self._compare(other, operator.ne)

    def lt(self, other) -> Tensor:
        return self._compare(other, operator.lt)

    def le(self, other) -> Tensor:
        return self._compare(other, operator.le)

    def gt(self, other) -> Tensor:
        return self._compare(other, operator.gt)

    def ge(self, other) -> Tensor:
        return self._compare(other, operator.ge)

    def any(self, dim=None, keepdim: bool = False) -> Tensor:
        return wrap(self._data.any(axis=_dims(self, dim), keepdims=keepdim))

    def all(self, dim=None, keepdim: bool = False) -> Tensor:
        return wrap(self._data.all(axis=_dims(self, dim), keepdims=keepdim))

    def isnan(self) -> Tensor:
        return wrap(array_module(self._data).isnan(self._data))

    def isinf(self) -> Tensor:
        return wrap(array_module(self._data).isinf(self._data))

    def isfinite(self) -> Tensor:
        return wrap(array_module(self._data).isfinite(self._data))

    def equal(self, other: Tensor) -> builtins.bool:
        """True when the shapes and every element are the same."""
        return self.shape == other.shape and builtins.bool((self._data == other._data).all())

    def isclose(self, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
                equal_nan: builtins.bool = False) -> Tensor:
        """|a − b| ≤ atol + rtol·|b| elementwise (True where both are the same infinity)."""
        if not hasattr(other, "_data"):
            raise TypeError("isclose(): argument 'other' (position 2) must be Tensor, not "
                            f"{type(other).__name__}")
        if self.dtype is not other.dtype:
            raise RuntimeError(f"{torch_type_name(self.dtype)} did not match "
                               f"{torch_type_name(other.dtype)}")
        for name, tol in (("rtol", rtol), ("atol", atol)):
            if tol < 0:
                raise RuntimeError(f"{name} must be greater than or equal to zero, but got {tol}")
        xp = array_module(self._data)
        return wrap(xp.isclose(self._data, other._data, rtol, atol, equal_nan))

    def nonzero(self, *, as_tuple: builtins.bool = False):
        """The indices of the nonzero elements: one row each (N, ndim), or a tuple of columns."""
        xp = array_module(self._data)
        if as_tuple:
            data = self._data if self.dim() else self._data.reshape(1)
            return tuple(wrap(i.astype("int64", copy=False)) for i in xp.nonzero(data))
        return wrap(xp.argwhere(self._data).astype("int64", copy=False))

    def argwhere(self) -> Tensor:
        return self.nonzero()

    def allclose(self, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
                 equal_nan: builtins.bool = False) -> builtins.bool:
        xp = array_module(self._data)
        return builtins.bool(xp.allclose(self._data, other._data, rtol, atol, equal_nan))

    def nan_to_num(self, nan: float = 0.0, posinf=None, neginf=None) -> Tensor:
        """nan → `nan`, ±inf → `posinf`/`neginf` (the dtype's extremes); gradient 1 elsewhere."""
        if self._data.dtype.kind != "f":
            return self.clone()
        xp = array_module(self._data)
        fixed = xp.nan_to_num(self._data, nan=nan, posinf=posinf, neginf=neginf)
        kept = apply("where", wrap(xp.isfinite(self._data)), self, wrap(fixed))
        return named_node(kept, "NanToNumBackward0", self)

    # ── elementwise ──────────────────────────────────────────────────────────────────────
    def exp(self) -> Tensor:
        return apply("exp", self)

    def log(self) -> Tensor:
        return apply("log", self)

    def log1p(self) -> Tensor:
        return apply("log1p", self)

    def sqrt(self) -> Tensor:
        return apply("sqrt", self)

    def abs(self) -> Tensor:
        return apply("abs", self)

    def tanh(self) -> Tensor:
        return apply("tanh", self)

    def sin(self) -> Tensor:
        return apply("sin", self)

    def cos(self) -> Tensor:
        return apply("cos", self)

    def asin(self) -> Tensor:
        return apply("asin", self)

    def acos(self) -> Tensor:
        return apply("acos", self)

    def atan(self) -> Tensor:
        return apply("atan", self)

    arcsin, arccos, arctan = asin, acos, atan

    def sigmoid(self) -> Tensor:
        return apply("sigmoid", self)

    def relu(self) -> Tensor:
        return apply("relu", self)

    def softmax(self, dim: int) -> Tensor:
        return apply("softmax", self, dim=dim)

    def log_softmax(self, dim: int) -> Tensor:
        return apply("log_softmax", self, dim=dim)

    def clamp(self, min=None, max=None) -> Tensor:  # noqa: A002 - PyTorch's names
        if hasattr(min, "_data") or hasattr(max, "_data"):  # bounds that are tensors
            from gradviz.engine.tensor_arith import clamp_between

            return clamp_between(self, min, max)
        return apply("clamp", self, min=min, max=max)

    clip = clamp

    def pow(self, exponent) -> Tensor:
        return self**exponent

    def add(self, other, *, alpha=1) -> Tensor:
        return self + (other if alpha == 1 else other * alpha)

    def sub(self, other, *, alpha=1) -> Tensor:
        return self - (other if alpha == 1 else other * alpha)

    subtract = sub

    def mul(self, other) -> Tensor:
        return self * other

    multiply = mul

    def div(self, other, *, rounding_mode: str | None = None) -> Tensor:
        """a / b; rounding_mode 'floor' is a // b, 'trunc' rounds the quotient toward 0."""
        if rounding_mode is None:
            return self / other
        if rounding_mode == "floor":
            return self.floor_divide(other)
        if rounding_mode != "trunc":
            raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or "
                               f"'floor' but found '{rounding_mode}'")
        other = self._coerce(other)
        if self._data.dtype.kind in "biu" and other._data.dtype.kind in "biu":
            floor = self.floor_divide(other)  # integers: ⌊a/b⌋, one up where it rounded down
            inexact = (self.fmod(other)._data != 0) & (floor._data < 0)
            return wrap(floor._data + inexact.astype(floor._data.dtype))
        return (self / other).trunc()

    divide = true_divide = div

    def floor_divide(self, other) -> Tensor:
        """⌊a / b⌋ (Python's //); its gradient is 0, a step's, as PyTorch's div(…, 'floor')."""
        return _division("floor_divide", self, self._coerce(other))

    def remainder(self, other) -> Tensor:
        """a − b·⌊a / b⌋: the remainder with the divisor's sign (Python's %)."""
        return _division("remainder", self, self._coerce(other))

    def fmod(self, other) -> Tensor:
        """a − b·trunc(a / b): the remainder with the dividend's sign (C's fmod)."""
        return _division("fmod", self, self._coerce(other))

    def floor_divide_(self, other) -> Tensor:
        return _division_(self, "floor_divide", other)

    def remainder_(self, other) -> Tensor:
        return _division_(self, "remainder", other)

    def fmod_(self, other) -> Tensor:
        return _division_(self, "fmod", other)

    def erf(self) -> Tensor:
        return apply("erf", self._floating())

    def maximum(self, other) -> Tensor:
        return apply("maximum", self, self._coerce(other))

    def minimum(self, other) -> Tensor:
        return apply("minimum", self, self._coerce(other))

    def where(self, condition, other) -> Tensor:
        from gradviz.engine.tensor_functions import where

        return where(condition, self, other)

    def clamp_min(self, min) -> Tensor:  # noqa: A002 - PyTorch's name
        kind = "ClampMinBackward1" if hasattr(min, "_data") else "ClampMinBackward0"
        return named_node(self.clamp(min=min), kind, self)

    def clamp_max(self, max) -> Tensor:  # noqa: A002
        kind = "ClampMaxBackward1" if hasattr(max, "_data") else "ClampMaxBackward0"
        return named_node(self.clamp(max=max), kind, self)

    def square(self) -> Tensor:
        return self**2

    def neg(self) -> Tensor:
        return apply("neg", self)

    negative = neg

    def reciprocal(self) -> Tensor:
        return 1 / self._floating()

    def rsqrt(self) -> Tensor:
        return named_node(self._floating() ** -0.5, "RsqrtBackward0", self)

    def log2(self) -> Tensor:
        return named_node(self.log() / math.log(2), "Log2Backward0", self)

    def log10(self) -> Tensor:
        return named_node(self.log() / math.log(10), "Log10Backward0", self)

    def exp2(self) -> Tensor:
        return named_node(2.0 ** self._floating(), "Exp2Backward0", self)

    def lerp(self, end, weight) -> Tensor:
        """self + weight·(end − self)."""
        return self + weight * (end - self)

    def _floating(self) -> Tensor:
        return self if self._data.dtype.kind == "f" else self.to(dt.DEFAULT_FLOAT)

    def sign(self) -> Tensor:
        return apply("sign", self)

    def round(self, decimals: builtins.int = 0) -> Tensor:
        return self._step("round", decimals=decimals) if decimals else self._step("round")

    def floor(self) -> Tensor:
        return self._step("floor")

    def ceil(self) -> Tensor:
        return self._step("ceil")

    def trunc(self) -> Tensor:
        return self._step("trunc")

    fix = trunc

    def _step(self, name: str, **params) -> Tensor:
        # Integers are already whole: PyTorch returns them unchanged.
        return apply(name, self, **params) if self._data.dtype.kind == "f" else self.clone()


_KERNELS = {"floor_divide": "div_floor_cpu", "remainder": "remainder_cpu", "fmod": "fmod_cpu"}


def _division(name: str, a: Tensor, b: Tensor) -> Tensor:
    """floor_divide, remainder or fmod of a and b, with PyTorch's integer errors."""
    _check_division(name, a, b)
    return apply(name, a, b)


def _division_(t: Tensor, name: str, other) -> Tensor:
    """The in-place form (``t //= 2``, ``t.remainder_(3)``)."""
    _check_division(name, t, t._coerce(other))
    return t._inplace(name, other)


def _check_division(name: str, a: Tensor, b: Tensor) -> None:
    kinds = a._data.dtype.kind + b._data.dtype.kind
    if kinds == "bb":
        raise NotImplementedError(f'"{_KERNELS[name]}" not implemented for \'Bool\'')
    if all(k in "biu" for k in kinds) and builtins.bool((b._data == 0).any()):
        raise RuntimeError("ZeroDivisionError")


def _wide_integers(t: Tensor) -> Tensor:
    # PyTorch multiplies bools and integers as int64.
    if t._data.dtype.kind in "biu" and t._data.dtype != dt.int64.np:
        return wrap(t._data.astype(dt.int64.np))
    return t

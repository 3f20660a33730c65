"""`Tensor`'s tan and hyperbolic functions, its matrix power, and PyTorch's smaller methods and
aliases: ``ndimension``, ``nbytes``, ``select``, ``unbind``, ``tile``, ``diagonal``, ``nansum``,
``fmax``, ``greater``, ``sgn``, ``msort``, ``swapdims``, a few more in-place forms.

A mixin that `Tensor` inherits.  The functions are registry rows (`ops_hyperbolic`); the rest
are composites of existing rows, each named after PyTorch's one node where it prints one
(``UnbindBackward0``, ``DiagonalBackward0``, ``NansumBackward0``, ``FmaxBackward0``, …:
`printing.named_node`), so the graph shows the rows and ``grad_fn`` PyTorch's name.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

import numpy as np

from gradviz.engine.autograd import apply
from gradviz.engine.backend import array_module
from gradviz.engine.inplace import elementwise_inplace
from gradviz.engine.printing import named_node
from gradviz.engine.tensor_shape import sizes, wrap, wrap_dim

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor


def _tensor_argument(name: str, other, position: int = 1) -> None:
    from gradviz.engine.tensor import Tensor

    if not isinstance(other, Tensor):
        raise TypeError(f"{name}(): argument 'other' (position {position}) must be Tensor, not "
                        f"{type(other).__name__}")


class MoreMethods:
    __slots__ = ()

    # ── tan, the hyperbolic functions, atan2 (registry rows) ─────────────────────────────
    def tan(self) -> Tensor:
        return apply("tan", self._floating())

    def sinh(self) -> Tensor:
        return apply("sinh", self._floating())

    def cosh(self) -> Tensor:
        return apply("cosh", self._floating())

    def asinh(self) -> Tensor:
        return apply("asinh", self._floating())

    def acosh(self) -> Tensor:
        return apply("acosh", self._floating())

    def atanh(self) -> Tensor:
        return apply("atanh", self._floating())

    arcsinh, arccosh, arctanh = asinh, acosh, atanh

    def atan2(self, other: Tensor) -> Tensor:
        """The angle of the point (other, self), in (−π, π]."""
        _tensor_argument("atan2", other)
        return apply("atan2", self._floating(), other._floating())

    arctan2 = atan2

    def atan2_(self, other: Tensor) -> Tensor:
        _tensor_argument("atan2_", other)
        return self._inplace_result(lambda t: t.atan2(other))

    arctan2_ = atan2_

    def matrix_power(self, n: builtins.int) -> Tensor:
        """Aⁿ for a (batch of) square matrices, in PyTorch's order of products."""
        from gradviz.engine.matrix_power import matrix_power

        return matrix_power(self, n, position=1)

    # ── what a tensor is ─────────────────────────────────────────────────────────────────
    def ndimension(self) -> builtins.int:
        return self.dim()

    @property
    def itemsize(self) -> builtins.int:
        return builtins.int(self._data.itemsize)

    @property
    def nbytes(self) -> builtins.int:
        return builtins.int(self._data.size * self._data.itemsize)

    def is_floating_point(self) -> builtins.bool:
        return self._data.dtype.kind == "f"

    def is_complex(self) -> builtins.bool:
        return False  # gradviz has no complex dtypes

    # ── views and copies ─────────────────────────────────────────────────────────────────
    def select(self, dim: builtins.int, index: builtins.int) -> Tensor:
        """The slice at `index` along `dim`, that dim removed (``SelectBackward0``)."""
        dim = wrap_dim(dim, self.dim())
        if self.dim() == 0:
            raise IndexError("select() cannot be applied to a 0-dim tensor.")
        size = self.shape[dim]
        if not -size <= index < size:
            raise IndexError(f"select(): index {index} out of range for tensor of size "
                             f"{list(self.shape)} at dimension {dim}")
        return self[(slice(None),) * dim + (builtins.int(index) % size,)]

    def unbind(self, dim: builtins.int = 0) -> tuple[Tensor, ...]:
        """Every slice along `dim`, that dim removed (each ``UnbindBackward0``)."""
        dim = wrap_dim(dim, self.dim())
        if self.dim() == 0:
            raise IndexError("Dimension specified as 0 but tensor has no dimensions")
        return tuple(named_node(self.select(dim, i), "UnbindBackward0")
                     for i in range(self.shape[dim]))

    def ravel(self) -> Tensor:
        return self.reshape(-1)

    def tile(self, *dims) -> Tensor:
        """`repeat`, with ones put before `dims` when they are fewer than the tensor's dims."""
        dims = sizes(dims)
        return self.repeat(*((1,) * (self.dim() - len(dims)) + tuple(dims)))

    def swapdims(self, dim0: builtins.int, dim1: builtins.int) -> Tensor:
        return self.transpose(dim0, dim1)

    def diagonal(self, offset: builtins.int = 0, dim1: builtins.int = 0,
                 dim2: builtins.int = 1) -> Tensor:
        """The diagonal of the matrices in dims `dim1` and `dim2` (above it for offset > 0),
        as a last dim: those two dims put last, then read at (i, i + offset).  Its numbers are
        a view of this tensor's, as PyTorch's (``x.diagonal().fill_(0)`` changes x)."""
        n = self.dim()
        d1, d2 = wrap_dim(dim1, n), wrap_dim(dim2, n)
        if d1 == d2:
            raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
        rest = [d for d in range(n) if d not in (d1, d2)]
        moved = self.permute(*rest, d1, d2) if rest + [d1, d2] != list(range(n)) else self
        rows, cols = self.shape[d1], self.shape[d2]
        start_row, start_col = builtins.max(-offset, 0), builtins.max(offset, 0)
        length = builtins.max(builtins.min(rows - start_row, cols - start_col), 0)
        xp = array_module(self._data)
        i = xp.arange(length)
        out = named_node(moved[..., i + start_row, i + start_col], "DiagonalBackward0")
        if length and type(self._data) is np.ndarray:  # PyTorch's view: a write reaches self
            corner = [slice(None)] * n
            corner[d1], corner[d2] = slice(start_row, None), slice(start_col, None)
            strides = self._data.strides
            out._data = np.lib.stride_tricks.as_strided(
                self._data[tuple(corner)], out._data.shape,
                tuple(strides[d] for d in rest) + (strides[d1] + strides[d2],))
        return out

    def msort(self) -> Tensor:
        return named_node(self.sort(dim=0).values, "SortBackward0")

    # ── reductions that skip nan ─────────────────────────────────────────────────────────
    def nansum(self, dim=None, keepdim: builtins.bool = False, *, dtype=None) -> Tensor:
        """Σ over the elements that are not nan (their gradient 1, nan's 0)."""
        x = self if dtype is None else self.to(dtype)
        if x._data.dtype.kind != "f":
            return x.sum(dim, keepdim) if dim is not None else x.sum()
        data = x._data
        kept = apply("where", wrap(array_module(data).isnan(data)),
                     wrap(array_module(data).zeros((), dtype=data.dtype)), x)
        total = kept.sum(dim, keepdim) if dim is not None else kept.sum()
        return named_node(total, "NansumBackward0")

    def nanmean(self, dim=None, keepdim: builtins.bool = False, *, dtype=None) -> Tensor:
        """The mean of the elements that are not nan: their nansum over their count."""
        x = self if dtype is None else self.to(dtype)
        if x._data.dtype.kind != "f":
            raise RuntimeError("nanmean(): expected input to have floating point or complex "
                               f"dtype but got {_type_name(x)}")
        counted = wrap(~array_module(x._data).isnan(x._data))
        count = counted.sum(dim, keepdim) if dim is not None else counted.sum()
        return x.nansum(dim, keepdim) / count

    # ── elementwise ──────────────────────────────────────────────────────────────────────
    def fmax(self, other: Tensor) -> Tensor:
        """The larger of the two, a nan only where both are; a tie's gradient goes to self."""
        return _fmaxmin(self, other, "fmax")

    def fmin(self, other: Tensor) -> Tensor:
        return _fmaxmin(self, other, "fmin")

    def absolute(self) -> Tensor:
        return self.abs()

    def absolute_(self) -> Tensor:
        return self.abs_()

    def positive(self) -> Tensor:
        if self._data.dtype.kind == "b":
            raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
        return self

    def sgn(self) -> Tensor:
        return named_node(self.sign(), "SgnBackward0")

    def greater(self, other) -> Tensor:
        return self.gt(other)

    def greater_equal(self, other) -> Tensor:
        return self.ge(other)

    def less(self, other) -> Tensor:
        return self.lt(other)

    def less_equal(self, other) -> Tensor:
        return self.le(other)

    def not_equal(self, other) -> Tensor:
        return self.ne(other)

    # ── in place ─────────────────────────────────────────────────────────────────────────
    def lerp_(self, end, weight) -> Tensor:
        return self._inplace_result(lambda t: t.lerp(end, weight))

    def clip_(self, min=None, max=None) -> Tensor:  # noqa: A002 - PyTorch's names
        return self.clamp_(min, max)

    def reciprocal_(self) -> Tensor:
        if self._data.dtype.kind != "f":
            raise RuntimeError(f"result type Float can't be cast to the desired output type "
                               f"{_type_name(self)}")
        return self._inplace_result(lambda t: t.reciprocal())

    def addmm_(self, mat1: Tensor, mat2: Tensor, *, beta=1, alpha=1) -> Tensor:
        return self._inplace_result(lambda t: t.addmm(mat1, mat2, beta=beta, alpha=alpha))


def _type_name(t: Tensor) -> str:
    from gradviz.engine.tensor_shape import torch_type_name

    return torch_type_name(t.dtype)


def _fmaxmin(a: Tensor, b, name: str) -> Tensor:
    """PyTorch's fmax/fmin: where(a ≥ b or b is nan, a, b) (≤ for fmin), one node."""
    from gradviz.engine.tensor import Tensor

    if not isinstance(b, Tensor):
        raise TypeError(f"{name}(): argument 'other' (position 1) must be Tensor, not "
                        f"{type(b).__name__}")
    xp = array_module(a._data)
    x, y = a._data, b._data
    compare = np.greater_equal if name == "fmax" else np.less_equal
    with np.errstate(invalid="ignore"):
        first = compare(x, y)
    if x.dtype.kind == "f" or y.dtype.kind == "f":
        first = first | xp.isnan(y)
    return named_node(apply("where", wrap(first), a, b), f"{name.title()}Backward0")


for _name in ("tan", "sinh", "cosh", "asinh", "acosh", "atanh"):
    setattr(MoreMethods, f"{_name}_", elementwise_inplace(_name, "MoreMethods"))
for _name in ("asinh", "acosh", "atanh"):
    setattr(MoreMethods, f"arc{_name[1:]}_", getattr(MoreMethods, f"{_name}_"))
del _name

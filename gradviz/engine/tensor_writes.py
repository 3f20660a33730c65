"""`Tensor`'s writes into a copy (or, with a trailing ``_``, in place) along an index or a mask:
``index_add``, ``index_copy``, ``masked_scatter``, ``fill_diagonal_``, and
``unique_consecutive``.

A mixin that `Tensor` inherits.  Each is an existing row, named after PyTorch's node:
``index_add`` a ``scatter_add`` of the source along `dim` (``IndexAddBackward0``),
``index_copy`` and ``masked_scatter`` an ``index_put`` (``IndexCopyBackward0``,
``MaskedScatterBackward0``), ``fill_diagonal_`` an element assignment; the in-place forms go
through `engine.inplace` (version counter, recorded change), with PyTorch's checks before
anything changes.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

import numpy as np

from gradviz.engine.autograd import apply
from gradviz.engine.backend import array_module
from gradviz.engine.printing import named_node
from gradviz.engine.tensor_shape import torch_type_name, wrap, wrap_dim

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor


def _along(t: Tensor, dim, index, source, name: str) -> tuple[int, np.ndarray]:
    """index_add/index_copy's dim and index (a vector), with PyTorch's errors."""
    dim = wrap_dim(dim, t.dim())
    positions = index._data if hasattr(index, "_data") else np.asarray(index)
    if name == "index_add_" and positions.dtype not in (np.int64, np.int32):
        raise RuntimeError("index_add_(): Expected dtype int32/int64 for index but got: "
                           f"{torch_type_name(wrap(positions).dtype)}")
    if name == "index_copy_" and positions.dtype != np.int64:
        raise RuntimeError("index_copy_(): Expected a long tensor for index, but got "
                           f"{torch_type_name(wrap(positions).dtype)}")
    if source.dtype != t.dtype:
        if name == "index_add_":
            raise RuntimeError(f"index_add_(): self ({torch_type_name(t.dtype)}) and source "
                               f"({torch_type_name(source.dtype)}) must have the same scalar "
                               "type")
        raise RuntimeError("index_copy_(): self and source expected to have the same dtype, but "
                           f"got (self) {torch_type_name(t.dtype)} and (source) "
                           f"{torch_type_name(source.dtype)}")
    positions = positions.reshape(-1)
    along = source.shape[dim] if source.dim() else 1
    if positions.size != along and name == "index_add_":
        raise RuntimeError(f"{name}(): Number of indices ({positions.size}) should be equal to "
                           f"source.size(dim): ({along}), for dim: {dim}")
    if positions.size != along:
        raise IndexError(f"{name}(): Number of indices ({positions.size}) should be equal to "
                         f"source.size(dim) ({along})")
    size = t.shape[dim] if t.dim() else 1
    wrong = positions[(positions < 0) | (positions >= size)]  # PyTorch takes no negative index
    if not wrong.size:
        return dim, positions
    first = builtins.int(wrong[0])
    if name == "index_copy_":
        raise IndexError(f"{name}(): index {first} is out of bounds for dimension {dim} with "
                         f"size {size}")
    if first < 0:
        raise IndexError("index out of range in self")
    raise RuntimeError(f"index {first} is out of bounds for dimension {dim} with size {size}")


class WriteMethods:
    __slots__ = ()

    def index_add(self, dim: builtins.int, index: Tensor, source: Tensor, *,
                  alpha=1) -> Tensor:
        """A copy with alpha·source[…, i, …] added at index[i] along `dim` (repeats add up)."""
        dim, positions = _along(self, dim, index, source, "index_add_")
        if alpha != 1:
            source = source * alpha
        if self.dim() == 0:
            return named_node(self + source.reshape(()), "IndexAddBackward0")
        shape = [1] * self.dim()
        shape[dim] = positions.size
        xp = array_module(self._data)
        spread = xp.broadcast_to(xp.asarray(positions).reshape(shape), source.shape).copy()
        return named_node(self.scatter_add(dim, wrap(spread), source), "IndexAddBackward0")

    def index_add_(self, dim: builtins.int, index: Tensor, source: Tensor, *,
                   alpha=1) -> Tensor:
        _along(self, dim, index, source, "index_add_")
        return self._inplace_result(lambda t: t.index_add(dim, index, source, alpha=alpha))

    def index_copy(self, dim: builtins.int, index: Tensor, source: Tensor) -> Tensor:
        """A copy with source[…, i, …] written at index[i] along `dim`."""
        dim, positions = _along(self, dim, index, source, "index_copy_")
        if self.dim() == 0:
            return named_node(apply("index_put", self, source.reshape(()), index=()),
                              "IndexCopyBackward0")
        where = (slice(None),) * dim + (positions,)
        return named_node(apply("index_put", self, source, index=where), "IndexCopyBackward0")

    def index_copy_(self, dim: builtins.int, index: Tensor, source: Tensor) -> Tensor:
        _along(self, dim, index, source, "index_copy_")
        return self._inplace_result(lambda t: t.index_copy(dim, index, source))

    def masked_scatter(self, mask: Tensor, source: Tensor) -> Tensor:
        """A copy with source's first elements, in order, written where `mask` (broadcast to
        this tensor's shape) is True."""
        picked = _mask(self, mask, source)
        count = builtins.int(picked.sum())
        used = source.reshape(-1)[:count]
        return named_node(apply("index_put", self, used, index=picked), "MaskedScatterBackward0")

    def masked_scatter_(self, mask: Tensor, source: Tensor) -> Tensor:
        _mask(self, mask, source)
        return self._inplace_result(lambda t: t.masked_scatter(mask, source))

    def fill_diagonal_(self, fill_value, wrap: builtins.bool = False) -> Tensor:
        """`fill_value` on the main diagonal, in place; a tall matrix with `wrap` starts again
        every (columns + 1) rows, as numpy's fill_diagonal."""
        if self.dim() < 2:
            raise RuntimeError("dimensions must larger than 1")
        if self.dim() > 2 and len(set(self.shape)) != 1:
            raise RuntimeError("all dimensions of input must be of equal length")
        if self.dim() > 2:
            steps = np.arange(self.shape[0])
            self[(steps,) * self.dim()] = fill_value
            return self
        rows, cols = self.shape
        if wrap and rows > cols + 1:
            flat = np.arange(0, rows * cols, cols + 1)
            where = (flat // cols, flat % cols)
        else:
            steps = np.arange(builtins.min(rows, cols))
            where = (steps, steps)
        self[where] = fill_value
        return self

    def unique_consecutive(self, return_inverse: builtins.bool = False,
                           return_counts: builtins.bool = False, dim: builtins.int | None = None):
        """Each run of equal elements (rows along `dim`) once, in order; with each element's
        run and the runs' lengths, when asked.  Data, not a graph op (as PyTorch's)."""
        return unique_consecutive(self, return_inverse, return_counts, dim)


def _mask(t: Tensor, mask: Tensor, source: Tensor):
    if mask.dtype.name != "bool":
        raise RuntimeError("masked_scatter_ only supports boolean masks, but got mask with dtype "
                           f"{torch_type_name(mask.dtype)}")
    if source.dtype != t.dtype:
        raise RuntimeError("masked_scatter: expected self and source to have same dtypes but got"
                           f"{torch_type_name(t.dtype)} and {torch_type_name(source.dtype)}")
    xp = array_module(t._data)
    picked = xp.broadcast_to(mask._data, t.shape).copy()
    if builtins.int(picked.sum()) > source.numel():
        raise RuntimeError("Number of elements of source < number of ones in mask")
    return picked


def unique_consecutive(input: Tensor, return_inverse: builtins.bool = False,  # noqa: A002
                       return_counts: builtins.bool = False, dim: builtins.int | None = None):
    """``torch.unique_consecutive``: see `WriteMethods.unique_consecutive`."""
    xp = array_module(input._data)
    data = input._data
    if dim is None:
        flat = data.reshape(-1)
        starts = xp.ones(flat.shape, dtype=bool)
        starts[1:] = flat[1:] != flat[:-1]
        values = flat[starts]
    else:
        dim = wrap_dim(dim, input.dim())
        moved = xp.moveaxis(data, dim, 0)
        rows = moved.reshape(moved.shape[0], -1)
        starts = xp.ones(rows.shape[0], dtype=bool)
        starts[1:] = (rows[1:] != rows[:-1]).any(axis=1)
        values = xp.moveaxis(moved[starts], 0, dim)
    runs = xp.cumsum(starts) - 1
    result = [wrap(values)]
    if return_inverse:
        result.append(wrap(runs.reshape(data.shape) if dim is None else runs).long())
    if return_counts:
        result.append(wrap(xp.bincount(runs, minlength=builtins.int(starts.sum()))).long()
                      if runs.size else wrap(xp.zeros(0, dtype=np.int64)))
    return result[0] if len(result) == 1 else tuple(result)

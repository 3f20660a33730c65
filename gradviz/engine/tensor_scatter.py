"""`Tensor`'s reductions and writes along an index: ``scatter_reduce``, ``index_reduce``,
``index_put``, ``take``, ``put``, and the inverse views ``select_scatter``, ``slice_scatter``,
``diagonal_scatter`` (with their in-place forms and the ``torch.*`` functions).

A mixin that `Tensor` inherits.  ``scatter_reduce`` is a registry row
(`ops_scatter_reduce`); ``index_reduce`` is the same row with the index laid along `dim`
(``IndexReduceBackward0``).  The writes are the ``index_put`` row (``IndexPutBackward0``,
``PutBackward0``, ``SelectScatterBackward0``…), an accumulating one a ``scatter_add`` of the
flattened tensor; ``take`` reads the flattened tensor (``TakeBackward0``).  The in-place
forms go through `engine.inplace`.  PyTorch's errors, word for word, before anything changes.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

import numpy as np

from gradviz.engine import ops_scatter_reduce
from gradviz.engine.autograd import apply
from gradviz.engine.backend import array_module
from gradviz.engine.printing import named_node
from gradviz.engine.tensor_shape import torch_type_name, wrap, wrap_dim

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor

_ALIASES = {"max": "amax", "min": "amin"}  # PyTorch takes these too


def _positions(index) -> np.ndarray:
    return index._data if hasattr(index, "_data") else np.asarray(index)


def _same_dtype(t: Tensor, src: Tensor, name: str) -> None:
    if src.dtype != t.dtype:
        if name == "index_put":
            raise RuntimeError("Index put requires the source and destination dtypes match, got "
                               f"{torch_type_name(t.dtype)} for the destination and "
                               f"{torch_type_name(src.dtype)} for the source.")
        raise RuntimeError(f"{name}(): Expected self.dtype to be equal to src.dtype")


def scatter_reduce(input: Tensor, dim: builtins.int, index: Tensor, src: Tensor,  # noqa: A002
                   reduce: str, *, include_self: builtins.bool = True) -> Tensor:
    """src reduced into a copy of input at the positions index names along `dim`."""
    reduce = _ALIASES.get(reduce, reduce)
    if reduce not in ops_scatter_reduce.REDUCTIONS:
        raise RuntimeError("reduce argument must be either sum, prod, mean, amax or amin, got "
                           f"{reduce}")
    idx = _positions(index)
    if idx.dtype not in (np.int64, np.int32):
        raise RuntimeError("scatter(): Expected dtype int32/int64 for index")
    _same_dtype(input, src, "scatter")
    dim = wrap_dim(dim, input.dim())
    if not input.dim():
        return scatter_reduce(input.reshape(1), 0, wrap(idx.reshape(-1)), src.reshape(-1),
                              reduce, include_self=include_self).reshape(())
    size = input.shape[dim]
    if idx.size and (idx.min() < 0 or idx.max() >= size):
        bad = idx.max() if idx.max() >= size else idx.min()
        raise RuntimeError(f"index {bad} is out of bounds for dimension {dim} with size {size}")
    return apply("scatter_reduce", input, src, dim=dim, index=idx.copy(), reduce=reduce,
                 include_self=builtins.bool(include_self))


def index_reduce(input: Tensor, dim: builtins.int, index: Tensor, source: Tensor,  # noqa: A002
                 reduce: str, *, include_self: builtins.bool = True, name="index_reduce"
                 ) -> Tensor:
    """source's slices reduced into a copy of input at the positions index names along dim."""
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(f"{name}(): Expected reduce to be one of prod, mean, amax or amin but "
                           f"got {reduce}.")
    dim = wrap_dim(dim, input.dim())
    positions = _positions(index).reshape(-1)
    along = source.shape[dim] if source.dim() else 1
    if positions.size != along:
        raise RuntimeError(f"index_reduce_(): Number of indices ({positions.size}) should be "
                           f"equal to source.size(dim): ({along}), for dim: {dim}")
    if not input.dim():
        spread = positions.reshape(())
    else:
        shape = [1] * source.dim()
        shape[dim] = positions.size
        spread = np.broadcast_to(positions.reshape(shape), source.shape)
    result = scatter_reduce(input, dim, wrap(np.ascontiguousarray(spread)), source, reduce,
                            include_self=include_self)
    return named_node(result, "IndexReduceBackward0")


def _index_arrays(t: Tensor, indices) -> tuple:
    """index_put's indices as arrays (a boolean mask as the positions it names), with
    PyTorch's errors for a wrong type, too many indices or a position out of bounds."""
    arrays = []
    for i in indices:
        a = _positions(i)
        if a.dtype == np.bool_:
            arrays.extend(np.nonzero(a))
        elif a.dtype.kind not in "iu":
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        else:
            arrays.append(a.copy())
    if len(arrays) > t.dim():
        raise IndexError(f"too many indices for tensor of dimension {t.dim()} (got "
                         f"{len(arrays)})")
    for dim, a in enumerate(arrays):
        size = t.shape[dim]
        wrong = a[(a < -size) | (a >= size)]
        if wrong.size:
            raise IndexError(f"index {builtins.int(wrong.flat[0])} is out of bounds for "
                             f"dimension {dim} with size {size}")
    return tuple(arrays)


def _fits(values: Tensor, slot: tuple) -> None:
    try:
        fits = np.broadcast_shapes(tuple(values.shape), slot) == slot
    except ValueError:
        fits = False
    if not fits:
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(values.shape)} cannot "
                           f"be broadcast to indexing result of shape {list(slot)}")


def index_put(input: Tensor, indices, values: Tensor,  # noqa: A002
              accumulate: builtins.bool = False) -> Tensor:
    """A copy of input with values written (or, with `accumulate`, added: repeats add up) at
    ``input[indices]``."""
    values = input._coerce(values)
    _same_dtype(input, values, "index_put")
    index = _index_arrays(input, indices)
    _fits(values, input._data[index].shape)
    if not accumulate:
        return named_node(apply("index_put", input, values, index=index), "IndexPutBackward0")
    xp = array_module(input._data)
    flat = xp.arange(input.numel()).reshape(input.shape)[index]  # each element's position
    spread = values.expand(*flat.shape) if values.shape != flat.shape else values
    result = input.reshape(-1).scatter_add(0, wrap(flat.reshape(-1)), spread.reshape(-1))
    return named_node(result.reshape(*input.shape), "IndexPutBackward0", input)


def _flat_positions(t: Tensor, index, name: str) -> np.ndarray:
    positions = _positions(index)
    if positions.dtype != np.int64:
        raise RuntimeError(f"{name}(): Expected a long tensor for index, but got "
                           f"{torch_type_name(wrap(positions).dtype)}")
    n = t.numel()
    wrong = positions[(positions < -n) | (positions >= n)]
    if wrong.size:
        raise IndexError(f"out of range: tried to access index {builtins.int(wrong.flat[0])} on "
                         f"a tensor of {n} elements.")
    return positions % n if n else positions


def take(input: Tensor, index: Tensor) -> Tensor:  # noqa: A002
    """input read as one row at the positions index names (negative from the end)."""
    positions = _flat_positions(input, index, "take")
    return named_node(apply("index", input.reshape(-1), index=(positions,)), "TakeBackward0")


def put(input: Tensor, index: Tensor, source: Tensor,  # noqa: A002
        accumulate: builtins.bool = False) -> Tensor:
    """A copy of input, read as one row, with source written (or added) at index."""
    if source.numel() != _positions(index).size:
        raise IndexError("put_(): Expected source and index to have the same number of elements, "
                         f"but got source.numel() = {source.numel()}, index.numel() = "
                         f"{_positions(index).size}")
    positions = wrap(_flat_positions(input, index, "put_").reshape(-1))
    flat = index_put(input.reshape(-1), (positions,), source.reshape(-1), accumulate)
    return named_node(flat.reshape(*input.shape), "PutBackward0", input)


def _slot_fits(t: Tensor, src: Tensor, slot) -> None:
    if tuple(src.shape) != tuple(slot):
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = "
                           f"{list(src.shape)}, slice size = {list(slot)}")


def _scatter_into(input: Tensor, src: Tensor, index: tuple, name: str) -> Tensor:  # noqa: A002
    _slot_fits(input, src, input._data[index].shape)
    src = src if src.dtype == input.dtype else src.to(input.dtype)
    return named_node(apply("index_put", input, src, index=index), name)


def select_scatter(input: Tensor, src: Tensor, dim: builtins.int,  # noqa: A002
                   index: builtins.int) -> Tensor:
    """A copy of input with src written where ``input.select(dim, index)`` reads."""
    dim = wrap_dim(dim, input.dim())
    size = input.shape[dim]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{list(input.shape)} at dimension {dim}")
    where = (slice(None),) * dim + (index % size,)
    return _scatter_into(input, src, where, "SelectScatterBackward0")


def slice_scatter(input: Tensor, src: Tensor, dim: builtins.int = 0,  # noqa: A002
                  start=None, end=None, step: builtins.int = 1) -> Tensor:
    """A copy of input with src written where ``input[start:end:step]`` along dim reads."""
    dim = wrap_dim(dim, input.dim())
    where = (slice(None),) * dim + (slice(start, end, step),)
    return _scatter_into(input, src, where, "SliceScatterBackward0")


def diagonal_scatter(input: Tensor, src: Tensor, offset: builtins.int = 0,  # noqa: A002
                     dim1: builtins.int = 0, dim2: builtins.int = 1) -> Tensor:
    """A copy of input with src written where ``input.diagonal(offset, dim1, dim2)`` reads."""
    slot = input.diagonal(offset, dim1, dim2).shape
    _slot_fits(input, src, slot)
    d1, d2 = wrap_dim(dim1, input.dim()), wrap_dim(dim2, input.dim())
    moved = input.movedim((d1, d2), (-2, -1))
    n = slot[-1]
    rows = np.arange(n) + builtins.max(-offset, 0)
    cols = np.arange(n) + builtins.max(offset, 0)
    src = src if src.dtype == input.dtype else src.to(input.dtype)
    written = apply("index_put", moved, src, index=(Ellipsis, rows, cols))
    return named_node(written.movedim((-2, -1), (d1, d2)), "DiagonalScatterBackward0")


class ScatterMethods:
    __slots__ = ()

    def scatter_reduce(self, dim: builtins.int, index: Tensor, src: Tensor, reduce: str, *,
                       include_self: builtins.bool = True) -> Tensor:
        return scatter_reduce(self, dim, index, src, reduce, include_self=include_self)

    def scatter_reduce_(self, dim: builtins.int, index: Tensor, src: Tensor, reduce: str, *,
                        include_self: builtins.bool = True) -> Tensor:
        return self._inplace_result(lambda t: scatter_reduce(t, dim, index, src, reduce,
                                                             include_self=include_self))

    def index_reduce(self, dim: builtins.int, index: Tensor, source: Tensor, reduce: str, *,
                     include_self: builtins.bool = True) -> Tensor:
        return index_reduce(self, dim, index, source, reduce, include_self=include_self)

    def index_reduce_(self, dim: builtins.int, index: Tensor, source: Tensor, reduce: str, *,
                      include_self: builtins.bool = True) -> Tensor:
        return self._inplace_result(lambda t: index_reduce(
            t, dim, index, source, reduce, include_self=include_self, name="index_reduce_"))

    def index_put(self, indices, values: Tensor, accumulate: builtins.bool = False) -> Tensor:
        return index_put(self, indices, values, accumulate)

    def index_put_(self, indices, values: Tensor, accumulate: builtins.bool = False) -> Tensor:
        return self._inplace_result(lambda t: index_put(t, indices, values, accumulate))

    def take(self, index: Tensor) -> Tensor:
        return take(self, index)

    def put(self, index: Tensor, source: Tensor, accumulate: builtins.bool = False) -> Tensor:
        return put(self, index, source, accumulate)

    def put_(self, index: Tensor, source: Tensor, accumulate: builtins.bool = False) -> Tensor:
        return self._inplace_result(lambda t: put(t, index, source, accumulate))

    def select_scatter(self, src: Tensor, dim: builtins.int, index: builtins.int) -> Tensor:
        return select_scatter(self, src, dim, index)

    def slice_scatter(self, src: Tensor, dim: builtins.int = 0, start=None, end=None,
                      step: builtins.int = 1) -> Tensor:
        return slice_scatter(self, src, dim, start, end, step)

    def diagonal_scatter(self, src: Tensor, offset: builtins.int = 0, dim1: builtins.int = 0,
                         dim2: builtins.int = 1) -> Tensor:
        return diagonal_scatter(self, src, offset, dim1, dim2)

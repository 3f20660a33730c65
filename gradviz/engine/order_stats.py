"""Order statistics, PyTorch-shaped: ``median``, ``nanmedian``, ``kthvalue``, ``mode``,
``quantile``/``nanquantile`` (its five interpolations), ``cummax`` and ``cummin``.

The positions are found on the arrays (a stable sort); the values are then picked with the
registry's ``gather``, so their gradient goes to the element picked, as PyTorch's
``MedianBackward1``, ``KthvalueBackward0`` and ``CummaxBackward0`` send it.  ``median()`` of
a whole tensor shares its gradient evenly among the elements equal to the median, as
PyTorch's does.  Where values tie, the index is PyTorch's: ``median`` breaks ties by index
(a stable sort does too), ``kthvalue`` and ``mode`` follow PyTorch's own quickselect and sort
(`engine.selection`).
"""

from __future__ import annotations

import builtins

import numpy as np

from gradviz.engine import creation, selection
from gradviz.engine import dtypes as dt
from gradviz.engine.backend import to_device
from gradviz.engine.keywords import torch_keywords
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_functions import where
from gradviz.engine.tensor_shape import ValuesIndices, wrap, wrap_dim

__all__ = ["cummax", "cummin", "kthvalue", "median", "mode", "nanmedian", "nanquantile",
           "quantile"]

_t = creation.as_tensor


def _result(function: str) -> type[ValuesIndices]:
    return type(function, (ValuesIndices,), {"__slots__": (), "function": function,
                                             "__module__": "gradviz.return_types"})


median_type, nanmedian_type, kthvalue_type, mode_type, cummax_type, cummin_type = (
    _result(n) for n in ("median", "nanmedian", "kthvalue", "mode", "cummax", "cummin"))
RETURN_TYPES = {t.__name__: t for t in (median_type, nanmedian_type, kthvalue_type, mode_type,
                                        cummax_type, cummin_type)}


def _host(x: Tensor) -> np.ndarray:
    return np.asarray(x._data.get() if hasattr(x._data, "get") else x._data)


def _lanes(x: Tensor, dim: int) -> np.ndarray:
    """The numbers with `dim` last (a 0-d tensor as one lane of one)."""
    return np.moveaxis(_host(x).reshape(x.shape or (1,)), dim, -1)


def _pick(x: Tensor, dim: int, index: np.ndarray, keepdim: bool, kind: type, node: str
          ) -> ValuesIndices:
    """The values at `index` (one per lane, dim last), gathered so the gradient flows."""
    index = np.expand_dims(index.astype(np.int64), -1)
    index = np.moveaxis(index, -1, dim) if x.dim() else index.reshape(())
    index = to_device(index, x.device)
    if not x.dim():
        values = x * 1 if x.requires_grad else wrap(x._data.copy())
        return kind(named_node(values, node), wrap(index))
    values = x.gather(dim, wrap(index))
    if not keepdim:
        values, index = values.squeeze(dim), index.squeeze(dim)
    return kind(named_node(values, node), wrap(index))


def _need_size(name: str, x: Tensor, dim: int) -> None:
    if x.dim() and x.shape[dim] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {dim} to have non-zero size.")


def _order(lanes: np.ndarray) -> np.ndarray:
    return np.argsort(lanes, axis=-1, kind="stable")  # NaN last, as PyTorch sorts it


def _median_index(lanes: np.ndarray, ignore_nan: bool) -> np.ndarray:
    order = _order(lanes)
    nan = np.isnan(lanes) if lanes.dtype.kind == "f" else np.zeros(lanes.shape, bool)
    valid = lanes.shape[-1] - nan.sum(-1)
    if ignore_nan:  # the lower median of the numbers; a lane of NaN only: its first
        position = np.maximum(valid - 1, 0) // 2
    else:  # a NaN anywhere makes the median NaN, at the first NaN
        position = np.where(valid < lanes.shape[-1], valid, (lanes.shape[-1] - 1) // 2)
    return np.take_along_axis(order, position[..., None], -1)[..., 0]


def _median(name: str, input, dim, keepdim: bool, kind: type, ignore_nan: bool):  # noqa: A002
    x = _t(input)
    if dim is None:
        return named_node(_whole_median(x, ignore_nan),
                          f"{'Nanmedian' if ignore_nan else 'Median'}Backward0")
    dim = wrap_dim(dim, x.dim())
    _need_size(name, x, dim)
    node = f"{'Nanmedian' if ignore_nan else 'Median'}Backward1"  # PyTorch's node
    return _pick(x, dim, _median_index(_lanes(x, dim), ignore_nan), keepdim, kind, node)


def _whole_median(x: Tensor, ignore_nan: bool) -> Tensor:
    flat = x.reshape(-1)
    if flat.shape[0] == 0:
        if x.dtype.is_floating_point:
            return creation.tensor(float("nan"), dtype=x.dtype)
        raise IndexError("median() input tensor cannot be empty")
    data = _host(flat)
    j = builtins.int(_median_index(data, ignore_nan))
    value = data[j]
    equal = np.isnan(data) if value != value else data == value
    count = builtins.int(equal.sum())
    if count <= 1 or not x.requires_grad:
        return flat[j]
    # PyTorch shares the gradient evenly among the elements equal to the median.
    mask = wrap(to_device(equal, x.device))
    shared = where(mask, flat, creation.tensor(0, dtype=x.dtype)).sum() / count
    gap = value - _host(shared.detach())  # a rounding of the mean of c equal numbers: exact
    return shared if gap == 0 or gap != gap else shared + creation.tensor(gap, dtype=x.dtype)


def median(input, dim=None, keepdim: bool = False):  # noqa: A002
    """The lower median (of 2k numbers the k-th): of every element, or along `dim` as
    (values, indices).  A NaN makes it NaN."""
    return _median("median", input, dim, keepdim, median_type, ignore_nan=False)


def nanmedian(input, dim=None, keepdim: bool = False):  # noqa: A002
    """`median` of the numbers that are not NaN (NaN where a lane holds nothing else)."""
    return _median("nanmedian", input, dim, keepdim, nanmedian_type, ignore_nan=True)


def kthvalue(input, k: int, dim: int = -1, keepdim: bool = False):  # noqa: A002
    """The k-th smallest element along `dim` (k from 1), as (values, indices)."""
    x = _t(input)
    dim = wrap_dim(dim, x.dim())
    size = x.shape[dim] if x.dim() else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {dim}")
    lanes = _lanes(x, dim)
    index = _order(lanes)[..., k - 1]
    flat, chosen = lanes.reshape(-1, lanes.shape[-1]), index.reshape(-1)
    for row, lane in enumerate(flat):  # equal values: PyTorch's quickselect picks the index
        v = lane[chosen[row]]
        if np.count_nonzero((lane == v) | ((lane != lane) & (v != v))) > 1:
            chosen[row] = selection.kth_index(lane.tolist(), k - 1)
    return _pick(x, dim, chosen.reshape(index.shape), keepdim, kthvalue_type,
                 "KthvalueBackward0")


def mode(input, dim: int = -1, keepdim: bool = False):  # noqa: A002
    """The most frequent value along `dim` (of several, the smallest) and the index of its
    last occurrence, as (values, indices)."""
    x = _t(input)
    dim = wrap_dim(dim, x.dim())
    _need_size("mode", x, dim)
    lanes = _lanes(x, dim)
    flat = lanes.reshape(-1, lanes.shape[-1])
    index = np.empty(flat.shape[0], np.int64)
    for i, lane in enumerate(flat):
        index[i] = _mode_index(lane)
    return _pick(x, dim, index.reshape(lanes.shape[:-1]), keepdim, mode_type, "ModeBackward0")


def _mode_index(lane: np.ndarray) -> int:
    """PyTorch's index (its introsort's, past 16 numbers); the last occurrence where that
    sort would turn to heapsort, or on a lane too long to walk in Python."""
    if 16 < lane.size <= _WALK_LIMIT:
        try:
            return selection.mode_index(lane.tolist())
        except selection.DepthExceeded:
            pass
    values, counts = np.unique(lane, return_counts=True)
    best = values[np.argmax(counts)]  # np.unique sorts: the first of the most is smallest
    return builtins.int(np.flatnonzero(lane == best)[-1])


_WALK_LIMIT = 1 << 20


# ── running maxima and minima ────────────────────────────────────────────────────────────
def _cumulative(input, dim: int, larger: bool, kind: type):  # noqa: A002
    x = _t(input)
    dim = wrap_dim(dim, x.dim())
    lanes = _lanes(x, dim)
    index = np.zeros(lanes.shape, np.int64)
    if lanes.shape[-1]:
        best, at = lanes[..., 0].copy(), np.zeros(lanes.shape[:-1], np.int64)
        is_nan = np.isnan if lanes.dtype.kind == "f" else np.zeros_like
        for i in range(lanes.shape[-1]):
            v = lanes[..., i]
            # PyTorch's rule: a NaN is taken (and kept); ties move the index on.
            take = is_nan(v).astype(bool) | (~is_nan(best).astype(bool) & (
                v >= best if larger else v <= best))
            best, at = np.where(take, v, best), np.where(take, i, at)
            index[..., i] = at
    index = np.moveaxis(index, -1, dim) if x.dim() else index.reshape(())
    index = wrap(to_device(index, x.device))
    if not x.dim():
        values = x * 1 if x.requires_grad else wrap(x._data.copy())
    else:
        values = x.gather(dim, index)
    return kind(named_node(values, f"{'Cummax' if larger else 'Cummin'}Backward0"), index)


def cummax(input, dim: int):  # noqa: A002
    """The running maximum along `dim` and where each was reached, as (values, indices)."""
    return _cumulative(input, dim, True, cummax_type)


def cummin(input, dim: int):  # noqa: A002
    """The running minimum along `dim` and where each was reached, as (values, indices)."""
    return _cumulative(input, dim, False, cummin_type)


# ── quantiles ────────────────────────────────────────────────────────────────────────────
_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(input, q, dim, keepdim: bool, interpolation: str,  # noqa: A002
              ignore_nan: bool) -> Tensor:
    name = "quantile"  # PyTorch's messages say quantile() for nanquantile too
    x = _t(input)
    if x.dtype not in (dt.float32, dt.float64):
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    if isinstance(q, Tensor):
        if q.dim() > 1:
            raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
        if q.dtype is not x.dtype:
            raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
        qs, scalar = _host(q).reshape(-1).astype(np.float64), q.dim() == 0
    else:
        qs, scalar = np.array([float(q)]), True
    if x.numel() == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")
    for v in qs:
        if not 0 <= v <= 1:
            raise RuntimeError(f"{name}() q must be in the range [0, 1] but got {v:g}"
                               if not isinstance(q, Tensor)
                               else f"{name}() q values must be in the range [0, 1]")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(f"{name}() interpolation must be one of linear, lower, higher, "
                           f"midpoint or nearest, but got {interpolation}")
    shape, whole = tuple(x.shape), dim is None
    if whole:
        x, dim = x.reshape(-1), 0
    else:
        dim = wrap_dim(dim, x.dim())
        if not x.dim():
            x = x.reshape(1)
    lanes = _lanes(x, dim)  # (…, n)
    order = _order(lanes)
    n = lanes.shape[-1]
    nan = np.isnan(lanes).any(-1, keepdims=True)
    q_ = qs.astype(lanes.dtype)  # PyTorch computes the ranks in the input's dtype
    if ignore_nan:  # q · (k − 1) of the k numbers; a lane of NaN only reads a NaN
        valid = (n - np.isnan(lanes).sum(-1, keepdims=True)).astype(lanes.dtype)
        ranks = q_ * (valid - 1)
        ranks = np.where(valid > 0, ranks, n - 1).astype(lanes.dtype)
    else:  # q · (n − 1); a lane holding a NaN reads its last element, a NaN
        ranks = np.where(nan, n - 1, q_ * lanes.dtype.type(n - 1)).astype(lanes.dtype)
    if interpolation == "lower":
        below = above = np.floor(ranks)
    elif interpolation == "higher":
        below = above = np.ceil(ranks)
    elif interpolation == "nearest":
        below = above = np.round(ranks)  # half to even, as PyTorch's round
    else:
        below, above = np.floor(ranks), np.ceil(ranks)
    moved = x.movedim(dim, -1) if dim != x.dim() - 1 else x

    def at(position: np.ndarray) -> Tensor:
        picked = np.take_along_axis(order, position.astype(np.int64), -1)
        return moved.gather(-1, wrap(to_device(picked, x.device)))

    out = at(below)
    if interpolation in ("linear", "midpoint"):
        weight = np.full_like(ranks, 0.5) if interpolation == "midpoint" else ranks - below
        out = _lerp(out, at(above), weight)
    if out.dim() > 1:  # (…, Q) → (Q, …)
        out = out.movedim(-1, 0)
    if keepdim:  # the reduced dims kept, of size 1
        kept = [1] * len(shape) if whole else [1 if d == dim else m for d, m in enumerate(shape)]
        out = out.reshape((len(qs), *kept))
    return named_node(out[0] if scalar else out, "SqueezeBackward4")  # PyTorch's last node


def _lerp(low: Tensor, high: Tensor, weight: np.ndarray) -> Tensor:
    """PyTorch's lerp: low + w·(high − low) for w < ½, else high − (high − low)·(1 − w)."""
    w = wrap(to_device(weight.astype(low._data.dtype), low.device))
    gap = high - low
    return where(w < 0.5, low + w * gap, high - gap * (1 - w))


def quantile(input, q, dim=None, keepdim: bool = False, *,  # noqa: A002
             interpolation: str = "linear") -> Tensor:
    """The q-th quantiles of every element (or along `dim`): a float q gives their shape
    without `dim`, a 1-D q one more dim in front.  A NaN makes its lane's quantiles NaN."""
    return _quantile(input, q, dim, keepdim, interpolation, ignore_nan=False)


def nanquantile(input, q, dim=None, keepdim: bool = False, *,  # noqa: A002
                interpolation: str = "linear") -> Tensor:
    """`quantile` of the numbers that are not NaN."""
    return _quantile(input, q, dim, keepdim, interpolation, ignore_nan=True)


for _name in __all__:
    setattr(Tensor, _name, torch_keywords(globals()[_name]))
del _name

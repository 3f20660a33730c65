"""Counting and searching, PyTorch-shaped: ``count_nonzero``, ``bincount``, ``histc``,
``bucketize`` and ``searchsorted``, whose answers are counts and positions (no gradient, as
in PyTorch), with PyTorch's checks and error messages word for word.
"""

from __future__ import annotations

import builtins

import numpy as np

from gradviz.engine import creation
from gradviz.engine import dtypes as dt
from gradviz.engine.backend import to_device
from gradviz.engine.keywords import torch_keywords
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_shape import torch_type_name, wrap, wrap_dim

__all__ = ["bincount", "bucketize", "count_nonzero", "histc", "searchsorted"]

_t = creation.as_tensor


def host(x: Tensor) -> np.ndarray:
    """The tensor's numbers as a numpy array (copied from the GPU where they live there)."""
    return np.asarray(x._data.get() if hasattr(x._data, "get") else x._data)


def _on(array: np.ndarray, like: Tensor) -> Tensor:
    return wrap(to_device(np.array(array, order="C"), like.device))


def _dims(x: Tensor, dim) -> tuple[int, ...] | None:
    if dim is None:
        return None
    dims = (dim,) if isinstance(dim, builtins.int) else tuple(dim)
    wrapped = [wrap_dim(d, x.dim()) for d in dims]
    for d in wrapped:
        if wrapped.count(d) > 1:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    return tuple(wrapped)


def count_nonzero(input, dim=None) -> Tensor:  # noqa: A002
    """How many elements are not zero: of all, or along `dim` (an int or a tuple), as int64."""
    x = _t(input)
    dims = _dims(x, dim)
    data = host(x)
    counted = np.count_nonzero(data, axis=dims) if x.dim() else np.count_nonzero(data)
    return _on(np.asarray(counted, dtype=np.int64), x)


def bincount(input, weights=None, minlength: int = 0) -> Tensor:  # noqa: A002
    """How often each value 0 … max occurs in a 1-d tensor of non-negative integers (at least
    `minlength` counts); with `weights`, the sum of the weights at each value instead."""
    x = _t(input)
    if x.dtype.is_floating_point:
        raise NotImplementedError(
            f'"bincount_cpu" not implemented for \'{torch_type_name(x.dtype)}\'')
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    data = host(x)
    if x.dim() != 1 or (data.size and data.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is None:
        return _on(np.bincount(data, minlength=minlength).astype(np.int64), x)
    w = _t(weights)
    if w.dim() != 1 or w.shape[0] != x.shape[0]:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    kind = w.dtype.np if w.dtype in (dt.float32, dt.float64) else np.float64
    counts = np.bincount(data, weights=host(w).astype(np.float64), minlength=minlength)
    return _on(counts.astype(kind), x)


def histc(input, bins: int = 100, min=0, max=0) -> Tensor:  # noqa: A002
    """A histogram of `bins` equal bins between min and max (the data's own range when both
    are 0); elements outside are left out, one equal to max counts in the last bin."""
    x = _t(input)
    if not x.dtype.is_floating_point:
        raise NotImplementedError(
            f'"histogram_cpu" not implemented for \'{torch_type_name(x.dtype)}\'')
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    data = host(x).reshape(-1)
    kind = data.dtype.type
    lo, hi = kind(min), kind(max)
    if lo == hi and data.size:
        lo, hi = data.min(), data.max()
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise RuntimeError(f"torch.histc: range of [{_bound(lo)}, {_bound(hi)}] is not finite")
    if lo > hi:
        raise RuntimeError("torch.histc: max must be larger than min")
    inside = data[(data >= lo) & (data <= hi)]
    position = ((inside - lo) * kind(bins) / (hi - lo)).astype(np.int64)
    position = np.minimum(position, bins - 1)  # max itself: the last bin
    counts = np.bincount(position, minlength=bins)[:bins]
    return _on(counts.astype(data.dtype), x)


def _bound(v) -> str:
    return "-nan" if v != v else f"{builtins.float(v):g}"


def _positions(sequence: np.ndarray, values: np.ndarray, right: bool) -> np.ndarray:
    side = "right" if right else "left"
    if sequence.ndim == 1:
        return np.searchsorted(sequence, values, side=side)
    lanes_s = sequence.reshape(-1, sequence.shape[-1])
    lanes_v = values.reshape(-1, values.shape[-1])
    found = [np.searchsorted(s, v, side=side) for s, v in zip(lanes_s, lanes_v, strict=True)]
    return np.stack(found).reshape(values.shape)


def _side(side: str | None, right: bool) -> bool:
    if side is None:
        return right
    if side not in ("left", "right"):
        raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got "
                           f"{side}")
    if right and side == "left":
        raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, "
                           "got side of left while right was True")
    return side == "right"


def searchsorted(sorted_sequence, input, *, out_int32: bool = False,  # noqa: A002
                 right: bool = False, side: str | None = None, sorter=None) -> Tensor:
    """Where each value would go to keep the innermost dim of `sorted_sequence` sorted: the
    first such place, or the last (``right=True``, ``side="right"``)."""
    seq = _t(sorted_sequence)
    scalar = not isinstance(input, Tensor)
    values = _t(input)
    right = _side(side, right)
    s = host(seq)
    if sorter is not None:
        s = np.take_along_axis(s, host(_t(sorter)).astype(np.int64), -1)
    v = host(values)
    if seq.dim() != 1:
        if scalar or values.dim() == 0:
            raise RuntimeError(
                "torch.searchsorted(): input value can be a scalar only when boundaries tensor "
                f"dimension is 1, but we got boundaries tensor dim({seq.dim()}) and input "
                f"value's dim({values.dim()}) numel({values.numel()})")
        if seq.dim() != values.dim() or tuple(seq.shape[:-1]) != tuple(values.shape[:-1]):
            raise RuntimeError(
                "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                "dimensions of boundaries tensor and input value tensor must match, but we got "
                f"boundaries tensor {list(seq.shape)} and input value tensor "
                f"{list(values.shape)}")
    found = _positions(s, v, right).astype(np.int32 if out_int32 else np.int64)
    return _on(np.asarray(found), seq)


def bucketize(input, boundaries, *, out_int32: bool = False,  # noqa: A002
              right: bool = False) -> Tensor:
    """The bucket of each value between 1-d sorted `boundaries`: i with
    boundaries[i−1] < x ≤ boundaries[i] (``right=True``: boundaries[i−1] ≤ x < boundaries[i])."""
    b = _t(boundaries)
    if b.dim() != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({b.dim()})")
    return searchsorted(b, input if isinstance(input, Tensor) else _t(input),
                        out_int32=out_int32, right=right)


for _name in ("bincount", "count_nonzero", "histc"):
    setattr(Tensor, _name, torch_keywords(globals()[_name]))
del _name

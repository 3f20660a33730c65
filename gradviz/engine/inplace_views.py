"""A change in place made through a view reaches the tensor viewed, as PyTorch's does.

``z[:2].mul_(3)``, ``z.t()[0].add_(b)``, ``z.view(2, 2).zero_()``: the view's numbers are the
tensor's (numpy shares the memory), and its change is recorded on the view; the tensor it
views (its *base*: the first tensor up the chain of ``index``/``reshape``/``transpose``/
``permute`` ops whose memory the view lies in) then records the change as well, as the view's
new numbers written into its older version at the places the view occupies (PyTorch's
``CopySlices`` node).  So ``z``'s gradient runs through the view's new op, and a view of a
leaf that requires grad is refused with PyTorch's error.  A base whose memory is not laid out
in one C-ordered block, or a view that repeats or reverses elements, keeps the change on the
view alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from gradviz.engine.autograd import apply
from gradviz.engine.printing import named_node

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor

VIEW_LEAF_ERROR = ("a view of a leaf Variable that requires grad is being used in an in-place "
                   "operation.")
_VIEW_OPS = frozenset({"index", "reshape", "transpose", "permute"})


def viewed_base(view: Tensor) -> Tensor | None:
    """The tensor whose numbers `view` is a window on, or None (not a view, or not on numpy)."""
    known = view.__dict__.get("_view_of")
    if known is not None:
        return known
    data, base, node = view._data, None, view
    if not isinstance(data, np.ndarray):
        return None
    while node._op is not None and node._op.name in _VIEW_OPS and node._parents:
        parent = node._parents[0]
        if not (isinstance(parent._data, np.ndarray)
                and np.may_share_memory(data, parent._data)):
            break
        base = node = parent
    return base


def positions(view: Tensor, base: Tensor) -> tuple[np.ndarray, ...] | None:
    """The index into `base` of each element of `view` (arrays of the view's shape), read from
    where the view's numbers lie in the base's memory; None where that cannot be read."""
    data, block = view._data, base._data
    if not block.flags.c_contiguous or block.dtype != data.dtype:
        return None
    if any(stride <= 0 for n, stride in zip(data.shape, data.strides, strict=True) if n > 1):
        return None
    start = data.__array_interface__["data"][0] - block.__array_interface__["data"][0]
    flat = np.arange(block.size)
    at = np.lib.stride_tricks.as_strided(
        flat[start // block.itemsize:], data.shape,
        tuple(stride // block.itemsize * flat.itemsize for stride in data.strides))
    return np.unravel_index(at.copy(), block.shape)


def write_through(view: Tensor, base: Tensor, before: np.ndarray) -> None:
    """Record on `base` the change just recorded on `view`: the base's older version holds
    `before` (its numbers until the change), the base becomes it with the view's numbers put
    in at the view's places (``CopySlices``)."""
    at = positions(view, base)
    if at is None:
        return
    view.__dict__["_view_of"] = base
    base._record_inplace(lambda older: named_node(
        apply("index_put", older, view, index=at), "CopySlices", older, view), before=before)

"""PyTorch's memory formats: ``torch.contiguous_format``, ``channels_last`` (a batch of images
stored pixel by pixel, NHWC, behind its NCHW shape), ``channels_last_3d`` and
``preserve_format``, as ``.contiguous(memory_format=…)``, ``.to(memory_format=…)`` and
``.clone(memory_format=…)`` take them.

gradviz's numbers are numpy arrays, which keep any strides, so channels_last is the real
layout: ``x.contiguous(memory_format=torch.channels_last).stride()`` is PyTorch's, and
``is_contiguous`` answers as PyTorch's.  The shape and every number stay the same.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine.backend import array_module


class memory_format:  # noqa: N801 - PyTorch's type name
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"gradviz.{self.name}"

    def __reduce__(self) -> str:
        return self.name


contiguous_format = memory_format("contiguous_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")
preserve_format = memory_format("preserve_format")

_RANKS = {"channels_last": 4, "channels_last_3d": 5}


def _order(fmt: memory_format, ndim: int) -> tuple[int, ...] | None:
    """The dims from outermost to innermost in memory, None for a plain C order."""
    if fmt is None or fmt is contiguous_format:
        return None
    rank = _RANKS.get(getattr(fmt, "name", None))
    if rank is None:
        raise TypeError(f"memory_format must be a gradviz.memory_format, not {fmt!r}")
    if ndim != rank:
        raise RuntimeError(f"required rank {rank} tensor to use {fmt.name} format")
    return (0, *range(2, ndim), 1)


def laid_out(array, fmt: memory_format):
    """`array`'s numbers in the layout `fmt` names (the same array where it already is)."""
    if fmt is preserve_format:
        return array
    order = _order(fmt, array.ndim)
    xp = array_module(array)
    if order is None:
        return array if array.flags.c_contiguous else xp.ascontiguousarray(array)
    if is_laid_out(array, fmt):
        return array
    return xp.ascontiguousarray(array.transpose(order)).transpose(np.argsort(order))


def is_laid_out(array, fmt: memory_format) -> bool:
    """Whether `array` is dense in `fmt`'s order (``is_contiguous(memory_format=…)``): sizes
    of 1 may have any stride, as PyTorch counts."""
    order = _order(fmt, array.ndim)
    if order is None:
        return bool(array.flags.c_contiguous)
    expected = array.itemsize
    for dim in reversed(order):
        size = array.shape[dim]
        if size != 1 and array.strides[dim] != expected:
            return False
        expected *= size
    return True

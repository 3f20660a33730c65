"""`torch.histogramdd`: the D-dimensional histogram of the points in `input`'s last dim, as
PyTorch's kernel counts them — each dim's edges a ``linspace`` in the input's dtype (or the
edges given), a point in the bin whose edges hold it (the last edge inclusive), points
outside the range dropped.  Counts carry no gradient, as PyTorch's.
"""

from __future__ import annotations

import builtins
import math
from typing import NamedTuple

import numpy as np

from gradviz.engine import creation
from gradviz.engine.backend import to_device
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_shape import return_type_repr, torch_type_name

__all__ = ["histogramdd"]


class Histogramdd(NamedTuple):
    hist: Tensor
    bin_edges: tuple

    def __repr__(self) -> str:
        return return_type_repr("histogramdd", self)


def histogramdd(input, bins, *, range=None, weight=None,  # noqa: A002 - PyTorch's names
                density: bool = False) -> Histogramdd:
    """Counts (or summed `weight`s) of the points of `input` (…, D) in a grid of bins: `bins`
    an int (each dim), D ints, or D tensors of edges; `range` [lo₀, hi₀, lo₁, hi₁, …]."""
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"histogramdd" not implemented for '
                                  f"'{torch_type_name(input.dtype)}'")
    kind = input.dtype.np
    points = np.asarray(to_device(input._data, "cpu")).reshape(-1, input.shape[-1])
    dims = points.shape[1]
    if isinstance(bins, builtins.int):
        bins = [bins] * dims
    edges = []
    for d, spec in enumerate(bins):
        if isinstance(spec, Tensor):
            edges.append(np.asarray(to_device(spec._data, "cpu")).astype(kind))
            continue
        if range is not None:
            low, high = builtins.float(range[2 * d]), builtins.float(range[2 * d + 1])
        elif points.shape[0]:
            low, high = builtins.float(points[:, d].min()), builtins.float(points[:, d].max())
        else:  # no points: the unit interval
            low, high = 0.0, 1.0
        if low == high:
            low, high = low - 0.5, high + 0.5
        edges.append(creation.linspace(low, high, builtins.int(spec) + 1,
                                       dtype=input.dtype).numpy())
    inside = np.ones(points.shape[0], dtype=bool)
    index = np.zeros(points.shape[0], dtype=np.int64)
    for d, edge in enumerate(edges):
        column = points[:, d]
        inside &= (column >= edge[0]) & (column <= edge[-1])
        position = np.clip(np.searchsorted(edge, column, side="right") - 1, 0, len(edge) - 2)
        index = index * (len(edge) - 1) + position
    shape = tuple(len(edge) - 1 for edge in edges)
    weights = None if weight is None else \
        np.asarray(to_device(weight._data, "cpu"), dtype=np.float64).reshape(-1)[inside]
    counts = np.bincount(index[inside], weights, minlength=math.prod(shape)).astype(kind)
    hist = counts.reshape(shape)
    if density:
        hist = hist / kind.type(hist.sum())
        for d, edge in enumerate(edges):
            width = np.diff(edge).reshape([-1 if k == d else 1 for k in builtins.range(dims)])
            hist = hist / width
    return Histogramdd(creation.tensor(hist.astype(kind), input.dtype),
                       tuple(creation.tensor(edge, input.dtype) for edge in edges))

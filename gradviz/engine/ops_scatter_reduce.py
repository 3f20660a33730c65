"""The registry row of ``x.scatter_reduce(dim, index, src, reduce, include_self=True)``: src
reduced into x at the positions index names along `dim` — summed, multiplied, averaged, or
the largest or smallest kept — one node, as PyTorch's ``ScatterReduceBackward0``.

Its gradients are PyTorch's formulas, term for term: a sum passes G back; a mean G / N (N the
number of values averaged at each position); a product G·result / z, with a value that is the
one zero at its position given the product of the others; amax and amin share G among the
values equal to the result.  Without `include_self`, x's own values at the positions src
reaches are not reduced, and their gradient is 0.  The ``tensor_scatter`` module checks the
arguments and calls the row.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import scalar_forms as sf
from gradviz.engine.backend import add_at, to_numpy
from gradviz.engine.ops import defop
from gradviz.engine.ops_arrays import _crop, _grids

REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")


def _identity(xp, dtype, reduce: str):
    """The value a reduction starts from where x's own value is left out."""
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    info = xp.finfo(dtype) if dtype.kind == "f" else xp.iinfo(dtype)
    if dtype.kind == "f":
        return -xp.inf if reduce == "amax" else xp.inf
    return info.min if reduce == "amax" else info.max


def _counts(xp, x, index, dim, include_self: bool):
    """N: how many values each position of the result reduces (0 where only x's, left out)."""
    n = xp.full(x.shape, 1 if include_self else 0, dtype=x.dtype)
    return add_at(xp, n, _grids(xp, index, dim), xp.ones(index.shape, dtype=x.dtype))


def _reduce_at(xp, name: str, out, where, values) -> None:
    """``out[where] = name(out[where], values)`` with repeats reduced in turn (numpy's
    ``ufunc.at``; an array library without it reduces on the host)."""
    ufunc = getattr(xp, name)
    if hasattr(ufunc, "at"):
        ufunc.at(out, where, values)
        return
    host = to_numpy(out)  # pragma: no cover - a GPU library without ufunc.at
    getattr(np, name).at(host, tuple(to_numpy(w) for w in where), to_numpy(values))
    out[...] = xp.asarray(host)


def reduce_into(xp, x, src, dim, index, reduce: str, include_self: bool):
    """The forward: a copy of x with src reduced into it."""
    out = x.copy()
    where = _grids(xp, index, dim)
    values = _crop(src, index.shape, None)
    if not include_self:
        out[where] = _identity(xp, x.dtype, reduce)
    if reduce in ("sum", "mean"):
        add_at(xp, out, where, values)
    else:
        _reduce_at(xp, {"prod": "multiply", "amax": "maximum", "amin": "minimum"}[reduce],
                   out, where, values)
    if reduce == "mean":
        n = _counts(xp, x, index, dim, include_self)
        n[n == 0] = 1
        out = out // n if x.dtype.kind in "iu" else out / n
    return out


def _forward(xp, x, src, dim=0, index=None, reduce="sum", include_self=True):
    return reduce_into(xp, x, src, dim, index, reduce, include_self)


def _gathered(xp, a, dim, index):
    return xp.take_along_axis(_crop(a, index.shape, dim), index, axis=dim)


def _to_src(xp, picked, src):
    """A gradient read at index (index's shape) laid into src's shape, 0 where index is not."""
    if picked.shape == src.shape:
        return picked
    grad = xp.zeros(src.shape, dtype=picked.dtype)
    grad[tuple(slice(0, n) for n in picked.shape)] = picked
    return grad


def _vjps(xp, g, out, x, src, dim, index, reduce, include_self):
    """(∂/∂x, ∂/∂src), PyTorch's scatter_reduce_backward."""
    values = _crop(src, index.shape, None)
    if reduce == "sum":
        grad_x, grad_src = g, _gathered(xp, g, dim, index)
    elif reduce == "mean":
        n = _counts(xp, x, index, dim, include_self)
        n[n == 0] = 1
        grad_x, grad_src = g / n, _gathered(xp, g, dim, index) / _gathered(xp, n, dim, index)
    elif reduce == "prod":
        masked_x = xp.where(x == 0, 1, x)
        grad_x = g * reduce_into(xp, masked_x, src, dim, index, reduce, include_self) / masked_x
        zero = values == 0
        zeros = add_at(xp, xp.zeros(x.shape, dtype=x.dtype), _grids(xp, index, dim),
                       zero.astype(x.dtype))
        single = zero & (_gathered(xp, zeros, dim, index) == 1)
        masked_src = xp.where(single, 1, values)
        others = reduce_into(xp, x, masked_src, dim, index, reduce, include_self)
        grad_src = xp.where(single, _gathered(xp, g * others, dim, index),
                            _gathered(xp, g * out, dim, index) / xp.where(zero, 1, values))
    else:  # amax, amin: G shared among the values equal to the result
        x_is = (x == out).astype(x.dtype)
        src_is = (values == _gathered(xp, out, dim, index)).astype(x.dtype)
        n = add_at(xp, x_is.copy(), _grids(xp, index, dim), src_is)
        shared = g / n
        grad_x, grad_src = x_is * shared, src_is * _gathered(xp, shared, dim, index)
    if not include_self:
        grad_x = grad_x.copy()
        grad_x[_grids(xp, index, dim)] = 0
    return grad_x, _to_src(xp, grad_src, src)


def scalar_nodes(x, src, dim=0, index=None, reduce="sum", include_self=True):
    """The scalar view: each position's values (x's own with `include_self`, and the src
    values index sends there) summed, multiplied, averaged or the extreme kept, as `Value`s."""
    out = x.copy()
    groups: dict[tuple, list] = {}
    for at in np.ndindex(index.shape):
        target = at[:dim] + (int(index[at]),) + at[dim + 1:]
        groups.setdefault(target, [x[target]] if include_self else []).append(src[at])
    for target, group in groups.items():
        if reduce in ("amax", "amin"):
            out[target] = sf._extreme(np.array(group, dtype=object),
                                      max if reduce == "amax" else min)
            continue
        total = group[0]
        for value in group[1:]:
            total = total * value if reduce == "prod" else total + value
        out[target] = total * (1.0 / len(group)) if reduce == "mean" else total
    return out


def _node_count(out, inputs) -> int:
    return 2 * (int(np.prod(inputs[0])) + int(np.prod(inputs[1])))


defop("scatter_reduce", "scatter·",
      _forward,
      lambda xp, g, out, x, src, **p: _vjps(xp, g, out, x, src, **p)[0],
      lambda xp, g, out, x, src, **p: _vjps(xp, g, out, x, src, **p)[1],
      formula="scatter_reduce(z, dim, idx, s, reduce): s reduced into z at the positions idx",
      derivatives=("∂/∂z = G (sum), G/N (mean), G·out/z (prod), G shared among the maxima",
                   "∂/∂s = G read at idx, in the same way"),
      scalar=scalar_nodes, nodes=_node_count, dim=0, index=None, reduce="sum",
      include_self=True)

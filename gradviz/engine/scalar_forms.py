"""How a registry row expands to scalars: each element its own `Value` node.

The scalar view (``graph/scalar.py``) replays a tensor computation on numpy object arrays of
`Value`s, one row at a time, with `expand_op`.  A row says how in its ``scalar`` field:

* `ELEMENTWISE` (the default): one `Value` per element of the result, whose number and local
  derivatives are the row's own forward and VJPs evaluated at that element — so the scalar
  view can never disagree with the tensor view about an elementwise op;
* `FORWARD`: the row's forward itself, run on arrays of `Value`s — right where it only moves
  elements (reshape, cat, gather, …) or where numpy's own sums and products on `Value`s are
  the expansion (matmul, sum, cumsum);
* `STEP`: a piecewise-constant op (floor, sign, a // b): each element a constant, gradient 0;
* or an explicit expansion, a function of the node arrays and the row's parameters, for the
  structural ops: means, softmaxes, norms, extremes and the losses.

A row's ``nodes`` estimates how many graph nodes its expansion makes, so a lesson too large
for the scalar view is refused before anything is built (`per_result`, `per_input`, …).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from gradviz.engine.value import Value

ELEMENTWISE, FORWARD, STEP = "elementwise", "forward", "step"


def expand_op(op, arrays, params: dict):
    """`op` applied to numpy object arrays of `Value`s, as the row's ``scalar`` form says."""
    form = op.scalar
    if form == ELEMENTWISE:
        return _elementwise(op, arrays, params)
    if form == FORWARD:
        return op.forward(np, *arrays, **params)
    if form == STEP:
        return _elementwise(op, arrays, params, constant=True)
    return form(*arrays, **params)


def _elementwise(op, arrays, params, constant=False):
    unit = np.asarray(1.0)

    def one(*values):
        xs = [np.asarray(float(v.data)) for v in values]
        out = op.forward(np, *xs, **params)
        if constant:
            return Value(float(out))
        slopes = tuple(float(vjp(np, unit, out, *xs, **params)) for vjp in op.vjps)
        return Value(float(out), values, op.name, _local=slopes)

    return np.frompyfunc(one, len(arrays), 1)(*arrays)


# ── node estimates: (result shape, input shapes) → graph nodes the expansion makes ───────
def _size(shape) -> int:
    return int(np.prod(shape))


def per_result(k: int) -> Callable:
    """k nodes per result element (a value node and an op node: 2)."""
    return lambda out, inputs: k * _size(out)


TWO_PER_RESULT = per_result(2)  # the default: a value node and an op node per element


def per_input(k: int) -> Callable:
    """k nodes per element of the first input (reductions, softmaxes, losses)."""
    return lambda out, inputs: k * _size(inputs[0])


def no_nodes(out, inputs) -> int:
    """An op that only moves elements adds no node."""
    return 0


def matmul_nodes(out, inputs) -> int:
    """Each result element: k products and k − 1 sums, each a value and an op node."""
    return 2 * _size(out) * 2 * inputs[0][-1] + 2 * _size(out)


# ── explicit expansions ──────────────────────────────────────────────────────────────────
def _each(method: str, *args):
    return np.frompyfunc(lambda v: getattr(v, method)(*args), 1, 1)


def sum_nodes(a, dim=None, keepdim=False):
    axis = tuple(dim) if isinstance(dim, list) else dim
    return np.asarray(np.asarray(a, dtype=object).sum(axis=axis, keepdims=keepdim), dtype=object)


def mean_nodes(a, dim=None, keepdim=False):
    total = sum_nodes(a, dim, keepdim)
    return total * (1.0 / (a.size / max(total.size, 1)))


def softmax_nodes(a, dim=-1):
    e = _each("exp")(a - _max_const(a, dim))
    return e / sum_nodes(e, dim, True)


def log_softmax_nodes(a, dim=-1):
    shifted = a - _max_const(a, dim)
    return shifted - _each("log")(sum_nodes(_each("exp")(shifted), dim, True))


def _max_const(a, dim):
    # Shift by the (constant) row maximum for stability; constants carry no gradient.
    data = _data(a).astype(float)
    return data.max(axis=dim, keepdims=True)


def _data(a):
    # Numbers of an array of Values.  numpy gives a 0-d array's result back bare: asarray it.
    return np.asarray(np.frompyfunc(lambda v: v.data, 1, 1)(a))


def _extreme(a, pick):
    # The extreme element itself; k tied ones share the gradient evenly: (v₁ + … + vₖ)/k.
    best = pick(v.data for v in a.flat)
    ties = [v for v in a.flat if v.data == best]
    total = ties[0]
    for v in ties[1:]:
        total = total + v
    return total if len(ties) == 1 else total * (1.0 / len(ties))


def max_nodes(a):
    return _extreme(a, max)


def min_nodes(a):
    return _extreme(a, min)


def where_nodes(c, a, b):
    # The condition is data (a leaf of 0.0/1.0 Values); the result reuses a's and b's nodes.
    chosen = _data(c).astype(float) != 0
    return np.where(chosen, a, b)


def same_nodes(a, **params):
    """cast: the same numbers in another dtype, so the same nodes."""
    return a


def linear_nodes(x, w, b=None):
    out = np.asarray(np.matmul(x, np.swapaxes(w, -1, -2)), dtype=object)
    return out if b is None else out + b


def prod_nodes(a, dim=None, keepdim=False):
    out = a.prod(axis=dim, keepdims=keepdim) if a.size else Value(1.0)
    return np.asarray(out, dtype=object)


def norm_nodes(a, dim=None, keepdim=False):
    # √(Σ z²); at z = 0 a constant 0, whose gradient (0) is PyTorch's there.
    root = np.frompyfunc(lambda v: v**0.5 if v.data > 0 else Value(0.0), 1, 1)
    return root(sum_nodes(a * a, dim, keepdim))


def var_nodes(a, dim=None, keepdim=False, correction=1):
    # Σ (z − z̄)² / (n − c), z̄ a node of its own: its gradient paths cancel, as they must.
    centred = a - mean_nodes(a, dim, True)
    total = sum_nodes(centred * centred, dim, keepdim)
    return total * (1.0 / (a.size / max(total.size, 1) - correction))


def std_nodes(a, dim=None, keepdim=False, correction=1):
    root = np.frompyfunc(lambda v: v**0.5 if v.data > 0 else Value(0.0), 1, 1)
    return root(var_nodes(a, dim, keepdim, correction))


def logsumexp_nodes(a, dim=None, keepdim=False):
    m = _max_const(a, dim)
    out = _each("log")(sum_nodes(_each("exp")(a - m), dim, True)) + m
    if keepdim:
        return out
    return out.reshape(()) if dim is None else out.squeeze(dim)


def _extreme_along(a, dim, keepdim, pick):
    # amax/amin: `_extreme` on each slice along the reduced dims.
    if dim is None:
        result = np.asarray(_extreme(a, pick), dtype=object)
        return result.reshape((1,) * a.ndim) if keepdim else result
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    dims = tuple(d % a.ndim for d in dims)
    kept = [d for d in range(a.ndim) if d not in dims]
    moved = np.transpose(a, kept + list(dims))
    rows = moved.reshape(int(np.prod([a.shape[d] for d in kept])), -1)
    out = np.empty(len(rows), dtype=object)
    for i, row in enumerate(rows):
        out[i] = _extreme(row, pick)
    shape = [1 if d in dims else n for d, n in enumerate(a.shape)]
    out = out.reshape(shape)
    return out if keepdim else out.squeeze(dims)


def amax_nodes(a, dim=None, keepdim=False):
    return _extreme_along(a, dim, keepdim, max)


def amin_nodes(a, dim=None, keepdim=False):
    return _extreme_along(a, dim, keepdim, min)


# ── losses ───────────────────────────────────────────────────────────────────────────────
def _reduce(loss, reduction):
    loss = np.asarray(loss, dtype=object)  # numpy hands back a bare Value for 0-d results
    if reduction == "none":
        return loss
    return mean_nodes(loss) if reduction == "mean" else sum_nodes(loss)


def _clamped_log(v):
    # ln v, floored at −100 as PyTorch's BCE does; below the floor a constant: gradient 0.
    return v.log() if v.data > math.exp(-100) else Value(-100.0)


def _softplus(v):
    # ln(1 + eᵛ), written as v + ln(1 + e⁻ᵛ) for v > 0 so that exp never overflows.
    return v + ((-v).exp() + 1.0).log() if v.data > 0 else (v.exp() + 1.0).log()


def _constant(x: float) -> np.ndarray:
    # One node every element shares, as the tensor view's broadcast constant is one tensor.
    return np.asarray(Value(x), dtype=object)


def mse_nodes(a, b, reduction="mean"):
    return _reduce(np.asarray(a - b, dtype=object) ** _constant(2.0), reduction)


def bce_nodes(a, b, reduction="mean"):
    log, one = np.frompyfunc(_clamped_log, 1, 1), _constant(1.0)
    return _reduce(-(b * log(a) + (one - b) * log(one - a)), reduction)


def bce_logits_nodes(a, b, reduction="mean"):
    return _reduce(np.frompyfunc(_softplus, 1, 1)(a) - a * b, reduction)


def nll_nodes(a, b, reduction="mean", weight=None):
    # −a[i, b[i]] for each row, reduced: the picked scores' nodes, negated (and weighted).
    rows = np.arange(a.shape[0])
    picked = -np.asarray(a[rows, _data(b).astype(int)], dtype=object)
    if weight is None:
        return _reduce(picked, reduction)
    loss = picked * np.asarray(weight, dtype=float)
    if reduction == "none":
        return loss
    return loss.sum() / float(np.sum(weight)) if reduction == "mean" else loss.sum()


def cross_entropy_nodes(a, b, reduction="mean"):
    # −ln softmax(a)[b] = ln Σⱼ e^(aⱼ − m) − (a_b − m), with m the row's (constant) maximum.
    dim = 1 if a.ndim > 1 else 0
    shifted = a - _max_const(a, dim)
    log_total = np.asarray(_each("log")(sum_nodes(_each("exp")(shifted), dim)), dtype=object)
    classes = _data(b).astype(int)
    picked = np.take_along_axis(shifted, np.expand_dims(classes, dim), axis=dim).squeeze(dim)
    return _reduce(log_total - picked, reduction)

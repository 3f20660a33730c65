"""Expand a small tensor computation to scalars: every element its own `Value` node.

The same lesson can then show a neuron as ``@ → + → σ`` or as each multiply and add.  Each
recorded tensor op is replayed on numpy object arrays of `Value`s, so numpy's own
broadcasting, matmul and reductions build the scalar graph; shape ops (reshape, transpose,
indexing) only rearrange nodes.  Both views give the same gradients.
"""

from __future__ import annotations

import math

import numpy as np

from gradviz.engine.autograd import topological_order
from gradviz.engine.backend import to_numpy
from gradviz.engine.ops import REGISTRY
from gradviz.engine.ops_arrays import gather_forward, scatter_forward
from gradviz.engine.tensor import Tensor
from gradviz.engine.value import Value

SCALAR_NODE_LIMIT = 5000


class ScalarLimitError(ValueError):
    pass


def _each(method: str, *args):
    return np.frompyfunc(lambda v: getattr(v, method)(*args), 1, 1)


def _sum(a, dim=None, keepdim=False):
    axis = tuple(dim) if isinstance(dim, list) else dim
    return np.asarray(a.sum(axis=axis, keepdims=keepdim), dtype=object)


def _mean(a, dim=None, keepdim=False):
    total = _sum(a, dim, keepdim)
    return total * (1.0 / (a.size / max(total.size, 1)))


def _softmax(a, dim=-1):
    e = _each("exp")(a - _max_const(a, dim))
    return e / _sum(e, dim, True)


def _log_softmax(a, dim=-1):
    shifted = a - _max_const(a, dim)
    return shifted - _each("log")(_sum(_each("exp")(shifted), dim, True))


def _max_const(a, dim):
    # Shift by the (constant) row maximum for stability; constants carry no gradient.
    data = np.frompyfunc(lambda v: v.data, 1, 1)(a).astype(float)
    return data.max(axis=dim, keepdims=True)


def _clamp(a, min=None, max=None):  # noqa: A002 - PyTorch's names
    # Inside the range clamp is the identity (the same node); outside, a constant: gradient 0.
    def one(v):
        x = v.data
        low, high = min is not None and x < min, max is not None and x > max
        return Value(min if low else max) if low or high else v

    return np.frompyfunc(one, 1, 1)(a)


def _extreme(a, pick):
    # The extreme element itself; k tied ones share the gradient evenly: (v₁ + … + vₖ)/k.
    best = pick(v.data for v in a.flat)
    ties = [v for v in a.flat if v.data == best]
    total = ties[0]
    for v in ties[1:]:
        total = total + v
    return total if len(ties) == 1 else total * (1.0 / len(ties))


def _where(c, a, b):
    # The condition is data (a leaf of 0.0/1.0 Values); the result reuses a's and b's nodes.
    chosen = np.frompyfunc(lambda v: v.data != 0, 1, 1)(c).astype(bool)
    return np.where(chosen, a, b)


def _reduce(loss, reduction):
    loss = np.asarray(loss, dtype=object)  # numpy hands back a bare Value for 0-d results
    if reduction == "none":
        return loss
    return _mean(loss) if reduction == "mean" else _sum(loss)


def _clamped_log(v):
    # ln v, floored at −100 as PyTorch's BCE does; below the floor a constant: gradient 0.
    return v.log() if v.data > math.exp(-100) else Value(-100.0)


def _softplus(v):
    # ln(1 + eᵛ), written as v + ln(1 + e⁻ᵛ) for v > 0 so that exp never overflows.
    return v + ((-v).exp() + 1.0).log() if v.data > 0 else (v.exp() + 1.0).log()


def _constant(x: float) -> np.ndarray:
    # One node every element shares, as the tensor view's broadcast constant is one tensor.
    return np.asarray(Value(x), dtype=object)


def _mse_loss(a, b, reduction="mean"):
    return _reduce((a - b) ** _constant(2.0), reduction)


def _binary_cross_entropy(a, b, reduction="mean"):
    log, one = np.frompyfunc(_clamped_log, 1, 1), _constant(1.0)
    return _reduce(-(b * log(a) + (one - b) * log(one - a)), reduction)


def _bce_with_logits(a, b, reduction="mean"):
    return _reduce(np.frompyfunc(_softplus, 1, 1)(a) - a * b, reduction)


def _cross_entropy(a, b, reduction="mean"):
    # −ln softmax(a)[b] = ln Σⱼ e^(aⱼ − m) − (a_b − m), with m the row's (constant) maximum.
    dim = 1 if a.ndim > 1 else 0
    shifted = a - _max_const(a, dim)
    log_total = np.asarray(_each("log")(_sum(_each("exp")(shifted), dim)), dtype=object)
    classes = np.frompyfunc(lambda v: int(v.data), 1, 1)(b).astype(int)
    picked = np.take_along_axis(shifted, np.expand_dims(classes, dim), axis=dim).squeeze(dim)
    return _reduce(log_total - picked, reduction)


def _linear(x, w, b):
    out = np.asarray(np.matmul(x, np.swapaxes(w, -1, -2)), dtype=object)
    return out if b is None else out + b


def _norm(a, dim=None, keepdim=False):
    # √(Σ z²); at z = 0 a constant 0, whose gradient (0) is PyTorch's there.
    root = np.frompyfunc(lambda v: v**0.5 if v.data > 0 else Value(0.0), 1, 1)
    return root(_sum(a * a, dim, keepdim))


def _logsumexp(a, dim=None, keepdim=False):
    m = _max_const(a, dim)
    out = _each("log")(_sum(_each("exp")(a - m), dim, True)) + m
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


def _step(fn):
    # sign, round, floor, ceil: constants (derivative 0), as PyTorch's backward gives.
    return lambda a, **params: np.frompyfunc(
        lambda v: Value(float(fn(v.data, **params))), 1, 1)(a)


def _registry_node(name: str, constant: bool = False):
    # One node per element whose value and local derivatives are the registry's own (erf,
    # GELU, a % b, fmod); a step (a // b) is a constant, as the other steps.
    op = REGISTRY[name]

    def one(*values, **params):
        xs = [np.asarray(float(v.data)) for v in values]
        out = op.forward(np, *xs, **params)
        if constant:
            return Value(float(out))
        unit = np.asarray(1.0)
        slopes = tuple(float(vjp(np, unit, out, *xs, **params)) for vjp in op.vjps)
        return Value(float(out), values, name, _local=slopes)

    def rule(*arrays, **params):
        return np.frompyfunc(lambda *vs: one(*vs, **params), len(arrays), 1)(*arrays)

    return rule


def _prod(a, dim=None, keepdim=False):
    out = a.prod(axis=dim, keepdims=keepdim) if a.size else Value(1.0)
    return np.asarray(out, dtype=object)


RULES = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a**b,
    "neg": lambda a: -a,
    "matmul": lambda a, b: np.asarray(np.matmul(a, b), dtype=object),
    "linear": lambda x, w, b=None: _linear(x, w, b),
    "exp": lambda a: _each("exp")(a),
    "log": lambda a: _each("log")(a),
    "log1p": lambda a: _each("log")(a + 1.0),
    "sqrt": lambda a: a**0.5,
    "tanh": lambda a: _each("tanh")(a),
    "sigmoid": lambda a: _each("sigmoid")(a),
    "relu": lambda a: _each("relu")(a),
    "leaky_relu": lambda a, negative_slope=0.01: _each("leaky_relu", negative_slope)(a),
    "softplus": lambda a: _each("log")(_each("exp")(a) + 1.0),
    "sum": _sum,
    "mean": _mean,
    "reshape": lambda a, shape: a.reshape(shape),
    "transpose": lambda a, dim0=0, dim1=1: np.swapaxes(a, dim0, dim1),
    "index": lambda a, index: np.asarray(a[index], dtype=object),
    "cast": lambda a, dtype=None: a,
    "clamp": _clamp,
    "softmax": _softmax,
    "log_softmax": _log_softmax,
    "max": lambda a: _extreme(a, max),
    "min": lambda a: _extreme(a, min),
    "where": _where,
    "cat": lambda *xs, dim=0: np.concatenate(xs, axis=dim),
    "stack": lambda *xs, dim=0: np.stack(xs, axis=dim),
    "permute": lambda a, dims=(): np.transpose(a, dims),
    "expand": lambda a, shape=(): np.broadcast_to(a, shape),
    "repeat": lambda a, repeats=(): np.tile(a, repeats),
    "gather": lambda a, dim=0, index=None: gather_forward(np, a, dim, index),
    "cumsum": lambda a, dim=0: np.cumsum(a, axis=dim),
    "norm": _norm,
    "logsumexp": _logsumexp,
    "amax": lambda a, dim=None, keepdim=False: _extreme_along(a, dim, keepdim, max),
    "amin": lambda a, dim=None, keepdim=False: _extreme_along(a, dim, keepdim, min),
    "sign": _step(np.sign),
    "round": _step(np.round),
    "floor": _step(np.floor),
    "ceil": _step(np.ceil),
    "trunc": _step(np.trunc),
    "prod": _prod,
    "cumprod": lambda a, dim=0: np.cumprod(a, axis=dim),
    "flip": lambda a, dims=(): np.flip(a, dims),
    "roll": lambda a, shifts=0, dims=None: np.roll(a, shifts, axis=dims),
    "scatter": lambda a, src, dim=0, index=None: scatter_forward(np, a, src, dim, index),
    "scatter_add": lambda a, src, dim=0, index=None: scatter_forward(np, a, src, dim, index,
                                                                     add=True),
    "floor_divide": _registry_node("floor_divide", constant=True),
    "remainder": _registry_node("remainder"),
    "fmod": _registry_node("fmod"),
    "erf": _registry_node("erf"),
    "gelu": _registry_node("gelu"),
    "mse_loss": _mse_loss,
    "binary_cross_entropy": _binary_cross_entropy,
    "binary_cross_entropy_with_logits": _bce_with_logits,
    "cross_entropy": _cross_entropy,
}


def _element_name(name: str, index: tuple[int, ...]) -> str:
    return f"{name}[{','.join(map(str, index))}]" if index else name


def expand_to_scalars(root: Tensor, limit: int = SCALAR_NODE_LIMIT) -> Value:
    """The Value whose graph is `root`'s computation element by element."""
    return expand(root, limit)[0]


def expand(root: Tensor, limit: int = SCALAR_NODE_LIMIT) -> tuple[Value, set[int]]:
    """`expand_to_scalars`, plus the ids of the leaf Values that need no gradient (data)."""
    order = topological_order(root, constants=True)
    estimate = sum(_estimate(t) for t in order)
    if estimate > limit:
        raise ScalarLimitError(
            f"the scalar view would need about {estimate:,} nodes, over the limit of {limit:,}; "
            "show this lesson as tensors (level = \"tensor\") or make its tensors smaller"
        )
    arrays: dict[int, np.ndarray] = {}
    constants: set[int] = set()
    for t in order:
        if t._op is None:
            data = to_numpy(t._data).astype(float)
            cells = np.empty(data.shape, dtype=object)
            for index in np.ndindex(data.shape):
                label = _element_name(t.name or "c", index) if t.requires_grad or t.name else ""
                cells[index] = Value(float(data[index]), label=label)
                if not t.requires_grad:
                    constants.add(id(cells[index]))
            arrays[id(t)] = cells
        else:
            rule = RULES.get(t._op.name)
            if rule is None:
                raise ValueError(
                    f"the scalar view cannot expand '{t._op.name}'; show this lesson as tensors"
                )
            out = rule(*(arrays[id(p)] for p in t._parents), **t._params)
            out = np.asarray(out, dtype=object).reshape(t.shape)
            if t.name and out.size:
                for index in np.ndindex(out.shape):
                    out[index].label = _element_name(t.name, index)
            arrays[id(t)] = out
    result = arrays[id(root)]
    if result.size != 1:
        raise ValueError(f"the scalar view needs a single output value, not shape {root.shape}")
    return result.reshape(()).item(), constants


def _estimate(t: Tensor) -> int:
    """Graph nodes the expansion of `t` creates (a value node, plus an op node per result)."""
    size = int(np.prod(t.shape))
    if t._op is None:
        return size
    name, parent = t._op.name, t._parents[0]
    if name in ("matmul", "linear"):  # each output element: k products and k − 1 sums
        return 2 * size * 2 * parent.shape[-1] + 2 * size
    if name in ("sum", "mean", "cumsum", "amax", "amin", "prod", "cumprod"):
        return 2 * int(np.prod(parent.shape))
    if name in ("norm", "logsumexp"):
        return 6 * int(np.prod(parent.shape))
    if name in ("softmax", "log_softmax", "cross_entropy"):
        return 8 * int(np.prod(parent.shape))
    if name in ("mse_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits"):
        return 16 * int(np.prod(parent.shape))
    if name in ("reshape", "transpose", "index", "cast", "cat", "stack", "where", "permute",
                "expand", "repeat", "gather", "flip", "roll", "scatter"):
        return 0
    return 2 * size

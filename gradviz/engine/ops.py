"""The op registry: every primitive's forward, its vector-Jacobian products and its teaching text.

Read it like a table of calculus.  Each entry holds, side by side:

* ``forward(xp, *inputs, **params)`` — the array computation (``xp`` is numpy or cupy);
* one VJP per input, ``vjp(xp, g, out, *inputs, **params)`` — the upstream gradient ``g``
  times the local derivative, before any broadcast is summed away (``unbroadcast`` does that);
  a variadic op (``cat``, ``stack``: any number of inputs) has one VJP for all of them,
  told which input it is for by ``arg=``;
* the node ``symbol``, the ``formula`` of the value and each input's local ``derivative``,
  which the inspector shows: English source text, maths plus a few words, which
  `gradviz.catalog` translates (the Spanish is in ``catalog/formulas.py``);
* how the graph view writes it: its ``infix`` form (``a · b``), the ``stems`` of its results'
  automatic names (``s1`` for a sum), whether its inputs ``broadcasts`` against each other;
* its ``scalar`` view, each element a `Value` — by default derived from the forward and VJPs
  above, element by element — and how many ``nodes`` that makes (`engine.scalar_forms`).

Adding an op is one row here, one `Tensor` method, and one case in ``tests/op_cases.py``.

`Tensor` ops, `.backward()` and the graph stepper all call these same functions, so the
numbers on screen are the engine's numbers.  The common losses are primitives too (one
node, as PyTorch's ``BinaryCrossEntropyBackward0``); their rarer forms (class weights,
``pos_weight``, label smoothing, …) are composites in `functional`.  Forwards and VJPs that
can meet ln 0, √−1, 1/0 or an overflowing eᶻ are wrapped in `quiet`: inf and nan come out
silently, as in PyTorch.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from gradviz.engine import float32_kernels
from gradviz.engine import scalar_forms as sf
from gradviz.engine.backend import add_at
from gradviz.engine.float32_kernels import one_minus_square, rounded_once

try:  # numpy ≥ 2: the error state is a context variable; setting it costs ~0.1 µs
    from numpy._core._ufunc_config import _extobj_contextvar
except ImportError:  # pragma: no cover - older numpy: np.errstate (~2 µs) instead
    _extobj_contextvar = None


@dataclass(frozen=True)
class Op:
    """One primitive, everything about it side by side (see the module's docstring)."""

    name: str
    symbol: str
    forward: Callable
    vjps: tuple[Callable, ...]
    formula: str  # English source text, maths and words: `gradviz.catalog` translates it
    derivatives: tuple[str, ...]
    broadcasts: bool = False  # inputs broadcast against each other: sum gradients back
    params: dict = field(default_factory=dict)  # default keyword parameters
    variadic: bool = False  # any number of inputs; one VJP and one derivative text for all
    # The forward returns (result, saved): arrays the VJPs take as `saved=` to skip work they
    # would otherwise redo.  The stepper, which has no `saved`, gets None and recomputes them
    # with the same code, so its numbers are the same bits.
    saves: bool = False
    infix: str = ""  # written between its two arguments in the step text: "x · y"
    # Stems of its unnamed results' automatic names, first choice first ("s1" for a sum);
    # none: "t1", then the op's own name.
    stems: tuple[str, ...] = ()
    scalar: Callable | str = sf.ELEMENTWISE  # its scalar view (`engine.scalar_forms`)
    nodes: Callable = sf.TWO_PER_RESULT  # graph nodes its scalar view makes

    def derivative(self, arg: int) -> str:
        """The local derivative text for input `arg`."""
        return self.derivatives[0 if self.variadic else arg]


REGISTRY: dict[str, Op] = {}


def quiet(fn: Callable) -> Callable:
    """`fn` without numpy's floating-point warnings: ln 0 = −inf, √−1 = nan, 1/0 = inf and an
    overflowing eᶻ = inf come out silently, as PyTorch computes them (cupy never warns)."""
    if _extobj_contextvar is None:  # pragma: no cover
        def silenced(*args, **kwargs):
            with np.errstate(all="ignore"):
                return fn(*args, **kwargs)

        return silenced
    with np.errstate(all="ignore"):
        ignore = _extobj_contextvar.get()
    enter, leave = _extobj_contextvar.set, _extobj_contextvar.reset

    def silenced(*args, **kwargs):
        token = enter(ignore)
        try:
            return fn(*args, **kwargs)
        finally:
            leave(token)

    silenced.__wrapped__ = fn
    return silenced


def defop(name, symbol, forward, *vjps, formula, derivatives, broadcasts=False, variadic=False,
          saves=False, infix="", stems=(), scalar=sf.ELEMENTWISE,
          nodes=sf.TWO_PER_RESULT, **params) -> Op:
    op = Op(name, symbol, forward, vjps, formula, tuple(derivatives), broadcasts, params, variadic,
            saves, infix, tuple(stems), scalar, nodes)
    REGISTRY[name] = op
    return op


def unbroadcast(xp, grad, shape: tuple[int, ...]):
    """Sum a gradient over the axes along which an input of `shape` was broadcast."""
    shape = tuple(shape)
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
        if grad.shape == shape:  # a bias: only leading axes were added
            return grad
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    return grad.reshape(shape)


def contribution(op: Op, arg: int, upstream, out, inputs, params: dict, xp=None, saved=None):
    """One edge of the chain rule: upstream gradient × ∂out/∂inputs[arg], in the input's shape.

    `.backward()` and the graph stepper both call this, so their numbers are identical.
    `.backward()` passes `xp`, found once per pass, and what the forward `saved`; the stepper
    lets both be found again.
    """
    if xp is None:
        from gradviz.engine.backend import array_module

        xp = array_module(upstream)
    if op.saves:
        grad = op.vjps[arg](xp, upstream, out, *inputs, saved=saved, **params)
    elif op.variadic:
        grad = op.vjps[0](xp, upstream, out, *inputs, arg=arg, **params)
    else:
        grad = op.vjps[arg](xp, upstream, out, *inputs, **params)
    target = inputs[arg]
    if op.broadcasts or grad.shape != target.shape:
        grad = unbroadcast(xp, xp.asarray(grad), target.shape)
    return grad.astype(target.dtype, copy=False)


def _expand_reduced(xp, g, shape, dim, keepdim):
    """Undo a reduction's lost axes so `g` broadcasts back over the input's shape."""
    if g.ndim == 0:  # a full reduction (every loss's mean): `full` costs a fifth of a view
        return xp.full(shape, g, dtype=g.dtype)
    if dim is not None and not keepdim:
        dims = (dim,) if isinstance(dim, int) else tuple(dim)
        g = xp.expand_dims(g, tuple(d % len(shape) for d in dims))
    return xp.broadcast_to(g, shape)


def _mean(x, dim, keepdim):
    # sum / n is what numpy's mean computes, bit for bit, without its Python-level overhead.
    total = x.sum(axis=_axis(dim), keepdims=keepdim)
    if not x.size or not total.size:
        return x.mean(axis=_axis(dim), keepdims=keepdim)
    return total / (x.size // total.size)


def _axis(dim):
    return tuple(dim) if isinstance(dim, list) else dim


_sigmoid = float32_kernels.sigmoid


def _logsumexp(xp, x, dim):
    m = x.max(axis=dim, keepdims=True)
    m = xp.where(xp.isfinite(m), m, 0)
    return m + xp.log(xp.exp(x - m).sum(axis=dim, keepdims=True))


def _matmul_vjps():
    # Promote 1-D operands to matrices (as matmul does), take the matrix VJP, then undo.
    def promote(xp, g, x, y):
        x2 = x[None, :] if x.ndim == 1 else x
        y2 = y[:, None] if y.ndim == 1 else y
        if x.ndim == 1:
            g = xp.expand_dims(g, -2)
        if y.ndim == 1:
            g = xp.expand_dims(g, -1)
        return g, x2, y2

    def vjp_x(xp, g, out, x, y):
        if x.ndim == 2 and y.ndim == 2:  # the common case, without the promotions
            return g @ y.T
        if x.ndim == 1 and y.ndim == 1:  # dot product
            return g * y
        g, x2, y2 = promote(xp, g, x, y)
        gx = unbroadcast(xp, g @ xp.swapaxes(y2, -1, -2), x2.shape)
        return gx.reshape(x.shape)

    def vjp_y(xp, g, out, x, y):
        if x.ndim == 2 and y.ndim == 2:
            return x.T @ g
        if x.ndim == 1 and y.ndim == 1:
            return g * x
        g, x2, y2 = promote(xp, g, x, y)
        gy = unbroadcast(xp, xp.swapaxes(x2, -1, -2) @ g, y2.shape)
        return gy.reshape(y.shape)

    return quiet(vjp_x), quiet(vjp_y)


def _extreme_vjp(xp, g, out, x):
    # max()/min() over every element: ties share the gradient evenly, as in PyTorch.
    ties = x == out
    return g * ties / ties.sum(dtype=g.dtype)


def _joined(xs):
    # The inputs cat joins: a 1-D input of no elements is skipped (PyTorch's legacy empty).
    kept = [x for x in xs if not (x.ndim == 1 and x.shape[0] == 0)]
    return kept or list(xs[:1])


def _cat(xp, *xs, dim=0):
    return xp.concatenate(_joined(xs), axis=dim)


def _cat_vjp(xp, g, out, *inputs, arg, dim=0):
    # Input `arg` was copied into a slab of the output along `dim`: its gradient is that slab
    # (none for a skipped empty input).
    if inputs[arg].ndim == 1 and inputs[arg].shape[0] == 0:
        return g.reshape(-1)[:0]
    start = sum(x.shape[dim] for x in inputs[:arg] if not (x.ndim == 1 and x.shape[0] == 0))
    slab = [slice(None)] * g.ndim
    slab[dim] = slice(start, start + inputs[arg].shape[dim])
    return g[tuple(slab)]


def _index(xp, x, index):
    out = x[index]
    if type(out) is not type(x) and isinstance(out, np.generic):
        # One element: as a 0-d view, not numpy's scalar copy, so ``x[1].add_(1)`` changes x.
        out = x[(*index, ...) if isinstance(index, tuple) else (index, ...)]
    return out


def _index_put(xp, x, v, index):
    # ``x[index] = v`` on a copy: x itself is the tensor's older version (`engine.inplace`).
    out = x.copy()
    out[index] = v[()] if v.ndim == 0 else v  # one number: an element of an array of `Value`s
    return out


def _index_vjp(xp, g, out, x, index):
    grad = xp.zeros(x.shape, dtype=g.dtype)
    if _basic(index):  # ints and slices name each element once: no repeats to add up
        grad[index] = g
        return grad
    return add_at(xp, grad, index, g)


def _basic(index) -> bool:
    entries = index if isinstance(index, tuple) else (index,)
    return all(isinstance(e, int | slice) or e is None or e is Ellipsis for e in entries)


def _linear(x, w, b):
    out = x @ w.T
    if b is not None:
        out += b
    return out


def _linear_vjps():
    # One node for nn.Linear, as PyTorch's AddmmBackward0: x (…, in), W (out, in), b (out,).
    # Leading axes of x are batch axes; W's gradient sums over them in one matrix product.
    def vjp_w(xp, g, out, x, w, b=None):
        if x.ndim == 1:
            return xp.multiply.outer(g, x)
        rows = math.prod(g.shape[:-1])  # not -1: a layer of width 0 has nothing to infer from
        return g.reshape(rows, g.shape[-1]).T @ x.reshape(rows, x.shape[-1])

    return (quiet(lambda xp, g, out, x, w, b=None: g @ w),
            quiet(vjp_w),
            lambda xp, g, out, x, w, b=None: g)  # summed over the batch by `contribution`


# Stems shared by a family of ops: every activation's result is an ``a``, every loss an ``L``.
ACTIVATION, LOSS, PRODUCT = ("a", "act"), ("L", "loss"), ("z", "mm")

# ── elementwise binary ops (broadcasting) ─────────────────────────────────────────────────
defop("add", "+", lambda xp, x, y: x + y,
      lambda xp, g, out, x, y: g,
      lambda xp, g, out, x, y: g,
      formula="a + b", derivatives=("∂/∂a = 1", "∂/∂b = 1"), broadcasts=True,
      infix="+", stems=("s", "add"))
defop("sub", "−", lambda xp, x, y: x - y,
      lambda xp, g, out, x, y: g,
      lambda xp, g, out, x, y: -g,
      formula="a − b", derivatives=("∂/∂a = 1", "∂/∂b = −1"), broadcasts=True,
      infix="−", stems=("d", "sub"))
# ``2 - t``: the same subtraction row under PyTorch's name for it (``RsubBackward1``).
REGISTRY["rsub"] = replace(REGISTRY["sub"], name="rsub")
defop("mul", "*", lambda xp, x, y: x * y,
      lambda xp, g, out, x, y: g * y,
      lambda xp, g, out, x, y: g * x,
      formula="a · b", derivatives=("∂/∂a = b", "∂/∂b = a"), broadcasts=True,
      infix="·", stems=("p", "mul"))
defop("div", "/", quiet(lambda xp, x, y: x / y),
      quiet(lambda xp, g, out, x, y: g / y),
      quiet(lambda xp, g, out, x, y: -g * x / (y * y)),
      formula="a / b", derivatives=("∂/∂a = 1/b", "∂/∂b = −a/(b·b)"), broadcasts=True,
      infix="/", stems=("q", "div"))
defop("pow", "^", quiet(lambda xp, x, y: x**y),
      quiet(lambda xp, g, out, x, y: g * y * x ** (y - 1)),
      quiet(lambda xp, g, out, x, y: g * out * xp.log(x)),
      formula="a^b", derivatives=("∂/∂a = b·a^(b−1)", "∂/∂b = a^b · ln a"), broadcasts=True,
      infix="^")
defop("where", "where", lambda xp, c, x, y: xp.where(c, x, y),
      lambda xp, g, out, c, x, y: xp.zeros(c.shape, dtype=g.dtype),
      lambda xp, g, out, c, x, y: xp.where(c, g, 0),
      lambda xp, g, out, c, x, y: xp.where(c, 0, g),
      formula="where(c, a, b) = a if c, else b",
      derivatives=("— (c is a condition)", "∂/∂a = 1 if c, else 0", "∂/∂b = 0 if c, else 1"),
      broadcasts=True, scalar=sf.where_nodes, nodes=sf.no_nodes)
defop("maximum", "max", lambda xp, x, y: xp.maximum(x, y),
      lambda xp, g, out, x, y: g * ((x > y) + 0.5 * (x == y)),
      lambda xp, g, out, x, y: g * ((y > x) + 0.5 * (x == y)),
      formula="max(a, b)", derivatives=("∂/∂a = [a > b]", "∂/∂b = [b > a]"), broadcasts=True)
defop("minimum", "min", lambda xp, x, y: xp.minimum(x, y),
      lambda xp, g, out, x, y: g * ((x < y) + 0.5 * (x == y)),
      lambda xp, g, out, x, y: g * ((y < x) + 0.5 * (x == y)),
      formula="min(a, b)", derivatives=("∂/∂a = [a < b]", "∂/∂b = [b < a]"), broadcasts=True)

# ── elementwise unary ops ─────────────────────────────────────────────────────────────────
defop("neg", "−", lambda xp, x: -x,
      lambda xp, g, out, x: -g,
      formula="−z", derivatives=("∂/∂z = −1",))
defop("clone", "clone", lambda xp, x: x.copy(),
      lambda xp, g, out, x: g,
      formula="y = z", derivatives=("∂/∂z = 1",))
defop("alias", "alias", lambda xp, x: x,  # the same numbers, shared: ``t.new(other)``
      lambda xp, g, out, x: g,
      formula="y = z", derivatives=("∂/∂z = 1",))
defop("exp", "exp", quiet(lambda xp, x: rounded_once(xp.exp)(xp, x)),
      quiet(lambda xp, g, out, x: g * out),
      formula="eᶻ", derivatives=("∂/∂z = eᶻ",), stems=("e", "exp"))
defop("log", "ln", quiet(lambda xp, x: rounded_once(xp.log)(xp, x)),
      quiet(lambda xp, g, out, x: g / x),
      formula="ln z", derivatives=("∂/∂z = 1/z",), stems=("ln", "log"))
defop("log1p", "ln(1+·)", quiet(lambda xp, x: rounded_once(xp.log1p)(xp, x)),
      quiet(lambda xp, g, out, x: g / (1 + x)),
      formula="ln(1 + z)", derivatives=("∂/∂z = 1/(1 + z)",))
defop("sqrt", "√", quiet(lambda xp, x: xp.sqrt(x)),
      quiet(lambda xp, g, out, x: g / (2 * out)),
      formula="√z", derivatives=("∂/∂z = 1/(2√z)",))
defop("abs", "|·|", lambda xp, x: xp.abs(x),
      lambda xp, g, out, x: g * xp.sign(x),
      formula="|z|", derivatives=("∂/∂z = sign(z)",))
defop("sin", "sin", lambda xp, x: rounded_once(xp.sin)(xp, x),
      lambda xp, g, out, x: g * rounded_once(xp.cos)(xp, x),
      formula="sin z", derivatives=("∂/∂z = cos z",))
defop("cos", "cos", lambda xp, x: rounded_once(xp.cos)(xp, x),
      lambda xp, g, out, x: -g * rounded_once(xp.sin)(xp, x),
      formula="cos z", derivatives=("∂/∂z = −sin z",))
defop("asin", "asin", quiet(lambda xp, x: xp.arcsin(x)),
      quiet(lambda xp, g, out, x: g / xp.sqrt(1 - x * x)),
      formula="asin z", derivatives=("∂/∂z = 1/√(1 − z²)",))
defop("acos", "acos", quiet(lambda xp, x: xp.arccos(x)),
      quiet(lambda xp, g, out, x: -g / xp.sqrt(1 - x * x)),
      formula="acos z", derivatives=("∂/∂z = −1/√(1 − z²)",))
defop("atan", "atan", lambda xp, x: rounded_once(xp.arctan)(xp, x),
      lambda xp, g, out, x: g / (1 + x * x),
      formula="atan z", derivatives=("∂/∂z = 1/(1 + z²)",))
defop("tanh", "tanh", lambda xp, x: rounded_once(xp.tanh)(xp, x),
      lambda xp, g, out, x: g * one_minus_square(xp, out),
      formula="tanh(z) = (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ)", derivatives=("∂/∂z = 1 − tanh²(z)",),
      stems=ACTIVATION)
defop("sigmoid", "σ", _sigmoid,
      lambda xp, g, out, x: g * (1 - out) * out,  # PyTorch's order: its float32 rounding
      formula="σ(z) = 1/(1 + e⁻ᶻ)", derivatives=("∂/∂z = σ(z)·(1 − σ(z))",), stems=ACTIVATION)
defop("relu", "ReLU", lambda xp, x: xp.maximum(x, 0),
      lambda xp, g, out, x: g * (x > 0),
      formula="ReLU(z) = max(0, z)", derivatives=("∂/∂z = 1 if z > 0, 0 if z < 0",),
      stems=ACTIVATION)
defop("leaky_relu", "LReLU",
      lambda xp, x, negative_slope=0.01: xp.where(x > 0, x, x * negative_slope),
      lambda xp, g, out, x, negative_slope=0.01: g * xp.where(x > 0, 1, negative_slope),
      formula="LeakyReLU(z) = max(α·z, z)", derivatives=("∂/∂z = 1 if z > 0, α if z < 0",),
      stems=ACTIVATION, negative_slope=0.01)
defop("softplus", "softplus",
      lambda xp, x: xp.maximum(x, 0) + xp.log1p(xp.exp(-xp.abs(x))),
      lambda xp, g, out, x: g * _sigmoid(xp, x),
      formula="softplus(z) = ln(1 + eᶻ)", derivatives=("∂/∂z = σ(z)",))
defop("clamp", "clamp",
      lambda xp, x, min=None, max=None: xp.clip(x, min, max),
      lambda xp, g, out, x, min=None, max=None: g * (
          ((x >= min) if min is not None else True) & ((x <= max) if max is not None else True)),
      formula="clamp(z, min, max)", derivatives=("∂/∂z = 1 if min ≤ z ≤ max, else 0",),
      min=None, max=None)

# ── linear algebra, reductions, shapes ───────────────────────────────────────────────────
# Products are quiet, as PyTorch's: a nan or inf in, nan out, no warning (and none of the
# spurious "invalid value encountered in matmul" some BLAS kernels raise on finite data).
defop("matmul", "@", quiet(lambda xp, x, y: x @ y), *_matmul_vjps(),
      formula="a @ b", derivatives=("∂/∂a: G @ bᵀ", "∂/∂b: aᵀ @ G"),
      infix="@", stems=PRODUCT, scalar=sf.FORWARD, nodes=sf.matmul_nodes)
# ``torch.bmm``: the same product under PyTorch's name for it (``BmmBackward0``).
REGISTRY["bmm"] = replace(REGISTRY["matmul"], name="bmm")
defop("linear", "Linear", quiet(lambda xp, x, w, b=None: _linear(x, w, b)), *_linear_vjps(),
      formula="x·Wᵀ + b", derivatives=("∂/∂x: G @ W", "∂/∂W: Gᵀ @ x", "∂/∂b: Σ G"),
      stems=PRODUCT, scalar=sf.linear_nodes, nodes=sf.matmul_nodes)
defop("sum", "Σ",
      lambda xp, x, dim=None, keepdim=False: x.sum(axis=_axis(dim), keepdims=keepdim),
      lambda xp, g, out, x, dim=None, keepdim=False: _expand_reduced(xp, g, x.shape, dim, keepdim),
      formula="Σᵢ zᵢ", derivatives=("∂/∂zᵢ = 1",), stems=("sum", "Σ"),
      scalar=sf.FORWARD, nodes=sf.per_input(2), dim=None, keepdim=False)
defop("mean", "mean",
      lambda xp, x, dim=None, keepdim=False: _mean(x, dim, keepdim),
      lambda xp, g, out, x, dim=None, keepdim=False: _expand_reduced(
          xp, g, x.shape, dim, keepdim) * (out.size / x.size if x.size else 0),
      formula="(1/n) Σᵢ zᵢ", derivatives=("∂/∂zᵢ = 1/n",), stems=("m", "mean"),
      scalar=sf.mean_nodes, nodes=sf.per_input(2), dim=None, keepdim=False)
defop("max", "max", lambda xp, x: x.max(), _extreme_vjp,
      formula="max(z) = maxᵢ zᵢ", derivatives=("∂/∂zᵢ = 1/k at the k maxima, else 0",),
      scalar=sf.max_nodes)
defop("min", "min", lambda xp, x: x.min(), _extreme_vjp,
      formula="min(z) = minᵢ zᵢ", derivatives=("∂/∂zᵢ = 1/k at the k minima, else 0",),
      scalar=sf.min_nodes)
defop("reshape", "reshape", lambda xp, x, shape: x.reshape(shape),
      lambda xp, g, out, x, shape: g.reshape(x.shape),
      formula="reshape(z)", derivatives=("∂/∂z = reshape⁻¹(G)",),
      scalar=sf.FORWARD, nodes=sf.no_nodes, shape=())
defop("transpose", "ᵀ", lambda xp, x, dim0=0, dim1=1: xp.swapaxes(x, dim0, dim1),
      lambda xp, g, out, x, dim0=0, dim1=1: xp.swapaxes(g, dim0, dim1),
      formula="zᵀ", derivatives=("∂/∂z = Gᵀ",),
      scalar=sf.FORWARD, nodes=sf.no_nodes, dim0=0, dim1=1)
defop("cat", "cat", _cat, _cat_vjp,
      formula="cat(z₀, z₁, …) along dim", derivatives=("∂/∂zₖ = G[the slice of zₖ]",),
      variadic=True, scalar=sf.FORWARD, nodes=sf.no_nodes, dim=0)
defop("stack", "stack", lambda xp, *xs, dim=0: xp.stack(xs, axis=dim),
      lambda xp, g, out, *xs, arg, dim=0: xp.take(g, arg, axis=dim),
      formula="stack(z₀, z₁, …) along a new dim", derivatives=("∂/∂zₖ = G[k] along dim",),
      variadic=True, scalar=sf.FORWARD, nodes=sf.no_nodes, dim=0)
defop("cast", "cast", lambda xp, x, dtype: x.astype(dtype),
      lambda xp, g, out, x, dtype: g,
      formula="z (another dtype)", derivatives=("∂/∂z = 1",),
      scalar=sf.same_nodes, nodes=sf.no_nodes, dtype=None)
defop("index", "[·]", _index, _index_vjp,
      formula="z[i]", derivatives=("∂/∂z[i] = 1",),
      scalar=sf.FORWARD, nodes=sf.no_nodes, index=())
defop("index_put", "[·]=", _index_put,
      lambda xp, g, out, x, v, index: _index_put(xp, g, xp.zeros((), dtype=g.dtype), index),
      lambda xp, g, out, x, v, index: g[index],  # summed to v's shape by `contribution`
      formula="z[i] ← v", derivatives=("∂/∂z = G, G[i] ← 0", "∂/∂v = G[i]"),
      scalar=sf.FORWARD, nodes=sf.no_nodes, index=())
# ``t.index_fill(dim, idx, v)``: the same row under PyTorch's name for it (``IndexFillBackward0``).
REGISTRY["index_fill"] = replace(REGISTRY["index_put"], name="index_fill")
defop("softmax", "softmax",
      lambda xp, x, dim=-1: xp.exp(x - _logsumexp(xp, x, dim)),
      lambda xp, g, out, x, dim=-1: out * (g - (g * out).sum(axis=dim, keepdims=True)),
      formula="softmax(z)ᵢ = e^zᵢ / Σⱼ e^zⱼ", derivatives=("∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ)",),
      stems=ACTIVATION, scalar=sf.softmax_nodes, nodes=sf.per_input(8), dim=-1)
defop("log_softmax", "log softmax",
      lambda xp, x, dim=-1: x - _logsumexp(xp, x, dim),
      lambda xp, g, out, x, dim=-1: g - xp.exp(out) * g.sum(axis=dim, keepdims=True),
      formula="log_softmax(z)ᵢ = zᵢ − ln Σⱼ e^zⱼ",
      derivatives=("∂/∂zⱼ = δᵢⱼ − softmax(z)ⱼ",),
      scalar=sf.log_softmax_nodes, nodes=sf.per_input(8), dim=-1)


# The loss rows and the rows of shapes, scans and norms live in their own modules; importing
# them registers them.
from gradviz.engine import ops_arrays, ops_conv, ops_hyperbolic, ops_losses  # noqa: E402, F401

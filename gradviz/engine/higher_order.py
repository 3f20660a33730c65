"""Gradients of gradients: the backward pass of ``create_graph=True``, whose gradients are
recorded tensors that can be differentiated again (PINNs' du/dt inside a loss, gradient
penalties, Hessian-vector products, MAML's inner steps).

There is no second table of derivatives.  The pass runs each op's own registry VJPs, only on
`Recorded` values instead of arrays and with `RecordedArrays` as their ``xp``: every ``+``,
``@``, ``.sum(axis=…)``, ``xp.exp`` or ``xp.where`` a VJP writes becomes the registry op that
computes it, recorded as any forward op is.  So ``tanh``'s VJP ``g * (1 - out * out)`` records
a ``sub`` and two ``mul`` on the tensor ``out`` itself, and its gradient is the chain rule
applied to them; a comparison (``x > 0``) or ``xp.sign`` gives a constant array, as their
derivatives are 0 wherever they exist.  The forwards of those ops compute what the array pass
computes, in the same order, so a recorded gradient holds the same numbers.

`RECORDED` names the ops whose VJPs are known to run this way (`tests/test_higher_order.py`
walks it against PyTorch); any other op raises "create_graph=True: gradients of <op> are not
recorded yet".  The array pass of ``create_graph=False`` (`autograd._propagate`) is untouched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from gradviz.engine import autograd
from gradviz.engine.backend import array_module
from gradviz.engine.hooks import HOOKED
from gradviz.engine.ops import contribution

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor

# Ops whose VJPs run on `Recorded` values (each checked by tests/test_higher_order.py).
RECORDED = frozenset({
    "add", "sub", "rsub", "mul", "div", "pow", "neg", "clone", "cast", "where",
    "maximum", "minimum", "exp", "log", "log1p", "sqrt", "abs", "sin", "cos", "asin", "acos",
    "atan", "tanh", "sigmoid", "relu", "leaky_relu", "softplus", "clamp",
    "matmul", "bmm", "linear", "sum", "mean", "max", "min", "reshape", "transpose",
    "permute", "expand", "index", "index_put", "cat", "stack", "softmax", "log_softmax",
    "repeat", "flip", "roll", "cumsum", "cumprod", "norm", "var", "std", "logsumexp", "amax",
    "amin", "scatter", "scatter_add", "erf", "gelu", "sign", "round", "floor", "ceil", "trunc",
    "floor_divide", "remainder", "fmod", "mse_loss", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "native_batch_norm", "native_layer_norm",
    "avg_pool2d", "cross_entropy", "nll_loss", "prod",
})


class NotRecorded(TypeError):
    """A VJP asked for an array function `RecordedArrays` does not record."""


def not_recorded(name: str, error: Exception | None = None) -> NotImplementedError:
    if error is None:
        return NotImplementedError(
            f"create_graph=True: gradients of {name} are not recorded yet (gradviz can take "
            f"gradients of gradients through these ops: {', '.join(sorted(RECORDED))})")
    return NotImplementedError(
        f"create_graph=True: gradients of {name} are not recorded yet in this form: its "
        f"gradient calls {error}, which gradviz does not record on tensors")


def _tensor_type():
    from gradviz.engine.tensor import Tensor

    return Tensor


def lift(value, like: Recorded | None = None) -> Tensor:
    """`value` as a tensor: a `Recorded`'s own, anything else a constant.  A Python number
    takes the dtype of `like` (as numpy treats it: ``1 - out`` stays float32)."""
    if isinstance(value, Recorded):
        return value.t
    tensor = _tensor_type()
    if isinstance(value, tensor):
        return value
    if like is not None:
        xp = array_module(like.t._data)
        if isinstance(value, bool | int | float) and like.dtype.kind == "f":
            return tensor._wrap(xp.asarray(value, dtype=like.dtype))
        return tensor._wrap(xp.asarray(value))
    return tensor._wrap(np.asarray(value))


def _apply(name: str, *inputs, **params) -> Recorded:
    like = next((x for x in inputs if isinstance(x, Recorded)), None)
    return Recorded(autograd.apply(name, *(lift(x, like) for x in inputs), **params))


def _data(value):
    return value.t._data if isinstance(value, Recorded) else value


class Recorded:
    """A tensor with numpy's face (``.shape``, ``.sum(axis=, keepdims=)``, ``.T``,
    ``x[i] = v``), so the registry's VJPs, written for arrays, run on it and record."""

    __slots__ = ("t",)
    __array_ufunc__ = None  # ``array * recorded``: numpy hands the product to __rmul__

    def __init__(self, t: Tensor) -> None:
        self.t = t

    shape = property(lambda self: self.t._data.shape)
    ndim = property(lambda self: self.t._data.ndim)
    size = property(lambda self: self.t._data.size)
    dtype = property(lambda self: self.t._data.dtype)

    def __add__(self, other): return _apply("add", self, other)
    def __radd__(self, other): return _apply("add", other, self)
    def __sub__(self, other): return _apply("sub", self, other)
    def __rsub__(self, other): return _apply("sub", other, self)
    def __mul__(self, other): return _apply("mul", self, other)
    def __rmul__(self, other): return _apply("mul", other, self)
    def __truediv__(self, other): return _apply("div", self, other)
    def __rtruediv__(self, other): return _apply("div", other, self)
    def __pow__(self, other): return _apply("pow", self, other)
    def __rpow__(self, other): return _apply("pow", other, self)
    def __matmul__(self, other): return _apply("matmul", self, other)
    def __rmatmul__(self, other): return _apply("matmul", other, self)
    def __neg__(self): return _apply("neg", self)

    # Comparisons are steps: constant arrays, their derivative 0 wherever it exists.
    def __gt__(self, other): return self.t._data > _data(other)
    def __ge__(self, other): return self.t._data >= _data(other)
    def __lt__(self, other): return self.t._data < _data(other)
    def __le__(self, other): return self.t._data <= _data(other)
    def __eq__(self, other): return self.t._data == _data(other)
    def __ne__(self, other): return self.t._data != _data(other)
    __hash__ = None

    @property
    def T(self) -> Recorded:  # noqa: N802 - numpy's name
        if self.ndim < 2:
            return self
        if self.ndim == 2:
            return _apply("transpose", self, dim0=0, dim1=1)
        return _apply("permute", self, dims=tuple(reversed(range(self.ndim))))

    def sum(self, axis=None, keepdims: bool = False, dtype=None) -> Recorded:
        if dtype is not None and np.dtype(dtype) != self.dtype:
            raise NotRecorded("sum(dtype=)")
        return _apply("sum", self, dim=axis, keepdim=keepdims)

    def reshape(self, *shape) -> Recorded:
        if len(shape) == 1 and isinstance(shape[0], tuple | list):
            shape = shape[0]
        return _apply("reshape", self, shape=tuple(shape))

    def __getitem__(self, index) -> Recorded:
        return _apply("index", self, index=_plain(index))

    def __setitem__(self, index, value) -> None:
        # ``grad[index] = g`` on a zeros tensor: recorded as ``index_put``, out of place.
        self.t = _apply("index_put", self, value, index=_plain(index)).t

    def max(self, axis=None, keepdims: bool = False) -> Recorded:
        return _apply("amax", self, dim=axis, keepdim=keepdims)

    def mean(self, axis=None, keepdims: bool = False) -> Recorded:
        return _apply("mean", self, dim=axis, keepdim=keepdims)

    def __array__(self, *args, **kwargs):
        # A numpy function given a gradient would compute on its numbers and drop its graph.
        raise NotRecorded("numpy on a recorded gradient")

    def copy(self) -> Recorded:
        return _apply("clone", self)

    def astype(self, dtype, copy: bool = True) -> Recorded:
        if np.dtype(dtype) == self.dtype:
            return self
        return _apply("cast", self, dtype=np.dtype(dtype))


def _plain(index):
    """An index as arrays: class indices reach a VJP as `Recorded` inputs, never a gradient."""
    if isinstance(index, tuple):
        return tuple(_data(i) for i in index)
    return _data(index)


class _Outer:
    def __init__(self, arrays):
        self.arrays = arrays

    def outer(self, a, b):
        if not isinstance(a, Recorded) and not isinstance(b, Recorded):
            return self.arrays.multiply.outer(a, b)
        a = a if isinstance(a, Recorded) else Recorded(lift(a, b))
        return a.reshape(*a.shape, *(1,) * np.ndim(_data(b))) * b


class _Add:
    """``xp.add``: ``xp.add.at`` (`backend.add_at`, repeated indices adding up) has no
    recorded op yet."""

    def __init__(self, arrays):
        self.arrays = arrays

    def at(self, target, where, values):
        if isinstance(target, Recorded) or isinstance(values, Recorded):
            raise NotRecorded("xp.add.at")
        return self.arrays.add.at(target, where, values)


class RecordedArrays:
    """The ``xp`` a VJP sees in a recorded pass: numpy's names, each mapped onto the registry
    op that computes it when a `Recorded` value is among its arguments."""

    def __init__(self, arrays) -> None:
        self.arrays = arrays  # numpy or cupy
        self.multiply, self.add = _Outer(arrays), _Add(arrays)

    def __getattr__(self, name: str):
        # An array function this table does not map: fine on constants, refused on a gradient.
        function = getattr(self.arrays, name)
        if not callable(function) or isinstance(function, type):
            return function  # xp.pi, xp.float32, xp.newaxis

        def call(*args, **kwargs):
            if any(isinstance(a, Recorded) for a in (*args, *kwargs.values())):
                raise NotRecorded(f"xp.{name}")
            return function(*args, **kwargs)

        return call

    def _unary(name: str):  # noqa: N805 - builds the methods below
        def method(self, x):
            if isinstance(x, Recorded):
                return _apply(name, x)
            return getattr(self.arrays, name)(x)

        return method

    exp, log, log1p, sqrt = _unary("exp"), _unary("log"), _unary("log1p"), _unary("sqrt")
    abs, sin, cos, tanh = _unary("abs"), _unary("sin"), _unary("cos"), _unary("tanh")

    # Steps and tests: constant arrays, as the comparisons (their derivative is 0 or none).
    def _constant(name: str):  # noqa: N805 - builds the methods below
        def method(self, *args, **kwargs):
            return getattr(self.arrays, name)(*(_data(a) for a in args), **kwargs)

        return method

    sign, isfinite, isnan = _constant("sign"), _constant("isfinite"), _constant("isnan")
    isneginf, arange = _constant("isneginf"), _constant("arange")
    floor, ceil, trunc, rint = _constant("floor"), _constant("ceil"), _constant("trunc"), \
        _constant("rint")
    round, floor_divide = _constant("round"), _constant("floor_divide")

    def zeros_like(self, x, dtype=None) -> Recorded:
        return self.zeros(x.shape, dtype=x.dtype if dtype is None else dtype)

    def ones_like(self, x, dtype=None):
        return self.arrays.ones(x.shape, dtype=x.dtype if dtype is None else dtype)

    def flip(self, x, axis=None):
        if not isinstance(x, Recorded):
            return self.arrays.flip(x, axis)
        dims = tuple(range(x.ndim)) if axis is None else (
            (axis,) if isinstance(axis, int) else tuple(axis))
        return _apply("flip", x, dims=dims)

    def cumsum(self, x, axis=None):
        if not isinstance(x, Recorded):
            return self.arrays.cumsum(x, axis=axis)
        if axis is None:
            return _apply("cumsum", x.reshape(-1), dim=0)
        return _apply("cumsum", x, dim=axis)

    def cumprod(self, x, axis=None):
        if not isinstance(x, Recorded):
            return self.arrays.cumprod(x, axis=axis)
        if axis is None:
            return _apply("cumprod", x.reshape(-1), dim=0)
        return _apply("cumprod", x, dim=axis)

    def roll(self, x, shift, axis=None):
        if isinstance(x, Recorded):
            return _apply("roll", x, shifts=shift, dims=axis)
        return self.arrays.roll(x, shift, axis=axis)

    def moveaxis(self, x, source, destination):
        if not isinstance(x, Recorded):
            return self.arrays.moveaxis(x, source, destination)
        order = [d for d in range(x.ndim) if d != source % x.ndim]
        order.insert(destination % x.ndim, source % x.ndim)
        return _apply("permute", x, dims=tuple(order))

    def ascontiguousarray(self, x):
        return x if isinstance(x, Recorded) else self.arrays.ascontiguousarray(x)

    def asarray(self, x, dtype=None):
        if isinstance(x, Recorded):
            return x if dtype is None else x.astype(dtype)
        return self.arrays.asarray(x, dtype=dtype)

    def zeros(self, shape, dtype=None) -> Recorded:
        # A tensor, not an array, so that ``grad[index] = g`` after it records (`_index_vjp`).
        return Recorded(lift(self.arrays.zeros(shape, dtype=dtype)))

    def where(self, condition, x, y):
        if not isinstance(x, Recorded) and not isinstance(y, Recorded):
            return self.arrays.where(_data(condition), x, y)
        like = x if isinstance(x, Recorded) else y
        return Recorded(autograd.apply("where", lift(_data(condition)), lift(x, like),
                                       lift(y, like)))

    def maximum(self, x, y):
        return self._binary("maximum", x, y)

    def minimum(self, x, y):
        return self._binary("minimum", x, y)

    def _binary(self, name, x, y):
        if isinstance(x, Recorded) or isinstance(y, Recorded):
            return _apply(name, x, y)
        return getattr(self.arrays, name)(x, y)

    def swapaxes(self, x, dim0, dim1):
        if isinstance(x, Recorded):
            return _apply("transpose", x, dim0=dim0, dim1=dim1)
        return self.arrays.swapaxes(x, dim0, dim1)

    def transpose(self, x, axes=None):
        if isinstance(x, Recorded):
            axes = tuple(reversed(range(x.ndim))) if axes is None else tuple(axes)
            return _apply("permute", x, dims=axes)
        return self.arrays.transpose(x, axes)

    def expand_dims(self, x, axis):
        if not isinstance(x, Recorded):
            return self.arrays.expand_dims(x, axis)
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        ndim = x.ndim + len(axes)
        axes = {a % ndim for a in axes}
        sizes = iter(x.shape)
        return x.reshape(tuple(1 if i in axes else next(sizes) for i in range(ndim)))

    def broadcast_to(self, x, shape):
        if isinstance(x, Recorded):
            return _apply("expand", x, shape=tuple(shape))
        return self.arrays.broadcast_to(x, shape)

    def full(self, shape, value, dtype=None):
        if isinstance(value, Recorded):
            return self.broadcast_to(value if dtype is None else value.astype(dtype), shape)
        return self.arrays.full(shape, value, dtype=dtype)

    def take(self, x, index, axis=None):
        if isinstance(x, Recorded) and isinstance(index, int) and axis is not None:
            return x[(slice(None),) * (axis % x.ndim) + (index,)]
        if isinstance(x, Recorded):
            raise NotRecorded("xp.take")
        return self.arrays.take(x, index, axis=axis)

    def concatenate(self, xs, axis=0):
        if any(isinstance(x, Recorded) for x in xs):
            like = next(x for x in xs if isinstance(x, Recorded))
            return Recorded(autograd.apply("cat", *(lift(x, like) for x in xs), dim=axis))
        return self.arrays.concatenate(xs, axis=axis)


def _hooked(node: Tensor, g: Tensor) -> Tensor:
    """`g` after `node`'s hooks, which see (and may replace) the recorded gradient."""
    for hook in list(HOOKED.get(id(node), {}).values()):
        result = hook(g)
        if result is not None:
            if tuple(result.shape) != tuple(g.shape):
                raise RuntimeError(f"hook returned a gradient of shape {list(result.shape)} "
                                   f"for a tensor of shape {list(g.shape)}")
            g = result
    return g


def _give(node: Tensor, g: Tensor, given: set[int]) -> None:
    """Accumulate `g` into `node.grad` out of place, as PyTorch does when it records: the
    new ``.grad`` is ``old + g``, itself differentiable."""
    if node.grad is None:
        # One tensor handed to two leaves (``a + b``): the second gets a recorded copy.
        node.grad = autograd.apply("clone", g) if id(g) in given else g
        given.add(id(g))
    else:
        node.grad = node.grad + g


def seed_tensor(root: Tensor, gradient, index: int = 0) -> Tensor:
    """The gradient the recorded pass starts from; a given tensor that needs a gradient
    itself stays in the graph (the double-backward trick for Jacobian-vector products)."""
    tensor = _tensor_type()
    seed = autograd._seed(root, gradient, index)
    if (isinstance(gradient, tensor) and gradient.requires_grad
            and gradient._data.dtype == seed.dtype):
        return gradient
    return tensor._wrap(seed)


def propagate(root: Tensor, seed: Tensor, capture: dict[int, object] | None = None) -> list:
    """`autograd._propagate` with recorded gradients: one backward pass from `root`, every
    gradient a tensor made by recorded ops.  Returns the tensors it went through."""
    order = autograd.topological_order(root)
    for node in order:
        if node._graph_used:
            raise RuntimeError(autograd.SECOND_BACKWARD)
    for node in order:
        if node._op is not None and node._op.name not in RECORDED:
            raise not_recorded(node._op.name)
    xp = RecordedArrays(array_module(root._data))
    grads: dict[int, Tensor] = {id(root): seed}
    given: set[int] = set()
    state = autograd._state
    previous = autograd.is_grad_enabled()
    state.enabled = True  # the gradients' own ops are recorded
    try:
        for node in reversed(order):
            g = grads.pop(id(node), None)
            if g is None:
                continue
            if HOOKED and id(node) in HOOKED:
                g = _hooked(node, g)
            op = node._op
            if capture is not None:
                if id(node) in capture:  # every consumer has added its share by now
                    earlier = capture[id(node)]
                    capture[id(node)] = g if earlier is None else earlier + g
                if op is None:
                    continue
            elif op is None:
                _give(node, g, given)
                continue
            elif node._retains_grad:
                _give(node, g, given)
            out, inputs = Recorded(node), [Recorded(p) for p in node._parents]
            for arg, parent in enumerate(node._parents):
                if parent.requires_grad:
                    try:
                        grad = contribution(op, arg, Recorded(g), out, inputs, node._params, xp)
                    except (NotRecorded, AttributeError, TypeError) as error:
                        # an array function or method `Recorded` does not map (yet)
                        raise not_recorded(op.name, error) from error
                    grad = lift(grad, out)
                    earlier = grads.get(id(parent))
                    grads[id(parent)] = grad if earlier is None else earlier + grad
    finally:
        state.enabled = previous
    return order

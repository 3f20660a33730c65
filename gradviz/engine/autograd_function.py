"""``torch.autograd.Function``: an op whose forward and backward the user writes.

A subclass defines ``forward(ctx, *args)`` and ``backward(ctx, *grads)`` as static methods;
``MyReLU.apply(x)`` runs the forward with gradients off and records one node, made by the
registry row ``function``, whose parameters hold the class and its ``ctx``.  The backward pass
and the graph stepper both reach the user's ``backward`` through that row's VJP, so the numbers
the steps show are the user's own; the graph draws the node as one box named by the class.

``ctx.save_for_backward``, ``ctx.saved_tensors``, ``ctx.needs_input_grad`` and
``ctx.mark_non_differentiable`` work as in PyTorch, and so does the newer style where
``forward`` takes no ``ctx`` and a ``setup_context(ctx, inputs, output)`` fills it.  A forward
may return a tuple (its differentiable outputs are recorded together: `_several_outputs`; each
output's ``grad_fn`` is then the view of its piece, not the Function's node), and an output it
saved for backward is saved with its graph, so its backward can be differentiated again.

Forward mode (`engine.forward_ad`) calls the user's ``jvp(ctx, *tangents)`` through
`user_tangent`; ``ctx.save_for_forward`` keeps tensors for it.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine.autograd import apply as apply_op
from gradviz.engine.autograd import enable_grad, no_grad
from gradviz.engine.backend import array_module
from gradviz.engine.ops import defop, unbroadcast
from gradviz.engine.recorded_arrays import Recorded, lift
from gradviz.engine.tensor import Tensor
from gradviz.engine.value import Value


class FunctionCtx:
    """What a custom Function's forward leaves for its backward (PyTorch's ``ctx``)."""

    def __init__(self, args: tuple) -> None:
        self.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        self.saved_tensors: tuple = ()
        self.non_differentiable: tuple = ()
        self.materialize_grads = True
        self._tensor_args = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        self._output = None  # the forward's result array, as the row's forward returns it
        self._layout = None  # several outputs: where each lies in `_output` (_several_outputs)
        self._upstream = None  # the last upstream gradient given to backward, and its grads
        self._grads: tuple = ()

    def save_for_backward(self, *tensors) -> None:
        self.saved_tensors = tuple(tensors)

    @property
    def saved_variables(self) -> tuple:  # the old name
        return self.saved_tensors

    def mark_non_differentiable(self, *outputs) -> None:
        self.non_differentiable = tuple(outputs)

    def mark_dirty(self, *tensors) -> None:
        """In-place forwards: accepted; the result is recorded as a new tensor all the same."""

    def set_materialize_grads(self, value: bool) -> None:
        self.materialize_grads = bool(value)

    def save_for_forward(self, *tensors) -> None:
        """Tensors for ``jvp`` (forward mode), which reads them as ``ctx.saved_tensors``."""
        self._saved_for_forward = tuple(tensors)


class Function:
    """Subclass it; define ``forward`` and ``backward``; call ``YourFunction.apply(...)``."""

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("a Function subclass must define forward(ctx, *args)")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("a Function subclass must define backward(ctx, *grads) to "
                                  "be differentiated")

    @classmethod
    def apply(cls, *args, **kwargs):
        ctx = FunctionCtx(args)
        with no_grad():
            if "setup_context" in _defined(cls):
                out = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, out)
            else:
                out = cls.forward(ctx, *args, **kwargs)
        if isinstance(out, tuple):
            return _several_outputs(cls, ctx, args, out)
        if not isinstance(out, Tensor):
            raise TypeError(f"{cls.__name__}.forward must return a Tensor or a tuple, not "
                            f"{type(out).__name__}")
        tensors = [args[i] for i in ctx._tensor_args]
        if not tensors or any(out is t for t in ctx.non_differentiable):
            return out.detach()
        ctx._output = out._data
        node = apply_op(FUNCTION, *tensors, function=cls, ctx=ctx)
        _resave(ctx, {id(out): node})
        return node

    def __init__(self, *args, **kwargs) -> None:
        # PyTorch's legacy style (an instance with a non-static forward) is long gone.
        raise RuntimeError("Legacy autograd function with non-static forward method is "
                           "deprecated. Please use new-style autograd function with static "
                           f"forward method: call {type(self).__name__}.apply(...)")


def _defined(cls) -> set[str]:
    """The names `cls` or a base other than `Function` defines."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass in (Function, object):
            break
        names |= set(vars(klass))
    return names


def _several_outputs(cls, ctx: FunctionCtx, args: tuple, outs: tuple) -> tuple:
    """A forward that returned a tuple: its differentiable outputs are recorded as one node whose
    result packs them end to end (flattened), and each output is its piece of that result,
    reshaped, so the user's backward runs once for all of them (`_upstreams` splits the
    gradient back).  Tensors marked non-differentiable and integer tensors come back detached,
    other values as they are."""
    tensors = [args[i] for i in ctx._tensor_args]
    marked = {id(t) for t in ctx.non_differentiable}
    layout, start = [], 0
    for k, o in enumerate(outs):
        if isinstance(o, Tensor) and o.dtype.is_floating_point and id(o) not in marked:
            layout.append((k, tuple(o.shape), start, start + o.numel()))
            start += o.numel()
    kinds = {outs[k].dtype.name for k, *_ in layout}
    if not tensors or not layout:
        return tuple(o.detach() if isinstance(o, Tensor) else o for o in outs)
    if len(kinds) > 1:
        raise NotImplementedError(f"{cls.__name__}.forward returned differentiable outputs of "
                                  f"several dtypes ({', '.join(sorted(kinds))}): gradviz records "
                                  "a Function's outputs together, in one dtype")
    xp = array_module(outs[layout[0][0]]._data)
    ctx._output = xp.concatenate([outs[k]._data.reshape(-1) for k, *_ in layout])
    ctx._layout = (layout, tuple((tuple(o.shape), o._data.dtype) if isinstance(o, Tensor)
                                 else None for o in outs))
    node = apply_op(FUNCTION, *tensors, function=cls, ctx=ctx)
    results = [o.detach() if isinstance(o, Tensor) else o for o in outs]
    for k, shape, begin, end in layout:
        results[k] = node[begin:end].reshape(shape)
    _resave(ctx, {id(outs[k]): results[k] for k, *_ in layout})
    return tuple(results)


def _resave(ctx: FunctionCtx, recorded: dict[int, Tensor]) -> None:
    """An output the forward saved for backward is saved as the recorded output, graph and all,
    as in PyTorch: a backward that uses it (Exp's ``result * grad``) can be differentiated.
    So is an output kept as an attribute (``ctx.result = result``): in PyTorch the tensor the
    forward returns *becomes* the recorded output, so the attribute holds it, graph and all."""
    ctx.saved_tensors = tuple(recorded.get(id(t), t) for t in ctx.saved_tensors)
    for name, value in list(vars(ctx).items()):
        if isinstance(value, Tensor) and id(value) in recorded:
            setattr(ctx, name, recorded[id(value)])


def _upstreams(ctx: FunctionCtx, g: Tensor) -> tuple:
    """The upstream gradient of each output the forward returned, from that of the packed
    result (`_several_outputs`): zeros for an output not recorded."""
    if ctx._layout is None:
        return (g,)
    layout, outputs = ctx._layout
    grads: list = [None if meta is None else Tensor._wrap(array_module(g._data).zeros(
        meta[0], dtype=meta[1])) for meta in outputs]
    for k, shape, begin, end in layout:
        grads[k] = g[begin:end].reshape(shape)
    return tuple(grads)


def user_gradients(function, ctx: FunctionCtx, g) -> tuple:
    """The user's backward on upstream array `g`: one array (or None) per tensor input.

    Every input's VJP asks for the same pass, so the result is kept for the last `g` given:
    the user's backward runs once per backward step."""
    if ctx._upstream is g:
        return ctx._grads
    if isinstance(g, Recorded):  # create_graph=True: the user's backward is recorded too
        with enable_grad():
            grads = _counted(function, ctx, function.backward(ctx, *_upstreams(ctx, g.t)))
        ctx._grads = tuple(None if grads[i] is None else Recorded(lift(grads[i], g))
                           for i in ctx._tensor_args)
    else:
        with no_grad():
            grads = _counted(function, ctx,
                             function.backward(ctx, *_upstreams(ctx, Tensor._wrap(g))))
        ctx._grads = tuple(None if grads[i] is None else _array(grads[i])
                           for i in ctx._tensor_args)
    ctx._upstream = g
    return ctx._grads


def _counted(function, ctx: FunctionCtx, grads) -> tuple:
    """The user's backward's result as a tuple, one entry per argument of forward."""
    if not isinstance(grads, tuple):
        grads = (grads,)
    n_args = len(ctx.needs_input_grad)
    if len(grads) < n_args:
        raise RuntimeError(f"function {function.__name__}Backward returned an incorrect number "
                           f"of gradients (expected {n_args}, got {len(grads)})")
    return grads


def _array(grad):
    return grad._data if isinstance(grad, Tensor) else np.asarray(grad)


def _forward(xp, *arrays, function, ctx):
    return ctx._output  # computed once, by the user's forward in `Function.apply`


def _vjp(xp, g, out, *arrays, arg, function, ctx):
    grad = user_gradients(function, ctx, g)[arg]
    return xp.zeros_like(arrays[arg]) if grad is None else grad


def _jacobian_rows(function, ctx, n_out: int, shapes) -> list[list[np.ndarray]]:
    """Row j: ∂out[j]/∂(each input), flattened, from the user's backward on unit vectors."""
    rows = []
    for j in range(n_out):
        unit = np.zeros(n_out)
        unit[j] = 1.0
        grads = user_gradients(function, ctx, unit.reshape(ctx._output.shape))
        # a gradient in the result's shape, of an input that was broadcast: summed back
        rows.append([np.zeros(int(np.prod(s))) if gr is None else
                     np.broadcast_to(unbroadcast(np, np.asarray(gr, dtype=float), s), s).ravel()
                     for gr, s in zip(grads, shapes, strict=True)])
    return rows


def _scalar_form(*arrays, function, ctx):
    """Each result element a `Value`: one ``function`` node with the user's local derivatives
    when it depends on at most two input elements (an elementwise Function), else its
    linearisation c + Σ ∂out/∂xᵢ · xᵢ, which has the same value and the same gradients."""
    out = np.asarray(ctx._output, dtype=float)
    cells = [np.asarray(a, dtype=object).ravel() for a in arrays]
    rows = _jacobian_rows(function, ctx, out.size, [np.shape(a) for a in arrays])
    result = np.empty(out.size, dtype=object)
    for j, (value, row) in enumerate(zip(out.ravel(), rows, strict=True)):
        used = [(c[i], float(d[i])) for c, d in zip(cells, row, strict=True)
                for i in np.flatnonzero(d)]
        if len(used) <= 2:
            result[j] = Value(float(value), [v for v, _ in used], "function",
                              _local=[d for _, d in used])
            continue
        total = Value(float(value) - sum(v.data * d for v, d in used))
        for v, d in used:
            total = total + v * d
        result[j] = total
    return result.reshape(out.shape)


def _nodes(out, inputs) -> int:
    """Two nodes per result element when the Function is elementwise (no input larger than its
    result), else an upper bound of its linearisation's size."""
    size = int(np.prod(out))
    if all(int(np.prod(s)) <= size for s in inputs):
        return 2 * size
    return 2 * size + 4 * size * sum(int(np.prod(s)) for s in inputs)


FUNCTION = defop(
    "function", "f", _forward, _vjp, variadic=True,
    formula="y = forward(x): the user's autograd.Function",
    derivatives=["G · ∂y/∂x: the user's backward"],
    scalar=_scalar_form, nodes=_nodes,
)


# ── forward mode (engine.forward_ad): the user's jvp gives the tangent ───────────────────
def user_tangent(function, ctx: FunctionCtx, inputs: tuple, tangents: list) -> Tensor:
    """The user's ``jvp(ctx, *tangents)`` for the tensor `inputs` of forward: one tangent per
    argument of forward (None for an argument that is no tensor; zeros for a tensor without
    a tangent, unless the Function turned ``set_materialize_grads`` off)."""
    if "jvp" not in _defined(function):
        raise NotImplementedError("You must implement the jvp function for custom "
                                  "autograd.Function to use it with forward mode AD.")
    given: list = [None] * len(ctx.needs_input_grad)
    for slot, i in enumerate(ctx._tensor_args):
        given[i] = tangents[slot]
        if given[i] is None and ctx.materialize_grads:
            given[i] = Tensor._wrap(np.zeros_like(inputs[slot]._data))
    saved = ctx.saved_tensors
    ctx.saved_tensors = getattr(ctx, "_saved_for_forward", saved)
    try:
        with enable_grad():  # as PyTorch: the tangent is differentiable where it can be
            result = function.jvp(ctx, *given)
    finally:
        ctx.saved_tensors = saved
    return result[0] if isinstance(result, tuple) else result

"""Gradients of gradients: the backward pass of ``create_graph=True``, whose gradients are
recorded tensors that can be differentiated again (PINNs' du/dt inside a loss, gradient
penalties, Hessian-vector products, MAML's inner steps).

There is no second table of derivatives.  The pass runs each op's own registry VJPs, only on
`Recorded` values instead of arrays and with `RecordedArrays` as their ``xp``
(`engine.recorded_arrays`): every ``+``,
``@``, ``.sum(axis=…)``, ``xp.exp`` or ``xp.where`` a VJP writes becomes the registry op that
computes it, recorded as any forward op is.  So ``sigmoid``'s VJP ``g * (1 - out) * out`` records
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

from gradviz.engine import autograd
from gradviz.engine.backend import array_module
from gradviz.engine.hooks import HOOKED
from gradviz.engine.ops import contribution
from gradviz.engine.recorded_arrays import NotRecorded, Recorded, RecordedArrays, lift

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor

# Ops whose VJPs run on `Recorded` values (each checked by tests/test_higher_order.py).
RECORDED = frozenset({
    # elementwise arithmetic and functions
    "add", "sub", "rsub", "mul", "div", "pow", "neg", "clone", "cast", "where", "maximum",
    "minimum", "exp", "log", "log1p", "sqrt", "abs", "sin", "cos", "asin", "acos", "atan",
    "erf", "erfinv", "sign", "round", "floor", "ceil", "trunc", "floor_divide", "remainder", "fmod",
    # activations
    "tanh", "sigmoid", "relu", "leaky_relu", "softplus", "clamp", "gelu", "softmax",
    "log_softmax",
    # products, reductions, scans
    "matmul", "bmm", "linear", "sum", "mean", "max", "min", "amax", "amin", "prod", "norm",
    "var", "std", "logsumexp", "cumsum", "cumprod",
    # shapes and indexing
    "reshape", "transpose", "permute", "expand", "repeat", "flip", "roll", "cat", "stack",
    "index", "index_put", "gather", "scatter", "scatter_add",
    # losses and layers
    "mse_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy",
    "nll_loss", "native_batch_norm", "native_layer_norm", "conv1d", "conv2d",
    "conv_transpose1d", "conv_transpose2d", "max_pool2d", "avg_pool2d", "embedding",
    "function",  # a user's autograd.Function: its backward runs in grad mode, recorded
    # linear algebra (engine/ops_linalg) and the rest
    "cross", "det", "dist", "eigvalsh", "linalg_eigh", "linalg_pinv", "lstsq", "matrix_exp",
    "solve", "index_fill", "xlogy",
    # special functions and fused products (ops_special.py, ops_products.py)
    "erfc", "expm1", "sinc", "logit", "deg2rad", "rad2deg", "frac", "hypot", "logaddexp",
    "logaddexp2", "copysign", "copysign_scalar", "nextafter", "special_entr", "special_xlog1py",
    "vdot", "baddbmm", "addmv", "addr",
    "i0", "special_i0e", "special_i1", "special_i1e", "special_ndtri",
    "special_log_ndtr", "special_erfcx", "linalg_inv_ex",
})
# tan, the hyperbolic functions and atan2 (engine/ops_hyperbolic)
RECORDED |= {"tan", "sinh", "cosh", "asinh", "acosh", "atanh", "atan2"}


def not_recorded(name: str, error: Exception | None = None) -> NotImplementedError:
    if error is None:
        return NotImplementedError(
            f"create_graph=True: gradients of {name} are not recorded yet "
            "(gradviz.engine.higher_order.RECORDED lists the ops whose gradients are)")
    return NotImplementedError(
        f"create_graph=True: gradients of {name} are not recorded yet in this form: its "
        f"gradient calls {error}, which gradviz does not record on tensors")


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


def _tensor_type():
    from gradviz.engine.tensor import Tensor

    return Tensor


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
    if autograd._versioned:  # a saved tensor changed in place since: PyTorch's error
        from gradviz.engine import saved_versions

        saved_versions.check(order)
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
            # One `Recorded` upstream per node: a Function's backward runs once for all inputs.
            upstream, out = Recorded(g), Recorded(node)
            inputs = [Recorded(p) for p in node._parents]
            for arg, parent in enumerate(node._parents):
                if parent.requires_grad:
                    try:
                        grad = contribution(op, arg, upstream, out, inputs, node._params, xp)
                    except (NotRecorded, AttributeError, TypeError) as error:
                        # an array function or method `Recorded` does not map (yet)
                        raise not_recorded(op.name, error) from error
                    grad = lift(grad, out)
                    if autograd._anomaly and autograd._anomaly_nan:  # anomaly mode's check
                        data = getattr(grad, "_data", grad)
                        autograd._nan_check(node, arg, data, array_module(data))
                    earlier = grads.get(id(parent))
                    grads[id(parent)] = grad if earlier is None else earlier + grad
    finally:
        state.enabled = previous
    return order

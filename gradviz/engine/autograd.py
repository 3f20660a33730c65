"""Recording ops and running the backward pass, iteratively (no recursion limit, ever).

`apply(op, *tensors, **params)` runs one registry op and, when gradients are on and some
input needs one, remembers the op, its ordered parents (duplicates kept: ``a * a`` has two)
and its parameters on the result.  Each edge of the chain rule is `ops.contribution`, which
`.backward()` and the graph stepper both call.
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
import warnings
from typing import TYPE_CHECKING

import numpy as np

from gradviz.engine import dtypes
from gradviz.engine.backend import array_module
from gradviz.engine.hooks import HOOKED, hooked
from gradviz.engine.ops import REGISTRY, Op, contribution

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor

_state = threading.local()


def is_grad_enabled() -> bool:
    return getattr(_state, "enabled", True)


class set_grad_enabled(contextlib.ContextDecorator):  # noqa: N801 - PyTorch's name
    """Gradients on or off from now (``set_grad_enabled(False)``), or only inside a ``with``
    block, which puts back what was before it."""

    def __init__(self, mode: bool) -> None:
        self._previous = is_grad_enabled()
        _state.enabled = bool(mode)

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        _state.enabled = self._previous


class no_grad(contextlib.ContextDecorator):  # noqa: N801 - PyTorch's name
    """Context manager and decorator: ops inside record nothing."""

    def __enter__(self) -> None:
        self._previous = is_grad_enabled()
        _state.enabled = False

    def __exit__(self, *exc: object) -> None:
        _state.enabled = self._previous


class inference_mode(no_grad):  # noqa: N801 - PyTorch's name
    """``with torch.inference_mode():`` (or ``@torch.inference_mode()``): as `no_grad`, which
    is all it means for gradviz; ``inference_mode(False)`` changes nothing."""

    def __init__(self, mode: bool = True) -> None:
        self.mode = bool(mode)

    def __enter__(self) -> None:
        self._previous = is_grad_enabled()
        _state.inference = getattr(_state, "inference", 0) + self.mode
        if self.mode:
            _state.enabled = False

    def __exit__(self, *exc: object) -> None:
        _state.inference -= self.mode
        _state.enabled = self._previous


def is_inference_mode_enabled() -> bool:
    return getattr(_state, "inference", 0) > 0


class enable_grad(no_grad):  # noqa: N801
    def __enter__(self) -> None:
        self._previous = is_grad_enabled()
        _state.enabled = True


class record_constants(contextlib.ContextDecorator):  # noqa: N801 - like no_grad
    """Inside, an op on inputs that need no gradient still remembers how it was made (its
    result still needs no gradient), so a drawn graph shows ``y ──▶ [−] ──▶ −y`` for data
    ``y`` instead of a nameless constant −1.  Backward never walks these ops."""

    def __enter__(self) -> None:
        self._previous = getattr(_state, "constants", False)
        _state.constants = True

    def __exit__(self, *exc: object) -> None:
        _state.constants = self._previous


_tensor_type: type[Tensor] | None = None


def _tensor() -> type[Tensor]:
    """`Tensor`, imported once: tensor.py imports this module, so not at the top."""
    global _tensor_type
    if _tensor_type is None:
        from gradviz.engine.tensor import Tensor

        _tensor_type = Tensor
    return _tensor_type


_profile = None  # the `profiler.profile` running, if any: every op is timed for its table

# Anomaly mode (`engine.anomaly`): ops remember the stack that ran them, and a backward pass
# that computes a NaN raises, naming the node.  Module flags, read in the hot loops.
_anomaly = False
_anomaly_nan = True


def set_anomaly_enabled(enabled: bool, check_nan: bool = True) -> None:
    global _anomaly, _anomaly_nan
    _anomaly, _anomaly_nan = bool(enabled), bool(check_nan)


def is_anomaly_enabled() -> bool:
    return _anomaly


def is_anomaly_check_nan_enabled() -> bool:
    return _anomaly_nan


def _remember_forward(out: Tensor) -> None:
    out._forward_stack = traceback.extract_stack()[:-2]  # less apply and this function


def _nan_check(node: Tensor, arg: int, grad, xp) -> None:
    """Anomaly mode's test of one gradient a node computed: NaN raises PyTorch's error."""
    if getattr(grad, "dtype", None) is None or grad.dtype.kind not in "fc":
        return
    if not bool(xp.isnan(grad).any()):
        return
    from gradviz.engine.printing import node_name

    name = node_name(node)
    stack = getattr(node, "_forward_stack", None)
    if stack is not None:
        warnings.warn(f"Error detected in {name}. Traceback of forward call that caused the "
                      f"error:\n{''.join(traceback.format_list(stack))}", UserWarning,
                      stacklevel=4)
    raise RuntimeError(f"Function '{name}' returned nan values in its {arg}th output.")


def profiling(profile):
    """Make `profile` the one ops report to (None: none); returns the one before."""
    global _profile
    previous, _profile = _profile, profile
    return previous


def active_profile():
    return _profile


def apply(op: Op | str, *inputs: Tensor, **params) -> Tensor:
    if isinstance(op, str):
        op = REGISTRY[op]
    if _profile is not None:
        return _timed(op, inputs, params)
    arrays = [t._data for t in inputs]
    xp = array_module(arrays[0])
    try:
        result = op.forward(xp, *arrays, **params)
        if op.saves:
            result, saved = result
    except np.exceptions.AxisError as exc:  # a dim past the input's: PyTorch's IndexError
        raise dim_error(exc.axis, exc.ndim) from None
    except ValueError:
        # numpy and cupy broadcast by the same rule as `check_broadcast`, so shapes are only
        # checked once the forward has failed, to say which dimension did not fit and why.
        if op.broadcasts:
            check_broadcast(op.name, arrays[0].shape, arrays[1].shape)
        raise
    # PyTorch's result dtype where numpy's differs: a float result, or an integer result of
    # integers of different widths (a reduction of one input keeps numpy's: sum of bools).
    dtype = getattr(result, "dtype", None)
    if dtype is not None and dtype.kind == "u" and dtype.itemsize > 1:
        result = result.astype(dtypes.int64.np)  # the sum of uint8s: int64, as in PyTorch
        dtype = result.dtype
    if dtype is not None and (dtype.kind == "f" or (dtype.kind in "iu" and len(arrays) > 1)):
        for a in arrays:
            if a.dtype != dtype and op.name != "cast":
                if (dtype.kind == "f" and a.dtype.kind != "f"
                        and any(b.dtype == dtype for b in arrays)):
                    continue  # class indices beside logits of the result's type: as PyTorch
                result = _torch_dtype(result, arrays)
                break
    out = (_tensor_type or _tensor())._wrap(result)
    if op.saves:
        out._saved = saved
    if getattr(_state, "enabled", True):  # is_grad_enabled(), inlined: it runs for every op
        for t in inputs:
            if t._requires_grad:
                out._requires_grad = True
                out._op = op
                out._parents = inputs
                out._params = params
                if _anomaly:
                    _remember_forward(out)
                if _versioned:  # which version of each input this op read (`engine.inplace`)
                    out._versions = tuple(getattr(p, "_version", 0) for p in inputs)
                break
        else:
            if getattr(_state, "constants", False):  # `record_constants`: −y of a data y
                out._op, out._parents, out._params = op, inputs, params
    return out


def _timed(op: Op, inputs: tuple, params: dict) -> Tensor:
    """`apply`, its time added to the running profile's row for `op`."""
    global _profile
    profile, _profile = _profile, None
    start = time.perf_counter()
    try:
        return apply(op, *inputs, **params)
    finally:
        _profile = profile
        profile.add(f"aten::{op.name}", time.perf_counter() - start)


# Set once a recorded in-place change has happened: until then no tensor has an older version,
# and recording skips the version bookkeeping.
_versioned = False


def count_versions() -> None:
    global _versioned
    _versioned = True


def resolve_versions(node: Tensor) -> None:
    """Point `node`'s parents at the versions it read: a parent changed in place by a recorded
    change since then keeps that version in its ``_older`` chain (a change no graph recorded
    keeps none: the parent stays).  Each parent changed since is noted, for PyTorch's error
    where the op saved it (`engine.saved_versions`)."""
    versions = getattr(node, "_versions", None)
    if versions is None:  # recorded before the first change in place: every input's first
        if all(getattr(p, "_version", 0) == 0 for p in node._parents):
            return
        versions = (0,) * len(node._parents)
    parents = list(node._parents)
    for i, (parent, version) in enumerate(zip(parents, versions, strict=True)):
        if getattr(parent, "_version", 0) == version:
            continue
        from gradviz.engine.saved_versions import note_stale

        note_stale(node, i, parent, version)
        read = parent
        while read is not None and getattr(read, "_version", 0) != version:
            read = getattr(read, "_older", None)
        parents[i] = parent if read is None else read
    node._parents = tuple(parents)


def _torch_dtype(result, arrays):
    """`result` in PyTorch's dtype: numpy computes ``int64 * float32`` or ``exp`` of integers
    in float64, PyTorch in float32 (the default); a 0-d float64 or int64 joining a float32 or
    int32 tensor keeps the tensor's type."""
    target = dtypes.result_type(arrays)
    if result.dtype.kind == "f" and target.kind != "f":  # exp of integers, true division
        target = dtypes.DEFAULT_FLOAT.np
    if result.dtype == target:
        return result
    with np.errstate(over="ignore"):  # exp(100) of an int64 in float32: inf, silently
        return result.astype(target)


def dim_error(dim: int, ndim: int) -> IndexError:
    """PyTorch's error for a `dim` past a tensor of `ndim` dims (a 0-d one takes 0 and −1)."""
    n = max(ndim, 1)
    return IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                      f"but got {dim})")


class ShapeError(RuntimeError, ValueError):
    """Shapes that do not fit; a RuntimeError as in PyTorch, a ValueError for numpy habits."""


def check_broadcast(name: str, a: tuple[int, ...], b: tuple[int, ...]) -> None:
    """Raise a message naming both shapes and the rule that failed (NumPy's, as PyTorch)."""
    for i in range(1, min(len(a), len(b)) + 1):
        if a[-i] != b[-i] and a[-i] != 1 and b[-i] != 1:
            raise ShapeError(
                f"{name}: shapes {tuple(a)} and {tuple(b)} cannot be broadcast: dimension "
                f"{-i} is {a[-i]} in the first and {b[-i]} in the second (aligned from the "
                "right, sizes must be equal or one of them 1). The size of tensor a "
                f"({a[-i]}) must match the size of tensor b ({b[-i]}) at non-singleton "
                f"dimension {len(a) - i if len(a) >= len(b) else len(b) - i}"
            )


def _saved(node: Tensor) -> object:
    """What the forward of `node`'s op saved for its VJPs; None if nothing (or no longer)."""
    return getattr(node, "_saved", None) if node._op.saves else None


def topological_order(root: Tensor, constants: bool = False) -> list[Tensor]:
    """Every tensor `root` depends on through recorded ops, inputs before results.

    `constants=True` also lists the inputs that need no gradient (the graph recorder draws
    them); they are leaves, so the other tensors keep exactly the order backward uses."""
    order: list[Tensor] = []
    seen: set[int] = set()
    # Depth-first, first parent first.  A node is emitted once every parent pushed above it
    # has been: the None pushed when it is expanded marks that moment.
    expanding: list[Tensor] = []
    stack: list[Tensor | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:
            order.append(expanding.pop())
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        if _versioned:
            resolve_versions(node)
        expanding.append(node)
        stack.append(None)
        for parent in reversed(node._parents):
            if id(parent) not in seen and (constants or parent.requires_grad):
                stack.append(parent)
    return order


SECOND_BACKWARD = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)


def _seed(root: Tensor, gradient: object, index: int = 0):
    """The gradient the pass starts from: 1 for a scalar, else the one given, checked."""
    from gradviz.engine.tensor import Tensor

    if not root.requires_grad:
        raise RuntimeError(
            f"element {index} of tensors does not require grad and does not have a grad_fn"
        )
    data = root._data
    xp = array_module(data)
    if gradient is None:
        if data.size != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
        # A 0-d seed without `ones_like`'s Python-level work: every loss is 0-d.
        return xp.asarray(1, dtype=data.dtype) if not data.ndim else xp.ones_like(data)
    seed = gradient._data if isinstance(gradient, Tensor) else xp.asarray(gradient)
    if seed.shape != data.shape:
        raise RuntimeError(
            f"Mismatch in shape: grad_output[{index}] has a shape of {tuple(seed.shape)} and "
            f"output[{index}] has a shape of {tuple(data.shape)}."
        )
    return seed.astype(data.dtype)


def _propagate(root: Tensor, seed: object, capture: dict[int, object] | None = None) -> list:
    """One backward pass from `root`; returns the tensors whose ops it ran.

    Without `capture`, leaves (and tensors that `retain_grad()`) accumulate into `.grad`.
    With it, nothing's `.grad` changes: the total gradient of each tensor whose id is a key
    is stored there instead (`autograd.grad`)."""
    order = topological_order(root)
    needed = None if capture is None else _leading_to(order, capture)
    if needed is not None:  # autograd.grad runs only the ops between root and its inputs
        order = [n for n in order if id(n) in needed]
        ran = [n for n in order if any(id(p) in needed for p in n._parents)]
    else:
        ran = order
    for node in ran:
        if node._graph_used:
            raise RuntimeError(SECOND_BACKWARD)
    if _versioned:  # a saved tensor changed in place since: PyTorch's error
        from gradviz.engine import saved_versions

        saved_versions.check(ran)
    xp = array_module(root._data)
    grads: dict[int, object] = {id(root): seed}
    pop, get = grads.pop, grads.get
    given: set[int] = set()
    # Grad mode off for the pass, as `with no_grad()` but without a context manager's cost.
    previous = is_grad_enabled()
    _state.enabled = False
    try:
        for node in reversed(order):
            g = pop(id(node), None)
            if g is None:
                continue
            if HOOKED:
                g = hooked(node, g)
            op = node._op
            if capture is not None:
                if id(node) in capture:  # every consumer has added its share by now
                    earlier = capture[id(node)]
                    capture[id(node)] = g if earlier is None else earlier + g
                if op is None:
                    continue
            elif op is None:
                # A fresh array (not a view, not given to another leaf already) is the leaf's
                # to keep; `a + b` hands one array to both, which then get a copy each.
                node._accumulate_grad(g, g.base is None and id(g) not in given)
                given.add(id(g))
                continue
            elif node._retains_grad:
                node._accumulate_grad(g)
            parents = node._parents
            arrays = [p._data for p in parents]
            data, params = node._data, node._params
            saved = _saved(node) if op.saves else None
            for arg, parent in enumerate(parents):
                if parent.requires_grad and (needed is None or id(parent) in needed):
                    # One edge of the chain rule, with the arrays and xp found once per node.
                    grad = contribution(op, arg, g, data, arrays, params, xp, saved)
                    if _anomaly and _anomaly_nan:
                        _nan_check(node, arg, grad, xp)
                    key = id(parent)
                    earlier = get(key)
                    grads[key] = grad if earlier is None else earlier + grad
    finally:
        _state.enabled = previous
    return ran


def _leading_to(order: list, inputs: dict[int, object]) -> set[int]:
    """The ids of the tensors in `order` (inputs before results) that are, or depend on, one
    of `inputs`.  PyTorch's engine, asked for the gradients of these inputs, runs only the
    ops between them and the root: an input's own history is not gone through (nor freed),
    so a program may differentiate with respect to a parameter it rebuilt from the last one."""
    needed: set[int] = set()
    for node in order:
        if id(node) in inputs or any(id(p) in needed for p in node._parents):
            needed.add(id(node))
    return needed


def _mark_used(order: list) -> None:
    for node in order:
        node._graph_used = node._op is not None


def backward(
    root: Tensor, gradient: Tensor | None = None, retain_graph: bool | None = None,
    create_graph: bool = False,
) -> None:
    """Accumulate ∂root/∂leaf into every leaf's `.grad`.

    PyTorch frees a graph's saved values after a backward pass, so a second pass through it
    raises.  gradviz keeps the arrays (the stepper records graphs after backward) and only
    marks the graph's ops as used, to raise the same error; `retain_graph=True` skips the mark.
    `create_graph=True` records the gradients themselves (`engine.higher_order`), and keeps
    the graph unless `retain_graph` says otherwise, as in PyTorch.
    """
    if create_graph:
        from gradviz.engine import higher_order

        order = higher_order.propagate(root, higher_order.seed_tensor(root, gradient))
        if retain_graph is False:
            _mark_used(order)
        return
    order = _propagate(root, _seed(root, gradient))
    if not retain_graph:
        _mark_used(order)


def grad(outputs, inputs, grad_outputs=None, retain_graph: bool | None = None,
         create_graph: bool = False, allow_unused: bool | None = None,
         materialize_grads: bool = False) -> tuple:
    """``torch.autograd.grad``: ∂(Σ outputs)/∂inputs as new tensors; no `.grad` changes."""
    from gradviz.engine.tensor import Tensor

    outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    if grad_outputs is None or isinstance(grad_outputs, Tensor):
        grad_outputs = [grad_outputs] * len(outputs)
    if len(grad_outputs) != len(outputs):
        raise RuntimeError(f"grad requires one grad_output per output: got {len(grad_outputs)} "
                           f"for {len(outputs)} outputs")
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    capture: dict[int, object] = {id(t): None for t in inputs}
    if create_graph:  # the gradients are recorded tensors (`engine.higher_order`)
        from gradviz.engine import higher_order

        seed, propagate = higher_order.seed_tensor, higher_order.propagate
        retain_graph = True if retain_graph is None else retain_graph
    else:
        seed, propagate = _seed, _propagate
    seeds = [seed(out, g, i) for i, (out, g) in enumerate(zip(outputs, grad_outputs,
                                                               strict=True))]
    orders = [propagate(out, s, capture) for out, s in zip(outputs, seeds, strict=True)]
    if not retain_graph:
        for order in orders:
            _mark_used(order)
    results = []
    for index, t in enumerate(inputs):
        g = capture[id(t)]
        if g is None and not (allow_unused or materialize_grads):
            raise RuntimeError(
                f"The differentiated Tensor at index {index} appears to not have been used in "
                "the graph. Set allow_unused=True if this is the desired behavior."
            )
        if g is None:
            results.append(Tensor._wrap(array_module(t._data).zeros_like(t._data))
                           if materialize_grads else None)
        elif create_graph:
            results.append(g)
        else:
            results.append(Tensor._wrap(g.copy()))
    return tuple(results)


def backward_all(tensors, grad_tensors=None, retain_graph: bool | None = None,
                 create_graph: bool = False) -> None:
    """``torch.autograd.backward``: one backward pass per tensor, leaves accumulating all."""
    from gradviz.engine.tensor import Tensor

    tensors = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    if grad_tensors is None or isinstance(grad_tensors, Tensor):
        grad_tensors = [grad_tensors] * len(tensors)
    if create_graph:  # recorded gradients (`engine.higher_order`); the graph is kept
        from gradviz.engine import higher_order

        seed, propagate = higher_order.seed_tensor, higher_order.propagate
        retain_graph = True if retain_graph is None else retain_graph
    else:
        seed, propagate = _seed, _propagate
    seeds = [seed(t, g, i) for i, (t, g) in enumerate(zip(tensors, grad_tensors, strict=True))]
    orders = [propagate(t, s) for t, s in zip(tensors, seeds, strict=True)]
    if not retain_graph:
        for order in orders:
            _mark_used(order)

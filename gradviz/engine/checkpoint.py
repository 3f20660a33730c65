"""``torch.utils.checkpoint``: run a block without keeping its graph, and run it again in the
backward pass to get its gradients, trading compute for memory.

``checkpoint(fn, *args, use_reentrant=True)`` is PyTorch's reentrant form: `fn` runs with
gradients off, its output is one node, ``CheckpointFunctionBackward``, whose backward runs `fn`
again on detached inputs (with the random state of the first run, so dropout draws the same
mask) and back-propagates through that graph: the parameters `fn` uses get their gradients
then, and the inputs theirs.  If no input requires a gradient, the output needs none (and the
parameters inside get none), with PyTorch's warning.  ``use_reentrant=False`` keeps the
block's own graph (its nodes are the ops `fn` ran), which gives the same gradients; PyTorch
recomputes there too (up to the last value its backward needs), to save memory, which gradviz
does not: a block with side effects in its forward (spectral norm's power step, batch norm's
running statistics) makes them once there, where PyTorch's recompute makes them again.
Without ``use_reentrant`` PyTorch warns and takes the reentrant form.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable
from typing import Any

from gradviz.engine import creation
from gradviz.engine.autograd import backward_all, enable_grad, no_grad
from gradviz.engine.autograd_function import Function
from gradviz.engine.nn import Sequential
from gradviz.engine.tensor import Tensor

__all__ = ["CheckpointFunction", "checkpoint", "checkpoint_sequential", "detach_variable",
           "noop_context_fn"]


def noop_context_fn():
    """The default ``context_fn``: no context around either run."""
    return contextlib.nullcontext(), contextlib.nullcontext()


def detach_variable(inputs: tuple) -> tuple:
    """Each tensor detached, keeping whether it requires grad; other values as they are."""
    if not isinstance(inputs, tuple):
        raise RuntimeError("Only tuple of tensors is supported. Got Unsupported input type: "
                           f"{type(inputs).__name__}")
    out = []
    for inp in inputs:
        if isinstance(inp, Tensor):
            x = inp.detach()
            x.requires_grad = inp.requires_grad
            inp = x
        out.append(inp)
    return tuple(out)


class CheckpointFunction(Function):
    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        if not any(a.requires_grad for a in args if isinstance(a, Tensor)):
            warnings.warn("None of the inputs have requires_grad=True. Gradients will be None",
                          stacklevel=4)
        ctx.run_function = run_function
        ctx.preserve_rng_state = preserve_rng_state
        if preserve_rng_state:
            ctx.fwd_cpu_state = creation.get_rng_state()
        ctx.inputs = list(args)
        with no_grad():
            return run_function(*args)

    @staticmethod
    def backward(ctx, *grads):
        inputs = tuple(ctx.inputs)
        if ctx.preserve_rng_state:  # the first run's draws again, the stream after restored
            after = creation.get_rng_state()
            creation.set_rng_state(ctx.fwd_cpu_state)
        try:
            detached = detach_variable(inputs)
            with enable_grad():
                outputs = ctx.run_function(*detached)
        finally:
            if ctx.preserve_rng_state:
                creation.set_rng_state(after)
        if isinstance(outputs, Tensor):
            outputs = (outputs,)
        pairs = [(out, g) for out, g in zip(outputs, grads, strict=False)
                 if isinstance(out, Tensor) and out.requires_grad]
        if not pairs:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is not "
                               "necessary")
        with enable_grad():
            backward_all([out for out, _ in pairs], [g for _, g in pairs])
        return (None, None, *(inp.grad if isinstance(inp, Tensor) else None
                              for inp in detached))


def checkpoint(function: Callable, *args: Any, use_reentrant: bool | None = None,
               context_fn: Callable = noop_context_fn, determinism_check: str = "default",
               debug: bool = False, early_stop: bool = True, **kwargs: Any) -> Any:
    """``torch.utils.checkpoint.checkpoint``: `function(*args)`, its graph recomputed in the
    backward pass (reentrant) or kept (``use_reentrant=False``)."""
    if use_reentrant is None:
        warnings.warn(
            "torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. "
            "Starting in PyTorch 2.9, calling checkpoint without use_reentrant will raise an "
            "exception. use_reentrant=False is recommended, but if you need to preserve the "
            "current default behavior, you can pass use_reentrant=True. Refer to docs for more "
            "details on the differences between the two variants.", stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs and use_reentrant:
        raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))
    if use_reentrant:
        if context_fn is not noop_context_fn or debug is not False:
            raise ValueError("Passing `context_fn` or `debug` is only supported when "
                             "use_reentrant=False.")
        return CheckpointFunction.apply(function, preserve, *args)
    forward_context, _ = context_fn()
    with forward_context:
        return function(*args, **kwargs)


def checkpoint_sequential(functions, segments: int, input: Any,  # noqa: A002 - torch's name
                          use_reentrant: bool | None = None, **kwargs: Any) -> Any:
    """A sequence of modules (or functions) in `segments` pieces, each but the last
    checkpointed."""
    if use_reentrant is None:
        warnings.warn(
            "torch.utils.checkpoint.checkpoint_sequential: the use_reentrant parameter should "
            "be passed explicitly. In version 2.9 we will raise an exception if use_reentrant "
            "is not passed. use_reentrant=False is recommended, but if you need to preserve "
            "the current default behavior, you can pass use_reentrant=True. Refer to docs for "
            "more details on the differences between the two variants.", stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))

    def run_function(start: int, end: int, functions):
        def forward(x):
            for j in range(start, end + 1):
                x = functions[j](x)
            return x
        return forward

    if isinstance(functions, Sequential):
        functions = list(functions.children())
    segment_size = len(functions) // segments
    end = -1
    for start in range(0, segment_size * (segments - 1), segment_size):
        end = start + segment_size - 1
        input = checkpoint(run_function(start, end, functions), input,
                           use_reentrant=use_reentrant, preserve_rng_state=preserve)
    return run_function(end + 1, len(functions) - 1, functions)(input)

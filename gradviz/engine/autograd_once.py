"""``torch.autograd.function.once_differentiable``: a custom Function's backward that is not
itself differentiable.

The decorated backward runs with gradients off.  Where the pass records (``create_graph=True``)
and an upstream gradient requires grad, each gradient it returns comes back as the output of
an ``Error`` node, as in PyTorch: the first backward gives the numbers, and a second one
through them raises "trying to differentiate twice a function that was marked with
@once_differentiable" instead of silently treating them as constants.
"""

from __future__ import annotations

import functools

from gradviz.engine.autograd import is_grad_enabled, no_grad
from gradviz.engine.autograd_function import Function
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor

TWICE = "trying to differentiate twice a function that was marked with @once_differentiable"


class _DelayedError(Function):
    """The identity forward whose backward is the error (PyTorch's ``DelayedError``)."""

    @staticmethod
    def forward(ctx, grad):
        return grad.clone()

    @staticmethod
    def backward(ctx, grad):
        raise RuntimeError(TWICE)


def _erring(value):
    if not isinstance(value, Tensor) or not value.dtype.is_floating_point:
        return value
    return named_node(_DelayedError.apply(value.detach().requires_grad_()), "Error")


def once_differentiable(fn):
    """Decorate a Function's ``backward`` (under ``@staticmethod``) that autograd may not
    differentiate again."""

    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with no_grad():
            outputs = fn(ctx, *args)
        if not is_grad_enabled():
            return outputs
        if not any(isinstance(arg, Tensor) and arg.requires_grad for arg in args):
            return outputs
        if not isinstance(outputs, tuple):
            return _erring(outputs)
        return tuple(_erring(value) for value in outputs)

    return wrapper

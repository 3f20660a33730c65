"""Module hooks, called as `torch.nn.Module` calls them: ``register_forward_pre_hook``,
``register_forward_hook`` and ``register_full_backward_hook``, each returning a handle whose
``remove()`` takes the hook away.

A call with hooks runs, in order: the pre-hooks (each may replace the positional arguments),
``forward``, the forward hooks (each may replace the result).  Backward hooks see the module's
gradients as PyTorch's ``BackwardHook`` does: the module's tensor inputs and its result pass
through an identity `autograd.Function` (``BackwardHookFunction``, which the graph shows, as
PyTorch's ``BackwardHookFunctionBackward``); the result's side keeps ``grad_output``, the
inputs' side calls ``hook(module, grad_input, grad_output)``, whose answer, when not None,
replaces ``grad_input``; ``register_full_backward_pre_hook``'s ``hook(module, grad_output)``
runs on the result's side first and may replace ``grad_output``.  With several tensor
inputs, the hook runs once the last of them has its gradient, and its answer replaces that
one's (the others have gone on already).
"""

from __future__ import annotations

import warnings
from collections import OrderedDict
from typing import Any

from gradviz.engine.autograd_function import Function
from gradviz.engine.hooks import RemovableHandle
from gradviz.engine.tensor import Tensor

_NO_INPUT_GRAD = (
    "Full backward hook is firing when gradients are computed with respect to module outputs "
    "since no inputs require gradients. See https://docs.pytorch.org/docs/main/generated/"
    "torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more details.")


def add_hook(table: OrderedDict, hook, prepend: bool, kwargs_table: OrderedDict | None = None,
             with_kwargs: bool = False) -> RemovableHandle:
    handle = RemovableHandle(table, extra=kwargs_table)
    table[handle.id] = hook
    if with_kwargs and kwargs_table is not None:
        kwargs_table[handle.id] = True
    if prepend:
        table.move_to_end(handle.id, last=False)
    return handle


def call_with_hooks(module, args: tuple, kwargs: dict) -> Any:
    """``module(*args, **kwargs)`` with its hooks, in PyTorch's order."""
    pre_kwargs = module._forward_pre_hooks_with_kwargs
    for hook_id, hook in list(module._forward_pre_hooks.items()):
        if hook_id in pre_kwargs:
            result = hook(module, args, kwargs)
            if result is not None:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError("forward pre-hook must return None or a tuple of "
                                       f"(new_args, new_kwargs), but got {result}.")
                args, kwargs = result
        else:
            result = hook(module, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
    hooked = module._backward_hooks or module._backward_pre_hooks
    backward = _BackwardHooks(module) if hooked else None
    if backward is not None:
        args = backward.wrap_inputs(args)
    result = module.forward(*args, **kwargs)
    with_kwargs = module._forward_hooks_with_kwargs
    for hook_id, hook in list(module._forward_hooks.items()):
        answer = (hook(module, args, kwargs, result) if hook_id in with_kwargs
                  else hook(module, args, result))
        if answer is not None:
            result = answer
    return result if backward is None else backward.wrap_output(result)


class BackwardHookFunction(Function):
    """The identity, whose backward hands its gradient to the module's backward hooks."""

    @staticmethod
    def forward(ctx, x, hooks, side, index):
        ctx.hooks, ctx.side, ctx.index = hooks, side, index
        return x.clone()

    @staticmethod
    def backward(ctx, grad):
        grad = ctx.hooks.gradient(ctx.side, ctx.index, grad)
        return grad, None, None, None


class _BackwardHooks:
    """One call's backward hooks: the gradients of its result, then of its inputs."""

    def __init__(self, module) -> None:
        self.module = module
        self.grad_output: list = []
        self.grad_input: list = []
        self.waiting: set[int] = set()

    def wrap_inputs(self, args: tuple) -> tuple:
        self.grad_input = [None] * sum(isinstance(a, Tensor) for a in args)
        wrapped, k = [], 0
        for a in args:
            if isinstance(a, Tensor):
                if a.requires_grad:
                    self.waiting.add(k)
                    a = BackwardHookFunction.apply(a, self, "input", k)
                k += 1
            wrapped.append(a)
        return tuple(wrapped)

    def wrap_output(self, result):
        outputs = result if isinstance(result, tuple) else (result,)
        self.grad_output = [None] * sum(isinstance(o, Tensor) for o in outputs)
        wrapped, k = [], 0
        for o in outputs:
            if isinstance(o, Tensor):
                if o.requires_grad:
                    o = BackwardHookFunction.apply(o, self, "output", k)
                k += 1
            wrapped.append(o)
        return tuple(wrapped) if isinstance(result, tuple) else wrapped[0]

    def gradient(self, side: str, index: int, grad: Tensor) -> Tensor:
        if side == "output":
            self.grad_output[index] = grad
            for hook in list(self.module._backward_pre_hooks.values()):
                answer = hook(self.module, tuple(self.grad_output))
                if answer is not None:
                    self.grad_output = list(answer if isinstance(answer, tuple | list)
                                            else (answer,))
            if not self.waiting and self.module._backward_hooks:
                # no input wants a gradient: the hooks hear of None
                warnings.warn(_NO_INPUT_GRAD, UserWarning, stacklevel=2)
                self._call()
            return self.grad_output[index]
        self.grad_input[index] = grad
        self.waiting.discard(index)
        if not self.waiting:
            self._call()
        return self.grad_input[index]

    def _call(self) -> None:
        grad_output = tuple(self.grad_output)
        for hook in list(self.module._backward_hooks.values()):
            answer = hook(self.module, tuple(self.grad_input), grad_output)
            if answer is None:
                continue
            answer = answer if isinstance(answer, tuple | list) else (answer,)
            if len(answer) != len(self.grad_input):
                raise RuntimeError(f"Backward hook returned an invalid number of grad_input, "
                                   f"got {len(answer)}, but expected {len(self.grad_input)}")
            self.grad_input = list(answer)

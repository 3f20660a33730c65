"""`gradviz.autograd.function`: ``torch.autograd.function``'s names, ``Function`` and its
``ctx`` and the ``once_differentiable`` decorator for a backward that is not differentiated
again."""

from gradviz.engine.autograd_function import Function, FunctionCtx
from gradviz.engine.autograd_once import once_differentiable

__all__ = ["Function", "FunctionCtx", "once_differentiable"]

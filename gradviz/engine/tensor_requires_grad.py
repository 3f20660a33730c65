"""`Tensor.requires_grad` and `requires_grad_` as PyTorch guards them: only a leaf's flag can
be changed, and only a floating-point tensor can require gradients, each refused in
PyTorch's words (the attribute, the method and the factories word it differently).  The
engine itself sets the flag through the ``_requires_grad`` slot, unchecked."""

from __future__ import annotations

FACTORY_REFUSAL = "Only Tensors of floating point and complex dtype can require gradients"
_NOT_FLOATING = "only Tensors of floating point and complex dtype can require gradients"
_NOT_FLOATING_METHOD = "only Tensors of floating point dtype can require gradients"
_NOT_LEAF = "you can only change requires_grad flags of leaf variables."
_NOT_LEAF_OFF = (_NOT_LEAF + " If you want to use a computed variable in a subgraph that "
                 "doesn't require differentiation use var_no_grad = var.detach().")


def _floating(tensor) -> bool:
    return tensor._data.dtype.kind == "f"


class RequiresGradMethods:
    __slots__ = ()

    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, requires_grad: bool) -> None:
        if self._op is not None:
            raise RuntimeError(_NOT_LEAF if requires_grad else _NOT_LEAF_OFF)
        if requires_grad and not _floating(self):
            raise RuntimeError(_NOT_FLOATING)
        self._requires_grad = requires_grad

    def requires_grad_(self, requires_grad: bool = True):
        if self._op is not None:
            if not requires_grad:
                raise RuntimeError(_NOT_LEAF_OFF)
            return self
        if requires_grad and not _floating(self):
            raise RuntimeError(_NOT_FLOATING_METHOD)
        self._requires_grad = requires_grad
        return self

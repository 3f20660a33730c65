"""A tensor's ``.grad`` and its retention: `GradMethods`, mixed into `Tensor`.

As in PyTorch, only leaves keep their gradient after a backward pass; a non-leaf keeps it once
it calls ``retain_grad()`` (then ``retains_grad`` is True), and reading the ``.grad`` of one
that does not warns, since autograd never fills it.  ``retain_grad()`` on a leaf changes
nothing (a leaf that requires grad keeps its gradient anyway) and on a tensor that does not
require grad is an error.  An op on tensors that do not require grad, recorded for the graph
all the same (a lesson's drawing), makes what PyTorch has as a leaf: its ``.grad`` does not
warn.
"""

from __future__ import annotations

import warnings

NON_LEAF_GRAD = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information.")


class GradMethods:
    __slots__ = ()

    @property
    def grad(self):
        """The gradient a backward pass left here (None before one, and for a non-leaf that
        does not retain its gradient: reading it then warns, as in PyTorch)."""
        if self._op is not None and self.requires_grad and not self._retains_grad:
            warnings.warn(NON_LEAF_GRAD, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value) -> None:
        self._grad = value

    @grad.deleter
    def grad(self) -> None:
        self._grad = None

    @property
    def retains_grad(self) -> bool:
        """Whether this non-leaf keeps its gradient after backward (``retain_grad()``);
        always False for a leaf."""
        return self._op is not None and self._retains_grad

    def retain_grad(self) -> None:
        """Keep this non-leaf's gradient in ``.grad`` after backward; a no-op on a leaf."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._op is not None:
            self._retains_grad = True

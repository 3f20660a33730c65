"""`tensor.grad_fn`: PyTorch's view of the recorded graph, walkable as in a backprop demo.

``y.grad_fn`` is ``<MulBackward0 object at …>``; ``.next_functions`` holds one
``(node, 0)`` pair per input — the input's own ``grad_fn``, an ``AccumulateGrad`` for a
leaf that requires grad (its ``.variable`` is the leaf), or ``None`` for a constant.  The
objects are views made on demand over the tensors: two views of one tensor compare equal.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from gradviz.engine.printing import node_name

if TYPE_CHECKING:
    from gradviz.engine.ops import Op
    from gradviz.engine.tensor import Tensor


class Node:
    """What made a tensor: one op of the graph (PyTorch's ``torch.autograd.graph.Node``)."""

    __slots__ = ("_tensor",)

    def __init__(self, tensor: Tensor) -> None:
        self._tensor = tensor

    def name(self) -> str:
        name = type(self).__name__
        # PyTorch's C++ node of slices copied into a tensor is named with its namespace
        return "torch::autograd::CopySlices" if name == "CopySlices" else name

    @property
    def next_functions(self) -> tuple[tuple[Node | None, int], ...]:
        from gradviz.engine.autograd import resolve_versions

        resolve_versions(self._tensor)  # inputs changed in place since: the versions it read
        parents = self._tensor._parents
        if self._tensor._op.name == "linear" and parents[0].dim() == 2:
            # PyTorch's linear is addmm(b, x, Wᵀ) (mm(x, Wᵀ) without a bias): the bias first,
            # then the input, then W through a TBackward0.
            x, w, *bias = parents
            weight = (_Transposed(w), 0) if w.requires_grad else (None, 0)
            ends = ((node_of(x), 0), weight)
            return ((node_of(bias[0]), 0), *ends) if bias and bias[0] is not None else ends
        return tuple((node_of(parent), 0) for parent in parents)

    @property
    def op(self) -> Op:
        """The registry op behind the node: its symbol, formula and derivative texts."""
        return self._tensor._op

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._tensor is self._tensor

    def __hash__(self) -> int:
        return hash((type(self), id(self._tensor)))

    def __repr__(self) -> str:
        # PyTorch's node of a user's autograd.Function is a Python class of its module (but
        # not one it names as its own, once_differentiable's Error)
        user = self._tensor._op.name == "function" and "_torch_node" not in self._tensor.__dict__
        where = "gradviz.autograd.function." if user else ""
        return f"<{where}{type(self).__name__} object at {id(self._tensor):#x}>"


class AccumulateGrad(Node):
    """Where a leaf's gradient ends up: ``.variable`` is the leaf."""

    __slots__ = ()

    @property
    def variable(self) -> Tensor:
        return self._tensor

    @property
    def next_functions(self) -> tuple:
        return ()

    def name(self) -> str:
        return "torch::autograd::AccumulateGrad"

    def __repr__(self) -> str:
        return f"<AccumulateGrad object at {id(self._tensor):#x}>"


class TBackward0(Node):
    """The transpose PyTorch's linear puts between W and its matrix product."""

    __slots__ = ()

    @property
    def next_functions(self) -> tuple:
        return ((node_of(self._tensor), 0),)

    @property
    def op(self) -> Op:
        from gradviz.engine.ops import REGISTRY

        return REGISTRY["transpose"]


_Transposed = TBackward0


@cache
def _node_class(name: str) -> type[Node]:
    # One class per PyTorch name, so type(y.grad_fn).__name__ == "MulBackward0" too.
    return type(name, (Node,), {"__slots__": ()})


def node_of(tensor: Tensor) -> Node | None:
    """``tensor.grad_fn``, or the ``AccumulateGrad`` of a leaf that requires grad."""
    if tensor._op is not None:
        return _node_class(node_name(tensor))(tensor)
    return AccumulateGrad(tensor) if tensor.requires_grad else None

"""Forward-mode AD with dual tensors, as ``torch.autograd.forward_ad``:

    with dual_level():
        x = make_dual(primal, tangent)
        y = f(x)
        jvp = unpack_dual(y).tangent        # J·tangent

How the tangents are found: from the registry's VJPs, not from a second table of derivatives.
A dual tensor is recorded as any tensor that needs a gradient, so `f`'s ops leave their graph;
`unpack_dual` then walks that graph from the dual tensors forward and gives each op's result
the tangent Σᵢ Jᵢ·tᵢ of its inputs' tangents tᵢ.  Each Jᵢ·tᵢ is the op's own VJP transposed:
the VJP is linear in its upstream gradient u, run on a recorded placeholder u (as
``create_graph=True`` runs it, `engine.higher_order`) it gives Jᵢᵀ·u, and one reverse pass of
⟨Jᵢᵀ·u, tᵢ⟩ with respect to u gives Jᵢ·tᵢ.  This was chosen over hooking every op's forward
(which would need a rule in `autograd.apply` for every op) because the graph is already
there and the VJPs are already checked against PyTorch; the cost is two small passes per op,
for the ops of `higher_order.RECORDED`.  A custom `autograd.Function` gives its tangent with
its own ``jvp`` (`engine.autograd_function.user_tangent`).

Where this differs from PyTorch (a reduced form): a dual tensor made from a tensor that needs
no gradient reports ``requires_grad=True`` (its ops must be recorded), its printout shows no
``tangent=``, and ops run under ``no_grad`` inside the level (or a ``clone``/``to`` of such a
dual tensor, which copies without an op) record nothing and so carry no tangent.  Where a
tensor needs a gradient of its own, its tangent is differentiable, as PyTorch's.  One level
at a time, as PyTorch.
"""

from __future__ import annotations

import contextlib
from typing import NamedTuple

import numpy as np

from gradviz.engine.autograd import enable_grad, grad, topological_order
from gradviz.engine.backend import array_module, to_numpy
from gradviz.engine.creation import zeros_like
from gradviz.engine.higher_order import RECORDED
from gradviz.engine.ops import contribution
from gradviz.engine.recorded_arrays import NotRecorded, Recorded, RecordedArrays, lift
from gradviz.engine.tensor import Tensor

__all__ = ["UnpackedDualTensor", "dual_level", "enter_dual_level", "exit_dual_level",
           "make_dual", "unpack_dual"]


class _Level:
    """The dual level open now: every tensor with a tangent, by id (the tensor kept alive
    with its tangent, so that no id is reused while the level lasts), and the leaves made to
    carry tangents only."""

    def __init__(self) -> None:
        self.tangents: dict[int, tuple[Tensor, Tensor]] = {}
        self.hidden: set[int] = set()


_level: _Level | None = None


def enter_dual_level() -> int:
    """Open the level that `make_dual` and `unpack_dual` use; returns its number, 0."""
    global _level
    if _level is not None:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    _level = _Level()
    return 0


def exit_dual_level(*, level: int | None = None) -> None:
    """Close the level: every tangent made in it is forgotten."""
    global _level
    if level not in (None, 0) or _level is None:
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that "
                           "was created. This is not supported.")
    _level = None


def current_level() -> int | None:
    """The dual level open now (0), or None."""
    return None if _level is None else 0


class dual_level(contextlib.ContextDecorator):  # noqa: N801 - PyTorch's name
    """``with dual_level():`` — the block in which dual tensors live."""

    def __enter__(self) -> int:
        return enter_dual_level()

    def __exit__(self, *exc: object) -> None:
        exit_dual_level()


class UnpackedDualTensor(NamedTuple):
    """What `unpack_dual` returns: ``(primal, tangent)``."""

    primal: Tensor
    tangent: Tensor | None


def make_dual(tensor: Tensor, tangent: Tensor, *, level: int | None = None) -> Tensor:
    """A new tensor with `tensor`'s values (sharing them) and `tangent` as its tangent, kept
    as it is when laid out as `tensor`, else copied into that layout."""
    if _level is None:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, "
                           "make sure to enter_dual_level() first.")
    for name, t in (("primal", tensor), ("tangent", tangent)):
        if t._data.dtype.kind not in "fc":
            raise ValueError(f"Expected {name} to be floating point or complex, but got: "
                             f"{t.dtype}")
    if tuple(tangent.shape) != tuple(tensor.shape):
        raise RuntimeError("Trying to set a forward gradient that has a different size than "
                           "that of the original Tensor, this is not supported. Tensor is of "
                           f"size {list(tensor.shape)} while the given forward gradient is of "
                           f"size {list(tangent.shape)}.")
    if tangent.stride() != tensor.stride():
        xp = array_module(tensor._data)
        layout = xp.empty_like(tensor._data, dtype=tangent._data.dtype)
        layout[...] = tangent._data
        tangent = Tensor._wrap(layout)
    if tensor.requires_grad:  # an alias in the graph: backward still reaches `tensor`
        dual = tensor.view(tensor.shape)
    else:
        dual = Tensor._wrap(tensor._data, requires_grad=True)
        _level.hidden.add(id(dual))
    _level.tangents[id(dual)] = (dual, tangent)
    return dual


def unpack_dual(tensor: Tensor, *, level: int | None = None) -> UnpackedDualTensor:
    """``(primal, tangent)`` of `tensor`: its values, and J·t from the dual tensors it was
    computed from (None outside a level, or for a tensor none of them reaches)."""
    if _level is None:
        return UnpackedDualTensor(tensor, None)
    real = _walk(tensor, _level)
    primal = tensor if real.get(id(tensor), False) else tensor.detach()
    found = _level.tangents.get(id(tensor))
    return UnpackedDualTensor(primal, None if found is None else found[1])


def _walk(tensor: Tensor, level: _Level) -> dict[int, bool]:
    """Give every tensor of `tensor`'s graph that a dual tensor reaches its tangent; returns
    which of them need a gradient for reasons of their own (a leaf other than a dual tensor's
    stand-in reaches them): their tangents are differentiable, as PyTorch's."""
    known, real = level.tangents, {}
    if not tensor.requires_grad:
        return real
    for node in topological_order(tensor):  # inputs before results
        if node._op is None:
            real[id(node)] = id(node) not in level.hidden
            continue
        real[id(node)] = any(real.get(id(p), False) for p in node._parents)
        if id(node) in known:
            continue
        tangents = [known[id(p)][1] if id(p) in known else None for p in node._parents]
        if any(t is not None for t in tangents):
            known[id(node)] = (node, node_tangent(node, tangents, real))
    return real


def node_tangent(node: Tensor, tangents: list[Tensor | None], real: dict[int, bool]) -> Tensor:
    """Σᵢ Jᵢ·tᵢ of the op that made `node`, each term its VJP transposed (see above); the
    tensors that need a gradient of their own stay in the graph, so the tangent is then
    differentiable."""
    op = node._op
    if op.name == "function":
        from gradviz.engine.autograd_function import user_tangent

        return user_tangent(node._params["function"], node._params["ctx"], node._parents,
                            tangents)
    if op.name not in RECORDED:
        raise NotImplementedError(
            f"forward-mode AD: tangents of {op.name} are not computed yet (they come from its "
            "VJP run on recorded values: gradviz.engine.higher_order.RECORDED lists the ops "
            "whose VJPs run so)")

    def held(t: Tensor) -> Tensor:
        return t if real.get(id(t), False) else t.detach()

    if real.get(id(node), False):
        # As in PyTorch's formulas, an input without a tangent counts as a zero tangent: where
        # the result needs a gradient, its tangent then depends on the same primals (and so
        # needs a gradient) as PyTorch's does.
        tangents = [zeros_like(p.detach()) if t is None and p._data.dtype.kind == "f" else t
                    for t, p in zip(tangents, node._parents, strict=True)]
    placeholder = zeros_like(node.detach()).requires_grad_(True)
    xp = RecordedArrays(array_module(node._data))
    upstream, out = Recorded(placeholder), Recorded(held(node))
    inputs = [Recorded(held(p)) for p in node._parents]
    total = None
    with enable_grad():
        for arg, t in enumerate(tangents):
            if t is None:
                continue
            try:
                vjp = contribution(op, arg, upstream, out, inputs, node._params, xp)
            except (NotRecorded, AttributeError, TypeError) as error:
                raise NotImplementedError(f"forward-mode AD: tangents of {op.name} are not "
                                          f"computed yet in this form: its VJP calls {error}, "
                                          "which gradviz does not record") from error
            term = (lift(vjp, out) * t).sum()
            total = term if total is None else total + term
    if total is None or not total.requires_grad:  # an op whose result does not move
        return zeros_like(node.detach())
    keep = real.get(id(node), False) or any(t is not None and t.requires_grad for t in tangents)
    (product,) = grad(total, [placeholder], create_graph=keep)
    return product


def forward_jacobian(func, inputs: tuple) -> list[list]:
    """∂func/∂inputs by forward mode, one dual pass per input element: for each output and
    each input, an array of shape (output elements, input elements), the columns `gradcheck`'s
    ``check_forward_ad`` compares with finite differences.  Opens its own level."""
    columns: list[list[list]] = []
    for k, x in enumerate(inputs):
        for j in range(x.numel()):
            with dual_level():
                duals = []
                for i, t in enumerate(inputs):
                    direction = zeros_like(t.detach())
                    if i == k:
                        direction._data.reshape(-1)[j] = 1
                    duals.append(make_dual(t, direction) if t._data.dtype.kind == "f" else t)
                out = func(*duals)
                outs = out if isinstance(out, tuple | list) else (out,)
                found = [unpack_dual(o).tangent for o in outs]
            if not columns:
                columns = [[[] for _ in inputs] for _ in outs]
            for i, (o, t) in enumerate(zip(outs, found, strict=True)):
                tangent = np.zeros(o.numel()) if t is None else to_numpy(t._data).ravel()
                columns[i][k].append(tangent)
    return [[np.stack(c, axis=1) if c else np.zeros((o.numel(), 0)) for c in row]
            for row, o in zip(columns, outs, strict=True)]

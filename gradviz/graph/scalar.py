"""Expand a small tensor computation to scalars: every element its own `Value` node.

The same lesson can then show a neuron as ``@ → + → σ`` or as each multiply and add.  Each
recorded tensor op is replayed on numpy object arrays of `Value`s by its registry row's own
scalar form (`engine.scalar_forms`): elementwise ops with the row's forward and VJPs at each
element, shape ops only rearranging nodes, reductions and losses by their expansions.  Both
views give the same gradients.
"""

from __future__ import annotations

import numpy as np

from gradviz.catalog.lesson import Message, SaidError
from gradviz.engine.autograd import topological_order
from gradviz.engine.recorded import host_array_of, made_by
from gradviz.engine.scalar_forms import expand_op
from gradviz.engine.tensor import Tensor
from gradviz.engine.value import Value

SCALAR_NODE_LIMIT = 5000


class ScalarLimitError(SaidError):
    """A scalar view over the node limit; `said` names the limit and what to do."""


def _element_name(name: str, index: tuple[int, ...]) -> str:
    return f"{name}[{','.join(map(str, index))}]" if index else name


def expand_to_scalars(root: Tensor, limit: int = SCALAR_NODE_LIMIT) -> Value:
    """The Value whose graph is `root`'s computation element by element."""
    return expand(root, limit)[0]


def expand(root: Tensor, limit: int = SCALAR_NODE_LIMIT) -> tuple[Value, set[int]]:
    """`expand_to_scalars`, plus the ids of the leaf Values that need no gradient (data)."""
    order = topological_order(root, constants=True)
    estimate = node_estimate(root, order)
    if estimate > limit:
        raise ScalarLimitError(Message(
            "the scalar view would need about {n:,} nodes, over the limit of {limit:,}; show "
            "this lesson as tensors ({level}) or make its tensors smaller", n=estimate,
            limit=limit, level='level = "tensor"'))
    arrays: dict[int, np.ndarray] = {}
    constants: set[int] = set()
    for t in order:
        made = made_by(t)
        if made is None:
            data = host_array_of(t).astype(float)
            cells = np.empty(data.shape, dtype=object)
            for index in np.ndindex(data.shape):
                label = _element_name(t.name or "c", index) if t.requires_grad or t.name else ""
                cells[index] = Value(float(data[index]), label=label)
                if not t.requires_grad:
                    constants.add(id(cells[index]))
            arrays[id(t)] = cells
        else:
            out = expand_op(made.op, [arrays[id(p)] for p in made.inputs], made.params)
            out = np.asarray(out, dtype=object).reshape(t.shape)
            if t.name and out.size:
                for index in np.ndindex(out.shape):
                    out[index].label = _element_name(t.name, index)
            arrays[id(t)] = out
    result = arrays[id(root)]
    if result.size != 1:
        raise SaidError(Message("the scalar view needs a single output value, not shape {shape}",
                                shape=tuple(root.shape)))
    return result.reshape(()).item(), constants


def node_estimate(root: Tensor, order: list[Tensor] | None = None) -> int:
    """About how many graph nodes the scalar view of `root` has: each leaf's elements, plus
    what each op's registry row says its expansion makes (`order`: root's
    ``topological_order(root, constants=True)``, when the caller has it already)."""
    total = 0
    for t in order if order is not None else topological_order(root, constants=True):
        made = made_by(t)
        if made is None:
            total += int(np.prod(t.shape))
        else:
            total += made.op.nodes(tuple(t.shape), [tuple(p.shape) for p in made.inputs])
    return total

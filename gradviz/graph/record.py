"""`record(root)`: turn a `Tensor` or `Value` result into a `Graph` of plain, immutable data.

Value nodes and op nodes alternate as in the course's slide.  Argument order and repeated
arguments are kept (``a * a`` has two edges).  Nodes are listed in the engine's topological
order, so replaying the backward pass over them (`backprop.replay_backward`) sums gradients
in the engine's order and every gradient equals the engine's `.grad` exactly.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping

import numpy as np

from gradviz.engine.autograd import topological_order
from gradviz.engine.ops import REGISTRY
from gradviz.engine.recorded import host_array_of, made_by
from gradviz.engine.tensor import Tensor
from gradviz.engine.value import Value
from gradviz.graph.backprop import replay_backward
from gradviz.graph.format import format_scalar
from gradviz.graph.model import OP, VALUE, Edge, Graph, Node

# Unnamed values are named by the op that made them, from its registry row's ``stems``: ``s1``
# for a sum ``a + b``, ``z1`` for ``W @ x``.  The first stem is used unless the user's own names
# already use it (``z``, ``z1``, ``Z2``: compared ignoring case), then the next.  No two stems of
# different ops are the same ignoring case, and none is a letter that reads as a digit (``l``,
# ``I``, ``O``).
OTHER_OP_STEMS = ("t",)  # any other op: ``t1``, then the op's own name (``pow1``)
CONSTANT_STEMS = ("c", "const")  # data that is not one number (one number shows its value)
LEAF_STEMS = ("v", "leaf")  # an unnamed leaf that needs a gradient


class _Namer:
    """Names for unnamed values that never equal, even ignoring case, a name the user gave
    (`reserved`) or another automatic name.  A constant number is named by its value (``2``);
    two constants of the same value share that text."""

    def __init__(self, reserved: Iterable[str]) -> None:
        user = {str(name).casefold() for name in reserved if name}
        self.taken = set(user)  # every name in use, casefolded
        # ``z1`` and the scalar view's ``z1[0,1]`` use the stem ``z``
        self.families = {name.split("[", 1)[0].rstrip("0123456789") for name in user}
        self.stems: dict[tuple[str, ...], str] = {}
        self.counters: dict[str, int] = {}

    def op_result(self, op: str) -> str:
        row = REGISTRY.get(op)
        return self._numbered(row.stems if row and row.stems else (*OTHER_OP_STEMS, op))

    def leaf(self, requires_grad: bool, value) -> str:
        if requires_grad:
            return self._numbered(LEAF_STEMS)
        array = np.asarray(value)
        if array.size == 1 and array.dtype.kind in "biuf":
            text = number_name(array.reshape(()).item())
            if text.casefold() not in self.taken:
                return text
        return self._numbered(CONSTANT_STEMS)

    def _numbered(self, stems: tuple[str, ...]) -> str:
        stem = self.stems.get(stems)
        if stem is None:
            free = [s for s in stems if s.casefold() not in self.families]
            stem = self.stems[stems] = (free or stems)[0]
        n = self.counters.get(stem, 0) + 1
        while f"{stem}{n}".casefold() in self.taken:
            n += 1
        self.counters[stem] = n
        self.taken.add(f"{stem}{n}".casefold())
        return f"{stem}{n}"


def number_name(x) -> str:
    """A constant's value as its node's name: ``2`` (not ``2.0``), ``0.5``, ``-1.5e-05``."""
    if isinstance(x, bool):
        return str(x)
    x = float(x)
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))  # -0.0 -> "0"
    return format_scalar(x)


class _Builder:
    def __init__(self, names: Mapping[int, str] | None, reserved: Iterable[str]):
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.names = dict(names or {})
        self.namer = _Namer([*self.names.values(), *reserved])

    def add(self, **fields) -> int:
        node_id = len(self.nodes)
        self.nodes.append(Node(id=node_id, **fields))
        return node_id

    def add_op(self, name: str, params: dict, n_inputs: int) -> int:
        op = REGISTRY[name]
        # One text per argument: a variadic op's repeated, an optional argument's (Linear
        # without bias) left out.
        derivatives = tuple(op.derivative(i) for i in range(n_inputs))
        # A user's autograd.Function is one box named by its class.
        symbol = getattr(params.get("function"), "__name__", op.symbol)
        return self.add(kind=OP, name=name, symbol=symbol, op=name, formula=op.formula,
                        derivatives=derivatives, params=dict(params))


def record(
    root: Tensor | Value,
    names: Mapping[int, str] | None = None,
    title: str = "",
    constants: set[int] | None = None,
    reserved: Iterable[str] = (),
) -> Graph:
    """Record everything `root` was computed from; `names` maps id(tensor) → display name.

    For scalar graphs, `constants` holds ids of leaf Values that need no gradient (data).
    Values without a name get an automatic one that differs, also ignoring case, from every
    name in `names`, every tensor's ``.name`` or Value's ``.label`` in the graph, and every
    name in `reserved` (say, a lesson's variables that are not on the way to `root`)."""
    if isinstance(root, Value):
        order = root.topological_order()
        builder = _Builder(names, [*reserved, *(v.label for v in order)])
        output = _record_values(builder, order, constants or set())
    elif isinstance(root, Tensor):
        order = list(topological_order(root, constants=True))
        builder = _Builder(names, [*reserved, *(t.name for t in order)])
        output = _record_tensors(builder, order)
    else:
        raise TypeError(f"record() takes a gradviz Tensor or Value, not {type(root).__name__}")
    graph = Graph(tuple(builder.nodes), tuple(builder.edges), output, title)
    return with_gradients(graph)


def with_gradients(graph: Graph) -> Graph:
    """The same graph with every value node's gradient filled in by replaying backward, and
    the replay kept (`Graph.backward`) for the step plan, which shows its flows."""
    steps, grads = replay_backward(graph)
    nodes = tuple(
        dataclasses.replace(n, grad=grads[n.id]) if n.id in grads else n for n in graph.nodes
    )
    return dataclasses.replace(graph, nodes=nodes, backward=tuple(steps))


def _record_tensors(builder: _Builder, order: list[Tensor]) -> int:
    value_id: dict[int, int] = {}
    for t in order:
        op_id = None
        made = made_by(t)
        if made is not None:
            op_id = builder.add_op(made.name, made.params, len(made.inputs))
            for arg, parent in enumerate(made.inputs):
                builder.edges.append(Edge(value_id[id(parent)], op_id, arg))
        array = np.array(host_array_of(t))
        given = builder.names.get(id(t)) or t.name
        name = given or (builder.namer.op_result(made.name) if made
                         else builder.namer.leaf(t.requires_grad, array))
        array.flags.writeable = False
        value_id[id(t)] = builder.add(
            kind=VALUE, name=name, shape=tuple(t.shape), dtype=t.dtype.name, value=array,
            is_leaf=made is None, requires_grad=t.requires_grad, named=bool(given))
        if op_id is not None:
            builder.edges.append(Edge(op_id, value_id[id(t)]))
    return value_id[id(order[-1])]


def _record_values(builder: _Builder, order: list[Value], constants: set[int]) -> int:
    value_id: dict[int, int] = {}
    needs_grad: dict[int, bool] = {}
    for v in order:
        op_id = None
        made = made_by(v)
        if made is not None:
            op_id = builder.add_op(made.name, {}, len(made.inputs))
            for arg, (parent, local) in enumerate(zip(made.inputs, made.local, strict=True)):
                builder.edges.append(Edge(value_id[id(parent)], op_id, arg, float(local)))
        # A constant (a bare number micrograd wraps) needs no gradient; everything else does.
        constant = made is None and (id(v) in constants or (
            not v.label and id(v) not in builder.names))
        # A result made from data alone (``1 − y``) is data too: no gradient reaches it.
        needs_grad[id(v)] = not constant if made is None else any(
            needs_grad[id(parent)] for parent in made.inputs)
        given = builder.names.get(id(v)) or v.label
        name = given or (builder.namer.op_result(made.name) if made
                         else builder.namer.leaf(not constant, v.data))
        value_id[id(v)] = builder.add(
            kind=VALUE, name=name, dtype="float64", value=np.asarray(np.float64(v.data)),
            is_leaf=made is None, requires_grad=needs_grad[id(v)], named=bool(given))
        if op_id is not None:
            builder.edges.append(Edge(op_id, value_id[id(v)]))
    return value_id[id(order[-1])]

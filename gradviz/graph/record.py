"""`record(root)`: turn a `Tensor` or `Value` result into a `Graph` of plain, immutable data.

Value nodes and op nodes alternate as in the course's slide.  Argument order and repeated
arguments are kept (``a * a`` has two edges).  Nodes are listed in the engine's topological
order, so replaying the backward pass over them (`backprop.replay_backward`) sums gradients
in the engine's order and every gradient equals the engine's `.grad` exactly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np

from gradviz.engine.autograd import topological_order
from gradviz.engine.backend import to_numpy
from gradviz.engine.ops import REGISTRY
from gradviz.engine.tensor import Tensor
from gradviz.engine.value import Value
from gradviz.graph.backprop import replay_backward
from gradviz.graph.model import OP, VALUE, Edge, Graph, Node

AUTO_NAMES = {"add": "s", "sub": "d", "mul": "p", "div": "q", "matmul": "z", "linear": "z",
              "sum": "S", "mean": "m", "sigmoid": "a", "tanh": "a", "relu": "a", "leaky_relu": "a",
              "softmax": "a", "exp": "e", "log": "l", "mse_loss": "L", "binary_cross_entropy": "L",
              "binary_cross_entropy_with_logits": "L", "cross_entropy": "L"}


class _Builder:
    def __init__(self, names: Mapping[int, str] | None):
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.names = dict(names or {})
        self.used: dict[str, int] = {}

    def auto_name(self, op: str | None) -> str:
        stem = AUTO_NAMES.get(op or "", "t" if op else "c")
        self.used[stem] = self.used.get(stem, 0) + 1
        return f"{stem}{self.used[stem]}"

    def add(self, **fields) -> int:
        node_id = len(self.nodes)
        self.nodes.append(Node(id=node_id, **fields))
        return node_id

    def add_op(self, name: str, params: dict, n_inputs: int) -> int:
        op = REGISTRY[name]
        # One text per argument: a variadic op's repeated, an optional argument's (Linear
        # without bias) left out.
        derivatives = tuple(op.derivative(i) for i in range(n_inputs))
        return self.add(kind=OP, name=name, symbol=op.symbol, op=name, formula=op.formula,
                        derivatives=derivatives, params=dict(params))


def record(
    root: Tensor | Value,
    names: Mapping[int, str] | None = None,
    title: str = "",
    constants: set[int] | None = None,
) -> Graph:
    """Record everything `root` was computed from; `names` maps id(tensor) → display name.

    For scalar graphs, `constants` holds ids of leaf Values that need no gradient (data)."""
    builder = _Builder(names)
    if isinstance(root, Value):
        output = _record_values(builder, root, constants or set())
    elif isinstance(root, Tensor):
        output = _record_tensors(builder, root)
    else:
        raise TypeError(f"record() takes a gradviz Tensor or Value, not {type(root).__name__}")
    graph = Graph(tuple(builder.nodes), tuple(builder.edges), output, title)
    return with_gradients(graph)


def with_gradients(graph: Graph) -> Graph:
    """The same graph with every value node's gradient filled in by replaying backward."""
    _, grads = replay_backward(graph)
    nodes = tuple(
        dataclasses.replace(n, grad=grads[n.id]) if n.id in grads else n for n in graph.nodes
    )
    return dataclasses.replace(graph, nodes=nodes)


def _record_tensors(builder: _Builder, root: Tensor) -> int:
    value_id: dict[int, int] = {}
    for t in topological_order(root, constants=True):
        op_id = None
        if t._op is not None:
            op_id = builder.add_op(t._op.name, t._params, len(t._parents))
            for arg, parent in enumerate(t._parents):
                builder.edges.append(Edge(value_id[id(parent)], op_id, arg))
        name = builder.names.get(id(t)) or t.name or builder.auto_name(
            t._op.name if t._op else None)
        array = np.array(to_numpy(t._data))
        array.flags.writeable = False
        value_id[id(t)] = builder.add(
            kind=VALUE, name=name, shape=tuple(t.shape), dtype=t.dtype.name, value=array,
            is_leaf=t._op is None, requires_grad=t.requires_grad)
        if op_id is not None:
            builder.edges.append(Edge(op_id, value_id[id(t)]))
    return value_id[id(root)]


def _record_values(builder: _Builder, root: Value, constants: set[int]) -> int:
    value_id: dict[int, int] = {}
    needs_grad: dict[int, bool] = {}
    for v in root.topological_order():
        op_id = None
        if v._prev:
            op_id = builder.add_op(v._op, {}, len(v._prev))
            for arg, (parent, local) in enumerate(zip(v._prev, v._local, strict=True)):
                builder.edges.append(Edge(value_id[id(parent)], op_id, arg, float(local)))
        # A constant (a bare number micrograd wraps) needs no gradient; everything else does.
        constant = not v._prev and (id(v) in constants or (
            not v.label and id(v) not in builder.names))
        needs_grad[id(v)] = not constant
        name = builder.names.get(id(v)) or v.label or builder.auto_name(v._op or None)
        value_id[id(v)] = builder.add(
            kind=VALUE, name=name, dtype="float64", value=np.asarray(np.float64(v.data)),
            is_leaf=not v._prev, requires_grad=needs_grad[id(v)])
        if op_id is not None:
            builder.edges.append(Edge(op_id, value_id[id(v)]))
    return value_id[id(root)]

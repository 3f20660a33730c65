"""Plain-data records of a computation graph: what the stepper, the layout and the view read.

A `Graph` alternates value nodes and op nodes, as the course's slide draws it:
``x ──▶ [*] ──▶ a ──▶ [+] ──▶ b``.  Edges go from a value node into an op node
(``arg`` is the argument position, so ``a * a`` has two edges with arg 0 and 1) and from an
op node to the value node it produced (``arg`` 0).  Arrays are host numpy arrays, never
mutated after recording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

VALUE = "value"
OP = "op"


@dataclass(frozen=True)
class Node:
    id: int
    kind: str  # VALUE or OP
    name: str  # value: its name or label; op: the registry op name
    symbol: str = ""  # op: what the box shows ("*", "+", "Σ", "σ", "@", ...)
    op: str | None = None  # op: registry name
    shape: tuple[int, ...] = ()
    dtype: str = "float32"
    value: np.ndarray | None = None  # value nodes: forward value
    grad: np.ndarray | None = None  # value nodes: gradient after the backward pass
    formula: str = ""  # op: e.g. "σ(z) = 1/(1+e^(−z))"
    derivatives: tuple[str, ...] = ()  # op: local derivative text per argument
    is_leaf: bool = False
    requires_grad: bool = False
    params: dict = field(default_factory=dict)  # op: keyword arguments (dim=1, ...)
    named: bool = True  # value: its name is the lesson's or the user's, not one gradviz made up

    @property
    def is_op(self) -> bool:
        return self.kind == OP


@dataclass(frozen=True)
class Edge:
    src: int
    dst: int
    arg: int = 0
    local: float | None = None  # scalar graphs: ∂dst-op's result/∂src, computed in the forward


@dataclass(frozen=True)
class EdgeFlow:
    """One edge of the backward pass: what flows back from edge.dst (an op) to edge.src."""

    edge: Edge
    local: np.ndarray | None  # ∂result/∂src as a number, when that is one number (scalars)
    value: np.ndarray  # the contribution upstream × local, in src's shape
    running: np.ndarray  # src's gradient after adding this contribution
    count: int  # how many contributions src has received so far (1, 2, ...)


@dataclass(frozen=True)
class OpBackward:
    """One op's backward step: the gradient that reaches its result, and its edges' flows."""

    op_node: int
    result: int  # the value node the op produced
    upstream: np.ndarray  # ∂out/∂result
    flows: tuple[EdgeFlow, ...]


@dataclass(frozen=True)
class Graph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    output: int  # id of the value node backward starts from
    title: str = ""
    # The backward pass, op by op in the engine's order (`backprop.replay_backward`): `record`
    # replays it once, for the gradients, and the step plan shows these same flows.  None for
    # a graph built by hand: the step plan replays it then.
    backward: tuple[OpBackward, ...] | None = None
    # Nodes drawn together in a labelled frame (`gradviz.graph.groups.Group`), from a
    # lesson's [groups]; none for a graph built by hand.
    groups: tuple = ()

    def node(self, node_id: int) -> Node:
        return self.nodes[node_id]

    def inputs_of(self, node_id: int) -> list[Edge]:
        """Edges into a node, in argument order."""
        return self._adjacency[0].get(node_id, [])

    def outputs_of(self, node_id: int) -> list[Edge]:
        return self._adjacency[1].get(node_id, [])

    @cached_property
    def _adjacency(self) -> tuple[dict[int, list[Edge]], dict[int, list[Edge]]]:
        # Built once per graph (cached_property writes the instance dict, frozen or not).
        into: dict[int, list[Edge]] = {}
        out: dict[int, list[Edge]] = {}
        for e in self.edges:
            into.setdefault(e.dst, []).append(e)
            out.setdefault(e.src, []).append(e)
        for edges in into.values():
            edges.sort(key=lambda e: e.arg)
        return into, out

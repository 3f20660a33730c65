"""Groups of nodes drawn in one frame: a layer ``Linear + σ`` as "capa 1", a loss as one box.

`find_groups(graph, wanted)` turns a lesson's `[groups]` (each a key, a label and the drawn
names of its values) into `Group`s of node ids: the named value nodes (in the scalar view
every element ``z1[0,1]`` of ``z1``), the ops that produce them, and the unnamed values that
only the group uses, with their ops (the ``W1 @ x`` inside ``z1 = W1 @ x + b1``).
`closed_groups(graph, step)` says which groups stay one closed box at a step while the
lecture shows its groups collapsed: all but those the step enters.  No Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from gradviz.graph.model import Graph
from gradviz.graph.stepstate import FORWARD, Step

_INDEX = re.compile(r"(\[[0-9, ]*\])+")  # the scalar view's element index: x[0,1]


@dataclass(frozen=True)
class Group:
    key: str
    label: str  # the frame's title
    nodes: frozenset[int]
    output: int | None = None  # the value node that leaves the group (its box's number)


def _base(name: str, drawn: set[str]) -> str | None:
    """The drawn name a node's name is, or is an element of."""
    if name in drawn:
        return name
    found = _INDEX.search(name)
    while found:
        head = name[:found.start()]
        if head in drawn and _INDEX.fullmatch(name[found.start():]):
            return head
        found = _INDEX.search(name, found.start() + 1)
    return None


def find_groups(graph: Graph, wanted: Iterable[tuple[str, str, Iterable[str]]]
                ) -> tuple[Group, ...]:
    """One `Group` per (key, label, drawn names) with at least one node in `graph`."""
    wanted = [(key, label, set(names)) for key, label, names in wanted]
    every = {name for _, _, names in wanted for name in names}
    base = {n.id: _base(n.name, every) for n in graph.nodes if not n.is_op}
    producer = {e.dst: e.src for e in graph.edges if graph.nodes[e.src].is_op}
    taken: set[int] = set()
    groups = []
    for key, label, names in wanted:
        members = {i for i, b in base.items() if b in names}
        members |= {producer[i] for i in members if i in producer}
        grown = True
        while grown:  # unnamed values only this group uses join it, with their ops
            grown = False
            for op in [i for i in members if graph.nodes[i].is_op]:
                for e in graph.inputs_of(op):
                    v = e.src
                    node = graph.nodes[v]
                    if v in members or v in taken or node.named or base.get(v):
                        continue
                    if all(out.dst in members for out in graph.outputs_of(v)):
                        members.add(v)
                        if v in producer:
                            members.add(producer[v])
                        grown = True
        members -= taken
        if not members:
            continue
        taken |= members
        leaving = [i for i in members if not graph.nodes[i].is_op and (
            i == graph.output or any(e.dst not in members for e in graph.outputs_of(i)))]
        groups.append(Group(key, label, frozenset(members), max(leaving, default=None)))
    return tuple(groups)


def group_of(groups: Iterable[Group]) -> dict[int, int]:
    """node id → index of its group."""
    return {node: k for k, group in enumerate(groups) for node in group.nodes}


def step_touches(graph: Graph, step: Step) -> set[int]:
    """The nodes a step talks about: its node; in the forward pass the inputs of the op it
    computes (a value's step: its op's); in the backward pass both ends of every edge its
    contributions travel along."""
    touched = {step.node}
    if step.phase == FORWARD:
        op = step.node if graph.nodes[step.node].is_op else next(
            (e.src for e in graph.inputs_of(step.node) if graph.nodes[e.src].is_op), None)
        if op is not None:
            touched |= {op} | {e.src for e in graph.inputs_of(op)}
    for contribution in step.contributions:
        touched |= {contribution.edge.src, contribution.edge.dst}
    return touched


def closed_groups(graph: Graph, step: Step | None = None) -> frozenset[int]:
    """The groups drawn as one box while the lesson's groups are collapsed: every group but
    those the step enters (holding a node it talks about, `step_touches`)."""
    touched = step_touches(graph, step) if step is not None else set()
    return frozenset(k for k, group in enumerate(graph.groups)
                     if not group.nodes & touched)

"""Replay the backward pass on a recorded `Graph`, edge by edge, with the engine's own VJPs.

Tensor graphs call `ops.contribution` — the function `.backward()` calls — on the recorded
arrays, in the engine's order, so running sums end bit-for-bit at the engine's `.grad`.
Scalar (`Value`) graphs multiply the local derivative each edge recorded in the forward pass,
as `Value.backward` does.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine.ops import REGISTRY, contribution
from gradviz.graph.model import Edge, EdgeFlow, Graph, OpBackward


def consumers(graph: Graph) -> dict[int, int]:
    """How many gradient contributions each value node will receive."""
    counts: dict[int, int] = {}
    for e in graph.edges:
        src = graph.nodes[e.src]
        if graph.nodes[e.dst].is_op and src.requires_grad:
            counts[e.src] = counts.get(e.src, 0) + 1
    return counts


def replay_backward(graph: Graph) -> tuple[list[OpBackward], dict[int, np.ndarray]]:
    """Every op's backward step, in the engine's order, and every value node's final gradient."""
    out = graph.nodes[graph.output]
    grads: dict[int, np.ndarray] = {graph.output: np.ones_like(np.asarray(out.value))}
    received: dict[int, int] = {}
    result_of = {e.src: e.dst for e in graph.edges if graph.nodes[e.src].is_op}
    inputs_of: dict[int, list[Edge]] = {}
    for e in graph.edges:
        if graph.nodes[e.dst].is_op:
            inputs_of.setdefault(e.dst, []).append(e)
    steps: list[OpBackward] = []
    for node in reversed(graph.nodes):
        if not node.is_op or result_of.get(node.id) not in grads:
            continue
        result = result_of[node.id]
        upstream = grads[result]
        edges = sorted(inputs_of.get(node.id, []), key=lambda e: e.arg)
        flows = []
        for e in edges:
            parent = graph.nodes[e.src]
            if not parent.requires_grad:
                continue
            value, local = _flow(graph, node, result, edges, e, upstream)
            running = value if e.src not in grads else grads[e.src] + value
            grads[e.src] = running
            received[e.src] = received.get(e.src, 0) + 1
            flows.append(EdgeFlow(e, local, value, running, received[e.src]))
        steps.append(OpBackward(node.id, result, upstream, tuple(flows)))
    return steps, grads


def _flow(graph, op_node, result, edges, edge, upstream):
    if edge.local is not None:  # scalar graph: exactly Value.backward's `local * g`
        local = np.float64(edge.local)
        return np.asarray(local * upstream), local
    op = REGISTRY[op_node.op]
    inputs = [np.asarray(graph.nodes[e.src].value) for e in edges]
    value = contribution(op, edge.arg, upstream, graph.nodes[result].value, inputs, op_node.params)
    local = None
    if all(a.size == 1 for a in inputs) and np.asarray(upstream).size == 1:
        one = np.ones_like(upstream)
        local = contribution(op, edge.arg, one, graph.nodes[result].value, inputs, op_node.params)
    return value, local

"""Hand-built graphs and step states for the layout, view and export tests.

`slide_graph()` is the course slide's ``c = Σ(x·y + z)``: value nodes x, y, z, a, b, c and op
nodes ``*``, ``+``, ``Σ``, with real numbers (scalars, or 3×4 tensors with ``tensor=True``).
"""

from __future__ import annotations

import numpy as np

from gradviz.graph.model import OP, VALUE, Edge, Graph, Node
from gradviz.graph.stepstate import BACKWARD, FORWARD, Contribution, Step, StepState

# Node ids of the slide graph.
X, Y, MUL, A, Z, ADD, B, SUM, C = range(9)


def slide_graph(tensor: bool = False) -> Graph:
    rng = np.random.default_rng(0)
    if tensor:
        x, y, z = (rng.standard_normal((3, 4)).round(3) for _ in range(3))
    else:
        x, y, z = np.array(3.0), np.array(-2.0), np.array(0.5)
    a = x * y
    b = a + z
    c = np.array(b.sum())
    ones = np.ones_like(b)

    def value(i, name, v, g, leaf=False):
        return Node(i, VALUE, name, shape=v.shape, value=v, grad=g, is_leaf=leaf,
                    requires_grad=True, dtype="float64")  # fmt: skip

    def op(i, name, symbol):
        return Node(i, OP, name, symbol=symbol, op=name)

    nodes = (
        value(X, "x", x, y * ones, leaf=True),
        value(Y, "y", y, x * ones, leaf=True),
        op(MUL, "mul", "*"),
        value(A, "a", a, ones),
        value(Z, "z", z, ones, leaf=True),
        op(ADD, "add", "+"),
        value(B, "b", b, ones),
        op(SUM, "sum", "Σ"),
        value(C, "c", c, np.array(1.0)),
    )
    edges = (
        Edge(X, MUL, 0),
        Edge(Y, MUL, 1),
        Edge(MUL, A),
        Edge(A, ADD, 0),
        Edge(Z, ADD, 1),
        Edge(ADD, B),
        Edge(B, SUM, 0),
        Edge(SUM, C),
    )
    return Graph(nodes, edges, output=C, title="c = Σ(x·y + z)")


def square_graph() -> Graph:
    """``b = a * a``: one op with the same parent twice."""
    a = np.array(2.0)
    nodes = (
        Node(0, VALUE, "a", value=a, is_leaf=True, requires_grad=True),
        Node(1, OP, "mul", symbol="*", op="mul"),
        Node(2, VALUE, "b", value=a * a, requires_grad=True),
    )
    return Graph(nodes, (Edge(0, 1, 0), Edge(0, 1, 1), Edge(1, 2)), output=2)


def forward_state(graph: Graph) -> StepState:
    """Forward pass, just computed the ``*`` op (a is known, b and c are not)."""
    step = Step(FORWARD, MUL, {"es": "a = x · y", "en": "a = x · y"})
    known = frozenset({X, Y, Z, MUL, A})
    return StepState(3, step, known, {}, frozenset({X, Y, Z, MUL, A}))


def backward_state(graph: Graph) -> StepState:
    """Backward pass at the ``+`` op: ∂c/∂b flows back to a and z."""
    upstream = graph.node(B).grad
    contributions = (
        Contribution(Edge(A, ADD, 0), upstream, upstream, {"es": "∂c/∂a", "en": "∂c/∂a"}),
        Contribution(Edge(Z, ADD, 1), upstream, upstream, {"es": "∂c/∂z", "en": "∂c/∂z"}),
    )
    step = Step(BACKWARD, ADD, {"es": "regla de la cadena", "en": "chain rule"}, contributions)
    grads = {C: graph.node(C).grad, B: upstream, A: upstream, Z: upstream}
    values = frozenset(range(len(graph.nodes)))
    return StepState(12, step, values, grads, frozenset({C, SUM, B, ADD}))


def generated_graph(n_nodes: int, seed: int = 0) -> Graph:
    """A random scalar DAG of about `n_nodes` nodes: ops take recent values as inputs."""
    rng = np.random.default_rng(seed)
    nodes: list[Node] = []
    edges: list[Edge] = []
    values: list[int] = []
    for i in range(4):
        nodes.append(Node(i, VALUE, f"x{i}", value=np.array(rng.standard_normal()), is_leaf=True))
        values.append(i)
    while len(nodes) + 2 <= n_nodes:
        op_id = len(nodes)
        symbol = "*+"[int(rng.integers(2))]
        nodes.append(Node(op_id, OP, "mul" if symbol == "*" else "add", symbol=symbol))
        window = values[-8:]
        parents = rng.choice(window, size=2, replace=True)
        edges += [Edge(int(parents[0]), op_id, 0), Edge(int(parents[1]), op_id, 1)]
        out = op_id + 1
        nodes.append(Node(out, VALUE, f"v{out}", value=np.array(rng.standard_normal())))
        edges.append(Edge(op_id, out))
        values.append(out)
    return Graph(tuple(nodes), tuple(edges), output=values[-1])


def assert_stepper_matches_engine(loss, leaves, ops: set[str]) -> None:
    """Backward `loss`, record and step its graph: each leaf's final gradient in the stepper
    equals the engine's `.grad`, and every op in `ops` is a node of the graph."""
    from gradviz.graph.record import record
    from gradviz.graph.steps import StepPlan

    loss.backward()
    graph = record(loss)
    plan = StepPlan(graph)
    final = plan.state(plan.last)
    by_name = {n.name: n.id for n in graph.nodes if not n.is_op}
    for t in leaves:
        np.testing.assert_allclose(final.grads[by_name[t.name]], t.grad.numpy(), rtol=1e-12)
    assert ops <= {n.op for n in graph.nodes if n.is_op}


def assert_scalar_view_matches_engine(loss, leaves) -> None:
    """Backward `loss` and expand it to scalars: each element of each leaf gets the engine's
    gradient for that element."""
    import pytest

    from gradviz.graph.record import record
    from gradviz.graph.scalar import expand_to_scalars

    loss.backward()
    grads = {n.name: n.grad for n in record(expand_to_scalars(loss)).nodes if not n.is_op}
    for t in leaves:
        for index in np.ndindex(t.shape):
            label = f"{t.name}[{','.join(map(str, index))}]"
            assert grads[label] == pytest.approx(t.grad.numpy()[index], rel=1e-9, abs=1e-12)

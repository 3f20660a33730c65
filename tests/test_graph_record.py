"""Recorded graphs, step plans and the scalar view: structure, texts and exact gradients."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz as gv
from gradviz.graph.format import format_array
from gradviz.graph.record import record
from gradviz.graph.scalar import ScalarLimitError, expand_to_scalars
from gradviz.graph.steps import StepPlan
from gradviz.graph.stepstate import BACKWARD, FORWARD


def _named(t, name):
    t.name = name
    return t


def slide_graph(n=3, d=4, scalar=False):
    gv.manual_seed(0)
    shape = () if scalar else (n, d)
    x = _named(gv.randn(*shape, requires_grad=True), "x")
    y = _named(gv.randn(*shape, requires_grad=True), "y")
    z = _named(gv.randn(*(() if scalar else (1, d)), requires_grad=True), "z")
    a = _named(x * y, "a")
    b = _named(a + z, "b")
    c = _named(b.sum(), "c")
    c.backward()
    return (x, y, z), c


def test_slide_graph_alternates_value_and_op_nodes():
    _, c = slide_graph()
    g = record(c)
    names = [n.name if not n.is_op else n.symbol for n in g.nodes]
    assert names == ["x", "y", "*", "a", "z", "+", "b", "Σ", "c"]
    for e in g.edges:  # every edge joins a value node and an op node
        assert g.nodes[e.src].is_op != g.nodes[e.dst].is_op
    assert g.nodes[g.output].name == "c"


def test_repeated_argument_keeps_both_edges():
    a = _named(gv.tensor(3.0, requires_grad=True), "a")
    b = a * a
    b.backward()
    g = record(b)
    op = next(n for n in g.nodes if n.is_op)
    assert [e.arg for e in g.inputs_of(op.id)] == [0, 1]
    plan = StepPlan(g)
    assert plan.state(plan.last).grads[0] == pytest.approx(6.0)


def _assert_plan_matches_engine(leaves, root):
    g = record(root)
    plan = StepPlan(g)
    final = plan.state(plan.last)
    by_name = {n.name: n.id for n in g.nodes if not n.is_op}
    for t in leaves:
        got = final.grads[by_name[t.name]]
        assert np.array_equal(got, t.grad.numpy()), t.name  # bit for bit
        assert np.array_equal(g.nodes[by_name[t.name]].grad, t.grad.numpy())
    return g, plan


def test_last_step_gradients_equal_engine_exactly_with_broadcast_and_fan_out():
    gv.manual_seed(3)
    x = _named(gv.randn(4, 3, requires_grad=True), "x")
    w = _named(gv.randn(3, 2, requires_grad=True), "w")
    b = _named(gv.randn(2, requires_grad=True), "b")
    h = _named((x @ w + b).sigmoid(), "h")
    loss = _named((h * h + h.tanh()).mean() + (x * 0.5).sum(), "L")
    loss.backward()
    _assert_plan_matches_engine([x, w, b], loss)


def test_scalar_values_record_and_step():
    a = gv.Value(2.0, label="a")
    b = gv.Value(-3.0, label="b")
    c = (a * b + a).tanh()
    c.label = "c"
    c.backward()
    g = record(c)
    plan = StepPlan(g)
    final = plan.state(plan.last)
    ids = {n.name: n.id for n in g.nodes if not n.is_op}
    assert final.grads[ids["a"]] == a.grad and final.grads[ids["b"]] == b.grad


def test_plan_orders_forward_then_backward_and_states_are_pure():
    _, c = slide_graph(scalar=True)
    plan = StepPlan(record(c))
    phases = [s.phase for s in plan.steps]
    assert phases == [FORWARD] * 3 + [BACKWARD] * (len(phases) - 3)
    assert plan.backward_start == 3
    before = plan.state(5)
    plan.state(plan.last), plan.state(-1)
    again = plan.state(5)
    assert before.values == again.values and before.done == again.done
    assert before.grads.keys() == again.grads.keys()
    assert plan.state(-1).grads == {} and plan.state(-1).step is None
    # Forward steps reveal values one op at a time; gradients appear only backward.
    assert len(plan.state(0).values) == len(plan.state(-1).values) + 1
    assert plan.state(plan.backward_start - 1).grads == {}


def test_step_texts_write_the_chain_rule_with_numbers_in_both_languages():
    _, c = slide_graph(scalar=True)
    plan = StepPlan(record(c))
    texts = [s.text for s in plan.steps]
    assert any("∂c/∂a = ∂c/∂b · ∂b/∂a = 1.0 · 1.0 = 1.0" in t["es"] for t in texts)
    assert texts[plan.backward_start]["en"].startswith("Backward pass starts")
    assert texts[0]["es"].startswith("Paso hacia adelante")


def test_step_text_is_written_when_shown_not_when_the_plan_is_made(monkeypatch):
    from gradviz.graph import step_text

    _, c = slide_graph()
    graph = record(c)
    written = []
    monkeypatch.setattr(step_text, "format_array",
                        lambda a, **k: written.append(a.shape) or format_array(a, **k))
    plan = StepPlan(graph)
    assert written == []  # no number formatted for any of the plan's steps
    k = plan.backward_start + 1
    english = plan.steps[k].text["en"]
    assert written and english.startswith("Backward step")
    count = len(written)
    assert plan.steps[k].text["en"] is english and len(written) == count  # written once
    assert plan.steps[k].text["es"].startswith("Paso hacia atrás")
    assert dict(plan.steps[k].text).keys() == {"es", "en"}


def test_value_used_twice_gets_an_accumulation_step():
    x = _named(gv.tensor(2.0, requires_grad=True), "x")
    c = _named(x * 3 + x.exp(), "c")
    c.backward()
    g, plan = _assert_plan_matches_engine([x], c)
    acc = [s for s in plan.steps if s.node == 0 and s.phase == BACKWARD]
    assert len(acc) == 1 and "+" in acc[0].text["en"] and "2 times" in acc[0].text["en"]


def test_broadcast_step_says_it_sums():
    _, c = slide_graph()
    plan = StepPlan(record(c))
    z_step = next(s for s in plan.steps if any(ct.edge.src == 4 for ct in s.contributions))
    assert "broadcast" in z_step.text["en"]
    contribution = next(ct for ct in z_step.contributions if ct.edge.src == 4)
    assert contribution.value.shape == (1, 4)


def test_backward_is_replayed_once_by_record_and_shown_by_the_plan(monkeypatch):
    from gradviz.graph import steps

    _, c = slide_graph()
    graph = record(c)

    def again(graph):
        raise AssertionError("the step plan replayed the backward pass again")

    monkeypatch.setattr(steps, "replay_backward", again)
    plan = StepPlan(graph)
    final = plan.state(plan.last)
    for node in graph.nodes:
        if node.grad is not None:
            assert np.array_equal(final.grads[node.id], node.grad)


def test_the_graph_layer_reads_the_engine_through_its_public_node_api():
    # `engine.recorded` (made_by, array_of) is the way in; the engine's slots may change.
    import pathlib
    import re

    import gradviz.graph

    private = re.compile(r"(?<!self)\.(_op|_parents|_params|_data|_prev|_local|_saved)\b")
    for path in pathlib.Path(gradviz.graph.__file__).parent.glob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not private.search(line), f"{path.name}:{number}: {line.strip()}"


def test_formula_words_come_in_the_step_text_s_language():
    x = _named(gv.tensor([1.0, -2.0], requires_grad=True), "x")
    c = _named(gv.relu(x).sum(), "c")
    c.backward()
    texts = [s.text for s in StepPlan(record(c)).steps]
    relu_back = next(t for t in texts if "ReLU" in t["en"] and "∂c/∂x" in t["en"])
    assert "1 if x > 0, 0 if x < 0" in relu_back["en"] and " si " not in relu_back["en"]
    assert "1 si x > 0, 0 si x < 0" in relu_back["es"]


def test_a_loss_says_it_sums_only_over_a_broadcast_target():
    # The broadcast line follows the row's flag and the inputs' shapes, not the output's:
    # mse_loss reduces to one number, yet only the (4,) target was broadcast.
    x = _named(gv.randn(3, 4, requires_grad=True), "x")
    y = _named(gv.randn(4, requires_grad=True), "y")
    loss = _named(gv.nn.functional.mse_loss(x, y), "L")
    loss.backward()
    step = next(s for s in StepPlan(record(loss)).steps if len(s.contributions) == 2)
    x_text, y_text = (ct.text["en"] for ct in step.contributions)
    assert "broadcast" in y_text and "broadcast" not in x_text


def test_scalar_view_gives_the_same_gradients_as_the_tensor_view():
    gv.manual_seed(1)
    x = _named(gv.randn(2, 3, dtype=gv.float64, requires_grad=True), "x")
    w = _named(gv.randn(3, 1, dtype=gv.float64, requires_grad=True), "w")
    b = _named(gv.randn(1, dtype=gv.float64, requires_grad=True), "b")
    loss = _named(((x @ w + b).sigmoid() - 1.0).pow(2).mean(), "L")
    loss.backward()
    g = record(expand_to_scalars(loss))
    grads = {n.name: n.grad for n in g.nodes if not n.is_op}
    for t in (x, w, b):
        for index in np.ndindex(t.shape):
            name = f"{t.name}[{','.join(map(str, index))}]"
            assert grads[name] == pytest.approx(t.grad.numpy()[index], rel=1e-12)


def test_scalar_view_limit_is_a_clear_error():
    x = gv.randn(80, 80, requires_grad=True)
    with pytest.raises(ScalarLimitError, match="5,000"):
        expand_to_scalars((x @ x).sum())


def test_long_chain_records_without_recursion():
    x = _named(gv.tensor(1.0, requires_grad=True), "x")
    y = x
    for _ in range(3000):
        y = y * 1.0
    y.backward()
    g = record(y)
    assert len(g.nodes) > 9000
    assert StepPlan(g).state(0).step.phase == FORWARD

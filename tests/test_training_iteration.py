"""Stepping into one iteration of a training run: the graph of its forward and backward
pass has the run's weights and gradients, and its last steps are the parameter updates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gradviz.graph.format import format_scalar
from gradviz.graph.stepstate import BACKWARD
from gradviz.lesson.iteration import iteration_lesson
from gradviz.lesson.prepare import prepare_lesson

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _spiral(text_change=None, tmp_path=None):
    path = EXAMPLES / "entrenamiento_espiral_relu.toml"
    if text_change is not None:
        changed = tmp_path / path.name
        changed.write_text(path.read_text("utf-8").replace(*text_change), "utf-8")
        path = changed
    prepared = prepare_lesson(path)
    run = prepared.start()
    run.advance(40)  # past a checkpoint, so some states are replayed
    return prepared, run


def _values(lesson):
    return {n.name: n for n in lesson.graph.nodes if not n.is_op}


@pytest.mark.parametrize("k", [3, 35])
def test_the_graph_has_the_runs_weights_and_gradients(k):
    prepared, run = _spiral()
    lesson = iteration_lesson(prepared, run, k)
    state, nodes = run.state_at(k), _values(lesson)
    for i, layer in enumerate(state.layers, start=1):
        np.testing.assert_array_equal(nodes[f"W{i}"].value, layer.weight.astype(np.float32))
        np.testing.assert_allclose(nodes[f"W{i}"].grad, layer.grad, rtol=0, atol=1e-7)
        np.testing.assert_allclose(nodes[f"b{i}"].grad, layer.bias_grad, rtol=0, atol=1e-7)
    assert float(nodes["J"].value) == pytest.approx(run.history[k].loss, abs=1e-7)
    assert nodes["X"].shape == (30, 2)


def test_the_last_steps_are_the_updates_with_numbers():
    prepared, run = _spiral()
    lesson = iteration_lesson(prepared, run, 5)
    plan, nodes = lesson.plan, _values(lesson)
    updates = plan.steps[-6:]  # W1, b1, W2, b2, W3, b3
    assert [lesson.graph.nodes[s.node].name for s in updates] == ["W1", "b1", "W2", "b2",
                                                                  "W3", "b3"]
    assert all(s.phase == BACKWARD for s in updates)
    adam = updates[0].caption["en"]
    assert adam.heading.startswith("adam moves W^[1] by ΔW")
    assert "ΔW =" in updates[0].text["en"] and "ΔW" in updates[0].text["es"]
    assert "Actualización" not in updates[0].text["es"]  # Adam's words, not SGD's
    final = plan.state(plan.last)
    assert nodes["W1"].id in final.done
    np.testing.assert_array_equal(final.grads[nodes["W1"].id], nodes["W1"].grad)


def test_a_plain_gradient_step_is_written_with_its_learning_rate(tmp_path):
    prepared, run = _spiral(('optimizer = "adam"', 'optimizer = "sgd"'), tmp_path)
    lesson = iteration_lesson(prepared, run, 2)
    step = lesson.plan.steps[-2]  # W3's update
    caption = step.caption["es"]
    assert caption.heading == "Actualización de W^[3]: un paso contra el gradiente, α = 0.01"
    bias = run.state_at(2).layers[2]  # b3: one number before, the gradient, one after
    numbers = lesson.plan.steps[-1].caption["en"].numbers()
    written = [format_scalar(float(v[0])).replace("-", "−")
               for v in (bias.bias, bias.bias_grad, bias.bias_after)]
    assert numbers == [written[0], "0.01", written[1], written[2]]
    assert bias.bias_after[0] == pytest.approx(bias.bias[0] - 0.01 * bias.bias_grad[0])
    assert "W^[3] ← W^[3] − α · ∂J/∂W^[3]" in step.text["en"]


def test_one_record_of_the_batch_goes_through_alone():
    prepared, run = _spiral()
    lesson = iteration_lesson(prepared, run, 4, record_index=7)
    nodes = _values(lesson)
    assert nodes["X"].shape == (1, 2) and nodes["y"].shape == (1, 1)
    record = run.batch_indices(4)[7]
    np.testing.assert_array_equal(nodes["X"].value[0], run.setup.data.x[record].astype(
        np.float32))
    # its gradient is that record's alone: not the batch's
    assert not np.allclose(nodes["W1"].grad, run.state_at(4).layers[0].grad)

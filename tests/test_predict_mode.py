"""Predict-the-gradient mode: each step forward comes with its new number as "?" — in the
lecture's state, on the node, on the edge and in the caption band — until it is revealed;
stepping back, turning the mode off and exports show the numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradviz.graph.caption import NUMBER, Run
from gradviz.graph.layout import layout_positions
from gradviz.graph.stepstate import BACKWARD, FORWARD
from gradviz.graph.veil import VEIL, hidden_nodes
from gradviz.lecture import Lecture
from gradviz.lesson.prepare import prepare_lesson

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def neuron_scalar():
    prepared = prepare_lesson(EXAMPLES / "neurona_sigmoide_escalar.toml")
    return prepared, layout_positions(prepared.graph)


def lecture_on(prepared_layout, lang="en") -> Lecture:
    lecture = Lecture(language=lang)
    lecture.show_lesson(*prepared_layout)
    return lecture


def numbers(caption) -> list[str]:
    return caption.numbers()


def test_off_by_default_and_nothing_hidden(neuron):
    lecture = lecture_on(neuron)
    lecture.step = 0
    assert not lecture.predicting and not lecture.veiled
    assert lecture.state().veiled == frozenset()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_step_forward_is_veiled_until_revealed(neuron, lang):
    lecture = lecture_on(neuron, lang)
    heard_predicting, heard_veiled = [], []
    lecture.events.predicting.connect(heard_predicting.append)
    lecture.events.veiled.connect(heard_veiled.append)
    lecture.predicting = True
    assert heard_predicting == [True]
    plan = lecture.prepared.plan
    for k in range(len(plan)):
        lecture.step = k
        assert lecture.veiled
        shown, true = lecture.state(), plan.state(k)
        assert shown.veiled == hidden_nodes(lecture.prepared.graph, true.step) != frozenset()
        veiled_caption = shown.step.caption[lang]
        caption = true.step.caption[lang]
        assert VEIL in numbers(veiled_caption)
        assert len(numbers(veiled_caption)) < len(numbers(caption)) or \
            numbers(veiled_caption) != numbers(caption)
        ask = "Predict the ? before it is revealed" if lang == "en" else \
            "Predigan el ? antes de revelarlo"
        assert ask in veiled_caption.notes
        assert "?" in shown.step.text[lang]
        # the numbers the room already knows stay: the upstream gradient of a backward step
        if true.step.phase == BACKWARD and true.step.contributions:
            upstream = Run(format_number(true.step.contributions[0].upstream), NUMBER)
            if upstream.text in numbers(caption) and k > plan.backward_start:
                assert upstream.text in numbers(veiled_caption)
        assert lecture.reveal()
        assert not lecture.veiled and not lecture.reveal()
        assert lecture.state().veiled == frozenset()
        assert lecture.state().step.caption[lang] == caption
    assert heard_veiled == [False] * len(plan)


def format_number(a) -> str:
    from gradviz.graph.caption import number

    return number(a).text


def test_back_and_off_show_the_numbers(neuron):
    lecture = lecture_on(neuron)
    lecture.predicting = True
    lecture.step = 2
    assert lecture.veiled
    lecture.step = 1  # a step seen already
    assert not lecture.veiled
    lecture.step = 2
    assert lecture.veiled
    said = []
    lecture.events.veiled.connect(said.append)
    lecture.predicting = False
    assert not lecture.veiled and said == [False]
    lecture.step = 3
    assert not lecture.veiled


def test_the_plan_and_exports_stay_revealed(neuron):
    lecture = lecture_on(neuron)
    lecture.predicting = True
    lecture.step = 1
    plan = lecture.prepared.plan
    assert plan.state(1).veiled == frozenset()
    assert VEIL not in plan.steps[1].caption["en"].numbers()


def test_the_inspector_hides_what_flows_back(neuron):
    lecture = lecture_on(neuron)
    lecture.predicting = True
    lecture.step = lecture.prepared.plan.backward_start + 1
    shown = lecture.inspection()
    assert len(shown.tensors) <= 1  # the upstream gradient only
    for node_id in lecture.state().veiled:
        lecture.selected = node_id
        assert lecture.inspection().grad is None
    lecture.reveal()
    lecture.selected = next(iter(lecture.state().step.contributions)).edge.src
    assert lecture.inspection().grad is not None


def test_forward_results_and_gradients_are_question_marks_on_the_nodes(qapp, neuron_scalar):
    from test_notation_names import painted, scene_for

    prepared = neuron_scalar[0]
    lecture = lecture_on(neuron_scalar)
    scene = scene_for(prepared)
    lecture.predicting = True
    lecture.step = 0
    (result,) = lecture.state().veiled
    assert lecture.state().step.phase == FORWARD
    scene.show_state(lecture.state())
    item = scene.nodes[result]
    assert item.veiled and item.known
    texts = [t[0] for t in painted(item).texts]
    assert "?" in texts
    lecture.reveal()
    scene.show_state(lecture.state())
    assert not item.veiled
    assert "?" not in [t[0] for t in painted(item).texts]
    # a backward step: the contribution on the edge and the gradient on the node
    lecture.step = prepared.plan.backward_start + 1
    state = lecture.state()
    scene.show_state(state)
    contribution = state.step.contributions[0]
    parent = scene.nodes[contribution.edge.src]
    assert "∂ = ?" in [t[0] for t in painted(parent).texts]
    labels = [label for label in scene.labels.values() if label.isVisible()]
    assert labels and all(label.text == "?" for label in labels)
    lecture.reveal()
    scene.show_state(lecture.state())
    assert all(label.text != "?" for label in scene.labels.values() if label.isVisible())
    assert "∂ = ?" not in [t[0] for t in painted(parent).texts]


def test_the_caption_band_shows_the_veil(qtbot, neuron):
    from gradviz.app.caption_band import CaptionBand

    lecture = lecture_on(neuron)
    band = CaptionBand()
    qtbot.addWidget(band)
    band.resize(1600, 300)
    band.follow(lecture)
    lecture.predicting = True
    lecture.step = 0
    assert VEIL in band.caption.numbers()
    lecture.reveal()
    assert VEIL not in band.caption.numbers()

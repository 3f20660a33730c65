"""The lecture's state and player, without Qt: events fire once per real change.

`Lecture` (lesson, step, selection, language, theme, text size) and `Player` (play, pause,
speed, position over frames) are plain objects; these tests drive them as the window's
widgets do and listen the way the widgets listen, with plain callbacks.
"""

from __future__ import annotations

import pytest

from gradviz.lecture import Event, Lecture, Player
from gradviz.lecture.player import TICK_MS


def heard(event: Event) -> list:
    """Everything `event` says from now on."""
    said: list = []
    event.connect(said.append)
    return said


def node_named(lecture: Lecture, name: str):
    return next(n for n in lecture.prepared.graph.nodes if not n.is_op and n.name == name)


# ── events ───────────────────────────────────────────────────────────────────────────────
def test_an_event_calls_each_callback_in_order_until_disconnected():
    event: Event[int] = Event("step")
    calls = []

    def once(value):
        calls.append(("once", value))
        event.disconnect(once)  # a callback may leave while the event is being emitted

    event.connect(once)
    event.connect(lambda value: calls.append(("always", value)))
    event.emit(1)
    event.emit(2)
    assert calls == [("once", 1), ("always", 1), ("always", 2)]
    event.disconnect(once)  # already gone: nothing happens


@pytest.mark.parametrize("field, value", [("language", "en"), ("theme", "dark"),
                                          ("text_scale", 1.5)])
def test_each_view_option_fires_once_and_only_when_it_changes(field, value):
    lecture = Lecture()
    said = heard(getattr(lecture.events, field))
    setattr(lecture, field, value)
    setattr(lecture, field, value)
    assert said == [value] and getattr(lecture, field) == value


def test_unknown_languages_and_themes_are_refused():
    with pytest.raises(ValueError, match="language"):
        Lecture(language="fr")
    with pytest.raises(ValueError, match="theme"):
        Lecture().theme = "sepia"


def test_the_text_size_stays_between_half_and_three():
    lecture = Lecture(text_scale=9)
    assert lecture.text_scale == 3.0
    lecture.scale_text(1 / 1.15)
    assert lecture.text_scale == round(3.0 / 1.15, 3)
    for _ in range(20):
        lecture.scale_text(1 / 1.15)
    assert lecture.text_scale == 0.5


# ── the lesson and the step ──────────────────────────────────────────────────────────────
def test_without_a_lesson_there_is_no_step(neuron):
    lecture = Lecture()
    said = heard(lecture.events.step)
    lecture.step = 3
    assert lecture.step == -1 and lecture.state() is None and lecture.inspection() is None
    assert said == []


def test_a_new_lesson_fires_prepared_once_with_its_step_and_no_selection(neuron):
    lecture = Lecture()
    lecture.show_lesson(*neuron)
    lecture.step = 4
    lecture.selected = node_named(lecture, "w").id
    said = {name: heard(getattr(lecture.events, name)) for name in ("prepared", "step",
                                                                       "selected")}
    lecture.show_lesson(*neuron, step=2)
    assert said == {"prepared": [neuron[0]], "step": [], "selected": []}
    assert lecture.step == 2 and lecture.selected is None
    assert lecture.state().index == 2


def test_the_step_is_clamped_to_the_plan(lecture):
    said = heard(lecture.events.step)
    last = lecture.prepared.plan.last
    lecture.step = 99
    lecture.step = last + 1
    lecture.step = -5
    assert said == [last, -1]


def test_jumps(lecture):
    plan = lecture.prepared.plan
    lecture.jump_to("backward")
    assert lecture.step == plan.backward_start
    lecture.jump_to("last")
    assert lecture.step == plan.last
    lecture.jump_to("first")
    assert lecture.step == -1


def test_a_step_taken_clears_the_selection_before_anyone_hears_of_it(lecture):
    b = node_named(lecture, "b").id
    lecture.selected = b
    seen = []
    lecture.events.step.connect(lambda k: seen.append((k, lecture.selected)))
    lecture.step = -1  # before the first step there is nothing to explain: b stays
    assert lecture.selected == b
    lecture.step = 0
    assert seen == [(0, None)]
    lecture.selected = b
    lecture.step = 0  # the step already shown, asked for again: back to its explanation
    assert lecture.selected is None


def test_the_step_is_the_players_position(lecture):
    said = heard(lecture.events.step)
    lecture.player.play()
    lecture.player.tick()
    lecture.player.tick()
    assert lecture.step == 1 and said == [0, 1]


def test_find_value_names_value_nodes_only(lecture):
    assert lecture.find_value(" w ") == node_named(lecture, "w").id
    assert lecture.find_value("nothing") is None


# ── what the inspector explains ──────────────────────────────────────────────────────────
def test_inspection_explains_the_step_in_the_lectures_language(lecture):
    lecture.step = lecture.prepared.plan.backward_start
    step = lecture.state().step
    shown = lecture.inspection()
    assert shown.step_text == step.text["es"] and shown.node.id == step.node
    lecture.language = "en"
    assert lecture.inspection().step_text == step.text["en"]


def test_inspection_of_a_selected_node_shows_its_note_not_the_step(lecture):
    lecture.step = lecture.prepared.plan.last
    w = node_named(lecture, "w")
    lecture.selected = w.id
    shown = lecture.inspection()
    assert shown.node is w and shown.step_text == "" and shown.tensors == []
    assert shown.grad is lecture.state().grads[w.id]
    assert shown.note.startswith("∂a/∂w")
    lecture.language = "en"
    assert lecture.inspection().note == "each weight's gradient is z's gradient times its input."


def test_inspection_of_an_op_names_its_result_and_arguments(lecture):
    graph = lecture.prepared.graph
    matmul = next(n for n in graph.nodes if n.is_op and n.op == "matmul")
    lecture.selected = matmul.id
    result, args = lecture.inspection().names
    assert args == ["x", "w"] and result


def test_inspection_of_a_backward_step_lists_its_arrays(lecture):
    plan = lecture.prepared.plan
    k = next(k for k in range(plan.backward_start, len(plan))
             if plan.state(k).step.contributions)
    lecture.step = k
    labels = [label for label, _ in lecture.inspection().tensors]
    assert labels[0].startswith("∂a/∂") and all(x.startswith("→ ∂a/∂") for x in labels[1:])


# ── the player ───────────────────────────────────────────────────────────────────────────
def test_seek_clamps_and_fires_only_when_it_moves():
    player = Player(0, 10)
    said = heard(player.events.position)
    player.seek(4)
    player.position = 4
    player.step_by(20)
    player.step_by(-30)
    assert said == [4, 10, 0]


def test_play_runs_to_the_last_frame_and_stops():
    player = Player(-1, 2)
    playing = heard(player.events.playing)
    player.play()
    for _ in range(5):
        player.tick()
    assert player.position == 2 and not player.playing
    assert playing == [True, False]
    player.tick()  # a paused player ignores a late tick
    assert player.position == 2


def test_play_from_the_end_starts_again_and_toggle_pauses():
    player = Player(0, 3)
    player.seek(3)
    player.toggle()
    assert player.playing and player.position == 0
    player.toggle()
    assert not player.playing


def test_speed_is_frames_a_second_one_frame_a_tick():
    player = Player(0, 10)
    said = heard(player.events.speed)
    player.speed = 4.0
    player.speed = 4.0
    assert said == [4.0] and player.tick_ms == 250 and player.stride == 1
    with pytest.raises(ValueError):
        player.speed = 0


@pytest.mark.parametrize("frames, stride", [(1000, 4), (20, 1), (5000, 20)])
def test_a_whole_play_takes_about_whole_in_seconds(frames, stride):
    player = Player(0, frames, whole_in=10.0)
    assert player.tick_ms == TICK_MS and player.stride == stride


def test_reset_changes_the_frames_without_an_event():
    player = Player(0, 10)
    player.seek(8)
    said = heard(player.events.position)
    player.reset(0, 5, 8)
    assert (player.first, player.last, player.position) == (0, 5, 5) and said == []

"""Each widget on one plain `Lecture` (or `Player`), checked both ways, napari's habit.

Model → widget: a field written into the lecture shows in the widget, and the widget does
not write it back.  Widget → model: the lecturer's click, drag or choice lands in the
lecture.  One model, one widget per test, offscreen, with pytest-qt's ``qtbot``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QSlider

from gradviz.app.binding import PlayerTimer, blocked, listen
from gradviz.app.controls import SPEEDS, StepControls
from gradviz.app.inspector import Inspector
from gradviz.app.lesson_page import LessonPage
from gradviz.app.surface_page import SurfacePage
from gradviz.lecture import Event, Lecture, Player
from gradviz.lesson.scene import load_scene

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ROSENBROCK = EXAMPLES / "optim_rosenbrock.toml"

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    return widget


def node_named(lecture: Lecture, name: str):
    return next(n for n in lecture.prepared.graph.nodes if not n.is_op and n.name == name)


# ── the helpers ──────────────────────────────────────────────────────────────────────────
def test_blocked_silences_a_widget_and_restores_it(qtbot):
    box = shown(qtbot, QCheckBox())
    heard = []
    box.toggled.connect(heard.append)
    with blocked(box):
        box.setChecked(True)
    box.setChecked(False)
    assert heard == [False] and not box.signalsBlocked()


def test_listen_stops_when_the_widget_is_gone(qtbot):
    event: Event[int] = Event("value")
    slider = QSlider()
    listen(slider, event, slider.setValue)
    event.emit(7)
    assert slider.value() == 7
    slider.deleteLater()
    qtbot.waitUntil(lambda: len(event) == 0, timeout=2000)
    event.emit(8)  # no callback into a deleted widget


def test_player_timer_plays_a_player_to_its_end(qtbot):
    player = Player(0, 5, speed=50.0)
    timer = PlayerTimer(player)
    player.play()
    assert timer.isActive() and timer.interval() == player.tick_ms == 20
    qtbot.waitUntil(lambda: not player.playing, timeout=3000)
    assert player.position == 5 and not timer.isActive()
    player.speed = 4.0
    assert timer.interval() == 250
    timer.deleteLater()


# ── step controls ────────────────────────────────────────────────────────────────────────
def test_controls_show_the_lecture(qtbot, lecture):
    controls = shown(qtbot, StepControls(lecture))
    plan = lecture.prepared.plan
    assert (controls.slider.minimum(), controls.slider.maximum()) == (-1, plan.last)
    heard = []
    lecture.events.step.connect(heard.append)
    lecture.step = 3  # shown by the controls, not written back by them
    lecture.player.speed = 4.0
    assert heard == [3]
    assert controls.slider.value() == 3 and controls.label.text() == controls.describe(3)
    assert controls.speed.currentData() == 4.0
    lecture.player.play()
    assert controls.playing
    lecture.player.pause()
    assert not controls.playing


def test_controls_write_into_the_lecture(qtbot, lecture):
    controls = shown(qtbot, StepControls(lecture))
    controls.slider.setValue(4)
    assert lecture.step == 4
    qtbot.mouseClick(controls.buttons["next"], Qt.MouseButton.LeftButton)
    assert lecture.step == 5
    qtbot.mouseClick(controls.buttons["backward"], Qt.MouseButton.LeftButton)
    assert lecture.step == lecture.prepared.plan.backward_start
    controls.speed.setCurrentIndex(SPEEDS.index(0.5))
    assert lecture.player.speed == 0.5
    qtbot.mouseClick(controls.buttons["play"], Qt.MouseButton.LeftButton)
    assert lecture.player.playing
    qtbot.mouseClick(controls.buttons["play"], Qt.MouseButton.LeftButton)
    assert not lecture.player.playing


def test_controls_follow_a_new_lesson(qtbot, neuron):
    lecture = Lecture()
    controls = shown(qtbot, StepControls(lecture))
    assert controls.count == 0
    lecture.show_lesson(*neuron, step=2)
    assert controls.count == len(neuron[0].plan) and controls.slider.value() == 2


# ── inspector ────────────────────────────────────────────────────────────────────────────
def test_the_inspector_follows_step_selection_language_and_text_size(qtbot, lecture):
    inspector = shown(qtbot, Inspector())
    inspector.follow(lecture)
    lecture.step = lecture.prepared.plan.backward_start
    step = lecture.state().step
    assert step.text["es"].splitlines()[0] in inspector.toPlainText()
    lecture.language = "en"
    assert step.text["en"].splitlines()[0] in inspector.toPlainText()
    lecture.selected = node_named(lecture, "b").id
    assert inspector.toPlainText().startswith("b ")
    lecture.text_scale = 2.0
    assert inspector.scale == 2.0


# ── the graph canvas ─────────────────────────────────────────────────────────────────────
def test_the_lesson_page_draws_the_lectures_step_and_theme(qtbot, lecture):
    page = shown(qtbot, LessonPage(lecture))
    lecture.show_lesson(lecture.prepared, lecture.layout, step=1)
    scene = page.scene
    assert page.canvas.scene() is scene and len(scene.nodes) == len(lecture.prepared.graph.nodes)
    assert scene.state.index == 1
    lecture.step = 4
    assert scene.state.index == 4
    lecture.theme = "dark"
    assert scene.theme.name == "dark"
    lecture.language = "en"
    assert scene.lang == "en"
    lecture.show_lesson(lecture.prepared, lecture.layout)
    assert page.scene is not scene  # a new lesson, a new scene


def test_a_click_on_a_node_selects_it_in_the_lecture(qtbot, lecture):
    page = shown(qtbot, LessonPage(lecture))
    lecture.show_lesson(lecture.prepared, lecture.layout)
    page.resize(1000, 600)
    w = node_named(lecture, "w")
    centre = page.node_center(w.id)
    page.canvas.centerOn(centre)
    qtbot.mouseClick(page.canvas.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.canvas.mapFromScene(centre))
    assert lecture.selected == w.id
    assert page.inspector.toPlainText().startswith("w ")


# ── the optimizer page ───────────────────────────────────────────────────────────────────
@pytest.fixture
def race(qtbot, lecture):
    page = shown(qtbot, SurfacePage(lecture=lecture))
    page.resize(1200, 800)
    scene = load_scene(ROSENBROCK)
    page.load(replace(scene, steps=30))
    yield page
    page.stop()


def test_the_optimizer_page_follows_the_lectures_look(race, lecture):
    lecture.theme = "dark"
    assert race.plot.style_.name == "dark"
    lecture.language = "en"
    assert race.plot.lang == "en"
    lecture.text_scale = 2.0
    assert race.font().pixelSize() == 34


def test_the_optimizer_page_writes_its_look_into_the_lecture(race, lecture):
    race.set_theme("dark")
    race.set_language("en")
    race.set_scale(1.5)
    assert (lecture.theme, lecture.language, lecture.text_scale) == ("dark", "en", 1.5)


def test_the_optimizer_pages_player_and_scrubber_agree(qtbot, race):
    player = race.player
    assert (player.first, player.last) == (0, race.last_step)
    player.seek(7)
    assert race.slider.value() == 7 and race.step == 7
    race.slider.setValue(12)
    assert player.position == 12
    qtbot.mouseClick(race.play_button, Qt.MouseButton.LeftButton)
    assert player.playing and race.play_button.isChecked()
    player.pause()
    assert not race.play_button.isChecked()

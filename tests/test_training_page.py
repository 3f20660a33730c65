"""The training page, driven as the lecturer drives it: play and pause (training in slices),
scrub back through the record, a live change of the learning rate (and a bad one), the
pictures equal to the run's arrays, the back row's numbers in presenter mode, and the window
stepping into an iteration and back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gradviz.app import i18n
from gradviz.app.training_page import TrainingPage
from gradviz.lesson.prepare import prepare_lesson

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SPIRAL = EXAMPLES / "entrenamiento_espiral_relu.toml"
DIGITS = EXAMPLES / "entrenamiento_digitos.toml"
SCREENS = {(1920, 1080): 30.0, (1280, 720): 20.0}  # the back row: 2.8 % of the lines

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


@pytest.fixture
def page(qtbot):
    was = i18n.current()
    i18n.set_language("es")  # the course's language, as the window installs it
    page = TrainingPage()
    qtbot.addWidget(page)
    page.resize(1400, 900)
    prepared = prepare_lesson(SPIRAL)
    page.load(prepared.start(), prepared.title)
    yield page
    i18n.set_language(was)


def shown_loss(page) -> str:
    return page.numbers.labels["loss"].text()


def play_frames(page, n: int) -> None:
    for _ in range(n):
        page.frame()  # what the page's timer calls every frame


def test_play_trains_in_slices_and_pause_stops(page):
    assert page.step == 0 and page.source.last == 0  # iteration 0 is there to explain
    page.toggle_play()
    assert page.playing and page.play_button.isChecked() and page.timer.isActive()
    play_frames(page, 4)
    last = page.source.last
    assert 4 <= last <= 4 * page.per_frame  # a slice a frame, never the whole run at once
    assert page.step == last and page.slider.value() == last
    record = page.source.record(last)
    assert shown_loss(page).endswith(f"{record.loss:.4g}")
    page.toggle_play()
    assert not page.playing and not page.timer.isActive()
    play_frames(page, 3)
    assert page.source.last == last  # paused: nothing more is trained


def test_scrub_back_shows_the_recorded_iteration(page):
    page.toggle_play()
    play_frames(page, 5)
    page.stop()
    last = page.source.last
    page.slider.setValue(3)  # the lecturer drags the scrubber back
    assert page.step == 3
    state = page.source.state(3)
    assert shown_loss(page).endswith(f"{state.record.loss:.4g}")
    images = page.panels.weights.images()
    for drawn, layer in zip(images, state.layers, strict=True):
        np.testing.assert_array_equal(drawn[0], layer.weight)
        np.testing.assert_array_equal(drawn[1], layer.grad)
        np.testing.assert_allclose(drawn[2], layer.weight - state.record.lr * layer.grad)
    page.set_step(last + 50)  # past the record: the newest iteration, nothing trained
    assert page.step == last and page.source.last == last
    page.set_step(2)
    page.toggle_play()  # playing from back in the record replays it before training more
    page.frame()
    assert page.step == 2 + page.per_frame and page.source.last == last
    page.step_by(-1)
    assert page.step == 1 + page.per_frame


def test_one_iteration_at_a_time(page):
    page.step_by(1)  # at the newest iteration: one more is trained
    assert page.source.last == 1 and page.step == 1
    page.step_by(1)
    assert page.source.last == 2 and page.step == 2
    page.step_by(-2)
    page.step_by(1)  # inside the record: only moves
    assert page.step == 1 and page.source.last == 2


def test_a_live_lr_change_restarts_the_run_and_a_bad_one_changes_nothing(page):
    page.toggle_play()
    play_frames(page, 3)
    old_run = page.source.run
    old_losses = [r.loss for r in old_run.history]
    page.knobs.edit("lr", "0,05")  # a Spanish keyboard's decimal comma
    run = page.source.run
    assert run is not old_run and run.setup.train.optimization.lr == 0.05
    assert page.source.last == 0 and page.step == 0
    assert page.playing  # it goes on playing, with the new rate
    assert page.numbers.labels["lr"].text() == "α = 0.05"
    play_frames(page, 3)
    # Same initial weights and batches: iteration 0 agrees, later ones differ with the rate.
    assert run.history[0].loss == pytest.approx(old_losses[0])
    assert run.history[2].loss != pytest.approx(old_losses[2])
    page.stop()
    page.knobs.edit("lr", "rápido")
    assert page.source.run is run
    assert not page.knobs.error.isHidden() and "rápido" in page.knobs.error.text()
    assert "tasa de aprendizaje" in page.knobs.error.text()  # Spanish, the default language


def test_a_model_change_the_run_refuses_is_said_in_the_pages_language(page):
    run = page.source.run
    page.restart({"hidden": 0})
    assert page.source.run is run
    assert "el tamaño de las capas ocultas debe ser un entero" in page.knobs.error.text()
    i18n.set_language("en")
    page.restart({"activation": "Relu"})
    assert "unknown activation 'Relu'" in page.knobs.error.text()


def test_optimizer_activation_batch_and_hidden_size_restart_the_run(page):
    page.knobs.edit("optimizer", "momentum")
    assert page.source.run.setup.train.optimization.kind == "momentum"
    page.knobs.edit("activation", "Tanh")
    assert page.source.run.setup.model.hidden_activation == "Tanh"
    page.knobs.edit("hidden", 8)
    assert page.source.run.setup.model.sizes == (2, 8, 8, 1)
    assert [layer.weight.shape for layer in page.source.state(0).layers] == [
        (8, 2), (8, 8), (1, 8)]
    assert [len(row) for row in page.panels.weights.images()] == [3, 3, 3]
    page.knobs.edit("batch_size", None)  # the whole training set
    run = page.source.run
    assert run.setup.train.batch_size is None and run.per_epoch == 1
    assert page.knobs.batch.text() == "todos"


def test_the_iteration_axis_spans_the_run_planned(page):
    def shown():
        return page.panels.curves.loss_plot.viewRange()[0]

    planned = page.source.planned
    assert shown()[0] <= 0 and shown()[1] >= planned
    page.toggle_play()
    play_frames(page, 3)
    page.stop()
    assert page.source.last < planned / 2  # the curve has far to grow …
    assert shown()[0] <= 0 and shown()[1] >= planned  # … and the axis waits for it
    page.knobs.edit("batch_size", None)  # one batch an epoch: fewer iterations planned
    assert page.source.planned < planned
    assert shown()[1] == pytest.approx(page.source.planned, rel=0.05)


def test_the_boundary_is_the_runs_and_follows_the_scrubber(page):
    page.toggle_play()
    play_frames(page, 6)
    page.stop()
    newest = page.source.run.boundary(page.source.boundary(page.step).values.shape[0])
    kept = page.source.boundary(page.source.last + 1)  # weights after the newest update
    np.testing.assert_allclose(kept.values, newest.values)
    page.set_step(0)
    first = page.source.boundary(0).values
    drawn = page.panels.boundary.image_rgb()
    assert drawn.shape[:2] == first.T.shape
    assert not np.allclose(first, kept.values)  # the boundary moved while it trained


def test_digits_show_examples_predictions_and_first_layer(qtbot):
    page = TrainingPage()
    qtbot.addWidget(page)
    prepared = prepare_lesson(DIGITS)
    page.load(prepared.start(), prepared.title)
    assert page.panels.decides.currentWidget() is page.panels.digits
    predicted = page.source.predictions(0)
    _, labels = page.source.examples()
    shown = [label.toPlainText() for label in page.panels.digits.labels]
    assert shown == [str(p) for p in predicted] and len(labels) == len(shown)
    w1 = page.source.state(0).layers[0].weight
    assert page.panels.digits.first_layer.shape[0] > 8  # the units' pictures, tiled
    assert np.nanmax(np.abs(page.panels.digits.first_layer)) == pytest.approx(
        np.abs(w1[:32]).max())


def presenting(make_window, qtbot, size):
    window = make_window()
    window.show()
    window.set_presenter(True)
    qtbot.wait(10)
    window.resize(*size)  # offscreen there is no such screen to fill: be that big
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size, timeout=3000)
    return window


@pytest.mark.parametrize("size", list(SCREENS), ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_back_row_reads_the_numbers(make_window, qtbot, size, lang):
    window = presenting(make_window, qtbot, size)
    window.set_language(lang)
    assert window.open_file(SPIRAL), window.errors
    page = window.training_page
    page.step_by(1)
    qtbot.waitUntil(lambda: page.numbers.digit_px() >= SCREENS[size], timeout=3000)
    assert not page.numbers.clipped(), [lbl.text() for lbl in page.numbers.labels.values()]
    for label in page.numbers.labels.values():
        assert label.isVisible() and label.geometry().right() <= window.width()
    window.set_theme("dark")  # both themes: the row's text keeps its contrast
    label = page.numbers.labels["loss"]
    text, back = label.palette().windowText().color(), label.palette().window().color()
    assert abs(text.lightness() - back.lightness()) > 150


def active(qtbot, window):
    """The lecturer's window has the keys (offscreen, a shown window is not active yet)."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


def test_window_opens_training_and_its_keys_step_iterations(make_window, qtbot):
    window = active(qtbot, make_window())
    assert window.open_file(SPIRAL), window.errors
    assert window.showing_training
    page = window.training_page
    assert QApplication.focusWidget() is page  # not a knob: the keys step the run
    qtbot.keyClick(window, Qt.Key.Key_Right)  # trains one
    assert page.step == 1
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert page.step == 0
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert page.playing
    qtbot.waitUntil(lambda: page.source.last >= 3, timeout=5000)  # the timer trains
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert not page.playing


def test_step_into_an_iteration_and_back(make_window, qtbot):
    window = active(qtbot, make_window())
    assert window.open_file(SPIRAL), window.errors
    page = window.training_page
    page.toggle_play()
    play_frames(page, 3)
    page.stop()
    k = page.step - 1
    page.set_step(k)
    qtbot.keyClick(window, Qt.Key.Key_I)
    window.wait_for_layout()
    assert not window.showing_training and window.prepared is not None
    assert window.training_return.isVisible()
    state = page.source.state(k)
    graph = window.prepared.graph
    for layer in state.layers:
        grads = [n.grad for n in graph.nodes if n.kind == "value" and n.grad is not None
                 and np.shape(n.grad) == layer.grad.shape
                 and np.allclose(n.value, layer.weight)]
        assert grads, layer.name
        np.testing.assert_allclose(grads[0], layer.grad, rtol=0, atol=1e-9)
    qtbot.keyClick(window, Qt.Key.Key_T)
    assert window.showing_training and not window.training_return.isVisible()
    assert page.step == k + 1

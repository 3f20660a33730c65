"""Presenter mode: controls that show only while the mouse moves, the laser pointer, the
caption before the first step, and one drawing per change of the inspector and the band.

Mouse moves are simulated with `QTest.mouseMove` and the idle time is shortened; the graph's
place on screen is compared before and after the controls show (they float: nothing moves).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bundled import GRAPH_LESSONS
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gradviz.app import caption_band, inspector

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
XOR = EXAMPLES / "xor_red.toml"
ROSENBROCK = EXAMPLES / "optim_rosenbrock.toml"
IDLE_MS = 60  # the test's idle time (the window's is two seconds)

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


def presenting(window, path):
    assert window.open_file(path), window.errors
    window.presenting.autohide.timer.setInterval(IDLE_MS)
    window.set_presenter(True)
    settle()
    return window


def settle() -> None:
    """Let the window take its full-screen size (posted events; no timer is due yet)."""
    for _ in range(5):
        QApplication.processEvents()


def move(widget, x: int, y: int) -> None:
    QTest.mouseMove(widget, QPoint(x, y))
    QCursor.setPos(widget.mapToGlobal(QPoint(x, y)))  # where the poll looks, too


def test_the_controls_hide_until_the_mouse_moves_and_the_graph_stays(qtbot, window):
    page = presenting(window, XOR).lesson_page
    controls, canvas = page.controls, page.canvas
    assert not controls.isVisible()  # the room sees the lesson first
    before = (canvas.geometry(), canvas.mapToGlobal(QPoint(0, 0)), page.caption.geometry())
    move(canvas.viewport(), 200, 200)
    assert controls.isVisible()
    after = (canvas.geometry(), canvas.mapToGlobal(QPoint(0, 0)), page.caption.geometry())
    assert after == before  # they float over the graph: nothing is laid out again
    assert controls.geometry().bottom() < page.caption.geometry().top()
    assert controls.width() == page.width()
    qtbot.waitUntil(lambda: not controls.isVisible(), timeout=2000)
    assert window.presenting.autohide.cursor_hidden  # the idle cursor goes with them
    qtbot.keyClick(window, Qt.Key.Key_Right)  # the keys need no controls
    assert window.step == 0


def test_the_controls_stay_while_the_mouse_rests_on_them(qtbot, window):
    page = presenting(window, XOR).lesson_page
    move(page.canvas.viewport(), 100, 100)
    controls = page.controls
    assert controls.isVisible()
    centre = controls.rect().center()
    move(controls, centre.x(), centre.y())
    if not controls.rect().contains(controls.mapFromGlobal(QCursor.pos())):
        pytest.fail("this Qt platform cannot place the cursor: the hover case is untested")
    qtbot.wait(4 * IDLE_MS)
    assert controls.isVisible()


def test_leaving_presenter_mode_puts_the_controls_back_under_the_graph(qtbot, window):
    page = presenting(window, XOR).lesson_page
    window.set_presenter(False)
    settle()
    assert page.layout().indexOf(page.controls) >= 0
    assert page.controls.isVisible()
    assert not window.presenting.autohide.cursor_hidden
    assert page.controls.geometry().top() >= page.caption.geometry().bottom()


def test_the_optimizer_page_s_player_floats_and_hides_too(qtbot, window):
    page = presenting(window, ROSENBROCK).surface_page
    assert window.showing_surface
    split = page.split.geometry()
    assert not page.bar.isVisible()
    move(page.plot, 50, 50)
    assert page.bar.isVisible() and page.split.geometry() == split
    assert page.bar.geometry().bottom() == page.height() - 1
    qtbot.waitUntil(lambda: not page.bar.isVisible(), timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert page.step == 1


def test_the_laser_pointer_toggles_with_l_and_follows_the_mouse(qtbot, window):
    presenting(window, XOR)
    laser = window.presenting.laser
    assert not laser.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_L)
    assert laser.isVisible() and window.actions_.laser.isChecked()
    assert laser.geometry() == window.rect()
    assert laser.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    viewport = window.lesson_page.canvas.viewport()
    move(viewport, 300, 250)
    dot = laser.dot()
    assert dot is not None
    assert dot.toPoint() == laser.mapFromGlobal(viewport.mapToGlobal(QPoint(300, 250)))
    assert laser.radius >= 0.013 * window.height()  # big enough for the back row
    assert window.presenting.autohide.cursor_hidden  # the dot is the cursor
    image = laser.grab().toImage()
    assert image.pixelColor(dot.toPoint()).name() == "#ff1f2d"
    qtbot.keyClick(window, Qt.Key.Key_L)
    assert not laser.isVisible() and not window.actions_.laser.isChecked()


def test_the_laser_shows_only_in_presenter_mode(qtbot, window):
    assert window.open_file(XOR), window.errors
    window.set_laser(True)
    assert not window.presenting.laser.isVisible()
    window.set_presenter(True)
    assert window.presenting.laser.isVisible()
    window.set_presenter(False)
    assert not window.presenting.laser.isVisible()


def test_before_the_first_step_the_band_says_the_title_and_what_comes(qtbot, window):
    assert window.open_file(XOR), window.errors
    band = window.lesson_page.caption
    plan = window.prepared.plan
    assert window.step == -1
    words = "".join(g.text for g in band.laid.glyphs)
    assert window.prepared.title.replace(" ", "") in words.replace(" ", "")
    assert str(plan.backward_start) in words and str(len(plan) - plan.backward_start) in words
    canvas = window.lesson_page.canvas.geometry()
    for k in range(len(plan)):  # the band was sized for every step: the graph never jumps
        window.set_step(k)
        assert window.lesson_page.canvas.geometry() == canvas, k
    window.set_language("en")
    window.set_step(-1)
    assert "forward steps" in " ".join(g.text for g in band.laid.glyphs)


def test_a_step_draws_the_inspector_once_and_lays_each_caption_out_once(
        qtbot, window, monkeypatch):
    assert window.open_file(XOR), window.errors
    renders, fits = [], []
    real_render, real_fit = inspector.Inspector._render, caption_band.fit_caption
    monkeypatch.setattr(inspector.Inspector, "_render",
                        lambda self: renders.append(1) or real_render(self))
    monkeypatch.setattr(caption_band, "fit_caption",
                        lambda *a, **k: fits.append(1) or real_fit(*a, **k))
    window.select_node(0)
    renders.clear()
    window.set_step(3)  # clears the selection and moves the step: two events, one drawing
    assert len(renders) == 1
    window.set_language("en")  # the lecture's event and Qt's LanguageChange: one drawing
    assert len(renders) == 2
    window.set_step(4)
    window.set_step(3)  # a caption laid out before is not laid out again
    fits.clear()
    window.set_step(4)
    assert fits == []


def test_closing_the_window_while_presenting_gives_the_cursor_back(qtbot, window):
    presenting(window, XOR)
    assert window.presenting.autohide.cursor_hidden
    depth = 0
    while QApplication.overrideCursor() is not None:  # count, then put back, the overrides
        QApplication.restoreOverrideCursor()
        depth += 1
    for _ in range(depth):
        QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
    assert depth == 1
    window.close()
    assert QApplication.overrideCursor() is None


@pytest.mark.parametrize("path", GRAPH_LESSONS, ids=lambda p: p.stem)
def test_the_graph_does_not_jump_at_the_first_step(window, path):
    assert window.open_file(path), window.errors
    window.set_presenter(True)
    settle()
    canvas = window.lesson_page.canvas
    before = (canvas.geometry(), window.lesson_page.caption.geometry())
    assert window.lesson_page.caption.laid is not None  # the title and what comes
    window.set_step(0)
    settle()
    assert (canvas.geometry(), window.lesson_page.caption.geometry()) == before


def test_presenting_gives_the_inspectors_width_to_the_graph_and_ctrl_i_brings_it(window):
    assert window.open_file(XOR), window.errors
    settle()
    assert window.inspector.isVisible() and window.actions_.inspector.isChecked()
    narrow = window.canvas.width()
    window.set_presenter(True)
    settle()
    assert not window.inspector.isVisible() and not window.actions_.inspector.isChecked()
    assert window.canvas.width() > narrow
    window.actions_.inspector.trigger()  # Ctrl+I while presenting
    settle()
    assert window.inspector.isVisible()
    window.set_presenter(False)
    settle()
    assert window.inspector.isVisible()  # as it was before presenting
    window.actions_.inspector.trigger()  # hidden by the lecturer ...
    window.set_presenter(True)
    window.set_presenter(False)
    settle()
    assert not window.inspector.isVisible()  # ... stays hidden after presenting

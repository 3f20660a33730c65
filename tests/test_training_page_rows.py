"""The training page's numbers row and knobs at a big text size on a small screen: two rows
each, the digits still the back row's, nothing wider than the window; on a big screen at
text size 1, one row each."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SPIRAL = EXAMPLES / "entrenamiento_espiral_relu.toml"
FLOOR = {(1920, 1080): 30.0, (1280, 720): 20.0}  # the back row: 2.8 % of the lines
CASES = [((1280, 720), 3.0, 2), ((1920, 1080), 1.0, 1)]  # screen, text size, rows

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


def right_edge(widget, window) -> int:
    return widget.mapTo(window, QPoint(widget.width() - 1, 0)).x()


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize(("size", "scale", "rows"), CASES,
                         ids=[f"{w}x{h}-text{s:g}" for (w, h), s, _ in CASES])
def test_numbers_and_knobs_take_two_rows_when_one_has_no_room(make_window, qtbot, size,
                                                               scale, rows, lang):
    window = make_window()
    window.show()
    window.set_presenter(True)
    qtbot.wait(10)
    window.resize(*size)  # offscreen there is no such screen to fill: be that big
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size, timeout=3000)
    window.set_language(lang)
    assert window.open_file(SPIRAL), window.errors
    window.lecture.text_scale = scale
    page = window.training_page
    page.step_by(1)
    numbers, knobs = page.numbers, page.knobs
    qtbot.waitUntil(lambda: numbers.rows == rows and knobs.rows == rows, timeout=3000)
    qtbot.wait(20)  # the layouts settle
    assert (window.width(), window.height()) == size  # the knobs did not widen the window
    assert numbers.digit_px() >= FLOOR[size]
    assert not numbers.clipped(), [label.text() for label in numbers.labels.values()]
    for label in numbers.labels.values():
        assert label.isVisible() and right_edge(label, window) < size[0]
    for name, knob in knobs.pairs:
        assert right_edge(knob, window) < size[0], name.text()
        assert knob.width() >= knob.minimumSizeHint().width(), name.text()
    tops = {label.mapTo(window, QPoint(0, 0)).y() for label in numbers.labels.values()}
    assert len(tops) == rows
    tops = {knob.mapTo(window, QPoint(0, 0)).y() for _, knob in knobs.pairs}
    assert len(tops) == rows
    assert page.panels.height() > size[1] // 2  # the plots keep the most of the screen

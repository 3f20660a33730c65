"""The training page's weights panel at every text size on a 1080- and a 720-line screen:
each row is as tall as its text (no label squeezed), the rows stay inside the panel (the
last layer's update line included), and at text size 1 on 1080 lines the words keep their
full size."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SPIRAL = EXAMPLES / "entrenamiento_espiral_relu.toml"  # three layers: the tallest panel
CASES = [(size, scale) for size in ((1920, 1080), (1280, 720)) for scale in (1.0, 2.0, 3.0)]

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


@pytest.mark.parametrize(("size", "scale"), CASES,
                         ids=[f"{w}x{h}-text{s:g}" for (w, h), s in CASES])
def test_every_weights_row_fits_its_text_inside_the_panel(make_window, qtbot, size, scale):
    window = make_window()
    window.show()
    window.set_presenter(True)
    qtbot.wait(10)
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size, timeout=3000)
    assert window.open_file(SPIRAL), window.errors
    window.lecture.text_scale = scale
    page = window.training_page
    page.step_by(1)
    qtbot.wait(30)  # the layouts settle
    view = page.panels.weights
    assert len(view.rows) == 3
    room = view.viewport().height()
    labels = list(view.headings)
    for row in view.rows:
        labels += [row.name, row.update_label]
    for label in labels:
        box = label.mapRectToScene(label.boundingRect())
        text = label.item.mapRectToScene(label.item.boundingRect())
        assert label.geometry().height() >= label.item.boundingRect().height() - 0.5
        assert box.top() >= 0 and box.bottom() <= room + 0.5, label.text
        assert box.top() - 0.5 <= text.top() and text.bottom() <= box.bottom() + 0.5
    for row, below in zip(view.rows, view.rows[1:], strict=False):
        assert row.update_label.geometry().bottom() <= below.name.geometry().top() + 0.5
    for row in view.rows:  # the update line sits under its layer's pictures
        box = row.cells[0][0]
        assert box.geometry().bottom() <= row.update_label.geometry().top() + 0.5
        assert box.geometry().height() >= 1
    if (size, scale) == ((1920, 1080), 1.0):
        assert view.fit == 1.0

"""The optimizer page at the window's text sizes 1, 2 and 3 on a 1920×1080 screen: the
plot's title fits, the plot keeps its room, the table's rows do not overlap and the bottom
bar's "Step k of n" is whole."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from gradviz.app.surface_page import SurfacePage, plot_scale
from gradviz.lesson.scene import load_scene

ROSENBROCK = Path(__file__).resolve().parents[1] / "examples" / "optim_rosenbrock.toml"

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


@pytest.fixture
def page(qtbot):
    page = SurfacePage(theme="dark")
    qtbot.addWidget(page)
    page.resize(1920, 1060)
    page.show()
    scene = load_scene(ROSENBROCK)
    page.load(replace(scene, steps=min(scene.steps, 1000)))
    yield page
    page.stop()
    page.close()


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


@pytest.mark.parametrize("scale", [1.0, 2.0, 3.0])
def test_nothing_is_cut_or_overlapping(page, scale):
    page.set_scale(scale)
    page.set_step(300)
    settle()
    plot = page.plot
    # The title (and subtitle) fit inside the plot widget.
    assert plot.title_label.itemRect().width() <= plot.width()
    # The surface keeps a sensible share: wider than the legend, a fair part of the page.
    vb = plot.plot.vb
    assert vb.width() >= plot.legend.reserved
    assert vb.width() * vb.height() >= 0.06 * page.width() * page.height()
    # Table rows are at least as tall as the text in them.
    table = page.table
    height = table.fontMetrics().height()
    assert all(table.rowHeight(row) >= height for row in range(table.rowCount()))
    # "Step 300 of 1000" is whole.
    label = page.step_label
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())


def test_text_size_one_is_unchanged_and_the_plot_grows_more_slowly():
    assert plot_scale(1.0) == 1.0
    assert plot_scale(0.8) == 0.8
    assert 1.0 < plot_scale(3.0) < 2.0


def test_rows_follow_the_font(page):
    page.set_scale(1.0)
    low = page.table.rowHeight(0)
    page.set_scale(3.0)
    assert page.table.rowHeight(0) > 2 * low

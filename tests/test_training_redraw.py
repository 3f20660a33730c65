"""What keeps the training page's frames cheap, checked for what it must not change.

A frame that trains a few iterations lays nothing out again: the weights' pictures keep
their places while the update line under them says the new update; the curves' columns
grow with the record and equal the record read from the start; a curve whose points did
not change is not set again; the heatmaps are the diverging map's colours (NaN:
transparent); and the run's records share one copy between an iteration's weights after
and the next one's before, read-only, equal to a replay from a checkpoint.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest

from gradviz.app.training_page import TrainingPage
from gradviz.lesson.prepare import prepare_lesson
from gradviz.view.training_weights import DIVERGING, heat_rgba, update_text

SPIRAL = Path(__file__).resolve().parents[1] / "examples" / "entrenamiento_espiral_relu.toml"

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


@pytest.fixture
def page(qtbot):
    page = TrainingPage()
    qtbot.addWidget(page)
    page.resize(1600, 900)
    page.show()
    prepared = prepare_lesson(SPIRAL)
    page.load(prepared.start(), prepared.title)
    qtbot.waitExposed(page)
    return page


def places(page) -> list:
    return [box.sceneBoundingRect().getRect() for row in page.panels.weights.rows
            for box, _ in row.cells]


def test_a_frame_moves_no_picture_and_writes_the_new_update(page, qapp):
    page.toggle_play()
    for _ in range(3):
        page.frame()
        qapp.processEvents()
    before = places(page)
    for _ in range(5):
        page.frame()
        qapp.processEvents()
        state = page.source.state(page.step)
        for row, layer in zip(page.panels.weights.rows, state.layers, strict=True):
            name = f"<i>W</i><sup>[{row.index}]</sup>"
            assert row.update_label.text == update_text(name, np.asarray(layer.weight, float),
                                                        np.asarray(layer.grad, float),
                                                        state.record.lr)
        assert places(page) == before
    page.stop()


def test_the_curves_columns_grow_as_the_record(page):
    source = page.source
    for n in (3, 20, 9):
        source.advance(n)
        data = source.curve_data()
        history, epochs = source.run.history, source.run.epochs
        np.testing.assert_array_equal(data.loss, [r.loss for r in history])
        np.testing.assert_array_equal(data.accuracy, [r.accuracy for r in history])
        np.testing.assert_array_equal(data.epoch_ends, [e.iterations - 1 for e in epochs])
        np.testing.assert_array_equal(data.val_accuracy, [e.val_accuracy for e in epochs])
    source.restart({"lr": 0.05})  # a new run: the columns start again
    assert len(source.curve_data().loss) == len(source.run.history) == 1
    assert math.isfinite(source.curve_data().loss[0])


def test_a_curve_whose_points_did_not_change_is_not_set_again(page, monkeypatch):
    curves = page.panels.curves
    item = curves.lines["loss", "epoch"]
    calls = []
    monkeypatch.setattr(item, "setData", lambda *a, **k: calls.append(a))
    page.panels.show_curves()  # nothing new since the page drew them
    assert calls == []
    page.source.advance(page.source.run.per_epoch)  # an epoch ends: its point is new
    page.panels.show_curves()
    assert len(calls) == 1 and len(calls[0][0]) == len(page.source.run.epochs)


def test_heatmap_colours_are_the_diverging_maps():
    lut = pg.colormap.get(DIVERGING).getLookupTable(nPts=256, alpha=True, mode="byte")
    rgba = heat_rgba(np.array([[-2.0, 0.0, 2.0, np.nan, 5.0]]), 2.0)
    assert rgba.dtype == np.ubyte and rgba.shape == (1, 5, 4)
    np.testing.assert_array_equal(rgba[0, 0], lut[0])
    np.testing.assert_array_equal(rgba[0, 1], lut[128])
    np.testing.assert_array_equal(rgba[0, 2], lut[-1])
    assert rgba[0, 3, 3] == 0  # NaN: transparent
    np.testing.assert_array_equal(rgba[0, 4], lut[-1])  # beyond the reach: its end


def test_records_share_one_read_only_copy_and_replay_alike(page):
    run = page.source.run
    run.advance(40)
    recent = run._recent  # noqa: SLF001 - the states kept as they were recorded
    assert 3 not in recent and 35 in recent and 36 in recent
    for now, following in zip(recent[35].layers, recent[36].layers, strict=True):
        assert now.after is following.weight  # one copy for both records
        for array in (now.weight, now.grad, now.after, now.bias_after):
            assert not array.flags.writeable
            with pytest.raises(ValueError):
                array[...] = 0
    third, fourth = run.state_at(3), run.state_at(4)  # replayed from the first checkpoint
    assert third.record == run.history[3] and fourth.record == run.history[4]
    for now, following in zip(third.layers, fourth.layers, strict=True):
        np.testing.assert_array_equal(now.after, following.weight)

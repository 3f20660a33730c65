"""An optimizer scene's frames drawn fast (the still part once, the curves' strips) are the
frames painted whole, to the last bit; in order, as many as asked, 16:9 for slides."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gradviz.app.export_scenes import scene_pictures
from gradviz.app.exporting import ExportLook
from gradviz.lesson.prepare import prepare_lesson
from gradviz.view.export_writers import painted_image, picture_image, rgba
from gradviz.view.surface_export import (
    export_plot,
    frame_iterations,
    image_size,
    last_iteration,
    plot_picture,
    still_layer,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SADDLE = EXAMPLES / "optim_silla.toml"  # runs that leave the range: arrowheads, legend words
SCHEDULE = EXAMPLES / "optim_decaimiento_lr.toml"  # a learning-rate schedule: two curves


def frames(path: Path, look: ExportLook, every: int = 4):
    lesson = prepare_lesson(path)
    runs = list(lesson.runs)
    iterations = frame_iterations(last_iteration(runs))[::every]
    return iterations, scene_pictures(lesson.scene, runs, look, iterations)


@pytest.mark.parametrize(("path", "look"), [
    (SADDLE, ExportLook(frame="slide")),
    (SCHEDULE, ExportLook(frame="slide", theme="dark")),
    (SADDLE, ExportLook(frame="slide", transparent=True)),
    (SADDLE, ExportLook(scale=1.0)),
    (SCHEDULE, ExportLook(scale=0.5, transparent=True, theme="dark")),
])
def test_fast_frames_are_the_painted_frames(qapp, path, look):
    iterations, pictures = frames(path, look)
    shown = []
    for k, picture in pictures:
        fast = picture_image(picture)
        assert picture.image is not None  # the fast way was taken
        assert np.array_equal(rgba(fast), rgba(painted_image(picture))), f"iteration {k}"
        shown.append((k, fast.width(), fast.height()))
    assert [k for k, _, _ in shown] == iterations
    sizes = {(w, h) for _, w, h in shown}
    assert len(sizes) == 1
    if look.frame == "slide":
        assert sizes == {(1920, 1080)}


def test_the_first_slide_is_laid_out_as_the_next_ones(qapp):
    """The curves' axes size their tick labels when first painted: the first frame must not
    be drawn before that (it would lack the loss axis's numbers)."""
    _, pictures = frames(SCHEDULE, ExportLook(frame="slide"))
    lesson = prepare_lesson(SCHEDULE)
    again = scene_pictures(lesson.scene, list(lesson.runs), ExportLook(frame="slide"), [0, 0])
    first, second = (rgba(picture_image(p)) for _, p in again)
    assert np.array_equal(first, second)


def test_the_still_part_is_drawn_once(qapp):
    lesson = prepare_lesson(SADDLE)
    plot = export_plot(lesson.scene, "light", 1.0, "en", list(lesson.runs))
    try:
        layer = still_layer(plot)
        width, height = image_size(1.0)
        for k in (0, 10, 20, 40, 60):
            plot.set_step(k)
            picture = plot_picture(plot, width, height, layer=layer)
            assert np.array_equal(rgba(picture_image(picture)), rgba(painted_image(picture)))
        still, rest = layer.split()
        assert layer.drawn <= 2  # once, and again if the first layout moved an item
        assert plot.paths[0] in rest and plot.title_label in still  # (its text moves)
        assert any(type(item).__name__ == "ImageItem" for item in still)  # the heat map
    finally:
        plot.close()
        plot.deleteLater()

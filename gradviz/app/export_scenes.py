"""An optimizer scene's exports: one iteration or every one, as PNG, SVG, PDF, GIF or MP4.

``--frame graph`` is the page's plot alone (`gradviz.view.surface_export`: ``BASE_SIZE ×
scale``); ``--frame slide`` is a 16:9 slide (1080p or 4K) with the plot at left and the
page's own loss (and learning-rate) curves at right, the iteration marked on them: the
`CurvesPanel` widget the window shows, drawn offscreen.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from gradviz.catalog import text
from gradviz.view import surface_export
from gradviz.view.export_formats import FOLDER, PDF, PNG, SVG
from gradviz.view.export_slide import SLIDE
from gradviz.view.export_writers import Picture
from gradviz.view.interrupts import qt_drawing
from gradviz.view.surface_export import (
    _close,
    export_plot,
    frame_name,
    last_iteration,
    plot_picture,
    still_layer,
    surface_pictures,
)

PLOT_SHARE = 2 / 3  # of a slide's width: the plot; the curves take the rest
SLIDE_PLOT_SCALE = 1.35  # the plot's text and marks on a 1080p slide (1 is the window's)


def scene_pictures(scene, runs, look, iterations: Sequence[int]) -> Iterator[tuple[int, Picture]]:
    """(iteration, picture) in order, as `look.frame` frames them."""
    from gradviz.app.exporting import SLIDE as SLIDE_FRAME

    if look.frame != SLIDE_FRAME:
        yield from surface_pictures(scene, iterations, look.theme, look.scale, look.lang,
                                    look.transparent, runs)
        return
    yield from _slides(scene, runs, look, iterations)


def _slides(scene, runs, look, iterations) -> Iterator[tuple[int, Picture]]:
    from gradviz.app.scene_curves import CurvesImage
    from gradviz.app.surface_panels import CurvesPanel

    zoom = look.size[0] / SLIDE[0]
    width, height = look.size
    plot_w = round(width * PLOT_SHARE)
    plot = export_plot(scene, look.theme, SLIDE_PLOT_SCALE * zoom, look.lang, runs)
    with qt_drawing():
        host = QWidget()
        host.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        curves = CurvesPanel(host)
        host.resize(width - plot_w, height)
        curves.resize(width - plot_w, height)
        style = plot.style_
        show_lr = any(spec.schedule is not None for spec in scene.specs)
        curves.set_runs(runs, style, show_lr, scene.surface.range)
        curves.set_titles(text("Loss", look.lang), text("Learning rate", look.lang),
                          text("Step", look.lang), style)
        host.show()  # laid out, never on screen (WA_DontShowOnScreen); painted once, so
        QApplication.processEvents()  # that the axes size their tick labels ...
        host.hide()  # ... and hidden: Qt would paint it again after every step for nothing
    background = None if look.transparent else style.background
    layer, curves_image = still_layer(plot), CurvesImage(curves, background)
    box = QRectF(0, 0, plot_w, height)
    try:
        for k in iterations:
            with qt_drawing():
                plot.set_step(k)
                curves.set_step(k)
            left = plot_picture(plot, plot_w, height, look.transparent)

            def paint(painter: QPainter, left=left) -> None:
                left.paint(painter)
                painter.translate(plot_w, 0)
                curves.render(painter, QPoint(0, 0))

            def image() -> QImage:  # the same pixels as `paint`, drawn faster
                frame = layer.image(width, height, background, box)
                painter = QPainter(frame)
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
                painter.drawImage(plot_w, 0, curves_image.image())
                painter.end()
                return frame

            yield k, Picture(width, height, paint, background, image)
    finally:
        _close(plot)
        with qt_drawing():
            host.close()
            host.deleteLater()


def export_scene_step(scene, runs, path: str | os.PathLike, kind: str, look, step: int) -> None:
    """Iteration `step` as one picture (PNG, SVG or PDF)."""
    from gradviz.app.exporting import GRAPH, write_picture

    if kind == PNG and look.frame == GRAPH:  # the page's picture, as it always was
        surface_export.render_surface_png(scene, path, theme=look.theme, scale=look.scale,
                                          lang=look.lang, transparent=look.transparent,
                                          step=step, runs=runs)
        return
    for _, picture in scene_pictures(scene, runs, look, [step]):
        write_picture(picture, path, kind if kind in (SVG, PDF) else PNG, scene.title)


def export_scene_frames(scene, runs, output, kind: str, look, iterations: Sequence[int],
                        fps: float, progress=None) -> int:
    """Every iteration in `iterations`: a folder of PNG frames, PDF pages, GIF or MP4
    frames; returns how many were written."""
    from gradviz.app.exporting import GRAPH, _ticker, write_frames
    from gradviz.view.theme import THEMES

    if kind == FOLDER and look.frame == GRAPH:
        return len(surface_export.render_surface_frames(
            scene, output, theme=look.theme, scale=look.scale, lang=look.lang,
            transparent=look.transparent, runs=runs, iterations=iterations,
            progress=progress))
    last = last_iteration(runs)
    frames = ((frame_name(k, last), picture)
              for k, picture in scene_pictures(scene, runs, look, iterations))
    return write_frames(frames, output, kind, scene.title, 1.0 / fps, THEMES[look.theme],
                        _ticker(progress, len(iterations)))

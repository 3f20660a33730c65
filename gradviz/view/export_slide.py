"""A 16:9 slide of a graph lesson at one step: title on top, the graph framed in the middle,
the step's chain rule in a caption band at the bottom — what presenter mode shows.

Everything is laid out on a 1920 × 1080 canvas (`SLIDE`) and drawn `size / 1920` times
that, so a 4K slide (3840 × 2160) is the same slide with every line and letter twice as
sharp.  The part of the graph a slide shows is chosen by `slide_frame`: the window's camera
(`step_frame`) at a 1080-line screen, so the same step gives the same framing from the
window and from `gradviz export --frame slide`.  The caption band is painted by the
caller (the window's own band widget, `gradviz.app.export_slides`): this module only leaves
it its height at the bottom.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from gradviz.view.camera import step_frame
from gradviz.view.export import draw_title, paint_backdrop, render_graph, title_lines
from gradviz.view.export_writers import Picture
from gradviz.view.items import Fonts, line_height
from gradviz.view.scene import GraphScene

SLIDE = (1920, 1080)  # the canvas every slide is laid out on
SIZES = {"1080p": (1920, 1080), "4k": (3840, 2160)}
MARGIN = 48.0  # around the graph, in canvas pixels
TITLE_LINES = 2

BandPainter = Callable[[QPainter, QRectF], None]

def slide_frame(scene: GraphScene, area: QRectF) -> QRectF:
    """The scene rectangle a slide shows in `area` (canvas pixels): what the window's camera
    frames at the scene's step on a 1080-line screen (`gradviz.view.camera.step_frame`: the
    step's numbers at the back row's size), or before the first step the whole graph, grown
    to `area`'s aspect so that it is centred."""
    step = scene.state.step if getattr(scene, "state", None) is not None else None
    frame = step_frame(scene, step, (area.width(), area.height()), SLIDE[1])
    left, top, right, bottom = frame.rect((area.width(), area.height()))
    return QRectF(left, top, right - left, bottom - top)


def slide_picture(scene: GraphScene, size: tuple[int, int], title: str | None,
                  band_height: float = 0.0, band: BandPainter | None = None,
                  transparent: bool = False) -> Picture:
    """The slide of the scene at its current state, `size` pixels (16:9)."""
    theme = scene.theme.with_scale(1.0)
    fonts = Fonts(theme)
    zoom = size[0] / SLIDE[0]
    lines = title_lines(fonts.title, title, SLIDE[0] - 2 * MARGIN, TITLE_LINES) if title else []
    title_h = (len(lines) + 0.6) * line_height(fonts.title) if lines else MARGIN / 2
    area = QRectF(MARGIN, title_h, SLIDE[0] - 2 * MARGIN,
                  SLIDE[1] - title_h - band_height - MARGIN / 2)

    def paint(painter: QPainter) -> None:
        painter.scale(zoom, zoom)
        canvas = QRectF(0, 0, *SLIDE)
        if transparent:
            paint_backdrop(painter, canvas.adjusted(0, 0, 0, -band_height), theme)
        if lines:
            draw_title(painter, "\n".join(lines), QRectF(0, 0, SLIDE[0], title_h), theme, fonts)
        render_graph(painter, scene, area, slide_frame(scene, area),
                     Qt.AspectRatioMode.KeepAspectRatio)
        if band is not None and band_height > 0:
            band(painter, QRectF(0, SLIDE[1] - band_height, SLIDE[0], band_height))

    width, height = size
    return Picture(width, height, paint, None if transparent else theme.background)

def slide_size(name: str) -> tuple[int, int]:
    """``1080p`` or ``4k`` as pixels."""
    return SIZES[name]


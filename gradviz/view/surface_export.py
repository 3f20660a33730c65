"""PNG export of an optimizer scene: the page's `SurfacePlot`, rendered offscreen.

``render_surface_png(scene, "rosenbrock.png", theme="dark", scale=2)`` runs the scene, draws
the surface with every path to the end (or to ``step``), the legend and the title, and
writes the file atomically.  It needs no display (Qt's offscreen platform is picked when
there is none).  The image is ``BASE_SIZE × scale`` pixels, fonts and lines included.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from gradviz.surfaces.lesson import SurfaceScene
from gradviz.view.export import ensure_qapp, save_image_atomically
from gradviz.view.surface_plot import SurfacePlot

BASE_SIZE = (1100, 760)  # pixels at scale 1: a 16:11 slide picture with the legend at right


def axis_names(scene: SurfaceScene) -> tuple[str, str]:
    """(w, b) for a regression's parameters, the principal components for a network's
    landscape, (x, y) otherwise."""
    if scene.landscape is not None:
        return "PC1", "PC2"
    return ("w", "b") if scene.regression is not None else ("x", "y")


def explained_variance(scene: SurfaceScene) -> tuple[float, float] | None:
    """What the axes of a landscape's PCA plane explain (None for other scenes)."""
    if scene.landscape is None:
        return None
    first, second = scene.landscape.explained_variance
    return float(first), float(second)


def render_plot(plot: SurfacePlot, width: int, height: int, transparent: bool = False) -> QImage:
    """Lay the plot out at ``width × height`` without showing it and paint it into an image."""
    plot.resize(width, height)
    plot.resizeEvent(None)  # pyqtgraph sizes its scene here; a hidden widget gets no event
    app = QApplication.instance()
    for _ in range(3):  # graphics layouts settle through posted LayoutRequest events
        plot.ci.layout.activate()
        app.processEvents()
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(0, 0, 0, 0) if transparent else QColor(plot.style_.background))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        box = QRectF(0, 0, width, height)
        plot.scene().render(painter, box, box)
    finally:
        painter.end()
    return image


def render_surface_image(scene: SurfaceScene, theme: str = "light", scale: float = 2.0,
                         lang: str = "es", transparent: bool = False, step: int | None = None,
                         runs: Sequence | None = None) -> QImage:
    """The scene's surface and paths as an image; ``runs`` defaults to ``scene.run()``."""
    ensure_qapp()
    plot = SurfacePlot(theme=theme, scale=scale, lang=lang)
    try:
        plot.set_scene(scene.surface, scene.run() if runs is None else runs, scene.start,
                       title=scene.title, axis_names=axis_names(scene),
                       variance=explained_variance(scene))
        plot.set_step(step)
        width, height = (math.ceil(size * scale) for size in BASE_SIZE)
        return render_plot(plot, width, height, transparent)
    finally:
        plot.close()
        plot.deleteLater()


def render_surface_png(scene: SurfaceScene, path: str | os.PathLike, theme: str = "light",
                       scale: float = 2.0, lang: str = "es", transparent: bool = False,
                       step: int | None = None) -> None:
    """Write the scene at ``step`` (None: the end of every run) to a PNG file, atomically."""
    image = render_surface_image(scene, theme, scale, lang, transparent, step)
    save_image_atomically(image, path)

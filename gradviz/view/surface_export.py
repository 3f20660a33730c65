"""PNG export of an optimizer scene: the page's `SurfacePlot`, rendered offscreen.

``render_surface_png(scene, "rosenbrock.png", theme="dark", scale=2)`` runs the scene, draws
the surface with every path to the end (or to iteration ``step``, the page's scrubber
position), the legend and the title, and writes the file atomically.
``render_surface_frames(scene, "frames/")`` writes one numbered PNG per iteration (every
k-th past `MAX_FRAMES`), drawing the surface once.  Neither needs a display (Qt's offscreen
platform is picked when there is none).  The image is ``BASE_SIZE × scale`` pixels, fonts
and lines included, and never more than `MAX_SIDE` on a side (`image_size`).

The contours are computed over the plotted range only (the window computes them wider, for
panning), on a grid with a point every `GRID_PIXELS` pixels of the plot (`LANDSCAPE_PIXELS`
for a network's landscape: each of its points is a forward pass over the data set).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from gradviz.surfaces.outcome import scene_end
from gradviz.surfaces.scene import SurfaceScene
from gradviz.view.export import MAX_SIDE, ensure_qapp, save_image_atomically
from gradviz.view.export_writers import Encoder, Picture, picture_image, save_png
from gradviz.view.frames import remove_stale_frames
from gradviz.view.interrupts import qt_drawing
from gradviz.view.scene_layers import StillLayer
from gradviz.view.surface_plot import SurfacePlot

BASE_SIZE = (1100, 760)  # pixels at scale 1: a 16:11 slide picture with the legend at right
MAX_FRAMES = 101  # --all-steps: at most this many images (every k-th iteration, and the last)
GRID_PIXELS = 6.0  # the contour grid has a point every this many pixels of the plot area
LANDSCAPE_PIXELS = 10.0  # ... and for a landscape, smooth and costly to evaluate
FIELD_MARGIN = 0.02  # the exported field: the view (range and border padding) and a hair


def axis_names(scene: SurfaceScene) -> tuple[str, str]:
    """(w, b) for a regression's parameters, the principal components for a network's
    landscape, (x, y) otherwise."""
    if scene.landscape is not None:
        return "PC1", "PC2"
    return ("w", "b") if scene.regression is not None else ("x", "y")


def fills(scene: SurfaceScene) -> bool:
    """A landscape's range is not the lesson's (it follows the paths): the plot may show
    more of the plane to fill its area.  Every other scene shows its range exactly."""
    return scene.landscape is not None


def explained_variance(scene: SurfaceScene) -> tuple[float, float] | None:
    """What the axes of a landscape's PCA plane explain (None for other scenes)."""
    if scene.landscape is None:
        return None
    first, second = scene.landscape.explained_variance
    return float(first), float(second)


def render_plot(plot: SurfacePlot, width: int, height: int, transparent: bool = False) -> QImage:
    """Lay the plot out at ``width × height`` without showing it and paint it into an image."""
    return picture_image(plot_picture(plot, width, height, transparent))


def plot_picture(plot: SurfacePlot, width: int, height: int, transparent: bool = False,
                 layer: StillLayer | None = None) -> Picture:
    """The plot laid out at ``width × height`` (without showing it), as a `Picture` that
    any writer paints: PNG, SVG, PDF, a GIF's or an MP4's frame.  With the plot's
    `still_layer`, an image of it draws only what moved since the last one."""
    with qt_drawing():
        _lay_out(plot, width, height)
    box = QRectF(0, 0, width, height)
    background = None if transparent else plot.style_.background

    def paint(painter: QPainter) -> None:
        plot.scene().render(painter, box, box)

    def image() -> QImage:
        return layer.image(width, height, background, box)

    return Picture(width, height, paint, background, None if layer is None else image)


def still_layer(plot: SurfacePlot) -> StillLayer:
    """What a step moves on the plot (`SurfacePlot.set_step`: the paths, dots, ✕ and exit
    marks, the landmarks under a dot, the legend and the title); the heat map, the
    contours and the axes are drawn once for every frame (`gradviz.view.scene_layers`)."""
    def moving() -> list:
        return [*plot.paths, *plot.dots, *plot.crosses, *plot.exits,
                *(item for item, _, _ in plot.landmarks), plot.title_label, plot.legend]

    return StillLayer(plot.scene(), moving, key=lambda: plot.plot.vb.viewRange())


def _lay_out(plot: SurfacePlot, width: int, height: int) -> None:
    if (plot.width(), plot.height()) != (width, height):
        plot.resize(width, height)
        plot.resizeEvent(None)  # pyqtgraph sizes its scene here; a hidden widget gets no event
    QApplication.instance().processEvents()  # posted LayoutRequest events (a new title)
    plot.ci.layout.activate()
    if plot.fitted_size != (plot.plot.vb.width(), plot.plot.vb.height()):
        plot.resizeEvent(None)  # the layout moved since the view was fitted: fit again


def image_size(scale: float) -> tuple[int, int]:
    """The exported picture's pixels at `scale`: ``BASE_SIZE × scale``, its long side
    capped at `MAX_SIDE` as every export's is (`export_scale`)."""
    scale = export_scale(scale)
    return tuple(min(MAX_SIDE, math.ceil(side * scale)) for side in BASE_SIZE)


def export_scale(scale: float) -> float:
    """`scale`, or less where ``BASE_SIZE × scale`` would pass `MAX_SIDE` (at --scale 8)."""
    return min(float(scale), MAX_SIDE / max(BASE_SIZE))


def export_plot(scene: SurfaceScene, theme: str = "light", scale: float = 2.0,
                lang: str = "es", runs: Sequence | None = None) -> SurfacePlot:
    """A hidden `SurfacePlot` of the scene, sized for export (close it when done)."""
    ensure_qapp()
    runs = scene.run() if runs is None else runs
    with qt_drawing():
        return _export_plot(scene, theme, scale, lang, runs)


def _export_plot(scene: SurfaceScene, theme: str, scale: float, lang: str,
                 runs: Sequence) -> SurfacePlot:
    cell = LANDSCAPE_PIXELS if scene.landscape is not None else GRID_PIXELS
    plot = SurfacePlot(theme=theme, scale=export_scale(scale), lang=lang,
                       field_margin=FIELD_MARGIN, cell_px=cell)
    plot.resize(*image_size(scale))  # laid out once, at size
    plot.resizeEvent(None)
    plot.set_scene(scene.surface, runs, scene.start,
                   title=scene.title, axis_names=axis_names(scene),
                   variance=explained_variance(scene), fill=fills(scene))
    return plot


def _close(plot: SurfacePlot) -> None:
    with qt_drawing():
        plot.close()
        plot.deleteLater()


def last_iteration(runs: Sequence) -> int:
    """The last iteration any run reached, or diverged or escaped at: the scrubber's end
    (0 … this; see `gradviz.surfaces.outcome.scene_end`)."""
    return scene_end(runs)


def render_surface_image(scene: SurfaceScene, theme: str = "light", scale: float = 2.0,
                         lang: str = "es", transparent: bool = False, step: int | None = None,
                         runs: Sequence | None = None) -> QImage:
    """The scene's surface and paths as an image; ``runs`` defaults to ``scene.run()``."""
    plot = export_plot(scene, theme, scale, lang, runs)
    try:
        with qt_drawing():
            plot.set_step(step)
        width, height = image_size(scale)
        return render_plot(plot, width, height, transparent)
    finally:
        _close(plot)


def render_surface_png(scene: SurfaceScene, path: str | os.PathLike, theme: str = "light",
                       scale: float = 2.0, lang: str = "es", transparent: bool = False,
                       step: int | None = None, runs: Sequence | None = None) -> None:
    """Write the scene at iteration ``step`` (None: the end of every run) to a PNG file,
    atomically; ``runs``: the scene's runs when the caller has them already."""
    image = render_surface_image(scene, theme, scale, lang, transparent, step, runs)
    save_image_atomically(image, path)


def frame_iterations(last: int, max_frames: int = MAX_FRAMES) -> list[int]:
    """0, k, 2k, … and ``last``: every iteration, or every k-th when there are more than
    ``max_frames``."""
    every = max(1, math.ceil(last / max(1, max_frames - 1)))
    return sorted({*range(0, last + 1, every), last})


def surface_pictures(scene: SurfaceScene, iterations: Sequence[int], theme: str = "light",
                     scale: float = 2.0, lang: str = "es", transparent: bool = False,
                     runs: Sequence | None = None) -> Iterator[tuple[int, Picture]]:
    """(iteration, picture) for each of `iterations`, in order: the surface is drawn once,
    each picture moves the paths, as the scrubber does.  A picture is valid until the
    next one is asked for (they share one plot)."""
    runs = scene.run() if runs is None else runs
    plot = export_plot(scene, theme, scale, lang, runs)
    width, height = image_size(scale)
    layer = still_layer(plot)
    try:
        for k in iterations:
            with qt_drawing():
                plot.set_step(k)
            yield k, plot_picture(plot, width, height, transparent, layer)
    finally:
        _close(plot)


def frame_name(k: int, last: int) -> str:
    """``step_0030.png``: iteration k's frame, zero-padded to the last iteration's digits."""
    return f"step_{k:0{len(str(last))}d}.png"


def render_surface_frames(scene: SurfaceScene, folder: str | os.PathLike,
                          theme: str = "light", scale: float = 2.0, lang: str = "es",
                          transparent: bool = False, runs: Sequence | None = None,
                          iterations: Sequence[int] | None = None,
                          progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """One PNG per iteration in ``iterations`` (default `frame_iterations`), named
    ``step_0000.png`` after the iteration, into ``folder`` (made if missing).  The surface
    is drawn once; each frame moves the paths, as the scrubber does.  The frames of an
    earlier export into the same folder are then removed (`gradviz.view.frames`)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    runs = scene.run() if runs is None else runs
    last = last_iteration(runs)
    iterations = frame_iterations(last) if iterations is None else list(iterations)
    written = []
    with Encoder() as encoder:  # PNGs encode on other cores while the next frame is drawn
        for n, (k, picture) in enumerate(surface_pictures(scene, iterations, theme, scale,
                                                          lang, transparent, runs), 1):
            path = folder / frame_name(k, last)
            encoder.submit(save_png, picture_image(picture), path)
            written.append(path)
            if progress is not None:
                progress(n, len(iterations))
    remove_stale_frames(folder, written)
    return written

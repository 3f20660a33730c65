"""An optional 3-D view of the surface (pyqtgraph.opengl), and a safe test for OpenGL.

`opengl_problem()` says why 3-D cannot be shown here (no PyOpenGL, an offscreen or minimal
Qt platform, no OpenGL context), or returns None; nothing is created before that check
passes, so a machine without OpenGL never crashes.  `Surface3D` draws the surface as a
height map (log-scaled like the contours) with each optimizer's path riding on it, and
axes along the range's near edges: round ticks in x and y, the height's ticks in the loss's
units, each axis named, in the theme's text colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QGuiApplication, QOffscreenSurface, QOpenGLContext
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gradviz.catalog import text
from gradviz.surfaces.functions import Surface
from gradviz.view import surface_geometry as geo
from gradviz.view.surface_style import surface_style

NO_GL_PLATFORMS = ("offscreen", "minimal", "vnc")
HEIGHT = 0.6  # the tallest point, as a fraction of the range's larger side


def opengl_problem() -> str | None:
    """Why a 3-D view cannot be made (a short English sentence), or None if it can."""
    platform = QGuiApplication.platformName()
    if platform in NO_GL_PLATFORMS:
        return f"the '{platform}' Qt platform has no OpenGL"
    try:
        import pyqtgraph.opengl  # noqa: F401 - needs PyOpenGL, which is optional
    except Exception as e:  # noqa: BLE001 - any import failure means "no 3-D"
        return f"pyqtgraph.opengl is not available ({type(e).__name__}: {e})"
    context, surface = QOpenGLContext(), QOffscreenSurface()
    surface.create()
    try:
        if not context.create() or not context.makeCurrent(surface):
            return "no OpenGL context could be created"
        context.doneCurrent()
    finally:
        surface.destroy()
    return None


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round numbers (1, 2 or 5 times a power of ten apart) from `low` to `high`."""
    if not high > low:
        return [low]
    raw = (high - low) / max(count - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    return [round(first + i * step, 10) for i in range(int((high - first) / step + 1e-9) + 1)]


def tick_text(v: float) -> str:
    return f"{v:.3g}" if v != 0 else "0"


class Surface3D(QWidget):
    """A GLViewWidget with the surface and the paths; build it only if `opengl_problem()`
    returned None."""

    def __init__(self, theme: str = "light", parent=None, lang: str = "es") -> None:
        super().__init__(parent)
        import pyqtgraph.opengl as gl

        self.gl = gl
        self.lang = lang
        self.axes: list = []  # the axes' lines and labels
        self.style_ = surface_style(theme)
        self.view = gl.GLViewWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.surface: Surface | None = None
        self.runs: list = []
        self.items: list = []
        self.height_of = None
        self.view.setBackgroundColor(QColor(self.style_.background))

    def set_theme(self, theme: str) -> None:
        """Another theme: its background, its axes' colour, its paths' colours."""
        self.style_ = surface_style(theme)
        self.view.setBackgroundColor(QColor(self.style_.background))
        if self.surface is not None:
            step, runs = getattr(self, "step", None), self.runs
            self.set_scene(self.surface, runs)
            self.set_step(step)

    def set_scene(self, surface: Surface, runs: Sequence) -> None:
        self.surface = surface
        xs, ys, values = surface.mesh(120)
        to_field = geo.height_map(surface, values)
        field = to_field(values)
        low, high = geo.level_range(field, core=False)
        (x0, x1), (y0, y1) = surface.range
        size = max(x1 - x0, y1 - y0)

        def height(f: np.ndarray) -> np.ndarray:
            clipped = np.clip(np.nan_to_num(to_field(f), nan=high), low, high)
            return (clipped - low) / (high - low) * HEIGHT * size

        self.height_of = height
        # cividis (colourblind-safe), dark valleys to light ridges: without lighting, the
        # colour is what shows the height.
        heights = height(values)
        shade = (heights / (HEIGHT * size)).T
        rgba = pg.colormap.get("cividis").map(shade.reshape(-1), mode="float")
        rgba = rgba.reshape(*shade.shape, 4)
        # One colour per vertex, flattened in the vertices' (x, y) order: MeshData indexes
        # the array by vertex number, whatever the (width, height, 4) the docstring says.
        surface_item = self.gl.GLSurfacePlotItem(x=xs, y=ys, z=heights.T,
                                                 colors=rgba.reshape(-1, 4),
                                                 smooth=False, drawEdges=False)
        self.view.clear()  # drops the paths too: set_runs must not remove them again
        self.items = []
        self.view.addItem(surface_item)
        self._add_axes(surface, values, to_field, (low, high), HEIGHT * size)
        centre = ((x0 + x1) / 2, (y0 + y1) / 2, HEIGHT * size / 3)
        self.view.setCameraPosition(distance=2.2 * size, elevation=35, azimuth=-60)
        self.view.opts["center"] = _vector(*centre)
        self.set_runs(runs)

    def _add_axes(self, surface: Surface, values, to_field, levels, top: float) -> None:
        """Three axes along the near edges of the range, with round ticks and their names:
        x and y in the surface's units, the height in the loss's (log-scaled like the
        contours: its ticks are where those losses are)."""
        (x0, x1), (y0, y1) = surface.range
        s = self.style_
        ink = QColor(s.text)
        tick_font, name_font = QFont(s.font_family), QFont(s.font_family)
        tick_font.setPixelSize(round(s.px(s.tick_px)))
        name_font.setPixelSize(round(s.px(s.axis_px)))
        name_font.setItalic(True)
        self.axes = []
        reach = 0.06 * max(x1 - x0, y1 - y0)  # labels stand off the edge by this much

        def line(*points) -> None:
            item = self.gl.GLLinePlotItem(pos=np.array(points, float), width=2,
                                          color=ink.getRgbF(), antialias=True)
            self.view.addItem(item)
            self.axes.append(item)

        def label(x, y, z, words: str, font: QFont) -> None:
            item = self.gl.GLTextItem(pos=(x, y, z), text=words, color=ink, font=font)
            self.view.addItem(item)
            self.axes.append(item)

        line((x0, y0, 0), (x1, y0, 0))
        line((x0, y0, 0), (x0, y1, 0))
        line((x0, y0, 0), (x0, y0, top))  # at the nearest corner: in front of the surface
        for x in nice_ticks(x0, x1):
            line((x, y0, 0), (x, y0 - reach / 3, 0))
            label(x, y0 - reach, 0, tick_text(x), tick_font)
        for y in [y for y in nice_ticks(y0, y1) if y != y0]:  # the corner has x's tick
            line((x0, y, 0), (x0 - reach / 3, y, 0))
            label(x0 - reach, y, 0, tick_text(y), tick_font)
        label((x0 + x1) / 2, y0 - 2.5 * reach, 0, "x", name_font)
        label(x0 - 2.5 * reach, (y0 + y1) / 2, 0, "y", name_font)
        # The height's ticks: losses where the (log-scaled) field takes round steps.
        finite = np.sort(values[np.isfinite(values)].ravel())
        low, high = levels
        if finite.size and high > low:
            field = to_field(finite)
            for t in (1 / 3, 2 / 3, 1.0):  # not 0: the corner has the x and y ticks
                loss = float(np.interp(low + t * (high - low), field, finite))
                label(x0 - reach / 2, y0 - reach / 2, t * top, tick_text(float(f"{loss:.2g}")),
                      tick_font)
        label(x0 - reach / 2, y0 - reach / 2, 1.12 * top, text("loss", self.lang), name_font)

    def set_runs(self, runs: Sequence) -> None:
        for item in self.items:
            self.view.removeItem(item)
        self.items, self.runs = [], list(runs)
        for i in range(len(self.runs)):
            colour = QColor(self.style_.path_colour(i)).getRgbF()
            line = self.gl.GLLinePlotItem(width=3, color=colour, antialias=True)
            dot = self.gl.GLScatterPlotItem(size=14, color=colour)
            self.view.addItem(line)
            self.view.addItem(dot)
            self.items += [line, dot]

    def set_step(self, k: int | None) -> None:
        self.step = k
        if self.surface is None:
            return
        for i, run in enumerate(self.runs):
            shown = run.positions[: geo.last_index(run.positions, k) + 1]
            heights = self.height_of(self.surface.evaluate(shown[:, 0], shown[:, 1]))
            points = np.column_stack([shown, heights + 0.01])
            line, dot = self.items[2 * i], self.items[2 * i + 1]
            line.setData(pos=points)
            dot.setData(pos=points[-1:])


def _vector(x: float, y: float, z: float):
    from PySide6.QtGui import QVector3D

    return QVector3D(x, y, z)

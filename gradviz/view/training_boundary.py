"""`BoundaryPlot`: what a network on 2-D data decides, as a heatmap under the data points.

``set_points(x, labels)`` draws the data (one colour per class); ``set_grid(xs, ys, values)``
colours the plane by the network's prediction on a grid (``values[y, x]``, as
`gradviz.training.Boundary` has it): for two classes the probability of class 1 in a
diverging map (pyqtgraph's CET-D1, blue → white → red: white is the boundary, p = ½); for
more, the predicted class in its colour, paled.  The points take the colours
of the map's ends (two classes) or of the palette (more), outlined in the text colour.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont

from gradviz.view.surface_style import SurfaceStyle, surface_style

DIVERGING = "CET-D1"  # blue → white → red: p(class 1) from 0 to 1
POINT_PX = 9  # a data point's size at scale 1 ...
FEW = 64  # ... and, for a set of at most this many points (XOR's 4), twice that
PALETTE = "PAL-relaxed_bright"  # a qualitative palette for more than two classes


def class_colours(classes: int) -> np.ndarray:
    """RGB (0–255) of each class: the diverging map's ends for two, the palette for more."""
    if classes <= 2:
        return pg.colormap.get(DIVERGING).map(np.array([0.04, 0.96]), mode="byte")[:, :3]
    colours = pg.colormap.get(PALETTE).getColors(mode="byte")[:-1, :3]  # its last is its first
    n = len(colours)
    spread = np.arange(classes) * n // classes if classes <= n else np.arange(classes) % n
    return colours[spread]


def boundary_rgb(values: np.ndarray, classes: int, background: str) -> np.ndarray:
    """The heatmap's RGB image (rows of y, columns of x, 3 bytes): for two classes
    ``values`` is p(class 1), for more the predicted class, shown as its colour half-way
    to the background (so the points, in the full colour, stand out on it)."""
    values = np.asarray(values, float)
    if classes <= 2:
        return pg.colormap.get(DIVERGING).map(np.clip(values, 0, 1), mode="byte")[..., :3]
    back = np.array([int(background[i:i + 2], 16) for i in (1, 3, 5)], float)
    colours = class_colours(classes).astype(float)[values.astype(int) % classes]
    return np.round(back + 0.5 * (colours - back)).astype(np.ubyte)


class BoundaryPlot(pg.PlotWidget):
    def __init__(self, parent=None, theme: str = "light", scale: float = 1.0) -> None:
        super().__init__(parent)
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self.setAspectLocked(True)
        self.image = pg.ImageItem()
        self.points = pg.ScatterPlotItem()
        self.addItem(self.image)
        self.addItem(self.points)
        self.style_ = surface_style(theme, scale)
        self._x = np.zeros((0, 2))
        self._labels = np.zeros(0, int)
        self._classes = 2
        self._grid: tuple | None = None
        self.set_style(self.style_)

    def set_style(self, style: SurfaceStyle) -> None:
        self.style_ = s = style
        self.setBackground(s.background)
        font = QFont(s.font_family)
        font.setPixelSize(round(s.px(15)))
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setPen(pg.mkPen(s.text))
            axis.setTextPen(pg.mkPen(s.text))
            axis.setStyle(tickFont=font)
        self._draw_points()
        if self._grid is not None:
            self.set_grid(*self._grid)

    def set_title(self, title: str) -> None:
        self.setTitle(title, color=self.style_.text, size=f"{self.style_.px(19):.0f}px")

    def set_points(self, x: np.ndarray, labels: np.ndarray, classes: int | None = None) -> None:
        """The data: ``x`` of shape (n, 2), ``labels`` the class of each point (n,)."""
        self._x = np.asarray(x, float).reshape(-1, 2)
        self._labels = np.asarray(labels).reshape(-1).astype(int)
        self._classes = classes or max(2, int(self._labels.max(initial=0)) + 1)
        self._draw_points()

    def _draw_points(self) -> None:
        s = self.style_
        colours = class_colours(self._classes)
        brushes = [pg.mkBrush(*colours[c % len(colours)]) for c in range(self._classes)]
        size = s.px(POINT_PX * (2 if len(self._x) <= FEW else 1))
        self.points.setData(pos=self._x, size=size, pen=pg.mkPen(s.text, width=s.px(1)),
                            brush=[brushes[c % len(brushes)] for c in self._labels])

    def set_grid(self, xs: np.ndarray, ys: np.ndarray, values: np.ndarray) -> None:
        """The prediction at every (x, y) of the grid; the image spans the grid's range."""
        self._grid = (xs, ys, values)
        rgb = boundary_rgb(values, self._classes, self.style_.background)
        # RGBA bytes (opaque): Qt draws them scaled several times faster than RGB ones.
        rgba = np.empty(rgb.shape[1::-1] + (4,), np.ubyte)
        rgba[..., :3] = rgb.transpose(1, 0, 2)
        rgba[..., 3] = 255
        self.image.setImage(rgba, autoLevels=False)
        dx = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
        dy = (ys[-1] - ys[0]) / max(len(ys) - 1, 1)
        self.image.setRect(QRectF(xs[0] - dx / 2, ys[0] - dy / 2,
                                  xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy))

    def image_rgb(self) -> np.ndarray | None:
        """The heatmap's pixels as drawn (x, y, rgb), for tests."""
        return None if self.image.image is None else np.asarray(self.image.image)[..., :3]

"""`SurfaceField`: a `SurfacePlot`'s contours, over a pale ramp or a cividis heatmap.

A mixin of `SurfacePlot` (see `gradviz.view.surface_plot`).  The surface is sampled over the
view grown by ``field_margin`` times its size, and again only when the view leaves that field.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from gradviz.view import surface_geometry as geo
from gradviz.view.surface_items import _Curve


class SurfaceField:
    """The contour lines and the coloured field under them."""

    def _ensure_field(self) -> None:
        """The contours over the view: computed when the field does not cover the view
        (grown by ``field_margin`` times its size), drawn when not drawn yet."""
        (vx0, vx1), (vy0, vy1) = self.plot.vb.viewRange()
        if self._field_bounds is not None:
            (fx0, fx1), (fy0, fy1) = self._field_bounds
            tiny = 1e-9 * max(vx1 - vx0, vy1 - vy0)
            covered = (fx0 <= vx0 + tiny and fx1 >= vx1 - tiny and fy0 <= vy0 + tiny
                       and fy1 >= vy1 - tiny)
        else:
            covered = False
        if covered and self._field_items:
            return
        if not covered:
            bounds = geo.grown(((vx0, vx1), (vy0, vy1)), self.field_margin)
            grid = self.resolution
            if self.cell_px:
                grow = 1 + 2 * self.field_margin
                grid = tuple(int(min(400, max(24, round(grow * side / self.cell_px) + 1)))
                             for side in (self.plot.vb.width(), self.plot.vb.height()))
            xs, ys, values = self.surface.mesh(grid, bounds)
            self._field = (xs, ys, geo.height_map(self.surface, values)(values))
            self._field_bounds = bounds
        for item in self._field_items:
            self.plot.removeItem(item)
        self._field_items = self._draw_field(*self._field)

    def _draw_field(self, xs: np.ndarray, ys: np.ndarray, field: np.ndarray) -> list:
        s, surface = self.style_, self.surface
        low, high = geo.range_level_range(xs, ys, field, surface.range)
        image = pg.ImageItem(np.nan_to_num(np.clip(field, low, high), nan=high).T)
        colours = pg.colormap.get("cividis") if self.mode == "heatmap" else pg.ColorMap(
            np.linspace(0.0, 1.0, len(s.ramp)), [QColor(c) for c in s.ramp])
        image.setLookupTable(colours.getLookupTable(nPts=256))
        image.setLevels((low, high))
        image.setRect(QRectF(xs[0], ys[0], xs[-1] - xs[0], ys[-1] - ys[0]))
        image.setZValue(-20)
        self.plot.addItem(image)
        lx, ly = geo.contour_lines(xs, ys, field, geo.levels_between(low, high))
        line = QColor("#ffffff" if self.mode == "heatmap" else s.contour)
        line.setAlphaF(0.45 if self.mode == "heatmap" else 1.0)
        contours = _Curve(lx, ly, connect="pairs", antialias=True,
                                    skipFiniteCheck=True,
                                    pen=pg.mkPen(line, width=s.px(s.contour_width)))
        contours.setZValue(-10)
        self.plot.addItem(contours)
        return [image, contours]

"""`SurfaceMarks`: the runs' paths, dots, ✕ and exit arrowheads, and the surface's landmarks.

A mixin of `SurfacePlot` (see `gradviz.view.surface_plot`): it draws the items and, at each
step, gathers coinciding dots into a bullseye and shrinks a landmark under a dot.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from gradviz.surfaces.outcome import outside_since
from gradviz.view import surface_geometry as geo
from gradviz.view.surface_items import _Curve

# Dots closer than this (a fraction of the range's width and height) are drawn as one bullseye.
TOGETHER = 0.012
RING_GROWTH = 0.45  # each dot under another in a bullseye is this much (of a dot) wider


class SurfaceMarks:
    """Drawing the marks on a `SurfacePlot`: what moves with the step, and the landmarks."""

    def _exit_mark(self, shown: np.ndarray) -> tuple[tuple[float, float], float]:
        """Where a path last crossed the border, and the screen angle it went out at."""
        point = geo.stop_point(shown, self.surface.range)
        (x0, x1), (y0, y1) = self.surface.range
        # the direction in pixels: scale each axis by the plot's pixels per unit
        width, height = max(self.plot.vb.width(), 1.0), max(self.plot.vb.height(), 1.0)
        a, b = geo.exit_segment(shown, self.surface.range)
        dx, dy = (b[0] - a[0]) * width / (x1 - x0), (b[1] - a[1]) * height / (y1 - y0)
        return point, math.atan2(dy, dx) if (dx or dy) else math.pi / 2

    def _arrange_dots(self, shown_at: list) -> None:
        """Coinciding dots become a bullseye (the earlier runs' dots larger, underneath);
        a landmark under a dot shrinks to a small mark on top of it."""
        s = self.style_
        (x0, x1), (y0, y1) = self.surface.range if self.surface is not None else ((0, 1), (0, 1))
        span = np.array([x1 - x0, y1 - y0], dtype=float)

        def near(p, q, tolerance=TOGETHER) -> bool:
            return bool(np.all(np.abs((np.asarray(p) - np.asarray(q)) / span) < tolerance))

        groups: list[list[int]] = []
        for i, point in enumerate(shown_at):
            if point is None:
                continue
            for group in groups:
                if any(near(point, shown_at[j]) for j in group):
                    group.append(i)
                    break
            else:
                groups.append([i])
        for group in groups:
            for rank, i in enumerate(group):
                grow = 1.0 + RING_GROWTH * (len(group) - 1 - rank)
                self.dots[i].setSize(s.px(s.dot_px) * grow)
        visible = [p for p in shown_at if p is not None]
        for item, points, size in self.landmarks:
            sizes = [0.55 * size if any(near(p, q, 2 * TOGETHER) for q in visible) else size
                     for p in points]
            item.setSize(sizes)

    def _draw_landmarks(self) -> None:
        s, surface = self.style_, self.surface
        ring = pg.mkPen(s.background, width=s.px(2))
        marks = (
            (surface.minima, "star", pg.mkBrush(s.text), ring, s.star_px),
            (surface.local_minima, "star", pg.mkBrush(s.background),
             pg.mkPen(s.text, width=s.px(2.5)), s.star_px),
            (surface.saddles, "d", pg.mkBrush(s.background),
             pg.mkPen(s.text, width=s.px(2.5)), 0.8 * s.star_px),
        )
        self.landmarks = []
        for points, symbol, brush, pen, size in marks:
            if points:
                xs, ys = zip(*points, strict=True)
                item = pg.ScatterPlotItem(xs, ys, symbol=symbol, size=s.px(size),
                                          brush=brush, pen=pen)
                item.setZValue(70)  # above the paths and dots: a minimum is never hidden
                self.plot.addItem(item)  # (under a dot it shrinks: see _arrange_dots)
                self.landmarks.append((item, tuple(points), s.px(size)))
        self.start_item = pg.ScatterPlotItem(symbol="o", size=s.px(s.start_px),
                                             brush=pg.mkBrush(None),
                                             pen=pg.mkPen(s.text, width=s.px(3)))
        self.start_item.setZValue(69)
        self.plot.addItem(self.start_item)

    def _draw_runs(self) -> None:
        s = self.style_
        for item in (*self.paths, *self.dots, *self.crosses, *self.exits):
            self.plot.removeItem(item)
        self.paths, self.dots, self.crosses, self.exits = [], [], [], []
        halo = pg.mkPen(s.background, width=s.px(2.5))
        self._outside_since = [outside_since(run.positions, self.surface.range)
                               for run in self.runs]
        for i, run in enumerate(self.runs):
            colour = s.path_colour(i)
            style = Qt.PenStyle.DashLine if s.dashed(i) else Qt.PenStyle.SolidLine
            path = _Curve(antialias=True, connect="finite",
                                    pen=pg.mkPen(colour, width=s.px(s.path_width), style=style))
            dot = pg.ScatterPlotItem(size=s.px(s.dot_px), brush=pg.mkBrush(colour), pen=halo)
            x, y = geo.stop_point(run.positions, self.surface.range)
            cross = pg.ScatterPlotItem([x], [y], symbol="x", size=s.px(s.cross_px),
                                       brush=pg.mkBrush(colour), pen=halo)
            exit_ = pg.ScatterPlotItem(size=s.px(s.exit_px), brush=pg.mkBrush(colour),
                                       pen=halo)
            for z, item in ((10 + i, path), (30 + i, dot), (50 + i, cross), (50 + i, exit_)):
                item.setZValue(z)
                self.plot.addItem(item)
            self.paths.append(path)
            self.dots.append(dot)
            self.crosses.append(cross)
            self.exits.append(exit_)
        if self.start is not None:
            self.start_item.setData([self.start[0]], [self.start[1]])
        self._update_legend()

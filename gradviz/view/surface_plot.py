"""`SurfacePlot`: a loss surface's contours with every optimizer's path up to step k.

The same widget is the page's main plot and, rendered offscreen, the exported PNG::

    plot = SurfacePlot(theme="dark", scale=1.5, lang="es")
    plot.set_scene(scene.surface, scene.run(), scene.start, title=scene.title)
    plot.set_step(120)          # every path drawn to its 120th step, a big dot at the end

Contours are log-scaled where the surface says so (``Surface.log_contours``), over a pale
ramp (``style="contours"``) or a cividis heatmap (``style="heatmap"``).  Global minima are
filled stars, worse local minima hollow stars, saddles diamonds, the start a ring.  A left
click inside the surface's range emits `point_clicked(x, y)`.

The axes show the range the lesson sets, with equal units on both when its sides are within
a factor of 3 of each other (the plot area takes the range's shape; the room left over goes
around the picture).  The only padding is half a marker's width in pixels on each side, so
that a mark on the border (a minimum in a corner, where a run left) is drawn whole.

Each run's current position is a dot; dots that coincide (runs that converged to the same
point) are drawn as a bullseye of rings, and a minimum under them shrinks to a small star
on top, so no run vanishes.  A run whose position is outside the plotted range gets an
arrowhead on the border where it left, pointing the way it went, and "(sale del rango)" /
"(leaves the range)" in the legend: leaving the plot is not divergence (on a saddle it is
the right answer).  A run that diverged (its loss blew up or stopped being finite, see
`gradviz.surfaces.runs`) gets an ✕ where it stopped and "(diverge)" / "(diverged)".

A network's loss landscape is drawn the same way over its PCA plane: ``set_scene(...,
variance=(0.83, 0.15))`` labels the axes "PC1 (83.0 %)", "PC2 (15.0 %)" and puts the
explained variance in the subtitle instead of the formula.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QTransform

from gradviz.surfaces.functions import Point, Surface
from gradviz.view import surface_geometry as geo
from gradviz.view.surface_style import surface_style, words

STYLES = ("contours", "heatmap")
# Dots closer than this (a fraction of the range's width and height) are drawn as one bullseye.
TOGETHER = 0.012
RING_GROWTH = 0.45  # each dot under another in a bullseye is this much (of a dot) wider


class _Axis(pg.AxisItem):
    """pyqtgraph's axis with room for the whole title: pyqtgraph reserves 0.8 of the title's
    height and nudges it 5 px into the tick labels, so a large title overlapped them."""

    gap = 0.0  # pixels between the tick labels and the title

    def _title_room(self) -> float:
        return self.label.boundingRect().height() + self.gap if self.label.isVisible() else 0.0

    def _text_room(self, text: float, fixed: float, offset: float) -> float:
        if not self.style["showValues"]:
            return 0.0
        room = text if self.style["autoExpandTextSpace"] else fixed
        return room + offset + max(0, self.style["tickLength"])

    def _updateHeight(self) -> None:  # noqa: N802 - pyqtgraph's name
        if self.fixedHeight is not None or not self.isVisible():
            return super()._updateHeight()
        h = self._text_room(self.textHeight, self.style["tickTextHeight"],
                            self.style["tickTextOffset"][1]) + self._title_room()
        self.setMaximumHeight(h)
        self.setMinimumHeight(h)
        self.picture = None

    def _updateWidth(self) -> None:  # noqa: N802 - pyqtgraph's name
        if self.fixedWidth is not None or not self.isVisible():
            return super()._updateWidth()
        w = self._text_room(self.textWidth, self.style["tickTextWidth"],
                            self.style["tickTextOffset"][0]) + self._title_room()
        self.setMaximumWidth(w)
        self.setMinimumWidth(w)
        self.picture = None

    def resizeEvent(self, ev=None) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(ev)
        if self.label is None:
            return
        br = self.label.boundingRect()
        if self.orientation == "left":  # the title is turned: its height runs along x
            self.label.setPos(QPointF(0, int(self.size().height() / 2 + br.width() / 2)))
        elif self.orientation == "bottom":
            self.label.setPos(QPointF(int(self.size().width() / 2 - br.width() / 2),
                                      int(self.size().height() - br.height())))


class _Curve(pg.PlotCurveItem):
    """A line item stroked in device pixels.  Qt's raster engine strokes a cosmetic pen
    about 30 times slower under a scale that differs between x and y, even by 10⁻⁶ (and
    the plot's x and y scales never agree exactly): the path is mapped to pixels first.
    Only what this plot uses (a pen, antialiasing; no fill, no shadow) is drawn."""

    _mapped: tuple | None = None

    def paint(self, p, opt, widget) -> None:
        if self.xData is None or len(self.xData) == 0:
            return
        t = p.transform()
        path = self.getPath()
        key = (id(path), t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy())
        if self._mapped is None or self._mapped[0] != key:
            self._mapped = (key, t.map(path), path)  # keeps the path alive, so its id holds
        p.save()
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, bool(self.opts["antialias"]))
            p.setPen(self.opts["pen"])
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.resetTransform()
            p.drawPath(self._mapped[1])
        finally:
            p.restore()


class _Title(pg.LabelItem):
    """A label drawn centred over its cell whatever the cell's width: it asks for no width,
    so a long title never widens the plot's column (pyqtgraph's asks for its text's)."""

    def updateMin(self) -> None:  # noqa: N802 - pyqtgraph's name
        super().updateMin()
        self.setMinimumWidth(0)
        for hint in (Qt.SizeHint.MinimumSize, Qt.SizeHint.PreferredSize):
            self._sizeHint[hint] = (0.0, self._sizeHint[hint][1])
        self.updateGeometry()

    def resizeEvent(self, ev) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(ev)
        left = self.itemRect().left()
        if left < self.rect().left():  # wider than its cell: cut the end, not the start
            self.item.moveBy(self.rect().left() - left, 0)


class _Legend(pg.LabelItem):
    """A label exactly as wide as its text plus ``extra``: the plot's column alone takes (or
    gives up) the room left, so the plot area can be given the range's shape."""

    extra = 0.0

    def set_extra(self, extra: float) -> None:
        self.extra = max(0.0, float(extra))
        self.updateMin()

    def updateMin(self) -> None:  # noqa: N802 - pyqtgraph's name
        super().updateMin()
        width = self.itemRect().width() + self.extra
        self.setMinimumWidth(width)
        self.setMaximumWidth(width)
        for hint in (Qt.SizeHint.MinimumSize, Qt.SizeHint.PreferredSize):
            self._sizeHint[hint] = (width, self._sizeHint[hint][1])
        self.updateGeometry()


def _arrowhead(angle: float) -> QPainterPath:
    """A triangle pointing along ``angle`` (radians, anticlockwise from +x on the screen),
    to the nearest degree: one path per direction, so pyqtgraph's symbol cache stays small
    however long the scrubber plays."""
    return _arrowhead_degrees(round(math.degrees(angle)) % 360)


@functools.lru_cache(maxsize=360)
def _arrowhead_degrees(degrees: int) -> QPainterPath:
    angle = math.radians(degrees)
    path = QPainterPath()
    path.moveTo(0.5, 0.0)
    path.lineTo(-0.5, -0.42)
    path.lineTo(-0.3, 0.0)
    path.lineTo(-0.5, 0.42)
    path.closeSubpath()
    return QTransform().rotateRadians(-angle).map(path)  # the screen's y points down


class SurfacePlot(pg.GraphicsLayoutWidget):
    """Title, the surface with its paths, and the legend to the right of it.

    ``runs`` are `Trajectory` or `RegressionRun` records: anything with ``positions``,
    ``label`` and ``diverged``."""

    point_clicked = Signal(float, float)

    def __init__(self, theme: str = "light", scale: float = 1.0, lang: str = "es",
                 style: str = "contours", parent=None, field_margin: float = 0.5,
                 resolution: int = 220, cell_px: float | None = None) -> None:
        """``field_margin``: how far past the view (times its size) the contours are
        computed, for panning in the window; an export needs next to none.
        ``resolution``: grid points along each side of that field; or, with ``cell_px``,
        a grid point every ``cell_px`` pixels of the plot as it is laid out (an export's
        size is known: finer is wasted, coarser shows corners in the contours)."""
        super().__init__(parent)
        self.field_margin, self.resolution = float(field_margin), int(resolution)
        self.cell_px = cell_px
        self.style_ = surface_style(theme, scale)
        self.lang = lang
        self.mode = style if style in STYLES else "contours"
        self.surface: Surface | None = None
        self.runs: list = []
        self.start: Point | None = None
        self.step: int | None = None
        self.title = ""
        self.axis_names = ("x", "y")
        self.variance: tuple[float, float] | None = None
        self.fill = False
        self.fitted_size = (0.0, 0.0)  # the plot area's size when the view was last fitted
        self._field = None  # (xs, ys, Z) over the bounds in self._field_bounds
        self._field_bounds = None
        self._field_items: list = []
        self.ci.setContentsMargins(*(4 * [12 * scale]))
        self.title_label = _Title(justify="center")
        self.ci.addItem(self.title_label, row=0, col=0, colspan=2)
        self.plot = self.addPlot(row=1, col=0, axisItems={
            "left": _Axis("left"), "bottom": _Axis("bottom")})
        self.legend = _Legend(justify="left")
        self.ci.addItem(self.legend, row=1, col=1)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.vb.setDefaultPadding(0.0)
        self.paths: list[pg.PlotCurveItem] = []
        self.dots: list[pg.ScatterPlotItem] = []
        self.crosses: list[pg.ScatterPlotItem] = []
        self.exits: list[pg.ScatterPlotItem] = []  # arrowheads where a run left the range
        self.landmarks: list[tuple[pg.ScatterPlotItem, tuple, float]] = []
        self.scene().sigMouseClicked.connect(self._clicked)
        self._fitting = False
        self._refit_timer = QTimer(self, singleShot=True, interval=0)
        self._refit_timer.timeout.connect(self._refit)
        self.plot.vb.sigResized.connect(self._plot_resized)
        self._apply_style()

    # ── public ───────────────────────────────────────────────────────────────────────────
    def set_scene(self, surface: Surface, runs: Sequence, start: Point, title: str = "",
                  axis_names: tuple[str, str] = ("x", "y"),
                  variance: tuple[float, float] | None = None, fill: bool = False) -> None:
        """Draw a new surface with its runs (the contours are computed here, once).

        ``variance``: the fractions explained by the axes of a PCA plane (a landscape).
        ``fill``: the range was not set by the lesson (a landscape's follows its paths), so
        the plot may show more of the surface around it to fill its area."""
        self.surface, self.title, self.axis_names = surface, title, axis_names
        self.variance = None if variance is None else (float(variance[0]), float(variance[1]))
        self.fill = bool(fill)
        self._field = self._field_bounds = None
        self.runs, self.start = list(runs), (float(start[0]), float(start[1]))
        self._redraw()

    def set_runs(self, runs: Sequence, start: Point) -> None:
        """New paths on the same surface (after a new start or new hyper-parameters)."""
        self.runs, self.start = list(runs), (float(start[0]), float(start[1]))
        legend = self.legend.text
        self._draw_runs()
        self.set_step(self.step)
        if self.legend.text != legend:  # its width may have changed: lay the plot out again
            self._fit_view()

    def set_step(self, k: int | None) -> None:
        """Every path to step k (None: to its end); a path that ended earlier stays there."""
        self.step = None if k is None else max(0, int(k))
        bounds = self.surface.range if self.surface is not None else None
        shown_at = []
        for run, path, dot, cross, exit_ in zip(self.runs, self.paths, self.dots,
                                                self.crosses, self.exits, strict=True):
            i = geo.last_index(run.positions, self.step)
            shown = run.positions[: i + 1]
            path.setData(shown[:, 0], shown[:, 1])
            x, y = shown[-1]
            dot.setData([x], [y])
            ended = run.diverged and i == len(run.positions) - 1
            cross.setVisible(ended)
            inside = bounds is None or geo.inside((x, y), bounds)
            dot.setVisible(inside)
            exit_.setVisible(not inside and not ended)
            if not inside and not ended:
                (ex, ey), angle = self._exit_mark(shown)
                exit_.setData([ex], [ey], symbol=_arrowhead(angle))
            shown_at.append((x, y) if inside else None)
        self._arrange_dots(shown_at)
        self._update_title()

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

    def set_scale(self, scale: float) -> None:
        """Fonts, lines and marks ``scale`` times their size (the presenter's text scale)."""
        self.style_ = surface_style(self.style_.name, scale)
        self._apply_style()
        self._redraw()

    def set_theme(self, name: str) -> None:
        self.style_ = surface_style(name, self.style_.scale)
        self._apply_style()
        self._redraw()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._redraw()

    def set_mode(self, style: str) -> None:
        """"contours" (lines over a pale ramp) or "heatmap" (cividis under faint lines)."""
        self.mode = style if style in STYLES else "contours"
        self._redraw()

    def marker_positions(self) -> list[tuple[float, float]]:
        """Where each optimizer's big dot is now, in the surface's coordinates."""
        return [(float(dot.getData()[0][0]), float(dot.getData()[1][0])) for dot in self.dots]

    # ── drawing ──────────────────────────────────────────────────────────────────────────
    def _redraw(self) -> None:
        """Everything again: surface, runs, then the layout (which shows the step)."""
        if self.surface is not None:
            self._draw_surface()
            self._draw_runs()
            self._fit_view()
            self.set_step(self.step)

    def _font(self, px: float) -> QFont:
        font = QFont(self.style_.font_family)
        font.setPixelSize(max(1, round(self.style_.px(px))))
        return font

    def _apply_style(self) -> None:
        s = self.style_
        self.setBackground(s.background)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(s.text, width=s.px(1.5)))
            axis.setTextPen(pg.mkPen(s.text))
            # hideOverlappingLabels=False: the range's ends are labelled too (-2 at the
            # left end of x), reaching into the empty corner between the axes.
            # autoReduceTextSpace=False: room for tick labels only grows, so fitting the
            # plot's shape cannot flip between "-1.5" (more ticks) and "-2" (fewer)
            axis.setStyle(tickFont=self._font(s.tick_px), tickLength=round(s.px(8)),
                          tickTextOffset=round(s.px(6)), hideOverlappingLabels=False,
                          autoReduceTextSpace=False)
            axis.gap = s.px(4)

    def _draw_surface(self) -> None:
        s = self.style_
        self.plot.clear()
        self._field_items = []
        self._draw_landmarks()
        self.plot.disableAutoRange()
        font = f"{s.px(s.axis_px):.0f}px"
        for name, text in zip(("bottom", "left"), self.axis_label_texts(), strict=True):
            slant = "italic" if len(text) == 1 else "normal"  # a variable, not a name
            self.plot.getAxis(name).setLabel(text, **{"font-size": font, "color": s.text,
                                                      "font-style": slant})

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

    # ── layout: the lesson's range, equal units ─────────────────────────────────────────
    def equal_units(self) -> bool:
        """Equal units on both axes when the range allows it: only then does the gradient
        look perpendicular to the contour lines, as it is."""
        (x0, x1), (y0, y1) = self.surface.range
        return 1 / 3 <= (x1 - x0) / (y1 - y0) <= 3

    def border_pad(self) -> float:
        """Pixels shown past the range on each side: half the largest mark, so marks on
        the border are whole."""
        s = self.style_
        return s.px(max(s.cross_px, s.star_px) / 2 + 2)

    def resizeEvent(self, ev=None) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(ev)
        self._fit_view()

    def _plot_resized(self, *_) -> None:
        """The plot area changed size after the fit (pyqtgraph measures tick labels while
        painting, and the window lays out later): fit again, once things settle."""
        if not self._fitting and getattr(self, "surface", None) is not None:
            self._refit_timer.start()

    def _refit(self) -> None:
        size = (self.plot.vb.width(), self.plot.vb.height())
        if abs(size[0] - self.fitted_size[0]) > 0.5 or abs(size[1] - self.fitted_size[1]) > 0.5:
            self._fit_view()

    def _fit_view(self) -> None:
        """Show exactly the range (plus `border_pad` pixels) and, with `equal_units`, give
        the plot area the range's shape: the room left over becomes margins around the
        title, plot and legend, which stay together in the middle of the picture."""
        if getattr(self, "surface", None) is None:  # also: pyqtgraph's resize in __init__
            return
        self._fitting = True
        try:
            self._fit()
        finally:
            self._fitting = False
        if self.runs and len(self.dots) == len(self.runs):  # arrowheads point in pixels
            self.set_step(self.step)

    def _fit(self) -> None:
        s, layout = self.style_, self.ci.layout
        self._update_title()  # its height is part of the layout
        margin, right = s.px(12), s.px(36)  # the legend keeps clear of the right edge
        layout.setHorizontalSpacing(s.px(18))
        (x0, x1), (y0, y1) = self.surface.range
        rx, ry = x1 - x0, y1 - y0
        pad = self.border_pad()
        extra_x = extra_y = legend_extra = 0.0
        self.legend.set_extra(0.0)
        # The block (title above plot and legend) is at least as wide as the title, when
        # the picture is: past that, room to spare goes to the legend's column.
        title = min(self.title_label.itemRect().width(), self.range.width() - margin - right)
        most_x = max(0.0, (self.range.width() - margin - right - title) / 2)

        def apply(ex: float, ey: float) -> bool:
            """Margins grown by ex, ey; False (and back to base) if the picture overflows."""
            self.ci.setContentsMargins(margin + ex, margin + ey, right + ex, margin + ey)
            self.ci.setGeometry(self.range)  # the view's rect: it may have been too small
            layout.activate()
            box = self.ci.geometry()
            if box.width() > self.range.width() + 0.5 or box.height() > self.range.height() + 0.5:
                if ex or ey:
                    apply(0.0, 0.0)
                return False
            return True

        for _ in range(4):  # tick labels change with the plot's size: settle
            if not apply(extra_x, extra_y):
                break
            before = (self.plot.vb.width(), self.plot.vb.height())
            self._set_view_range(pad)
            self._measure_axes()
            layout.activate()
            w, h = self.plot.vb.width(), self.plot.vb.height()
            if self.fill or not self.equal_units():
                if (w, h) == before:
                    break
                continue
            if w <= 4 * pad or h <= 4 * pad:
                break
            unit = min((w - 2 * pad) / rx, (h - 2 * pad) / ry)  # pixels per unit
            spare_x, spare_y = (w - 2 * pad - rx * unit) / 2, (h - 2 * pad - ry * unit) / 2
            if spare_x < 0.5 and spare_y < 0.5:
                break
            extra_x, extra_y = extra_x + spare_x, extra_y + spare_y
            if extra_x > most_x:
                legend_extra += 2 * (extra_x - most_x)
                extra_x = most_x
                self.legend.set_extra(legend_extra)
        self._set_view_range(pad)
        self.fitted_size = (self.plot.vb.width(), self.plot.vb.height())
        self._ensure_field()  # the contours, once the view's range is known

    def _set_view_range(self, pad: float) -> None:
        """The range, and ``pad`` pixels more on each side at the plot's present size; with
        ``fill`` and equal units, as much more around it as the plot's shape leaves."""
        (x0, x1), (y0, y1) = self.surface.range
        rx, ry = x1 - x0, y1 - y0
        w, h = self.plot.vb.width(), self.plot.vb.height()
        if w <= 4 * pad or h <= 4 * pad:
            self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)
            return
        if self.fill and self.equal_units():
            unit = min((w - 2 * pad) / rx, (h - 2 * pad) / ry)  # pixels per unit
            cx, cy, hx, hy = (x0 + x1) / 2, (y0 + y1) / 2, w / unit / 2, h / unit / 2
            self.plot.setRange(xRange=(cx - hx, cx + hx), yRange=(cy - hy, cy + hy),
                               padding=0.0)
            return
        px, py = pad * rx / (w - 2 * pad), pad * ry / (h - 2 * pad)
        self.plot.setRange(xRange=(x0 - px, x1 + px), yRange=(y0 - py, y1 + py), padding=0.0)

    def _measure_axes(self) -> None:
        """Let the axes measure their tick labels now (pyqtgraph does it while painting,
        one frame late: an export has only one frame)."""
        image = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        try:
            for name in ("left", "bottom"):
                axis = self.plot.getAxis(name)
                axis.picture = None
                axis.paint(painter, None, None)
        finally:
            painter.end()

    def axis_label_texts(self) -> tuple[str, str]:
        """The axes' names, with the explained variance on a PCA plane: "PC1 (83.0 %)"."""
        if self.variance is None:
            return self.axis_names
        first, second = (f"{name} ({100 * v:.1f} %)"
                         for name, v in zip(self.axis_names, self.variance, strict=True))
        return first, second

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

    def _update_legend(self) -> None:
        s, w = self.style_, words(self.lang)
        rows = []
        for i, run in enumerate(self.runs):
            sample = "╍╍●" if s.dashed(i) else "━━●"
            label = _escape(run.label)
            if run.diverged:
                label += f" {w['diverged']} ✕"
            elif self.leaves_range(run):
                label += f" {w['leaves']}"
            rows.append(f"<span style='color:{s.path_colour(i)}'>{sample}</span>&nbsp;{label}")
        surface = self.surface
        marks = ((surface.minima, "★", w["minimum"]), (surface.local_minima, "☆", w["local"]),
                 (surface.saddles, "◇", w["saddle"]), ((self.start,), "○", w["start"]))
        extra = [f"{glyph}&nbsp;{text}" for points, glyph, text in marks if points]
        html = "<br>".join(rows) + ("<br><br>" + "<br>".join(extra) if extra else "")
        self.legend.setText(html, size=f"{s.px(s.legend_px):.0f}px", color=s.text,
                            family=s.font_family)

    def leaves_range(self, run) -> bool:
        """Whether a run goes outside the plotted range at some step (not divergence)."""
        (x0, x1), (y0, y1) = self.surface.range
        xs, ys = run.positions[:, 0], run.positions[:, 1]
        return bool(np.any((xs < x0) | (xs > x1) | (ys < y0) | (ys > y1)))

    def _update_title(self) -> None:
        s = self.style_
        if self.surface is None:
            return
        title = self.title or self.surface.title(self.lang)
        total = max((len(r.positions) - 1 for r in self.runs), default=0)
        step = total if self.step is None else min(self.step, total)
        w = words(self.lang)
        what = _escape(self.surface.formula)
        if self.variance is not None:
            pc1, pc2 = (100 * v for v in self.variance)
            what = f"{w['explained']}: {self.axis_names[0]} {pc1:.1f} % + " \
                   f"{self.axis_names[1]} {pc2:.1f} % = {pc1 + pc2:.1f} %"
        sub = f"{what} &nbsp;·&nbsp; {w['step']} {step} / {total}"
        self.title_label.setText(
            f"<b>{_escape(title)}</b><br><span style='font-size:{s.px(s.subtitle_px):.0f}px'>"
            f"{sub}</span>", size=f"{s.px(s.title_px):.0f}px", color=s.text,
            family=s.font_family)


    def _clicked(self, event) -> None:
        if (self.surface is None or event.button() != Qt.MouseButton.LeftButton
                or event.double()):
            return
        if not self.plot.vb.sceneBoundingRect().contains(event.scenePos()):
            return
        point = self.plot.vb.mapSceneToView(event.scenePos())
        if geo.inside((point.x(), point.y()), self.surface.range):
            self.point_clicked.emit(float(point.x()), float(point.y()))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

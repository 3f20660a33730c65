"""`SurfacePlot`: a loss surface's contours with every optimizer's path up to step k.

The same widget is the page's main plot and, rendered offscreen, the exported PNG::

    plot = SurfacePlot(theme="dark", scale=1.5, lang="es")
    plot.set_scene(scene.surface, scene.run(), scene.start, title=scene.title)
    plot.set_step(120)          # every path drawn to its 120th step, a big dot at the end

Contours are log-scaled where the surface says so (``Surface.log_contours``), over a pale
ramp (``style="contours"``) or a cividis heatmap (``style="heatmap"``).  Global minima are
filled stars, worse local minima hollow stars, saddles diamonds, the start a ring.  A run
that diverged gets an ✕ where it left the plot and "(diverge)" in the legend.  A left click
inside the surface's range emits `point_clicked(x, y)`.

A network's loss landscape is drawn the same way over its PCA plane: ``set_scene(...,
variance=(0.83, 0.15))`` labels the axes "PC1 (83.0 %)", "PC2 (15.0 %)" and puts the
explained variance in the subtitle instead of the formula.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont

from gradviz.surfaces.functions import Point, Surface
from gradviz.view import surface_geometry as geo
from gradviz.view.surface_style import surface_style, words

STYLES = ("contours", "heatmap")


class SurfacePlot(pg.GraphicsLayoutWidget):
    """Title, the surface with its paths, and the legend to the right of it.

    ``runs`` are `Trajectory` or `RegressionRun` records: anything with ``positions``,
    ``label`` and ``diverged``."""

    point_clicked = Signal(float, float)

    def __init__(self, theme: str = "light", scale: float = 1.0, lang: str = "es",
                 style: str = "contours", parent=None) -> None:
        super().__init__(parent)
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
        self._field = None
        self.ci.setContentsMargins(*(4 * [12 * scale]))
        self.title_label = self.addLabel("", row=0, col=0, colspan=2)
        self.plot = self.addPlot(row=1, col=0)
        self.legend = self.addLabel("", row=1, col=1, justify="left")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.vb.setDefaultPadding(0.0)
        self.paths: list[pg.PlotCurveItem] = []
        self.dots: list[pg.ScatterPlotItem] = []
        self.crosses: list[pg.ScatterPlotItem] = []
        self.scene().sigMouseClicked.connect(self._clicked)
        self._apply_style()

    # ── public ───────────────────────────────────────────────────────────────────────────
    def set_scene(self, surface: Surface, runs: Sequence, start: Point, title: str = "",
                  axis_names: tuple[str, str] = ("x", "y"),
                  variance: tuple[float, float] | None = None) -> None:
        """Draw a new surface with its runs (the contours are computed here, once).

        ``variance``: the fractions explained by the axes of a PCA plane (a landscape)."""
        self.surface, self.title, self.axis_names = surface, title, axis_names
        self.variance = None if variance is None else (float(variance[0]), float(variance[1]))
        self._field = geo.contour_field(surface)
        self._draw_surface()
        self.set_runs(runs, start)

    def set_runs(self, runs: Sequence, start: Point) -> None:
        """New paths on the same surface (after a new start or new hyper-parameters)."""
        self.runs, self.start = list(runs), (float(start[0]), float(start[1]))
        self._draw_runs()
        self.set_step(self.step)

    def set_step(self, k: int | None) -> None:
        """Every path to step k (None: to its end); a path that ended earlier stays there."""
        self.step = None if k is None else max(0, int(k))
        for run, path, dot, cross in zip(self.runs, self.paths, self.dots, self.crosses,
                                         strict=True):
            i = geo.last_index(run.positions, self.step)
            shown = run.positions[: i + 1]
            path.setData(shown[:, 0], shown[:, 1])
            x, y = shown[-1]
            dot.setData([x], [y])
            ended = run.diverged and i == len(run.positions) - 1
            cross.setVisible(ended)
            dot.setVisible(not ended or geo.inside((x, y), self.surface.range))
        self._update_title()

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
        if self.surface is not None:
            self._draw_surface()
            self._draw_runs()
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
            axis.setStyle(tickFont=self._font(s.tick_px), tickLength=round(s.px(8)),
                          tickTextOffset=round(s.px(6)))

    def _draw_surface(self) -> None:
        s, surface = self.style_, self.surface
        self.plot.clear()
        xs, ys, field = geo.contour_field(surface) if self._field is None else (*self._field,)
        low, high = geo.level_range(field)
        image = pg.ImageItem(np.nan_to_num(np.clip(field, low, high), nan=high).T)
        colours = pg.colormap.get("cividis") if self.mode == "heatmap" else pg.ColorMap(
            np.linspace(0.0, 1.0, len(s.ramp)), [QColor(c) for c in s.ramp])
        image.setLookupTable(colours.getLookupTable(nPts=256))
        image.setLevels((low, high))
        image.setRect(QRectF(xs[0], ys[0], xs[-1] - xs[0], ys[-1] - ys[0]))
        image.setZValue(-20)
        self.plot.addItem(image)
        lx, ly = geo.contour_lines(xs, ys, field, geo.contour_levels(field))
        line = QColor("#ffffff" if self.mode == "heatmap" else s.contour)
        line.setAlphaF(0.45 if self.mode == "heatmap" else 1.0)
        contours = pg.PlotCurveItem(lx, ly, connect="finite", antialias=True,
                                    pen=pg.mkPen(line, width=s.px(s.contour_width)))
        contours.setZValue(-10)
        self.plot.addItem(contours)
        self._draw_landmarks()
        (x0, x1), (y0, y1) = surface.range
        # A little room around the range, so marks on its border (a diverged run's ✕, a
        # minimum in a corner) are not cut in half.
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.04)
        self.plot.disableAutoRange()
        ratio = (x1 - x0) / (y1 - y0)
        # Equal units on both axes when the range allows it: only then does the gradient
        # look perpendicular to the contour lines, as it is.
        self.plot.setAspectLocked(1 / 3 <= ratio <= 3, ratio=1.0)
        font = f"{s.px(s.axis_px):.0f}px"
        for name, text in zip(("bottom", "left"), self.axis_label_texts(), strict=True):
            slant = "italic" if len(text) == 1 else "normal"  # a variable, not a name
            self.plot.getAxis(name).setLabel(text, **{"font-size": font, "color": s.text,
                                                      "font-style": slant})

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
        for points, symbol, brush, pen, size in marks:
            if points:
                xs, ys = zip(*points, strict=True)
                item = pg.ScatterPlotItem(xs, ys, symbol=symbol, size=s.px(size),
                                          brush=brush, pen=pen)
                item.setZValue(70)  # above the paths and dots: a minimum is never hidden
                self.plot.addItem(item)
        self.start_item = pg.ScatterPlotItem(symbol="o", size=s.px(s.start_px),
                                             brush=pg.mkBrush(None),
                                             pen=pg.mkPen(s.text, width=s.px(3)))
        self.start_item.setZValue(69)
        self.plot.addItem(self.start_item)

    def _draw_runs(self) -> None:
        s = self.style_
        for item in (*self.paths, *self.dots, *self.crosses):
            self.plot.removeItem(item)
        self.paths, self.dots, self.crosses = [], [], []
        halo = pg.mkPen(s.background, width=s.px(2.5))
        for i, run in enumerate(self.runs):
            colour = s.path_colour(i)
            style = Qt.PenStyle.DashLine if s.dashed(i) else Qt.PenStyle.SolidLine
            path = pg.PlotCurveItem(antialias=True, connect="finite",
                                    pen=pg.mkPen(colour, width=s.px(s.path_width), style=style))
            dot = pg.ScatterPlotItem(size=s.px(s.dot_px), brush=pg.mkBrush(colour), pen=halo)
            x, y = geo.stop_point(run.positions, self.surface.range)
            cross = pg.ScatterPlotItem([x], [y], symbol="x", size=s.px(s.cross_px),
                                       brush=pg.mkBrush(colour), pen=halo)
            for z, item in ((10 + i, path), (30 + i, dot), (50 + i, cross)):
                item.setZValue(z)
                self.plot.addItem(item)
            self.paths.append(path)
            self.dots.append(dot)
            self.crosses.append(cross)
        if self.start is not None:
            self.start_item.setData([self.start[0]], [self.start[1]])
        self._update_legend()

    def _update_legend(self) -> None:
        s, w = self.style_, words(self.lang)
        rows = []
        for i, run in enumerate(self.runs):
            sample = "╍╍●" if s.dashed(i) else "━━●"
            label = _escape(run.label) + (f" {w['diverged']} ✕" if run.diverged else "")
            rows.append(f"<span style='color:{s.path_colour(i)}'>{sample}</span>&nbsp;{label}")
        surface = self.surface
        marks = ((surface.minima, "★", w["minimum"]), (surface.local_minima, "☆", w["local"]),
                 (surface.saddles, "◇", w["saddle"]), ((self.start,), "○", w["start"]))
        extra = [f"{glyph}&nbsp;{text}" for points, glyph, text in marks if points]
        html = "<br>".join(rows) + ("<br><br>" + "<br>".join(extra) if extra else "")
        self.legend.setText(html, size=f"{s.px(s.legend_px):.0f}px", color=s.text,
                            family=s.font_family)

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

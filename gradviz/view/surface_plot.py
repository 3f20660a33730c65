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
`gradviz.surfaces.runs`) gets an ✕ where it stopped and "(diverge)" / "(diverged)".  Both
show only from the iteration at which that happened (`gradviz.surfaces.outcome`): before
it the legend has the plain name.  The legend keeps the width of the longest label the
scene will need, so the plot does not move from one step to the next.

A network's loss landscape is drawn the same way over its PCA plane: ``set_scene(...,
variance=(0.83, 0.15))`` labels the axes "PC1 (83.0 %)", "PC2 (15.0 %)" and puts the
explained variance in the subtitle instead of the formula.

The work is shared among mixins, one module each: `surface_fit` (the range and the layout),
`surface_field` (contours and heatmap), `surface_marks` (paths, dots and landmarks) and
`surface_labels` (title, legend, axis names); `surface_items` holds the pyqtgraph items they
use.  Import `SurfacePlot` from here.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont

from gradviz.surfaces.functions import Point, Surface
from gradviz.surfaces.outcome import DIVERGED, LEAVES
from gradviz.view import surface_geometry as geo
from gradviz.view.surface_field import SurfaceField
from gradviz.view.surface_fit import SurfaceFit
from gradviz.view.surface_items import _arrowhead, _Axis, _Legend, _Title
from gradviz.view.surface_labels import SurfaceLabels
from gradviz.view.surface_marks import RING_GROWTH as RING_GROWTH
from gradviz.view.surface_marks import TOGETHER as TOGETHER
from gradviz.view.surface_marks import SurfaceMarks
from gradviz.view.surface_style import surface_style

STYLES = ("contours", "heatmap")


class SurfacePlot(SurfaceFit, SurfaceField, SurfaceMarks, SurfaceLabels,
                  pg.GraphicsLayoutWidget):
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
        self._outside_since: list = []  # per run: since when each point is outside the range
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
        legend = self.legend.reserved
        self._draw_runs()
        self.set_step(self.step)
        if self.legend.reserved != legend:  # its width changed: lay the plot out again
            self._fit_view()

    def set_step(self, k: int | None) -> None:
        """Every path to step k (None: to its end); a path that ended earlier stays there.
        A run's ✕ or exit arrowhead, and its words in the legend, show from the iteration
        at which it diverged or went out of the range on (`gradviz.surfaces.outcome`)."""
        self.step = None if k is None else max(0, int(k))
        if self.surface is None:
            return
        bounds = self.surface.range
        outcomes = self.outcomes()
        shown_at = []
        for run, path, dot, cross, exit_, state in zip(
                self.runs, self.paths, self.dots, self.crosses, self.exits, outcomes,
                strict=True):
            i = geo.last_index(run.positions, self.step)
            shown = run.positions[: i + 1]
            path.setData(shown[:, 0], shown[:, 1])
            x, y = shown[-1]
            dot.setData([x], [y])
            cross.setVisible(state.status == DIVERGED)
            leaves = state.status == LEAVES
            inside = geo.inside((x, y), bounds) and not leaves
            dot.setVisible(inside)
            exit_.setVisible(leaves)
            if leaves:
                (ex, ey), angle = self._exit_mark(shown)
                exit_.setData([ex], [ey], symbol=_arrowhead(angle))
            shown_at.append((x, y) if inside else None)
        self._arrange_dots(shown_at)
        self._show_legend(outcomes)
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

    def resizeEvent(self, ev=None) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(ev)
        self._fit_view()

    def _clicked(self, event) -> None:
        if (self.surface is None or event.button() != Qt.MouseButton.LeftButton
                or event.double()):
            return
        if not self.plot.vb.sceneBoundingRect().contains(event.scenePos()):
            return
        point = self.plot.vb.mapSceneToView(event.scenePos())
        if geo.inside((point.x(), point.y()), self.surface.range):
            self.point_clicked.emit(float(point.x()), float(point.y()))

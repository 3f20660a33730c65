"""`TrainingCurves`: a training run's loss and accuracy, per iteration and per epoch.

Two stacked pyqtgraph plots share the iteration axis.  Each shows the training value at
every iteration (a thin line: mini-batches make it noisy), its mean over each epoch (a thick
line with a dot at each epoch's last iteration) and the validation value at the end of each
epoch (dashed, squares).  The dots and squares are full size up to `BIG_MARKS` epochs
planned, smaller up to `SMALL_MARKS`, and left out past that (300 epochs would draw a band
of them): the lines alone say it (`mark_size`).  A vertical line marks the iteration
shown.  The page hands plain numpy arrays in (`CurveData`); the items are made once and
only their data change, so a redraw per frame is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from gradviz.view.surface_style import SurfaceStyle, surface_style


def _empty() -> np.ndarray:
    return np.zeros(0)


@dataclass
class CurveData:
    """What the curves show: x is the iteration (0, 1, …); epoch values sit at the iteration
    that ended the epoch.  NaN entries (no validation set, no accuracy) are left out."""

    iterations: np.ndarray = field(default_factory=_empty)
    loss: np.ndarray = field(default_factory=_empty)
    accuracy: np.ndarray = field(default_factory=_empty)
    epoch_ends: np.ndarray = field(default_factory=_empty)
    epoch_loss: np.ndarray = field(default_factory=_empty)
    epoch_accuracy: np.ndarray = field(default_factory=_empty)
    val_loss: np.ndarray = field(default_factory=_empty)
    val_accuracy: np.ndarray = field(default_factory=_empty)


SERIES = ("iteration", "epoch", "validation")  # the three lines of each plot
BIG_MARKS = 30  # epochs planned up to which each epoch's value is a big dot (or square)
SMALL_MARKS = 80  # ... a small one; past this, no marks: the epoch lines alone
MARK_PX = (9.0, 5.0)  # the marks' sizes at scale 1: big, small
# Past half an iteration per pixel of the plot's width, the per-iteration line is drawn from
# the lowest and the highest of each run of iterations two pixels wide (pyqtgraph's "peak"
# downsampling): the same jagged band as all of them, with fewer lines to draw.
DOWNSAMPLE = 0.5


def mark_size(epochs: int) -> float | None:
    """The epoch marks' size at scale 1 for a run of `epochs` epochs; None: no marks."""
    if epochs <= BIG_MARKS:
        return MARK_PX[0]
    return MARK_PX[1] if epochs <= SMALL_MARKS else None


class TrainingCurves(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None, theme: str = "light", scale: float = 1.0) -> None:
        super().__init__(parent)
        self.style_ = surface_style(theme, scale)
        self.loss_plot = self.addPlot(row=0, col=0)
        self.accuracy_plot = self.addPlot(row=1, col=0)
        self.accuracy_plot.setXLink(self.loss_plot)
        self.lines: dict[tuple[str, str], pg.PlotDataItem] = {}
        self.cursors = []
        self.legend = self.loss_plot.addLegend(offset=(-10, 10))
        for which, plot in (("loss", self.loss_plot), ("accuracy", self.accuracy_plot)):
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(x=False, y=False)
            for series in SERIES:
                item = pg.PlotDataItem(connect="finite", autoDownsampleFactor=DOWNSAMPLE)
                item.setClipToView(True)
                item.setDownsampling(auto=True, method="peak")
                plot.addItem(item)
                self.lines[which, series] = item
            cursor = pg.InfiniteLine(angle=90, movable=False)
            plot.addItem(cursor)
            self.cursors.append(cursor)
        self.accuracy_plot.setYRange(0, 1, padding=0.02)
        for plot in (self.loss_plot, self.accuracy_plot):
            plot.enableAutoRange(x=False)
        self.loss_plot.enableAutoRange(y=True)
        self.accuracy_plot.enableAutoRange(y=False)
        self.names = {"iteration": "", "epoch": "", "validation": ""}
        self.epochs = 0  # planned (`set_span`): how big the epoch marks are
        self.data = CurveData()
        self.set_style(self.style_)

    # ── look ─────────────────────────────────────────────────────────────────────────────
    def set_style(self, style: SurfaceStyle) -> None:
        """Colours and sizes of a theme at a scale (the page's text size)."""
        self.style_ = s = style
        self.setBackground(s.background)
        font = QFont(s.font_family)
        font.setPixelSize(round(s.px(16)))
        for plot in (self.loss_plot, self.accuracy_plot):
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setPen(pg.mkPen(s.text))
                axis.setTextPen(pg.mkPen(s.text))
                axis.setStyle(tickFont=font)
        train, val = s.path_colour(0), s.path_colour(1)
        pens = {"iteration": pg.mkPen(_faded(train, s.background), width=s.px(1.2)),
                "epoch": pg.mkPen(train, width=s.px(3.5)),
                "validation": pg.mkPen(val, width=s.px(3.5), style=Qt.PenStyle.DashLine)}
        size = mark_size(self.epochs)
        marks = {"iteration": None, "epoch": "o" if size else None,
                 "validation": "s" if size else None}
        for (_, series), item in self.lines.items():
            colour = val if series == "validation" else train
            item.setPen(pens[series])
            item.setSymbol(marks[series])
            item.setSymbolSize(s.px(size or MARK_PX[0]))
            item.setSymbolBrush(colour)
            item.setSymbolPen(pg.mkPen(colour))
        for cursor in self.cursors:
            cursor.setPen(pg.mkPen(s.text, width=s.px(1.5), style=Qt.PenStyle.DashLine))
        self.legend.setLabelTextColor(s.text)
        self.legend.setLabelTextSize(f"{s.px(16):.0f}px")
        self._set_legend()

    def set_titles(self, loss: str, accuracy: str, iteration_axis: str, names: dict) -> None:
        """The plots' titles and axis name, and the legend's names of the three series
        (``names["iteration"|"epoch"|"validation"]``), in the lecture's language."""
        s = self.style_
        size = f"{s.px(19):.0f}px"
        self.loss_plot.setTitle(loss, color=s.text, size=size)
        self.accuracy_plot.setTitle(accuracy, color=s.text, size=size)
        self.accuracy_plot.setLabel("bottom", iteration_axis, color=s.text,
                                    **{"font-size": f"{s.px(17):.0f}px"})
        self.names = dict(names)
        self._set_legend()

    def _set_legend(self) -> None:
        self.legend.clear()
        for series in SERIES:
            if self.names.get(series) and self._has(series):
                self.legend.addItem(self.lines["loss", series], self.names[series])

    def _has(self, series: str) -> bool:
        d = self.data
        values = {"iteration": d.loss, "epoch": d.epoch_loss, "validation": d.val_loss}[series]
        return bool(np.isfinite(values).any()) if values.size else False

    # ── data ─────────────────────────────────────────────────────────────────────────────
    def set_data(self, data: CurveData) -> None:
        had = tuple(self._has(s) for s in SERIES)
        self.data = data
        d = data
        _set(self.lines["loss", "iteration"], d.iterations, d.loss)
        _set(self.lines["loss", "epoch"], d.epoch_ends, d.epoch_loss)
        _set(self.lines["loss", "validation"], d.epoch_ends, d.val_loss)
        _set(self.lines["accuracy", "iteration"], d.iterations, d.accuracy)
        _set(self.lines["accuracy", "epoch"], d.epoch_ends, d.epoch_accuracy)
        _set(self.lines["accuracy", "validation"], d.epoch_ends, d.val_accuracy)
        self.accuracy_plot.setVisible(bool(np.isfinite(d.accuracy).any()) if d.accuracy.size
                                      else True)
        if tuple(self._has(s) for s in SERIES) != had:
            self._set_legend()

    def set_span(self, last: int, epochs: int | None = None) -> None:
        """The iteration axis spans the whole run planned, so the curves grow into it; the
        epoch marks are sized for the `epochs` planned (`mark_size`)."""
        self.loss_plot.setXRange(0, max(last, 1), padding=0.01)
        if epochs is not None and epochs != self.epochs:
            self.epochs = epochs
            self.set_style(self.style_)

    def marks(self) -> dict[str, tuple[str | None, float]]:
        """Each series' mark and its size, for tests."""
        return {series: (self.lines["loss", series].opts["symbol"],
                         self.lines["loss", series].opts["symbolSize"]) for series in SERIES}

    def set_cursor(self, k: int) -> None:
        for cursor in self.cursors:
            cursor.setValue(k)


def _set(item: pg.PlotDataItem, x: np.ndarray, y: np.ndarray) -> None:
    """The item's points, set only when they changed: the epoch lines change once an epoch,
    and setting them again each frame would lay their lines out and paint them anew."""
    n = min(len(x), len(y))
    x, y = np.asarray(x[:n], float), np.asarray(y[:n], float)
    shown = getattr(item, "_shown_xy", None)
    if shown is not None and all(np.array_equal(a, b, equal_nan=True)
                                 for a, b in zip(shown, (x, y), strict=True)):
        return
    item._shown_xy = (x, y)
    item.setData(x, y)


def _faded(colour: str, background: str, keep: float = 0.45) -> str:
    """`colour` mixed towards `background`: the noisy per-iteration line stays behind."""
    a = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], float)
    b = np.array([int(background[i:i + 2], 16) for i in (1, 3, 5)], float)
    mixed = np.round(keep * a + (1 - keep) * b).astype(int)
    return "#" + "".join(f"{v:02x}" for v in mixed)

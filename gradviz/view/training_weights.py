"""`WeightsView`: each layer's weights, their gradient and the update, side by side.

Under headings for the columns, one row per layer: its name and shape, then ``W^[l]``,
``∂J/∂W^[l]`` and ``W^[l] − α·∂J/∂W^[l]`` as heatmaps (rows are
the layer's units, columns its inputs, as PyTorch stores ``Linear.weight``), in pyqtgraph's
diverging CET-D1 (blue negative, white zero, red positive).  The weights before and after
share one scale, so the change is the difference of two pictures; the gradient has its own.
Under each layer's pictures the update of the entry that moves most is written out:
``W^[1]₂,₀ := 0.53 − 0.1 · 0.21 = 0.51``.  A layer of more than `HISTOGRAM_ABOVE` weights is
too fine to read as a picture from the back row: it is shown as histograms (the weights
before and after, and the gradient) instead.

Every row is as tall as its text: the view's words (headings, names, updates) are the text
size's, made smaller (`fit`, down to `FIT_FLOOR` of it) only when the rows would not fit
the view's height otherwise — a deep net at a big text size on a 720-line screen — so the
last update line is never cut off at the bottom.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from gradviz.view.surface_style import SurfaceStyle, surface_style

HISTOGRAM_ABOVE = 128 * 128  # weights; a bigger layer is drawn as histograms
DIVERGING = "CET-D1"
BINS = 40
TEXT_PX = {"heading": 18, "name": 17, "update": 17}  # at scale 1, before `fit`
FIT_FLOOR = 0.4  # the words shrink to fit the view's height, never under this share
PICTURE_PX = 6  # a heatmap row keeps at least this many pixels (at scale 1)
ROW_GAP = 2  # px between the rows
LABEL_MARGIN = 1.0  # px around a label's text
PICTURE_PAD = 0.02  # the share of a heatmap's extent left around it


def number(v: float, digits: int = 3) -> str:
    return f"{float(v):.{digits}g}" if v != 0 else "0"


def update_text(name: str, w: np.ndarray, g: np.ndarray, lr: float) -> str:
    """The update of the entry that moves most, written out (HTML for a `LabelItem`)."""
    step = lr * g
    i, j = np.unravel_index(int(np.abs(step).argmax()), w.shape) if w.size else (0, 0)
    if not w.size:
        return ""
    old, grad = float(w[i, j]), float(g[i, j])
    # Enough digits that the old and the new weight differ on screen.
    digits = 3 + max(0, int(np.ceil(np.log10(abs(old) / abs(lr * grad) + 1e-300))) - 2) \
        if lr * grad else 3
    digits = min(digits, 7)
    return (f"{name}<sub>{i},{j}</sub> := {number(old, digits)} − {number(lr)} · "
            f"{number(grad)} = {number(old - lr * grad, digits)}")


def symbol(l_index: int) -> str:
    """The course's name of layer l's weights: W^[l] (HTML)."""
    return f"<i>W</i><sup>[{l_index}]</sup>"


class _LayerRow:
    """The items of one layer's row: its name, three pictures, its update written out."""

    def __init__(self, view: WeightsView, row: int, index: int, shape: tuple[int, ...]) -> None:
        self.index, self.shape = index, shape
        self.big = int(np.prod(shape)) > HISTOGRAM_ABOVE
        self.name = view.addLabel(row=2 * row + 1, col=0)
        self.cells = []
        for col in range(1, 4):
            if self.big:
                plot = view.addPlot(row=2 * row + 1, col=col)
                plot.setMenuEnabled(False)
                plot.hideButtons()
                plot.setMouseEnabled(x=False, y=False)
                plot.hideAxis("left")
                items = [pg.PlotDataItem(stepMode="center", fillLevel=0) for _ in range(2)]
                for item in items:
                    plot.addItem(item)
                self.cells.append((plot, items))
            else:
                box = view.addViewBox(row=2 * row + 1, col=col, lockAspect=False,
                                      enableMouse=False)
                box.invertY(True)
                # The picture's extent is the layer's shape: framed once, not searched for
                # again each time the weights change (the view box's auto range would).
                box.disableAutoRange()
                box.setRange(xRange=(0, shape[1] if len(shape) > 1 else 1),
                             yRange=(0, shape[0]), padding=PICTURE_PAD)
                image = pg.ImageItem(axisOrder="row-major")
                box.addItem(image)
                self.cells.append((box, [image]))
        self.update_label = view.addLabel(row=2 * row + 2, col=1, colspan=3)
        self.values: list[np.ndarray] = []  # what each heatmap shows (W, ∂J/∂W, W − α·∂J/∂W)

    def show(self, w: np.ndarray, g: np.ndarray, lr: float, style: SurfaceStyle,
             fit: float = 1.0) -> None:
        after = w - lr * g
        name = symbol(self.index)
        size = f"{style.px(TEXT_PX['name']) * fit:.0f}px"
        shape = "×".join(str(n) for n in w.shape)
        _set_text(self.name, f"{name} <small>{shape}</small>", style.text, size)
        size = f"{style.px(TEXT_PX['update']) * fit:.0f}px"
        _set_text(self.update_label, update_text(name, w, g, lr), style.text, size)
        for box, _ in self.cells:
            box.setMinimumHeight(style.px(PICTURE_PX))
        if self.big:
            self._histograms(w, g, after, style)
            return
        reach_w = float(max(np.abs(w).max(), np.abs(after).max(), 1e-12))
        reach_g = float(max(np.abs(g).max(), 1e-12))
        self.values = [w, g, after]
        for (_, (image,)), values, reach in zip(self.cells, self.values,
                                                (reach_w, reach_g, reach_w), strict=True):
            image.setImage(heat_rgba(values, reach), autoLevels=False)

    def _histograms(self, w, g, after, style: SurfaceStyle) -> None:
        """Weights before (outline, in the third plot too) and after, and the gradient."""
        reach_w = float(max(np.abs(w).max(), np.abs(after).max(), 1e-12))
        reach_g = float(max(np.abs(g).max(), 1e-12))
        edges_w = np.linspace(-reach_w, reach_w, BINS + 1)
        edges_g = np.linspace(-reach_g, reach_g, BINS + 1)
        before = style.path_colour(0)
        shown = ((w, edges_w, before), (g, edges_g, style.path_colour(2)),
                 (after, edges_w, style.path_colour(1)))
        for (plot, items), (values, edges, colour) in zip(self.cells, shown, strict=True):
            items[0].setData(edges, np.histogram(values, edges)[0],
                             pen=pg.mkPen(colour, width=style.px(2)),
                             brush=pg.mkBrush(colour + "60"))
            items[1].clear()
            plot.setXRange(edges[0], edges[-1], padding=0.02)
        self.cells[2][1][1].setData(edges_w, np.histogram(w, edges_w)[0], fillLevel=None,
                                    pen=pg.mkPen(before, width=style.px(1.5)), brush=None)


@lru_cache(maxsize=1)
def _heat_lut() -> np.ndarray:
    return pg.colormap.get(DIVERGING).getLookupTable(nPts=256, alpha=True, mode="byte")


def heat_rgba(values: np.ndarray, reach: float) -> np.ndarray:
    """`values` in the diverging map, −reach to reach, as RGBA bytes (NaN: transparent): Qt
    draws such an image scaled several times faster than the 256-colour one an `ImageItem`
    makes from a map."""
    lut = _heat_lut()
    values = np.asarray(values, float)
    missing = np.isnan(values)
    index = np.clip((np.where(missing, 0.0, values) + reach) * (len(lut) / (2 * reach)),
                    0, len(lut) - 1).astype(np.intp)
    rgba = lut[index]
    rgba[missing] = 0
    return rgba


def _set_text(label: pg.LabelItem, text: str, colour: str, size: str) -> None:
    """A label's text, set only when it changed (each set lays the HTML out again); the
    text is as tall as its line, without the 4 pixels Qt's documents leave around it.

    A new text in the same colour and size that fits the label's box (the update line, new
    every frame while training) only replaces the words: `LabelItem.setText` would also
    change the label's minimum size to the new text's, and so lay the whole view out again
    (the pictures shift by a few pixels) and paint it twice."""
    shown = getattr(label, "_shown", None)
    if shown == (text, colour, size):
        return
    label._shown = (text, colour, size)
    if shown is not None and shown[1:] == (colour, size) and _replace_words(label, text):
        return
    label.item.document().setDocumentMargin(LABEL_MARGIN)
    label.setText(text, color=colour, size=size)


def _replace_words(label: pg.LabelItem, text: str) -> bool:
    """`text` in place of the label's words, centred in its box, if it fits there (else
    False: the caller sets it the long way).  The box is what the layout gave the label —
    the update line's spans the three pictures — so a longer number still fits, and the
    label's minimum size stays that of its first text."""
    item = label.item
    style = f"color: {pg.mkColor(label.opts['color']).name(QColor.NameFormat.HexArgb)}"
    if "size" in label.opts:
        style += f"; font-size: {label.opts['size']}"
    item.setHtml(f"<span style='{style}'>{text}</span>")
    rect = item.boundingRect()
    box = label.rect()
    if rect.width() > box.width() or rect.height() > max(box.height(), label.minimumHeight()):
        return False
    label.text = text
    item.setPos(box.center().x() - rect.width() / 2, box.center().y() - rect.height() / 2)
    return True


class WeightsView(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None, theme: str = "light", scale: float = 1.0) -> None:
        super().__init__(parent)
        self.style_ = surface_style(theme, scale)
        self.rows: list[_LayerRow] = []
        self.headings: list[pg.LabelItem] = []
        self._shown: tuple | None = None
        self.fit = 1.0  # the words' share of the text size's (`_refit`)
        self._fitted: tuple | None = None  # what `fit` was found for
        self.ci.layout.setVerticalSpacing(ROW_GAP)
        self.setBackground(self.style_.background)

    def set_style(self, style: SurfaceStyle) -> None:
        self.style_ = style
        self.setBackground(style.background)
        self._fitted = None
        if self._shown is not None:
            self.show_layers(*self._shown)

    def set_layers(self, shapes: Sequence[tuple[int, ...]]) -> None:
        """One row per weight matrix, of these shapes (out, in); rebuilt only when they change."""
        shapes = [tuple(s) for s in shapes]
        if [r.shape for r in self.rows] == shapes:
            return
        self.clear()
        self.headings = [self.addLabel(row=0, col=col) for col in range(1, 4)]
        self.rows = [_LayerRow(self, row, row + 1, shape) for row, shape in enumerate(shapes)]
        self._shown = None
        self._fitted = None

    def show_layers(self, weights: Sequence[np.ndarray], grads: Sequence[np.ndarray],
                    lr: float) -> None:
        """Each layer's weights and gradient at the iteration shown, and the update with lr."""
        self.set_layers([np.shape(w) for w in weights])
        self._shown = (weights, grads, lr)
        self._draw(weights, grads, lr)
        if self._fitted != self._fit_key():
            self._refit()

    def _draw(self, weights, grads, lr) -> None:
        size = f"{self.style_.px(TEXT_PX['heading']) * self.fit:.0f}px"
        w_l, dw = "<i>W</i><sup>[l]</sup>", "∂<i>J</i>/∂<i>W</i><sup>[l]</sup>"
        for label, text in zip(self.headings, (w_l, dw, f"{w_l} − {number(lr)}·{dw}"),
                               strict=True):
            _set_text(label, text, self.style_.text, size)
        for row, w, g in zip(self.rows, weights, grads, strict=True):
            row.show(np.asarray(w, float), np.asarray(g, float), float(lr), self.style_,
                     self.fit)

    def _fit_key(self) -> tuple:
        return (self.height(), self.width(), id(self.style_), len(self.rows))

    def needed_height(self) -> float:
        """The least height the rows take with their words at the current `fit`."""
        layout = self.ci.layout
        layout.invalidate()
        self.ci.updateGeometry()  # its size hints are cached
        return layout.effectiveSizeHint(Qt.SizeHint.MinimumSize).height()

    def _refit(self) -> None:
        """The largest `fit` (≤ 1, ≥ `FIT_FLOOR`) at which every row fits the view's height."""
        self._fitted = self._fit_key()
        room = self.viewport().height() if self.viewport() else self.height()
        fit, self.fit = self.fit, 1.0
        self._draw(*self._shown)
        for _ in range(12):
            need = self.needed_height()
            if need <= room or self.fit <= FIT_FLOOR:
                break
            self.fit = max(FIT_FLOOR, self.fit * min(0.95, max(0.6, room / need)))
            self._draw(*self._shown)
        if self.fit != fit or self.ci.geometry().height() > room:
            # The rows' layout was clamped to its old minimum: lay it out at the view again.
            pg.GraphicsView.resizeEvent(self, None)
            self.ci.layout.activate()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if getattr(self, "_shown", None) is not None and self._fitted != self._fit_key():
            self._refit()

    def images(self) -> list[list[np.ndarray]]:
        """The arrays each heatmap draws (empty lists for histogram rows), for tests."""
        return [[] if r.big else list(r.values) for r in self.rows]

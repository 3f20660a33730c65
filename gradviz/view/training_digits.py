"""`DigitsView`: for image data (the 8×8 digits, MNIST), examples and what the net sees.

Left: a grid of examples, each image in grey with the network's prediction under it, in the
theme's "right" colour when it matches the label and the "wrong" colour when it does not.
Right: the first layer's weights, one image per hidden unit (its row of ``W^[1]`` reshaped to
the picture's shape), in pyqtgraph's diverging CET-D1 on one symmetric scale: the strokes a
unit looks for are red, those it looks against blue; between the units, the background.
Both grids are one image each (`mosaic`), so a redraw is two uploads.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont

from gradviz.view.surface_style import SurfaceStyle, surface_style
from gradviz.view.training_weights import heat_rgba

RIGHT_WRONG = {"light": ("#1e7a3c", "#c8283a"), "dark": ("#3ccf6e", "#ff6b6b")}


def mosaic(images: np.ndarray, columns: int, gap: float = np.nan, row_gap: int = 1
           ) -> np.ndarray:
    """``images`` (n, h, w) as one picture of `columns` columns, one pixel of `gap` between
    columns and `row_gap` pixels between rows (room for a label)."""
    n, h, w = images.shape
    rows = max(1, math.ceil(n / columns))
    out = np.full((rows * (h + row_gap) - row_gap, columns * (w + 1) - 1), gap, float)
    for i in range(n):
        r, c = divmod(i, columns)
        out[r * (h + row_gap):r * (h + row_gap) + h, c * (w + 1):c * (w + 1) + w] = images[i]
    return out


def picture_side(features: int) -> tuple[int, int]:
    """The shape of a flat image of `features` pixels (64 → 8×8, 784 → 28×28)."""
    side = math.isqrt(features)
    if side * side != features:
        raise ValueError(f"{features} features are not a square picture")
    return side, side


class DigitsView(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None, theme: str = "light", scale: float = 1.0) -> None:
        super().__init__(parent)
        self.style_ = surface_style(theme, scale)
        self.examples_title = self.addLabel(row=0, col=0)
        self.weights_title = self.addLabel(row=0, col=1)
        self.examples_box = self.addViewBox(row=1, col=0, lockAspect=True, enableMouse=False)
        self.weights_box = self.addViewBox(row=1, col=1, lockAspect=True, enableMouse=False)
        for box in (self.examples_box, self.weights_box):
            box.invertY(True)
        self.examples = pg.ImageItem(axisOrder="row-major")
        self.examples.setColorMap(pg.colormap.get("CET-L1"))  # black → white
        self.weights = pg.ImageItem(axisOrder="row-major")
        self.first_layer: np.ndarray | None = None
        self.examples_box.addItem(self.examples)
        self.weights_box.addItem(self.weights)
        self.labels: list[pg.TextItem] = []
        self.columns = 8
        self.shape = (8, 8)
        self.predictions: list[tuple[int, int]] = []
        self.set_style(self.style_)

    def set_style(self, style: SurfaceStyle) -> None:
        self.style_ = style
        self.setBackground(style.background)
        self._set_fonts()
        self._colour_labels()

    def _set_fonts(self) -> None:
        font = QFont(self.style_.font_family)
        font.setPixelSize(round(self.style_.px(17)))
        font.setBold(True)
        for label in self.labels:
            label.setFont(font)
            label._shown = None  # a new font lays the label out: its text is set again

    def set_titles(self, examples: str, weights: str) -> None:
        size = f"{self.style_.px(19):.0f}px"
        self.examples_title.setText(examples, color=self.style_.text, size=size)
        self.weights_title.setText(weights, color=self.style_.text, size=size)

    def set_examples(self, images: np.ndarray, columns: int = 8) -> None:
        """Flat images (n, pixels) in [0, 1] (or any range: drawn from their min to max)."""
        images = np.asarray(images, float)
        self.shape = picture_side(images.shape[1])
        self.columns = columns
        h, w = self.shape
        row_gap = max(2, h * 3 // 4)  # room under each image for its prediction
        grid = mosaic(images.reshape(-1, *self.shape), columns, row_gap=row_gap)
        low, high = np.nanmin(grid), np.nanmax(grid)
        self.examples.setImage(np.nan_to_num(grid, nan=low), autoLevels=False,
                               levels=(low, high if high > low else low + 1))
        for label in self.labels:
            self.examples_box.removeItem(label)
        self.labels = []
        for i in range(len(images)):
            r, c = divmod(i, columns)
            label = pg.TextItem(anchor=(0.5, 0))
            label.setPos(c * (w + 1) + w / 2, r * (h + row_gap) + h - 0.5)
            self.examples_box.addItem(label)
            self.labels.append(label)
        self._set_fonts()

    def set_predictions(self, predicted: np.ndarray, truth: np.ndarray) -> None:
        """The net's class for each example shown, and the label it should be."""
        self.predictions = [(int(p), int(t)) for p, t in zip(predicted, truth, strict=True)]
        self._colour_labels()

    def _colour_labels(self) -> None:
        """Each prediction in its colour; only the labels whose text or colour changed are
        set (each set lays a label out again: 32 of them every frame are a frame's share)."""
        right, wrong = RIGHT_WRONG.get(self.style_.name, RIGHT_WRONG["light"])
        for label, (p, t) in zip(self.labels, self.predictions, strict=False):
            shown = (str(p), right if p == t else wrong)
            if getattr(label, "_shown", None) != shown:
                label._shown = shown
                label.setText(shown[0], color=shown[1])

    def set_first_layer(self, weights: np.ndarray, most: int = 32) -> None:
        """``W^[1]`` (hidden, pixels): the first `most` units' weights as pictures."""
        weights = np.asarray(weights, float)[:most]
        columns = max(1, math.ceil(math.sqrt(len(weights))))
        grid = mosaic(weights.reshape(-1, *picture_side(weights.shape[1])), columns)
        reach = float(max(np.nanmax(np.abs(grid)), 1e-12))
        self.first_layer = grid  # the values drawn (NaN between and after the units)
        # The gaps and the empty places after the last unit are transparent: the view's
        # background, not the map's white (which reads as a unit with weights of zero).
        self.weights.setImage(heat_rgba(grid, reach), autoLevels=False)

"""`NumbersRow`: the numbers the training page explains, big enough for the back row.

The iteration, the loss J, the accuracy and the learning rate α of the iteration
shown, in one row under the plots.  Like the caption band of the graph page, the digits are
at least `DIGIT_SHARE` of the window's height (30 px on 1080 lines, 20 px on 720), larger
with the text size; the row is refitted whenever the window's height or the text size
changes (`refit`).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from gradviz.app.caption_band import DIGIT_SHARE, ROOM
from gradviz.view.caption_layout import DIGITS, digit_height, qfont
from gradviz.view.theme import THEMES

FIELDS = ("iteration", "loss", "accuracy", "lr")


def back_row_px(family: str, screen_height: int, text_scale: float = 1.0) -> int:
    """The smallest bold font size whose digits reach `DIGIT_SHARE` of `screen_height`,
    grown like the caption band's: a tenth more, and with the square root of the text size."""
    want = DIGIT_SHARE * max(screen_height, 1) * ROOM * math.sqrt(max(text_scale, 1.0))
    px = math.ceil(want / (digit_height(family, 100.0) / 100.0))
    while digit_height(family, px) < want:
        px += 1
    return px


def percent(v: float) -> str:
    return "—" if v is None or not math.isfinite(v) else f"{100 * v:.1f} %"


def short(v: float) -> str:
    return "—" if v is None or not math.isfinite(v) else f"{v:.4g}"


class NumbersRow(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.family = THEMES["light"].font_family
        self.text_scale = 1.0
        self.labels = {name: QLabel(self) for name in FIELDS}
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 12, 4)
        for i, name in enumerate(FIELDS):
            label = self.labels[name]
            label.setTextFormat(Qt.TextFormat.PlainText)
            row.addWidget(label)
            if i < len(FIELDS) - 1:
                row.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.values: dict = {}
        self.refit()

    def show_values(self, iteration: int, loss: float, accuracy: float | None,
                    lr: float) -> None:
        self.values = dict(iteration=iteration, loss=loss, accuracy=accuracy, lr=lr)
        self._write()

    def _write(self) -> None:
        v = self.values
        if not v:
            return
        self.labels["iteration"].setText(self.tr("iteration {k}").format(k=v["iteration"]))
        self.labels["loss"].setText(self.tr("loss J = {v}").format(v=short(v["loss"])))
        self.labels["accuracy"].setText(self.tr("accuracy {v}").format(
            v=percent(v["accuracy"])))
        self.labels["lr"].setText(f"α = {short(v['lr'])}")

    def set_text_scale(self, scale: float) -> None:
        self.text_scale = scale
        self.refit()

    def refit(self) -> None:
        px = back_row_px(self.family, self.window().height(), self.text_scale)
        font = qfont(self.family, px, bold=True)
        for label in self.labels.values():
            label.setFont(font)
        self.setFixedHeight(math.ceil(QFontMetricsF(font).height() * 1.25) + 8)

    def digit_px(self) -> float:
        """How tall the digits are drawn (their ink), for the back-row test."""
        font = self.labels["loss"].font()
        return QFontMetricsF(font).tightBoundingRect(DIGITS).height()

    def clipped(self) -> bool:
        """Whether a number is wider than the room its label got."""
        return any(label.sizeHint().width() > label.width() + 1
                   for label in self.labels.values())

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._write()
        super().changeEvent(event)

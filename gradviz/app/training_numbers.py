"""`NumbersRow`: the numbers the training page explains, big enough for the back row.

What the room follows while a net learns, in one row under the plots: the epoch of the
iteration shown, its loss J (the batch's: the J its update step descends), the accuracy on
the validation set at the end of the last epoch finished by then (the figure that says
whether the net learns; on the training set when the lesson keeps no validation records,
"—" before the first epoch ends) and the learning rate α.  The batch's accuracy, which jumps
from batch to batch, is left to the curves.  Like the caption band of the graph page, the digits are
at least `DIGIT_SHARE` of the window's height (30 px on 1080 lines, 20 px on 720), larger
with the text size.  When one row has no room for them at that size (a big text size on a
small screen) the numbers go into two rows of two; only when two rows have no room either
do they shrink, never under the back row's floor.  The row is refitted whenever the
window's size, the text size or a number changes (`refit`).
"""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from gradviz.app.caption_band import DIGIT_SHARE, ROOM
from gradviz.view.caption_layout import DIGITS, digit_height, qfont
from gradviz.view.theme import THEMES

FIELDS = ("epoch", "loss", "accuracy", "lr")
MIN_GAP = 40  # px between two numbers of a row
MARGIN = 12  # px left and right of the row
BACK_TO_ONE = 0.9  # two rows go back to one only when it takes this share of the width:
#                    a number one digit longer does not make the row jump back and forth


@lru_cache(maxsize=64)
def back_row_px(family: str, screen_height: int, text_scale: float = 1.0) -> int:
    """The smallest bold font size whose digits reach `DIGIT_SHARE` of `screen_height`,
    grown like the caption band's: a tenth more, and with the square root of the text size."""
    want = DIGIT_SHARE * max(screen_height, 1) * ROOM * math.sqrt(max(text_scale, 1.0))
    px = math.ceil(want / (digit_height(family, 100.0) / 100.0))
    while digit_height(family, px) < want:
        px += 1
    return px


@lru_cache(maxsize=64)
def _metrics(family: str, px: int) -> QFontMetricsF:
    return QFontMetricsF(qfont(family, px, bold=True))


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
        column = QVBoxLayout(self)
        column.setContentsMargins(MARGIN, 4, MARGIN, 4)
        column.setSpacing(0)
        self.lines = (QHBoxLayout(), QHBoxLayout())
        for line in self.lines:
            line.setSpacing(MIN_GAP)
            column.addLayout(line)
        for label in self.labels.values():
            label.setTextFormat(Qt.TextFormat.PlainText)
            # The row decides its font and rows from its width (`refit`): a label's text
            # never makes the window wider than the screen.
            label.setMinimumWidth(1)
        self.rows = 0
        self.px = 0
        self._arrange(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.values: dict = {}
        self.refit()

    def _arrange(self, rows: int) -> None:
        """The four numbers in one row, or two rows of two; the room left between them."""
        if rows == self.rows:
            return
        for line in self.lines:
            while line.count():
                line.takeAt(0)
        per_row = len(FIELDS) // rows
        for i, name in enumerate(FIELDS):
            line = self.lines[i // per_row]
            if i % per_row:
                line.addStretch(1)
            line.addWidget(self.labels[name])
        self.rows = rows

    def show_values(self, epoch: int, loss: float, accuracy: float | None, lr: float,
                    validation: bool = True) -> None:
        """Epoch `epoch` (1-based), the iteration's `loss`, the last finished epoch's
        `accuracy` on the validation set (on the training set when not `validation`)."""
        self.values = dict(epoch=epoch, loss=loss, accuracy=accuracy, lr=lr,
                           validation=validation)
        self._write()

    def _write(self) -> None:
        v = self.values
        if not v:
            return
        self.labels["epoch"].setText(self.tr("epoch {e}").format(e=v["epoch"]))
        self.labels["loss"].setText(f"J = {short(v['loss'])}")
        accuracy = self.tr("validation accuracy {v}") if v["validation"] else \
            self.tr("training accuracy {v}")
        self.labels["accuracy"].setText(accuracy.format(v=percent(v["accuracy"])))
        self.labels["lr"].setText(f"α = {short(v['lr'])}")
        self.refit()  # a longer number may need the second row (a shorter one, not)

    def set_text_scale(self, scale: float) -> None:
        self.text_scale = scale
        self.refit()

    def fit(self, width: int, height: int) -> tuple[int, int]:
        """The font size and the rows for a row `width` wide in a window `height` tall: the
        text size's font in one row, else in two, else the largest that fits two rows,
        down to the back row's floor."""
        want = back_row_px(self.family, height, self.text_scale)
        floor = back_row_px(self.family, height)
        room = max(width - 2 * MARGIN, 1)
        one = self._width(want, 1)
        if one <= room and not (self.rows == 2 and one > BACK_TO_ONE * room):
            return want, 1
        px = want
        while px > floor and self._width(px, 2) > room:
            px -= 1
        return px, 2

    def refit(self) -> None:
        """Font and rows for the window's height, the text size and the row's width."""
        px, rows = self.fit(self.width(), self.window().height())
        self._arrange(rows)
        if px == self.px and self.height() == self._height(px, rows):
            return
        self.px = px
        font = qfont(self.family, px, bold=True)
        for label in self.labels.values():
            label.setFont(font)
        self.setFixedHeight(self._height(px, rows))

    def _height(self, px: int, rows: int) -> int:
        return math.ceil(_metrics(self.family, px).height() * 1.25 * rows) + 8

    def _width(self, px: int, rows: int) -> float:
        """The widest of `rows` rows of the numbers shown, in font size `px`."""
        metrics = _metrics(self.family, px)
        widths = [metrics.horizontalAdvance(self.labels[name].text() or "0") for name in FIELDS]
        per_row = len(FIELDS) // rows
        return max(sum(widths[i:i + per_row]) + MIN_GAP * (per_row - 1)
                   for i in range(0, len(FIELDS), per_row))

    def digit_px(self) -> float:
        """How tall the digits are drawn (their ink), for the back-row test."""
        font = self.labels["loss"].font()
        return QFontMetricsF(font).tightBoundingRect(DIGITS).height()

    def clipped(self) -> bool:
        """Whether a number is wider than the room its label got."""
        return any(label.sizeHint().width() > label.width() + 1
                   for label in self.labels.values())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.refit()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._write()
        super().changeEvent(event)

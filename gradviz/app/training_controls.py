"""`LiveControls`: the training run's knobs — lr, optimizer, batch size, activation, hidden
size — each of which restarts the run.

The knobs stand in one row, or in two when one row is wider than the page (a big text size
on a small screen); the widget never asks for more than two rows' width, so it never makes
the window wider than the screen.  The widget shows a run's settings (`show_settings`,
blocking its own signals) and tells of an edit with ``changed({"lr": 0.05})``, one key per
edit, with the keys `TrainingRun.restart` takes.  A learning rate that is not a positive
number is said next to the field (in the lecturer's language) and changes nothing: the run
and its curves stay as they were.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from gradviz.app.binding import blocked

FULL_BATCH = 0  # the batch spin box's lowest value: the whole training set


class LiveControls(QWidget):
    changed = Signal(dict)
    error_changed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.lr = QLineEdit(self)
        self.lr.setMaximumWidth(140)
        self.optimizer = QComboBox(self)
        self.batch = QSpinBox(self)
        self.batch.setRange(FULL_BATCH, 100000)
        self.activation = QComboBox(self)
        self.hidden = QSpinBox(self)
        self.hidden.setRange(1, 4096)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #d0202e; font-weight: bold")
        self.error.setMinimumWidth(1)  # a long message is cut, the window stays its size
        self.error.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.error.hide()
        self.names = {key: QLabel(self) for key in ("lr", "optimizer", "batch", "activation",
                                                     "hidden")}
        self.pairs = [(self.names[key], widget) for key, widget in (
            ("lr", self.lr), ("optimizer", self.optimizer), ("batch", self.batch),
            ("activation", self.activation), ("hidden", self.hidden))]
        for _, widget in self.pairs:
            widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the clicker's keys step
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.rows = 0
        self._arrange(1)
        self.lr.editingFinished.connect(self._lr_edited)
        self.optimizer.activated.connect(
            lambda _: self.changed.emit({"optimizer": self.optimizer.currentData()}))
        self.activation.activated.connect(
            lambda _: self.changed.emit({"activation": self.activation.currentData()}))
        self.batch.editingFinished.connect(self._batch_edited)
        self.hidden.editingFinished.connect(self._hidden_edited)
        self._shown: dict = {}
        self.retranslate()

    def _arrange(self, rows: int) -> None:
        """The knobs in `rows` rows, the error message after the last knob."""
        if rows == self.rows:
            return
        for label, widget in self.pairs:
            self.grid.removeWidget(label)
            self.grid.removeWidget(widget)
        self.grid.removeWidget(self.error)
        per_row = -(-len(self.pairs) // rows)
        for i, (label, widget) in enumerate(self.pairs):
            r, c = divmod(i, per_row)
            self.grid.addWidget(label, r, 2 * c, Qt.AlignmentFlag.AlignRight)
            self.grid.addWidget(widget, r, 2 * c + 1)
        after = 2 * (len(self.pairs) - per_row * (rows - 1))  # the last row's first free column
        self.grid.addWidget(self.error, rows - 1, after, 1, 2 * per_row + 1 - after)
        for c in range(max(self.grid.columnCount(), 2 * len(self.pairs) + 1)):
            self.grid.setColumnStretch(c, 1 if c == 2 * per_row else 0)
        self.rows = rows

    def _widths(self, rows: int, hint: str = "sizeHint") -> int:
        """The widest row of knobs (each label and its knob, spaced) in `rows` rows."""
        per_row = -(-len(self.pairs) // rows)
        gap = self.grid.horizontalSpacing()
        pairs = [getattr(label, hint)().width() + getattr(widget, hint)().width() + 2 * gap
                 for label, widget in self.pairs]
        return max(sum(pairs[i:i + per_row]) for i in range(0, len(pairs), per_row))

    def one_row_width(self) -> int:
        return self._widths(1)

    def rearrange(self) -> None:
        """One row when the knobs fit the width they got, else two."""
        self._arrange(1 if self.one_row_width() <= self.width() else 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Two rows' width at the least: one row that does not fit becomes two."""
        return QSize(self._widths(2, "minimumSizeHint"), super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.rearrange()

    def show_settings(self, settings: dict, optimizers, activations, records: int) -> None:
        """A run's ``settings`` (lr, optimizer, batch_size — None for the whole set —,
        activation, hidden — None when the model has no hidden layer to resize), the names
        the menus offer, and how many training records there are (the largest batch)."""
        self._shown = dict(settings)
        with blocked(self.lr, self.optimizer, self.batch, self.activation, self.hidden):
            self.lr.setText(f"{settings['lr']:g}")
            _fill(self.optimizer, optimizers, settings["optimizer"])
            _fill(self.activation, activations, settings.get("activation"))
            self.batch.setRange(FULL_BATCH, max(records, 1))
            self.batch.setValue(settings.get("batch_size") or FULL_BATCH)
            hidden = settings.get("hidden")
            self.hidden.setValue(hidden or 1)
        self.hidden.setEnabled(settings.get("hidden") is not None)
        self.activation.setEnabled(settings.get("activation") is not None)
        self.set_error("")
        self.rearrange()  # the menus' names may be wider than the last run's

    def set_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.error_changed.emit(text)

    def _lr_edited(self) -> None:
        text = self.lr.text().strip()
        try:
            lr = float(text.replace(",", "."))  # a Spanish keyboard writes 0,05
        except ValueError:
            lr = math.nan
        if not (math.isfinite(lr) and lr > 0):
            self.set_error(self.tr("The learning rate must be a positive number, not "
                                   "'{text}'").format(text=text))
            return
        self.set_error("")
        if lr != self._shown.get("lr"):
            self.changed.emit({"lr": lr})

    def _batch_edited(self) -> None:
        size = self.batch.value() or None
        if size != self._shown.get("batch_size"):
            self.changed.emit({"batch_size": size})

    def _hidden_edited(self) -> None:
        if self.hidden.isEnabled() and self.hidden.value() != self._shown.get("hidden"):
            self.changed.emit({"hidden": self.hidden.value()})

    def edit(self, key: str, value) -> None:
        """Edit one knob as the lecturer would (tests, the window's keys)."""
        if key == "lr":
            self.lr.setText(str(value))
            self._lr_edited()
        elif key in ("optimizer", "activation"):
            box = getattr(self, key)
            box.setCurrentIndex(box.findData(value))
            box.activated.emit(box.currentIndex())
        elif key == "batch_size":
            self.batch.setValue(value or FULL_BATCH)
            self._batch_edited()
        elif key == "hidden":
            self.hidden.setValue(value)
            self._hidden_edited()

    def retranslate(self) -> None:
        self.names["lr"].setText("α")
        self.names["optimizer"].setText(self.tr("Optimizer"))
        self.names["batch"].setText(self.tr("Batch size"))
        self.names["activation"].setText(self.tr("Activation"))
        self.names["hidden"].setText(self.tr("Hidden units"))
        self.batch.setSpecialValueText(self.tr("all"))
        self.lr.setToolTip(self.tr("Learning rate"))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.FontChange):
            self.rearrange()  # the names and knobs are wider or narrower now


def _fill(box: QComboBox, names, current) -> None:
    box.clear()
    for name in names:
        box.addItem(name, name)
    if current is not None and box.findData(current) < 0:
        box.addItem(current, current)
    box.setCurrentIndex(max(box.findData(current), 0))

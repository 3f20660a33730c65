"""`LiveControls`: the training run's knobs — lr, optimizer, batch size, activation, hidden
size — each of which restarts the run.

The widget shows a run's settings (`show_settings`, blocking its own signals) and tells of
an edit with ``changed({"lr": 0.05})``, one key per edit, with the keys `TrainingRun.restart`
takes.  A learning rate that is not a positive number is said next to the field (in the
lecturer's language) and changes nothing: the run and its curves stay as they were.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

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
        self.error.hide()
        self.names = {key: QLabel(self) for key in ("lr", "optimizer", "batch", "activation",
                                                     "hidden")}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for key, widget in (("lr", self.lr), ("optimizer", self.optimizer),
                            ("batch", self.batch), ("activation", self.activation),
                            ("hidden", self.hidden)):
            widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the clicker's keys step
            row.addWidget(self.names[key])
            row.addWidget(widget)
            row.addSpacing(16)
        row.addWidget(self.error, 1)
        self.lr.editingFinished.connect(self._lr_edited)
        self.optimizer.activated.connect(
            lambda _: self.changed.emit({"optimizer": self.optimizer.currentData()}))
        self.activation.activated.connect(
            lambda _: self.changed.emit({"activation": self.activation.currentData()}))
        self.batch.editingFinished.connect(self._batch_edited)
        self.hidden.editingFinished.connect(self._hidden_edited)
        self._shown: dict = {}
        self.retranslate()

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


def _fill(box: QComboBox, names, current) -> None:
    box.clear()
    for name in names:
        box.addItem(name, name)
    if current is not None and box.findData(current) < 0:
        box.addItem(current, current)
    box.setCurrentIndex(max(box.findData(current), 0))

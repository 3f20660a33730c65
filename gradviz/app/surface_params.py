"""`HyperparameterTable`: one row per optimizer, one column per hyper-parameter, editable.

Each cell shows the value the optimizer really uses (its own, the type's fixed one such as
Momentum's 0.9, or PyTorch's default).  An edit is parsed and checked with the optimizer's
own checks; a good one comes out as `spec_changed(row, new_spec)`, a bad one turns the cell
red, puts the reason in its tooltip and in `error_text`, and changes nothing else.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

import gradviz as gv
from gradviz import catalog
from gradviz.catalog import marked
from gradviz.catalog.lesson import said_in
from gradviz.surfaces.runs import (
    HYPERPARAMETERS,
    OPTIMIZERS,
    PAIRS,
    SWITCHES,
    OptimizerSpec,
    make_optimizer,
    make_scheduler,
)

# The order columns appear in; the ones a lecturer changes most come first.
ORDER = ("lr", "momentum", "betas", "alpha", "rho", "eps", "weight_decay", "lr_decay",
         "dampening", "initial_accumulator_value", "momentum_decay", "etas", "step_sizes",
         "lambd", "t0", "nesterov", "centered", "amsgrad", "decoupled_weight_decay")
BATCH = "batch_size"
ERROR_FILL = "#f4a3a8"
ROW_PADDING = 10  # pixels above and below the text of a row, together


def columns_for(specs, regression: bool = False) -> list[str]:
    """The hyper-parameters any of these optimizers takes, in `ORDER` (batch size last)."""
    taken = {key for spec in specs if spec.kind in OPTIMIZERS
             for key in HYPERPARAMETERS[OPTIMIZERS[spec.kind][0]]}
    return [key for key in ORDER if key in taken] + ([BATCH] if regression else [])


def effective_values(spec: OptimizerSpec) -> dict[str, object]:
    """Every hyper-parameter the optimizer runs with (given, fixed by the type, default)."""
    optimizer = make_optimizer(spec, [gv.zeros(2, dtype=gv.float64, requires_grad=True)])
    return dict(optimizer.param_groups[0])


def format_value(value) -> str:
    if isinstance(value, tuple | list):
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def parse_value(key: str, text: str, lang: str = catalog.DEFAULT):
    """The number (or pair, for betas and the other `PAIRS`) in a cell; `ValueError` with a
    readable reason."""
    text = text.strip().strip("()[]").strip()
    try:
        if key in PAIRS:
            parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
            if len(parts) != 2:
                raise ValueError
            return [float(parts[0]), float(parts[1])]
        if key == BATCH:
            return int(text)
        return float(text)
    except ValueError:
        problem = (marked("{key}: '{text}' is not two numbers such as {example}")
                   if key in PAIRS else marked("{key}: '{text}' is not a whole number")
                   if key == BATCH else marked("{key}: '{text}' is not a number"))
        example = ", ".join(map(str, PAIRS.get(key, ())))
        raise ValueError(catalog.text(problem, lang, key=key, text=text, example=example)) from None


def checked_spec(spec: OptimizerSpec, key: str, value,
                 lang: str = catalog.DEFAULT) -> OptimizerSpec:
    """The spec with ``key = value``, if the optimizer (and its schedule) accept it."""
    if key == BATCH:
        if value < 1:
            raise ValueError(catalog.text("{key} must be at least 1", lang, key=BATCH))
        return replace(spec, batch_size=value)
    new = replace(spec, params={**spec.params, key: value})
    optimizer = make_optimizer(new, [gv.zeros(2, dtype=gv.float64, requires_grad=True)])
    try:
        make_scheduler(new.schedule, optimizer)
    except (TypeError, ZeroDivisionError) as e:
        raise ValueError(str(e)) from None
    return new


def dot_icon(colour: str, side: int) -> QIcon:
    """A filled circle of `colour`, ringed in grey so that it shows on either theme."""
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor("#808080"), 1))
    p.setBrush(QColor(colour))
    p.drawEllipse(QRectF(1.5, 1.5, side - 3, side - 3))
    p.end()
    return QIcon(pixmap)


class HyperparameterTable(QTableWidget):
    spec_changed = Signal(int, object)  # row, the new OptimizerSpec
    error_changed = Signal(str)  # "" once every cell is readable again

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.specs: list[OptimizerSpec] = []
        self.keys: list[str] = []
        self.errors: dict[tuple[int, int], str] = {}
        self.lang = catalog.DEFAULT  # the lecture's language: its page writes it here
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.itemChanged.connect(self._edited)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows as tall as the font (the style's default is fixed: at the presenter's text
        sizes names and numbers would be drawn over each other)."""
        header = self.verticalHeader()
        height = self.fontMetrics().height() + ROW_PADDING
        header.setMinimumSectionSize(height)
        header.setDefaultSectionSize(height)
        for row in range(self.rowCount()):
            self.setRowHeight(row, height)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()
        elif event.type() == QEvent.Type.LanguageChange and BATCH in self.keys:
            self.blockSignals(True)  # retranslating is not editing
            col = 1 + self.keys.index(BATCH)
            for row, spec in enumerate(self.specs):
                if not spec.batch_size and (row, col) not in self.errors:  # not a bad edit
                    self.item(row, col).setText(self.tr("all"))
            self.blockSignals(False)

    @property
    def error_text(self) -> str:
        return "\n".join(self.errors.values())

    def set_specs(self, specs, colours, names, regression: bool = False) -> None:
        """Fill the table (signals blocked: filling is not editing)."""
        self.specs, self.errors = list(specs), {}
        self.keys = columns_for(self.specs, regression)
        self.blockSignals(True)
        self.clear()
        self.setRowCount(len(self.specs))
        self.setColumnCount(1 + len(self.keys))
        self.setHorizontalHeaderLabels(["", *self.keys])
        for row, spec in enumerate(self.specs):
            name = QTableWidgetItem(names[row])
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.setItem(row, 0, name)
            self._fill_row(row, spec)
        self.set_colours(colours)
        self.blockSignals(False)
        self.error_changed.emit("")

    def set_colours(self, colours) -> None:
        """Each optimizer's colour as a dot before its name; the name itself in the
        palette's text colour (a yellow name on a white table could not be read)."""
        side = max(12, self.fontMetrics().height())
        was = self.blockSignals(True)
        for row, colour in enumerate(colours[: self.rowCount()]):
            self.item(row, 0).setIcon(dot_icon(colour, side))
        self.setIconSize(QSize(side, side))
        self.blockSignals(was)

    def _fill_row(self, row: int, spec: OptimizerSpec) -> None:
        allowed = HYPERPARAMETERS[OPTIMIZERS[spec.kind][0]]
        values = effective_values(spec)
        for col, key in enumerate(self.keys, start=1):
            item = QTableWidgetItem()
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if key == BATCH:
                item.setText(str(spec.batch_size) if spec.batch_size else self.tr("all"))
                flags |= Qt.ItemFlag.ItemIsEditable
            elif key not in allowed:
                item.setText("—")
                flags = Qt.ItemFlag.NoItemFlags
            elif key in SWITCHES:
                item.setCheckState(Qt.CheckState.Checked if values.get(key)
                                   else Qt.CheckState.Unchecked)
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            else:
                item.setText(format_value(values.get(key)))
                flags |= Qt.ItemFlag.ItemIsEditable
            item.setFlags(flags)
            self.setItem(row, col, item)

    def _edited(self, item: QTableWidgetItem) -> None:
        row, col = item.row(), item.column()
        if col == 0 or row >= len(self.specs):
            return
        key = self.keys[col - 1]
        try:
            value = (item.checkState() == Qt.CheckState.Checked) if key in SWITCHES else (
                parse_value(key, item.text(), self.lang))
            spec = checked_spec(self.specs[row], key, value, self.lang)
        except ValueError as e:
            reason = said_in(e, self.lang).removeprefix(f"{key}: ")
            self._mark(item, f"{self.item(row, 0).text()} — {key}: {reason}")
            return
        self._mark(item, None)
        self.specs[row] = spec
        self.spec_changed.emit(row, spec)

    def _mark(self, item: QTableWidgetItem, error: str | None) -> None:
        self.blockSignals(True)
        where = (item.row(), item.column())
        if error is None:
            self.errors.pop(where, None)
            item.setBackground(QBrush())
            item.setToolTip("")
        else:
            self.errors[where] = error
            item.setBackground(QBrush(QColor(ERROR_FILL)))
            item.setToolTip(error)
        self.blockSignals(False)
        self.error_changed.emit(self.error_text)

    def edit_value(self, row: int, key: str, text: str) -> None:
        """Type ``text`` into a cell as the lecturer would (booleans: "true"/"false")."""
        item = self.item(row, 1 + self.keys.index(key))
        if key in SWITCHES:
            on = text.strip().lower() in ("1", "true", "yes", "sí", "si", "on")
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        else:
            item.setText(text)

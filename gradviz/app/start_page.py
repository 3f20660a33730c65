"""The start page: the bundled examples by title, and a button to open a lesson file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def examples_folder() -> Path | None:
    here = Path(__file__).resolve().parents[2] / "examples"
    return here if here.is_dir() else None


# The course's order: the slide's graph first, optimizer scenes last.
FIRST = ("grafo_slide", "acumulacion", "neurona_sigmoide", "neurona_sigmoide_escalar",
         "activaciones", "broadcasting", "clasificador_dos_capas", "xor_red", "red_tres_capas")


def _course_order(path: Path) -> tuple:
    stem = path.stem
    return (FIRST.index(stem) if stem in FIRST else len(FIRST), stem.startswith("optim"), stem)


def bundled_examples() -> list[tuple[str, Path]]:
    """(title, path) of every example lesson, titles read without running anything."""
    folder = examples_folder()
    if folder is None:
        return []
    found = []
    for path in sorted(folder.glob("*.toml"), key=_course_order):
        try:
            title = tomllib.loads(path.read_text("utf-8")).get("lesson", {}).get("title", "")
        except (OSError, ValueError):
            continue
        found.append((str(title) or path.stem, path))
    return found


class StartPage(QWidget):
    open_requested = Signal(str)
    browse_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        # Fonts, not style sheets: a style sheet would stop the dark palette reaching here.
        heading = self.heading.font()
        heading.setPixelSize(28)
        heading.setBold(True)
        self.heading.setFont(heading)
        self.hint = QLabel(self)
        self.list = QListWidget(self)
        font = self.list.font()
        font.setPixelSize(20)
        self.list.setFont(font)
        for title, path in bundled_examples():
            item = QListWidgetItem(f"{title}   —   {path.name}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.list.addItem(item)
        self.list.itemActivated.connect(self._activated)
        self.list.itemDoubleClicked.connect(self._activated)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self.browse_requested.emit)
        for widget in (self.heading, self.hint, self.list, self.browse):
            layout.addWidget(widget)
        self.retranslate()

    def _activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Bundled examples"))
        self.hint.setText(self.tr("Drop a .toml lesson here or pick an example."))
        self.browse.setText(self.tr("Open a lesson file…"))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

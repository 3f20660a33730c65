"""The window's menus and shortcuts, kept apart from its logic; texts follow the language.

The checkable items show the window's `Lecture` (dark theme, language, scalar view,
collapsed groups, predict mode): they listen to it, and a click writes into it through the
window.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from gradviz.app.binding import blocked, listen
from gradviz.app.i18n import LANGUAGES
from gradviz.lecture.state import TEXT_SCALE_STEP
from gradviz.lesson.prepare import SCALAR


class WindowActions:
    def __init__(self, window) -> None:
        self.w = window
        lecture = window.lecture
        bar = window.menuBar()
        self.menus: dict[str, QMenu] = {}
        self.items: list[tuple[QAction, str]] = []  # (action, English text) to retranslate

        file = self._menu("&File")
        self._add(file, "&Open…", window.browse, QKeySequence.StandardKey.Open)
        self.recent_menu = file.addMenu("")
        self.menus["Open &recent"] = self.recent_menu
        file.addSeparator()
        self._add(file, "Export current view as PNG…", self._export_view, "Ctrl+E")
        self._add(file, "Export whole graph as PNG…", self._export_graph, "Ctrl+Shift+E")
        self._add(file, "Export the training page at this iteration…", self._export_training,
                  "Ctrl+Shift+T")
        self._add(file, "Export all steps to a folder…", self._export_steps, "Ctrl+Alt+E")
        file.addSeparator()
        self._add(file, "Start page", lambda: window.pages.setCurrentIndex(0), "Ctrl+H")
        self._add(file, "&Quit", window.close, QKeySequence.StandardKey.Quit)

        view = self._menu("&View")
        self._add(view, "Zoom in", lambda: window.canvas.zoom(1.2), ["+", "=", "Ctrl++"])
        self._add(view, "Zoom out", lambda: window.canvas.zoom(1 / 1.2), ["-", "Ctrl+-"])
        self._add(view, "Fit to window", lambda: window.canvas.fit(readable=False), ["F", "0"])
        self.follow = self._add(view, "Camera follows the step", window.canvas.set_follow, "G",
                                checkable=True)
        self.follow.setChecked(True)
        self._add(view, "Find node…", window.find_node, QKeySequence.StandardKey.Find)
        self.scalar = self._add(view, "Scalar view", window.set_scalar_view, "S", checkable=True)
        self.collapse = self._add(view, "Collapse the groups",
                                  lambda on: setattr(lecture, "collapsed", on), "K",
                                  checkable=True)
        view.addSeparator()
        self.presenter = self._add(view, "Presenter mode", window.set_presenter, "F11",
                                   checkable=True)
        self.laser = self._add(view, "Laser pointer", window.set_laser, "L", checkable=True)
        self._add(view, "Larger text", lambda: window.change_text_scale(TEXT_SCALE_STEP),
                  "Ctrl+Shift+Up")
        self._add(view, "Smaller text", lambda: window.change_text_scale(1 / TEXT_SCALE_STEP),
                  "Ctrl+Shift+Down")
        self.dark = self._add(view, "Dark theme",
                              lambda on: window.set_theme("dark" if on else "light"), "D",
                              checkable=True)
        self.dark.setChecked(lecture.theme == "dark")
        # A lambda: handed Qt's own setVisible, PySide calls it without the checked flag.
        self.inspector = self._add(view, "Show inspector",
                                   lambda on: window.inspector.setVisible(on), "Ctrl+I",
                                   checkable=True)
        self.inspector.setChecked(True)
        self.caption = self._add(view, "Show caption band",
                                 lambda on: window.lesson_page.caption.setVisible(on), "C",
                                 checkable=True)
        self.caption.setChecked(True)

        step = self._menu("&Step")
        # Clickers send PageDown/PageUp; keyboards use the arrows and Space.
        self._add(step, "Next step", lambda: window.step_by(1),
                  ["Right", "PgDown", "Space", "Down"])
        self._add(step, "Previous step", lambda: window.step_by(-1),
                  ["Left", "PgUp", "Up", "Backspace"])
        self._add(step, "First step", lambda: window.jump_to("first"), "Home")
        self._add(step, "Last step", lambda: window.jump_to("last"), "End")
        self._add(step, "Start of backward pass", lambda: window.jump_to("backward"), "B")
        self._add(step, "Play / pause", window.toggle_play, "P")
        step.addSeparator()
        # Predict the gradient: each step comes with its new number as "?"; Next (or R)
        # reveals it before moving on, so the room answers first.
        self.predict = self._add(step, "Predict the gradient",
                                 lambda on: setattr(lecture, "predicting", on), "Q",
                                 checkable=True)
        self._add(step, "Reveal", lecture.reveal, "R")
        self._add(step, "Step into this training iteration", window.step_into_iteration, "I")
        self._add(step, "Back to the training page", window.back_to_training, "T")

        lang = self._menu("&Language")
        group = QActionGroup(window)
        self.languages = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, window, checkable=True)
            action.setChecked(code == lecture.language)
            action.triggered.connect(partial(window.set_language, code))
            group.addAction(action)
            lang.addAction(action)
            self.languages[code] = action
        bar.addMenu(lang)
        self.refresh_recent()
        listen(window, lecture.events.theme, self._show_theme)
        listen(window, lecture.events.language, lambda code: self.languages[code].setChecked(True))
        listen(window, lecture.events.prepared, self._show_level)
        listen(window, lecture.events.predicting, self._show_predicting)
        listen(window, lecture.events.collapsed, self._show_collapsed)

    def _show_predicting(self, on: bool) -> None:
        with blocked(self.predict):
            self.predict.setChecked(on)

    def _show_collapsed(self, on: bool) -> None:
        with blocked(self.collapse):
            self.collapse.setChecked(on)

    def _show_theme(self, name: str) -> None:
        with blocked(self.dark):
            self.dark.setChecked(name == "dark")

    def _show_level(self, prepared) -> None:
        with blocked(self.scalar):
            self.scalar.setChecked(prepared.level == SCALAR)

    def _menu(self, text: str) -> QMenu:
        menu = self.w.menuBar().addMenu(text)
        self.menus[text] = menu
        return menu

    def _add(self, menu, text, slot, shortcut=None, checkable=False) -> QAction:
        action = QAction(text, self.w, checkable=checkable)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(slot if checkable else (lambda *_: slot()))
        menu.addAction(action)
        self.w.addAction(action)  # shortcuts work in full screen without the menu bar
        self.items.append((action, text))
        return action

    def refresh_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.w.prefs.recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(partial(self.w.open_file, path))

    def retranslate(self) -> None:
        for action, text in self.items:
            action.setText(self.w.tr(text))
        for text, menu in self.menus.items():
            menu.setTitle(self.w.tr(text))

    # ── export dialogs ───────────────────────────────────────────────────────────────────
    def _shows_something(self) -> bool:
        w = self.w
        if w.showing_training:
            return w.training_page.source is not None
        return w.prepared is not None or w.showing_surface

    def _png_path(self, title: str, suffix: str) -> str | None:
        if not self._shows_something():
            return None
        stem = self.w.path.stem if self.w.path else "gradviz"
        path, _ = QFileDialog.getSaveFileName(self.w, title,
                                              f"{stem}{suffix}.png",
                                              self.w.tr("PNG images (*.png)"))
        return path or None

    def _export_view(self) -> None:
        path = self._png_path(self.w.tr("Export current view as PNG…"), "_view")
        if path:
            self._export(self.w.export_view, path)

    def _export_graph(self) -> None:
        if self.w.showing_training:
            return self._export_training()
        step = self.w.surface_page.step if self.w.showing_surface else self.w.step + 1
        path = self._png_path(self.w.tr("Export whole graph as PNG…"), f"_step{step}")
        if path:
            self._export(self.w.export_graph, path)

    def _export_training(self) -> None:
        """The training page at its iteration: PNG, SVG or PDF, as the name (or the type
        picked in the dialog) says."""
        page = self.w.training_page
        if not self.w.showing_training or page.source is None:
            return
        stem = self.w.path.stem if self.w.path else "gradviz"
        kinds = {self.w.tr("PNG images (*.png)"): ".png",
                 self.w.tr("SVG drawings (*.svg)"): ".svg",
                 self.w.tr("PDF documents (*.pdf)"): ".pdf"}
        path, picked = QFileDialog.getSaveFileName(
            self.w, self.w.tr("Export the training page at this iteration…"),
            f"{stem}_iteration{page.step}.png", ";;".join(kinds))
        if not path:
            return
        if Path(path).suffix.lower() not in kinds.values():
            path += kinds.get(picked, ".png")
        self._export(self.w.export_training_page, path)

    def _export_steps(self) -> None:
        if not self._shows_something():
            return
        title = self.w.tr("Export all steps to a folder…")
        folder = QFileDialog.getExistingDirectory(self.w, title)
        if folder:
            self._export(self.w.export_steps, folder)

    def _export(self, export, target: str) -> None:
        """Run one export; a disk that is full or a folder that is gone is told in a dialog,
        and the window, its lesson and its step stay as they were."""
        try:
            export(target)
        except OSError as e:
            reason = e.strerror or str(e)
            self.w._error(self.w.tr("Export failed"), f"{target}: {reason}")


def build_menus(window) -> WindowActions:
    return WindowActions(window)

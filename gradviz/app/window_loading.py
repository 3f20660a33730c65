"""`LessonLoading`: how `LectureWindow` opens, lays out, watches and reloads lesson files.

A mixin of `LectureWindow` (see `gradviz.app.window`).  Opening a bad file shows the error
and keeps what was there; an optimizer scene goes to the surface page.  Graphs of at least
`BACKGROUND_LAYOUT_NODES` nodes are laid out on a worker thread, off the UI thread.  The
open file is watched, and reloaded (keeping the step where the graph's structure allows)
a moment after each edit.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QThread, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from gradviz.app.lesson_page import scene_theme
from gradviz.catalog.lesson import said_in
from gradviz.graph.layout import Layout, LayoutError, layout_positions
from gradviz.lesson.kinds import SCENE, TRAINING
from gradviz.lesson.parser import LessonError
from gradviz.lesson.prepare import PreparedLesson, prepare_lesson
from gradviz.view.scene import node_sizes

BACKGROUND_LAYOUT_NODES = 300  # graphs at least this big are laid out on a worker thread


class _LayoutThread(QThread):
    done = Signal(object, object)  # Layout or None, LayoutError or None

    def __init__(self, graph, sizes, parent=None) -> None:
        super().__init__(parent)
        self.graph, self.sizes = graph, sizes

    def run(self) -> None:
        try:
            self.done.emit(layout_positions(self.graph, sizes=self.sizes), None)
        except LayoutError as e:
            self.done.emit(None, e)


class LessonLoading:
    """Opening lessons in a `LectureWindow`: the file, its layout, the watcher."""

    # ── opening ──────────────────────────────────────────────────────────────────────────
    def browse(self) -> None:
        start = str(self.path.parent) if self.path else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("&Open…"), start,
                                              self.tr("Lesson files (*.toml)"))
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path, keep_step: bool = False, level: str | None = None,
                  live: bool = False, same_point: bool = False) -> bool:
        """Load a lesson; on any problem show it and keep the current graph and step.

        `live` is a reload after an edit: problems go to the banner, not a dialog."""
        path = Path(path)
        if self.path is None and path.is_file():
            self._watch(path)  # a first file that fails still reloads once it is fixed
        try:
            prepared = prepare_lesson(path, level=level)  # as check and export prepare it
            if prepared.kind in (SCENE, TRAINING):
                if prepared.kind == SCENE:
                    self._open_surface(prepared, path, keep_step)
                else:
                    self._open_training(prepared, path)
                self.banner.hide()  # the file is good again
                return True
        except LessonError as e:
            self._error(self.tr("Could not open the lesson"), e.text(self.lecture.language),
                        dialog=not live)
            return False
        except Exception as e:  # noqa: BLE001 - never let a lesson take the window down
            self._error(self.tr("Could not open the lesson"),
                        f"{path}:1:1: {said_in(e, self.lecture.language)}",
                        dialog=not live)
            return False
        self.banner.hide()
        step = self.step if keep_step and self.prepared is not None and (
            prepared.structure() == self.prepared.structure()) else -1
        if same_point and self.prepared is not None:  # the other level of the same lesson
            step = self.prepared.plan.same_point(self.step, prepared.plan)
        self._start_layout(prepared, path, step)
        return True

    def show_prepared(self, prepared: PreparedLesson) -> None:
        """A graph recorded from the user's own code (`gradviz.show`): no file to watch."""
        self._start_layout(prepared, None, -1)

    def reload(self) -> None:
        if self.path is not None and self.path.is_file() and (
                self.showing_surface or self.showing_training):
            self.open_file(self.path, keep_step=True, live=True)
            return
        if self.path is not None and self.path.is_file():
            level = self.prepared.level if self.prepared else None
            if self.open_file(self.path, keep_step=True, level=level, live=True):
                self.statusBar().showMessage(self.tr("Reloaded {name}").format(
                    name=self.path.name), 4000)

    def _file_changed(self, path: str) -> None:
        # Editors often replace the file: re-watch it and wait for the write to settle.
        if path not in self.watcher.files() and Path(path).exists():
            self.watcher.addPath(path)
        self._reload_timer.start()

    def _start_layout(self, prepared: PreparedLesson, path: Path | None, step: int) -> None:
        """Lay out and show `prepared`: the newest request always wins, so an edit saved
        while a big graph is laid out waits for that thread and is laid out after it, and a
        layout that finishes after a newer request is dropped."""
        self._layout_ticket += 1
        self._pending = None
        sizes = node_sizes(prepared.graph, scene_theme(self.lecture))
        if len(prepared.graph.nodes) < BACKGROUND_LAYOUT_NODES:
            try:
                layout = layout_positions(prepared.graph, sizes=sizes)
            except LayoutError as e:
                self._error(self.tr("No layout program"), said_in(e, self.lecture.language))
                return
            self._install(prepared, layout, path, step)
            return
        if self._thread is not None:
            self._pending = (prepared, path, step, sizes)  # one thread at a time
            return
        self._run_layout(prepared, path, step, sizes)

    def _run_layout(self, prepared: PreparedLesson, path: Path | None, step: int, sizes) -> None:
        if self._progress is None:
            self._progress = QProgressDialog(self.tr("Laying out the graph…"), None, 0, 0, self)
            self._progress.setWindowModality(Qt.WindowModality.NonModal)
            self._progress.show()
        ticket = self._layout_ticket
        self._thread = _LayoutThread(prepared.graph, sizes, self)
        self._thread.done.connect(
            lambda layout, error: self._layout_done(prepared, path, step, layout, error, ticket))
        self._thread.start()

    def _layout_done(self, prepared, path, step, layout, error, ticket) -> None:
        self._thread.wait()
        self._thread = None
        pending, self._pending = self._pending, None
        if pending is not None:  # a newer file came while this one was laid out
            self._run_layout(*pending)
            return
        if self._progress is not None:
            self._progress.close()
            self._progress = None
        if ticket != self._layout_ticket:
            return  # a newer lesson is already shown
        if error:
            self._error(self.tr("No layout program"), said_in(error, self.lecture.language))
        else:
            self._install(prepared, layout, path, step)

    def wait_for_layout(self, timeout_ms: int = 60000) -> None:
        """Wait for the background layouts, the pending one too, and show the result."""
        while self._thread is not None:
            thread = self._thread
            if not thread.wait(timeout_ms):
                return
            QCoreApplication.sendPostedEvents()  # the thread's queued `done`
            if self._thread is thread:  # delivered nowhere: do not spin
                return

    def _install(self, prepared: PreparedLesson, layout: Layout, path: Path | None, step: int
                 ) -> None:
        if path is not None:
            self._remember(path)
            self._leave_iteration()  # a lesson file, not a training iteration stepped into
        self.training_page.stop()
        self.pages.setCurrentWidget(self.lesson_page)  # before the fit, so it fits the canvas
        self.lecture.show_lesson(prepared, layout, step)
        self.retranslate()

    def _watch(self, path: Path) -> None:
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        self.watcher.addPath(str(path))
        self.path = path.resolve()

    def _remember(self, path: Path) -> None:
        """Watch the open file for edits and list it under recent files."""
        if self.path != path.resolve() or str(path) not in self.watcher.files():
            self._watch(path)
        self.path = path.resolve()
        self.prefs.add_recent(str(self.path))
        self.actions_.refresh_recent()

    def _open_surface(self, prepared, path: Path, keep_step: bool) -> None:
        """An optimizer scene, already run by `prepare_lesson` (so `check` refuses what would
        fail here): show the surface page (the graph stays loaded)."""
        scene = prepared.scene
        step = self.surface_page.step if keep_step and self.showing_surface else 0
        shown = self.surface_page.scene, self.surface_page.runs
        try:
            self.surface_page.load(scene, prepared.runs)
        except Exception:
            if shown[0] is not None:  # a scene that cannot be drawn: put back the one shown
                self.surface_page.load(*shown)
            raise
        self.surface_page.set_step(step)
        self._layout_ticket += 1  # a graph still laid out in the background is not shown
        self._pending = None
        self.lecture.player.pause()
        self.training_page.stop()
        self._leave_iteration()
        self.pages.setCurrentWidget(self.surface_page)
        self._remember(path)
        self.setWindowTitle(f"{scene.title or path.stem} — gradviz")

    @property
    def showing_surface(self) -> bool:
        return self.pages.currentWidget() is self.surface_page

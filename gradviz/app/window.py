"""`LectureWindow`: the graph, the step controls and the inspector, driven from the keyboard.

The window owns one `PreparedLesson` at a time and the step k it shows; everything on screen
is redrawn from ``plan.state(k)``.  Opening a bad file shows the error and keeps what was
there.  Layout runs off the UI thread for large graphs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, QPointF, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gradviz.app import i18n
from gradviz.app.actions import build_menus
from gradviz.app.controls import StepControls
from gradviz.app.exporting import export_all_steps, export_step
from gradviz.app.inspector import Inspector
from gradviz.app.palette import apply_palette
from gradviz.app.settings import Preferences
from gradviz.app.start_page import StartPage
from gradviz.app.surface_page import SurfacePage
from gradviz.graph.layout import Layout, LayoutError, layout_positions
from gradviz.graph.lesson import LessonError, load_lesson
from gradviz.graph.session import SCALAR, TENSOR, PreparedLesson, prepare_lesson
from gradviz.surfaces.lesson import scene_from_lesson
from gradviz.view.canvas import GraphCanvas
from gradviz.view.scene import GraphScene, node_sizes
from gradviz.view.surface_export import render_surface_frames, render_surface_png
from gradviz.view.theme import THEMES

BACKGROUND_LAYOUT_NODES = 300  # graphs at least this big are laid out on a worker thread
DEFAULT_SIZE = (1400, 850)  # only when Qt knows no screen
INSPECTOR_WIDTH = 360  # the inspector keeps this width; the graph gets the rest


class _LayoutThread(QThread):
    done = Signal(object, object)  # Layout or None, error message or None

    def __init__(self, graph, sizes, parent=None) -> None:
        super().__init__(parent)
        self.graph, self.sizes = graph, sizes

    def run(self) -> None:
        try:
            self.done.emit(layout_positions(self.graph, sizes=self.sizes), None)
        except LayoutError as e:
            self.done.emit(None, str(e))


class LectureWindow(QMainWindow):
    def __init__(self, prefs: Preferences | None = None) -> None:
        super().__init__()
        self.prefs = prefs or Preferences()
        self.prepared: PreparedLesson | None = None
        self.layout_: Layout | None = None
        self.scene: GraphScene | None = None
        self.path: Path | None = None
        self.step = -1
        self.selected: int | None = None
        self.errors: list[str] = []  # every message shown, for tests and the status bar
        self.theme_name = self.prefs.theme
        self.text_scale = self.prefs.scale
        self.lang = self.prefs.language
        self._thread: _LayoutThread | None = None
        self._progress: QProgressDialog | None = None
        self._box: QMessageBox | None = None
        self._before_presenter = Qt.WindowState.WindowNoState

        self.canvas = GraphCanvas(self)
        self.inspector = Inspector(self)
        self.inspector.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the clicker's keys step
        self.controls = StepControls(self)
        self.controls.step_requested.connect(self.set_step)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.canvas)
        split.addWidget(self.inspector)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)  # a bigger window is more room for the graph
        split.setSizes([1100, INSPECTOR_WIDTH])
        self.split = split
        lesson_page = QWidget(self)
        column = QVBoxLayout(lesson_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(split, 1)
        column.addWidget(self.controls)
        self.surface_page = SurfacePage(self, self.theme_name, self.lang)
        self.start_page = StartPage(self)
        self.start_page.open_requested.connect(self.open_file)
        self.start_page.browse_requested.connect(self.browse)
        self.banner = QLabel(self)  # problems found while the lecturer edits the open file
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#b3261e;color:white;padding:8px;font-size:16px")
        self.banner.hide()
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(lesson_page)
        self.pages.addWidget(self.surface_page)
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.banner)
        outer.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.setAcceptDrops(True)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self._reload_timer = QTimer(self, singleShot=True, interval=300)
        self._reload_timer.timeout.connect(self.reload)
        self.actions_ = build_menus(self)
        i18n.set_language(self.lang)
        apply_palette(self, self.theme_name)
        self._apply_scale()
        self._initial_geometry()
        self.retranslate()

    def _initial_geometry(self) -> None:
        """Open as big as the screen's free area allows (maximised where a window manager
        does that): every pixel is room for the graph the room has to read."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(*DEFAULT_SIZE)
            return
        free = screen.availableGeometry()
        self.setGeometry(free)
        self.split.setSizes([max(free.width() - INSPECTOR_WIDTH, 1), INSPECTOR_WIDTH])
        self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    # ── opening ──────────────────────────────────────────────────────────────────────────
    def browse(self) -> None:
        start = str(self.path.parent) if self.path else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("&Open…"), start,
                                              self.tr("Lesson files (*.toml)"))
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path, keep_step: bool = False, level: str | None = None,
                  live: bool = False) -> bool:
        """Load a lesson; on any problem show it and keep the current graph and step.

        `live` is a reload after an edit: problems go to the banner, not a dialog."""
        path = Path(path)
        if self.path is None and path.is_file():
            self._watch(path)  # a first file that fails still reloads once it is fixed
        try:
            lesson = load_lesson(path)
            if "surface" in lesson.raw:
                return self._open_surface(lesson, path, keep_step)
            prepared = prepare_lesson(lesson, level=level)
        except LessonError as e:
            self._error(self.tr("Could not open the lesson"), str(e), dialog=not live)
            return False
        except Exception as e:  # noqa: BLE001 - never let a lesson take the window down
            self._error(self.tr("Could not open the lesson"), f"{path}: {e}", dialog=not live)
            return False
        self.banner.hide()
        step = self.step if keep_step and self.prepared is not None and (
            prepared.structure() == self.prepared.structure()) else -1
        self._start_layout(prepared, path, step)
        return True

    def show_prepared(self, prepared: PreparedLesson) -> None:
        """A graph recorded from the user's own code (`gradviz.show`): no file to watch."""
        self._start_layout(prepared, None, -1)

    def reload(self) -> None:
        if self.path is not None and self.path.is_file() and self.showing_surface:
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

    def scene_theme(self, name: str | None = None):
        return THEMES[name or self.theme_name].with_text_scale(self.text_scale)

    def _start_layout(self, prepared: PreparedLesson, path: Path | None, step: int) -> None:
        sizes = node_sizes(prepared.graph, self.scene_theme())
        if len(prepared.graph.nodes) < BACKGROUND_LAYOUT_NODES:
            try:
                layout = layout_positions(prepared.graph, sizes=sizes)
            except LayoutError as e:
                self._error(self.tr("No layout program"), str(e))
                return
            self._install(prepared, layout, path, step)
            return
        if self._thread is not None:
            return  # one layout at a time; the lecturer can open again when it is done
        self._progress = QProgressDialog(self.tr("Laying out the graph…"), None, 0, 0, self)
        self._progress.setWindowModality(Qt.WindowModality.NonModal)
        self._progress.show()
        self._thread = _LayoutThread(prepared.graph, sizes, self)
        self._thread.done.connect(
            lambda layout, error: self._layout_done(prepared, path, step, layout, error))
        self._thread.start()

    def _layout_done(self, prepared, path, step, layout, error) -> None:
        self._thread.wait()
        self._thread = None
        if self._progress is not None:
            self._progress.close()
            self._progress = None
        if error:
            self._error(self.tr("No layout program"), error)
        else:
            self._install(prepared, layout, path, step)

    def wait_for_layout(self, timeout_ms: int = 60000) -> None:
        if self._thread is not None:
            self._thread.wait(timeout_ms)

    def _install(self, prepared: PreparedLesson, layout: Layout, path: Path | None, step: int
                 ) -> None:
        old = self.scene
        self.prepared, self.layout_ = prepared, layout
        self.scene = GraphScene(prepared.graph, layout, self.scene_theme(), self.lang,
                                on_node_clicked=self.select_node)
        self.canvas.setScene(self.scene)
        if old is not None:
            old.deleteLater()
        if path is not None:
            self._remember(path)
        self.actions_.scalar.blockSignals(True)
        self.actions_.scalar.setChecked(prepared.level == SCALAR)
        self.actions_.scalar.blockSignals(False)
        self.controls.set_plan(len(prepared.plan), prepared.plan.backward_start)
        self.pages.setCurrentIndex(1)
        self.selected = None
        self.canvas.focus = None
        self.set_step(step)
        self.canvas.fit()
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

    def _open_surface(self, lesson, path: Path, keep_step: bool) -> bool:
        """An optimizer scene: run it and show the surface page (the graph stays loaded)."""
        scene = scene_from_lesson(lesson)
        step = self.surface_page.step if keep_step and self.showing_surface else 0
        errors = len(self.surface_page.errors)
        self.surface_page.load(scene)
        if len(self.surface_page.errors) > errors:
            self._error(self.tr("Could not open the lesson"), self.surface_page.errors[-1])
            return False
        self.surface_page.set_step(step)
        self.controls.stop()
        self.pages.setCurrentWidget(self.surface_page)
        self._remember(path)
        self.setWindowTitle(f"{scene.title or path.stem} — gradviz")
        return True

    @property
    def showing_surface(self) -> bool:
        return self.pages.currentWidget() is self.surface_page

    # ── stepping ─────────────────────────────────────────────────────────────────────────
    def set_step(self, k: int) -> None:
        if self.prepared is None:
            return
        k = max(-1, min(k, self.prepared.plan.last))
        self.step = k
        state = self.prepared.plan.state(k)
        self.scene.show_state(state)
        self.controls.show_position(k)
        if state.step is not None:
            self.selected = None
            node = self.layout_.centers[state.step.node]
            self.canvas.show_node(self.scene.root.mapToScene(QPointF(*node)))
        self._update_inspector()

    def state(self):
        return self.prepared.plan.state(self.step) if self.prepared else None

    def select_node(self, node_id: int) -> None:
        self.selected = node_id
        self._update_inspector()

    def _update_inspector(self) -> None:
        state = self.state()
        if state is None:
            return
        graph = self.prepared.graph
        node_id = self.selected if self.selected is not None else (
            state.step.node if state.step else None)
        node = graph.nodes[node_id] if node_id is not None else None
        text = state.step.text.get(self.lang, "") if state.step and self.selected is None else ""
        grad = state.grads.get(node_id) if node_id is not None else None
        known = node is None or node.is_op or node_id in state.values
        note = self.prepared.note_in(node.name, self.lang) if node is not None and not (
            node.is_op) else ""
        tensors = self._step_tensors(state) if self.selected is None else []
        names = ("", ())
        if node is not None and node.is_op:
            names = (graph.nodes[graph.outputs_of(node.id)[0].dst].name,
                     [graph.nodes[e.src].name for e in graph.inputs_of(node.id)])
        self.inspector.show_content(text, node, grad, note, known, tensors, names)

    def _step_tensors(self, state) -> list[tuple[str, object]]:
        """The arrays behind the current step's text, for the inspector's heatmaps."""
        if state.step is None or not state.step.contributions:
            return []
        graph = self.prepared.graph
        out = graph.nodes[graph.output].name
        first = state.step.contributions[0]
        result = graph.outputs_of(first.edge.dst)[0].dst
        tensors = [(f"∂{out}/∂{graph.nodes[result].name}", first.upstream)]
        for c in state.step.contributions:
            tensors.append((f"→ ∂{out}/∂{graph.nodes[c.edge.src].name}", c.value))
        return tensors

    def step_by(self, delta: int) -> None:
        if self.showing_surface:
            return self.surface_page.step_by(delta)
        self.set_step(self.step + delta)

    def toggle_play(self) -> None:
        if self.showing_surface:
            return self.surface_page.toggle_play()
        self.controls.toggle_play()

    def jump_to(self, where: str) -> None:
        if self.showing_surface:
            return self.surface_page.jump_to("first" if where == "first" else "last")
        if self.prepared is not None:
            plan = self.prepared.plan
            self.set_step({"first": -1, "last": plan.last, "backward": plan.backward_start}[where])

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Stepping keys are window-wide actions (the Step menu); Escape leaves full screen.
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            return self.set_presenter(False)
        super().keyPressEvent(event)

    # ── view options ─────────────────────────────────────────────────────────────────────
    def set_theme(self, name: str) -> None:
        self.theme_name = self.prefs.theme = name
        if self.scene is not None:
            self.scene.set_theme(self.scene_theme(name))
        apply_palette(self, name)
        self.surface_page.set_theme(name)
        self.actions_.dark.blockSignals(True)
        self.actions_.dark.setChecked(name == "dark")
        self.actions_.dark.blockSignals(False)

    def set_language(self, lang: str) -> None:
        self.lang = self.prefs.language = lang
        i18n.set_language(lang)
        self.actions_.languages[lang].setChecked(True)
        self.surface_page.set_language(lang)
        if self.scene is not None:
            self.scene.lang = lang
            self._update_inspector()  # keeps the selected node

    def change_text_scale(self, factor: float) -> None:
        self.text_scale = round(min(max(self.text_scale * factor, 0.5), 3.0), 3)
        self.prefs.scale = self.text_scale
        self._apply_scale()

    def _apply_scale(self) -> None:
        size = int(16 * self.text_scale)
        font = self.controls.font()
        font.setPixelSize(size)
        self.controls.setFont(font)  # a style sheet would hide the dark palette
        self.inspector.set_scale(self.text_scale)
        self.surface_page.set_scale(self.text_scale)
        if self.prepared is not None and not self.showing_surface:
            self._start_layout(self.prepared, self.path, self.step)  # text changed node sizes

    def set_presenter(self, on: bool) -> None:
        if on and not self.isFullScreen():
            self._before_presenter = self.windowState()  # maximised comes back maximised
        if on:
            self.showFullScreen()
        elif self._before_presenter & Qt.WindowState.WindowMaximized:
            self.showMaximized()
        else:
            self.showNormal()
        self.actions_.presenter.setChecked(on)

    def set_scalar_view(self, on: bool) -> None:
        if self.path is not None:
            self.open_file(self.path, level=SCALAR if on else TENSOR)
            if self.prepared is not None:
                self.actions_.scalar.setChecked(self.prepared.level == SCALAR)

    def find_node(self) -> None:
        if self.prepared is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Find node"), self.tr("Node name:"))
        if ok and name:
            self.focus_node(name)

    def focus_node(self, name: str) -> bool:
        for node in self.prepared.graph.nodes:
            if not node.is_op and node.name == name.strip():
                self.select_node(node.id)
                self.canvas.centerOn(self.scene.root.mapToScene(
                    QPointF(*self.layout_.centers[node.id])))
                return True
        self._error(self.tr("Find node"), self.tr("No node named '{name}'.").format(name=name))
        return False

    # ── export ───────────────────────────────────────────────────────────────────────────
    def export_view(self, path: str) -> None:
        from gradviz.view.export import save_image_atomically

        widget = self.surface_page.plot if self.showing_surface else self.canvas
        save_image_atomically(widget.grab().toImage(), path)
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)

    def export_graph(self, path: str, scale: float = 2.0) -> None:
        """The whole graph at the current step; on the optimizer page, the scene at the
        scrubber's iteration drawn from the page's own runs (what is on screen, clicked
        start and edited hyper-parameters included: nothing is run again)."""
        if self.showing_surface:
            page = self.surface_page
            render_surface_png(page.scene, path, theme=self.theme_name, scale=scale,
                               lang=self.lang, step=page.step, runs=page.runs)
            self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
            return
        export_step(self.prepared, self.step, path, theme=self.theme_name, scale=scale,
                    lang=self.lang, layout=self.layout_)
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)

    def export_steps(self, folder: str, scale: float = 2.0) -> None:
        """Every step into ``folder`` (made if missing), as `gradviz export --all-steps`
        writes them: a graph lesson's ``step_NN_phase.png``; an optimizer scene's
        ``step_NNN.png`` per iteration of the page's runs, every k-th and the last past
        `MAX_FRAMES`."""
        if self.showing_surface:
            page = self.surface_page
            if page.scene is None:
                return
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                written = render_surface_frames(page.scene, folder, theme=self.theme_name,
                                                scale=scale, lang=self.lang, runs=page.runs)
            finally:
                QApplication.restoreOverrideCursor()
        elif self.prepared is not None:
            written = export_all_steps(self.prepared, folder, theme=self.theme_name,
                                       scale=scale, lang=self.lang)
        else:
            return
        self.statusBar().showMessage(
            self.tr("Wrote {n} images to {path}").format(n=len(written), path=folder), 5000)

    # ── errors, drops, language ──────────────────────────────────────────────────────────
    def _error(self, title: str, message: str, dialog: bool = True) -> None:
        """Report a problem; a live edit's mistake goes in the banner, never in a dialog."""
        self.errors.append(message)
        self.statusBar().showMessage(message.splitlines()[0], 8000)
        if not dialog:
            self.banner.setText(message)
            self.banner.show()
            return
        if self.isVisible():
            if self._box is not None:
                self._box.close()  # one message on the projector, the latest
            self._box = QMessageBox(QMessageBox.Icon.Warning, title,
                                    self._keeps(message),
                                    parent=self)
            self._box.open()  # not exec(): never blocks a running presentation or a test

    def _keeps(self, message: str) -> str:
        if self.prepared is None and not self.showing_surface:
            return message
        return f"{message}\n\n{self.tr('The window keeps the graph it had.')}"

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if any(u.toLocalFile().endswith(".toml") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        for url in event.mimeData().urls():
            if url.toLocalFile().endswith(".toml"):
                self.open_file(url.toLocalFile())
                break

    def retranslate(self) -> None:
        title = "gradviz"
        if self.prepared is not None:
            title = f"{self.prepared.title} — gradviz"
        self.setWindowTitle(title)
        self.actions_.retranslate()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

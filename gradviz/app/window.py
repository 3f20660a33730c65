"""`LectureWindow`: the graph, the step controls and the inspector, driven from the keyboard.

The window owns one `PreparedLesson` at a time and the step k it shows; everything on screen
is redrawn from ``plan.state(k)``.  Opening a bad file shows the error and keeps what was
there.  Layout runs off the UI thread for large graphs.

Besides the pages, stepping and view options here, the window's work is in mixins:
`window_loading` (opening, layout, watching and reloading files), `window_export` (the PNG
exports) and `window_errors` (the banner and error dialogs).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, QPointF, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
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
from gradviz.app.inspector import Inspector
from gradviz.app.palette import apply_palette
from gradviz.app.settings import Preferences
from gradviz.app.start_page import StartPage
from gradviz.app.surface_page import SurfacePage
from gradviz.app.window_errors import WindowErrors
from gradviz.app.window_export import WindowExports
from gradviz.app.window_loading import BACKGROUND_LAYOUT_NODES as BACKGROUND_LAYOUT_NODES
from gradviz.app.window_loading import LessonLoading, _LayoutThread
from gradviz.graph.layout import Layout
from gradviz.lesson.prepare import SCALAR, TENSOR, PreparedLesson
from gradviz.view.canvas import GraphCanvas
from gradviz.view.scene import GraphScene
from gradviz.view.theme import THEMES

DEFAULT_SIZE = (1400, 850)  # only when Qt knows no screen
INSPECTOR_WIDTH = 360  # the inspector keeps this width; the graph gets the rest


class LectureWindow(LessonLoading, WindowExports, WindowErrors, QMainWindow):
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
        self._size_inspector(free.width())
        self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _size_inspector(self, total: int | None = None) -> None:
        """The inspector's width follows the text size (its words grow with it), up to two
        fifths of the window; the graph gets the rest."""
        total = total or sum(self.split.sizes()) or self.width()
        width = int(min(INSPECTOR_WIDTH * (1 + 0.6 * max(self.text_scale - 1, 0)),
                        max(0.4 * total, INSPECTOR_WIDTH)))
        self.split.setSizes([max(total - width, 1), width])

    def scene_theme(self, name: str | None = None):
        return THEMES[name or self.theme_name].with_text_scale(self.text_scale)

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
        self._size_inspector()
        self._style_banner()  # a banner already on screen grows with the rest
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
            self.open_file(self.path, level=SCALAR if on else TENSOR, same_point=True)
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

    # ── drops, language ──────────────────────────────────────────────────────────────────
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

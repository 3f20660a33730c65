"""`LectureWindow`: the pages, the menus and the keys, wired to one `Lecture`.

The lecture's state (lesson, step, selection, language, theme, text size) is a Qt-free
`gradviz.lecture.Lecture`; the window's widgets listen to it and write into it, and the
window keeps only what is the window's: its pages, the file it watches, presenter mode and
the messages it showed.  Opening a bad file shows the error and keeps what was there.

The rest of the window's work is in mixins: `window_loading` (opening, layout, watching and
reloading files), `window_export` (the PNG exports) and `window_errors` (the banner and
error dialogs).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gradviz.app import i18n
from gradviz.app.actions import build_menus
from gradviz.app.binding import listen
from gradviz.app.lesson_page import INSPECTOR_WIDTH as INSPECTOR_WIDTH
from gradviz.app.lesson_page import LessonPage
from gradviz.app.palette import apply_palette
from gradviz.app.presenter import Presenting
from gradviz.app.settings import Preferences
from gradviz.app.start_page import StartPage
from gradviz.app.surface_page import SurfacePage
from gradviz.app.window_errors import WindowErrors
from gradviz.app.window_export import WindowExports
from gradviz.app.window_loading import BACKGROUND_LAYOUT_NODES as BACKGROUND_LAYOUT_NODES
from gradviz.app.window_loading import LessonLoading, _LayoutThread
from gradviz.app.window_training import TrainingWindow
from gradviz.lecture import Lecture
from gradviz.lesson.prepare import SCALAR, TENSOR

DEFAULT_SIZE = (1400, 850)  # only when Qt knows no screen


class LectureWindow(LessonLoading, TrainingWindow, WindowExports, WindowErrors, QMainWindow):
    def __init__(self, prefs: Preferences | None = None) -> None:
        super().__init__()
        self.prefs = prefs or Preferences()
        self.lecture = Lecture(self.prefs.language, self.prefs.theme, self.prefs.scale)
        # First, so every widget that hears of a new language finds Qt's texts in it.
        listen(self, self.lecture.events.language, self._language_changed)
        self.path: Path | None = None
        self.errors: list[str] = []  # every message shown, for tests and the status bar
        self._thread: _LayoutThread | None = None
        self._pending: tuple | None = None  # a newer lesson waiting for the running layout
        self._layout_ticket = 0  # counts requests: only the newest one's layout is shown
        self._progress: QProgressDialog | None = None
        self._box: QMessageBox | None = None
        self._before_presenter = Qt.WindowState.WindowNoState
        self._inspector_before: bool | None = None  # shown before presenting (None: not)

        self.lesson_page = LessonPage(self.lecture, self)
        page = self.lesson_page
        self.canvas, self.inspector, self.controls = page.canvas, page.inspector, page.controls
        self.split = page.split
        self.surface_page = SurfacePage(self, lecture=self.lecture)
        self.start_page = StartPage(self)
        self.start_page.open_requested.connect(self.open_file)
        self.start_page.browse_requested.connect(self.browse)
        self.banner = QLabel(self)  # problems found while the lecturer edits the open file
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.pages = QStackedWidget(self)
        for widget in (self.start_page, self.lesson_page, self.surface_page,
                       self._build_training()):
            self.pages.addWidget(widget)
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.banner)
        outer.addWidget(self.training_return)
        outer.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.setAcceptDrops(True)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self._reload_timer = QTimer(self, singleShot=True, interval=300)
        self._reload_timer.timeout.connect(self.reload)
        self.actions_ = build_menus(self)
        self.presenting = Presenting(self, (self.lesson_page.controls, self.surface_page.bar))
        listen(self, self.lecture.events.theme, self._theme_changed)
        listen(self, self.lecture.events.text_scale, self._text_scale_changed)
        i18n.set_language(self.lecture.language)
        apply_palette(self, self.lecture.theme)
        self._style_banner()
        self._initial_geometry()
        self.retranslate()

    # ── the lecture's fields, as the window's ────────────────────────────────────────────
    prepared = property(lambda self: self.lecture.prepared)
    layout_ = property(lambda self: self.lecture.layout)
    scene = property(lambda self: self.lesson_page.scene)
    step = property(lambda self: self.lecture.step)
    selected = property(lambda self: self.lecture.selected)
    lang = property(lambda self: self.lecture.language)
    theme_name = property(lambda self: self.lecture.theme)
    text_scale = property(lambda self: self.lecture.text_scale)

    def _initial_geometry(self) -> None:
        """Open as big as the screen's free area allows (maximised where a window manager
        does that): every pixel is room for the graph the room has to read."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(*DEFAULT_SIZE)
            return
        free = screen.availableGeometry()
        self.setGeometry(free)
        self.lesson_page.size_inspector(free.width())
        self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    # ── stepping: the keys move the page on screen ───────────────────────────────────────
    def set_step(self, k: int) -> None:
        self.lecture.step = k

    def state(self):
        return self.lecture.state()

    def select_node(self, node_id: int) -> None:
        self.lecture.selected = node_id

    def _frames_page(self):
        """The optimizer or training page when it is shown: the keys move its iterations."""
        return self.surface_page if self.showing_surface else \
            self.training_page if self.showing_training else None

    def step_by(self, delta: int) -> None:
        if (page := self._frames_page()) is not None:
            return page.step_by(delta)
        if delta > 0 and self.lecture.reveal():  # predict mode: "next" shows the answer first
            return
        self.lecture.step = self.lecture.step + delta

    def toggle_play(self) -> None:
        if (page := self._frames_page()) is not None:
            return page.toggle_play()
        self.lecture.player.toggle()

    def jump_to(self, where: str) -> None:
        if (page := self._frames_page()) is not None:
            return page.jump_to("first" if where == "first" else "last")
        self.lecture.jump_to(where)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Stepping keys are window-wide actions (the Step menu); Escape leaves full screen.
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            return self.set_presenter(False)
        super().keyPressEvent(event)

    # ── view options: written into the lecture, remembered in the preferences ────────────
    def set_theme(self, name: str) -> None:
        self.lecture.theme = name

    def set_language(self, lang: str) -> None:
        self.lecture.language = lang

    def change_text_scale(self, factor: float) -> None:
        self.lecture.scale_text(factor)

    def _language_changed(self, lang: str) -> None:
        self.prefs.language = lang
        i18n.set_language(lang)

    def _theme_changed(self, name: str) -> None:
        self.prefs.theme = name
        apply_palette(self, name)

    def _text_scale_changed(self, scale: float) -> None:
        self.prefs.scale = scale
        self._style_banner()  # a banner already on screen grows with the rest
        if self.prepared is not None and self._frames_page() is None:
            self._start_layout(self.prepared, self.path, self.step)  # text changed node sizes

    def set_presenter(self, on: bool) -> None:
        if on and not self.isFullScreen():
            self._before_presenter = self.windowState()  # maximised comes back maximised
        if on:
            self.lesson_page.caption.show()  # presenting is for the back row: its caption
            self.actions_.caption.setChecked(True)
            if self._inspector_before is None:
                # The band writes the step for the room; the inspector's small print would
                # take two fifths of the graph's width. Ctrl+I brings it; leaving restores it.
                self._inspector_before = self.actions_.inspector.isChecked()
                self._show_inspector(False)
            self.showFullScreen()
        elif self._inspector_before is not None:
            self._show_inspector(self._inspector_before)
            self._inspector_before = None
        if not on and self._before_presenter & Qt.WindowState.WindowMaximized:
            self.showMaximized()
        elif not on:
            self.showNormal()
        # Presenting shows the lesson, not the program: no menu bar, no scroll bars (every
        # action keeps its key: the actions belong to the window too).
        self.menuBar().setVisible(not on)
        bars = Qt.ScrollBarPolicy
        policy = bars.ScrollBarAlwaysOff if on else bars.ScrollBarAsNeeded
        self.lesson_page.canvas.setHorizontalScrollBarPolicy(policy)
        self.lesson_page.canvas.setVerticalScrollBarPolicy(policy)
        # The player's bars float over the pages and show while the mouse moves.
        self.lesson_page.float_controls(on)
        self.surface_page.float_controls(on)
        self.presenting.set_on(on)
        self.actions_.presenter.setChecked(on)

    def _show_inspector(self, on: bool) -> None:
        self.inspector.setVisible(on)
        self.actions_.inspector.setChecked(on)

    def set_laser(self, on: bool) -> None:
        """The laser pointer (L): the mouse as a big red dot, in presenter mode."""
        self.presenting.set_laser(on)
        self.actions_.laser.setChecked(on)

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
        node_id = self.lecture.find_value(name)
        if node_id is None:
            self._error(self.tr("Find node"),
                        self.tr("No node named '{name}'.").format(name=name))
            return False
        self.lecture.selected = node_id
        self.canvas.centerOn(self.lesson_page.node_center(node_id))
        return True

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

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.presenting.set_on(False)  # gives the cursor back (it is the application's)
        super().closeEvent(event)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

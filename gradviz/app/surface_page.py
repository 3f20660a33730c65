"""`SurfacePage`: the optimizer race — a loss surface, every optimizer's path, one scrubber.

``page.load(scene)`` runs a `SurfaceScene` and shows it at step 0; ``set_step(k)`` (or the
scrubber, the play button, ``step_by``/``jump_to`` from the window's keys) moves every
optimizer together.  A click on the surface re-runs everything from that start; an edit
in the hyper-parameter table re-runs everything with it; a bad value is shown next to the
table and changes nothing.  The side shows the selected optimizer's state at step k and
the loss (and learning-rate) curves.  A 3-D view sits behind a toggle and only where
OpenGL works; elsewhere the toggle shows why not.

The page plays its iterations with a `Player` of its own; its theme, language and text size
are a `Lecture`'s (the window's, or one of its own when it stands alone), which it listens
to, and ``set_theme``/``set_language``/``set_scale`` write into.

A network's loss landscape (``scene.landscape``) has no start to choose, the network's
initial weights are the start: clicks are ignored.  An edit in the table trains the network
again, which gives a new PCA plane and so a new surface.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gradviz.app.binding import PlayerTimer, blocked, listen
from gradviz.app.palette import error_colour, tinted_icon
from gradviz.app.presenter import place_floating, set_floating
from gradviz.app.surface_panels import CurvesPanel, StatePanel
from gradviz.app.surface_params import HyperparameterTable
from gradviz.catalog.lesson import said_in
from gradviz.lecture import Lecture, Player
from gradviz.surfaces.functions import Point
from gradviz.surfaces.outcome import scene_end
from gradviz.surfaces.scene import SurfaceScene
from gradviz.view.surface_3d import Surface3D, opengl_problem
from gradviz.view.surface_export import axis_names, explained_variance, fills
from gradviz.view.surface_plot import SurfacePlot

PLAY_SECONDS = 10.0  # a whole race takes about this long, however many steps it has
PLOT_GROWTH = 0.4  # past text size 1, the plot's text grows this much per unit of it
PANEL_GROWTH = 0.6  # and the state panel's this much


def plot_scale(scale: float) -> float:
    """The plot's own scale at the window's text ``scale``: the same up to 1, slower past
    it (1.8 at 3), so the surface keeps its room next to its title and legend."""
    return scale if scale <= 1 else 1 + PLOT_GROWTH * (scale - 1)


def panel_scale(scale: float) -> float:
    """The state panel's scale: it shares a third of the width with the curves, so its
    numbers grow a little more slowly than the window's text past size 1 (2.2 at 3)."""
    return scale if scale <= 1 else 1 + PANEL_GROWTH * (scale - 1)


class SurfacePage(QWidget):
    step_changed = Signal(int)
    runs_changed = Signal()  # after a new start or new hyper-parameters
    error_occurred = Signal(str)  # a re-run that failed (the old paths stay)

    def __init__(self, parent=None, theme: str = "light", lang: str = "es",
                 lecture: Lecture | None = None) -> None:
        super().__init__(parent)
        self.lecture = lecture or Lecture(language=lang, theme=theme)
        self.player = Player(0, 0, whole_in=PLAY_SECONDS)
        self.scene: SurfaceScene | None = None
        self.runs: list = []
        self.start: Point | None = None
        theme = self.lecture.theme
        self.errors: list[str] = []
        self.selected = 0
        self.view_3d: Surface3D | None = None

        self.plot = SurfacePlot(theme=theme, lang=self.lecture.language, parent=self)
        self.plot.point_clicked.connect(lambda x, y: self.set_start((x, y)))
        self.no_3d = QLabel(self)
        self.no_3d.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_3d.setWordWrap(True)
        self.views = QStackedWidget(self)
        self.views.addWidget(self.plot)
        self.views.addWidget(self.no_3d)
        self.chooser = QComboBox(self)
        self.chooser.currentIndexChanged.connect(self.select_optimizer)
        self.state_panel = StatePanel(self)
        self.curves = CurvesPanel(self)
        side = QWidget(self)
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.addWidget(self.chooser)
        side_column.addWidget(self.state_panel, 3)
        side_column.addWidget(self.curves, 4)
        self.table = HyperparameterTable(self)
        self.table.lang = self.lecture.language
        self.table.spec_changed.connect(self._spec_edited)
        self.table.error_changed.connect(self._show_table_error)
        self.table.itemSelectionChanged.connect(self._row_selected)
        self.table_error = QLabel(self)
        self.table_error.setStyleSheet(f"color: {error_colour(theme)}; font-weight: bold")
        self.table_error.setWordWrap(True)
        self.table_error.hide()

        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.views)
        top.addWidget(side)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 1)
        top.setSizes([900, 420])
        bottom = QWidget(self)
        bottom_column = QVBoxLayout(bottom)
        bottom_column.setContentsMargins(0, 0, 0, 0)
        bottom_column.addWidget(self.table)
        bottom_column.addWidget(self.table_error)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 280])

        self.play_button = QToolButton(self)
        self.play_button.setCheckable(True)
        self.play_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.play_button.clicked.connect(self.toggle_play)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slider.valueChanged.connect(self.set_step)
        self.step_label = QLabel(self)
        self.toggle_3d = QToolButton(self)
        self.toggle_3d.setCheckable(True)
        self.toggle_3d.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.toggle_3d.toggled.connect(self.show_3d)
        self.bar = QWidget(self)  # the player's row; it floats in presenter mode
        self.bar.setAutoFillBackground(True)
        controls = QHBoxLayout(self.bar)
        controls.setContentsMargins(0, 4, 0, 0)
        for widget in (self.play_button, self.slider, self.step_label, self.toggle_3d):
            widget.setParent(self.bar)
            controls.addWidget(widget, 1 if widget is self.slider else 0)
        column = QVBoxLayout(self)
        column.addWidget(split, 1)
        column.addWidget(self.bar)
        self.floating = False
        self.timer = PlayerTimer(self.player, self)
        self.play_button.setIconSize(QSize(32, 32))
        self.split = split
        listen(self, self.player.events.position, self._show_step)
        listen(self, self.player.events.playing, self._show_playing)
        listen(self, self.lecture.events.theme, self._show_theme)
        listen(self, self.lecture.events.language, self._show_language)
        listen(self, self.lecture.events.text_scale, self._show_scale)
        self._show_playing(False)
        self._show_scale(self.lecture.text_scale)
        self.retranslate()

    # The lecture's fields, as the page's own (what they were before there was a lecture).
    theme_name = property(lambda self: self.lecture.theme)
    lang = property(lambda self: self.lecture.language)
    scale = property(lambda self: self.lecture.text_scale)
    step = property(lambda self: self.player.position)

    # ── scene and runs ───────────────────────────────────────────────────────────────────
    def load(self, scene: SurfaceScene, runs=None) -> None:
        """Run a scene (unless given its `runs`, as a prepared lesson has them) and show it at
        step 0; on a failed run keep what was shown."""
        try:
            runs = list(runs) if runs is not None else scene.run()
        except (ValueError, ArithmeticError) as e:
            self._fail(said_in(e, self.lang))
            return
        self.scene, self.runs, self.start = scene, runs, scene.start
        self._draw_scene()
        colours = [self.plot.style_.path_colour(i) for i in range(len(runs))]
        self.table.set_specs(scene.specs, colours, [r.label for r in runs],
                             regression=scene.regression is not None)
        with blocked(self.chooser):
            self.chooser.clear()
            self.chooser.addItems([r.label for r in runs])
        self.selected = 0
        self._runs_updated(step=0)
        self.retranslate()

    def _draw_scene(self) -> None:
        scene = self.scene
        self.plot.set_scene(scene.surface, self.runs, scene.start, title=scene.title,
                            axis_names=axis_names(scene), variance=explained_variance(scene),
                            fill=fills(scene))
        if self.view_3d is not None:
            self.view_3d.set_scene(scene.surface, self.runs)

    def set_start(self, point: Point) -> None:
        """Re-run every optimizer from ``point`` (a click on the surface does this); a
        landscape starts from the network's initial weights, so there it does nothing."""
        if self.scene is not None and self.scene.landscape is None:
            start = (float(point[0]), float(point[1]))
            self._rerun(lambda: replace(self.scene, start=start))

    def set_spec(self, row: int, key: str, text: str) -> None:
        """Edit one hyper-parameter as if typed into the table (errors show inline)."""
        self.table.edit_value(row, key, text)

    def _spec_edited(self, row: int, spec) -> None:
        specs = list(self.scene.specs)
        specs[row] = spec
        self._rerun(lambda: replace(self.scene, specs=tuple(specs)))

    def _rerun(self, new_scene) -> None:
        """Make the scene ``new_scene()`` and run it; a landscape trains while it is made."""
        try:
            scene = new_scene()
            runs = scene.run()
        except (ValueError, ArithmeticError) as e:  # e.g. too many updates: keep the old paths
            self._fail(said_in(e, self.lang))
            return
        old_surface = self.scene.surface
        self.scene, self.runs, self.start = scene, runs, scene.start
        if scene.surface is not old_surface:  # a retrained landscape: a new plane
            self._draw_scene()
        else:
            self.plot.set_runs(runs, scene.start)
            if self.view_3d is not None:
                self.view_3d.set_runs(runs)
        self._runs_updated(step=self.step)
        self.runs_changed.emit()

    def _runs_updated(self, step: int) -> None:
        """New runs (or a new look for them): the player's frames, the curves, step k."""
        self.player.reset(0, self.last_step, step)
        with blocked(self.slider):
            self.slider.setRange(0, self.last_step)
        show_lr = any(spec.schedule is not None for spec in self.scene.specs)
        self.curves.set_runs(self.runs, self.plot.style_, show_lr, self.scene.surface.range)
        self._set_curve_titles()
        self._size_step_label()
        self._draw_step(self.step)

    def _fail(self, message: str) -> None:
        self.errors.append(message)
        self.table_error.setText(message)
        self.table_error.show()
        self.error_occurred.emit(message)

    def _show_table_error(self, text: str) -> None:
        self.table_error.setText(text)
        self.table_error.setVisible(bool(text))

    # ── stepping ─────────────────────────────────────────────────────────────────────────
    @property
    def last_step(self) -> int:
        return scene_end(self.runs)  # a run that diverged: the iteration it did so

    def set_step(self, k: int) -> None:
        """Show every optimizer at step k (clamped to 0 … the longest run)."""
        if self.scene is not None:
            self.player.seek(k)

    def _show_step(self, k: int) -> None:
        self._draw_step(k)
        self.step_changed.emit(k)

    def _draw_step(self, k: int) -> None:
        self.plot.set_step(k)
        if self.view_3d is not None:
            self.view_3d.set_step(k)
        self.curves.set_step(k)
        with blocked(self.slider):
            self.slider.setValue(k)
        self.step_label.setText(self._step_text(k))
        self._show_state()

    def step_by(self, delta: int) -> None:
        self.set_step(self.step + delta)

    def jump_to(self, where: str) -> None:
        """"first" or "last" (the window's Home/End keys)."""
        self.set_step(0 if where == "first" else self.last_step)

    @property
    def playing(self) -> bool:
        return self.player.playing

    def toggle_play(self) -> None:
        if self.scene is not None or self.player.playing:
            self.player.toggle()
        self._show_playing(self.player.playing)  # a click without a scene unchecks again

    def stop(self) -> None:
        self.player.pause()

    def _show_playing(self, on: bool) -> None:
        with blocked(self.play_button):
            self.play_button.setChecked(on)
        icon = QStyle.StandardPixmap.SP_MediaPause if on else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(tinted_icon(self, icon))

    def float_controls(self, on: bool) -> None:
        """Presenter mode: the player's row floats over the page's bottom edge (nothing
        moves when it shows or hides)."""
        set_floating(self.bar, on)
        self.floating = on
        self._place_bar()

    def _place_bar(self) -> None:
        if self.floating:
            place_floating(self.bar, self.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place_bar()

    # ── selection, 3-D, theme, language ──────────────────────────────────────────────────
    def select_optimizer(self, row: int) -> None:
        if 0 <= row < len(self.runs):
            self.selected = row
            with blocked(self.chooser):
                self.chooser.setCurrentIndex(row)
            self._show_state()

    def _row_selected(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if len(rows) == 1:
            self.select_optimizer(rows.pop())

    def _show_state(self) -> None:
        if self.runs:
            i = min(self.selected, len(self.runs) - 1)
            self.state_panel.show_state(self.runs[i], self.step,
                                        self.plot.style_.path_colour(i))

    def show_3d(self, on: bool) -> None:
        """Swap the contour plot for the 3-D surface, or explain why there is none."""
        if not on:
            self.views.setCurrentWidget(self.plot)
            return
        if self.view_3d is None:
            problem = opengl_problem()
            if problem is None:
                try:
                    self.view_3d = Surface3D(self.theme_name, self, self.lang)
                except Exception as e:  # noqa: BLE001 - a broken GL stack must not crash
                    problem = f"{type(e).__name__}: {e}"
            if problem is not None:
                text = self.tr("The 3-D view is not available here")
                self.no_3d.setText(f"{text}\n({problem})")
                self.views.setCurrentWidget(self.no_3d)
                return
            self.views.addWidget(self.view_3d)
            if self.scene is not None:
                self.view_3d.set_scene(self.scene.surface, self.runs)
                self.view_3d.set_step(self.step)
        self.views.setCurrentWidget(self.view_3d)

    def set_theme(self, name: str) -> None:
        self.lecture.theme = name

    def _show_theme(self, name: str) -> None:
        self.plot.set_theme(name)
        if self.view_3d is not None:
            self.view_3d.set_theme(name)
        if self.scene is not None:
            self._runs_updated(self.step)
            self.table.set_colours([self.plot.style_.path_colour(i)
                                    for i in range(len(self.runs))])
        self.table_error.setStyleSheet(f"color: {error_colour(name)}; font-weight: bold")

    def set_language(self, lang: str) -> None:
        self.lecture.language = lang

    def _show_language(self, lang: str) -> None:
        """The plot's own words (legend, title); Qt texts follow the LanguageChange event."""
        self.plot.set_language(lang)
        self.table.lang = lang
        self.retranslate()

    def set_scale(self, scale: float) -> None:
        self.lecture.text_scale = scale

    def _show_scale(self, scale: float) -> None:
        """The lecturer's text scale: the panels' fonts follow it, the plot's (and the
        curves') fonts and marks grow more slowly (`plot_scale`)."""
        self.plot.set_scale(plot_scale(scale))
        self.state_panel.set_font_px(round(18 * panel_scale(scale)))
        font = QFont(self.font())
        font.setPixelSize(round(17 * scale))  # a font, not a style sheet: palettes still apply
        self.setFont(font)
        if self.scene is not None:
            self._runs_updated(self.step)
        self._size_step_label()

    def _step_text(self, k: int) -> str:
        return self.tr("Step {k} of {n}").format(k=k, n=self.last_step)

    def _size_step_label(self) -> None:
        """Room for the widest "Step k of n" of the scene, so it is never cut nor moves."""
        if self.scene is not None:
            widest = self._step_text(self.last_step)
            metrics = self.step_label.fontMetrics()
            self.step_label.setMinimumWidth(metrics.horizontalAdvance(widest) + 8)

    def retranslate(self) -> None:
        self.play_button.setToolTip(self.tr("Play / pause"))
        self.toggle_3d.setText(self.tr("3-D"))
        self.toggle_3d.setToolTip(self.tr("Show the surface in 3-D"))
        landscape = self.scene is not None and self.scene.landscape is not None
        self.plot.setToolTip("" if landscape else
                             self.tr("Click to start every optimizer from there"))
        self._set_curve_titles()
        if self.scene is not None:
            self.step_label.setText(self._step_text(self.step))
            self._size_step_label()

    def _set_curve_titles(self) -> None:
        self.curves.set_titles(self.tr("Loss"), self.tr("Learning rate"), self.tr("Step"),
                               self.plot.style_)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()  # Qt's texts; the plot's words follow the lecture's language
        if event.type() == QEvent.Type.PaletteChange:
            self._show_playing(self.player.playing)  # its icon in the new button text
        super().changeEvent(event)

"""`TrainingPage`: watch a network learn — curves, decision boundary, weights, live knobs.

``page.load(prepared)`` shows a prepared training lesson at iteration 0.  Play trains: a
timer advances the run a slice at a time (`FRAME_MS` apart, at most `SLICE_MS` of training
per frame), so the window never freezes, and the page follows the newest iteration.
The scrubber, the arrows and Home/End move through the recorded iterations; playing from an
earlier iteration replays the record, then goes on training where it stopped.  An edit of
the learning rate, optimizer, batch size, activation or hidden size restarts the run with it
(a bad value is said beside the knobs and changes nothing).

What the page shows at iteration k comes from the run (`gradviz.training`): the curves up
to the newest iteration, the weights and gradients of iteration k (`panels.show_at`), and the
numbers of iteration k in the back-row row (`NumbersRow`: its epoch, J, the validation
accuracy of the last epoch ended, α).  *Step into* (the button, or I) asks the window
to open iteration k's forward and backward pass in the graph stepper; coming back shows
iteration k + 1.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gradviz.app import i18n
from gradviz.app.binding import blocked, listen
from gradviz.app.surface_page import plot_scale
from gradviz.app.training_controls import LiveControls
from gradviz.app.training_numbers import NumbersRow
from gradviz.app.training_panels import TrainingPanels
from gradviz.app.training_source import TrainingSource
from gradviz.lecture import Lecture, Player
from gradviz.training import TrainingRun

FRAME_MS = 30  # a frame while playing: ~33 a second
SLICE_MS = 12  # the most training one frame may do, so drawing keeps its share
PER_FRAME = (1, 5, 25, 100)  # iterations a frame may advance (the speed menu)
CONTROLS_PX = 16  # the controls' text at text size 1


class TrainingPage(QWidget):
    iteration_changed = Signal(int)
    step_into_requested = Signal(int)  # the window opens iteration k in the graph stepper
    error_occurred = Signal(str)

    def __init__(self, parent=None, lecture: Lecture | None = None) -> None:
        super().__init__(parent)
        self.lecture = lecture or Lecture()
        self.player = Player(0, 0)
        self.source: TrainingSource | None = None
        self.errors: list[str] = []
        self.per_frame = PER_FRAME[1]
        self.frames = 0  # frames drawn, for the benchmark

        self.panels = TrainingPanels(self, self.lecture.theme)
        self.numbers = NumbersRow(self)
        self.knobs = LiveControls(self)
        self.knobs.changed.connect(self.restart)
        self.play_button = QToolButton(self)
        self.play_button.setCheckable(True)
        self.next_button = QToolButton(self)
        self.next_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaSeekForward))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.step_label = QLabel(self)
        self.speed = QComboBox(self)
        for n in PER_FRAME:
            self.speed.addItem(f"{n}×", n)
        self.speed.setCurrentIndex(PER_FRAME.index(self.per_frame))
        self.into_button = QPushButton(self)
        for widget in (self.play_button, self.next_button, self.slider, self.speed,
                       self.into_button):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the clicker's keys step
        self.play_button.clicked.connect(self.toggle_play)
        self.next_button.clicked.connect(lambda: self.step_by(1))
        self.slider.valueChanged.connect(self.set_step)
        self.speed.currentIndexChanged.connect(
            lambda i: setattr(self, "per_frame", self.speed.itemData(i)))
        self.into_button.clicked.connect(lambda: self.step_into_requested.emit(self.step))

        controls = QHBoxLayout()
        for widget in (self.play_button, self.next_button, self.slider, self.step_label,
                       self.speed, self.into_button):
            controls.addWidget(widget, 1 if widget is self.slider else 0)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.panels, 1)
        column.addWidget(self.numbers)
        column.addWidget(self.knobs)
        column.addLayout(controls)

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # takes the keys from a knob clicked
        self.timer = QTimer(self, interval=FRAME_MS)
        self.timer.timeout.connect(self.frame)
        listen(self, self.player.events.position, self._show_step)
        listen(self, self.player.events.playing, self._show_playing)
        listen(self, self.lecture.events.theme, self._show_theme)
        listen(self, self.lecture.events.text_scale, self._show_scale)
        self._show_playing(False)
        self._show_scale(self.lecture.text_scale)
        self.retranslate()

    step = property(lambda self: self.player.position)
    playing = property(lambda self: self.player.playing)

    # ── the run ──────────────────────────────────────────────────────────────────────────
    def load(self, run: TrainingRun, title: str = "") -> None:
        """Show a training run (fresh, or as far as it got) from iteration 0."""
        self.stop()
        self.source = TrainingSource(run, title)
        self.panels.set_source(self.source)
        self._show_settings()
        self._recorded(0)

    def restart(self, changes: dict) -> None:
        """Train again from the start with `changes` (``{"lr": 0.05}``…); a change the run
        refuses is said beside the knobs, and the run shown stays."""
        if self.source is None:
            return
        try:
            self.source.restart(changes)
        except (ValueError, ArithmeticError) as e:  # a ModelError says its Message
            said = getattr(e, "said", None)
            self._fail(said.text(i18n.current()) if said is not None else str(e))
            return
        was_playing = self.playing
        self.panels.set_source(self.source)
        self._show_settings()
        self._recorded(0)
        if was_playing:
            self.player.play()

    def _show_settings(self) -> None:
        s = self.source
        self.knobs.show_settings(s.settings(), s.optimizers(), s.activations(), s.records())

    def _fail(self, message: str) -> None:
        self.errors.append(message)
        self.knobs.set_error(message)
        self.error_occurred.emit(message)

    def _recorded(self, step: int) -> None:
        """The record grew (or is new): the player's frames, the scrubber, iteration `step`."""
        # The player's frames are the iterations planned (epochs × batches): playing goes on
        # past the record by training; seeking stops at the newest iteration recorded.
        self.player.reset(0, self.source.planned, step)
        with blocked(self.slider):
            self.slider.setRange(0, self.source.planned)
        self.panels.show_curves()
        self._draw_step(self.step)

    # ── playing: train a slice a frame, or replay the record ─────────────────────────────
    def toggle_play(self) -> None:
        if self.source is not None or self.playing:
            self.player.toggle()  # at the planned end: from the start again, replaying
        self._show_playing(self.playing)  # a click without a run unchecks again

    def stop(self) -> None:
        self.player.pause()

    def frame(self) -> None:
        """One frame of play: the next recorded iterations, or new ones trained."""
        if not self.playing or self.source is None:
            return
        if self.step < self.source.last:
            self.player.seek(min(self.step + self.per_frame, self.source.last))
            return
        if self.source.finished:
            self.stop()
            return
        self.source.advance(self.per_frame, budget_s=SLICE_MS / 1000)
        self._recorded(self.source.last)
        self.frames += 1

    def train_one(self) -> None:
        """One more iteration trained (or shown, when the record already has it)."""
        if self.source is None:
            return
        if self.step < self.source.last or self.source.finished:
            self.step_by(1)
            return
        self.source.advance(1)
        self._recorded(self.source.last)

    def _show_playing(self, on: bool) -> None:
        with blocked(self.play_button):
            self.play_button.setChecked(on)
        icon = QStyle.StandardPixmap.SP_MediaPause if on else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        if on:
            self.timer.start()
        else:
            self.timer.stop()

    # ── stepping through the record ──────────────────────────────────────────────────────
    def set_step(self, k: int) -> None:
        if self.source is not None:
            self.player.seek(min(k, self.source.last))
            with blocked(self.slider):
                self.slider.setValue(self.step)

    def step_by(self, delta: int) -> None:
        if delta > 0 and self.source is not None and self.step >= self.source.last:
            return self.train_one() if delta == 1 else None
        self.set_step(self.step + delta)

    def show_next(self, k: int) -> None:
        """Iteration k + 1 (trained now if the record ends at k): back from stepping into k."""
        if self.source is not None and k + 1 > self.source.last and not self.source.finished:
            self.source.advance(1)
            self._recorded(k + 1)
        self.set_step(k + 1)

    def jump_to(self, where: str) -> None:
        self.set_step(0 if where == "first" else self.source.last if self.source else 0)

    def _show_step(self, k: int) -> None:
        self._draw_step(k)
        self.iteration_changed.emit(k)

    def _draw_step(self, k: int) -> None:
        with blocked(self.slider):
            self.slider.setValue(k)
        self.step_label.setText(self._step_text(k))
        self.panels.show_at(k)
        self.numbers.show_values(**self.source.numbers(k))

    def _step_text(self, k: int) -> str:
        if self.source is None:
            return ""
        return self.tr("Iteration {k} of {n} · epoch {e}").format(
            k=k, n=self.source.planned, e=self.source.record(k).epoch + 1)

    # ── look ─────────────────────────────────────────────────────────────────────────────
    def _show_theme(self, name: str) -> None:
        self.panels.set_look(name, self.lecture.text_scale)
        if self.source is not None:
            self._draw_step(self.step)

    def _show_scale(self, scale: float) -> None:
        """The knobs' and the scrubber's text grows like the plots' (the numbers row, the
        back row's, has its own size): at text size 3 they still fit a 1280-wide screen."""
        grown = plot_scale(scale)
        font = QFont(self.font())
        font.setPixelSize(round(CONTROLS_PX * grown))
        self.setFont(font)
        self.play_button.setIconSize(QSize(round(28 * grown), round(28 * grown)))
        self.numbers.set_text_scale(scale)
        self.panels.set_look(self.lecture.theme, scale)
        if self.source is not None:
            self._draw_step(self.step)

    def retranslate(self) -> None:
        self.play_button.setToolTip(self.tr("Play / pause: train"))
        self.next_button.setToolTip(self.tr("One iteration"))
        self.speed.setToolTip(self.tr("Iterations per frame"))
        self.into_button.setText(self.tr("Step into this iteration (I)"))
        self.panels.retranslate()
        if self.source is not None:
            self.step_label.setText(self._step_text(self.step))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.numbers.refit()  # the back row's size follows the window's height

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

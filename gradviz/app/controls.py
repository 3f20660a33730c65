"""`StepControls`: buttons, scrubber and speed for stepping; a clicker only needs the keys.

The widget shows a `Lecture` and its player and holds no state of its own: the lecture's
events write the step, the plan and the speed into it (blocking its own signals), and what
the lecturer does with it is written into the lecture.  A `PlayerTimer` plays the lecture's
player.  The icons are painted in the palette's button text (`palette.tinted_icon`), so the
dark theme's buttons are not dark on dark.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QToolButton,
    QWidget,
)

from gradviz.app.binding import PlayerTimer, blocked, listen
from gradviz.app.palette import tinted_icon
from gradviz.lecture import Lecture

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0)  # steps per second


ICONS = {"first": QStyle.StandardPixmap.SP_MediaSkipBackward,
         "previous": QStyle.StandardPixmap.SP_MediaSeekBackward,
         "play": QStyle.StandardPixmap.SP_MediaPlay,
         "next": QStyle.StandardPixmap.SP_MediaSeekForward,
         "last": QStyle.StandardPixmap.SP_MediaSkipForward}
PAUSE = QStyle.StandardPixmap.SP_MediaPause


class StepControls(QWidget):
    def __init__(self, lecture: Lecture, parent=None) -> None:
        super().__init__(parent)
        self.lecture = lecture
        self.player = lecture.player
        self.count = 0
        self.backward_start = 0
        self.current = -1
        layout = QHBoxLayout(self)
        self.buttons = {}
        self.setAutoFillBackground(True)  # it may float over the graph (presenter mode)
        for key in ("first", "previous", "play", "next", "backward", "last"):
            button = QToolButton(self)
            if key not in ICONS:
                button.setText("∂")  # jump to where the gradients start
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            layout.addWidget(button)
            self.buttons[key] = button
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.label = QLabel(self)
        # The words may shrink with the window; they never make it wider than the screen
        # (at a large text size they alone would be most of a laptop's width).
        self.label.setMinimumWidth(1)
        self.speed = QComboBox(self)
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_label = QLabel(self)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        layout.addSpacing(24)
        layout.addWidget(self.speed_label)
        layout.addWidget(self.speed)
        self.timer = PlayerTimer(self.player, self)
        self.speed.currentIndexChanged.connect(
            lambda i: setattr(self.player, "speed", self.speed.itemData(i)))
        self.buttons["first"].clicked.connect(lambda: self.request(-1))
        self.buttons["previous"].clicked.connect(lambda: self.request(self.current - 1))
        self.buttons["next"].clicked.connect(lambda: self.request(self.current + 1))
        self.buttons["last"].clicked.connect(lambda: self.request(self.count - 1))
        self.buttons["backward"].clicked.connect(lambda: self.request(self.backward_start))
        self.buttons["play"].clicked.connect(self.toggle_play)
        self.slider.valueChanged.connect(self.request)
        listen(self, lecture.events.prepared, lambda _: self._show_plan())
        listen(self, lecture.events.step, self.show_position)
        listen(self, self.player.events.playing, self._show_playing)
        listen(self, self.player.events.speed, self._show_speed)
        self._show_speed(self.player.speed)
        self._show_icons()
        self._show_plan()
        self.retranslate()

    def request(self, k: int) -> None:
        """The lecturer asks for step k (ignored outside the plan)."""
        if -1 <= k < self.count:
            self.lecture.step = k

    @property
    def playing(self) -> bool:
        return self.player.playing

    def toggle_play(self) -> None:
        self.player.toggle()

    def stop(self) -> None:
        self.player.pause()

    def _show_playing(self, on: bool) -> None:
        self.buttons["play"].setIcon(tinted_icon(self, PAUSE if on else ICONS["play"]))

    def _show_icons(self) -> None:
        for key, which in ICONS.items():
            self.buttons[key].setIcon(tinted_icon(self, which))
        self._show_playing(self.player.playing)

    def _show_speed(self, speed: float) -> None:
        if speed not in SPEEDS:  # a speed this menu does not offer: the nearest it does
            speed = min(SPEEDS, key=lambda s: abs(s - speed))
        with blocked(self.speed):
            self.speed.setCurrentIndex(SPEEDS.index(speed))

    def _show_plan(self) -> None:
        plan = self.lecture.prepared.plan if self.lecture.prepared is not None else None
        if plan is None:
            self.set_plan(0, 0)
        else:
            self.set_plan(len(plan), plan.backward_start)
        self.show_position(self.lecture.step)

    def set_plan(self, count: int, backward_start: int) -> None:
        self.count, self.backward_start = count, backward_start
        with blocked(self.slider):
            self.slider.setRange(-1, max(count - 1, -1))

    def show_position(self, k: int) -> None:
        """Reflect step k without emitting anything."""
        self.current = k
        with blocked(self.slider):
            self.slider.setValue(k)
        self.label.setText(self.describe(k))

    def describe(self, k: int) -> str:
        if k < 0:
            return self.tr("Before the first step")
        if k < self.backward_start:
            return self.tr("Forward {k} of {n}").format(k=k + 1, n=self.backward_start)
        return self.tr("Backward {k} of {n}").format(
            k=k - self.backward_start + 1, n=self.count - self.backward_start)

    def retranslate(self) -> None:
        tips = {"first": "First step", "previous": "Previous step", "play": "Play / pause",
                "next": "Next step", "backward": "Start of backward pass", "last": "Last step"}
        for key, text in tips.items():
            self.buttons[key].setToolTip(self.tr(text))
        self.speed_label.setText(self.tr("Speed"))
        self.label.setText(self.describe(self.current))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._show_icons()
        if event.type() == QEvent.Type.FontChange:
            # A larger text size makes the buttons' icons as big as their words.
            side = max(16, round(QFontMetricsF(self.font()).height()))
            for button in self.buttons.values():
                button.setIconSize(QSize(side, side))
        super().changeEvent(event)

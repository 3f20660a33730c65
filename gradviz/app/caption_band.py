"""`CaptionBand`: the current step's chain rule, typeset big under the graph, like subtitles.

It listens to the lecture (step, language, theme, text size, a new lesson) and draws the
step's `Caption` (``gradviz.graph.caption``) as `gradviz.view.caption_layout` places it.
The size is the back row's: digits at least `DIGIT_SHARE` of the window's height (2.8 %:
16 arcminutes from 6 screen heights away, 30 px on 1080 lines), a tenth larger when there is
room, and larger again with the text size.  The band grows to hold the longest step shown
(up to `MAX_SHARE` of the window) and does not shrink while the lesson stays, so the graph
above it does not jump at every step; it is sized for the longest of its steps (of a sample
of them, for a long lesson) as soon as the lesson opens.  Before the first step it writes
the lesson's title and what is to come.  Each caption is laid out once at each size.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gradviz.app.binding import listen
from gradviz.catalog import text
from gradviz.graph.caption import MATH, NUMBER, WORDS, Caption, Equation, Run
from gradviz.view.camera import DIGIT_SHARE
from gradviz.view.caption_layout import CaptionLayout, digit_height, fit_caption, qfont
from gradviz.view.theme import THEMES

ROOM = 1.1  # how much above the floor the band writes when it has the room
MAX_SHARE = 0.42  # the band never takes more of the window's height than this
MARGIN = 0.6  # left and right margin, in units of the font size
MAX_KEPT = 400  # laid-out captions kept (the same caption at the same size is not redone)
RESERVE_STEPS = 40  # a lesson this short has its band sized for its longest step at once
COLOURS = {  # background, heading and words, maths, numbers, top rule
    "light": ("#f6f2fa", "#5c4a6b", "#1a1a1a", "#111111", "#cda2f1"),
    "dark": ("#1f2229", "#c9b8da", "#f0f0f0", "#ffffff", "#6d5a80"),
}


def sampled(steps) -> list:
    """The steps the band is sized by before they are shown: all of a short lesson, else
    `RESERVE_STEPS` of them spread over both passes (their longest is usually the longest)."""
    steps = list(steps)
    if len(steps) <= RESERVE_STEPS:
        return steps
    every = len(steps) / RESERVE_STEPS
    return [steps[int(i * every)] for i in range(RESERVE_STEPS)]


def opening_caption(prepared, lang: str) -> Caption:
    """Before the first step: the lesson's title, big, and what the steps will do."""
    plan = prepared.plan
    ahead = text("{n} forward steps, then {m} backward steps. → starts.", lang,
                 n=plan.backward_start, m=len(plan) - plan.backward_start)
    words = prepared.title.split()  # at the maths' size, wrapping between its words
    title = tuple((Run(w + (" " if i < len(words) - 1 else ""), MATH),)
                  for i, w in enumerate(words))
    return Caption("", (Equation(title),) if title else (), notes=(ahead,))


class CaptionBand(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.caption: Caption | None = None
        self.theme = "light"
        self.text_scale = 1.0
        self.laid: CaptionLayout | None = None
        self._height = 0  # the tallest step's band height so far, for this lesson
        self._ahead: list = []  # the captions of the steps the band is sized by
        self._laid: dict = {}  # each caption laid out once at each size
        self.family = THEMES["light"].font_family
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the clicker's keys step the lecture

    # ── from the lecture ─────────────────────────────────────────────────────────────────
    def follow(self, lecture) -> None:
        def show(_=None) -> None:
            state = lecture.state()
            step = state.step if state is not None else None
            self.caption = step.caption.get(lecture.language) if step is not None else None
            if step is None and lecture.prepared is not None:
                self.caption = opening_caption(lecture.prepared, lecture.language)
            self.relayout()

        def new_lesson(prepared=None) -> None:
            self._height = 0
            if len(self._laid) > MAX_KEPT:
                self._laid.clear()
            steps = prepared.plan.steps if prepared is not None else ()
            self._ahead = [lambda step=step: step.caption.get(lecture.language)
                           for step in sampled(steps)]
            self.reserve()
            show()

        listen(self, lecture.events.prepared, new_lesson)
        for event in (lecture.events.step, lecture.events.language, lecture.events.veiled):
            listen(self, event, show)
        listen(self, lecture.events.theme, self.set_theme)
        listen(self, lecture.events.text_scale, self.set_text_scale)
        self.theme, self.text_scale = lecture.theme, lecture.text_scale
        show()

    def set_theme(self, name: str) -> None:
        self.theme = name
        self.update()

    def set_text_scale(self, scale: float) -> None:
        self.text_scale = scale
        self._height = 0
        self.reserve()
        self.relayout()

    # ── sizes ────────────────────────────────────────────────────────────────────────────
    def screen_height(self) -> int:
        """The height the back row sees: the window's (the screen's in presenter mode)."""
        return max(self.window().height(), 1)

    def floor_px(self) -> float:
        """The smallest font size whose digits reach `DIGIT_SHARE` of the window's height."""
        want = DIGIT_SHARE * self.screen_height()
        px = want / (digit_height(self.family, 100.0) / 100.0)
        px = math.ceil(px)
        while digit_height(self.family, px) < want:  # rounding to whole pixels
            px += 1
        return px

    def reserve(self) -> None:
        """Grow the band now for the longest step of a short lesson."""
        if self.width() < 100:
            return
        shown = self.caption
        for caption in self._ahead:
            self.caption = caption()
            self.relayout()
        self.caption = shown

    def relayout(self) -> None:
        if self.caption is None or self.width() < 100:  # not laid out in its window yet
            self.laid = None
            self.update()
            return
        floor = self.floor_px()
        px = floor * ROOM * math.sqrt(max(self.text_scale, 1.0))
        room = MAX_SHARE * self.screen_height() - 2 * self._pad(floor)
        key = (self.caption, self.width(), room, px, floor, self.family)
        if key not in self._laid:
            self._laid[key] = fit_caption(self.caption, self.width(), room, px, floor,
                                          self.family, margin=MARGIN * floor)
        self.laid = self._laid[key]
        wanted = math.ceil(self.laid.height + 2 * self._pad(self.laid.px))
        if wanted > self._height:
            self._height = wanted
            self.setFixedHeight(wanted)
        self.update()

    def _pad(self, px: float) -> float:
        return 0.35 * px

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.width(), max(self._height, 1))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._height = 0  # another width wraps the lines elsewhere
            self.reserve()
            self.relayout()

    def clipped(self) -> bool:
        """Whether any of the caption falls outside the band."""
        laid = self.laid
        if laid is None:
            return False
        return not laid.fits or laid.height + self._pad(laid.px) > self.height() + 0.5

    def top(self) -> float:
        """Where the first line's box starts: under the band's padding, at the same place at
        every step, so the heading does not move while the lines below it change."""
        return self._pad(self.laid.px) if self.laid is not None else 0.0

    # ── drawing ──────────────────────────────────────────────────────────────────────────
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        back, words, maths, numbers, rule = COLOURS.get(self.theme, COLOURS["light"])
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(self.rect(), QColor(back))
        p.fillRect(QRectF(0, 0, self.width(), max(2.0, self.height() * 0.01)), QColor(rule))
        laid = self.laid
        if laid is not None:
            top = self.top()
            for g in laid.glyphs:
                colour = {WORDS: words, NUMBER: numbers}.get(g.role, maths)
                p.setPen(QColor(colour))
                p.setFont(qfont(laid.family, g.px, g.italic, g.bold))
                p.drawText(QPointF(g.x, top + g.y), g.text)
            for x0, x1, y, w in laid.bars:
                p.setPen(QPen(QColor(maths), w))
                p.drawLine(QPointF(x0, top + y), QPointF(x1, top + y))
        p.end()

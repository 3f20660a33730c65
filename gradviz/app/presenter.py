"""Presenter mode's two helpers: controls that show only while the mouse moves, and a laser.

`AutoHide` shows its widgets (the pages' player bars, floating over the page in presenter
mode, so showing them moves nothing) when the mouse moves and hides them `idle_ms` after it
stops, unless the mouse is over one of them; the keys never need them.  The idle mouse
cursor is hidden with them.  `LaserPointer` is a window-sized, click-through overlay that
draws the mouse as a big red dot in a white and a dark ring with a short fading trail: red
on white reads on the light slide, the dark ring on the dark one.  Both watch the mouse
through an application event filter and, for moves no widget reports (a widget without
mouse tracking), by comparing the cursor's position on a frame timer.
"""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QCursor, QGuiApplication, QPainter, QPen
from PySide6.QtWidgets import QApplication, QWidget

IDLE_MS = 2000  # the controls hide this long after the mouse stops
FRAME_MS = 16  # how often the cursor is looked at, and the trail redrawn
TRAIL_S = 0.25  # how long the trail behind the dot lasts
DOT_SHARE = 0.014  # the dot's radius / the window's height (15 px on 1080 lines)
LASER_RED, RING_LIGHT, RING_DARK = "#ff1f2d", "#ffffff", "#14161b"
MOVES = (QEvent.Type.MouseMove, QEvent.Type.HoverMove)  # a move only if the point changed
TOUCHES = (QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)  # the mouse used where it is


def set_floating(widget: QWidget, on: bool) -> None:
    """Take `widget` out of its parent's layout to float (on), or put it back at the end."""
    column = widget.parentWidget().layout()
    if on and column.indexOf(widget) >= 0:
        column.removeWidget(widget)
    elif not on and column.indexOf(widget) < 0:
        column.addWidget(widget)
        widget.show()
    column.activate()  # the page takes its new shape now, not when the mouse first moves


def place_floating(widget: QWidget, bottom: int) -> None:
    """A floating bar across its parent, its lower edge at `bottom`, over what is there."""
    height = widget.sizeHint().height()
    widget.setGeometry(0, bottom - height, widget.parentWidget().width(), height)
    widget.raise_()


class MouseWatch(QObject):
    """Calls `moved(global_pos)` when the mouse moves anywhere in the application."""

    def __init__(self, moved, parent: QObject) -> None:
        super().__init__(parent)
        self.moved = moved
        self.last = QCursor.pos()
        self.poll = QTimer(self, interval=FRAME_MS)
        self.poll.timeout.connect(self._look)

    def start(self) -> None:
        self.last = QCursor.pos()
        QApplication.instance().installEventFilter(self)
        self.poll.start()

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self.poll.stop()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in MOVES and kind == QEvent.Type.HoverMove:
            where = QCursor.pos()  # a hover event's point is the widget's, not the screen's
        elif kind in MOVES or kind in TOUCHES:
            where = event.globalPosition().toPoint()
        else:
            return False
        if kind in TOUCHES or where != self.last:
            self.last = where
            self.moved(where)
        return False

    def _look(self) -> None:
        where = QCursor.pos()
        if where != self.last:
            self.last = where
            self.moved(where)


class AutoHide(QObject):
    """Shows `widgets` while the mouse moves or rests on them; hides them when it idles."""

    def __init__(self, widgets, parent: QObject, idle_ms: int = IDLE_MS) -> None:
        super().__init__(parent)
        self.widgets = list(widgets)
        self.on = False
        self.cursor_hidden = False
        self.timer = QTimer(self, singleShot=True, interval=idle_ms)
        self.timer.timeout.connect(self.idle)

    def start(self) -> None:
        self.on = True
        self.idle()  # the room sees the lesson first

    def stop(self) -> None:
        self.on = False
        self.timer.stop()
        self.show_cursor(True)
        for widget in self.widgets:
            widget.show()

    def wake(self, _where=None) -> None:
        if not self.on:
            return
        for widget in self.widgets:
            if widget.parentWidget() is None or widget.parentWidget().isVisible():
                widget.show()
                widget.raise_()
        self.show_cursor(True)
        self.timer.start()

    def idle(self) -> None:
        if not self.on:
            return
        if any(w.isVisible() and w.rect().contains(w.mapFromGlobal(QCursor.pos()))
               for w in self.widgets):
            self.timer.start()  # the lecturer is using them: keep them
            return
        for widget in self.widgets:
            widget.hide()
        self.show_cursor(False)

    def show_cursor(self, shown: bool) -> None:
        """The idle cursor goes with the controls (an override, so the canvas's own hand
        cursor does not bring it back)."""
        if shown and self.cursor_hidden:
            QGuiApplication.restoreOverrideCursor()
        elif not shown and not self.cursor_hidden:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        self.cursor_hidden = not shown


class LaserPointer(QWidget):
    """The mouse as a laser dot with a short trail, over the whole window; clicks pass."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.trail: deque[tuple[float, QPointF]] = deque()
        self.frames = QTimer(self, interval=FRAME_MS)
        self.frames.timeout.connect(self._fade)
        self.hide()

    @property
    def radius(self) -> float:
        return max(8.0, DOT_SHARE * self.window().height())

    def switch(self, on: bool) -> None:
        if on:
            self.setGeometry(self.window().rect())
            self.trail.clear()
            self.follow(QCursor.pos())
            self.show()
            self.raise_()
        else:
            self.hide()
            self.frames.stop()

    def follow(self, where: QPoint) -> None:
        self.setGeometry(self.window().rect())
        self.raise_()
        self.trail.append((time.monotonic(), QPointF(self.mapFromGlobal(where))))
        self.frames.start()
        self.update()

    def dot(self) -> QPointF | None:
        """Where the dot is drawn, in the overlay's coordinates (None before any move)."""
        return self.trail[-1][1] if self.trail else None

    def _fade(self) -> None:
        now = time.monotonic()
        while len(self.trail) > 1 and now - self.trail[0][0] > TRAIL_S:
            self.trail.popleft()
        if len(self.trail) <= 1:
            self.frames.stop()
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self.trail:
            return
        r = self.radius
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        now = time.monotonic()
        points = list(self.trail)
        for (t0, a), (_, b) in zip(points, points[1:], strict=False):
            fade = max(0.0, 1.0 - (now - t0) / TRAIL_S)
            colour = QColor(LASER_RED)
            colour.setAlphaF(0.6 * fade)
            p.setPen(QPen(colour, r * (0.4 + 0.8 * fade), Qt.PenStyle.SolidLine,
                          Qt.PenCapStyle.RoundCap))
            p.drawLine(a, b)
        centre = points[-1][1]
        halo = QColor(LASER_RED)
        halo.setAlphaF(0.25)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(halo)
        p.drawEllipse(centre, 2.2 * r, 2.2 * r)
        p.setBrush(QColor(RING_DARK))
        p.drawEllipse(centre, 1.3 * r, 1.3 * r)
        p.setBrush(QColor(RING_LIGHT))
        p.drawEllipse(centre, 1.12 * r, 1.12 * r)
        p.setBrush(QColor(LASER_RED))
        p.drawEllipse(centre, r, r)
        p.end()


class Presenting(QObject):
    """Presenter mode's helpers for one window: its floating bars and its laser."""

    def __init__(self, window, bars) -> None:
        super().__init__(window)
        self.window = window
        self.on = False
        self.laser_on = False
        self.autohide = AutoHide(bars, self)
        self.laser = LaserPointer(window)
        self.watch = MouseWatch(self._moved, self)

    def set_on(self, on: bool) -> None:
        if on == self.on:
            return
        self.on = on
        if on:
            self.watch.start()
            self.autohide.start()
        else:
            self.watch.stop()
            self.autohide.stop()
        self.laser.switch(self.on and self.laser_on)

    def set_laser(self, on: bool) -> None:
        self.laser_on = on
        self.laser.switch(self.on and self.laser_on)
        if self.on and not on:
            self.autohide.wake()  # the ordinary cursor comes back where the dot was

    def _moved(self, where: QPoint) -> None:
        self.autohide.wake(where)
        if self.laser.isVisible():
            self.autohide.show_cursor(False)  # the dot is the cursor
            self.laser.follow(where)

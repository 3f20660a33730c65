"""How Qt widgets follow the Qt-free lecture models (`gradviz.lecture`).

`listen(widget, event, callback)` connects a model event for as long as the widget lives;
`blocked(*widgets)` silences widgets' own signals while they show a value that came from
the model (so it is not written back as if the lecturer had moved them); `PlayerTimer` is
the one Qt part of playing: it ticks a `Player` while it plays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer

from gradviz.lecture import Event, Player


def listen(widget: QObject, event: Event, callback: Callable) -> None:
    """Call `callback` on `event` until `widget` is destroyed (a model may outlive it)."""
    event.connect(callback)
    widget.destroyed.connect(lambda *_: event.disconnect(callback))


@contextmanager
def blocked(*widgets: QObject) -> Iterator[None]:
    """Update widgets from the model without their signals firing."""
    before = [widget.blockSignals(True) for widget in widgets]
    try:
        yield
    finally:
        for widget, was in zip(widgets, before, strict=True):
            widget.blockSignals(was)


class PlayerTimer(QTimer):
    """Calls `player.tick()` every `player.tick_ms` while the player plays."""

    def __init__(self, player: Player, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self.timeout.connect(player.tick)
        listen(self, player.events.playing, self._playing_changed)
        listen(self, player.events.speed, lambda _: self.setInterval(player.tick_ms))

    def _playing_changed(self, on: bool) -> None:
        if on:
            self.start(self.player.tick_ms)
        else:
            self.stop()

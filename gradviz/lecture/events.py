"""Plain callbacks for the lecture's models: ``lecture.events.step.connect(show)``.

An `Event` is a list of callbacks, each called with the new value, in the order they were
connected.  A model keeps one per field and emits it only when the field really changes, so
a widget that writes a value back into the model it is showing ends the round trip there.
No Qt here: the models stay testable without a display, and Qt widgets listen like any
other callback (see `gradviz.app.binding`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Event(Generic[T]):
    """Callbacks for one field; `emit(value)` calls each with the field's new value."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[Callable[[T], None]] = []

    def connect(self, callback: Callable[[T], None]) -> Callable[[T], None]:
        self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callable[[T], None]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, value: T) -> None:
        for callback in list(self._callbacks):  # a callback may disconnect itself
            callback(value)

    def __len__(self) -> int:
        return len(self._callbacks)

    def __repr__(self) -> str:
        return f"Event({self.name!r}, {len(self)} callbacks)"

"""`Player`: play, pause, speed and a position over the frames ``first … last``.

Every page that moves through frames uses one: the lecture's graph stepper (steps -1 … the
plan's last) and the optimizer race (iterations 0 … the longest run).  The player holds no
timer: a driver calls `tick()` every `tick_ms` while `playing` (in the window that is a
QTimer, `gradviz.app.binding.PlayerTimer`; in a test, the test).

Speed is either ``speed`` frames a second, one frame a tick, or, with ``whole_in`` set, the
whole range in about that many seconds: then a tick every `TICK_MS` moves as many frames as
that takes (at least one), however many frames there are.
"""

from __future__ import annotations

from gradviz.lecture.events import Event

TICK_MS = 40  # the driver's interval when a whole play takes `whole_in` seconds


class PlayerEvents:
    def __init__(self) -> None:
        self.position: Event[int] = Event("position")
        self.playing: Event[bool] = Event("playing")
        self.speed: Event[float] = Event("speed")


class Player:
    def __init__(self, first: int = 0, last: int = 0, speed: float = 1.0,
                 whole_in: float | None = None) -> None:
        self.events = PlayerEvents()
        self._first, self._last = first, max(first, last)
        self._position = first
        self._playing = False
        self._speed = float(speed)
        self.whole_in = whole_in  # seconds a whole play takes; None: `speed` frames a second

    # ── the frames ───────────────────────────────────────────────────────────────────────
    @property
    def first(self) -> int:
        return self._first

    @property
    def last(self) -> int:
        return self._last

    @property
    def position(self) -> int:
        return self._position

    @position.setter
    def position(self, k: int) -> None:
        self.seek(k)

    def reset(self, first: int, last: int, position: int) -> None:
        """New frames (a new lesson, new runs) at `position`, without an event: whoever
        changed them redraws everything from the new frames anyway."""
        self._first, self._last = first, max(first, last)
        self._position = self._clamp(position)

    def seek(self, k: int) -> None:
        """Go to frame k, clamped to first … last; the position event fires if it moved."""
        k = self._clamp(k)
        if k != self._position:
            self._position = k
            self.events.position.emit(k)

    def step_by(self, delta: int) -> None:
        self.seek(self._position + delta)

    def _clamp(self, k: int) -> int:
        return max(self._first, min(int(k), self._last))

    # ── playing ──────────────────────────────────────────────────────────────────────────
    @property
    def playing(self) -> bool:
        return self._playing

    def play(self) -> None:
        """Play from here; from the start when already at the end."""
        if self._position >= self._last:
            self.seek(self._first)
        self._set_playing(True)

    def pause(self) -> None:
        self._set_playing(False)

    def toggle(self) -> None:
        if self._playing:
            self.pause()
        else:
            self.play()

    def _set_playing(self, on: bool) -> None:
        if on != self._playing:
            self._playing = on
            self.events.playing.emit(on)

    def tick(self) -> None:
        """One tick of the driver: the next frame(s); it stops at the last."""
        if not self._playing:
            return
        self.seek(self._position + self.stride)
        if self._position >= self._last:
            self.pause()

    # ── speed ────────────────────────────────────────────────────────────────────────────
    @property
    def speed(self) -> float:
        return self._speed

    @speed.setter
    def speed(self, frames_per_second: float) -> None:
        if frames_per_second <= 0:
            raise ValueError(f"a player's speed must be positive, not {frames_per_second}")
        if frames_per_second != self._speed:
            self._speed = float(frames_per_second)
            self.events.speed.emit(self._speed)

    @property
    def tick_ms(self) -> int:
        """How often the driver calls `tick`."""
        return TICK_MS if self.whole_in else int(1000 / self._speed)

    @property
    def stride(self) -> int:
        """Frames one tick moves."""
        if not self.whole_in:
            return 1
        span = self._last - self._first
        return max(1, round(span * TICK_MS / (1000 * self.whole_in)))

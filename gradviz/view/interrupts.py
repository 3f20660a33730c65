"""Stopping a command (Ctrl+C, SIGTERM) safely while Qt draws.

Qt calls back into Python while it draws (an item's ``paint``, a widget's ``resizeEvent``, a
signal's slot).  An exception raised there by a signal handler does not unwind through
Qt's C++ frames: PySide swallows it, or the process dies (a SIGSEGV, a "Fatal Python error"
from shiboken).  So code that hands control to Qt runs inside ``with qt_drawing():``, and
a signal handler calls ``interrupt(KeyboardInterrupt())``: the exception is raised at once
outside such a block, and when the outermost block ends inside one.  Without handlers of
this kind (a user's own script) nothing changes.  No Qt here.
"""

from __future__ import annotations

import contextlib

_depth = 0
_pending: BaseException | None = None


class Stopped(BaseException):
    """A signal (SIGTERM, SIGHUP) asked the command to stop; a BaseException, as
    KeyboardInterrupt is, so that no ``except Exception`` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def interrupt(error: BaseException) -> None:
    """Raise `error` now, or when the Qt drawing under way returns (a signal handler)."""
    global _pending
    if _depth == 0:
        raise error
    if _pending is None:
        _pending = error


@contextlib.contextmanager
def qt_drawing():
    """A block that hands control to Qt: `interrupt` waits for its end."""
    global _depth, _pending
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _pending is not None:
            error, _pending = _pending, None
            raise error

"""How every headless command runs: no display, no traceback, one line when it must stop.

`run_headless(command)` calls ``command()`` (check, run, dot, export or optimize) so that

- Qt, if the command draws, is the offscreen platform: a headless command never connects
  to a display, so an unreachable X server (a stale ssh session's ``DISPLAY``) is no harm;
- what cannot be written to stdout (a full disk, a closed pipe, a character the output's
  encoding lacks, such as "Σ" on an ASCII or cp1252 terminal) ends the command with one
  line on stderr and exit 1 (a reader that left, ``gradviz run FILE | head``: silently, 0);
- numbers that overflow or are undefined print as ``inf``/``nan``, without numpy's
  warnings; any other warning is one ``gradviz: warning:`` line, never a source line;
- Ctrl+C, SIGTERM and SIGHUP end it with exit 130, 143 and 129 and no traceback: at once,
  or, while Qt draws, when it returns (`gradviz.view.interrupts`).  They are raised as
  exceptions, so every ``finally`` runs: an image being written is removed, never left
  half-written (`gradviz.view.export.save_image_atomically`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import warnings
from collections.abc import Callable

from gradviz.catalog import text
from gradviz.view.interrupts import Stopped, interrupt

STOPPING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                         if hasattr(signal, name))


class OutputError(Exception):
    """Writing to stdout failed; `error` is why (an OSError or a UnicodeEncodeError)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class GuardedOutput:
    """A text stream that turns every failure to write into `OutputError`."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, s: str) -> int:
        try:
            return self._open().write(s)
        except (OSError, UnicodeEncodeError) as e:
            raise OutputError(e) from e

    def flush(self) -> None:
        try:
            self._open().flush()
        except OSError as e:
            raise OutputError(e) from e

    def _open(self):
        if self._stream is None:  # started with stdout closed (`>&-`): Python has none
            raise OSError(errno.EBADF, "stdout is closed")
        return self._stream

    def __getattr__(self, name):
        return getattr(self._stream, name)


def run_headless(command: Callable[[], int]) -> int:
    """``command()``'s exit status, run as the module docstring says."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _never_fail_on_stderr()
    stdout = sys.stdout
    sys.stdout = GuardedOutput(stdout)
    try:
        with _signals_stop(), _quiet_numbers():
            status = command()
            sys.stdout.flush()
        return status
    except OutputError as e:
        return _output_failed(e.error, stdout)
    except KeyboardInterrupt:
        return _stopped(signal.SIGINT)
    except Stopped as e:
        return _stopped(e.signum)
    finally:
        sys.stdout = stdout


def _output_failed(error: Exception, stdout) -> int:
    _discard_unwritten(stdout)
    if isinstance(error, BrokenPipeError) or getattr(error, "errno", None) == errno.EPIPE:
        return 0  # the reader left; say nothing more, as Unix tools do
    if isinstance(error, UnicodeEncodeError):
        bad = error.object[error.start:error.end]
        encoding = getattr(stdout, "encoding", None) or error.encoding
        _say(text("the output's encoding ({encoding}) cannot write {char!r} (U+{code:04X}); "
                  "set PYTHONIOENCODING=utf-8 to write it", "en", encoding=encoding,
                  char=bad[:1], code=ord(bad[:1] or "?")))
    else:
        reason = getattr(error, "strerror", None) or str(error)
        _say(text("cannot write the output: {reason}", "en", reason=reason))
    return 1


def _stopped(signum: int) -> int:
    name = "Ctrl+C" if signum == signal.SIGINT else signal.Signals(signum).name
    _say(text("stopped ({signal}); no file was left half-written", "en", signal=name))
    return 128 + signum


def _say(message: str) -> None:
    if sys.stderr is None:  # stderr closed too: nothing can be said
        return
    with contextlib.suppress(OSError, ValueError):
        print(f"gradviz: {message}", file=sys.stderr, flush=True)


def _discard_unwritten(stdout) -> None:
    """Point stdout at the null device, so Python's flush at exit does not fail again on
    what is still buffered (and print a traceback of its own)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        if stdout is sys.__stdout__:
            os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())


def _never_fail_on_stderr() -> None:
    """Messages name the user's files and lesson text: a character stderr's encoding
    lacks is written as an escape rather than raising while an error is being reported."""
    reconfigure = getattr(sys.stderr, "reconfigure", None)
    with contextlib.suppress(OSError, ValueError, TypeError):
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


@contextlib.contextmanager
def _signals_stop():
    """Ctrl+C, SIGTERM and SIGHUP raise, through `interrupt` (which waits while Qt draws);
    a signal ignored when gradviz started (``nohup``, a background job) stays ignored."""
    def stop(signum, frame):
        interrupt(KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum))

    previous = {}
    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        for signum in (signal.SIGINT, *STOPPING_SIGNALS):
            if signal.getsignal(signum) is not signal.SIG_IGN:
                previous[signum] = signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def _quiet_numbers():
    import numpy as np

    def one_line(message, category, filename, lineno, file=None, line=None):
        _say(text("warning: {message}", "en", message=str(message)))

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.showwarning = one_line
        yield

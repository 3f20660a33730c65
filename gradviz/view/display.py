"""Whether Qt can open a window here: a display is named *and* answers.

Qt's xcb platform aborts the whole process (SIGABRT, a core dump) when ``DISPLAY`` names
an X server that is gone, as it is after the ssh session that forwarded it ended.
`display_problem()` asks first, with a socket that fails in milliseconds: None when a
window can open, else a catalog `Message` saying why not (said in the command's language).
`gradviz.view.export.ensure_qapp` falls back to the offscreen platform on it; the lecture
window refuses to open with it.
No Qt here.
"""

from __future__ import annotations

import os
import re
import socket
import sys

from gradviz.catalog.lesson import Message

X11_SOCKETS = "/tmp/.X11-unix/X{n}"
X11_TCP_PORT = 6000
CONNECT_TIMEOUT = 1.0  # seconds; a forwarded display answers in well under that


def display_problem(environ=os.environ) -> Message | None:
    """None if a window can be opened (or Qt is told where to draw), else why not."""
    if environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return None  # the user chose the platform, or the system has one display
    wayland = environ.get("WAYLAND_DISPLAY")
    if wayland and _wayland_answers(wayland, environ):
        return None
    name = environ.get("DISPLAY")
    if not name:
        return Message("DISPLAY is not set") if not wayland else \
            Message("the Wayland display {name} does not answer and DISPLAY is not set",
                    name=wayland)
    if _x11_answers(name):
        return None
    return Message("the X display {name} does not answer (DISPLAY may be left from an ended "
                   "session)", name=name)


def _wayland_answers(name: str, environ) -> bool:
    path = name if os.path.isabs(name) else os.path.join(environ.get("XDG_RUNTIME_DIR", ""),
                                                         name)
    return _connects(socket.AF_UNIX, path)


def _x11_answers(name: str) -> bool:
    """``[host]:N[.S]``: the Unix socket of display N for a local one (Linux also has it in
    the abstract namespace), else TCP port 6000 + N on host."""
    match = re.fullmatch(r"(?:(?P<host>[^:]*)/)?(?P<host2>[^:/]*):(?P<n>[0-9]+)(?:\.[0-9]+)?",
                         name)
    if match is None:
        return os.path.exists(name) and _connects(socket.AF_UNIX, name)  # a socket path
    host, n = match.group("host2"), int(match.group("n"))
    if host in ("", "unix"):
        path = X11_SOCKETS.format(n=n)
        return _connects(socket.AF_UNIX, path) or _connects(socket.AF_UNIX, "\0" + path)
    try:
        socket.create_connection((host, X11_TCP_PORT + n), CONNECT_TIMEOUT).close()
        return True
    except (OSError, ValueError):
        return False


def _connects(family, address) -> bool:
    try:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(CONNECT_TIMEOUT)
            s.connect(address)
        return True
    except (OSError, ValueError):
        return False

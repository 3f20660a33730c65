"""Headless commands need no display and stop cleanly on a signal.

A ``DISPLAY`` left from an ended ssh session made Qt abort even ``gradviz export``; SIGTERM
and SIGHUP left a truncated hidden PNG, Ctrl+C a traceback.  Here: the display probe, an
export under an unreachable display, and each signal in the middle of writing an image."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gradviz.app import launch
from gradviz.app.cli import main
from gradviz.app.headless import run_headless
from gradviz.view.display import display_problem
from gradviz.view.interrupts import Stopped, interrupt, qt_drawing

ROOT = Path(__file__).resolve().parents[1]
SLIDE = ROOT / "examples" / "grafo_slide.toml"
GONE = ":9876"  # no X server listens there
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 display")


@linux_only
@pytest.mark.parametrize(("environ", "problem"), [
    ({}, "DISPLAY is not set"),
    ({"DISPLAY": GONE}, f"the X display {GONE} does not answer"),
    ({"DISPLAY": "127.0.0.1:9876.0"}, "does not answer"),
    ({"DISPLAY": "no display at all"}, "does not answer"),
    ({"WAYLAND_DISPLAY": "wayland-gone", "XDG_RUNTIME_DIR": "/nonexistent"}, "Wayland"),
    ({"DISPLAY": GONE, "QT_QPA_PLATFORM": "offscreen"}, None),  # the user chose
])
def test_display_problem(environ, problem):
    found = display_problem(environ)
    assert found is None if problem is None else problem in str(found)
    assert found is None or found.text("es") != str(found)  # said in Spanish too


@linux_only
def test_a_display_that_answers_is_usable():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert display_problem({"DISPLAY": f"127.0.0.1:{port - 6000}"}) is None


@linux_only
def test_the_window_refuses_an_unreachable_display(monkeypatch, capsys):
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("DISPLAY", GONE)
    assert launch.open_window(str(SLIDE), "en") == 1
    err = capsys.readouterr().err
    assert f"the X display {GONE} does not answer" in err and err.count("\n") == 1
    assert launch.open_window(str(SLIDE)) == 1  # Spanish, the course's language
    err = capsys.readouterr().err
    assert f"la pantalla X {GONE} no responde" in err and "usa `gradviz run FILE`" in err


def cli(*argv, env=None, **popen):
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    environ = {k: v for k, v in environ.items() if v is not None}
    return subprocess.Popen([sys.executable, "-m", "gradviz", *argv], cwd=ROOT, env=environ,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            # a test run from a background job ignores SIGINT: not gradviz
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
                            **popen)


@linux_only
def test_export_under_an_unreachable_display(tmp_path):
    out = tmp_path / "slide.png"
    done = cli("export", str(SLIDE), "-o", str(out), "--scale", "1",
               env={"DISPLAY": GONE, "QT_QPA_PLATFORM": None, "WAYLAND_DISPLAY": None})
    stdout, stderr = done.communicate(timeout=120)
    assert done.returncode == 0, stderr
    assert stderr == "" and out.stat().st_size > 1000


# --- signals -------------------------------------------------------------------------------

def test_a_signal_inside_qt_drawing_waits_for_its_end():
    ran = []
    with pytest.raises(Stopped), qt_drawing():
        with qt_drawing():
            interrupt(Stopped(signal.SIGTERM))
            ran.append("inner")
        ran.append("outer")  # still inside the outermost block
    assert ran == ["inner", "outer"]
    with pytest.raises(KeyboardInterrupt):
        interrupt(KeyboardInterrupt())  # outside: at once


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_an_image_is_written_leaves_nothing(signum, tmp_path, capsys,
                                                           monkeypatch, qapp):
    """The signal comes while the PNG is encoded (half of it on disk): the command ends
    with 128 + the signal's number, the user's file is not there, nor any temporary."""
    from gradviz.view import export

    real_encode = export.png_bytes

    def encode_half_then_signal(image, *args):
        for temporary in tmp_path.glob(".slide.png.*"):
            temporary.write_bytes(b"\x89PNG half")
        os.kill(os.getpid(), signum)
        time.sleep(0.05)  # the handler runs here, inside qt_drawing: it must wait
        return real_encode(image, *args)

    monkeypatch.setattr(export, "png_bytes", encode_half_then_signal)
    out = tmp_path / "slide.png"
    assert main(["export", str(SLIDE), "-o", str(out), "--scale", "1"]) == 128 + signum
    assert list(tmp_path.iterdir()) == []
    err = capsys.readouterr().err
    assert err.startswith("gradviz: stopped (") and err.count("\n") == 1
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers are given back


def test_an_ignored_signal_stays_ignored(monkeypatch):
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        seen = []
        assert run_headless(lambda: seen.append(signal.getsignal(signal.SIGHUP)) or 0) == 0
        assert seen == [signal.SIG_IGN]
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_ctrl_c_during_a_real_export(tmp_path):
    """Ctrl+C while the frames are being written: exit 130, one line, no partial file."""
    folder = tmp_path / "frames"
    done = cli("export", str(ROOT / "examples" / "clasificador_dos_capas.toml"), "-o",
               str(folder), "--all-steps", "--scale", "2")
    deadline = time.monotonic() + 60
    while not (folder.is_dir() and any(folder.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.02)
    done.send_signal(signal.SIGINT)
    stdout, stderr = done.communicate(timeout=60)
    assert done.returncode == 130, stderr
    assert stderr == "gradviz: stopped (Ctrl+C); no file was left half-written\n"
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


@linux_only
def test_draw_from_a_script_under_an_unreachable_display(tmp_path):
    """`gradviz.draw` in a user's script: Qt falls back to offscreen (ensure_qapp)."""
    out = tmp_path / "x.png"
    script = ("import gradviz\nx = gradviz.tensor(2.0, requires_grad=True)\ny = x * x\n"
              f"y.backward()\ngradviz.draw(y, {str(out)!r}, scale=1)\n")
    environ = {k: v for k, v in os.environ.items()
               if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120,
                          env={**environ, "DISPLAY": GONE, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 1000

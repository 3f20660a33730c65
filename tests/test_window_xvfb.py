"""Smoke test: the lecture window on a real X display (Xvfb), checked by its pixels.

A child Python process opens `LectureWindow` on the slide's graph with the xcb platform,
steps to the middle of the backward pass and grabs the screen to a PNG; the test then
checks the picture is not blank and shows the slide's node colours.  Set
GRADVIZ_SCREENSHOT_DIR to keep a copy of the screenshot for a human to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

pytestmark = pytest.mark.xvfb

SLIDE = Path(__file__).resolve().parents[1] / "examples" / "grafo_slide.toml"
SCREEN = (1920, 1080)  # a projector

CHILD = r"""
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from gradviz.app.settings import Preferences
from gradviz.app.window import LectureWindow

lesson, settings, shot = sys.argv[1:4]
app = QApplication(sys.argv[:1])
window = LectureWindow(Preferences(QSettings(settings, QSettings.Format.IniFormat)))
window.setGeometry(app.primaryScreen().availableGeometry())
window.show()
if not window.open_file(lesson):
    sys.exit("could not open: " + "; ".join(window.errors))
plan = window.prepared.plan
window.set_step(plan.backward_start + (len(plan) - plan.backward_start) // 2)
for _ in range(50):  # let the window map, lay out and paint
    app.processEvents()
    QApplication.instance().thread().msleep(20)
image = app.primaryScreen().grabWindow(0)
if not image.save(shot, "PNG"):
    sys.exit("could not save the screenshot")
print("step", window.step, "of", plan.last)
window.close()
"""


@pytest.fixture
def display():
    """A fresh Xvfb server; yields its DISPLAY string and always stops it."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb) - no real-window smoke test")
    read, write = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write),
            "-screen",
            "0",
            f"{SCREEN[0]}x{SCREEN[1]}x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()  # Xvfb writes its display number once ready
        if not number:
            server.kill()
            pytest.fail(f"Xvfb did not start: {server.stderr.read().decode(errors='replace')}")
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stderr.close()


def pixels(image: QImage) -> np.ndarray:
    """An image as an (h, w, 3) array of B, G, R bytes."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=h * stride)
    return raw.reshape(h, stride)[:, : 4 * w].reshape(h, w, 4)[..., :3].copy()


def count_colour(bgr: np.ndarray, hex_colour: str, tolerance: int = 6) -> int:
    c = QColor(hex_colour)
    target = np.array([c.blue(), c.green(), c.red()])
    return int((np.abs(bgr.astype(int) - target).max(axis=-1) <= tolerance).sum())


def test_window_on_a_real_display_shows_the_slide(display, tmp_path):
    shot = tmp_path / "xvfb_window.png"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="xcb",
        DISPLAY=display,
        XDG_RUNTIME_DIR=str(tmp_path),
        HOME=str(tmp_path),
    )
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(SLIDE), str(tmp_path / "s.ini"), str(shot)],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    keep = os.environ.get("GRADVIZ_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)

    image = QImage(str(shot))
    assert (image.width(), image.height()) == SCREEN
    bgr = pixels(image)
    colours = np.unique(bgr.reshape(-1, 3)[::7], axis=0)
    assert len(colours) > 200, f"only {len(colours)} colours: the screen looks blank"
    assert count_colour(bgr, "#ffb4b9") > 2000, "no op boxes in the slide's pink"
    assert count_colour(bgr, "#cda2f1") > 2000, "no value circles in the slide's purple"


CLASSIFIER = SLIDE.parent / "clasificador_dos_capas.toml"

DEFAULT_CHILD = r"""
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from gradviz.app.settings import Preferences
from gradviz.app.window import LectureWindow

lesson, settings, shot = sys.argv[1:4]
app = QApplication(sys.argv[:1])
window = LectureWindow(Preferences(QSettings(settings, QSettings.Format.IniFormat)))
window.show()  # the size the window picks itself, as `gradviz FILE` and `gradviz.show` open it
if not window.open_file(lesson):
    sys.exit("could not open: " + "; ".join(window.errors))
for _ in range(50):
    app.processEvents()
    QApplication.instance().thread().msleep(20)
window.grab().save(shot, "PNG")
print(window.width(), window.height(), window.canvas.shows_whole_graph(),
      round(window.canvas.text_px(), 2))
window.close()
"""


def test_the_classifier_opens_whole_and_readable_on_a_projector(display, tmp_path):
    """`gradviz examples/clasificador_dos_capas.toml` once opened 1400×850, output off-screen."""
    from gradviz.view.canvas import READABLE_PX

    shot = tmp_path / "xvfb_classifier.png"
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=display,
               XDG_RUNTIME_DIR=str(tmp_path), HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", DEFAULT_CHILD, str(CLASSIFIER), str(tmp_path / "s.ini"),
         str(shot)],
        env=env, capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr[-3000:]
    keep = os.environ.get("GRADVIZ_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
    width, height, whole, text_px = done.stdout.split()[-4:]
    assert (int(width), int(height)) == SCREEN  # no window manager: the whole screen
    assert whole == "True", done.stdout
    assert float(text_px) >= READABLE_PX

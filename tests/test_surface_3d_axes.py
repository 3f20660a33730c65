"""The 3-D surface has axes: ticks in x and y, the loss's ticks up the height, each axis
named, in the theme's text colour.  OpenGL is there on a real X display (Xvfb with Mesa),
not on the offscreen platform, so a child process draws it on a fresh Xvfb server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_window_xvfb import display  # noqa: F401 - the fixture: a fresh Xvfb server

from gradviz.view.surface_3d import nice_ticks

pytestmark = pytest.mark.xvfb

ROSENBROCK = Path(__file__).resolve().parents[1] / "examples" / "optim_rosenbrock.toml"

CHILD = r"""
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from gradviz.lesson.prepare import prepare_lesson
from gradviz.view.surface_3d import Surface3D, opengl_problem
problem = opengl_problem()
if problem is not None:
    sys.exit("no OpenGL on this display: " + problem)
prepared = prepare_lesson(sys.argv[1])
out = {}
for theme in ("light", "dark"):
    view = Surface3D(theme, lang="en")
    view.set_scene(prepared.scene.surface, prepared.runs)
    labels = [a for a in view.axes if hasattr(a, "text")]
    out[theme] = {"texts": [a.text for a in labels],
                  "colours": sorted({a.color.name() for a in labels}),
                  "px": min(a.font.pixelSize() for a in labels),
                  "lines": sum(not hasattr(a, "text") for a in view.axes),
                  "text": view.style_.text}
print(json.dumps(out))
"""


def test_nice_ticks_are_round_and_inside():
    assert nice_ticks(-2.0, 2.0) == [-2.0, -1.0, 0.0, 1.0, 2.0]
    assert nice_ticks(-1.0, 3.0) == [-1.0, 0.0, 1.0, 2.0, 3.0]
    assert nice_ticks(0.13, 0.91) == [0.2, 0.4, 0.6, 0.8]


def test_the_3d_view_has_named_axes_with_ticks(display, tmp_path):  # noqa: F811
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=display,
               XDG_RUNTIME_DIR=str(tmp_path), HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", CHILD, str(ROSENBROCK)], env=env,
                          capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr[-2000:]
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    for theme, axes in shown.items():
        texts = axes["texts"]
        assert {"x", "y", "loss"} <= set(texts), theme
        assert {"-2", "-1", "0", "1", "2"} <= set(texts)  # x from −2 to 2 on Rosenbrock
        assert "3" in texts  # y up to 3
        assert sum(t not in ("x", "y", "loss") for t in texts) >= 12  # the losses too
        assert axes["colours"] == [axes["text"]]  # in the theme's text colour
        assert axes["px"] >= 18 and axes["lines"] >= 3

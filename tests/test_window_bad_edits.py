"""A bad edit never costs the lecturer what was shown: every file of the hostile corpus, saved
over a graph lesson at a mid step or over an optimizer scene at a mid step, goes to the red
banner as ``FILE:LINE:COL: message`` while the page, the lesson and the step stay; fixing the
file again hides the banner.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hostile_lessons import HOSTILE, SCENE
from PySide6.QtWidgets import QMessageBox

from gradviz.app.window import LectureWindow
from gradviz.view.surface_3d import Surface3D

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOOD = {"graph": (EXAMPLES / "grafo_slide.toml").read_text(encoding="utf-8"),
        "scene": SCENE.replace("steps = 5", "steps = 20")}

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


def shown(window: LectureWindow) -> tuple:
    if window.showing_surface:
        page = window.surface_page
        return "scene", page.scene, page.step, page.slider.value()
    return "graph", window.prepared, window.step, window.controls.slider.value()


@pytest.mark.parametrize("start", list(GOOD))
@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_bad_edit_keeps_the_page_the_step_and_goes_to_the_banner(window, tmp_path, start,
                                                                     name):
    path = tmp_path / "lesson.toml"
    path.write_text(GOOD[start], encoding="utf-8")
    assert window.open_file(path), window.errors
    if start == "graph":
        window.set_step(window.prepared.plan.backward_start + 2)  # backward step 3
    else:
        window.surface_page.set_step(7)
    before = shown(window)
    path.write_text(HOSTILE[name], encoding="utf-8")
    window.reload()
    window.wait_for_layout()
    assert shown(window) == before
    assert window.banner.isVisible()
    assert re.match(re.escape(str(path)) + r":\d+:\d+: ", window.banner.text()), \
        window.banner.text()
    assert not window.findChildren(QMessageBox)  # a live edit never opens a dialog
    path.write_text(GOOD[start], encoding="utf-8")
    window.reload()
    assert not window.banner.isVisible()  # fixed: the banner goes
    assert shown(window)[0] == start


@pytest.mark.qt_log_ignore("QOpenGLWidget is not supported", "propagateSizeHints")
def test_scene_edits_after_the_3d_view_was_made(window, tmp_path):
    # offscreen there is no OpenGL to show it, but its items are made and replaced all the same
    path = tmp_path / "lesson.toml"
    path.write_text(GOOD["scene"], encoding="utf-8")
    assert window.open_file(path)
    page = window.surface_page
    page.view_3d = Surface3D(page.theme_name)
    page.view_3d.set_scene(page.scene.surface, page.runs)
    page.set_step(7)
    for text in (HOSTILE["range_1e308"], GOOD["scene"].replace("lr = 0.001", "lr = 0.002"),
                 GOOD["scene"]):
        path.write_text(text, encoding="utf-8")
        window.reload()
        assert window.showing_surface and page.step == 7
        assert len(page.view_3d.items) == 2 * len(page.runs)
    assert not window.banner.isVisible()
    page.view_3d.deleteLater()

"""The optimizer page and the surface PNG export, driven the way a lecturer drives them.

Each test loads a scene (the bundled ``examples/optim_*.toml``) into one `SurfacePage`,
shown offscreen, and checks what it draws against the model's own `Trajectory` numbers:
the scrubber moves every optimizer's dot to its k-th position, a click (through the public
method and through a real mouse click) restarts every run there, an edit of lr changes the
path, a bad value shows inline and changes nothing, a diverging run is marked.  A network's
loss landscape is drawn on its PCA plane; clicks do nothing there, edits train again.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gradviz.app import i18n
from gradviz.app.cli import main as cli_main
from gradviz.app.surface_page import SurfacePage
from gradviz.lesson.scene import load_scene
from gradviz.surfaces.runs import OptimizerSpec
from gradviz.view.surface_3d import Surface3D
from gradviz.view.surface_export import BASE_SIZE, render_surface_image, render_surface_png

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
OPTIM_EXAMPLES = sorted(EXAMPLES.glob("optim_*.toml"))
ROSENBROCK = EXAMPLES / "optim_rosenbrock.toml"
LANDSCAPE = EXAMPLES / "optim_paisaje_xor.toml"


pytestmark = pytest.mark.usefixtures("no_leaked_windows")


@pytest.fixture
def page(qtbot):
    page = SurfacePage()
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    yield page
    page.stop()
    page.close()


def small(path: Path, steps: int = 60):
    """The example with fewer steps: the same picture, a faster test."""
    scene = load_scene(path)
    return replace(scene, steps=min(scene.steps, steps))


def assert_markers_at(page: SurfacePage, k: int) -> None:
    for run, (x, y) in zip(page.runs, page.plot.marker_positions(), strict=True):
        expected = run.positions[min(k, len(run.positions) - 1)]
        assert (x, y) == pytest.approx(tuple(expected))


# ── loading and stepping ─────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("path", OPTIM_EXAMPLES, ids=lambda p: p.stem)
def test_every_example_loads_and_scrubs(page, path):
    scene = small(path)
    page.load(scene)
    assert len(page.plot.dots) == len(scene.specs) == page.table.rowCount()
    assert page.step == 0
    assert_markers_at(page, 0)
    for k in (1, page.last_step // 2, page.last_step):
        page.slider.setValue(k)  # the scrubber, as dragged
        assert page.step == k
        assert_markers_at(page, k)


def test_step_keys_and_clamping(page):
    page.load(small(ROSENBROCK, 30))
    seen = []
    page.step_changed.connect(seen.append)
    page.step_by(5)
    page.step_by(-2)
    assert page.step == 3 and seen == [5, 3]
    page.jump_to("last")
    assert page.step == page.last_step == 30
    page.step_by(10)
    assert page.step == 30
    page.jump_to("first")
    assert page.step == 0
    page.set_step(-4)
    assert page.step == 0


def test_play_moves_every_optimizer_and_stops_at_the_end(page, qtbot):
    page.load(small(ROSENBROCK, 20))
    page.toggle_play()
    assert page.playing
    qtbot.waitUntil(lambda: page.step == page.last_step and not page.playing, timeout=5000)
    assert_markers_at(page, page.last_step)


def test_state_panel_shows_the_selected_optimizers_numbers(page):
    page.load(small(ROSENBROCK, 40))
    adam = [i for i, s in enumerate(page.scene.specs) if s.kind == "adam"][0]
    page.select_optimizer(adam)
    page.set_step(7)
    text = page.state_panel.toPlainText()
    run = page.runs[adam]
    assert "Adam" in text and "m̂" in text and "v̂" in text
    assert f"{run.losses[7]:.4g}" in text
    assert f"{run.state['exp_avg_hat'][7][0]:.4g}" in text


# ── start point and hyper-parameters ─────────────────────────────────────────────────────
def test_set_start_reruns_every_optimizer_from_there(page):
    page.load(small(ROSENBROCK, 30))
    page.set_step(10)
    page.set_start((0.5, -0.5))
    assert page.start == (0.5, -0.5)
    for run in page.runs:
        assert tuple(run.positions[0]) == (0.5, -0.5)
    assert page.step == 10
    assert_markers_at(page, 10)


def test_real_mouse_click_on_the_plot_sets_the_start(page, qtbot):
    page.load(small(ROSENBROCK, 30))
    qtbot.waitExposed(page)
    QApplication.processEvents()
    plot = page.plot
    scene_point = plot.plot.vb.mapViewToScene(QPointF(0.5, 2.5))
    widget_point = plot.mapFromScene(scene_point)
    with qtbot.waitSignal(page.runs_changed, timeout=2000):
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=widget_point)
    x, y = page.start
    assert (x, y) == pytest.approx((0.5, 2.5), abs=0.05)
    assert all(tuple(r.positions[0]) == (x, y) for r in page.runs)


def test_editing_lr_changes_the_path(page):
    page.load(small(ROSENBROCK, 30))
    before = page.runs[0].positions.copy()
    page.set_spec(0, "lr", "0.0005")
    assert page.scene.specs[0].params["lr"] == 0.0005
    assert page.runs[0].positions.shape == before.shape
    assert not np.allclose(page.runs[0].positions[1:], before[1:])
    assert page.table_error.isHidden()


@pytest.mark.parametrize("text", ["abc", "-1", ""])
def test_a_bad_value_shows_inline_and_changes_nothing(page, text):
    page.load(small(ROSENBROCK, 30))
    runs, specs = page.runs, page.scene.specs
    page.set_spec(0, "lr", text)
    assert page.runs is runs and page.scene.specs == specs
    assert not page.table_error.isHidden() and "lr" in page.table_error.text()
    page.set_spec(0, "lr", "0.002")  # fixing it clears the error
    assert page.table_error.isHidden()
    assert page.scene.specs[0].params["lr"] == 0.002


def test_betas_and_booleans_edit(page):
    page.load(small(ROSENBROCK, 30))
    adam = [i for i, s in enumerate(page.scene.specs) if s.kind == "adam"][0]
    page.set_spec(adam, "betas", "0.8, 0.99")
    assert list(page.scene.specs[adam].params["betas"]) == [0.8, 0.99]
    page.set_spec(adam, "amsgrad", "true")
    assert page.scene.specs[adam].params["amsgrad"] is True
    page.set_spec(adam, "betas", "0.8, 1.5")
    assert "beta" in page.table_error.text().lower()


def test_a_diverging_run_is_marked_and_the_page_survives(page):
    scene = small(ROSENBROCK, 50)
    page.load(scene)
    page.set_spec(0, "lr", "1")  # SGD with lr = 1 on Rosenbrock blows up at once
    sgd = page.runs[0]
    assert sgd.diverged
    page.jump_to("last")
    assert page.plot.crosses[0].isVisible()
    assert "(diverge)" in page.plot.legend.text
    page.set_step(1)
    page.select_optimizer(0)
    page.jump_to("last")
    assert page.state_panel.toPlainText()


def test_the_legend_follows_the_scrubber_and_never_moves_the_plot(page, qtbot):
    """The saddle: no run has left the plot at step 0, SGD not yet at 30, all at the end.
    The legend's words change with the step; the plot area stays where it is."""
    page.load(small(EXAMPLES / "optim_silla.toml"))
    page.set_language("en")
    qtbot.wait(30)
    box = page.plot.plot.vb.sceneBoundingRect()
    legend = page.plot.legend.geometry()
    assert "(leaves the range)" not in page.plot.legend.text
    page.set_step(30)
    qtbot.wait(30)
    assert "SGD (leaves the range)" not in page.plot.legend.text
    assert "Momentum (leaves the range)" in page.plot.legend.text
    page.jump_to("last")
    qtbot.wait(30)
    assert page.plot.legend.text.count("(leaves the range)") == len(page.runs)
    assert page.plot.plot.vb.sceneBoundingRect() == box
    assert page.plot.legend.geometry() == legend
    page.set_step(0)
    assert "(leaves the range)" not in page.plot.legend.text


def test_the_scrubber_reaches_the_iteration_a_run_diverged_at(page):
    """SGD at lr = 0.01 on Rosenbrock diverges at 5; its path ends at 4, the scrubber at 5,
    where the ✕ shows (not before)."""
    scene = small(ROSENBROCK, 20)
    page.load(replace(scene, specs=(OptimizerSpec("sgd", {"lr": 0.01}, "SGD"),)))
    (sgd,) = page.runs
    assert sgd.diverged_at == 5 and len(sgd.positions) == 5 and page.last_step == 5
    page.set_step(4)
    assert not page.plot.crosses[0].isVisible() and "(diverge)" not in page.plot.legend.text
    page.jump_to("last")
    assert page.step == 5 and page.plot.crosses[0].isVisible()
    assert "SGD (diverge) ✕" in page.plot.legend.text


def test_the_page_shows_the_range_with_equal_units_at_any_size(page, qtbot):
    page.load(small(ROSENBROCK, 30))  # range = [[-2, 2], [-1, 3]]
    vb = page.plot.plot.vb
    for size in ((1400, 900), (1100, 900), (1600, 700)):
        page.resize(*size)
        qtbot.wait(30)  # a late layout change is fitted again on the next turn
        (vx0, vx1), (vy0, vy1) = vb.viewRange()
        unit = (vx1 - vx0) / vb.width()  # per pixel
        assert unit == pytest.approx((vy1 - vy0) / vb.height(), rel=0.01)
        pad = page.plot.border_pad() * unit  # half a marker past the range, no more
        assert (vx0, vx1, vy0, vy1) == pytest.approx((-2 - pad, 2 + pad, -1 - pad, 3 + pad),
                                                     abs=0.05 * pad)


def test_regression_scene_uses_w_and_b_axes(page):
    page.load(load_scene(EXAMPLES / "optim_minibatch.toml"))
    assert page.plot.plot.getAxis("bottom").labelText == "w"
    assert page.plot.plot.getAxis("left").labelText == "b"
    assert "batch_size" in page.table.keys
    page.set_spec(1, "batch_size", "16")
    assert page.scene.specs[1].batch_size == 16
    assert len(page.runs[1].positions) == 10 * 4 + 1


def test_three_d_toggle_falls_back_without_opengl(page):
    page.load(small(ROSENBROCK, 20))
    page.toggle_3d.setChecked(True)  # offscreen: no OpenGL, a label says so
    if page.view_3d is None:
        assert page.views.currentWidget() is page.no_3d
        assert page.no_3d.text()
    page.toggle_3d.setChecked(False)
    assert page.views.currentWidget() is page.plot
    page.set_step(5)


def test_theme_and_language(page):
    page.load(small(EXAMPLES / "optim_silla.toml"))
    page.set_theme("dark")
    assert page.plot.style_.name == "dark"
    page.jump_to("last")  # every run is off the plot by then (none at the start)
    try:
        i18n.set_language("es")  # installs the Spanish table: Qt sends LanguageChange
        QApplication.processEvents()
        page.set_language("en")  # the page's language is its lecture's, as in the window
        i18n.set_language("en")
        QApplication.processEvents()
        # on a saddle, running off the plot is the right answer, not divergence
        assert page.lang == "en" and "(leaves the range)" in page.plot.legend.text
        assert "diverge" not in page.plot.legend.text
        page.set_language("es")  # what the window calls
        i18n.set_language("es")
        QApplication.processEvents()
        assert "Paso" in page.step_label.text() and "(sale del rango)" in page.plot.legend.text
    finally:
        i18n.set_language("es")


# ── a network's loss landscape ───────────────────────────────────────────────────────────
def test_landscape_shows_the_pca_plane_and_scrubs(page):
    page.load(small(LANDSCAPE, 60))
    first, second = (100 * v for v in page.scene.landscape.explained_variance)
    assert page.plot.plot.getAxis("bottom").labelText == f"PC1 ({first:.1f} %)"
    assert page.plot.plot.getAxis("left").labelText == f"PC2 ({second:.1f} %)"
    assert f"PC1 {first:.1f} % + PC2 {second:.1f} %" in page.plot.title_label.text
    page.slider.setValue(30)
    assert page.step == 30
    assert_markers_at(page, 30)
    assert "paso 30 / 60" in page.plot.title_label.text
    page.select_optimizer(1)
    text = page.state_panel.toPlainText()
    run = page.runs[1]
    assert "Momentum" in text and "(PC1, PC2)" in text
    assert f"{run.losses[30]:.4g}" in text and f"{run.plane_losses[30]:.4g}" in text
    assert f"{run.off_plane[30]:.4g}" in text


def test_landscape_ignores_clicks(page, qtbot):
    page.load(small(LANDSCAPE, 30))
    runs, start = page.runs, page.start
    page.set_start((0.0, 0.0))
    qtbot.waitExposed(page)
    QApplication.processEvents()
    plot = page.plot
    widget_point = plot.mapFromScene(plot.plot.vb.mapViewToScene(QPointF(-5.0, 1.0)))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=widget_point)
    assert page.runs is runs and page.start == start and not page.errors
    assert plot.toolTip() == ""


def test_landscape_edit_trains_again_on_a_new_plane(page):
    page.load(small(LANDSCAPE, 30))
    surface, before = page.scene.surface, page.runs[2].positions.copy()
    page.set_step(10)
    page.set_spec(2, "lr", "0.2")
    assert page.runs[2].spec.params["lr"] == 0.2 and page.table_error.isHidden()
    assert page.scene.surface is not surface and page.plot.surface is page.scene.surface
    assert not np.allclose(page.runs[2].positions, before)
    assert page.step == 10
    assert_markers_at(page, 10)


def test_landscape_export_follows_the_step(tmp_path, qapp):
    scene = small(LANDSCAPE, 40)
    render_surface_png(scene, tmp_path / "end.png", scale=0.5, lang="en")
    render_surface_png(scene, tmp_path / "early.png", scale=0.5, lang="en", step=5)
    end, early = QImage(str(tmp_path / "end.png")), QImage(str(tmp_path / "early.png"))
    assert end.width() == early.width() == BASE_SIZE[0] // 2
    assert pixels(end) != pixels(early)


# ── export ───────────────────────────────────────────────────────────────────────────────
def pixels(image: QImage) -> bytes:
    return bytes(image.constBits())


def test_export_is_deterministic_and_follows_scale_and_step(qapp):
    scene = small(ROSENBROCK, 40)
    a = render_surface_image(scene, scale=1.0)
    b = render_surface_image(scene, scale=1.0)
    assert (a.width(), a.height()) == BASE_SIZE
    assert pixels(a) == pixels(b)
    big = render_surface_image(scene, scale=1.5)
    assert (big.width(), big.height()) == (round(BASE_SIZE[0] * 1.5), round(BASE_SIZE[1] * 1.5))
    early = render_surface_image(scene, scale=1.0, step=5)
    assert pixels(early) != pixels(a)


def test_export_themes_and_transparency(qapp):
    scene = small(EXAMPLES / "optim_silla.toml")
    dark = render_surface_image(scene, theme="dark", scale=0.5)
    assert dark.pixelColor(2, 2).name() == "#16181d"
    clear = render_surface_image(scene, scale=0.5, transparent=True)
    assert clear.pixelColor(2, 2).alpha() == 0


def test_export_png_file(tmp_path, qapp):
    out = tmp_path / "s.png"
    render_surface_png(small(EXAMPLES / "optim_minibatch.toml"), out, scale=0.5, lang="en")
    image = QImage(str(out))
    assert image.width() == BASE_SIZE[0] // 2
    assert [p.name for p in tmp_path.iterdir()] == ["s.png"]  # no temporary file left


def test_export_scene_with_a_diverged_run(tmp_path, qapp):
    scene = small(ROSENBROCK, 30)
    specs = (OptimizerSpec("sgd", {"lr": 1.0}, "SGD"), *scene.specs[1:])
    render_surface_png(replace(scene, specs=specs), tmp_path / "d.png", scale=0.5)
    assert (tmp_path / "d.png").stat().st_size > 0


def test_cli_export_of_an_optimizer_scene(tmp_path, capsys, qapp):
    out = tmp_path / "x.png"
    assert cli_main(["export", str(ROSENBROCK), "-o", str(out), "--scale", "1"]) == 0
    assert QImage(str(out)).width() == BASE_SIZE[0]
    assert "wrote" in capsys.readouterr().out


@pytest.mark.qt_log_ignore("QOpenGLWidget is not supported", "propagateSizeHints")
def test_scenes_load_again_and_again_after_the_3d_view_was_made(page):
    # offscreen there is no OpenGL to draw with, but the 3-D widget and its items can be made:
    # every later load re-made the surface, then removed the paths the clear had dropped
    page.load(small(ROSENBROCK, 20))
    page.view_3d = Surface3D(page.theme_name)  # never shown: no GL context is needed
    page.view_3d.set_scene(page.scene.surface, page.runs)
    for path in (ROSENBROCK, EXAMPLES / "optim_silla.toml", ROSENBROCK):
        errors = len(page.errors)
        page.load(small(path, 20))
        page.set_step(3)
        assert len(page.errors) == errors
        assert len(page.view_3d.items) == 2 * len(page.runs)
        assert all(item in page.view_3d.view.items for item in page.view_3d.items)
    page.view_3d.deleteLater()


ROSENBROCK_5 = {"name": "rosenbrock", "steps": 5}
SGD = [{"type": "sgd", "lr": 0.001}]
EXTREME_SCENES = {
    "tiny_range": {"surface": {**ROSENBROCK_5, "range": [[0, 1e-300], [0, 1e-300]]},
                   "optimizer": SGD},
    "subnormal_width": {"surface": {**ROSENBROCK_5, "range": [[0, 5e-324], [0, 1]]},
                        "optimizer": SGD},
    "widest_range": {"surface": {**ROSENBROCK_5, "range": [[-1e12, 1e12], [-1e12, 1e12]]},
                     "optimizer": SGD},
    "far_and_narrow": {"surface": {**ROSENBROCK_5, "range": [[1e11, 1.0000000000001e11],
                                                             [0, 1]]}, "optimizer": SGD},
    "far_start_huge_lr": {"surface": {**ROSENBROCK_5, "start": [1e300, 0]},
                          "optimizer": [{"type": "adam", "lr": 1e300}]},
    "landscape_huge_lr": {"surface": {"name": "landscape", "steps": 5},
                          "optimizer": [{"type": "sgd", "lr": 1e300}]},
    "regression_huge_lr": {"surface": {"name": "linear_regression", "epochs": 3},
                           "optimizer": [{"type": "sgd", "lr": 1e300}]},
}


@pytest.mark.parametrize("name", list(EXTREME_SCENES))
def test_the_page_survives_extreme_scenes_the_check_accepts(page, qtbot, name):
    from gradviz.lesson.scene import scene_from_dict

    scene = scene_from_dict(EXTREME_SCENES[name])
    page.load(scene)
    for size in ((900, 600), (400, 300), (1400, 900)):
        page.resize(*size)
        qtbot.wait(10)
    page.set_step(3)
    assert not page.errors

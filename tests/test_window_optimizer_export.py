"""Exporting an optimizer scene from the lecture window, and what its state panel says.

File → "Export whole graph" draws the runs the page is showing (a clicked start, an edited
hyper-parameter) without running the scene again; "Export all steps" writes the same
numbered frames into the same kind of folder as ``gradviz export --all-steps`` (made if
missing, every k-th iteration past `MAX_FRAMES`).  The state panel says how a run ended
early: diverged, or left the range still descending (escaped), in Spanish and English.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gradviz.app.cli import main as cli_main
from gradviz.app.window import LectureWindow
from gradviz.surfaces.runs import OptimizerSpec
from gradviz.surfaces.scene import SurfaceScene
from gradviz.view.surface_export import frame_iterations, render_surface_image

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SADDLE = EXAMPLES / "optim_silla.toml"
ROSENBROCK = EXAMPLES / "optim_rosenbrock.toml"

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


def scene_file(tmp_path: Path, steps: int) -> Path:
    """The saddle lesson with fewer iterations (Momentum and Nesterov still escape at 60)."""
    path = tmp_path / "silla.toml"
    path.write_text(SADDLE.read_text("utf-8").replace("steps = 60", f"steps = {steps}"),
                    "utf-8")
    return path


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=h * stride)
    return raw.reshape(h, stride)[:, : 4 * w].reshape(h, w, 4).copy()


def action(window: LectureWindow, text: str):
    return next(a for a, english in window.actions_.items if english == text)


def no_rerun(monkeypatch) -> None:
    def refuse(self):
        raise AssertionError("the export ran the scene again instead of using the page's runs")

    monkeypatch.setattr(SurfaceScene, "run", refuse)


# ── export whole picture: what is on screen ──────────────────────────────────────────────
def test_export_graph_draws_the_pages_runs_without_running_again(window, tmp_path,
                                                                 monkeypatch):
    lesson = scene_file(tmp_path, steps=12)
    assert window.open_file(lesson) and window.showing_surface
    page = window.surface_page
    page.set_start((-1.0, 0.6))  # a click on the surface: every run starts there now
    page.set_step(5)
    no_rerun(monkeypatch)
    out = tmp_path / "window.png"
    window.export_graph(str(out), scale=0.5)
    expected = render_surface_image(page.scene, scale=0.5, step=5, runs=page.runs)
    assert np.array_equal(pixels(QImage(str(out))), pixels(expected))
    monkeypatch.undo()
    from_file = tmp_path / "file.png"  # the lesson as written: another start, another picture
    assert cli_main(["export", str(lesson), "-o", str(from_file), "--step", "5",
                     "--scale", "0.5"]) == 0
    assert not np.array_equal(pixels(QImage(str(out))), pixels(QImage(str(from_file))))


def test_export_graph_keeps_an_edited_hyperparameter(window, tmp_path, monkeypatch):
    assert window.open_file(scene_file(tmp_path, steps=12))
    page = window.surface_page
    page.set_spec(0, "lr", "0.2")
    assert page.runs[0].spec.params["lr"] == 0.2
    page.set_step(page.last_step)
    no_rerun(monkeypatch)
    out = tmp_path / "edited.png"
    window.export_graph(str(out), scale=0.5)
    expected = render_surface_image(page.scene, scale=0.5, step=page.last_step, runs=page.runs)
    assert np.array_equal(pixels(QImage(str(out))), pixels(expected))


# ── export all steps: the command line's frames ──────────────────────────────────────────
def test_export_steps_writes_the_command_lines_frames(window, tmp_path, monkeypatch):
    lesson = scene_file(tmp_path, steps=12)
    assert window.open_file(lesson)
    folder = tmp_path / "not" / "there"  # made, as the command line makes it
    no_rerun(monkeypatch)
    window.export_steps(str(folder), scale=0.25)
    monkeypatch.undo()
    assert QApplication.overrideCursor() is None  # the busy cursor is gone again
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"step_{k:02d}.png" for k in range(13)]
    assert window.statusBar().currentMessage() == f"Escritas 13 imágenes en {folder}"
    cli_folder = tmp_path / "cli"
    assert cli_main(["export", str(lesson), "-o", str(cli_folder), "--all-steps",
                     "--scale", "0.25"]) == 0
    assert sorted(p.name for p in cli_folder.iterdir()) == names
    for name in names:
        assert np.array_equal(pixels(QImage(str(folder / name))),
                              pixels(QImage(str(cli_folder / name)))), name


def test_export_steps_takes_every_kth_iteration_past_the_cap(window, tmp_path, monkeypatch):
    assert window.open_file(scene_file(tmp_path, steps=450))
    from gradviz.view.export_writers import Picture

    drawn = []
    monkeypatch.setattr("gradviz.view.surface_export.plot_picture",
                        lambda plot, w, h, transparent=False, layer=None: drawn.append(plot.step)
                        or Picture(2, 2, lambda painter: None))
    folder = tmp_path / "frames"
    window.export_steps(str(folder))
    last = window.surface_page.last_step
    assert drawn == frame_iterations(last) and len(drawn) <= 101
    assert sorted(p.name for p in folder.iterdir()) == [f"step_{k:03d}.png" for k in drawn]


def test_the_file_menu_exports_an_optimizer_scene(window, tmp_path, monkeypatch):
    """Opened straight from the start page (no graph lesson ever shown)."""
    assert window.open_file(scene_file(tmp_path, steps=12)) and window.prepared is None
    window.surface_page.set_step(7)
    folder, asked = tmp_path / "menu", []
    folder.mkdir()

    def save_name(parent, title, suggested, filter_):
        asked.append(suggested)
        return str(tmp_path / suggested), filter_

    monkeypatch.setattr("gradviz.app.actions.QFileDialog.getExistingDirectory",
                        lambda *a, **k: str(folder))
    monkeypatch.setattr("gradviz.app.actions.QFileDialog.getSaveFileName", save_name)
    action(window, "Export all steps to a folder…").trigger()
    assert len(list(folder.glob("step_*.png"))) == 13
    action(window, "Export whole graph as PNG…").trigger()
    assert asked == ["silla_step7.png"]  # named after the scrubber's iteration
    assert not QImage(str(tmp_path / "silla_step7.png")).isNull()


# ── the state panel: diverged, or left the range still descending ────────────────────────
def test_state_panel_says_a_run_left_the_range(window):
    assert window.open_file(SADDLE)
    page = window.surface_page
    escaped = [i for i, run in enumerate(page.runs) if run.escaped]
    assert escaped and not any(run.diverged for run in page.runs)
    page.select_optimizer(escaped[0])
    page.set_step(page.runs[escaped[0]].steps - 1)  # not yet at its end: nothing said
    assert "rango" not in page.state_panel.toPlainText()
    page.set_step(page.last_step)
    text = page.state_panel.toPlainText()
    assert "→ Salió del rango, aún descendiendo" in text and "Divergió" not in text
    window.set_language("en")
    QApplication.processEvents()  # Qt posts LanguageChange; the panel re-reads its words
    text = page.state_panel.toPlainText()
    assert "→ Left the range, still descending" in text and "Diverged" not in text
    page.select_optimizer(next(i for i, run in enumerate(page.runs) if not run.escaped))
    assert "Left the range" not in page.state_panel.toPlainText()


def test_state_panel_still_says_diverged_for_a_blow_up(window):
    assert window.open_file(ROSENBROCK)
    page = window.surface_page
    scene = replace(page.scene, steps=40,
                    specs=(OptimizerSpec("sgd", {"lr": 0.1}, label="SGD 0.1"),))
    page.load(scene)
    assert page.runs[0].diverged and not page.runs[0].escaped
    page.set_step(page.last_step)
    text = page.state_panel.toPlainText()
    assert "✕ Divergió" in text and "rango" not in text

"""Exporting the training page from the lecture window's File menu.

"Export the training page at this iteration…" (and "Export whole graph…" while the
training page shows) writes the page as `gradviz export` draws a training lesson — a 16:9
slide, PNG, SVG or PDF as the name or the dialog's type says — from the page's own run at
the iteration shown: a live edit is in the picture and nothing is trained again.  "Export
all steps" writes the iterations the page has recorded as numbered frames.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from gradviz.app.exporting import SLIDE
from gradviz.app.training_numbers import short
from gradviz.view.surface_export import frame_iterations, frame_name

SPIRAL = Path(__file__).resolve().parents[1] / "examples" / "entrenamiento_espiral_relu.toml"
EXPORT = "Export the training page at this iteration…"

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


def action(window, text: str):
    return next(a for a, english in window.actions_.items if english == text)


def trained(window, iterations: int = 12):
    assert window.open_file(SPIRAL), window.errors
    page = window.training_page
    for _ in range(iterations):
        page.step_by(1)
    return page


def answer_dialog(monkeypatch, tmp_path: Path, name: str, kind: int = 0) -> list:
    """The save dialog answers `name` in `tmp_path` with its `kind`-th file type; what it was
    asked (title, suggested name, types) is kept."""
    asked = []

    def save_name(parent, title, suggested, types):
        asked.append((title, suggested, types.split(";;")))
        return str(tmp_path / name), types.split(";;")[kind]

    monkeypatch.setattr("gradviz.app.actions.QFileDialog.getSaveFileName", save_name)
    return asked


def test_the_menu_exports_the_page_at_its_iteration_as_a_slide(window, tmp_path, monkeypatch):
    page = trained(window)
    page.set_step(7)
    last, done = page.source.last, page.source.run.iteration
    asked = answer_dialog(monkeypatch, tmp_path, "spiral.png")
    action(window, EXPORT).trigger()
    title, suggested, types = asked[0]
    assert title == "Exportar la página de entrenamiento en esta iteración…"
    assert suggested == "entrenamiento_espiral_relu_iteration7.png"
    assert types == ["Imágenes PNG (*.png)", "Dibujos SVG (*.svg)",
                     "Documentos PDF (*.pdf)"]
    image = QImage(str(tmp_path / "spiral.png"))
    assert (image.width(), image.height()) == (1920, 1080)  # the slide, not the window
    assert (page.source.last, page.source.run.iteration) == (last, done)  # nothing trained
    assert page.step == 7
    assert window.statusBar().currentMessage() == f"Guardado {tmp_path / 'spiral.png'}"


def test_the_picked_type_names_the_file_and_the_live_edit_is_drawn(window, tmp_path,
                                                                  monkeypatch):
    page = trained(window, 0)
    page.restart({"lr": 0.05})  # a live edit: a fresh file would train with 0.01
    for _ in range(4):
        page.step_by(1)
    page.set_step(3)
    answer_dialog(monkeypatch, tmp_path, "edited", kind=1)  # no suffix: the SVG type
    action(window, "Export whole graph as PNG…").trigger()  # on this page: the same export
    svg = (tmp_path / "edited.svg").read_text("utf-8")
    record = page.source.record(3)
    assert f"α = {short(0.05)}" in svg and f"J = {short(record.loss)}" in svg
    assert "Iteración 3 de" in svg


def test_a_pdf_in_english(window, tmp_path, monkeypatch):
    window.set_language("en")
    page = trained(window, 3)
    asked = answer_dialog(monkeypatch, tmp_path, "page.pdf")
    action(window, EXPORT).trigger()
    assert asked[0][0] == EXPORT and asked[0][2][2] == "PDF documents (*.pdf)"
    assert (tmp_path / "page.pdf").read_bytes().startswith(b"%PDF")
    assert page.step == 3


def test_all_steps_are_the_recorded_iterations(window, tmp_path, monkeypatch):
    page = trained(window, 5)
    drawn = []
    from gradviz.app import export_training

    def picture(self, k):
        drawn.append((k, self.look.frame, self.source is page.source))
        return export_training.Picture(2, 2, lambda painter: None)

    monkeypatch.setattr(export_training.TrainingSlides, "picture", picture)
    folder = tmp_path / "frames"
    window.export_steps(str(folder))
    assert drawn == [(k, SLIDE, True) for k in frame_iterations(page.source.last)]
    assert sorted(p.name for p in folder.iterdir()) == [
        frame_name(k, page.source.last) for k in range(6)]
    assert window.statusBar().currentMessage() == f"Escritas 6 imágenes en {folder}"


def test_nothing_to_export_before_a_run(window, tmp_path, monkeypatch):
    asked = answer_dialog(monkeypatch, tmp_path, "nothing.png")
    action(window, EXPORT).trigger()  # the start page: no training page shown
    assert asked == [] and not list(tmp_path.iterdir())

"""`gradviz export` of a training lesson: the training page at an iteration, as a 16:9 slide.

The picture is 16:9 at the asked size; the numbers drawn (the back row's row and the title)
are the run's at that iteration, as ``gradviz train --json`` prints them (the row's accuracy:
the validation set's at the last epoch ended), and so are the
weights; every k-th iteration makes a GIF of the expected frames, in order; bad steps and
``--frame graph`` are said, nothing written.  The curves' epoch marks shrink, then go, when
a run has many epochs.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QImage

from gradviz.app.cli import main as cli_main
from gradviz.app.exporting import SLIDE, ExportLook
from gradviz.app.train_cli import train_json
from gradviz.app.training_numbers import percent, short
from gradviz.lesson.prepare import prepare_lesson
from gradviz.view.surface_export import frame_iterations
from gradviz.view.training_curves import BIG_MARKS, SMALL_MARKS, mark_size

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
XOR = EXAMPLES / "entrenamiento_xor.toml"
SPIRAL = EXAMPLES / "entrenamiento_espiral_relu.toml"
DIGITS = EXAMPLES / "entrenamiento_digitos.toml"


def short_xor(tmp_path: Path, epochs: int) -> Path:
    """The XOR lesson, `epochs` iterations long (full batch: one iteration an epoch)."""
    text = XOR.read_text("utf-8").replace("epochs = 2000", f"epochs = {epochs}")
    path = tmp_path / "xor_corto.toml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(("size", "pixels"), [("1080p", (1920, 1080)), ("4k", (3840, 2160))])
def test_a_png_is_16_9_at_the_asked_size(tmp_path, qapp, capsys, size, pixels):
    out = tmp_path / "pagina.png"
    assert cli_main(["export", str(short_xor(tmp_path, 20)), "-o", str(out), "--step", "7",
                     "--size", size]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    image = QImage(str(out))
    assert (image.width(), image.height()) == pixels


@pytest.mark.parametrize("path", [SPIRAL, DIGITS], ids=["spiral", "digits"])
def test_the_numbers_drawn_are_the_runs_at_that_iteration(qapp, path):
    from gradviz.app.export_training import TrainingSlides, speaking

    prepared = prepare_lesson(path)
    printed = json.loads(json.dumps(train_json(prepared)))
    epochs = printed["epochs"]
    look = ExportLook(lang="en", frame=SLIDE)
    with speaking("en"):
        slides = TrainingSlides(prepared, look)
        try:
            for k in (0, 37, 150):
                slides.show(k)
                iteration, epoch, loss, _, lr = printed["iterations"][k]
                # The accuracy: the validation records', at the last epoch ended by k.
                ended = [e for e in epochs if e["iterations"] - 1 <= k]
                accuracy = ended[-1]["val_accuracy"] if ended else None
                labels = {name: label.text() for name, label in slides.numbers.labels.items()}
                assert labels == {"epoch": f"epoch {epoch + 1}",
                                  "loss": f"J = {short(loss)}",
                                  "accuracy": f"validation accuracy {percent(accuracy)}",
                                  "lr": f"α = {short(lr)}"}
                assert (accuracy is None) == (k < epochs[0]["iterations"] - 1)
                assert f"Iteration {k} of {slides.last} · epoch {epoch + 1}" in \
                    slides.title.text()
                # The curves end at k, the weights are those before iteration k.
                assert slides.panels.curves.data.iterations[-1] == k
                state = slides.source.state(k)
                drawn = slides.panels.weights.images()
                for layer, images in zip(state.layers, drawn, strict=True):
                    np.testing.assert_allclose(images[0], np.asarray(layer.weight, float))
                    np.testing.assert_allclose(images[1], np.asarray(layer.grad, float))
        finally:
            slides.close()


def test_every_iteration_makes_a_gif_of_the_frames_in_order(tmp_path, qapp, capsys,
                                                             monkeypatch):
    from gradviz.app import export_training

    shown = []
    show = export_training.TrainingSlides.show
    monkeypatch.setattr(export_training.TrainingSlides, "show",
                        lambda self, k: (shown.append(k), show(self, k)))
    out = tmp_path / "entrenamiento.gif"
    assert cli_main(["export", str(short_xor(tmp_path, 12)), "-o", str(out)]) == 0
    assert f"wrote 12 frames to {out}" in capsys.readouterr().out
    assert shown == list(range(12))
    with Image.open(out) as gif:
        assert gif.n_frames == 12
        assert gif.size == (1920, 1080)
    assert frame_iterations(1999) == sorted(frame_iterations(1999))  # the XOR lesson's
    assert len(frame_iterations(1999)) <= 101


@pytest.mark.parametrize(("step", "says"), [
    ("forward:2", "forward:N and backward:N step through a graph lesson's passes; a training "
                  "lesson takes an iteration 0..19, start or end"),
    ("20", "a training lesson takes an iteration 0..19, start or end"),
])
def test_a_bad_step_is_said_and_nothing_written(tmp_path, qapp, capsys, step, says):
    out = tmp_path / "x.png"
    assert cli_main(["export", str(short_xor(tmp_path, 20)), "-o", str(out),
                     "--step", step]) == 1
    assert says in capsys.readouterr().err
    assert not out.exists()


def test_frame_graph_is_refused_for_a_training_lesson(tmp_path, qapp, capsys):
    out = tmp_path / "x.png"
    assert cli_main(["export", str(short_xor(tmp_path, 5)), "-o", str(out),
                     "--frame", "graph"]) == 1
    assert "a training lesson is exported as its training page" in capsys.readouterr().err
    assert not out.exists()


def test_a_bad_training_lesson_is_said_with_its_file_line_and_column(tmp_path, qapp, capsys):
    path = short_xor(tmp_path, 5)
    path.write_text(path.read_text("utf-8").replace('optimizer = "sgd"',
                                                    'optimizer = "sgdd"'), "utf-8")
    assert cli_main(["export", str(path), "-o", str(tmp_path / "x.png")]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and "sgdd" in err


def test_epoch_marks_shrink_then_go_with_many_epochs(qapp):
    assert mark_size(20) > mark_size(BIG_MARKS + 1) > 0
    assert mark_size(SMALL_MARKS + 1) is None
    from gradviz.view.training_curves import TrainingCurves

    curves = TrainingCurves()
    try:
        curves.set_span(1999, 2000)  # the XOR lesson: one epoch an iteration
        assert curves.marks()["epoch"][0] is None and curves.marks()["validation"][0] is None
        curves.set_span(899, 20)  # the digits lesson
        assert curves.marks()["epoch"][0] == "o"
    finally:
        curves.close()

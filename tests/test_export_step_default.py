"""`gradviz export`'s ``--step`` has no value of its own (None, meaning the end), so that
``--all-steps --step end`` is the conflict every other ``--step`` with ``--all-steps`` is;
without ``--step`` the picture is still the end, for graph lessons and optimizer scenes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from gradviz.app.cli import _parser
from gradviz.app.cli import main as cli_main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SLIDE = EXAMPLES / "grafo_slide.toml"
SADDLE = EXAMPLES / "optim_silla.toml"


def pixels(path: Path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_ARGB32)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=h * stride)
    return raw.reshape(h, stride)[:, : 4 * w].reshape(h, w, 4).copy()


def test_step_defaults_to_none():
    assert _parser().parse_args(["export", "x.toml", "-o", "x.png"]).step is None
    assert _parser().parse_args(["export", "x.toml", "-o", "x.png", "--step", "end"]).step \
        == "end"


@pytest.mark.parametrize("lesson", [SLIDE, SADDLE], ids=["graph", "scene"])
@pytest.mark.parametrize("step", ["end", "start", "2"])
def test_all_steps_with_any_step_is_an_error(tmp_path, capsys, qapp, lesson, step):
    folder = tmp_path / "frames"
    assert cli_main(["export", str(lesson), "-o", str(folder), "--all-steps",
                     "--step", step]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (f"gradviz: --step {step} and --all-steps: --step writes one "
                            f"image, --all-steps one per step into a folder; give one of them\n")
    assert not folder.exists()


@pytest.mark.parametrize("lesson", [SLIDE, SADDLE], ids=["graph", "scene"])
def test_no_step_is_the_end(tmp_path, capsys, qapp, lesson):
    default, end = tmp_path / "default.png", tmp_path / "end.png"
    assert cli_main(["export", str(lesson), "-o", str(default), "--scale", "0.5"]) == 0
    assert cli_main(["export", str(lesson), "-o", str(end), "--scale", "0.5",
                     "--step", "end"]) == 0
    assert capsys.readouterr().out.split() == ["wrote", str(default), "wrote", str(end)]
    assert np.array_equal(pixels(default), pixels(end))


def test_all_steps_alone_still_writes_frames(tmp_path, capsys, qapp):
    folder = tmp_path / "graph"
    assert cli_main(["export", str(SLIDE), "-o", str(folder), "--all-steps",
                     "--scale", "0.25"]) == 0
    assert capsys.readouterr().out.startswith("wrote ")
    assert folder.is_dir() and any(folder.glob("step_*.png"))


def test_the_other_checks_still_come_after(tmp_path, capsys, qapp):
    assert cli_main(["export", str(SADDLE), "-o", str(tmp_path / "x.jpg")]) == 1
    assert "does not write .jpg files" in capsys.readouterr().err


def test_a_step_number_is_the_frame_number_of_all_steps(tmp_path, qapp):
    from gradviz.app.exporting import StepSpecError, export_all_steps, parse_step
    from gradviz.lesson.prepare import prepare_lesson

    prepared = prepare_lesson(EXAMPLES / "neurona_sigmoide.toml")
    plan = prepared.plan
    frames = export_all_steps(prepared, tmp_path / "f", scale=0.3)
    for frame, path in enumerate(frames):
        assert int(path.name.split("_")[1]) == frame
        assert parse_step(str(frame), plan) == frame - 1  # 0 is the start (step index −1)
    assert parse_step(str(len(plan)), plan) == plan.last == parse_step("end", plan)
    for bad in ("-1", str(len(plan) + 1)):
        with pytest.raises(StepSpecError, match="frames are 0"):
            parse_step(bad, plan)

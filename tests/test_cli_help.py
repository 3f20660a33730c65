"""`gradviz --help` tells a lecturer how to open the window and which steps export accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradviz.app.cli import main

ROOT = Path(__file__).resolve().parents[1]


def help_text(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_help_says_how_to_open_the_window(capsys):
    text = help_text(capsys)
    assert "gradviz [FILE.toml]" in text and "lecture window" in text
    assert "gradviz examples/grafo_slide.toml" in text  # an example to copy
    assert ".venv/bin/gradviz" in text and "source .venv/bin/activate" in text


def test_export_help_lists_every_step_form(capsys):
    text = " ".join(help_text(capsys, "export").split())
    for form in ("start", "end", "forward:N", "backward:N", "0 is start", "--step 3"):
        assert form in text, form


def test_open_help_does_not_open_a_window(capsys):
    assert "lesson .toml" in help_text(capsys, "open")


def test_readme_says_how_to_reach_gradviz_without_activating_the_venv():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "source .venv/bin/activate" in readme and ".venv/bin/gradviz" in readme
    # the two set-up commands stay as they were
    assert ("python3 -m venv .venv && .venv/bin/pip install -e . && "
            ".venv/bin/gradviz examples/grafo_slide.toml") in readme
    assert "\n    bash scripts/test.sh\n" in readme


def test_export_help_gives_an_optimizer_scenes_step_forms(capsys):
    from gradviz.view.surface_export import MAX_FRAMES

    text = " ".join(help_text(capsys, "export").split())
    assert "(default: end)" in text
    assert "For an optimizer scene or a training lesson: an iteration N" in text
    assert "start (iteration 0) or end (the last iteration)" in text
    assert f"more than {MAX_FRAMES}." in text  # the --all-steps cap, as export says it
    assert "Cannot be combined with --step" in text
    assert "optim_rosenbrock.toml -o race.png --step 50" in text
    assert "entrenamiento_xor.toml -o xor.png --step 1000" in text

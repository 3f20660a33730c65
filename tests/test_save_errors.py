"""Writing a PNG where it cannot go: the error names the user's path, never the temp file."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from gradviz.view.export import save_image_atomically


def image() -> QImage:
    picture = QImage(4, 4, QImage.Format.Format_ARGB32)
    picture.fill(QColor("white"))
    return picture


def test_a_missing_folder_is_named_and_said_not_to_exist(qapp, tmp_path):
    target = tmp_path / "nonexistent_dir" / "x.png"
    with pytest.raises(FileNotFoundError) as caught:
        save_image_atomically(image(), target)
    message = str(caught.value)
    assert str(target) in message
    assert f"the folder {target.parent} does not exist" in message
    assert ".x.png." not in message  # the temporary file's name is no business of the user
    assert caught.value.filename == str(target)


def test_a_folder_that_is_a_file(qapp, tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    target = tmp_path / "notes.txt" / "x.png"
    with pytest.raises(NotADirectoryError, match="is a file, not a folder"):
        save_image_atomically(image(), target)


def test_a_folder_given_as_the_file(qapp, tmp_path):
    with pytest.raises(IsADirectoryError) as caught:
        save_image_atomically(image(), tmp_path)
    assert caught.value.filename == str(tmp_path)
    assert list(tmp_path.iterdir()) == []  # nothing half-written left behind


def test_draw_to_a_missing_folder_says_so(qapp, tmp_path):
    import gradviz

    w = gradviz.tensor([1.0, 2.0], requires_grad=True)
    loss = (w * w).sum()
    target = tmp_path / "nonexistent_dir" / "x.png"
    with pytest.raises(OSError) as caught:
        gradviz.draw(loss, target)
    assert "does not exist" in str(caught.value) and str(target) in str(caught.value)
    assert ".x.png." not in str(caught.value)


def test_export_command_names_the_missing_folder(qapp, tmp_path, capsys):
    from pathlib import Path

    from gradviz.app.cli import main

    slide = Path(__file__).resolve().parents[1] / "examples" / "grafo_slide.toml"
    target = tmp_path / "nowhere" / "slide.png"
    assert main(["export", str(slide), "-o", str(target), "--scale", "1"]) == 1
    err = capsys.readouterr().err
    assert f"the folder {target.parent} does not exist" in err and ".slide.png." not in err

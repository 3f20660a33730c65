"""assets/: the icon the window shows and the desktop entry a wheel installs."""

import configparser
import tomllib
from pathlib import Path

from PySide6.QtSvg import QSvgRenderer

from gradviz.app.launch import icon_path

ROOT = Path(__file__).resolve().parents[1]


def test_the_window_finds_a_valid_icon(qapp):
    path = icon_path()
    assert path is not None and Path(path).is_file()
    assert QSvgRenderer(path).isValid()


def test_the_desktop_entry_starts_gradviz_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "assets" / "gradviz.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Exec"].split()[0] == "gradviz"
    assert section["Icon"] == Path(icon_path()).stem
    assert "Comment[es]" in section and "GenericName[es]" in section


def test_every_shipped_asset_is_there():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = [f for files in project["tool"]["setuptools"]["data-files"].values() for f in files]
    assert shipped and all((ROOT / f).is_file() for f in shipped)
    assert sorted(shipped) == sorted(str(p.relative_to(ROOT)) for p in (ROOT / "assets").iterdir())

"""No file of the project keeps a merge's conflict markers (a README once did: Markdown is
read by no linter)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)
SUFFIXES = {".md", ".py", ".toml", ".txt", ".cfg", ".ini", ".yml", ".yaml", ""}


def _texts():
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if any(p.startswith(".") or p in ("__pycache__", "build", "dist") for p in parts[:-1]):
            continue
        if path.is_file() and path.suffix in SUFFIXES and path.stat().st_size < 2_000_000:
            yield path


def test_no_conflict_markers_are_left():
    found = []
    for path in _texts():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for m in MARKER.finditer(text):
            found.append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}")
    assert not found, f"conflict markers at {found}"

"""The first tenths of a second of `gradviz`: a Ctrl+C while the package loads is one line."""

from __future__ import annotations

import builtins
import sys
from importlib.metadata import entry_points
from pathlib import Path

import gradviz_cli


def test_the_command_starts_in_the_guarded_entry_point():
    (command,) = [e for e in entry_points(group="console_scripts") if e.name == "gradviz"]
    assert command.value == "gradviz_cli:main"


def test_ctrl_c_while_gradviz_loads_is_a_line_not_a_traceback(monkeypatch, capsys):
    real_import = builtins.__import__

    def interrupted(name, *args, **kwargs):
        if name == "gradviz.app.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted)
    assert gradviz_cli.main() == 130
    assert capsys.readouterr().err == \
        "gradviz: stopped (Ctrl+C) while starting; nothing was written\n"


def test_without_an_interrupt_it_is_the_gradviz_command(monkeypatch, capsys):
    example = Path(__file__).resolve().parents[1] / "examples" / "grafo_slide.toml"
    monkeypatch.setattr(sys, "argv", ["gradviz", "check", str(example)])
    assert gradviz_cli.main() == 0
    assert "ok" in capsys.readouterr().out

"""Every string that reaches DOT is data: a title or a label ending in a backslash, with
quotes, braces, an HTML-looking ``<b>`` or control characters lays out like any other."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from graph_fixtures import slide_graph

from gradviz.app.cli import main
from gradviz.graph.layout import layout_positions, run_layout_program, to_dot

HOSTILE = [
    "C:\\cursos\\", "\\", "\\\\\\", 'a"b', '"', '\\"', "x\\N\\G\\l", "<b>negrita</b>", "<",
    "}; digraph evil { a -> b", "// comment", "/* open", "#", "línea\nnueva\tTAB\r",
    "nul\x00byte\x7f", "Σ σ ∂c/∂x", "solo\ud800", "", " ", "-", "->", "edge", "node",
    "graph", "strict", "subgraph",
]


def renamed(text: str):
    graph = slide_graph()
    nodes = tuple(dataclasses.replace(n, name=f"{text}{n.id}", symbol=text or n.symbol)
                  for n in graph.nodes)
    return dataclasses.replace(graph, title=text, nodes=nodes)


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_hostile_strings_lay_out(text):
    graph = renamed(text)
    data = run_layout_program(to_dot(graph))  # the layout program parses the source
    names = {o["name"] for o in data["objects"]}
    assert names == {f"n{n.id}" for n in graph.nodes}
    assert len(layout_positions(graph).centers) == len(graph.nodes)


def test_a_backslash_is_a_backslash():
    source = to_dot(renamed("C:\\cursos\\"))
    assert 'digraph "C:\\\\cursos\\\\" {' in source
    assert re.search(r'label="C:\\\\cursos\\\\0"', source)


def test_a_lesson_titled_with_a_trailing_backslash(tmp_path, capsys):
    lesson = tmp_path / "ruta.toml"
    lesson.write_text("[lesson]\ntitle = 'C:\\cursos\\'\n[inputs]\nx = { value = 2.0, "
                      "grad = true }\n[graph]\ncode = '''\ny = x * x\n'''\noutput = 'y'\n",
                      "utf-8")
    assert main(["dot", str(lesson)]) == 0
    source = capsys.readouterr().out
    assert source.startswith('digraph "C:\\\\cursos\\\\" {')
    run_layout_program(source)
    out = tmp_path / "ruta.png"
    assert main(["export", str(lesson), "-o", str(out), "--scale", "1"]) == 0
    assert Path(out).stat().st_size > 0

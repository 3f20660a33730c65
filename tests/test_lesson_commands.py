"""`check`, `run`, `export` and the window agree on every file: the same accepted, the same
refused, with the same words.

They share one prepare path (`gradviz.lesson.prepare`), and this is the test that would have
caught `gradviz check` saying "ok" for files the window then refused (a scalar lesson over
the node limit, a file with only training sections).  Each file below goes through all four;
the messages are compared line by line, without the ``gradviz:`` that export puts in front.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_lessons import HOSTILE

from gradviz.app.cli import main
from gradviz.lesson.kinds import GRAPH, KINDS, SCENE, TRAINING, UNSUPPORTED
from gradviz.lesson.parser import LessonError, parse_lesson
from gradviz.lesson.prepare import PREPARERS, prepare_lesson

GRAPH_CODE = '[inputs]\nx = { value = [1.0, 2.0], grad = true }\n[graph]\ncode = "y = sum(x * x)"\n'
SCENE_TEXT = ('[surface]\nname = "rosenbrock"\nsteps = 5\n\n'
              '[[optimizer]]\ntype = "sgd"\nlr = 0.001\n')
BIG = "[lesson]\nlevel = 'scalar'\n[inputs]\nx = { randn = [60, 60], grad = true }\n"
TRAINING_TEXT = ('[lesson]\ntitle = "XOR"\n\n[data]\nname = "xor"\n\n[model]\nlayers = [2, 4, 1]\n'
                 '\n[train]\nepochs = 10\n')
REGRESSION = ('[surface]\nname = "linear_regression"\ndata = { n = 64 }\nepochs = 4000\n\n'
              '[[optimizer]]\ntype = "sgd"\nlr = 0.1\nbatch_size = 1\n')

GOOD = {
    "graph": GRAPH_CODE,
    "scalar": "[lesson]\nlevel = 'scalar'\n" + GRAPH_CODE,
    "scene": SCENE_TEXT,
}
BAD = {
    "syntax": '[graph]\ncode = "a = = 1"\n',
    "unknown_function": '[inputs]\nx = 1.0\n[graph]\ncode = "a = sigmod(x)"\n',
    "shape": ("[inputs]\nx = { randn = [2, 3], grad = true }\ny = { randn = [4], grad = true }\n"
              '[graph]\ncode = "a = sum(x + y)"\n'),
    "not_a_number": '[inputs]\nx = { randn = [3], grad = true }\n[graph]\ncode = "a = x * 2"\n',
    "scalar_over_limit": BIG + '[graph]\ncode = "a = sum(x * x)"\n',
    "training_only": TRAINING_TEXT,
    "graph_and_scene": GRAPH_CODE + "\n" + SCENE_TEXT,
    "no_kind": '[lesson]\ntitle = "x"\n\n[export]\ntheme = "dark"\n',
    "optimizer_without_surface": '[[optimizer]]\ntype = "sgd"\n',
    "bad_lr": SCENE_TEXT.replace("lr = 0.001", "lr = -1.0"),
    "too_many_updates": REGRESSION,
    "toml": "[graph\n",
    **HOSTILE,  # the hostile corpus: every class of file that once got a traceback
}


def _lines(text: str) -> list[str]:
    return [line.removeprefix("gradviz: ") for line in text.strip().splitlines()]


def _command(capsys, *argv) -> tuple[bool, list[str]]:
    """(accepted, the problems it printed) for one ``gradviz`` command."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    if argv[0] == "check":
        return code == 0, [] if code == 0 else _lines(out)
    return code == 0, [] if code == 0 else _lines(err)


def _outcomes(path: Path, tmp_path: Path, window, capsys) -> dict:
    png = tmp_path / "out.png"
    outcomes = {
        "check": _command(capsys, "check", str(path)),
        "run": _command(capsys, "run", str(path)),
        "export": _command(capsys, "export", str(path), "-o", str(png)),
    }
    errors = len(window.errors)
    opened = window.open_file(path)
    window.wait_for_layout()
    outcomes["window"] = (opened, _lines("\n".join(window.errors[errors:])))
    return outcomes


@pytest.mark.parametrize("name", [*GOOD, *BAD])
def test_every_command_accepts_and_refuses_alike(name, tmp_path, window, capsys):
    path = tmp_path / f"{name}.toml"
    path.write_text(GOOD.get(name) or BAD[name], encoding="utf-8")
    outcomes = _outcomes(path, tmp_path, window, capsys)
    accepted, messages = outcomes["check"]
    assert accepted == (name in GOOD), outcomes
    for command, outcome in outcomes.items():
        assert outcome == (accepted, messages), (command, outcomes)
    for message in messages:  # FILE:LINE:COL: message, always
        assert message.startswith(f"{path}:") and message.split(":")[1].isdigit(), message


def test_a_missing_file_is_refused_alike(tmp_path, window, capsys):
    # a file that says no language is told in Spanish, as the window starts
    outcomes = _outcomes(tmp_path / "missing.toml", tmp_path, window, capsys)
    expected = (False, [f"{tmp_path / 'missing.toml'}:1:1: no existe el archivo"])
    assert all(outcome == expected for outcome in outcomes.values()), outcomes


# -- the kind is decided once, from the sections ---------------------------------------------


@pytest.mark.parametrize(("text", "kind"), [(GRAPH_CODE, GRAPH), (SCENE_TEXT, SCENE),
                                            ('[[optimizer]]\ntype = "sgd"\n', SCENE),
                                            (TRAINING_TEXT, TRAINING)])
def test_kind_comes_from_the_sections(text, kind):
    assert parse_lesson(text).kind == kind


def test_every_kind_is_prepared_or_refused_by_name():
    assert set(PREPARERS) | set(UNSUPPORTED) == set(KINDS)
    assert not set(PREPARERS) & set(UNSUPPORTED)


def test_a_training_lesson_is_checked_where_it_is_wrong():
    # layers = [2, 4, 1] is not written like nn.Sequential: the error points at its value
    with pytest.raises(LessonError) as info:
        prepare_lesson(parse_lesson(TRAINING_TEXT, "xor.toml"))
    assert (info.value.line, info.value.col) == (8, 10)
    assert info.value.message.startswith("[model] layers: layers must be a list of layers")


def test_two_kinds_in_one_file_point_at_the_second():
    with pytest.raises(LessonError) as info:
        parse_lesson(GRAPH_CODE + "\n" + SCENE_TEXT, "both.toml")
    assert (info.value.line, info.value.col) == (6, 1)
    assert "[surface] makes this file an optimizer scene, but [graph] made it a graph lesson" \
        in info.value.message


def test_scene_runs_once_and_is_shared(tmp_path):
    path = tmp_path / "scene.toml"
    path.write_text(SCENE_TEXT, encoding="utf-8")
    prepared = prepare_lesson(path)
    assert prepared.kind == SCENE
    assert prepared.scene.run() == list(prepared.runs)  # the page and the export reuse them
    assert all(a is b for a, b in zip(prepared.scene.run(), prepared.runs, strict=True))


def test_dot_and_optimize_name_the_command_that_fits(tmp_path, capsys):
    graph, scene = tmp_path / "graph.toml", tmp_path / "scene.toml"
    graph.write_text(GRAPH_CODE, encoding="utf-8")
    scene.write_text(SCENE_TEXT, encoding="utf-8")
    assert _command(capsys, "dot", str(graph))[0]
    assert _command(capsys, "dot", str(scene), "--lang", "en") == (False, [
        f"{scene}:1:1: gradviz dot writes the graph of a graph lesson and this is an optimizer "
        "scene, which has none"])
    assert _command(capsys, "optimize", str(scene))[0]
    assert _command(capsys, "optimize", str(graph), "--lang", "en") == (False, [
        f"{graph}:3:1: gradviz optimize runs optimizer scenes and this is a graph lesson; "
        "gradviz run prints its values and gradients"])

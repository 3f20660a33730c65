"""The command line under hostile input: a mistyped command, absurd option values, an output
that cannot be written.  Every outcome is a result or one ``gradviz: ...`` line and a
non-zero exit, never a traceback and never a window opened by mistake."""

from __future__ import annotations

import ast
import errno
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gradviz.app import launch
from gradviz.app.arguments import MAX_SCALE, MIN_SCALE, scale_arg, step_arg, step_number
from gradviz.app.cli import COMMANDS, main
from gradviz.catalog import has

ROOT = Path(__file__).resolve().parents[1]
SLIDE = ROOT / "examples" / "grafo_slide.toml"
SADDLE = ROOT / "examples" / "optim_silla.toml"
NAN_LESSON = """\
[lesson]
title = "pérdida nan"
[inputs]
x = { value = [0.0, 1.0, -1.0], grad = true }
[graph]
code = '''
a = log(x)
b = x / 0
c = sum(a * b)
'''
output = "c"
"""


@pytest.fixture
def no_window(monkeypatch):
    """Opening the lecture window fails the test; returns the files it was asked to open."""
    opened = []

    def refuse(path=None, lang=None):
        opened.append(path)
        return 0

    monkeypatch.setattr(launch, "open_window", refuse)
    return opened


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("gradviz: "), err
    assert "Traceback" not in err
    return err


# --- a mistyped command ----------------------------------------------------------------

def typos(word: str):
    """Each letter dropped, and each pair of neighbours swapped."""
    dropped = {word[:i] + word[i + 1:] for i in range(len(word))}
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    return sorted((dropped | swapped) - {word, *COMMANDS})


@pytest.mark.parametrize("command", COMMANDS)
def test_every_commands_typos_suggest_it(command, capsys, no_window, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no file of the typo's name
    for typo in typos(command):
        assert main([typo, "lesson.toml"]) == 2, typo
        err = one_line(capsys.readouterr().err)
        assert f"¿quisiste decir '{command}'?" in err, (typo, err)  # Spanish, the default
        assert main([typo, "--lang", "en", "lesson.toml"]) == 2, typo
        err = one_line(capsys.readouterr().err)
        assert f"did you mean '{command}'?" in err, (typo, err)
    assert no_window == []


@pytest.mark.parametrize("argv", [["trian", "--help"], ["exprot", "x.toml"], ["zzz"]])
def test_a_word_that_is_no_command_nor_file_is_an_error(argv, capsys, no_window, tmp_path,
                                                        monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([*argv, "--lang", "en"]) == 2
    err = one_line(capsys.readouterr().err)
    assert f"'{argv[0]}' is neither a command nor a file" in err
    assert "did you mean '" in err or "export" in err  # a suggestion, or the commands
    assert main([*argv, "--lang=es"]) == main(argv) == 2  # Spanish, as a lesson error is
    err = capsys.readouterr().err
    assert err.count(f"'{argv[0]}' no es un comando ni un archivo") == 2, err
    assert "¿quisiste decir '" in err or "los comandos son check" in err
    assert no_window == []


@pytest.mark.parametrize("argv", [["missing.toml"], ["open", "missing.toml"],
                                  ["sub/missing"]])
def test_a_missing_lesson_file_is_an_error(argv, capsys, no_window, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert one_line(capsys.readouterr().err) == f"gradviz: {argv[-1]}: no existe ese archivo\n"
    if argv[0] != "open":  # open takes no --lang
        assert main([*argv, "--lang", "en"]) == 2
        assert one_line(capsys.readouterr().err) == f"gradviz: {argv[-1]}: no such file\n"
    assert no_window == []


@pytest.mark.parametrize(("word", "suggests"), [
    ("grafo_slide", "grafo_slide.toml"), ("grafo_slid.toml", "grafo_slide.toml"),
    ("lecciones/grafo_slide.tom", "lecciones/grafo_slide.toml"), ("grafo", None),
])
def test_a_missing_file_names_the_file_it_looks_like(word, suggests, capsys, no_window,
                                                      tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for folder in (".", "lecciones"):
        Path(folder).mkdir(exist_ok=True)
        Path(folder, "grafo_slide.toml").write_text("", "utf-8")
    assert main([word, "--lang", "en"]) == 2
    err = one_line(capsys.readouterr().err)
    assert (f"did you mean '{suggests}'?" in err) if suggests else "did you mean" not in err
    assert main([word]) == 2
    err = one_line(capsys.readouterr().err)
    assert (f"¿quisiste decir '{suggests}'?" in err) if suggests else "quisiste decir" not in err
    assert no_window == []


def test_an_existing_file_and_no_file_still_open_the_window(no_window, tmp_path,
                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("trian").write_text("", "utf-8")  # a file named like a typo is a file
    assert main(["trian"]) == 0 and main([str(SLIDE)]) == 0 and main([]) == 0
    assert main(["open"]) == 0
    assert no_window == ["trian", str(SLIDE), None, None]


# --- option values are checked where argparse reads them --------------------------------

BAD_OPTIONS = [
    ["--scale", "nan"], ["--scale", "inf"], ["--scale", "-inf"], ["--scale", "1e400"],
    ["--scale", "0"], ["--scale", "-1"], ["--scale", "1e-9"], ["--scale", "0.2"],
    ["--scale", "8.5"], ["--scale", "two"], ["--scale", ""],
    ["--step", "forward:" + "1" * 4301], ["--step", "backward:" + "9" * 20],
    ["--step", "1" * 5000], ["--step", "-" + "1" * 10], ["--step", ""], ["--step", "  "],
]


@pytest.mark.parametrize("option", BAD_OPTIONS, ids=lambda o: f"{o[0]}={o[1][:12]}")
def test_bad_option_values_are_one_argparse_error(option, capsys, tmp_path):
    out = tmp_path / "x.png"
    with pytest.raises(SystemExit) as done:
        main(["export", str(SLIDE), "-o", str(out), *option])
    assert done.value.code == 2
    err = capsys.readouterr().err
    last = err.splitlines()[-1]
    assert last.startswith(f"gradviz export: error: argument {option[0]}: "), err
    assert "Traceback" not in err and len(last) < 200
    assert not out.exists()


def test_scale_bounds_and_step_numbers():
    assert scale_arg(str(MIN_SCALE)) == MIN_SCALE and scale_arg(str(MAX_SCALE)) == MAX_SCALE
    assert scale_arg(" 2 ") == 2.0
    assert step_arg("forward:123456789") == "forward:123456789"
    assert step_number("123456789") == 123456789 and step_number("-3") == -3
    assert step_number("1" * 10) is None and step_number("٣") is None  # not ASCII digits


def test_the_step_parsers_refuse_huge_numbers_without_int_conversion():
    from gradviz.app.exporting import StepSpecError, parse_iteration, parse_step
    from gradviz.lesson.prepare import prepare_lesson

    plan = prepare_lesson(SLIDE).plan
    for spec in ("forward:" + "1" * 4301, "1" * 4301):
        with pytest.raises(StepSpecError):
            parse_step(spec, plan)
        with pytest.raises(StepSpecError):
            parse_iteration(spec, 60)


# --- the output cannot be written --------------------------------------------------------

class FullDisk(io.StringIO):
    def write(self, s):
        raise OSError(errno.ENOSPC, "No space left on device")


def ascii_stdout():
    return io.TextIOWrapper(io.BytesIO(), encoding="ascii")


COMMAND_LINES = [
    ["check", str(SLIDE)], ["run", str(SLIDE)], ["run", str(SLIDE), "--json"],
    ["dot", str(SLIDE)], ["optimize", str(SADDLE)], ["optimize", str(SADDLE), "--json"],
    ["run", str(SADDLE)],
]
FULL_DISK = (FullDisk, "cannot write the output: No space left on device")
ASCII = (ascii_stdout, "the output's encoding (ascii) cannot write")
CLOSED = (lambda: None, "cannot write the output: stdout is closed")  # gradviz ... >&-


@pytest.mark.parametrize(("argv", "stdout", "says"), [
    *((argv, *FULL_DISK) for argv in COMMAND_LINES),
    *((argv, *CLOSED) for argv in COMMAND_LINES),
    # check prints paths and "ok"; JSON escapes every non-ASCII character
    *((argv, *ASCII) for argv in COMMAND_LINES if argv[0] != "check" and "--json" not in argv),
], ids=lambda v: " ".join(Path(a).name for a in v) if isinstance(v, list) else "")
def test_an_unwritable_output_is_one_line_and_exit_1(argv, stdout, says, capsys,
                                                     monkeypatch):
    monkeypatch.setattr(sys, "stdout", stdout())
    assert main(argv) == 1
    assert says in one_line(capsys.readouterr().err)


@pytest.mark.parametrize("argv", [a for a in COMMAND_LINES if "--json" in a], ids=" ".join)
def test_json_reaches_any_terminal(argv, capsys, monkeypatch):
    stdout = ascii_stdout()
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main(argv) == 0
    stdout.flush()
    strict_json(stdout.buffer.getvalue().decode("ascii"))


def strict_json(text: str):
    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


FAR_RANGE = """[lesson]
title = "lejos"
[surface]
name = "rosenbrock"
range = [[-1e12, 1e12], [-1e12, 1e12]]  # the widest a scene may be
start = [-1.5, 2.0]
steps = 20
[[optimizer]]
type = "sgd"
lr = 1e308
label = "SGD"
"""


@pytest.mark.parametrize("command", ["optimize", "run"])
def test_optimize_json_is_strict_with_a_status(command, tmp_path, capsys):
    lesson = tmp_path / "lejos.toml"
    lesson.write_text(FAR_RANGE, "utf-8")
    assert main([command, str(lesson), "--json"]) == 0
    result = strict_json(capsys.readouterr().out)
    run = result["optimizers"][0]
    assert run["status"] == "diverged" and run["diverged"]  # strict JSON, with its status


def test_json_text_nulls_every_non_finite_number():
    from gradviz.app.optimize_cli import json_text

    value = {"a": [1.0, math.inf, (-math.inf, math.nan)], "b": {"c": math.nan}, "d": "Σ"}
    assert strict_json(json_text(value)) == {"a": [1.0, None, [None, None]], "b": {"c": None},
                                             "d": "Σ"}


def test_a_reader_that_left_is_silent(capsys, monkeypatch):
    class Closed(io.StringIO):
        def write(self, s):
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["run", str(SLIDE)]) == 0
    assert capsys.readouterr().err == ""


def run_cli(*argv, **popen):
    env = {**os.environ, "PYTHONPATH": str(ROOT), **popen.pop("env", {})}
    return subprocess.run([sys.executable, "-m", "gradviz", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, **popen)


def test_a_full_disk_and_an_ascii_terminal_for_real(tmp_path):
    with open(os.devnull if not os.path.exists("/dev/full") else "/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "gradviz", "check", str(SLIDE)],
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    if os.path.exists("/dev/full"):
        assert done.returncode == 1, done.stderr
        assert one_line(done.stderr) == \
            "gradviz: cannot write the output: No space left on device\n"
    lesson = tmp_path / "pérdida.toml"
    lesson.write_text(NAN_LESSON, "utf-8")
    done = run_cli("run", str(lesson), env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 1
    assert "(ascii) cannot write" in one_line(done.stderr)  # the message itself is ASCII


def test_nan_and_inf_print_without_warnings(tmp_path):
    lesson = tmp_path / "nan.toml"
    lesson.write_text(NAN_LESSON, "utf-8")
    done = run_cli("run", str(lesson))
    assert done.returncode == 0 and done.stderr == ""
    assert "nan" in done.stdout and "inf" in done.stdout


# --- the words ----------------------------------------------------------------------------

CLI_MODULES = ("cli", "headless", "arguments", "export_cli")


@pytest.mark.parametrize("module", CLI_MODULES)
def test_every_command_line_message_has_spanish(module):
    source = (ROOT / "gradviz" / "app" / f"{module}.py").read_text("utf-8")
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
             and getattr(node.func, "id", None) == "text"]
    assert calls, module
    for call in calls:
        english = call.args[0]
        assert isinstance(english, ast.Constant), ast.unparse(call)
        assert has(english.value), english.value


# --- --all-steps into a folder an earlier export left -----------------------------------

EARLIER = ["step_0_start.png", "step_000_start.png", "step_01_forward_1.png",
           "step_99_backward_12.png", "step_0003.png", "step_7.png",
           ".step_05_start.png.k3j2abcd.png", ".step_0030.png.x_y.png"]
NOT_FRAMES = ["notes.txt", "step_final.png", "mystep_01.png", "step_01_forward_1.png.bak",
              "step_01.PNG", ".hidden.png", "portada.png"]


@pytest.mark.parametrize("lesson", [SLIDE, SADDLE], ids=lambda p: p.stem)
def test_all_steps_leaves_exactly_its_frames(lesson, tmp_path, capsys):
    from gradviz.view.frames import frame_files

    folder = tmp_path / "frames"
    folder.mkdir()
    for name in EARLIER + NOT_FRAMES:
        (folder / name).write_bytes(b"old")
    assert main(["export", str(lesson), "-o", str(folder), "--all-steps",
                 "--scale", "0.25"]) == 0
    out = capsys.readouterr().out
    assert f"; they replace the {len(EARLIER)} frames of an earlier export\n" in out
    frames = frame_files(folder)
    assert len(frames) == int(out.split()[1])  # "wrote N images to ..."
    assert all(p.read_bytes() != b"old" for p in frames)
    assert {p.name for p in folder.iterdir()} == {p.name for p in frames} | set(NOT_FRAMES)
    assert main(["export", str(lesson), "-o", str(folder), "--all-steps",
                 "--scale", "0.25"]) == 0  # again: the same names, replaced
    assert f"they replace the {len(frames)} frames" in capsys.readouterr().out
    assert {p.name for p in frame_files(folder)} == {p.name for p in frames}


@pytest.mark.parametrize("name", ["student.py", "student"])
@pytest.mark.parametrize("command", ["check", "run", "dot"])
def test_a_python_program_is_told_how_it_runs(name, command, capsys, no_window, tmp_path,
                                              monkeypatch):
    # A student's PyTorch file handed to a lesson command: not a TOML error at line 1, but
    # what to do with it (by its .py name, or by its first statement without one).
    monkeypatch.chdir(tmp_path)
    Path(name).write_text("# my homework\n\nimport torch\nx = torch.ones(3, requires_grad=True)\n"
                          "(x * x).sum().backward()\nprint(x.grad)\n", "utf-8")
    assert main([command, name, "--lang", "en"]) == 1
    err = "".join(capsys.readouterr())  # check reports on stdout, the others on stderr
    assert err.count("\n") == 1 and f"{name}:1:1: this is a Python program, not a lesson" in err
    assert "import gradviz as torch" in err and "torch.show(loss)" in err
    assert main([command, name]) == 1
    assert "esto es un programa de Python, no una lección" in "".join(capsys.readouterr())
    Path(name).write_text("[graph]\ncode = 'y = 2'\nnot toml at all\n", "utf-8")
    assert main([command, name, "--lang", "en"]) == 1  # a lesson's own TOML error stays one
    assert ("Python program" in "".join(capsys.readouterr())) == name.endswith(".py")
    assert no_window == []

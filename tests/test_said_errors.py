"""The errors of the layers below the lesson reader speak the catalog's words.

The formula checker, the optimizer runs, the regression, the training run, the scalar view and
the layout raise errors whose words are a catalog `Message` (a `SaidError`, a `LayoutError`):
``str(e)`` is the English, ``e.said`` says it in Spanish too, and a lesson error or the window
that shows one says it in the lesson's language.  Only the engine's own words (PyTorch's, in
English) and errors no user of a command or of the window can meet are plain strings: the scan
at the end keeps it so.
"""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import numpy as np
import pytest
from test_lesson_errors_lang import _untranslated

from gradviz.app.exporting import parse_iteration, parse_step
from gradviz.catalog import has
from gradviz.catalog.lesson import Message, SaidError, said_in
from gradviz.engine import api as gv
from gradviz.graph import layout
from gradviz.graph.layout import LayoutError
from gradviz.graph.scalar import ScalarLimitError, expand
from gradviz.lesson.prepare import prepare_lesson
from gradviz.surfaces.expr import FormulaError, compile_expression
from gradviz.surfaces.functions import custom_surface, get_surface
from gradviz.surfaces.landscape import dataset
from gradviz.surfaces.regression import regression_data
from gradviz.surfaces.runs import OptimizerSpec, Schedule, make_optimizer, make_scheduler

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _params():
    return [gv.Tensor(np.zeros(2), requires_grad=True)]


def _sgd():
    return make_optimizer(OptimizerSpec("sgd", {"lr": 0.1}), _params())


def _plan():
    return prepare_lesson(EXAMPLES / "grafo_slide.toml").plan


def _training_run():
    return prepare_lesson(EXAMPLES / "entrenamiento_xor.toml").start()


FORMULAS = {
    "not_text": 3, "long": "x + " * 600 + "x", "empty": "  ", "syntax": "x +* y",
    "deep": "-(" * 70 + "x" + ")" * 70, "operator": "x // y", "unary": "~x", "string": "'a'",
    "huge": "1" + "0" * 400, "name": "z", "function_name": "exp + x", "subscript": "x[0]",
    "method": "math.exp(x)", "function": "sinh(x)", "arguments": "exp(x, y)",
}
CALLS = {
    **{f"formula_{name}": (lambda text=text: compile_expression(text))
       for name, text in FORMULAS.items()},
    "surface": lambda: get_surface("rosenbrok"),
    "range": lambda: custom_surface("x", ((1.0, 0.0), (0.0, 1.0))),
    "optimizer": lambda: make_optimizer(OptimizerSpec("adamm"), _params()),
    "hyperparameter": lambda: make_optimizer(OptimizerSpec("sgd", {"lr": 0.1, "zz": 1}),
                                             _params()),
    "schedule": lambda: make_scheduler(Schedule("stepp"), _sgd()),
    "schedule_needs": lambda: make_scheduler(Schedule("step"), _sgd()),
    "schedule_key": lambda: make_scheduler(Schedule("step", {"step_size": 1, "zz": 1}), _sgd()),
    "schedule_no_keys": lambda: make_scheduler(Schedule("inverse_sqrt", {"zz": 1}), _sgd()),
    "regression_points": lambda: regression_data(n=1),
    "data_set": lambda: dataset("spirl"),
    "change": lambda: _training_run().restart({"momentum": 0.5}),
    "iterations": lambda: _training_run().restart({"epochs": 10**9}),
    "boundary": lambda: prepare_lesson(EXAMPLES / "entrenamiento_digitos.toml").start().boundary(),
    "scalar_limit": lambda: expand(gv.randn(30, 30, requires_grad=True).sum(), limit=10),
    "scalar_output": lambda: expand(gv.randn(3, requires_grad=True) * 2),
    # gradviz export's --step (said in --lang once export_cli says errors with said_in)
    "step_forward": lambda: parse_step("forward:999", _plan()),
    "step_backward": lambda: parse_step("backward:999", _plan()),
    "step_frame": lambda: parse_step("9999", _plan()),
    "step_word": lambda: parse_step("zz", _plan()),
    "iteration_pass": lambda: parse_iteration("forward:1", 5, "a training lesson"),
    "iteration_range": lambda: parse_iteration("99", 5),
}


def _raised(call) -> BaseException:
    with pytest.raises((SaidError, LayoutError)) as info:
        call()
    return info.value


def _said_in_both(error: BaseException) -> None:
    said = error.said
    spanish, english = said.text("es"), said.text("en")
    assert english == str(error) == said_in(error, "en")
    assert spanish == said_in(error, "es") != english, spanish
    missing = [t for t in said.templates() if any(c.isalpha() for c in t) and not has(t)]
    assert not missing, missing
    assert not _untranslated(said, spanish), spanish


@pytest.mark.parametrize("name", CALLS)
def test_each_error_is_said_in_both_languages(name):
    _said_in_both(_raised(CALLS[name]))


def test_a_formula_error_knows_its_column():
    error = _raised(lambda: compile_expression("x + y ^ 2"))
    assert isinstance(error, FormulaError) and error.column == 7
    assert "de la columna 7" in error.said.text("es")


def test_an_error_in_a_field_is_said_in_the_language_of_its_message():
    error = _raised(lambda: get_surface("nope"))
    wrapped = Message("cannot run the scene: {error}", error=error)
    assert wrapped.text("es").startswith("no se puede ejecutar la escena: superficie desconocida")
    assert str(wrapped) == f"cannot run the scene: {error}"
    plain = Message("cannot run the scene: {error}", error=ValueError("Invalid lr"))
    assert plain.text("es") == "no se puede ejecutar la escena: Invalid lr"  # the engine's


def test_the_scalar_limit_is_a_said_error():
    assert issubclass(ScalarLimitError, SaidError)


class _Done:
    def __init__(self, code: int, out: bytes, err: bytes) -> None:
        self.returncode, self.stdout, self.stderr = code, out, err


@pytest.mark.parametrize("outcome", ["timeout", "oserror", "exit", "json", "missing", "big"])
def test_layout_errors_are_said_in_both_languages(outcome, monkeypatch):
    def run(*args, **kwargs):
        if outcome == "timeout":
            raise subprocess.TimeoutExpired("dot", 1.0)
        if outcome == "oserror":
            raise PermissionError(13, "Permission denied")
        return _Done(1, b"", b"syntax error") if outcome == "exit" else _Done(0, b"{no", b"")

    monkeypatch.setattr(layout, "find_layout_program", lambda: "dot")
    monkeypatch.setattr(layout.subprocess, "run", run)
    if outcome == "missing":
        error = LayoutError(layout.INSTALL_HINT)
    elif outcome == "big":
        monkeypatch.setattr(layout, "MAX_LAYOUT_NODES", 1)
        graph = prepare_lesson(EXAMPLES / "grafo_slide.toml").graph
        error = _raised(lambda: layout.layout_positions(graph))
    else:
        error = _raised(lambda: layout.run_layout_program("digraph {}"))
    _said_in_both(error)


# -- the scan: what is left a plain string, and why ------------------------------------------
PACKAGES = ("lesson", "graph", "surfaces", "training")
# (file, the start of its text): errors no command or window user meets, or the engine's words
PLAIN = {
    ("lesson/source.py", "expected"): "the position scanner's own, caught inside it",
    ("lesson/source.py", "backslash"): "the position scanner's own, caught inside it",
    ("lesson/source.py", "unknown escape"): "the position scanner's own, caught inside it",
    ("lesson/program.py", "unknown backend"): "run_lesson's backend= is the Python API's",
    ("graph/record.py", "record() takes"): "the Python API's (gradviz.draw, show)",
    ("graph/steps.py", "step "): "a StepPlan's index, the Python API's",
    ("graph/stale.py", "{listed} changed"): "raised in the caller's Python (gradviz.draw)",
    ("surfaces/runs.py", "{spec.kind}: {e}"): "torch.optim's words, English as PyTorch's",
    ("surfaces/landscape.py", "the network's loss"): "cannot happen with these weights",
    ("training/run.py", "iteration {k}"): "an index the page never asks past",
}


def _plain_raises() -> list[tuple[str, str]]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / "gradviz" / package).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                        and node.exc.args):
                    continue
                first = node.exc.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    text = first.value
                elif isinstance(first, ast.JoinedStr):
                    text = ast.unparse(first)[2:-1]
                else:
                    continue
                found.append((f"{package}/{path.name}", text))
    return found


def test_only_the_listed_errors_are_plain_strings():
    unlisted = [(where, text) for where, text in _plain_raises()
                if not any(where == w and text.startswith(start) for w, start in PLAIN)]
    assert not unlisted, f"say these through a catalog Message (SaidError): {unlisted}"


def test_the_scan_finds_plain_strings():
    assert ("graph/record.py", "record() takes a gradviz Tensor or Value, not "
            "{type(root).__name__}") in _plain_raises()


@pytest.mark.parametrize(("engine", "english", "spanish"), [
    ("sgd: Invalid learning rate: -1.0", "lr must be at least 0, not -1.0",
     "lr debe ser al menos 0, no -1.0"),
    ("adam: Invalid beta parameter at index 1: 2", "betas[1] must be from 0 to below 1, not 2",
     "betas[1] debe ir de 0 a menos de 1, no 2"),
    ("Invalid epsilon value: -1", "eps must be at least 0, not -1", "eps debe ser al menos 0"),
    ("adadelta: Invalid rho value: 2", "rho must be from 0 to 1, not 2", "rho debe ir de 0 a 1"),
    ("sgd: Nesterov momentum requires a momentum and zero dampening",
     "nesterov = true needs momentum above 0", "nesterov = true necesita momentum"),
    ("sgd: something new", "the optimizer refuses this: sgd: something new",
     "el optimizador no acepta esto: sgd: something new"),
])
def test_what_an_optimizer_refuses_is_said_in_the_lessons_words(engine, english, spanish):
    from gradviz.lesson.refusals import refusal

    said = refusal(engine)
    assert str(said).startswith(english) and said.text("es").startswith(spanish)


def test_the_window_says_a_layout_error_in_its_language(window, monkeypatch):
    """A graph the layout refuses (here: any, with the limit at one node) is said in the
    window's language, as the lesson errors around it are."""
    from gradviz.app import window_loading

    def refuse(graph, **options):
        raise LayoutError(Message("the graph has {n:,} nodes, more than the {limit:,} gradviz "
                                  "lays out; draw a smaller part of the computation (fewer "
                                  "steps, smaller tensors, or tensors instead of scalars)",
                                  n=len(graph.nodes), limit=1))

    monkeypatch.setattr(window_loading, "layout_positions", refuse)
    window.set_language("es")
    window.open_file(EXAMPLES / "grafo_slide.toml")
    window.wait_for_layout()
    assert window.errors and window.errors[-1].startswith("el grafo tiene "), window.errors
    window.set_language("en")
    window.open_file(EXAMPLES / "grafo_slide.toml")
    window.wait_for_layout()
    assert window.errors[-1].startswith("the graph has "), window.errors

"""What ``gradviz check FILE...``, ``gradviz run FILE [--json]`` and ``gradviz dot FILE`` do.

All three prepare the file as the window and the exporter do (`gradviz.lesson.prepare`), so
a file `check_files` calls ok opens everywhere, and every problem is printed the same way,
``FILE:LINE:COL: message``, in the language `said` picks (``--lang``, else the lesson's own
``language``, else Spanish, as the window and the exported pictures start).  `run_file`
prints each named value of a graph lesson with its gradient, as a table or as JSON, and an
optimizer scene's trajectories as ``gradviz optimize`` does.  `dot_file` prints a graph
lesson's Graphviz source.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

import numpy as np

from gradviz.app.optimize_cli import json_text, optimize_json, optimize_table, strict
from gradviz.catalog import DEFAULT
from gradviz.lesson.kinds import SCENE, TRAINING
from gradviz.lesson.parser import LessonError
from gradviz.lesson.prepare import SCALAR, prepare_lesson
from gradviz.lesson.program import LessonRun

PRECISION = 4  # decimals in the table of `gradviz run`
# a number that prints as zero with a minus sign: -0. -0.0000 -0.e+00
_NEGATIVE_ZERO = re.compile(r"(?<![\w.])-(0\.0*(?:e[+-]0+)?)(?![\w.])")


def said(error: LessonError, lang: str | None = None) -> str:
    """``FILE:LINE:COL: message`` as a command says it: in `lang` (``--lang``) when given,
    else in the language the lesson file states, else in Spanish, the course's language."""
    return error.text(lang or error.language or DEFAULT)


def check_files(paths, out: TextIO | None = None, lang: str | None = None) -> int:
    """Check every file as the window opens it; returns 1 if any has a problem, else 0."""
    out = out or sys.stdout  # looked up now: a test may have replaced it
    status = 0
    for path in paths:
        try:
            prepare_lesson(path)
        except LessonError as e:
            print(said(e, lang), file=out)
            status = 1
        else:
            print(f"{path}: ok", file=out)
    return status


def run_file(path, as_json: bool = False, out: TextIO | None = None,
             lang: str | None = None) -> int:
    """Run a lesson and print every named value and gradient (a scene: every trajectory)."""
    out = out or sys.stdout
    try:
        prepared = prepare_lesson(path)
    except LessonError as e:
        print(said(e, lang), file=out if as_json else sys.stderr)
        return 1
    if prepared.kind == TRAINING:
        from gradviz.app.train_cli import train_json, train_table

        result = train_json(prepared, lang)
        print(json_text(result) if as_json else train_table(result), file=out)
    elif prepared.kind == SCENE:
        result = optimize_json(prepared, lang)
        print(json_text(result) if as_json else optimize_table(result), file=out)
    elif as_json:
        print(json_text(_as_json(prepared.run)), file=out)
    else:
        _print_table(prepared.run, out)
    return 0


def dot_file(path, scalar: bool = False, out: TextIO | None = None,
             lang: str | None = None) -> int:
    """Print the Graphviz DOT source of a graph lesson's graph."""
    out = out or sys.stdout
    from gradviz.graph.layout import to_dot

    try:
        prepared = prepare_lesson(path, level=SCALAR if scalar else None)
        if prepared.kind == SCENE:
            line, col = prepared.lesson.where("surface")
            raise LessonError(prepared.lesson.path, line, col,
                              "gradviz dot writes the graph of a graph lesson and this is an "
                              "optimizer scene, which has none", prepared.lesson.language)
        if prepared.kind == TRAINING:
            raise LessonError(prepared.lesson.path, 1, 1, "gradviz dot writes the graph of a "
                              "graph lesson and this is a training lesson; gradviz train runs "
                              "it", prepared.lesson.language)
    except LessonError as e:
        print(f"gradviz: {said(e, lang)}", file=sys.stderr)
        return 1
    print(to_dot(prepared.graph), file=out)
    return 0


def _array(tensor) -> np.ndarray | None:
    return None if tensor is None else np.asarray(tensor.detach().cpu().numpy())


def _as_json(run: LessonRun) -> dict:
    """``{"values": {name: nested list}, "grads": {name: nested list or null}}``.

    NaN and infinities, which strict JSON cannot hold, are written as null."""
    values, grads = {}, {}
    for name, tensor in run.values.items():
        values[name] = strict(_array(tensor).tolist())
        grad = _array(tensor.grad)
        grads[name] = None if grad is None else strict(grad.tolist())
    return {"values": values, "grads": grads}


def _print_table(run: LessonRun, out: TextIO) -> None:
    lesson = run.lesson
    print(f"{lesson.title}  ({lesson.path}, {lesson.dtype})", file=out)
    inputs = {spec.name for spec in lesson.inputs}
    width = max(len(name) for name in run.values)
    for name, tensor in run.values.items():
        kind = "input" if name in inputs else ("output" if name == lesson.output else "")
        shape = "x".join(str(n) for n in tensor.shape) or "scalar"
        print(f"\n{name:<{width}}  {shape}  {kind}".rstrip(), file=out)
        print(_block("value", _array(tensor)), file=out)
        grad = _array(tensor.grad)
        print(_block("grad", grad) if grad is not None else "  grad:  -", file=out)


def _block(label: str, array: np.ndarray) -> str:
    text = _array_text(array)
    indent = " " * (len(label) + 4)
    return f"  {label}: " + text.replace("\n", "\n" + indent)


def _array_text(array: np.ndarray) -> str:
    """NumPy's text for an array, with every zero written without a minus sign."""
    def text(a):
        return np.array2string(a, precision=PRECISION, suppress_small=True, max_line_width=88)

    if array.dtype.kind != "f":
        return text(array)
    array = array + array.dtype.type(0)  # -0.0 + 0.0 is 0.0
    written = text(array)
    if _NEGATIVE_ZERO.search(written) and "e" not in written:
        # small negatives that print as -0. at this precision: zero them, so the columns
        # are laid out as for any other zero
        with np.errstate(all="ignore"):
            small = np.round(array, PRECISION) == 0
        written = text(np.where(small, array.dtype.type(0), array))
    return _without_negative_zero(written)


def _without_negative_zero(text: str) -> str:
    """``-0.`` (a small negative printed as zero) written `` 0.``, in the same columns."""
    return _NEGATIVE_ZERO.sub(r" \1", text)

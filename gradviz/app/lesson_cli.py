"""What ``gradviz check FILE...`` and ``gradviz run FILE [--json]`` do, as plain functions.

`check_files` reads each lesson, runs its forward pass (so shape errors show up too) and
prints every problem as ``FILE:LINE:COL: message``.  `run_file` runs forward and backward
and prints each named value with its gradient, as a table or as JSON.
"""

from __future__ import annotations

import json
import math
import re
import sys
from typing import TextIO

import numpy as np

from gradviz.lesson.parser import LessonError, load_lesson
from gradviz.lesson.program import LessonRun, run_lesson

PRECISION = 4  # decimals in the table of `gradviz run`
# a number that prints as zero with a minus sign: -0. -0.0000 -0.e+00
_NEGATIVE_ZERO = re.compile(r"(?<![\w.])-(0\.0*(?:e[+-]0+)?)(?![\w.])")


def check_files(paths, out: TextIO = sys.stdout) -> int:
    """Check every file; returns 1 if any has a problem, else 0."""
    status = 0
    for path in paths:
        try:
            lesson = load_lesson(path)
            if lesson.statements:
                run_lesson(lesson).backward()  # what the window will do, so it is checked
        except LessonError as e:
            for error in e.errors:
                print(error, file=out)
            status = 1
        else:
            print(f"{path}: ok", file=out)
    return status


def run_file(path, as_json: bool = False, out: TextIO = sys.stdout) -> int:
    """Run a lesson forward and backward and print every named value and gradient."""
    try:
        run = run_lesson(load_lesson(path))
        run.backward()
    except LessonError as e:
        for error in e.errors:
            print(error, file=out if as_json else sys.stderr)
        return 1
    if as_json:
        print(json.dumps(_as_json(run)), file=out)
    else:
        _print_table(run, out)
    return 0


def _array(tensor) -> np.ndarray | None:
    return None if tensor is None else np.asarray(tensor.detach().cpu().numpy())


def _as_json(run: LessonRun) -> dict:
    """``{"values": {name: nested list}, "grads": {name: nested list or null}}``.

    NaN and infinities, which strict JSON cannot hold, are written as null."""
    values, grads = {}, {}
    for name, tensor in run.values.items():
        values[name] = _plain(_array(tensor).tolist())
        grad = _array(tensor.grad)
        grads[name] = None if grad is None else _plain(grad.tolist())
    return {"values": values, "grads": grads}


def _plain(value):
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


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

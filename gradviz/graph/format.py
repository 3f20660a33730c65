"""Text for numbers and shapes, shared by the graph view and the inspector (no Qt here).

`format_scalar(0.25)` → ``"0.25"``, `format_shape((3, 4))` → ``"3×4"``,
`format_array(a)` → a short one-line or few-line rendering of a value, and `display_mode(a)`
says how a node draws a value: as a number, a tiny table, a heatmap, or just a summary.
"""

from __future__ import annotations

import numpy as np

SCALAR = "scalar"  # one number
TABLE = "table"  # a few numbers, written out
HEATMAP = "heatmap"  # a small matrix, drawn as coloured cells
SUMMARY = "summary"  # too big to draw: shape and range only

TABLE_MAX_ELEMS = 4
HEATMAP_MAX_SIDE = 16


def format_scalar(x: float, digits: int = 4) -> str:
    """A number with `digits` significant digits; floats keep a decimal point (``3.0``)."""
    if isinstance(x, bool | np.bool_):
        return str(bool(x))
    if isinstance(x, int | np.integer):
        return str(int(x))
    x = float(x) + 0.0  # -0.0 + 0.0 is 0.0: a negative zero is written 0.0
    text = f"{x:.{digits}g}"
    if text in ("inf", "-inf", "nan"):
        return text
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}e{int(exponent)}"
    if "." not in text:
        text += ".0"
    return "0.0" if text == "-0.0" else text


def format_shape(shape: tuple[int, ...]) -> str:
    """``(3, 4)`` → ``"3×4"``; a scalar's empty shape → ``""``; ``(5,)`` → ``"5"``."""
    return "×".join(str(int(n)) for n in shape)


def as_matrix(a: np.ndarray) -> np.ndarray:
    """A 2-D view for drawing: vectors become one row, higher ranks fold their leading axes."""
    a = np.asarray(a)
    if a.ndim == 0:
        return a.reshape(1, 1)
    if a.ndim == 1:
        return a.reshape(1, -1)
    return a.reshape(-1, a.shape[-1])


def display_mode(shape: tuple[int, ...]) -> str:
    """How a node draws a value of this shape (SCALAR, TABLE, HEATMAP or SUMMARY)."""
    size = int(np.prod(shape)) if shape else 1
    if not shape or size == 1:
        return SCALAR
    if size <= TABLE_MAX_ELEMS:
        return TABLE
    rows = int(np.prod(shape[:-1])) if len(shape) > 1 else 1
    if rows <= HEATMAP_MAX_SIDE and shape[-1] <= HEATMAP_MAX_SIDE:
        return HEATMAP
    return SUMMARY


def table_rows(a: np.ndarray, digits: int = 3) -> list[str]:
    """A tiny array as text rows: ``[[1, 2], [3, 4]]`` → ``["1.0  2.0", "3.0  4.0"]``."""
    m = as_matrix(a)
    return ["  ".join(format_scalar(v, digits) for v in row) for row in m.tolist()]


def format_range(a: np.ndarray, digits: int = 3) -> str:
    """``"[min, max]"`` of an array, for values too big to draw."""
    a = np.asarray(a)
    if a.size == 0:
        return "[]"
    return f"[{format_scalar(a.min(), digits)}, {format_scalar(a.max(), digits)}]"


def format_array(a: np.ndarray | float | None, max_elems: int = 12, digits: int = 4) -> str:
    """A value as text: a scalar, a small nested list, or ``"3×4 ∈ [min, max]"`` when big."""
    if a is None:
        return "—"
    a = np.asarray(a)
    if a.ndim == 0 or a.size == 1:
        return format_scalar(a.reshape(()).item(), digits)
    if a.size > max_elems:
        if a.dtype.kind in "fiub" and a.size and (a == a.flat[0]).all():
            # Every element the same (a gradient of ones): say it once.
            return f"{format_shape(a.shape)} ≡ {format_scalar(a.flat[0].item(), digits)}"
        return f"{format_shape(a.shape)} ∈ {format_range(a, digits - 1)}"
    return _nested(a, digits)


def _nested(a: np.ndarray, digits: int) -> str:
    if a.ndim == 1:
        return "[" + ", ".join(format_scalar(v, digits) for v in a.tolist()) + "]"
    rows = ",\n ".join(_nested(sub, digits) for sub in a)
    return "[" + rows + "]"

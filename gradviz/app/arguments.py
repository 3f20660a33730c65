"""The command line's option types: every value is checked where argparse reads it.

``--scale`` must be a finite number in [`MIN_SCALE`, `MAX_SCALE`]; ``--step`` may hold no
number longer than `MAX_STEP_DIGITS` digits (no lesson has a billion steps, and Python
refuses to read an int of more than 4,300 digits).  A bad value is argparse's usual
``gradviz export: error: argument --scale: ...`` line and exit 2, never a traceback.
Which steps a lesson has is only known once it is read: `gradviz.app.exporting.parse_step`
and ``parse_iteration`` check that, and read their numbers with `step_number`.

No Qt here: ``gradviz --help`` builds the parser without loading it.
"""

from __future__ import annotations

import argparse
import math
import re

from gradviz.catalog import text

MIN_SCALE = 0.25  # a quarter-size thumbnail; below it a graph is a few pixels across
MAX_SCALE = 8.0
MAX_STEP_DIGITS = 9
_NUMBER = re.compile(r"[+-]?[0-9]+")
_DIGITS = re.compile(f"[0-9]{{{MAX_STEP_DIGITS + 1},}}")


def scale_arg(value: str) -> float:
    """``--scale``: a finite number from `MIN_SCALE` to `MAX_SCALE`."""
    try:
        scale = float(value)
    except ValueError:
        scale = math.nan
    if not MIN_SCALE <= scale <= MAX_SCALE:  # NaN fails every comparison, so it lands here
        raise argparse.ArgumentTypeError(text(
            "{value!r} is not a scale: give a number from {low:g} to {high:g} (2 is the "
            "default, 1 is the screen's size)", "en", value=value, low=MIN_SCALE,
            high=MAX_SCALE))
    return scale


def step_arg(value: str) -> str:
    """``--step``: the text as given, once it is not empty and no number in it is absurdly
    long."""
    if not value.strip():
        raise argparse.ArgumentTypeError(text(
            "an empty step: give start, end, forward:N, backward:N or a number N", "en"))
    if _DIGITS.search(value):
        raise argparse.ArgumentTypeError(text(
            "{value}: a step number has at most {digits} digits", "en",
            value=_shortened(value), digits=MAX_STEP_DIGITS))
    return value


def step_number(value: str) -> int | None:
    """The int that `value` spells (``"12"``, ``"-1"``), or None if it spells none or one
    longer than `MAX_STEP_DIGITS` digits."""
    if not _NUMBER.fullmatch(value) or _DIGITS.search(value):
        return None
    return int(value)


def _shortened(value: str, keep: int = 24) -> str:
    return value if len(value) <= keep else f"{value[:keep]}… ({len(value)} characters)"

"""What a value read from a lesson file is: the checks its readers share.

TOML and Python both make ``true`` an int, so an integer here is an int that is not a bool.
"""

from __future__ import annotations

import math
import unicodedata

# A file may hold thousands of mistakes (a pasted log, a generated file): the first ones are
# listed, then how many more there are, and no hint is looked for past them, so checking a
# file takes a time that grows with its size, not with its size squared.
MAX_REPORTED = 20


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value) -> bool:
    """An int or float (inf and nan too: a tensor may hold them)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_finite_number(value) -> bool:
    """A number a scene can use: a learning rate, a range, a start (an int too large for a
    float, 400 digits, is not one)."""
    try:
        return is_number(value) and math.isfinite(float(value))
    except OverflowError:
        return False


def is_name_in(value, names) -> bool:
    """`value` is a string among `names` (a list or table read from TOML is never one:
    ``type = ["sgd"]`` must say what it should be, not fail to hash)."""
    return isinstance(value, str) and value in names


def code_name(name: str) -> str:
    """A name as the code reads it: Python folds identifiers to NFKC, so the ligature 'ﬁ' or
    a full-width 'ｘ' written in code is 'fi' or 'x' there, and an input, a note or the output
    named in TOML must be folded alike to be found."""
    return unicodedata.normalize("NFKC", name)

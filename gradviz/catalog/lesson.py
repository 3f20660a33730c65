"""Spanish for the lesson texts (see `gradviz.catalog`), and the "did you mean" hint.

`suggest` is shared by the lesson reader and the surfaces' formula checker, which sit side by
side above the catalog and import nothing of each other.
"""

from __future__ import annotations

import difflib

SPANISH: dict[str, str] = {}


def suggest(name: str, candidates) -> str:
    """``"; did you mean 'sigmoid'?"`` when a candidate is close, else ``""``."""
    close = difflib.get_close_matches(name, list(candidates), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""

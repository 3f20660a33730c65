"""Spanish for the lesson texts (see `gradviz.catalog`), and two helpers lessons share.

`suggest` is the "did you mean" hint of the lesson reader and of the surfaces' formula
checker, which sit side by side above the catalog and import nothing of each other.
`note_in` picks one language out of a lesson's bilingual ``[notes]``.
"""

from __future__ import annotations

import difflib

SPANISH: dict[str, str] = {
    # the headings of the table ``gradviz optimize`` (and ``gradviz run`` on a scene) prints
    "optimizer": "optimizador",
    "steps": "pasos",
    "loss": "pérdida",
    "status": "estado",
}

NOTE_ENGLISH = "EN:"  # a note writes Spanish first, then a line starting with this


def suggest(name: str, candidates) -> str:
    """``"; did you mean 'sigmoid'?"`` when a candidate is close, else ``""``."""
    close = difflib.get_close_matches(name, list(candidates), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def note_in(note: str, lang: str | None) -> str:
    """One language of a lesson note: ``"Entrada 3×4.\nEN: a 3×4 input."`` gives the English
    half for ``"en"`` and the Spanish half otherwise; a note without ``EN:`` is the same in
    both."""
    spanish, marker, english = note.partition("\n" + NOTE_ENGLISH)
    if not marker:
        spanish, marker, english = note.partition(NOTE_ENGLISH)
    if not marker:
        return note
    return english.strip() if lang == "en" else spanish.strip()

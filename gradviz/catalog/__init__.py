"""Every word the user sees, in English and Spanish: one catalog.

English is the source language: code writes the English text (``"Forward step"``,
``"used {n} times"``) and `text` gives it in the language asked for, with ``{fields}``
filled.  The Spanish lives in this package's domain modules (`ui`, `steps`, `formulas`,
`lesson`, `surfaces`, `cli`, `training`, `trainpage`, `drawing`, `syntax`…), each a
``SPANISH`` table of English → Spanish; they are merged here into one table, and a key
written twice with two translations is an error at import.
Qt's translator (``gradviz.app.i18n``) reads the same table, so widgets' ``self.tr(...)`` and
plain ``text(...)`` never disagree.

This package imports nothing of gradviz: every layer may use it.
"""

from __future__ import annotations

from importlib import import_module

LANGUAGES = {"es": "Español", "en": "English"}
DEFAULT = "es"
DOMAINS = (
    "ui",
    "steps",
    "formulas",
    "lesson",
    "surfaces",
    "cli",
    "layers",
    "autograd",
    "notation",
    "camera",
    "exports",
    "presenter",
    "training",
    "trainpage",
    "drawing",
    "syntax",
    "scenes",
)


def _merge() -> dict[str, str]:
    merged: dict[str, str] = {}
    for domain in DOMAINS:
        table = import_module(f"{__name__}.{domain}").SPANISH
        for english, spanish in table.items():
            if merged.get(english, spanish) != spanish:
                raise ValueError(
                    f"catalog: {english!r} has two Spanish texts: "
                    f"{merged[english]!r} and {spanish!r} ({domain})"
                )
            merged[english] = spanish
    return merged


SPANISH: dict[str, str] = _merge()


def language(lang: str | None) -> str:
    """`lang` if the catalog speaks it, else the default (Spanish, the course's language)."""
    return lang if lang in LANGUAGES else DEFAULT


def text(english: str, lang: str | None = DEFAULT, **fields) -> str:
    """`english` in `lang`, with its ``{fields}`` filled.

    A text without a Spanish entry comes back as written: maths such as ``σ(z)`` needs none.
    The catalog test fails for any word on screen that lacks one.
    """
    out = SPANISH.get(english, english) if language(lang) == "es" else english
    return out.format(**fields) if fields else out


def has(english: str) -> bool:
    """Whether `english` has a Spanish entry."""
    return english in SPANISH


def marked(english: str) -> str:
    """`english` as written, marked as a catalog text that `text` translates when shown.

    For words kept in a table before they are shown (a surface's title, a data set's name):
    the catalog test finds them by this mark, as it finds the literal texts of `text` calls.
    """
    return english

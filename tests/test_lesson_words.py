"""The lesson layer's words come from the catalog: the optimize table's headings and the
bilingual notes, in Spanish and English."""

from __future__ import annotations

import pytest

from gradviz.app.optimize_cli import TABLE_HEADINGS, optimize_table
from gradviz.catalog import has
from gradviz.catalog.lesson import note_in

RESULT = {"optimizers": [{"name": "SGD", "path": [[1.0, 2.0, 3.0]], "status_text": "ok"}]}


@pytest.mark.parametrize(("lang", "first"), [("es", "optimizador"), ("en", "optimizer")])
def test_optimize_table_headings_in_both_languages(lang, first):
    heading = optimize_table({**RESULT, "language": lang}).splitlines()[0].split()
    assert heading[0] == first
    assert heading == [first, *(
        ["pasos", "x", "y", "pérdida", "estado"] if lang == "es" else
        ["steps", "x", "y", "loss", "status"])]


def test_every_table_heading_has_spanish():
    assert all(has(heading) for heading in TABLE_HEADINGS)


@pytest.mark.parametrize(("note", "es", "en"), [
    ("Entrada 3×4.\nEN: a 3×4 input.", "Entrada 3×4.", "a 3×4 input."),
    ("Suma EN: sum", "Suma", "sum"),
    ("Solo español", "Solo español", "Solo español"),
])
def test_notes_in_one_language(note, es, en):
    assert (note_in(note, "es"), note_in(note, "en"), note_in(note, None)) == (es, en, es)

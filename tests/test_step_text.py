"""The inspector's step text reads without a legend: no line that is a name alone, G said,
no shorthand for arrays, no formula written twice, no heading that says a word twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gradviz.app.inspector import op_heading
from gradviz.lesson.prepare import prepare_lesson

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LESSONS = ["grafo_slide", "clasificador_dos_capas", "softmax_entropia_cruzada", "mse_vs_msle",
           "xor_red", "broadcasting"]


@pytest.fixture(scope="module", params=LESSONS)
def plan(request):
    return prepare_lesson(EXAMPLES / f"{request.param}.toml").plan


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_line_says_something(plan, lang):
    for step in plan.steps:
        for line in step.text[lang].splitlines():
            assert not re.fullmatch(r"∂\S+/∂\S+", line.strip()), step.text[lang]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_g_is_said_where_it_is_used_and_no_shorthand(plan, lang):
    said = {"en": "is the upstream gradient", "es": "es el gradiente que llega"}[lang]
    for step in plan.steps:
        words = step.text[lang]
        assert "≡" not in words and "∈" not in words
        if re.search(r"(?<!\w)G(?!\w)", words):
            assert said in words, words


def test_a_formula_is_not_written_twice():
    plan = prepare_lesson(EXAMPLES / "grafo_slide.toml").plan
    first = plan.steps[0].text["en"]
    assert "a = x · y" in first and "formula" not in first  # the product says it already
    sigmoid = prepare_lesson(EXAMPLES / "neurona_sigmoide.toml").plan
    texts = [s.text["en"] for s in sigmoid.steps[: sigmoid.backward_start]]
    assert any("formula: σ(" in t for t in texts)  # a formula that says more stays


def test_headings_do_not_repeat_a_word():
    graph = prepare_lesson(EXAMPLES / "softmax_entropia_cruzada.toml").graph
    headings = {op_heading(n) for n in graph.nodes if n.is_op}
    assert "softmax" in headings and "ln" in headings
    assert not any(len(set(h.split())) < len(h.split()) for h in headings)
    assert all(h.split()[0] != "ln" or len(h.split()) == 1 for h in headings)

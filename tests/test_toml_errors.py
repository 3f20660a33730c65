"""TOML syntax errors are said in the lesson's words: each of tomllib's messages has a catalog
template, in Spanish too, and a key with letters outside a–z (``épocas = 3``) is told to be
quoted instead of "Invalid statement"."""

from __future__ import annotations

import re
import string

import pytest

from gradviz.catalog import SPANISH
from gradviz.lesson.parser import LessonError, parse_lesson
from gradviz.lesson.toml_errors import _TABLE, toml_problem

# a file that makes tomllib say each of its messages, and the catalog text it is said as
BROKEN = {
    "épocas = 3\n": "a key with letters outside a–z, like {key}, is written in quotes",
    "[inputs]\nα = 1.0\n": "a key with letters outside a–z, like {key}, is written in quotes",
    " = 3\n": "invalid statement: each line is key = value",
    "a = 1 2\n": "expected the end of the line after a value",
    '"x" 3\n': "expected '=' after the key",
    "[a]\n[a]\n": "the section [{key}] is declared twice",
    "a = 1\na = 2\n": "a key is given a value twice",
    "[a\n": "expected ']' at the end of the section's name",
    "[[a\n": "expected ']]' at the end of the section's name",
    "a = { b = 1 }\n[a.c]\n": "",  # tomllib words it one of two ways: either is in the table
    "a.=1\n": "a key cannot start here",
    "a = [1, 2\n": "a list '[' is never closed with ']'",
    "a = { b = 1, b = 2 }\n": "the key {key} is written twice in one table",
    "a = { b = 1\n": "an inline table is never closed with its brace",
    'a = "\\q"\n': "a \\ in a string starts an escape",
    'a = "\\uZZZZ"\n': "an escape \\u or \\U needs hexadecimal digits",
    'a = "x\n': "a string is not closed before the end of its line",
    'a = """x': "a string is never closed with its quote",
    'a = "\x01"\n': "the character {char} cannot be in a string",
    "a = 1979-13-01T00:00:00\n": "",
    "a = tru\n": "invalid value: expected a number",
}


def _said(text: str) -> LessonError:
    with pytest.raises(LessonError) as info:
        parse_lesson(text, "x.toml")
    return info.value


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)


def test_every_template_has_its_spanish_with_the_same_fields():
    for _, english, names in _TABLE:
        assert english in SPANISH, english
        assert _fields(SPANISH[english]) == _fields(english) == sorted(names), english


@pytest.mark.parametrize("text", BROKEN, ids=repr)
def test_a_toml_error_is_said_in_both_languages(text):
    error = _said(text)
    english, spanish = error.text("en"), error.text("es")
    assert english.startswith("x.toml:") and "TOML syntax error: " in english
    assert "error de sintaxis TOML: " in spanish and spanish != english
    words = english.split("TOML syntax error: ", 1)[1].removesuffix(" (at the end of the file)")
    assert words[:1].islower(), english  # a catalog text, not tomllib's "Invalid ..."
    expected = BROKEN[text]
    if expected:
        head = re.split(r"\{\w+\}", expected)[0]
        assert words.startswith(head), english
    assert not re.search(r"\b(Invalid|Cannot|Unclosed|Unterminated|Expected)\b", spanish)


@pytest.mark.parametrize(("text", "key", "example"), [
    ("[sección]\n", "sección", '["sección"]'),
    ('[lesson]\ntítulo = "x"\n', "título", '"título" = ...'),
    ("[train]\nbatch_ñ = 3\n", "batch_ñ", '"batch_ñ" = ...'),
    ("[[optimización]]\n", "optimización", '[["optimización"]]'),
])
def test_a_key_or_a_section_with_letters_outside_ascii_is_told_to_be_quoted(text, key,
                                                                            example):
    said = _said(text).text("en")
    assert f"like {key}, is written in quotes: {example}" in said, said


@pytest.mark.parametrize("text", ["a = é\n", 'a = "x" é\n'])
def test_a_letter_outside_ascii_in_a_value_is_not_a_key(text):
    assert "written in quotes" not in _said(text).text("en")


def test_the_hint_quotes_the_key():
    error = _said("[train]\népocas = 3\n")
    assert (error.line, error.col) == (2, 1)
    assert 'es "épocas" = ...' not in error.text("es")
    assert 'se escribe entre comillas: "épocas" = ...' in error.text("es")


def test_a_message_not_in_the_table_is_kept_as_tomllib_wrote_it():
    assert toml_problem("Some new message") == "Some new message"
    assert str(toml_problem("Cannot declare ('a', 'b') twice")) == \
        "the section [a.b] is declared twice"

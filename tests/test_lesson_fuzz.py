"""Whatever a lesson file holds, the only exception that escapes is a `LessonError` that
points at a line of the file."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradviz.lesson.functions import FUNCTIONS
from gradviz.lesson.parser import LessonError, load_lesson, parse_lesson
from gradviz.lesson.program import run_lesson

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_points_into(error: LessonError, text: str) -> None:
    lines = text.replace("\r\n", "\n").split("\n")
    for e in error.errors:
        assert 1 <= e.line <= len(lines), (str(e), len(lines))
        assert 1 <= e.col <= len(lines[e.line - 1]) + 1 or (e.line, e.col) == (1, 1), str(e)
        assert str(e) == f"{e.path}:{e.line}:{e.col}: {e.message}"


def parse_and_run(text: str) -> None:
    """Parse, and when that succeeds run forward and backward: LessonError or nothing."""
    try:
        lesson = parse_lesson(text, "fuzz.toml")
        if lesson.statements:
            run = run_lesson(lesson)
            if run.output is not None and run.output.numel() == 1:
                run.backward()
    except LessonError as error:
        assert_points_into(error, text)


# -- random bytes and text ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_file(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz") / "lesson.toml"


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes(fuzz_file, data):
    fuzz_file.write_bytes(data)
    try:
        load_lesson(fuzz_file)
    except LessonError as error:
        assert_points_into(error, data.decode("utf-8", "replace"))


@FUZZ
@given(text=st.text(max_size=400))
def test_random_text(text):
    parse_and_run(text)


# -- random TOML documents ------------------------------------------------------------------

KEYS = [
    "lesson",
    "inputs",
    "graph",
    "notes",
    "surface",
    "optimizer",
    "grahp",
    "title",
    "level",
    "dtype",
    "seed",
    "x",
    "y",
    "a",
    "randn",
    "rand",
    "value",
    "zeros",
    "ones",
    "full",
    "eye",
    "shape",
    "grad",
    "label",
    "code",
    "output",
    "my key",
    "ñ",
]
CODE_SNIPPETS = [
    "a = x * y",
    "b = sum(a)",
    "c = sigmod(x)",
    "d = x @ x.T",
    "import os",
    "e = x[0]",
    "a = (",
    "f = softmax(x, dim=1)",
    "",
    "g = 2 ** 3",
]

scalars = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=12),
    st.lists(st.sampled_from(CODE_SNIPPETS), max_size=4).map("\n".join),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    ),
    max_leaves=12,
)
documents = st.dictionaries(
    st.sampled_from(KEYS),
    st.one_of(st.dictionaries(st.sampled_from(KEYS), values, max_size=5), values),
    max_size=6,
)


def toml_key(key: str) -> str:
    return key if key.replace("_", "").isalnum() and key.isascii() else json.dumps(key)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else {math.inf: "inf", -math.inf: "-inf"}.get(value, repr(value))
        )
    if isinstance(value, str):
        if "\n" in value:
            return "'''\n" + value + "\n'''"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    return str(value)


def toml_document(document: dict) -> str:
    lines = [
        f"{toml_key(k)} = {toml_value(v)}" for k, v in document.items() if not isinstance(v, dict)
    ]
    for name, table in document.items():
        if isinstance(table, dict):
            lines.append(f"[{toml_key(name)}]")
            lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


@FUZZ
@given(document=documents)
def test_random_toml_documents(document):
    parse_and_run(toml_document(document))


# -- random expressions in a valid lesson ---------------------------------------------------

NAMES = ["x", "y", "s", "m", "a", "b", "c", "q", "T", "torch", "sum"]
ATOMS = st.one_of(
    st.sampled_from(NAMES),
    st.integers(-3, 3).map(str),
    st.sampled_from(["0.5", "1e3", "True", "None", "'s'", "2j", "...", "1e400", "9" * 400]),
)
FUNCS = st.sampled_from([*FUNCTIONS, "sigmod", "pow", "eval", "__import__", "x"])
OPTIONS = st.sampled_from(
    [
        "",
        ", 1",
        ", 0, 1",
        ", (3, 2)",
        ", dim=1",
        ", dim=-1, keepdim=True",
        ", min=0",
        ", reduction='sum'",
        ", dim=x",
        ", foo=1",
        ", *x",
    ]
)


def expressions():
    return st.recursive(
        ATOMS,
        lambda inner: st.one_of(
            st.tuples(
                inner,
                st.sampled_from(["+", "-", "*", "/", "**", "@", "//", "%", "<", "and", ""]),
                inner,
            ).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
            inner.map(lambda e: f"({e})"),
            inner.map(lambda e: f"-{e}"),
            inner.map(lambda e: f"{e}.T"),
            st.tuples(inner, st.sampled_from([".foo", "[0]", "[1:]", ".sum()"])).map("".join),
            st.tuples(FUNCS, inner, st.one_of(st.just(""), inner.map(", {}".format)), OPTIONS).map(
                lambda t: f"{t[0]}({t[1]}{t[2]}{t[3]})"
            ),
            st.tuples(
                inner, st.text(alphabet="()[]{}=+-*/.,:;#@!$&|^~`\\ \t\n", max_size=3), inner
            ).map("".join),
        ),
        max_leaves=8,
    )


statements = st.tuples(st.sampled_from(NAMES[4:8] + ["x", "sum", "a, b", ""]), expressions()).map(
    lambda t: f"{t[0]} = {t[1]}" if t[0] else t[1]
)

HEADER = """\
[lesson]
dtype = "float64"
seed = 1
[inputs]
x = { randn = [2, 3], grad = true }
y = { rand = [3], grad = true }
s = 2.0
m = { value = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]] }
[graph]
"""


@FUZZ
@given(code=st.lists(statements, min_size=1, max_size=5), quote=st.sampled_from(['"""', "'''"]))
def test_random_expressions(code, quote):
    body = "\n".join(code).replace("\\", "").replace(quote[0], "")
    parse_and_run(f"{HEADER}code = {quote}\n{body}\n{quote}\n")


# Well-formed expressions, so that many lessons get as far as the engine.
UNARY = ["exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu", "leaky_relu", "sum", "mean"]
BINARY = ["matmul", "maximum", "minimum", "mse_loss", "binary_cross_entropy", "cross_entropy"]
well_formed = st.recursive(
    st.sampled_from(["x", "y", "s", "m", "2", "0.5", "x.T", "m.T"]),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**", "@"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(st.sampled_from(UNARY), inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(BINARY), inner, inner).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(
            st.sampled_from(["softmax", "log_softmax", "sum"]), inner, st.integers(-2, 2)
        ).map(lambda t: f"{t[0]}({t[1]}, dim={t[2]})"),
        st.tuples(inner, st.sampled_from(["(6,)", "(3, 2)", "(-1, 3)", "(4,)"])).map(
            lambda t: f"reshape({t[0]}, {t[1]})"
        ),
        inner.map(lambda e: f"transpose({e}, 0, 1)"),
        inner.map(lambda e: f"clamp({e}, min=-1, max=1)"),
    ),
    max_leaves=6,
)


@FUZZ
@given(code=st.lists(well_formed, min_size=1, max_size=4))
def test_well_formed_expressions_reach_the_engine(code):
    body = "\n".join(f"v{i} = {e}" for i, e in enumerate(code)) + f"\nloss = sum(v{len(code) - 1})"
    parse_and_run(f'{HEADER}code = """\n{body}\n"""\n')


@FUZZ
@given(code=st.text(max_size=200))
def test_random_code_text(code):
    code = code.replace("'", "")
    parse_and_run(f"{HEADER}code = '''\n{code}\n'''\n")


@FUZZ
@given(code=st.lists(statements, min_size=1, max_size=3))
def test_random_expressions_in_one_line_string(code):
    body = json.dumps("\n".join(code))  # \n escapes keep everything on one file line
    parse_and_run(f"{HEADER}code = {body}\n")


BROKEN_LINES = [
    "b = (x +", "b = x +* y", "b = [1, 2", "b = x)", "b = sigmod(x", "b = ((x)", "b = x y",
    "b = 2 +\n  + x",
]


@FUZZ
@given(
    code=st.lists(well_formed, min_size=1, max_size=4),
    broken=st.sampled_from(BROKEN_LINES),
    where=st.integers(0, 4),
)
def test_one_broken_line_is_one_error(code, broken, where):
    # the lines around a syntax error are checked, and report nothing false
    lines = [f"v{i} = {e}" for i, e in enumerate(code)] + [f"loss = sum(v{len(code) - 1})"]
    lines.insert(min(where, len(lines)), broken)
    text = f'{HEADER}code = """\n' + "\n".join(lines) + '\n"""\n[notes]\nloss = "n"\nb = "n"\n'
    with pytest.raises(LessonError) as info:
        parse_lesson(text, "fuzz.toml")
    assert len(info.value.errors) == 1, str(info.value)
    assert info.value.message.startswith("Python syntax error in code")
    assert_points_into(info.value, text)

"""Lesson files: what parses, and every error pointing at the right line and column."""

from __future__ import annotations

import ast

import pytest

from gradviz.lesson.functions import FUNCTIONS
from gradviz.lesson.parser import (
    MAX_FILE_BYTES,
    LessonError,
    LessonErrors,
    load_lesson,
    parse_lesson,
)

EXAMPLE = """\
[lesson]
title = "Grafo computacional"
description = "c = Σ (x·y + z)"
language = "es"
level = "tensor"
dtype = "float64"
seed = 0

[inputs]
x = { randn = [3, 4], grad = true }
y = { rand = [3, 4], grad = true }
z = { value = [[1.0, 2.0, 3.0, 4.0]], grad = true, label = "zeta" }
w = { zeros = [4, 1], grad = true }
o = { ones = [2] }
f = { full = { shape = [2, 2], value = 0.5 } }
i = { eye = 3 }
lr = 0.1
m = [[1, 2], [3, 4]]

[graph]
code = \"\"\"
a = x * y
b = a + z
c = sum(b)
\"\"\"
output = "c"

[notes]
a = "Multiplicación elemento a elemento"

[export]
theme = "dark"
"""


def problems(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(LessonError) as info:
        parse_lesson(text, "t.toml")
    return [(e.line, e.col, e.message) for e in info.value.errors]


def problem(text: str) -> tuple[int, int, str]:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def code_lesson(code: str, inputs: str = "x = { randn = [3, 4], grad = true }\ny = 2.0") -> str:
    # [inputs] on line 1, the inputs on lines 2-3, [graph] on 4, code = \"\"\" on 5,
    # so the first code line is file line 6.
    return f'[inputs]\n{inputs}\n[graph]\ncode = """\n{code}\n"""\n'


# -- what parses --------------------------------------------------------------------------


def test_example_parses_in_order():
    lesson = parse_lesson(EXAMPLE, "ex.toml")
    assert lesson.title == "Grafo computacional"
    assert (lesson.language, lesson.level, lesson.dtype, lesson.seed) == (
        "es",
        "tensor",
        "float64",
        0,
    )
    assert [s.name for s in lesson.inputs] == ["x", "y", "z", "w", "o", "f", "i", "lr", "m"]
    kinds = {s.name: (s.kind, s.shape) for s in lesson.inputs}
    assert kinds == {
        "x": ("randn", (3, 4)),
        "y": ("rand", (3, 4)),
        "z": ("value", (1, 4)),
        "w": ("zeros", (4, 1)),
        "o": ("ones", (2,)),
        "f": ("full", (2, 2)),
        "i": ("eye", (3, 3)),
        "lr": ("constant", ()),
        "m": ("constant", (2, 2)),
    }
    z = lesson.inputs[2]
    assert (z.label, z.grad, z.line, z.col) == ("zeta", True, 12, 1)
    assert lesson.inputs[5].value == 0.5
    assert lesson.inputs[7].grad is False
    assert [(s.target, s.line, s.col) for s in lesson.statements] == [
        ("a", 22, 1),
        ("b", 23, 1),
        ("c", 24, 1),
    ]
    assert lesson.output == "c"
    assert lesson.notes == {"a": "Multiplicación elemento a elemento"}
    assert lesson.raw["export"] == {"theme": "dark"}
    assert lesson.where("export", "theme") == (32, 1)


def test_defaults():
    lesson = parse_lesson('[graph]\ncode = "a = 2 * 3"\n', "dir/neuron.toml")
    assert (lesson.title, lesson.level, lesson.dtype, lesson.seed) == (
        "neuron",
        "tensor",
        "float32",
        None,
    )
    assert lesson.inputs == () and lesson.output == "a" and lesson.notes == {}


def test_output_defaults_to_last_assigned_name():
    lesson = parse_lesson(code_lesson("a = x * y\nb = sum(a)"))
    assert lesson.output == "b"


def test_ast_nodes_carry_file_positions():
    lesson = parse_lesson(code_lesson("a = x * y\nb = sum(a, dim=1)"))
    call = lesson.statements[1].ast
    assert isinstance(call, ast.Call)
    assert (call.lineno, call.col_offset) == (7, 4)
    assert (call.args[0].lineno, call.args[0].col_offset) == (7, 8)


def test_positions_inside_strings_of_every_kind():
    # basic multi-line, opening quotes followed by code on the same line
    assert problem('[graph]\ncode = """a = 1\nb = q"""\n')[:2] == (3, 5)
    # literal multi-line
    assert problem("[graph]\ncode = '''\na = 1\nb =   q\n'''\n")[:2] == (4, 7)
    # single-line basic string with \n escapes: everything is on line 2
    assert problem('[graph]\ncode = "a = 1\\nb = q"\n')[:2] == (2, 20)
    # single-line literal string
    assert problem("[graph]\ncode = 'a = q'\n")[:2] == (2, 13)
    # a \t escape takes two characters in the file but one in the code
    assert problem('[graph]\ncode = "a = 1 +\\tq"\n')[:2] == (2, 18)
    # a line-ending backslash joins lines and swallows the indentation
    assert problem('[graph]\ncode = """\\\n     a = q\n"""\n')[:2] == (3, 10)
    # Windows line endings
    assert problem('[graph]\r\ncode = """\r\na = 1\r\nb = q\r\n"""\r\n')[:2] == (4, 5)
    # a dotted key and an inline table find the string too
    assert problem('graph.code = "a = q"\n')[:2] == (1, 19)
    assert problem('graph = { code = "a = q" }\n')[:2] == (1, 23)


def test_non_ascii_columns_count_characters_not_bytes():
    line, col, message = problem(code_lesson("ñandú = x + éé"))
    assert (line, col) == (6, 13)
    assert message == "unknown name 'éé'"


# -- TOML and file problems -----------------------------------------------------------------


def test_toml_syntax_error_position():
    line, col, message = problem('[lesson]\ntitle = "x"\nseed = = 3\n')
    assert (line, col) == (3, 8)
    assert message.startswith("TOML syntax error: invalid value: expected a number")


def test_toml_error_at_end_of_document():
    text = '[graph]\ncode = """\na = 1\n'
    line, col, message = problem(text)
    assert line == 4 and "end of the file" in message


def test_duplicate_table_is_a_toml_error():
    line, _, message = problem('[graph]\ncode = "a = 1"\n[graph]\n')
    assert line == 3 and "TOML syntax error" in message


def test_missing_file(tmp_path):
    with pytest.raises(LessonError) as info:
        load_lesson(tmp_path / "nope.toml")
    assert str(info.value) == f"{tmp_path / 'nope.toml'}:1:1: no such file"


def test_directory(tmp_path):
    with pytest.raises(LessonError, match="directory"):
        load_lesson(tmp_path)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('[lesson]\ntitle = "Añadir"\n'.encode("latin-1"))
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert (info.value.line, info.value.col) == (1, 1)
    assert "not UTF-8" in info.value.message and "line 2, column 11" in info.value.message


def test_too_big(tmp_path):
    path = tmp_path / "big.toml"
    path.write_text("# " + "x" * MAX_FILE_BYTES)
    with pytest.raises(LessonError, match="1 MiB"):
        load_lesson(path)
    with pytest.raises(LessonError, match="1 MiB"):
        parse_lesson("#" * (MAX_FILE_BYTES + 1))


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b'[graph]\ncode = "a = 1"\n')
    assert load_lesson(path).statements[0].target == "a"


def test_str_is_file_line_col_message(tmp_path):
    path = tmp_path / "l.toml"
    path.write_text('[graph]\ncode = "a = sigmod(1)"\n', encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert str(info.value) == f"{path}:2:13: unknown function 'sigmod'; did you mean 'sigmoid'?"


# -- sections and [lesson] -------------------------------------------------------------------


def test_unknown_section_suggests():
    text = '[graph]\ncode = "a = 1"\n\n[optimiser]\nlr = 1\n'
    assert problem(text) == (4, 1, "unknown section [optimiser]; did you mean [optimizer]?")


def test_further_sections_are_kept():
    text = '[[optimizer]]\nname = "sgd"\n[[optimizer]]\nname = "adam"\n'
    lesson = parse_lesson(text)
    assert [o["name"] for o in lesson.raw["optimizer"]] == ["sgd", "adam"]
    assert lesson.where("optimizer", 1, "name") == (4, 1)
    error = lesson.error("unknown optimizer", "optimizer", 1, "name")
    assert str(error) == "<lesson>:4:1: unknown optimizer"


def test_scene_without_graph_is_allowed():
    lesson = parse_lesson('[surface]\nfunction = "rosenbrock"\n')
    assert lesson.statements == () and lesson.output is None


def test_lesson_needs_a_graph():
    assert problem('[lesson]\ntitle = "x"\n')[2].startswith("a lesson needs a [graph] section")


def test_top_level_lesson_key():
    text = 'title = "x"\n[graph]\ncode = "a = 1"\n'
    assert problem(text) == (1, 1, "'title' belongs in the [lesson] section")


def test_lesson_keys_and_values():
    text = (
        "[lesson]\n"
        "titel = 'x'\n"
        "level = 'scaler'\n"
        "dtype = 'float16'\n"
        "seed = -1\n"
        "description = 3\n"
        "language = 'fr'\n"
        "[graph]\ncode = 'a = 1'\n"
    )
    assert problems(text) == [
        (2, 1, "unknown key 'titel' in [lesson]; did you mean 'title'?"),
        (3, 9, 'level must be "tensor" or "scalar"'),
        (4, 9, 'dtype must be "float32" or "float64"'),
        (5, 8, "seed must be an integer from 0 to 2**63 - 1"),
        (6, 15, "description must be a string in quotes"),
        (7, 12, 'language must be "en" or "es"'),
    ]


def test_core_section_must_be_a_table():
    assert problem('inputs = 3\n[graph]\ncode = "a = 1"\n')[::2] == (
        1,
        "[inputs] must be a table (a [inputs] section)",
    )


# -- [inputs] ---------------------------------------------------------------------------------


def inputs_problem(spec: str) -> tuple[int, int, str]:
    return problem(f"[inputs]\nx = {spec}\n[graph]\ncode = 'a = x'\n")


def test_unknown_input_key_suggests():
    assert inputs_problem("{ randn = [3], grda = true }") == (
        2,
        20,
        "unknown key 'grda' in input 'x'; did you mean 'grad'?",
    )


def test_input_needs_one_kind():
    assert "needs exactly one of randn" in inputs_problem("{ grad = true }")[2]
    assert inputs_problem("{ randn = [3], zeros = [3] }")[2].endswith("(it has randn and zeros)")


def test_shape_must_be_positive_ints():
    assert inputs_problem("{ randn = [3, -4] }") == (
        2,
        19,
        "shape sizes must be positive integers, got -4",
    )
    assert inputs_problem("{ rand = [3, 2.5] }")[:2] == (2, 18)
    assert inputs_problem("{ zeros = [true] }")[2].endswith("got True")
    line, col, message = inputs_problem("{ ones = 3 }")
    assert (line, col) == (2, 14) and "list of positive integers such as [3, 4]" in message
    assert "at most 16 dimensions" in inputs_problem("{ ones = [" + "1, " * 17 + "1] }")[2]


def test_tensor_size_limit():
    line, col, message = inputs_problem("{ randn = [10000, 1001] }")
    assert (line, col) == (2, 15)
    assert message == "a tensor of 10,010,000 elements is over the limit of 10,000,000 elements"
    assert "10,000,000" in inputs_problem("{ eye = 4000 }")[2]
    assert "10,000,000" in inputs_problem("{ full = { shape = [4000, 4000], value = 1 } }")[2]


def test_eye_full_value_literals():
    assert inputs_problem("{ eye = 0 }")[2].startswith("eye must be a positive integer")
    assert inputs_problem("{ full = [3, 1.0] }")[2].startswith("full must be { shape")
    assert inputs_problem("{ full = { shape = [3], value = 'a' } }")[:2] == (2, 37)
    assert inputs_problem("{ value = [[1, 2], [3]] }") == (
        2,
        24,
        "rows differ in length: element 1 has shape (1,), element 0 has (2,)",
    )
    assert inputs_problem("{ value = [1, 'a'] }")[:2] == (2, 19)
    assert inputs_problem("{ value = [] }")[2] == "a value cannot be an empty list"
    assert inputs_problem("[[1, 2], [3, 4, 5]]")[:2] == (2, 14)
    assert "must be a number, a list or a table" in inputs_problem("'hello'")[2]
    assert inputs_problem("true")[:2] == (2, 1)


def test_grad_and_label_types():
    assert inputs_problem("{ randn = [2], grad = 1 }") == (2, 27, "grad must be true or false")
    assert inputs_problem("{ randn = [2], label = '' }")[2] == "label must be a non-empty string"


def test_input_names():
    text = '[inputs]\n"my x" = 1\nsum = 2\n[graph]\ncode = "a = 1"\n'
    found = problems(text)
    assert found[0][:2] == (2, 1) and "not a valid name" in found[0][2]
    assert found[1][:2] == (3, 1) and "a function name" in found[1][2]


def test_inputs_in_sub_tables():
    text = "[inputs.x]\nrandn = [2]\ngrad = true\n[inputs.y]\nrand = [2, 0]\n"
    text += '[graph]\ncode = "a = x"\n'
    assert problem(text) == (5, 12, "shape sizes must be positive integers, got 0")


# -- [graph], [notes] -------------------------------------------------------------------------


def test_graph_keys():
    assert problem("[graph]\noutput = 'a'\n")[::2] == (
        1,
        "[graph] needs code = \"\"\"...\"\"\" with one 'name = expression' per line,"
        " e.g. a = x * y",
    )
    assert problem("[graph]\ncode = 3\n")[:2] == (2, 8)
    for text in ("[graph]\noutput = 'a'\n", "[graph]\ncode = 3\n"):
        message = problem(text)[2]  # one line, with no escapes written out
        assert "\\" not in message and "\n" not in message and "a = x * y" in message
    assert problem("[graph]\ncode = '''\n\n# nothing\n'''\n")[2].startswith(
        "code has no statements"
    )
    assert problem("[graph]\ncode = 'a = 1'\nouptut = 'a'\n") == (
        3,
        1,
        "unknown key 'ouptut' in [graph]; did you mean 'output'?",
    )


def test_output_must_be_defined():
    text = code_lesson("a = x * y\nloss = sum(a)") + 'output = "los"\n'
    assert problem(text) == (9, 10, "output 'los' is not defined; did you mean 'loss'?")
    assert problem(code_lesson("a = x") + "output = 3\n")[2] == "output must be a name in quotes"


def test_notes_for_unknown_names():
    text = code_lesson("a = x * y") + '[notes]\nx = "input"\nb = "typo"\naa = 3\n'
    assert problems(text) == [
        (10, 1, "note for unknown name 'b'"),
        (11, 1, "note for unknown name 'aa'; did you mean 'a'?"),
    ]


# -- the expression language ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "line", "col", "message"),
    [
        ("a = sigmod(x)", 6, 5, "unknown function 'sigmod'; did you mean 'sigmoid'?"),
        ("a = x\nb = sofmax(a, dim=1)", 7, 5, "unknown function 'sofmax'; did you mean 'softmax'?"),
        ("a = pow(x, 2)", 6, 5, "unknown function 'pow'; use the ** operator"),
        ("a = frobnicate(x)", 6, 5, "unknown function 'frobnicate'"),
        ("a = xx * y", 6, 5, "unknown name 'xx'; did you mean 'x'?"),
        ("a = x * b\nb = y", 6, 9, "'b' is used before it is assigned (on line 7)"),
        ("x = y * 2", 6, 1, "cannot reassign input 'x'; choose a new name"),
        ("a = x\na = y", 7, 1, "'a' is already assigned on line 6; give each value its own name"),
        ("sum = x", 6, 1, "'sum' is a function name; choose another name"),
        ("a = x[0]", 6, 5, "indexing x[...] is not allowed in a lesson expression"),
        ("a = x[0:2]", 6, 5, "indexing x[...] is not allowed in a lesson expression"),
        ("h = x\na = h[0]", 7, 5, "indexing h[...] is not allowed in a lesson expression"),
        ("a = y[0][1]", 6, 5, "indexing y[...] is not allowed in a lesson expression"),
        ("a = exp(x)[0]", 6, 5, "indexing exp(x)[...] is not allowed in a lesson expression"),
        ("a = (x + y)[0]", 6, 5, "indexing (x + y)[...] is not allowed in a lesson expression"),
        ("a = relu(x, 1)", 6, 13, "relu() takes at most 1 argument (input), got 2"),
        ("a = relu()", 6, 5, "relu() needs 1 tensor argument (input), got 0"),
        ("a = (lambda: x)()", 6, 6, "only the listed functions can be called"),
        ("a = lambda: x", 6, 5, "lambda is not allowed in a lesson expression"),
        ("a = [x for x in y]", 6, 5, "a comprehension is not allowed in a lesson expression"),
        ("import os", 6, 1, "imports are not allowed; each line is 'name = expression'"),
        ("from os import path", 6, 1, "imports are not allowed; each line is 'name = expression'"),
        ("a = x.foo", 6, 7, "attribute '.foo' is not allowed; the only attribute is .T"),
        ("a = x.sum()", 6, 7, "method calls are not allowed; write sum(...) instead"),
        ("a = torch.exp(x)", 6, 11, "write exp(...) without the 'torch.' prefix"),
        (
            "a = x.__class__",
            6,
            7,
            "attribute '.__class__' is not allowed; the only attribute is .T",
        ),
        ("a = 'hello'", 6, 5, "strings are not allowed in expressions"),
        ("a = x * 2j", 6, 9, "2j is not allowed; use int or float numbers"),
        ("a = None", 6, 5, "None is not allowed; use int or float numbers"),
        (
            "a = x * 1" + "0" * 400,
            6,
            9,
            "this number is too large; write it as a float such as 1e300",
        ),
        ("a = x // y", 6, 5, "operator '//' is not allowed; use + - * / ** @"),
        ("a = x % y", 6, 5, "operator '%' is not allowed; use + - * / ** @"),
        ("a = ~x", 6, 5, "operator '~' is not allowed; use unary -"),
        ("a = not x", 6, 5, "operator 'not' is not allowed; use unary -"),
        ("a = x < y", 6, 5, "a comparison is not allowed in a lesson expression"),
        (
            "a = x if y else x",
            6,
            5,
            "a conditional expression is not allowed in a lesson expression",
        ),
        ("a = (x, y)", 6, 5, "tuples and lists are only allowed as literal arguments"),
        ("a = {1: x}", 6, 5, "a dict is not allowed in a lesson expression"),
        ("a = f'{x}'", 6, 5, "an f-string is not allowed in a lesson expression"),
        ("a = (b := x)", 6, 6, "the := operator is not allowed in a lesson expression"),
        ("sum(x)", 6, 1, "expected an assignment 'name = expression'"),
        ("a = b = x", 6, 5, "assign one name per line ('a = b = c' is not allowed)"),
        ("a, b = x, y", 6, 1, "the left side of '=' must be a single name"),
        (
            "a = x\na += y",
            7,
            1,
            "augmented assignment (+= and friends) are not allowed; each line"
            " is 'name = expression'",
        ),
        ("for i in x:\n    a = i", 6, 1, "loops are not allowed; each line is 'name = expression'"),
        (
            "def f():\n    pass",
            6,
            1,
            "function definitions are not allowed; each line is 'name = expression'",
        ),
        ("a = x(2)", 6, 5, "'x' is a tensor, not a function"),
        ("a = sum", 6, 5, "'sum' is a function; call it as sum(...)"),
        ("a = __import__('os')", 6, 5, "unknown function '__import__'"),
        ("a = sum(x, dim=y)", 6, 16, "dim must be a literal: an integer such as dim=1"),
        ("a = sum(x, dim=1, keepdim=1)", 6, 27, "keepdim must be True or False, got 1"),
        ("a = sum(x, dimm=1)", 6, 12, "sum() has no argument 'dimm'; did you mean 'dim'?"),
        ("a = exp(x, dim=1)", 6, 12, "exp() has no argument 'dim'"),
        (
            "a = sum(x, 1, True, 3)",
            6,
            21,
            "sum() takes at most 3 arguments (input, dim, keepdim), got 4",
        ),
        ("a = sum(x, 1, dim=1)", 6, 15, "sum() got two values for 'dim'"),
        ("a = sum(input=x)", 6, 5, "sum() needs 1 tensor argument (input), got 0"),
        ("a = mse_loss(x)", 6, 5, "mse_loss() needs 2 tensor arguments (input, target), got 1"),
        ("a = softmax(x)", 6, 5, "softmax() needs dim=..., e.g. dim=1"),
        ("a = reshape(x)", 6, 5, "reshape() needs shape=..., e.g. reshape(x, (2, 3))"),
        (
            "a = reshape(x, (2, y))",
            6,
            20,
            "shape must be a literal: a tuple of integers such as (2, 3)",
        ),
        (
            "a = reshape(x, (2.5, 1))",
            6,
            16,
            "shape must be a tuple of integers such as (2, 3), got (2.5, 1)",
        ),
        (
            "a = mse_loss(x, x, reduction='avg')",
            6,
            30,
            "reduction must be 'mean', 'sum' or 'none', got 'avg'",
        ),
        ("a = sum(*x)", 6, 9, "*unpacking is not allowed"),
        ("a = sum(x, **y)", 6, 12, "**unpacking is not allowed"),
        ("a = (1 +", 6, 5, "Python syntax error in code: '(' was never closed"),
        ("a = x +* y", 6, 8, "Python syntax error in code: invalid syntax"),
        ("a = x\n  b = y", 7, 2, "Python syntax error in code: unexpected indent; each line of "
         "code starts at the left edge, without spaces"),
        ("a = x\nb = x +", 7, 8, "Python syntax error in code: invalid syntax"),
    ],
)
def test_expression_errors(code, line, col, message):
    assert problem(code_lesson(code)) == (line, col, message)


def test_allowed_expressions():
    code = "\n".join(
        [
            "a = x @ x.T + 2 * y - -1.5",
            "b = (a / 2) ** 2 + +a",
            "c = sum(a, dim=(0, 1), keepdim=True) + mean(a, 0) + sum(a, dim=None)",
            "d = leaky_relu(x, negative_slope=0.2) + clamp(x, min=-1, max=1) + clamp(x, 0)",
            "e = softmax(x, dim=-1) + log_softmax(x, 1) + transpose(x.T, 0, 1)",
            "f = reshape(x, (4, 3)) + reshape(x, [4, -1]) + maximum(x.T, 0) * minimum(x.T, y)",
            "g = mse_loss(x, x, reduction='sum') + cross_entropy(x, x, label_smoothing=0.1)",
            "h = exp(log(sqrt(abs(tanh(sigmoid(relu(x))))))) + True",
            "i = matmul(x, x.T)  # a comment",
            "",
            "# blank lines and comments are fine",
        ]
    )
    lesson = parse_lesson(code_lesson(code))
    assert [s.target for s in lesson.statements] == list("abcdefghi")


def test_every_whitelisted_function_is_accepted():
    assert len(FUNCTIONS) == 29
    for name in FUNCTIONS:
        extra = {
            "softmax": ", 1",
            "log_softmax": ", 1",
            "transpose": ", 0, 1",
            "reshape": ", (12,)",
            "conv2d": ", x, x",
            "max_pool2d": ", 2",
            "avg_pool2d": ", 2",
        }.get(name, "")
        args = (
            "x, x"
            if name.endswith("loss")
            or "entropy" in name
            or name in ("matmul", "maximum", "minimum")
            else "x"
        )
        parse_lesson(code_lesson(f"a = {name}({args}{extra})"))


def test_deep_nesting_is_rejected_not_recursed():
    code = "a = " + "exp(" * 120 + "x" + ")" * 120
    line, col, message = problem(code_lesson(code))
    assert line == 6 and message == "expression nested more than 100 levels deep"
    for code in ("a = " + "-" * 5000 + "x", "a = " + " + ".join(["x"] * 100_000)):
        assert "nested" in problem(code_lesson(code))[2]


def test_null_byte_in_code():
    # first the rule for every string of the file (no picture holds a NUL), then Python's
    assert problems('[graph]\ncode = "a = 1\\u0000"\n') == [
        (2, 8, "a control character (U+0000) cannot be drawn nor written; remove it"),
        (2, 9, "Python syntax error in code: source code string cannot contain null bytes"),
    ]


def test_several_problems_at_once_sorted():
    text = code_lesson("a = sigmod(x)\nb = q\nc = x[0]")
    with pytest.raises(LessonErrors) as info:
        parse_lesson(text, "t.toml")
    assert [(e.line, e.col) for e in info.value.errors] == [(6, 5), (7, 5), (8, 5)]
    assert (info.value.line, info.value.col) == (6, 5)
    assert str(info.value).splitlines() == [
        "t.toml:6:5: unknown function 'sigmod'; did you mean 'sigmoid'?",
        "t.toml:7:5: unknown name 'q'",
        "t.toml:8:5: indexing x[...] is not allowed in a lesson expression",
    ]


def test_broken_line_does_not_cascade():
    # a's line is wrong, but later lines that use a are not reported again
    assert len(problems(code_lesson("a = sigmod(x)\nb = a * 2\nc = sum(b)"))) == 1


def test_note_for_a_broken_line_is_not_reported():
    text = code_lesson("a = sigmod(x)") + '[notes]\na = "ok"\nb = "typo"\n'
    assert [p[:2] for p in problems(text)] == [(6, 5), (10, 1)]


def test_broken_input_does_not_cascade():
    text = "[inputs]\nx = { randn = [0] }\n[graph]\ncode = 'a = x * 2'\n"
    assert len(problems(text)) == 1


# -- a syntax error does not hide the other problems -------------------------------------------

TESTER_LESSON = """\
[lesson]
title = "neuron"
levle = "tensor"

[inputs]
x = { randn = [3], grad = true }

[graph]
code = \"\"\"
h = sigmod(x)
k = (h + 1
m = torch.exp(x)
f = sum(m)
\"\"\"
output = "zzz"

[notes]
f = "the sum"
k = "the broken line"
"""


def test_syntax_error_and_every_other_problem_are_reported():
    assert problems(TESTER_LESSON) == [
        (3, 1, "unknown key 'levle' in [lesson]; did you mean 'level'?"),
        (10, 5, "unknown function 'sigmod'; did you mean 'sigmoid'?"),
        (11, 5, "Python syntax error in code: '(' was never closed"),
        (12, 11, "write exp(...) without the 'torch.' prefix"),
        (15, 10, "output 'zzz' is not defined"),
    ]


def test_syntax_error_gives_no_false_note_or_name_errors():
    # f, m and k are all assigned: neither their notes nor their uses are errors
    text = code_lesson("k = (x + 1\nm = k * 2\nf = sum(m)") + '[notes]\nf = "a"\nk = "b"\n'
    assert problems(text) == [(6, 5, "Python syntax error in code: '(' was never closed")]
    text = code_lesson("a = x +* y\nb = a * 2") + 'output = "b"\n[notes]\na = "n"\nb = "n"\n'
    assert problems(text) == [(6, 8, "Python syntax error in code: invalid syntax")]


def test_output_naming_nothing_is_reported_beside_other_errors():
    text = code_lesson("a = sigmod(x)\nb = a * 2") + 'output = "zzz"\n'
    assert problems(text) == [
        (6, 5, "unknown function 'sigmod'; did you mean 'sigmoid'?"),
        (9, 10, "output 'zzz' is not defined"),
    ]
    # the name of a broken line is defined: no error for it as the output
    assert len(problems(code_lesson("a = sigmod(x)") + 'output = "a"\n')) == 1
    assert len(problems(code_lesson("a = (x +") + 'output = "a"\n')) == 1


def test_lines_after_a_syntax_error_are_checked():
    found = problems(code_lesson("a = (x +\nb = xx * 2\nc = x +* y\nd = q"))
    assert found == [
        (6, 5, "Python syntax error in code: '(' was never closed"),
        (7, 5, "unknown name 'xx'; did you mean 'x'?"),
        (8, 8, "Python syntax error in code: invalid syntax"),
        (9, 5, "unknown name 'q'"),
    ]


def test_continuation_of_a_broken_statement_is_not_a_statement_of_its_own():
    # '+ y +)' continues the broken first statement: one error, not one for each line
    found = problems(code_lesson("a = (x\n+ y +)\nb = a * 2\nc = sigmod(b)"))
    assert found == [
        (7, 6, "Python syntax error in code: invalid syntax"),
        (9, 5, "unknown function 'sigmod'; did you mean 'sigmoid'?"),
    ]


def test_every_function_calls_the_engine():
    """One table: each name's row holds the engine function it runs (or a small adapter in
    the table's module around one), never the public gradviz.nn / top-level re-exports."""
    for name, function in FUNCTIONS.items():
        module = function.engine.__module__
        assert module.startswith("gradviz.engine.") or module == "gradviz.lesson.functions", name
        assert len(function.tensors) in (1, 2, 3) and function.required <= len(function.options)

"""Messages that say what the lecturer wrote, not what Python or numpy saw.

Each case once leaked an internal word: numpy's "remapped shapes" for a batch ``@``, "nested"
for a long flat sum, "unknown name" cascading after an indented line, Python's
``sys.set_int_max_str_digits()`` advice, "note for unknown name" for a ligature that Python
folds (NFKC) in code.
"""

from __future__ import annotations

import pytest

from gradviz.lesson.parser import LessonError, parse_lesson
from gradviz.lesson.prepare import prepare_lesson

CODE = '[inputs]\n{inputs}\n[graph]\ncode = """\n{code}\n"""\n'
X = "x = { value = [1.0, 2.0], grad = true }"


def _messages(text: str) -> list[str]:
    with pytest.raises(LessonError) as info:
        prepare_lesson(parse_lesson(text, "m.toml"))
    return [f"{e.line}:{e.col}: {e.message}" for e in info.value.errors]


@pytest.mark.parametrize(("text", "expected"), [
    (CODE.format(inputs="x = { randn = [2, 3, 4], grad = true }\ny = { randn = [3, 4, 5] }",
                 code="a = sum(x @ y)"),
     ["6:9: shapes (2, 3, 4) and (3, 4, 5) cannot be multiplied with @: the batch dimensions "
      "before the last two, (2,) and (3,), must broadcast (equal or 1, compared from the "
      "right), but 2 and 3 are neither"]),
    (CODE.format(inputs=X, code="a = " + " + ".join(["x"] * 102)),
     ["5:5: more than 100 operators in a row in one expression; split it over several lines, "
      "e.g. s = a + b + c, then t = s + d + e"]),
    (CODE.format(inputs=X, code="  a = x * 2\nb = sum(a + 1)"),
     ["5:2: Python syntax error in code: unexpected indent; each line of code starts at the "
      "left edge, without spaces"]),
    (CODE.format(inputs=X, code="a = sum(x) * " + "9" * 4400),
     ["5:1: an integer of more than 4,300 digits; write large numbers as floats, e.g. 1e300"]),
    ("x = " + "9" * 5000 + "\n",
     ["1:1: an integer of more than 4,300 digits; write large numbers as floats, e.g. 1e300"]),
])
def test_the_message_says_what_was_written(text, expected):
    assert _messages(text) == expected


def test_names_are_folded_as_python_folds_them_in_code():
    # "ﬁ" (a ligature) and "ｘ" (full width) are "fi" and "x" once Python reads the code
    text = ('[inputs]\n"ｘ" = { value = 1.0, grad = true }\n[graph]\ncode = "ﬁ = ｘ * 2"\n'
            'output = "ﬁ"\n[notes]\n"ﬁ" = "hola"\n"ｘ" = "entrada"\n')
    prepared = prepare_lesson(parse_lesson(text))
    assert prepared.lesson.output == "fi"
    assert prepared.lesson.notes == {"fi": "hola", "x": "entrada"}
    assert float(prepared.run.values["x"].grad.numpy()) == 2.0


@pytest.mark.parametrize("target", ["[1e300, 0, 2]", "[5, 0, 2]", "[-1, 0, 2]", "[0.5, 0, 2]"])
def test_a_class_index_outside_the_classes_says_so(target):
    text = ('[lesson]\ndtype = "float64"\n[inputs]\n'
            'z = { value = [[1.0, 2.0, 0.5, 0.1], [0.3, 0.2, 0.1, 0.0], '
            f'[1.0, 1.0, 1.0, 1.0]], grad = true }}\nt = {{ value = {target} }}\n'
            '[graph]\ncode = "L = cross_entropy(z, t)"\n')
    with pytest.raises(LessonError) as caught:
        prepare_lesson(parse_lesson(text))
    message = caught.value.text("en")
    assert "out of bounds" in message and "from 0 to 3" in message, message
    assert "shapes" not in message  # not an internal op's broadcast error

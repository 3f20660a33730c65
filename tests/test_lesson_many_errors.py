"""A file with thousands of mistakes is told in bounded time: the first `MAX_REPORTED`
problems, then one line that counts the rest, and no "did you mean" looked for past them.

A 30,000-error file once froze the window 13.6 s: every unknown name was compared with every
name defined before it (quadratic), and the banner was given all 30,000 lines.
"""

from __future__ import annotations

import difflib

import pytest

from gradviz.lesson.parser import LessonError, parse_lesson
from gradviz.lesson.values import MAX_REPORTED

N = 2000
CODE = '[inputs]\nx = 1.0\n[graph]\ncode = """\n{lines}"""\n'
MANY = {
    "unknown_names": CODE.format(lines="".join(f"a{i} = zz{i}\n" for i in range(N))),
    "unknown_functions": CODE.format(lines="".join(f"a{i} = sigmod{i}(x)\n" for i in range(N))),
    "syntax_errors": CODE.format(lines="".join(f"a{i} = = {i}\n" for i in range(N))),
    "notes": '[inputs]\nx = 1.0\n[graph]\ncode = "y = x"\n[notes]\n'
    + "".join(f'n{i} = "x"\n' for i in range(N)),
    "inputs": "[inputs]\n" + "".join(f"x{i} = {{ randn = [-1] }}\n" for i in range(N))
    + '[graph]\ncode = "y = x0"\n',
    "sections": "".join(f"[s{i}]\n" for i in range(N)),
    "lesson_keys": "[lesson]\n" + "".join(f"k{i} = 1\n" for i in range(N))
    + '[inputs]\nx = 1.0\n[graph]\ncode = "y = x"\n',
}


@pytest.mark.parametrize("name", list(MANY))
def test_the_first_problems_are_listed_then_counted(name, monkeypatch):
    calls = []
    close_matches = difflib.get_close_matches

    def counted(*args, **kwargs):
        calls.append(args[0])
        return close_matches(*args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    with pytest.raises(LessonError) as info:
        parse_lesson(MANY[name], f"{name}.toml")
    errors = info.value.errors
    assert len(errors) == MAX_REPORTED + 1
    more = errors[-1].text("en")
    assert more.startswith(f"{name}.toml:") and "more problems are not listed" in more
    count = int(more.split(": ", 1)[1].split(" ")[0].replace(",", ""))
    assert count >= N - MAX_REPORTED
    assert len(calls) <= MAX_REPORTED + 2  # hints for the listed ones only, never per problem
    assert errors[-1].text("es").split(": ", 1)[1].startswith(f"{count:,} problemas más")


def test_a_few_problems_are_all_listed_without_a_count():
    text = CODE.format(lines="".join(f"a{i} = zz{i}\n" for i in range(MAX_REPORTED)))
    with pytest.raises(LessonError) as info:
        parse_lesson(text)
    assert len(info.value.errors) == MAX_REPORTED
    assert all("unknown name" in e.message for e in info.value.errors)

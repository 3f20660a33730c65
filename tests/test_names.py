"""Automatic node names: never the user's names (ignoring case), never each other, readable."""

from __future__ import annotations

from pathlib import Path

import pytest
from bundled import PAST_SCALAR_LIMIT

import gradviz as gv
from gradviz.graph.record import number_name, record
from gradviz.lesson.parser import parse_lesson
from gradviz.lesson.prepare import SCALAR, TENSOR, prepare_lesson

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _named(t, name):
    t.name = name
    return t


def _value_names(graph) -> list[str]:
    return [n.name for n in graph.nodes if not n.is_op]


def _assert_no_clash(graph, user_names) -> None:
    """Automatic names differ, ignoring case, from the user's names and from each other
    (numbers that name a constant by its value may repeat: two 2s are both ``2``)."""
    user = {name.casefold() for name in user_names}
    automatic = [
        n.name for n in graph.nodes
        if not n.is_op and n.name.casefold() not in user and not _is_number(n.name)
    ]
    folded = [name.casefold() for name in automatic]
    assert len(set(folded)) == len(folded), automatic
    names = [n.name for n in graph.nodes if not n.is_op and not _is_number(n.name)]
    by_fold: dict[str, set[str]] = {}
    for name in names:
        by_fold.setdefault(name.casefold(), set()).add(name)
    assert all(len(spellings) == 1 for spellings in by_fold.values()), by_fold


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _lesson(code: str, inputs: str) -> str:
    return f'[lesson]\ndtype = "float64"\n[inputs]\n{inputs}\n[graph]\ncode = """\n{code}\n"""\n'


def test_classifier_intermediates_do_not_take_the_lessons_z1_and_z2():
    prepared = prepare_lesson(EXAMPLES / "clasificador_dos_capas.toml")
    names = _value_names(prepared.graph)
    assert names.count("z1") == 1 and names.count("z2") == 1, names
    assert len(set(names)) == len(names), names
    z1 = next(n for n in prepared.graph.nodes if n.name == "z1")
    [producer] = prepared.graph.inputs_of(z1.id)
    assert prepared.graph.nodes[producer.src].op == "add"  # z1 is W1 @ x + b1, not W1 @ x


@pytest.mark.parametrize("example", ["activaciones", "broadcasting"])
def test_sums_of_sums_are_not_s1_and_S1(example):
    graph = prepare_lesson(EXAMPLES / f"{example}.toml").graph
    _assert_no_clash(graph, [])
    folded = [name.casefold() for name in _value_names(graph)]
    assert len(set(folded)) == len(folded), _value_names(graph)


def _graph_examples():
    """Every example with a graph (optimizer scenes have none), at each level it can be
    drawn at (`bundled.PAST_SCALAR_LIMIT` is past the scalar view's node limit)."""
    from gradviz.lesson.parser import load_lesson

    for path in sorted(EXAMPLES.glob("*.toml")):
        if load_lesson(path).output is None:
            continue
        for level in (TENSOR, SCALAR):
            if not (level == SCALAR and path.stem in PAST_SCALAR_LIMIT):
                yield pytest.param(path, level, id=f"{path.stem}-{level}")


@pytest.mark.parametrize(("path", "level"), list(_graph_examples()))
def test_no_example_has_a_name_clash(path, level):
    from gradviz.lesson.parser import load_lesson

    lesson = load_lesson(path)
    prepared = prepare_lesson(lesson, level)
    user = [spec.label for spec in lesson.inputs] + [s.target for s in lesson.statements]
    _assert_no_clash(prepared.graph, user)


def test_constant_exponent_shows_its_value_not_c1_next_to_input_c():
    text = _lesson("f = (a*b + c)**2",
                   "a = { value = 2.0, grad = true }\nb = { value = -3.0, grad = true }\n"
                   "c = { value = 10.0, grad = true }")
    graph = prepare_lesson(parse_lesson(text, "f.toml")).graph
    names = _value_names(graph)
    assert "2" in names and "c1" not in names and "C1" not in names, names
    constant = next(n for n in graph.nodes if n.name == "2")
    assert constant.is_leaf and not constant.requires_grad and float(constant.value) == 2.0


def test_automatic_names_avoid_every_spelling_of_the_users_names():
    gv.manual_seed(0)
    x = _named(gv.randn(3, requires_grad=True), "x")
    taken = _named(x * 2.0, "P1")  # the user's own name: the next product must not be p1
    s1 = _named(taken.sum(), "S1")
    out = _named(s1 + (x * 3.0).sum() + x.exp().log().sum(), "out")
    out.backward()
    graph = record(out)
    names = _value_names(graph)
    assert names.count("P1") == 1 and names.count("S1") == 1
    assert "p1" not in names and "s1" not in names
    _assert_no_clash(graph, ["x", "P1", "S1", "out"])


def test_no_stem_reads_as_a_digit():
    x = _named(gv.tensor([1.0, 2.0], requires_grad=True), "x")
    y = gv.log(x).sum()
    y.backward()
    names = _value_names(record(y))
    assert not any(name[:1] in ("l", "I", "O") and name[1:].isdigit() for name in names), names
    assert "ln1" in names


def test_names_passed_in_and_reserved_names_are_avoided():
    x = gv.tensor([1.0, 2.0], requires_grad=True)
    a = x * x
    b = a.sum()
    b.backward()
    graph = record(b, names={id(x): "p1", id(b): "out"}, reserved=["SUM1"])
    names = _value_names(graph)
    assert names.count("p1") == 1 and "sum1" not in names
    _assert_no_clash(graph, ["p1", "out", "SUM1"])


def test_a_stem_the_user_already_uses_is_replaced():
    gv.manual_seed(0)
    x = _named(gv.randn(2, 1), "x")
    w = _named(gv.randn(3, 2, requires_grad=True), "W1")
    z1 = _named(w @ x + 1.0, "z1")  # W1 @ x has no name of its own
    loss = _named(z1.sum(), "L")
    loss.backward()
    names = _value_names(record(loss))
    assert not any(n.startswith("z") and n != "z1" for n in names), names
    assert "mm1" in names


def test_value_labels_are_reserved_too():
    a = gv.Value(2.0, label="a")
    p = a * 3.0
    p.label = "P1"
    q = a * 4.0  # unnamed: not p1, which reads as the same name
    out = p + q
    out.label = "out"
    out.backward()
    graph = record(out)
    names = _value_names(graph)
    assert "p1" not in names and names.count("P1") == 1
    assert "3" in names and "4" in names  # constants show their value
    _assert_no_clash(graph, ["a", "P1", "out"])


@pytest.mark.parametrize(
    ("value", "text"),
    [(2.0, "2"), (-0.0, "0"), (0.5, "0.5"), (-1.5, "-1.5"), (2.0409191213851825, "2.041"),
     (1e20, "1e20"), (float("inf"), "inf"), (True, "True"), (3, "3")],
)
def test_number_name(value, text):
    assert number_name(value) == text


def test_a_lesson_name_off_the_outputs_path_is_still_kept_from_automatic_names(tmp_path):
    from gradviz.lesson.prepare import prepare_lesson

    path = tmp_path / "side.toml"
    path.write_text('[lesson]\ntitle = "t"\n[inputs]\nx = { value = 2.0, grad = true }\n'
                    '[graph]\ncode = """\np1 = x * 3\nz = x * x\nout = z + x * 2\n"""\n'
                    'output = "out"\n')
    names = [n.name for n in prepare_lesson(path).graph.nodes if not n.is_op]
    assert "p1" not in names and len(set(names)) == len(names)

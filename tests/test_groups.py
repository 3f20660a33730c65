"""`[groups]`: a lesson's layers and loss as labelled frames (read, found in the graph, drawn)."""

from __future__ import annotations

import pytest

from gradviz.lesson.parser import LessonError, parse_lesson
from gradviz.lesson.prepare import SCALAR, prepare_lesson

GROUPED = '''[inputs]
x = { value = [[0.5], [-1.5]] }
W1 = { randn = [3, 2], grad = true }
b1 = { zeros = [3, 1], grad = true }
W2 = { randn = [1, 3], grad = true }
[graph]
code = """
z1 = W1 @ x + b1
a1 = sigmoid(z1)
z2 = W2 @ a1
L = sum(z2 * z2)
"""
[labels]
z1 = "z[1]"
[groups]
capa1 = { label = "capa 1", values = ["W1", "b1", "z1", "a1"] }
capa2 = ["z2"]
perdida = { label = "pérdida", values = ["L"] }
'''

BAD = '''[inputs]
x = { value = 1.0, grad = true }
[graph]
code = """
h = 2 * x
k = h * h
"""
[groups]
a = ["h", "hh"]
b = { label = "B", values = ["h", 3] }
c = []
d = 5
e = { label = "", values = ["k"] }
f = { lable = "x", values = ["k"] }
g = { label = "B", values = ["k"] }
'''


def _errors(source: str) -> list[LessonError]:
    with pytest.raises(LessonError) as caught:
        parse_lesson(source, "g.toml")
    return caught.value.errors


def test_groups_are_read_in_file_order():
    lesson = parse_lesson(GROUPED, "g.toml")
    assert [(g.key, g.label, g.values) for g in lesson.groups] == [
        ("capa1", "capa 1", ("W1", "b1", "z1", "a1")), ("capa2", "capa2", ("z2",)),
        ("perdida", "pérdida", ("L",))]


def test_bad_groups_are_told_where_in_both_languages():
    said = {(e.line, e.col): (e.text("en"), e.text("es")) for e in _errors(BAD)}
    assert said[(9, 11)] == (
        "g.toml:9:11: group 'a' names unknown value 'hh'; did you mean 'h'?",
        "g.toml:9:11: el grupo 'a' nombra un valor desconocido 'hh'; ¿quisiste decir 'h'?")
    assert said[(10, 30)] == (
        "g.toml:10:30: 'h' is in group 'a' already; a value belongs to one group",
        "g.toml:10:30: 'h' ya está en el grupo 'a'; un valor pertenece a un solo grupo")
    assert said[(10, 35)][0] == 'g.toml:10:35: a group lists names as strings, such as "z1"'
    assert said[(11, 5)] == (
        "g.toml:11:5: group 'c' is empty; list the values it holds",
        "g.toml:11:5: el grupo 'c' está vacío; enumera los valores que contiene")
    assert said[(12, 5)][1] == ("g.toml:12:5: el grupo 'd' debe ser una lista de nombres o "
                                "una tabla con label, values")
    assert said[(13, 15)][0] == "g.toml:13:15: a label must be a non-empty string"
    assert said[(14, 7)][0] == ("g.toml:14:7: unknown key 'lable' in [groups] f; "
                                "did you mean 'label'?")
    assert said[(15, 1)][0] == ("g.toml:15:1: groups 'g' and 'b' are both labelled 'B'; "
                                "give each its own")
    assert len(said) == 8


def _names(graph, group):
    return sorted(graph.nodes[i].name for i in group.nodes if not graph.nodes[i].is_op)


def test_a_group_holds_its_values_their_ops_and_the_unnamed_values_only_it_uses():
    graph = prepare_lesson(parse_lesson(GROUPED, "g.toml")).graph
    first, second, loss = graph.groups
    assert _names(graph, first) == ["W1", "a1", "b1", "mm1", "z[1]"]  # mm1: the W1 @ x
    assert {graph.nodes[i].op for i in first.nodes if graph.nodes[i].is_op} == {
        "matmul", "add", "sigmoid"}
    assert _names(graph, second) == ["z2"] and graph.nodes[second.output].name == "z2"
    assert _names(graph, loss) == ["L", "p1"] and loss.output == graph.output
    assert graph.nodes[first.output].name == "a1"
    assert not first.nodes & second.nodes and not second.nodes & loss.nodes


def test_the_scalar_view_groups_every_element():
    graph = prepare_lesson(parse_lesson(GROUPED, "g.toml"), SCALAR).graph
    first = graph.groups[0]
    names = _names(graph, first)
    assert {"W1[0,0]", "b1[2,0]", "a1[1,0]"} <= set(names)
    assert not any(name.startswith("z2") for name in names)


def _inside(rect, center, size) -> bool:
    """Whether a node's rectangle overlaps a frame rectangle."""
    x, y, w, h = rect
    (cx, cy), (sw, sh) = center, size
    return cx + sw / 2 > x and cx - sw / 2 < x + w and cy + sh / 2 > y and cy - sh / 2 < y + h


@pytest.mark.parametrize("name", ["xor_red", "clasificador_dos_capas", "red_tres_capas"])
def test_bundled_layers_are_framed_and_no_other_node_is_inside(name, qapp):
    from gradviz.view.scene import GraphScene, layout_for_view

    graph = prepare_lesson(f"examples/{name}.toml").graph
    layers = ["capa 1", "capa 2", "capa 3"][:len(graph.groups) - 1]
    assert [g.label for g in graph.groups] == [*layers, "pérdida"]
    layout = layout_for_view(graph)
    assert {k for k, *_ in layout.frames} == set(range(len(graph.groups)))
    for k, *rect in layout.frames:
        members = graph.groups[k].nodes
        for node in graph.nodes:
            if node.id not in members:
                assert not _inside(rect, layout.centers[node.id], layout.sizes[node.id]), (
                    graph.groups[k].label, node.name)
        # every member sits in one of its group's frames
    for k, group in enumerate(graph.groups):
        rects = [rect for j, *rect in layout.frames if j == k]
        for i in group.nodes:
            assert any(_inside(r, layout.centers[i], (1, 1)) for r in rects), graph.nodes[i].name
    scene = GraphScene(graph, layout)
    assert [f.label for f in scene.frames][:1] == ["capa 1"]
    assert all(f.zValue() < min(n.zValue() for n in scene.nodes) for f in scene.frames)


def test_the_5_32_32_3_net_reads_as_four_boxes():
    """The seed001 net's 28 nodes: every one but the data (x, y) in a layer or the loss."""
    graph = prepare_lesson("examples/red_tres_capas.toml").graph
    assert len(graph.groups) == 4
    outside = {n.name for n in graph.nodes} - {graph.nodes[i].name for g in graph.groups
                                               for i in g.nodes}
    assert outside == {"x", "y"}
    assert [graph.nodes[g.output].name for g in graph.groups] == ["a1", "a2", "a3", "L"]

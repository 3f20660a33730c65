"""Names in the course's notation: W1 / W[1] drawn as W^[1] on the nodes (both views, both
themes, every text size), in the caption band and the inspector; `[labels]` in lessons."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QPainter

from gradviz.graph.caption import Name, Notation, course_name, notation_of
from gradviz.lesson.parser import LessonError, parse_lesson
from gradviz.lesson.prepare import SCALAR, prepare_lesson
from gradviz.view.course_names import name_runs
from gradviz.view.items import Fonts, measure_node
from gradviz.view.node_item import NodeItem
from gradviz.view.scene import GraphScene, layout_for_view
from gradviz.view.theme import THEMES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TWO_LAYERS = EXAMPLES / "clasificador_dos_capas.toml"


class RecordingPainter(QPainter):
    """A painter that remembers each text drawn from Python, with its font and position."""

    def __init__(self, device) -> None:
        super().__init__(device)
        self.texts: list[tuple[str, int, float]] = []  # text, pixel size, baseline y

    def drawText(self, *args):  # noqa: N802 - Qt's name
        if len(args) == 2:  # (point, text)
            point, text = args
            self.texts.append((text, self.font().pixelSize(), point.y()))
        else:  # (rect, flags, text)
            self.texts.append((args[-1], self.font().pixelSize(), args[0].center().y()))
        return super().drawText(*args)


def painted(item: NodeItem) -> RecordingPainter:
    image = QImage(400, 300, QImage.Format.Format_ARGB32)
    painter = RecordingPainter(image)
    painter.translate(200, 150)
    item.paint(painter, None)
    painter.end()
    return painter


def scene_for(prepared, theme="light", text_scale=1.0) -> GraphScene:
    look = THEMES[theme].with_text_scale(text_scale)
    return GraphScene(prepared.graph, layout_for_view(prepared.graph, look), look)


def item_named(scene: GraphScene, name: str) -> NodeItem:
    return next(i for i in scene.nodes if not i.node.is_op and i.node.name == name)


# ── parsing a name ───────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("name, expected", [
    ("W1", Name("W", sup="[1]")),
    ("z2", Name("z", sup="[2]")),
    ("A12", Name("A", sup="[12]")),
    ("W[1]", Name("W", sup="[1]")),
    ("a[2]", Name("a", sup="[2]")),
    ("x[0,1]", Name("x", sub="0,1")),
    ("W[1][0,1]", Name("W", sup="[1]", sub="0,1")),
    ("W1[0,1]", Name("W", sup="[1]", sub="0,1")),
    ("mm1", Name("mm1")),
    ("x1", Name("x1")),  # not a letter the course numbers layers with
    ("logits", Name("logits")),
    ("L_i", Name("L", sub="i")),  # the softmax lesson's per-record loss
    ("pred_mse", Name("pred_mse")),
])
def test_course_names(name, expected):
    assert course_name(name) == expected


def test_automatic_names_are_counters_not_layers():
    notation = Notation(["z1", "a1", "W2"], automatic=["z1", "a1"])
    assert notation.name("z1") == Name("z1") and notation.name("a1") == Name("a1")
    assert notation.name("W2") == Name("W", sup="[2]")


def test_an_element_index_is_below_when_the_graph_has_its_first_element():
    notation = Notation(["b[0]", "b[1]", "W[1]", "W[1][0,1]"])
    assert notation.name("b[1]") == Name("b", sub="1")
    assert notation.name("W[1]") == Name("W", sup="[1]")


def test_the_graph_marks_made_up_names():
    prepared = prepare_lesson(EXAMPLES / "neurona_sigmoide.toml")
    automatic = {n.name for n in prepared.graph.nodes if not n.is_op and not n.named}
    assert automatic and all(n[0] in "smzpqdtacv" or n[0].isdigit() for n in automatic)
    assert notation_of(prepared.graph).automatic == frozenset(automatic)


# ── drawn on the nodes ───────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("theme, text_scale", [("light", 1.0), ("dark", 1.0), ("light", 2.0)])
def test_a_layer_name_is_drawn_raised_and_smaller(qapp, theme, text_scale):
    prepared = prepare_lesson(TWO_LAYERS)
    scene = scene_for(prepared, theme, text_scale)
    item = item_named(scene, "W1")
    assert item.title == Name("W", sup="[1]")
    scene.show_state(prepared.plan.state(0))
    texts = painted(item).texts
    base = next(t for t in texts if t[0] == "W")
    layer = next(t for t in texts if t[0] == "[1]")
    assert layer[1] < base[1]  # smaller
    assert layer[2] < base[2] - 0.3 * base[1]  # its baseline well above the name's
    assert base[1] == scene.fonts.name.pixelSize()
    assert not any(t[0] == "W1" for t in texts)
    # the node was measured with the raised layer, so it fits inside the node
    layout = item.name_layout()
    assert layout.text == "W[1]"
    assert layout.width <= item.w
    assert base[1] == round(THEMES[theme].with_text_scale(text_scale).name_px)


def test_node_width_counts_the_layer(qapp):
    prepared = prepare_lesson(TWO_LAYERS)
    node = next(n for n in prepared.graph.nodes if n.name == "W1")
    fonts = Fonts(THEMES["light"])
    wide = measure_node(node, fonts, Name("W", sup="[1]" * 8))
    plain = measure_node(node, fonts, Name("W"))
    assert wide.content_w > plain.content_w
    assert name_runs(Name("W", sup="[1]"), fonts.name).width > name_runs(
        Name("W"), fonts.name).width


def test_scalar_view_keeps_the_layer_and_lowers_the_index(qapp):
    prepared = prepare_lesson(TWO_LAYERS, level=SCALAR)
    assert prepared.level == SCALAR
    scene = scene_for(prepared)
    item = item_named(scene, "W1[0,1]")
    assert item.title == Name("W", sup="[1]", sub="0,1")
    scene.show_state(prepared.plan.state(prepared.plan.last))
    texts = [t[0] for t in painted(item).texts]
    assert texts[:3] == ["W", "[1]", "0,1"]


def test_the_inspector_writes_layers_as_superscripts(qtbot):
    from gradviz.app.inspector import Inspector
    from gradviz.graph.layout import layout_positions
    from gradviz.lecture import Lecture

    prepared = prepare_lesson(TWO_LAYERS)
    lecture = Lecture(language="en")
    lecture.show_lesson(prepared, layout_positions(prepared.graph))
    inspector = Inspector()
    qtbot.addWidget(inspector)
    inspector.follow(lecture)
    lecture.step = prepared.plan.last  # ∂L/∂W1 flows at the last step
    assert "vertical-align:super" in inspector.toHtml()
    assert "∂L/∂W[1]" in inspector.toPlainText()  # W1 written W, then a raised [1]
    assert "W1" not in inspector.toPlainText()
    lecture.selected = next(n.id for n in prepared.graph.nodes if n.name == "W2")
    heading = inspector.toPlainText().splitlines()[0]
    assert heading.startswith("W[2]")  # W with a raised [2], read back as plain text


def test_caption_band_equations_use_the_notation():
    prepared = prepare_lesson(TWO_LAYERS)
    captions = [s.caption["en"] for s in prepared.plan.steps]

    def names(atoms):
        for a in atoms:
            if isinstance(a, Name):
                yield a
            elif hasattr(a, "top"):
                yield from names(a.top)
                yield from names(a.bottom)

    seen = {n for c in captions for e in c.equations for g in e.groups for n in names(g)}
    assert {Name("W", sup="[1]"), Name("a", sup="[2]"), Name("z", sup="[2]")} <= seen
    assert not any(n.base in ("W1", "a2", "z2") for n in seen)


# ── [labels] ─────────────────────────────────────────────────────────────────────────────
LABELLED = """
[lesson]
title = "t"
dtype = "float64"
[inputs]
x = { value = [[0.5], [-1.5]] }
W = { randn = [3, 2], grad = true, label = "W[1]" }
[graph]
code = '''
h = W @ x
L = sum(h)
'''
[labels]
h = "z[1]"
[notes]
h = "La preactivación.\\nEN: the pre-activation."
"""


def test_labels_name_the_nodes_and_keep_the_notes(tmp_path, qapp):
    path = tmp_path / "l.toml"
    path.write_text(LABELLED, encoding="utf-8")
    prepared = prepare_lesson(path)
    assert prepared.lesson.labels == {"h": "z[1]"}
    names = [n.name for n in prepared.graph.nodes if not n.is_op]
    assert sorted(names) == ["L", "W[1]", "x", "z[1]"]
    assert prepared.note_in("z[1]", "en") == "the pre-activation."
    scene = scene_for(prepared)
    assert item_named(scene, "z[1]").title == Name("z", sup="[1]")
    from gradviz.graph.layout import layout_positions
    from gradviz.lecture import Lecture

    lecture = Lecture()
    lecture.show_lesson(prepared, layout_positions(prepared.graph))
    found = lecture.find_value("h")  # Ctrl+F with the code's name finds the labelled node
    assert found is not None and prepared.graph.nodes[found].name == "z[1]"
    assert lecture.find_value("z[1]") == found


def _errors(source: str) -> list[LessonError]:
    with pytest.raises(LessonError) as caught:
        parse_lesson(source, "l.toml")
    return list(getattr(caught.value, "errors", [caught.value]))


BAD_LABELS = """[inputs]
x = { value = 1.0, grad = true, label = "x[0]" }
y = 2.0
[graph]
code = "h = x * y"
[labels]
h = "y"
hh = "z"
x = "a"
y = ""
"""


def test_bad_labels_are_told_where_in_both_languages():
    errors = _errors(BAD_LABELS)
    said = {(e.line, e.col): (e.text("en"), e.text("es")) for e in errors}
    assert said[(7, 5)] == (
        "l.toml:7:5: label 'y' would draw 'h' and 'y' alike; give each its own",
        "l.toml:7:5: la etiqueta 'y' dibujaría igual 'h' y 'y'; dale a cada uno la suya")
    assert said[(8, 1)][0] == "l.toml:8:1: label for unknown name 'hh'; did you mean 'h'?"
    assert said[(8, 1)][1].startswith("l.toml:8:1: etiqueta para un nombre desconocido 'hh'")
    assert said[(9, 1)] == (
        "l.toml:9:1: input 'x' has a label already (x[0]); give it once",
        "l.toml:9:1: la entrada 'x' ya tiene etiqueta (x[0]); dala una sola vez")
    assert said[(10, 5)][0] == "l.toml:10:5: a label must be a non-empty string"
    assert said[(10, 5)][1] == "l.toml:10:5: una etiqueta debe ser un texto no vacío"
    assert len(errors) == 4


@pytest.mark.parametrize("value", ['"' + "z" * 25 + '"', '"a\\nb"', "3", "[1]"])
def test_a_label_is_one_short_line_of_text(value):
    source = f'[inputs]\nx = {{ value = 1.0, grad = true }}\n[graph]\ncode = "h = 2 * x"\n' \
             f"[labels]\nh = {value}\n"
    (error,) = _errors(source)
    assert (error.line, error.col) == (6, 5)
    assert "label" in error.text("en") and "etiqueta" in error.text("es")


def test_a_good_label_file_checks_clean():
    lesson = parse_lesson(LABELLED, "l.toml")
    assert lesson.labels == {"h": "z[1]"}

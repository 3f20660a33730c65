"""The inspector's arrays: slice by slice for rank 3, summaries for big ones, and tables
that scroll sideways at a large text size instead of breaking numbers inside their cells."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtGui import QTextCursor

from gradviz.app.inspector import PREVIEW_COLS, PREVIEW_ROWS, Inspector, array_html
from gradviz.graph.model import Node


def tables(html: str) -> list[str]:
    return re.findall(r"<table.*?</table>", html, flags=re.S)


def shape_of(table: str) -> tuple[int, int]:
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
    return len(rows), len(re.findall(r"<td", rows[0]))


def test_a_rank_3_array_is_one_table_per_slice_under_its_index():
    """A 4×3×2 array was one 12×2 table; it is four 3×2 tables headed [0] … [3]."""
    a = np.arange(24, dtype=float).reshape(4, 3, 2) - 11.5
    out = array_html(a)
    found = tables(out)
    assert [shape_of(t) for t in found] == [(3, 2)] * 4
    for i in range(4):
        assert f"<b>[{i}]</b>" in out
    # each slice's numbers are in its own table, in order
    assert "-11.5" in found[0] and "11.5" in found[3] and "-11.5" not in found[3]


def test_rank_4_slices_are_indexed_by_both_leading_axes():
    out = array_html(np.arange(2 * 2 * 2 * 3, dtype=float).reshape(2, 2, 2, 3) + 1)
    assert [shape_of(t) for t in tables(out)] == [(2, 3)] * 4
    assert "<b>[1, 0]</b>" in out


def test_a_matrix_is_still_one_table():
    assert [shape_of(t) for t in tables(array_html(np.arange(6.0).reshape(3, 2)))] == [(3, 2)]


def test_a_constant_array_is_written_once():
    out = array_html(np.ones((4, 3, 2)))
    assert not tables(out)
    assert "<b>4×3×2</b>: all 24 entries are 1.0" in out


def test_a_big_array_is_summarised_with_its_first_rows():
    a = np.random.default_rng(0).normal(size=(64, 5))
    out = array_html(a)
    assert "64×5" in out
    for word, value in (("min", a.min()), ("max", a.max()), ("mean", a.mean())):
        assert re.search(rf"{word} {re.escape(f'{value:.3g}')}", out), word
    (preview,) = tables(out)
    rows, cols = shape_of(preview)
    assert rows <= PREVIEW_ROWS + 1 and cols <= PREVIEW_COLS + 1  # "⋮" row, "…" column
    assert "⋮" in preview and f"{a[0, 0]:.3g}" in preview
    assert out.count("<td") < 40  # not 320 cells


def test_a_big_tensor_summary_previews_its_first_slice():
    a = np.random.default_rng(1).normal(size=(8, 3, 5))
    out = array_html(a, lang="es")
    assert "8×3×5" in out and "media" in out and "<b>[0, ]</b>" not in out
    assert "<b>[0]</b>" in out and len(tables(out)) == 1


def node(name, value, grad=None) -> Node:
    return Node(0, "value", name, shape=value.shape, dtype="float64", value=value, grad=grad,
                requires_grad=grad is not None)


def test_the_inspector_shows_a_rank_3_node_slice_by_slice(qapp):
    a = np.arange(24, dtype=float).reshape(4, 3, 2)
    inspector = Inspector()
    try:
        inspector.show_content("", node("b", a, np.ones_like(a)), np.ones_like(a), "")
        text = inspector.toPlainText()
        for i in range(4):
            assert f"[{i}] 3×2" in text
        assert "4×3×2: all 24 entries are 1.0" in text  # the gradient of ones
    finally:
        inspector.deleteLater()


def _cell_line_counts(inspector: Inspector) -> list[int]:
    """Lines of text in each table cell, as the inspector lays them out."""
    doc = inspector.document()
    counts = []
    block = doc.begin()
    while block.isValid():
        if QTextCursor(block).currentTable() is not None and block.text().strip():
            counts.append(block.layout().lineCount())
        block = block.next()
    return counts


@pytest.mark.parametrize("scale", [1.0, 2.5, 3.0])
def test_numbers_never_wrap_inside_their_cells_at_a_large_text_size(qapp, qtbot, scale):
    """At text size 2.5 in the 360-pixel column a 4×4 table broke "0.33" into "0.3 / 3"."""
    a = np.random.default_rng(2).normal(size=(4, 4)) / 7
    inspector = Inspector()
    qtbot.addWidget(inspector)
    inspector.resize(360, 700)
    inspector.set_scale(scale)
    inspector.show_content("", node("z1", a, a / 10), a / 10, "")
    inspector.show()
    qtbot.waitExposed(inspector)
    counts = _cell_line_counts(inspector)
    assert len(counts) == 32 and set(counts) == {1}
    if scale >= 2.5:  # wider than the column: it scrolls sideways
        assert inspector.horizontalScrollBar().maximum() > 0


def test_an_op_s_formula_and_derivative_come_in_the_window_s_language(qapp):
    from gradviz.app import i18n
    from gradviz.engine.ops import REGISTRY
    from gradviz.graph.model import OP

    row = REGISTRY["relu"]
    node = Node(1, OP, "relu", symbol=row.symbol, op="relu", formula=row.formula,
                derivatives=row.derivatives)
    inspector = Inspector()
    inspector.show_content("", node, None, "", names=("a", ["x"]))
    assert "∂a/∂x = 1 if x &gt; 0, 0 if x &lt; 0" in inspector.toHtml()
    was_spanish = i18n._installed is not None
    i18n.set_language("es")
    try:
        inspector.show_content("", node, None, "", names=("a", ["x"]))
        assert "∂a/∂x = 1 si x &gt; 0, 0 si x &lt; 0" in inspector.toHtml()
    finally:
        i18n.set_language("es" if was_spanish else "en")


def test_the_inspector_heatmap_uses_the_canvas_colour_scale(qapp):
    from gradviz.app.inspector import heat_colour
    from gradviz.view.items import heatmap_image
    from gradviz.view.theme import LIGHT

    assert heat_colour(2.0, 2.0) == LIGHT.heat_positive
    assert heat_colour(-2.0, 2.0) == LIGHT.heat_negative
    assert heat_colour(0.0, 2.0) == LIGHT.heat_zero
    a = np.array([[-3.0, -1.0], [0.5, 3.0]])
    image = heatmap_image(a, LIGHT)
    canvas = [image.pixelColor(j, i).name() for i in range(2) for j in range(2)]
    assert [heat_colour(v, 3.0) for v in a.ravel()] == canvas
    fills = re.findall(r"background:(#\w+);color:(#\w+)", array_html(a))
    assert [f for f, _ in fills] == canvas
    assert dict(fills)[LIGHT.heat_negative] == "#ffffff"  # white on the strong ends

"""Text size 3 (Ctrl+Shift+↑ ×8) from the back row: what grows with the words, besides them.

A tester at text size 3 saw op boxes and "done" badges that stayed small, edges shrunk to
stubs under 45-point arrowheads, a contribution label hiding its edge's arrowhead, a small
red banner, and dark-red gradients on the dark theme's purple at 3.5:1.  Each test here
failed before its fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bundled import GRAPH_LESSONS
from graph_fixtures import ADD, MUL, B, C, backward_state, slide_graph

from gradviz.graph.layout import NodeSizes, layout_positions
from gradviz.lesson.prepare import prepare_lesson
from gradviz.view.items import OP_BOX, Fonts, measure_node, mix
from gradviz.view.scene import GraphScene, layout_for_view, node_sizes
from gradviz.view.theme import DARK, LIGHT, contrast

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SIZES = (1.0, 2.0, 3.0)


def scene_at(graph, text_scale: float, theme=LIGHT) -> GraphScene:
    theme = theme.with_text_scale(text_scale)
    return GraphScene(graph, layout_for_view(graph, theme), theme)


def edge_length(edge) -> float:
    """The drawn edge from its start to the arrowhead's tip."""
    return sum(edge._segment_lengths(seg)[-1] for seg in edge._segments)


# ── op boxes and badges ──────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("text_scale", [0.5, 1.0, 2.0, 3.0])
def test_op_boxes_grow_like_the_text(qapp, text_scale):
    """At size 3 the `*` box was 86×120 beside 370-point circles: a sliver of the slide's."""
    graph = slide_graph()
    w, h = measure_node(graph.nodes[MUL], Fonts(LIGHT.with_text_scale(text_scale))).size(False)
    assert h == pytest.approx(max(OP_BOX[1] * text_scale, h), rel=1e-6)
    assert h >= OP_BOX[1] * text_scale - 1e-6
    assert w >= h  # never narrower than tall around a big symbol
    if text_scale == 1.0:
        assert (w, h) == pytest.approx(OP_BOX)  # the slide's box


def test_op_boxes_in_the_scene_grow_like_the_text(qapp):
    graph = slide_graph()
    sizes = {s: node_sizes(graph, LIGHT.with_text_scale(s))[MUL] for s in SIZES}
    for s in SIZES:
        w, h = sizes[s]
        assert h == pytest.approx(sizes[1.0][1] * s, rel=0.01), s
        assert w >= h and w >= sizes[1.0][0], s
    assert sizes[2.0][0] > 1.5 * sizes[1.0][0]  # was 69 at size 2, 86 at size 3


def test_done_badges_grow_like_the_text(qapp):
    """The badge kept a 14-point radius: at size 3, fitted to the window, it looked smaller
    than at size 1."""
    graph = slide_graph()
    scenes = {s: scene_at(graph, s) for s in SIZES}
    try:
        for s, scene in scenes.items():
            scene.show_state(backward_state(graph))
            for i in (B, C, ADD):  # a value box, a circle and an op box
                node, normal = scene.nodes[i], scenes[1.0].nodes[i]
                assert node.done
                assert node.badge_radius() == pytest.approx(14.0 * s)
                assert node.badge_rect().width() == pytest.approx(
                    normal.badge_rect().width() * s)
                assert node.boundingRect().contains(node.badge_rect())  # repainted whole
    finally:
        for scene in scenes.values():
            scene.clear()


# ── edges keep a readable length ─────────────────────────────────────────────────────────
@pytest.mark.parametrize("lesson", GRAPH_LESSONS, ids=lambda p: p.stem)
def test_the_shortest_edge_keeps_its_line_before_a_bigger_arrowhead(qapp, lesson):
    """At size 3 the rank gap stayed 108 points under a 45-point arrowhead: stubs.  Now the
    line before the head is never shorter than at size 1, and every edge is at least three
    heads long."""
    graph = prepare_lesson(lesson).graph
    stems = {}
    for s in SIZES:
        scene = scene_at(graph, s)
        try:
            shortest = min(edge_length(e) for e in scene.edges)
            stems[s] = shortest - scene.theme.arrow_size
            assert shortest >= 3 * scene.theme.arrow_size - 1e-6, (s, shortest)
        finally:
            scene.clear()
    for s in SIZES:
        assert stems[s] >= stems[1.0] - 1.0, (s, stems)


def test_the_window_lays_out_for_its_text_size(qapp):
    """The window measures sizes with `node_sizes` and calls `layout_positions` on them: the
    sizes carry the text size, so the window's layout is spaced like the export's."""
    graph = slide_graph()
    theme = LIGHT.with_text_scale(3.0)
    sizes = node_sizes(graph, theme)
    assert isinstance(sizes, NodeSizes) and sizes.text_scale == pytest.approx(3.0)
    assert layout_positions(graph, sizes=sizes) == layout_for_view(graph, theme)
    plain = layout_positions(graph, sizes=dict(sizes))  # no text size: the slide's spacing
    assert layout_positions(graph, sizes=sizes).width > plain.width


# ── contribution labels leave the arrowheads visible ────────────────────────────────────
@pytest.mark.parametrize("lesson", GRAPH_LESSONS, ids=lambda p: p.stem)
def test_no_contribution_label_hides_an_arrowhead(qapp, lesson):
    """The "0.2445" on the sigmoid's z→σ edge covered the line and its arrowhead."""
    prepared = prepare_lesson(lesson)
    plan = prepared.plan
    for s in SIZES:
        scene = scene_at(prepared.graph, s)
        try:
            for k in range(plan.backward_start, len(plan)):
                scene.show_state(plan.state(k))
                for i, label in scene.labels.items():
                    if not label.isVisible():
                        continue
                    box = label.box_rect().translated(label.pos())
                    hidden = [j for j, e in enumerate(scene.edges)
                              if box.intersects(e.arrow_core())]  # fmt: skip
                    assert not hidden, (s, k, label.text, i, hidden)
        finally:
            scene.clear()


# ── contrast of the text on the nodes ────────────────────────────────────────────────────
def _pairs(theme):
    """(what, text colour, fill) for every text drawn on a node."""
    pairs = []
    for fill_name in ("op_fill", "value_fill"):
        fill = getattr(theme, fill_name)
        for text in ("node_text", "node_text_dim", "grad_text"):
            pairs.append((f"{text} on {fill_name}", getattr(theme, text), fill))
        faded = mix(fill, theme.background, theme.future_fill_mix).name()
        pairs.append((f"future_text on faded {fill_name}", theme.future_text, faded))
    return pairs


def test_contrast_ratio_matches_wcag_examples():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#8a0016", "#b683e6") == pytest.approx(3.53, abs=0.01)  # the old dark


@pytest.mark.parametrize("what, text, fill", _pairs(DARK), ids=lambda v: str(v))
def test_dark_theme_node_text_meets_wcag_aa(what, text, fill):
    """Dark red gradients on the dark theme's purple measured 3.5:1 on a projector."""
    assert contrast(text, fill) >= 4.5, what


def test_light_theme_keeps_the_slides_colours():
    assert (LIGHT.op_fill, LIGHT.value_fill, LIGHT.grad_text) == ("#ffb4b9", "#cda2f1",
                                                                   "#b3001b")  # fmt: skip
    for what, text, fill in _pairs(LIGHT):
        if what.startswith("node_text on"):
            assert contrast(text, fill) >= 4.5, what


# ── the red banner ───────────────────────────────────────────────────────────────────────
def banner_px(window) -> float:
    window.banner.ensurePolished()
    return window.banner.font().pixelSize()


def test_the_error_banner_follows_the_text_size(window):
    """A live edit's mistake was written in 16-pixel text next to 48-pixel controls."""
    window._error("t", "lesson.toml:3:5: expected '='", dialog=False)
    assert banner_px(window) == 16
    small = window.banner.sizeHint().height()
    for _ in range(8):
        window.change_text_scale(1.15)
    window._error("t", "lesson.toml:3:5: expected '='", dialog=False)
    assert window.text_scale == 3.0
    assert banner_px(window) == 48
    assert window.banner.isVisible()
    assert window.banner.sizeHint().height() >= 2.5 * small

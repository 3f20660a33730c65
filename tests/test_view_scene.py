"""The graph scene: what each step shows, updated in place; themes, scale, clicks."""

from __future__ import annotations

import numpy as np
import pytest
from graph_fixtures import (
    ADD,
    MUL,
    SUM,
    A,
    B,
    C,
    X,
    Y,
    Z,
    backward_state,
    forward_state,
    generated_graph,
    slide_graph,
)  # fmt: skip
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsView

from gradviz.graph.stepstate import FORWARD, Step, StepState
from gradviz.view.labels import _hard, _hard_all
from gradviz.view.scene import (
    CONTRIBUTION,
    DIM,
    FLOW,
    NORMAL,
    GraphScene,
    layout_for_view,
    node_sizes,
)
from gradviz.view.theme import DARK, LIGHT


@pytest.fixture
def scene(qapp):
    graph = slide_graph()
    scene = GraphScene(graph, layout_for_view(graph), LIGHT, "es")
    yield scene
    scene.clear()


def edge_modes(scene: GraphScene) -> dict[tuple[int, int], str]:
    return {
        (e.src, e.dst): item.mode for e, item in zip(scene.graph.edges, scene.edges, strict=True)
    }


def test_structure_only_without_state(scene):
    assert all(item.structure_only for item in scene.nodes)
    assert set(edge_modes(scene).values()) == {NORMAL}
    assert not any(label.isVisible() for label in scene.labels.values())


def test_forward_state(scene):
    scene.show_state(forward_state(scene.graph))
    assert scene.known_nodes() == {X, Y, Z, MUL, A}
    assert scene.nodes[MUL].current and not scene.nodes[A].current
    modes = edge_modes(scene)
    assert modes[(X, MUL)] == modes[(Y, MUL)] == FLOW
    assert modes[(MUL, A)] == NORMAL
    assert modes[(A, ADD)] == modes[(B, SUM)] == DIM
    assert scene.nodes[B].grad is None


def test_backward_state_labels_contributions(scene):
    scene.show_state(backward_state(scene.graph))
    modes = edge_modes(scene)
    assert modes[(A, ADD)] == modes[(Z, ADD)] == CONTRIBUTION
    assert modes[(X, MUL)] == NORMAL
    visible = [label.text for label in scene.labels.values() if label.isVisible()]
    assert visible == ["1.0", "1.0"]
    assert scene.nodes[A].grad is not None and scene.nodes[X].grad is None
    assert scene.nodes[C].done and not scene.nodes[X].done


def test_tensor_contributions_are_labelled_with_their_shape(qapp):
    graph = slide_graph(tensor=True)
    scene = GraphScene(graph, layout_for_view(graph))
    scene.show_state(backward_state(graph))
    assert sorted(label.text for label in scene.labels.values()) == ["3×4", "3×4"]


def test_items_update_in_place(scene):
    nodes, edges = list(scene.nodes), list(scene.edges)
    count = len(scene.items())
    scene.show_state(forward_state(scene.graph))
    scene.show_state(None)
    scene.show_state(forward_state(scene.graph))
    assert scene.nodes == nodes and scene.edges == edges
    assert len(scene.items()) == count
    scene.show_state(backward_state(scene.graph))
    scene.show_state(None)
    assert not any(label.isVisible() for label in scene.labels.values())
    assert all(item.structure_only and not item.current for item in scene.nodes)


def test_value_node_steps_light_their_op_inputs(scene):
    step = Step(FORWARD, A, {"es": "", "en": ""})
    scene.show_state(StepState(0, step, frozenset({X, Y, Z, A}), {}, frozenset()))
    modes = edge_modes(scene)
    assert modes[(MUL, A)] == modes[(X, MUL)] == FLOW


def test_tooltips_follow_the_language(scene):
    op = next(i for i, n in enumerate(scene.graph.nodes) if n.is_op)
    value = next(i for i, n in enumerate(scene.graph.nodes) if not n.is_op)
    assert scene.nodes[op].toolTip().startswith("operación: ")
    assert "\nforma: " in scene.nodes[value].toolTip()
    scene.lang = "en"  # what the window does on a language switch
    assert scene.nodes[op].toolTip().startswith("operation: ")
    assert "\nshape: " in scene.nodes[value].toolTip()


def test_theme_and_scale(scene):
    width = scene.sceneRect().width()
    scene.set_scale(2.0)
    assert scene.sceneRect().width() == pytest.approx(2 * width)
    assert scene.root.scale() == 2.0
    scene.set_theme(DARK)
    assert scene.backgroundBrush().color() == QColor(DARK.background)
    assert scene.theme.scale == 2.0
    assert scene.nodes[X].theme.value_fill == DARK.value_fill


def test_items_are_top_level_and_scaled_like_the_root(scene):
    """Nodes, edges and labels are top-level items (a paint then visits only what the index
    finds on screen), each mapped to the scene as `root` maps layout points, at any scale."""
    for scale in (2.0, 1.0, 1.5):
        scene.set_scale(scale)
        scene.show_state(backward_state(scene.graph))
        items = [*scene.nodes, *scene.edges, *scene.labels.values()]
        assert scene.labels and all(item.parentItem() is None for item in items)
        for item in items:
            here = scene.root.mapToScene(item.pos() + QPointF(3, 4))
            assert item.mapToScene(QPointF(3, 4)) == here
        assert scene.sceneRect().contains(scene.nodes[X].sceneBoundingRect())


def test_click_on_node_emits_its_id(scene, qtbot):
    clicked = []
    scene._on_node_clicked = clicked.append
    view = QGraphicsView(scene)
    qtbot.addWidget(view)
    view.resize(1600, 700)
    view.show()
    qtbot.waitExposed(view)
    center = scene.nodes[ADD].scenePos()
    with qtbot.waitSignal(scene.node_clicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(center))
    assert blocker.args == [ADD] and clicked == [ADD]


def test_sizes_fit_the_content(qapp):
    graph = slide_graph(tensor=True)
    sizes = node_sizes(graph)
    assert sizes[C][0] == sizes[C][1]  # the scalar output is a circle
    assert sizes[X][0] > sizes[X][1]  # a 3×4 tensor is a wide pill
    assert sizes[MUL][0] < sizes[X][0]


def test_two_thousand_nodes(qapp):
    graph = generated_graph(2000)
    scene = GraphScene(graph, layout_for_view(graph))
    half = frozenset(range(1000))
    step = Step(FORWARD, 999, {"es": "", "en": ""})
    scene.show_state(StepState(500, step, half, {}, half))
    assert len(scene.known_nodes()) >= 1000
    scene.show_state(None)
    scene.clear()


# ── tensors of rank 3 and constants: nothing clipped ─────────────────────────────────────
def broadcasting_scene(theme=LIGHT):
    from pathlib import Path

    from gradviz.lesson.prepare import prepare_lesson

    lesson = Path(__file__).resolve().parents[1] / "examples" / "broadcasting.toml"
    prepared = prepare_lesson(lesson)
    graph = prepared.graph
    scene = GraphScene(graph, layout_for_view(graph, theme), theme, "es")
    scene.show_state(prepared.plan.state(prepared.plan.last))
    return prepared, scene


def test_rank_3_heatmaps_draw_one_slice_per_matrix(qapp):
    from gradviz.view.items import heat_grid

    assert heat_grid((4, 3, 2)) == (4, 3, 2, 2, 2)  # four 3×2 slices in a 2×2 grid
    assert heat_grid((3, 4)) == (1, 3, 4, 1, 1)
    assert heat_grid((5,)) == (1, 1, 5, 1, 1)
    prepared, scene = broadcasting_scene()
    try:
        for name in ("a", "b", "c", "d"):
            item = next(i for i in scene.nodes if i.node.name == name)
            m = item.metrics
            assert (m.slices, m.rows, m.cols) == (4, 3, 2), name
            rects = m.slice_rects(0.0, 0.0)
            assert len(rects) == 4 and not any(
                r.intersects(o) for k, r in enumerate(rects) for o in rects[k + 1:])
            assert m.pic_w >= 4 * m.cell and m.pic_h >= 6 * m.cell
            # a slice's cells are big enough to see from the back of the room
            assert m.cell >= 12
    finally:
        scene.clear()


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_a_constant_arrays_number_fits_its_picture(qapp, scale):
    """`a = ones(4, 3, 2)` and the gradients of ones were cut to "..(" and "∂..(" once."""
    from gradviz.view.items import LABEL_PAD, constant_text, text_width

    theme = LIGHT.with_text_scale(scale)
    prepared, scene = broadcasting_scene(theme)
    try:
        checked = 0
        for item in scene.nodes:
            m = item.metrics
            if item.node.is_op or m.mode != "heatmap":
                continue
            for array in (item.node.value, item.grad):
                text = constant_text(array)
                if text is None:
                    continue
                need = text_width(scene.fonts.grad, text) + 2 * LABEL_PAD
                assert m.slot_w >= need, (item.node.name, text)
                checked += 1
            # value, "∂" and gradient side by side inside the node
            assert m.content_w + 2 * 12 <= item.w
        assert checked >= 4  # a's value and b, c, d's gradients are all ones
    finally:
        scene.clear()


def test_rank_3_nodes_render_without_clipping_their_number(qapp):
    """The 4×3×2 node of ones writes 1.0 in full: white text pixels across its tab."""
    import numpy as np
    from PySide6.QtGui import QImage, QPainter

    from gradviz.view.items import text_width

    prepared, scene = broadcasting_scene()
    try:
        item = next(i for i in scene.nodes if i.node.name == "a")
        rect = item.sceneBoundingRect()
        image = QImage(int(rect.width()) * 2, int(rect.height()) * 2,
                       QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        scene.render(painter, source=rect)
        painter.end()
        a = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4)
        red = np.all(np.abs(a[..., :3].astype(int) - [0x3a, 0x28, 0xc8]) < 40, axis=-1)
        longest = 0  # the longest unbroken red run in any row: the tab behind "1.0"
        for row in red:
            run = 0
            for on in row:
                run = run + 1 if on else 0
                longest = max(longest, run)
        need = 2 * text_width(scene.fonts.grad, "1.0")
        assert longest >= need  # once a 14-point strip that cut 1.0 to "..("
    finally:
        scene.clear()


def test_op_boxes_grow_with_a_larger_text_size(qapp):
    from gradviz.view.items import Fonts, line_height, measure_node

    graph = slide_graph()
    big = Fonts(LIGHT.with_text_scale(2.0))
    w, h = measure_node(graph.nodes[MUL], big).size(circle=False)
    assert h >= line_height(big.op)


def test_larger_text_is_drawn_at_zooms_the_default_size_is_not(qapp):
    graph = slide_graph()
    normal = GraphScene(graph, layout_for_view(graph), LIGHT)
    bigger = LIGHT.with_text_scale(3.0)
    large = GraphScene(graph, layout_for_view(graph, bigger), bigger)
    try:
        assert not normal.nodes[X].draws_text(0.12)
        assert large.nodes[X].draws_text(0.12)  # 72 px numbers are 8.6 px on screen
    finally:
        normal.clear()
        large.clear()


# ── lines grow with the text size; labels keep off the nodes ─────────────────────────────
def _scene_at(graph, text_scale: float) -> GraphScene:
    theme = LIGHT.with_text_scale(text_scale)
    return GraphScene(graph, layout_for_view(graph, theme), theme)


def _head_length(edge) -> float:
    tip, left, right = edge.arrow
    base = (left + right) / 2
    return ((tip.x() - base.x()) ** 2 + (tip.y() - base.y()) ** 2) ** 0.5


def test_edges_and_arrowheads_grow_with_the_text_size(qapp):
    """At text size 2–3 the edges were 2.6-point hairlines next to 60-point words."""
    graph = slide_graph()
    scenes = {s: _scene_at(graph, s) for s in (1.0, 2.0, 3.0)}
    try:
        normal = scenes[1.0]
        assert [e.pen().widthF() for e in normal.edges] == [LIGHT.edge_width] * len(graph.edges)
        assert normal.edges[0].arrow_size == LIGHT.arrow_size  # the slide look at size 1
        for s, scene in scenes.items():
            ratio = scene.edges[0].pen().widthF() / scene.fonts.value.pixelSize()
            assert ratio == pytest.approx(LIGHT.edge_width / LIGHT.value_px, rel=0.05), s
            assert scene.theme.arrow_size == pytest.approx(LIGHT.arrow_size * s)
            longest = max(scene.edges, key=lambda e: e.path().length())
            assert _head_length(longest) == pytest.approx(LIGHT.arrow_size * s, rel=0.02), s
            scene.show_state(backward_state(graph))  # the gradient flow is drawn thicker
            flow = [e.pen().widthF() for e in scene.edges if e.mode == CONTRIBUTION]
            assert flow and all(w == pytest.approx(LIGHT.highlight_edge_width * s)
                                for w in flow), s
            assert all(label.border == pytest.approx(2.0 * s)
                       for label in scene.labels.values() if label.isVisible())
    finally:
        for scene in scenes.values():
            scene.clear()


def test_a_big_arrowhead_stays_on_its_edge_and_a_short_edge_keeps_a_stem(qapp):
    from PySide6.QtCore import QPointF

    from gradviz.view.items import ARROW_SHARE, EdgeItem

    curve = [QPointF(0, 0), QPointF(40, 0), QPointF(60, 40), QPointF(100, 40)]
    edge = EdgeItem(curve, QPointF(110, 40), 45.0)
    assert _head_length(edge) == pytest.approx(45.0, rel=0.05)
    # the line ends inside the head: where it was cut is the head's base, on the curve
    end = edge.path().currentPosition()
    tip, left, right = edge.arrow
    base = (left + right) / 2
    assert (end - base).manhattanLength() < 0.5
    short = EdgeItem([QPointF(0, 0), QPointF(10, 0)], QPointF(20, 0), 45.0)
    assert _head_length(short) == pytest.approx(ARROW_SHARE * 20.0)


def _covers(rect, item) -> bool:
    """Whether `rect` (root coordinates) covers the node as drawn: circles are round."""
    import math

    shape = item.shape_rect().translated(item.pos())
    if not item.circle:
        return rect.intersects(shape)
    c = shape.center()
    x = min(max(c.x(), rect.left()), rect.right())
    y = min(max(c.y(), rect.top()), rect.bottom())
    return math.hypot(c.x() - x, c.y() - y) < shape.width() / 2


def _graph_lessons():
    import tomllib
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "examples"
    return [p for p in sorted(folder.glob("*.toml"))
            if "graph" in tomllib.loads(p.read_text("utf-8"))]


@pytest.mark.parametrize("text_scale", [1.0, 2.0])
@pytest.mark.parametrize("lesson", _graph_lessons(), ids=lambda p: p.stem)
def test_contribution_labels_cover_no_node_and_no_other_label(qapp, lesson, text_scale):
    """The "3×2" on W1's short edge in the classifier sat on W1 and on the @ box."""
    from gradviz.lesson.prepare import prepare_lesson

    prepared = prepare_lesson(lesson)
    scene = _scene_at(prepared.graph, text_scale)
    try:
        plan = prepared.plan
        for k in range(plan.backward_start, len(plan)):
            scene.show_state(plan.state(k))
            shown = [(i, label) for i, label in scene.labels.items() if label.isVisible()]
            boxes = [label.box_rect().translated(label.pos()) for _, label in shown]
            for (i, label), box in zip(shown, boxes, strict=True):
                hit = [n.node.name for n in scene.nodes if _covers(box, n)]
                assert not hit, (k, label.text, hit)
                assert not any(box.intersects(o) for o in boxes if o is not box), (k, label.text)
                assert scene.sceneRect().contains(scene.root.mapRectToScene(box))
                # attached: its anchor is on its own edge, and the box is near the anchor
                anchor = label.pos() + label.anchor
                path = scene.edges[i].path()
                samples = max(200, int(path.length()))  # about one per point: long edges too
                near = min((path.pointAtPercent(t / samples) - anchor).manhattanLength()
                           for t in range(samples + 1))
                assert near < 2.0, (k, label.text)
                gap = (label.leader_end() - label.anchor).manhattanLength()
                assert gap <= 4 * box.height(), (k, label.text)
    finally:
        scene.clear()


def test_the_classifiers_short_edge_label_clears_w1(qapp):
    from pathlib import Path

    from gradviz.lesson.prepare import prepare_lesson

    lesson = Path(__file__).resolve().parents[1] / "examples" / "clasificador_dos_capas.toml"
    prepared = prepare_lesson(lesson)
    for text_scale in (1.0, 2.0, 3.0):
        scene = _scene_at(prepared.graph, text_scale)
        try:
            scene.show_state(prepared.plan.state(prepared.plan.backward_start + 7))  # atrás 8
            label = next(lb for lb in scene.labels.values() if lb.isVisible())
            assert label.text == "3×2"
            box = label.box_rect().translated(label.pos())
            for name in ("W1", "x"):
                node = next(n for n in scene.nodes if n.node.name == name)
                assert not box.intersects(node.shape_rect().translated(node.pos())), text_scale
            matmul = next(n for n in scene.nodes if n.node.is_op and n.node.symbol == "@")
            assert not box.intersects(matmul.shape_rect().translated(matmul.pos()))
        finally:
            scene.clear()


def test_a_big_constant_array_is_written_once_not_as_a_range():
    import numpy as np

    from gradviz.graph.model import VALUE, Node
    from gradviz.view.items import Fonts, value_lines
    from gradviz.view.theme import LIGHT

    ones = np.ones((64, 3))
    node = Node(id=0, kind=VALUE, name="Y", shape=ones.shape, value=ones)
    [(text, _)] = value_lines(node, ones, Fonts(LIGHT), "?", grad=False)
    assert text == "≡ 1.0"
    ramp = np.arange(192.0).reshape(64, 3)
    [(text, _)] = value_lines(node, ramp, Fonts(LIGHT), "?", grad=False)
    assert text.startswith("∈ [")


# ── the camera's framing, as plain geometry ─────────────────────────────────────────────
def test_the_camera_frames_the_widest_box_that_meets_the_goal():
    from gradviz.view.camera import MARGIN_PX, choose_frame, glide

    whole, near, node = (0, 0, 4000, 600), (100, 100, 700, 400), (300, 200, 400, 300)
    size = (1500.0, 800.0)
    # small enough: the whole graph, at its fitting zoom up to the cap
    frame = choose_frame([(0, 0, 700, 300), near, node], size, least=1.0, most=1.5)
    assert frame.whole and frame.zoom == 1.5 and frame.center == (350, 150)
    # too wide at the goal: the next box, at the goal's zoom, inside the view
    frame = choose_frame([whole, near, node], size, least=2.0)
    assert not frame.whole and frame.zoom == 2.0
    left, top, right, bottom = frame.rect(size)
    m = MARGIN_PX / 2.0
    assert left + m <= near[0] and near[2] <= right - m
    assert top + m <= near[1] and near[3] <= bottom - m
    # nothing fits: the last box's middle at the goal's zoom (never below it)
    frame = choose_frame([whole, near], size, least=10.0)
    assert frame.zoom == 10.0 and frame.center == (400, 250)
    # ... moved as little as keeps the step's node (the anchor) whole in view: an edge
    # longer than the screen leaves the frame, the node does not
    far = (3800, 250, 3866, 302)
    frame = choose_frame([whole, (100, 100, 3866, 400)], size, least=10.0, anchor=far)
    left, top, right, bottom = frame.rect(size)
    assert frame.zoom == 10.0 and left <= far[0] and far[2] <= right - MARGIN_PX / 10.0
    assert top <= far[1] and far[3] <= bottom
    half = glide(frame, choose_frame([whole, near], size, least=40.0), 0.5)
    assert half.zoom == pytest.approx(20.0)  # geometric: ×1 to ×4 passes ×2 halfway


def test_label_costs_at_once_are_the_box_by_box_ones():
    """`place_label` tests its 41 places on the line at once: free exactly where the
    box-by-box cost says, with nodes, circles, labels, leaders and the bounds in the way."""
    rng = np.random.default_rng(3)
    for _ in range(40):
        def rect():
            x, y = rng.uniform(0, 300, 2)
            return QRectF(x, y, *rng.uniform(5, 60, 2))
        nodes = [rect() for _ in range(rng.integers(0, 6))]
        labels = [rect() for _ in range(rng.integers(0, 3))]
        circles = [(QPointF(*rng.uniform(0, 300, 2)), float(rng.uniform(10, 40)))
                   for _ in range(rng.integers(0, 4))]  # fmt: skip
        leaders = [(QPointF(*rng.uniform(0, 300, 2)), QPointF(*rng.uniform(0, 300, 2)))
                   for _ in range(rng.integers(0, 2))]  # fmt: skip
        bounds = QRectF(0, 0, 300, 300) if rng.random() < 0.7 else None
        w, h = rng.uniform(10, 50, 2)
        centers = rng.uniform(-20, 320, (41, 2))
        centers[:5] = [(150, 150), (w / 2, h / 2), (300 - w / 2, 300 - h / 2), (0, 0), (10, 5)]
        at_once = _hard_all(centers, w, h, nodes, labels, leaders, circles, bounds)
        one_by_one = [_hard(QRectF(x - w / 2, y - h / 2, w, h), nodes, labels, leaders,
                            circles, bounds) for x, y in centers]  # fmt: skip
        assert ((at_once == 0) == (np.array(one_by_one) == 0)).all()
        assert at_once == pytest.approx(one_by_one, rel=1e-9, abs=1e-6)

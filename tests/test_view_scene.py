"""The graph scene: what each step shows, updated in place; themes, scale, clicks."""

from __future__ import annotations

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
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsView

from gradviz.graph.stepstate import FORWARD, Step, StepState
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


def test_theme_and_scale(scene):
    width = scene.sceneRect().width()
    scene.set_scale(2.0)
    assert scene.sceneRect().width() == pytest.approx(2 * width)
    assert scene.root.scale() == 2.0
    scene.set_theme(DARK)
    assert scene.backgroundBrush().color() == QColor(DARK.background)
    assert scene.theme.scale == 2.0
    assert scene.nodes[X].theme.value_fill == DARK.value_fill


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

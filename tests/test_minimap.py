"""The overview's picture: painted whole once, then only where a step changed the scene."""

from __future__ import annotations

import numpy as np
import pytest
from graph_fixtures import backward_state, forward_state, generated_graph, slide_graph
from PySide6.QtGui import QImage

from gradviz.graph.stepstate import BACKWARD, Contribution, Step, StepState
from gradviz.view.canvas import GraphCanvas
from gradviz.view.minimap import HEIGHT_SHARE, WIDTH_SHARE, Minimap
from gradviz.view.scene import GraphScene, layout_for_view


def pixels(pixmap) -> np.ndarray:
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(),
                                                              4).astype(int)  # fmt: skip


def whole_picture(minimap: Minimap) -> np.ndarray:
    minimap._pixmap = None  # painted from scratch, as after a new scene
    minimap._render()
    return pixels(minimap._pixmap)


@pytest.fixture
def overview(qapp, qtbot):
    def make(graph):
        scene = GraphScene(graph, layout_for_view(graph))
        canvas = GraphCanvas()
        qtbot.addWidget(canvas)
        canvas.resize(1600, 900)
        canvas.setScene(scene)
        minimap = Minimap(canvas)
        minimap.set_scene(scene)
        canvas.show()
        qapp.processEvents()
        return scene, minimap
    return make


def test_a_step_repaints_the_parts_it_changed_and_the_picture_is_the_whole_one(overview, qapp):
    graph = slide_graph()
    scene, minimap = overview(graph)
    for state in (forward_state(graph), backward_state(graph), None, backward_state(graph)):
        scene.show_state(state)
        changes = scene._changes
        assert changes, "the step changed something"
        minimap.refresh()
        qapp.processEvents()
        assert scene.take_changes() == []  # the overview took them
        part = pixels(minimap._pixmap)
        assert np.array_equal(part, whole_picture(minimap))


def test_only_changed_items_are_listed(overview):
    graph = generated_graph(200)
    scene, _ = overview(graph)
    everything = frozenset(range(len(graph.nodes)))
    op = next(n.id for n in reversed(graph.nodes) if n.is_op)
    grads = {i: np.array(0.5) for i in everything if not graph.nodes[i].is_op}

    def state(k: int) -> StepState:
        contributions = tuple(Contribution(e, np.array(0.5), np.array(0.25))
                              for e in graph.inputs_of(op))  # fmt: skip
        step = Step(BACKWARD, op, {"es": "", "en": ""}, contributions)
        new = {i: np.array(g) for i, g in grads.items()}  # equal numbers, new arrays
        return StepState(k, step, everything, new, frozenset({op}))

    scene.show_state(state(1))
    scene.take_changes()
    scene.show_state(state(2))  # the same picture: nothing to repaint
    assert scene.take_changes() == []
    scene.set_theme(scene.theme)
    assert scene.take_changes() is None  # a new look: the whole picture again


@pytest.mark.parametrize("size", [(1600, 900), (1601, 901)])
def test_a_glide_starts_where_the_view_is(overview, qapp, size):
    """The camera's frame of the view now is exact: gliding from it (every step does) moves
    nothing at first, so the view neither jumps a pixel nor repaints whole."""
    scene, minimap = overview(slide_graph())
    canvas = minimap.canvas
    canvas.resize(*size)
    canvas.zoom(1.7)
    qapp.processEvents()
    scrolls = []
    canvas.on_moved = lambda: scrolls.append((canvas.horizontalScrollBar().value(),
                                              canvas.verticalScrollBar().value()))
    before = (canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value())
    canvas.show_frame(canvas.frame_now(), animate=False)
    assert scrolls and set(scrolls) == {before}


def test_the_overview_is_sized_for_the_viewport_it_is_on(overview, qapp):
    scene, minimap = overview(generated_graph(200))
    canvas = minimap.canvas
    for size in ((1900, 1000), (1200, 700)):
        canvas.resize(*size)
        qapp.processEvents()
        view, rect = canvas.viewport().size(), scene.content_rect()
        w = min(WIDTH_SHARE * view.width(),
                HEIGHT_SHARE * view.height() * rect.width() / rect.height())  # fmt: skip
        assert minimap.width() == pytest.approx(w, abs=1)
        assert minimap._pixmap is None or minimap._pixmap.size() == minimap.size()

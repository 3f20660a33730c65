"""The back row reads the graph: in presenter mode at 1920×1080 and 1280×720, at every step
of every bundled graph lesson, the camera frames the step so that the digits of every number
it explains — the values and gradients on its nodes, the contributions on its edges — are at
least 2.8 % of the screen's height (30 px / 20 px), and the step's node, both ends of every
edge it lights and the labels on them are inside the view, the overview not over them; the
nodes at those ends and an op's result too, wholly, whenever they fit the view together.

Geometry, not timing: a digit's height is its font's ink height for digits
(`QFontMetricsF.tightBoundingRect`) times the transform the item is painted with (the
view's transform times the scene's presenter scale), measured after the glide has ended.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bundled import GRAPH_LESSONS
from PySide6.QtCore import QRectF, QSettings
from PySide6.QtGui import QFontMetricsF

from gradviz.app.settings import Preferences
from gradviz.app.window import LectureWindow
from gradviz.view.scene import CONTRIBUTION, FLOW

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCREENS = {(1920, 1080): 30.0, (1280, 720): 20.0}  # the goal: 2.8 % of the lines
DIGITS = "0123456789"

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


def presenting(qtbot, tmp_path, size, theme="light") -> LectureWindow:
    prefs = Preferences(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    prefs.theme = theme
    window = LectureWindow(prefs)
    qtbot.addWidget(window)
    window.show()
    window.set_presenter(True)
    qtbot.wait(10)
    window.resize(*size)  # offscreen there is no 1920×1080 screen to fill: be that big
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size, timeout=3000)
    return window


def digit_px(font, item, canvas) -> float:
    """How tall `font`'s digits are on screen when `item` paints them."""
    scale = item.deviceTransform(canvas.viewportTransform()).m22()
    return QFontMetricsF(font).tightBoundingRect(DIGITS).height() * scale


def explained(window) -> tuple[set[int], list, list]:
    """What the step explains: the nodes at both ends of every edge it lights (its own node
    among them) and an op's result (the value it computes, the upstream gradient it passes
    back), those edges' end points (scene coordinates) and the labels on them."""
    scene, step = window.scene, window.state().step
    nodes, ends = {step.node}, []
    if scene.graph.nodes[step.node].is_op:
        nodes |= {e.dst for e in scene.graph.outputs_of(step.node)}
    for edge, item in zip(scene.graph.edges, scene.edges, strict=True):
        if item.mode in (FLOW, CONTRIBUTION):
            nodes |= {edge.src, edge.dst}
            ends += [item.mapToScene(item.path().pointAtPercent(0.0)),
                     item.mapToScene(item.arrow[0])]
    return nodes, ends, [label for label in scene.labels.values() if label.isVisible()]


def walk(window, lesson, goal):
    """Every step of `lesson`: the smallest digit height seen and what went wrong."""
    canvas, problems, smallest = window.canvas, [], (float("inf"), None)
    assert window.open_file(lesson), window.errors
    for k in range(window.prepared.plan.last + 1):
        window.set_step(k)
        canvas.settle()
        scene, where = window.scene, f"{lesson.name} step {k}"
        visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
        minimap = window.lesson_page.minimap
        cover = QRectF(canvas.mapToScene(minimap.geometry().translated(
            -canvas.viewport().pos())).boundingRect()) if minimap.isVisible() else QRectF()
        nodes, ends, labels = explained(window)
        heights = []
        # Ends farther apart than the view cannot all show (a value used a row later, in
        # a wrapped layout): then the step's node must, with its numbers at the goal.
        xs, ys = [p.x() for p in ends], [p.y() for p in ends]
        fits = not ends or (max(xs) - min(xs) <= visible.width()
                            and max(ys) - min(ys) <= visible.height())
        for point in ends:
            if fits and (not visible.contains(point) or cover.contains(point)):
                problems.append(f"{where}: an end of the step's edge is out of sight")
        # Nodes that fit the view together are all wholly in it (a^[2] beside its ReLU).
        boxes = [scene.nodes[i].mapRectToScene(scene.nodes[i].shape_rect()) for i in nodes
                 if scene.nodes[i].isVisible()]
        together = QRectF()
        for box in boxes:
            together = together.united(box)
        whole = together.width() <= visible.width() and together.height() <= visible.height()
        for i in nodes:
            item = scene.nodes[i]
            box = item.mapRectToScene(item.shape_rect())
            if (i == window.state().step.node or whole and item.isVisible()) and not (
                    visible.contains(box)):
                problems.append(f"{where}: node {item.node.name} is outside the view")
            if cover.intersects(box):
                problems.append(f"{where}: the overview covers node {item.node.name}")
            if item.node.is_op or not visible.intersects(box):
                continue
            if item.known and item.node.value is not None:
                heights.append(digit_px(scene.fonts.value, item, canvas))
            if item.grad is not None:
                heights.append(digit_px(scene.fonts.grad, item, canvas))
        for label in labels:
            box = label.mapRectToScene(label.box_rect())
            if fits and not visible.contains(box):
                problems.append(f"{where}: the label {label.text} is outside the view")
            if cover.intersects(box):
                problems.append(f"{where}: the overview covers the label {label.text}")
            heights.append(digit_px(label.fonts.label, label, canvas))
        assert heights or k == 0, f"{where}: no number measured"
        for h in heights:
            if h < goal:
                problems.append(f"{where}: digits {h:.1f} px < {goal} px")
            if h < smallest[0]:
                smallest = (h, where)
    return smallest, problems


@pytest.mark.parametrize("size", list(SCREENS), ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_step_of_every_lesson_is_framed_for_the_back_row(qtbot, tmp_path, size):
    window = presenting(qtbot, tmp_path, size)
    goal = SCREENS[size]
    problems, smallest = [], (float("inf"), None)
    try:
        for lesson in GRAPH_LESSONS:
            low, found = walk(window, lesson, goal)
            problems += found
            smallest = min(smallest, low, key=lambda s: s[0])
    finally:
        window.close()
    assert not problems, "\n".join(problems[:20])
    assert smallest[0] >= goal, smallest


def test_the_dark_theme_frames_the_same(qtbot, tmp_path):
    window = presenting(qtbot, tmp_path, (1920, 1080), theme="dark")
    try:
        low, problems = walk(window, EXAMPLES / "xor_red.toml", 30.0)
    finally:
        window.close()
    assert not problems, "\n".join(problems[:20])


def test_the_camera_glides_retargets_mid_glide_and_glides_back(qtbot, tmp_path):
    window = presenting(qtbot, tmp_path, (1920, 1080))
    canvas = window.canvas
    try:
        assert window.open_file(EXAMPLES / "clasificador_dos_capas.toml"), window.errors
        window.set_step(window.prepared.plan.backward_start + 1)
        canvas.settle()
        start = canvas.frame_now()
        window.set_step(window.step + 1)
        assert canvas.gliding()
        target = canvas._to
        qtbot.waitUntil(lambda: canvas.frame_now().center != start.center, timeout=2000)
        mid = canvas.frame_now()
        window.set_step(window.step - 1)  # back, in the middle of the glide
        assert canvas._from.center == pytest.approx(mid.center, abs=1.0)  # from where it is
        assert canvas._to.center != pytest.approx(target.center)
        qtbot.waitUntil(lambda: not canvas.gliding(), timeout=3000)
        back = window.lesson_page._frame(canvas.viewport_size())  # the step's own frame
        assert canvas.frame_now().center == pytest.approx(back.center, abs=1.0)
        assert canvas.frame_now().zoom == pytest.approx(start.zoom)
    finally:
        window.close()


def test_follow_off_keeps_the_whole_graph_and_the_lecturers_zoom_lasts_one_step(qtbot,
                                                                                 tmp_path):
    window = presenting(qtbot, tmp_path, (1920, 1080))
    canvas = window.canvas
    try:
        assert window.open_file(EXAMPLES / "xor_red.toml"), window.errors
        window.set_step(3)
        canvas.settle()
        framed = canvas.frame_now()
        assert not canvas.shows_whole_graph()
        window.actions_.follow.trigger()  # G: the whole graph, and it stays
        assert not canvas.follow and canvas.shows_whole_graph()
        window.set_step(4)
        assert canvas.shows_whole_graph() and not canvas.gliding()
        window.actions_.follow.trigger()  # G again: back to the step
        canvas.settle()
        assert canvas.follow and not canvas.shows_whole_graph()
        canvas.zoom(1.5)  # the lecturer's own zoom ...
        zoomed = canvas.zoom_level()
        canvas.resize(canvas.width() - 10, canvas.height())
        assert canvas.zoom_level() == pytest.approx(zoomed)  # ... is kept on a resize
        window.set_step(3)  # ... until the next step takes the camera back
        canvas.settle()
        assert canvas.frame_now().zoom == pytest.approx(framed.zoom)
    finally:
        window.close()


def test_the_overview_shows_where_the_frame_is_and_a_click_on_it_moves_there(qtbot, tmp_path):
    from PySide6.QtCore import QPoint, Qt

    window = presenting(qtbot, tmp_path, (1920, 1080))
    canvas, minimap = window.canvas, window.lesson_page.minimap
    try:
        assert window.open_file(EXAMPLES / "clasificador_dos_capas.toml"), window.errors
        shown = 0
        for k in range(window.prepared.plan.last + 1):
            window.set_step(k)
            canvas.settle()
            if minimap.isVisible():
                shown += 1
                frame = minimap.frame_rect()  # the frame drawn on it is the view's
                visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
                assert minimap._to_scene(frame.center()).x() == pytest.approx(
                    visible.center().x(), abs=2.0)
        assert shown > 0
        window.set_step(0)
        canvas.settle()
        qtbot.waitUntil(minimap.isVisible, timeout=2000)
        before = canvas.mapToScene(canvas.viewport().rect().center())
        spot = QPoint(minimap.width() // 2, minimap.height() // 2)  # the graph's middle
        qtbot.mouseClick(minimap, Qt.MouseButton.LeftButton, pos=spot)
        target = minimap._to_scene(spot.toPointF())
        centre = canvas.mapToScene(canvas.viewport().rect().center())
        assert (centre - before).manhattanLength() > 50  # it moved ...
        assert abs(centre.x() - target.x()) < 2 and abs(centre.y() - target.y()) < 2  # there
        assert not canvas.auto_fit  # the lecturer's view now, until the next step
    finally:
        window.close()

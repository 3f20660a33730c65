"""Collapsed groups (K): every `[groups]` entry one labelled box, opened while the step is in
it; the camera still frames the step for the back row, the overview shows the boxes, and K
again gives every node back.

Geometry, not timing: sizes are fonts' ink heights times the transform an item is painted
with, measured after the camera's glide has ended (`canvas.settle`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from bundled import GRAPH_LESSONS
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from test_presenter_geometry import digit_px, presenting, walk

from gradviz.graph.groups import closed_groups, step_touches
from gradviz.lecture import Lecture
from gradviz.lesson.prepare import prepare_lesson

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TWO_LAYERS = EXAMPLES / "clasificador_dos_capas.toml"
GOAL = 30.0  # px on 1080 lines: the back row's 2.8 %

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


@pytest.fixture(autouse=True)
def _qt_texts_back_in_english():
    """A window installs its language's translator for Qt's texts: the next module's
    widgets start from English, as they would alone."""
    yield
    from gradviz.app import i18n

    i18n.set_language("en")


def grouped_lessons() -> list[Path]:
    return [p for p in GRAPH_LESSONS if "\n[groups]" in p.read_text("utf-8")]


def hidden(scene) -> set[int]:
    return {item.node.id for item in scene.nodes if not item.isVisible()}


def test_the_lecture_closes_every_group_but_those_the_step_enters():
    prepared = prepare_lesson(TWO_LAYERS)
    lecture = Lecture()
    lecture.show_lesson(prepared, layout=None)
    heard = []
    lecture.events.collapsed.connect(heard.append)
    assert lecture.boxes() == frozenset()  # open until asked
    lecture.collapsed = True
    lecture.collapsed = True  # no change, no event
    assert heard == [True]
    groups = prepared.graph.groups
    assert lecture.boxes() == frozenset(range(len(groups)))  # before the first step: all
    for k, step in enumerate(prepared.plan.steps):
        lecture.step = k
        touched = step_touches(prepared.graph, step)
        assert step.node in touched
        for g in lecture.boxes():
            assert not groups[g].nodes & touched  # a closed box hides nothing the step says
        assert lecture.boxes() == closed_groups(prepared.graph, step)
    lecture.collapsed = False
    assert heard == [True, False] and lecture.boxes() == frozenset()


def test_selecting_a_node_inside_a_closed_box_opens_it_until_the_step_moves_or_k():
    prepared = prepare_lesson(EXAMPLES / "red_tres_capas.toml")
    graph, lecture = prepared.graph, Lecture()
    lecture.show_lesson(prepared, layout=None)
    heard, told = [], []
    lecture.events.opened.connect(heard.append)
    lecture.events.selected.connect(lambda node: told.append((node, lecture.boxes())))
    b3 = lecture.find_value("b3")
    lecture.selected = b3  # not collapsed: there is no box to open
    assert heard == [] and lecture.boxes() == frozenset()
    lecture.selected = None
    lecture.collapsed = True
    lecture.selected = b3  # inside "capa 3", closed
    assert heard == [frozenset({2})] and lecture.boxes() == frozenset({0, 1, 3})
    assert told[-1] == (b3, frozenset({0, 1, 3}))  # opened before the selection is told
    lecture.selected = lecture.find_value("x")  # outside every box: nothing more opens
    assert heard == [frozenset({2})] and lecture.boxes() == frozenset({0, 1, 3})
    lecture.step = 0  # the step moves: the box closes again, the step's own group opens
    assert lecture.boxes() == closed_groups(graph, prepared.plan.steps[0])
    lecture.selected = b3
    assert 2 not in lecture.boxes()
    lecture.collapsed = False  # K, K: every box closed again
    lecture.collapsed = True
    assert lecture.boxes() == closed_groups(graph, prepared.plan.steps[0])


def test_k_draws_each_group_as_one_labelled_box_and_k_again_gives_the_nodes_back(qtbot,
                                                                                window):
    assert window.open_file(TWO_LAYERS), window.errors
    scene, graph = window.scene, window.prepared.graph
    grouped = {i for group in graph.groups for i in group.nodes}
    qtbot.keyClick(window, Qt.Key.Key_K)
    assert window.lecture.collapsed and window.actions_.collapse.isChecked()
    assert hidden(scene) == grouped  # before the first step every group is closed
    assert {item.node.id for item in scene.nodes if item.isVisible()} == {
        n.id for n in graph.nodes} - grouped  # x and y stay
    assert {f.label for f in scene.frames if f.closed and f.isVisible()} == {
        g.label for g in graph.groups}
    # Laid out closed, each group is one box: the rows are cut between boxes, none inside.
    assert [f.group for f in scene.frames] == list(range(len(graph.groups)))
    for frame in scene.frames:
        assert frame.closed
        assert frame.label_font().pixelSize() > scene.fonts.name.pixelSize()  # big
        assert frame.shape_rect().contains(frame.label_rect())  # the label fits its box
    for edge, item in zip(graph.edges, scene.edges, strict=True):
        piece = scene._piece  # a group cut into rows: its edge from row to row stays
        if edge.src in piece and piece.get(edge.src) == piece.get(edge.dst):
            assert not item.isVisible()
        if edge.src not in grouped or edge.dst not in grouped:
            assert item.isVisible()  # x → capa 1 runs to the box's border
    for j, frame in enumerate(scene.frames):  # each edge into a box: its head on the border
        into = [item for edge, item in zip(graph.edges, scene.edges, strict=True)
                if scene._piece.get(edge.dst) == j and scene._piece.get(edge.src) != j]
        assert sorted(map(id, into)) == sorted(id(e) for _, _, e in frame.entries)
        box = frame.shape_rect()
        for tip, _, _ in frame.entries:
            assert min(abs(tip.x() - box.left()), abs(tip.x() - box.right()),
                       abs(tip.y() - box.top()), abs(tip.y() - box.bottom())) < 0.5
    qtbot.keyClick(window, Qt.Key.Key_K)
    assert not window.lecture.collapsed and not window.actions_.collapse.isChecked()
    assert hidden(scene) == set()
    assert all(item.isVisible() for item in scene.edges)
    assert not any(frame.closed or frame.entries for frame in scene.frames)


def test_a_step_opens_the_groups_it_enters_and_they_close_when_it_leaves(window):
    assert window.open_file(TWO_LAYERS), window.errors
    window.actions_.collapse.trigger()
    scene, graph, plan = window.scene, window.prepared.graph, window.prepared.plan
    opened_then_closed = 0
    before: frozenset[int] = frozenset(range(len(graph.groups)))
    for k, step in enumerate(plan.steps):
        window.set_step(k)
        touched = step_touches(graph, step)
        assert not touched & hidden(scene), f"step {k}: a node it talks about is hidden"
        for g, group in enumerate(graph.groups):
            assert (g in scene.closed) == (not group.nodes & touched)
        opened_then_closed += len(scene.closed - before)
        before = scene.closed
        current = scene.nodes[step.node]
        assert current.isVisible() and current.known
    assert opened_then_closed > 0  # a group the pass had left closed again
    window.jump_to("first")
    assert scene.closed == frozenset(range(len(graph.groups)))


def test_collapsed_every_step_is_framed_for_the_back_row_and_the_boxes_read(qtbot, tmp_path):
    window = presenting(qtbot, tmp_path, (1920, 1080))
    window.actions_.collapse.trigger()
    problems, boxes_seen = [], 0
    try:
        for lesson in grouped_lessons():
            _, found = walk(window, lesson, GOAL)  # numbers ≥ 30 px, the step's ends in view
            problems += found
            assert window.open_file(lesson), window.errors  # the whole net as its boxes
            for _ in range(5):  # the caption band takes its height, the canvas refits
                QApplication.processEvents()
            window.canvas.settle()
            canvas, scene = window.canvas, window.scene
            visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
            for frame in scene.frames:
                box = frame.mapRectToScene(frame.shape_rect())
                if frame.closed and visible.intersects(box):
                    boxes_seen += 1
                    height = digit_px(frame.label_font(), frame, canvas)
                    if height < GOAL:
                        problems.append(f"{lesson.name}: box {frame.label} {height:.1f} px")
    finally:
        window.close()
    assert not problems, "\n".join(problems[:20])
    assert boxes_seen >= 3 * len(grouped_lessons())


def test_collapsed_in_the_dark_theme_frames_the_same(qtbot, tmp_path):
    window = presenting(qtbot, tmp_path, (1920, 1080), theme="dark")
    window.actions_.collapse.trigger()
    try:
        _, problems = walk(window, EXAMPLES / "xor_red.toml", GOAL)
    finally:
        window.close()
    assert not problems, "\n".join(problems[:20])


def _pixels(pixmap) -> np.ndarray:
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.width(), 4)[..., :3].astype(int)


def _share(picture: np.ndarray, color: str) -> float:
    c = QColor(color)
    bgr = np.array([c.blue(), c.green(), c.red()])
    return float(np.mean(np.all(np.abs(picture - bgr) <= 2, axis=-1)))


def test_the_overview_shows_the_boxes(window):
    assert window.open_file(TWO_LAYERS), window.errors
    minimap, theme = window.lesson_page.minimap, window.scene.theme
    minimap.resize(400, 300)

    def picture():
        minimap.refresh()
        minimap._render()  # what its timer would paint
        return _pixels(minimap._pixmap)

    opened = picture()
    window.actions_.collapse.trigger()
    rect = window.scene.content_rect()  # the collapsed graph is laid out anew ...
    assert minimap.width() / minimap.height() == pytest.approx(  # ... and the overview refits
        rect.width() / rect.height(), rel=0.1)
    minimap.resize(400, 300)
    closed = picture()
    assert not np.array_equal(closed, opened)
    assert _share(closed, theme.group_fill) > _share(closed, theme.value_fill)  # boxes
    minimap._pixmap = None
    assert np.array_equal(picture(), closed)  # the repaint is the whole picture


def _png(path: Path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=h * stride)
    return raw.reshape(h, stride)[:, : 4 * w].reshape(h, w, 4)[..., :3].astype(int)


@pytest.mark.parametrize("step", ["start", "backward:6"])
def test_export_collapse_draws_the_boxes_the_window_draws(tmp_path, qapp, step):
    from gradviz.app.cli import main as cli_main
    from gradviz.view.theme import LIGHT

    lesson = EXAMPLES / "red_tres_capas.toml"
    opened, closed = tmp_path / "open.png", tmp_path / "closed.png"
    common = ["--step", step, "--scale", "0.5"]
    assert cli_main(["export", str(lesson), "-o", str(opened), *common]) == 0
    assert cli_main(["export", str(lesson), "-o", str(closed), "--collapse", *common]) == 0
    a, b = _png(opened), _png(closed)
    # Laid out as its boxes, the collapsed graph is smaller than the open one.
    assert b.shape[0] * b.shape[1] < a.shape[0] * a.shape[1]
    assert _share(b, LIGHT.value_fill) * b[..., 0].size < _share(a, LIGHT.value_fill) * a[
        ..., 0].size / 2  # the nodes inside the boxes are not drawn
    assert _share(b, LIGHT.group_fill) > 2 * _share(b, LIGHT.value_fill)  # the boxes are


def test_the_scalar_view_collapses_every_element_of_a_group(window):
    from gradviz.lesson.prepare import SCALAR

    assert window.open_file(TWO_LAYERS, level=SCALAR), window.errors  # 80 nodes
    assert window.prepared.level == SCALAR
    window.actions_.collapse.trigger()
    scene, graph = window.scene, window.prepared.graph
    assert hidden(scene) == {i for group in graph.groups for i in group.nodes}
    for k, step in enumerate(window.prepared.plan.steps):
        window.set_step(k)
        assert not step_touches(graph, step) & hidden(scene), f"step {k}"


# ── laid out closed: the rows are cut between boxes ─────────────────────────────────────

THREE_LAYERS = EXAMPLES / "red_tres_capas.toml"


def _inside(outer, inner) -> bool:
    return outer.adjusted(-0.5, -0.5, 0.5, 0.5).contains(inner)


def test_every_group_laid_out_closed_is_one_box_and_rows_are_cut_between_boxes(qapp):
    from gradviz.graph.layout import layout_positions
    from gradviz.view.scene import node_sizes

    for lesson in grouped_lessons():
        graph = prepare_lesson(lesson).graph
        sizes = node_sizes(graph)
        every = frozenset(range(len(graph.groups)))
        for closed in [every, *(every - {k} for k in every)]:  # all, and all but one
            laid = layout_positions(graph, sizes=sizes, closed=closed)
            assert laid.closed == closed
            pieces = [k for k, *_ in laid.frames]
            for k in closed:
                assert pieces.count(k) == 1, (lesson.name, sorted(closed), k)  # never cut
                _, x, y, w, h = next(f for f in laid.frames if f[0] == k)
                assert (w, h) == pytest.approx(sizes.boxes[k], abs=0.01)  # the box for its label
                for i in graph.groups[k].nodes:  # its nodes sit behind it
                    cx, cy = laid.centers[i]
                    assert x <= cx <= x + w and y <= cy <= y + h
                assert x >= 0 and x + w <= laid.width + 0.5 and y >= 0 and (
                    y + h <= laid.height + 0.5)
            boxes = [f[1:] for f in laid.frames if f[0] in closed]
            for i, node in enumerate(graph.nodes):  # no other node lies in a box
                if any(i in graph.groups[k].nodes for k in closed):
                    continue
                (cx, cy), (sw, sh) = laid.centers[i], laid.sizes[i]
                for x, y, w, h in boxes:
                    assert not (cx + sw / 2 > x and cx - sw / 2 < x + w and cy + sh / 2 > y
                                and cy - sh / 2 < y + h), (lesson.name, node.name)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_collapsed_a_net_reads_as_its_whole_boxes_the_5_32_32_3_net_as_four(qtbot, tmp_path,
                                                                           size):
    window = presenting(qtbot, tmp_path, size)
    window.actions_.collapse.trigger()
    try:
        for lesson in grouped_lessons():
            assert window.open_file(lesson), window.errors
            for _ in range(5):  # the caption band takes its height, the canvas refits
                QApplication.processEvents()
            canvas, scene, graph = window.canvas, window.scene, window.prepared.graph
            canvas.settle()
            assert canvas.shows_whole_graph(), lesson.name  # the whole net, as its boxes
            visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
            boxes = [f for f in scene.frames if f.closed and f.isVisible()]
            assert [f.label for f in boxes] == [g.label for g in graph.groups]  # none cut
            assert len(scene.frames) == len(graph.groups)
            for frame in boxes:
                box = frame.mapRectToScene(frame.shape_rect())
                assert _inside(visible, box), (lesson.name, frame.label)
                assert _inside(box, frame.mapRectToScene(frame.label_rect())), frame.label
                assert digit_px(frame.label_font(), frame, canvas) >= GOAL * size[1] / 1080
            rect = scene.content_rect()
            assert 1.0 < rect.width() / rect.height() < 16 / 9 * 1.25, lesson.name
            if lesson == THREE_LAYERS:
                assert [f.label for f in boxes] == ["capa 1", "capa 2", "capa 3", "pérdida"]
    finally:
        window.close()


def test_collapsed_no_step_cuts_a_closed_box_and_cut_boxes_keep_their_labels_in_view(
        qtbot, tmp_path):
    window = presenting(qtbot, tmp_path, (1280, 720))
    window.actions_.collapse.trigger()
    problems, slid = [], 0
    try:
        for lesson in grouped_lessons():
            assert window.open_file(lesson), window.errors
            for k in range(window.prepared.plan.last + 1):
                window.set_step(k)
                window.canvas.settle()
                scene, canvas = window.scene, window.canvas
                pieces = [f.group for f in scene.frames]
                for g in scene.closed:
                    if pieces.count(g) != 1:
                        problems.append(f"{lesson.name} step {k}: closed box {g} is cut")
                visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
                for frame in scene.frames:
                    if not frame.closed:
                        continue
                    box = frame.mapRectToScene(frame.shape_rect())
                    label = frame.mapRectToScene(frame.label_rect())
                    shown = box.intersected(visible)
                    if shown.width() < label.width() or shown.height() < label.height():
                        continue  # too little of it in view to hold its label
                    slid += not _inside(visible, box)
                    if not _inside(shown, label):
                        problems.append(f"{lesson.name} step {k}: {frame.label}'s label "
                                        "is out of sight")
    finally:
        window.close()
    assert not problems, "\n".join(problems[:20])
    assert slid > 0  # some box was cut by the view's edge, its label moved into view


def _click(qtbot, canvas, point) -> None:
    spot = canvas.mapFromScene(point)
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=spot)


def test_a_click_on_a_closed_box_opens_it_shows_it_and_selects_the_value_leaving_it(
        qtbot, tmp_path):
    window = presenting(qtbot, tmp_path, (1920, 1080))
    try:
        assert window.open_file(THREE_LAYERS), window.errors
        window.actions_.collapse.trigger()
        for _ in range(5):  # the caption band takes its height, the canvas refits
            QApplication.processEvents()
        canvas, scene, graph = window.canvas, window.scene, window.prepared.graph
        third = next(f for f in scene.frames if f.label == "capa 3")
        _click(qtbot, canvas, third.mapRectToScene(third.shape_rect()).center())
        a3 = graph.groups[2].output
        assert window.lecture.selected == a3 and graph.nodes[a3].name == "a3"
        assert scene.closed == frozenset({0, 1, 3}) and scene.nodes[a3].isVisible()
        visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
        opened = next(f for f in scene.frames if f.group == 2)
        assert _inside(visible, opened.mapRectToScene(opened.shape_rect()))  # all of it
        for frame in scene.frames:  # the closed boxes the view's edge cuts: labels in view
            box = frame.mapRectToScene(frame.shape_rect())
            if frame.closed and visible.intersects(box):
                assert _inside(visible, frame.mapRectToScene(frame.label_rect())), frame.label
        z3 = window.lecture.find_value("z3")  # a click on a node in the opened box selects it
        _click(qtbot, canvas, window.lesson_page.node_center(z3))
        assert window.lecture.selected == z3 and scene.nodes[z3].isVisible()
        window.set_step(0)  # capa 1's first op
        assert scene.closed == frozenset({1, 2, 3})  # the step moved: capa 3 closes again
    finally:
        window.close()


def test_finding_a_node_inside_a_closed_box_opens_it_and_selects_it(window):
    assert window.open_file(THREE_LAYERS), window.errors
    window.actions_.collapse.trigger()
    scene, graph = window.scene, window.prepared.graph
    assert window.focus_node("b3")  # Ctrl+F
    b3 = window.lecture.find_value("b3")
    assert window.lecture.selected == b3
    assert scene.closed == frozenset({0, 1, 3}) and scene.nodes[b3].isVisible()
    canvas = window.canvas
    visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    assert visible.contains(window.lesson_page.node_center(b3))
    assert window.focus_node("x")  # a node outside every box opens none
    assert scene.closed == frozenset({0, 1, 3})
    window.actions_.collapse.trigger()  # K: every node back; K again: every box closed
    window.actions_.collapse.trigger()
    assert scene.closed == frozenset(range(len(graph.groups)))

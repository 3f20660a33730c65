"""`LessonPage`: the graph, the inspector beside it, the caption band and the step controls
under them.

The page shows one `Lecture`.  When the lecture shows a new lesson the page draws its
`GraphScene` (fitted to the canvas); each step is drawn from the plan's state (while the
lecture has the groups collapsed, each a closed box but those the step enters) and the
canvas' camera glides to the step's frame (`gradviz.view.camera`), the overview in the
corner (`Minimap`) showing where it is; the theme recolours the scene; a click on a node
selects it in the lecture.  Closed boxes lay the graph out again (`GraphScene.show_boxes`):
the camera then cuts to the step, since every node may have moved; a box the lecturer opens
(a click on it, Ctrl+F) shows the node selected in it.  The inspector, the caption band and
the controls listen to the lecture themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from gradviz.app.binding import listen
from gradviz.app.caption_band import CaptionBand
from gradviz.app.controls import StepControls
from gradviz.app.inspector import Inspector
from gradviz.app.presenter import place_floating, set_floating
from gradviz.lecture import Lecture
from gradviz.view.camera import step_frame
from gradviz.view.canvas import GraphCanvas
from gradviz.view.minimap import Minimap
from gradviz.view.scene import GraphScene
from gradviz.view.theme import THEMES, Theme

INSPECTOR_WIDTH = 360  # the inspector keeps this width; the graph gets the rest
CONTROLS_PX = 16  # the controls' text at text size 1


def scene_theme(lecture: Lecture) -> Theme:
    """The graph's look: the lecture's theme at its text size."""
    return THEMES[lecture.theme].with_text_scale(lecture.text_scale)


class LessonPage(QWidget):
    def __init__(self, lecture: Lecture, parent=None) -> None:
        super().__init__(parent)
        self.lecture = lecture
        self.scene: GraphScene | None = None
        self.canvas = GraphCanvas(self)
        self.canvas.camera = self._frame
        self.minimap = Minimap(self.canvas)
        self.canvas.on_moved = self._view_moved
        self.inspector = Inspector(self)
        self.inspector.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the clicker's keys step
        self.controls = StepControls(lecture, self)
        self.caption = CaptionBand(self)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.canvas)
        split.addWidget(self.inspector)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)  # a bigger window is more room for the graph
        split.setSizes([1100, INSPECTOR_WIDTH])
        self.split = split
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(split, 1)
        column.addWidget(self.caption)  # under the graph, the width of the window: subtitles
        column.addWidget(self.controls)
        self.inspector.follow(lecture)
        self.caption.follow(lecture)
        listen(self, lecture.events.prepared, self._show_lesson)
        listen(self, lecture.events.step, self._show_step)
        listen(self, lecture.events.veiled, lambda _: self._show_step(lecture.step))  # revealed
        listen(self, lecture.events.collapsed, self._show_collapsed)
        listen(self, lecture.events.opened, self._show_opened)
        listen(self, lecture.events.theme, self._show_theme)
        listen(self, lecture.events.language, self._show_language)
        listen(self, lecture.events.text_scale, self._show_text_scale)
        self._show_text_scale(lecture.text_scale)
        self.floating = False
        self.caption.installEventFilter(self)  # the floating controls sit on its top edge

    # ── from the lecture ─────────────────────────────────────────────────────────────────
    def _show_lesson(self, prepared) -> None:
        old = self.scene
        self.scene = GraphScene(prepared.graph, self.lecture.layout, scene_theme(self.lecture),
                                self.lecture.language, on_node_clicked=self._node_clicked)
        self.canvas.setScene(self.scene)
        self.minimap.set_scene(self.scene)
        if old is not None:
            old.deleteLater()
        self.canvas.focus = None
        self._show_step(self.lecture.step, animate=False)
        if self.lecture.step < 0 or not self.canvas.follow:
            self._fit_start()

    def _view_moved(self) -> None:
        """The view moved: the overview redraws its frame, cut boxes move their labels."""
        self.minimap.view_moved(self.canvas.keep())
        if self.scene is not None and self.scene.closed:
            view = self.canvas.viewport().rect()
            self.scene.show_seen(self.canvas.mapToScene(view).boundingRect())

    def _fit_start(self) -> None:
        """The opening view: the whole graph when it is made of closed boxes (their labels
        read whole) or the camera does not follow, else the graph at a readable size."""
        self.canvas.fit(self.canvas.follow and not self.scene.closed)

    def _show_collapsed(self, on: bool) -> None:  # noqa: ARG002 - the lecture's own value
        self._show_step(self.lecture.step)
        if self.scene is not None and (self.lecture.step < 0 or not self.canvas.follow):
            self._fit_start()

    def _show_opened(self, opened: frozenset[int]) -> None:
        """The lecturer opened a box: draw it open and show it, whole if it can be read so,
        else around the node they chose in it."""
        if self.scene is None or self.lecture.state() is None:
            return
        self._show_boxes()
        self.scene.show_state(self.lecture.state())
        self.minimap.refresh()
        node = self.lecture.selected
        if node is None:
            return
        area = QRectF()
        for frame in self.scene.frames:
            if frame.group in opened and node in self.scene.graph.groups[frame.group].nodes:
                area = area.united(frame.mapRectToScene(frame.shape_rect()))
        self.canvas.show_area(area, self.node_center(node))

    def _show_boxes(self) -> bool:
        """Draw the lecture's closed boxes; True when that moved the nodes."""
        moves = self.scene.layout_changed
        self.scene.show_boxes(self.lecture.boxes())  # collapsed: a group opens as a step enters
        if self.scene.layout_changed == moves:
            return False
        self.minimap.place()  # the graph's shape changed
        return True

    def _show_step(self, k: int, animate: bool = True) -> None:
        state = self.lecture.state()
        if self.scene is None or state is None:
            return
        if self._show_boxes():
            animate = False  # the nodes moved: a glide from where they were would mislead
        self.scene.show_state(state)
        self.minimap.refresh()
        if state.step is None:
            return
        center = self.node_center(state.step.node)
        if self.canvas.follow:
            self.canvas.focus = center
            self.canvas.frame_step(animate)
        else:
            self.canvas.show_node(center)

    def _frame(self, size):
        """The camera's frame for the step shown, in a viewport of `size` pixels."""
        state = self.lecture.state() if self.scene is not None else None
        if state is None or state.step is None:
            return None
        return step_frame(self.scene, state.step, size, self.window().height())

    def _show_theme(self, name: str) -> None:
        if self.scene is not None:
            self.scene.set_theme(scene_theme(self.lecture))
            self.minimap.refresh()

    def _show_language(self, lang: str) -> None:
        if self.scene is not None:
            self.scene.lang = lang

    def _show_text_scale(self, scale: float) -> None:
        font = self.controls.font()
        font.setPixelSize(int(CONTROLS_PX * scale))
        self.controls.setFont(font)  # a style sheet would hide the dark palette
        self.size_inspector()

    # ── to the lecture ───────────────────────────────────────────────────────────────────
    def _node_clicked(self, node_id: int) -> None:
        self.lecture.selected = node_id

    # ── geometry ─────────────────────────────────────────────────────────────────────────
    def float_controls(self, on: bool) -> None:
        """Presenter mode: the controls float over the graph's bottom edge instead of
        taking a row of their own, so showing and hiding them moves nothing."""
        set_floating(self.controls, on)
        self.floating = on
        self._place_controls()

    def _place_controls(self) -> None:
        if self.floating:
            place_floating(self.controls,
                           self.caption.y() if self.caption.isVisible() else self.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place_controls()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show,
                            QEvent.Type.Hide):
            self._place_controls()
        return False

    def node_center(self, node_id: int) -> QPointF:
        """Where a node's centre is in the scene (the layout's point, scaled)."""
        return self.scene.root.mapToScene(QPointF(*self.scene.layout.centers[node_id]))

    def size_inspector(self, total: int | None = None) -> None:
        """The inspector's width follows the text size (its words grow with it), up to two
        fifths of the page; the graph gets the rest."""
        total = total or sum(self.split.sizes()) or self.width()
        width = int(min(INSPECTOR_WIDTH * (1 + 0.6 * max(self.lecture.text_scale - 1, 0)),
                        max(0.4 * total, INSPECTOR_WIDTH)))
        self.split.setSizes([max(total - width, 1), width])

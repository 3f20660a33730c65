"""The graph drawn at one step: a `GraphScene` the window shows and the PNG export renders.

Build it once from a graph, its layout, a theme and a language, then call
`show_state(plan.state(k))` for each step: items update in place, and only those whose look
changed repaint.  `node_sizes(graph, theme)` measures what each node needs, so
`layout_for_view(graph, theme)` gives a layout whose nodes fit their text exactly.

`show_boxes(closed)` draws groups closed, each one box: the graph is then laid out again
with those groups as one node each (`layout_positions(closed=...)`, kept per set of closed
groups), so rows are cut between boxes and the collapsed graph is as small as its boxes; the
items move to the new places (`layout_changed` counts the moves).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene

from gradviz import catalog
from gradviz.graph import format as fmt
from gradviz.graph.caption import notation_of
from gradviz.graph.layout import Layout, NodeSizes, box_label_px, box_size, layout_positions
from gradviz.graph.model import Graph
from gradviz.graph.stepstate import BACKWARD, FORWARD, StepState
from gradviz.view.group_item import GroupFrameItem, font_of, side_room
from gradviz.view.items import EdgeItem, EdgeLabelItem, Fonts, measure_node, text_width
from gradviz.view.node_item import NodeItem
from gradviz.view.scene_labels import MARGIN as MARGIN
from gradviz.view.scene_labels import ContributionLabels
from gradviz.view.theme import LIGHT, Theme

NORMAL, DIM, FLOW, CONTRIBUTION = "normal", "dim", "flow", "contribution"
MAX_CHANGES = 64  # more changed rectangles than this in a step: say the whole scene changed


def node_sizes(graph: Graph, theme: Theme = LIGHT) -> NodeSizes:
    """Each node's size in points (scale 1) so its name, value and gradient fit, marked with
    the theme's text size so `layout_positions` spaces the graph for it."""
    fonts = Fonts(theme)
    sizes, circles = NodeSizes(text_scale=theme.text_scale), []
    notation = notation_of(graph)
    for node in graph.nodes:
        metrics = measure_node(node, fonts, notation.name(node.name))
        circle = not node.is_op and metrics.mode == fmt.SCALAR
        sizes[node.id] = metrics.size(circle)
        if circle:
            circles.append(node.id)
    # Like the slide, all scalar circles are one size: the largest any of them needs.
    side = max((sizes[i][0] for i in circles), default=0.0)
    for i in circles:
        sizes[i] = (side, side)
    label = font_of(fonts.name, box_label_px(theme.text_scale))
    for k, group in enumerate(graph.groups):  # each group closed: one box for its label
        sizes.boxes[k] = box_size(text_width(label, group.label), theme.text_scale)
    return sizes


def layout_for_view(graph: Graph, theme: Theme = LIGHT, rankdir: str = "LR") -> Layout:
    """`layout_positions` with node sizes measured by the theme's fonts."""
    return layout_positions(graph, rankdir=rankdir, sizes=node_sizes(graph, theme))


class GraphScene(ContributionLabels, QGraphicsScene):
    """A graph's nodes and edges; `show_state` says which step they show."""

    node_clicked = Signal(int)

    def __init__(
        self,
        graph: Graph,
        layout: Layout,
        theme: Theme = LIGHT,
        lang: str = "es",
        on_node_clicked: Callable[[int], None] | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.graph, self.layout, self._lang = graph, layout, lang
        self.theme = theme
        self.fonts = Fonts(theme)
        self.state: StepState | None = None
        self._on_node_clicked = on_node_clicked
        # `root` holds no item: it is the presenter scale's transform (layout points to scene
        # coordinates), for `root.mapToScene`.  The items themselves are top-level, each
        # scaled about the layout's origin (`_scaled`): under one parent Qt would visit
        # all of them at every paint, where top-level items are found through the scene's
        # index, so a frame costs what is on screen, not the graph's size.
        self.root = QGraphicsRectItem()
        self.root.setPen(QColor(0, 0, 0, 0))
        self.root.setFlag(self.root.GraphicsItemFlag.ItemHasNoContents)
        self.addItem(self.root)
        self._producer = {e.dst: e.src for e in graph.edges if graph.nodes[e.src].is_op}
        self._result = {e.src: e.dst for e in graph.edges if graph.nodes[e.src].is_op}
        self._edge_index = {edge: i for i, edge in enumerate(graph.edges)}
        self._edge_dst = [e.dst for e in graph.edges]
        self._edges_into: dict[int, list[int]] = {}
        for i, e in enumerate(graph.edges):
            self._edges_into.setdefault(e.dst, []).append(i)
        self.nodes = self._build_nodes()
        self.edges = self._build_edges()
        self.frames = self._build_frames()
        self.closed: frozenset[int] = frozenset()  # groups drawn as one box (`show_boxes`)
        self._layouts: dict[frozenset[int], Layout] = {layout.closed: layout}
        self._sizes: NodeSizes | None = None  # measured for the first layout with boxes
        self.layout_changed = 0  # how many times the items moved to another layout
        self._seen: QRectF | None = None  # what the view shows (`show_seen`)
        self.labels: dict[int, EdgeLabelItem] = {}
        self._boxes: tuple[np.ndarray, np.ndarray] | None = None  # see `_near`
        self._polylines: dict[int, np.ndarray] = {}
        self._changes: list[QRectF] | None = None  # see `take_changes`
        self.set_theme(theme)
        self.set_scale(theme.scale)
        self.show_state(None)

    # -- building ---------------------------------------------------------------------------

    def _build_nodes(self) -> list[NodeItem]:
        items = []
        notation = notation_of(self.graph)
        for node in self.graph.nodes:
            title = notation.name(node.name)
            item = NodeItem(node, self.layout.sizes[node.id],
                            measure_node(node, self.fonts, title), title)
            item.setPos(QPointF(*self.layout.centers[node.id]))
            self.addItem(item)
            item.setToolTip(self._tooltip(node))
            items.append(item)
        return items

    def _build_frames(self) -> list[GroupFrameItem]:
        """One frame per group, behind its nodes (none when the layout has no frames)."""
        items = []
        for k, *rect in self.layout.frames:
            item = GroupFrameItem(self.graph.groups[k].label, tuple(rect), k)
            self.addItem(item)
            items.append(item)
        # node id → the frame (a group's row piece) its centre lies in
        self._piece = {}
        for j, (k, x, y, w, h) in enumerate(self.layout.frames):
            for i in self.graph.groups[k].nodes:
                cx, cy = self.layout.centers[i]
                if x <= cx <= x + w and y <= cy <= y + h:
                    self._piece[i] = j
        return items

    def _tooltip(self, node) -> str:
        if node.is_op:
            what = catalog.text("operation: {op}", self._lang, op=node.op or node.name)
            return f"{what}\n{catalog.text(node.formula, self._lang)}".strip()
        shape = fmt.format_shape(node.shape) or "()"
        return f"{node.name}\n{catalog.text('shape: {shape}', self._lang, shape=shape)}"

    @property
    def lang(self) -> str:
        return self._lang

    @lang.setter
    def lang(self, lang: str) -> None:
        """Switch the scene's words (its tooltips) to another language."""
        self._lang = lang
        for node, item in zip(self.graph.nodes, self.nodes, strict=True):
            item.setToolTip(self._tooltip(node))

    def _build_edges(self) -> list[EdgeItem]:
        items = []
        for index, edge in enumerate(self.graph.edges):
            route = self.layout.routes[index] if index < len(self.layout.routes) else None
            if route is not None:
                points = [QPointF(*p) for p in route.points]
                tip = QPointF(*route.tip) if route.tip else None
            else:
                points, tip = self._straight(edge.src, edge.dst)
            item = EdgeItem(points, tip, self.theme.arrow_size)
            self.addItem(item)
            items.append(item)
        return items

    def _straight(self, src: int, dst: int) -> tuple[list[QPointF], QPointF]:
        """A straight edge between the two nodes' rims, for layouts without splines."""
        (x0, y0), (x1, y1) = self.layout.centers[src], self.layout.centers[dst]
        d = np.hypot(x1 - x0, y1 - y0) or 1.0
        ux, uy = (x1 - x0) / d, (y1 - y0) / d
        r0 = min(self.layout.sizes[src]) / 2
        r1 = min(self.layout.sizes[dst]) / 2
        start = QPointF(x0 + ux * r0, y0 + uy * r0)
        tip = QPointF(x1 - ux * r1, y1 - uy * r1)
        end = tip - QPointF(ux * self.theme.arrow_size, uy * self.theme.arrow_size)
        return [start, end], tip

    # -- public API -------------------------------------------------------------------------

    def content_rect(self) -> QRectF:
        """The drawn area in scene coordinates: layout box plus margin, times the scale."""
        s = self.theme.scale
        return QRectF(-MARGIN * s, -MARGIN * s, (self.layout.width + 2 * MARGIN) * s,
                      (self.layout.height + 2 * MARGIN) * s)  # fmt: skip

    def set_scale(self, scale: float) -> None:
        """Presenter scale: every size, fonts included, is multiplied by `scale`."""
        self.theme = self.theme.with_scale(scale)
        self.root.setScale(self.theme.scale)
        for item in (*self.nodes, *self.edges, *self.frames, *self.labels.values()):
            self._scaled(item)
        self.setSceneRect(self.content_rect())
        self._changes = None

    def _scaled(self, item) -> None:
        """Put `item`, placed at `pos()` in layout points, where `root` maps it: scaled by
        the presenter scale about the layout's origin (scene = scale × (pos + x))."""
        s = self.theme.scale
        if s == 1.0 and item.scale() == 1.0:
            return
        item.setTransformOriginPoint(-item.pos())
        item.setScale(s)

    def set_theme(self, theme: Theme) -> None:
        """Swap colours and fonts in place (the presenter scale stays as it is)."""
        scale = self.theme.scale
        self.theme = theme.with_scale(scale)
        self.fonts = Fonts(self.theme)
        self.setBackgroundBrush(QBrush(QColor(self.theme.background)))
        for item in self.nodes:
            item.set_theme(self.theme, self.fonts)
        self._dress()
        if self.closed:
            self.show_boxes(self.closed, again=True)  # the boxes' width follows their labels
        self._update_edges(self.state)
        self._changes = None

    def _dress(self) -> None:
        """The frames' and edges' look from the theme, and the caches of their geometry."""
        for item in self.frames:
            item.set_theme(self.theme, self.fonts)
        bounds = (-MARGIN / 2, self.layout.width + MARGIN / 2)
        for frame, room in zip(self.frames, side_room(self.frames, self.layout, bounds),
                               strict=True):
            frame.room = room
        box_px = min((frame.box_px() for frame in self.frames), default=None)
        for frame in self.frames:  # one size for every closed box's label: calm, not ranked
            frame.label_px = box_px
        for label in self.labels.values():
            label.fonts = self.fonts
        for item in self.edges:
            item.mode = ""  # force new pens
            if item.arrow_size != self.theme.arrow_size:
                item.set_arrow(self.theme.arrow_size)
        self._boxes, self._polylines = None, {}  # sizes and arrowheads may have changed
        self._near(QRectF())  # build the boxes now, not in the middle of the first step

    def show_state(self, state: StepState | None) -> None:
        """Show what is known at this step; None shows the structure only."""
        self.state = state
        current = state.step.node if state is not None and state.step is not None else None
        values = state.values if state is not None else frozenset()
        done = state.done if state is not None else frozenset()
        grads = state.grads if state is not None else {}
        veiled = state.veiled if state is not None else frozenset()  # predict mode's "?"
        structure = state is None
        knowns = self._known(values)
        for item in self.nodes:
            i = item.node.id
            known = knowns[i]
            grad = grads.get(i)
            key = (structure, known, id(grad) if grad is not None else None, i == current,
                   i in done, i in veiled)  # fmt: skip
            if key == item.key:
                continue
            if item.key is not None and key[2] != item.key[2] and _same(grad, item.grad):
                grad = item.grad  # a new array with the same numbers: keep the old picture
                key = (*key[:2], item.key[2], *key[3:])
                if key == item.key:
                    continue  # nothing else changed: no repaint
            item.key = key
            item.veiled = i in veiled
            item.set_state(structure, known, grad, i == current, i in done)
            self._changed_item(item)
        self._update_edges(state, knowns)

    def show_boxes(self, closed: frozenset[int], again: bool = False) -> None:
        """Draw the groups `closed` (indices into `graph.groups`) as one labelled box each:
        their nodes and the edges inside them hidden, an edge into or out of one running
        to its border (the box is drawn over the edge's end, its head at the border); the
        other groups open.  `again`: the boxes' sizes changed (a new theme)."""
        closed = frozenset(k for k in closed if 0 <= k < len(self.graph.groups))
        if closed == self.closed and not again:
            return
        self.closed = closed
        if closed != self.layout.closed:
            self._place(self._layout_for(closed))
        inside = {i: self._piece.get(i, -3) for k in closed for i in self.graph.groups[k].nodes}
        for item in self.nodes:
            item.setVisible(item.node.id not in inside)
        for edge, item in zip(self.graph.edges, self.edges, strict=True):
            # Between two closed boxes (two row pieces of one group among them) an edge still
            # runs from one border to the other.
            item.setVisible(inside.get(edge.src, -1) != inside.get(edge.dst, -2))
        for frame in self.frames:
            frame.set_closed(frame.group in closed)
        entries = self._entries(inside)  # on the boxes as closed, grown for their labels
        for j, frame in enumerate(self.frames):
            frame.set_closed(frame.group in closed, entries.get(j, ()))
        self._update_labels(self.state)  # a label's free spot may have moved
        self._changes = None  # the overview paints itself anew

    def show_seen(self, seen: QRectF | None) -> None:
        """The view shows the scene rectangle `seen`: the closed boxes keep their labels in
        it (`GroupFrameItem.show_seen`)."""
        self._seen = seen
        for frame in self.frames:
            frame.show_seen(seen)

    @contextmanager
    def unseen(self):
        """Paint as if the whole scene were in view (the overview's picture): the closed
        boxes' labels centred, not moved for the view's edge.  Nothing is repainted."""
        seen = [frame.seen for frame in self.frames]
        for frame in self.frames:
            frame.seen = None
        try:
            yield
        finally:
            for frame, rect in zip(self.frames, seen, strict=True):
                frame.seen = rect

    def _layout_for(self, closed: frozenset[int]) -> Layout:
        """The graph laid out with the groups `closed` as one box each (kept)."""
        layout = self._layouts.get(closed)
        if layout is None:
            if self._sizes is None:
                self._sizes = node_sizes(self.graph, self.theme)
            layout = self._layouts[closed] = layout_positions(
                self.graph, rankdir=self.layout.rankdir, sizes=self._sizes, closed=closed)
        return layout

    def _place(self, layout: Layout) -> None:
        """Move every item to `layout`'s places: nodes move, edges and frames are new."""
        self.layout = layout
        for item in self.nodes:
            item.setPos(QPointF(*layout.centers[item.node.id]))  # `set_scale` rescales it
        for item in (*self.edges, *self.frames):
            self.removeItem(item)
        self.edges = self._build_edges()
        self.frames = self._build_frames()
        self._dress()
        self.show_seen(self._seen)
        self.set_scale(self.theme.scale)
        self._update_edges(self.state)
        self.layout_changed += 1

    def _entries(self, inside: dict[int, int]) -> dict[int, list]:
        """Frame index → where the edges into that closed piece meet its border: the first
        point of the edge's line inside the box, the direction it comes from, the edge."""
        entries: dict[int, list] = {}
        for i, edge in enumerate(self.graph.edges):
            j = inside.get(edge.dst)
            if j is None or j < 0 or inside.get(edge.src) == j:
                continue
            frame = self.frames[j]
            box = frame.shape_rect().translated(frame.pos())
            item = self.edges[i]
            line = self._polyline(i)
            if item.arrow:  # the line stops where its own head starts: go on to the tip
                line = np.vstack([line, [(item.arrow[0].x(), item.arrow[0].y())]])
            for k in range(1, len(line)):
                if box.contains(QPointF(*line[k])):
                    outside, within = line[k - 1], line[k]
                    for _ in range(12):  # halve the step until the point is on the border
                        middle = (outside + within) / 2
                        if box.contains(QPointF(*middle)):
                            within = middle
                        else:
                            outside = middle
                    d = line[k] - line[k - 1]
                    d = d / (np.hypot(*d) or 1.0)
                    entries.setdefault(j, []).append((QPointF(*within), QPointF(*d), item))
                    break
        return entries

    def _known(self, values) -> list[bool]:
        """For each node, whether its value is known (an op's: its result's)."""
        result = self._result
        return [i in values or result.get(i, -1) in values for i in range(len(self.nodes))]

    def take_changes(self) -> list[QRectF] | None:
        """The scene rectangles whose look changed since the last call, or None when all of
        it may have (built, a new theme or scale, or more changes than are worth listing):
        the overview repaints only these parts of its picture."""
        changes, self._changes = self._changes, []
        return changes

    def _changed_item(self, item) -> None:
        if item.isVisible():
            self._changed(item.sceneBoundingRect())

    def _changed(self, rect: QRectF) -> None:
        if self._changes is not None:
            self._changes.append(rect)
            if len(self._changes) > MAX_CHANGES:
                self._changes = None

    def edge_number(self, edge) -> int | None:
        """The index of `edge` in the graph's edges (and in `self.edges`)."""
        return self._edge_index.get(edge)

    def known_nodes(self) -> set[int]:
        return {item.node.id for item in self.nodes if item.known and not item.structure_only}

    # -- edges ------------------------------------------------------------------------------

    def _edge_modes(self, state: StepState | None, known: list[bool] | None = None) -> list[str]:
        if state is None:
            return [NORMAL] * len(self.edges)
        known = self._known(state.values) if known is None else known
        modes = [NORMAL if known[d] else DIM for d in self._edge_dst]
        step = state.step
        if step is None:
            return modes
        if step.phase == FORWARD:
            targets = {step.node}
            if step.node in self._producer:  # a value node's step also lights its op's inputs
                targets.add(self._producer[step.node])
            for target in targets:
                for i in self._edges_into.get(target, ()):
                    modes[i] = FLOW
        elif step.phase == BACKWARD:
            for contribution in step.contributions:
                i = self._edge_index.get(contribution.edge)
                if i is not None:
                    modes[i] = CONTRIBUTION
        return modes

    def _update_edges(self, state: StepState | None, known: list[bool] | None = None) -> None:
        theme = self.theme
        looks = {
            NORMAL: (QColor(theme.edge), theme.edge_width),
            DIM: (QColor(theme.edge_dim), theme.edge_width),
            FLOW: (QColor(theme.forward_edge), theme.highlight_edge_width),
            CONTRIBUTION: (QColor(theme.contribution_edge), theme.highlight_edge_width),
        }
        for item, mode in zip(self.edges, self._edge_modes(state, known), strict=True):
            if mode != item.mode:
                self._changed_item(item)
                item.set_look(*looks[mode], mode)
                item.setZValue(0.5 if mode in (FLOW, CONTRIBUTION) else 0)
                self._changed_item(item)
        self._update_labels(state)

    def near(self, area: QRectF) -> tuple[np.ndarray, np.ndarray]:
        """Indices of the nodes and of the edges whose boxes meet `area` (layout points)."""
        return self._near(area)

    def _near(self, area: QRectF) -> tuple[np.ndarray, np.ndarray]:
        """Indices of the nodes and of the edges whose boxes meet `area` (layout points)."""
        if self._boxes is None:  # built once per geometry: set_theme clears it
            def box(rect: QRectF) -> tuple[float, float, float, float]:
                return rect.left(), rect.top(), rect.right(), rect.bottom()

            nodes = [box(item.boundingRect().translated(item.pos())) for item in self.nodes]
            edges = [box(item.boundingRect()) for item in self.edges]
            self._boxes = (np.array(nodes, dtype=float).reshape(-1, 4),
                           np.array(edges, dtype=float).reshape(-1, 4))
        left, top, right, bottom = area.left(), area.top(), area.right(), area.bottom()
        return tuple(np.flatnonzero((b[:, 0] <= right) & (b[:, 2] >= left)
                                    & (b[:, 1] <= bottom) & (b[:, 3] >= top))
                     for b in self._boxes)

    # -- clicks -----------------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        for item in self.items(event.scenePos()):
            node = self._clicked(item)
            if node is not None:
                self.node_clicked.emit(node)
                if self._on_node_clicked is not None:
                    self._on_node_clicked(node)
                event.accept()  # the click was ours: Qt need not offer it to anything else
                return
        super().mousePressEvent(event)

    def _clicked(self, item) -> int | None:
        """The node a click on `item` selects: a node's own; a closed box's, the value that
        leaves its group (selecting it opens the box, `Lecture.selected`)."""
        if not item.isVisible():
            return None
        if isinstance(item, NodeItem):
            return item.node.id
        if isinstance(item, GroupFrameItem) and item.closed:
            group = self.graph.groups[item.group]
            return group.output if group.output is not None else min(group.nodes)
        return None

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        event.accept()  # the press was taken here (a node) or by the view (a drag)


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    if a.shape != b.shape:
        return False
    if a.size == 1:  # a scalar's gradient: one number, compared without numpy's overhead
        return bool(a.item() == b.item())
    return bool(np.array_equal(a, b))

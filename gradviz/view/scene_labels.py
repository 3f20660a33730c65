"""The contributions written on the edges of a backward step, placed where they cover
nothing: the part of `GraphScene` that writes and places them (a mixin; the scene holds
the items, its `_near` finds what lies near an edge).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from gradviz.graph import format as fmt
from gradviz.graph.stepstate import BACKWARD, StepState
from gradviz.view.items import EdgeLabelItem
from gradviz.view.labels import Obstacles, path_points, place_label

MARGIN = 40.0  # the scene's margin around the layout (`gradviz.view.scene.MARGIN`)


class ContributionLabels:
    """`GraphScene`'s edge labels: `_update_labels(state)` after the edges' looks."""

    def _update_labels(self, state: StepState | None) -> None:
        wanted: dict[int, str] = {}
        if state is not None and state.step is not None and state.step.phase == BACKWARD:
            for contribution in state.step.contributions:
                i = self._edge_index.get(contribution.edge)
                if i is not None:
                    wanted[i] = "?" if state.veiled else contribution_label(contribution.value)
        before = {i: _look(label) for i, label in self.labels.items()}
        for i, label in self.labels.items():
            label.setVisible(i in wanted)
        color = QColor(self.theme.contribution_edge)
        background = QColor(self.theme.label_background)
        for i, text in wanted.items():
            label = self.labels.get(i)
            if label is None:
                label = self.labels[i] = EdgeLabelItem(self.fonts)
                self.addItem(label)
            label.border = self.theme.label_border
            label.set_text(text, color, background)
        self._place_labels([(i, self.labels[i]) for i in sorted(wanted)])
        for i, label in self.labels.items():
            if before.get(i) != _look(label):  # hidden, shown, moved or rewritten
                if before.get(i, (False,))[0]:
                    self._changed(before[i][1])
                self._changed_item(label)

    def _place_labels(self, labels: list[tuple[int, EdgeLabelItem]]) -> None:
        """Put each label on its edge where it covers no node and no other label: the
        longest free stretch of the line, or beside it on an edge too short for that."""
        if not labels:
            return
        obstacles = Obstacles(bounds=QRectF(-MARGIN, -MARGIN, self.layout.width + 2 * MARGIN,
                                            self.layout.height + 2 * MARGIN))  # fmt: skip
        # Only what lies near the labels' edges can be in their way: one numpy test against
        # the boxes of every node and edge finds it, so a step on a 2,000-node graph costs
        # little more than on a slide.
        nodes_near, edges_near = self._near(self._label_reach(labels))
        for k in nodes_near:
            item = self.nodes[k]
            if not item.isVisible():  # inside a closed group's box
                continue
            rect = item.shape_rect().translated(item.pos())
            if item.circle:
                obstacles.circles.append((rect.center(), rect.width() / 2))
            else:
                obstacles.nodes.append(rect)
            if item.done:
                obstacles.nodes.append(item.badge_rect().translated(item.pos()))
        obstacles.nodes.extend(frame.shape_rect().translated(frame.pos())
                               for frame in self.frames if frame.closed)
        edges_near = [k for k in edges_near if self.edges[k].isVisible()]
        lines = {}
        for k in edges_near:
            obstacles.soft.append(self.edges[k].arrow_rect())
            lines[k] = self._polyline(k)
        # The arrowheads show where each edge goes: a label may touch the box around one,
        # never the head itself, whether its edge carries a contribution or not.
        obstacles.nodes.extend(self.edges[k].arrow_core() for k in edges_near)
        obstacles.nodes.extend(self.edges[i].arrow_core() for i, _ in labels)
        for i, label in labels:
            rect = label.box_rect()
            obstacles.lines = [points for j, points in lines.items() if j != i]
            center, anchor = place_label(self.edges[i].path(), (rect.width(), rect.height()),
                                         obstacles)
            label.setPos(center)
            self._scaled(label)
            label.set_anchor(anchor - center)
            obstacles.labels.append(rect.translated(center))
            if label.has_leader():
                obstacles.leaders.append((anchor, center + label.leader_end()))

    def _polyline(self, k: int) -> np.ndarray:
        """Points along edge `k`, kept until the geometry changes."""
        points = self._polylines.get(k)
        if points is None:
            points = self._polylines[k] = path_points(self.edges[k].path())
        return points

    def _label_reach(self, labels: list[tuple[int, EdgeLabelItem]]) -> QRectF:
        """The area the labels can end up in: their edges, grown by a few label sizes."""
        area = QRectF()
        for i, label in labels:
            r = label.box_rect()
            m = 4 * r.height() + r.width()
            area = area.united(self.edges[i].path().boundingRect().adjusted(-m, -m, m, m))
        return area


def contribution_label(value: np.ndarray) -> str:
    """A contribution written on its edge: the number for a scalar, else its shape."""
    a = np.asarray(value)
    if a.size == 1:
        return fmt.format_scalar(a.reshape(()).item())
    return fmt.format_shape(a.shape)


def _look(label: EdgeLabelItem) -> tuple:
    """What a label shows, and where (its overview picture changes when this does)."""
    return (label.isVisible(), label.sceneBoundingRect(), label.text, label.color.rgba(),
            label.background.rgba(), label.border)



"""A group's frame: a rounded, tinted rectangle behind its nodes, its label at the top-left;
closed (the lesson's groups collapsed, the step elsewhere) one labelled box in their place.

The rectangle is the layout's (`Layout.frames`: dot's cluster box, which no other node
enters, or a closed group's own box); the label is drawn at the node names' size, in the
theme's group colours.  A closed box is drawn over its (hidden) nodes and the ends of the
edges that enter or leave it, so those edges meet its border; its label is centred (moved
into the part the view shows when the view's edge cuts the box, and made smaller when that
part cannot hold it, `show_seen`) and large: at least `BOX_LABEL` times the node names'
size, which the camera keeps above the back row's goal, and as large as every box of the
graph can hold, for the overview of a whole net.
A box is never cut into rows: the graph is laid out with each closed group as one node.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from gradviz.view.items import Fonts, line_height, text_width
from gradviz.view.theme import Theme

RADIUS = 18.0  # corner radius in points at text size 1
PAD = 10.0  # label's distance from the frame's top-left corner at text size 1
BOX_LABEL = 1.5  # a closed box's label: at least this many times the node names' size
BOX_FILL = 0.6  # ... and at most this share of the box's height
SIDE = 0.3  # free room either side of a closed box's label, in label sizes
ROOM_GAP = 6.0  # points a grown box keeps from what is beside it
HEAD_WIDTH = 0.4  # an entering edge's head: half its width over its length
OPEN_Z, CLOSED_Z = -5.0, 0.8  # behind edges (0) and nodes (1); a closed box over the edges


class GroupFrameItem(QGraphicsItem):
    """One group's frame; placed at the frame's top-left corner, in layout points."""

    def __init__(self, label: str, rect: tuple[float, float, float, float],
                 group: int = 0) -> None:
        super().__init__()
        x, y, w, h = rect
        self.label = label
        self.group = group  # its index in `Graph.groups`
        self.size = (w, h)
        self.closed = False
        self.label_px: float | None = None  # the closed label's size (see `label_font`)
        self.room = 0.0  # points a closed box may grow on each side for its label (`side_room`)
        # closed: where edges enter the box, (tip, unit direction, edge item): their heads
        self.entries: list[tuple[QPointF, QPointF, QGraphicsItem]] = []
        self.seen: QRectF | None = None  # the part of the scene in view (`show_seen`)
        self.setPos(QPointF(x, y))
        self.setZValue(OPEN_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._theme: Theme | None = None
        self._fonts: Fonts | None = None

    def set_theme(self, theme: Theme, fonts: Fonts) -> None:
        self.prepareGeometryChange()
        self._theme, self._fonts = theme, fonts
        self.update()

    def set_closed(self, closed: bool, entries=()) -> None:
        """Draw the group as one closed, labelled box (True) or as a frame behind its
        nodes; closed, each edge that enters it gets its arrowhead at the border (`entries`:
        tip and unit direction in the item's parent's coordinates, and the edge's item,
        whose colour the head takes)."""
        entries = [(tip - self.pos(), d, edge) for tip, d, edge in entries] if closed else []
        if closed != self.closed or entries != self.entries:
            self.prepareGeometryChange()
            self.closed = closed
            self.entries = entries
            self.setZValue(CLOSED_Z if closed else OPEN_Z)
            self.update()

    def show_seen(self, seen: QRectF | None) -> None:
        """The view shows `seen` (scene coordinates; None: all of it, as an export): a
        closed box the frame's edge cuts moves its label into the part in view."""
        seen = self.mapRectFromScene(seen) if seen is not None else None
        before = self.label_rect()
        self.seen = seen
        if self.closed and self.label_rect() != before:
            self.update()

    def _rect(self) -> QRectF:
        w, h = self.size
        if self._fonts is None:
            return QRectF(0.0, 0.0, w, h)
        # Never narrower than its label: an open frame grows right (its label is at the
        # left), a closed box into the `room` on both sides first.
        font = self.label_font()
        pad = SIDE * font.pixelSize() if self.closed else PAD * self._fonts.text_scale
        extra = max(0.0, text_width(font, self.text()) + 2 * pad - w)
        left = min(extra / 2, self.room) if self.closed else 0.0
        return QRectF(-left, 0.0, w + extra, h)

    def shape_rect(self) -> QRectF:
        """The box itself, in the item's coordinates (what the camera frames)."""
        return self._rect()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        border = 2 * self._theme.node_border if self._theme else 4.0
        if self.entries and self._theme is not None:  # the heads stand outside the box
            border += self._theme.arrow_size
        return self._rect().adjusted(-border, -border, border, border)

    def box_px(self) -> float:
        """The largest size (pixels at scale 1) the label may have closed: the box's
        `BOX_FILL` of its height, and what its width (grown by its `room`) holds with `SIDE`
        free on either side; at least `BOX_LABEL` times the node names' size."""
        fonts = self._fonts
        if fonts is None:
            return 1.0
        least = fonts.name.pixelSize() * BOX_LABEL
        w, h = self.size
        # The label's width is `per_px` times its size, and `SIDE` of its size is kept free
        # on either side of it.
        per_px = text_width(font_of(fonts.name, least), self.text()) / least
        return max(least, min(h * BOX_FILL, (w + 2 * self.room) / (per_px + 2 * SIDE)))

    def label_font(self) -> QFont:
        """The label's font: the node names' when open; closed, `label_px` (the scene gives
        every box of a graph one size, the largest all of them hold) or else `box_px`."""
        fonts = self._fonts
        if fonts is None:
            return QFont()
        if not self.closed:
            return fonts.name
        return font_of(fonts.name, self.label_px or self.box_px())

    def text(self) -> str:
        """The label as drawn: the group's (a closed box is never cut into rows: the graph
        is laid out with it as one node)."""
        return self.label

    def drawn_font(self) -> QFont:
        """The font the label is painted in: `label_font`, but when the view's edge cuts a
        closed box so that its label no longer fits the part in view, as large as fits
        there (down to the node names' size; below that, `label_font`, centred)."""
        font = self.label_font()
        if not self.closed or self.seen is None or self._fonts is None:
            return font
        shown = self._rect().intersected(self.seen)
        width, height = text_width(font, self.text()), line_height(font)
        fit = min(shown.width() / max(width * (1 + 2 * SIDE * font.pixelSize() / width), 1.0),
                  shown.height() / max(height, 1.0))
        px = math.floor(fit * font.pixelSize()) - 1  # whole pixels, and the line's rounding
        if fit >= 1.0 or px < self._fonts.name.pixelSize():
            return font
        return font_of(font, px)

    def label_rect(self) -> QRectF:
        """Where the label is drawn, in the item's coordinates: a closed box's centred, moved
        into the part of the box in view (`show_seen`); an open frame's at its top-left."""
        fonts = self._fonts
        if fonts is None:
            return QRectF()
        font = self.drawn_font()
        width, height = text_width(font, self.text()), line_height(font)
        if self.closed:
            box = self._rect()
            label = QRectF(box.center().x() - width / 2, box.center().y() - height / 2,
                           width, height)
            shown = box.intersected(self.seen) if self.seen is not None else box
            if shown.width() >= width and shown.height() >= height:  # slid into view
                label.moveLeft(min(max(label.left(), shown.left()), shown.right() - width))
                label.moveTop(min(max(label.top(), shown.top()), shown.bottom() - height))
            return label
        pad = PAD * fonts.text_scale
        return QRectF(pad, pad * 0.6, width, height)

    def paint(self, painter: QPainter, option, widget=None) -> None:  # noqa: ARG002
        theme, fonts = self._theme, self._fonts
        if theme is None or fonts is None:
            return
        radius = RADIUS * fonts.text_scale
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = theme.node_border * (2 if self.closed else 1)
        painter.setPen(QPen(QColor(theme.group_border), width))
        painter.setBrush(QBrush(QColor(theme.group_fill)))
        painter.drawRoundedRect(self._rect(), radius, radius)
        for tip, d, edge in self.entries:
            self._paint_head(painter, tip, d, edge.pen().color(), theme.arrow_size)
        painter.setFont(self.drawn_font())
        painter.setPen(QColor(theme.group_text))
        align = Qt.AlignmentFlag.AlignCenter if self.closed else Qt.AlignmentFlag.AlignLeft
        painter.drawText(self.label_rect(), align | Qt.AlignmentFlag.AlignVCenter, self.text())

    @staticmethod
    def _paint_head(painter: QPainter, tip: QPointF, d: QPointF, color: QColor,
                    length: float) -> None:
        """An arrowhead `length` long whose point touches the box at `tip`, pointing `d`."""
        normal = QPointF(-d.y(), d.x()) * (length * HEAD_WIDTH)
        base = tip - d * length
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        painter.drawPolygon(QPolygonF([tip, base + normal, base - normal]))


def side_room(frames: list[GroupFrameItem], layout, bounds: tuple[float, float]
              ) -> list[float]:
    """For each frame, how far (layout points) its closed box may grow on each side, so a
    short box ("pérdida" under a long word) can hold a label as large as the long boxes':
    half the free gap to the nearest frame or node beside it (left or right, overlapping
    it from top to bottom), or to `bounds` (the drawing's left and right)."""
    boxes = [(f.pos().x(), f.pos().y(), f.pos().x() + f.size[0], f.pos().y() + f.size[1])
             for f in frames]
    nodes = [(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
             for (x, y), (w, h) in zip(layout.centers, layout.sizes, strict=True)]
    rooms = []
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        left, right = x0 - bounds[0], bounds[1] - x1
        for j, (a0, b0, a1, b1) in enumerate(boxes + nodes):
            if j == i or b1 <= y0 or b0 >= y1:
                continue  # itself, or above or below it
            if a1 <= x0:
                left = min(left, (x0 - a1) / 2)
            elif a0 >= x1:
                right = min(right, (a0 - x1) / 2)
        rooms.append(max(0.0, min(left, right) - ROOM_GAP))
    return rooms


def font_of(font: QFont, px: float) -> QFont:
    """`font` at `px` pixels."""
    sized = QFont(font)
    sized.setPixelSize(max(1, round(px)))
    return sized

"""A group's frame: a rounded, tinted rectangle behind its nodes, its label at the top-left;
closed (the lesson's groups collapsed, the step elsewhere) one labelled box in their place.

The rectangle is the layout's (`Layout.frames`, dot's cluster box, which no other node
enters); the label is drawn at the node names' size, in the theme's group colours.  A closed
box is the same rectangle drawn over its (hidden) nodes and the ends of the edges that
enter or leave it, so those edges meet its border; its label is centred and large: at least
`BOX_LABEL` times the node names' size, which the camera keeps above the back row's
goal, and as large as every box of the graph can hold, for the overview of a whole net.
A group the rows cut in two is two boxes, "capa 2 …" at the end of one row and "… capa 2"
at the start of the next.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from gradviz.view.items import Fonts, line_height, text_width
from gradviz.view.theme import Theme

RADIUS = 18.0  # corner radius in points at text size 1
PAD = 10.0  # label's distance from the frame's top-left corner at text size 1
BOX_LABEL = 1.5  # a closed box's label: at least this many times the node names' size
BOX_FILL = 0.45  # ... and at most this share of the box's height
HEAD_WIDTH = 0.4  # an entering edge's head: half its width over its length
OPEN_Z, CLOSED_Z = -5.0, 0.8  # behind edges (0) and nodes (1); a closed box over the edges


class GroupFrameItem(QGraphicsItem):
    """One group's frame; placed at the frame's top-left corner, in layout points."""

    def __init__(self, label: str, rect: tuple[float, float, float, float],
                 group: int = 0, part: tuple[int, int] = (0, 1)) -> None:
        super().__init__()
        x, y, w, h = rect
        self.label = label
        self.group = group  # its index in `Graph.groups`
        self.part = part  # (this row piece, how many the group has): rows cut it in pieces
        self.size = (w, h)
        self.closed = False
        self.label_px: float | None = None  # the closed label's size (see `label_font`)
        # closed: where edges enter the box, (tip, unit direction, edge item): their heads
        self.entries: list[tuple[QPointF, QPointF, QGraphicsItem]] = []
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

    def _rect(self) -> QRectF:
        w, h = self.size
        if self._fonts is not None:  # never narrower than its label
            pad = PAD * self._fonts.text_scale
            w = max(w, text_width(self.label_font(), self.text()) + 2 * pad)
        return QRectF(0.0, 0.0, w, h)

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
        `BOX_FILL` of its height and its width less padding, at least `BOX_LABEL` times the
        node names' size."""
        fonts = self._fonts
        if fonts is None:
            return 1.0
        least = fonts.name.pixelSize() * BOX_LABEL
        w, h = self.size
        pad = 2 * PAD * fonts.text_scale
        width_at_least = max(text_width(font_of(fonts.name, least), self.closed_text()), 1.0)
        return max(least, min(h * BOX_FILL, least * (w - 2 * pad) / width_at_least))

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
        """The label as drawn: the group's, or closed `closed_text`."""
        return self.closed_text() if self.closed else self.label

    def closed_text(self) -> str:
        """A closed box's label: a group cut into rows says so as a hyphen would, the first
        piece "capa 2 …", the next "… capa 2"."""
        k, n = self.part
        if n < 2:
            return self.label
        return " ".join(["…"] * (k > 0) + [self.label] + ["…"] * (k < n - 1))

    def label_rect(self) -> QRectF:
        """Where the label is drawn, in the item's coordinates."""
        fonts = self._fonts
        if fonts is None:
            return QRectF()
        font = self.label_font()
        width, height = text_width(font, self.text()), line_height(font)
        if self.closed:
            box = self._rect()
            return QRectF(box.center().x() - width / 2, box.center().y() - height / 2,
                          width, height)
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
        painter.setFont(self.label_font())
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


def font_of(font: QFont, px: float) -> QFont:
    """`font` at `px` pixels."""
    sized = QFont(font)
    sized.setPixelSize(max(1, round(px)))
    return sized

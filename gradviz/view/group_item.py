"""A group's frame: a rounded, tinted rectangle behind its nodes, its label at the top-left.

The rectangle is the layout's (`Layout.frames`, dot's cluster box, which no other node
enters); the label is drawn at the node names' size, in the theme's group colours.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from gradviz.view.items import Fonts, line_height, text_width
from gradviz.view.theme import Theme

RADIUS = 18.0  # corner radius in points at text size 1
PAD = 10.0  # label's distance from the frame's top-left corner at text size 1


class GroupFrameItem(QGraphicsItem):
    """One group's frame; placed at the frame's top-left corner, in layout points."""

    def __init__(self, label: str, rect: tuple[float, float, float, float]) -> None:
        super().__init__()
        x, y, w, h = rect
        self.label = label
        self.size = (w, h)
        self.setPos(QPointF(x, y))
        self.setZValue(-5)  # behind edges (0) and nodes (1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._theme: Theme | None = None
        self._fonts: Fonts | None = None

    def set_theme(self, theme: Theme, fonts: Fonts) -> None:
        self.prepareGeometryChange()
        self._theme, self._fonts = theme, fonts
        self.update()

    def _rect(self) -> QRectF:
        w, h = self.size
        if self._fonts is not None:  # never narrower than its label
            pad = PAD * self._fonts.text_scale
            w = max(w, text_width(self._fonts.name, self.label) + 2 * pad)
        return QRectF(0.0, 0.0, w, h)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        border = self._theme.node_border if self._theme else 2.0
        return self._rect().adjusted(-border, -border, border, border)

    def label_rect(self) -> QRectF:
        """Where the label is drawn, in the item's coordinates."""
        fonts = self._fonts
        if fonts is None:
            return QRectF()
        pad = PAD * fonts.text_scale
        return QRectF(pad, pad * 0.6, text_width(fonts.name, self.label),
                      line_height(fonts.name))

    def paint(self, painter: QPainter, option, widget=None) -> None:  # noqa: ARG002
        theme, fonts = self._theme, self._fonts
        if theme is None or fonts is None:
            return
        radius = RADIUS * fonts.text_scale
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(theme.group_border), theme.node_border)
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor(theme.group_fill)))
        painter.drawRoundedRect(self._rect(), radius, radius)
        painter.setFont(fonts.name)
        painter.setPen(QColor(theme.group_text))
        painter.drawText(self.label_rect(), Qt.AlignmentFlag.AlignLeft
                         | Qt.AlignmentFlag.AlignVCenter, self.label)

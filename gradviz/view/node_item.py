"""One node of the drawn graph: an op box with its symbol, or a value circle/pill with its
name, shape, value and gradient, as the state shown last says.

The item's origin is the node's centre; sizes are layout points at presenter scale 1.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from gradviz.graph import format as fmt
from gradviz.graph.caption import Name
from gradviz.graph.model import Node
from gradviz.view.course_names import NameLayout, draw_name, name_runs, title_of
from gradviz.view.items import (
    GAP,
    LABEL_PAD,
    Fonts,
    NodeMetrics,
    constant_text,
    grad_text,
    heat_color,
    heatmap_image,
    line_height,
    mix,
    text_width,
    value_lines,
)
from gradviz.view.theme import Theme

CENTER = Qt.AlignmentFlag.AlignCenter
BADGE = 14.0  # radius of the "done" badge at text size 1 (it grows with the text)
FAR_TEXT_PX = 3.6  # numbers smaller than this on screen are not drawn (too far to read)


class NodeItem(QGraphicsItem):
    """Draws one node; `set_state` changes what it shows and repaints only this item."""

    def __init__(self, node: Node, size: tuple[float, float], metrics: NodeMetrics,
                 title: Name | None = None) -> None:
        super().__init__()
        self.node = node
        self.title = title_of(node, title)  # the name in the course's notation: W^[1]
        self.w, self.h = size
        self.metrics = metrics
        self.circle = not node.is_op and metrics.mode == fmt.SCALAR
        self.theme: Theme | None = None
        self.fonts: Fonts | None = None
        self.key: tuple | None = None  # what show_state last set, to skip unchanged nodes
        self.structure_only = True
        self.known = False
        self.grad: np.ndarray | None = None
        self.current = False
        self.done = False
        # Predict mode: this step's new number is "?" (the gradient when it has one, else the
        # value the forward step computed), until the lecturer reveals it.
        self.veiled = False
        self._value_image: QImage | None = None
        self._grad_image: QImage | None = None
        self._ink = self._ink_dim = "#000000"  # text colours, chosen at each paint
        self._fill = QColor("#ffffff")  # the node's fill, chosen at each paint
        self._name: tuple | None = None  # (fonts, NameLayout, ascent): per font
        self._far: tuple | None = None  # (look, pen, brush, rect) of `_paint_far`
        self.k = metrics.text_scale  # the text size: the badge and corners grow with it
        m = (BADGE + 4.0) * self.k
        self._bounds = QRectF(-self.w / 2 - m, -self.h / 2 - m, self.w + 2 * m, self.h + 2 * m)
        self.setZValue(1)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_theme(self, theme: Theme, fonts: Fonts) -> None:
        self.theme, self.fonts = theme, fonts
        self._value_image = self._grad_image = None
        if self.metrics.mode == fmt.HEATMAP:
            if self.node.value is not None:
                self._value_image = heatmap_image(self.node.value, theme)
            if self.grad is not None:
                self._grad_image = heatmap_image(self.grad, theme)
        self.update()

    def set_state(self, structure_only: bool, known: bool, grad, current: bool, done: bool):
        if self.metrics.mode == fmt.HEATMAP and grad is not self.grad and self.theme is not None:
            self._grad_image = None if grad is None else heatmap_image(grad, self.theme)
        self.structure_only, self.known, self.grad = structure_only, known, grad
        self.current, self.done = current, done
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._bounds

    def shape_rect(self) -> QRectF:
        return QRectF(-self.w / 2, -self.h / 2, self.w, self.h)

    # -- painting ---------------------------------------------------------------------------

    def paint(self, painter: QPainter, option, widget=None) -> None:
        theme = self.theme
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        if not self.draws_text(lod):
            self._paint_far(painter)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        fill = theme.op_fill if self.node.is_op else theme.value_fill
        faded = not self.structure_only and not self.known
        self._ink = theme.future_text if faded else theme.node_text
        self._ink_dim = theme.future_text if faded else theme.node_text_dim
        color = mix(fill, theme.background, theme.future_fill_mix) if faded else QColor(fill)
        self._fill = color
        border = theme.op_border if self.node.is_op else theme.value_border
        pen = (
            QPen(QColor(theme.current), theme.current_border)
            if self.current
            else QPen(QColor(border), theme.node_border)
        )
        painter.setPen(pen)
        painter.setBrush(QBrush(color))
        rect = self.shape_rect()
        if self.circle:
            painter.drawEllipse(rect)
        else:
            radius = (12.0 if self.node.is_op else 24.0) * self.k
            radius = min(self.h / 2, radius)
            painter.drawRoundedRect(rect, radius, radius)
        if self.node.is_op:
            painter.setFont(self.fonts.op)
            painter.setPen(QColor(self._ink))
            painter.drawText(rect, CENTER, self.node.symbol or self.node.name)
        elif self.structure_only:
            self._paint_name_only(painter)
        else:
            self._paint_value(painter)
        if self.done:
            self._paint_badge(painter)

    def draws_text(self, zoom: float) -> bool:
        """Whether text is drawn at this zoom (screen pixels per point): not when it would be
        too small to read, judged by its height on screen, so a larger text size keeps its
        words at zooms where the default size would not."""
        return zoom * self.theme.value_px >= FAR_TEXT_PX

    def _paint_far(self, painter: QPainter) -> None:
        """Zoomed far out no text is readable: a plain shape keeps big graphs fast to paint
        (the whole graph, or the overview, paints thousands: its pen, brush and rectangle
        are made once per look)."""
        theme = self.theme
        key = (theme, self.structure_only, self.known, self.current)
        if self._far is None or self._far[0] != key:
            fill = theme.op_fill if self.node.is_op else theme.value_fill
            if not self.structure_only and not self.known:
                fill = mix(fill, theme.background, theme.future_fill_mix).name()
            pen = (QPen(QColor(theme.current), theme.current_border * 3) if self.current
                   else QPen(Qt.PenStyle.NoPen))  # fmt: skip
            self._far = (key, pen, QBrush(QColor(fill)), self.shape_rect())
        _, pen, brush, rect = self._far
        painter.setPen(pen)
        painter.setBrush(brush)
        painter.drawRect(rect)

    def name_layout(self) -> NameLayout:
        """The runs of the node's name in its name font (W, then a raised [1])."""
        if self._name is None or self._name[0] is not self.fonts:
            ascent = QFontMetricsF(self.fonts.name).ascent()
            self._name = (self.fonts, name_runs(self.title, self.fonts.name), ascent)
        return self._name[1]

    def _draw_name(self, painter: QPainter, left: float, top: float) -> None:
        """The name with its base on the baseline a centred line of the name font has."""
        layout = self.name_layout()
        draw_name(painter, layout, left, top + self._name[2])

    def _paint_name_only(self, painter: QPainter) -> None:
        fonts, theme = self.fonts, self.theme
        lines = [(None, fonts.name, theme.node_text)]
        if self.node.shape:
            lines.append((fmt.format_shape(self.node.shape), fonts.shape, self._ink_dim))
        total = sum(line_height(font) for _, font, _ in lines)
        y = -total / 2
        for text, font, color in lines:
            painter.setFont(font)
            painter.setPen(QColor(color))
            h = line_height(font)
            if text is None:
                self._draw_name(painter, -self.name_layout().width / 2, y)
            else:
                painter.drawText(QRectF(-self.w / 2, y, self.w, h), CENTER, text)
            y += h

    def _paint_title(self, painter: QPainter, top: float) -> float:
        """Name (and shape, for tensors) centred at `top`; returns the y below it."""
        fonts = self.fonts
        shape = ""
        if self.node.shape and self.metrics.mode != fmt.SCALAR:
            shape = fmt.format_shape(self.node.shape)
        name_w = self.name_layout().width
        total = name_w + (GAP + text_width(fonts.shape, shape) if shape else 0.0)
        h = line_height(fonts.name)
        x = -total / 2
        painter.setPen(QColor(self._ink))
        self._draw_name(painter, x, top)
        if shape:
            painter.setFont(fonts.shape)
            painter.setPen(QColor(self._ink_dim))
            rect = QRectF(x + name_w + GAP, top, total - name_w, h)
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, shape)
        return top + h

    def _paint_value(self, painter: QPainter) -> None:
        m, fonts, theme = self.metrics, self.fonts, self.theme
        y = self._paint_title(painter, -m.content_h / 2)
        full = QRectF(-self.w / 2, 0, self.w, 0)
        if m.mode == fmt.SCALAR:
            h = line_height(fonts.value)
            painter.setFont(fonts.value)
            if self.known and self.node.value is not None and not self._value_veiled():
                painter.setPen(QColor(self._ink))
                text = fmt.format_scalar(np.asarray(self.node.value).reshape(()).item())
            else:
                painter.setPen(QColor(self._ink_dim))
                text = "?"
            painter.drawText(full.adjusted(0, y, 0, y + h), CENTER, text)
            y += h
            if self.grad is not None:
                painter.setFont(fonts.grad)
                painter.setPen(QColor(theme.grad_text))
                h = line_height(fonts.grad)
                text = "∂ = ?" if self.veiled else grad_text(self.grad)
                painter.drawText(full.adjusted(0, y, 0, y + h), CENTER, text)
        elif m.mode == fmt.HEATMAP:
            self._paint_heatmaps(painter, y + GAP)
        else:
            value = self.node.value if self.known and not self._value_veiled() else None
            lines = value_lines(self.node, value, fonts, "?", grad=False)
            if self.grad is not None:
                grad = None if self.veiled else self.grad
                lines += value_lines(self.node, grad, fonts, "?", grad=True)
            for text, font in lines:
                grad = font is fonts.grad
                painter.setFont(font)
                painter.setPen(QColor(theme.grad_text if grad else self._ink))
                h = line_height(font)
                painter.drawText(full.adjusted(0, y, 0, y + h), CENTER, text)
                y += h

    def _value_veiled(self) -> bool:
        """A veiled node without a gradient is a forward step's result: its value is hidden."""
        return self.veiled and self.grad is None

    def _paint_heatmaps(self, painter: QPainter, top: float) -> None:
        m, theme = self.metrics, self.theme
        row_h = max(m.pic_h, line_height(self.fonts.grad) + 4.0)
        dx = text_width(self.fonts.grad, "∂")
        # Centred alone until the gradient arrives, then value and gradient side by side.
        x = -m.slot_w / 2 if self.grad is None else -(2 * m.slot_w + 2 * GAP + dx) / 2
        value = self.node.value if self.known and not self._value_veiled() else None
        self._paint_picture(painter, QRectF(x, top, m.slot_w, row_h), value, self._value_image,
                            self._ink)  # fmt: skip
        if self.grad is None:
            return
        painter.setFont(self.fonts.grad)
        painter.setPen(QColor(theme.grad_text))
        label = QRectF(x + m.slot_w + GAP, top, dx, row_h)
        painter.drawText(label, CENTER, "∂")
        grad_slot = QRectF(label.right() + GAP, top, m.slot_w, row_h)
        grad = None if self.veiled else self.grad
        self._paint_picture(painter, grad_slot, grad, self._grad_image, theme.grad_text)

    def _paint_picture(self, painter: QPainter, slot: QRectF, a, image, frame: str) -> None:
        """One array's heatmap (a slice per matrix of a rank-3 tensor) centred in `slot`."""
        m = self.metrics
        left = slot.center().x() - m.pic_w / 2
        top = slot.center().y() - m.pic_h / 2
        rects = m.slice_rects(left, top)
        whole = QRectF(left, top, m.pic_w, m.pic_h)
        if image is None or a is None:
            painter.setPen(QPen(QColor(self._ink_dim), 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in rects:
                painter.drawRect(rect)
            painter.setFont(self.fonts.value)
            if len(rects) > 1:  # a "?" on the node's colour, not broken by the slices' lines
                side = line_height(self.fonts.value)
                mark = QRectF(0, 0, side, side)
                mark.moveCenter(whole.center())
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self._fill)
                painter.drawEllipse(mark)
                painter.setPen(QColor(self._ink_dim))
            painter.drawText(whole, CENTER, "?")
            return
        # Nearest-neighbour scaling keeps each element a crisp square cell.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for i, rect in enumerate(rects):
            painter.drawImage(rect, image, QRectF(0, i * m.rows, m.cols, m.rows))
            painter.setPen(QPen(QColor(frame), 2.0))
            painter.drawRect(rect)
        text = constant_text(a)
        if text is not None:
            self._paint_constant(painter, slot, text, float(np.asarray(a).ravel()[0]), frame)

    def _paint_constant(self, painter: QPainter, slot: QRectF, text: str, x: float,
                        frame: str) -> None:
        """Colour alone cannot say which number fills a constant array: write it on a tab
        of the array's own colour, as wide as the number needs (never cut to "…")."""
        font = self.fonts.grad
        width = text_width(font, text) + 2 * LABEL_PAD
        if width > slot.width():  # a partial sum longer than the final one: shrink to fit
            font = QFont(font)
            font.setPixelSize(max(1, int(font.pixelSize() * slot.width() / width)))
            width = slot.width()
        h = line_height(font) + 4.0
        tab = QRectF(slot.center().x() - width / 2, slot.center().y() - h / 2, width, h)
        color = heat_color(x, self.theme)
        m = self.metrics
        inside = width <= m.pic_w and h <= m.pic_h and m.slices == 1
        # On the picture itself the number needs no tab; one that spills over gets a border.
        painter.setPen(Qt.PenStyle.NoPen if inside else QPen(QColor(frame), 1.5))
        painter.setBrush(color)
        painter.drawRoundedRect(tab, 5.0, 5.0)
        painter.setFont(font)
        painter.setPen(QColor(self.theme.heat_zero if x != 0 else self._ink))
        painter.drawText(tab, CENTER, text)

    def _badge_center(self) -> QPointF:
        if self.circle:
            return QPointF(self.w * 0.3536, -self.h * 0.3536)  # on the rim, at 45°
        return QPointF(self.w / 2 - 4.0 * self.k, -self.h / 2 + 4.0 * self.k)

    def badge_radius(self) -> float:
        """The "done" badge's radius: as much bigger as the text, so it reads beside it."""
        return BADGE * self.k

    def badge_rect(self) -> QRectF:
        """Where the "done" badge is drawn, in item coordinates (with its outline)."""
        c, r = self._badge_center(), (BADGE + 1.5) * self.k
        return QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)

    def _paint_badge(self, painter: QPainter) -> None:
        center, radius, k = self._badge_center(), self.badge_radius(), self.k
        painter.setPen(QPen(QColor(self.theme.background), 2.5 * k))
        painter.setBrush(QBrush(QColor(self.theme.done)))
        painter.drawEllipse(center, radius, radius)
        tick = QPen(QColor("#ffffff"), 3.5 * k)
        tick.setCapStyle(Qt.PenCapStyle.RoundCap)
        tick.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(tick)
        s = radius * 0.5
        painter.drawPolyline(
            [center + QPointF(-s, 0.0), center + QPointF(-s * 0.25, s * 0.7),
             center + QPointF(s, -s * 0.6)]
        )  # fmt: skip

"""The drawn pieces of a graph: value and op nodes, edges with arrowheads, edge labels.

Each item paints itself from what `GraphScene.show_state` last told it, in layout points
centred on the item's origin; the scene's presenter scale is a transform on their parent.
`measure_node` says how big a node must be to hold its name, shape, value and gradient.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem

from gradviz.graph import format as fmt
from gradviz.graph.caption import Name
from gradviz.graph.model import Node
from gradviz.view.course_names import name_runs, title_of
from gradviz.view.theme import Theme, heat_rgb

PAD = 12.0
OP_BOX = (66.0, 52.0)  # the smallest op box at text size 1 (grows with the text)
GAP = 6.0
SLICE_GAP = 8.0  # between the slices of a rank-3 tensor's heatmap
LABEL_PAD = 6.0  # around a constant's number written on its heatmap


class Fonts:
    """The QFonts of a theme, in pixels at scale 1 (the scene transform does the scaling).

    `text_scale` is the theme's text size: paddings and boxes that hold words grow with it."""

    def __init__(self, theme: Theme) -> None:
        self.text_scale = theme.text_scale
        self.name = self._font(theme, theme.name_px, bold=True)
        self.shape = self._font(theme, theme.shape_px)
        self.value = self._font(theme, theme.value_px)
        self.grad = self._font(theme, theme.grad_px, bold=True)
        self.op = self._font(theme, theme.op_px, bold=True)
        self.label = self._font(theme, theme.edge_label_px, bold=True)
        self.title = self._font(theme, theme.title_px, bold=True)

    @staticmethod
    def _font(theme: Theme, px: float, bold: bool = False) -> QFont:
        font = QFont(theme.font_family)
        font.setPixelSize(max(1, round(px)))
        font.setBold(bold)
        # Hinting snaps glyphs to the pixel grid of scale 1; scaled exports look better without.
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return font


def text_width(font: QFont, text: str) -> float:
    return QFontMetricsF(font).horizontalAdvance(text)


def line_height(font: QFont) -> float:
    return QFontMetricsF(font).height()


@dataclass(frozen=True)
class NodeMetrics:
    """A value node's inner layout: which display mode, and its content's size.

    A heatmap draws a tensor of rank 3 or more as `slices` matrices of its last two axes
    (``4×3×2``: four 3×2 slices), in a grid `grid_cols` slices wide; `slot_w` is the width
    kept for each picture, wider than the picture when a constant's number needs it."""

    mode: str
    has_grad: bool
    content_w: float
    content_h: float
    cell: float = 0.0  # heatmap cell side
    rows: int = 1  # rows of one slice
    cols: int = 1  # columns of one slice
    slices: int = 1
    grid_cols: int = 1
    grid_rows: int = 1
    slot_w: float = 0.0
    text_scale: float = 1.0  # the text size: a circle's rim margin and least size grow with it

    @property
    def pic_w(self) -> float:
        return self.grid_cols * self.cols * self.cell + (self.grid_cols - 1) * SLICE_GAP

    @property
    def pic_h(self) -> float:
        return self.grid_rows * self.rows * self.cell + (self.grid_rows - 1) * SLICE_GAP

    def slice_rects(self, left: float, top: float) -> list[QRectF]:
        """Where each slice is drawn, for a picture whose top-left corner is (left, top)."""
        w, h = self.cols * self.cell, self.rows * self.cell
        return [QRectF(left + (i % self.grid_cols) * (w + SLICE_GAP),
                       top + (i // self.grid_cols) * (h + SLICE_GAP), w, h)
                for i in range(self.slices)]  # fmt: skip

    def size(self, circle: bool) -> tuple[float, float]:
        k = self.text_scale
        if circle:
            side = max(84.0 * k, math.hypot(self.content_w, self.content_h) + 8.0 * k)
            return (side, side)
        return (self.content_w + 2 * PAD + 8.0, self.content_h + 2 * PAD)


def heat_grid(shape: tuple[int, ...]) -> tuple[int, int, int, int, int]:
    """(slices, rows, cols, grid_cols, grid_rows) of a heatmap: one rows×cols matrix per
    index of the leading axes, arranged in the grid whose longer side is shortest (so cells
    stay big), in reading order: left to right, then down."""
    shape = tuple(int(n) for n in shape) or (1,)
    cols = shape[-1]
    rows = shape[-2] if len(shape) >= 2 else 1
    slices = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    best = None
    for grid_cols in range(1, slices + 1):
        grid_rows = math.ceil(slices / grid_cols)
        key = (max(grid_cols * cols, grid_rows * rows), grid_cols * grid_rows - slices,
               grid_cols)  # fmt: skip
        if best is None or key < best[0]:
            best = (key, grid_cols, grid_rows)
    return slices, rows, cols, best[1], best[2]


def constant_text(a) -> str | None:
    """The number that fills a constant array (written on its heatmap), else None."""
    if a is None:
        return None
    flat = np.asarray(a).ravel()
    if flat.size == 0 or not np.all(flat == flat[0]):
        return None
    return fmt.format_scalar(flat[0].item())


def heat_color(x: float, theme: Theme) -> QColor:
    """The colour a constant array's cells have (`heatmap_image` scales by the largest)."""
    if x > 0:
        return QColor(theme.heat_positive)
    return QColor(theme.heat_negative if x < 0 else theme.heat_zero)


def grad_text(grad: np.ndarray) -> str:
    return "∂ = " + fmt.format_scalar(np.asarray(grad).reshape(()).item())


def measure_node(node: Node, fonts: Fonts, title: Name | None = None) -> NodeMetrics:
    """How much room a value node's text and pictures need (op nodes: just the symbol);
    `title`: its name in the course's notation (`view.course_names.title_of`)."""
    k = fonts.text_scale
    if node.is_op:
        # The slide's box (66×52 around a 32-pixel symbol) as much taller as the text is, and
        # at least as wide as tall: a square around a big symbol, not a sliver.
        h = max(OP_BOX[1], line_height(fonts.op) / k + 8.0) * k
        w = max(OP_BOX[0], text_width(fonts.op, node.symbol or node.name) + 36.0, h)
        return NodeMetrics(fmt.SCALAR, False, w - 2 * PAD - 8.0, h - 2 * PAD, text_scale=k)
    mode = fmt.display_mode(node.shape)
    has_grad = node.requires_grad or node.grad is not None
    title_w = name_runs(title_of(node, title), fonts.name).width
    if node.shape and mode != fmt.SCALAR:
        title_w += GAP + text_width(fonts.shape, fmt.format_shape(node.shape))
    title_h = line_height(fonts.name)
    if mode == fmt.SCALAR:
        sample = np.zeros(()) if node.value is None else node.value
        value_w = text_width(fonts.value, fmt.format_scalar(np.asarray(sample).reshape(()).item()))
        grad_w = text_width(fonts.grad, grad_text(node.grad if node.grad is not None else -0.0001))
        width = max(title_w, value_w, grad_w if has_grad else 0.0)
        height = title_h + line_height(fonts.value) + (line_height(fonts.grad) if has_grad else 0)
        return NodeMetrics(mode, has_grad, width, height, text_scale=k)
    if mode == fmt.HEATMAP:
        slices, rows, cols, grid_cols, grid_rows = heat_grid(node.shape)
        longest = max(grid_cols * cols, grid_rows * rows)
        cell = float(min(22, max(7, round(84 / longest))))
        cell *= fonts.value.pixelSize() / 24.0  # a larger text size enlarges the cells too
        metrics = NodeMetrics(mode, has_grad, 0.0, 0.0, cell, rows, cols, slices, grid_cols,
                              grid_rows, text_scale=k)  # fmt: skip
        # A constant array is one colour: its number is written on it, and must fit.
        texts = [t for t in (constant_text(node.value),
                             constant_text(node.grad) if has_grad else None) if t]
        label_w = max((text_width(fonts.grad, t) + 2 * LABEL_PAD for t in texts), default=0.0)
        slot_w = max(metrics.pic_w, label_w)
        pictures = slot_w * (2 if has_grad else 1)
        if has_grad:
            pictures += 2 * GAP + text_width(fonts.grad, "∂")
        height = title_h + GAP + max(metrics.pic_h, line_height(fonts.grad) + 4.0)
        return replace(metrics, content_w=max(title_w, pictures), content_h=height,
                       slot_w=slot_w)
    lines = value_lines(node, node.value, fonts, "?", grad=False)
    lines += value_lines(node, node.grad, fonts, "?", grad=True) if has_grad else []
    width = max([title_w] + [text_width(font, text) for text, font in lines])
    height = title_h + sum(line_height(font) for _, font in lines)
    return NodeMetrics(mode, has_grad, width, height, text_scale=k)


def value_lines(node: Node, a, fonts: Fonts, missing: str, grad: bool) -> list[tuple[str, QFont]]:
    """Text lines for a TABLE or SUMMARY value (or its gradient when `grad`)."""
    font = fonts.grad if grad else fonts.value
    prefix = "∂ " if grad else ""
    mode = fmt.display_mode(node.shape)
    if a is None:
        rows = 1 if mode == fmt.SUMMARY else fmt.as_matrix(np.empty(node.shape)).shape[0]
        return [(prefix + missing, font)] * rows
    if mode == fmt.SUMMARY:
        a = np.asarray(a)
        if a.size and a.dtype.kind in "fiub" and (a == a.flat[0]).all():  # Y of ones: say it once
            return [(prefix + "≡ " + fmt.format_scalar(a.flat[0].item()), font)]
        return [(prefix + "∈ " + fmt.format_range(a), font)]
    return [(prefix + row, font) for row in fmt.table_rows(a)]


def heatmap_image(a: np.ndarray, theme: Theme) -> QImage:
    """One pixel per element, diverging colours scaled by the largest magnitude."""
    m = np.asarray(fmt.as_matrix(a), dtype=np.float64)
    top = float(np.nanmax(np.abs(m))) if m.size else 0.0
    t = np.clip(m / top, -1.0, 1.0) if top > 0 else np.zeros_like(m)
    t = np.nan_to_num(t)
    colors = heat_rgb(t, theme)
    pixels = np.full(m.shape, 0xFF000000, dtype=np.uint32)
    c = np.rint(colors).astype(np.uint32)
    pixels |= (c[..., 0] << 16) | (c[..., 1] << 8) | c[..., 2]
    h, w = m.shape
    image = QImage(pixels.tobytes(), w, h, 4 * w, QImage.Format.Format_RGB32)
    return image.copy()  # own the pixels: the numpy buffer is temporary


def mix(a: str, b: str, t: float) -> QColor:
    ca, cb = QColor(a), QColor(b)
    return QColor.fromRgbF(*(x + t * (y - x) for x, y in
                             zip(ca.getRgbF()[:3], cb.getRgbF()[:3], strict=True)))  # fmt: skip


def _lerp(a: QPointF, b: QPointF, t: float) -> QPointF:
    return a + (b - a) * t


def _split_cubic(p: tuple[QPointF, ...], t: float) -> tuple[QPointF, ...]:
    """The part of the cubic `p` from its start to parameter `t` (de Casteljau)."""
    p01, p12, p23 = _lerp(p[0], p[1], t), _lerp(p[1], p[2], t), _lerp(p[2], p[3], t)
    p012, p123 = _lerp(p01, p12, t), _lerp(p12, p23, t)
    return (p[0], p01, p012, _lerp(p012, p123, t))


def _length(a: QPointF, b: QPointF) -> float:
    return math.hypot(b.x() - a.x(), b.y() - a.y())


CUBIC_SAMPLES = 32
_CUBIC_T = np.linspace(0.0, 1.0, CUBIC_SAMPLES + 1)
ARROW_SHARE = 0.45  # the arrowhead takes at most this share of a short edge: a stem shows


class EdgeItem(QGraphicsPathItem):
    """An edge as a spline from the layout program, with a filled arrowhead at the tip.

    The arrowhead is `arrow` points long (the theme's `arrow_size`, which grows with the text
    size): the spline is cut where the head begins, so a big head follows the curve and the
    line never pokes out of it; a short edge gives at most `ARROW_SHARE` of its length."""

    def __init__(self, points: list[QPointF], tip: QPointF | None, arrow: float) -> None:
        super().__init__()
        # The route as segments: cubic Béziers (4 points) or straight lines (2 points).
        bezier = points[1:]
        segments: list[tuple[QPointF, ...]] = []
        if len(bezier) % 3 == 0 and bezier:
            for i in range(0, len(bezier), 3):
                segments.append((points[0] if i == 0 else bezier[i - 1], *bezier[i:i + 3]))
        else:
            segments = [(a, b) for a, b in zip(points, points[1:], strict=False)]
        if tip is not None and _length(points[-1], tip) > 1e-9:
            segments.append((points[-1], tip))
        if not segments:  # a single point: a zero-length stub
            segments = [(points[0], tip if tip is not None else points[0])]
        self._segments = segments
        self._start = points[0]
        self.arrow_size = 0.0  # asked for (the theme's); the head drawn may be shorter
        self.arrow: list[QPointF] = []
        self._bounds = QRectF()
        self.mode = ""
        self._pen, self._brush = self.pen(), QBrush(self.pen().color())  # see `set_look`
        self.setZValue(0)
        self.set_arrow(arrow)

    @staticmethod
    def _segment_lengths(seg: tuple[QPointF, ...]) -> list[float]:
        """Cumulative lengths at evenly spaced parameters (2 entries for a line)."""
        if len(seg) == 2:
            return [0.0, _length(*seg)]
        # The Bernstein form at every sample at once: one edge costs a few numpy calls.
        t = _CUBIC_T
        s = 1.0 - t
        weights = np.stack([s * s * s, 3 * s * s * t, 3 * s * t * t, t * t * t], axis=1)
        xy = weights @ np.array([(p.x(), p.y()) for p in seg])
        steps = np.hypot(*np.diff(xy, axis=0).T)
        return [0.0, *np.cumsum(steps).tolist()]

    def set_arrow(self, arrow: float) -> None:
        """Build the line and the arrowhead for a head `arrow` points long."""
        self.prepareGeometryChange()
        lengths = [self._segment_lengths(seg) for seg in self._segments]
        total = sum(c[-1] for c in lengths)
        head = min(arrow, ARROW_SHARE * total) if total > 0 else 0.0
        tip = self._segments[-1][-1]
        # Keep the route up to `total - head`, cutting the segment where that falls.
        keep, cut = total - head, None
        kept: list[tuple[QPointF, ...]] = []
        run = 0.0
        for seg, cum in zip(self._segments, lengths, strict=True):
            if run + cum[-1] < keep - 1e-9:
                kept.append(seg)
                run += cum[-1]
                continue
            want = keep - run
            if len(seg) == 2:
                t = want / cum[-1] if cum[-1] > 0 else 0.0
                cut = _lerp(seg[0], seg[1], t)
                kept.append((seg[0], cut))
            else:
                k = next((i for i in range(1, len(cum)) if cum[i] >= want), len(cum) - 1)
                span = cum[k] - cum[k - 1]
                f = (want - cum[k - 1]) / span if span > 0 else 0.0
                t = (k - 1 + f) / CUBIC_SAMPLES
                part = _split_cubic(seg, t)
                cut = part[-1]
                kept.append(part)
            break
        if cut is None:
            cut = tip
        path = QPainterPath(self._segments[0][0])
        for seg in kept:
            if len(seg) == 2:
                path.lineTo(seg[1])
            else:
                path.cubicTo(seg[1], seg[2], seg[3])
        direction = tip - cut
        length = math.hypot(direction.x(), direction.y())
        if length < 1e-9:  # degenerate: point the head along the route's last segment
            last = self._segments[-1]
            direction, length = last[-1] - last[0], _length(last[0], last[-1]) or 1.0
        ux, uy = direction.x() / length, direction.y() / length
        if head > 0 and length > 1e-9 and cut is not tip:
            head = length  # the chord of the cut-off stretch: the line ends at the base
        base = tip - QPointF(ux * head, uy * head)
        half = head * 0.45
        self.arrow = [
            tip,
            base + QPointF(-uy * half, ux * half),
            base + QPointF(uy * half, -ux * half),
        ]
        self.arrow_size = arrow
        self.setPath(path)
        self._update_bounds()

    def _update_bounds(self) -> None:
        # Fixed bounds, wide enough for the pen and the head: Qt asks for them on every paint.
        self.prepareGeometryChange()
        m = self.pen().widthF() / 2 + 2.0
        rect = self.path().boundingRect().united(self.arrow_rect())
        self._bounds = rect.adjusted(-m, -m, m, m)

    def arrow_rect(self) -> QRectF:
        xs = [p.x() for p in self.arrow]
        ys = [p.y() for p in self.arrow]
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def arrow_core(self, share: float = 0.5) -> QRectF:
        """The box of the arrowhead shrunk to `share` about its centre: a label on it would
        hide the head (the corners of `arrow_rect` beside a slanted head are empty)."""
        cx = sum(p.x() for p in self.arrow) / 3
        cy = sum(p.y() for p in self.arrow) / 3
        xs = [cx + share * (p.x() - cx) for p in self.arrow]
        ys = [cy + share * (p.y() - cy) for p in self.arrow]
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def set_look(self, color: QColor, width: float, mode: str) -> None:
        self.mode = mode
        pen = QPen(color, width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        self.setPen(pen)
        self._pen, self._brush = pen, QBrush(color)  # `pen()` would copy it at every paint
        self._update_bounds()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._bounds

    def paint(self, painter, option, widget=None) -> None:
        painter.setPen(self._pen)
        if QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform()) < 0.15:
            painter.drawLine(self._start, self.arrow[0])  # far out: a line
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.drawPath(self.path())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._brush)
        painter.drawPolygon(self.arrow)


class EdgeLabelItem(QGraphicsItem):
    """A contribution written on an edge, on a small box so the line does not cross it.

    The box is centred on the item's origin.  `anchor` is the point of the edge the label
    belongs to (item coordinates): when the box had to move off a short, crowded edge, a
    short leader line joins it to that point."""

    def __init__(self, fonts: Fonts) -> None:
        super().__init__()
        self.fonts = fonts
        self.text = ""
        self.color = QColor("black")
        self.background = QColor("white")
        self.border = 2.0  # the theme's label_border: grows with the text size
        self.anchor = QPointF(0.0, 0.0)
        self._box: tuple | None = None  # ((fonts, text), box_rect)
        self.setZValue(3)

    def set_text(self, text: str, color: QColor, background: QColor) -> None:
        self.prepareGeometryChange()
        self.text, self.color, self.background = text, color, background
        self.update()

    def set_anchor(self, anchor: QPointF) -> None:
        self.prepareGeometryChange()
        self.anchor = QPointF(anchor)
        self.update()

    def box_rect(self) -> QRectF:
        """The box with the text, centred on the origin."""
        key = (self.fonts, self.text)  # Qt asks at every paint: measured once per text
        if self._box is None or self._box[0] != key:
            k = self.fonts.text_scale  # the padding grows with the words
            w = text_width(self.fonts.label, self.text) + 14.0 * k
            h = line_height(self.fonts.label) + 6.0 * k
            self._box = (key, QRectF(-w / 2, -h / 2, w, h))
        return QRectF(self._box[1])

    def leader_end(self) -> QPointF:
        """Where the leader meets the box: its point nearest the anchor."""
        rect, a = self.box_rect(), self.anchor
        return QPointF(min(max(a.x(), rect.left()), rect.right()),
                       min(max(a.y(), rect.top()), rect.bottom()))  # fmt: skip

    def has_leader(self) -> bool:
        return not self.box_rect().adjusted(-1, -1, 1, 1).contains(self.anchor)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        rect = self.box_rect()
        if self.has_leader():
            m = 2 * self.border
            a = self.anchor
            rect = rect.united(QRectF(a.x() - m, a.y() - m, 2 * m, 2 * m))
        return rect

    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        rect = self.box_rect().adjusted(1, 1, -1, -1)
        if self.has_leader():
            a = self.anchor
            leader = QPen(self.color, self.border)
            leader.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(leader)
            painter.drawLine(a, self.leader_end())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(self.color))
            painter.drawEllipse(a, 1.5 * self.border, 1.5 * self.border)
        painter.setPen(QPen(self.color, self.border))
        painter.setBrush(QBrush(self.background))
        radius = 8.0 * self.fonts.text_scale
        painter.drawRoundedRect(rect, radius, radius)
        painter.setFont(self.fonts.label)
        painter.setPen(self.color)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text)

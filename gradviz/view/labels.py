"""Where a contribution label goes on its edge: on a stretch where it covers no node.

`place_label(path, size, obstacles)` returns the centre of a label's box and the point of
its edge it is attached to.  On a long edge the label sits on the line, in the middle of
the longest stretch where its box covers no node and no label already placed.  An edge too
short for that (two nodes close together, or a large text size) gets its label beside the
line: touching it when there is room, else a little way off with a short leader line to
the edge.  Everything is in layout points; no Qt item is moved here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

SAMPLES = 41  # points tried along an edge
NODE_MARGIN = 3.0  # clear space kept between a label and a node
PREFERRED = 0.45  # where a label sits on a free edge (as the slide has it)
LEADER_STEPS = (0.0, 0.6, 1.2, 2.0, 3.0)  # distances from the line tried, in label heights
SOFT_COST = 1.5  # covering an arrowhead or another edge: worse than one step further out
EDGE_STEP = 6.0  # spacing of the points that stand for other edges' lines
# Beside a short edge: every POINT_STRIDE-th sample, in 12 directions.  Each candidate box
# is checked in Python, so this grid is what a step costs when a label falls off its line.
POINT_STRIDE = 3
DIRECTIONS = [(math.cos(a * math.pi / 6), math.sin(a * math.pi / 6)) for a in range(12)]


@dataclass
class Obstacles:
    """What a label must not cover (`nodes`, `circles`, `labels`), what it had better not
    (`soft`: arrowheads; `lines`: points along other edges), and the drawn area."""

    nodes: list[QRectF] = field(default_factory=list)
    circles: list[tuple[QPointF, float]] = field(default_factory=list)  # centre, radius
    labels: list[QRectF] = field(default_factory=list)
    soft: list[QRectF] = field(default_factory=list)
    lines: list[np.ndarray] = field(default_factory=list)  # other edges, as (n, 2) polylines
    leaders: list[tuple[QPointF, QPointF]] = field(default_factory=list)  # placed ones
    bounds: QRectF | None = None


def _along(path: QPainterPath, n: int | None = None, step: float = EDGE_STEP) -> np.ndarray:
    """`n` points (or one every `step`) evenly spaced by length along a path, as (n, 2).

    Qt flattens the curves in one call; the spacing is then interpolated along the polyline,
    about a hundred times cheaper than asking Qt for each point by length."""
    flat = np.array([(p.x(), p.y()) for poly in path.toSubpathPolygons() for p in poly],
                    dtype=float)
    if len(flat) < 2:
        point = flat[0] if len(flat) else np.zeros(2)
        return np.repeat(point[None, :], n or 2, axis=0)
    cumulative = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(flat, axis=0).T))])
    length = cumulative[-1]
    if n is None:
        n = max(2, int(length / step) + 1)
    at = np.linspace(0.0, length, n)
    return np.stack([np.interp(at, cumulative, flat[:, 0]),
                     np.interp(at, cumulative, flat[:, 1])], axis=1)


def path_points(path: QPainterPath, step: float = EDGE_STEP) -> np.ndarray:
    """Points every `step` along a path, as an (n, 2) array (for `Obstacles.lines`)."""
    return _along(path, step=step)


def _crossings(a: QPointF, b: QPointF, polyline: np.ndarray) -> int:
    """How many segments of `polyline` the segment a–b crosses."""
    if len(polyline) < 2:
        return 0
    p, q = polyline[:-1], polyline[1:]
    ax, ay, bx, by = a.x(), a.y(), b.x(), b.y()

    def side(x0, y0, x1, y1, x, y):
        return (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)

    d1 = side(ax, ay, bx, by, p[:, 0], p[:, 1])
    d2 = side(ax, ay, bx, by, q[:, 0], q[:, 1])
    d3 = side(p[:, 0], p[:, 1], q[:, 0], q[:, 1], ax, ay)
    d4 = side(p[:, 0], p[:, 1], q[:, 0], q[:, 1], bx, by)
    return int(np.count_nonzero((d1 * d2 < 0) & (d3 * d4 < 0)))


def _area(rect: QRectF, others: list[QRectF]) -> float:
    area = 0.0
    for other in others:
        cut = rect.intersected(other)
        if not cut.isEmpty():
            area += cut.width() * cut.height()
    return area


def _circle_hit(rect: QRectF, center: QPointF, radius: float) -> float:
    """How deep `rect` reaches into the circle (0 when it stays outside)."""
    x = min(max(center.x(), rect.left()), rect.right())
    y = min(max(center.y(), rect.top()), rect.bottom())
    gap = math.hypot(center.x() - x, center.y() - y)
    return max(0.0, radius + NODE_MARGIN - gap) * rect.height()


def _segment_hits(a: QPointF, b: QPointF, rects: list[QRectF]) -> int:
    """How many of `rects` the segment a–b passes through (a leader over a node)."""
    hits = 0
    dx, dy = b.x() - a.x(), b.y() - a.y()
    for r in rects:
        lo, hi = 0.0, 1.0  # Liang–Barsky clipping of the segment against the rectangle
        for p, q in ((-dx, a.x() - r.left()), (dx, r.right() - a.x()),
                     (-dy, a.y() - r.top()), (dy, r.bottom() - a.y())):
            if abs(p) < 1e-12:
                if q < 0:
                    hi = -1.0
                    break
                continue
            t = q / p
            if p < 0:
                lo = max(lo, t)
            else:
                hi = min(hi, t)
        hits += hi > lo
    return hits


def _hard(rect: QRectF, nodes: list[QRectF], labels: list[QRectF],
          leaders: list[tuple[QPointF, QPointF]], circles: list[tuple[QPointF, float]],
          bounds: QRectF | None) -> float:
    """What a label's box covers that it must not: nodes, labels and leaders, circles, and
    anything outside the drawn area."""
    w, h = rect.width(), rect.height()
    cost = _area(rect, nodes) + _area(rect, labels)
    cost += w * h * sum(_segment_hits(a, b, [rect]) for a, b in leaders)
    cost += sum(_circle_hit(rect, c, r) for c, r in circles)
    if bounds is not None:  # an exported picture would cut it off
        inside = rect.intersected(bounds)
        cost += w * h - (inside.width() * inside.height() if not inside.isEmpty() else 0)
    return cost


def _boxes(rects: list[QRectF]) -> np.ndarray:
    """Rectangles as an (n, 4) array of left, top, right, bottom."""
    return np.array([(r.left(), r.top(), r.right(), r.bottom()) for r in rects],
                    dtype=float).reshape(-1, 4)


def _overlap(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each of `boxes` (n, 4), the summed area it shares with `others` (m, 4)."""
    if not len(others):
        return np.zeros(len(boxes))
    w = (np.minimum(boxes[:, None, 2], others[None, :, 2])
         - np.maximum(boxes[:, None, 0], others[None, :, 0]))
    h = (np.minimum(boxes[:, None, 3], others[None, :, 3])
         - np.maximum(boxes[:, None, 1], others[None, :, 1]))
    return (np.where((w > 0) & (h > 0), w * h, 0.0)).sum(axis=1)


def _hard_all(centers: np.ndarray, w: float, h: float, nodes: list[QRectF],
              labels: list[QRectF], leaders: list[tuple[QPointF, QPointF]],
              circles: list[tuple[QPointF, float]], bounds: QRectF | None) -> np.ndarray:
    """`_hard` of a w×h box at each of `centers` (n, 2) at once, about a tenth of the
    time; only whether it is zero is read, and it is zero exactly where `_hard` is."""
    left, top = centers[:, 0] - w / 2, centers[:, 1] - h / 2
    boxes = np.stack([left, top, left + w, top + h], axis=1)  # as QRectF has them
    cost = _overlap(boxes, _boxes(nodes)) + _overlap(boxes, _boxes(labels))
    for a, b in leaders:
        rects = [QRectF(x0, y0, w, h) for x0, y0 in zip(left, top, strict=True)]
        cost += w * h * np.array([_segment_hits(a, b, [r]) for r in rects])
    for c, r in circles:
        x = np.minimum(np.maximum(c.x(), boxes[:, 0]), boxes[:, 2])
        y = np.minimum(np.maximum(c.y(), boxes[:, 1]), boxes[:, 3])
        gap = np.hypot(c.x() - x, c.y() - y)
        cost += np.maximum(0.0, r + NODE_MARGIN - gap) * h
    if bounds is not None:  # an exported picture would cut it off
        iw = (np.minimum(boxes[:, 2], bounds.right()) - np.maximum(boxes[:, 0], bounds.left()))
        ih = (np.minimum(boxes[:, 3], bounds.bottom()) - np.maximum(boxes[:, 1], bounds.top()))
        cost += w * h - np.where((iw > 0) & (ih > 0), iw * ih, 0.0)
    return cost


def nearest_on_rect(rect: QRectF, p: QPointF) -> QPointF:
    return QPointF(min(max(p.x(), rect.left()), rect.right()),
                   min(max(p.y(), rect.top()), rect.bottom()))  # fmt: skip


def place_label(path: QPainterPath, size: tuple[float, float], obstacles: Obstacles
                ) -> tuple[QPointF, QPointF]:
    """(centre of the label's box, the point of the edge it is attached to)."""
    w, h = size
    reach = path.boundingRect().adjusted(-4 * h - w, -4 * h - w, 4 * h + w, 4 * h + w)
    m = NODE_MARGIN
    nodes = [r.adjusted(-m, -m, m, m) for r in obstacles.nodes if r.intersects(reach)]
    circles = [(c, r) for c, r in obstacles.circles
               if reach.intersects(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r))]
    labels = [r for r in obstacles.labels if r.intersects(reach)]
    soft = [r for r in obstacles.soft if r.intersects(reach)]
    lines = [line for line in obstacles.lines if len(line) and (
        (line[:, 0] >= reach.left()) & (line[:, 0] <= reach.right())
        & (line[:, 1] >= reach.top()) & (line[:, 1] <= reach.bottom())).any()]
    dots = np.concatenate(lines) if lines else np.zeros((0, 2))
    leaders = obstacles.leaders
    bounds = obstacles.bounds
    along = _along(path, SAMPLES)
    points = [QPointF(x, y) for x, y in along]

    def box(center: QPointF) -> QRectF:
        return QRectF(center.x() - w / 2, center.y() - h / 2, w, h)

    def hard(rect: QRectF) -> float:
        return _hard(rect, nodes, labels, leaders, circles, bounds)

    def soft_cost(rect: QRectF, leader: tuple[QPointF, QPointF] | None) -> float:
        inside = ((dots[:, 0] >= rect.left()) & (dots[:, 0] <= rect.right())
                  & (dots[:, 1] >= rect.top()) & (dots[:, 1] <= rect.bottom()))
        cost = _area(rect, soft) + h * float(np.count_nonzero(inside))
        if leader is not None:  # a leader across another edge reads as a wrong attachment
            cost += h * sum(_crossings(*leader, line) for line in lines)
        return cost

    # 1. On the line: in the longest run of samples where the box covers nothing hard.
    free = (_hard_all(along, w, h, nodes, labels, leaders, circles, bounds) == 0).tolist()
    runs, start = [], None
    for i, ok in enumerate([*free, False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            runs.append((start, i - 1))
            start = None
    if runs:
        middle = PREFERRED * (SAMPLES - 1)
        best = max(runs, key=lambda r: (r[1] - r[0], -abs((r[0] + r[1]) / 2 - middle)))
        # Where the slide has it when that is well inside the stretch, else nearer its middle.
        quarter = (best[1] - best[0]) / 4
        want = min(max(middle, best[0] + quarter), best[1] - quarter)
        span = range(best[0], best[1] + 1)
        clean = [i for i in span if _area(box(points[i]), soft) == 0]
        pick = min(clean or span, key=lambda i: abs(i - want))
        if clean or len(span) >= 3:
            return points[pick], points[pick]

    # 2. Beside the line: the box touches the edge point, or hangs off it on a leader.
    keep = [*nodes, *labels]
    best_key, best = None, (points[round(PREFERRED * (SAMPLES - 1))],) * 2
    for tier, step in enumerate(LEADER_STEPS):  # nearest first: stop at a clean place
        for i in range(2, SAMPLES - 2, POINT_STRIDE):
            p = points[i]
            along = abs(i / (SAMPLES - 1) - 0.5)
            for dx, dy in DIRECTIONS:
                # Push the box out along (dx, dy) until its border is `step` heights away.
                reach_x = w / 2 / abs(dx) if abs(dx) > 1e-9 else math.inf
                reach_y = h / 2 / abs(dy) if abs(dy) > 1e-9 else math.inf
                d = min(reach_x, reach_y) + step * h
                center = QPointF(p.x() + dx * d, p.y() + dy * d)
                rect = box(center)
                cost = hard(rect)
                if best_key is not None and cost > best_key[0]:
                    continue
                leader = None
                if step > 0:
                    leader = (p, nearest_on_rect(rect, p))
                    cost += _segment_hits(*leader, keep) * h
                    cost += sum(_crossings(*leader, np.array([(a.x(), a.y()), (b.x(), b.y())]))
                                for a, b in leaders) * h  # fmt: skip
                rank = tier + 0.3 * along
                if best_key is not None and (cost, rank) >= best_key:
                    continue  # covering an arrowhead or a line only makes it worse
                soft_hit = soft_cost(rect, leader) > 0
                key = (round(cost, 3), rank + (SOFT_COST if soft_hit else 0.0))
                if best_key is None or key < best_key:
                    best_key, best = key, (center, p)
        if best_key is not None and best_key[0] == 0 and best_key[1] < tier + 1:
            break
    return best

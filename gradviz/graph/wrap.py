"""Long strips wrapped into rows, like lines of text, so a lesson fills a 16:9 screen.

Graphviz lays a chain of ops out left to right as one long strip (5:1 to 10:1 for the
course's lessons).  `wrap_rows(layout, aspect)` cuts the strip at gaps between its rank
columns (where no node is) into as many rows as brings the whole picture nearest `aspect`,
and stacks them top to bottom.  Nodes and edges inside a row only move with it; an edge
that crosses a cut leaves its row at the cut, runs along the gap under the row, and enters
the next row at its left edge where it left the last one, so no edge crosses a node that
dot had kept it clear of.  No Qt here: plain points.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import replace

import numpy as np

MAX_ROWS = 8
WRAP_OVER = 1.25  # wrap only a layout this much wider than the aspect asked for
ROW_GAP = 96.0  # points between rows (the caller passes its own): edges turn there
LANE = 9.0  # points between the edges that turn in the same gap
ROW_COST = 0.1  # each row read is a line break: wrap only when it brings the aspect nearer
GROUP_CUT_COST = 0.3  # a group ([groups]) cut into two rows reads worse than a row more
SAMPLES = 12  # straight pieces per Bézier segment of a turning edge


def _gaps(layout, together=()) -> list[float]:
    """x positions between rank columns: cuts that cross no node, and no edge between
    nodes kept `together` (the ends of one step's edges are framed together)."""
    spans = sorted((x - s[0] / 2, x + s[0] / 2)
                   for (x, _), s in zip(layout.centers, layout.sizes, strict=True))
    gaps, right = [], None
    for left, end in spans:
        if right is not None and left > right:
            gaps.append((left + right) / 2)
        right = end if right is None else max(right, end)
    if not gaps or not together:
        return gaps
    xs = np.asarray([(layout.centers[a][0], layout.centers[b][0]) for a, b in together])
    lo, hi = xs.min(axis=1), xs.max(axis=1)
    g = np.asarray(gaps)
    crossed = ((lo[None, :] < g[:, None]) & (g[:, None] < hi[None, :])).any(axis=1)
    return [x for x, cut in zip(gaps, crossed, strict=True) if not cut]


def _cuts_for(gaps: list[float], width: float, rows: int) -> list[float] | None:
    cuts: list[float] = []
    for j in range(1, rows):
        free = [g for g in gaps if not cuts or g > cuts[-1]]
        if not free:
            return None
        cuts.append(min(free, key=lambda g: abs(g - j * width / rows)))
    return cuts


def _row(x: float, cuts: list[float]) -> int:
    return bisect_left(cuts, x)  # how many cuts lie left of x


def _bezier(p0, p1, p2, p3, t):
    s = 1 - t
    return tuple(s**3 * a + 3 * s * s * t * b + 3 * s * t * t * c + t**3 * d
                 for a, b, c, d in zip(p0, p1, p2, p3, strict=True))  # fmt: skip


def _polyline(points) -> list[tuple[float, float]]:
    """A route's Bézier control points as a fine polyline through it."""
    if (len(points) - 1) % 3 or len(points) < 4:
        return list(points)
    out = [points[0]]
    for i in range(0, len(points) - 1, 3):
        p = points[i:i + 4]
        out += [_bezier(*p, k / SAMPLES) for k in range(1, SAMPLES + 1)]
    return out


def _as_cubics(line) -> tuple:
    """A polyline written as Bézier segments that are straight (control points on it)."""
    out = [line[0]]
    for a, b in zip(line, line[1:], strict=False):
        out += [(a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3),
                (a[0] + 2 * (b[0] - a[0]) / 3, a[1] + 2 * (b[1] - a[1]) / 3), b]
    return tuple(out)


class _Extents:
    """The layout's nodes and route points as arrays, to measure rows for many cuts fast."""

    def __init__(self, layout, groups=()) -> None:
        c = np.asarray(layout.centers, dtype=float).reshape(-1, 2)
        z = np.asarray(layout.sizes, dtype=float).reshape(-1, 2)
        points = [p for r in layout.routes if r is not None for p in r.points]
        for nodes, box in groups:  # a group's frame around its nodes in each row
            points += [point for i in nodes for point in _framing(layout, i, nodes, box)]
        p = np.asarray(points, dtype=float).reshape(-1, 2)
        self.x = np.concatenate([c[:, 0], p[:, 0]])
        self.left = np.concatenate([c[:, 0] - z[:, 0] / 2, p[:, 0]])
        self.right = np.concatenate([c[:, 0] + z[:, 0] / 2, p[:, 0]])
        self.top = np.concatenate([c[:, 1] - z[:, 1] / 2, p[:, 1]])
        self.bottom = np.concatenate([c[:, 1] + z[:, 1] / 2, p[:, 1]])


def _margins(layout, nodes, box) -> tuple[float, float, float, float]:
    """The room dot's cluster `box` leaves around the group's `nodes`: left, top (the label's),
    right, bottom."""
    c, z = layout.centers, layout.sizes
    left = min(c[i][0] - z[i][0] / 2 for i in nodes)
    top = min(c[i][1] - z[i][1] / 2 for i in nodes)
    right = max(c[i][0] + z[i][0] / 2 for i in nodes)
    bottom = max(c[i][1] + z[i][1] / 2 for i in nodes)
    x, y, w, h = box
    return left - x, top - y, x + w - right, y + h - bottom


def _framing(layout, i, nodes, box) -> list[tuple[float, float]]:
    """Two corners of node `i`'s rectangle grown by its group's margins: a row's frame piece
    is the box around these corners of the group's nodes in that row."""
    ml, mt, mr, mb = _margins(layout, nodes, box)
    (x, y), (w, h) = layout.centers[i], layout.sizes[i]
    return [(x - w / 2 - ml, y - h / 2 - mt), (x + w / 2 + mr, y + h / 2 + mb)]


def _pieces(layout, groups, cuts) -> list[tuple[int, int, tuple[float, float, float, float]]]:
    """(group index, row, rectangle) per row a group has nodes in, before rows move: the box
    around the group's nodes there, with dot's margins, never outside dot's cluster box (so
    no other node lies inside)."""
    pieces = []
    for k, (nodes, box) in enumerate(groups):
        rows: dict[int, list[tuple[float, float]]] = {}
        for i in nodes:
            rows.setdefault(_row(layout.centers[i][0], cuts), []).extend(
                _framing(layout, i, nodes, box))
        x, y, w, h = box
        for r, corners in sorted(rows.items()):
            x0 = max(x, min(p[0] for p in corners))
            y0 = max(y, min(p[1] for p in corners))
            x1 = min(x + w, max(p[0] for p in corners))
            y1 = min(y + h, max(p[1] for p in corners))
            pieces.append((k, r, (x0, y0, x1 - x0, y1 - y0)))
    return pieces


def _plan(extents: _Extents, cuts: list[float], gap: float):
    """Per row: (dx, dy) that moves it into place and the middle of the gap under it; the
    whole picture's width and height."""
    n = len(cuts) + 1
    rows = np.searchsorted(np.asarray(cuts, dtype=float), extents.x, side="left")
    tops, bottoms = np.full(n, np.inf), np.full(n, -np.inf)
    lefts, rights = np.full(n, np.inf), np.full(n, -np.inf)
    np.minimum.at(tops, rows, extents.top)
    np.maximum.at(bottoms, rows, extents.bottom)
    np.minimum.at(lefts, rows, extents.left)
    np.maximum.at(rights, rows, extents.right)
    empty = ~np.isfinite(tops)  # cannot happen with cuts at gaps, but costs nothing
    tops[empty] = bottoms[empty] = lefts[empty] = rights[empty] = 0.0
    shifts, bands, y = [], [], 0.0
    for r in range(n):
        shifts.append((-float(lefts[r]), y - float(tops[r])))
        y += float(bottoms[r] - tops[r]) + gap
        bands.append(y - gap / 2)  # the middle of the gap under row r
    return shifts, bands, float(np.max(rights - lefts)), y - gap


def wrap_rows(layout, aspect: float = 16 / 9, row_gap: float = ROW_GAP, together=(),
              groups=()):
    """`layout` in the number of rows whose picture is nearest `aspect` (width / height);
    the layout itself when it is no wider than that, or cannot be cut.  No cut parts the
    two nodes of a pair in `together` (node ids).  `groups`: (node ids, dot's cluster box)
    per group; a group cut into rows is framed once per row (`Layout.frames`)."""
    if layout.rankdir != "LR" or layout.width <= WRAP_OVER * aspect * layout.height:
        return layout
    gaps = _gaps(layout, together)
    extents = _Extents(layout, groups)
    spans = [(min(layout.centers[i][0] for i in nodes), max(layout.centers[i][0] for i in nodes))
             for nodes, _ in groups]
    best = (abs(math.log(layout.width / max(layout.height, 1.0) / aspect)), None)
    for rows in range(2, MAX_ROWS + 1):
        cuts = _cuts_for(gaps, layout.width, rows)
        if cuts is None:
            break
        _, _, width, height = _plan(extents, cuts, row_gap)
        score = abs(math.log(width / height / aspect)) + ROW_COST * (rows - 1)
        score += GROUP_CUT_COST * sum(lo < cut < hi for lo, hi in spans for cut in cuts)
        if score < best[0]:
            best = (score, cuts)
    cuts = best[1]
    if cuts is None:
        return layout
    shifts, bands, width, height = _plan(extents, cuts, row_gap)

    def moved(p, r):
        return (p[0] + shifts[r][0], p[1] + shifts[r][1])

    centers = tuple(moved(c, _row(c[0], cuts)) for c in layout.centers)
    lanes: dict[int, int] = {}  # edges turned so far under each row, to part their lanes
    routes = []
    for route in layout.routes:
        if route is None:
            routes.append(None)
            continue
        rows = {_row(x, cuts) for x, _ in route.points}
        if route.tip is not None:
            rows.add(_row(route.tip[0], cuts))
        if len(rows) == 1:
            r = rows.pop()
            routes.append(replace(route, points=tuple(moved(p, r) for p in route.points),
                                  tip=moved(route.tip, r) if route.tip else None))
            continue
        line = _polyline(route.points)
        out = [moved(line[0], _row(line[0][0], cuts))]
        for a, b in zip(line, line[1:], strict=False):
            ra, rb = _row(a[0], cuts), _row(b[0], cuts)
            while ra != rb:  # turn under row ra into the next row (or back above it)
                step = 1 if rb > ra else -1
                cut = cuts[ra] if step > 0 else cuts[ra - 1]
                lane = lanes.get(ra, 0)
                lanes[ra] = lane + 1
                t = (cut - a[0]) / ((b[0] - a[0]) or 1e-9)
                y = a[1] + t * (b[1] - a[1])
                here, there = moved((cut, y), ra), moved((cut, y), ra + step)
                band = bands[ra if step > 0 else ra - 1] + (lane % 5 - 2) * LANE
                out += [here, (here[0] + lane * LANE / 2, here[1]),
                        (here[0] + lane * LANE / 2, band), (there[0] - LANE, band),
                        (there[0] - LANE, there[1]), there]
                ra += step
            out.append(moved(b, rb))
        tip = moved(route.tip, _row(route.tip[0], cuts)) if route.tip else None
        routes.append(replace(route, points=_as_cubics(out), tip=tip))
    frames = tuple((k, x + shifts[r][0], y + shifts[r][1], w, h)
                   for k, r, (x, y, w, h) in _pieces(layout, groups, cuts))
    return replace(layout, centers=centers, width=width, height=height, routes=tuple(routes),
                   frames=frames)

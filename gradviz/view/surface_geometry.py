"""The numbers behind the surface plot: contour field and levels, positions at step k.

`contour_field(surface)` evaluates the surface on a grid and, for surfaces with steep
valleys (``surface.log_contours``), takes log(1 + f − min f) so that the levels crowd into
the valley floor instead of the walls.  `contour_lines` traces the levels by marching
squares into segments (one plot item draws them all, ``connect="pairs"``).  `last_index`,
`stop_point` and `exit_segment` say where a path is at step k and where it left the plot.
"""

from __future__ import annotations

import math

import numpy as np

from gradviz.surfaces.functions import Range, Surface

LEVELS = 18


def contour_field(surface: Surface, resolution: int = 220, margin: float = 0.5
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(xs, ys, Z)`` over the plot range grown by ``margin`` times its size on each side
    (a window wider than the range still shows contours to its edges), Z[i, j] at
    (xs[j], ys[i]), log-scaled if the surface asks for it; NaN where f is not finite."""
    xs, ys, values = surface.mesh(resolution, grown(surface.range, margin))
    return xs, ys, height_map(surface, values)(values)


def height_map(surface: Surface, values: np.ndarray):
    """The function that turns f into what the contours show: log(f − min f + floor) for
    ``log_contours`` surfaces (min over ``values``, floor ``surface.log_floor``: 1 gives
    log(1 + f − min f)), f itself otherwise."""
    finite = values[np.isfinite(values)]
    if not surface.log_contours or finite.size == 0:
        return lambda f: np.where(np.isfinite(f), f, np.nan)
    lowest, floor = float(finite.min()), float(surface.log_floor)

    def log_height(f):
        with np.errstate(all="ignore"):
            # log(x + floor) = log(floor) + log1p(x / floor), accurate for small x
            height = math.log(floor) + np.log1p(np.maximum(f - lowest, 0.0) / floor)
            return np.where(np.isfinite(f), height, np.nan)

    return log_height


def grown(bounds: Range, margin: float) -> Range:
    (x0, x1), (y0, y1) = bounds
    dx, dy = margin * (x1 - x0), margin * (y1 - y0)
    return (x0 - dx, x1 + dx), (y0 - dy, y1 + dy)


def level_range(field: np.ndarray, core: bool = True) -> tuple[float, float]:
    """Where the colour ramp and the levels run: min to the 98th percentile of the field's
    central half (the plot range, see `contour_field`; the whole field if not ``core``), so
    a few huge values in a corner do not squash every level into the bottom."""
    rows, cols = field.shape
    if core:
        field = field[rows // 4: rows - rows // 4, cols // 4: cols - cols // 4]
    finite = field[np.isfinite(field)]
    if finite.size == 0:
        return 0.0, 1.0
    low, high = float(finite.min()), _percentile(finite, 98.0)
    return (low, high) if high > low else (low, low + 1.0)


def _percentile(values: np.ndarray, q: float) -> float:
    """``np.percentile(values, q)`` (linear), by partition: np.percentile's first call
    imports half of numpy.lib (0.2 s), for one number."""
    position = q / 100.0 * (values.size - 1)
    below = int(math.floor(position))
    above = min(below + 1, values.size - 1)
    part = np.partition(values.ravel(), (below, above))
    return float(part[below] + (position - below) * (part[above] - part[below]))


def range_level_range(xs: np.ndarray, ys: np.ndarray, field: np.ndarray,
                      bounds: Range) -> tuple[float, float]:
    """`level_range` over the part of the field inside ``bounds`` (the plotted range), so
    the levels are the same whatever margin the field was computed with."""
    (x0, x1), (y0, y1) = bounds
    cols = (xs >= x0 - 1e-12 * abs(x1 - x0)) & (xs <= x1 + 1e-12 * abs(x1 - x0))
    rows = (ys >= y0 - 1e-12 * abs(y1 - y0)) & (ys <= y1 + 1e-12 * abs(y1 - y0))
    if cols.sum() < 2 or rows.sum() < 2:
        return level_range(field, core=False)
    return level_range(field[np.ix_(rows, cols)], core=False)


def levels_between(low: float, high: float, count: int = LEVELS) -> np.ndarray:
    return np.linspace(low, high, count + 2)[1:-1]


# Marching squares.  Corners of cell (i, j): 1 = (i, j), 2 = (i, j+1), 4 = (i+1, j+1),
# 8 = (i+1, j) set when above the level; edges: 0 bottom, 1 right, 2 top, 3 left.  Each
# case lists the edge pairs its segments join; 5 and 10 (opposite corners) are saddles,
# decided by the cell's mean: the first entry is for a centre below the level.
_CASES = {1: ((0, 3),), 2: ((0, 1),), 3: ((1, 3),), 4: ((1, 2),), 6: ((0, 2),),
          7: ((2, 3),), 8: ((2, 3),), 9: ((0, 2),), 11: ((1, 2),), 12: ((1, 3),),
          13: ((0, 1),), 14: ((0, 3),)}
_SADDLES = {5: (((0, 3), (1, 2)), ((0, 1), (2, 3))),
            10: (((0, 1), (2, 3)), ((0, 3), (1, 2)))}


def contour_lines(xs: np.ndarray, ys: np.ndarray, field: np.ndarray,
                  levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All isolines as segments, in x and y arrays of point pairs (for ``connect="pairs"``):
    marching squares with linear interpolation, vectorised over the grid for each level.

    NaN (f not finite) counts as higher than every level, so contours close around it."""
    data = np.where(np.isfinite(field), field, np.inf)
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    px, py = [], []
    for level in np.asarray(levels, dtype=float):
        for sx, sy in _level_segments(xs, ys, data, float(level)):
            px.append(sx)
            py.append(sy)
    if not px:
        return np.zeros(0), np.zeros(0)
    return np.concatenate(px), np.concatenate(py)


def _level_segments(xs: np.ndarray, ys: np.ndarray, data: np.ndarray, level: float):
    """The segments of one level: (x, y) arrays of point pairs, one per kind of cell."""
    above = data > level
    case = above[:-1, :-1] * 1 + above[:-1, 1:] * 2 + above[1:, 1:] * 4 + above[1:, :-1] * 8
    crossed = np.flatnonzero((case != 0) & (case != 15))
    if crossed.size == 0:
        return []
    kinds = case.ravel()[crossed]
    with np.errstate(all="ignore"):
        # Where each edge crosses the level; only edges whose ends are on opposite sides
        # are ever used (the others' NaN and inf are harmless).
        th = np.clip((level - data[:, :-1]) / (data[:, 1:] - data[:, :-1]), 0.0, 1.0)
        tv = np.clip((level - data[:-1, :]) / (data[1:, :] - data[:-1, :]), 0.0, 1.0)
    hx = xs[:-1] + np.nan_to_num(th, nan=0.5) * np.diff(xs)  # edges (i, j)-(i, j+1)
    vy = ys[:-1, None] + np.nan_to_num(tv, nan=0.5) * np.diff(ys)[:, None]  # (i, j)-(i+1, j)

    def edge_points(edge: int, i: np.ndarray, j: np.ndarray):
        if edge == 0:
            return hx[i, j], ys[i]
        if edge == 2:
            return hx[i + 1, j], ys[i + 1]
        if edge == 3:
            return xs[j], vy[i, j]
        return xs[j + 1], vy[i, j + 1]

    def cells(c: int) -> tuple[np.ndarray, np.ndarray]:
        return np.divmod(crossed[kinds == c], case.shape[1])

    groups = [(cells(c), edges) for c, edges in _CASES.items()]
    for c, (low_centre, high_centre) in _SADDLES.items():
        i, j = cells(c)
        if i.size:
            centre = (data[i, j] + data[i, j + 1] + data[i + 1, j] + data[i + 1, j + 1]) / 4
            high = centre > level
            groups.append(((i[~high], j[~high]), low_centre))
            groups.append(((i[high], j[high]), high_centre))
    segments = []
    for (i, j), edges in groups:
        if i.size == 0:
            continue
        for a, b in edges:
            ax, ay = edge_points(a, i, j)
            bx, by = edge_points(b, i, j)
            segments.append((
                np.stack([np.broadcast_to(ax, i.shape), np.broadcast_to(bx, i.shape)], 1).ravel(),
                np.stack([np.broadcast_to(ay, i.shape), np.broadcast_to(by, i.shape)], 1).ravel()))
    return segments


def last_index(positions: np.ndarray, k: int | None) -> int:
    """The index of the point shown at step k (None: the end); paths that stopped early
    stay at their last point."""
    end = len(positions) - 1
    return end if k is None else max(0, min(int(k), end))


def inside(point, bounds: Range) -> bool:
    (x0, x1), (y0, y1) = bounds
    return bool(x0 <= point[0] <= x1 and y0 <= point[1] <= y1)


def stop_point(positions: np.ndarray, bounds: Range) -> tuple[float, float]:
    """Where to draw a path's end mark: its last point, or, if that lies outside the plot,
    the point where the path last crossed the plot's border (else it is invisible)."""
    last = positions[-1]
    if inside(last, bounds):
        return float(last[0]), float(last[1])
    inner = [i for i in range(len(positions)) if inside(positions[i], bounds)]
    if not inner:
        (x0, x1), (y0, y1) = bounds
        return float(np.clip(last[0], x0, x1)), float(np.clip(last[1], y0, y1))
    i = inner[-1]
    a, b = positions[i], positions[i + 1]
    t = _exit_fraction(a, b, bounds)
    point = a + t * (b - a)
    return float(point[0]), float(point[1])


def exit_segment(positions: np.ndarray, bounds: Range) -> tuple[np.ndarray, np.ndarray]:
    """The step (a, b) on which a path last went from inside ``bounds`` to outside (the
    last step if it never was inside, a zero step for a single point)."""
    positions = np.asarray(positions, dtype=float)
    if len(positions) < 2:
        return positions[-1], positions[-1]
    (x0, x1), (y0, y1) = bounds
    xs, ys = positions[:, 0], positions[:, 1]
    inner = np.nonzero((xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1))[0]
    i = int(inner[-1]) if inner.size and inner[-1] < len(positions) - 1 else len(positions) - 2
    return positions[i], positions[i + 1]


def _exit_fraction(a: np.ndarray, b: np.ndarray, bounds: Range) -> float:
    """The largest t in [0, 1] with a + t·(b − a) still inside the box (a is inside)."""
    t = 1.0
    for axis, (low, high) in enumerate(bounds):
        d = b[axis] - a[axis]
        if d > 0 and b[axis] > high:
            t = min(t, (high - a[axis]) / d)
        elif d < 0 and b[axis] < low:
            t = min(t, (low - a[axis]) / d)
    return max(0.0, t)

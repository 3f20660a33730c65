"""The numbers behind the surface plot: contour field and levels, positions at step k.

`contour_field(surface)` evaluates the surface on a grid and, for surfaces with steep
valleys (``surface.log_contours``), takes log(1 + f − min f) so that the levels crowd into
the valley floor instead of the walls.  `contour_lines` traces the levels into one array of
points with NaN breaks (one plot item draws them all).  `position_at` and `stop_point` say
where a path is at step k and where a diverged path left the plot.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

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
    low, high = float(finite.min()), float(np.percentile(finite, 98))
    return (low, high) if high > low else (low, low + 1.0)


def contour_levels(field: np.ndarray, count: int = LEVELS) -> np.ndarray:
    low, high = level_range(field)
    return np.linspace(low, high, count + 2)[1:-1]


def contour_lines(xs: np.ndarray, ys: np.ndarray, field: np.ndarray,
                  levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All isolines as x and y arrays in plot coordinates, separated by NaN."""
    data = np.nan_to_num(field, nan=np.nanmax(field) if np.isfinite(field).any() else 0.0)
    # pg.isocurve indexes data[a, b]; with data = Z.T, a runs along x and b along y.
    sx = (xs[-1] - xs[0]) / (len(xs) - 1)
    sy = (ys[-1] - ys[0]) / (len(ys) - 1)
    px, py = [], []
    for level in levels:
        for line in pg.isocurve(data.T, float(level), connected=True):
            points = np.asarray(line, dtype=float)
            px.extend((xs[0] + points[:, 0] * sx).tolist() + [np.nan])
            py.extend((ys[0] + points[:, 1] * sy).tolist() + [np.nan])
    return np.array(px), np.array(py)


def last_index(positions: np.ndarray, k: int | None) -> int:
    """The index of the point shown at step k (None: the end); paths that stopped early
    stay at their last point."""
    end = len(positions) - 1
    return end if k is None else max(0, min(int(k), end))


def position_at(positions: np.ndarray, k: int | None) -> tuple[float, float]:
    x, y = positions[last_index(positions, k)]
    return float(x), float(y)


def inside(point, bounds: Range) -> bool:
    (x0, x1), (y0, y1) = bounds
    return bool(x0 <= point[0] <= x1 and y0 <= point[1] <= y1)


def stop_point(positions: np.ndarray, bounds: Range) -> tuple[float, float]:
    """Where to draw a diverged path's ✕: its last point, or, if that lies outside the
    plot, the point where the path last crossed the plot's border (else it is invisible)."""
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

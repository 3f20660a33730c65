"""The built-in loss surfaces, as a table of `Surface` records, plus custom formulas.

Each surface's function is plain arithmetic (and, for Rastrigin, a cosine) written once so
that it runs on gradviz tensors (the optimizers' gradients come from gradviz's autograd),
on torch tensors (the tests compare with `torch.optim`) and on numpy grids (the contour
plot).  ``SURFACES["rosenbrock"]`` looks one up; ``custom_surface("x**2 + 3*y**2")`` makes
one from a formula in the safe expression language of `gradviz.surfaces.expr`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gradviz.catalog import marked, text
from gradviz.catalog.lesson import Message, SaidError
from gradviz.surfaces.expr import compile_expression

Point = tuple[float, float]
Range = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class Surface:
    """A function f(x, y) to minimise, with what a plot of it needs.

    ``function`` takes two tensors of one shape (gradviz or torch) and returns f elementwise;
    ``grid`` takes numpy arrays.  ``minima`` are the global minima, ``local_minima`` worse
    ones, ``saddles`` saddle points: the gradient is zero at all of them.
    """

    name: str
    english_title: str  # shown through the catalog: `title` gives it in a language
    formula: str
    function: Callable
    grid: Callable
    range: Range
    start: Point
    minima: tuple[Point, ...] = ()
    local_minima: tuple[Point, ...] = ()
    saddles: tuple[Point, ...] = ()
    log_contours: bool = False  # contours of log(1 + f): steep valleys such as Rosenbrock's
    # With log_contours, the contours show log(f − min f + log_floor) (1: log(1 + f − min f));
    # a cross-entropy that spans decades down to 0.001 wants a floor near its own scale.
    log_floor: float = 1.0
    # ``{fields}`` of the title ("a {layers} network on {data}"), themselves catalog texts.
    title_fields: tuple[tuple[str, str], ...] = ()

    def title(self, language: str = "es") -> str:
        fields = {key: text(value, language) for key, value in self.title_fields}
        return text(self.english_title, language, **fields)

    def evaluate(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """f on numpy arrays; overflow gives inf and a bad log NaN, without warnings."""
        x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        with np.errstate(all="ignore"):
            values = self.grid(x, y)
        return np.broadcast_to(values, x.shape).astype(float)

    def mesh(self, resolution: int | tuple[int, int] = 300, bounds: Range | None = None):
        """``(xs, ys, Z)``: a ``resolution``² grid (or ``(nx, ny)`` points) over ``bounds``
        (default: the plot range), Z[i, j] = f(xs[j], ys[i]) as contour plots expect."""
        (x0, x1), (y0, y1) = bounds or self.range
        nx, ny = (resolution, resolution) if isinstance(resolution, int) else resolution
        xs = np.linspace(x0, x1, nx)
        ys = np.linspace(y0, y1, ny)
        return xs, ys, self.evaluate(xs[None, :], ys[:, None])


def _cos(t):
    return np.cos(t) if isinstance(t, np.ndarray | float) else t.cos()


def sq(t):
    """t², as t·t: one multiply instead of a power, forward and backward (same numbers)."""
    return t * t


def rosenbrock(x, y):
    return sq(1 - x) + 100 * sq(y - sq(x))


def beale(x, y):
    y2 = sq(y)
    return sq(1.5 - x + x * y) + sq(2.25 - x + x * y2) + sq(2.625 - x + x * (y2 * y))


def himmelblau(x, y):
    return sq(sq(x) + y - 11) + sq(x + sq(y) - 7)


def rastrigin(x, y):
    tau = 2 * math.pi
    return 20 + sq(x) - 10 * _cos(tau * x) + sq(y) - 10 * _cos(tau * y)


def saddle(x, y):
    return sq(x) - sq(y)


def booth(x, y):
    return sq(x + 2 * y - 7) + sq(2 * x + y - 5)


def ill_conditioned(x, y):
    # ½(0.1·u² + 10·v²) with u = (x+y)/√2, v = (x−y)/√2: Hessian eigenvalues 0.1 and 10
    # (condition number 100), the long axis of the valley along the diagonal x = y.
    return 0.025 * sq(x + y) + 2.5 * sq(x - y)


def two_wells(x, y):
    # ∂f/∂x = x(x + 1)(x − 1.5): minima at x = −1 (f = −1/3) and x = 1.5 (f = −0.984),
    # a ridge at x = 0 between them.
    x2 = sq(x)
    return sq(x2) / 4 - x2 * x / 6 - 0.75 * x2 + sq(y)


_TABLE = (
    Surface("rosenbrock", marked("Rosenbrock (curved valley)"),
            "(1 − x)² + 100·(y − x²)²", rosenbrock, rosenbrock,
            ((-2.0, 2.0), (-1.0, 3.0)), (-1.5, 2.0), minima=((1.0, 1.0),), log_contours=True),
    Surface("beale", "Beale",
            "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²", beale, beale,
            ((-4.5, 4.5), (-4.5, 4.5)), (1.0, 1.5), minima=((3.0, 0.5),), log_contours=True),
    Surface("himmelblau", marked("Himmelblau (four minima)"),
            "(x² + y − 11)² + (x + y² − 7)²", himmelblau, himmelblau,
            ((-5.0, 5.0), (-5.0, 5.0)), (0.0, 0.0),
            minima=((3.0, 2.0), (-2.805118086952745, 3.131312518250573),
                    (-3.779310253377747, -3.283185991286170),
                    (3.584428340330492, -1.848126526964404)), log_contours=True),
    Surface("rastrigin", marked("Rastrigin (many local minima)"),
            "20 + x² − 10·cos(2πx) + y² − 10·cos(2πy)", rastrigin, rastrigin,
            ((-5.12, 5.12), (-5.12, 5.12)), (-2.3, 3.4), minima=((0.0, 0.0),)),
    Surface("saddle", marked("Saddle point"), "x² − y²", saddle, saddle,
            ((-2.0, 2.0), (-2.0, 2.0)), (-1.5, 0.01), saddles=((0.0, 0.0),)),
    Surface("booth", "Booth", "(x + 2y − 7)² + (2x + y − 5)²", booth, booth,
            ((-10.0, 10.0), (-10.0, 10.0)), (-8.0, 8.0), minima=((1.0, 3.0),)),
    Surface("ill_conditioned", marked("Ill-conditioned quadratic (κ = 100)"),
            "0.025·(x + y)² + 2.5·(x − y)²",
            ill_conditioned, ill_conditioned, ((-3.0, 3.0), (-3.0, 3.0)), (-2.5, -1.0),
            minima=((0.0, 0.0),)),
    Surface("two_wells", marked("Two wells (a worse local minimum)"),
            "x⁴/4 − x³/6 − 3x²/4 + y²", two_wells, two_wells,
            ((-2.5, 2.5), (-2.0, 2.0)), (-2.2, 1.5), minima=((1.5, 0.0),),
            local_minima=((-1.0, 0.0),), saddles=((0.0, 0.0),)),
)

SURFACES: dict[str, Surface] = {s.name: s for s in _TABLE}


def get_surface(name: str) -> Surface:
    """The built-in surface called ``name``; a `ValueError` lists the names otherwise."""
    try:
        return SURFACES[name]
    except KeyError:
        raise SaidError(Message("unknown surface '{name}'; the built-in surfaces are {names}",
                                name=name, names=", ".join(SURFACES))) from None


def custom_surface(expression: str, range: Range = ((-3.0, 3.0), (-3.0, 3.0)),  # noqa: A002
                   start: Point | None = None, name: str = "custom") -> Surface:
    """A surface from a formula in x and y (e.g. ``"x**2 + 3*y**2"``), checked, never run.

    Raises `ValueError` naming what is not allowed.  ``start`` defaults to a point near a
    corner of the range.
    """
    formula = compile_expression(expression)
    (x0, x1), (y0, y1) = range
    if not (x0 < x1 and y0 < y1):
        raise SaidError(Message("the range {range} is empty; write {example}", range=range,
                                example="[[xmin, xmax], [ymin, ymax]]"))
    if start is None:
        start = (x0 + 0.2 * (x1 - x0), y0 + 0.8 * (y1 - y0))
    return Surface(name, formula.text, formula.text, formula.tensor,
                   formula.numpy, ((float(x0), float(x1)), (float(y0), float(y1))),
                   (float(start[0]), float(start[1])))

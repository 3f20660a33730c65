"""Batch, mini-batch and stochastic gradient descent on a two-parameter linear regression.

``data = regression_data(n=64, seed=0)`` draws y = w·x + b + noise; ``data.surface()`` is
the full-batch mean squared error as a `Surface` over (w, b), so the contour plot is the
one every method is really minimising.  ``run_regression(data, specs, epochs=10)`` trains
(w, b) with `gradviz.optim`, each spec with its own ``batch_size`` (None: the whole set,
1: stochastic), and records every update with the noisy mini-batch gradient next to the
exact full-batch one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gradviz.catalog import marked
from gradviz.catalog.lesson import Message, SaidError
from gradviz.engine import api as gv
from gradviz.surfaces.functions import Point, Range, Surface
from gradviz.surfaces.runs import (
    OptimizerRun,
    OptimizerSpec,
    RunOutcome,
    escape_box,
    frozen_array,
)

MAX_UPDATES = 200_000  # per run; more is an error, never a freeze


@dataclass(frozen=True)
class RegressionData:
    """Points (x, y) and the moments of the full-batch loss L(w, b) = mean((w·x + b − y)²)."""

    x: np.ndarray
    y: np.ndarray
    true_w: float
    true_b: float

    @property
    def n(self) -> int:
        return len(self.x)

    @property
    def best(self) -> Point:
        """The least-squares (w, b): the minimum of the full-batch loss."""
        design = np.stack([self.x, np.ones_like(self.x)], axis=1)
        (w, b), *_ = np.linalg.lstsq(design, self.y, rcond=None)
        return float(w), float(b)

    def _moments(self) -> tuple[float, ...]:
        x, y = self.x, self.y
        return (float(np.mean(x * x)), float(np.mean(x)), float(np.mean(x * y)),
                float(np.mean(y)), float(np.mean(y * y)))

    def loss(self, w, b):
        """The full-batch loss, expanded into moments so that it works elementwise on numpy
        grids and on tensors alike: w²·E[x²] + 2wb·E[x] + b² − 2w·E[xy] − 2b·E[y] + E[y²]."""
        xx, x, xy, y, yy = self._moments()
        return xx * (w * w) + 2 * x * (w * b) + b * b - 2 * xy * w - 2 * y * b + yy

    def surface(self, span: float = 3.0) -> Surface:
        """The full-batch loss as a surface over (w, b), ``span`` around its minimum."""
        w, b = self.best
        bounds = ((w - span, w + span), (b - span, b + span))
        start = (w - 0.8 * span, b + 0.7 * span)
        return Surface("linear_regression", marked("Linear regression: full-batch MSE"),
                       "L(w, b) = (1/n) Σ (w·xᵢ + b − yᵢ)²",
                       self.loss, self.loss, bounds, start, minima=((w, b),))


def regression_data(n: int = 64, seed: int = 0, w: float = 2.0, b: float = -1.0,
                    noise: float = 0.5, x_range: tuple[float, float] = (-2.0, 2.0)
                    ) -> RegressionData:
    """A seeded data set y = w·x + b + N(0, noise²), x uniform in ``x_range``."""
    if n < 2:
        raise SaidError(Message("a regression needs at least 2 points, got n = {n}", n=n))
    rng = np.random.default_rng(seed)
    x = rng.uniform(*x_range, n)
    y = w * x + b + noise * rng.standard_normal(n)
    return RegressionData(frozen_array(x), frozen_array(y), float(w), float(b))


@dataclass(frozen=True)
class RegressionRun(RunOutcome):
    """One method's updates.  With n updates: ``positions`` (n+1, 2) and ``losses`` (n+1,),
    the full-batch loss there; per update ``batch_losses`` (n,), ``batch_grads`` (n, 2) —
    the noisy gradient the optimizer used — ``full_grads`` (n, 2), the exact one at the same
    point, ``epochs`` (n,) and ``lrs`` (n,)."""

    spec: OptimizerSpec
    label: str
    batch_size: int
    positions: np.ndarray
    losses: np.ndarray
    batch_losses: np.ndarray
    batch_grads: np.ndarray
    full_grads: np.ndarray
    epochs: np.ndarray
    lrs: np.ndarray
    diverged_at: int | None = None
    escaped_at: int | None = None  # never set: a mean squared error has no way down far off

    @property
    def gradient_noise(self) -> np.ndarray:
        """Mini-batch gradient minus full-batch gradient, per update."""
        return self.batch_grads - self.full_grads


def method_name(spec: OptimizerSpec, batch_size: int, n: int) -> str:
    """The spec's label, else e.g. "SGD batch (64)", "SGD mini-batch (8)", "SGD (1)"."""
    if spec.label:
        return spec.label
    if batch_size >= n:
        return f"{spec.name} batch ({n})"
    if batch_size == 1:
        return f"{spec.name} estocástico (1)"
    return f"{spec.name} mini-batch ({batch_size})"


def _batch_loss_and_grad(position: np.ndarray, xb: np.ndarray, yb: np.ndarray):
    """Mean squared error of a batch and its gradient, by gradviz's autograd."""
    params = gv.from_numpy(position.copy()).requires_grad_()
    design = gv.from_numpy(np.stack([xb, np.ones_like(xb)], axis=1))
    loss = ((design @ params - gv.from_numpy(yb)) ** 2).mean()
    loss.backward()
    return float(loss._data), params.grad._data.copy()


def _full_grad(data: RegressionData, position: np.ndarray) -> np.ndarray:
    residual = position[0] * data.x + position[1] - data.y
    return np.array([2 * np.mean(residual * data.x), 2 * np.mean(residual)])


def run_regression(data: RegressionData, specs: Sequence[OptimizerSpec], epochs: int = 10,
                   start: Point | None = None, seed: int = 0,
                   bounds: Range | None = None) -> list[RegressionRun]:
    """Train (w, b) once per spec, ``epochs`` passes over the data in shuffled batches of
    ``spec.batch_size`` (None: all n points, 1: stochastic).  Schedules step per update.
    Every run sees the same shuffles (seeded by ``seed``); divergence never raises."""
    surface = data.surface()
    start = surface.start if start is None else (float(start[0]), float(start[1]))
    (x0, x1), (y0, y1) = escape_box(bounds or surface.range)
    box = (x0, x1, y0, y1)
    return [_run_one(data, spec, epochs, start, seed, box) for spec in specs]


def _run_one(data: RegressionData, spec: OptimizerSpec, epochs: int, start: Point, seed: int,
             box: tuple[float, float, float, float]) -> RegressionRun:
    batch_size = min(spec.batch_size or data.n, data.n)
    if batch_size < 1:
        raise SaidError(Message("batch_size must be at least 1, got {n}", n=spec.batch_size))
    per_epoch = math.ceil(data.n / batch_size)
    if epochs * per_epoch > MAX_UPDATES:
        raise SaidError(Message("{epochs} epochs of batches of {size} make {n:,} updates, over "
                                "the limit of {limit:,}; use fewer epochs or bigger batches",
                                epochs=epochs, size=batch_size, n=epochs * per_epoch,
                                limit=MAX_UPDATES))
    rng = np.random.default_rng(seed)
    run = OptimizerRun(spec, start, epochs * per_epoch)
    batch_losses, batch_grads, full_grads, epoch_of = [], [], [], []
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            order = rng.permutation(data.n)
            for first in range(0, data.n, batch_size):
                rows = order[first:first + batch_size]
                position = run.position
                loss, grad = _batch_loss_and_grad(position, data.x[rows], data.y[rows])
                if not np.isfinite(loss) or not np.all(np.isfinite(grad)):
                    run.diverged_at = run.taken
                    break
                if not run.step(grad, box):
                    break
                batch_losses.append(loss)
                batch_grads.append(grad)
                full_grads.append(_full_grad(data, position))
                epoch_of.append(epoch)
            if run.diverged_at is not None:
                break
    trajectory = run.trajectory()
    with np.errstate(all="ignore"):
        losses = data.loss(trajectory.positions[:, 0], trajectory.positions[:, 1])
    return RegressionRun(
        spec=spec, label=method_name(spec, batch_size, data.n), batch_size=batch_size,
        positions=trajectory.positions,
        losses=frozen_array(np.asarray(losses, dtype=float)),
        batch_losses=frozen_array(np.array(batch_losses, dtype=float)),
        batch_grads=frozen_array(np.array(batch_grads, dtype=float).reshape(-1, 2)),
        full_grads=frozen_array(np.array(full_grads, dtype=float).reshape(-1, 2)),
        epochs=frozen_array(np.array(epoch_of, dtype=int)), lrs=trajectory.lrs,
        diverged_at=trajectory.diverged_at, escaped_at=trajectory.escaped_at,
    )

"""The loss landscape of a tiny network along its own training paths (Li et al., 2018).

``train_landscape(Network("xor", hidden=4), specs, steps=300)`` trains a 2–h–1 tanh network
with gradviz once per optimizer spec, every run from the same initial weights, and keeps
the parameters after every step.  PCA (numpy's SVD) on the iterates of all runs together
gives two directions d₁, d₂; the plane θ* + α·d₁ + β·d₂ through θ*, the first run's final
parameters, is where the loss is drawn, and every path is projected onto it.  With one
optimizer this is Li et al.'s picture; with several, their paths share one plane (the
other runs' final points lie near it, not on it: `NetworkRun.off_plane` says how near).
The explained variance says how much of the paths the plane captures.

`Landscape.surface()` is that plane as a `Surface` over (α, β), so the optimizer view draws
it like any other loss surface.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from gradviz.catalog import marked
from gradviz.catalog.lesson import Message, SaidError
from gradviz.engine import api as gv
from gradviz.engine import functional as F
from gradviz.surfaces.functions import Point, Range, Surface
from gradviz.surfaces.runs import (
    OptimizerSpec,
    RunOutcome,
    frozen_array,
    make_optimizer,
    make_scheduler,
)

DATASETS = ("xor", "spiral")
DATASET_TITLES = {"xor": "XOR", "spiral": marked("two spirals")}
ESCAPE = 1e4  # a run whose parameters grow past this norm has diverged
BLOCK = 2**17  # floats per block when the loss is evaluated on many points at once


@dataclass(frozen=True)
class Network:
    """Which network a landscape trains: a 2–``hidden``–1 tanh MLP with a logistic output
    on data set ``data``; ``seed`` draws the initial weights (and the spiral's points)."""

    data: str = "xor"
    hidden: int = 4
    seed: int = 0

    @property
    def parameters(self) -> int:
        return 4 * self.hidden + 1  # W₁ (2, h), b₁ (h,), W₂ (h, 1), b₂ (1,)

    @property
    def layers(self) -> str:
        return f"2–{self.hidden}–1"


@dataclass(frozen=True)
class NetworkRun(RunOutcome):
    """One optimizer training the network.  With n steps taken: ``positions`` (n+1, 2) are
    the iterates projected on the plane (PC1, PC2); ``losses`` (n+1,) the training loss
    there, ``plane_losses`` (n+1,) the loss at the projected point (what the contours
    show), ``off_plane`` (n+1,) the distance ‖θₖ − its projection‖ and ``grad_norms``
    (n+1,) ‖∇L(θₖ)‖; per step ``lrs`` (n,) and ``step_norms`` (n,) ‖θₖ₊₁ − θₖ‖."""

    spec: OptimizerSpec
    positions: np.ndarray
    losses: np.ndarray
    plane_losses: np.ndarray
    off_plane: np.ndarray
    grad_norms: np.ndarray
    lrs: np.ndarray
    step_norms: np.ndarray
    diverged_at: int | None = None
    # No ``escaped_at``: a cross-entropy is bounded below, so running far away is divergence.

    @property
    def label(self) -> str:
        return self.spec.name


@dataclass(frozen=True, eq=False)  # eq=False: the surface's functions compare by identity
class Landscape:
    """The plane θ* + α·d₁ + β·d₂ and the runs projected onto it.

    ``directions`` (2, P) are orthonormal; ``explained_variance`` (2,) the fractions of the
    iterates' variance along them; ``range`` the (α, β) box the plot shows."""

    network: Network
    center: np.ndarray
    directions: np.ndarray
    explained_variance: np.ndarray
    runs: tuple[NetworkRun, ...]
    range: Range

    @property
    def start(self) -> Point:
        """The shared initial weights, projected."""
        x, y = self.runs[0].positions[0]
        return float(x), float(y)

    def loss(self, alphas, betas) -> np.ndarray:
        """The loss at θ* + α·d₁ + β·d₂ for arrays of α and β (broadcast together).

        Computed in float32 (tanh is several times faster than in float64, and a contour
        plot needs nowhere near float64's digits) and without building θ: every weight is
        linear in (α, β), so the hidden pre-activations are P₀ + α·P₁ + β·P₂ with the three
        (N, h) matrices P computed once; blocks of points keep the work in the cache."""
        a, b = np.broadcast_arrays(np.asarray(alphas, dtype=float), np.asarray(betas, dtype=float))
        X, y = (v.astype(np.float32) for v in dataset(self.network.data, seed=self.network.seed))
        hidden = self.network.hidden
        parts = [_unflatten(v.astype(np.float32), hidden)
                 for v in (self.center, self.directions[0], self.directions[1])]
        pre = [X @ w1 + b1 for w1, b1, _, _ in parts]  # three (N, h)
        w2 = [w[:, 0] for _, _, w, _ in parts]  # three (h,)
        b2 = [float(v[0]) for _, _, _, v in parts]
        flat_a, flat_b = a.astype(np.float32).ravel(), b.astype(np.float32).ravel()
        out = np.empty(flat_a.size)
        rows = max(1, BLOCK // (len(X) * hidden))
        for first in range(0, out.size, rows):
            pa, pb = flat_a[first:first + rows], flat_b[first:first + rows]
            h = pa[:, None, None] * pre[1]
            h += pre[0]
            h += pb[:, None, None] * pre[2]
            np.tanh(h, out=h)
            weights = w2[0] + pa[:, None] * w2[1] + pb[:, None] * w2[2]  # (g, h)
            z = np.matmul(h, weights[:, :, None])[..., 0]
            z += (b2[0] + pa * b2[1] + pb * b2[2])[:, None]
            out[first:first + rows] = np.mean(np.logaddexp(0.0, z) - y * z, axis=1)
        return out.reshape(a.shape)

    def surface(self) -> Surface:
        """The plane as a `Surface` over (α, β) = (PC1, PC2); only its numpy side works."""
        net = self.network
        return Surface("landscape", marked("Loss landscape: a {layers} network on {data}"),
                       "L(θ* + α·d₁ + β·d₂)", self.loss, self.loss, self.range, self.start,
                       log_contours=True, log_floor=self.log_floor,
                       title_fields=(("layers", net.layers), ("data", DATASET_TITLES[net.data])))

    @property
    def log_floor(self) -> float:
        """The contours are log-spaced down to about the lowest loss any run reached: the
        cross-entropy spans decades, and the end of training is where it is smallest."""
        lowest = min(float(np.min(run.losses)) for run in self.runs)
        return max(lowest, 1e-6)


def dataset(name: str = "xor", n: int = 100, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)``: XOR's four points, or two interleaved spirals of ``n`` points each."""
    if name == "xor":
        return (np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]),
                np.array([0.0, 1.0, 1.0, 0.0]))
    if name != "spiral":
        raise SaidError(Message("unknown data set '{name}'; choose one of {names}", name=name,
                                names=", ".join(DATASETS)))
    rng = np.random.default_rng(seed)
    t = np.sqrt(rng.uniform(0.05, 1.0, n)) * 3 * np.pi
    arm = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / (3 * np.pi)
    points = np.concatenate([arm, -arm]) + 0.03 * rng.standard_normal((2 * n, 2))
    return points, np.concatenate([np.zeros(n), np.ones(n)])


def _shapes(hidden: int) -> list[tuple[int, ...]]:
    return [(2, hidden), (hidden,), (hidden, 1), (1,)]


def _unflatten(theta: np.ndarray, hidden: int) -> list[np.ndarray]:
    """Split (..., P) flat parameters into W₁ (2, h), b₁ (h,), W₂ (h, 1), b₂ (1,)."""
    parts, first = [], 0
    for shape in _shapes(hidden):
        size = int(np.prod(shape))
        parts.append(theta[..., first:first + size].reshape(*theta.shape[:-1], *shape))
        first += size
    return parts


def batched_loss(thetas: np.ndarray, X: np.ndarray, y: np.ndarray, hidden: int) -> np.ndarray:
    """Binary cross-entropy of the network at each row of ``thetas`` (G, P), in numpy."""
    w1, b1, w2, b2 = _unflatten(thetas, hidden)
    h = np.tanh(X @ w1 + b1[:, None, :])  # (G, N, h): matmul broadcasts over G
    z = (h @ w2)[..., 0] + b2
    return np.mean(np.logaddexp(0.0, z) - y * z, axis=1)  # softplus(z) − y·z, stable


@dataclass(frozen=True)
class _Training:
    spec: OptimizerSpec
    iterates: np.ndarray  # (n+1, P)
    losses: np.ndarray
    grad_norms: np.ndarray
    lrs: np.ndarray
    diverged_at: int | None


def _train(X: np.ndarray, y: np.ndarray, network: Network, spec: OptimizerSpec,
           steps: int) -> _Training:
    """Train with gradviz from the seeded initial weights, recording every iterate."""
    rng = np.random.default_rng(network.seed)
    params = [gv.from_numpy(rng.uniform(-1, 1, shape)).requires_grad_()
              for shape in _shapes(network.hidden)]
    optimizer = make_optimizer(spec, params)
    scheduler = make_scheduler(spec.schedule, optimizer)
    inputs, targets = gv.from_numpy(X), gv.from_numpy(y[:, None])
    iterates, losses, grad_norms, lrs = [], [], [], []
    diverged_at = None
    with np.errstate(all="ignore"):
        for k in range(steps + 1):
            theta = np.concatenate([p._data.ravel() for p in params])
            w1, b1, w2, b2 = params
            loss = F.binary_cross_entropy_with_logits((inputs @ w1 + b1).tanh() @ w2 + b2,
                                                      targets)
            optimizer.zero_grad()
            loss.backward()
            grad = np.concatenate([p.grad._data.ravel() for p in params])
            value, norm = float(loss._data), float(np.linalg.norm(grad))
            if not (math.isfinite(value + norm) and np.linalg.norm(theta) < ESCAPE):
                diverged_at = k
                break
            iterates.append(theta)
            losses.append(value)
            grad_norms.append(norm)
            if k == steps:
                break
            lrs.append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
    if not iterates:  # not even the start was finite: cannot happen with these weights
        raise ValueError("the network's loss at its initial weights is not finite")
    return _Training(spec, np.array(iterates), np.array(losses), np.array(grad_norms),
                     np.array(lrs[: len(iterates) - 1], dtype=float), diverged_at)


def pca_plane(iterates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first two principal directions (2, P) of the rows of ``iterates`` (their mean
    removed) and the fraction of the variance each explains (their sum is at most 1)."""
    centred = iterates - iterates.mean(axis=0)
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    total = float(np.sum(singular**2))
    directions = np.zeros((2, iterates.shape[1]))
    variance = np.zeros(2)
    k = min(2, len(singular))
    directions[:k] = vt[:k]
    if total > 0:
        variance[:k] = singular[:k] ** 2 / total
    return directions, variance


def plot_range(paths: Sequence[np.ndarray], margin: float = 0.25) -> Range:
    """The (α, β) box around every path plus ``margin`` times its size on each side; the
    shorter side is at least half the longer, so a path that hardly moves along PC2 still
    shows the valley around it, and both axes keep equal units in a landscape window."""
    points = np.concatenate(paths)
    lo, hi = points.min(axis=0), points.max(axis=0)
    mid = (lo + hi) / 2
    half = np.maximum((hi - lo) / 2 * (1 + 2 * margin), 1e-3)
    half = np.maximum(half, half.max() / 2)
    return ((float(mid[0] - half[0]), float(mid[0] + half[0])),
            (float(mid[1] - half[1]), float(mid[1] + half[1])))


def train_landscape(network: Network = Network(),
                    specs: Sequence[OptimizerSpec] = (OptimizerSpec("adam", {"lr": 0.05}),),
                    steps: int = 300) -> Landscape:
    """Train once per spec, then build the PCA plane and project the runs (see module)."""
    X, y = dataset(network.data, seed=network.seed)
    trainings = [_train(X, y, network, spec, steps) for spec in specs]
    directions, variance = pca_plane(np.concatenate([t.iterates for t in trainings]))
    center = trainings[0].iterates[-1]
    # Signs are the SVD's whim: choose them so that every path starts at the upper left.
    start = (trainings[0].iterates[0] - center) @ directions.T
    if start[0] > 0:
        directions[0] *= -1
    if start[1] < 0:
        directions[1] *= -1
    paths = [(t.iterates - center) @ directions.T for t in trainings]
    plane = Landscape(network, frozen_array(center), frozen_array(directions),
                      frozen_array(variance), (), plot_range(paths))
    runs = []
    for training, path in zip(trainings, paths, strict=True):
        on_plane = center + path @ directions
        steps_taken = np.linalg.norm(np.diff(training.iterates, axis=0), axis=1)
        runs.append(NetworkRun(
            spec=training.spec, positions=frozen_array(path),
            losses=frozen_array(training.losses),
            plane_losses=frozen_array(plane.loss(path[:, 0], path[:, 1])),
            off_plane=frozen_array(np.linalg.norm(training.iterates - on_plane, axis=1)),
            grad_norms=frozen_array(training.grad_norms), lrs=frozen_array(training.lrs),
            step_norms=frozen_array(steps_taken), diverged_at=training.diverged_at))
    return replace(plane, runs=tuple(runs))

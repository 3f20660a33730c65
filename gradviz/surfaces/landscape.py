"""The loss landscape of a tiny network along its own training path (Li et al., 2018).

``train_landscape("xor")`` trains a 2–h–1 tanh network with gradviz, keeps the parameters
after every step, and runs PCA (numpy's SVD) on the iterates relative to the final
parameters θₙ.  The first two principal directions span a plane through θₙ; the loss is
evaluated on a grid in that plane and the training path is projected onto it, so a
contour plot shows how the optimizer actually travelled through a space of many
dimensions.  The explained variance says how much of the path the plane captures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import gradviz as gv
from gradviz.engine import functional as F
from gradviz.surfaces.runs import OptimizerSpec, frozen_array, make_optimizer

DATASETS = ("xor", "spiral")


@dataclass(frozen=True)
class Landscape:
    """A PCA plane through the final parameters, the loss on a grid in it, the path.

    ``directions`` (2, P) are orthonormal; ``explained_variance`` (2,) are the fractions of
    the iterates' variance along them; ``path`` (T+1, 2) are the iterates' coordinates
    (the last one is (0, 0)), ``path_losses`` (T+1,) their training losses;
    ``grid_losses[i, j]`` is the loss at ``alphas[j]·d₁ + betas[i]·d₂`` from θₙ."""

    dataset: str
    center: np.ndarray
    directions: np.ndarray
    explained_variance: np.ndarray
    path: np.ndarray
    path_losses: np.ndarray
    alphas: np.ndarray
    betas: np.ndarray
    grid_losses: np.ndarray


def dataset(name: str = "xor", n: int = 100, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)``: XOR's four points, or two interleaved spirals of ``n`` points each."""
    if name == "xor":
        return (np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]),
                np.array([0.0, 1.0, 1.0, 0.0]))
    if name != "spiral":
        raise ValueError(f"unknown data set '{name}'; choose one of {', '.join(DATASETS)}")
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
    h = np.tanh(np.einsum("nd,gdh->gnh", X, w1) + b1[:, None, :])
    z = np.einsum("gnh,gho->gno", h, w2)[..., 0] + b2
    return np.mean(np.logaddexp(0.0, z) - y * z, axis=1)  # softplus(z) − y·z, stable


def _train(X: np.ndarray, y: np.ndarray, hidden: int, steps: int, spec: OptimizerSpec,
           seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Train with gradviz; return the flat parameters after every step and the losses."""
    rng = np.random.default_rng(seed)
    params = [gv.Tensor(rng.uniform(-1, 1, shape), requires_grad=True)
              for shape in _shapes(hidden)]
    optimizer = make_optimizer(spec, params)
    inputs, targets = gv.Tensor(X), gv.Tensor(y[:, None])

    def loss_now():
        w1, b1, w2, b2 = params
        logits = (inputs @ w1 + b1).tanh() @ w2 + b2
        return F.binary_cross_entropy_with_logits(logits, targets)

    iterates, losses = [], []
    for _ in range(steps):
        iterates.append(np.concatenate([p._data.ravel() for p in params]))
        loss = loss_now()
        losses.append(float(loss._data))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    iterates.append(np.concatenate([p._data.ravel() for p in params]))
    losses.append(float(loss_now()._data))
    return np.array(iterates), np.array(losses)


def pca_plane(iterates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first two principal directions (2, P) of ``iterates − iterates[-1]`` and the
    fraction of variance each explains (their sum is at most 1)."""
    offsets = iterates - iterates[-1]
    centred = offsets - offsets.mean(axis=0)
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    total = float(np.sum(singular**2))
    directions = np.zeros((2, iterates.shape[1]))
    variance = np.zeros(2)
    k = min(2, len(singular))
    directions[:k] = vt[:k]
    if total > 0:
        variance[:k] = singular[:k] ** 2 / total
    return directions, variance


def train_landscape(name: str = "xor", hidden: int = 4, steps: int = 300,
                    spec: OptimizerSpec | None = None, seed: int = 0, resolution: int = 41,
                    margin: float = 0.5) -> Landscape:
    """Train on data set ``name``, then build the PCA-plane landscape (see `Landscape`).

    The grid covers the projected path plus ``margin`` times its extent on every side."""
    X, y = dataset(name, seed=seed)
    spec = spec or OptimizerSpec("adam", {"lr": 0.05})
    iterates, losses = _train(X, y, hidden, steps, spec, seed)
    directions, variance = pca_plane(iterates)
    center = iterates[-1]
    path = (iterates - center) @ directions.T
    lo, hi = path.min(axis=0), path.max(axis=0)
    extent = np.maximum(hi - lo, 1e-3)
    alphas = np.linspace(lo[0] - margin * extent[0], hi[0] + margin * extent[0], resolution)
    betas = np.linspace(lo[1] - margin * extent[1], hi[1] + margin * extent[1], resolution)
    a, b = np.meshgrid(alphas, betas)
    thetas = center + a.reshape(-1, 1) * directions[0] + b.reshape(-1, 1) * directions[1]
    grid = batched_loss(thetas, X, y, hidden).reshape(resolution, resolution)
    return Landscape(
        dataset=name, center=frozen_array(center), directions=frozen_array(directions),
        explained_variance=frozen_array(variance), path=frozen_array(path),
        path_losses=frozen_array(losses), alphas=frozen_array(alphas),
        betas=frozen_array(betas), grid_losses=frozen_array(grid),
    )

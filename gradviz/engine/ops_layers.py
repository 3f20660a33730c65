"""Registry rows for the layers of transformers and text classifiers: layer normalisation
and the embedding bag, each one node as in PyTorch (``NativeLayerNormBackward0``,
``EmbeddingBagBackward0``).  `ops_conv` imports this module at its end.

Layer norm is batch norm turned sideways: the statistics are taken over each sample's last
axes (its ``normalized_shape``) instead of over the batch, so the backward has the same form.
An embedding bag reads table rows as `embedding` does and reduces each bag of them (sum, mean
or max) in the same node; its bags are fixed data: the rows' indices and which bag each
position belongs to.
"""

from __future__ import annotations

import math

import numpy as np

from gradviz.engine import scalar_forms as sf
from gradviz.engine.backend import add_at
from gradviz.engine.ops import defop, quiet
from gradviz.engine.value import Value


# ── layer normalisation ──────────────────────────────────────────────────────────────────
def _axes(x, dims: int) -> tuple[int, ...]:
    return tuple(range(x.ndim - dims, x.ndim))


def layer_stats(x, dims: int):
    """Each sample's mean and biased variance over its last `dims` axes, kept broadcastable.
    Only + − × ÷ and sums, so the scalar view replays it on `Value`s."""
    axes = _axes(x, dims)
    n = math.prod(x.shape[x.ndim - dims:])
    mean = x.sum(axis=axes, keepdims=True) / n
    centred = x - mean
    return mean, (centred * centred).sum(axis=axes, keepdims=True) / n


def _normalised(x, dims, eps):
    mean, var = layer_stats(x, dims)
    invstd = (var + eps) ** -0.5
    return (x - mean) * invstd, invstd


def _layer_norm(xp, x, w=None, b=None, dims=1, eps=1e-5):
    xhat, _ = _normalised(x, dims, eps)
    if w is not None:
        xhat = xhat * w
    return xhat if b is None else xhat + b


def _layer_norm_vjp_x(xp, g, out, x, w=None, b=None, dims=1, eps=1e-5):
    # As batch norm's, over each sample's axes: (1/σ)(Gγ − mean(Gγ) − x̂·mean(Gγ·x̂)).
    xhat, invstd = _normalised(x, dims, eps)
    gw = g if w is None else g * w
    axes = _axes(x, dims)
    return invstd * (gw - gw.mean(axis=axes, keepdims=True)
                     - xhat * (gw * xhat).mean(axis=axes, keepdims=True))


def _leading(x, dims) -> tuple[int, ...]:
    return tuple(range(x.ndim - dims))


def _layer_norm_vjp_w(xp, g, out, x, w=None, b=None, dims=1, eps=1e-5):
    xhat, _ = _normalised(x, dims, eps)
    return (g * xhat).sum(axis=_leading(x, dims))


def _layer_norm_vjp_b(xp, g, out, x, w=None, b=None, dims=1, eps=1e-5):
    return g.sum(axis=_leading(x, dims))


defop("native_layer_norm", "LayerNorm", quiet(_layer_norm), quiet(_layer_norm_vjp_x),
      quiet(_layer_norm_vjp_w), _layer_norm_vjp_b,
      formula="γ · (x − μ)/√(σ² + ε) + β, μ and σ² per sample",
      derivatives=("∂/∂x = (1/σ)(Gγ − mean(Gγ) − x̂·mean(Gγ·x̂))", "∂/∂γ = Σ G·x̂",
                   "∂/∂β = Σ G"),
      stems=("ln", "norm"), scalar=sf.FORWARD, nodes=sf.per_input(12), dims=1, eps=1e-5)


# ── embedding bag: a lookup and a reduction per bag ───────────────────────────────────────
# `index` holds the rows read (padding rows already left out), `bags` the bag of each of
# them, `count` the number of bags; an empty bag gives zeros, as in PyTorch.
def _counts(xp, bags, count, dtype):
    return xp.maximum(xp.bincount(bags, minlength=count), 1).astype(dtype)[:, None]


def _first_maxima(xp, rows, bags, count):
    """For each bag and column, the position (into `rows`) of its first maximum, or −1."""
    best = xp.full((count, rows.shape[1]), -1, dtype=np.int64)
    for bag in range(count):
        where = xp.flatnonzero(bags == bag)
        if where.size:
            best[bag] = where[rows[where].argmax(axis=0)]
    return best


def _bag(xp, w, per_sample=None, index=None, bags=None, count=0, mode="mean"):
    rows = w[index]
    if per_sample is not None:
        rows = rows * per_sample[:, None]
    if mode == "max":
        best = _first_maxima(xp, rows, bags, count)
        picked = rows[xp.maximum(best, 0), xp.arange(rows.shape[1])]
        return xp.where(best >= 0, picked, 0)
    out = add_at(xp, xp.zeros((count, w.shape[1]), dtype=w.dtype), bags, rows)
    return out / _counts(xp, bags, count, w.dtype) if mode == "mean" else out


def _bag_vjp_w(xp, g, out, w, per_sample=None, index=None, bags=None, count=0, mode="mean"):
    grad = xp.zeros(w.shape, dtype=g.dtype)
    if mode == "max":  # each bag's gradient goes to the row that gave its maximum
        rows = w[index]
        best = _first_maxima(xp, rows, bags, count)
        bag, column = xp.nonzero(best >= 0)
        return add_at(xp, grad, (index[best[bag, column]], column), g[bag, column])
    share = g[bags]
    if mode == "mean":
        share = share / _counts(xp, bags, count, g.dtype)[bags]
    if per_sample is not None:
        share = share * per_sample[:, None]
    return add_at(xp, grad, index, share)


def _bag_vjp_per_sample(xp, g, out, w, per_sample=None, index=None, bags=None, count=0,
                        mode="sum"):
    return (g[bags] * w[index]).sum(axis=-1)


def embedding_bag_nodes(w, per_sample=None, index=None, bags=None, count=0, mode="mean"):
    """The scalar view: per bag, the sum (mean) of its rows' cells or its first maxima."""
    rows = w[index]
    if per_sample is not None:
        rows = rows * per_sample[:, None]
    out = np.empty((count, w.shape[1]), dtype=object)
    for bag in range(count):
        mine = rows[bags == bag]
        for j in range(w.shape[1]):
            cells = list(mine[:, j])
            if not cells:
                out[bag, j] = Value(0.0)
            elif mode == "max":
                out[bag, j] = cells[int(np.argmax([v.data for v in cells]))]
            else:
                total = sum(cells[1:], cells[0])
                out[bag, j] = total * (1.0 / len(cells)) if mode == "mean" else total
    return out


defop("embedding_bag", "EmbeddingBag", _bag, _bag_vjp_w, _bag_vjp_per_sample,
      formula="bag(b) = Σ, mean or max of W[i] over the indices i of bag b",
      derivatives=("∂/∂W[r] = Σ of G[b] (÷ the bag's size for a mean) over the bags that "
                   "read row r; for max, G[b] to the row that gave the maximum",
                   "∂/∂wᵢ = G[b] · W[i]"),
      stems=("e", "bag"), scalar=embedding_bag_nodes,
      nodes=lambda out, inputs: 4 * (math.prod(inputs[0]) + math.prod(out)), index=None,
      bags=None, count=0, mode="mean")

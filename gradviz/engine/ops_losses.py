"""The loss rows of the op registry: one node each, as PyTorch's loss backward nodes.

`ops` imports this module at its end, so every loss is in `REGISTRY` whenever `ops` is.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import scalar_forms as sf
from gradviz.engine.float32_kernels import rounded_once
from gradviz.engine.ops import LOSS, _mean, _sigmoid, defop, quiet


# ── losses: one node each, as PyTorch's MseLossBackward0, BinaryCrossEntropyBackward0, … ──
# `reduction` is "mean", "sum" or "none"; the texts show the mean, the course's default.  With
# a reduction the upstream gradient g is one number, and each element's share of it is g
# (sum) or g/n (mean): `_share` says which.
def _reduce_loss(loss, reduction):
    if reduction == "none":
        return loss
    return loss.sum() if reduction == "sum" else _mean(loss, None, False)


def _share(grad, n, reduction):
    return grad / n if reduction == "mean" else grad


def _mse_vjp(xp, g, out, x, y, reduction="mean"):
    d = x - y
    return (2 / d.size if reduction == "mean" else 2) * d * g


def _bce(xp, p, y, reduction="mean"):
    # PyTorch clamps both logs at −100, so p = 0 or 1 costs at most 100, never ∞.  Where the
    # log would be −∞ the floor is taken without evaluating it (no divide-by-zero warning).
    pos, below_one = p > 0, p < 1
    log_p = xp.where(pos, xp.log(xp.where(pos, p, 1)), -100)
    log_q = xp.where(below_one, xp.log1p(-xp.where(below_one, p, 0)), -100)
    loss = (y - 1) * xp.maximum(log_q, -100) - y * xp.maximum(log_p, -100)
    return _reduce_loss(loss, reduction)


# PyTorch keeps BCE's denominator p(1 − p) ≥ 1e−12, a float32 constant: this is its value.
_BCE_EPSILON = 9.999999960041972e-13


def _bce_vjp_p(xp, g, out, p, y, reduction="mean"):
    # PyTorch's: (p − y)/(p(1 − p)), the denominator floored so p = 0 or 1 stays finite.
    return _share(g * (p - y) / xp.maximum((1 - p) * p, _BCE_EPSILON), p.size, reduction)


def _bce_vjp_y(xp, g, out, p, y, reduction="mean"):
    # PyTorch's: ∂/∂y = ln(1 − p) − ln p = −logit(p), unclamped: +∞ at p = 0, −∞ at p = 1.
    inside = (p > 0) & (p < 1)
    q = xp.where(inside, p, 0.5)
    logit = xp.where(inside, xp.log(q / (1 - q)), xp.where(p <= 0, -xp.inf, xp.inf))
    return _share(-logit * g, p.size, reduction)


def _bce_logits(xp, z, y, reduction="mean"):
    # ln(1 + eᶻ) − z·y, with ln(1 + eᶻ) = max(z, 0) + ln(1 + e^−|z|): no exp overflows.
    loss = xp.maximum(z, 0) - z * y + xp.log1p(xp.exp(-xp.abs(z)))
    return _reduce_loss(loss, reduction)


def _class_axis(z):
    return 1 if z.ndim > 1 else 0  # (C,) or (N, C, …): PyTorch's class dimension


def _unsqueeze(a, dim):
    # A length-1 axis at `dim` (≥ 0), as xp.expand_dims, without its Python-level checks.
    return a.reshape(a.shape[:dim] + (1,) + a.shape[dim:])


def _pick_classes(xp, logp, t, dim):
    """Each sample's entry for its target class: logp[i, t[i]] for a batch (N, C)."""
    if logp.ndim == 2:  # the common case: plain indexing, cheaper than take_along_axis
        return logp[xp.arange(t.shape[0]), t]
    return xp.take_along_axis(logp, _unsqueeze(t, dim), axis=dim).squeeze(dim)


def _softmax_parts(xp, z, dim):
    """e^(z − m), its sum Σ and m (the maximum over classes, 0 where not finite), all laid out
    with the class axis first, where numpy reduces fastest.

    A batch of logits (N, C) with few classes is reduced along its short rows, which numpy
    does slowly (16 µs for 256 × 10); one transposed copy makes both reductions run down
    contiguous columns instead (a third of the time)."""
    zc = xp.ascontiguousarray(z.T if z.ndim == 2 else xp.moveaxis(z, dim, 0))
    m = zc.max(axis=0)
    # A row of −∞ only (every class masked) is shifted by 0, as PyTorch's logsumexp does; a
    # +∞ or NaN logit makes its row NaN, as in PyTorch.  On the CPU one check over all rows
    # is cheaper than the `where`; on a GPU the check would wait for the device.
    if not isinstance(m, np.ndarray) or np.isneginf(m.min()):
        m = xp.where(xp.isneginf(m), 0, m)
    e = xp.exp(zc - m)
    return m, e, e.sum(axis=0)


def _cross_entropy(xp, z, t, reduction="mean"):
    # −log_softmax(z)[t] = logsumexp(z) − z[t] = m + ln Σ − z[t]: the class entries are picked
    # first, so only one number per sample is subtracted.  The softmax e/Σ (classes first) is
    # saved for the backward pass, which would otherwise take the maxima and sums again.
    dim = _class_axis(z)
    m, e, total = _softmax_parts(xp, z, dim)
    lse = m + xp.log(total)
    e /= total
    return _reduce_loss(lse - _pick_classes(xp, z, t, dim), reduction), e


def _cross_entropy_vjp(xp, g, out, z, t, reduction="mean", saved=None):
    # softmax(z) − onehot(t), row by row; each row's g (or g/N for the mean) scales its row.
    dim = _class_axis(z)
    if saved is None:  # the stepper: the forward's softmax again, by the same operations
        _, saved, total = _softmax_parts(xp, z, dim)
        saved /= total
    # A C-ordered copy in the logits' layout (`.T` is moveaxis for a batch, without its cost).
    grad = (saved.T if z.ndim == 2 else xp.moveaxis(saved, 0, dim)).copy()
    if grad.ndim == 2:  # the common case, (N, C): one subtraction per row at its class
        grad[xp.arange(t.shape[0]), t] -= 1
    else:
        shape = [1] * z.ndim
        shape[dim] = z.shape[dim]
        grad -= xp.arange(z.shape[dim]).reshape(shape) == _unsqueeze(t, dim)
    g = _share(g, t.size, reduction)
    grad *= _unsqueeze(g, dim) if reduction == "none" else g
    return grad


defop("mse_loss", "MSE", lambda xp, x, y, reduction="mean": _reduce_loss((x - y) ** 2, reduction),
      _mse_vjp,
      lambda xp, g, out, x, y, reduction="mean": -_mse_vjp(xp, g, out, x, y, reduction),
      formula="(1/n) Σ (a − b)²", derivatives=("∂/∂a = 2(a − b)/n", "∂/∂b = −2(a − b)/n"),
      broadcasts=True, stems=LOSS, scalar=sf.mse_nodes, nodes=sf.per_input(16),
      reduction="mean")
defop("binary_cross_entropy", "BCE", _bce, _bce_vjp_p, _bce_vjp_y,
      formula="(1/n) Σ −[b·ln a + (1 − b)·ln(1 − a)]",
      derivatives=("∂/∂a = (a − b)/(a(1 − a)·n)", "∂/∂b = (ln(1 − a) − ln a)/n"),
      stems=LOSS, scalar=sf.bce_nodes, nodes=sf.per_input(16), reduction="mean")
defop("binary_cross_entropy_with_logits", "BCEσ", _bce_logits,
      lambda xp, g, out, z, y, reduction="mean": _share((_sigmoid(xp, z) - y) * g, z.size,
                                                        reduction),
      lambda xp, g, out, z, y, reduction="mean": _share(-z * g, z.size, reduction),
      formula="(1/n) Σ −[b·ln σ(a) + (1 − b)·ln(1 − σ(a))]",
      derivatives=("∂/∂a = (σ(a) − b)/n", "∂/∂b = −a/n"),
      stems=LOSS, scalar=sf.bce_logits_nodes, nodes=sf.per_input(16), reduction="mean")
def _nll(xp, logp, t, reduction="mean", weight=None):
    # −a[b] row by row, for (N, C) scores and N class indices: PyTorch's NllLossBackward0;
    # `weight` (each row's class weight, 0 where ignored) makes the mean Σ w·(−a[b]) / Σ w.
    picked = -logp[xp.arange(t.shape[0]), t]
    if weight is None:
        return _reduce_loss(picked, reduction)
    loss = picked * weight
    if reduction == "none":
        return loss
    return loss.sum() / weight.sum() if reduction == "mean" else loss.sum()


def _nll_vjp(xp, g, out, logp, t, reduction="mean", weight=None):
    grad = xp.zeros_like(logp)
    if weight is None:
        grad[xp.arange(t.shape[0]), t] = -_share(g, t.shape[0], reduction)
    else:
        share = weight / weight.sum() if reduction == "mean" else weight
        grad[xp.arange(t.shape[0]), t] = -(g * share)
    return grad


defop("nll_loss", "NLL", _nll, _nll_vjp,
      lambda xp, g, out, logp, t, reduction="mean", weight=None: xp.zeros(t.shape,
                                                                         dtype=g.dtype),
      formula="(1/N) Σ −a[b]",
      derivatives=("∂/∂a = −onehot(b)/N", "— (b are class indices: no gradient)"),
      stems=LOSS, scalar=sf.nll_nodes, nodes=sf.per_input(2), reduction="mean")
defop("cross_entropy", "CE", quiet(_cross_entropy), quiet(_cross_entropy_vjp),
      lambda xp, g, out, z, t, reduction="mean", saved=None: xp.zeros(t.shape, dtype=g.dtype),
      formula="(1/N) Σ −ln softmax(a)[b]",
      derivatives=("∂/∂a = (softmax(a) − onehot(b))/N",
                   "— (b are class indices: no gradient)"), saves=True,
      stems=LOSS, scalar=sf.cross_entropy_nodes, nodes=sf.per_input(8), reduction="mean")


# ── xlogy: the KL divergence's y·ln y, as PyTorch's XlogyBackward0 ─────────────────────────
# a·ln b, and 0 where a = 0 even at b = 0 (0·ln 0 taken as its limit), unless b is NaN.
# Its gradient in a is ln b where a ≠ 0 and 0 where a = 0 (PyTorch's xlogy(a ≠ 0, b)).
def _xlogy(xp, a, b):
    log_b = rounded_once(xp.log)(xp, b)
    return xp.where((a == 0) & ~xp.isnan(b), 0, a * log_b).astype(log_b.dtype, copy=False)


def _xlogy_vjp_a(xp, g, out, a, b):
    return g * _xlogy(xp, (a != 0).astype(b.dtype), b)


defop("xlogy", "x·ln", quiet(_xlogy), quiet(_xlogy_vjp_a),
      quiet(lambda xp, g, out, a, b: g * a / b),
      formula="a · ln b (0 if a = 0)", derivatives=("∂/∂a = ln b (0 if a = 0)", "∂/∂b = a/b"),
      broadcasts=True)

"""The registry row of the connectionist temporal classification loss (``CtcLossBackward0``):
−log of the probability, summed over every alignment, that T frames of class log-probabilities
spell a target of L labels (speech and handwriting recognition).

An alignment reads the extended target l′ = (blank, l₁, blank, l₂, …, blank), 2L + 1 states,
one state per frame: it stays, moves on one state, or skips a blank between two different
labels.  The forward variables α (log-space, Graves et al. 2006) sum the alignments that reach
state s at frame t; the loss is −log(α[T−1, 2L] + α[T−1, 2L−1]).  The backward variables β sum
those that finish from (t, s); α·β/y is each state's share of the probability, and the
gradient is PyTorch's: exp(lp[t, c]) − Σ_{s: l′ₛ = c} α[t, s]β[t, s] / (p · y[t, c]), which is
the gradient with respect to the logits when lp is their log_softmax (the exp(lp) term then
cancels in log_softmax's own backward).  Every frame is one vectorised step over the batch and
the states; frames past a sample's input length and states past its target are −∞.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine.backend import add_at
from gradviz.engine.ops import defop, quiet
from gradviz.engine.ops_linalg import _linearised, _linearised_nodes


def _logsumexp(xp, *terms):
    top = terms[0]
    for term in terms[1:]:
        top = xp.maximum(top, term)
    safe = xp.where(xp.isfinite(top), top, 0)
    total = sum(xp.exp(term - safe) for term in terms)
    return xp.where(xp.isneginf(top), -np.inf, xp.log(total) + safe)


def _shift(xp, a, by: int):
    """`a` (…, S) moved `by` states along its last axis (> 0: towards higher s), −∞ filled."""
    out = xp.full(a.shape, -np.inf, dtype=a.dtype)
    if by > 0:
        out[..., by:] = a[..., :-by]
    else:
        out[..., :by] = a[..., -by:]
    return out


def _lattice(xp, lp, targets, input_lengths, target_lengths, blank):
    """The extended targets' log-probabilities per frame (T, N, S), which states exist, which
    may skip from s − 2, and the frames' and states' counts per sample."""
    n_batch = lp.shape[1]
    longest = int(target_lengths.max()) if n_batch else 0
    states = 2 * longest + 1
    ext = xp.full((n_batch, states), blank, dtype=np.int64)
    ext[:, 1::2] = targets[:, :longest] if longest else ext[:, 1::2]
    count = 2 * target_lengths + 1
    exists = xp.arange(states)[None, :] < count[:, None]
    skip = xp.zeros((n_batch, states), dtype=bool)
    skip[:, 2:] = (ext[:, 2:] != blank) & (ext[:, 2:] != ext[:, :-2])
    lpe = xp.take_along_axis(lp, xp.broadcast_to(ext[None], (lp.shape[0], *ext.shape)), axis=2)
    return ext, lpe, exists, skip, count


def _alphas(xp, lpe, exists, skip):
    alpha = xp.full(lpe.shape, -np.inf, dtype=lpe.dtype)
    alpha[0, :, :2] = lpe[0, :, :2]
    alpha[0] = xp.where(exists, alpha[0], -np.inf)
    for t in range(1, lpe.shape[0]):
        prev = alpha[t - 1]
        stepped = _logsumexp(xp, prev, _shift(xp, prev, 1),
                             xp.where(skip, _shift(xp, prev, 2), -np.inf))
        alpha[t] = xp.where(exists, lpe[t] + stepped, -np.inf)
    return alpha


def _nll(xp, alpha, input_lengths, count):
    rows = xp.arange(alpha.shape[1])
    last = alpha[input_lengths - 1, rows]  # (N, S): each sample's last frame
    end = xp.take_along_axis(last, (count - 1)[:, None], axis=1)[:, 0]
    before = xp.take_along_axis(last, xp.maximum(count - 2, 0)[:, None], axis=1)[:, 0]
    before = xp.where(count > 1, before, -np.inf)
    return -_logsumexp(xp, end, before)


def _checked(xp, lp, targets, input_lengths, target_lengths):
    return (xp.asarray(targets, dtype=np.int64).reshape(lp.shape[1], -1),
            xp.asarray(input_lengths, dtype=np.int64), xp.asarray(target_lengths, dtype=np.int64))


def _ctc(xp, lp, targets=None, input_lengths=None, target_lengths=None, blank=0,
         zero_infinity=False):
    targets, input_lengths, target_lengths = _checked(xp, lp, targets, input_lengths,
                                                      target_lengths)
    _, lpe, exists, skip, count = _lattice(xp, lp, targets, input_lengths, target_lengths,
                                           blank)
    return _nll(xp, _alphas(xp, lpe, exists, skip), input_lengths, count).astype(lp.dtype)


def _betas(xp, lpe, exists, skip, input_lengths, count):
    n_frames, n_batch, states = lpe.shape
    beta = xp.full(lpe.shape, -np.inf, dtype=lpe.dtype)
    s = xp.arange(states)[None, :]
    final = (s == (count - 1)[:, None]) | (s == (count - 2)[:, None])
    nxt = xp.full((n_batch, states), -np.inf, dtype=lpe.dtype)
    for t in range(n_frames - 1, -1, -1):
        stepped = _logsumexp(xp, nxt, _shift(xp, nxt, -1),
                             _shift(xp, xp.where(skip, nxt, -np.inf), -2))
        here = lpe[t] + stepped
        start = (t == input_lengths - 1)[:, None]
        here = xp.where(start, xp.where(final, lpe[t], -np.inf), here)
        here = xp.where(exists & (t < input_lengths)[:, None], here, -np.inf)
        beta[t] = nxt = here
    return beta


def _ctc_vjp(xp, g, out, lp, targets=None, input_lengths=None, target_lengths=None, blank=0,
             zero_infinity=False):
    targets, input_lengths, target_lengths = _checked(xp, lp, targets, input_lengths,
                                                      target_lengths)
    ext, lpe, exists, skip, count = _lattice(xp, lp, targets, input_lengths, target_lengths,
                                             blank)
    alpha = _alphas(xp, lpe, exists, skip)
    nll = _nll(xp, alpha, input_lengths, count)
    both = alpha + _betas(xp, lpe, exists, skip, input_lengths, count)  # (T, N, S)
    top = both.max(axis=2, keepdims=True)
    top = xp.where(xp.isfinite(top), top, 0)
    n_frames, n_batch, states = both.shape
    shares = xp.zeros(lp.shape, dtype=lp.dtype)
    frames = xp.broadcast_to(xp.arange(n_frames)[:, None, None], both.shape)
    rows = xp.broadcast_to(xp.arange(n_batch)[None, :, None], both.shape)
    add_at(xp, shares, (frames, rows, xp.broadcast_to(ext[None], both.shape)),
           xp.exp(both - top))
    grad = xp.exp(lp) - xp.exp(xp.log(shares) + top + nll[None, :, None] - lp)
    live = (xp.arange(n_frames)[:, None] < input_lengths[None, :])[..., None]
    if zero_infinity:
        live = live & xp.isfinite(nll)[None, :, None]
    return xp.where(live, grad * g[None, :, None], 0)


defop("ctc_loss", "CTC", quiet(_ctc), quiet(_ctc_vjp),
      formula="CTC(lp, l) = −log Σ over alignments π of l of Π_t exp(lp[t, π_t])",
      derivatives=("∂/∂lp[t, c] = exp(lp[t, c]) − Σ_{s: l′ₛ = c} α[t, s]·β[t, s] / "
                   "(p(l)·exp(lp[t, c])) (PyTorch's: the logits' gradient through "
                   "log_softmax)",),
      stems=("ctc", "loss"), scalar=_linearised("ctc_loss"), nodes=_linearised_nodes,
      targets=None, input_lengths=None, target_lengths=None, blank=0, zero_infinity=False)

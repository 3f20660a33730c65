"""`F.ctc_loss` (and `nn.CTCLoss` over it): PyTorch's arguments and checks around the
``ctc_loss`` row of `ops_ctc`, and PyTorch's reductions after it: ``"mean"`` divides each
sample's loss by its target length (at least 1) and averages (``MeanBackward0``), ``"sum"``
adds (``SumBackward0``), ``"none"`` is the row's (``CtcLossBackward0``); ``zero_infinity``
replaces an impossible alignment's infinite loss by 0 (``WhereBackward0``), its gradient 0.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import (
    creation,
    ops_ctc,  # noqa: F401 - registers the row
)
from gradviz.engine.autograd import apply
from gradviz.engine.tensor import Tensor

__all__ = ["ctc_loss"]

_t = creation.as_tensor


def _lengths(value) -> np.ndarray:
    if isinstance(value, Tensor):
        return np.asarray(value.detach().cpu().numpy(), dtype=np.int64).reshape(-1)
    return np.asarray([int(v) for v in (value if isinstance(value, list | tuple) else
                                        [value])], dtype=np.int64)


def _padded_targets(targets: Tensor, target_lengths: np.ndarray, n: int, blank: int):
    """(N, max L) int64 targets, entries past each sample's length blank."""
    values = np.asarray(targets.detach().cpu().numpy()).astype(np.int64)
    longest = int(target_lengths.max()) if n else 0
    if values.ndim == 1:  # all the targets, one after another
        starts = np.concatenate([[0], np.cumsum(target_lengths)[:-1]])
        rows = [values[s:s + length] for s, length in zip(starts, target_lengths, strict=True)]
    else:
        values = values.reshape(n, -1)
        if values.shape[1] < longest:
            raise RuntimeError(f"Expected tensor to have size at least {longest} at dimension "
                               f"1, but got size {values.shape[1]} for argument #2 'targets' "
                               "(while checking arguments for ctc_loss_allocate_outputs)")
        rows = list(values)
    out = np.full((n, max(longest, 1)), blank, dtype=np.int64)
    for i, (row, length) in enumerate(zip(rows, target_lengths, strict=True)):
        out[i, :length] = row[:length]
    return out


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank: int = 0,
             reduction: str = "mean", zero_infinity: bool = False) -> Tensor:
    """The CTC loss of (T, N, C) log-probabilities (a log_softmax over C; (T, C) unbatched)
    against targets (N, S) padded, or all N concatenated in one 1-D tensor, with each
    sample's frame count `input_lengths` and label count `target_lengths`."""
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    lp = _t(log_probs)
    unbatched = lp.dim() == 2
    x = lp.unsqueeze(1) if unbatched else lp
    n, classes = x.shape[1], x.shape[2]
    frames, labels = _lengths(input_lengths), _lengths(target_lengths)
    if len(frames) != n:
        raise RuntimeError("input_lengths must be of size batch_size")
    if len(labels) != n:
        raise RuntimeError("target_lengths must be of size batch_size")
    if not 0 <= blank < classes:
        raise RuntimeError("blank must be in label range")
    if n and frames.max() > x.shape[0]:
        raise RuntimeError(f"Expected input_lengths to have value at most {x.shape[0]}, but "
                           f"got value {int(frames.max())} (while checking arguments for "
                           "ctc_loss_allocate_outputs)")
    padded = _padded_targets(_t(targets), labels, n, blank)
    loss = apply("ctc_loss", x, targets=padded, input_lengths=frames, target_lengths=labels,
                 blank=int(blank), zero_infinity=bool(zero_infinity))
    if zero_infinity:
        loss = loss.where(loss != np.inf, creation.zeros((), dtype=loss.dtype))
    if reduction == "mean":
        counts = creation.tensor(np.maximum(labels, 1), dtype=loss.dtype, device=loss.device)
        return (loss / counts).mean()
    if reduction == "sum":
        return loss.sum()
    return loss.squeeze(0) if unbatched else loss

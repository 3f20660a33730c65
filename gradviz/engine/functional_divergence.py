"""The Kullback–Leibler divergence loss, ``F.kl_div`` (and `nn.KLDivLoss` over it), and the
`xlogy` it is built from, as PyTorch 2.13 builds them.

``kl_div(input, target)`` takes `input` as log-probabilities and `target` as probabilities
(or, with ``log_target=True``, log-probabilities too) and is, element by element,

    target·(ln target − input)        = xlogy(target, target) − target·input
    e^target·(target − input)         with log_target

so a target of 0 adds 0, never NaN (xlogy's 0·ln 0 = 0).  The graph holds PyTorch's nodes:
``SubBackward0`` over ``XlogyBackward0`` and ``MulBackward0`` (``MulBackward0`` over an
``ExpBackward0`` with log_target), then the reduction's.  ``reduction`` is "mean" (every
element: PyTorch warns that this is not the divergence), "batchmean" (the sum over the batch
size, the divergence), "sum" or "none"; the old ``size_average``/``reduce`` flags as for the
other losses.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from gradviz.engine import creation
from gradviz.engine.autograd import apply
from gradviz.engine.keywords import legacy_reduction

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor

__all__ = ["kl_div"]

REDUCTIONS = ("none", "mean", "sum", "batchmean")
MEAN_WARNING = ("reduction: 'mean' divides the total loss by both the batch size and the "
                "support size.'batchmean' divides only by the batch size, and aligns with the "
                "KL div math definition.'mean' will be changed to behave the same as "
                "'batchmean' in the next major release.")

_t = creation.as_tensor


def xlogy(input, other) -> Tensor:  # noqa: A002 - PyTorch's names
    """input·ln(other), and 0 where input is 0 (even where other is 0), as ``torch.xlogy``."""
    a = _t(input)
    return apply("xlogy", a, a._coerce(other))


def kl_div(input, target, size_average=None, reduce=None, reduction: str = "mean",  # noqa: A002
           log_target: bool = False) -> Tensor:
    """Σ target·(ln target − input), reduced; see the module's docstring."""
    x = _t(input)
    y = x._coerce(target)
    if size_average is not None or reduce is not None:
        reduction = legacy_reduction(size_average, reduce)
    elif reduction == "mean":
        warnings.warn(MEAN_WARNING, UserWarning, stacklevel=2)
    if reduction not in REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    # A target of 0 against an input of ln 0 = −∞ gives 0·(−∞) = NaN, as in PyTorch (whose
    # decomposition this is), and silently, as there.
    with np.errstate(invalid="ignore"):
        loss = y.exp() * (y - x) if log_target else xlogy(y, y) - y * x
    if reduction == "none":
        return loss
    if reduction == "mean":
        return loss.mean()
    total = loss.sum()
    return total / x.shape[0] if reduction == "batchmean" and x.dim() else total

"""`F.alpha_dropout` and `F.feature_alpha_dropout`: dropout for SELU networks, as PyTorch's
kernel computes it.  A dropped unit is set to SELU's negative saturation −α′ (α′ = λα ≈
1.7581) instead of 0, and the result is scaled and shifted back to zero mean and unit
variance: with keep ∈ {0, 1} drawn with probability 1 − p and

    a = 1 / √((α′²·p + 1)(1 − p)),     b = (keep − 1)·α′a + α′a·p,

the output is x·(keep·a) + b, so its gradient is keep·a.  The feature form draws one keep per
(sample, channel), broadcast over the rest.  Each keep-mask is drawn by the one mask function
every dropout uses (`functional._dropout_mask`); p = 1 gives x·0, and eval mode
(``training=False``, the default here, as in PyTorch), p = 0 or an empty x give x itself.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from gradviz.engine import creation

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor

__all__ = ["alpha_dropout", "feature_alpha_dropout"]

_t = creation.as_tensor
SELU_SATURATION = 1.7580993408473766  # λ·α of SELU: the value a dropped unit takes, negated


def alpha_dropout(input, p: float = 0.5, training: bool = False,  # noqa: A002
                  inplace: bool = False) -> Tensor:
    return _alpha_dropout(_t(input), p, training, inplace, feature=False)


def feature_alpha_dropout(input, p: float = 0.5, training: bool = False,  # noqa: A002
                          inplace: bool = False) -> Tensor:
    return _alpha_dropout(_t(input), p, training, inplace, feature=True)


def _alpha_dropout(x: Tensor, p: float, training: bool, inplace: bool, feature: bool) -> Tensor:
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if p == 0 or not training or x.numel() == 0:
        return x
    if p == 1:
        zero = creation.zeros((), dtype=x.dtype, device=x.device)
        return x.mul_(zero) if inplace else x * zero
    if feature and x.dim() < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    from gradviz.engine import functional  # read at call time: the one mask function

    shape = tuple(x.shape[:2]) + (1,) * (x.dim() - 2) if feature else tuple(x.shape)
    keep = (functional._dropout_mask(x, p, shape)._data != 0).astype(x._data.dtype)
    a = 1.0 / math.sqrt((SELU_SATURATION * SELU_SATURATION * p + 1) * (1 - p))
    # PyTorch's order: b from the 0/1 noise, then the noise scaled, each in x's dtype
    shift = (keep - 1) * (SELU_SATURATION * a) + SELU_SATURATION * a * p
    noise = creation.tensor(keep * a, dtype=x.dtype, device=x.device)
    shift = creation.tensor(shift, dtype=x.dtype, device=x.device)
    # in place as PyTorch: x.mul_(noise).add_(b), two changes
    return x.mul_(noise).add_(shift) if inplace else x * noise + shift

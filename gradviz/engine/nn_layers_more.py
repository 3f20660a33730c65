"""RMSNorm, ChannelShuffle, SoftMarginLoss, TripletMarginWithDistanceLoss, CTCLoss and the
deprecated NLLLoss2d: layers over `functional_layers_more` (`F.ctc_loss`, `F.nll_loss`),
with PyTorch's arguments, parameters and printing; and `nn.Buffer`, a tensor marked to be
registered as a buffer when assigned to a module's attribute."""

from __future__ import annotations

import warnings

from gradviz.engine import creation
from gradviz.engine import functional as F
from gradviz.engine.backend import normalize_device
from gradviz.engine.nn_losses import NLLLoss, _Loss
from gradviz.engine.nn_margin_losses import _LegacyLoss
from gradviz.engine.nn_modules import Module, Parameter
from gradviz.engine.nn_norms import PairwiseDistance
from gradviz.engine.tensor import Tensor

__all__ = ["Buffer", "CTCLoss", "ChannelShuffle", "NLLLoss2d", "RMSNorm", "SoftMarginLoss",
           "TripletMarginWithDistanceLoss"]


class RMSNorm(Module):
    """x / √(mean(x²) + ε) over the last axes (``normalized_shape``), times a learned scale
    γ (``weight``, ones to start with) unless ``elementwise_affine=False``: LayerNorm without
    the mean's subtraction or a shift, as LLaMA-style transformers use it.  ``eps=None``: the
    input dtype's machine epsilon."""

    def __init__(self, normalized_shape, eps: float | None = None,
                 elementwise_affine: bool = True, device=None, dtype=None) -> None:
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else normalized_shape
        self.normalized_shape = tuple(int(n) for n in shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(creation.ones(*self.normalized_shape, dtype=dtype,
                                                  device=normalize_device(device)))
        else:
            self.register_parameter("weight", None)

    def reset_parameters(self) -> None:
        if self.elementwise_affine:
            self.weight._data[...] = 1

    def forward(self, x):
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}")


class ChannelShuffle(Module):
    """Rearranges (N, C, *) channels as `groups` rows of C/groups read column by column."""

    def __init__(self, groups: int) -> None:
        super().__init__()
        self.groups = groups

    def forward(self, input):  # noqa: A002
        return F.channel_shuffle(input, self.groups)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"


class SoftMarginLoss(_LegacyLoss):
    """log(1 + exp(−y·x)) for labels y = ±1: a two-class logistic loss."""

    def forward(self, input, target):  # noqa: A002
        return F.soft_margin_loss(input, target, reduction=self.reduction)


class TripletMarginWithDistanceLoss(_Loss):
    """max(d(a, p) − d(a, n) + margin, 0) for any distance d; by default a
    `PairwiseDistance`, which the module holds (and prints) as its child."""

    def __init__(self, *, distance_function=None, margin: float = 1.0, swap: bool = False,
                 reduction: str = "mean") -> None:
        super().__init__(reduction)
        if margin <= 0:
            raise ValueError(f"TripletMarginWithDistanceLoss: expected margin to be greater "
                             f"than 0, got {margin} instead")
        self.distance_function = (distance_function if distance_function is not None
                                  else PairwiseDistance())
        self.margin, self.swap = margin, swap

    def forward(self, anchor, positive, negative):
        return F.triplet_margin_with_distance_loss(
            anchor, positive, negative, distance_function=self.distance_function,
            margin=self.margin, swap=self.swap, reduction=self.reduction)


class CTCLoss(_Loss):
    """The connectionist temporal classification loss of (T, N, C) log-probabilities against
    unaligned targets (`F.ctc_loss`)."""

    def __init__(self, blank: int = 0, reduction: str = "mean",
                 zero_infinity: bool = False) -> None:
        super().__init__(reduction)
        self.blank, self.zero_infinity = blank, zero_infinity

    def forward(self, log_probs, targets, input_lengths, target_lengths):
        return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, self.blank,
                          self.reduction, self.zero_infinity)


class NLLLoss2d(NLLLoss):
    """`NLLLoss` under its old name for (N, C, H, W) log-probabilities; deprecated, as in
    PyTorch (a FutureWarning when made)."""

    def __init__(self, weight=None, size_average=None, ignore_index: int = -100, reduce=None,
                 reduction: str = "mean") -> None:
        warnings.warn("`NLLLoss2d` has been deprecated. Please use `NLLLoss` instead as a "
                      "drop-in replacement and see "
                      "https://pytorch.org/docs/main/nn.html#torch.nn.NLLLoss for more details.",
                      FutureWarning, stacklevel=2)
        if size_average is not None or reduce is not None:
            from gradviz.engine.keywords import legacy_reduction

            reduction = legacy_reduction(size_average, reduce)
        super().__init__(weight, ignore_index=ignore_index, reduction=reduction)


class _BufferMeta(type):
    def __instancecheck__(cls, instance) -> bool:
        # As PyTorch: a tensor is a Buffer when it carries the mark, whatever its class.
        return isinstance(instance, Tensor) and bool(instance.__dict__.get("_is_buffer"))


class Buffer(metaclass=_BufferMeta):
    """``nn.Buffer(data, persistent=True)``: `data` detached (its requires_grad kept) and
    marked, so that ``self.name = nn.Buffer(t)`` in a module registers it as a buffer, in
    ``state_dict()`` unless ``persistent=False``.  The result is a plain tensor, as PyTorch's
    (``type(nn.Buffer(t))`` is ``Tensor``)."""

    def __new__(cls, data=None, *, persistent: bool = True):
        data = creation.empty(0) if data is None else data
        t = data.detach().requires_grad_(data.requires_grad)
        t.persistent, t._is_buffer = persistent, True
        return t

"""`torch.conv2d`, `torch.dropout`, `torch.layer_norm`, `torch.batch_norm`, `torch.embedding`,
`torch.kl_div`…: the layer and loss functions PyTorch also has at ``torch.*``, with the
signatures of its C++ kernels there (which differ from ``torch.nn.functional``'s: ``train``
is required, ``embedding`` takes the weight first, ``batch_norm`` the weight before the
running statistics, a loss's ``reduction`` is an int: 1 mean, 2 sum, anything else none, and
none where it is left out, as torch's bindings read it).

Each calls its ``torch.nn.functional`` twin, so the numbers, gradients and node names are
that function's; a dropout's mask is drawn where F.dropout draws it.
"""

from __future__ import annotations

import warnings

from gradviz.engine import functional as F  # noqa: N812 - PyTorch's spelling

__all__ = [
    "alpha_dropout", "alpha_dropout_", "avg_pool1d", "adaptive_avg_pool1d", "batch_norm",
    "binary_cross_entropy_with_logits", "celu", "celu_", "conv1d", "conv2d",
    "conv_transpose1d", "conv_transpose2d", "cosine_embedding_loss", "dropout", "dropout_",
    "embedding", "group_norm", "hinge_embedding_loss", "instance_norm", "kl_div",
    "layer_norm", "margin_ranking_loss", "max_pool1d", "max_pool2d", "poisson_nll_loss",
    "rrelu_", "selu", "selu_", "threshold_", "triplet_margin_loss",
]

conv1d, conv2d = F.conv1d, F.conv2d
conv_transpose1d, conv_transpose2d = F.conv_transpose1d, F.conv_transpose2d
avg_pool1d, adaptive_avg_pool1d = F.avg_pool1d, F.adaptive_avg_pool1d
selu_, celu_, threshold_ = F.selu_, F.celu_, F.threshold_

_REDUCTIONS = ("none", "mean", "sum")


def _reduction(reduction) -> str:
    """A kernel's int reduction as F's name: 1 mean, 2 sum, any other none."""
    return _REDUCTIONS[reduction] if reduction in (1, 2) else "none"


# ── convolutions' kin: pooling ──────────────────────────────────────────────────────────
def max_pool1d(input, kernel_size, stride=(), padding=0, dilation=1,  # noqa: A002
               ceil_mode: bool = False):
    """``torch.max_pool1d``: no ``return_indices``; an empty stride is the kernel's size."""
    return F.max_pool1d(input, kernel_size, stride or None, padding, dilation, ceil_mode)


def max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1,  # noqa: A002
               ceil_mode: bool = False):
    return F.max_pool2d(input, kernel_size, stride or None, padding, dilation, ceil_mode)


# ── dropout: ``train`` required ─────────────────────────────────────────────────────────
def _probability(p):
    if not 0 <= p <= 1:  # the kernel's error (F's is a ValueError)
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")
    return p


def dropout(input, p, train):  # noqa: A002
    return F.dropout(input, _probability(p), train)


def dropout_(input, p, train):  # noqa: A002
    """In place: ``input`` itself, its entries dropped (and scaled by 1/(1−p))."""
    return F.dropout(input, _probability(p), train, inplace=True)


def alpha_dropout(input, p, train):  # noqa: A002
    return F.alpha_dropout(input, _probability(p), train)


def alpha_dropout_(input, p, train):  # noqa: A002
    return F.alpha_dropout(input, _probability(p), train, inplace=True)


# ── activations ─────────────────────────────────────────────────────────────────────────
def selu(input):  # noqa: A002
    return F.selu(input)


def celu(input, alpha=1.0):  # noqa: A002
    return F.celu(input, alpha)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training: bool = False,  # noqa: A002
           generator=None):
    return F.rrelu(input, lower, upper, training, inplace=True)


# ── embeddings and normalisation ────────────────────────────────────────────────────────
def embedding(weight, indices, padding_idx: int = -1, scale_grad_by_freq: bool = False,
              sparse: bool = False):
    """The rows of `weight` at `indices`; a `padding_idx` ≥ 0 gets no gradient (−1: none)."""
    return F.embedding(indices, weight, None if padding_idx < 0 else padding_idx,
                       scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps: float = 1e-5,  # noqa: A002
               cudnn_enable: bool = True):
    return F.layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input, num_groups: int, weight=None, bias=None, eps: float = 1e-5,  # noqa: A002
               cudnn_enabled: bool = True):
    return F.group_norm(input, num_groups, weight, bias, eps)


def batch_norm(input, weight, bias, running_mean, running_var, training: bool,  # noqa: A002
               momentum: float, eps: float, cudnn_enabled: bool):
    return F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum,
                        eps)


def instance_norm(input, weight, bias, running_mean, running_var,  # noqa: A002
                  use_input_stats: bool, momentum: float, eps: float, cudnn_enabled: bool):
    return F.instance_norm(input, running_mean, running_var, weight, bias, use_input_stats,
                           momentum, eps)


# ── losses: an int reduction ────────────────────────────────────────────────────────────
def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None,  # noqa: A002
                                     reduction=0):
    return F.binary_cross_entropy_with_logits(input, target, weight,
                                              reduction=_reduction(reduction),
                                              pos_weight=pos_weight)


def kl_div(input, target, reduction=0, *, log_target: bool = False):  # noqa: A002
    """F.kl_div without its warning about ``reduction='mean'`` (the kernel gives none)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return F.kl_div(input, target, reduction=_reduction(reduction), log_target=log_target)


def cosine_embedding_loss(input1, input2, target, margin: float = 0.0, reduction=0):
    return F.cosine_embedding_loss(input1, input2, target, margin,
                                   reduction=_reduction(reduction))


def hinge_embedding_loss(input, target, margin: float = 1.0, reduction=0):  # noqa: A002
    return F.hinge_embedding_loss(input, target, margin, reduction=_reduction(reduction))


def margin_ranking_loss(input1, input2, target, margin: float = 0.0, reduction=0):
    return F.margin_ranking_loss(input1, input2, target, margin,
                                 reduction=_reduction(reduction))


def triplet_margin_loss(anchor, positive, negative, margin: float = 1.0, p: float = 2.0,
                        eps: float = 1e-6, swap: bool = False, reduction=0):
    return F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                 reduction=_reduction(reduction))


def poisson_nll_loss(input, target, log_input: bool, full: bool, eps: float,  # noqa: A002
                     reduction):
    return F.poisson_nll_loss(input, target, log_input, full, eps=eps,
                              reduction=_reduction(reduction))

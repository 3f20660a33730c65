"""The margin, embedding and likelihood losses of `F`: triplet_margin_loss,
margin_ranking_loss, hinge_embedding_loss, cosine_embedding_loss,
multilabel_soft_margin_loss, multilabel_margin_loss, multi_margin_loss, poisson_nll_loss and
gaussian_nll_loss.

Each is PyTorch's formula written with the registry's ops, in PyTorch's order, so its last
node is PyTorch's where PyTorch's is a composite too (``MeanBackward0``, ``SumBackward0``,
and for ``reduction="none"`` the last op of the formula).  The two multi-class margin
losses, one kernel each in PyTorch, are a hinge over every (target, other class) pair here;
their hinges pass a gradient only where positive, as PyTorch's kernels do.
"""

from __future__ import annotations

import math

import numpy as np

from gradviz.engine import creation
from gradviz.engine.autograd import apply
from gradviz.engine.keywords import legacy_reduction
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor

__all__ = ["cosine_embedding_loss", "gaussian_nll_loss", "hinge_embedding_loss",
           "margin_ranking_loss", "multi_margin_loss", "multilabel_margin_loss",
           "multilabel_soft_margin_loss", "poisson_nll_loss", "triplet_margin_loss"]

_t = creation.as_tensor


def _reduction(size_average, reduce, reduction: str) -> str:
    if size_average is not None or reduce is not None:
        return legacy_reduction(size_average, reduce)
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    return loss.sum() if reduction == "sum" else loss


def _clamp_min(z: Tensor) -> Tensor:
    """max(z, 0) as PyTorch's ``clamp_min`` (its node's name too)."""
    return named_node(z.clamp_min(0), "ClampMinBackward0")


def _positive_part(z: Tensor) -> Tensor:
    """max(z, 0) whose gradient is 0 at z = 0 (PyTorch's margin kernels test z > 0)."""
    return apply("where", z.detach() > 0, z, z.detach() * 0)


def triplet_margin_loss(anchor, positive, negative, margin: float = 1.0, p: float = 2,
                        eps: float = 1e-6, swap: bool = False, size_average=None, reduce=None,
                        reduction: str = "mean") -> Tensor:
    """max(d(a, p) − d(a, n) + margin, 0), d the p-norm distance (`swap`: d(a, n) the nearer
    of d(a, n) and d(p, n))."""
    from gradviz.engine.functional_norms import pairwise_distance

    reduction = _reduction(size_average, reduce, reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a, pos, neg = _t(anchor), _t(positive), _t(negative)
    if not a.dim() == pos.dim() == neg.dim():
        raise RuntimeError("The anchor, positive, and negative tensors are expected to have "
                           f"the same number of dimensions, but got: anchor {a.dim()}D, "
                           f"positive {pos.dim()}D, and negative {neg.dim()}D inputs")
    dist_pos = pairwise_distance(a, pos, p, eps)
    dist_neg = pairwise_distance(a, neg, p, eps)
    if swap:
        dist_neg = apply("minimum", dist_neg, pairwise_distance(pos, neg, p, eps))
    return _reduce(_clamp_min(margin + dist_pos - dist_neg), reduction)


def margin_ranking_loss(input1, input2, target, margin: float = 0, size_average=None,
                        reduce=None, reduction: str = "mean") -> Tensor:
    """max(0, −y·(x₁ − x₂) + margin): y = 1 wants x₁ ranked above x₂, y = −1 below."""
    reduction = _reduction(size_average, reduce, reduction)
    x1, x2, y = _t(input1), _t(input2), _t(target)
    if x1.dim() != x2.dim() or x1.dim() != y.dim():
        raise RuntimeError("margin_ranking_loss : All input tensors should have same dimension "
                           f"but got sizes: input1: {x1.shape}, input2: {x2.shape}, target: "
                           f"{y.shape} ")
    return _reduce(_clamp_min(-y * (x1 - x2) + margin), reduction)


def hinge_embedding_loss(input, target, margin: float = 1.0, size_average=None,  # noqa: A002
                         reduce=None, reduction: str = "mean") -> Tensor:
    """x where y = 1, max(0, margin − x) where y = −1."""
    reduction = _reduction(size_average, reduce, reduction)
    x, y = _t(input), _t(target)
    zeros = creation.zeros_like(x)
    margin_clamp = (margin - x).clamp_min(0)
    output_margin = apply("where", y != 1, margin_clamp, zeros)
    output_self = apply("where", y != -1, x, zeros)
    return _reduce(output_margin + output_self, reduction)


def cosine_embedding_loss(input1, input2, target, margin: float = 0, size_average=None,
                          reduce=None, reduction: str = "mean") -> Tensor:
    """1 − cos(x₁, x₂) where y = 1, max(0, cos(x₁, x₂) − margin) where y = −1."""
    reduction = _reduction(size_average, reduce, reduction)
    x1, x2, y = _t(input1), _t(input2), _t(target)
    if y.dim() not in (0, 1) or x1.dim() != y.dim() + 1 or x2.dim() != y.dim() + 1:
        raise RuntimeError(f"cosine_embedding_loss(): {y.dim()}D target tensor expects "
                           f"{y.dim() + 1}D input tensors, but found inputs with sizes "
                           f"{list(x1.shape)} and {list(x2.shape)}.")
    dim = x1.dim() - 1
    eps = 1e-12
    prod_sum = (x1 * x2).sum(dim)
    mag_square1 = (x1 * x1).sum(dim) + eps
    mag_square2 = (x2 * x2).sum(dim) + eps
    cos = prod_sum / (mag_square1 * mag_square2).sqrt()
    zeros = creation.zeros_like(cos)
    pos = 1 - cos
    neg = (cos - margin).clamp_min(0)
    output = (apply("where", y == 1, pos, zeros) + apply("where", y == -1, neg, zeros))
    return _reduce(output, reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None,  # noqa: A002
                                reduce=None, reduction: str = "mean") -> Tensor:
    """−mean over classes of [y·log σ(x) + (1 − y)·log σ(−x)]."""
    from gradviz.engine.functional_activations import logsigmoid

    reduction = _reduction(size_average, reduce, reduction)
    x, y = _t(input), _t(target)
    loss = -(y * logsigmoid(x) + (1 - y) * logsigmoid(-x))
    if weight is not None:
        loss = loss * weight
    class_dim = x.dim() - 1
    loss = loss.sum(dim=class_dim) / x.shape[class_dim]
    return _reduce(loss, reduction)


def multilabel_margin_loss(input, target, size_average=None, reduce=None,  # noqa: A002
                           reduction: str = "mean") -> Tensor:
    """Σ over the sample's target classes j (its target row up to the first −1) and the
    classes i not among them of max(0, 1 − (x[j] − x[i])), over the number of classes."""
    reduction = _reduction(size_average, reduce, reduction)
    x, y = _t(input), _t(target)
    if x.dim() > 2 or y.shape != x.shape:
        raise RuntimeError("multilabel_margin_loss: inconsistent target size: "
                           f"{list(y.shape)} for input of size: {list(x.shape)}")
    unbatched = x.dim() <= 1
    if unbatched:
        x, y = x.reshape(1, -1), y.reshape(1, -1)
    classes = y.detach().cpu().numpy().astype(np.int64)
    n, c = x.shape
    valid = np.cumprod(classes != -1, axis=1).astype(bool)  # up to the first −1
    if ((classes < -1) | (classes >= c))[valid].any():
        raise RuntimeError("multilabel_margin_loss: target index is out of bounds")
    is_target = np.zeros((n, c), dtype=bool)
    rows = np.nonzero(valid)
    is_target[rows[0], classes[rows]] = True
    slots = creation.tensor(np.where(valid, classes, 0), device=x.device)
    picked = x.gather(1, slots)  # x[j], per target slot
    pairs = valid[:, :, None] & ~is_target[:, None, :]  # (sample, target slot, class i)
    hinge = _positive_part(1 - picked.unsqueeze(2) + x.unsqueeze(1))
    loss = (hinge * creation.tensor(pairs.astype(x.dtype.np), device=x.device)).sum((1, 2)) / c
    if unbatched:
        loss = loss.reshape(())
    return named_node(_reduce(loss, reduction), "MultilabelMarginLossBackward0")


def multi_margin_loss(input, target, p: int = 1, margin: float = 1.0, weight=None,  # noqa: A002
                      size_average=None, reduce=None, reduction: str = "mean") -> Tensor:
    """Σ over the classes i ≠ y of max(0, margin − x[y] + x[i])^p (times weight[y]), over
    the number of classes."""
    reduction = _reduction(size_average, reduce, reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and _t(weight).dim() != 1:
        raise ValueError("weight must be one-dimensional")
    x, y = _t(input), _t(target)
    unbatched = x.dim() <= 1
    if unbatched:
        x, y = x.reshape(1, -1), y.reshape(1)
    n, c = x.shape
    classes = y.detach().cpu().numpy().astype(np.int64).reshape(-1)
    if classes.shape != (n,):
        raise RuntimeError(f"inconsistent target size, expected {n} but got "
                           f"{list(_t(target).shape)}")
    if ((classes < 0) | (classes >= c)).any():
        raise RuntimeError("target out of range")
    picked = x.gather(1, creation.tensor(classes.reshape(n, 1), device=x.device))
    hinge = _positive_part(margin - picked + x)
    if p == 2:
        hinge = hinge * hinge
    if weight is not None:
        hinge = hinge * _t(weight)[classes].reshape(n, 1)
    others = np.ones((n, c), dtype=x.dtype.np)
    others[np.arange(n), classes] = 0
    loss = (hinge * creation.tensor(others, device=x.device)).sum(1) / c
    if unbatched:
        loss = loss.reshape(())
    return named_node(_reduce(loss, reduction), "MultiMarginLossBackward0")


def poisson_nll_loss(input, target, log_input: bool = True, full: bool = False,  # noqa: A002
                     size_average=None, eps: float = 1e-8, reduce=None,
                     reduction: str = "mean") -> Tensor:
    """exp(x) − y·x for log-rates x (``log_input``), else x − y·log(x + eps); `full` adds
    Stirling's y·log y − y + ½·log(2πy) where y > 1."""
    reduction = _reduction(size_average, reduce, reduction)
    x, y = _t(input), _t(target)
    loss = x.exp() - y * x if log_input else x - y * (x + eps).log()
    if full:
        with np.errstate(divide="ignore", invalid="ignore"):
            stirling = y * y.log() - y + 0.5 * (2 * math.pi * y).log()
        loss = loss + stirling.masked_fill(y <= 1, 0)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full: bool = False, eps: float = 1e-6,  # noqa: A002
                      reduction: str = "mean") -> Tensor:
    """½·(log σ² + (x − y)²/σ²) (+ ½·log 2π when `full`), σ² clamped at eps without the
    clamp being recorded, as PyTorch does."""
    x, y = _t(input), _t(target)
    if isinstance(var, int | float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * creation.ones_like(x)
    else:
        var = _t(var)
        if bool((var._data < 0).any()):
            raise ValueError("var has negative entry/entries")
    if var.shape != x.shape:
        if x.shape[:-1] == var.shape:
            var = var.unsqueeze(-1)
        elif not (x.dim() == var.dim() and sum(
                b for a, b in zip(x.shape, var.shape, strict=True) if a != b) == 1):
            raise ValueError("var is of incorrect size")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    lifted = var.detach().clamp_min(eps) - var.detach()
    if bool((lifted._data != 0).any()):
        var = var + lifted
    loss = 0.5 * ((var.log()) + (x - y) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)

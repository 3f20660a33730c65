"""Normalisations and similarities of `F`: group_norm, instance_norm, local_response_norm,
cosine_similarity, pairwise_distance and bilinear.

Instance and group norm are PyTorch's batch norm of a reshaped input, as PyTorch computes
them: (N, C, *) seen as one sample of N·C channels (N·G groups), normalised by the
registry's `native_batch_norm` row, then seen back; an instance norm's running statistics
are the batch norm's, averaged over the samples.  The rest are composites of rows.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import creation
from gradviz.engine.autograd import apply
from gradviz.engine.backend import array_module
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor

__all__ = ["bilinear", "cosine_similarity", "group_norm", "instance_norm",
           "local_response_norm", "pairwise_distance"]

_t = creation.as_tensor


def _channel_shape(x: Tensor) -> list[int]:
    return [1, x.shape[1]] + [1] * (x.dim() - 2)


def group_norm(input, num_groups: int, weight=None, bias=None, eps: float = 1e-5) -> Tensor:  # noqa: A002
    """Each sample's channels in `num_groups` groups, each group normalised over its channels
    and positions, then γ·x̂ + β per channel."""
    x = _t(input)
    if x.dim() < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received "
                           f"{x.dim()}")
    n, c = x.shape[0], x.shape[1]
    if c % num_groups:
        raise RuntimeError("Expected number of channels in input to be divisible by "
                           f"num_groups, but got input of shape {list(x.shape)} and "
                           f"num_groups={num_groups}")
    grouped = x.reshape(1, n * num_groups, -1)
    y = apply("native_batch_norm", grouped, training=True, eps=float(eps)).reshape(x.shape)
    if weight is not None:
        y = y * _t(weight).reshape(_channel_shape(x))
    if bias is not None:
        y = y + _t(bias).reshape(_channel_shape(x))
    return named_node(y, "NativeGroupNormBackward0")


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,  # noqa: A002
                  use_input_stats: bool = True, momentum: float = 0.1,
                  eps: float = 1e-5) -> Tensor:
    """Each (sample, channel) normalised over its positions alone; without the input's
    statistics (an evaluating layer that tracks them) the running ones."""
    from gradviz.engine.functional_layers import batch_norm

    x = _t(input)
    if use_input_stats:
        positions = int(np.prod(x.shape[2:])) if x.dim() > 2 else 1
        if positions == 1:
            raise ValueError("Expected more than 1 spatial element when training, got input "
                             f"size {list(x.shape)}")
    n, c = x.shape[0], x.shape[1]
    folded = x.reshape(1, n * c, *x.shape[2:])
    stats = [None if s is None else Tensor._wrap(array_module(s._data).tile(s._data, n))
             for s in (running_mean, running_var)]
    affine = [None if p is None else _t(p).repeat(n) for p in (weight, bias)]
    if use_input_stats and (stats[0] is None or stats[1] is None):
        y = apply("native_batch_norm", folded, *([] if affine[0] is None and affine[1] is None
                                                  else _filled(affine, n * c, x)),
                  training=True, eps=float(eps))
    else:
        y = batch_norm(folded, stats[0], stats[1], affine[0], affine[1],
                       training=use_input_stats, momentum=momentum, eps=eps)
    if use_input_stats:
        for mine, repeated in zip((running_mean, running_var), stats, strict=True):
            if mine is not None:
                mine._data[...] = repeated._data.reshape(n, c).mean(axis=0)
    return y.reshape(x.shape)


def _filled(affine: list, size: int, like: Tensor) -> list[Tensor]:
    weight, bias = affine
    return [weight if weight is not None else creation.ones(size, dtype=like.dtype),
            bias if bias is not None else creation.zeros(size, dtype=like.dtype)]


def local_response_norm(input, size: int, alpha: float = 1e-4, beta: float = 0.75,  # noqa: A002
                        k: float = 1.0) -> Tensor:
    """x / (k + α·mean of x² over `size` neighbouring channels)^β (zeros beyond the ends
    count in the mean, as PyTorch's padded average pool)."""
    from gradviz.engine.functional_resample import pad

    x = _t(input)
    if x.dim() < 3:
        raise ValueError(f"Expected 3D or higher dimensionality                          "
                         f"input (got {x.dim()} dimensions)")
    if x.numel() == 0:
        return x
    squares = pad(x * x, (0, 0) * (x.dim() - 2) + (size // 2, (size - 1) // 2))
    c = x.shape[1]
    window = None
    for offset in range(size):
        part = squares[:, offset:offset + c]
        window = part if window is None else window + part
    div = (window / size * alpha + k) ** beta
    return x / div


def cosine_similarity(x1, x2, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """Σ (x₁/‖x₁‖)(x₂/‖x₂‖) along `dim`, each norm at least eps (PyTorch clamps the norms
    without recording it, so the gradient is the unclamped norm's)."""
    a, b = _t(x1), _t(x2)
    a, b = _broadcast(a, b)
    return ((a / _clamped_norm(a, dim, eps)) * (b / _clamped_norm(b, dim, eps))).sum(dim)


def _broadcast(a: Tensor, b: Tensor) -> tuple[Tensor, Tensor]:
    if a.shape == b.shape:
        return a, b
    shape = np.broadcast_shapes(tuple(a.shape), tuple(b.shape))
    return a.expand(*shape), b.expand(*shape)


def _clamped_norm(x: Tensor, dim: int, eps: float) -> Tensor:
    norm = x.norm(2, dim, keepdim=True)
    lifted = norm.detach().clamp_min(eps) - norm.detach()
    return norm + lifted if bool((lifted._data != 0).any()) else norm


def pairwise_distance(x1, x2, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> Tensor:
    """‖x₁ − x₂ + eps‖_p along the last axis."""
    a, b = _t(x1), _t(x2)
    dim = -1 if max(a.dim(), b.dim()) > 0 else 0
    diff = a - b + eps
    if diff.dim() == 0:
        return named_node(diff.reshape(1).norm(p, 0, keepdim), "NormBackward1")
    return named_node(diff.norm(p, dim, keepdim), "NormBackward1")


def bilinear(input1, input2, weight, bias=None) -> Tensor:
    """yₖ = x₁ᵀ Wₖ x₂ + bₖ for each output k (W of shape (out, in1, in2))."""
    a, b, w = _t(input1), _t(input2), _t(weight)
    if a.shape[:-1] != b.shape[:-1]:
        raise RuntimeError("bilinear(): input batch dimensions do not match: got "
                           f"{list(a.shape[:-1])} and {list(b.shape[:-1])}")
    if w.dim() != 3 or a.shape[-1] != w.shape[1] or b.shape[-1] != w.shape[2]:
        raise RuntimeError(f"bilinear(): input sizes do not match the weight: input1 "
                           f"{list(a.shape)}, input2 {list(b.shape)}, weight {list(w.shape)}")
    batch = a.shape[:-1]
    flat_a, flat_b = a.reshape(-1, a.shape[-1]), b.reshape(-1, b.shape[-1])
    # (B, in1) @ (in1, out·in2) → (B, out, in2), times x₂ and summed over in2
    left = (flat_a @ w.permute(1, 0, 2).reshape(w.shape[1], -1)).reshape(-1, w.shape[0],
                                                                         w.shape[2])
    y = (left * flat_b.unsqueeze(1)).sum(-1).reshape(*batch, w.shape[0])
    return y if bias is None else y + bias

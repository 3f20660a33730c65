"""`F.rms_norm`, `F.channel_shuffle`, `F.pdist`, `F.soft_margin_loss` and
`F.triplet_margin_with_distance_loss`: PyTorch's formulas written with the registry's rows,
in PyTorch's order, so each last node is PyTorch's where PyTorch's function is a composite too
(``MulBackward0``, ``MeanBackward0``) and named as PyTorch's one kernel where it is one
(``ChannelShuffleBackward0``, ``PdistBackward0``, ``SoftMarginLossBackward0``).
"""

from __future__ import annotations

from gradviz.engine import creation
from gradviz.engine.dtype_info import finfo
from gradviz.engine.functional_margins import _reduce, _reduction
from gradviz.engine.functional_norms import pairwise_distance
from gradviz.engine.joining import triu_indices
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor

__all__ = ["channel_shuffle", "pdist", "rms_norm", "soft_margin_loss",
           "triplet_margin_with_distance_loss"]

_t = creation.as_tensor


def rms_norm(input, normalized_shape, weight=None, eps=None) -> Tensor:  # noqa: A002
    """x / √(mean of x² over the last len(normalized_shape) axes + ε), times `weight` when
    given; ε = None is the dtype's machine epsilon (``finfo(x.dtype).eps``)."""
    x = _t(input)
    if isinstance(normalized_shape, int):
        raise TypeError("rms_norm(): argument 'normalized_shape' (position 2) must be tuple of "
                        f"ints, not {type(normalized_shape).__name__}")
    shape = [int(n) for n in normalized_shape]
    n = len(shape)
    if n == 0 or x.dim() < n or list(x.shape[x.dim() - n:]) != shape:
        raise RuntimeError(f"Given normalized_shape={shape}, expected input with shape "
                           f"[*{', '.join(map(str, shape))}], but got input of size"
                           f"{list(x.shape)}")
    if weight is not None and list(weight.shape) != shape:
        raise RuntimeError(f"Expected weight to be of same shape as normalized_shape, but got "
                           f"weight of shape {list(weight.shape)} and normalized_shape = "
                           f"{shape}")
    eps = finfo(x.dtype).eps if eps is None else eps
    dims = tuple(range(-n, 0))
    out = x * (x.pow(2).mean(dims, keepdim=True) + eps).rsqrt()
    return out if weight is None else out * weight


def channel_shuffle(input, groups: int) -> Tensor:  # noqa: A002
    """(N, C, *) with its channels, read as `groups` rows of C/groups, read column by column
    (ShuffleNet's mixing of grouped convolutions' channels)."""
    x = _t(input)
    if x.dim() <= 2:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with "
                           f"sizes {list(x.shape)}")
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of "
                           f"groups:{groups}")
    channels = x.shape[1]
    if channels % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {channels} "
                           f"channels and {groups} groups.")
    rest = tuple(x.shape[2:])
    out = x.reshape(x.shape[0], groups, channels // groups, *rest).transpose(1, 2)
    return named_node(out.reshape(x.shape[0], channels, *rest), "ChannelShuffleBackward0", x)


def pdist(input, p: float = 2) -> Tensor:  # noqa: A002
    """The p-norm distances between every pair of rows i < j of an (N, M) input: the
    N·(N − 1)/2 entries above the diagonal of `cdist(x, x)`, row by row."""
    x = _t(input)
    if x.dim() != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {x.dim()}D")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    first, second = triu_indices(x.shape[0], x.shape[0], 1)
    return named_node((x[first] - x[second]).norm(p, 1), "PdistBackward0", x)


def soft_margin_loss(input, target, size_average=None, reduce=None,  # noqa: A002
                     reduction: str = "mean") -> Tensor:
    """log(1 + exp(−y·x)) for labels y = ±1, averaged (or summed) over every entry."""
    reduction = _reduction(size_average, reduce, reduction)
    x, y = _t(input), _t(target)
    loss = _reduce((-x * y).exp().log1p(), reduction)
    return named_node(loss, "SoftMarginLossBackward0", x)


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None,
                                      margin: float = 1.0, swap: bool = False,
                                      reduction: str = "mean") -> Tensor:
    """max(d(a, p) − d(a, n) + margin, 0) for any distance d (default `pairwise_distance`);
    `swap`: d(a, n) the nearer of d(a, n) and d(p, n)."""
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a, p, n = _t(anchor), _t(positive), _t(negative)
    if not a.dim() == p.dim() == n.dim():
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have "
                           f"the same number of dimensions, but got: anchor {a.dim()}D, "
                           f"positive {p.dim()}D, and negative {n.dim()}D inputs")
    distance = pairwise_distance if distance_function is None else distance_function
    near, far = distance(a, p), distance(a, n)
    if swap:
        from gradviz.engine.functional import minimum

        far = minimum(far, distance(p, n))
    loss = named_node((margin + near - far).clamp_min(0), "ClampMinBackward0")
    return _reduce(loss, reduction)

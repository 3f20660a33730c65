"""More of PyTorch's activations, written with the registry's ops: softmin, glu, the shrinks
(hard, soft, tanh), prelu, rrelu and gumbel_softmax.

The two that draw random numbers draw them through gradviz's own random functions, so a
program's draws can be recorded and handed back: rrelu's training-mode slopes are one
`rand` of the input's shape (this module's name for it, as the distributions have theirs),
and gumbel_softmax's noise is ``-log`` of an ``exponential_`` fill, as PyTorch writes it.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import creation
from gradviz.engine.autograd import apply
from gradviz.engine.creation import rand  # rrelu's draw, by this module's name
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor

__all__ = ["glu", "gumbel_softmax", "hardshrink", "prelu", "rrelu", "rrelu_", "softmin",
           "softshrink",
           "tanhshrink"]

_t = creation.as_tensor
_C_NAMES = {"float16": "Half", "float32": "Float", "float64": "Double"}


def softmin(input, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:  # noqa: A002
    """softmax(−x): the smallest entries weigh most."""
    from gradviz.engine.functional import _implicit_dim, softmax

    x = _t(input)
    return softmax(-x, _implicit_dim("softmin", x, dim, _stacklevel + 1), dtype=dtype)


def glu(input, dim: int = -1) -> Tensor:  # noqa: A002
    """a ⊙ σ(b), a and b the two halves of the input along `dim`."""
    x = _t(input)
    if x.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    axis = dim % x.dim() if -x.dim() <= dim < x.dim() else dim
    size = x.shape[axis]
    if size % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {axis} is size "
                           f"{size}")
    first, second = x.chunk(2, axis)
    return named_node(first * second.sigmoid(), "GluBackward0")


def hardshrink(input, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """x where |x| > λ, else 0."""
    x = _t(input)
    data = x.detach()
    return named_node(x.masked_fill((data >= -lambd) & (data <= lambd), 0),
                     "HardshrinkBackward0")


def softshrink(input, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """x − λ above λ, x + λ below −λ, 0 between."""
    x = _t(input)
    if x.dtype.is_floating_point and not 0 <= lambd <= float(np.finfo(x.dtype.np).max):
        raise RuntimeError(f"lambda must be in range [0, {np.finfo(x.dtype.np).max:.6g}] for "
                           f"input dtype {_C_NAMES.get(x.dtype.name, x.dtype.name)}, but found "
                           f"{lambd:g}")
    data = x.detach()
    inner = apply("where", data < -lambd, x + lambd, data * 0)
    return named_node(apply("where", data > lambd, x - lambd, inner), "SoftshrinkBackward0")


def tanhshrink(input) -> Tensor:  # noqa: A002
    x = _t(input)
    return x - x.tanh()


def prelu(input, weight) -> Tensor:  # noqa: A002
    """x for x > 0, a·x otherwise; `weight` one slope, or one per channel (axis 1)."""
    x, a = _t(input), _t(weight)
    channels = x.shape[1] if x.dim() >= 2 else 1
    if a.numel() != 1:
        if a.numel() != channels:
            raise RuntimeError("Mismatch of parameter numbers and input channel size. Found "
                               f"parameter numbers = {a.numel()} and channel size = "
                               f"{channels}.")
        a = a.reshape(channels, *([1] * (x.dim() - 2)))
    elif a.dim() and x.dim():
        a = a.reshape(())
    return named_node(apply("where", x.detach() > 0, x, a * x), "PreluKernelBackward0")


def rrelu(input, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,  # noqa: A002
          inplace: bool = False) -> Tensor:
    """x for x > 0, a·x otherwise: while training, a ~ U(lower, upper) per entry (drawn
    afresh each call); else a = (lower + upper)/2."""
    x = _t(input)
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    if inplace:  # PyTorch's in-place kernel is the node's second overload
        return named_node(x._inplace_result(lambda t: rrelu(t, lower, upper, training)),
                          "RreluWithNoiseBackward1")
    if not training:
        return named_node(apply("leaky_relu", x, negative_slope=(lower + upper) / 2),
                         "RreluWithNoiseBackward0")
    slopes = rand(*x.shape, dtype=x.dtype, device=x.device)
    slopes = (slopes * (upper - lower) + lower).detach()
    return named_node(apply("where", x.detach() > 0, x, x * slopes), "RreluWithNoiseBackward0")


def rrelu_(input, lower: float = 1.0 / 8, upper: float = 1.0 / 3,  # noqa: A002
           training: bool = False) -> Tensor:
    """`rrelu` written into `input`, which is returned."""
    return rrelu(input, lower, upper, training, inplace=True)


def gumbel_softmax(logits, tau: float = 1, hard: bool = False, eps: float = 1e-10,
                   dim: int = -1) -> Tensor:
    """softmax((logits + g)/τ), g ~ Gumbel(0, 1); `hard`: the one-hot of its largest entry,
    with the soft sample's gradient (straight through)."""
    import warnings

    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    logits = _t(logits)
    gumbels = -creation.empty_like(logits).exponential_().log()  # ~Gumbel(0,1)
    y_soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = creation.zeros_like(logits).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft

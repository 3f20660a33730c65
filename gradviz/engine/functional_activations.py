"""More of PyTorch's activations, each written with the registry's ops (so each shows in the
graph as the ops it is made of, and its gradient is theirs): hardtanh, relu6, hardsigmoid,
hardswish, selu, celu, softsign, logsigmoid, mish and softplus with a beta."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gradviz.engine import creation
from gradviz.engine.autograd import apply
from gradviz.engine.functional_inplace import in_place

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor

__all__ = ["celu", "hardsigmoid", "hardswish", "hardtanh", "logsigmoid", "mish", "relu6",
           "selu", "softplus", "softsign"]

_t = creation.as_tensor
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def hardtanh(x, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> Tensor:
    """x clamped to [min_val, max_val]; its gradient is 1 strictly inside, 0 at and beyond
    the ends (PyTorch's, where ``clamp``'s passes the ends)."""
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return in_place(x, inplace, lambda t: _hardtanh(t, min_val, max_val))


def _hardtanh(x: Tensor, min_val: float, max_val: float) -> Tensor:
    inside = (x > min_val) & (x < max_val)
    return apply("where", inside, x, x.detach().clamp(min_val, max_val))


def relu6(x, inplace: bool = False) -> Tensor:
    return hardtanh(x, 0.0, 6.0, inplace)


def hardsigmoid(x, inplace: bool = False) -> Tensor:
    """0 at and below −3, 1 at and above 3, x/6 + 1/2 between."""
    def compute(x):
        inside = (x > -3) & (x < 3)
        return apply("where", inside, x / 6 + 0.5, (x.detach() / 6 + 0.5).clamp(0.0, 1.0))

    return in_place(x, inplace, compute)


def hardswish(x, inplace: bool = False) -> Tensor:
    """0 up to −3, x(x + 3)/6 between, x from 3 on (PyTorch's pieces, and its gradients:
    0 at −3, 1 at 3)."""
    def compute(x):
        middle = apply("where", x < 3, x * (x + 3) / 6, x)
        return apply("where", x <= -3, x.detach() * 0, middle)

    return in_place(x, inplace, compute)


def celu(x, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """max(0, x) + min(0, α(e^{x/α} − 1))."""
    return in_place(x, inplace, lambda t: apply("where", t > 0, t,
                                                alpha * ((t / alpha).clamp(max=0).exp() - 1)))


def selu(x, inplace: bool = False) -> Tensor:
    """scale · (max(0, x) + min(0, α(eˣ − 1))), with SELU's fixed α and scale."""
    return in_place(x, inplace, lambda t: SELU_SCALE * apply(
        "where", t > 0, t, SELU_ALPHA * (t.clamp(max=0).exp() - 1)))


def softplus(x, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + e^{βx})/β, and x itself where βx > threshold (as PyTorch)."""
    x = _t(x)
    smooth = apply("softplus", x) if beta == 1 else apply("softplus", x * beta) / beta
    return apply("where", x * beta > threshold, x, smooth)


def softsign(x) -> Tensor:
    x = _t(x)
    return x / (x.abs() + 1)


def logsigmoid(x) -> Tensor:
    """log σ(x) = −softplus(−x), without overflow."""
    return -apply("softplus", -_t(x))


def mish(x, inplace: bool = False) -> Tensor:
    return in_place(x, inplace, lambda t: t * apply("softplus", t).tanh())

"""`nn.functional`'s in-place activations, as PyTorch has them: ``F.relu_(x)``, ``F.elu_``,
``F.leaky_relu_``, ``F.hardtanh_``, ``F.threshold_``, ``F.celu_`` and ``F.selu_``, and
``F.threshold`` (x where x > threshold, else value), which ``F.threshold_`` writes in place.

Each writes its out-of-place function's result into x and returns x, recorded as every change
in place is (`engine.inplace`): the older x keeps its history, a leaf that requires grad
refuses it with PyTorch's error, and the gradient is the activation's.  `in_place` does the
same for the ``inplace=True`` of every activation and dropout that takes it.  ``F.rrelu_`` is
`functional_rectifiers`', beside ``rrelu``, whose random slopes it shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gradviz.engine import creation
from gradviz.engine.autograd import apply
from gradviz.engine.printing import named_node

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor

__all__ = ["celu_", "elu_", "hardtanh_", "leaky_relu_", "relu_", "selu_", "threshold",
           "threshold_"]

_t = creation.as_tensor


def in_place(x, inplace: bool, compute) -> Tensor:
    """``compute(x)``, or with `inplace` its result written into x (which is returned): an
    activation's ``inplace=True``."""
    x = _t(x)
    return x._inplace_result(compute) if inplace else compute(x)


def _functional():
    # `functional` imports this module at its end; its activations are read at call time.
    from gradviz.engine import functional

    return functional


def threshold(input, threshold: float, value: float, inplace: bool = False) -> Tensor:  # noqa: A002
    """x where x > threshold, else `value`; the gradient is 1 where x > threshold, else 0."""
    x = _t(input)
    return threshold_(x, threshold, value) if inplace else _threshold(x, threshold, value)


def _threshold(x: Tensor, at: float, value: float) -> Tensor:
    out = apply("where", x > at, x, creation.full_like(x.detach(), value))
    return named_node(out, "ThresholdBackward0")  # PyTorch's one kernel's node


def relu_(input) -> Tensor:  # noqa: A002 - PyTorch's names
    return _t(input).relu_()


def elu_(input, alpha: float = 1.0) -> Tensor:  # noqa: A002
    return _functional().elu(input, alpha, inplace=True)


def leaky_relu_(input, negative_slope: float = 0.01) -> Tensor:  # noqa: A002
    return _functional().leaky_relu(input, negative_slope, inplace=True)


def hardtanh_(input, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:  # noqa: A002
    from gradviz.engine.functional_activations import _hardtanh  # no min ≤ max check, as F's

    return _t(input)._inplace_result(lambda t: _hardtanh(t, min_val, max_val))


def threshold_(input, threshold: float, value: float) -> Tensor:  # noqa: A002
    return _t(input)._inplace_result(lambda t: _threshold(t, threshold, value))


def celu_(input, alpha: float = 1.0) -> Tensor:  # noqa: A002
    return _functional().celu(input, alpha, inplace=True)


def selu_(input) -> Tensor:  # noqa: A002
    return _functional().selu(input, inplace=True)

"""The activation layers PyTorch has beyond ReLU, Sigmoid, Tanh and their closest kin, each
calling its function in `functional_activations`, with PyTorch's arguments and printing;
``inplace=True`` changes the input itself, as PyTorch's."""

from __future__ import annotations

from gradviz.engine import functional_activations as A
from gradviz.engine import functional_inplace
from gradviz.engine.nn_modules import Module

__all__ = ["CELU", "Hardsigmoid", "Hardswish", "Hardtanh", "LogSigmoid", "Mish", "ReLU6", "SELU",
           "Softplus", "Softsign", "Threshold"]


def _inplace(inplace: bool) -> str:
    return "inplace=True" if inplace else ""


class Hardtanh(Module):
    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False):
        super().__init__()
        self.min_val, self.max_val, self.inplace = min_val, max_val, inplace
        if self.max_val <= self.min_val:
            raise AssertionError(f"max_val ({self.max_val}) must be greater than min_val "
                                 f"({self.min_val})")

    def forward(self, input):  # noqa: A002
        return A.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self) -> str:
        return f"min_val={self.min_val}, max_val={self.max_val}" + (
            ", inplace=True" if self.inplace else "")


class ReLU6(Hardtanh):
    def __init__(self, inplace: bool = False):
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self) -> str:
        return _inplace(self.inplace)


class _Simple(Module):
    """An activation with only PyTorch's ``inplace`` flag."""

    function = staticmethod(A.selu)

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):  # noqa: A002
        return type(self).function(input, self.inplace)

    def extra_repr(self) -> str:
        return _inplace(self.inplace)


class SELU(_Simple):
    function = staticmethod(A.selu)


class Hardsigmoid(_Simple):
    function = staticmethod(A.hardsigmoid)

    def extra_repr(self) -> str:  # PyTorch prints no flag for it
        return ""


class Hardswish(_Simple):
    function = staticmethod(A.hardswish)

    def extra_repr(self) -> str:  # PyTorch prints no flag for it
        return ""


class Mish(_Simple):
    function = staticmethod(A.mish)


class CELU(Module):
    def __init__(self, alpha: float = 1.0, inplace: bool = False):
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input):  # noqa: A002
        return A.celu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class Softplus(Module):
    def __init__(self, beta: float = 1.0, threshold: float = 20.0):
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def forward(self, input):  # noqa: A002
        return A.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Softsign(Module):
    def forward(self, input):  # noqa: A002
        return A.softsign(input)


class LogSigmoid(Module):
    def forward(self, input):  # noqa: A002
        return A.logsigmoid(input)


class Threshold(Module):
    """x where x > threshold, else value."""

    def __init__(self, threshold: float, value: float, inplace: bool = False):
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input):  # noqa: A002
        return functional_inplace.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self) -> str:
        return f"threshold={self.threshold}, value={self.value}" + (
            ", inplace=True" if self.inplace else "")

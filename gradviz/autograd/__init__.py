"""`gradviz.autograd`: `torch.autograd`'s functions over gradviz's engine.

``gradviz.autograd.grad(loss, [w, b])`` returns the gradients without touching ``.grad``;
``backward`` runs several backward passes at once; ``Function`` lets you write an op's forward
and backward yourself; ``functional`` holds Jacobians and Hessians, ``profiler`` a table of the
ops a block ran; ``grad_mode`` holds ``no_grad`` and its kin, ``anomaly_mode`` the switches
that find the op whose backward made a NaN; ``gradcheck``, ``gradgradcheck`` and the old
``Variable`` as in PyTorch.
"""

from gradviz.autograd import anomaly_mode, function, functional, grad_mode, profiler
from gradviz.engine.anomaly import detect_anomaly, set_detect_anomaly
from gradviz.engine.autograd import backward_all as backward
from gradviz.engine.autograd import (
    enable_grad,
    grad,
    inference_mode,
    no_grad,
    set_grad_enabled,
)
from gradviz.engine.autograd_function import Function, FunctionCtx
from gradviz.engine.gradcheck import gradcheck, gradgradcheck


def Variable(data, requires_grad: bool = False, volatile: bool = False):  # noqa: N802
    """``torch.autograd.Variable``, long merged into tensors: the tensor itself, flagged."""
    return data.requires_grad_(requires_grad) if requires_grad else data


__all__ = ["Function", "FunctionCtx", "Variable", "anomaly_mode", "backward", "detect_anomaly",
           "enable_grad", "function", "functional", "grad", "grad_mode", "gradcheck",
           "gradgradcheck", "inference_mode", "no_grad", "profiler", "set_detect_anomaly",
           "set_grad_enabled"]

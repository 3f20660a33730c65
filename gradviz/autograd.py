"""`gradviz.autograd`: `torch.autograd`'s functions over gradviz's engine.

``gradviz.autograd.grad(loss, [w, b])`` returns the gradients without touching ``.grad``;
``backward`` runs several backward passes at once; ``no_grad``, ``gradcheck`` and the old
``Variable`` as in PyTorch.
"""

from gradviz.engine.autograd import backward_all as backward
from gradviz.engine.autograd import enable_grad, grad, no_grad, set_grad_enabled
from gradviz.engine.gradcheck import gradcheck


def Variable(data, requires_grad: bool = False, volatile: bool = False):  # noqa: N802
    """``torch.autograd.Variable``, long merged into tensors: the tensor itself, flagged."""
    return data.requires_grad_(requires_grad) if requires_grad else data


__all__ = ["Variable", "backward", "enable_grad", "grad", "gradcheck", "no_grad",
           "set_grad_enabled"]

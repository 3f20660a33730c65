"""`gradviz.autograd`: `torch.autograd`'s functions over gradviz's engine.

``gradviz.autograd.grad(loss, [w, b])`` returns the gradients without touching ``.grad``;
``backward`` runs several backward passes at once; ``no_grad`` and ``gradcheck`` as in PyTorch.
"""

from gradviz.engine.autograd import backward_all as backward
from gradviz.engine.autograd import enable_grad, grad, no_grad, set_grad_enabled
from gradviz.engine.gradcheck import gradcheck

__all__ = ["backward", "enable_grad", "grad", "gradcheck", "no_grad", "set_grad_enabled"]

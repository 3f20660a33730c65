"""`gradviz.autograd.grad_mode`: ``torch.autograd.grad_mode``'s context managers."""

from gradviz.engine.autograd import enable_grad, inference_mode, no_grad, set_grad_enabled

__all__ = ["enable_grad", "inference_mode", "no_grad", "set_grad_enabled"]

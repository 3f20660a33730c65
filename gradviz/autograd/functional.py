"""`gradviz.autograd.functional`: ``torch.autograd.functional``'s Jacobians and Hessians."""

from gradviz.engine.autograd_functional import hessian, hvp, jacobian, jvp, vhp, vjp

__all__ = ["hessian", "hvp", "jacobian", "jvp", "vhp", "vjp"]

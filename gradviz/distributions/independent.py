"""`gradviz.distributions.independent`: PyTorch's module path to `Independent`."""

from gradviz.engine.distributions_continuous import Independent

__all__ = ["Independent"]

"""`gradviz.distributions.normal`: PyTorch's module path to `Normal`."""

from gradviz.engine.distributions_continuous import Normal

__all__ = ["Normal"]

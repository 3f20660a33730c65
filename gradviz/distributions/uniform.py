"""`gradviz.distributions.uniform`: PyTorch's module path to `Uniform`."""

from gradviz.engine.distributions_continuous import Uniform

__all__ = ["Uniform"]

"""`gradviz.distributions.categorical`: PyTorch's module path to `Categorical`."""

from gradviz.engine.distributions import Categorical

__all__ = ["Categorical"]

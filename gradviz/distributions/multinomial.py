"""`gradviz.distributions.multinomial`: PyTorch's module path to `Multinomial`."""

from gradviz.engine.distributions import Multinomial

__all__ = ["Multinomial"]

"""`gradviz.distributions`: PyTorch's `torch.distributions` path to gradviz's distributions.

``from torch.distributions import Categorical`` and
``from torch.distributions.multinomial import Multinomial`` run with gradviz's import lines.
"""

from gradviz.distributions import categorical, multinomial
from gradviz.engine.distributions import Categorical, Distribution, Multinomial

__all__ = ["Categorical", "Distribution", "Multinomial", "categorical", "multinomial"]

"""`gradviz.distributions`: PyTorch's `torch.distributions` path to gradviz's distributions.

``from torch.distributions import Categorical`` and
``from torch.distributions.normal import Normal`` run with gradviz's import lines.
"""

from gradviz.distributions import categorical, independent, multinomial, normal, uniform
from gradviz.engine.distributions import Categorical, Distribution, Multinomial
from gradviz.engine.distributions_continuous import Independent, Normal, Uniform

__all__ = ["Categorical", "Distribution", "Independent", "Multinomial", "Normal", "Uniform",
           "categorical", "independent", "multinomial", "normal", "uniform"]

"""`gradviz.special`: PyTorch's ``torch.special`` (``import gradviz.special`` works as in
PyTorch): the error and gamma functions, the Bessel functions I₀ and I₁, the normal
distribution's Φ, Φ⁻¹ and ln Φ, entr, logit and expit, xlogy and xlog1py, and its aliases of
softmax, log_softmax, logsumexp, expm1, exp2, log1p and round (`engine.special_api`)."""

from gradviz.engine.special_api import special_names as _special_names

globals().update(_special_names())
__all__ = sorted(_special_names())

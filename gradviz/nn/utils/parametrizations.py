"""`gradviz.nn.utils.parametrizations`: weight normalisation and spectral normalisation as
parametrizations (``torch.nn.utils.parametrizations``): the layer's ``weight`` is computed
from ``parametrizations.weight.original0``/``original1`` (g and v), or from
``parametrizations.weight.original`` divided by its estimated largest singular value."""

from __future__ import annotations

from gradviz.engine.nn_modules import Module
from gradviz.engine.spectral_norm import _default_dim, _SpectralNorm
from gradviz.engine.tensor import Tensor
from gradviz.engine.weight_norm import _WeightNorm
from gradviz.nn.utils import parametrize

__all__ = ["spectral_norm", "weight_norm"]


def weight_norm(module: Module, name: str = "weight", dim: int | None = 0) -> Module:
    """w = g · v/‖v‖, with g (``original0``) and v (``original1``) trained in its place."""
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


def spectral_norm(module: Module, name: str = "weight", n_power_iterations: int = 1,
                  eps: float = 1e-12, dim: int | None = None) -> Module:
    """The weight divided by σ, its largest singular value by power iteration."""
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    parametrize.register_parametrization(
        module, name, _SpectralNorm(weight, n_power_iterations, _default_dim(module, dim), eps))
    return module

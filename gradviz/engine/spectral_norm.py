"""Spectral normalisation (Miyato et al.), as ``torch.nn.utils`` has it twice: the weight
divided by its largest singular value σ, estimated by power iteration.

Two unit vectors u and v (buffers, drawn once from a normal distribution) are moved one step
of the power method towards the top singular pair of W (the weight as a matrix, `dim` first)
at each forward in training mode, outside the graph; then σ = uᵀ W v and the weight is W / σ,
whose gradient flows through W (``DivBackward0``).  ``nn.utils.spectral_norm(layer)`` (the
older form) keeps ``weight_orig`` and the buffers ``weight_u``, ``weight_v`` and recomputes
``layer.weight`` before each forward; the parametrization
(``nn.utils.parametrizations.spectral_norm``) keeps ``_u`` and ``_v`` in its module, and
starts with 15 steps of the method.  The steps are PyTorch's, in its order (the older form
updates v, then u; the parametrization u, then v).
"""

from __future__ import annotations

from typing import Any

from gradviz.engine import creation
from gradviz.engine.autograd import no_grad
from gradviz.engine.backend import array_module
from gradviz.engine.math_functions import dot
from gradviz.engine.nn_modules import Module, Parameter, UninitializedParameter
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_functions import mv
from gradviz.engine.weight_norm import remove_norm_hook

__all__ = ["SpectralNorm", "remove_spectral_norm", "spectral_norm"]


def _normalize_into(target: Tensor, array, eps: float) -> None:
    """`target` ← array / max(‖array‖, eps), in place (``F.normalize(..., out=target)``)."""
    xp = array_module(array)
    norm = xp.sqrt((array * array).sum())
    target._data[...] = array / xp.maximum(norm, array.dtype.type(eps))


def _normal_unit(size: int, like: Tensor, eps: float) -> Tensor:
    """A vector drawn as PyTorch draws it (``new_empty(size).normal_(0, 1)``), normalised."""
    drawn = like.new_empty(size).normal_(0, 1)
    out = creation.empty_like(drawn)
    _normalize_into(out, drawn._data, eps)
    return out


def _as_matrix(weight: Tensor, dim: int) -> Tensor:
    if dim != 0:
        weight = weight.permute(dim, *[d for d in range(weight.dim()) if d != dim])
    return weight.reshape(weight.size(0), -1)


class SpectralNorm:
    """The forward pre-hook of the older ``spectral_norm``: W / σ, anew before each call."""

    _version = 1

    def __init__(self, name: str = "weight", n_power_iterations: int = 1, dim: int = 0,
                 eps: float = 1e-12) -> None:
        self.name, self.dim, self.eps = name, dim, eps
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but got "
                             f"n_power_iterations={n_power_iterations}")
        self.n_power_iterations = n_power_iterations

    def reshape_weight_to_matrix(self, weight: Tensor) -> Tensor:
        return _as_matrix(weight, self.dim)

    def compute_weight(self, module: Module, do_power_iteration: bool) -> Tensor:
        weight = getattr(module, self.name + "_orig")
        u = getattr(module, self.name + "_u")
        v = getattr(module, self.name + "_v")
        weight_mat = self.reshape_weight_to_matrix(weight)
        if do_power_iteration:
            w = weight_mat._data
            for _ in range(self.n_power_iterations):
                _normalize_into(v, w.T @ u._data, self.eps)
                _normalize_into(u, w @ v._data, self.eps)
            u, v = u.clone(), v.clone()
        sigma = dot(u, mv(weight_mat, v))
        return weight / sigma

    def remove(self, module: Module) -> None:
        with no_grad():
            weight = self.compute_weight(module, do_power_iteration=False)
        for suffix in ("", "_u", "_v", "_orig"):
            delattr(module, self.name + suffix)
        module.register_parameter(self.name, Parameter(weight.detach()))

    def __call__(self, module: Module, inputs: Any) -> None:
        setattr(module, self.name, self.compute_weight(module, module.training))

    @staticmethod
    def apply(module: Module, name: str, n_power_iterations: int, dim: int, eps: float
              ) -> SpectralNorm:
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, SpectralNorm) and hook.name == name:
                raise RuntimeError("Cannot register two spectral_norm hooks on the same "
                                   f"parameter {name}")
        fn = SpectralNorm(name, n_power_iterations, dim, eps)
        weight = module._parameters[name]
        if weight is None:
            raise ValueError(f"`SpectralNorm` cannot be applied as parameter `{name}` is None")
        if isinstance(weight, UninitializedParameter):
            raise ValueError("The module passed to `SpectralNorm` can't have uninitialized "
                             "parameters. Make sure to run the dummy forward before applying "
                             "spectral normalization")
        with no_grad():
            h, w = fn.reshape_weight_to_matrix(weight).shape
            u = _normal_unit(h, weight, fn.eps)
            v = _normal_unit(w, weight, fn.eps)
        delattr(module, fn.name)
        module.register_parameter(fn.name + "_orig", weight)
        setattr(module, fn.name, weight.detach())
        module.register_buffer(fn.name + "_u", u)
        module.register_buffer(fn.name + "_v", v)
        module.register_forward_pre_hook(fn)
        return fn


def _default_dim(module: Module, dim: int | None) -> int:
    if dim is not None:
        return dim
    return 1 if type(module).__name__.startswith("ConvTranspose") else 0


def spectral_norm(module: Module, name: str = "weight", n_power_iterations: int = 1,
                  eps: float = 1e-12, dim: int | None = None) -> Module:
    """``torch.nn.utils.spectral_norm``: `name` becomes ``name_orig`` / σ."""
    SpectralNorm.apply(module, name, n_power_iterations, _default_dim(module, dim), eps)
    return module


def remove_spectral_norm(module: Module, name: str = "weight") -> Module:
    """Put a plain parameter `name` back, equal to the normalised weight."""
    return remove_norm_hook(module, name, SpectralNorm, "spectral_norm")


class _SpectralNorm(Module):
    """The parametrization of ``parametrizations.spectral_norm``: W / σ, its own u and v."""

    def __init__(self, weight: Tensor, n_power_iterations: int = 1, dim: int = 0,
                 eps: float = 1e-12) -> None:
        super().__init__()
        ndim = weight.ndim
        if dim >= ndim or dim < -ndim:
            raise IndexError("Dimension out of range (expected to be in range of "
                             f"[-{ndim}, {ndim - 1}] but got {dim})")
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but got "
                             f"n_power_iterations={n_power_iterations}")
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:
            self.n_power_iterations = n_power_iterations
            weight_mat = _as_matrix(weight, self.dim)
            h, w = weight_mat.shape
            with no_grad():
                self.register_buffer("_u", _normal_unit(h, weight_mat, eps))
                self.register_buffer("_v", _normal_unit(w, weight_mat, eps))
            self._power_method(weight_mat, 15)

    def _power_method(self, weight_mat: Tensor, n_power_iterations: int) -> None:
        w = weight_mat._data
        for _ in range(n_power_iterations):
            _normalize_into(self._u, w @ self._v._data, self.eps)
            _normalize_into(self._v, w.conj().T @ self._u._data, self.eps)

    def forward(self, weight: Tensor) -> Tensor:
        if weight.ndim == 1:
            norm = weight.norm(2, 0, keepdim=True).clamp_min(self.eps)
            return weight / norm.expand_as(weight)
        weight_mat = _as_matrix(weight, self.dim)
        if self.training:
            self._power_method(weight_mat, self.n_power_iterations)
        u, v = self._u.clone(), self._v.clone()
        return weight / dot(u, mv(weight_mat, v))

    def right_inverse(self, value: Tensor) -> Tensor:
        return value

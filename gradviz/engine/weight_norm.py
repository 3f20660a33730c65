"""Weight normalisation (Salimans & Kingma), as ``torch.nn.utils`` has it twice.

A weight w is written as a length g times a direction v/‖v‖, and g and v are trained
instead of w.  ``nn.utils.weight_norm(layer)`` (the older form, deprecated in PyTorch) puts
``weight_g`` and ``weight_v`` in the place of ``weight`` and recomputes ``layer.weight`` from
them before each forward (a forward pre-hook); ``nn.utils.parametrizations.weight_norm(layer)``
makes ``weight`` a parametrization whose ``original0`` is g and ``original1`` is v.

The norm is taken over every axis but `dim` (``dim=None``: over all of them).  For the first
or the last axis the weight is one node, ``WeightNormInterfaceBackward0`` (`ops_weight_norm`),
otherwise it is composed of a norm, a division and a product, as PyTorch composes it.
"""

from __future__ import annotations

import warnings
from typing import Any

from gradviz.engine import ops_weight_norm  # noqa: F401 - the registry row
from gradviz.engine.autograd import apply
from gradviz.engine.nn_modules import Module, Parameter, UninitializedParameter
from gradviz.engine.tensor import Tensor

__all__ = ["WeightNorm", "norm_except_dim", "remove_weight_norm", "weight_norm"]


def norm_except_dim(v: Tensor, pow: float = 2, dim: int = 0) -> Tensor:  # noqa: A002
    """``torch.norm_except_dim``: the `pow`-norm of v over every axis but `dim`, shaped to
    broadcast against v (``dim=-1``: the norm of all of v, a 0-d tensor)."""
    if dim == -1:
        return v.norm(pow)
    if dim == 0:
        shape = (v.size(0),) + (1,) * (v.dim() - 1)
        return v.reshape(v.size(0), -1).norm(pow, 1).reshape(shape)
    if dim == v.dim() - 1:
        shape = (1,) * (v.dim() - 1) + (v.size(-1),)
        return v.reshape(-1, v.size(-1)).norm(pow, 0).reshape(shape)
    return norm_except_dim(v.transpose(0, dim), pow, 0).transpose(0, dim)


def _weight_norm(v: Tensor, g: Tensor, dim: int = 0) -> Tensor:
    """``torch._weight_norm``: v · g/‖v‖ (the norm over every axis but `dim`)."""
    if dim == 0 or dim == v.dim() - 1:
        return apply("weight_norm_interface", v, g, dim=dim)
    return v * (g / norm_except_dim(v, 2, dim))


class WeightNorm:
    """The forward pre-hook of the older ``weight_norm``: the weight from g and v, anew."""

    def __init__(self, name: str, dim: int | None) -> None:
        self.name = name
        self.dim = -1 if dim is None else dim

    def compute_weight(self, module: Module) -> Tensor:
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return _weight_norm(v, g, self.dim)

    @staticmethod
    def apply(module: Module, name: str, dim: int | None) -> WeightNorm:
        warnings.warn("`torch.nn.utils.weight_norm` is deprecated in favor of "
                      "`torch.nn.utils.parametrizations.weight_norm`.", FutureWarning,
                      stacklevel=3)
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, WeightNorm) and hook.name == name:
                raise RuntimeError("Cannot register two weight_norm hooks on the same "
                                   f"parameter {name}")
        fn = WeightNorm(name, dim)
        weight = getattr(module, name)
        if isinstance(weight, UninitializedParameter):
            raise ValueError("The module passed to `WeightNorm` can't have uninitialized "
                             "parameters. Make sure to run the dummy forward before applying "
                             "weight normalization")
        del module._parameters[name]
        module.register_parameter(name + "_g",
                                  Parameter(norm_except_dim(weight, 2, fn.dim).detach()))
        module.register_parameter(name + "_v", Parameter(weight.detach()))
        setattr(module, name, fn.compute_weight(module))
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module: Module) -> None:
        weight = self.compute_weight(module)
        delattr(module, self.name)
        del module._parameters[self.name + "_g"]
        del module._parameters[self.name + "_v"]
        setattr(module, self.name, Parameter(weight.detach()))

    def __call__(self, module: Module, inputs: Any) -> None:
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module: Module, name: str = "weight", dim: int | None = 0) -> Module:
    """``torch.nn.utils.weight_norm``: `name` replaced by ``name_g`` and ``name_v``."""
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module: Module, name: str = "weight") -> Module:
    """Put a plain parameter `name` back, equal to the normalised weight."""
    return remove_norm_hook(module, name, WeightNorm, "weight_norm")


def remove_norm_hook(module: Module, name: str, kind: type, what: str) -> Module:
    """Remove the forward pre-hook of class `kind` that normalises `name` (`what`: the
    function's name for PyTorch's error when there is none)."""
    for key, hook in module._forward_pre_hooks.items():
        if isinstance(hook, kind) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[key]
            return module
    raise ValueError(f"{what} of '{name}' not found in {module}")


class _WeightNorm(Module):
    """The parametrization: ``forward(g, v)`` is the weight, ``right_inverse(w)`` its g, v."""

    def __init__(self, dim: int | None = 0) -> None:
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g: Tensor, weight_v: Tensor) -> Tensor:
        return _weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight: Tensor) -> tuple[Tensor, Tensor]:
        return norm_except_dim(weight, 2, self.dim), weight


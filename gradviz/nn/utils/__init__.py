"""`gradviz.nn.utils`: clip gradients in place before an optimizer step, as `torch.nn.utils`;
flatten parameters to one vector and back; `rnn` pads sequences of different lengths;
`parametrize` computes a tensor from an unconstrained one (`parametrizations`: weight and
spectral normalisation so); `weight_norm` and `spectral_norm` are the older forms, forward
pre-hooks; `prune` masks weights to zero.

    loss.backward()
    total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    optimizer.step()
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from gradviz.engine.backend import array_module
from gradviz.engine.spectral_norm import remove_spectral_norm, spectral_norm
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_functions import cat
from gradviz.engine.weight_norm import remove_weight_norm, weight_norm
from gradviz.nn.utils import parametrizations, parametrize, prune, rnn

__all__ = ["clip_grad_norm_", "clip_grad_value_", "parameters_to_vector", "parametrizations",
           "parametrize", "prune", "remove_spectral_norm", "remove_weight_norm", "rnn",
           "spectral_norm", "vector_to_parameters", "weight_norm"]


def _grads(parameters: Tensor | Iterable[Tensor]) -> list[Tensor]:
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


def _norm(xp, array, norm_type: float):
    if math.isinf(norm_type):
        return xp.abs(array).max() if array.size else xp.zeros((), array.dtype)
    if norm_type == 2.0:
        return xp.sqrt((array * array).sum())
    return (xp.abs(array) ** norm_type).sum() ** (1.0 / norm_type)


def clip_grad_norm_(parameters: Tensor | Iterable[Tensor], max_norm: float,
                    norm_type: float = 2.0, error_if_nonfinite: bool = False,
                    foreach: bool | None = None) -> Tensor:
    """Scale every gradient by max_norm / total norm when the total norm is larger.

    The total norm is the norm of all gradients taken as one vector (the norm of the
    per-parameter norms); it is returned, measured before clipping.
    """
    grads = _grads(parameters)
    norm_type = float(norm_type)
    if not grads:
        return Tensor._wrap(np.zeros((), np.float32))
    xp = array_module(grads[0]._data)
    norms = xp.stack([_norm(xp, g._data, norm_type) for g in grads])
    total = _norm(xp, norms, norm_type)
    if error_if_nonfinite and not bool(xp.isfinite(total)):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is "
            "non-finite, so it cannot be clipped. To disable this error and scale the "
            "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`")
    # PyTorch's rule: always multiply, by a coefficient clamped at 1 (1e-6 guards a zero norm).
    coefficient = xp.minimum(max_norm / (total + 1e-6), 1.0)
    for g in grads:
        g._data[...] = g._data * coefficient.astype(g._data.dtype)
    return Tensor._wrap(xp.asarray(total))


def clip_grad_value_(parameters: Tensor | Iterable[Tensor], clip_value: float,
                     foreach: bool | None = None) -> None:
    """Clamp every gradient element into [−clip_value, clip_value]."""
    for g in _grads(parameters):
        xp = array_module(g._data)
        g._data[...] = xp.clip(g._data, -clip_value, clip_value)


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """Every parameter flattened and joined, in order: one vector (gradients flow back)."""
    return cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """The inverse: each parameter's numbers copied from its stretch of `vec`."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    start = 0
    for p in parameters:
        n = p.numel()
        p._data[...] = vec._data[start:start + n].reshape(p.shape)
        start += n

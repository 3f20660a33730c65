"""`torch.poisson`, `torch.binomial` and `torch.randint_like`: draws from gradviz's generator
(its own stream, not PyTorch's: the same distributions, other numbers), with PyTorch's
signatures, dtypes and errors.

As ``bernoulli``'s, a draw records no gradient (PyTorch's derivative of one is zero).
"""

from __future__ import annotations

import builtins

import numpy as np

from gradviz.engine import creation
from gradviz.engine import dtypes as dt
from gradviz.engine.backend import to_device
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_shape import torch_type_name

__all__ = ["binomial", "poisson", "randint_like"]


def _host(t: Tensor) -> np.ndarray:
    return np.asarray(to_device(t._data, "cpu"), dtype=np.float64)


def _drawn(values: np.ndarray, like: Tensor) -> Tensor:
    return creation.tensor(values.astype(like.dtype.np), like.dtype, like.device)


def poisson(input, generator=None) -> Tensor:  # noqa: A002 - PyTorch's name
    """A Poisson count for each rate in `input`, in `input`'s (floating) dtype."""
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"poisson_cpu" not implemented for '
                                  f"'{torch_type_name(input.dtype)}'")
    rates = _host(input)
    if (rates < 0).any() or np.isnan(rates).any():
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    return _drawn(creation.stream(generator).poisson(rates), input)


def binomial(count, prob, generator=None) -> Tensor:
    """The number of successes in `count` trials of probability `prob`, elementwise."""
    for t, name in ((count, "count"), (prob, "prob")):
        if not t.dtype.is_floating_point:
            raise ValueError(f"binomial only supports floating-point dtypes for {name}, got: "
                             f"{torch_type_name(t.dtype)}")
    trials, chances = np.broadcast_arrays(_host(count), _host(prob))
    drawn = creation.stream(generator).binomial(trials.astype(np.int64),
                                                np.clip(chances, 0.0, 1.0))
    return _drawn(drawn, count)


def randint_like(input, low=0, high=None, *, generator=None, dtype=None,  # noqa: A002
                 layout=None, device=None, requires_grad: bool = False,
                 memory_format=None) -> Tensor:
    """Integers uniformly from [low, high) in `input`'s shape (and dtype, unless told);
    ``randint_like(x, high)`` counts from 0."""
    if high is None:
        low, high = 0, low
    low, high = builtins.int(low), builtins.int(high)
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} "
                           f">= to={high}")
    target = dt.to_dtype(dtype) if dtype is not None else input.dtype
    values = creation.stream(generator).integers(low, high, size=tuple(input.shape))
    return creation.tensor(values.astype(target.np), target, device or input.device,
                           requires_grad)

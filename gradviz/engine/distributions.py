"""`torch.distributions`' discrete pair: `Categorical` (draw a class, score it with `log_prob`,
as REINFORCE does) and `Multinomial` (counts of n draws, as the probability chapters toss dice).

The numbers are PyTorch's: probabilities are normalised to sum to 1, logits are the
log-probabilities (``log(clamp(p, eps, 1 − eps))`` from probabilities, ``z − logsumexp(z)``
from logits), and samples come from one `multinomial` draw of (batch, n) indices, taken
with replacement and laid out as PyTorch lays them out, so a program draws what it would.
"""

from __future__ import annotations

import math

import numpy as np

from gradviz.engine import creation

# Every distribution draws through these three names (`distributions_continuous` reads the
# last two here): `Categorical` through multinomial, `Normal.sample` through normal (as
# PyTorch's goes through torch.normal), `Uniform` through rand.
from gradviz.engine.creation import multinomial, normal, rand  # noqa: F401
from gradviz.engine.tensor import Tensor

__all__ = ["Categorical", "Distribution", "Multinomial"]


def _size(sample_shape) -> tuple[int, ...]:
    return tuple(sample_shape) if not isinstance(sample_shape, int) else (sample_shape,)


class Distribution:
    """What the distributions share: the shapes of one draw (``batch_shape``/``event_shape``)."""

    def __init__(self, batch_shape=(), event_shape=()) -> None:
        self.batch_shape, self.event_shape = tuple(batch_shape), tuple(event_shape)

    def _extended_shape(self, sample_shape=()) -> tuple[int, ...]:
        return _size(sample_shape) + self.batch_shape + self.event_shape

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}: {self.__dict__[name].shape!r}" for name in ("probs", "logits")
                          if name in self.__dict__)
        return f"{type(self).__name__}({shown})"


class Categorical(Distribution):
    """One class index per draw, class k with probability ``probs[..., k]``."""

    def __init__(self, probs: Tensor | None = None, logits: Tensor | None = None,
                 validate_args=None) -> None:
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            if probs.dim() < 1:
                raise ValueError("`probs` parameter must be at least one-dimensional.")
            self.probs = probs / probs.sum(-1, keepdim=True)
        else:
            if logits.dim() < 1:
                raise ValueError("`logits` parameter must be at least one-dimensional.")
            self.logits = logits - logits.logsumexp(dim=-1, keepdim=True)
        param = self.probs if probs is not None else self.logits
        self._num_events = param.shape[-1]
        super().__init__(batch_shape=param.shape[:-1])

    def __getattr__(self, name: str):
        # The other parametrisation, made on first use (PyTorch's lazy_property).
        if name == "logits":
            eps = float(np.finfo(self.probs.dtype.np).eps)
            self.logits = self.probs.clamp(min=eps, max=1 - eps).log()
            return self.logits
        if name == "probs":
            self.probs = self.logits.softmax(dim=-1)
            return self.probs
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    @property
    def param_shape(self) -> tuple[int, ...]:
        return tuple(self.probs.shape)

    def sample(self, sample_shape=()) -> Tensor:
        shape = _size(sample_shape)
        probs_2d = self.probs.detach().reshape(-1, self._num_events)
        samples_2d = multinomial(probs_2d, math.prod(shape), True).T
        return samples_2d.reshape(self._extended_shape(shape))

    def log_prob(self, value) -> Tensor:
        value = creation.as_tensor(value).long().unsqueeze(-1)
        log_pmf = self.logits
        shape = np.broadcast_shapes(tuple(value.shape), tuple(log_pmf.shape))
        value = value.expand(*shape)[..., :1]
        return log_pmf.expand(*shape).gather(-1, value).squeeze(-1)

    def entropy(self) -> Tensor:
        min_real = float(np.finfo(self.logits.dtype.np).min)
        p_log_p = self.logits.clamp(min=min_real) * self.probs
        return -p_log_p.sum(-1)


class Multinomial(Distribution):
    """How often each of k outcomes comes up in ``total_count`` draws."""

    def __init__(self, total_count: int = 1, probs: Tensor | None = None,
                 logits: Tensor | None = None, validate_args=None) -> None:
        if not isinstance(total_count, int):
            raise NotImplementedError("inhomogeneous total_count is not supported")
        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits)
        param = self._categorical.probs if probs is not None else self._categorical.logits
        super().__init__(batch_shape=param.shape[:-1], event_shape=param.shape[-1:])

    @property
    def probs(self) -> Tensor:
        return self._categorical.probs

    @property
    def logits(self) -> Tensor:
        return self._categorical.logits

    @property
    def mean(self) -> Tensor:
        return self.probs * self.total_count

    def sample(self, sample_shape=()) -> Tensor:
        shape = _size(sample_shape)
        samples = self._categorical.sample((self.total_count, *shape))
        # (total_count, *sample, *batch) → (*sample, *batch, total_count), then counted.
        order = (*range(1, samples.dim()), 0)
        samples = samples.permute(*order)
        counts = creation.zeros(self._extended_shape(shape), dtype=samples.dtype)
        counts = counts.scatter_add(-1, samples, creation.ones_like(samples))
        return counts.to(self.probs.dtype)

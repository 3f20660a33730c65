"""`torch.distributions`' continuous pair and the wrapper that turns batch dims into event dims:
`Normal` (the Gaussian policy of REINFORCE and VPG, the reparametrised draw of a VAE),
`Uniform`, and `Independent` (``Independent(Normal(mu, std), 1)``: one diagonal Gaussian).

As PyTorch's: parameters broadcast against each other (numbers become tensors of the default
dtype), ``sample()`` draws without a graph and ``rsample()`` through one (loc + ε·scale), and
the arguments are checked by default (``validate_args=False`` turns it off) with PyTorch's
ValueError texts.  Every draw goes through `distributions`' names (``normal``, ``rand``) and
``Tensor.normal_``, as PyTorch's go through ``torch.normal``, ``torch.rand`` and ``normal_``.
``Normal.cdf`` is ½(1 + erf((x − μ)/(σ√2))) and ``Normal.icdf`` its inverse,
μ + σ·√2·erfinv(2p − 1), both differentiable in the value and the parameters.
"""

from __future__ import annotations

import math
from numbers import Number

import numpy as np

from gradviz.engine import creation
from gradviz.engine import distributions as _draws
from gradviz.engine import dtypes as dt
from gradviz.engine.autograd import no_grad
from gradviz.engine.distributions import Distribution, _size
from gradviz.engine.tensor import Size, Tensor

__all__ = ["Independent", "Normal", "Uniform"]


def broadcast_all(*values) -> tuple[Tensor, ...]:
    """The values as tensors of one shape: numbers take the tensors' dtype (the default float
    dtype when all are numbers), as PyTorch's ``distributions.utils.broadcast_all``."""
    like = next((v for v in values if isinstance(v, Tensor)), None)
    if like is None and not all(isinstance(v, Number) for v in values):
        raise ValueError("Input arguments must all be instances of numbers.Number, "
                         "torch.Tensor or objects implementing __torch_function__.")
    dtype = like.dtype if like is not None else dt.DEFAULT_FLOAT
    tensors = [v if isinstance(v, Tensor) else creation.tensor(v, dtype=dtype) for v in values]
    shape = np.broadcast_shapes(*(tuple(t.shape) for t in tensors))
    return tuple(t if tuple(t.shape) == shape else t.expand(*shape) for t in tensors)


class _Checked(Distribution):
    """A distribution whose parameters and values are checked, as PyTorch's ``validate_args``.

    `constraints` names each parameter's check: (its text in the error, the test)."""

    constraints: dict = {}
    support_text = "Real()"

    def __init__(self, batch_shape=(), event_shape=(), validate_args=None) -> None:
        super().__init__(batch_shape, event_shape)
        self._validate_args = True if validate_args is None else bool(validate_args)
        if self._validate_args:
            for name, (text, test) in self.constraints.items():
                value = getattr(self, name)
                if not bool(test(self, value).all()):
                    raise ValueError(
                        f"Expected parameter {name} ({type(value).__name__} of shape "
                        f"{tuple(value.shape)}) of distribution {self!r} to satisfy the "
                        f"constraint {text(self)}, but found invalid values:\n{value}")

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}: {self._shown(getattr(self, name))}" for name in self.params)
        return f"{type(self).__name__}({shown})"

    @staticmethod
    def _shown(t: Tensor) -> str:
        return format(t.detach()) if t.numel() == 1 else repr(t.shape)

    def _in_support(self, value: Tensor) -> Tensor:
        return value == value  # False only for NaN: the real line

    def _validate_sample(self, value) -> None:
        if not isinstance(value, Tensor):
            raise ValueError("The value argument to log_prob must be a Tensor")
        shape, expected = tuple(value.shape), self.batch_shape + self.event_shape
        if shape[len(shape) - len(self.event_shape):] != self.event_shape:
            raise ValueError("The right-most size of value must match event_shape: "
                             f"{value.shape!r} vs {Size(self.event_shape)!r}.")
        for i, j in zip(reversed(shape), reversed(expected), strict=False):
            if i != 1 and j != 1 and i != j:
                raise ValueError("Value is not broadcastable with batch_shape+event_shape: "
                                 f"{value.shape!r} vs {Size(expected)!r}.")
        if not bool(self._in_support(value).all()):
            raise ValueError(
                f"Expected value argument ({type(value).__name__} of shape {shape}) to be "
                f"within the support ({self.support_text}) of the distribution {self!r}, "
                f"but found invalid values:\n{value}")

    def sample(self, sample_shape=()) -> Tensor:
        with no_grad():
            return self.rsample(sample_shape)


class Normal(_Checked):
    """The Gaussian N(loc, scale²), element by element over its batch."""

    params = ("loc", "scale")
    constraints = {"loc": (lambda d: "Real()", lambda d, v: v == v),
                   "scale": (lambda d: "GreaterThan(lower_bound=0.0)", lambda d, v: v > 0)}
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None) -> None:
        self.loc, self.scale = broadcast_all(loc, scale)
        numbers = isinstance(loc, Number) and isinstance(scale, Number)
        super().__init__(() if numbers else tuple(self.loc.shape), validate_args=validate_args)

    mean = mode = property(lambda self: self.loc)
    stddev = property(lambda self: self.scale)
    variance = property(lambda self: self.scale.pow(2))

    def expand(self, batch_shape) -> Normal:
        shape = _size(batch_shape)
        return Normal(self.loc.expand(*shape), self.scale.expand(*shape), validate_args=False)

    def sample(self, sample_shape=()) -> Tensor:
        shape = self._extended_shape(sample_shape)
        with no_grad():  # PyTorch's: torch.normal(loc.expand(shape), scale.expand(shape))
            return _draws.normal(self.loc.expand(*shape), self.scale.expand(*shape))

    def rsample(self, sample_shape=()) -> Tensor:
        shape = self._extended_shape(sample_shape)
        eps = creation.empty(shape, dtype=self.loc.dtype, device=self.loc.device).normal_()
        return self.loc + eps * self.scale

    def log_prob(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        var = self.scale**2
        return (-((value - self.loc) ** 2) / (2 * var) - self.scale.log()
                - math.log(math.sqrt(2 * math.pi)))

    def cdf(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        return 0.5 * (1 + ((value - self.loc) * self.scale.reciprocal() / math.sqrt(2)).erf())

    def icdf(self, value) -> Tensor:
        """loc + scale·√2·erf⁻¹(2p − 1), PyTorch's formula (p is not checked, as there)."""
        return self.loc + self.scale * (2 * creation.as_tensor(value) - 1).erfinv() \
            * math.sqrt(2)

    def entropy(self) -> Tensor:
        return 0.5 + 0.5 * math.log(2 * math.pi) + self.scale.log()


class Uniform(_Checked):
    """Uniform on [low, high), element by element over its batch."""

    params = ("low", "high")
    # PyTorch's constraint texts show the bounds whole (a 0-d one as its number).
    constraints = {"low": (lambda d: f"LessThan(upper_bound={d.high})",
                           lambda d, v: v < d.high)}
    has_rsample = True

    def __init__(self, low, high, validate_args=None) -> None:
        self.low, self.high = broadcast_all(low, high)
        numbers = isinstance(low, Number) and isinstance(high, Number)
        super().__init__(() if numbers else tuple(self.low.shape), validate_args=validate_args)

    @property
    def support_text(self) -> str:
        return f"Interval(lower_bound={self.low}, upper_bound={self.high})"

    def _in_support(self, value: Tensor) -> Tensor:
        return (self.low <= value) & (value <= self.high)

    mean = property(lambda self: (self.high + self.low) / 2)
    mode = property(lambda self: float("nan") * self.high)
    stddev = property(lambda self: (self.high - self.low) / 12**0.5)
    variance = property(lambda self: (self.high - self.low).pow(2) / 12)

    def rsample(self, sample_shape=()) -> Tensor:
        shape = self._extended_shape(sample_shape)
        rand = _draws.rand(shape, dtype=self.low.dtype, device=self.low.device)
        return self.low + rand * (self.high - self.low)

    def log_prob(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        lb = self.low.le(value).type_as(self.low)
        ub = self.high.gt(value).type_as(self.low)
        return (lb * ub).log() - (self.high - self.low).log()

    def cdf(self, value) -> Tensor:
        if self._validate_args:
            self._validate_sample(value)
        return ((value - self.low) / (self.high - self.low)).clamp(min=0, max=1)

    def icdf(self, value) -> Tensor:
        return value * (self.high - self.low) + self.low

    def entropy(self) -> Tensor:
        return (self.high - self.low).log()


def _sum_rightmost(t: Tensor, dims: int) -> Tensor:
    return t.reshape(*t.shape[:t.dim() - dims], -1).sum(-1) if dims > 0 else t


class Independent(Distribution):
    """`base_distribution` with its last `reinterpreted_batch_ndims` batch dims read as event
    dims: log_prob and entropy summed over them."""

    def __init__(self, base_distribution, reinterpreted_batch_ndims: int,
                 validate_args=None) -> None:
        base = base_distribution
        if reinterpreted_batch_ndims > len(base.batch_shape):
            raise ValueError(
                "Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), "
                f"actual {reinterpreted_batch_ndims} vs {len(base.batch_shape)}")
        shape = base.batch_shape + base.event_shape
        event_dim = reinterpreted_batch_ndims + len(base.event_shape)
        self.base_dist, self.reinterpreted_batch_ndims = base, reinterpreted_batch_ndims
        super().__init__(shape[:len(shape) - event_dim], shape[len(shape) - event_dim:])

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.base_dist!r}, {self.reinterpreted_batch_ndims})"

    has_rsample = property(lambda self: self.base_dist.has_rsample)
    mean = property(lambda self: self.base_dist.mean)
    mode = property(lambda self: self.base_dist.mode)
    variance = property(lambda self: self.base_dist.variance)
    stddev = property(lambda self: self.base_dist.stddev)

    def sample(self, sample_shape=()) -> Tensor:
        return self.base_dist.sample(sample_shape)

    def rsample(self, sample_shape=()) -> Tensor:
        return self.base_dist.rsample(sample_shape)

    def log_prob(self, value) -> Tensor:
        return _sum_rightmost(self.base_dist.log_prob(value), self.reinterpreted_batch_ndims)

    def entropy(self) -> Tensor:
        return _sum_rightmost(self.base_dist.entropy(), self.reinterpreted_batch_ndims)

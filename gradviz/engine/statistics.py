"""Differences, running log-sums and spreads, PyTorch-shaped: ``diff``, ``logcumsumexp``,
``std_mean``/``var_mean``, ``cov``, ``corrcoef`` and ``cdist``.

Each is a composite of the registry's rows (slicing and subtraction, ``where`` and
``logsumexp``, ``std``/``var`` and ``mean``, matrix products, ``norm``), so its gradient is
theirs; the checks, warnings and error messages are PyTorch's.
"""

from __future__ import annotations

import builtins
import math
import warnings

import numpy as np

from gradviz.engine import creation
from gradviz.engine import dtypes as dt
from gradviz.engine.backend import to_device
from gradviz.engine.keywords import torch_keywords
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor, matmul
from gradviz.engine.tensor_functions import cat, where
from gradviz.engine.tensor_shape import torch_type_name, wrap, wrap_dim

__all__ = ["cdist", "corrcoef", "cov", "diff", "logcumsumexp", "std_mean", "var_mean"]

_t = creation.as_tensor


# ── differences ──────────────────────────────────────────────────────────────────────────
def diff(input, n: int = 1, dim: int = -1, prepend=None, append=None) -> Tensor:  # noqa: A002
    """The n-th forward difference along `dim`: out[i] = x[i+1] − x[i], `n` times over, after
    `prepend` and `append` are joined on (a bool tensor: x[i+1] ≠ x[i])."""
    x = _t(input)
    if x.dim() == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    dim = wrap_dim(dim, x.dim())
    parts = []
    for extra in (prepend, append):
        if extra is None:
            continue
        extra = _t(extra)
        if extra.dim() != x.dim():
            raise RuntimeError("diff expects prepend or append to be the same dimension as input")
        for d in range(x.dim()):
            if d != dim and extra.shape[d] != x.shape[d]:
                raise RuntimeError(
                    "diff expects the shape of tensor to prepend or append to match that of "
                    f"input except along the differencing dimension; input.size({d}) = "
                    f"{x.shape[d]}, but got tensor.size({d}) = {extra.shape[d]}")
        parts.append(extra)
    if parts:
        x = cat([parts[0], x, *parts[1:]] if prepend is not None else [x, *parts], dim)
    for _ in range(n):
        size = x.shape[dim]
        later, earlier = x._slab(dim, 1, size), x._slab(dim, 0, builtins.max(size - 1, 0))
        x = later != earlier if x.dtype is dt.bool_ else later - earlier
    return x


_SQUARE_LIMIT = 1 << 22  # elements of the masked square; past it, the shifted cumsum


def logcumsumexp(input, dim: int) -> Tensor:  # noqa: A002
    """ln Σ_{j ≤ i} e^{x_j} along `dim`.  Each is a `logsumexp` of the elements up to it
    (those after masked to −∞), so no partial sum overflows or underflows; on inputs too long
    for that square, m + ln cumsum e^{x − m} with m the lane's (constant) maximum."""
    x = _t(input)
    if not x.dtype.is_floating_point:
        raise NotImplementedError(
            f'"logcumsumexp_out_cpu" not implemented for \'{torch_type_name(x.dtype)}\'')
    if x.dim() == 0:
        wrap_dim(dim, 0)
        return named_node(x * 1 if x.requires_grad else wrap(x._data.copy()),
                          "LogcumsumexpBackward0")
    dim = wrap_dim(dim, x.dim())
    last = x.movedim(dim, -1) if dim != x.dim() - 1 else x
    n = last.shape[-1]
    if n and last.numel() * n > _SQUARE_LIMIT:
        shift = last.detach().amax(-1, keepdim=True)
        shift = where(shift.isfinite(), shift, creation.tensor(0, dtype=x.dtype))
        out = (last - shift).exp().cumsum(-1).log() + shift
    else:
        rows = last.unsqueeze(-2).expand(*last.shape[:-1], n, n)  # rows i, columns j
        upto = wrap(to_device(np.tril(np.ones((n, n), dtype=bool)), x.device))
        masked = where(upto, rows, creation.tensor(-math.inf, dtype=x.dtype))
        out = masked.logsumexp(-1)
    out = out.movedim(-1, dim) if dim != x.dim() - 1 else out
    return named_node(out, "LogcumsumexpBackward0")


# ── spreads ──────────────────────────────────────────────────────────────────────────────
def _spread_mean(name: str, input, dim, unbiased, keepdim, correction):  # noqa: A002
    x = _t(input)
    if isinstance(dim, builtins.bool):  # std_mean(x, False): the old (input, unbiased) form
        dim, unbiased = None, dim
    spread = getattr(x, name)(dim, unbiased, keepdim, correction=correction)
    mean = x.mean() if dim is None and not keepdim else x.mean(
        tuple(range(x.dim())) if dim is None else dim, keepdim)
    node = "StdMeanBackward0" if name == "std" else "VarMeanBackward0"  # one node, two results
    return named_node(spread, node), named_node(mean, node)


def std_mean(input, dim=None, unbiased=None, keepdim: bool = False, *,  # noqa: A002
             correction=None) -> tuple[Tensor, Tensor]:
    """(std, mean) over `dim` (every element by default): `std`'s arguments, both at once."""
    return _spread_mean("std", input, dim, unbiased, keepdim, correction)


def var_mean(input, dim=None, unbiased=None, keepdim: bool = False, *,  # noqa: A002
             correction=None) -> tuple[Tensor, Tensor]:
    """(var, mean) over `dim` (every element by default): `var`'s arguments, both at once."""
    return _spread_mean("var", input, dim, unbiased, keepdim, correction)


def cov(input, *, correction: int = 1, fweights=None, aweights=None) -> Tensor:  # noqa: A002
    """The covariance matrix of the variables in the rows (a vector: one variable) over the
    observations in the columns, with frequency and importance weights; one variable: 0-d."""
    x = _t(input)
    if x.dim() > 2:
        raise RuntimeError("cov(): expected input to have two or fewer dimensions but got an "
                           f"input with {x.dim()} dimensions")
    if not x.dtype.is_floating_point:
        x = x.to(dt.get_default_dtype())
    if x.dim() < 2:
        x = x.reshape(1, -1)
    observations = x.shape[1]
    w = None
    if fweights is not None:
        f = _t(fweights)
        _check_weights("fweights", f, observations, not f.dtype.is_floating_point, "integral")
        if (f._data < 0).any():
            raise RuntimeError("cov(): fweights cannot be negative")
        w = f
    a = None
    if aweights is not None:
        a = _t(aweights)
        _check_weights("aweights", a, observations, a.dtype.is_floating_point, "floating point")
        if (a._data < 0).any():
            raise RuntimeError("cov(): aweights cannot be negative")
        w = a if w is None else w * a
    if w is not None and w.dtype is not x.dtype:
        w = w.to(x.dtype)
    if w is None:
        average, w_sum = x.mean(1), observations
        norm = observations - correction
    else:
        w_sum = w.sum()
        average = (x * w).sum(1) / w_sum
        w_total = builtins.float(w_sum.item())
        if correction == 0:
            norm = w_total
        elif a is None:
            norm = w_total - correction
        else:
            norm = w_total - correction * builtins.float((w * a.to(x.dtype)).sum().item()
                                                         ) / w_total
    if norm <= 0:
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less "
                      "than the number of observations.", UserWarning, stacklevel=2)
        norm = 0
    centred = x - average.unsqueeze(1)
    c = matmul(centred, (centred if w is None else centred * w).t())
    return named_node((c / norm).squeeze(), "SqueezeBackward0")


def _check_weights(name: str, w: Tensor, observations: int, kind_ok: bool, kind: str) -> None:
    if w.dim() > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got "
                           f"{name} with {w.dim()} dimensions")
    if not kind_ok:
        raise RuntimeError(f"cov(): expected {name} to have {kind} dtype but got {name} with "
                           f"{torch_type_name(w.dtype)} dtype")
    if w.numel() != observations:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are "
                           f"observations in the input but got {w.numel()} != {observations}")


def corrcoef(input) -> Tensor:  # noqa: A002
    """Pearson's correlation coefficients of the rows: the covariance over the product of
    the two standard deviations, clipped to [−1, 1]."""
    c = cov(input)
    if c.dim() == 0:
        return c / c
    k = np.arange(c.shape[0])
    spread = c[k, k].sqrt()
    c = c / spread.unsqueeze(1)
    c = c / spread.unsqueeze(0)
    return c.clamp(-1, 1)


# ── distances ────────────────────────────────────────────────────────────────────────────
_MODES = ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
          "donot_use_mm_for_euclid_dist")


def cdist(x1, x2, p: float = 2.0, compute_mode: str = _MODES[0]) -> Tensor:
    """The p-norm distance between each row of x1 and each row of x2 (batched over leading
    dims): [P, M] and [R, M] give [P, R].  For p = 2 on more than 25 rows PyTorch computes
    ‖a‖² − 2a·b + ‖b‖² with a matrix product; so does gradviz, for the same numbers."""
    a, b = _t(x1), _t(x2)
    for name, t in (("X1", a), ("X2", b)):
        if t.dim() < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: "
                               f"{t.dim()}D")
    if a.shape[-1] != b.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: "
                           f"{a.shape[-1]} X2: {b.shape[-1]}")
    for name, t in (("X1", a), ("X2", b)):
        if not t.dtype.is_floating_point:
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{torch_type_name(t.dtype)}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if compute_mode not in _MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    rows, others = a.shape[-2], b.shape[-2]
    use_mm = p == 2 and (compute_mode == _MODES[1] or (
        compute_mode == _MODES[0] and (rows > 25 or others > 25)))
    if use_mm:
        return named_node(_euclidean_by_products(a, b), "ViewBackward0")
    gaps = a.unsqueeze(-2) - b.unsqueeze(-3)  # (…, P, R, M)
    return named_node(gaps.norm(p, -1) if p != 2 else gaps.norm(dim=-1), "CdistBackward0")


def _euclidean_by_products(a: Tensor, b: Tensor) -> Tensor:
    """PyTorch's _euclidean_dist: [−2a, ‖a‖², 1] · [b, 1, ‖b‖²]ᵀ, clamped at 1e−30, √."""
    a_norm = (a * a).sum(-1, keepdim=True)
    b_norm = (b * b).sum(-1, keepdim=True)
    ones_a = creation.ones(*a_norm.shape, dtype=a.dtype)
    ones_b = creation.ones(*b_norm.shape, dtype=b.dtype)
    left = cat([-2 * a, a_norm, ones_a], -1)
    right = cat([b, ones_b, b_norm], -1)
    return matmul(left, right.transpose(-2, -1)).clamp_min(1e-30).sqrt()


for _name in ("diff", "logcumsumexp", "cov", "corrcoef"):
    setattr(Tensor, _name, torch_keywords(globals()[_name]))
del _name

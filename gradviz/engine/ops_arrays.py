"""Registry rows for rearranging, gathering, scanning and measuring: permute, expand, repeat,
gather, cumsum, norm, logsumexp, amax/amin and the rounding steps (sign, round, floor, ceil);
prod, cumprod, flip, roll, scatter/scatter_add; floor division and remainders; erf and GELU.

Each is one node, as in PyTorch (``PermuteBackward0``, ``GatherBackward0``, …), where a
composite of other ops would be wrong (‖z‖'s gradient at z = 0, the steps' zero gradient) or
absurd (a cumulative sum as a triangular matmul).  `ops` imports this module at its end.
"""

from __future__ import annotations

import math

from gradviz.engine import scalar_forms as sf
from gradviz.engine import special
from gradviz.engine.backend import add_at
from gradviz.engine.ops import _axis, _expand_reduced, _index_vjp, _logsumexp, defop, quiet


def _inverse(dims):
    order = [0] * len(dims)
    for i, d in enumerate(dims):
        order[d] = i
    return tuple(order)


def _repeat_vjp(xp, g, out, x, repeats=()):
    # Output axis i holds repeats[i] copies of input axis i: split it in (copy, element) and
    # sum over the copies.
    shape = (1,) * (len(repeats) - x.ndim) + x.shape
    split = [n for pair in zip(repeats, shape, strict=True) for n in pair]
    return g.reshape(split).sum(axis=tuple(range(0, len(split), 2))).reshape(x.shape)


def _crop(x, shape, dim):
    # gather reads only the leading index.shape[d] entries of each other axis d, as PyTorch.
    if x.shape == shape:
        return x
    return x[tuple(slice(None) if d == dim else slice(0, n) for d, n in enumerate(shape))]


def gather_forward(xp, x, dim=0, index=None):
    return xp.take_along_axis(_crop(x, index.shape, dim), index, axis=dim)


def _gather_vjp(xp, g, out, x, dim=0, index=None):
    grids = list(xp.indices(index.shape, sparse=True))
    grids[dim] = index
    return _index_vjp(xp, g, out, x, tuple(grids))


def _cumsum_vjp(xp, g, out, x, dim=0):
    # out_j = Σ_{i ≤ j} z_i, so ∂L/∂z_i = Σ_{j ≥ i} G_j: a cumulative sum from the other end.
    return xp.flip(xp.cumsum(xp.flip(g, dim), axis=dim), dim)


def _keep(xp, a, shape, dim, keepdim):
    """A reduced array with its reduced axes back as length 1, to broadcast against `shape`."""
    if dim is None or keepdim or a.ndim == len(shape):
        return a if a.ndim == len(shape) else a.reshape((1,) * len(shape))
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    return xp.expand_dims(a, tuple(d % len(shape) for d in dims))


def _norm(xp, x, dim=None, keepdim=False):
    return xp.sqrt((x * x).sum(axis=_axis(dim), keepdims=keepdim))


@quiet
def _norm_vjp(xp, g, out, x, dim=None, keepdim=False):
    # zᵢ/‖z‖ · G, and 0 at z = 0 (PyTorch's choice of subgradient there).
    zero = out == 0
    scale = xp.where(zero, 0, g / xp.where(zero, 1, out))
    return x * _expand_reduced(xp, scale, x.shape, dim, keepdim)


def _lse(xp, x, dim=None, keepdim=False):
    axis = _axis(dim)
    out = _logsumexp(xp, x, axis)
    if axis is None:
        return out.reshape(()) if not keepdim else out
    return out if keepdim else out.squeeze(axis)


@quiet
def _lse_vjp(xp, g, out, x, dim=None, keepdim=False):
    # ∂/∂zᵢ ln Σⱼ e^zⱼ = e^(zᵢ − lse): the softmax along the reduced axes.
    return xp.exp(x - _keep(xp, out, x.shape, dim, keepdim)) * _keep(xp, g, x.shape, dim, keepdim)


def _extreme_dim_vjp(xp, g, out, x, dim=None, keepdim=False):
    # amax/amin: the k tied extremes of each slice share its gradient evenly, as PyTorch.
    ties = x == _keep(xp, out, x.shape, dim, keepdim)
    count = ties.sum(axis=_axis(dim), keepdims=True)
    return ties * (_keep(xp, g, x.shape, dim, keepdim) / count)


def _zero_vjp(xp, g, out, x, **params):
    return xp.zeros(x.shape, dtype=g.dtype)


defop("permute", "permute", lambda xp, x, dims=(): xp.transpose(x, dims),
      lambda xp, g, out, x, dims=(): xp.transpose(g, _inverse(dims)),
      formula="permute(z, dims): the same values with the axes in another order",
      derivatives=("∂/∂z = G with the axes in the inverse order",),
      scalar=sf.FORWARD, nodes=sf.no_nodes, dims=())
defop("expand", "expand", lambda xp, x, shape=(): xp.broadcast_to(x, shape).copy(),
      lambda xp, g, out, x, shape=(): g,  # `contribution` sums G over the copies
      formula="expand(z): z copied along its axes of size 1",
      derivatives=("∂/∂z = Σ of G over the copies",),
      scalar=sf.FORWARD, nodes=sf.no_nodes, shape=())
defop("repeat", "repeat", lambda xp, x, repeats=(): xp.tile(x, repeats), _repeat_vjp,
      formula="repeat(z, r): z repeated rₖ times along each axis k",
      derivatives=("∂/∂z = Σ of G over the repetitions",),
      scalar=sf.FORWARD, nodes=sf.no_nodes, repeats=())
defop("gather", "gather", gather_forward, _gather_vjp,
      formula="gather(z, dim, idx): z read at the positions idx along dim",
      derivatives=("∂/∂z = G summed at the positions idx, 0 elsewhere",),
      scalar=sf.FORWARD, nodes=sf.no_nodes, dim=0, index=None)
defop("cumsum", "cumsum", lambda xp, x, dim=0: xp.cumsum(x, axis=dim), _cumsum_vjp,
      formula="cumsum(z)ⱼ = Σ_{i ≤ j} zᵢ",
      derivatives=("∂/∂zᵢ = Σ_{j ≥ i} Gⱼ (a cumulative sum from the end)",),
      scalar=sf.FORWARD, nodes=sf.per_input(2), dim=0)
defop("norm", "‖·‖", quiet(_norm), _norm_vjp,
      formula="‖z‖ = √(Σᵢ zᵢ²)", derivatives=("∂/∂zᵢ = zᵢ/‖z‖ (0 if z = 0)",),
      scalar=sf.norm_nodes, nodes=sf.per_input(6), dim=None, keepdim=False)
def _centred(xp, x, dim):
    # z − z̄ with the mean as `mean` computes it (Σ z / n), kept along the reduced axes.
    total = x.sum(axis=_axis(dim), keepdims=True)
    return x - total / max(x.size // max(total.size, 1), 1)


def _dof(x, out, correction):
    return x.size // max(out.size, 1) - correction


def _var(xp, x, dim=None, keepdim=False, correction=1):
    centred = _centred(xp, x, dim)
    return (centred * centred).sum(axis=_axis(dim), keepdims=keepdim) / max(
        _dof(x, centred.sum(axis=_axis(dim), keepdims=keepdim), correction), 0)


def _var_vjp(xp, g, out, x, dim=None, keepdim=False, correction=1):
    # PyTorch's var_backward: (2 / dof) · G · (z − z̄).
    scale = 2.0 / _dof(x, out, correction) if _dof(x, out, correction) else math.inf
    return scale * _expand_reduced(xp, g, x.shape, dim, keepdim) * _centred(xp, x, dim)


def _std_vjp(xp, g, out, x, dim=None, keepdim=False, correction=1):
    # PyTorch's std_backward: G / (2·std), 0 where std = 0, then var's.
    zero = out == 0
    g_var = xp.where(zero, 0, g / xp.where(zero, 1, out * 2))
    return _var_vjp(xp, g_var, out, x, dim, keepdim, correction)


defop("var", "var", quiet(_var), quiet(_var_vjp),
      formula="var(z) = Σᵢ (zᵢ − z̄)² / (n − c)", derivatives=("∂/∂zᵢ = 2·(zᵢ − z̄) / (n − c)",),
      scalar=sf.var_nodes, nodes=sf.per_input(6), dim=None, keepdim=False, correction=1)
defop("std", "std", quiet(lambda xp, x, dim=None, keepdim=False, correction=1: xp.sqrt(
          _var(xp, x, dim, keepdim, correction))), quiet(_std_vjp),
      formula="std(z) = √var(z)", derivatives=("∂/∂zᵢ = (zᵢ − z̄) / ((n − c)·std(z))",),
      scalar=sf.std_nodes, nodes=sf.per_input(7), dim=None, keepdim=False, correction=1)
defop("logsumexp", "logsumexp", quiet(_lse), _lse_vjp,
      formula="logsumexp(z) = ln Σᵢ e^zᵢ", derivatives=("∂/∂zᵢ = softmax(z)ᵢ",),
      scalar=sf.logsumexp_nodes, nodes=sf.per_input(6), dim=None, keepdim=False)
defop("amax", "max", lambda xp, x, dim=None, keepdim=False: x.max(axis=_axis(dim),
                                                                  keepdims=keepdim),
      _extreme_dim_vjp, formula="amax(z) = the maximum of z along dim",
      derivatives=("∂/∂zᵢ = 1/k at the k maxima, else 0",),
      scalar=sf.amax_nodes, nodes=sf.per_input(2), dim=None, keepdim=False)
defop("amin", "min", lambda xp, x, dim=None, keepdim=False: x.min(axis=_axis(dim),
                                                                  keepdims=keepdim),
      _extreme_dim_vjp, formula="amin(z) = the minimum of z along dim",
      derivatives=("∂/∂zᵢ = 1/k at the k minima, else 0",),
      scalar=sf.amin_nodes, nodes=sf.per_input(2), dim=None, keepdim=False)

# Steps: constant between jumps, so the derivative is 0 wherever it exists (PyTorch's choice).
_STEP = "∂/∂z = 0 (a step: constant between jumps)"
defop("sign", "sign", lambda xp, x: xp.sign(x), _zero_vjp,
      formula="sign(z) = −1, 0 or 1", derivatives=(_STEP,), scalar=sf.STEP)
defop("round", "round", lambda xp, x, decimals=0: xp.round(x, decimals), _zero_vjp,
      formula="round(z): the nearest integer (ties to even)", derivatives=(_STEP,),
      scalar=sf.STEP, decimals=0)
defop("floor", "⌊·⌋", lambda xp, x: xp.floor(x), _zero_vjp,
      formula="⌊z⌋: the largest integer ≤ z", derivatives=(_STEP,), scalar=sf.STEP)
defop("ceil", "⌈·⌉", lambda xp, x: xp.ceil(x), _zero_vjp,
      formula="⌈z⌉: the smallest integer ≥ z", derivatives=(_STEP,), scalar=sf.STEP)
defop("trunc", "trunc", lambda xp, x: xp.trunc(x), _zero_vjp,
      formula="trunc(z): z without its fractional part (rounding toward 0)",
      derivatives=(_STEP,), scalar=sf.STEP)


# ── products, flips, rolls, scatters ─────────────────────────────────────────────────────
def _moved(xp, a, dim):
    """`a` with axis `dim` last, as rows: (rows, n), and a function that undoes it."""
    moved = xp.moveaxis(a, dim, -1)
    shape = moved.shape
    return moved.reshape(-1, shape[-1]), lambda r: xp.moveaxis(r.reshape(shape), -1, dim)


def _prod_vjp(xp, g, out, x, dim=None, keepdim=False):
    # ∂/∂zᵢ Πⱼ zⱼ = Π_{j≠i} zⱼ: the products of those before i and of those after, with no
    # division, so one zero gives its neighbours 0 and itself the rest's product, as PyTorch.
    if not x.size:
        return xp.zeros(x.shape, dtype=g.dtype)
    rows, back = _moved(xp, x.reshape(-1) if dim is None else x, -1 if dim is None else dim)
    ones = xp.ones((rows.shape[0], 1), dtype=rows.dtype)
    before = xp.concatenate([ones, xp.cumprod(rows, axis=-1)[:, :-1]], axis=-1)
    after = xp.concatenate([ones, xp.cumprod(rows[:, ::-1], axis=-1)[:, :-1]], axis=-1)[:, ::-1]
    others = back(before * after).reshape(x.shape)
    return others * _expand_reduced(xp, g, x.shape, dim, keepdim)


@quiet
def _cumprod_vjp(xp, g, out, x, dim=0):
    # outⱼ = Π_{k ≤ j} zₖ.  Before a row's first zero f: ∂L/∂zᵢ = Σ_{j ≥ i} Gⱼ·outⱼ / zᵢ (zᵢ ≠ 0
    # there); at f: out_{f−1} · Σ_{j ≥ f} Gⱼ·Π_{f < k ≤ j} zₖ; after f: 0 (PyTorch's rule).
    if not x.size:
        return xp.zeros(x.shape, dtype=g.dtype)
    z, back = _moved(xp, x, dim)
    gz, _ = _moved(xp, g, dim)
    oz, _ = _moved(xp, out, dim)
    n = z.shape[-1]
    pos = xp.arange(n)
    zero = z == 0
    first = xp.where(zero.any(axis=-1), zero.argmax(axis=-1), n)[:, None]
    before = pos < first
    later = xp.cumsum((gz * oz)[:, ::-1], axis=-1)[:, ::-1]
    grad = xp.where(before, later / xp.where(before, z, 1), 0)
    if bool(zero.any()):
        past = xp.cumprod(xp.where(pos > first, z, 1), axis=-1)
        tail = (gz * past * (pos >= first)).sum(axis=-1, keepdims=True)
        prior = xp.take_along_axis(oz, xp.maximum(first - 1, 0).clip(0, n - 1), axis=-1)
        prior = xp.where(first == 0, 1, prior)
        grad = xp.where(pos == first, prior * tail, grad)
    return back(grad)


def _roll_back(shifts, dims):
    return tuple(-s for s in shifts) if dims is not None else -shifts


def _grids(xp, index, dim):
    """The positions index names along `dim`, the others read where index itself sits."""
    grids = list(xp.indices(index.shape, sparse=True))
    grids[dim] = index
    return tuple(grids)


def scatter_forward(xp, x, src, dim=0, index=None, add=False):
    out = x.copy()
    values = _crop(src, index.shape, None)  # src is read where index sits, as PyTorch
    if add:
        return add_at(xp, out, _grids(xp, index, dim), values)
    out[_grids(xp, index, dim)] = values
    return out


def _scatter_vjp_x(xp, g, out, x, src, dim=0, index=None):
    # Overwritten entries no longer depend on z: their gradient is 0.
    hit = xp.zeros(x.shape, dtype=bool)
    hit[_grids(xp, index, dim)] = True
    return xp.where(hit, 0, g)


def _scatter_vjp_src(xp, g, out, x, src, dim=0, index=None, add=False):
    # Each src entry that index reads went to one place of the output: G read back there.
    picked = g[_grids(xp, index, dim)]
    if picked.shape == src.shape:
        return picked
    grad = xp.zeros(src.shape, dtype=g.dtype)
    grad[tuple(slice(0, n) for n in index.shape)] = picked
    return grad


defop("prod", "Π",
      lambda xp, x, dim=None, keepdim=False: x.prod(axis=dim, keepdims=keepdim), _prod_vjp,
      formula="Πᵢ zᵢ", derivatives=("∂/∂zᵢ = Π_{j≠i} zⱼ (the product of the others)",),
      scalar=sf.prod_nodes, nodes=sf.per_input(2), dim=None, keepdim=False)
defop("cumprod", "cumprod", lambda xp, x, dim=0: xp.cumprod(x, axis=dim), _cumprod_vjp,
      formula="cumprod(z)ⱼ = Π_{i ≤ j} zᵢ",
      derivatives=("∂/∂zᵢ = Σ_{j ≥ i} Gⱼ · Π_{k ≤ j, k ≠ i} zₖ",),
      scalar=sf.FORWARD, nodes=sf.per_input(2), dim=0)
defop("flip", "flip", lambda xp, x, dims=(): xp.flip(x, dims).copy(),
      lambda xp, g, out, x, dims=(): xp.flip(g, dims),
      formula="flip(z, dims): z read backwards along the axes dims",
      derivatives=("∂/∂z = G backwards along the same axes",),
      scalar=sf.FORWARD, nodes=sf.no_nodes, dims=())
defop("roll", "roll",
      lambda xp, x, shifts=0, dims=None: xp.roll(x, shifts, axis=dims),
      lambda xp, g, out, x, shifts=0, dims=None: xp.roll(g, _roll_back(shifts, dims), axis=dims),
      formula="roll(z, s): z shifted by s positions, circularly",
      derivatives=("∂/∂z = G shifted by −s positions",),
      scalar=sf.FORWARD, nodes=sf.no_nodes, shifts=0, dims=None)
defop("scatter", "scatter", scatter_forward, _scatter_vjp_x, _scatter_vjp_src,
      formula="scatter(z, dim, idx, s): z with s written at the positions idx",
      derivatives=("∂/∂z = G, 0 at the overwritten positions", "∂/∂s = G read at idx"),
      scalar=sf.FORWARD, nodes=sf.no_nodes, dim=0, index=None)
defop("scatter_add", "scatter+",
      lambda xp, x, src, dim=0, index=None: scatter_forward(xp, x, src, dim, index, add=True),
      lambda xp, g, out, x, src, dim=0, index=None: g, _scatter_vjp_src,
      formula="scatter_add(z, dim, idx, s): z plus s added at the positions idx",
      derivatives=("∂/∂z = G", "∂/∂s = G read at idx"), scalar=sf.FORWARD, dim=0, index=None)


# ── integer-style division: floor division, remainders ───────────────────────────────────
defop("floor_divide", "//", quiet(lambda xp, x, y: xp.floor_divide(x, y)),
      lambda xp, g, out, x, y: xp.zeros(x.shape, dtype=g.dtype),
      lambda xp, g, out, x, y: xp.zeros(y.shape, dtype=g.dtype),
      formula="a // b = ⌊a / b⌋",
      derivatives=("∂/∂a = 0 (step function)", "∂/∂b = 0 (step function)"), broadcasts=True,
      scalar=sf.STEP)
defop("remainder", "%", quiet(lambda xp, x, y: xp.remainder(x, y)),
      lambda xp, g, out, x, y: g,
      quiet(lambda xp, g, out, x, y: -g * xp.floor_divide(x, y)),
      formula="a % b = a − b·⌊a / b⌋ (with the sign of b)",
      derivatives=("∂/∂a = 1", "∂/∂b = −⌊a / b⌋"), broadcasts=True)
defop("fmod", "fmod", quiet(lambda xp, x, y: xp.fmod(x, y)),
      lambda xp, g, out, x, y: g,
      quiet(lambda xp, g, out, x, y: -g * xp.trunc(x / y)),
      formula="fmod(a, b) = a − b·trunc(a / b) (with the sign of a)",
      derivatives=("∂/∂a = 1", "∂/∂b = −trunc(a / b)"), broadcasts=True)


# ── the error function and GELU ───────────────────────────────────────────────────────────
def _gelu(xp, x, approximate="none"):
    if approximate == "tanh":
        inner = _TANH_SCALE * (x + 0.044715 * x * x * x)
        return 0.5 * x * (1 + xp.tanh(inner))
    return 0.5 * x * special.erfc(xp, -x * special.SQRT_2_INV)  # x·Φ(x)


def _gelu_vjp(xp, g, out, x, approximate="none"):
    if approximate == "tanh":
        x2 = x * x
        t = xp.tanh(_TANH_SCALE * (x + 0.044715 * x2 * x))
        slope = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * _TANH_SCALE * (1 + 3 * 0.044715 * x2)
        return g * slope
    cdf = 0.5 * special.erfc(xp, -x * special.SQRT_2_INV)
    return g * (cdf + x * special.SQRT_2PI_INV * xp.exp(-0.5 * x * x))  # Φ(x) + x·φ(x)


_TANH_SCALE = math.sqrt(2 / math.pi)

defop("erf", "erf", quiet(lambda xp, x: special.erf(xp, x)),
      quiet(lambda xp, g, out, x: g * (2 / math.sqrt(math.pi)) * xp.exp(-x * x)),
      formula="erf(z) = (2/√π) ∫₀ᶻ e^(−t²) dt", derivatives=("∂/∂z = (2/√π)·e^(−z²)",))
defop("erfinv", "erf⁻¹", quiet(lambda xp, y: special.erfinv(xp, y)),
      quiet(lambda xp, g, out, y: 0.5 * math.sqrt(math.pi) * xp.exp(out * out) * g),
      formula="erfinv(y) = erf⁻¹(y)", derivatives=("∂/∂y = (√π/2)·e^(erfinv(y)²)",))
defop("gelu", "GELU", quiet(_gelu), quiet(_gelu_vjp),
      formula="GELU(z) = z·Φ(z) = z·½(1 + erf(z/√2))",
      derivatives=("∂/∂z = Φ(z) + z·φ(z)",), approximate="none")

"""Registry rows for rearranging, gathering, scanning and measuring: permute, expand, repeat,
gather, cumsum, norm, logsumexp, amax/amin and the rounding steps (sign, round, floor, ceil).

Each is one node, as in PyTorch (``PermuteBackward0``, ``GatherBackward0``, …), where a
composite of other ops would be wrong (‖z‖'s gradient at z = 0, the steps' zero gradient) or
absurd (a cumulative sum as a triangular matmul).  `ops` imports this module at its end.
"""

from __future__ import annotations

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
      formula="permute(z, dims): los mismos valores con los ejes en otro orden",
      derivatives=("∂/∂z = G con los ejes en el orden inverso",), dims=())
defop("expand", "expand", lambda xp, x, shape=(): xp.broadcast_to(x, shape).copy(),
      lambda xp, g, out, x, shape=(): g,  # `contribution` sums G over the copies
      formula="expand(z): z copiado a lo largo de sus ejes de tamaño 1",
      derivatives=("∂/∂z = Σ de G sobre las copias",), shape=())
defop("repeat", "repeat", lambda xp, x, repeats=(): xp.tile(x, repeats), _repeat_vjp,
      formula="repeat(z, r): z repetido rₖ veces en cada eje k",
      derivatives=("∂/∂z = Σ de G sobre las repeticiones",), repeats=())
defop("gather", "gather", gather_forward, _gather_vjp,
      formula="gather(z, dim, idx): z leído en las posiciones idx a lo largo de dim",
      derivatives=("∂/∂z = G sumado en las posiciones idx, 0 en el resto",),
      dim=0, index=None)
defop("cumsum", "cumsum", lambda xp, x, dim=0: xp.cumsum(x, axis=dim), _cumsum_vjp,
      formula="cumsum(z)ⱼ = Σ_{i ≤ j} zᵢ",
      derivatives=("∂/∂zᵢ = Σ_{j ≥ i} Gⱼ (suma acumulada desde el final)",), dim=0)
defop("norm", "‖·‖", quiet(_norm), _norm_vjp,
      formula="‖z‖ = √(Σᵢ zᵢ²)", derivatives=("∂/∂zᵢ = zᵢ/‖z‖ (0 si z = 0)",),
      dim=None, keepdim=False)
defop("logsumexp", "logsumexp", quiet(_lse), _lse_vjp,
      formula="logsumexp(z) = ln Σᵢ e^zᵢ", derivatives=("∂/∂zᵢ = softmax(z)ᵢ",),
      dim=None, keepdim=False)
defop("amax", "max", lambda xp, x, dim=None, keepdim=False: x.max(axis=_axis(dim),
                                                                  keepdims=keepdim),
      _extreme_dim_vjp, formula="amax(z) = máximo de z a lo largo de dim",
      derivatives=("∂/∂zᵢ = 1/k en los k máximos, si no 0",), dim=None, keepdim=False)
defop("amin", "min", lambda xp, x, dim=None, keepdim=False: x.min(axis=_axis(dim),
                                                                  keepdims=keepdim),
      _extreme_dim_vjp, formula="amin(z) = mínimo de z a lo largo de dim",
      derivatives=("∂/∂zᵢ = 1/k en los k mínimos, si no 0",), dim=None, keepdim=False)

# Steps: constant between jumps, so the derivative is 0 wherever it exists (PyTorch's choice).
_STEP = "∂/∂z = 0 (un escalón: constante entre saltos)"
defop("sign", "sign", lambda xp, x: xp.sign(x), _zero_vjp,
      formula="sign(z) = −1, 0 o 1", derivatives=(_STEP,))
defop("round", "round", lambda xp, x, decimals=0: xp.round(x, decimals), _zero_vjp,
      formula="round(z): el entero más cercano (a par en los empates)", derivatives=(_STEP,),
      decimals=0)
defop("floor", "⌊·⌋", lambda xp, x: xp.floor(x), _zero_vjp,
      formula="⌊z⌋: el mayor entero ≤ z", derivatives=(_STEP,))
defop("ceil", "⌈·⌉", lambda xp, x: xp.ceil(x), _zero_vjp,
      formula="⌈z⌉: el menor entero ≥ z", derivatives=(_STEP,))

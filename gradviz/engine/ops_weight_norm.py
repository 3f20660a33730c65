"""The registry row of weight normalisation, one node as in PyTorch
(``WeightNormInterfaceBackward0``): w = g · v/‖v‖, the norm taken over every axis of v but
`dim` (the first or the last; `engine.weight_norm` composes the other cases, as PyTorch does).

With n = ‖v‖ (kept broadcastable) and G the upstream gradient:
∂/∂g = Σ G·v / n over the normed axes, and ∂/∂v = (g/n)·(G − v·Σ(G·v)/n²).
"""

from __future__ import annotations

from gradviz.engine import scalar_forms as sf
from gradviz.engine.ops import defop, quiet


def _normed_axes(v, dim: int) -> tuple[int, ...]:
    return tuple(i for i in range(v.ndim) if i != dim)


def _norm(v, dim: int):
    # Only × and sums and a power, so the scalar view replays it on `Value`s.
    return (v * v).sum(axis=_normed_axes(v, dim), keepdims=True) ** 0.5


def _weight_norm(xp, v, g, dim=0):
    return v * (g / _norm(v, dim))


def _vjp_v(xp, grad, out, v, g, dim=0):
    n = _norm(v, dim)
    inner = (grad * v).sum(axis=_normed_axes(v, dim), keepdims=True)
    return (g / n) * (grad - v * (inner / (n * n)))


def _vjp_g(xp, grad, out, v, g, dim=0):
    inner = (grad * v).sum(axis=_normed_axes(v, dim), keepdims=True)
    return (inner / _norm(v, dim)).reshape(g.shape)


defop("weight_norm_interface", "WeightNorm", quiet(_weight_norm), quiet(_vjp_v), quiet(_vjp_g),
      formula="w = g · v/‖v‖",
      derivatives=("∂/∂v = (g/‖v‖)(G − v·Σ(G·v)/‖v‖²)", "∂/∂g = Σ G·v/‖v‖"),
      stems=("w",), scalar=sf.FORWARD, nodes=sf.per_input(10), dim=0)

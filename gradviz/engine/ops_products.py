"""The registry rows of the fused products: ``vdot``, ``baddbmm``, ``addmv`` and ``addr``,
one node each, as PyTorch's ``VdotBackward0``, ``BaddbmmBackward0``, … .

Each is β·C + α·(a product), C broadcast to the product's shape; the VJPs are the product's,
scaled by α, and β·G for C (summed back to C's shape by `ops.contribution`).  With β = 0, C
is not read (a nan in it stays out), as in PyTorch.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import scalar_forms as sf
from gradviz.engine.ops import defop


def _t(xp, a):
    return xp.swapaxes(a, -1, -2)


def _scaled(value, factor):
    return value if factor == 1 else value * factor


def _fused(product):
    """β·C + α·product(a, b) (C left out when β = 0)."""
    def forward(xp, c, a, b, beta=1, alpha=1):
        out = _scaled(product(xp, a, b), alpha)
        return out if beta == 0 else _scaled(c, beta) + out

    return forward


def _c_vjp(xp, g, out, c, a, b, beta=1, alpha=1):
    return g * beta if beta != 1 else g


def _fused_nodes(out, inputs) -> int:
    return sf.matmul_nodes(out, inputs[1:]) + 4 * int(np.prod(out))


defop("vdot", "·", lambda xp, a, b: a @ b,
      lambda xp, g, out, a, b: g * b,
      lambda xp, g, out, a, b: g * a,
      formula="⟨a, b⟩ = Σᵢ aᵢ bᵢ", derivatives=("∂/∂aᵢ = bᵢ", "∂/∂bᵢ = aᵢ"),
      infix="·", stems=("z", "dot"), scalar=sf.FORWARD, nodes=sf.matmul_nodes)
defop("baddbmm", "baddbmm", _fused(lambda xp, a, b: a @ b), _c_vjp,
      lambda xp, g, out, c, a, b, beta=1, alpha=1: _scaled(g @ _t(xp, b), alpha),
      lambda xp, g, out, c, a, b, beta=1, alpha=1: _scaled(_t(xp, a) @ g, alpha),
      formula="β·C + α·(A @ B)",
      derivatives=("∂/∂C: β·G", "∂/∂A: α·G @ Bᵀ", "∂/∂B: α·Aᵀ @ G"),
      stems=("z", "mm"), scalar=sf.FORWARD, nodes=_fused_nodes, beta=1, alpha=1)
defop("addmv", "addmv", _fused(lambda xp, m, v: m @ v), _c_vjp,
      lambda xp, g, out, c, m, v, beta=1, alpha=1: _scaled(xp.multiply.outer(g, v), alpha),
      lambda xp, g, out, c, m, v, beta=1, alpha=1: _scaled(m.T @ g, alpha),
      formula="β·c + α·(M @ v)",
      derivatives=("∂/∂c: β·G", "∂/∂M: α·G vᵀ", "∂/∂v: α·Mᵀ G"),
      stems=("z", "mm"), scalar=sf.FORWARD, nodes=_fused_nodes, beta=1, alpha=1)
defop("addr", "addr", _fused(lambda xp, u, v: xp.multiply.outer(u, v)), _c_vjp,
      lambda xp, g, out, c, u, v, beta=1, alpha=1: _scaled(g @ v, alpha),
      lambda xp, g, out, c, u, v, beta=1, alpha=1: _scaled(u @ g, alpha),
      formula="β·C + α·(u vᵀ)",
      derivatives=("∂/∂C: β·G", "∂/∂u: α·G v", "∂/∂v: α·Gᵀ u"),
      stems=("z", "mm"), scalar=sf.FORWARD, nodes=_fused_nodes, beta=1, alpha=1)

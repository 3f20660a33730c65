"""`F.scaled_dot_product_attention`: softmax(q·kᵀ·scale + mask)·v, as PyTorch's math kernel.

A boolean `attn_mask` says where a query may attend (True: attend; False: −∞ added), a
float one is added to the scores, ``is_causal`` lets query i see keys 0…i.  A row that may
attend to nothing reads zeros (PyTorch's safe softmax).  ``dropout_p`` drops attention
weights through `F.dropout`, so its mask is drawn by gradviz's one dropout-mask function.
Built from rows (matmul, softmax, where), so it needs none of its own.
"""

from __future__ import annotations

import math

import numpy as np

from gradviz.engine import creation
from gradviz.engine.autograd import apply
from gradviz.engine.backend import array_module
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor

__all__ = ["scaled_dot_product_attention"]

_t = creation.as_tensor


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p: float = 0.0,
                                 is_causal: bool = False, scale: float | None = None,
                                 enable_gqa: bool = False) -> Tensor:
    from gradviz.engine.functional import dropout

    q, k, v = _t(query), _t(key), _t(value)
    if is_causal and attn_mask is not None:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be "
                           "set when is_causal=True")
    if q.dim() < 2 or k.dim() < 2 or v.dim() < 2:
        raise RuntimeError("scaled_dot_product_attention: query, key and value need at least "
                           "2 dimensions (…, L, E)")
    if enable_gqa and q.dim() >= 3 and k.shape[-3] != q.shape[-3]:
        groups = q.shape[-3] // k.shape[-3]
        k = k.repeat_interleave(groups, -3)
        v = v.repeat_interleave(groups, -3)
    rows, cols = q.shape[-2], k.shape[-2]
    factor = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    scores = (q @ k.transpose(-2, -1)) * factor
    allowed = None  # where a score may count, as a numpy bool array (None: everywhere)
    if is_causal:
        allowed = np.tril(np.ones((rows, cols), dtype=bool))
    elif attn_mask is not None:
        mask = _t(attn_mask)
        if mask.dtype.name == "bool":
            allowed = mask.detach().cpu().numpy()
        else:
            scores = scores + mask
    if allowed is not None:
        bias = np.where(allowed, 0.0, -np.inf).astype(scores.dtype.np)
        scores = scores + creation.tensor(bias, device=scores.device)
    xp = array_module(scores._data)
    blocked = xp.isneginf(scores._data).all(axis=-1, keepdims=True)
    if bool(blocked.any()):  # rows that may attend to nothing read zeros (and no gradient)
        blocked = Tensor._wrap(xp.broadcast_to(blocked, scores.shape).copy())
        zeros = creation.zeros_like(scores)
        weights = apply("where", blocked, zeros, apply("where", blocked, zeros, scores)
                        .softmax(-1))
    else:
        weights = scores.softmax(-1)
    if dropout_p > 0:
        return dropout(weights, dropout_p, True) @ v
    out = weights @ v
    # PyTorch's CPU kernel for (N, heads, L, E) batches whose values are E wide too
    if q.dim() == k.dim() == v.dim() == 4 and v.shape[-1] == q.shape[-1] and \
            str(q.device) == "cpu":
        return named_node(out, "ScaledDotProductFlashAttentionForCpuBackward0")
    return out

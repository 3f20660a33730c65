"""`F.multi_head_attention_forward`: multi-head attention with its weights passed in, as
PyTorch's `nn.MultiheadAttention` computes it (which calls it) and as models that keep their
own projections call it (CLIP's attention pooling, with separate q/k/v weights).

(L, N, E) query, (S, N, E) key and value, or unbatched (L, E): the input projections (one
packed (3E, E) weight or three separate ones), optional learned key/value biases appended to
the sequence (``bias_k``, ``bias_v``), a zero key/value appended (``add_zero_attn``), then per
head softmax(q·kᵀ/√d + mask)·v with the attention mask and the key padding mask added (a
bool mask's True is −∞), dropout on the weights while training, and the output projection.
Returns (output, the weights averaged over the heads, or per head, or None).
"""

from __future__ import annotations

import math

import numpy as np

from gradviz.engine import creation
from gradviz.engine.tensor_functions import cat

__all__ = ["multi_head_attention_forward"]


def additive_mask(mask, dtype):
    """A mask as numbers to add to the scores: a bool mask's True is −∞ (not attended)."""
    if mask is None:
        return None
    if mask.dtype.name == "bool":
        return creation.tensor(np.where(mask.numpy(), -np.inf, 0.0).astype(dtype.np))
    return mask


def _padded(mask):
    """`mask` with one more column (for an appended key), 0: attended."""
    if mask is None:
        return None
    return cat([mask, creation.zeros(*mask.shape[:-1], 1, dtype=mask.dtype)], dim=-1)


def _project(query, key, value, in_proj_weight, in_proj_bias, separate):
    from gradviz.engine import functional as F

    embed = query.shape[-1]
    biases = [None] * 3 if in_proj_bias is None else [
        in_proj_bias[i * embed:(i + 1) * embed] for i in range(3)]
    weights = separate or [in_proj_weight[i * embed:(i + 1) * embed] for i in range(3)]
    return [F.linear(x, w, b) for x, w, b in zip((query, key, value), weights, biases,
                                                 strict=True)]


def multi_head_attention_forward(query, key, value, embed_dim_to_check: int, num_heads: int,
                                 in_proj_weight, in_proj_bias, bias_k, bias_v,
                                 add_zero_attn: bool, dropout_p: float, out_proj_weight,
                                 out_proj_bias, training: bool = True, key_padding_mask=None,
                                 need_weights: bool = True, attn_mask=None,
                                 use_separate_proj_weight: bool = False, q_proj_weight=None,
                                 k_proj_weight=None, v_proj_weight=None, static_k=None,
                                 static_v=None, average_attn_weights: bool = True,
                                 is_causal: bool = False):
    from gradviz.engine import functional as F

    unbatched = query.dim() == 2
    if unbatched:
        query, key, value = (t.unsqueeze(1) for t in (query, key, value))
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    length, batch, embed = query.shape
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the "
                           "Transformer module method `generate_square_subsequent_mask` to "
                           "create this mask.")
    if embed != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but "
                             f"got {embed}")
    head_dim = embed // num_heads
    if head_dim * num_heads != embed:
        raise AssertionError(f"embed_dim {embed} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if key.shape[:2] != value.shape[:2]:
            raise AssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match "
                                 f"value's {value.shape[:2]}")
    elif key.shape != value.shape:
        raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")
    separate = [q_proj_weight, k_proj_weight, v_proj_weight] if use_separate_proj_weight else None
    q, k, v = _project(query, key, value, in_proj_weight, in_proj_bias, separate)
    mask = additive_mask(attn_mask, q.dtype)
    if mask is not None and mask.dim() == 2:
        mask = mask.unsqueeze(0)
    padding = additive_mask(key_padding_mask, q.dtype)
    if bias_k is not None and bias_v is not None:
        k = cat([k, bias_k.repeat(1, batch, 1)])
        v = cat([v, bias_v.repeat(1, batch, 1)])
        mask, padding = _padded(mask), _padded(padding)
    heads = batch * num_heads
    # (L, N, E) → (N·heads, L, head_dim): each head of each sample its own matrix.
    q = q.reshape(q.shape[0], heads, head_dim).transpose(0, 1)
    k = static_k if static_k is not None else k.reshape(k.shape[0], heads, head_dim).transpose(0, 1)
    v = static_v if static_v is not None else v.reshape(v.shape[0], heads, head_dim).transpose(0, 1)
    if add_zero_attn:
        zeros = creation.zeros(heads, 1, head_dim, dtype=k.dtype)
        k, v = cat([k, zeros], dim=1), cat([v, zeros], dim=1)
        mask, padding = _padded(mask), _padded(padding)
    sources = k.shape[1]
    if padding is not None:
        padding = padding.reshape(batch, 1, 1, sources).expand(batch, num_heads, 1, sources)
        padding = padding.reshape(heads, 1, sources)
        mask = padding if mask is None else mask + padding
    scores = (q * math.sqrt(1.0 / head_dim)) @ k.transpose(-2, -1)
    if mask is not None:
        scores = scores + mask
    weights = F.dropout(F.softmax(scores, dim=-1), dropout_p, training)
    out = (weights @ v).transpose(0, 1).reshape(length * batch, embed)
    out = F.linear(out, out_proj_weight, out_proj_bias).reshape(length, batch, embed)
    if unbatched:
        out = out.squeeze(1)
    if not need_weights:
        return out, None
    weights = weights.reshape(batch, num_heads, length, sources)
    if average_attn_weights:
        weights = weights.mean(dim=1)
    return out, weights.squeeze(0) if unbatched else weights

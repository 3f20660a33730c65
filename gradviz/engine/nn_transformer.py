"""The transformer layers of `gradviz.nn`, shaped like `torch.nn`'s: `MultiheadAttention`,
`TransformerEncoderLayer` and `TransformerEncoder` (the nn.Transformer language-model
tutorial), and `Transformer.generate_square_subsequent_mask`.

Parameters carry PyTorch's names (``self_attn.in_proj_weight``, ``linear1``, ``norm1``…) and
are drawn in PyTorch's order: the output projection's Linear first, then the input
projection from U(−a, a) (Glorot), its biases zero.  Inputs are (L, N, E), or (N, L, E)
with ``batch_first``; attention is softmax(q·kᵀ/√d + mask)·v per head.
"""

from __future__ import annotations

import copy
import math

import numpy as np

from gradviz.engine import creation
from gradviz.engine import functional as F
from gradviz.engine.autograd import no_grad
from gradviz.engine.functional_mha import multi_head_attention_forward
from gradviz.engine.nn import Dropout, Linear
from gradviz.engine.nn_containers import ModuleList
from gradviz.engine.nn_modules import Module, Parameter
from gradviz.engine.nn_text import LayerNorm
from gradviz.engine.tensor import Tensor

__all__ = ["MultiheadAttention", "Transformer", "TransformerEncoder", "TransformerEncoderLayer"]


class NonDynamicallyQuantizableLinear(Linear):
    """PyTorch's name for the attention's output projection (a Linear like any other)."""


class MultiheadAttention(Module):
    """Self- or cross-attention over num_heads heads of embed_dim / num_heads each."""

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim=None, vdim=None,
                 batch_first: bool = False, device=None, dtype=None) -> None:
        super().__init__()
        if embed_dim % num_heads:
            raise AssertionError("embed_dim must be divisible by num_heads")
        self.embed_dim, self.num_heads, self.dropout = embed_dim, num_heads, dropout
        self.batch_first, self.head_dim = batch_first, embed_dim // num_heads
        self.kdim, self.vdim = kdim or embed_dim, vdim or embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        shapes = {"in_proj_weight": (3 * embed_dim, embed_dim)} if self._qkv_same_embed_dim \
            else {"q_proj_weight": (embed_dim, embed_dim), "k_proj_weight": (embed_dim, self.kdim),
                  "v_proj_weight": (embed_dim, self.vdim)}
        for name in ("in_proj_weight", "q_proj_weight", "k_proj_weight", "v_proj_weight"):
            if name in shapes:
                setattr(self, name, Parameter(creation.empty(*shapes[name], dtype=dtype)))
            else:
                self.register_parameter(name, None)
        if bias:
            self.in_proj_bias = Parameter(creation.zeros(3 * embed_dim, dtype=dtype))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias,
                                                        dtype=dtype)
        for name in ("bias_k", "bias_v"):
            if add_bias_kv:
                setattr(self, name, Parameter(creation.empty(1, 1, embed_dim, dtype=dtype)))
            else:
                self.register_parameter(name, None)
        self.add_zero_attn = add_zero_attn
        with no_grad():  # Glorot: U(±√(6/(fan_in + fan_out))), then N(0, 2/(fan_in + fan_out))
            for name, (rows, cols) in shapes.items():
                bound = math.sqrt(6.0 / (rows + cols))
                getattr(self, name).uniform_(-bound, bound)
            if bias:
                self.out_proj.bias.zero_()
            if add_bias_kv:  # (1, 1, E): fans E and E
                for name in ("bias_k", "bias_v"):
                    getattr(self, name).normal_(0.0, math.sqrt(1.0 / embed_dim))

    def forward(self, query: Tensor, key: Tensor, value: Tensor, key_padding_mask=None,
                need_weights: bool = True, attn_mask=None, average_attn_weights: bool = True,
                is_causal: bool = False):
        batched = query.dim() == 3
        if self.batch_first and batched:
            query, key, value = (t.transpose(0, 1) for t in (query, key, value))
        if attn_mask is None and is_causal:  # the hint alone: the causal mask it stands for
            attn_mask = Transformer.generate_square_subsequent_mask(query.shape[0],
                                                                    dtype=query.dtype)
        out, weights = multi_head_attention_forward(
            query, key, value, self.embed_dim, self.num_heads, self.in_proj_weight,
            self.in_proj_bias, self.bias_k, self.bias_v, self.add_zero_attn, self.dropout,
            self.out_proj.weight, self.out_proj.bias, training=self.training,
            key_padding_mask=key_padding_mask, need_weights=need_weights, attn_mask=attn_mask,
            use_separate_proj_weight=not self._qkv_same_embed_dim,
            q_proj_weight=self.q_proj_weight, k_proj_weight=self.k_proj_weight,
            v_proj_weight=self.v_proj_weight, average_attn_weights=average_attn_weights)
        if self.batch_first and batched:
            out = out.transpose(0, 1)
        return out, weights


def add_feed_forward(layer: Module, d_model: int, dim_feedforward: int, dropout: float,
                     activation, layer_norm_eps: float, norm_first: bool, bias: bool, dtype,
                     blocks: int) -> None:
    """What an encoder layer (2 blocks) and a decoder layer (3) hold after their attention, in
    PyTorch's order: the feed-forward net, a layer norm and a dropout per block."""
    layer.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
    layer.dropout = Dropout(dropout)
    layer.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
    layer.norm_first = norm_first
    for k in range(1, blocks + 1):
        setattr(layer, f"norm{k}", LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype))
    for k in range(1, blocks + 1):
        setattr(layer, f"dropout{k}", Dropout(dropout))
    if isinstance(activation, str):
        if activation not in ("relu", "gelu"):
            raise RuntimeError(f"activation should be relu/gelu, not {activation}")
        activation = F.relu if activation == "relu" else F.gelu
    layer.activation = activation


def feed_forward(layer: Module, x: Tensor) -> Tensor:
    """linear2(dropout(activation(linear1(x)))), the block's last dropout left to the layer."""
    return layer.linear2(layer.dropout(layer.activation(layer.linear1(x))))


class TransformerEncoderLayer(Module):
    """Self-attention, then a two-layer feed-forward net, each added back to its input and
    layer-normalised (after, or before with ``norm_first``), as "Attention Is All You Need"."""

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation="relu", layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, bias: bool = True,
                 device=None, dtype=None) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first, dtype=dtype)
        add_feed_forward(self, d_model, dim_feedforward, dropout, activation, layer_norm_eps,
                         norm_first, bias, dtype, blocks=2)

    def forward(self, src: Tensor, src_mask=None, src_key_padding_mask=None,
                is_causal: bool = False) -> Tensor:
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x))

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           need_weights=False, is_causal=is_causal)[0]
        return self.dropout1(x)

    def _ff_block(self, x):
        return self.dropout2(feed_forward(self, x))


class TransformerEncoder(Module):
    """num_layers copies of one encoder layer (the same initial weights), run in turn."""

    def __init__(self, encoder_layer: TransformerEncoderLayer, num_layers: int, norm=None,
                 enable_nested_tensor: bool = True, mask_check: bool = True) -> None:
        super().__init__()
        self.layers = ModuleList([copy.deepcopy(encoder_layer) for _ in range(num_layers)])
        self.num_layers, self.norm = num_layers, norm

    def forward(self, src: Tensor, mask=None, src_key_padding_mask=None, is_causal=None):
        output = src
        for layer in self.layers:
            output = layer(output, src_mask=mask, src_key_padding_mask=src_key_padding_mask,
                           is_causal=bool(is_causal))
        return output if self.norm is None else self.norm(output)


class Transformer(Module):
    """Only the mask helper of PyTorch's full encoder-decoder, which programs call alone."""

    def __init__(self, *args, **kwargs) -> None:
        raise NotImplementedError("nn.Transformer (the encoder-decoder) is not in gradviz yet; "
                                  "nn.TransformerEncoder and its layer are")

    @staticmethod
    def generate_square_subsequent_mask(sz: int, device=None, dtype=None) -> Tensor:
        """(sz, sz): 0 on and below the diagonal, −∞ above (a position sees no later one)."""
        mask = np.triu(np.full((sz, sz), -np.inf), k=1)
        return creation.tensor(mask, dtype=dtype or creation.tensor(0.0).dtype, device=device)

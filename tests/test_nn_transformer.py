"""`nn.MultiheadAttention`, `nn.TransformerEncoderLayer`/`nn.TransformerEncoder` and the
causal mask against PyTorch's, in float64 with PyTorch's weights: outputs, attention weights
and every parameter's gradient to 1e-9, with and without masks, batch-first and unbatched."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv


def _same_weights(ours, theirs) -> None:
    state = {k: gv.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)
    assert list(ours.state_dict()) == list(theirs.state_dict())


def _compare(ours, theirs, run, inputs) -> None:
    out, expected = run(ours, gv, inputs), run(theirs, torch, inputs)
    for a, b in zip(out, expected, strict=True):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-9, atol=1e-12)
    weights = np.random.default_rng(1).normal(size=tuple(expected[0].shape))
    (out[0] * gv.tensor(weights)).sum().backward()
    (expected[0] * torch.tensor(weights)).sum().backward()
    for (name, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters(), strict=True):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-9, atol=1e-12,
                                   err_msg=name)


def _mask(lib, kind, length):
    if kind == "causal":
        return lib.nn.Transformer.generate_square_subsequent_mask(length, dtype=lib.float64)
    if kind == "bool":
        return lib.tensor(np.triu(np.ones((length, length), dtype=bool), 1))
    return None


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("mask", [None, "causal", "bool"])
@pytest.mark.parametrize("average", [True, False])
def test_multihead_attention_matches_torch(batch_first, mask, average):
    torch.manual_seed(0)
    theirs = torch.nn.MultiheadAttention(8, 2, batch_first=batch_first, dtype=torch.float64)
    ours = gv.nn.MultiheadAttention(8, 2, batch_first=batch_first, dtype=gv.float64)
    _same_weights(ours, theirs)
    x = np.random.default_rng(0).normal(size=(5, 3, 8))

    def run(module, lib, x):
        t = lib.tensor(x, dtype=lib.float64)
        length = x.shape[1] if batch_first else x.shape[0]
        out, attention = module(t, t, t, attn_mask=_mask(lib, mask, length),
                                average_attn_weights=average)
        return out, attention

    _compare(ours, theirs, run, x)


def test_multihead_attention_unbatched_with_padding_mask():
    torch.manual_seed(1)
    theirs = torch.nn.MultiheadAttention(6, 3, dtype=torch.float64)
    ours = gv.nn.MultiheadAttention(6, 3, dtype=gv.float64)
    _same_weights(ours, theirs)
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(4, 6)), rng.normal(size=(4, 2, 6))

    def run(module, lib, _):
        a, b = lib.tensor(x, dtype=lib.float64), lib.tensor(y, dtype=lib.float64)
        padding = lib.tensor([[False, False, True, False], [False, True, False, False]])
        return (module(a, a, a)[0], module(b, b, b, key_padding_mask=padding)[0],
                module(b, b, b, need_weights=False)[0])

    out = run(ours, gv, None)
    expected = run(theirs, torch, None)
    for a, b in zip(out, expected, strict=True):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_encoder_layers_match_torch(norm_first, activation):
    torch.manual_seed(2)
    layer = torch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation=activation,
                                             norm_first=norm_first, dtype=torch.float64)
    theirs = torch.nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
    ours = gv.nn.TransformerEncoder(
        gv.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation=activation,
                                      norm_first=norm_first, dtype=gv.float64), 2)
    _same_weights(ours, theirs)
    x = np.random.default_rng(3).normal(size=(6, 2, 8))

    def run(module, lib, x):
        return (module(lib.tensor(x, dtype=lib.float64), mask=_mask(lib, "causal", 6)),)

    _compare(ours, theirs, run, x)


def test_causal_mask_and_layer_names():
    np.testing.assert_array_equal(gv.nn.Transformer.generate_square_subsequent_mask(4).numpy(),
                                  torch.nn.Transformer.generate_square_subsequent_mask(4).numpy())
    ours = gv.nn.TransformerEncoderLayer(4, 2, 8)
    theirs = torch.nn.TransformerEncoderLayer(4, 2, 8)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert type(ours.self_attn.out_proj).__name__ == type(theirs.self_attn.out_proj).__name__

"""Every dropout mask gradviz draws comes from one function, `functional._dropout_mask`: the
functional forms, the nn.Dropout layers, MultiheadAttention's weights, the Transformer layers
and a multi-layer RNN's inter-layer dropout — and none is drawn in eval mode, with
``training=False`` or with p = 0 (as PyTorch draws none)."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz as gv
import gradviz.engine.functional as functional
import gradviz.nn as nn
import gradviz.nn.functional as F


def test_the_mask_is_the_scaled_keep_mask():
    gv.manual_seed(0)
    x = gv.ones(400, 5, dtype=gv.float64)
    mask = functional._dropout_mask(x, 0.2, (400, 5))
    assert mask.shape == (400, 5) and mask.dtype == gv.float64 and not mask.requires_grad
    assert set(np.unique(mask.numpy())) == {0.0, 1.25}
    assert 0.1 < (mask.numpy() == 0).mean() < 0.3
    channels = functional._dropout_mask(x, 0.5, (400, 1))
    assert channels.shape == (400, 1) and set(np.unique(channels.numpy())) == {0.0, 2.0}
    np.testing.assert_array_equal(functional._dropout_mask(x, 1.0, (3, 5)).numpy(), 0.0)


@pytest.fixture
def masks(monkeypatch):
    """The shapes of the masks drawn, each mask 0 in its first entry and 3 elsewhere."""
    drawn = []

    def fixed(x, p, shape):
        drawn.append(tuple(shape))
        mask = np.full(shape, 3.0)
        mask.flat[0] = 0.0
        return gv.tensor(mask, dtype=x.dtype)

    monkeypatch.setattr(functional, "_dropout_mask", fixed)
    return drawn


@pytest.mark.parametrize(("drop", "shape", "mask_shape"), [
    (lambda x: F.dropout(x, 0.5), (2, 3, 4), (2, 3, 4)),
    (lambda x: F.dropout1d(x, 0.5), (2, 3, 4), (2, 3, 1)),
    (lambda x: F.dropout1d(x, 0.5), (3, 4), (3, 1)),
    (lambda x: F.dropout2d(x, 0.5), (2, 3, 2, 2), (2, 3, 1, 1)),
    (lambda x: F.dropout3d(x, 0.5), (2, 3, 2, 2, 2), (2, 3, 1, 1, 1)),
    (lambda x: nn.Dropout(0.5)(x), (2, 3), (2, 3)),
    (lambda x: nn.Dropout1d(0.5)(x), (2, 3, 4), (2, 3, 1)),
    (lambda x: nn.Dropout2d(0.5)(x), (2, 3, 2, 2), (2, 3, 1, 1)),
    (lambda x: nn.Dropout3d(0.5)(x), (2, 3, 2, 2, 2), (2, 3, 1, 1, 1))])
def test_each_dropout_is_its_input_times_the_drawn_mask(masks, drop, shape, mask_shape):
    x = gv.arange(1.0, 1.0 + np.prod(shape)).reshape(shape).requires_grad_()
    out = drop(x)
    assert masks == [mask_shape]
    mask = np.broadcast_to(np.where(np.arange(np.prod(mask_shape)).reshape(mask_shape) == 0,
                                    0.0, 3.0), shape)
    np.testing.assert_array_equal(out.detach().numpy(), x.detach().numpy() * mask)
    out.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), mask)


def test_attention_transformer_and_rnn_dropouts_draw_there(masks):
    seq = gv.randn(5, 2, 4)
    nn.MultiheadAttention(4, 2, dropout=0.5)(seq, seq, seq)
    assert masks == [(4, 5, 5)]  # the attention weights, (N·heads, L, S)
    masks.clear()
    nn.TransformerEncoderLayer(4, 2, 8, dropout=0.1)(seq)
    assert masks == [(4, 5, 5), (5, 2, 4), (5, 2, 8), (5, 2, 4)]
    masks.clear()
    nn.LSTM(4, 3, num_layers=3, dropout=0.5)(seq)
    assert masks == [(5, 2, 3), (5, 2, 3)]  # between layers, not after the last


def test_a_packed_rnn_drops_its_packed_data(masks):
    # On a packed sequence the mask is the packed (Σ Lᵢ, H·directions) data's, as PyTorch's,
    # and a dropped unit stays dropped wherever the padded steps lay it out.
    seq = gv.randn(5, 3, 4, requires_grad=True)
    packed = nn.utils.rnn.pack_padded_sequence(seq, [2, 5, 3], enforce_sorted=False)
    gru = nn.GRU(4, 3, num_layers=2, dropout=0.5, bidirectional=True)
    out, h = gru(packed)
    assert masks == [(10, 6)]
    assert type(out.data.grad_fn).__name__ == "CatBackward0"
    assert type(h.grad_fn).__name__ == "IndexSelectBackward0"
    out.data.sum().backward()
    assert seq.grad[3:, 0].abs().sum().item() == 0 and seq.grad[:, 1].abs().sum().item() > 0


def test_nothing_is_drawn_where_pytorch_draws_nothing(masks):
    x, seq = gv.randn(2, 3, 2, 2), gv.randn(5, 2, 4)
    for drop in (F.dropout, F.dropout2d):
        assert drop(x, 0.5, training=False) is x
        assert drop(x, 0.0) is x
    layers = [nn.Dropout(0.5), nn.Dropout2d(0.5), nn.MultiheadAttention(4, 2, dropout=0.5),
              nn.TransformerEncoderLayer(4, 2, 8), nn.LSTM(4, 3, num_layers=2, dropout=0.5)]
    for layer in layers:
        layer.eval()
    layers[0](x), layers[1](x), layers[2](seq, seq, seq), layers[3](seq), layers[4](seq)
    nn.Dropout(0.0)(x), nn.LSTM(4, 3, num_layers=2)(seq)
    assert masks == []

"""ConvTranspose1d/2d, LayerNorm and EmbeddingBag against torch's layers, the torch layer's
weights copied in (float64): forward, input and parameter gradients, state_dict keys, the
grad_fn names tutorials print, and PyTorch's messages for input that does not fit."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from test_nn_layers import _compare, _same_state_dict, _twins

import gradviz as gv
import gradviz.nn as nn


@pytest.mark.parametrize(("name", "args", "kwargs", "shape"), [
    ("ConvTranspose2d", (8, 4, 4, 2, 1), {"bias": False}, (2, 8, 3, 3)),  # DCGAN's upsampling
    ("ConvTranspose2d", (3, 2, 3), {}, (1, 3, 4, 5)),
    ("ConvTranspose2d", (2, 3, (3, 2)), {"stride": (2, 1), "padding": (1, 0),
                                         "output_padding": (1, 0), "dilation": (1, 2)},
     (2, 2, 3, 4)),
    ("ConvTranspose2d", (3, 2, 2), {"stride": 2}, (3, 4, 4)),  # unbatched
    ("ConvTranspose1d", (3, 4, 3), {"stride": 2, "padding": 1, "output_padding": 1},
     (2, 3, 6)),
])
def test_transposed_convolutions(name, args, kwargs, shape):
    torch.manual_seed(0)
    go, to = _compare(*_twins(getattr(nn, name)(*args, **kwargs),
                              getattr(torch.nn, name)(*args, **kwargs)), shape)
    if len(shape) == (2 if name.endswith("2d") else 1) + 2:  # batched (unbatched: squeezed)
        assert type(go[0].grad_fn).__name__ == type(to[0].grad_fn).__name__ == (
            "ConvolutionBackward0")


def test_a_transposed_convolution_takes_output_size():
    torch.manual_seed(0)
    ours, theirs = _twins(nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1),
                          torch.nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1))
    x = np.random.default_rng(1).standard_normal((1, 2, 4, 4))
    go = ours(gv.tensor(x), output_size=[8, 8])
    to = theirs(torch.tensor(x), output_size=[8, 8])
    assert tuple(go.shape) == tuple(to.shape) == (1, 3, 8, 8)
    np.testing.assert_allclose(go.detach().numpy(), to.detach().numpy(), rtol=1e-12)
    for lib, layer in ((gv, ours), (torch, theirs)):
        with pytest.raises(ValueError, match="output size"):
            layer(lib.zeros(1, 2, 4, 4, dtype=lib.float64), output_size=[10, 10])


@pytest.mark.parametrize(("args", "kwargs", "shape"), [
    ((4,), {}, (2, 3, 4)), (((3, 4),), {}, (2, 3, 4)), ((5,), {"eps": 1e-3}, (4, 5)),
    ((4,), {"elementwise_affine": False}, (3, 4)), ((4,), {"bias": False}, (2, 2, 4)),
])
def test_layer_norm(args, kwargs, shape):
    torch.manual_seed(0)
    ours, theirs = _twins(nn.LayerNorm(*args, **kwargs), torch.nn.LayerNorm(*args, **kwargs))
    with torch.no_grad():  # weights that are not ones and zeros
        for p in theirs.parameters():
            p.uniform_(-1, 2)
    ours.load_state_dict(theirs.state_dict())
    go, to = _compare(ours, theirs, shape)
    assert type(go[0].grad_fn).__name__ == type(to[0].grad_fn).__name__ == (
        "NativeLayerNormBackward0")


def _bag_twins(*args, **kwargs):
    torch.manual_seed(0)
    return _twins(nn.EmbeddingBag(*args, **kwargs), torch.nn.EmbeddingBag(*args, **kwargs))


@pytest.mark.parametrize("mode", ["mean", "sum", "max"])
@pytest.mark.parametrize(("kwargs", "tokens", "offsets"), [
    ({}, [1, 2, 4, 5, 4, 3, 2, 9], [0, 2]),  # the text-classification tutorial's call
    ({}, [1, 2, 4, 5, 4, 3, 2, 9], [0, 4, 4, 7]),  # an empty bag
    ({"padding_idx": 4}, [1, 2, 4, 5, 4, 3, 2, 9], [0, 3, 6]),
    ({"include_last_offset": True}, [1, 2, 4, 5, 4, 3, 2, 9], [0, 3, 8]),
    ({}, [[1, 2, 3], [4, 4, 0]], None),  # 2-D input: one bag per row
])
def test_embedding_bag(mode, kwargs, tokens, offsets):
    ours, theirs = _bag_twins(10, 3, mode=mode, **kwargs)
    extra = () if offsets is None else (offsets,)
    go = ours(gv.tensor(tokens), *(gv.tensor(o) for o in extra))
    to = theirs(torch.tensor(tokens), *(torch.tensor(o) for o in extra))
    np.testing.assert_allclose(go.detach().numpy(), to.detach().numpy(), rtol=1e-12)
    assert type(go.grad_fn).__name__ == type(to.grad_fn).__name__ == "EmbeddingBagBackward0"
    weights = np.random.default_rng(2).standard_normal(tuple(to.shape))
    (go * gv.tensor(weights)).sum().backward()
    (to * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(ours.weight.grad.numpy(), theirs.weight.grad.numpy(), rtol=1e-12)
    _same_state_dict(ours, theirs)


def test_embedding_bag_per_sample_weights_and_their_gradient():
    ours, theirs = _bag_twins(10, 3, mode="sum")
    tokens, offsets, psw = [1, 2, 4, 5, 4, 3], [0, 2], [0.5, 1.0, -2.0, 0.1, 0.3, 1.5]
    gw = gv.tensor(psw, dtype=gv.float64, requires_grad=True)
    tw = torch.tensor(psw, dtype=torch.float64, requires_grad=True)
    go = ours(gv.tensor(tokens), gv.tensor(offsets), per_sample_weights=gw)
    to = theirs(torch.tensor(tokens), torch.tensor(offsets), per_sample_weights=tw)
    np.testing.assert_allclose(go.detach().numpy(), to.detach().numpy(), rtol=1e-12)
    go.sum().backward()
    to.sum().backward()
    np.testing.assert_allclose(gw.grad.numpy(), tw.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours.weight.grad.numpy(), theirs.weight.grad.numpy(), rtol=1e-12)


def test_embedding_bag_draws_and_loads_as_torch():
    gv.manual_seed(0)
    bag = nn.EmbeddingBag(400, 50, padding_idx=0)
    assert abs(float(bag.weight.std()) - 1) < 0.05 and not bag.weight[0].detach().numpy().any()
    table = torch.randn(5, 2, dtype=torch.float64)
    ours = nn.EmbeddingBag.from_pretrained(gv.tensor(table.numpy()), mode="sum")
    theirs = torch.nn.EmbeddingBag.from_pretrained(table, mode="sum")
    assert repr(ours) == repr(theirs) and not ours.weight.requires_grad
    np.testing.assert_allclose(ours(gv.tensor([[0, 1], [3, 4]])).numpy(),
                               theirs(torch.tensor([[0, 1], [3, 4]])).numpy(), rtol=1e-12)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda lib: lib.nn.LayerNorm(4)(lib.zeros(2, 3)), (ValueError, RuntimeError),
     r"normalized_shape=\[4\], expected input with shape \[\*, 4\]"),
    (lambda lib: lib.nn.EmbeddingBag(5, 2)(lib.tensor([1, 2, 3]), lib.tensor([1])),
     RuntimeError, "offsets\\[0\\] has to be 0"),
    (lambda lib: lib.nn.EmbeddingBag(5, 2)(lib.tensor([[1, 2]]), lib.tensor([0])), ValueError,
     "if input is 2D, then offsets has to be None"),
    (lambda lib: lib.nn.EmbeddingBag(5, 2)(lib.tensor([1, 2]), lib.tensor([0]),
                                           lib.tensor([1.0, 2.0])),
     NotImplementedError, "per_sample_weights is only supported for mode='sum'"),
    (lambda lib: lib.nn.ConvTranspose2d(2, 3, 3)(lib.zeros(1, 4, 5, 5)), RuntimeError,
     r"expected input\[1, 4, 5, 5\] to have 2 channels, but got 4"),
])
def test_bad_input_says_what_torch_says(call, error, message):
    for lib in (gv, torch):
        with pytest.raises(error, match=message):
            call(lib)

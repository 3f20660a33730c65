"""The convolutional and recurrent layers against torch's, with the torch layer's weights
copied in: forward, input and parameter gradients, state_dict keys and shapes, running
statistics, and PyTorch's messages for input that does not fit."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import gradviz as gv
import gradviz.nn as nn
from gradviz.engine import functional as F


def _twins(gv_layer, torch_layer):
    """The torch layer's parameters and buffers copied into the gradviz one (float64)."""
    torch_layer.double()
    gv_layer.double().load_state_dict(torch_layer.state_dict())
    return gv_layer, torch_layer


def _compare(gv_layer, torch_layer, shape, data=None, rtol=1e-10):
    rng = np.random.default_rng(3)
    x = rng.standard_normal(shape) if data is None else data
    floating = x.dtype.kind == "f"
    gx = gv.tensor(x, requires_grad=floating, dtype=gv.float64 if floating else None)
    tx = torch.tensor(x, requires_grad=floating)
    go, to = gv_layer(gx), torch_layer(tx)
    if isinstance(to, tuple):  # a recurrent layer: (output, h_n) or (output, (h_n, c_n))
        go, to = _flat(go), _flat(to)
    else:
        go, to = [go], [to]
    for a, b in zip(go, to, strict=True):
        assert tuple(a.shape) == tuple(b.shape)
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=rtol,
                                   atol=1e-12)
    weights = [rng.standard_normal(tuple(b.shape)) for b in to]
    sum(((a * gv.tensor(w)).sum() for a, w in zip(go, weights, strict=True)),
        gv.tensor(0.0, dtype=gv.float64)).backward()
    sum((b * torch.tensor(w)).sum() for b, w in zip(to, weights, strict=True)).backward()
    if floating:
        np.testing.assert_allclose(gx.grad.numpy(), tx.grad.numpy(), rtol=rtol, atol=1e-12)
    ours, theirs = dict(gv_layer.named_parameters()), dict(torch_layer.named_parameters())
    assert list(ours) == list(theirs)
    for name, p in theirs.items():
        np.testing.assert_allclose(ours[name].grad.numpy(), p.grad.numpy(), rtol=rtol,
                                   atol=1e-12, err_msg=name)
    _same_state_dict(gv_layer, torch_layer)
    return go, to


def _flat(out):
    first, state = out
    return [first, *(state if isinstance(state, tuple) else (state,))]


def _same_state_dict(gv_layer, torch_layer):
    ours, theirs = gv_layer.state_dict(), torch_layer.state_dict()
    assert list(ours) == list(theirs)
    for key, value in theirs.items():
        assert tuple(ours[key].shape) == tuple(value.shape), key
        np.testing.assert_allclose(ours[key].numpy(), value.numpy(), rtol=1e-12, err_msg=key)


@pytest.mark.parametrize(("args", "kwargs", "shape"), [
    ((2, 3, 3), {}, (2, 2, 6, 5)),
    ((2, 4, (3, 2)), {"stride": 2, "padding": 1, "dilation": (2, 1)}, (1, 2, 8, 7)),
    ((1, 2, 2), {"bias": False, "padding": "same"}, (2, 1, 5, 5)),
    ((2, 3, 3), {}, (2, 6, 5)),  # unbatched
])
def test_conv2d(args, kwargs, shape):
    torch.manual_seed(0)
    with warnings.catch_warnings():  # torch's note on an even kernel with padding='same'
        warnings.simplefilter("ignore", UserWarning)
        _compare(*_twins(nn.Conv2d(*args, **kwargs), torch.nn.Conv2d(*args, **kwargs)), shape)


@pytest.mark.parametrize(("args", "kwargs", "shape"), [
    ((3, 4, 3), {}, (2, 3, 9)),
    ((3, 2, 2), {"stride": 2, "padding": 2, "dilation": 2}, (2, 3, 11)),
])
def test_conv1d(args, kwargs, shape):
    torch.manual_seed(0)
    _compare(*_twins(nn.Conv1d(*args, **kwargs), torch.nn.Conv1d(*args, **kwargs)), shape)


@pytest.mark.parametrize(("name", "args", "shape"), [
    ("MaxPool2d", (2,), (2, 3, 6, 7)), ("MaxPool2d", (3, 2, 1), (1, 2, 7, 7)),
    ("AvgPool2d", (2,), (2, 3, 6, 7)), ("AvgPool2d", (3, 1, 1), (1, 2, 5, 4)),
    ("MaxPool1d", (3, 2), (2, 3, 9)), ("AvgPool1d", (2,), (2, 3, 9)),
    # ceil_mode: a last, shorter window; with padding, none that starts in the padding
    ("MaxPool2d", (2, 2, 0, 1, False, True), (1, 2, 5, 7)),
    ("MaxPool2d", (3, 2, 1, 1, False, True), (1, 2, 6, 5)),
    ("MaxPool1d", (3, 3, 1, 1, False, True), (2, 2, 8)),
])
def test_pools(name, args, shape):
    _compare(getattr(nn, name)(*args), getattr(torch.nn, name)(*args), shape)


@pytest.mark.parametrize(("name", "size", "shape"), [
    ("AdaptiveAvgPool2d", 1, (2, 3, 5, 4)), ("AdaptiveAvgPool2d", (1, 1), (3, 4, 4)),
    ("AdaptiveAvgPool2d", (2, 3), (2, 3, 4, 6)),  # sizes that divide: windows of 2 × 2
    ("AdaptiveAvgPool2d", (3, 2), (1, 2, 5, 7)),  # overlapping windows of 2 or 3
    ("AdaptiveAvgPool2d", (None, 2), (1, 2, 3, 5)), ("AdaptiveAvgPool1d", 3, (2, 3, 7)),
])
def test_adaptive_average_pooling(name, size, shape):
    go, to = _compare(getattr(nn, name)(size), getattr(torch.nn, name)(size), shape)
    if size in (1, (1, 1)):  # global average pooling: a mean, as in PyTorch
        assert type(go[0].grad_fn).__name__ == type(to[0].grad_fn).__name__ == "MeanBackward1"


@pytest.mark.parametrize(("name", "kwargs", "shape"), [
    ("BatchNorm1d", {}, (6, 3)), ("BatchNorm1d", {"momentum": 0.3}, (4, 3, 5)),
    ("BatchNorm2d", {}, (4, 3, 3, 2)), ("BatchNorm2d", {"momentum": None}, (3, 2, 2, 2)),
    ("BatchNorm2d", {"affine": False}, (3, 2, 2, 2)),
    ("BatchNorm1d", {"track_running_stats": False}, (5, 2)),
])
def test_batch_norm_training_then_eval(name, kwargs, shape):
    """Three training batches move the running statistics as torch's do; eval uses them."""
    ours, theirs = _twins(getattr(nn, name)(shape[1], **kwargs),
                          getattr(torch.nn, name)(shape[1], **kwargs))
    rng = np.random.default_rng(4)
    for _ in range(3):
        batch = rng.standard_normal(shape) * 2 + 1
        ours(gv.tensor(batch)), theirs(torch.tensor(batch))
        _same_state_dict(ours, theirs)
    ours.eval(), theirs.eval()
    for module in (ours, theirs):
        module.zero_grad()
    _compare(ours, theirs, shape)
    ours.train(), theirs.train()
    _compare(ours, theirs, shape)


def test_batch_norm_wants_its_ranks_and_more_than_one_value():
    with pytest.raises(ValueError, match="expected 4D input"):
        nn.BatchNorm2d(3)(gv.randn(2, 3))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm1d(3)(gv.randn(1, 3))


def test_embedding_and_its_padding_row():
    tokens = np.array([[1, 3, 1, 0], [2, 0, 0, 4]])
    torch.manual_seed(0)
    for padding in (None, 0, -1):
        ours, theirs = _twins(nn.Embedding(5, 3, padding_idx=padding),
                              torch.nn.Embedding(5, 3, padding_idx=padding))
        _compare(ours, theirs, None, data=tokens)
        assert repr(ours) == repr(theirs)
    fresh = nn.Embedding(4, 2, padding_idx=2)
    assert (fresh.weight[2] == 0).all() and (fresh.weight[1] != 0).all()
    table = gv.tensor([[1.0, 2.0], [3.0, 4.0]])
    frozen = nn.Embedding.from_pretrained(table)
    assert not frozen.weight.requires_grad and frozen(gv.tensor([1])).tolist() == [[3.0, 4.0]]


def test_embedding_says_which_index_is_out_of_range():
    with pytest.raises(IndexError, match="index out of range.*5 rows.*an index is 7"):
        nn.Embedding(5, 2)(gv.tensor([1, 7]))


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize(("kwargs", "shape"), [
    ({}, (4, 2, 3)), ({"batch_first": True, "num_layers": 2}, (2, 4, 3)),
    ({"bias": False}, (3, 2, 3)), ({}, (5, 3)),  # unbatched
    ({"bidirectional": True}, (4, 2, 3)), ({"bidirectional": True}, (5, 3)),
    ({"bidirectional": True, "num_layers": 2, "batch_first": True}, (2, 4, 3)),
])
def test_recurrent_layers(kind, kwargs, shape):
    torch.manual_seed(0)
    ours, theirs = _twins(getattr(nn, kind)(3, 4, **kwargs),
                          getattr(torch.nn, kind)(3, 4, **kwargs))
    go, to = _compare(ours, theirs, shape, rtol=1e-9)
    if len(shape) == 3:  # batched (unbatched results are squeezed: gradviz names a View)
        if not kwargs.get("batch_first"):  # torch's transpose overload varies by dtype
            assert type(go[0].grad_fn).__name__ == type(to[0].grad_fn).__name__
        assert type(go[1].grad_fn).__name__ == type(to[1].grad_fn).__name__ == "StackBackward0"


@pytest.mark.parametrize(("kind", "kwargs"), [
    ("RNNCell", {}), ("RNNCell", {"nonlinearity": "relu", "bias": False}), ("LSTMCell", {}),
    ("GRUCell", {}),
])
@pytest.mark.parametrize("shape", [(3, 5), (5,)])
def test_recurrent_cells_over_a_hand_written_loop(kind, kwargs, shape):
    """Three steps of a cell, each step's state fed to the next, as tutorials write it."""
    torch.manual_seed(0)
    ours, theirs = _twins(getattr(nn, kind)(5, 4, **kwargs),
                          getattr(torch.nn, kind)(5, 4, **kwargs))
    rng = np.random.default_rng(6)
    xs = [rng.standard_normal(shape) for _ in range(3)]
    gx = [gv.tensor(x, requires_grad=True) for x in xs]
    tx = [torch.tensor(x, requires_grad=True) for x in xs]
    g_state = t_state = None
    for a, b in zip(gx, tx, strict=True):
        g_state, t_state = ours(a, g_state), theirs(b, t_state)
    g_out = g_state if isinstance(g_state, tuple) else (g_state,)
    t_out = t_state if isinstance(t_state, tuple) else (t_state,)
    for a, b in zip(g_out, t_out, strict=True):
        assert tuple(a.shape) == tuple(b.shape)
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10)
    sum(a.sum() for a in g_out).backward()
    sum(b.sum() for b in t_out).backward()
    for a, b in zip(gx, tx, strict=True):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-9, atol=1e-12)
    for name, p in theirs.named_parameters():
        np.testing.assert_allclose(getattr(ours, name).grad.numpy(), p.grad.numpy(),
                                   rtol=1e-9, atol=1e-12, err_msg=name)
    _same_state_dict(ours, theirs)


def test_recurrent_layers_take_an_initial_state():
    torch.manual_seed(0)
    ours, theirs = _twins(nn.LSTM(3, 2, num_layers=2), torch.nn.LSTM(3, 2, num_layers=2))
    rng = np.random.default_rng(5)
    x, h, c = (rng.standard_normal(s) for s in [(4, 1, 3), (2, 1, 2), (2, 1, 2)])
    out, (h_n, c_n) = ours(gv.tensor(x), (gv.tensor(h), gv.tensor(c)))
    t_out, (t_h, t_c) = theirs(torch.tensor(x), (torch.tensor(h), torch.tensor(c)))
    for a, b in ((out, t_out), (h_n, t_h), (c_n, t_c)):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10)
    with pytest.raises(ValueError, match="Expected hidden size"):
        ours(gv.tensor(x), (gv.zeros(1, 1, 2), gv.zeros(1, 1, 2)))


def test_layers_draw_their_parameters_as_torch_draws_them():
    """Same distributions as torch: U(±1/√fan_in) for convolutions, U(±1/√H) for the
    recurrent layers, N(0, 1) for an embedding."""
    gv.manual_seed(0)
    conv, lstm, table = nn.Conv2d(3, 8, 3), nn.LSTM(4, 16), nn.Embedding(400, 50)
    bound = 1 / np.sqrt(27)
    assert np.abs(conv.weight.detach().numpy()).max() <= bound
    assert np.abs(conv.weight.detach().numpy()).max() > 0.9 * bound
    assert np.abs(lstm.weight_hh_l0.detach().numpy()).max() <= 0.25
    assert abs(float(table.weight.std()) - 1) < 0.05


def test_lazy_linear_reads_its_input_and_becomes_a_linear():
    layer = nn.LazyLinear(3)
    optimizer = gv.optim.SGD(layer.parameters(), lr=0.1)
    x = gv.randn(5, 4)
    out = layer(x)
    assert type(layer) is nn.Linear and layer.weight.shape == (3, 4) and out.shape == (5, 3)
    before = layer.weight.detach().clone()
    out.sum().backward()
    optimizer.step()  # the optimizer holds the parameters the first call filled
    np.testing.assert_allclose(layer.weight.detach().numpy(),
                               (before - 0.1 * layer.weight.grad).numpy(), rtol=1e-6)


def test_flatten_unflatten_round_trip():
    x = gv.randn(2, 12)
    y = nn.Unflatten(1, (3, 4))(x)
    assert y.shape == (2, 3, 4) and (nn.Flatten()(y) == x).all()


@pytest.mark.parametrize(("call", "message"), [
    (lambda: F.conv2d(gv.randn(1, 2, 5, 5), gv.randn(3, 4, 3, 3)),
     r"expected input\[1, 2, 5, 5\] to have 4 channels, but got 2"),
    (lambda: F.conv2d(gv.randn(5, 5), gv.randn(3, 1, 3, 3)), "Expected 3D .* or 4D"),
    (lambda: F.conv2d(gv.randn(1, 1, 2, 2), gv.randn(1, 1, 3, 3)), "smaller than the kernel"),
    (lambda: F.conv2d(gv.randn(1, 1, 4, 4), gv.randn(1, 1, 3, 3), groups=2), "groups=2"),
    (lambda: F.conv2d(gv.randn(1, 1, 4, 4), gv.randn(1, 1, 3, 3), stride=2, padding="same"),
     "padding='same'"),
    (lambda: F.max_pool2d(gv.randn(1, 1, 4, 4), 2, padding=2), "at most half"),
])
def test_bad_shapes_are_named(call, message):
    with pytest.raises((ValueError, NotImplementedError), match=message):
        call()


def test_a_conv_net_graph_shows_its_layers():
    from gradviz.graph.record import record

    net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                        nn.Linear(2 * 3 * 3, 2))
    loss = F.cross_entropy(net(gv.randn(2, 1, 8, 8)), gv.tensor([0, 1]))
    ops = [n for n in record(loss).nodes if n.is_op]
    symbols = [n.symbol for n in ops]
    assert symbols.index("conv2d") < symbols.index("max_pool2d") < symbols.index("CE")
    conv = ops[symbols.index("conv2d")]
    assert conv.formula.startswith("conv(x, W)")


def test_a_lazy_layer_s_parameters_print_as_uninitialized_until_its_first_call():
    texts = []
    for lib in (gv, torch):
        layer = lib.nn.LazyLinear(3)
        weight = layer.weight
        before = (repr(weight), type(weight).__name__)
        layer(lib.ones(2, 4))
        texts.append((before, type(layer.weight).__name__, layer.weight is weight,
                      tuple(layer.weight.shape)))
    assert texts[0] == texts[1]


def test_a_bidirectional_lstm_takes_an_initial_state_per_layer_and_direction():
    torch.manual_seed(0)
    ours, theirs = _twins(nn.LSTM(3, 2, num_layers=2, bidirectional=True),
                          torch.nn.LSTM(3, 2, num_layers=2, bidirectional=True))
    rng = np.random.default_rng(5)
    x, h, c = (rng.standard_normal(s) for s in [(4, 1, 3), (4, 1, 2), (4, 1, 2)])
    out, (h_n, c_n) = ours(gv.tensor(x), (gv.tensor(h), gv.tensor(c)))
    t_out, (t_h, t_c) = theirs(torch.tensor(x), (torch.tensor(h), torch.tensor(c)))
    assert tuple(out.shape) == (4, 1, 4) and tuple(h_n.shape) == (4, 1, 2)
    for a, b in ((out, t_out), (h_n, t_h), (c_n, t_c)):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10)
    with pytest.raises(ValueError, match="Expected hidden size"):
        ours(gv.tensor(x), (gv.zeros(2, 1, 2), gv.zeros(2, 1, 2)))


@pytest.mark.parametrize("conv,weight", [("conv2d", (4, 3, 3, 3)),
                                         ("conv_transpose2d", (3, 4, 3, 3))])
def test_a_convolution_with_the_wrong_channels_says_so_as_pytorch(conv, weight):
    x = np.zeros((1, 2, 5, 5))
    with pytest.raises(RuntimeError) as theirs:
        getattr(torch.nn.functional, conv)(torch.tensor(x),
                                           torch.zeros(weight, dtype=torch.float64))
    with pytest.raises(Exception) as ours:
        getattr(gv.nn.functional, conv)(gv.tensor(x), gv.zeros(*weight, dtype=gv.float64))
    assert str(ours.value) == str(theirs.value).splitlines()[0]

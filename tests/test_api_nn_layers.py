"""The `nn` layers added for torch.nn's missing names against torch: parameters (names,
shapes, PyTorch's initial values where they are fixed), float64 forward and backward with
torch's parameters copied in (≤ 1e-9), running statistics, the lazy layers' materialisation,
`nn.Buffer` and non-persistent buffers, the recurrent base classes and NLLLoss2d's warning.
(Their reprs are in tests/test_nn_reprs.py.)"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch

import gradviz as gv


def _copy(ours, theirs) -> None:
    """torch's parameters and buffers into gradviz's layer (float64)."""
    ours.load_state_dict({k: v.detach().double().numpy() for k, v in theirs.state_dict().items()})


def _twins(name, args, kwargs=None):
    torch.manual_seed(0)
    theirs = getattr(torch.nn, name)(*args, **(kwargs or {})).double()
    ours = getattr(gv.nn, name)(*args, **(kwargs or {})).double()
    assert [(k, tuple(v.shape)) for k, v in ours.state_dict().items()] == [
        (k, tuple(v.shape)) for k, v in theirs.state_dict().items()]
    _copy(ours, theirs)
    return ours, theirs


def _leaves(result):
    return list(result) if isinstance(result, tuple) else [result]


LAYERS = [
    ("Conv3d", (2, 3, 3), {}, [(2, 2, 5, 4, 5)]),
    ("Conv3d", (2, 3, (2, 1, 3), 2, 1, 1, 1, False), {}, [(1, 2, 5, 6, 5)]),
    ("Conv3d", (2, 3, 2), {"padding": "same"}, [(2, 3, 4, 3)]),
    ("ConvTranspose3d", (2, 3, 3, 2, 1, 1), {}, [(1, 2, 3, 2, 3)]),
    ("ConvTranspose3d", (2, 1, 2), {"bias": False}, [(2, 2, 2, 3)]),
    ("BatchNorm3d", (3,), {}, [(2, 3, 2, 3, 2)]),
    ("BatchNorm3d", (3, 1e-3, None, False), {}, [(2, 3, 2, 2, 3)]),
    ("MaxPool3d", (2,), {}, [(2, 2, 4, 4, 5)]),
    ("MaxPool3d", (3, 2, 1), {"return_indices": True}, [(1, 2, 5, 5, 4)]),
    ("AvgPool3d", (2, 1), {}, [(2, 2, 3, 4, 3)]),
    ("AdaptiveAvgPool3d", ((2, 3, None),), {}, [(2, 2, 5, 7, 3)]),
    ("AdaptiveMaxPool2d", ((3, 2),), {}, [(2, 3, 7, 5)]),
    ("AdaptiveMaxPool2d", (2, True), {}, [(3, 5, 5)]),
    ("AdaptiveMaxPool1d", (3, True), {}, [(2, 3, 8)]),
    ("MaxPool2d", (2,), {"return_indices": True}, [(2, 3, 6, 6)]),
    ("MaxPool1d", (3, 2), {"return_indices": True}, [(2, 3, 9)]),
    ("LPPool2d", (2, 2), {}, [(2, 3, 4, 6)]),
    ("LPPool1d", (1, 3, 2), {}, [(2, 3, 9)]),
    ("ChannelShuffle", (2,), {}, [(2, 4, 3, 3)]),
    ("RMSNorm", (5,), {}, [(2, 3, 5)]),
    ("RMSNorm", ([3, 5], 1e-4, False), {}, [(2, 3, 5)]),
    ("SoftMarginLoss", (), {}, [(4, 5), (4, 5)]),
    ("TripletMarginWithDistanceLoss", (), {"swap": True}, [(4, 5), (4, 5), (4, 5)]),
]


@pytest.mark.parametrize(("name", "args", "kwargs", "shapes"), LAYERS,
                         ids=[f"{c[0]}{c[1]}{c[2]}" for c in LAYERS])
def test_layer_forward_and_backward_in_float64(name, args, kwargs, shapes):
    ours, theirs = _twins(name, args, kwargs)
    rng = np.random.default_rng(5)
    arrays = [rng.standard_normal(s) for s in shapes]
    if name == "SoftMarginLoss":
        arrays[1] = np.sign(arrays[1])
    grads = [not (name == "SoftMarginLoss" and i == 1) for i in range(len(arrays))]  # a target
    xs = [gv.tensor(a, requires_grad=g) for a, g in zip(arrays, grads, strict=True)]
    ts = [torch.tensor(a, requires_grad=g) for a, g in zip(arrays, grads, strict=True)]
    out, expected = _leaves(ours(*xs)), _leaves(theirs(*ts))
    for a, b in zip(out, expected, strict=True):
        assert str(a.dtype).rsplit(".")[-1] == str(b.dtype).rsplit(".")[-1]
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-9,
                                   atol=1e-12)
    assert type(out[0].grad_fn).__name__ == type(expected[0].grad_fn).__name__
    weights = rng.standard_normal(tuple(expected[0].shape))
    (out[0] * gv.tensor(weights)).sum().backward()
    (expected[0] * torch.tensor(weights)).sum().backward()
    for a, b in zip(xs[:sum(grads)], ts[:sum(grads)], strict=True):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-9, atol=1e-12)
    for (key, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters(),
                                strict=True):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-9, atol=1e-12,
                                   err_msg=key)
    for (key, b), (_, c) in zip(ours.named_buffers(), theirs.named_buffers(), strict=True):
        np.testing.assert_allclose(b.numpy(), c.numpy(), rtol=1e-9, err_msg=key)


def test_batch_norm_3d_eval_uses_its_running_statistics():
    ours, theirs = _twins("BatchNorm3d", (2,))
    x = np.random.default_rng(1).standard_normal((3, 2, 2, 3, 2)) * 2 + 1
    for _ in range(2):
        ours(gv.tensor(x)), theirs(torch.tensor(x))
    ours.eval(), theirs.eval()
    np.testing.assert_allclose(ours(gv.tensor(x)).detach().numpy(),
                               theirs(torch.tensor(x)).detach().numpy(), rtol=1e-9)
    assert int(ours.num_batches_tracked) == 2
    with pytest.raises(Exception, match="expected 5D input"):
        ours(gv.ones(2, 2, 3))


def test_unpool_layers_invert_the_pool_layers():
    rng = np.random.default_rng(2)
    for dims, shape in ((1, (2, 3, 8)), (2, (2, 3, 6, 4))):
        x = rng.standard_normal(shape)
        results = []
        for lib, make in ((gv, gv.tensor), (torch, torch.tensor)):
            pool = getattr(lib.nn, f"MaxPool{dims}d")(2, return_indices=True)
            unpool = getattr(lib.nn, f"MaxUnpool{dims}d")(2)
            t = make(x, requires_grad=True)
            out = unpool(*pool(t), output_size=t.shape)
            out.pow(2).sum().backward()
            results.append((out.detach().numpy(), t.grad.numpy(), type(out.grad_fn).__name__))
        np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-9)
        np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-9)
        assert results[0][2] == results[1][2]


def test_rms_norm_weight_starts_at_ones_and_trains():
    norm = gv.nn.RMSNorm([2, 3])
    assert norm.weight.shape == (2, 3) and bool((norm.weight == 1).all())
    assert gv.nn.RMSNorm(3, elementwise_affine=False).weight is None
    assert list(dict(gv.nn.RMSNorm(3).named_parameters())) == ["weight"]
    norm(gv.randn(4, 2, 3)).sum().backward()
    assert norm.weight.grad.shape == (2, 3)


@pytest.mark.parametrize(("name", "args", "shape", "eager"), [
    ("LazyConv1d", (4, 3), (2, 3, 7), "Conv1d"),
    ("LazyConv2d", (4, 3, 2, 1), (2, 3, 7, 6), "Conv2d"),
    ("LazyConv2d", (4, 3), (3, 7, 6), "Conv2d"),
    ("LazyConvTranspose1d", (4, 3, 2), (2, 3, 5), "ConvTranspose1d"),
    ("LazyConvTranspose2d", (4, 3, 2, 1, 1), (2, 3, 5, 4), "ConvTranspose2d"),
    ("LazyBatchNorm1d", (), (4, 3), "BatchNorm1d"),
    ("LazyBatchNorm2d", (1e-3, 0.2), (2, 3, 4, 4), "BatchNorm2d"),
    ("LazyInstanceNorm1d", (), (2, 3, 5), "InstanceNorm1d"),
    ("LazyInstanceNorm2d", (1e-5, 0.1, False, False), (2, 3, 4, 4), "InstanceNorm2d"),
])
def test_lazy_layers_take_their_channels_from_the_first_input(name, args, shape, eager):
    ours, theirs = getattr(gv.nn, name)(*args), getattr(torch.nn, name)(*args)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert all(type(p).__name__ == "UninitializedParameter" for p in ours.parameters())
    gv.manual_seed(1)
    getattr(gv.nn, name)(*args)  # nothing drawn until the first call
    drawn = gv.rand(3)
    gv.manual_seed(1)
    assert gv.equal(drawn, gv.rand(3))
    params = list(ours.parameters())
    optimizer = gv.optim.SGD(params, lr=0.1) if params else None
    x = np.random.default_rng(3).standard_normal(shape).astype(np.float32)
    ours(gv.tensor(x)), theirs(torch.tensor(x))
    assert type(ours).__name__ == type(theirs).__name__ == eager
    assert repr(ours) == repr(theirs)
    assert [(k, tuple(v.shape)) for k, v in ours.state_dict().items()] == [
        (k, tuple(v.shape)) for k, v in theirs.state_dict().items()]
    assert all(p is q for p, q in zip(params, ours.parameters(), strict=True))
    if optimizer is not None:
        assert optimizer.param_groups[0]["params"][0] is params[0]
    if eager.startswith("Conv"):  # U(±1/√fan_in), fan_in from the channels just read
        fan_in = ours.weight.shape[1] * math.prod(ours.kernel_size)
        assert float(ours.weight.abs().max()) <= 1 / math.sqrt(fan_in)
        assert float(ours.weight.abs().max()) > 0
    _copy(ours.double(), theirs.double())
    np.testing.assert_allclose(ours(gv.tensor(x).double()).detach().numpy(),
                               theirs(torch.tensor(x).double()).detach().numpy(), rtol=1e-9)


def test_buffer_is_registered_when_assigned():
    class Net(gv.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.scale = gv.nn.Buffer(gv.ones(2))
            self.mask = gv.nn.Buffer(gv.zeros(3), persistent=False)
            self.register_buffer("steps", gv.tensor(0), persistent=False)

    net = Net()
    assert list(net.state_dict()) == ["scale"]
    assert list(dict(net.named_buffers())) == ["scale", "mask", "steps"]
    assert isinstance(net.scale, gv.nn.Buffer) and not isinstance(gv.ones(2), gv.nn.Buffer)
    assert type(gv.nn.Buffer(gv.ones(2))) is gv.Tensor
    assert gv.nn.Buffer(gv.ones(2, requires_grad=True)).requires_grad
    assert gv.nn.Buffer().shape == (0,)
    net.mask = gv.ones(3)  # a plain tensor assigned again: still a non-persistent buffer
    assert list(net.state_dict()) == ["scale"] and bool(net.mask.all())
    net.load_state_dict({"scale": torch.full((2,), 3.0)})
    assert net.scale.tolist() == [3.0, 3.0]
    net.double()
    assert net.mask.dtype == gv.float64
    assert list(net.state_dict()) == ["scale"]


def test_recurrent_layers_and_cells_share_torch_base_classes():
    for name in ("RNN", "LSTM", "GRU"):
        assert isinstance(getattr(gv.nn, name)(3, 4), gv.nn.RNNBase)
        assert isinstance(getattr(gv.nn, f"{name}Cell")(3, 4), gv.nn.RNNCellBase)
    assert not isinstance(gv.nn.LSTMCell(3, 4), gv.nn.RNNBase)
    assert issubclass(gv.nn.RNNBase, gv.nn.Module) and issubclass(gv.nn.RNNCellBase, gv.nn.Module)


def test_nll_loss_2d_is_the_deprecated_nll_loss():
    caught = []
    for lib in (gv, torch):
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            loss = lib.nn.NLLLoss2d(ignore_index=1)
        caught.append([(w.category, str(w.message)) for w in seen])
        assert isinstance(loss, lib.nn.NLLLoss)
    assert caught[0] == caught[1] and caught[0][0][0] is FutureWarning
    rng = np.random.default_rng(4)
    logp, target = rng.standard_normal((2, 3, 4, 4)), rng.integers(0, 3, (2, 4, 4))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        ours = gv.nn.NLLLoss2d()(gv.tensor(logp), gv.tensor(target))
        theirs = torch.nn.NLLLoss2d()(torch.tensor(logp), torch.tensor(target))
    np.testing.assert_allclose(ours.item(), theirs.item(), rtol=1e-12)


def test_triplet_margin_with_distance_loss_holds_its_distance():
    distance = gv.nn.PairwiseDistance(p=1)
    loss = gv.nn.TripletMarginWithDistanceLoss(distance_function=distance, margin=0.5)
    assert loss.distance_function is distance
    assert dict(loss.named_children()) == {"distance_function": distance}
    with pytest.raises(ValueError, match="expected margin to be greater than 0, got 0 instead"):
        gv.nn.TripletMarginWithDistanceLoss(margin=0)

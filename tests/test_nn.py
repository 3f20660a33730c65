"""gradviz.nn against torch.nn: the Module API, Linear's init, layers and losses (float64)."""

import math

import numpy as np
import pytest
import torch

import gradviz
import gradviz.nn as nn
import gradviz.nn.functional as F
from gradviz.nn import init


def both(array, grad=False):
    """The same float64 array as a gradviz tensor and a torch tensor."""
    array = np.array(array, dtype=np.float64)
    return (gradviz.tensor(array, requires_grad=grad),
            torch.tensor(array, requires_grad=grad))


def make_net(lib):
    class Net(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.input_layer = lib.nn.Sequential(lib.nn.Linear(5, 32), lib.nn.ReLU())
            self.hidden_layer = lib.nn.Sequential(lib.nn.Linear(32, 32), lib.nn.ReLU())
            self.output_layer = lib.nn.Sequential(lib.nn.Linear(32, 3), lib.nn.Sigmoid())

        def forward(self, x):
            return self.output_layer(self.hidden_layer(self.input_layer(x)))

    return Net()


# ── Module API ──────────────────────────────────────────────────────────────────────────
def test_parameter_names_order_and_repr_match_torch():
    ours, theirs = make_net(gradviz), make_net(torch)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [tuple(p.shape) for p in ours.parameters()] == [
        tuple(p.shape) for p in theirs.parameters()]
    assert all(isinstance(p, nn.Parameter) and p.requires_grad for p in ours.parameters())
    assert repr(ours) == repr(theirs)
    assert [type(m).__name__ for m in ours.modules()] == [
        type(m).__name__ for m in theirs.modules()]
    assert len(list(ours.children())) == 3


def test_repr_of_every_layer_matches_torch():
    def layers(lib):
        return lib.nn.Sequential(
            lib.nn.Linear(4, 2, bias=False), lib.nn.LeakyReLU(0.2), lib.nn.Dropout(0.3),
            lib.nn.Softmax(dim=1), lib.nn.LogSoftmax(dim=-1), lib.nn.Flatten(),
            lib.nn.Identity(), lib.nn.Tanh(), lib.nn.MSELoss(), lib.nn.CrossEntropyLoss(),
        )

    assert repr(layers(gradviz)) == repr(layers(torch))


def test_state_dict_round_trip_and_loading_torch_weights():
    src, dst, theirs = make_net(gradviz), make_net(gradviz), make_net(torch)
    x = gradviz.randn(4, 5)
    assert dst.load_state_dict(src.state_dict()).missing_keys == []
    np.testing.assert_array_equal(dst(x).detach().numpy(), src(x).detach().numpy())
    dst.load_state_dict(theirs.state_dict())  # torch tensors load too
    for (name, p), (_, q) in zip(dst.named_parameters(), theirs.named_parameters(), strict=True):
        np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), err_msg=name)
    with pytest.raises(RuntimeError, match="Missing key"):
        dst.load_state_dict({})
    bad = {**src.state_dict(), "input_layer.0.bias": gradviz.zeros(7)}
    with pytest.raises(RuntimeError, match="size mismatch"):
        dst.load_state_dict(bad)


def test_train_eval_switch_dropout():
    net = nn.Sequential(nn.Linear(3, 3), nn.Dropout(0.5))
    assert net.training and net[1].training
    gradviz.manual_seed(0)
    x = gradviz.ones(200, 3)
    out = nn.Dropout(0.5)(x).numpy()
    assert set(np.unique(out)) == {0.0, 2.0}  # kept values scaled by 1/(1−p)
    net.eval()
    assert not net.training and not net[1].training
    dropout = net[1]
    np.testing.assert_array_equal(dropout(x).numpy(), x.numpy())
    net.train()
    assert net[1].training
    with pytest.raises(ValueError, match="between 0 and 1"):
        nn.Dropout(1.5)


def test_zero_grad_and_parameter_assignment():
    net = make_net(gradviz)
    net(gradviz.randn(2, 5)).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all(not p.grad.numpy().any() for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    with pytest.raises(TypeError):
        net.input_layer[0].weight = gradviz.zeros(32, 5)


def test_to_dtype_keeps_parameter_objects():
    net = nn.Linear(3, 2)
    params = list(net.parameters())
    assert net.to(gradviz.float64) is net
    assert [p is q for p, q in zip(params, net.parameters(), strict=True)] == [True, True]
    assert net.weight.dtype == gradviz.float64
    assert net(gradviz.randn(4, 3, dtype=gradviz.float64)).dtype == gradviz.float64


# ── Linear ──────────────────────────────────────────────────────────────────────────────
def test_linear_init_bounds_and_shapes():
    gradviz.manual_seed(1)
    layer = nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)
    w, b = layer.weight.detach().numpy(), layer.bias.detach().numpy()
    assert w.shape == (300, 400) and b.shape == (300,)
    assert layer.weight.dtype == gradviz.float32
    assert np.abs(w).max() <= bound and np.abs(b).max() <= bound
    assert np.abs(w).max() > 0.99 * bound
    assert w.std() == pytest.approx(bound / math.sqrt(3), rel=0.02)  # uniform's std
    assert nn.Linear(3, 2, bias=False).bias is None


def test_linear_and_sequential_match_torch():
    theirs = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Tanh(),
                                 torch.nn.Linear(3, 2)).double()
    ours = nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 2)).double()
    ours.load_state_dict(theirs.state_dict())
    x, tx = both(np.random.default_rng(0).normal(size=(5, 4)), grad=True)
    ours(x).sum().backward()
    theirs(tx).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-12)
    for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-12)


def test_sequential_indexing():
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert len(seq) == 3
    assert isinstance(seq[0], nn.Linear) and isinstance(seq[-1], nn.Linear)
    assert seq[-1] is seq[2]
    tail = seq[1:]
    assert isinstance(tail, nn.Sequential) and len(tail) == 2 and tail[0] is seq[1]
    assert [type(m).__name__ for m in seq] == ["Linear", "ReLU", "Linear"]
    with pytest.raises(IndexError):
        seq[3]


# ── activations ─────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("name, args", [
    ("ReLU", ()), ("Sigmoid", ()), ("Tanh", ()), ("LeakyReLU", (0.2,)), ("Softmax", (1,)),
    ("LogSoftmax", (1,)), ("Identity", ()), ("Flatten", ()),
])
def test_activation_modules_match_torch(name, args):
    data = np.random.default_rng(2).normal(scale=3, size=(4, 3, 2))
    if name in ("Softmax", "LogSoftmax"):
        data = data[:, :, 0]
    x, tx = both(data, grad=True)
    y, ty = getattr(nn, name)(*args)(x), getattr(torch.nn, name)(*args)(tx)
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-12)
    weights = np.random.default_rng(3).normal(size=ty.shape)
    (y * gradviz.tensor(weights)).sum().backward()
    (ty * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-12, atol=1e-15)


# ── losses ──────────────────────────────────────────────────────────────────────────────
RNG = np.random.default_rng(7)
LOGITS = RNG.normal(scale=3, size=(6, 4))
LOGITS[0, :] = [1000.0, -1000.0, 0.0, 999.0]
LOGITS[1, :] = [-1000.0, -1000.0, -999.0, 1000.0]
CLASSES = np.array([0, 1, 3, 2, 3, 0])
PROBS = RNG.dirichlet(np.ones(4), size=6)
BINARY = RNG.integers(0, 2, size=(6, 4)).astype(float)
CLASS_WEIGHT = np.array([0.5, 2.0, 1.0, 3.0])

LOSS_CASES = [
    # (module name, module kwargs, input, target, target is integer)
    ("MSELoss", {}, LOGITS, PROBS, False),
    ("MSELoss", {"reduction": "sum"}, LOGITS, PROBS, False),
    ("MSELoss", {"reduction": "none"}, LOGITS, PROBS, False),
    ("BCELoss", {}, 1 / (1 + np.exp(-LOGITS[2:] / 3)), BINARY[2:], False),
    ("BCELoss", {"weight": CLASS_WEIGHT, "reduction": "sum"},
     1 / (1 + np.exp(-LOGITS[2:] / 3)), PROBS[2:], False),
    ("BCEWithLogitsLoss", {}, LOGITS, BINARY, False),
    ("BCEWithLogitsLoss", {"reduction": "none"}, LOGITS, PROBS, False),
    ("BCEWithLogitsLoss", {"pos_weight": CLASS_WEIGHT}, LOGITS, BINARY, False),
    ("BCEWithLogitsLoss", {"weight": CLASS_WEIGHT, "reduction": "sum"}, LOGITS, BINARY, False),
    ("CrossEntropyLoss", {}, LOGITS, CLASSES, True),
    ("CrossEntropyLoss", {"reduction": "sum"}, LOGITS, CLASSES, True),
    ("CrossEntropyLoss", {"reduction": "none"}, LOGITS, CLASSES, True),
    ("CrossEntropyLoss", {"weight": CLASS_WEIGHT}, LOGITS, CLASSES, True),
    ("CrossEntropyLoss", {"weight": CLASS_WEIGHT, "reduction": "none"}, LOGITS, CLASSES, True),
    ("CrossEntropyLoss", {"ignore_index": 3}, LOGITS, CLASSES, True),
    ("CrossEntropyLoss", {}, LOGITS, PROBS, False),
    ("CrossEntropyLoss", {"reduction": "sum"}, LOGITS, PROBS, False),
    ("CrossEntropyLoss", {"weight": CLASS_WEIGHT}, LOGITS, PROBS, False),
    ("CrossEntropyLoss", {"label_smoothing": 0.1}, LOGITS, PROBS, False),
    ("CrossEntropyLoss", {"label_smoothing": 0.1}, LOGITS, CLASSES, True),
    ("CrossEntropyLoss", {"label_smoothing": 0.2, "reduction": "sum"}, LOGITS, CLASSES, True),
    ("CrossEntropyLoss", {"label_smoothing": 0.1, "reduction": "none"}, LOGITS, CLASSES, True),
    ("CrossEntropyLoss", {"label_smoothing": 0.1, "weight": CLASS_WEIGHT}, LOGITS, CLASSES, True),
    ("CrossEntropyLoss", {"label_smoothing": 0.1, "ignore_index": 3}, LOGITS, CLASSES, True),
    ("NLLLoss", {}, np.log(PROBS), CLASSES, True),
    ("NLLLoss", {"weight": CLASS_WEIGHT, "reduction": "sum"}, np.log(PROBS), CLASSES, True),
    ("NLLLoss", {"weight": CLASS_WEIGHT}, np.log(PROBS), CLASSES, True),
]


def _kwargs(lib, kwargs):
    return {k: lib.tensor(v, dtype=lib.float64) if isinstance(v, np.ndarray) else v
            for k, v in kwargs.items()}


@pytest.mark.parametrize(("name", "kwargs", "inputs", "target", "integer"), LOSS_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(LOSS_CASES)])
def test_loss_value_and_input_gradient_match_torch(name, kwargs, inputs, target, integer):
    x, tx = both(inputs, grad=True)
    dtype = (gradviz.int64, torch.int64) if integer else (gradviz.float64, torch.float64)
    y, ty = gradviz.tensor(target, dtype=dtype[0]), torch.tensor(target, dtype=dtype[1])
    loss = getattr(nn, name)(**_kwargs(gradviz, kwargs))(x, y)
    tloss = getattr(torch.nn, name)(**_kwargs(torch, kwargs))(tx, ty)
    assert np.isfinite(loss.detach().numpy()).all()
    np.testing.assert_allclose(loss.detach().numpy(), tloss.detach().numpy(), rtol=1e-12)
    seed = np.random.default_rng(0).normal(size=tloss.shape)
    loss.backward(gradviz.tensor(seed, dtype=gradviz.float64))
    tloss.backward(torch.tensor(seed))
    assert np.isfinite(x.grad.numpy()).all()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_functional_reexports_engine_functional():
    from gradviz.engine import functional

    assert F.cross_entropy is functional.cross_entropy
    assert set(F.__all__) == set(functional.__all__)
    assert nn.functional is F


# ── init ────────────────────────────────────────────────────────────────────────────────
def test_init_functions():
    w = gradviz.empty(50, 40)
    assert init.ones_(w) is w and (w.numpy() == 1).all()
    init.zeros_(w)
    assert not w.numpy().any()
    gradviz.manual_seed(3)
    init.xavier_uniform_(w)
    assert np.abs(w.numpy()).max() <= math.sqrt(6 / 90)
    init.kaiming_uniform_(w, a=math.sqrt(5))
    assert np.abs(w.numpy()).max() <= 1 / math.sqrt(40)
    init.uniform_(w, -0.1, 0.1)
    assert np.abs(w.numpy()).max() <= 0.1
    init.normal_(w, std=0.01)
    assert w.numpy().std() == pytest.approx(0.01, rel=0.1)

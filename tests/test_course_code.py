"""The course's own code (seeds 001, 002, 004) runs on gradviz and gives PyTorch's numbers.

Each snippet is written once against a library argument ``lib`` (``gradviz`` or ``torch``),
just as a student would change ``import torch`` to ``import gradviz as torch``.
"""

import numpy as np
import pytest
import torch

import gradviz
import gradviz.nn
import gradviz.nn.functional
import gradviz.optim

RTOL = 1e-9


# ── seed 001: "PyTorch en Acción" ───────────────────────────────────────────────────────
def seed001_loop(lib, X0, W0, b0, iterations=10):
    """The slide's loop: SGD on BCE-with-logits of X @ W + b against all-ones labels."""
    X = lib.tensor(X0)
    Y = lib.ones(64, 3, dtype=lib.float64)
    W = lib.tensor(W0, requires_grad=True)
    b = lib.tensor(b0, requires_grad=True)
    optimizer = lib.optim.SGD([W, b], lr=0.1)
    history = []
    for _ in range(iterations):
        optimizer.zero_grad()
        Z = lib.matmul(X, W) + b  # Forward pass
        loss = lib.nn.functional.binary_cross_entropy_with_logits(Z, Y)
        loss.backward()  # Backward pass
        optimizer.step()
        history.append((loss.item(), W.grad.numpy().copy(), b.grad.numpy().copy(),
                        W.detach().numpy().copy()))
    return history


def test_seed001_training_loop_matches_torch():
    rng = np.random.default_rng(1)
    X0, W0, b0 = rng.normal(size=(64, 5)), rng.normal(size=(5, 3)), rng.normal(size=3)
    ours = seed001_loop(gradviz, X0, W0, b0)
    theirs = seed001_loop(torch, X0, W0, b0)
    for (loss, gw, gb, w), (tloss, tgw, tgb, tw) in zip(ours, theirs, strict=True):
        assert loss == pytest.approx(tloss, rel=RTOL)
        np.testing.assert_allclose(gw, tgw, rtol=RTOL)
        np.testing.assert_allclose(gb, tgb, rtol=RTOL)
        np.testing.assert_allclose(w, tw, rtol=RTOL)
    assert ours[-1][0] < ours[0][0]  # it learns


def make_seed001_net(nn):
    class Net(nn.Module):
        def __init__(self):
            super(Net, self).__init__()  # noqa: UP008 - as the slide writes it
            self.input_layer = nn.Sequential(nn.Linear(5, 32), nn.ReLU())
            self.hidden_layer = nn.Sequential(nn.Linear(32, 32), nn.ReLU())
            self.output_layer = nn.Sequential(nn.Linear(32, 3), nn.Sigmoid())

        def forward(self, x):
            x = self.input_layer(x)
            x = self.hidden_layer(x)
            x = self.output_layer(x)
            return x

    return Net()


def test_seed001_net_with_copied_weights_matches_torch():
    torch.manual_seed(0)
    theirs = make_seed001_net(torch.nn).double()
    ours = make_seed001_net(gradviz.nn).double()
    ours.load_state_dict(theirs.state_dict())
    rng = np.random.default_rng(2)
    x0, y0 = rng.normal(size=(64, 5)), rng.integers(0, 2, size=(64, 3)).astype(float)

    out = ours(gradviz.tensor(x0))
    tout = theirs(torch.tensor(x0))
    np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy(), rtol=RTOL)
    loss = gradviz.nn.BCELoss()(out, gradviz.tensor(y0, dtype=gradviz.float64))
    tloss = torch.nn.BCELoss()(tout, torch.tensor(y0))
    assert loss.item() == pytest.approx(tloss.item(), rel=RTOL)
    loss.backward()
    tloss.backward()
    for (name, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters(),
                                 strict=True):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=RTOL, atol=1e-15,
                                   err_msg=name)


# ── seed 002: tensors, creation, dtypes, broadcasting ───────────────────────────────────
def seed002_tensors(lib):
    """The notebook's creation and arithmetic cells; returns (name, tensor) pairs."""
    x = lib.empty(2, 2, 3)
    ones = lib.zeros(2, 2) + 1
    twos = lib.ones(2, 3) + 2
    threes = (lib.ones(2, 2) * 7 - 1) / 2
    fours = twos**2
    b = lib.rand((2, 3), dtype=lib.float64) * 20
    a = lib.ones(4, 3, 2)
    return [
        ("A", lib.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])),
        ("B", lib.zeros(3, 3)), ("C", lib.randn(3, 3)), ("D", lib.eye(3)),
        ("empty", lib.empty(3, 4)), ("zeros", lib.zeros(2, 3)), ("ones", lib.ones(2, 3)),
        ("rand", lib.rand(2, 3)), ("x", x), ("empty_like", lib.empty_like(x)),
        ("zeros_like", lib.zeros_like(x)), ("ones_like", lib.ones_like(x)),
        ("rand_like", lib.rand_like(x)),
        ("some_constants", lib.tensor([[3.14332, 2.732342], [1.4374973, 0.00834]])),
        ("some_integers", lib.tensor((2, 3, 4, 6, 1, 9, 10, 30))),
        ("more_integers", lib.tensor(((2, 4, 6), [3, 6, 9]))),
        ("a_int16", lib.ones((2, 3), dtype=lib.int16)), ("b", b), ("c", b.to(lib.int32)),
        ("ones+1", ones), ("twos", twos), ("threes", threes), ("fours", fours),
        ("sqrt2s", twos**0.5), ("powers2", 2 ** lib.tensor([[1, 2], [3, 4]])),
        ("dozens", threes * ones),
        ("(2,4)*(1,4)", lib.ones(2, 4) * lib.rand(1, 4)),
        ("(4,3,2)*(3,2)", a * lib.rand(3, 2)), ("(4,3,2)*(3,1)", a * lib.rand(3, 1)),
        ("(4,3,2)*(1,2)", a * lib.rand(1, 2)),
    ]


def test_seed002_shapes_and_dtypes_match_torch():
    ours, theirs = seed002_tensors(gradviz), seed002_tensors(torch)
    for (name, t), (_, tt) in zip(ours, theirs, strict=True):
        assert tuple(t.shape) == tuple(tt.shape), name
        assert t.dtype.name == str(tt.dtype).removeprefix("torch."), name
    deterministic = {"A", "B", "D", "zeros", "ones", "some_constants", "some_integers",
                     "more_integers", "a_int16", "ones+1", "twos", "threes", "fours", "sqrt2s",
                     "powers2", "dozens"}
    for (name, t), (_, tt) in zip(ours, theirs, strict=True):
        if name in deterministic:
            np.testing.assert_array_equal(t.numpy(), tt.numpy(), err_msg=name)


def test_seed002_manual_seed_repeats():
    gradviz.manual_seed(1729)
    random1, random2 = gradviz.rand(2, 3), gradviz.rand(2, 3)
    gradviz.manual_seed(1729)
    random3, random4 = gradviz.rand(2, 3), gradviz.rand(2, 3)
    np.testing.assert_array_equal(random1.numpy(), random3.numpy())
    np.testing.assert_array_equal(random2.numpy(), random4.numpy())
    assert not np.array_equal(random1.numpy(), random2.numpy())


def test_seed002_shape_mismatch_fails_like_torch():
    # The notebook's `fives = ones + fours` adds (2, 2) to (2, 3): PyTorch refuses it too.
    with pytest.raises(RuntimeError, match="must match the size"):
        torch.ones(2, 2) + torch.ones(2, 3)
    with pytest.raises((RuntimeError, ValueError), match="must match the size"):
        gradviz.ones(2, 2) + gradviz.ones(2, 3)


# ── seed 004: the XOR workshop, 3 inputs (one constant), 4 hidden, 1 output, no biases ─
def test_seed004_xor_learns_with_plain_gradient_descent():
    gradviz.manual_seed(0)
    X = gradviz.tensor([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=gradviz.float64)
    y = gradviz.tensor([[0], [1], [1], [0]], dtype=gradviz.float64)
    w1 = gradviz.randn(3, 4, dtype=gradviz.float64, requires_grad=True)
    w2 = gradviz.randn(4, 1, dtype=gradviz.float64, requires_grad=True)
    lr = 1.0
    losses = []
    for _ in range(1500):
        a1 = gradviz.sigmoid(X @ w1)
        a2 = gradviz.sigmoid(a1 @ w2)
        loss = gradviz.nn.functional.binary_cross_entropy(a2, y)  # the workshop's BCE
        loss.backward()
        with gradviz.no_grad():
            w1 -= lr * w1.grad
            w2 -= lr * w2.grad
            w1.grad.zero_()
            w2.grad.zero_()
        losses.append(loss.item())
    assert losses[-1] < 0.05
    predictions = gradviz.sigmoid(gradviz.sigmoid(X @ w1) @ w2).detach().numpy()
    np.testing.assert_array_equal(predictions.round().ravel(), [0, 1, 1, 0])

"""`F.relu_` and the other in-place activations of `nn.functional`, and `F.threshold`, against
PyTorch: the numbers written into x, x itself returned, gradients through them (float64),
and PyTorch's error for a leaf that requires grad."""

import numpy as np
import pytest
import torch

import gradviz as gv
import gradviz.nn.functional as F

CASES = [  # (name, extra arguments)
    ("relu_", ()), ("elu_", ()), ("elu_", (0.5,)), ("leaky_relu_", ()), ("leaky_relu_", (0.2,)),
    ("hardtanh_", ()), ("hardtanh_", (-0.5, 0.7)), ("threshold_", (0.1, 2.0)),
    ("celu_", ()), ("celu_", (0.75,)), ("selu_", ()),
]
X = np.array([[-2.0, -0.6, -0.05, 0.0], [0.05, 0.1, 0.6, 2.0]])


@pytest.mark.parametrize(("name", "args"), CASES)
def test_writes_into_x_and_returns_it(name, args):
    ours, theirs = gv.tensor(X), torch.tensor(X)
    out = getattr(F, name)(ours, *args)
    expected = getattr(torch.nn.functional, name)(theirs, *args)
    assert out is ours
    np.testing.assert_allclose(ours.numpy(), expected.numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(("name", "args"), CASES)
def test_gradient_through_the_change(name, args):
    upstream = np.linspace(0.5, 2.0, X.size).reshape(X.shape)
    grads = []
    for lib, fn in ((gv, getattr(F, name)), (torch, getattr(torch.nn.functional, name))):
        x = lib.tensor(X * 1.3 + 0.01, dtype=lib.float64, requires_grad=True)
        y = x * 1.0
        fn(y, *args)
        (y * lib.tensor(upstream)).sum().backward()
        grads.append(x.grad.numpy())
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-9, atol=1e-12)


def test_celu_in_place_gradient_for_an_inexact_alpha():
    # For α = 0.7 PyTorch's celu kernels (both forms) end 1e-8 to 5e-8 relative from the exact
    # eˣᐟᵅ in float64 (α meets a float32 on the way); gradviz's is the exact one.
    x0 = X * 1.3 + 0.01
    grads = []
    for lib, fn in ((gv, F.celu_), (torch, torch.nn.functional.celu_)):
        x = lib.tensor(x0, dtype=lib.float64, requires_grad=True)
        y = fn(x * 1.0, 0.7)
        (y * lib.tensor(X)).sum().backward()
        grads.append(x.grad.numpy())
    exact = np.where(x0 > 0, 1.0, np.exp(np.minimum(x0, 0) / 0.7)) * X
    np.testing.assert_allclose(grads[0], exact, rtol=1e-14)
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-7)


def test_relu_in_place_is_recorded_as_relu():
    y = gv.randn(3, requires_grad=True) * 2
    assert type(F.relu_(y).grad_fn).__name__ == "ReluBackward0"


@pytest.mark.parametrize(("name", "args"), CASES)
def test_a_leaf_that_requires_grad_refuses(name, args):
    with pytest.raises(RuntimeError) as theirs:
        getattr(torch.nn.functional, name)(torch.zeros(2, requires_grad=True), *args)
    with pytest.raises(RuntimeError) as ours:
        getattr(F, name)(gv.zeros(2, requires_grad=True), *args)
    assert str(ours.value) == str(theirs.value)


def test_threshold_against_torch():
    x = np.array([-1.0, 0.1, 0.1000001, 0.5, np.inf])
    for inplace in (False, True):
        ours, theirs = gv.tensor(x), torch.tensor(x)
        out = F.threshold(ours, 0.1, -3.0, inplace)
        expected = torch.nn.functional.threshold(theirs, 0.1, -3.0, inplace)
        np.testing.assert_array_equal(out.numpy(), expected.numpy())
        assert (out is ours) == inplace


def test_in_place_seen_through_a_view():
    base = gv.tensor(X.copy())
    F.relu_(base[0])
    expected = torch.tensor(X.copy())
    torch.nn.functional.relu_(expected[0])
    np.testing.assert_array_equal(base.numpy(), expected.numpy())

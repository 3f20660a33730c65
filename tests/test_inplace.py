"""In-place changes against PyTorch: item assignment, views, leaves under no_grad and recorded
in-place ops on non-leaves (each program written once, run with both libraries)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv


def _both(program):
    """`program(lib, w)` with a leaf `w` from the same numbers; returns (result, w) pairs."""
    start = np.array([[0.5, -1.0, 2.0], [-0.3, 0.8, -1.5]])
    runs = []
    for lib in (gv, torch):
        w = lib.tensor(start, dtype=lib.float64, requires_grad=True)
        out = program(lib, w)
        out.backward()
        runs.append((out, w))
    return runs


def _same(a, b):
    np.testing.assert_allclose(np.asarray(a.detach().numpy() if hasattr(a, "detach") else a),
                               b.detach().numpy() if hasattr(b, "detach") else b, rtol=1e-12)


def _check(program):
    (gv_out, gv_w), (t_out, t_w) = _both(program)
    _same(gv_out, t_out)
    _same(gv_w.grad, t_w.grad)


def test_item_assignment_of_numbers_tensors_masks_and_index_tensors():
    for lib in (gv, torch):
        x = lib.arange(12.0).reshape(3, 4)
        x[:, 1] = 0
        x[x > 8] = -1
        x[lib.tensor([0, 2]), 0] = lib.tensor(7.0)
        x[1] = lib.tensor([1.0, 2.0, 3.0, 4.0])
        v = lib.zeros(3)
        v[1] += 1
        v[2] -= lib.tensor(2.0)
        if lib is gv:
            gv_x, gv_v = x, v
    _same(gv_x, x)
    _same(gv_v, v)


def test_a_one_element_view_changes_its_tensor():
    for lib in (gv, torch):
        a = lib.zeros(3)
        a[1].add_(1)
        a[2:].mul_(0).add_(5)
        if lib is gv:
            gv_a = a
    _same(gv_a, a)


def test_a_leaf_changes_under_no_grad_and_refuses_with_grad():
    for lib in (gv, torch):
        w = lib.ones(3, requires_grad=True)
        with lib.no_grad():
            w[0] -= 1
            w.sub_(0.5)
        with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
            w[1] = 0
        with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
            w.unsqueeze_(0)
        if lib is gv:
            gv_w = w
    _same(gv_w, w)



def _hand_written_fit(lib, images, labels, start, dtype):
    """"What is torch.nn really?"'s first fit loop: log_softmax and nll by hand, and the update
    ``weights -= weights.grad * lr`` then ``weights.grad.zero_()`` under no_grad; the losses."""
    weights = lib.tensor(start.astype(dtype)).requires_grad_()
    bias = lib.zeros(10, dtype=getattr(lib, dtype), requires_grad=True)
    x, y = lib.tensor(images.astype(dtype)), lib.tensor(labels)
    losses = []
    for _epoch in range(2):
        for i in range(16):
            xb, yb = x[i * 64:i * 64 + 64], y[i * 64:i * 64 + 64]
            z = xb @ weights + bias
            pred = z - z.exp().sum(-1).log().unsqueeze(-1)
            loss = -pred[range(yb.shape[0]), yb].mean()
            loss.backward()
            with lib.no_grad():
                weights -= weights.grad * 0.5
                bias -= bias.grad * 0.5
                weights.grad.zero_()
                bias.grad.zero_()
            losses.append(loss.item())
    return np.array(losses), weights.detach().numpy()


@pytest.mark.parametrize("lit", [1.0, 0.2])
def test_the_nn_tutorial_s_hand_written_update_under_no_grad(lit):
    # On images lit everywhere (lit=1) the loop is chaotic: round-off grows a billionfold in
    # 32 steps, so float32's (one BLAS's 784-term sums against another's) reaches 13 % of the
    # loss and only float64 runs can be compared there (they agree to 1e-5; round-off is all
    # that tells them apart).  On MNIST-like images, mostly black, both agree to 1e-9 / 1e-5.
    rng = np.random.default_rng(0)
    images = rng.random((1000, 784)) * (rng.random((1000, 784)) < lit)
    labels = rng.integers(0, 10, 1000)
    start = rng.standard_normal((784, 10)) / 28
    for dtype, rtol in (("float64", 1e-9), ("float32", 1e-5)) if lit < 1 else (("float64", 1e-5),):
        (gv_losses, gv_w), (t_losses, t_w) = (_hand_written_fit(lib, images, labels, start, dtype)
                                              for lib in (gv, torch))
        np.testing.assert_allclose(gv_losses, t_losses, rtol=rtol)
        np.testing.assert_allclose(gv_w, t_w, rtol=rtol, atol=rtol * np.abs(t_w).max())

def test_a_bias_added_in_place_in_a_forward_pass():
    def program(lib, w):
        out = w * 2
        out += w.sum(0)  # `self.out += self.bias`
        return (out * out).sum()

    _check(program)


def test_item_assignment_of_a_manual_relu_backward():
    def program(lib, w):
        h = w * 3
        h[h < 0] = 0
        return (h * w).sum()

    _check(program)


def test_an_op_recorded_before_the_change_reads_the_older_version():
    def program(lib, w):
        y = w * 2
        z = y * 3  # read y before the change below
        y *= y.detach() + 1
        y[0, 0] = 10.0
        return (z.sum() + (y * y).sum()) * 1

    _check(program)


def test_a_buffer_that_receives_values_with_gradients_becomes_a_non_leaf():
    def program(lib, w):
        buffer = lib.zeros(4, dtype=lib.float64)
        buffer[1:3] = w[0, :2] * w[1, 1:]
        buffer[0] = w[1, 0]
        assert not buffer.is_leaf and buffer.grad_fn is not None
        return (buffer * lib.arange(4.0, dtype=lib.float64)).sum()

    _check(program)


def test_in_place_functions_and_shapes():
    def program(lib, w):
        y = w * 1
        y.sin_().mul_(2).clamp_(-1, 1)
        y.unsqueeze_(0)
        assert y.shape == (1, 2, 3)
        y.squeeze_(0).t_()
        return (y * lib.arange(6.0, dtype=lib.float64).reshape(3, 2)).sum()

    _check(program)


@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid",
                                  "relu"])
def test_each_elementwise_in_place_method_writes_torch_s_numbers_into_the_tensor(name):
    values = [0.25, 1.5, 3.0]
    ours = gv.tensor(values, dtype=gv.float64)
    theirs = torch.tensor(values, dtype=torch.float64)
    data = ours._data
    assert getattr(ours, f"{name}_")() is ours and ours._data is data  # in place, same array
    getattr(theirs, f"{name}_")()
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-15)

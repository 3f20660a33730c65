"""Tensor API behaviour that PyTorch users rely on."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv


def test_default_dtypes_follow_torch():
    assert gv.tensor([1.0, 2.0]).dtype == gv.float32
    assert gv.tensor([1, 2]).dtype == gv.int64
    assert gv.tensor([True]).dtype == gv.bool
    assert gv.zeros(2, 3).dtype == gv.float32
    assert gv.randn(2, dtype=gv.float64).dtype == gv.float64
    assert (gv.ones(2) * 0.5).dtype == gv.float32
    assert gv.eye(3).shape == (3, 3)
    assert gv.zeros_like(gv.ones(2, 5, dtype=gv.float64)).dtype == gv.float64


def test_gradients_accumulate_and_zero():
    w = gv.tensor([1.0, 2.0], requires_grad=True)
    (w * 3).sum().backward()
    (w * 3).sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), [6.0, 6.0])
    w.grad.zero_()
    assert w.grad.numpy().sum() == 0


def test_backward_on_non_scalar_needs_gradient():
    x = gv.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        (x * 2).backward()
    (x * 2).backward(gv.ones(3))
    np.testing.assert_allclose(x.grad.numpy(), [2, 2, 2])


def test_leaf_flags_and_no_grad():
    x = gv.ones(2, requires_grad=True)
    y = x * 2
    assert x.is_leaf and not y.is_leaf and y.requires_grad
    with gv.no_grad():
        z = x * 2
    assert z.is_leaf and not z.requires_grad
    with pytest.raises(RuntimeError, match="Use tensor.detach"):
        x.numpy()
    with pytest.raises(RuntimeError, match="does not require grad"):
        gv.ones(2).sum().backward()


def test_in_place_update_under_no_grad_as_in_training_loops():
    w = gv.tensor([1.0, 2.0], requires_grad=True)
    (w * w).sum().backward()
    with pytest.raises(RuntimeError, match="leaf Variable"):
        w -= 0.1 * w.grad
    with gv.no_grad():
        w -= 0.1 * w.grad
    np.testing.assert_allclose(w.detach().numpy(), [0.8, 1.6], rtol=1e-6)
    assert w.requires_grad and w.is_leaf


def test_broadcast_error_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(3, 4\) and \(2,\).*broadcast"):
        gv.ones(3, 4) + gv.ones(2)
    with pytest.raises(RuntimeError, match=r"3x4 and 3x2"):
        gv.ones(3, 4) @ gv.ones(3, 2)


def test_seed_002_broadcasting_shapes():
    a = gv.ones(4, 3, 2, requires_grad=True)
    b = gv.ones(3, 2, requires_grad=True)
    c = gv.ones(3, 1, requires_grad=True)
    out = a * b * c
    assert out.shape == tuple((torch.ones(4, 3, 2) * torch.ones(3, 2) * torch.ones(3, 1)).shape)
    out.sum().backward()
    assert b.grad.shape == (3, 2) and c.grad.shape == (3, 1)
    np.testing.assert_allclose(c.grad.numpy(), np.full((3, 1), 8.0))


def test_reductions_reshape_and_indexing():
    t = gv.arange(12, dtype=gv.float64).reshape(3, 4)
    assert t.sum(dim=1).shape == (3,)
    assert t.mean(dim=0, keepdim=True).shape == (1, 4)
    assert t.T.shape == (4, 3) and t.view(-1).shape == (12,)
    assert t[1, 2].item() == 6.0
    assert t[:, 1:3].shape == (3, 2)
    values, index = t.max(dim=1)
    assert index.tolist() == [3, 3, 3]


def test_repr_reads_like_torch():
    text = repr(gv.tensor([1.0, 2.0], requires_grad=True))
    assert text.startswith("tensor([1., 2.]") and "requires_grad=True" in text


def test_cuda_without_cupy_is_a_clear_error():
    if gv.cuda.is_available():
        pytest.skip("a GPU is present here: the error path is not reachable")
    with pytest.raises(gv.DeviceError, match="cupy|GPU"):
        gv.ones(2, device="cuda")


def test_to_dtype_keeps_the_graph():
    x = gv.ones(2, dtype=gv.float64, requires_grad=True)
    (x.to(gv.float32) * 2).sum().backward()
    assert x.grad.dtype == gv.float64
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 2.0])


def test_deep_tensor_chain_is_iterative():
    x = gv.ones(1, requires_grad=True)
    y = x
    for _ in range(20_000):
        y = y + 0
    y.sum().backward()
    assert x.grad.item() == 1.0


def test_float64_constants_keep_their_precision():
    assert gv.tensor(0.1, dtype=gv.float64).item() == 0.1
    assert gv.tensor([0.1, 0.2], dtype=gv.float64).tolist() == [0.1, 0.2]

"""`matrix_power` (``torch.matrix_power``, ``torch.linalg.matrix_power``,
``Tensor.matrix_power``) beside PyTorch: float32 values bit for bit on matrices (PyTorch's
order of products), batches, n = 0 and n < 0, float64 gradients, ``grad_fn`` names, errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv


def _pair(shape, seed=0, dtype=np.float32):
    a = np.random.default_rng(seed).uniform(-1, 1, shape).astype(dtype)
    return gv.tensor(a), torch.tensor(a)


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6, 7, 8, 11, 13, 16, 27])
@pytest.mark.parametrize("size", [2, 5, 10])
def test_float32_positive_powers_match_bit_for_bit(n, size):
    a, t = _pair((size, size), seed=n + size)
    np.testing.assert_array_equal(a.matrix_power(n).numpy(), t.matrix_power(n).numpy())
    np.testing.assert_array_equal(gv.linalg.matrix_power(a, n).numpy(),
                                  torch.linalg.matrix_power(t, n).numpy())


@pytest.mark.parametrize("n", [0, 1, 2, 5, -1, -2, -3, -6])
@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4), (2, 1, 3, 3)])
def test_batched_and_negative_powers(n, shape):
    a, t = _pair(shape, dtype=np.float64)
    a, t = a + 3 * gv.eye(shape[-1]), t + 3 * torch.eye(shape[-1])  # well conditioned
    ours, theirs = gv.matrix_power(a, n), torch.matrix_power(t, n)
    assert ours.shape == tuple(theirs.shape) and ours.dtype == gv.float64
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("n", [0, 1, -1, 2, 3, 4, 7, -2, -5])
@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 3)])
def test_gradients_and_node_names(n, shape):
    base = np.random.default_rng(abs(n)).uniform(-1, 1, shape) + 2 * np.eye(shape[-1])
    a = gv.tensor(base, requires_grad=True)
    t = torch.tensor(base, requires_grad=True)
    ours, theirs = a.matrix_power(n), t.matrix_power(n)
    assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__
    upstream = np.random.default_rng(5).standard_normal(shape)
    ours.backward(gv.tensor(upstream))
    theirs.backward(torch.tensor(upstream))
    np.testing.assert_allclose(a.grad.numpy(), t.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_finite_differences():
    base = np.random.default_rng(3).uniform(-1, 1, (3, 3)) + 2 * np.eye(3)
    for n in (0, 3, 6, -2):
        a = gv.tensor(base, requires_grad=True)
        assert gv.gradcheck(lambda x, n=n: x.matrix_power(n), (a,))


def test_integer_matrices_and_the_identity():
    a = gv.arange(4).reshape(2, 2)
    t = torch.arange(4).reshape(2, 2)
    for n in (0, 1, 3, 6):
        ours, theirs = a.matrix_power(n), t.matrix_power(n)
        assert ours.dtype == gv.int64
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    assert repr(gv.ones(2, 2, 2).matrix_power(0)) == repr(torch.ones(2, 2, 2).matrix_power(0)
                                                          ).replace("torch", "gradviz")


def _error(fn):
    try:
        fn()
    except Exception as error:  # noqa: BLE001 - the type and message are what is compared
        return type(error).__name__.lstrip("_"), str(error)
    return None


@pytest.mark.parametrize("call", [
    lambda m: m.ones(3).matrix_power(2),
    lambda m: m.ones(2, 3).matrix_power(2),
    lambda m: m.ones(2, 2).matrix_power(2.0),
    lambda m: m.matrix_power(m.ones(2, 2), 2.0),
    lambda m: m.linalg.matrix_power(m.ones(2, 2), 2.5),
    lambda m: m.arange(4).reshape(2, 2).matrix_power(-1),
    lambda m: m.zeros(2, 2).matrix_power(-1),
    lambda m: m.tensor([[1.0, 2.0], [2.0, 4.0]]).matrix_power(-3),
    lambda m: m.zeros(2, 2, 2).matrix_power(-2),
], ids=["vector", "not square", "float n", "torch float n", "linalg float n", "integer inverse",
        "zero matrix", "second pivot", "batch"])
def test_errors_are_pytorchs(call):
    assert _error(lambda: call(gv)) == _error(lambda: call(torch))


def test_out_argument():
    a, t = _pair((3, 3))
    out, out_t = gv.empty(3, 3), torch.empty(3, 3)
    assert gv.linalg.matrix_power(a, 4, out=out) is out
    torch.linalg.matrix_power(t, 4, out=out_t)
    np.testing.assert_array_equal(out.numpy(), out_t.numpy())

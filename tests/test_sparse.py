"""Sparse COO tensors beside PyTorch's: construction, reprs, coalescing, sparse @ dense and its
gradients (float64, ≤ 1e-9, and finite differences), the errors a program may print."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv
from gradviz.engine.gradcheck import numerical_grad

pytestmark = pytest.mark.filterwarnings("ignore:Sparse invariant checks")
RNG = np.random.default_rng(8)
INDICES = np.array([[0, 1, 1, 0], [2, 0, 2, 2]])  # (0, 2) twice: an uncoalesced tensor
VALUES = np.array([3.0, 4.0, 5.0, -1.5])


def _both(values=VALUES, indices=INDICES, size=(2, 3), **kwargs):
    ours = gv.sparse_coo_tensor(gv.tensor(indices), gv.tensor(values), size, **kwargs)
    theirs = torch.sparse_coo_tensor(torch.tensor(indices), torch.tensor(values), size, **kwargs)
    return ours, theirs


def _text(t) -> str:
    return repr(t).replace("gradviz.", "torch.")


def _same(ours, theirs) -> None:
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-12)


@pytest.mark.parametrize("make", [
    lambda lib: lib.sparse_coo_tensor(lib.tensor([[0, 1, 1], [2, 0, 2]]),
                                      lib.tensor([3.0, 4.0, 5.0]), (2, 3)),
    lambda lib: lib.sparse_coo_tensor(lib.tensor([[0, 1], [1, 0]]), lib.tensor([1, 2]), (2, 2)),
    lambda lib: lib.eye(2, dtype=lib.float64).to_sparse(),
    lambda lib: lib.zeros(2, 2).to_sparse(),
    lambda lib: lib.sparse_coo_tensor(lib.tensor([[0, 1], [1, 0]]), lib.tensor([1.0, 2.0]),
                                      (2, 2), requires_grad=True),
    lambda lib: lib.tensor([[0.0, 1.5, 0.0], [2.0, 0.0, -3.0]]).to_sparse(),
    lambda lib: lib.sparse_coo_tensor(lib.tensor([[0, 0]]), lib.tensor([1.0, 2.0]), (3,))
    .coalesce(),
])
def test_reprs_are_pytorchs(make):
    assert _text(make(gv)) == repr(make(torch))


def test_an_uncoalesced_tensor_and_its_coalesced_form():
    ours, theirs = _both()
    assert ours.is_sparse and ours.layout is gv.sparse_coo and not gv.ones(1).is_sparse
    assert ours.is_coalesced() is theirs.is_coalesced() is False
    assert ours._nnz() == theirs._nnz() == 4
    assert (ours.sparse_dim(), ours.dense_dim()) == (theirs.sparse_dim(), theirs.dense_dim())
    with pytest.raises(RuntimeError) as error:
        ours.indices()
    with pytest.raises(RuntimeError) as their_error:
        theirs.indices()
    assert str(error.value) == str(their_error.value)
    np.testing.assert_array_equal(ours._indices().numpy(), theirs._indices().numpy())
    _same(ours.to_dense(), theirs.to_dense())
    c, tc = ours.coalesce(), theirs.coalesce()
    np.testing.assert_array_equal(c.indices().numpy(), tc.indices().numpy())
    _same(c.values(), tc.values())
    assert c.is_coalesced() and tuple(c.shape) == tuple(tc.shape)


def test_the_size_is_inferred_and_checked():
    ours, theirs = gv.sparse_coo_tensor(INDICES, gv.tensor(VALUES)), torch.sparse_coo_tensor(
        torch.tensor(INDICES), torch.tensor(VALUES))
    assert tuple(ours.shape) == tuple(theirs.shape) == (2, 3)
    with pytest.raises(RuntimeError, match="size is inconsistent with indices: for dim 1, size "
                                           "is 2 but found index 2"):
        gv.sparse_coo_tensor(INDICES, gv.tensor(VALUES), (2, 2))
    with pytest.raises(RuntimeError, match="indices and values must have same nnz"):
        gv.sparse_coo_tensor(INDICES, gv.tensor(VALUES[:3]), (2, 3))
    with pytest.raises(NotImplementedError, match="hybrid"):
        gv.sparse_coo_tensor(INDICES, gv.ones(4, 2), (2, 3))


@pytest.mark.parametrize("product", ["matmul", "mm", "spmm", "sparse.mm"])
def test_sparse_times_dense_values_and_gradients(product):
    def call(lib, a, b):
        if product == "matmul":
            return a @ b
        if product == "sparse.mm":
            return lib.sparse.mm(a, b)
        return getattr(lib, product)(a, b)

    dense = RNG.normal(size=(3, 2))
    v, tv = gv.tensor(VALUES, requires_grad=True), torch.tensor(VALUES, requires_grad=True)
    w, tw = gv.tensor(dense, requires_grad=True), torch.tensor(dense, requires_grad=True)
    s = gv.sparse_coo_tensor(INDICES, v, (2, 3))
    ts = torch.sparse_coo_tensor(torch.tensor(INDICES), tv, (2, 3))
    out, tout = call(gv, s, w), call(torch, ts, tw)
    assert not out.is_sparse and out.layout is gv.strided
    _same(out, tout)
    weights = RNG.normal(size=(2, 2))
    (out * gv.tensor(weights)).sum().backward()
    (tout * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(v.grad.numpy(), tv.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(w.grad.numpy(), tw.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_gradients_through_to_sparse_and_to_dense_are_pytorchs():
    data = np.array([[0.0, 1.5, 0.0], [2.0, 0.0, -3.0]])
    dense = RNG.normal(size=(3, 2))
    x, tx = gv.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    w, tw = gv.tensor(dense), torch.tensor(dense)
    (x.to_sparse() @ w).sum().backward()  # the whole dense gradient, as PyTorch's mm gives
    (tx.to_sparse() @ tw).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-9)
    x.grad, tx.grad = None, None
    (x.to_sparse().to_dense() * 3).sum().backward()  # to_dense: the gradient at the entries
    (tx.to_sparse().to_dense() * 3).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-9)


def test_the_values_gradient_matches_finite_differences():
    dense = gv.tensor(RNG.normal(size=(3, 2)))
    v = gv.tensor(VALUES, requires_grad=True)

    def loss(values):
        return (gv.sparse_coo_tensor(INDICES, values, (2, 3)) @ dense).tanh().sum()

    loss(v).backward()
    np.testing.assert_allclose(v.grad.numpy(), numerical_grad(loss, [v], 0, 1e-6), rtol=1e-6)


def test_dense_plus_sparse_is_dense_and_int_values_cast():
    s = gv.sparse_coo_tensor(INDICES, gv.ones(4), (2, 3), dtype=gv.int64)
    ts = torch.sparse_coo_tensor(torch.tensor(INDICES), torch.ones(4), (2, 3), dtype=torch.int64)
    assert s.dtype is gv.int64 and ts.dtype is torch.int64
    total, ttotal = gv.eye(2, 3) + s, torch.eye(2, 3) + ts
    assert total.dtype is gv.float32 and ttotal.dtype is torch.float32
    assert ttotal.layout is torch.strided and total.layout is gv.strided
    np.testing.assert_array_equal(total.numpy(), ttotal.numpy())


def test_layouts_other_than_coo_say_so():
    with pytest.raises(NotImplementedError, match="COO layout only"):
        gv.eye(2).to_sparse(layout="sparse_csr")

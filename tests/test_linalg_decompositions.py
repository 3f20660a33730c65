"""`linalg.inv`, `cholesky`, `qr`, `eigh`, `pinv`, `matrix_rank`, `slogdet`, `torch.logdet`
and the products `vdot`, `baddbmm`, `addmv`, `addr`, `multi_dot`, `chain_matmul`, `tensordot`
against PyTorch: result tuples and their printout, ranks, node names, warnings, ``out=`` and
errors word for word.  Their gradients are checked with every registry row (`test_op_rows`,
cases in `op_cases`)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from test_torch_corpus import assert_same_printout

import gradviz as gv

RNG = np.random.default_rng(5)
A = RNG.standard_normal((3, 3))


def _both(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return call(gv), call(torch)


@pytest.mark.parametrize("call", [
    lambda lib: lib.linalg.qr(lib.tensor(A[:, :2])),
    lambda lib: lib.linalg.qr(lib.tensor(A[:2]), mode="complete"),
    lambda lib: lib.linalg.qr(lib.tensor(A), mode="r"),
    lambda lib: lib.qr(lib.tensor(A)),
    lambda lib: lib.linalg.eigh(lib.tensor(A + A.T)),
    lambda lib: lib.linalg.slogdet(lib.tensor(A)),
    lambda lib: lib.slogdet(lib.tensor(A)),
    lambda lib: lib.linalg.slogdet(lib.zeros(2, 2)),
    lambda lib: lib.linalg.inv(lib.tensor(A, requires_grad=True)),
    lambda lib: lib.logdet(lib.tensor(A, requires_grad=True)),
    lambda lib: lib.logdet(lib.zeros(2, 2)),
    lambda lib: lib.linalg.pinv(lib.tensor([[1e-20, 0.0], [0.0, 1.0]])),
])
def test_results_print_as_torchs(call):
    ours, theirs = _both(call)
    assert_same_printout(repr(ours), repr(theirs))


@pytest.mark.parametrize(("matrix", "options"), [
    (np.ones((3, 3)), {}), (np.eye(3), {}), (np.diag([1.0, 1e-3, 0.0]), {"atol": 0.1}),
    (np.diag([1.0, 1e-3, 0.0]), {"tol": 0.1}), (np.diag([1.0, 1e-3, 0.0]), {"rtol": 1e-2}),
    (np.diag([1.0, 1e-3, 1e-20]), {"atol": 0.0}), (np.diag([2.0, -1.0, 0.0]), {"hermitian": True}),
    (RNG.standard_normal((2, 4, 3)), {}), (np.ones((2, 5)), {}),
])
def test_matrix_rank_is_torchs(matrix, options):
    ours = gv.linalg.matrix_rank(gv.tensor(matrix), **options)
    theirs = torch.linalg.matrix_rank(torch.tensor(matrix), **options)
    assert ours.dtype == gv.int64 and ours.tolist() == theirs.tolist()


def test_node_names_are_torchs():
    def names(lib):
        a = lib.tensor(A, requires_grad=True)
        q, r = lib.linalg.qr(a)
        values, vectors = lib.linalg.eigh(a + a.mT)
        sign, logabs = lib.linalg.slogdet(a)
        return [type(t.grad_fn).__name__ for t in (
            lib.linalg.inv(a), lib.inverse(a), a.inverse(), q, r, values, vectors,
            lib.linalg.eigvalsh(a), lib.linalg.pinv(a), lib.pinverse(a), sign, logabs,
            lib.logdet(a), lib.vdot(a[0], a[1]), lib.addmv(a[0], a, a[1]),
            lib.addr(a, a[0], a[1]), lib.baddbmm(a, a[None], a[None]),
            lib.linalg.multi_dot([a, a, a]), lib.tensordot(a, a), lib.chain_matmul(a))]

    ours, theirs = _both(names)
    assert ours == theirs


def test_sign_requires_grad_and_its_gradient_is_zero():
    a = gv.tensor(A, requires_grad=True)
    sign = gv.linalg.slogdet(a).sign
    assert sign.requires_grad
    sign.backward()
    assert not a.grad.numpy().any()


def test_deprecated_spellings_warn_once_as_torch():
    from gradviz.engine import linalg_decompositions, products

    linalg_decompositions._warned.clear()
    products._warned[0] = False
    spd = gv.tensor(A @ A.T + np.eye(3))
    for call, start in [(lambda: gv.cholesky(spd), "torch.cholesky is deprecated in favor of "),
                        (lambda: gv.qr(spd), "torch.qr is deprecated in favor of "),
                        (lambda: gv.chain_matmul(spd, spd),
                         "torch.chain_matmul is deprecated and will be removed")]:
        with pytest.warns(UserWarning, match=start):
            call()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            call()  # once only


def test_methods_out_and_in_place_forms():
    spd = A @ A.T + np.eye(3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for name in ("inverse", "pinverse", "cholesky", "logdet", "det"):
            ours = getattr(gv.tensor(spd), name)()
            theirs = getattr(torch.tensor(spd), name)()
            np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-9, atol=1e-12)
        assert gv.tensor(spd).slogdet()._fields == ("sign", "logabsdet")
        assert [t.shape for t in gv.tensor(spd[:, :2]).qr()] == [(3, 2), (2, 2)]
    out = gv.empty(3, 3, dtype=gv.float64)
    assert gv.linalg.inv(gv.tensor(spd), out=out) is out
    np.testing.assert_allclose(out.numpy(), np.linalg.inv(spd), rtol=1e-12)
    q, r = gv.empty(0, dtype=gv.float64), gv.empty(0, dtype=gv.float64)
    gv.linalg.qr(gv.tensor(spd), out=(q, r))
    np.testing.assert_allclose((q @ r).numpy(), spd, rtol=1e-12)
    m, v = RNG.standard_normal((3, 3)), RNG.standard_normal(3)
    ours, theirs = gv.ones(3, dtype=gv.float64), torch.ones(3, dtype=torch.float64)
    ours.addmv_(gv.tensor(m), gv.tensor(v), beta=2)
    theirs.addmv_(torch.tensor(m), torch.tensor(v), beta=2)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)
    ours, theirs = gv.ones(3, 3, dtype=gv.float64), torch.ones(3, 3, dtype=torch.float64)
    ours.addr_(gv.tensor(v), gv.tensor(v), alpha=3)
    theirs.addr_(torch.tensor(v), torch.tensor(v), alpha=3)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)
    batch = gv.zeros(2, 3, 4)
    batch.baddbmm_(gv.ones(2, 3, 5), gv.ones(2, 5, 4), alpha=0.5)
    assert batch.numpy().tolist() == torch.zeros(2, 3, 4).baddbmm_(
        torch.ones(2, 3, 5), torch.ones(2, 5, 4), alpha=0.5).tolist()


def test_multi_dot_order_and_tensordot_forms_are_torchs():
    mats = [RNG.standard_normal(s) for s in [(10, 2), (2, 8), (8, 3), (3, 7), (7,)]]
    ours = gv.linalg.multi_dot([gv.tensor(m) for m in mats])
    theirs = torch.linalg.multi_dot([torch.tensor(m) for m in mats])
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)
    a, b = RNG.standard_normal((3, 4, 5)), RNG.standard_normal((5, 4, 2))
    for dims in (1, ([1, 2], [1, 0]), torch.tensor(1), torch.tensor([[2], [0]]), 0):
        gv_dims = gv.tensor(dims.numpy()) if isinstance(dims, torch.Tensor) else dims
        if isinstance(dims, int) and dims == 0:
            a2, b2 = a[0, 0], b[0, 0]
        else:
            a2, b2 = a, b
        ours = gv.tensordot(gv.tensor(a2), gv.tensor(b2), dims=gv_dims)
        theirs = torch.tensordot(torch.tensor(a2), torch.tensor(b2), dims=dims)
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)


@pytest.mark.parametrize("call", [
    lambda lib: lib.linalg.inv(lib.zeros(3, 3)),
    lambda lib: lib.linalg.inv(lib.tensor([[1.0, 2.0], [2.0, 4.0]])),
    lambda lib: lib.linalg.inv(lib.stack([lib.eye(2), lib.zeros(2, 2)])),
    lambda lib: lib.linalg.inv(lib.zeros(2, 3)),
    lambda lib: lib.linalg.inv(lib.zeros(3)),
    lambda lib: lib.linalg.inv(lib.tensor([[1, 0], [0, 1]])),
    lambda lib: lib.linalg.cholesky(lib.tensor([[1.0, 2.0], [2.0, 1.0]])),
    lambda lib: lib.linalg.cholesky(lib.tensor([[[1.0, 0], [0, 1]], [[1.0, 2], [2, 1]]])),
    lambda lib: lib.linalg.cholesky(lib.ones(2, 3)),
    lambda lib: lib.linalg.qr(lib.ones(3, 2), mode="foo"),
    lambda lib: lib.linalg.qr(lib.ones(3)),
    lambda lib: lib.linalg.qr(lib.randn(3, 2, requires_grad=True), mode="complete")
    .Q.sum().backward(),
    lambda lib: lib.linalg.qr(lib.randn(2, 3, requires_grad=True), mode="r").R.sum().backward(),
    lambda lib: lib.linalg.eigh(lib.ones(3, 2)),
    lambda lib: lib.linalg.eigh(lib.ones(3, 3), UPLO="X"),
    lambda lib: lib.linalg.slogdet(lib.ones(2, 3)),
    lambda lib: lib.logdet(lib.tensor([[1, 0], [0, 1]])),
    lambda lib: lib.linalg.pinv(lib.ones(3)),
    lambda lib: lib.linalg.matrix_rank(lib.ones(3)),
    lambda lib: lib.vdot(lib.ones(3), lib.ones(2)),
    lambda lib: lib.vdot(lib.ones(3, 1), lib.ones(3, 1)),
    lambda lib: lib.vdot(lib.ones(3), lib.ones(3, dtype=lib.float64)),
    lambda lib: lib.addmv(lib.ones(3), lib.ones(3, 4), lib.ones(3)),
    lambda lib: lib.addmv(lib.ones(3), lib.ones(3), lib.ones(4)),
    lambda lib: lib.addmv(lib.ones(3), lib.ones(3, 4, dtype=lib.float64), lib.ones(4)),
    lambda lib: lib.addr(lib.ones(3, 3), lib.ones(3), lib.ones(4)),
    lambda lib: lib.addr(lib.ones(3, 3), lib.ones(3, 1), lib.ones(3)),
    lambda lib: lib.baddbmm(lib.ones(3, 3), lib.ones(2, 3, 4), lib.ones(2, 5, 4)),
    lambda lib: lib.baddbmm(lib.ones(3, 4), lib.ones(2, 3, 4), lib.ones(3, 4, 4)),
    lambda lib: lib.ones(1).addmv_(lib.ones(2, 3), lib.ones(3)),
    lambda lib: lib.linalg.multi_dot([lib.ones(3, 3)]),
    lambda lib: lib.linalg.multi_dot([lib.ones(3, 3), lib.ones(2, 3)]),
    lambda lib: lib.linalg.multi_dot([lib.ones(2, 2, 2), lib.ones(2, 2)]),
    lambda lib: lib.linalg.multi_dot([lib.ones(2, 2), lib.ones(2, 2, 2), lib.ones(2, 2)]),
    lambda lib: lib.linalg.multi_dot([lib.ones(2, 2), lib.ones(2, 2, dtype=lib.float64)]),
    lambda lib: lib.linalg.vecdot(lib.ones(3), lib.ones(3, dtype=lib.float64)),
    lambda lib: lib.chain_matmul(),
    lambda lib: lib.chain_matmul(lib.ones(2, 2), lib.ones(2)),
    lambda lib: lib.tensordot(lib.ones(3, 4), lib.ones(5, 6), dims=1),
    lambda lib: lib.tensordot(lib.ones(3, 4), lib.ones(4, 6), dims=-1),
    lambda lib: lib.tensordot(lib.ones(3, 4), lib.ones(4, 6), dims=([1], [0, 1])),
    lambda lib: lib.tensordot(lib.ones(3, 4), lib.ones(4, 6, dtype=lib.float64), dims=1),
])
def test_errors_are_torchs(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(RuntimeError) as theirs:
            call(torch)
        with pytest.raises(RuntimeError) as ours:
            call(gv)
    assert str(ours.value) == str(theirs.value)
    assert isinstance(ours.value, gv.linalg.LinAlgError) == isinstance(
        theirs.value, torch.linalg.LinAlgError)


def test_eigh_of_integers_and_tensordot_of_a_list_are_torchs_errors():
    for call, kind in [(lambda lib: lib.linalg.eigh(lib.tensor([[1, 0], [0, 1]])),
                        NotImplementedError),
                       (lambda lib: lib.tensordot(lib.ones(3, 4), lib.ones(4, 3), dims=[1, 0]),
                        TypeError)]:
        with pytest.raises(kind) as theirs:
            call(torch)
        with pytest.raises(kind) as ours:
            call(gv)
        assert str(ours.value) == str(theirs.value)


# A Gaussian process's marginal likelihood, its length-scale fitted by gradient descent.
GAUSSIAN_PROCESS = r'''
import torch
torch.manual_seed(0)
X = torch.randn(8, 2, dtype=torch.float64)
y = torch.randn(8, dtype=torch.float64)
log_ls = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
for step in range(3):
    d2 = ((X[:, None] - X[None]) ** 2).sum(-1)
    K = torch.exp(-0.5 * d2 / log_ls.exp() ** 2) + 1e-2 * torch.eye(8, dtype=torch.float64)
    L = torch.linalg.cholesky(K)
    alpha = torch.linalg.inv(L).mT @ (torch.linalg.inv(L) @ y)
    nll = 0.5 * torch.vdot(y, alpha) + 0.5 * torch.logdet(K)
    nll.backward()
    print(step, nll.item(), log_ls.grad, L.grad_fn)
    with torch.no_grad():
        log_ls -= 0.1 * log_ls.grad
        log_ls.grad.zero_()
Q, R = torch.linalg.qr(X)
print(Q.shape, R, torch.linalg.matrix_rank(K), torch.linalg.slogdet(K))
print(torch.linalg.multi_dot([X.T, K, X]), torch.tensordot(X, X, dims=([0], [0])))
print(torch.special.gammaln(torch.arange(1., 6.)), torch.erfinv(torch.linspace(-0.9, 0.9, 5)))
print(torch.polygamma(1, torch.tensor([1., 2.])), torch.special.ndtri(torch.tensor([0.025, 0.975])))
final = {"log_ls": log_ls, "L": L}
'''


def test_a_gaussian_process_fit_prints_torchs_numbers(monkeypatch):
    from test_torch_corpus import run_both

    (ours, _), (theirs, _) = run_both(GAUSSIAN_PROCESS, monkeypatch)
    assert_same_printout(ours, theirs)

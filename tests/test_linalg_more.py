"""`linalg.solve`, `det`, `eigvalsh`, `matrix_exp`, `lstsq`, `torch.dist` and `torch.bernoulli`
against PyTorch: values, result types and their printout, errors word for word.  Their
gradients are checked with every registry row (`test_op_rows`, cases in `op_cases`)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from test_torch_corpus import assert_same_printout, run_both

import gradviz as gv

RNG = np.random.default_rng(3)
A, B = RNG.standard_normal((5, 3)), RNG.standard_normal((5, 2))


# 'gels' assumes full rank (LAPACK's QR returns noise for a rank-deficient A): not asked of it.
_SYSTEMS = [(A, B), (A[:2], B[:2]), (A, B[:, 0]), (np.c_[A[:, :2], A[:, 1]], B)]


@pytest.mark.parametrize(("driver", "a", "b"), [
    (driver, a, b) for driver in (None, "gels", "gelsy", "gelsd", "gelss") for a, b in _SYSTEMS
    if driver != "gels" or np.linalg.matrix_rank(a) == min(a.shape)])
def test_lstsq_fields_and_printout_are_torchs(driver, a, b):
    ours = gv.linalg.lstsq(gv.tensor(a), gv.tensor(b), driver=driver)
    theirs = torch.linalg.lstsq(torch.tensor(a), torch.tensor(b), driver=driver)
    assert ours._fields == ("solution", "residuals", "rank", "singular_values")
    for mine, torchs in zip(ours, theirs, strict=True):
        assert mine.dtype.name == str(torchs.dtype).split(".")[1] and mine.shape == torchs.shape
        np.testing.assert_allclose(mine.numpy(), torchs.numpy(), rtol=1e-9, atol=1e-12)
    assert_same_printout(repr(ours), repr(theirs))


def test_lstsq_solution_gradient_is_torchs_through_the_pseudo_inverse():
    a, b = gv.tensor(A, requires_grad=True), gv.tensor(B, requires_grad=True)
    ta, tb = torch.tensor(A, requires_grad=True), torch.tensor(B, requires_grad=True)
    gv.linalg.lstsq(a, b).solution.pow(3).sum().backward()
    torch.linalg.lstsq(ta, tb).solution.pow(3).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(b.grad.numpy(), tb.grad.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("call", [
    lambda lib: lib.linalg.lstsq(lib.ones(3, 2), lib.ones(3, 1), driver="lu"),
    lambda lib: lib.linalg.lstsq(lib.ones(3), lib.ones(3)),
    lambda lib: lib.linalg.lstsq(lib.ones(3, 2), lib.ones(4, 1)),
    lambda lib: lib.linalg.lstsq(lib.ones(3, 2), lib.ones(3, 1, dtype=lib.float64)),
    lambda lib: lib.linalg.solve(lib.zeros(2, 3), lib.ones(2)),
    lambda lib: lib.linalg.solve(lib.zeros(2, 2), lib.ones(2)),
    lambda lib: lib.det(lib.zeros(2, 3)),
    lambda lib: lib.matrix_exp(lib.zeros(2, 3)),
    lambda lib: lib.linalg.eigvalsh(lib.zeros(2, 3)),
    lambda lib: lib.linalg.eigvalsh(lib.eye(2), UPLO="X"),
    lambda lib: lib.bernoulli(lib.tensor([1.5])),
    lambda lib: lib.bernoulli(lib.tensor([1, 0])),
])
def test_errors_are_torchs(call):
    with pytest.raises(RuntimeError) as theirs:
        call(torch)
    with pytest.raises(RuntimeError) as ours:
        call(gv)
    assert str(ours.value) == str(theirs.value)


def test_a_singular_system_raises_linalg_error():
    with pytest.raises(gv.linalg.LinAlgError):
        gv.linalg.solve(gv.ones(2, 2), gv.ones(2))
    assert issubclass(gv.linalg.LinAlgError, RuntimeError)


@pytest.mark.parametrize("p", [2, 1, 3.5, math.inf, 0])
def test_dist_is_the_p_norm_of_the_difference(p):
    x, y = RNG.standard_normal((3, 4)), RNG.standard_normal(4)
    ours = gv.dist(gv.tensor(x), gv.tensor(y), p)
    assert ours.item() == pytest.approx(torch.dist(torch.tensor(x), torch.tensor(y), p).item(),
                                        rel=1e-12)
    assert gv.tensor(x).dist(gv.tensor(y), p).item() == pytest.approx(ours.item(), rel=1e-12)


def test_methods_and_shapes_are_torchs():
    x = RNG.standard_normal((2, 3, 3))
    for name in ("det", "matrix_exp"):
        ours, theirs = getattr(gv.tensor(x), name)(), getattr(torch.tensor(x), name)()
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-9, atol=1e-12)
    s = x + np.swapaxes(x, -1, -2)
    np.testing.assert_allclose(gv.linalg.eigvalsh(gv.tensor(s)).numpy(),
                               torch.linalg.eigvalsh(torch.tensor(s)).numpy(), rtol=1e-9)
    assert gv.linalg.solve(gv.tensor(x + 4 * np.eye(3)), gv.ones(2, 3, dtype=gv.float64)).shape \
        == (2, 3)


BERNOULLI = r'''
import torch
torch.manual_seed(0)
p = torch.rand(3, 4)
mask = torch.bernoulli(p)
print(mask, mask.dtype)
print(torch.bernoulli(torch.full((2, 5), 0.8, dtype=torch.float64)))
'''


def test_bernoulli_draws_are_replayed_as_torchs(monkeypatch):
    (ours, _), (theirs, _) = run_both(BERNOULLI, monkeypatch)
    assert_same_printout(ours, theirs)


def test_bernoulli_draws_ones_with_the_given_probability():
    gv.manual_seed(0)
    drawn = gv.bernoulli(gv.full((200, 100), 0.3, dtype=gv.float64))
    assert drawn.dtype == gv.float64 and set(np.unique(drawn.numpy())) <= {0.0, 1.0}
    assert drawn.mean().item() == pytest.approx(0.3, abs=0.02)
    assert gv.ones(50).bernoulli(0.0).sum().item() == 0
    assert gv.zeros(50).bernoulli(1.0).sum().item() == 50
    assert not gv.bernoulli(gv.full((3,), 0.5, requires_grad=True)).requires_grad

"""``torch.cholesky_solve``, ``cholesky_inverse``, ``triangular_solve``, ``frobenius_norm``
and the removed ``torch.matrix_rank`` beside torch: values, float64 gradients (≤ 1e-9, and
finite differences), node names, the result tuple and errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from api_pairs import same, same_grad

import gradviz as gv

RNG = np.random.default_rng(13)


def _factor(n, upper=False, batch=()):
    a = RNG.standard_normal((*batch, n, n))
    spd = a @ np.swapaxes(a, -1, -2) + n * np.eye(n)
    lower = np.linalg.cholesky(spd)
    return np.ascontiguousarray(np.swapaxes(lower, -1, -2) if upper else lower)


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_solve(upper):
    factor, rhs = _factor(4, upper), RNG.standard_normal((4, 2))
    same_grad(lambda m, b, f: m.cholesky_solve(b, f, upper), rhs, factor)
    same_grad(lambda m, b, f: m.cholesky_solve(b, f, upper=upper), RNG.standard_normal(
        (2, 3, 1)), _factor(3, upper, (2,)))
    same(lambda m: type(m.cholesky_solve(m.ones(3, 1), m.eye(3).requires_grad_()).grad_fn
                        ).__name__)


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_inverse(upper):
    same_grad(lambda m, f: m.cholesky_inverse(f, upper), _factor(4, upper))
    same_grad(lambda m, f: m.cholesky_inverse(f), _factor(3, False, (2,)))
    same(lambda m: type(m.cholesky_inverse(m.eye(3).requires_grad_()).grad_fn).__name__)
    same(lambda m: m.cholesky_inverse(m.ones(3)))


@pytest.mark.parametrize("upper", [True, False])
@pytest.mark.parametrize("transpose", [False, True])
@pytest.mark.parametrize("unitriangular", [False, True])
def test_triangular_solve(upper, transpose, unitriangular):
    a = RNG.standard_normal((4, 4)) + 4 * np.eye(4)  # both triangles full: only one is read
    b = RNG.standard_normal((4, 3))
    same_grad(lambda m, b, a: m.triangular_solve(b, a, upper, transpose, unitriangular), b, a)
    same_grad(lambda m, a: m.triangular_solve(m.tensor(b), a, upper, transpose,
                                              unitriangular)[1], a)


def test_triangular_solve_result():
    a = np.triu(RNG.standard_normal((3, 3))) + 3 * np.eye(3)
    b = RNG.standard_normal((2, 3, 2))
    same(lambda m: m.triangular_solve(m.tensor(b), m.tensor(a)), rtol=1e-12)
    result = gv.triangular_solve(gv.tensor(b), gv.tensor(a, requires_grad=True))
    theirs = torch.triangular_solve(torch.tensor(b), torch.tensor(a, requires_grad=True))
    assert result.solution is result[0] and type(result).__name__ == "TriangularSolve"
    assert repr(result.cloned_coefficient.detach()) == repr(result[1].detach())
    for ours, expected in zip(result, theirs, strict=True):
        assert type(ours.grad_fn).__name__ == type(expected.grad_fn).__name__
    assert repr(gv.triangular_solve(gv.ones(1, 1), gv.ones(1, 1))).startswith(
        "gradviz.return_types.triangular_solve(\nsolution=")
    same(lambda m: m.triangular_solve(m.ones(3), m.eye(3)))
    same(lambda m: m.triangular_solve(m.eye(3), m.ones(3)))
    same(lambda m: m.cholesky_solve(m.ones(3), m.eye(3)))
    same(lambda m: m.cholesky_solve(m.eye(3), m.ones(3)))


def test_frobenius_norm():
    x = RNG.standard_normal((3, 4, 2))
    same_grad(lambda m, x: m.frobenius_norm(x, (0, 1)), x)
    same_grad(lambda m, x: m.frobenius_norm(x, 1, True), x)
    same_grad(lambda m, x: m.frobenius_norm(x, dim=(-1,), keepdim=False), x)
    same(lambda m: type(m.frobenius_norm(m.ones(2, 2, requires_grad=True), (0, 1)).grad_fn
                        ).__name__)


def test_matrix_rank_is_removed():
    same(lambda m: m.matrix_rank(m.eye(3)))
    same(lambda m: m.linalg.matrix_rank(m.eye(3)))

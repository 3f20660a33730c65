"""`torch.count_nonzero`, `bincount`, `histc`, `bucketize`, `searchsorted`, `diff`,
`logcumsumexp`, `std_mean`/`var_mean`, `cov`, `corrcoef` and `cdist` beside PyTorch: values,
dtypes, errors word for word, and float64 gradients of the differentiable ones (against torch
and finite differences).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from api_pairs import same, same_grad

import gradviz as gv

RNG = np.random.default_rng(21)
M = RNG.standard_normal((3, 5))
CUBE = RNG.standard_normal((2, 3, 4))
P, R = RNG.standard_normal((4, 3)), RNG.standard_normal((5, 3))
MANY = RNG.standard_normal((30, 3))
_W = RNG.standard_normal(1000).astype(np.float32)
_A, _B = RNG.standard_normal((30, 4)).astype(np.float32), RNG.standard_normal((5, 4)).astype(
    np.float32)
INF, NAN = float("inf"), float("nan")


def _x(T):
    return T.tensor([[1., 3., 2., 4.], [5., 7., 1., 0.]])


CALLS = [
    lambda T: T.count_nonzero(_x(T), (0, 0)),
    lambda T: T.count_nonzero(_x(T)),
    lambda T: T.count_nonzero(_x(T), 1),
    lambda T: _x(T).count_nonzero((0, 1)),
    lambda T: T.count_nonzero(T.tensor(0.)),
    lambda T: T.count_nonzero(T.tensor([True, False, True])),
    lambda T: T.bincount(T.tensor([1]), minlength=-1),
    lambda T: T.bincount(T.tensor([1, 2]), T.tensor([1.])),
    lambda T: T.bincount(T.tensor([0, 1, 1, 3])),
    lambda T: T.tensor([0, 1, 1, 3]).bincount(weights=T.tensor([0.5, 1, 1, 2])),
    lambda T: T.bincount(T.tensor([0, 1, 1, 3]), weights=T.tensor([0.5, 1, 1, 2]).double()),
    lambda T: T.bincount(T.tensor([0, 1, 1, 3]), weights=T.tensor([1, 2, 3, 4])),
    lambda T: T.bincount(T.tensor([1]), minlength=4),
    lambda T: T.bincount(T.tensor([], dtype=T.int64)),
    lambda T: T.bincount(T.tensor([-1, 2])),
    lambda T: T.bincount(T.tensor([[1]])),
    lambda T: T.bincount(T.tensor([1.])),
    lambda T: T.histc(_x(T), bins=0),
    lambda T: T.histc(_x(T), 4, 3, 1),
    lambda T: T.histc(T.tensor([2., 2]), 4),
    lambda T: T.histc(_x(T), 4, 0, INF),
    lambda T: T.histc(_x(T), 5),
    lambda T: T.histc(_x(T), 3, 1, 4),
    lambda T: _x(T).histc(7, -1, 9),
    lambda T: T.histc(T.tensor([1, 2])),
    lambda T: T.histc(T.tensor(_W), 10),
    lambda T: T.histc(T.tensor(_W), 13, -2, 2),
    lambda T: T.histc(T.tensor(_W, dtype=T.float64), 100, -2.5, 2.5),
    lambda T: T.bucketize(_x(T), T.ones(2, 2)),
    lambda T: T.bucketize(3, T.tensor([1, 5])),
    lambda T: T.bucketize(_x(T), T.tensor([1., 3])),
    lambda T: T.bucketize(_x(T), T.tensor([1., 3]), right=True),
    lambda T: T.bucketize(_x(T), T.tensor([1., 3]), out_int32=True),
    lambda T: T.searchsorted(T.tensor([1, 3]), _x(T), side="foo"),
    lambda T: T.searchsorted(T.tensor([1, 3]), _x(T), side="left", right=True),
    lambda T: T.searchsorted(T.tensor([[1, 3], [2, 4]]), T.tensor([[2], [3]]), right=True),
    lambda T: T.searchsorted(T.tensor([[1, 3], [2, 4]]), T.tensor([2, 3])),
    lambda T: T.searchsorted(T.tensor([[1, 3], [2, 4]]), 2),
    lambda T: T.searchsorted(T.tensor([1, 3]), 2),
    lambda T: T.searchsorted(T.tensor([1., 3]), _x(T), side="right"),
    lambda T: T.searchsorted(T.tensor([3, 1]), T.tensor([2]), sorter=T.tensor([1, 0])),
    lambda T: T.searchsorted(T.tensor([[1, 3], [2, 4]]), T.tensor([[2], [3], [4]])),
    lambda T: T.diff(T.tensor(1.)),
    lambda T: T.diff(_x(T), prepend=T.tensor([1.])),
    lambda T: T.diff(_x(T), 2, 0),
    lambda T: T.diff(T.tensor([True, False, False])),
    lambda T: T.diff(_x(T), 0),
    lambda T: T.diff(_x(T), -1),
    lambda T: T.diff(_x(T)),
    lambda T: T.diff(_x(T), 2, append=T.ones(2, 1), prepend=T.zeros(2, 2)),
    lambda T: _x(T).diff(dim=0),
    lambda T: T.diff(_x(T), 3, 0),
    lambda T: T.diff(T.tensor([1, 4, 9, 16]), 2),
    lambda T: T.diff(_x(T), dim=0, prepend=T.ones(1, 3)),
    lambda T: T.logcumsumexp(T.tensor([1, 2]), 0),
    lambda T: T.logcumsumexp(T.tensor([-1000., 0., -INF]), 0),
    lambda T: T.logcumsumexp(_x(T), 0),
    lambda T: _x(T).logcumsumexp(-1),
    lambda T: T.logcumsumexp(T.tensor(3.), 0),
    lambda T: T.logcumsumexp(T.tensor([1000., 1000.]), 0),
    lambda T: T.std_mean(_x(T)),
    lambda T: T.var_mean(_x(T), 1, keepdim=True),
    lambda T: T.var_mean(_x(T), 1, False),
    lambda T: T.std_mean(_x(T), False),
    lambda T: T.std_mean(_x(T), dim=0, correction=0),
    lambda T: T.std_mean(_x(T), (0, 1), keepdim=True),
    lambda T: T.var_mean(_x(T), unbiased=False),
    lambda T: T.cov(T.ones(2, 2, 2)),
    lambda T: T.cov(T.tensor([1, 2, 4])),
    lambda T: T.cov(T.tensor([[1., 2, 4], [1, 0, 3]]), correction=0),
    lambda T: T.cov(T.tensor([[1., 2, 4]]), fweights=T.tensor([1, 2, 1]),
                    aweights=T.tensor([0.5, 1, 1])),
    lambda T: T.cov(T.tensor([[1., 2, 4], [0, 1, 1]]), fweights=T.tensor([1, 2, 1])),
    lambda T: T.cov(T.tensor([[1., 2, 4], [0, 1, 1]]), aweights=T.tensor([1., 2, 1]),
                    correction=0),
    lambda T: _x(T).cov(),
    lambda T: _x(T).t().cov(),
    lambda T: T.cov(T.tensor([1.])),
    lambda T: T.cov(T.tensor([[1., 2, 4]]), fweights=T.tensor([1., 2, 1])),
    lambda T: T.cov(T.tensor([[1., 2, 4]]), fweights=T.tensor([1, -2, 1])),
    lambda T: T.cov(T.tensor([[1., 2, 4]]), aweights=T.tensor([1, 2])),
    lambda T: T.cov(T.tensor([[1., 2, 4]]), aweights=T.tensor([1., 2])),
    lambda T: T.corrcoef(T.tensor([1., 2])),
    lambda T: T.corrcoef(T.tensor([[1, 2, 4], [1, 0, 3]])),
    lambda T: _x(T).corrcoef(),
    lambda T: T.corrcoef(_x(T).t()),
    lambda T: T.cdist(T.ones(3), T.ones(3)),
    lambda T: T.cdist(T.ones(2, 3), T.ones(2, 4)),
    lambda T: T.cdist(T.ones(2, 3), T.ones(2, 3), p=-1),
    lambda T: T.cdist(T.ones(2, 3, dtype=T.long), T.ones(2, 3, dtype=T.long)),
    lambda T: T.cdist(T.tensor(_A).reshape(2, 15, 4), T.tensor(_B).reshape(1, 5, 4)),
    lambda T: T.cdist(T.tensor(_A), T.tensor(_B), compute_mode="use_mm_for_euclid_dist"),
    lambda T: T.cdist(T.tensor(_A[:4]), T.tensor(_B),
                      compute_mode="donot_use_mm_for_euclid_dist"),
]
for _p in (0, 1, 2, 3, 0.5, INF):
    CALLS += [lambda T, p=_p: T.cdist(T.tensor(_A[:4]), T.tensor(_B), p),
              lambda T, p=_p: T.cdist(T.tensor(_A), T.tensor(_B), p)]


@pytest.mark.parametrize("call", CALLS)
def test_matches_torch(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        same(call)


def test_cov_warns_as_torch_when_no_degrees_of_freedom_are_left():
    with pytest.warns(UserWarning, match=r"cov\(\): degrees of freedom is <= 0\. Correction "
                      "should be strictly less than the number of observations."):
        gv.cov(gv.tensor([1.]))


@pytest.mark.parametrize(("fn", "arrays"), [
    (lambda T, m: T.diff(m), (M,)),
    (lambda T, m: T.diff(m, 2, 0), (M,)),
    (lambda T, x, m: T.diff(x, 1, 1, prepend=m[:2].reshape(2, 1, 5)[..., :4]), (CUBE, M)),
    (lambda T, m: T.diff(m, 3, append=m[:, :2] * 2), (M,)),
    (lambda T, m: T.logcumsumexp(m, 1), (M,)),
    (lambda T, x: T.logcumsumexp(x, 0), (CUBE,)),
    (lambda T, x: T.logcumsumexp(x * 300, -2), (CUBE,)),
    (lambda T, m: T.std_mean(m, 1)[0] + T.std_mean(m, 1)[1], (M,)),
    (lambda T, m: T.var_mean(m, 0, keepdim=True, correction=0)[0], (M,)),
    (lambda T, m: T.var_mean(m)[1] * T.var_mean(m)[0], (M,)),
    (lambda T, m: T.cov(m), (M,)),
    (lambda T, m: T.cov(m, fweights=T.tensor([1, 2, 1, 3, 1]),
                        aweights=T.tensor([0.5, 1, 2, 1, 1], dtype=T.float64)), (M,)),
    (lambda T, m: T.cov(m[0]), (M,)),
    (lambda T, m: T.corrcoef(m), (M,)),
    (lambda T, a, b: T.cdist(a, b), (P, R)),
    (lambda T, a, b: T.cdist(a, b, 1), (P, R)),
    (lambda T, a, b: T.cdist(a, b, 3), (P, R)),
    (lambda T, a, b: T.cdist(a, b, float("inf")), (P, R)),
    (lambda T, a, b: T.cdist(a, b), (MANY, R)),
])
def test_gradients_match_torch(fn, arrays):
    same_grad(fn, *arrays)


def test_cdist_gradient_is_zero_at_zero_distance_as_torch():
    import torch

    ours = gv.tensor(P, dtype=gv.float64, requires_grad=True)
    theirs = torch.tensor(P, dtype=torch.float64, requires_grad=True)
    gv.cdist(ours, ours.detach()).sum().backward()
    torch.cdist(theirs, theirs.detach()).sum().backward()
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_logcumsumexp_of_a_long_input_takes_the_shifted_cumsum_and_still_matches_torch():
    import torch

    data = RNG.standard_normal((2, 2100)) * 20
    ours = gv.tensor(data, dtype=gv.float64, requires_grad=True)
    theirs = torch.tensor(data, dtype=torch.float64, requires_grad=True)
    out, expected = gv.logcumsumexp(ours, 1), torch.logcumsumexp(theirs, 1)
    assert out._op.name == "add"  # m + ln cumsum e^(x − m), named as PyTorch's one node
    assert type(out.grad_fn).__name__ == "LogcumsumexpBackward0"
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-12)
    weights = RNG.standard_normal(data.shape)
    (out * gv.tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize(("make", "ops"), [
    (lambda x: gv.logcumsumexp(x, 1).sum(), {"logsumexp", "where"}),
    (lambda x: gv.cdist(x, x[:2] * 2).sum(), {"norm"}),
    (lambda x: gv.cov(x).sum(), {"matmul"}),
    (lambda x: gv.diff(x, 2).sum(), {"sub"}),
])
def test_the_stepper_walks_their_graphs(make, ops):
    from graph_fixtures import assert_stepper_matches_engine

    x = gv.tensor(M, dtype=gv.float64, requires_grad=True)
    x.name = "x"
    assert_stepper_matches_engine(make(x), [x], ops)

"""`torch.median`, `nanmedian`, `kthvalue`, `mode`, `quantile`/`nanquantile` (its five
interpolations), `cummax` and `cummin` beside PyTorch: values, indices, result types, NaN
handling, errors word for word, float64 gradients (against torch and finite differences),
and the index PyTorch reports among tied values (its quickselect for kthvalue, its introsort
for mode, ties broken by index for median).
"""

from __future__ import annotations

import numpy as np
import pytest
from api_pairs import same, same_grad

import gradviz as gv

RNG = np.random.default_rng(11)
M = RNG.standard_normal((3, 5))
CUBE = RNG.standard_normal((2, 3, 4))
NAN = float("nan")


def _x(T):
    return T.tensor([[1., 3., 2., 4.], [5., 7., 1., 0.]])


_R = RNG.standard_normal((3, 5, 4)).astype(np.float32)
_Q = np.array([0.1, 0.33, 0.5, 0.95], dtype=np.float32)

CALLS = [
    lambda T: T.median(_x(T), 1),
    lambda T: T.median(_x(T)),
    lambda T: T.median(_x(T), 0, True),
    lambda T: _x(T).median(dim=-1),
    lambda T: T.median(T.tensor([1., NAN, 2., 0.])),
    lambda T: T.median(T.tensor([[1., NAN, NAN, 2.]]), 1),
    lambda T: T.median(T.tensor(3.)),
    lambda T: T.median(T.tensor(3.), 0),
    lambda T: T.median(T.tensor([])),
    lambda T: T.median(T.ones(0, 3), 0),
    lambda T: T.median(T.tensor([3, 1, 2])),
    lambda T: T.median(T.tensor([3, 1, 2]), 0),
    lambda T: T.median(T.tensor(_R), 1),
    lambda T: T.nanmedian(T.tensor([1., NAN, 2., 0.])),
    lambda T: T.nanmedian(T.tensor([[NAN, NAN, NAN], [1., 2., 3.]]), 1),
    lambda T: T.tensor([[1., NAN, NAN, 2.]]).nanmedian(1, keepdim=True),
    lambda T: T.kthvalue(_x(T), 2, 1),
    lambda T: T.kthvalue(_x(T), 3),
    lambda T: T.kthvalue(_x(T), 3, 0),
    lambda T: T.kthvalue(_x(T), 0),
    lambda T: _x(T).kthvalue(1, 0, True),
    lambda T: T.kthvalue(T.tensor(_R), 3, 2, True),
    lambda T: T.mode(T.tensor([[1., 2, 2], [3, 4, 3]]), 1),
    lambda T: T.mode(T.tensor([[1., 2, 2], [3, 4, 3]]), 0, True),
    lambda T: T.tensor([4, 4, 1, 1, 1, 2]).mode(),
    lambda T: T.mode(T.ones(2, 0)),
    lambda T: T.cummax(T.tensor([1., 3, 3, 2, 5]), 0),
    lambda T: T.cummin(T.tensor([1., 0, 0, 2, -5]), 0),
    lambda T: T.cummax(T.tensor([1., NAN, 3, NAN, 5]), 0),
    lambda T: T.cummin(T.tensor([1., NAN, 3, NAN, 5]), 0),
    lambda T: T.cummax(_x(T), 1),
    lambda T: _x(T).cummin(0),
    lambda T: T.cummax(T.tensor(2.), 0),
    lambda T: T.cummax(T.tensor([1, 3, 2]), 0),
    lambda T: T.cummin(T.tensor(_R), -2),
]
for _m in ("linear", "lower", "higher", "midpoint", "nearest"):
    CALLS += [
        lambda T, m=_m: T.quantile(T.tensor([0., 1, 2, 3, 7]), 0.4, interpolation=m),
        lambda T, m=_m: T.quantile(T.tensor([0., 1, 2, 3, 7]),
                                   T.tensor([0.5, 1 / 6, 0.625, 1., 0.]), interpolation=m),
        lambda T, m=_m: T.quantile(T.tensor(_R), T.tensor(_Q), dim=1, interpolation=m),
        lambda T, m=_m: T.nanquantile(T.tensor([[1., NAN, 3, 4], [NAN] * 4]), 0.3, 1,
                                      interpolation=m),
    ]
CALLS += [
    lambda T: T.quantile(_x(T), 0.3, dim=1),
    lambda T: T.quantile(_x(T), T.tensor([0.3, 0.9]), dim=0, keepdim=True),
    lambda T: T.quantile(_x(T), T.tensor([0.3, 0.9]), keepdim=True),
    lambda T: _x(T).quantile(0.3, 1, True),
    lambda T: T.quantile(_x(T), 0.3, keepdim=True),
    lambda T: T.quantile(T.tensor([1., NAN, 3]), 0.5),
    lambda T: T.nanquantile(T.tensor([1., NAN, 3]), 0.5),
    lambda T: T.tensor([[1., NAN, 3], [NAN, NAN, NAN]]).nanquantile(T.tensor([0.25, 0.5]), 1),
    lambda T: T.quantile(T.tensor([1, 2]), 0.5),
    lambda T: T.quantile(T.tensor([1., 2]), 1.5),
    lambda T: T.nanquantile(T.tensor([1., 2]), -0.5),
    lambda T: T.nanquantile(T.tensor([1, 2]), 0.5),
    lambda T: T.quantile(T.tensor([1., 2]), 0.5, interpolation="foo"),
    lambda T: T.quantile(T.tensor([1., 2]), T.tensor([0.5], dtype=T.float64)),
    lambda T: T.quantile(T.tensor([]), 0.5),
    lambda T: T.quantile(T.tensor([1., 2]), T.tensor([[0.5]])),
    lambda T: T.quantile(T.tensor([1., 2]), T.tensor([1.5])),
    lambda T: T.quantile(T.tensor(2.), 0.5, 0, True),
    lambda T: T.quantile(T.tensor(2.), 0.5),
    lambda T: T.quantile(T.tensor([1., 2], dtype=T.float64), 0.25),
]


@pytest.mark.parametrize("call", CALLS)
def test_matches_torch(call):
    same(call)


@pytest.mark.parametrize(("fn", "arrays"), [
    (lambda T, m: T.median(m), (M,)),
    (lambda T, m: T.median(m, 1).values, (M,)),
    (lambda T, m: T.median(m, 0, keepdim=True)[0], (M,)),
    (lambda T, x: T.nanmedian(x, -1).values, (CUBE,)),
    (lambda T, m: T.nanmedian(m), (M,)),
    (lambda T, m: T.kthvalue(m, 2, 1).values, (M,)),
    (lambda T, x: T.kthvalue(x, 3, -1, True).values, (CUBE,)),
    (lambda T, m: T.cummax(m, 1).values, (M,)),
    (lambda T, x: T.cummin(x, 0).values, (CUBE,)),
    (lambda T, m: T.quantile(m, 0.3), (M,)),
    (lambda T, m: T.quantile(m, T.tensor([0.1, 0.5, 0.8], dtype=T.float64), dim=1), (M,)),
    (lambda T, x: T.quantile(x, 0.7, dim=0, keepdim=True, interpolation="midpoint"), (CUBE,)),
    (lambda T, x: T.quantile(x, 0.7, dim=2, interpolation="nearest"), (CUBE,)),
    (lambda T, m: T.nanquantile(m, 0.45, dim=0), (M,)),
])
def test_gradients_match_torch(fn, arrays):
    same_grad(fn, *arrays)


def test_whole_median_shares_the_gradient_among_ties_as_torch():
    import torch

    ours = gv.tensor([1., 2., 2., 3.], dtype=gv.float64, requires_grad=True)
    theirs = torch.tensor([1., 2., 2., 3.], dtype=torch.float64, requires_grad=True)
    gv.median(ours).backward()
    torch.median(theirs).backward()
    assert ours.grad.tolist() == theirs.grad.tolist() == [0, 0.5, 0.5, 0]


def test_mode_gradient_goes_to_the_index_returned():
    x = gv.tensor([[1., 2, 2], [3, 4, 3]], dtype=gv.float64, requires_grad=True)
    values, indices = gv.mode(x, 1)
    values.sum().backward()
    assert indices.tolist() == [2, 2] and x.grad.tolist() == [[0, 0, 1], [0, 0, 1]]


def test_result_types_print_and_unpack_as_torch():
    result = gv.median(gv.tensor([[1., 3., 2.]]), 1)
    assert isinstance(result, gv.return_types.median)
    values, indices = result
    assert values.tolist() == [2.0] and indices.tolist() == [2]
    assert repr(result).endswith("median(\nvalues=tensor([2.]),\nindices=tensor([2]))")
    assert gv.return_types.cummax.__name__ == "cummax"


@pytest.mark.parametrize(("make", "ops"), [
    (lambda x: gv.quantile(x, 0.3, 1).sum(), {"gather", "where"}),
    (lambda x: gv.median(x, 0).values.sum(), {"gather"}),
    (lambda x: gv.cummax(x, 1).values.sum(), {"gather"}),
])
def test_the_stepper_walks_their_graphs(make, ops):
    from graph_fixtures import assert_stepper_matches_engine

    x = gv.tensor(M, dtype=gv.float64, requires_grad=True)
    x.name = "x"
    assert_stepper_matches_engine(make(x), [x], ops)


def _tied(seed: int, nan: bool) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    v = rng.integers(0, int(rng.integers(1, 6)), (3, n)).astype(np.float64)
    if nan:
        v[rng.random(v.shape) < 0.2] = NAN
    return v


@pytest.mark.parametrize("seed", range(40))
def test_indices_among_tied_values_are_torchs(seed):
    data = _tied(seed, nan=seed % 3 == 0)
    clean = _tied(seed, nan=False)
    n = data.shape[1]
    for k in sorted({1, (n + 1) // 2, n}):
        same(lambda T, k=k: T.kthvalue(T.tensor(data), k, 1))
    same(lambda T: T.median(T.tensor(data), 1))
    same(lambda T: T.nanmedian(T.tensor(data), 1))
    same(lambda T: T.mode(T.tensor(clean), 1))
    same(lambda T: T.mode(T.tensor(clean).t().contiguous(), 0))


def test_mode_of_a_long_tied_lane_is_torchs():
    data = np.random.default_rng(5).integers(0, 7, 5000)
    same(lambda T: T.mode(T.tensor(data)))


@pytest.mark.parametrize("numbers", [[0.1, 0.1, 0.1, 5, -3], [0.7] * 7, [1., 2., 2., 3.]])
def test_whole_median_of_tied_numbers_is_the_number_itself(numbers):
    same_grad(lambda T, x: T.median(x), np.array(numbers), check_fd=False)
    x = gv.tensor(numbers, dtype=gv.float64, requires_grad=True)
    assert gv.median(x).item() == sorted(numbers)[(len(numbers) - 1) // 2]

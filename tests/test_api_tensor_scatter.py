"""Reductions and writes along an index beside PyTorch: ``scatter_reduce`` (each reduction,
with and without include_self, repeated indices, ties and zeros), ``index_reduce``,
``index_put`` (accumulate), ``take``, ``put``, ``select_scatter``, ``slice_scatter``,
``diagonal_scatter`` and the in-place forms: values, dtypes, float64 gradients (≤ 1e-9)
against torch and finite differences, ``grad_fn`` names, versions and errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from api_pairs import same, same_grad

import gradviz as gv

pytestmark = pytest.mark.filterwarnings("ignore:index_reduce:UserWarning")  # torch's beta notice

_INDEX = [[0, 2, 0, 1], [2, 2, 1, 0]]  # repeats, and a position (1 in row 0's dim 0…) not hit


def _x(*shape, seed=0):
    return np.random.default_rng(seed).uniform(-2, 2, shape)


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_scatter_reduce_gradients(reduce, include_self, dim):
    index = np.array(_INDEX) if dim == 0 else np.array([[0, 0, 3], [2, 1, 2]])

    def fn(m, x, src):
        return x.scatter_reduce(dim, m.tensor(index), src, reduce, include_self=include_self)

    same_grad(fn, _x(3, 4), _x(*index.shape, seed=1))


@pytest.mark.parametrize("reduce", ["prod", "amax", "amin", "mean"])
def test_scatter_reduce_ties_and_zeros(reduce):
    # Equal values share amax's gradient; a single zero in a product gets the others' product.
    x = np.array([[1.0, 0.0, 3.0], [2.0, 5.0, 0.0]])
    src = np.array([[1.0, 2.0, 0.0], [0.0, 5.0, 3.0]])
    index = np.array([[0, 1, 1], [0, 0, 1]])

    def fn(m, a, b):
        return m.scatter_reduce(a, 0, m.tensor(index), b, reduce)

    same_grad(fn, x, src, check_fd=False)


def test_scatter_reduce_values_dtypes_and_names():
    for dtype in ("float32", "int64"):
        for reduce in ("sum", "prod", "mean", "amax", "amin", "max", "min"):
            for include_self in (True, False):
                same(lambda m, r=reduce, s=include_self, d=dtype: m.tensor(
                    [5, -7, 2, 9], dtype=getattr(m, d)).scatter_reduce(
                    0, m.tensor([0, 0, 2, 0]), m.tensor([-2, 4, 3, 1], dtype=getattr(m, d)), r,
                    include_self=s))
    x = gv.randn(3, 4, requires_grad=True)
    out = x.scatter_reduce(0, gv.tensor(_INDEX), x[:2] * 2, "amax")
    assert type(out.grad_fn).__name__ == "ScatterReduceBackward0"
    same(lambda m: m.scatter_reduce(m.tensor(2.0), 0, m.tensor(0), m.tensor(3.0), "sum"))


def test_scatter_reduce_errors():
    same(lambda m: m.zeros(3).scatter_reduce(0, m.tensor([0]), m.ones(1), "add"))
    same(lambda m: m.zeros(3).scatter_reduce(0, m.tensor([0.0]), m.ones(1), "sum"))
    same(lambda m: m.zeros(3).scatter_reduce(0, m.tensor([2], dtype=m.int32), m.ones(1), "sum"))
    same(lambda m: m.zeros(3).scatter_reduce(0, m.tensor([5]), m.ones(1), "sum"))
    same(lambda m: m.zeros(3).scatter_reduce(0, m.tensor([1]), m.ones(1, dtype=m.float64),
                                             "sum"))


def test_scatter_reduce_in_place():
    for m in (torch, gv):
        x = m.zeros(4)
        assert x.scatter_reduce_(0, m.tensor([1, 1]), m.tensor([2.0, 3.0]), "prod",
                                 include_self=False) is x
        assert x._version == 1
        assert x.tolist() == [0.0, 6.0, 0.0, 0.0]
    same(lambda m: m.ones(3, requires_grad=True).scatter_reduce_(
        0, m.tensor([0]), m.ones(1), "sum"))
    leaf = gv.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = leaf * 1
    y.scatter_reduce_(0, gv.tensor([0, 0]), leaf[1:] * 2, "amax")
    assert type(y.grad_fn).__name__ == "ScatterReduceBackward0"
    y.sum().backward()
    assert leaf.grad.tolist() == [0.0, 1.0, 3.0]


@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_index_reduce(reduce, include_self):
    def fn(m, x, src):
        return x.index_reduce(1, m.tensor([0, 3, 0]), src, reduce, include_self=include_self)

    same_grad(fn, _x(2, 4), _x(2, 3, seed=2))
    ours = gv.randn(2, 4, requires_grad=True).index_reduce(0, gv.tensor([1]), gv.ones(1, 4),
                                                           reduce)
    assert type(ours.grad_fn).__name__ == "IndexReduceBackward0"


def test_index_reduce_errors_and_in_place():
    same(lambda m: m.zeros(3, 2).index_reduce(0, m.tensor([0]), m.ones(1, 2), "sum"))
    same(lambda m: m.zeros(3, 2).index_reduce_(0, m.tensor([0]), m.ones(2, 2), "prod"))
    same(lambda m: m.full((3, 2), 2.0).index_reduce_(0, m.tensor([0, 0]), m.full((2, 2), 3.0),
                                                     "prod"))


@pytest.mark.parametrize("accumulate", [False, True])
def test_index_put(accumulate):
    rows, cols = np.array([0, 2, 0]), np.array([1, 3, 1])
    if not accumulate:  # a repeated position's winner is unspecified: none here
        rows, cols = np.array([0, 2, 1]), np.array([1, 3, 1])

    def pair(m, x, v):
        return x.index_put((m.tensor(rows), m.tensor(cols)), v, accumulate)

    def row(m, x, v):
        return m.Tensor.index_put(x, (m.tensor(rows),), v[:1], accumulate=accumulate)

    same_grad(pair, _x(3, 4), _x(3, seed=1))
    same_grad(row, _x(3, 4), _x(1, 4, seed=1))
    ours = gv.randn(3, 4, requires_grad=True).index_put((gv.tensor([0]),), gv.tensor(1.0),
                                                        accumulate)
    assert type(ours.grad_fn).__name__ == "IndexPutBackward0"


def test_index_put_masks_scalars_errors_and_in_place():
    same(lambda m: m.zeros(3, 3).index_put([m.tensor([True, False, True])], m.tensor(2.0)))
    same(lambda m: m.zeros(3, 3).index_put((m.tensor([0, 0]), m.tensor([1, 1])), m.tensor(2.0),
                                           accumulate=True))
    same(lambda m: m.zeros(3, 3).index_put((m.tensor([0]),), m.ones(3, dtype=m.float64)))
    same(lambda m: m.zeros(2, 2, dtype=m.int64).index_put_((m.tensor([1]),), m.tensor(7),
                                                           accumulate=True))
    for m in (torch, gv):
        x = m.zeros(4)
        assert x.index_put_((m.tensor([3, 3]),), m.tensor([1.0, 2.0]), accumulate=True) is x
        assert x.tolist() == [0.0, 0.0, 0.0, 3.0] and x._version == 1


def test_take_and_put():
    index = np.array([[0, -1], [5, 2]])
    same_grad(lambda m, x: x.take(m.tensor(index)), _x(2, 3))
    same_grad(lambda m, x, s: x.put(m.tensor([4, 0, -1]), s), _x(2, 3), _x(3, seed=3))
    same_grad(lambda m, x, s: x.put(m.tensor([4, 4, 0]), s, accumulate=True), _x(2, 3),
              _x(3, seed=3))
    for name, call in (("TakeBackward0", lambda x: x.take(gv.tensor([1]))),
                       ("PutBackward0", lambda x: x.put(gv.tensor([1]), gv.ones(1)))):
        assert type(call(gv.randn(2, 2, requires_grad=True)).grad_fn).__name__ == name
    same(lambda m: m.zeros(3, 3).take(m.tensor([9])))
    same(lambda m: m.zeros(3, 3).take(m.tensor([-10])))
    same(lambda m: m.zeros(3, 3).put(m.tensor([0, 1]), m.ones(3)))
    same(lambda m: m.arange(6.0).put_(m.tensor([0, 0]), m.tensor([5.0, 7.0]), True))
    same(lambda m: m.tensor(3.0).take(m.tensor([0, -1])))


def test_select_slice_and_diagonal_scatter():
    same_grad(lambda m, x, s: x.select_scatter(s, 1, -1), _x(3, 4), _x(3, seed=1))
    same_grad(lambda m, x, s: m.select_scatter(x, s, 0, 2), _x(3, 4), _x(4, seed=1))
    same_grad(lambda m, x, s: x.slice_scatter(s, 1, 1, None, 2), _x(3, 4), _x(3, 2, seed=1))
    same_grad(lambda m, x, s: m.slice_scatter(x, s), _x(3, 4), _x(3, 4, seed=1))
    same_grad(lambda m, x, s: m.slice_scatter(x, s, start=-2), _x(3, 4), _x(2, 4, seed=1))
    same_grad(lambda m, x, s: x.diagonal_scatter(s), _x(3, 4), _x(3, seed=1))
    same_grad(lambda m, x, s: x.diagonal_scatter(s, 1), _x(3, 4), _x(3, seed=1))
    same_grad(lambda m, x, s: m.diagonal_scatter(x, s, -1, 2, 0), _x(4, 2, 3), _x(2, 2, seed=1))
    for name, call in (
            ("SelectScatterBackward0", lambda x: x.select_scatter(gv.ones(3), 0, 0)),
            ("SliceScatterBackward0", lambda x: x.slice_scatter(gv.ones(1, 3), 0, 0, 1)),
            ("DiagonalScatterBackward0", lambda x: x.diagonal_scatter(gv.ones(3)))):
        assert type(call(gv.randn(3, 3, requires_grad=True)).grad_fn).__name__ == name
    same(lambda m: m.zeros(3, 3).select_scatter(m.ones(2), 0, 0))
    same(lambda m: m.zeros(3, 3).slice_scatter(m.ones(1, 3)))
    same(lambda m: m.zeros(3, 3).diagonal_scatter(m.ones(3, 1)))
    same(lambda m: m.zeros(3, 3, dtype=m.int64).diagonal_scatter(m.tensor([1, 2, 3])))


def test_index_put_put_and_take_errors():
    for accumulate in (False, True):
        for values in ([1.0, 1.0], [1.0] * 4):
            same(lambda m, v=values, a=accumulate: m.zeros(3, 3).index_put(
                (m.tensor([0, 1]),), m.tensor(v), accumulate=a))
    same(lambda m: m.zeros(3, 3).index_put((m.tensor([0.0]),), m.ones(3)))
    same(lambda m: m.zeros(3, 3).index_put((m.tensor([5]),), m.ones(3)))
    same(lambda m: m.zeros(3, 3).index_put((m.tensor([0]), m.tensor([-4])), m.ones(1)))
    same(lambda m: m.zeros(3, 3).index_put((m.tensor([0]),) * 3, m.ones(1)))
    same(lambda m: m.zeros(3, 3).put(m.tensor([0], dtype=m.int32), m.ones(1)))
    same(lambda m: m.zeros(3, 3).take(m.tensor([0.0])))


def test_writing_a_tensor_that_requires_grad_into_one_that_does_not_is_recorded():
    """``zeros(5).index_copy_(0, i, x)``: the target needs no gradient, but what is written
    into it does, so the change is recorded (PyTorch's node, x's gradient), as ``out[i] = x``."""
    def run(library):
        x = library.tensor([1.0, 2.0], requires_grad=True)
        i = library.tensor([1, 3])
        mask = library.tensor([True, False, True, False, False])
        made = [library.zeros(5).index_copy_(0, i, x * 2),
                library.zeros(5).masked_scatter_(mask, x * 3),
                library.zeros(5).scatter_reduce_(0, i, x * 2, "sum"),
                library.zeros(5).index_put_((i,), x)]
        sum(t * library.arange(1.0, 6.0) for t in made).sum().backward()
        return [type(t.grad_fn).__name__ for t in made], x.grad.numpy(), made[0]._version

    (names, grad, version), (their_names, their_grad, their_version) = run(gv), run(torch)
    assert names == their_names and version == their_version
    np.testing.assert_array_equal(grad, their_grad)

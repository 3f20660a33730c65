"""`torch.vstack`/`hstack`/`dstack`/`column_stack`/`row_stack`, `atleast_1d/2d/3d`,
`tensor_split`/`hsplit`/`vsplit`/`dsplit`, `masked_select`, `take_along_dim`, `block_diag`,
`kron`, `rot90`, `diag_embed`, `cartesian_prod`, `combinations` and `tril_indices`/
`triu_indices` beside PyTorch: values, shapes, dtypes, errors word for word, and float64
gradients (against torch and finite differences).
"""

from __future__ import annotations

import numpy as np
import pytest
from api_pairs import same, same_grad

import gradviz as gv

RNG = np.random.default_rng(3)
A, B, C = RNG.standard_normal((2, 3)), RNG.standard_normal((2, 3)), RNG.standard_normal(3)
CUBE = RNG.standard_normal((2, 3, 4))


def _x(T):
    return T.arange(6.).reshape(2, 3)


CALLS = [
    # stacking
    lambda T: T.vstack([T.ones(3), T.zeros(3)]),
    lambda T: T.row_stack((T.ones(2, 3), T.zeros(3))),
    lambda T: T.vstack([T.ones(3), T.ones(2)]),
    lambda T: T.hstack([T.ones(3), T.ones(2)]),
    lambda T: T.hstack([T.ones(2, 3), T.ones(2, 1, dtype=T.float64)]),
    lambda T: T.hstack([]),
    lambda T: T.hstack([T.tensor(1.), T.tensor(2.)]),
    lambda T: T.dstack([T.ones(3), T.zeros(3)]),
    lambda T: T.dstack([T.ones(2, 3), T.ones(2, 3)]),
    lambda T: T.column_stack([T.tensor(1.), T.ones(1, 2), T.tensor([1.])]),
    lambda T: T.column_stack([T.arange(3), T.arange(3, 6)]),
    lambda T: T.atleast_1d(T.tensor(1.)),
    lambda T: T.atleast_2d(T.tensor(1.), T.ones(3)),
    lambda T: T.atleast_1d([T.tensor(1.), T.ones(3)]),
    lambda T: T.atleast_3d(T.ones(3)),
    lambda T: T.atleast_3d(T.ones(2, 3)),
    lambda T: T.atleast_3d(T.ones(2, 3, 4, 5)),
    # splitting
    lambda T: T.tensor_split(_x(T), 0),
    lambda T: T.tensor_split(_x(T), [1, 5, -1], dim=1),
    lambda T: T.tensor_split(_x(T), T.tensor(2), dim=1),
    lambda T: T.tensor_split(_x(T), T.tensor([1, 2]), dim=1),
    lambda T: T.tensor_split(T.arange(7), 3),
    lambda T: T.arange(7).tensor_split((2, 3)),
    lambda T: T.tensor_split(T.tensor(1.), 2),
    lambda T: T.hsplit(T.tensor(1.), 2),
    lambda T: T.hsplit(_x(T), 2),
    lambda T: T.hsplit(_x(T), 3),
    lambda T: T.hsplit(T.arange(6), [2]),
    lambda T: _x(T).vsplit(2),
    lambda T: T.vsplit(T.ones(3), 1),
    lambda T: T.vsplit(_x(T), 4),
    lambda T: T.dsplit(_x(T), 1),
    lambda T: T.dsplit(T.ones(2, 2, 4), [1, 3]),
    # selecting
    lambda T: T.masked_select(_x(T), T.tensor([1, 0, 1])),
    lambda T: T.masked_select(_x(T), T.tensor([True, False, True])),
    lambda T: _x(T).masked_select(T.tensor([[True], [False]])),
    lambda T: T.masked_select(_x(T), T.tensor([True, False])),
    lambda T: T.take_along_dim(_x(T), T.tensor([1, 0, 1])),
    lambda T: T.take_along_dim(_x(T), T.tensor([1, 0]), dim=1),
    lambda T: T.take_along_dim(_x(T), T.tensor([[1], [0]], dtype=T.int32), dim=1),
    lambda T: _x(T).take_along_dim(T.tensor([[1], [0]]), dim=1),
    lambda T: T.take_along_dim(_x(T), T.tensor([[1, 0]]), dim=0),
    lambda T: T.take_along_dim(_x(T), T.argsort(_x(T), dim=1, descending=True), dim=1),
    # blocks
    lambda T: T.diag_embed(_x(T), 1, 0, 2),
    lambda T: T.diag_embed(_x(T), -1),
    lambda T: _x(T).diag_embed(),
    lambda T: T.diag_embed(_x(T), 0, 1, -2),
    lambda T: T.block_diag(T.ones(2, 2, 2)),
    lambda T: T.block_diag(),
    lambda T: T.block_diag(T.tensor(2), T.tensor([1., 2]), T.ones(2, 1, dtype=T.float64)),
    lambda T: T.block_diag(T.tensor([[1, 2]]), T.tensor([[3], [4]])),
    lambda T: T.kron(T.tensor(2.), T.tensor(3.)),
    lambda T: T.kron(T.ones(2, 1), T.arange(3)),
    lambda T: T.arange(4.).reshape(2, 2).kron(T.tensor([[1., -1], [2, 0]])),
    lambda T: T.rot90(_x(T), 1, [0]),
    lambda T: T.rot90(T.ones(3), 1, [0, 1]),
    lambda T: T.rot90(_x(T), 1, [0, 0]),
    lambda T: T.rot90(_x(T), 1, [0, 2]),
    lambda T: _x(T).rot90(),
    lambda T: T.rot90(_x(T), -1),
    lambda T: T.rot90(_x(T), 2),
    lambda T: T.rot90(_x(T), 3),
    lambda T: T.rot90(_x(T), 4),
    lambda T: T.rot90(T.arange(24).reshape(2, 3, 4), 1, [2, 0]),
    lambda T: T.cartesian_prod(_x(T)),
    lambda T: T.cartesian_prod(T.tensor([1, 2]), T.tensor([3, 4, 5])),
    lambda T: T.cartesian_prod(T.tensor([1, 2]), T.tensor([3, 4]), T.tensor([5, 6])),
    lambda T: T.combinations(_x(T)),
    lambda T: T.combinations(T.tensor([1, 2, 3])),
    lambda T: T.combinations(T.tensor([1, 2, 3]), 1),
    lambda T: T.combinations(T.tensor([1, 2, 3]), 0),
    lambda T: T.combinations(T.tensor([1, 2, 3]), -1),
    lambda T: T.combinations(T.tensor([1, 2, 3]), 4),
    lambda T: T.combinations(T.tensor([1., 2, 3]), 2, True),
    lambda T: T.combinations(T.tensor([1., 2, 3]), 3, with_replacement=True),
    lambda T: T.tril_indices(3, 3),
    lambda T: T.tril_indices(3, 2, 1, dtype=T.int32),
    lambda T: T.tril_indices(3, 2, 1, dtype=T.float32),
    lambda T: T.triu_indices(4, 3, -1),
    lambda T: T.triu_indices(3, 4, 1),
    lambda T: T.tril_indices(4, 5, -2),
    lambda T: T.tril_indices(0, 3),
]


@pytest.mark.parametrize("call", CALLS)
def test_matches_torch(call):
    same(call)


@pytest.mark.parametrize(("fn", "arrays"), [
    (lambda T, a, b: T.vstack([a, b]), (A, B)),
    (lambda T, a, c: T.vstack([a, c]), (A, C)),
    (lambda T, a, b: T.hstack((a, b)), (A, B)),
    (lambda T, c: T.hstack([c, c * 2]), (C,)),
    (lambda T, a, b: T.dstack([a, b]), (A, B)),
    (lambda T, a, c: T.column_stack([a.t(), c]), (A, C)),
    (lambda T, c: T.atleast_3d(c), (C,)),
    (lambda T, a: T.tensor_split(a, 2, dim=1)[0] * 2 + T.tensor_split(a, 2, dim=1)[1].sum(),
     (A,)),
    (lambda T, a: T.hsplit(a, [1])[1], (A,)),
    (lambda T, a: T.vsplit(a, 2)[1], (A,)),
    (lambda T, x: T.dsplit(x, [1, 3])[1], (CUBE,)),
    (lambda T, a: T.masked_select(a, a > 0), (A,)),
    (lambda T, a, c: T.masked_select(a, T.tensor([True, False, True])) * 3, (A, C)),
    (lambda T, a: T.take_along_dim(a, T.tensor([[2, 0, 0], [1, 1, 2]]), dim=1), (A,)),
    (lambda T, c: T.masked_select(c, T.tensor([[True, False, True], [False, True, True]])),
     (C,)),
    (lambda T, a: T.take_along_dim(a[:1], T.tensor([[2, 0], [1, 1]]), dim=1), (A,)),
    (lambda T, a: T.take_along_dim(a, T.tensor([0, 5, 5])), (A,)),
    (lambda T, a: T.take_along_dim(a, T.tensor([[1], [0]]), dim=1), (A,)),
    (lambda T, a, c: T.block_diag(a, c, a[0, 0]), (A, C)),
    (lambda T, a, c: T.kron(a, c), (A, C)),
    (lambda T, a, b: T.kron(a, b.reshape(3, 2)), (A, B)),
    (lambda T, x: T.rot90(x, 1, [0, 2]), (CUBE,)),
    (lambda T, x: T.rot90(x, 2), (CUBE,)),
    (lambda T, x: T.rot90(x, -1, [1, 2]), (CUBE,)),
    (lambda T, a: T.diag_embed(a), (A,)),
    (lambda T, a: T.diag_embed(a, 2, 0, 2), (A,)),
    (lambda T, a: T.diag_embed(a, -1, -1, 0), (A,)),
    (lambda T, c, a: T.cartesian_prod(c, a[0]), (C, A)),
    (lambda T, c: T.combinations(c, 2), (C,)),
    (lambda T, c: T.combinations(c, 2, with_replacement=True), (C,)),
])
def test_gradients_match_torch(fn, arrays):
    same_grad(fn, *arrays)


def test_tensor_methods_are_the_functions():
    x = gv.arange(6.).reshape(2, 3)
    for name in ("tensor_split", "hsplit", "vsplit", "masked_select", "take_along_dim",
                 "kron", "rot90", "diag_embed"):
        assert callable(getattr(x, name)), name
    assert x.rot90().tolist() == gv.rot90(x).tolist()


def test_graph_shows_the_rows_used():
    a = gv.ones(2, 3, requires_grad=True)
    assert type(gv.vstack([a, a]).grad_fn).__name__ == "CatBackward0"
    assert type(gv.take_along_dim(a, gv.tensor([[0], [1]]), 1).grad_fn).__name__ == \
        "GatherBackward0"


@pytest.mark.parametrize(("make", "ops"), [
    (lambda x: gv.diag_embed(x, 1).sum(), {"index", "cat"}),
    (lambda x: (gv.kron(x, x[:, :2]) ** 2).sum(), {"mul", "reshape"}),
    (lambda x: gv.block_diag(x, x[0]).sum(), {"cat"}),
    (lambda x: gv.rot90(x).sum(), {"flip", "transpose"}),
])
def test_the_stepper_walks_their_graphs(make, ops):
    from graph_fixtures import assert_stepper_matches_engine

    x = gv.tensor(A, dtype=gv.float64, requires_grad=True)
    x.name = "x"
    assert_stepper_matches_engine(make(x), [x], ops)

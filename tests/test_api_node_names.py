"""The ``grad_fn`` of the stacking, order-statistic and spread functions prints PyTorch's node
name (``MedianBackward1``, ``CdistBackward0``, …), in ``type(y.grad_fn).__name__`` and in the
tensor's repr, though the graph shows the registry rows that computed it."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv

RNG = np.random.default_rng(2)
X, MANY, V = RNG.standard_normal((3, 4)), RNG.standard_normal((30, 4)), RNG.standard_normal(4)

CALLS = [
    lambda T, x, y, v: T.median(x), lambda T, x, y, v: T.median(x, 1).values,
    lambda T, x, y, v: T.median(v[:1].sum()), lambda T, x, y, v: T.median(v[:1].sum(), 0)[0],
    lambda T, x, y, v: T.nanmedian(x), lambda T, x, y, v: T.nanmedian(x, 1).values,
    lambda T, x, y, v: T.kthvalue(x, 2).values, lambda T, x, y, v: T.mode(x).values,
    lambda T, x, y, v: T.cummax(x, 1).values, lambda T, x, y, v: T.cummin(x, 1).values,
    lambda T, x, y, v: T.cummax(v.sum(), 0).values,
    lambda T, x, y, v: T.logcumsumexp(x, 1), lambda T, x, y, v: T.logcumsumexp(v.sum(), 0),
    lambda T, x, y, v: T.cdist(x, x), lambda T, x, y, v: T.cdist(y, x),
    lambda T, x, y, v: T.cdist(x, x, 1), lambda T, x, y, v: T.cdist(x, x, 0),
    lambda T, x, y, v: T.cdist(x, x, compute_mode="use_mm_for_euclid_dist"),
    lambda T, x, y, v: T.diag_embed(x), lambda T, x, y, v: T.masked_select(x, x > 0),
    lambda T, x, y, v: T.kron(x, x), lambda T, x, y, v: T.kron(v, v),
    lambda T, x, y, v: T.kron(v.sum(), v.sum()),
    lambda T, x, y, v: T.block_diag(x, v), lambda T, x, y, v: T.block_diag(x),
    lambda T, x, y, v: T.rot90(x), lambda T, x, y, v: T.rot90(x, 2),
    lambda T, x, y, v: T.rot90(x, 0),
    lambda T, x, y, v: T.vstack([x, x]), lambda T, x, y, v: T.hstack([v, v]),
    lambda T, x, y, v: T.dstack([x, x]), lambda T, x, y, v: T.column_stack([v, v]),
    lambda T, x, y, v: T.atleast_2d(v), lambda T, x, y, v: T.atleast_3d(x),
    lambda T, x, y, v: T.atleast_3d(v), lambda T, x, y, v: T.atleast_1d(v.sum()),
    lambda T, x, y, v: T.tensor_split(x, 2)[0], lambda T, x, y, v: T.hsplit(x, 2)[1],
    lambda T, x, y, v: T.std_mean(x)[0], lambda T, x, y, v: T.std_mean(x)[1],
    lambda T, x, y, v: T.var_mean(x, 1)[0], lambda T, x, y, v: T.var_mean(x, 1)[1],
    lambda T, x, y, v: T.cov(x), lambda T, x, y, v: T.cov(v), lambda T, x, y, v: T.corrcoef(x),
    lambda T, x, y, v: T.diff(x), lambda T, x, y, v: T.cartesian_prod(v, v),
    lambda T, x, y, v: T.combinations(v), lambda T, x, y, v: T.combinations(v, 1),
    lambda T, x, y, v: T.take_along_dim(x, T.tensor([[0]]), 1),
    lambda T, x, y, v: T.quantile(x, 0.3), lambda T, x, y, v: T.quantile(x, 0.3, 1, True),
    lambda T, x, y, v: T.quantile(x, T.tensor([0.3, 0.5], dtype=T.float64), 1),
    lambda T, x, y, v: T.nanquantile(x, 0.3, interpolation="lower"),
]


@pytest.mark.parametrize("call", CALLS)
def test_grad_fn_is_named_as_torchs(call):
    ours = call(gv, *(gv.tensor(a, requires_grad=True) for a in (X, MANY, V)))
    theirs = call(torch, *(torch.tensor(a, requires_grad=True) for a in (X, MANY, V)))
    assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__
    assert repr(ours).rsplit("grad_fn=", 1)[1] == repr(theirs).rsplit("grad_fn=", 1)[1]


def test_a_change_in_place_names_its_own_node():
    x = gv.tensor([[1., 3., 2.]], requires_grad=True)
    values = gv.median(x, 1).values
    values.add_(1)
    assert type(values.grad_fn).__name__ == "AddBackward0"

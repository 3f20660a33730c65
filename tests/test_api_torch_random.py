"""``torch.poisson``, ``torch.binomial`` and ``torch.randint_like`` beside torch: shapes,
dtypes, errors and distributions (means and spreads of many draws, against torch's), seeded
streams and ``generator=``; and through the corpus harness, torch's draws recorded and
handed to gradviz."""

from __future__ import annotations

import numpy as np
import torch
from api_pairs import same
from test_torch_corpus import assert_replayed

import gradviz as gv


def _shape_and_dtype(call):
    ours, theirs = call(gv), call(torch)
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert str(ours.dtype).split(".")[1] == str(theirs.dtype).split(".")[1]
    return ours.numpy(), theirs.numpy()


def test_poisson():
    rates = np.array([0.0, 0.5, 3.0, 20.0])
    ours, theirs = _shape_and_dtype(lambda m: m.poisson(m.tensor(rates).expand(20000, 4)))
    np.testing.assert_allclose(ours.mean(0), theirs.mean(0), atol=0.1)
    np.testing.assert_allclose(ours.var(0), rates, rtol=0.1, atol=1e-12)
    assert (ours[:, 0] == 0).all() and (ours == np.round(ours)).all()
    _shape_and_dtype(lambda m: m.poisson(m.ones(2, 3, dtype=m.float64)))
    same(lambda m: m.poisson(m.tensor([-1.0])))
    same(lambda m: m.poisson(m.tensor([1])))
    assert not gv.poisson(gv.ones(3, requires_grad=True)).requires_grad


def test_binomial():
    counts, probs = np.array([10.0, 5.0, 0.0, 40.0]), np.array([0.5, 0.2, 0.7, 0.9])
    ours, theirs = _shape_and_dtype(lambda m: m.binomial(m.tensor(counts).expand(20000, 4),
                                                         m.tensor(probs)))
    np.testing.assert_allclose(ours.mean(0), theirs.mean(0), atol=0.1)
    np.testing.assert_allclose(ours.var(0), counts * probs * (1 - probs), rtol=0.1, atol=1e-12)
    assert (ours <= counts).all() and (ours >= 0).all()
    same(lambda m: m.binomial(m.tensor([2.0, 3.0]), m.tensor([1.5, -0.5])))
    same(lambda m: m.binomial(m.tensor([1]), m.tensor([0.5])))
    same(lambda m: m.binomial(m.tensor([1.0]), m.tensor([1])).dtype)


def test_randint_like():
    ours, theirs = _shape_and_dtype(lambda m: m.randint_like(m.ones(200, 50), 10))
    assert set(np.unique(ours)) == set(np.unique(theirs)) == set(range(10))
    ours, theirs = _shape_and_dtype(lambda m: m.randint_like(m.ones(200, 50), 3, 7,
                                                             dtype=m.int64))
    assert ours.min() == 3 and ours.max() == 6
    _shape_and_dtype(lambda m: m.randint_like(m.ones(4, dtype=m.int32), 5))
    _shape_and_dtype(lambda m: m.randint_like(m.ones(4), low=2, high=5))
    same(lambda m: m.randint_like(m.ones(2), 5, 2))
    assert gv.randint_like(gv.ones(2), 3, requires_grad=True).requires_grad


def test_seeds_and_generators():
    for draw in (lambda **k: gv.poisson(gv.full((50,), 4.0), **k),
                 lambda **k: gv.binomial(gv.full((50,), 9.0), gv.full((50,), 0.3), **k),
                 lambda **k: gv.randint_like(gv.ones(50), 100, **k)):
        gv.manual_seed(3)
        first = draw().numpy()
        gv.manual_seed(3)
        assert np.array_equal(first, draw().numpy())
        a, b = gv.Generator().manual_seed(7), gv.Generator().manual_seed(7)
        assert np.array_equal(draw(generator=a).numpy(), draw(generator=b).numpy())


RANDOM_DRAWS_PROGRAM = r'''
import torch

torch.manual_seed(0)
rates = torch.rand(5) * 4
counts = torch.poisson(rates)
print(counts)
hits = torch.binomial(torch.full((2, 3), 10.0), torch.tensor([0.1, 0.5, 0.9]))
print(hits, hits.sum())
labels = torch.randint_like(torch.zeros(6), 3)
print(labels, torch.randint_like(labels, 2, 9, dtype=torch.long))
final = {"counts": counts, "hits": hits}
'''


def test_draws_are_replayed(monkeypatch):
    assert_replayed(RANDOM_DRAWS_PROGRAM, monkeypatch)

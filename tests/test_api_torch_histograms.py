"""``torch.histogramdd`` beside torch: counts, summed weights and densities of random
points (ties on bin edges included) in grids of several shapes, with and without a range,
the edges (to the bit), edges given as tensors, the empty and one-point cases, the result
tuple and the error for integers."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from api_pairs import same

import gradviz as gv


@pytest.mark.parametrize("trial", range(24))
def test_histogramdd_against_torch(trial):
    rng = np.random.default_rng(trial)
    n, d = int(rng.integers(1, 300)), int(rng.integers(1, 4))
    x = rng.standard_normal((n, d)).astype(np.float32)
    if trial % 3 == 0:  # many points on the edges themselves
        x = np.round(x, 1)
    bins = [int(b) for b in rng.integers(1, 6, d)]
    options: dict = {}
    if trial % 4 == 1:
        options["range"] = [v for _ in range(d) for v in (-1.0, 1.0)]
    if trial % 5 == 2:
        options["density"] = True
    w = rng.uniform(size=n).astype(np.float32) if trial % 2 else None
    ours = gv.histogramdd(gv.tensor(x), bins, weight=None if w is None else gv.tensor(w),
                          **options)
    theirs = torch.histogramdd(torch.tensor(x), bins,
                               weight=None if w is None else torch.tensor(w), **options)
    np.testing.assert_allclose(ours.hist.numpy(), theirs.hist.numpy(), rtol=1e-5, atol=1e-6)
    assert ours.hist.dtype == gv.float32 and len(ours.bin_edges) == d
    for a, b in zip(ours.bin_edges, theirs.bin_edges, strict=True):
        assert np.array_equal(a.numpy(), b.numpy())


def test_histogramdd_forms():
    points = [[0.0, 1.0], [2.0, 3.0], [1.0, 3.5]]
    same(lambda m: tuple(m.histogramdd(m.tensor(points), bins=[m.tensor([0.0, 1.0, 2.0]),
                                                               m.tensor([0.0, 4.0])])))
    same(lambda m: tuple(m.histogramdd(m.tensor(points), bins=3)))
    same(lambda m: tuple(m.histogramdd(m.tensor(points, dtype=m.float64), bins=[2, 1])))
    same(lambda m: tuple(m.histogramdd(m.tensor([[0.0, 0.0]]), bins=2)))
    same(lambda m: tuple(m.histogramdd(m.zeros(0, 2), bins=2)))
    same(lambda m: tuple(m.histogramdd(m.ones(2, 3, 2), bins=2)))
    same(lambda m: m.histogramdd(m.ones(3, 2, dtype=m.long), bins=2))
    result = gv.histogramdd(gv.tensor(points), bins=2)
    assert result.hist is result[0] and repr(result).startswith(
        "gradviz.return_types.histogramdd(\nhist=tensor(")

"""The `F` functions added for torch.nn's missing names against torch: the 3-D convolutions
and pools, the index-returning max pools and their unpools, the adaptive max pools, the LP
pools, rms_norm, channel_shuffle, pdist (also `torch.pdist`), soft_margin_loss and
triplet_margin_with_distance_loss.  Values, shapes and dtypes (int64 indices too), float64
gradients (≤ 1e-9, and against finite differences), node names and error messages."""

from __future__ import annotations

import math
import zlib

import numpy as np
import pytest
import torch
from api_pairs import same, same_grad

import gradviz as gv


def F(lib):  # noqa: N802 - the usual name of torch.nn.functional
    return lib.nn.functional


def _pool_indices(lib, x, fn, *args, **kwargs):
    return fn(F(lib))(x, *args, return_indices=True, **kwargs)


CASES = [
    ("conv3d", lambda L, x, w, b: F(L).conv3d(x, w, b), [(2, 3, 4, 5, 4), (2, 3, 2, 3, 2), (2,)]),
    ("conv3d stride padding dilation",
     lambda L, x, w: F(L).conv3d(x, w, None, (1, 2, 1), (1, 0, 2), (2, 1, 1)),
     [(1, 2, 5, 6, 4), (3, 2, 2, 2, 3)]),
    ("conv3d same unbatched", lambda L, x, w: F(L).conv3d(x, w, padding="same"),
     [(2, 4, 4, 3), (2, 2, 3, 2, 2)]),
    ("conv_transpose3d", lambda L, x, w, b: F(L).conv_transpose3d(x, w, b, 2, 1, 1),
     [(1, 2, 3, 2, 3), (2, 3, 3, 2, 3), (3,)]),
    ("max_pool3d", lambda L, x: F(L).max_pool3d(x, 2), [(2, 2, 4, 5, 4)]),
    ("max_pool3d stride padding", lambda L, x: F(L).max_pool3d(x, 3, (2, 1, 2), 1),
     [(1, 2, 5, 4, 5)]),
    ("max_pool3d ceil_mode", lambda L, x: F(L).max_pool3d(x, 2, ceil_mode=True),
     [(1, 2, 5, 3, 5)]),
    ("max_pool3d indices", lambda L, x: F(L).max_pool3d(x, 2, return_indices=True),
     [(2, 2, 4, 4, 5)]),
    ("avg_pool3d", lambda L, x: F(L).avg_pool3d(x, 2), [(2, 3, 4, 4, 6)]),
    ("avg_pool3d padding no pad count",
     lambda L, x: F(L).avg_pool3d(x, 3, 2, 1, count_include_pad=False), [(1, 2, 5, 4, 5)]),
    ("avg_pool3d divisor unbatched", lambda L, x: F(L).avg_pool3d(x, 2, divisor_override=3),
     [(2, 4, 4, 4)]),
    ("adaptive_avg_pool3d 1", lambda L, x: F(L).adaptive_avg_pool3d(x, 1), [(2, 3, 3, 4, 5)]),
    ("adaptive_avg_pool3d uneven", lambda L, x: F(L).adaptive_avg_pool3d(x, (2, 3, None)),
     [(2, 2, 5, 7, 3)]),
    ("adaptive_avg_pool3d unbatched", lambda L, x: F(L).adaptive_avg_pool3d(x, 2),
     [(3, 4, 5, 3)]),
    ("max_pool2d indices", lambda L, x: F(L).max_pool2d(x, 2, return_indices=True),
     [(2, 3, 6, 7)]),
    ("max_pool2d_with_indices padding dilation",
     lambda L, x: F(L).max_pool2d_with_indices(x, 3, 2, 1, 2), [(2, 2, 8, 7)]),
    ("max_pool2d indices ceil unbatched",
     lambda L, x: F(L).max_pool2d(x, 2, ceil_mode=True, return_indices=True), [(3, 5, 7)]),
    ("max_pool1d indices", lambda L, x: F(L).max_pool1d(x, 3, 2, 1, return_indices=True),
     [(2, 3, 9)]),
    ("max_pool1d_with_indices unbatched", lambda L, x: F(L).max_pool1d_with_indices(x, 2),
     [(3, 8)]),
    ("adaptive_max_pool2d", lambda L, x: F(L).adaptive_max_pool2d(x, 3), [(2, 3, 7, 6)]),
    ("adaptive_max_pool2d indices", lambda L, x: F(L).adaptive_max_pool2d(x, (3, None), True),
     [(2, 2, 7, 5)]),
    ("adaptive_max_pool2d_with_indices unbatched",
     lambda L, x: F(L).adaptive_max_pool2d_with_indices(x, (4, 2)), [(3, 5, 7)]),
    ("adaptive_max_pool1d", lambda L, x: F(L).adaptive_max_pool1d(x, 4), [(2, 3, 9)]),
    ("adaptive_max_pool1d_with_indices", lambda L, x: F(L).adaptive_max_pool1d_with_indices(x, 3),
     [(3, 7)]),
    ("max_unpool2d", lambda L, x: F(L).max_unpool2d(*F(L).max_pool2d(x, 2, return_indices=True),
                                                     2), [(2, 3, 6, 4)]),
    ("max_unpool2d output_size",
     lambda L, x: F(L).max_unpool2d(*F(L).max_pool2d(x, 2, return_indices=True), 2,
                                    output_size=(2, 2, 7, 5)), [(2, 2, 7, 5)]),
    ("max_unpool2d stride padding",
     lambda L, x: F(L).max_unpool2d(*F(L).max_pool2d(x, 2, 2, 1, return_indices=True), 2, 2, 1),
     [(1, 2, 6, 6)]),
    ("max_unpool1d", lambda L, x: F(L).max_unpool1d(*F(L).max_pool1d(x, 2, return_indices=True),
                                                     2), [(2, 3, 8)]),
    ("max_unpool1d output_size",
     lambda L, x: F(L).max_unpool1d(*F(L).max_pool1d(x, 2, return_indices=True), 2,
                                    output_size=[9]), [(2, 3, 9)]),
    ("lp_pool2d p=2", lambda L, x: F(L).lp_pool2d(x, 2, 2), [(2, 3, 4, 6)]),
    ("lp_pool2d p=3 stride", lambda L, x: F(L).lp_pool2d(x.abs() + 0.1, 3, (2, 3), 1),
     [(1, 2, 5, 7)]),
    ("lp_pool2d inf", lambda L, x: F(L).lp_pool2d(x, math.inf, 2), [(1, 2, 4, 4)]),
    ("lp_pool1d p=1.5", lambda L, x: F(L).lp_pool1d(x.abs() + 0.1, 1.5, 3, 2), [(2, 3, 9)]),
    ("lp_pool1d -inf", lambda L, x: F(L).lp_pool1d(x, -math.inf, 2), [(2, 3, 8)]),
    ("rms_norm", lambda L, x: F(L).rms_norm(x, (5,)), [(2, 3, 5)]),
    ("rms_norm weight eps", lambda L, x, w: F(L).rms_norm(x, [3, 5], w, 1e-3),
     [(2, 3, 5), (3, 5)]),
    ("rms_norm one axis", lambda L, x, w: F(L).rms_norm(x, [4], w), [(6, 4), (4,)]),
    ("channel_shuffle", lambda L, x: F(L).channel_shuffle(x, 3), [(2, 6, 2, 3)]),
    ("channel_shuffle 3-d", lambda L, x: F(L).channel_shuffle(x, 2), [(2, 4, 3)]),
    ("pdist", lambda L, x: F(L).pdist(x), [(5, 3)]),
    ("pdist p=1", lambda L, x: F(L).pdist(x, 1), [(4, 6)]),
    ("pdist p=3", lambda L, x: L.pdist(x, 3), [(4, 2)]),
    ("soft_margin_loss", lambda L, x: F(L).soft_margin_loss(x, L.sign(x.detach() + 0.3)),
     [(4, 5)]),
    ("soft_margin_loss sum", lambda L, x: F(L).soft_margin_loss(
        x, L.tensor([1.0, -1.0, 1.0], dtype=x.dtype), reduction="sum"), [(3,)]),
    ("soft_margin_loss none", lambda L, x: F(L).soft_margin_loss(
        x, -L.ones_like(x), reduction="none"), [(2, 3)]),
    ("triplet_margin_with_distance_loss",
     lambda L, a, p, n: F(L).triplet_margin_with_distance_loss(a, p, n, margin=2.0),
     [(4, 5), (4, 5), (4, 5)]),
    ("triplet_margin_with_distance_loss cosine swap",
     lambda L, a, p, n: F(L).triplet_margin_with_distance_loss(
         a, p, n, distance_function=lambda u, v: 1 - F(L).cosine_similarity(u, v), swap=True,
         reduction="none"), [(4, 5), (4, 5), (4, 5)]),
    ("triplet_margin_with_distance_loss sum",
     lambda L, a, p, n: F(L).triplet_margin_with_distance_loss(a, p, n, margin=3.0,
                                                               reduction="sum"),
     [(3, 4), (3, 4), (3, 4)]),
]


@pytest.mark.parametrize(("name", "fn", "shapes"), CASES, ids=[c[0] for c in CASES])
def test_float64_values_and_gradients(name, fn, shapes):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    same_grad(fn, *(rng.standard_normal(s) for s in shapes))


@pytest.mark.parametrize(("name", "fn", "shapes"), CASES, ids=[c[0] for c in CASES])
def test_float32_values(name, fn, shapes):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    arrays = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    same(lambda L: fn(L, *(L.tensor(a) for a in arrays)), rtol=1e-5)


def _node(result) -> str:
    first = result[0] if isinstance(result, tuple) else result
    return type(first.grad_fn).__name__


NODES = [
    lambda L, x: F(L).conv3d(x, L.ones(2, 2, 2, 2, 2)),
    lambda L, x: F(L).conv_transpose3d(x, L.ones(2, 2, 2, 2, 2)),
    lambda L, x: F(L).max_pool3d(x, 2),
    lambda L, x: F(L).max_pool3d(x, 2, return_indices=True),
    lambda L, x: F(L).avg_pool3d(x, 2),
    lambda L, x: F(L).adaptive_avg_pool3d(x, 1),
    lambda L, x: F(L).adaptive_avg_pool3d(x, (3, 2, 3)),
    lambda L, x: F(L).max_pool2d(x[:, :, 0], 2, return_indices=True),
    lambda L, x: F(L).max_pool1d(x[:, :, 0, 0], 2, return_indices=True),
    lambda L, x: F(L).adaptive_max_pool2d(x[:, :, 0], 3),
    lambda L, x: F(L).adaptive_max_pool1d(x[:, :, 0, 0], 3),
    lambda L, x: F(L).max_unpool2d(*F(L).max_pool2d(x[:, :, 0], 2, return_indices=True), 2),
    lambda L, x: F(L).max_unpool1d(*F(L).max_pool1d(x[:, :, 0, 0], 2, return_indices=True), 2),
    lambda L, x: F(L).lp_pool2d(x[:, :, 0], 2, 2),
    lambda L, x: F(L).lp_pool1d(x[:, :, 0, 0], 2, 2),
    lambda L, x: F(L).rms_norm(x, (6,)),
    lambda L, x: F(L).rms_norm(x, (6,), L.ones(6)),
    lambda L, x: F(L).channel_shuffle(x, 2),
    lambda L, x: F(L).pdist(x[0, 0, 0]),
    lambda L, x: F(L).soft_margin_loss(x, L.ones_like(x)),
    lambda L, x: F(L).triplet_margin_with_distance_loss(x, x.detach(), x.detach() + 1),
    lambda L, x: F(L).triplet_margin_with_distance_loss(x, x.detach(), x.detach() + 1,
                                                        reduction="none"),
]


@pytest.mark.parametrize("fn", NODES)
def test_node_names(fn):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 2, 4, 5, 6)).astype(np.float32)
    ours = fn(gv, gv.tensor(x, requires_grad=True))
    theirs = fn(torch, torch.tensor(x, requires_grad=True))
    assert _node(ours) == _node(theirs)


ERRORS = [
    lambda L: F(L).conv3d(L.ones(2, 3, 4, 4), L.ones(2, 2, 2, 2, 2)),
    lambda L: F(L).max_pool3d(L.ones(2, 4, 4), 2),
    lambda L: F(L).adaptive_avg_pool3d(L.ones(4, 4, 4), 2),
    lambda L: F(L).adaptive_max_pool2d(L.ones(4, 4), 2),
    lambda L: F(L).max_unpool2d(L.ones(1, 1, 2, 2), L.zeros(1, 1, 2, 2, dtype=L.int64), 2,
                                output_size=(9, 9)),
    lambda L: F(L).max_unpool2d(L.ones(1, 1, 2, 2), L.zeros(1, 1, 2, 2, dtype=L.int64), 2,
                                output_size=(1, 1, 4)),
    lambda L: F(L).max_unpool2d(L.ones(1, 1, 2, 2), L.zeros(1, 1, 2, 1, dtype=L.int64), 2),
    lambda L: F(L).rms_norm(L.ones(2, 3, 4), 4),
    lambda L: F(L).rms_norm(L.ones(2, 3, 4), (3,)),
    lambda L: F(L).rms_norm(L.ones(2, 3, 4), (4,), L.ones(3)),
    lambda L: F(L).channel_shuffle(L.ones(1, 5, 2, 2), 2),
    lambda L: F(L).channel_shuffle(L.ones(5), 2),
    lambda L: F(L).channel_shuffle(L.ones(1, 4, 2, 2), 0),
    lambda L: F(L).pdist(L.ones(2, 3, 4)),
    lambda L: F(L).pdist(L.ones(3, 4), -1),
    lambda L: F(L).soft_margin_loss(L.ones(3), L.ones(3), reduction="avg"),
    lambda L: F(L).triplet_margin_with_distance_loss(L.ones(3, 4), L.ones(3, 4), L.ones(4)),
    lambda L: F(L).triplet_margin_with_distance_loss(L.ones(3, 4), L.ones(3, 4), L.ones(3, 4),
                                                     margin=0),
]


@pytest.mark.parametrize("call", ERRORS)
def test_errors_word_for_word(call):
    same(call)


def test_rms_norm_default_eps_is_the_dtype_machine_epsilon():
    """eps=None: finfo(dtype).eps, so a tiny input's result differs between float32 and 64."""
    for dtype in ("float32", "float64"):
        x = np.full((2, 3), 1e-5)
        ours = gv.nn.functional.rms_norm(gv.tensor(x, dtype=getattr(gv, dtype)), (3,))
        theirs = torch.nn.functional.rms_norm(torch.tensor(x, dtype=getattr(torch, dtype)), (3,))
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)


def test_unpool_of_pool_puts_each_maximum_back():
    x = gv.randn(2, 3, 6, 6).abs() + 0.1  # positive: the zeros put back are never a maximum
    pooled, indices = gv.nn.functional.max_pool2d(x, 2, return_indices=True)
    back = gv.nn.functional.max_unpool2d(pooled, indices, 2)
    assert indices.dtype == gv.int64
    assert gv.equal(gv.nn.functional.max_pool2d(back, 2), pooled)
    assert int((back != 0).sum()) == pooled.numel()

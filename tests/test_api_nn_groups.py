"""Grouped convolutions (``groups=G``) against torch: F.conv1d/2d/3d and
F.conv_transpose1d/2d/3d, depthwise (G = channels) and ResNeXt-style, with strides, padding
and dilation; float64 values and gradients (≤ 1e-9, finite differences too), the node name,
PyTorch's errors, and the layers' weights (shapes, initial bounds), reprs and lazy forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from api_pairs import same_grad, same_layer

import gradviz as gv


def F(lib):  # noqa: N802
    return lib.nn.functional


CASES = [
    ("conv2d groups 2", lambda L, x, w, b: F(L).conv2d(x, w, b, groups=2),
     [(2, 4, 5, 5), (6, 2, 3, 3), (6,)]),
    ("conv2d depthwise stride padding",
     lambda L, x, w: F(L).conv2d(x, w, None, 2, 1, 1, 3), [(1, 3, 6, 5), (3, 1, 3, 3)]),
    ("conv2d depthwise multiplier dilation", lambda L, x, w, b: F(L).conv2d(
        x, w, b, dilation=2, padding="same", groups=3), [(2, 3, 7, 6), (6, 1, 3, 3), (6,)]),
    ("conv1d groups 4", lambda L, x, w: F(L).conv1d(x, w, groups=4), [(2, 8, 9), (4, 2, 3)]),
    ("conv1d unbatched", lambda L, x, w: F(L).conv1d(x, w, groups=2), [(4, 7), (2, 2, 3)]),
    ("conv3d groups 2", lambda L, x, w, b: F(L).conv3d(x, w, b, 1, 1, groups=2),
     [(1, 4, 3, 4, 3), (2, 2, 2, 2, 2), (2,)]),
    ("conv_transpose2d groups 2", lambda L, x, w, b: F(L).conv_transpose2d(
        x, w, b, 2, 1, 1, groups=2), [(2, 4, 3, 3), (4, 3, 3, 3), (6,)]),
    ("conv_transpose1d depthwise", lambda L, x, w: F(L).conv_transpose1d(x, w, groups=3),
     [(2, 3, 5), (3, 1, 4)]),
    ("conv_transpose3d groups 2", lambda L, x, w: F(L).conv_transpose3d(x, w, stride=2, groups=2),
     [(1, 4, 2, 2, 2), (4, 1, 2, 2, 2)]),
]


@pytest.mark.parametrize(("name", "fn", "shapes"), CASES, ids=[c[0] for c in CASES])
def test_grouped_values_and_gradients(name, fn, shapes):
    rng = np.random.default_rng(len(name))
    same_grad(fn, *(rng.standard_normal(s) for s in shapes))
    arrays = [rng.standard_normal(s) for s in shapes]
    ours = fn(gv, *(gv.tensor(a, requires_grad=True) for a in arrays))
    theirs = fn(torch, *(torch.tensor(a, requires_grad=True) for a in arrays))
    assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__


ERRORS = [
    lambda L: F(L).conv2d(L.ones(1, 3, 5, 5), L.ones(6, 2, 3, 3), groups=2),
    lambda L: F(L).conv2d(L.ones(1, 4, 5, 5), L.ones(5, 2, 3, 3), groups=2),
    lambda L: F(L).conv2d(L.ones(1, 4, 5, 5), L.ones(6, 2, 3, 3), groups=0),
    lambda L: F(L).conv_transpose2d(L.ones(1, 3, 5, 5), L.ones(3, 3, 3, 3), groups=2),
    lambda L: L.nn.Conv2d(3, 4, 3, groups=2),
    lambda L: L.nn.Conv2d(4, 3, 3, groups=2),
    lambda L: L.nn.Conv2d(4, 4, 3, groups=0),
    lambda L: L.nn.ConvTranspose2d(4, 3, 3, groups=2),
]


@pytest.mark.parametrize("call", ERRORS)
def test_errors_word_for_word(call):
    """PyTorch's type (gradviz's ShapeError is a RuntimeError) and message."""
    with pytest.raises((RuntimeError, ValueError)) as theirs:
        call(torch)
    with pytest.raises(type(theirs.value)) as ours:
        call(gv)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize(("name", "args", "shape"), [
    ("Conv2d", (4, 8, 3, 1, 1, 1, 2), (2, 4, 6, 6)),
    ("Conv2d", (6, 6, 3, 2, 1, 1, 6, False), (2, 6, 7, 7)),
    ("Conv1d", (6, 9, 3, 1, 0, 1, 3), (2, 6, 8)),
    ("Conv3d", (4, 2, 2, 1, 0, 1, 2), (1, 4, 3, 3, 3)),
    ("ConvTranspose2d", (4, 6, 3, 2, 1, 1, 2), (2, 4, 3, 3)),
    ("ConvTranspose1d", (3, 3, 4, 1, 0, 0, 3, False), (2, 3, 5)),
])
def test_grouped_layers_are_torchs(name, args, shape):
    torch.manual_seed(0)
    theirs = getattr(torch.nn, name)(*args).double()
    ours = getattr(gv.nn, name)(*args).double()
    assert ours.weight.shape == tuple(theirs.weight.shape)
    fan_in = ours.weight.shape[1] * math.prod(ours.kernel_size)
    assert 0 < float(ours.weight.abs().max()) <= 1 / math.sqrt(fan_in)
    same_layer(ours, theirs, shape)


@pytest.mark.parametrize(("name", "kwargs", "shape"), [
    ("LazyConv2d", {"out_channels": 8, "kernel_size": 3, "groups": 4}, (2, 4, 5, 5)),
    ("LazyConvTranspose1d", {"out_channels": 6, "kernel_size": 2, "groups": 3}, (2, 3, 4)),
])
def test_lazy_grouped_layers(name, kwargs, shape):
    ours, theirs = getattr(gv.nn, name)(**kwargs), getattr(torch.nn, name)(**kwargs)
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    assert tuple(ours(gv.tensor(x)).shape) == tuple(theirs(torch.tensor(x)).shape)
    assert repr(ours) == repr(theirs) and ours.weight.shape == tuple(theirs.weight.shape)

"""F.pad, F.interpolate (and nn.Upsample), pixel (un)shuffle, F.unfold/F.fold and their
layers against torch: values, float64 gradients (≤ 1e-9), float32 results, grad_fn names
that match, reprs, PyTorch's error messages, and finite differences for the composites."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from function_twins import compare, float32_agrees, same_error

import gradviz as gv
import gradviz.nn as nn
import gradviz.nn.functional as F

TF = torch.nn.functional


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
@pytest.mark.parametrize(("pad", "shape"), [
    ((1, 2), (2, 3, 5)), ((2, 1, 1, 2), (1, 2, 4, 5)), ((1, 1, 2, 0, 1, 1), (1, 2, 3, 4, 5)),
    ((-1, 2), (2, 4)), ((2, 2), (3, 4)), ((0, 0, 1, 0), (2, 3, 3)),
])
def test_pad_modes_and_tuples(mode, pad, shape):
    compare(lambda x: F.pad(x, pad, mode=mode), lambda x: TF.pad(x, pad, mode=mode), [shape])
    float32_agrees(lambda x: F.pad(x, pad, mode=mode), lambda x: TF.pad(x, pad, mode=mode),
                   [shape])


@pytest.mark.parametrize(("pad", "shape"), [((1, 1, 1, 1, 1, 1), (2, 3, 4)),
                                            ((-1, 2, 0, -1), (3, 4)), ((3,) * 2, (5,))])
def test_constant_pad_with_a_value_and_crops(pad, shape):
    compare(lambda x: F.pad(x, pad, value=1.5), lambda x: TF.pad(x, pad, value=1.5), [shape])
    go, to = compare(lambda x: F.pad(x, pad), lambda x: TF.pad(x, pad), [shape])
    assert type(to.grad_fn).__name__ == "ConstantPadNdBackward0"


def test_pad_keeps_integer_dtypes():
    out = F.pad(gv.arange(6).reshape(2, 3), (1, 1), value=7)
    np.testing.assert_array_equal(out.numpy(),
                                  TF.pad(torch.arange(6).reshape(2, 3), (1, 1), value=7))
    assert out.dtype is gv.int64


@pytest.mark.parametrize(("args", "kwargs", "shape"), [
    ((1,), {}, (1, 2, 3)), ((1, 1, 1, 1, 1, 1, 1, 1), {}, (1, 2, 3)),
    ((3, 3), {"mode": "reflect"}, (1, 2, 3)), ((4, 4), {"mode": "circular"}, (1, 2, 3)),
    ((1,) * 6, {"mode": "reflect"}, (1, 2, 3)), ((1, 1), {"mode": "reflect"}, (3,)),
    ((1, 1), {"mode": "foo"}, (1, 2, 3)), ((1, 1), {"mode": "reflect", "value": 2.0}, (1, 2, 3)),
    ((-4, 2), {}, (1, 2, 3)),
])
def test_pad_errors_are_pytorchs(args, kwargs, shape):
    same_error(lambda: F.pad(gv.zeros(*shape), args, **kwargs),
               lambda: TF.pad(torch.zeros(*shape), args, **kwargs))


@pytest.mark.parametrize(("kwargs", "shape"), [
    ({"scale_factor": 2}, (1, 2, 3, 4)), ({"size": (5, 7)}, (1, 2, 3, 4)),
    ({"scale_factor": 1.7}, (2, 2, 5)), ({"size": 3}, (1, 1, 7)),
    ({"scale_factor": 2}, (1, 1, 2, 3, 2)),
    ({"scale_factor": 2, "mode": "nearest-exact"}, (1, 2, 3, 4)),
    ({"size": (4, 3), "mode": "nearest-exact"}, (1, 2, 7, 5)),
    ({"scale_factor": 2, "mode": "bilinear"}, (1, 2, 3, 4)),
    ({"scale_factor": 2, "mode": "bilinear", "align_corners": True}, (1, 2, 3, 4)),
    ({"size": (5, 2), "mode": "bilinear"}, (2, 1, 3, 4)),
    ({"size": (1, 1), "mode": "bilinear", "align_corners": True}, (2, 1, 3, 4)),
    ({"scale_factor": 0.5, "mode": "bilinear"}, (1, 1, 6, 8)),
    ({"scale_factor": 1.3, "mode": "linear"}, (1, 2, 7)),
    ({"size": 9, "mode": "linear", "align_corners": True}, (1, 2, 4)),
    ({"scale_factor": 2, "mode": "bicubic"}, (1, 2, 3, 4)),
    ({"size": (7, 5), "mode": "bicubic", "align_corners": True}, (1, 2, 3, 4)),
    ({"scale_factor": (2, 1.5), "mode": "bilinear", "recompute_scale_factor": True},
     (1, 2, 3, 4)),
    ({"scale_factor": 2, "mode": "trilinear"}, (1, 1, 2, 3, 4)),
    ({"size": (2, 2), "mode": "area"}, (1, 2, 6, 4)), ({"size": (3, 5), "mode": "area"},
                                                       (1, 2, 6, 7)),
])
def test_interpolate(kwargs, shape):
    compare(lambda x: F.interpolate(x, **kwargs), lambda x: TF.interpolate(x, **kwargs),
            [shape])
    float32_agrees(lambda x: F.interpolate(x, **kwargs), lambda x: TF.interpolate(x, **kwargs),
                   [shape])


@pytest.mark.parametrize(("kwargs", "shape"), [
    ({"size": 4, "scale_factor": 2}, (1, 2, 3)), ({}, (1, 2, 3)),
    ({"scale_factor": 2, "align_corners": True}, (1, 2, 3)),
    ({"scale_factor": 2, "mode": "bilinear"}, (1, 2, 3)),
    ({"scale_factor": (2, 2)}, (1, 2, 3)), ({"scale_factor": 2, "mode": "foo"}, (1, 2, 3)),
    ({"scale_factor": 2}, (2, 3)),
])
def test_interpolate_errors_are_pytorchs(kwargs, shape):
    same_error(lambda: F.interpolate(gv.zeros(*shape), **kwargs),
               lambda: TF.interpolate(torch.zeros(*shape), **kwargs))


def test_upsample_warns_as_deprecated():
    with pytest.warns(UserWarning, match="nn.functional.upsample` is deprecated"):
        out = F.upsample(gv.ones(1, 1, 2, 2), scale_factor=2)
    assert tuple(out.shape) == (1, 1, 4, 4)


@pytest.mark.parametrize(("layer", "args", "kwargs", "shape"), [
    ("Upsample", (), {"scale_factor": 2}, (1, 2, 3, 4)),
    ("Upsample", (), {"size": (3, 4), "mode": "bilinear"}, (1, 2, 2, 3)),
    ("Upsample", (), {"scale_factor": (2, 3)}, (1, 1, 2, 2)),
    ("Upsample", (), {"scale_factor": 2, "mode": "bilinear", "align_corners": True},
     (2, 1, 3, 3)),
    ("UpsamplingBilinear2d", (), {"scale_factor": 2}, (1, 2, 3, 4)),
    ("UpsamplingNearest2d", (), {"size": 5}, (1, 2, 3, 4)),
    ("PixelShuffle", (2,), {}, (2, 8, 3, 4)), ("PixelShuffle", (3,), {}, (9, 2, 3)),
    ("PixelUnshuffle", (2,), {}, (2, 3, 4, 6)),
    ("Unfold", (2,), {}, (1, 2, 4, 5)),
    ("Unfold", ((2, 3),), {"stride": 2, "padding": 1, "dilation": (1, 2)}, (2, 3, 5, 6)),
    ("Unfold", (3,), {"padding": 1}, (3, 4, 4)),
    ("Fold", ((4, 5), 2), {}, (1, 8, 12)),
    ("Fold", ((5, 6), (2, 3)), {"stride": 2, "padding": 1, "dilation": (1, 2)}, (2, 18, 6)),
    ("Fold", (4, 3), {"padding": 1}, (27, 16)),
    ("ZeroPad2d", (1,), {}, (1, 2, 3, 3)), ("ZeroPad1d", ((1, 2),), {}, (2, 3)),
    ("ConstantPad1d", (2, 3.5), {}, (1, 2, 3)), ("ConstantPad2d", ((1, 2, 3, 0), -1.0), {},
                                                 (2, 3, 3)),
    ("ReflectionPad1d", (2,), {}, (1, 2, 4)), ("ReflectionPad2d", ((1, 0, 2, 1),), {},
                                               (1, 2, 3, 4)),
    ("ReplicationPad1d", ((1, 3),), {}, (2, 3)), ("ReplicationPad2d", (2,), {}, (1, 1, 3, 3)),
    ("CircularPad1d", (1,), {}, (1, 2, 3)), ("CircularPad2d", ((1, 2, 0, 1),), {},
                                             (1, 2, 3, 3)),
    ("ConstantPad3d", (1, 2.0), {}, (1, 2, 2, 3)), ("ZeroPad3d", ((1, 0, 0, 1, 2, 0),), {},
                                                    (1, 1, 2, 2, 2)),
    ("ReflectionPad3d", (1,), {}, (1, 2, 2, 3, 3)), ("ReplicationPad3d", (2,), {},
                                                     (2, 2, 3, 3)),
    ("CircularPad3d", (1,), {}, (1, 1, 2, 3, 2)),
])
def test_layers(layer, args, kwargs, shape):
    ours, theirs = getattr(nn, layer)(*args, **kwargs), getattr(torch.nn, layer)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    compare(ours, theirs, [shape])


def test_pixel_shuffle_errors_and_grad_fns():
    same_error(lambda: F.pixel_shuffle(gv.zeros(1, 3, 2, 2), 2),
               lambda: TF.pixel_shuffle(torch.zeros(1, 3, 2, 2), 2))
    same_error(lambda: F.pixel_unshuffle(gv.zeros(1, 3, 3, 2), 2),
               lambda: TF.pixel_unshuffle(torch.zeros(1, 3, 3, 2), 2))
    assert gv.pixel_shuffle(gv.zeros(1, 4, 1, 1), 2).shape == (1, 1, 2, 2)


def test_fold_inverts_unfold_where_blocks_do_not_overlap():
    x = gv.randn(2, 3, 4, 6)
    back = F.fold(F.unfold(x, 2, stride=2), (4, 6), 2, stride=2)
    np.testing.assert_array_equal(back.numpy(), x.numpy())


def test_fold_errors_are_pytorchs():
    same_error(lambda: F.fold(gv.zeros(1, 5, 4), (3, 3), 2),
               lambda: TF.fold(torch.zeros(1, 5, 4), (3, 3), 2))
    same_error(lambda: F.fold(gv.zeros(1, 8, 5), (3, 3), 2),
               lambda: TF.fold(torch.zeros(1, 8, 5), (3, 3), 2))


@pytest.mark.parametrize(("fn", "shape"), [
    (lambda x: F.pad(x, (1, 2, 2, 0), mode="reflect"), (1, 2, 3, 4)),
    (lambda x: F.pad(x, (2, 1), mode="circular"), (2, 3)),
    (lambda x: F.interpolate(x, scale_factor=1.5, mode="bilinear"), (1, 1, 3, 3)),
    (lambda x: F.interpolate(x, size=5, mode="linear", align_corners=True), (1, 2, 3)),
    (lambda x: F.interpolate(x, scale_factor=2, mode="bicubic"), (1, 1, 2, 3)),
    (lambda x: F.unfold(x, 2, padding=1, stride=2), (1, 2, 3, 3)),
    (lambda x: F.fold(x, (3, 3), 2), (1, 8, 4)),
    (lambda x: F.pixel_unshuffle(x, 2), (1, 1, 2, 4)),
])
def test_finite_differences(fn, shape):
    x = gv.tensor(np.random.default_rng(5).standard_normal(shape), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert gv.autograd.gradcheck(fn, (x,))

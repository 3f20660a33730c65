"""PyTorch's smaller methods and aliases beside torch: what a tensor is (``ndimension``,
``nbytes``, ``itemsize``, ``is_floating_point``, ``is_complex``), views and copies (``select``,
``unbind``, ``ravel``, ``tile``, ``swapdims``, ``diagonal``, ``msort``), the nan-skipping
reductions, ``fmax``/``fmin``, the comparison aliases, ``rsub``, ``sgn``, ``positive``, and the
in-place forms ``lerp_``, ``clip_``, ``reciprocal_``, ``addmm_``: values, dtypes, float64
gradients (≤ 1e-9), ``grad_fn`` names and errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from api_pairs import error_of

import gradviz as gv


def _both(shape, seed=0, nan=False):
    a = np.random.default_rng(seed).uniform(-2, 2, shape)
    if nan:
        a.reshape(-1)[::3] = np.nan
    return (gv.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True))


def _same(fn, *shapes, seed=0, nan=False, names=True):
    """fn on gradviz and torch tensors of these shapes: values, dtype, node and gradients."""
    pairs = [_both(s, seed + i, nan) for i, s in enumerate(shapes)]
    ours, theirs = fn(gv, *[p[0] for p in pairs]), fn(torch, *[p[1] for p in pairs])
    many = isinstance(theirs, tuple | list)
    ours_all, theirs_all = (ours, theirs) if many else ((ours,), (theirs,))
    for o, t in zip(ours_all, theirs_all, strict=True):
        assert o.shape == tuple(t.shape) and str(o.dtype)[8:] == str(t.dtype)[6:]
        np.testing.assert_allclose(o.detach().numpy(), t.detach().numpy(), rtol=1e-12)
        assert not names or type(o.grad_fn).__name__ == type(t.grad_fn).__name__
    rng = np.random.default_rng(9)
    ups = [rng.standard_normal(tuple(t.shape)) for t in theirs_all]
    sum(((o * gv.tensor(u)).nansum() for o, u in zip(ours_all, ups, strict=True))).backward()
    sum(((t * torch.tensor(u)).nansum() for t, u in zip(theirs_all, ups, strict=True))
        ).backward()
    for g, t in pairs:
        np.testing.assert_allclose(g.grad.numpy(), t.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_what_a_tensor_is():
    for dtype in ("float32", "float64", "int64", "int16", "bool", "uint8", "float16"):
        a, t = gv.zeros(3, 4, dtype=getattr(gv, dtype)), torch.zeros(3, 4, dtype=getattr(torch,
                                                                                     dtype))
        assert (a.ndimension(), a.nbytes, a.itemsize) == (t.ndimension(), t.nbytes, t.itemsize)
        assert a.is_floating_point() == t.is_floating_point() == gv.is_floating_point(a)
        assert a.is_complex() is t.is_complex() is gv.is_complex(a) is False
    assert gv.tensor(2.0).ndimension() == 0


@pytest.mark.parametrize(("label", "fn", "shapes"), [
    ("select", lambda m, x: x.select(1, -2), [(3, 4)]),
    ("torch.select", lambda m, x: m.select(x, 0, 2), [(3, 4, 2)]),
    ("unbind", lambda m, x: x.unbind(), [(3, 4)]),
    ("unbind dim", lambda m, x: m.unbind(x, -1), [(2, 3, 4)]),
    ("ravel", lambda m, x: m.ravel(x.t()), [(3, 4)]),
    ("tile fewer dims", lambda m, x: x.tile(2), [(3, 4)]),
    ("tile more dims", lambda m, x: m.tile(x, (2, 1, 3)), [(3, 4)]),
    ("swapdims", lambda m, x: m.swapdims(x, 0, 2), [(2, 3, 4)]),
    ("swapaxes", lambda m, x: m.swapaxes(x, 0, 1), [(2, 3, 4)]),
    ("swapdims method", lambda m, x: x.swapdims(-1, 0), [(2, 3)]),
    ("diagonal", lambda m, x: x.diagonal(), [(3, 4)]),
    ("diagonal offset", lambda m, x: m.diagonal(x, 1), [(3, 4)]),
    ("diagonal negative offset", lambda m, x: x.diagonal(-1), [(4, 3)]),
    ("diagonal past the edge", lambda m, x: x.diagonal(5), [(3, 4)]),
    ("diagonal dims", lambda m, x: x.diagonal(1, 2, 0), [(3, 2, 4)]),
    ("diagonal dims reversed", lambda m, x: m.diagonal(x, -1, dim1=-1, dim2=-3), [(3, 2, 4)]),
    ("msort", lambda m, x: m.msort(x), [(4, 3)]),
    ("msort method", lambda m, x: x.msort(), [(5,)]),
    ("nansum", lambda m, x: x.nansum(), [(3, 4)]),
    ("nansum dim", lambda m, x: m.nansum(x, 1, keepdim=True), [(3, 4)]),
    ("nanmean", lambda m, x: x.nanmean(), [(3, 4)]),
    ("nanmean dim", lambda m, x: m.nanmean(x, dim=0), [(3, 4)]),
    ("fmax", lambda m, x, y: m.fmax(x, y), [(3, 4), (4,)]),
    ("fmin", lambda m, x, y: x.fmin(y), [(3, 4), (3, 1)]),
    ("absolute", lambda m, x: m.absolute(x), [(3, 4)]),
    ("sgn", lambda m, x: m.sgn(x) * x, [(3, 4)]),
    ("rsub tensors", lambda m, x, y: m.rsub(x, y, alpha=2), [(3, 4), (4,)]),
    ("rsub number", lambda m, x: m.rsub(x, 3.0), [(3, 4)]),
    ("positive", lambda m, x: m.positive(x) * 2, [(3, 4)]),
])
def test_views_reductions_and_elementwise(label, fn, shapes):
    _same(fn, *shapes)


@pytest.mark.parametrize(("label", "fn", "shapes"), [
    ("nansum", lambda m, x: x.nansum(), [(3, 4)]),
    ("nansum dims", lambda m, x: x.nansum((0, 1)), [(2, 3, 4)]),
    ("nanmean", lambda m, x: x.nanmean(1), [(3, 4)]),
    ("fmax with nan", lambda m, x, y: m.fmax(x, y), [(3, 4), (3, 4)]),
    ("fmin with nan", lambda m, x, y: m.fmin(x, y), [(3, 4), (4,)]),
])
def test_nan_skipping(label, fn, shapes):
    _same(fn, *shapes, nan=True)


def test_fmax_ties_go_to_the_first_and_integers():
    a, t = _both((3, 4))
    _same(lambda m, x: m.fmax(x, x * 1), (3, 4))
    assert gv.fmax(gv.tensor([1, 5]), gv.tensor([3, 2])).tolist() == [3, 5]
    assert gv.fmin(gv.tensor([1.0, np.nan]), gv.tensor([np.nan, np.nan])).isnan().tolist() == (
        torch.fmin(torch.tensor([1.0, np.nan]), torch.tensor([np.nan, np.nan])).isnan().tolist())
    assert a.fmax(a).grad_fn is not None and t.fmax(t).grad_fn is not None


def test_comparison_aliases():
    a, b = gv.tensor([1, 2, 3]), gv.tensor([2, 2, 2])
    s, u = torch.tensor([1, 2, 3]), torch.tensor([2, 2, 2])
    for name in ("greater", "greater_equal", "less", "less_equal", "not_equal"):
        assert getattr(a, name)(b).tolist() == getattr(s, name)(u).tolist()
        assert getattr(gv, name)(a, 2).tolist() == getattr(torch, name)(s, 2).tolist()
        assert getattr(gv, name)(a, b).dtype == gv.bool


def test_integer_nansum_and_dtype():
    assert gv.nansum(gv.tensor([1, 2])).item() == torch.nansum(torch.tensor([1, 2])).item()
    assert gv.nansum(gv.tensor([1, 2])).dtype == gv.int64
    x = gv.tensor([1.0, np.nan], dtype=gv.float32)
    assert gv.nansum(x, dtype=gv.float64).dtype == gv.float64


@pytest.mark.parametrize("call", [
    lambda m: m.zeros(3, 4).select(0, 3),
    lambda m: m.zeros(3, 4).select(2, 0),
    lambda m: m.zeros(3, 4).select(1, -5),
    lambda m: m.tensor(1.0).unbind(),
    lambda m: m.zeros(3, 4).diagonal(0, 1, 1),
    lambda m: m.tensor([True]).positive(),
    lambda m: m.nanmean(m.tensor([1, 2])),
    lambda m: m.fmax(m.ones(2), 1.0),
    lambda m: m.ones(2).atan2(2.0),
    lambda m: m.arange(3).reciprocal_(),
], ids=["select index", "select dim", "select negative", "unbind 0-d", "diagonal same dims",
        "positive bool", "nanmean int", "fmax number", "atan2 number", "reciprocal_ int"])
def test_errors_are_pytorchs(call):
    assert error_of(lambda: call(gv)) == error_of(lambda: call(torch))


# ── in place ─────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(("label", "fn"), [
    ("lerp_", lambda m, y, w: y.lerp_(w, 0.3)),
    ("lerp_ tensor weight", lambda m, y, w: y.lerp_(w, w.sigmoid())),
    ("clip_", lambda m, y, w: y.clip_(-0.5, 0.5)),
    ("torch.clip_", lambda m, y, w: m.clip_(y, max=0.2)),
    ("reciprocal_", lambda m, y, w: y.reciprocal_()),
    ("torch.reciprocal_", lambda m, y, w: m.reciprocal_(y)),
    ("addmm_", lambda m, y, w: y.addmm_(w, w.t(), beta=0.5, alpha=2)),
    ("tan_", lambda m, y, w: y.mul_(0.5).tan_()),
    ("sinh_", lambda m, y, w: y.sinh_()),
    ("cosh_", lambda m, y, w: y.cosh_()),
    ("expm1_", lambda m, y, w: y.expm1_()),
])
def test_in_place_forms(label, fn):
    def run(m, w):
        y = w * 1 + 0.1
        version = y._version
        out = fn(m, y, w)
        assert out is y and y._version > version
        return y

    # gradviz's lerp, reciprocal and addmm are composites, whose last row names the node;
    named = label in ("clip_", "torch.clip_", "tan_", "sinh_", "cosh_", "expm1_")
    _same(lambda m, w: run(m, w), (3, 3), names=named)


def test_in_place_on_a_leaf_refuses_and_no_grad_changes_in_place():
    for m in (gv, torch):
        w = m.ones(2, 2, requires_grad=True)
        assert error_of(lambda w=w, m=m: w.lerp_(m.zeros(2, 2), 0.5)) == (
            "RuntimeError", "a leaf Variable that requires grad is being used in an in-place "
                            "operation.")
    a, t = gv.ones(2, 2), torch.ones(2, 2)
    view, view_t = a[0], t[0]
    a.clip_(max=0.5)
    t.clip_(max=0.5)
    assert view.tolist() == view_t.tolist() == [0.5, 0.5]
    assert a._version == t._version


def test_changed_in_place_after_saved_refuses_as_pytorch():
    for m in (gv, torch):
        x = m.tensor([0.5, 0.7], requires_grad=True)
        y = x * 1
        z = y.tan()
        y.reciprocal_()  # tan saves its result, not its input: no error
        z.sum().backward()
        x2 = m.tensor([0.5, 0.7], requires_grad=True)
        y2 = x2 * 1
        z2 = y2.sinh()  # sinh saves its input
        y2.clip_(0, 0.6)
        assert error_of(lambda z2=z2: z2.sum().backward())[0] == "RuntimeError"


def test_inverse_hyperbolic_in_place_without_gradients():
    # PyTorch has no derivative for the in-place inverse hyperbolic functions
    x = np.array([0.1, 0.5, 0.9])
    for name in ("asinh_", "arcsinh_", "acosh_", "arccosh_", "atanh_", "arctanh_", "atan2_"):
        shift = 1 if "cosh" in name else 0
        a, t = gv.tensor(x + shift), torch.tensor(x + shift)
        args = (gv.tensor(x),) if name == "atan2_" else ()
        targs = (torch.tensor(x),) if name == "atan2_" else ()
        assert getattr(a, name)(*args) is a
        getattr(t, name)(*targs)
        np.testing.assert_allclose(a.numpy(), t.numpy(), rtol=1e-15)
        assert a._version == t._version == 1


@pytest.mark.parametrize(("offset", "dims"), [(0, (0, 1)), (1, (0, 1)), (-1, (1, 0)),
                                              (0, (2, 0))])
def test_diagonal_is_a_view(offset, dims):
    a, t = gv.zeros(3, 4, 3), torch.zeros(3, 4, 3)
    a.diagonal(offset, *dims).add_(2)
    t.diagonal(offset, *dims).add_(2)
    gv.diagonal(a, offset, *dims).mul_(3)
    torch.diagonal(t, offset, *dims).mul_(3)
    np.testing.assert_array_equal(a.numpy(), t.numpy())
    a.diagonal().fill_(-1)
    t.diagonal().fill_(-1)
    np.testing.assert_array_equal(a.numpy(), t.numpy())


def test_constants_are_torchs():
    for name in ("inf", "pi", "e"):
        assert getattr(gv, name) == getattr(torch, name)
    assert math.isnan(gv.nan) and gv.newaxis is torch.newaxis is None


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", [(4,), (3, 4), (2, 3, 4)])
def test_a_linear_layers_node_is_torchs_for_every_rank(bias, shape):
    names = []
    for m in (gv, torch):
        m.manual_seed(0)
        x = m.ones(shape, requires_grad=True)
        names.append(type(m.nn.Linear(4, 5, bias=bias)(x).grad_fn).__name__)
    assert names[0] == names[1]


def test_masked_fill_is_torchs_node_in_both_forms():
    for form in (lambda t, mask: t.masked_fill(mask, 0.0),
                 lambda t, mask: t.clone().masked_fill_(mask, 0.0)):
        names = []
        for m in (gv, torch):
            x = m.tensor([1.0, -2.0, 3.0], requires_grad=True)
            names.append(type(form(x, x > 0).grad_fn).__name__)
        assert names == ["MaskedFillBackward0"] * 2


def test_a_numpy_matrix_becomes_a_plain_tensor_sharing_its_memory():
    # np.matrix's * is a matrix product: a tensor made of one still multiplies elementwise
    matrix = np.matrix([[1.0, 2.0], [3.0, 4.0]])
    for make in ("from_numpy", "as_tensor", "tensor"):
        ours, theirs = getattr(gv, make)(matrix), getattr(torch, make)(matrix)
        np.testing.assert_array_equal((ours * ours).numpy(), (theirs * theirs).numpy())
    shared = gv.from_numpy(matrix)
    matrix[0, 0] = 9.0
    assert shared[0, 0].item() == 9.0


def test_products_are_quiet_about_nan_as_torchs():
    # inf·0 in a product is nan in both, with no numpy warning (the suite turns gradviz's
    # RuntimeWarnings into errors), forward and backward, matmul and Linear alike
    outs = []
    for m in (gv, torch):
        a = m.tensor([[math.inf, 1.0]], requires_grad=True)
        b = m.tensor([[0.0], [1.0]], requires_grad=True)
        layer = m.nn.Linear(2, 1)
        with m.no_grad():
            layer.weight.fill_(0.0)
        (a @ b + layer(a)).sum().backward()
        outs.append((a.grad.tolist(), b.grad.tolist()))
    assert outs[0] == outs[1]

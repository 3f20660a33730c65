"""flatten's dims, floor division and remainders, prod/cumprod (with zeros), flip, roll,
scatter, nonzero, isclose, `gradviz.linalg`, erf and GELU, and matmul's dtype errors: each
side by side with PyTorch (values, gradients, dtypes and error messages).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from graph_fixtures import assert_scalar_view_matches_engine, assert_stepper_matches_engine

import gradviz as gv
import gradviz.nn as gnn
import gradviz.nn.functional as F
from gradviz.engine.gradcheck import numerical_grad
from gradviz.engine.special import erf, erfc

TF = torch.nn.functional
RNG = np.random.default_rng(11)


def _pair(array, dtype=None):
    a = np.asarray(array)
    floating = a.dtype.kind == "f"
    ours = gv.tensor(a, dtype=dtype or (gv.float64 if floating else None),
                     requires_grad=floating)
    theirs = torch.tensor(a, dtype=torch.float64 if floating else None, requires_grad=floating)
    return ours, theirs


def _same(ours, theirs):
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert ours.dtype.name == str(theirs.dtype).removeprefix("torch.")
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-12,
                               atol=1e-14)


def _compare(fn, *arrays, upstream_seed=3):
    """fn(module, *tensors) in both libraries: values, then gradients for a random upstream."""
    pairs = [_pair(a) for a in arrays]
    out, expected = fn(gv, *(p[0] for p in pairs)), fn(torch, *(p[1] for p in pairs))
    _same(out, expected)
    if not expected.requires_grad:
        return
    g = np.random.default_rng(upstream_seed).standard_normal(tuple(expected.shape))
    out.backward(gv.tensor(g, dtype=out.dtype))
    expected.backward(torch.tensor(g, dtype=expected.dtype))
    for ours, theirs in pairs:
        if theirs.grad is not None:
            np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-10,
                                       atol=1e-13)


def _error(call, torch_call=None):
    """The exception type and message of `call`; with torch_call, checked to be PyTorch's."""
    with pytest.raises(Exception) as ours:  # noqa: PT011 - compared below
        call(gv)
    if torch_call is not False:
        with pytest.raises(Exception) as theirs:  # noqa: PT011
            (torch_call or call)(torch)
        assert type(ours.value).__name__ == type(theirs.value).__name__ or isinstance(
            ours.value, type(theirs.value))
        # gradviz's shape errors go on to explain the rule that failed
        assert str(ours.value).startswith(str(theirs.value))
    return ours.value


# ── flatten ───────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("call", [
    lambda m, t: t.flatten(), lambda m, t: t.flatten(1), lambda m, t: t.flatten(start_dim=1),
    lambda m, t: t.flatten(0, 1), lambda m, t: t.flatten(end_dim=-2),
    lambda m, t: t.flatten(-2, -1), lambda m, t: t.flatten(1, 1),
    lambda m, t: m.flatten(t, 1), lambda m, t: m.flatten(t, start_dim=0, end_dim=1),
    lambda m, t: m.nn.Flatten()(t), lambda m, t: m.nn.Flatten(0, 1)(t),
])
def test_flatten_matches_torch(call):
    _compare(call, RNG.standard_normal((2, 3, 4)))


def test_flatten_of_a_scalar_and_its_errors():
    _compare(lambda m, t: t.flatten(), np.array(2.5))
    _compare(lambda m, t: t.flatten(0, -1), np.array(2.5))
    _error(lambda m: m.zeros(3, 4).flatten(1, 0))
    _error(lambda m: m.zeros(3, 4).flatten(2))
    _error(lambda m: m.zeros(3, 4).flatten(-3))
    _error(lambda m: m.tensor(2.0).flatten(1))


# ── floor division and remainders ─────────────────────────────────────────────────────────
INTS = [np.array([7, -7, 5, 0, -3]), np.array([2, 2, -3, 4, -2])]


@pytest.mark.parametrize("call", [
    lambda m, a, b: a // 2, lambda m, a, b: a % 2, lambda m, a, b: a // -2,
    lambda m, a, b: a % -2, lambda m, a, b: a // b, lambda m, a, b: a % b,
    lambda m, a, b: 7 // b, lambda m, a, b: 7 % b, lambda m, a, b: a // 2.5,
    lambda m, a, b: a % 2.5, lambda m, a, b: m.fmod(a, b), lambda m, a, b: m.fmod(a, -2),
    lambda m, a, b: m.floor_divide(a, b), lambda m, a, b: m.remainder(a, b),
    lambda m, a, b: m.remainder(5, b), lambda m, a, b: a.div(b, rounding_mode="floor"),
    lambda m, a, b: a.div(b, rounding_mode="trunc"), lambda m, a, b: m.div(a, b),
    lambda m, a, b: a.to(m.int32) // 3, lambda m, a, b: a.to(m.int32) % b,
])
def test_integer_division_matches_torch(call):
    _compare(call, *INTS)


@pytest.mark.parametrize("call", [
    lambda m, a, b: a // b, lambda m, a, b: a % b, lambda m, a, b: m.fmod(a, b),
    lambda m, a, b: a // 0.75, lambda m, a, b: a % -0.75, lambda m, a, b: -1.5 % b,
    lambda m, a, b: (a // b) * a, lambda m, a, b: a.remainder(b) + a.fmod(0.4),
    lambda m, a, b: a.div(b, rounding_mode="trunc") + a.div(b, rounding_mode="floor"),
    lambda m, a, b: a.div(b) + m.true_divide(a, 2),
])
def test_float_division_matches_torch_and_finite_differences(call):
    """PyTorch has no backward for a // b (nor for a number's remainder): the gradients are
    checked against finite differences, the values against PyTorch."""
    a = RNG.uniform(-4, 4, (3, 4))
    b = np.sign(RNG.uniform(-1, 1, (3, 4))) * RNG.uniform(0.3, 2, (3, 4))
    ours = [gv.tensor(v, dtype=gv.float64, requires_grad=True) for v in (a, b)]
    out = call(gv, *ours)
    _same(out, call(torch, *(torch.tensor(v) for v in (a, b))))
    weights = gv.tensor(RNG.standard_normal((3, 4)), dtype=gv.float64)
    (out * weights).sum().backward()
    for i, leaf in enumerate(ours):
        numeric = numerical_grad(lambda *xs: call(gv, *xs) * weights, ours, i, 1e-7)
        grad = np.zeros((3, 4)) if leaf.grad is None else leaf.grad.numpy()
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


def test_floor_division_has_no_gradient_and_remainder_the_dividends():
    a = gv.tensor([3.5, -2.5, 4.0], dtype=gv.float64, requires_grad=True)
    b = gv.tensor([2.0, 1.5, -3.0], dtype=gv.float64, requires_grad=True)
    q = a // b
    assert q.requires_grad and q.grad_fn is not None  # as PyTorch's, it is in the graph
    (q.sum() + (7 % b).sum()).backward()
    np.testing.assert_array_equal(a.grad.numpy(), [0, 0, 0])
    # 7 % b = 7 − b·⌊7/b⌋: ∂/∂b = −⌊7/b⌋ (PyTorch has no backward for a number's remainder)
    np.testing.assert_array_equal(b.grad.numpy(), -np.floor_divide(7, b.detach().numpy()))


def test_special_values_and_in_place_forms():
    x = np.array([-3.0, 3.0, 0.0, -0.0])
    for call in (lambda m, t: t // 0, lambda m, t: t % 0, lambda m, t: m.fmod(t, 0),
                 lambda m, t: t % math.inf, lambda m, t: t // math.inf, lambda m, t: t % -2):
        with np.errstate(all="ignore"):
            ours = call(gv, gv.tensor(x, dtype=gv.float64)).numpy()
        theirs = call(torch, torch.tensor(x)).numpy()
        np.testing.assert_array_equal(ours, theirs)
    for steps in (lambda t: t.__ifloordiv__(2).__imod__(3), lambda t: t.fmod_(-2),
                  lambda t: t.remainder_(-2), lambda t: t.floor_divide_(-3).remainder_(3)):
        ours, theirs = gv.tensor([7, -7, 5, 0]), torch.tensor([7, -7, 5, 0])
        assert steps(ours) is ours  # in place: //=, %= and the methods
        steps(theirs)
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    x = gv.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="in-place operation"):
        x //= 2


def test_integer_division_errors_match_torch():
    _error(lambda m: m.tensor([3, 4]) // 0)
    _error(lambda m: m.tensor([3, 4]) % m.tensor([1, 0]))
    _error(lambda m: m.fmod(m.tensor([3]), 0))
    _error(lambda m: m.tensor([True]) // m.tensor([True]))
    _error(lambda m: m.tensor([True]) % m.tensor([True]))
    _error(lambda m: m.tensor([1.0]).div(2, rounding_mode="round"))
    _error(lambda m: m.tensor([3, 4]).floor_divide_(0))
    _error(lambda m: m.tensor([3, 4]).remainder_(m.tensor([0, 1])))


# ── prod and cumprod ──────────────────────────────────────────────────────────────────────
ZEROS = np.array([[2.0, 0.0, 3.0, 1.5], [0.0, 0.0, 1.0, 2.0], [1.0, 2.0, 3.0, -1.0],
                  [0.5, 4.0, 0.0, 0.0]])


@pytest.mark.parametrize("call", [
    lambda m, t: t.prod(), lambda m, t: t.prod(1), lambda m, t: t.prod(0),
    lambda m, t: t.prod(dim=-1, keepdim=True), lambda m, t: m.prod(t, 0, True),
    lambda m, t: t[2].prod(), lambda m, t: t[0].prod(), lambda m, t: t[1].prod(),
    lambda m, t: t[:, 2:].prod(), lambda m, t: t.cumprod(1), lambda m, t: t.cumprod(0),
    lambda m, t: m.cumprod(t, -1), lambda m, t: t.flip(1).cumprod(1),
    lambda m, t: t[1:].T.cumprod(1), lambda m, t: t[3].cumprod(0),
])
def test_prod_and_cumprod_gradients_with_zeros_match_torch(call):
    """No zero, one zero (its gradient: the others' product), several zeros (all 0)."""
    _compare(call, ZEROS)


@pytest.mark.parametrize("seed", range(6))
def test_cumprod_gradient_with_random_zeros_matches_torch(seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, (4, 7)) * (rng.uniform(size=(4, 7)) > 0.3)
    _compare(lambda m, t: t.cumprod(1), x, upstream_seed=seed)
    _compare(lambda m, t: t.prod(1), x, upstream_seed=seed)


@pytest.mark.parametrize("call", [
    lambda m: m.tensor([1, 2, 3]).prod(), lambda m: m.tensor([1, 2, 3], dtype=m.int32).prod(),
    lambda m: m.tensor([True, False]).prod(), lambda m: m.tensor([1, 2, 3]).prod(dtype=m.float32),
    lambda m: m.tensor(3.0).prod(0), lambda m: m.tensor(3.0).prod(0, keepdim=True),
    lambda m: m.tensor([1, 2, 3], dtype=m.int32).cumprod(0), lambda m: m.tensor(3.0).cumprod(0),
    lambda m: m.zeros(0).prod(), lambda m: m.tensor([[1.0, 2.0]]).prod(1, dtype=m.float64),
])
def test_prod_dtypes_and_edge_cases_match_torch(call):
    _same(call(gv), call(torch))


def test_prod_errors():
    _error(lambda m: m.zeros(2, 3).prod(2))
    with pytest.raises(TypeError):
        gv.zeros(2, 3).prod((0, 1))


# ── flip and roll ─────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("call", [
    lambda m, t: t.flip(0), lambda m, t: t.flip(0, 2), lambda m, t: t.flip((1, 2)),
    lambda m, t: t.flip([-1]), lambda m, t: m.flip(t, (0,)), lambda m, t: m.fliplr(t),
    lambda m, t: m.flipud(t), lambda m, t: t.roll(1), lambda m, t: t.roll(-7),
    lambda m, t: t.roll(1, 0), lambda m, t: t.roll((1, 2), (0, 2)),
    lambda m, t: t.roll(shifts=-1, dims=1), lambda m, t: m.roll(t, 5, -1),
    lambda m, t: t.roll(-2, 1).flip(2) * t,
])
def test_flip_and_roll_match_torch(call):
    _compare(call, RNG.standard_normal((2, 3, 4)))


def test_flip_and_roll_of_scalars_and_their_errors():
    _compare(lambda m, t: t.flip(0), np.array(3.0))
    _compare(lambda m, t: t.roll(1), np.array(3.0))
    _error(lambda m: m.zeros(2, 3).flip(0, 0))
    _error(lambda m: m.zeros(2, 3).flip(2))
    _error(lambda m: m.zeros(2, 3).roll((1, 2), 0))
    _error(lambda m: m.zeros(2, 3).roll(1, 5))
    _error(lambda m: m.zeros(3).fliplr())
    source = gv.arange(6.0).reshape(2, 3)
    source.flip(1).numpy()[0, 0] = 100.0  # a copy, as PyTorch's: the input is unchanged
    assert source[0, 2].item() == 2.0


# ── scatter and scatter_add ───────────────────────────────────────────────────────────────
INDEX = np.array([[0, 4, 2], [1, 3, 0], [2, 2, 4]])


@pytest.mark.parametrize("call", [
    lambda m, x, s, i: x.scatter(1, i, s), lambda m, x, s, i: x.scatter_add(1, i, s),
    lambda m, x, s, i: m.scatter(x, 1, i, s), lambda m, x, s, i: m.scatter_add(x, 1, i, s),
    lambda m, x, s, i: x.scatter(1, i, -2.5), lambda m, x, s, i: x.scatter(1, i, value=0.5),
    lambda m, x, s, i: x.scatter(1, i, src=s),
    lambda m, x, s, i: x.scatter(1, i[:, :2], s[:, :2]),
    lambda m, x, s, i: x[:, :3].scatter(0, i % 3, s),
    lambda m, x, s, i: x.scatter(-1, i[:2], s[:2]),
    lambda m, x, s, i: x.scatter_add(0, i % 3, s),
    lambda m, x, s, i: (x * 2).scatter_add(1, i, s * s),
])
def test_scatter_matches_torch(call):
    def fn(m, x, s):
        return call(m, x, s, m.tensor(INDEX))

    _compare(fn, RNG.standard_normal((3, 5)), RNG.standard_normal((3, 3)))


def test_scatter_from_a_larger_src_gives_its_unread_part_zero_gradient():
    # PyTorch's backward refuses a src larger than index; gradviz gives the unread part 0.
    x = gv.tensor(RNG.standard_normal((3, 5)), dtype=gv.float64, requires_grad=True)
    src = gv.tensor(RNG.standard_normal((3, 4)), dtype=gv.float64, requires_grad=True)
    index = gv.tensor([[0, 1], [2, 0]])
    with torch.no_grad():
        expected = torch.tensor(x.detach().numpy()).scatter(1, torch.tensor(index.numpy()),
                                                           torch.tensor(src.detach().numpy()))
    weights = gv.tensor(RNG.standard_normal((3, 5)), dtype=gv.float64)
    for name in ("scatter", "scatter_add"):
        x.grad = src.grad = None
        out = getattr(x, name)(1, index, src)
        if name == "scatter":
            np.testing.assert_array_equal(out.detach().numpy(), expected.numpy())
        (out * weights).sum().backward()
        for i, leaf in enumerate((x, src)):
            numeric = numerical_grad(lambda a, b, n=name: getattr(a, n)(1, index, b) * weights,
                                     [x, src], i, 1e-6)
            np.testing.assert_allclose(leaf.grad.numpy(), numeric, rtol=1e-6, atol=1e-8)
        assert not src.grad.numpy()[:, 2:].any() and not src.grad.numpy()[2].any()


def test_scatter_dtypes_and_errors_match_torch():
    _same(gv.zeros(2, dtype=gv.int64).scatter(0, gv.tensor([0]), 5.5),
          torch.zeros(2, dtype=torch.int64).scatter(0, torch.tensor([0]), 5.5))
    _same(gv.zeros(3).scatter(0, gv.tensor([2], dtype=gv.int32), gv.ones(1)),
          torch.zeros(3).scatter(0, torch.tensor([2], dtype=torch.int32), torch.ones(1)))
    _same(gv.tensor(1.0).scatter(0, gv.tensor(0), gv.tensor(4.0)),
          torch.tensor(1.0).scatter(0, torch.tensor(0), torch.tensor(4.0)))
    # a 0-d index (and src) into a 1-d tensor counts as 1-d, as one-hot labels are written
    _same(gv.zeros(10).scatter_(0, gv.tensor(3), value=1),
          torch.zeros(10).scatter_(0, torch.tensor(3), value=1))
    _same(gv.zeros(4).scatter_add(0, gv.tensor(1), gv.tensor(2.5)),
          torch.zeros(4).scatter_add(0, torch.tensor(1), torch.tensor(2.5)))
    _error(lambda m: m.zeros(2, 3).scatter(0, m.tensor(1), value=1))
    idx = np.array([[0, 1]])
    _error(lambda m: m.zeros(3, 5).scatter(1, m.tensor([[0.0, 1.0]]), m.ones(3, 4)))
    _error(lambda m: m.zeros(3, 5).scatter(1, m.tensor(idx), m.ones(3, 4, dtype=m.float64)))
    _error(lambda m: m.zeros(3, 5).scatter_add(1, m.tensor(idx), m.ones(3, 4, dtype=m.float64)))
    _error(lambda m: m.zeros(3, 5).scatter(1, m.tensor([0, 1]), m.ones(3, 4)))
    _error(lambda m: m.zeros(3, 5).scatter(1, m.tensor([[5, 0]]), m.ones(3, 4)))
    _error(lambda m: m.zeros(3, 5).scatter(1, m.tensor([[-1, 0]]), m.ones(3, 4)))
    _error(lambda m: m.zeros(3, 5).scatter(1, m.tensor([[0] * 6]), m.ones(3, 4)))
    _error(lambda m: m.zeros(3, 5).scatter(0, m.tensor([[0], [0], [0], [0]]), m.ones(3, 4)))
    _error(lambda m: m.zeros(3, 5).scatter(2, m.tensor(idx), m.ones(3, 4)))
    _error(lambda m: m.zeros(3, 5).scatter_add(1, m.tensor(idx), 1.0))


# ── nonzero, argwhere, isclose ────────────────────────────────────────────────────────────
@pytest.mark.parametrize("data", [
    [[2.0, 0.0, 3.0], [0.0, 0.0, 1.0]], [0, 3, 0, -1], [[True, False], [False, True]], 3.0, 0.0,
    [[0.0, 0.0]], np.zeros((2, 0, 3)),
])
def test_nonzero_and_argwhere_match_torch(data):
    ours, theirs = gv.tensor(data), torch.tensor(np.asarray(data))
    for call in (lambda m, t: m.nonzero(t), lambda m, t: t.nonzero(), lambda m, t: m.argwhere(t),
                 lambda m, t: t.argwhere()):
        _same(call(gv, ours), call(torch, theirs))
    for a, b in zip(gv.nonzero(ours, as_tuple=True), torch.nonzero(theirs, as_tuple=True),
                    strict=True):
        _same(a, b)
    for a, b in zip(ours.nonzero(as_tuple=True), theirs.nonzero(as_tuple=True), strict=True):
        _same(a, b)


def test_isclose_matches_torch():
    a = [1.0, 2.0, math.nan, math.inf, -math.inf, 1e-9, 0.0]
    b = [1.0 + 1e-6, 2.1, math.nan, math.inf, math.inf, 0.0, 1e-7]
    for dtype in ("float32", "float64"):
        ours_a, ours_b = gv.tensor(a, dtype=dtype), gv.tensor(b, dtype=dtype)
        theirs_a = torch.tensor(a, dtype=getattr(torch, dtype))
        theirs_b = torch.tensor(b, dtype=getattr(torch, dtype))
        for kwargs in ({}, {"equal_nan": True}, {"rtol": 0.1}, {"atol": 1e-6, "rtol": 0}):
            _same(gv.isclose(ours_a, ours_b, **kwargs), torch.isclose(theirs_a, theirs_b, **kwargs))
            _same(ours_a.isclose(ours_b, **kwargs), theirs_a.isclose(theirs_b, **kwargs))
    _same(gv.isclose(gv.tensor([1, 2]), gv.tensor([1, 3])),
          torch.isclose(torch.tensor([1, 2]), torch.tensor([1, 3])))
    _same(gv.isclose(gv.tensor([1.0, 2.0]), gv.tensor(1.0)),
          torch.isclose(torch.tensor([1.0, 2.0]), torch.tensor(1.0)))
    _error(lambda m: m.isclose(m.tensor([1.0]), m.tensor([1.0], dtype=m.float64)))
    _error(lambda m: m.isclose(m.tensor([1]), m.tensor([1.0])))
    _error(lambda m: m.isclose(m.tensor([1.0]), m.tensor([1.0]), rtol=-1))
    _error(lambda m: m.isclose(m.tensor([1.0]), m.tensor([1.0]), atol=-1))
    _error(lambda m: m.isclose(m.tensor([1.0]), 1.0))


# ── gradviz.linalg ────────────────────────────────────────────────────────────────────────
A = np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])


@pytest.mark.parametrize("call", [
    lambda m, t: m.linalg.norm(t), lambda m, t: m.linalg.norm(t, "fro"),
    lambda m, t: m.linalg.norm(t, 1), lambda m, t: m.linalg.norm(t, -1),
    lambda m, t: m.linalg.norm(t, math.inf), lambda m, t: m.linalg.norm(t, -math.inf),
    lambda m, t: m.linalg.norm(t, dim=1), lambda m, t: m.linalg.norm(t, 1, dim=0),
    lambda m, t: m.linalg.norm(t, 3, dim=1, keepdim=True),
    lambda m, t: m.linalg.norm(t, dim=(0, 1), keepdim=True), lambda m, t: m.linalg.norm(t[0], 3),
    lambda m, t: m.linalg.norm(t[1], math.inf), lambda m, t: m.linalg.norm(t[1], 0),
    lambda m, t: m.linalg.vector_norm(t), lambda m, t: m.linalg.vector_norm(t, 1, dim=0),
    lambda m, t: m.linalg.vector_norm(t, ord=math.inf), lambda m, t: m.linalg.vector_norm(t, 0.5),
    lambda m, t: m.linalg.vector_norm(t, dim=(0, 1)), lambda m, t: m.linalg.vector_norm(t, -2),
    lambda m, t: m.linalg.vector_norm(t, keepdim=True),
    lambda m, t: m.linalg.vector_norm(t.float(), dim=-1, dtype=m.float64),
    lambda m, t: m.linalg.matrix_norm(t), lambda m, t: m.linalg.matrix_norm(t, 1),
    lambda m, t: m.linalg.matrix_norm(t, -math.inf, keepdim=True),
    lambda m, t: m.linalg.matrix_norm(t.reshape(1, 2, 3).expand(2, 2, 3), math.inf),
    lambda m, t: m.linalg.matrix_norm(t.reshape(1, 2, 3).repeat(2, 1, 1), dim=(0, 2)),
    lambda m, t: m.linalg.norm(t.reshape(1, 2, 3).repeat(2, 1, 1)),
    lambda m, t: m.linalg.norm(t.reshape(1, 2, 3).repeat(2, 1, 1), dim=(1, 2)),
])
def test_linalg_norms_match_torch(call):
    _compare(call, A)


def test_linalg_errors_match_torch():
    v, cube = [3.0, -4.0], np.ones((2, 3, 4))
    _error(lambda m: m.linalg.norm(m.tensor(A), 3))
    _error(lambda m: m.linalg.norm(m.tensor(A), 0))
    _error(lambda m: m.linalg.norm(m.tensor(v), "fro"))
    _error(lambda m: m.linalg.norm(m.tensor(cube), 2))
    _error(lambda m: m.linalg.norm(m.tensor(A), dim=(0, 1, 1)))
    _error(lambda m: m.linalg.norm(m.tensor([1, 2])))
    _error(lambda m: m.linalg.vector_norm(m.tensor([1, 2])))
    _error(lambda m: m.linalg.vector_norm(m.tensor(A), "fro"))
    _error(lambda m: m.linalg.matrix_norm(m.tensor(v)))
    _error(lambda m: m.linalg.matrix_norm(m.tensor(A), 3))
    _error(lambda m: m.linalg.vector_norm(m.tensor(A, dtype=m.float64), dtype=m.float32))
    with pytest.raises(NotImplementedError):
        gv.linalg.matrix_norm(gv.tensor(A), "nuc")


# ── erf and GELU ──────────────────────────────────────────────────────────────────────────
def test_erf_and_erfc_are_accurate_to_double_precision():
    x = np.concatenate([np.linspace(-8, 8, 40001), np.linspace(-1e-3, 1e-3, 101),
                        [0.46875, -0.46875, 4.0, -4.0, 26.0, -26.0, 1e-300, 5e-324]])
    expected_erf = np.array([math.erf(v) for v in x])
    expected_erfc = np.array([math.erfc(v) for v in x])
    np.testing.assert_allclose(erf(np, x), expected_erf, rtol=2e-15, atol=0)
    np.testing.assert_allclose(erfc(np, x), expected_erfc, rtol=2e-15, atol=1e-300)
    special = np.array([math.inf, -math.inf, math.nan, 0.0, -0.0, 40.0, -40.0])
    np.testing.assert_array_equal(erf(np, special), [1, -1, math.nan, 0, -0.0, 1, -1])
    np.testing.assert_array_equal(erfc(np, special), [0, 2, math.nan, 1, 1, 0, 2])
    assert np.signbit(erf(np, np.array(-0.0)))
    assert erf(np, np.float32(0.5)).dtype == np.float32


@pytest.mark.parametrize("call", [
    lambda m, t: m.nn.functional.gelu(t), lambda m, t: m.nn.functional.gelu(t, approximate="tanh"),
    lambda m, t: m.nn.GELU()(t), lambda m, t: m.nn.GELU("tanh")(t),
    lambda m, t: m.nn.GELU(approximate="none")(t), lambda m, t: m.erf(t), lambda m, t: t.erf(),
])
def test_gelu_and_erf_match_torch_over_a_wide_range(call):
    x = np.concatenate([np.linspace(-12, 12, 97), [-40.0, -6.5, 0.0, 1e-8, 7.25, 40.0]])
    _compare(call, x)


def test_gelu_in_float32_and_its_module():
    x = RNG.standard_normal(50).astype(np.float32)
    for approximate in ("none", "tanh"):
        ours = F.gelu(gv.tensor(x), approximate=approximate)
        theirs = TF.gelu(torch.tensor(x), approximate=approximate)
        assert ours.dtype is gv.float32
        # PyTorch's float32 1 + erf(z/√2) loses digits where it cancels; gradviz's erfc not
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6, atol=1e-6)
    assert repr(gnn.GELU()) == repr(torch.nn.GELU()) == "GELU(approximate='none')"
    assert repr(gnn.GELU("tanh")) == repr(torch.nn.GELU("tanh"))
    _error(lambda m: m.nn.functional.gelu(m.zeros(2), approximate="foo"))
    model = gnn.Sequential(gnn.Linear(3, 4), gnn.GELU(), gnn.Linear(4, 1))
    model(gv.randn(5, 3)).sum().backward()
    assert model[0].weight.grad is not None


# ── matmul's dtypes ───────────────────────────────────────────────────────────────────────
_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 2)), ((4, 2, 3), (3,)),
           ((3,), (4, 3, 2)), ((4, 2, 3), (3, 2)), ((2, 3), (4, 3, 2)), ((4, 2, 3), (4, 3, 2)),
           ((4, 2, 3), (1, 3, 2)), ((5, 4, 2, 3), (4, 3, 2)), ((3,), (4,)), ((2, 3), (4, 2))]
_MIXED = [("float32", "float64"), ("float64", "float32"), ("int64", "float32"),
          ("float32", "int64"), ("float16", "float32"), ("int32", "int64")]


@pytest.mark.parametrize(("dtypes"), _MIXED)
@pytest.mark.parametrize(("shapes"), _SHAPES)
def test_matmul_of_different_dtypes_raises_torchs_error(shapes, dtypes):
    def call(m):
        a, b = (m.ones(s, dtype=getattr(m, d)) for s, d in zip(shapes, dtypes, strict=True))
        return a @ b

    _error(call)


@pytest.mark.parametrize(("x", "w", "b"), [
    (x, w, b) for x in ("float32", "float64") for w in ("float32", "float64")
    for b in ("float32", "float64", None) if not (x == w and b in (w, None))])
@pytest.mark.parametrize("shape", [(3,), (2, 3), (5, 2, 3)])
def test_linear_of_different_dtypes_raises_torchs_error(x, w, b, shape):
    def call(m):
        bias = None if b is None else m.ones(4, dtype=getattr(m, b))
        return m.nn.functional.linear(m.ones(shape, dtype=getattr(m, x)),
                                      m.ones(4, 3, dtype=getattr(m, w)), bias)

    _error(call)


def test_mm_bmm_addmm_dot_and_layers_raise_torchs_dtype_errors():
    for call in (
        lambda m: m.mm(m.ones(2, 3), m.ones(3, 2, dtype=m.float64)),
        lambda m: m.ones(2, 3, dtype=m.float64).mm(m.ones(3, 2)),
        lambda m: m.bmm(m.ones(2, 2, 3), m.ones(2, 3, 2, dtype=m.float64)),
        lambda m: m.dot(m.ones(3), m.ones(3, dtype=m.float64)),
        lambda m: m.matmul(m.ones(3, dtype=m.int64), m.ones(3)),
        lambda m: m.addmm(m.ones(2, 2, dtype=m.float64), m.ones(2, 3), m.ones(3, 2)),
        lambda m: m.addmm(m.ones(2, 2), m.ones(2, 3, dtype=m.float64), m.ones(3, 2)),
        lambda m: m.addmm(m.ones(2, 2), m.ones(2, 3, dtype=m.float64),
                          m.ones(3, 2, dtype=m.float64)),
        lambda m: m.nn.Linear(3, 4)(m.ones(2, 3, dtype=m.float64)),
        lambda m: m.nn.Linear(3, 4)(m.ones(3, dtype=m.float64)),
        lambda m: m.nn.Linear(3, 4, bias=False)(m.ones(2, 3, dtype=m.float64)),
        lambda m: m.ones(2, 3) @ m.ones(4, 2, dtype=m.float64),  # the shapes are reported first
        lambda m: m.ones(3) @ m.ones(4, dtype=m.float64),  # but a dot product's dtypes
    ):
        _error(call)
    for dtype in (gv.float32, gv.float64, gv.int64):
        assert (gv.ones(2, 3, dtype=dtype) @ gv.ones(3, dtype=dtype)).dtype is dtype


# ── the graph view on the new ops ─────────────────────────────────────────────────────────
def _graph_loss():
    x = gv.tensor(RNG.uniform(-2, 2, (2, 3)), dtype=gv.float64, requires_grad=True)
    w = gv.tensor(RNG.uniform(0.5, 2, 3), dtype=gv.float64, requires_grad=True)
    x.name, w.name = "x", "w"
    h = (x * gv.tensor([[1.0, 0.0, 1.0], [1.0, 1.0, 1.0]], dtype=gv.float64)).cumprod(1)
    h = h.flip(0).roll(1, 1) + x.prod(0) + (x % w) + (x // w) + x.fmod(0.7)
    h = h.scatter(1, gv.tensor([[2], [0]]), w[:2].reshape(2, 1))
    h = h.scatter_add(0, gv.tensor([[1, 0, 1]]), w.reshape(1, 3))
    h = F.gelu(h) + F.gelu(h, approximate="tanh") + h.erf() + h.trunc()
    return (h * w).sum() + w.prod(), (x, w)


def test_stepper_gives_the_engine_gradients_on_the_new_ops():
    loss, leaves = _graph_loss()
    assert_stepper_matches_engine(loss, leaves, {
        "cumprod", "flip", "roll", "prod", "remainder", "floor_divide", "fmod", "scatter",
        "scatter_add", "gelu", "erf", "trunc"})


def test_scalar_view_expands_the_new_ops():
    assert_scalar_view_matches_engine(*_graph_loss())

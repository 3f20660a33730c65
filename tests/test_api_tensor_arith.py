"""Tensor's fused and smaller arithmetic beside PyTorch: ``addcmul``/``addcdiv`` (value=, the
in-place forms an optimizer written from scratch uses), ``addbmm``, ``aminmax``, ``renorm``,
``diagflat``, ``split_with_sizes``, ``sum_to_size``, ``ldexp``, ``frexp``, ``gcd``, ``lcm``,
the shifts, ``isposinf``/``isneginf``/``isreal``, ``cross`` and ``svd``: values and dtypes,
float64 gradients (≤ 1e-9) against torch and finite differences, ``grad_fn`` names, errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from api_pairs import same, same_grad

import gradviz as gv


def _x(*shape, seed=0, low=-2.0):
    return np.random.default_rng(seed).uniform(low, 2, shape)


@pytest.mark.parametrize("value", [1, 0.3, -2])
def test_addcmul_addcdiv_gradients(value):
    shapes = (_x(3, 4), _x(4, seed=1), _x(3, 1, seed=2, low=0.5))
    same_grad(lambda m, a, b, c: a.addcmul(b, c, value=value), *shapes)
    same_grad(lambda m, a, b, c: m.addcdiv(a, b, c, value=value), *shapes)


def test_addcmul_addcdiv_float32_bits_names_and_errors():
    rng = np.random.default_rng(3)
    a, b, c = (rng.standard_normal((5, 7)).astype(np.float32) for _ in range(3))
    for name in ("addcmul", "addcdiv"):
        ours = getattr(gv, name)(gv.tensor(a), gv.tensor(b), gv.tensor(np.abs(c) + 0.5),
                                 value=0.001)
        theirs = getattr(torch, name)(torch.tensor(a), torch.tensor(b),
                                      torch.tensor(np.abs(c) + 0.5), value=0.001)
        assert np.array_equal(ours.numpy(), theirs.numpy())  # PyTorch's order of operations
        x = gv.randn(3, requires_grad=True)
        assert type(getattr(x, name)(x, x.detach() + 3).grad_fn).__name__ == (
            f"{name.title()}Backward0")
    same(lambda m: m.tensor([1, 2]).addcdiv(m.tensor([1, 2]), m.tensor([1, 2])))
    same(lambda m: m.tensor([1, 2]).addcmul(m.tensor([3, 2]), m.tensor([1, 5]), value=2))


def test_adam_step_from_scratch():
    # v.mul_(β₂).addcmul_(g, g, value=1 − β₂); p.addcdiv_(m, v.sqrt().add_(ε), value=−lr)
    results = []
    for m in (torch, gv):
        m.manual_seed(0)
        p, g = m.tensor([[0.5, -1.0], [2.0, 0.25]]), m.tensor([[0.1, -0.3], [0.2, 0.05]])
        exp_avg, exp_avg_sq = m.zeros_like(p), m.zeros_like(p)
        for _ in range(3):
            exp_avg.mul_(0.9).add_(g, alpha=0.1)
            exp_avg_sq.mul_(0.999).addcmul_(g, g, value=0.001)
            p.addcdiv_(exp_avg, exp_avg_sq.sqrt().add_(1e-8), value=-0.01)
        results.append((p.numpy().copy(), p._version))
    assert np.array_equal(results[0][0], results[1][0]) and results[0][1] == results[1][1]
    same(lambda m: m.ones(2, requires_grad=True).addcmul_(m.ones(2), m.ones(2)))
    same(lambda m: m.ones(2).addcdiv_(m.ones(3, 2), m.ones(3, 2)))
    same(lambda m: m.ones(2, dtype=m.int64).addcmul_(m.ones(2), m.ones(2)))


def test_addbmm():
    same_grad(lambda m, c, a, b: c.addbmm(a, b), _x(3, 4), _x(2, 3, 5, seed=1),
              _x(2, 5, 4, seed=2))
    same_grad(lambda m, c, a, b: m.addbmm(c, a, b, beta=0.5, alpha=-2), _x(4), _x(2, 3, 5, seed=1),
              _x(2, 5, 4, seed=2))
    x = gv.randn(3, 4, requires_grad=True)
    assert type(x.addbmm(gv.randn(2, 3, 5), gv.randn(2, 5, 4)).grad_fn).__name__ == (
        "AddbmmBackward0")
    same(lambda m: m.zeros(3, 4).addbmm(m.zeros(2, 3, 5), m.zeros(2, 4, 4)))
    same(lambda m: m.zeros(3, 4).addbmm(m.zeros(2, 3, 5), m.zeros(3, 5, 4)))
    same(lambda m: m.ones(3, 4).addbmm_(m.ones(2, 3, 5), m.ones(2, 5, 4), beta=2))


def test_aminmax():
    same_grad(lambda m, x: x.aminmax(), _x(3, 4))
    same_grad(lambda m, x: m.aminmax(x, dim=1).max, _x(3, 4))
    same_grad(lambda m, x: x.aminmax(dim=0, keepdim=True).min, _x(3, 4))
    same_grad(lambda m, x: x.aminmax().min, np.array([1.0, -1.0, -1.0, 2.0]), check_fd=False)
    same(lambda m: m.tensor([[3, 1], [2, 7]]).aminmax(dim=-1))
    same(lambda m: m.zeros(0).aminmax())
    ours = gv.tensor([1.0, 5.0], requires_grad=True).aminmax()
    assert repr(ours) == ("gradviz.return_types.aminmax(\n"
                          "min=tensor(1., grad_fn=<AminmaxBackward0>),\n"
                          "max=tensor(5., grad_fn=<AminmaxBackward0>))")
    assert gv.return_types.aminmax is type(ours) and ours._fields == ("min", "max")


def test_renorm():
    same_grad(lambda m, x: x.renorm(2, 0, 1.5), _x(3, 4))
    same_grad(lambda m, x: x.renorm(1, 1, 2.0), _x(3, 4))
    same_grad(lambda m, x: x.renorm(3, -1, 0.5), _x(2, 3, 4))
    same(lambda m: m.ones(5).renorm(2, 0, 1.0))
    same(lambda m: m.tensor([[1.0, 2.0], [0.1, 0.2]]).renorm_(2, 0, 1))
    x = gv.randn(3, 3, requires_grad=True)
    assert type(x.renorm(2, 0, 1).grad_fn).__name__ == "RenormBackward0"


def test_shapes_diagflat_split_with_sizes_sum_to_size():
    same_grad(lambda m, x: x.diagflat(), _x(2, 2))
    same_grad(lambda m, x: x.diagflat(-1), _x(3))
    same_grad(lambda m, x: x.split_with_sizes([1, 3], 1)[1], _x(2, 4))
    same_grad(lambda m, x: x.split_with_sizes((2, 1))[0], _x(3, 2))
    same_grad(lambda m, x: x.sum_to_size(1, 4), _x(3, 4))
    same_grad(lambda m, x: x.sum_to_size((3, 1)), _x(2, 3, 4))
    same_grad(lambda m, x: x.sum_to_size(4), _x(2, 3, 4))
    same_grad(lambda m, x: x.sum_to_size(2, 3, 4), _x(2, 3, 4))
    x = gv.randn(2, 4, requires_grad=True)
    assert type(x.diagflat().grad_fn).__name__ == "DiagEmbedBackward0"
    assert type(x.split_with_sizes([1, 3], 1)[0].grad_fn).__name__ == "SplitWithSizesBackward0"
    assert type(x.sum_to_size(1, 4).grad_fn).__name__ == "SumBackward1"
    assert x.sum_to_size(2, 4) is x
    same(lambda m: m.zeros(2, 3).sum_to_size(4))
    same(lambda m: m.zeros(2, 3).sum_to_size(2, 2, 3))
    same(lambda m: m.zeros(5).split_with_sizes([1, 2]))


def test_ldexp_and_frexp():
    # (Non-negative exponents: PyTorch's backward takes 2 ** −2 in integers, 0.)
    same_grad(lambda m, x: x.ldexp(m.tensor([1, 2, 3, 0])), _x(3, 4))
    same_grad(lambda m, x: x.ldexp(m.tensor([-1.5, 2.0, 0.5, 0.0])), _x(3, 4))
    same(lambda m: m.tensor([1, 3]).ldexp(m.tensor([1, 2])))
    same(lambda m: m.tensor([1.0, 3.0]).ldexp_(m.tensor([2])))
    x = gv.randn(3, requires_grad=True)
    assert type(x.ldexp(gv.tensor([1])).grad_fn).__name__ == "LdexpBackward0"
    same(lambda m: m.tensor([0.0, -3.5, 8.0, 1e-3, m.inf]).frexp())
    same(lambda m: m.tensor([5.0, 0.3], dtype=m.float64).frexp())
    same(lambda m: m.tensor([5, 3]).frexp())
    same_grad(lambda m, x: x.frexp().mantissa, _x(3, 4) * 10)
    assert type(x.frexp().mantissa.grad_fn).__name__ == "FrexpBackward0"
    assert repr(gv.tensor([8.0]).frexp()).startswith(
        "gradviz.return_types.frexp(\nmantissa=tensor([0.5000]),\nexponent=tensor([4], dtype=")


def test_integer_functions():
    a, b = [12, -18, 7, 0], [8, 12, -21, 5]
    for name in ("gcd", "lcm", "bitwise_left_shift", "bitwise_right_shift"):
        same(lambda m, n=name: getattr(m.tensor(a), n)(m.tensor([1, 2, 0, 3]) if "shift" in n
                                                      else m.tensor(b)))
        same(lambda m, n=name: getattr(m.tensor(a, dtype=m.int32), f"{n}_")(m.tensor(b).abs()
                                                                             % 5))
        same(lambda m, n=name: getattr(m.tensor([1.0]), n)(m.tensor([2.0])))
    same(lambda m: m.tensor([-8, 3]).bitwise_right_shift(1))
    same(lambda m: m.tensor([1, 3], dtype=m.uint8).bitwise_left_shift(m.tensor([7, 1])))


def test_infinities_and_isreal():
    values = [1.0, float("inf"), -float("inf"), float("nan")]
    for name in ("isposinf", "isneginf", "isreal"):
        same(lambda m, n=name: getattr(m.tensor(values), n)())
        same(lambda m, n=name: getattr(m.tensor([1, 2]), n)())


def test_cross_and_svd_methods():
    same_grad(lambda m, a, b: a.cross(b, dim=1), _x(2, 3), _x(2, 3, seed=1))
    same(lambda m: m.tensor([[1.0, 0, 0]]).cross(m.tensor([[0.0, 1, 0]])))
    a = np.random.default_rng(0).standard_normal((4, 3))
    for some in (True, False):
        u, s, v = gv.tensor(a).svd(some=some)
        tu, ts, tv = torch.tensor(a).svd(some=some)
        assert u.shape == tuple(tu.shape) and v.shape == tuple(tv.shape)
        np.testing.assert_allclose(s.numpy(), ts.numpy(), rtol=1e-12)
        np.testing.assert_allclose((u[:, :3] * s) @ v.T, a, atol=1e-12)


def test_clamp_with_tensor_bounds():
    x, lo, hi = _x(3, 4), _x(4, seed=1) - 0.5, _x(3, 1, seed=2) + 1
    same_grad(lambda m, a, b: a.clamp(b), x, lo)
    same_grad(lambda m, a, b, c: m.clamp(a, b, c), x, lo, hi)
    same_grad(lambda m, a, c: a.clamp(max=c), x, hi)
    same_grad(lambda m, a, b: a.clamp_min(b), x, lo)
    same_grad(lambda m, a, c: a.clamp_max(c), x, hi)
    for call, name in ((lambda a, b: a.clamp(b), "ClampBackward0"),
                       (lambda a, b: a.clamp_min(b), "ClampMinBackward1"),
                       (lambda a, b: a.clamp_max(b), "ClampMaxBackward1")):
        ours = call(gv.randn(3, requires_grad=True), gv.zeros(3))
        assert type(ours.grad_fn).__name__ == name
    same(lambda m: m.tensor([1, 5]).clamp(m.tensor([2.0, 2.0])))
    same(lambda m: m.ones(2).clamp(m.zeros(3, 2)))
    same(lambda m: m.ones(2).clamp(m.zeros(3)))
    same(lambda m: m.tensor([0.5, -1.0, 3.0]).clamp_min_(m.tensor([0.0, 0.0, 4.0])))
    same(lambda m: m.tensor([0.5, -1.0, 3.0]).clamp_max_(m.tensor(0.7)))

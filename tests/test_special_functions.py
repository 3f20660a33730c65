"""The special and elementwise functions (``torch.lgamma``, ``polygamma``, ``erfinv``, ``i0``,
``hypot``, ``copysign``, …, and ``torch.special``) against PyTorch: values over wide ranges and
at the edges (poles, ±0, ±inf, nan), result dtypes, node names, in-place forms and errors word
for word.  Their gradients are checked with every registry row (`test_op_rows`, cases in
`op_cases`)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv
import gradviz.special

RNG = np.random.default_rng(11)
EDGES = np.array([0.0, -0.0, 1.0, 2.0, -1.0, -2.0, 0.5, -0.5, 1e-10, -1e-10, 8.0, -8.0, 10.0,
                  26.6, -30.0, 1e10, -1e10, 1e17, np.inf, -np.inf, np.nan])
WIDE = np.concatenate([RNG.uniform(-25, 25, 400), RNG.uniform(-3, 3, 400), EDGES])
UNIT = np.concatenate([RNG.uniform(0, 1, 300), 10.0 ** -np.arange(1, 300, 11),
                       1 - 10.0 ** -np.arange(1, 16), [0.0, 1.0, -0.5, 1.5, np.nan]])

# Within 1e-6 of ±1, erf⁻¹'s Newton steps subtract numbers that agree to 10 digits: there the
# last bits of erf decide, and PyTorch's C library erf and Cody's differ (by up to 5e-5).
CENTRAL = UNIT[(np.abs(UNIT * 2 - 1) < 1 - 1e-6) | (np.abs(UNIT * 2 - 1) >= 1) | np.isnan(UNIT)]


def _same(ours, theirs, rtol=1e-9, atol=1e-13):
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=rtol, atol=atol)


UNARY = [(lambda lib: lib.lgamma, WIDE), (lambda lib: lib.digamma, WIDE),
         (lambda lib: lib.erfc, WIDE), (lambda lib: lib.expm1, WIDE[:-6]),
         (lambda lib: lib.i0, WIDE[:-6]), (lambda lib: lib.sinc, WIDE),
         (lambda lib: lib.deg2rad, WIDE), (lambda lib: lib.rad2deg, WIDE),
         (lambda lib: lib.frac, WIDE), (lambda lib: lib.erfinv, CENTRAL * 2 - 1),
         (lambda lib: lib.logit, UNIT), (lambda lib: lib.special.ndtri, UNIT),
         (lambda lib: lib.special.log_ndtr, WIDE), (lambda lib: lib.special.erfcx, WIDE),
         (lambda lib: lib.special.entr, WIDE), (lambda lib: lib.special.i0e, WIDE),
         (lambda lib: lib.special.i1, WIDE[:-6]), (lambda lib: lib.special.i1e, WIDE),
         (lambda lib: lib.special.ndtr, WIDE), (lambda lib: lib.special.expit, WIDE),
         (lambda lib: lib.special.gammaln, WIDE), (lambda lib: lib.special.psi, WIDE)]


@pytest.mark.parametrize(("pick", "points"), UNARY)
def test_values_are_torchs_in_float64_and_float32(pick, points):
    _same(pick(gv)(gv.tensor(points)), pick(torch)(torch.tensor(points)))
    small = points[np.abs(points) < 20]  # float32: where the results are of float32 size
    ours = pick(gv)(gv.tensor(small, dtype=gv.float32))
    theirs = pick(torch)(torch.tensor(small, dtype=torch.float32))
    assert ours.dtype == gv.float32
    _same(ours, theirs, rtol=2e-5, atol=1e-6)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 6])
def test_polygamma_is_torchs(n):
    _same(gv.polygamma(n, gv.tensor(WIDE)), torch.polygamma(n, torch.tensor(WIDE)))
    _same(gv.special.polygamma(n, gv.tensor(UNIT[:50] + 0.1)),
          torch.special.polygamma(n, torch.tensor(UNIT[:50] + 0.1)))


def test_zeta_and_multigammaln_are_torchs():
    x = np.array([1.0, 0.5, 2.0, 3.5, 6.0, 2.0, 3.0, 2.5])
    q = np.array([1.0, 2.0, -1.0, -2.5, 0.3, 1e-3, 50.0, -0.5])
    _same(gv.special.zeta(gv.tensor(x), gv.tensor(q)),
          torch.special.zeta(torch.tensor(x), torch.tensor(q)))
    _same(gv.special.zeta(2.0, gv.tensor(q)), torch.special.zeta(2.0, torch.tensor(q)))
    _same(gv.special.zeta(gv.tensor(x), 1.5), torch.special.zeta(torch.tensor(x), 1.5))
    a = np.abs(WIDE[:200]) + 1.5
    for p in (1, 2, 5):
        _same(gv.special.multigammaln(gv.tensor(a), p),
              torch.special.multigammaln(torch.tensor(a), p))
        _same(gv.tensor(a).mvlgamma(p), torch.tensor(a).mvlgamma(p))
    x = gv.tensor([2.5, 3.0], dtype=gv.float64, requires_grad=True)
    with pytest.raises(NotImplementedError, match="the derivative for 'zeta' is not implemented"):
        gv.special.zeta(x, gv.tensor([1.5, 2.0], dtype=gv.float64)).sum().backward()
    with pytest.raises(RuntimeError, match="p has to be greater than or equal to 1"):
        gv.mvlgamma(gv.tensor([1.4]), 0)


@pytest.mark.parametrize("pick", [lambda lib: lib.hypot, lambda lib: lib.logaddexp,
                                  lambda lib: lib.logaddexp2, lambda lib: lib.copysign,
                                  lambda lib: lib.nextafter, lambda lib: lib.special.xlog1py,
                                  lambda lib: lib.float_power])
def test_binary_values_are_torchs(pick):
    a, b = RNG.uniform(-30, 30, (4, 6)), RNG.uniform(-30, 30, 6)
    b[:2] = [0.0, -0.0]
    if pick(torch) is torch.float_power:
        a = np.abs(a)
    _same(pick(gv)(gv.tensor(a), gv.tensor(b)), pick(torch)(torch.tensor(a), torch.tensor(b)),
          rtol=1e-12, atol=0)


def test_result_dtypes_are_torchs():
    ints = [1, 0, -2]
    for name in ("erfinv", "lgamma", "digamma", "i0", "sinc", "erfc", "expm1", "deg2rad",
                 "rad2deg", "logit"):
        ours, theirs = getattr(gv, name)(gv.tensor(ints)), getattr(torch, name)(torch.tensor(ints))
        assert ours.dtype.name == str(theirs.dtype).split(".")[1], name
        _same(ours, theirs, rtol=1e-6)
    assert gv.polygamma(1, gv.tensor([1, 2])).dtype == gv.float32
    assert gv.copysign(gv.tensor([3, 0, -1]), -1).tolist() == [-3.0, -0.0, -1.0]
    assert gv.float_power(gv.tensor([2]), 0.5).dtype == gv.float64
    assert gv.float_power(2, gv.tensor([2.0, 3.0])).dtype == gv.float64
    assert gv.float_power(gv.tensor([1, 2]), gv.tensor([2, 3])).tolist() == [1.0, 8.0]


def test_heaviside_and_signbit_are_torchs():
    x = [3.0, 0.0, -0.0, -1.0, np.nan]
    for values in ([0.5], [2.0, 2.0, 2.0, 2.0, 2.0]):
        ours = gv.heaviside(gv.tensor(x), gv.tensor(values))
        theirs = torch.heaviside(torch.tensor(x), torch.tensor(values))
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    assert gv.heaviside(gv.tensor([3, 0, -1]), gv.tensor(2)).tolist() == [1, 2, 0]
    assert gv.signbit(gv.tensor(x)).tolist() == torch.signbit(torch.tensor(x)).tolist()
    assert gv.tensor([3, 0, -1]).signbit().tolist() == [False, False, True]


def test_node_names_are_torchs():
    def names(lib):
        x = lib.tensor([0.3, 0.6], dtype=lib.float64, requires_grad=True)
        made = [lib.erfinv(x), lib.lgamma(x), lib.digamma(x), lib.polygamma(2, x), lib.i0(x),
                lib.sinc(x), lib.frac(x), lib.erfc(x), lib.expm1(x), lib.deg2rad(x),
                lib.rad2deg(x), lib.hypot(x, x), lib.logaddexp(x, x), lib.logaddexp2(x, x),
                lib.copysign(x, x), lib.copysign(x, -1.0), lib.nextafter(x, x),
                lib.float_power(x, x), lib.float_power(x, 2), lib.logit(x, 0.1),
                lib.special.entr(x), lib.special.ndtri(x), lib.special.log_ndtr(x),
                lib.special.erfcx(x), lib.special.i0e(x), lib.special.i1(x),
                lib.special.i1e(x), lib.special.xlog1py(x, x), lib.special.expit(x),
                lib.special.gammaln(x), lib.special.psi(x), lib.special.logit(x),
                x.xlogy(x), lib.special.softmax(x, 0), lib.special.log_softmax(x, 0),
                lib.special.logsumexp(x, 0), lib.special.zeta(x + 2, x),
                lib.special.zeta(2.5, x), lib.special.multigammaln(x + 2, 2), lib.mvlgamma(x, 1)]
        return [type(t.grad_fn).__name__ for t in made]

    assert names(gv) == names(torch)


def test_torch_special_names_are_all_there():
    wanted = ["erf", "erfc", "erfcx", "erfinv", "expit", "logit", "xlogy", "xlog1py", "gammaln",
              "digamma", "psi", "polygamma", "i0", "i0e", "i1", "i1e", "sinc", "log_softmax",
              "softmax", "logsumexp", "entr", "ndtr", "ndtri", "log_ndtr", "expm1", "exp2",
              "log1p", "round", "zeta", "multigammaln"]
    assert set(wanted) <= set(gradviz.special.__all__)
    x = RNG.uniform(0.05, 0.95, (2, 3))
    for name in wanted:
        args = (1, x) if name == "polygamma" else (x, 1) if name in ("log_softmax", "softmax",
                                                                    "logsumexp") else \
            (x, x) if name in ("xlogy", "xlog1py") else (x + 1, x) if name == "zeta" else \
            (x + 1, 2) if name == "multigammaln" else (x,)
        ours = getattr(gv.special, name)(*[gv.tensor(a) if isinstance(a, np.ndarray) else a
                                           for a in args])
        theirs = getattr(torch.special, name)(*[torch.tensor(a) if isinstance(a, np.ndarray)
                                                else a for a in args])
        _same(ours, theirs, rtol=1e-12)


def test_methods_and_in_place_forms_are_torchs():
    x = RNG.uniform(0.1, 0.9, 5)
    for name, args in [("erfinv", ()), ("lgamma", ()), ("digamma", ()), ("i0", ()),
                       ("sinc", ()), ("frac", ()), ("erfc", ()), ("expm1", ()), ("deg2rad", ()),
                       ("rad2deg", ()), ("logit", (0.2,)), ("polygamma", (2,)),
                       ("hypot", (x,)), ("copysign", (-x,)), ("nextafter", (x + 1,)),
                       ("xlogy", (x,)), ("float_power", (2,))]:
        ours_args = [gv.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
        theirs_args = [torch.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
        _same(getattr(gv.tensor(x), name)(*ours_args),
              getattr(torch.tensor(x), name)(*theirs_args), rtol=1e-12)
        ours, theirs = gv.tensor(x), torch.tensor(x)
        assert getattr(ours, name + "_")(*ours_args) is ours
        getattr(theirs, name + "_")(*theirs_args)
        _same(ours, theirs, rtol=1e-12)
    for name in ("logaddexp", "logaddexp2"):
        _same(getattr(gv.tensor(x), name)(gv.tensor(x[::-1].copy())),
              getattr(torch.tensor(x), name)(torch.tensor(x[::-1].copy())), rtol=1e-12)
    y = gv.tensor(x, requires_grad=True) * 1
    y.lgamma_()
    assert type(y.grad_fn).__name__ == "LgammaBackward0"


@pytest.mark.parametrize(("call", "kind"), [
    (lambda lib: lib.polygamma(-1, lib.ones(2)), RuntimeError),
    (lambda lib: lib.polygamma(1.5, lib.ones(2)), TypeError),
    (lambda lib: lib.frac(lib.tensor([1, 0])), NotImplementedError),
    (lambda lib: lib.hypot(lib.tensor([3]), lib.tensor([4])), NotImplementedError),
    (lambda lib: lib.hypot(lib.tensor([3.0]), 4), TypeError),
    (lambda lib: lib.logaddexp(lib.tensor([3]), lib.tensor([4])), NotImplementedError),
    (lambda lib: lib.nextafter(lib.tensor([1]), lib.tensor([2])), NotImplementedError),
    (lambda lib: lib.heaviside(lib.tensor([3.0, 0]), 0.5), TypeError),
    (lambda lib: lib.heaviside(lib.tensor([3.0, 0]), lib.tensor(2)), RuntimeError),
    (lambda lib: lib.ones(3).float_power_(2), RuntimeError),
    (lambda lib: lib.ones(3, dtype=lib.int64).erfinv_(), RuntimeError),
    (lambda lib: lib.ones(3, dtype=lib.int64).deg2rad_(), RuntimeError),
    (lambda lib: lib.ones(3, dtype=lib.int64).frac_(), NotImplementedError),
])
def test_errors_are_torchs(call, kind):
    with pytest.raises(kind) as theirs:
        call(torch)
    with pytest.raises(kind) as ours:
        call(gv)
    assert str(ours.value) == str(theirs.value)

"""`Normal`, `Uniform` and `Independent` against `torch.distributions`: moments, log_prob,
entropy, cdf and icdf (float64, to 1e-9) with their gradients (and finite differences), the
shapes of draws, the reparametrised draw's gradient, reprs and the argument checks' texts."""

import numpy as np
import pytest
import torch

import gradviz as gv
from gradviz.distributions import Independent, Normal, Uniform
from gradviz.distributions.normal import Normal as NormalByPath
from gradviz.engine.gradcheck import numerical_grad

rng = np.random.default_rng(5)
LOC, SCALE = rng.standard_normal((2, 3)), rng.uniform(0.3, 2.0, (2, 3))
VALUE = rng.standard_normal((4, 2, 3))


def _run(lib, make, score):
    """score(distribution, value) and the gradients of its weighted sum (params, value)."""
    params = [lib.tensor(p, dtype=lib.float64, requires_grad=True) for p in make["params"]]
    value = lib.tensor(make["value"], dtype=lib.float64, requires_grad=True)
    dist = getattr(lib.distributions, make["name"])(*params)
    out = score(dist, value)
    weights = lib.tensor(np.linspace(0.5, 1.5, out.numel()).reshape(tuple(out.shape)),
                         dtype=lib.float64)
    (out * weights).sum().backward()
    grads = [p.grad for p in params] + [value.grad]
    return out.detach().numpy(), [None if g is None else g.numpy() for g in grads]


NORMAL = {"name": "Normal", "params": (LOC, SCALE), "value": VALUE}
UNIFORM = {"name": "Uniform", "params": (0.2 * LOC - 2, 0.2 * LOC + SCALE + 2),
           "value": np.clip(VALUE, -1.3, 1.3)}
SCORES = {
    "log_prob": lambda d, v: d.log_prob(v),
    "cdf": lambda d, v: d.cdf(v),
    "entropy": lambda d, v: d.entropy() + 0 * v.sum(),
    "mean": lambda d, v: d.mean + 0 * v.sum(),
    "stddev": lambda d, v: d.stddev + 0 * v.sum(),
    "variance": lambda d, v: d.variance + 0 * v.sum(),
}


@pytest.mark.parametrize("family", [NORMAL, UNIFORM], ids=["normal", "uniform"])
@pytest.mark.parametrize("score", SCORES)
def test_scores_and_gradients_as_torch(family, score):
    ours, theirs = _run(gv, family, SCORES[score]), _run(torch, family, SCORES[score])
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-9, atol=1e-12)
    for a, b in zip(ours[1], theirs[1], strict=True):
        if b is None:
            assert a is None or not np.any(a)
        else:
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def test_uniform_icdf_as_torch():
    u = np.linspace(0.05, 0.95, 6).reshape(2, 3)
    ours = Uniform(gv.tensor(LOC), gv.tensor(LOC + 1)).icdf(gv.tensor(u))
    theirs = torch.distributions.Uniform(torch.tensor(LOC), torch.tensor(LOC + 1)).icdf(
        torch.tensor(u))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)


def test_normal_icdf_and_its_gradients_as_torch():
    family = {"name": "Normal", "params": (LOC, SCALE),
              "value": np.linspace(0.02, 0.98, 24).reshape(4, 2, 3)}
    ours, theirs = _run(gv, family, lambda d, p: d.icdf(p)), _run(torch, family,
                                                                  lambda d, p: d.icdf(p))
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-9, atol=1e-12)
    for a, b in zip(ours[1], theirs[1], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    assert Normal(0.0, 1.0).icdf(gv.tensor(0.5)).item() == 0.0


def test_log_prob_finite_differences():
    inputs = [gv.tensor(a, dtype=gv.float64, requires_grad=True) for a in (LOC, SCALE, VALUE)]

    def log_prob(loc, scale, value):
        return Normal(loc, scale).log_prob(value)

    weights = gv.tensor(rng.standard_normal(VALUE.shape), dtype=gv.float64)
    (log_prob(*inputs) * weights).sum().backward()
    for i, t in enumerate(inputs):
        numeric = numerical_grad(lambda *xs: log_prob(*xs) * weights, inputs, i, 1e-6)
        np.testing.assert_allclose(t.grad.numpy(), numeric, rtol=1e-6, atol=1e-8)


def test_rsample_is_loc_plus_eps_scale_with_its_gradient():
    loc = gv.tensor(LOC, dtype=gv.float64, requires_grad=True)
    scale = gv.tensor(SCALE, dtype=gv.float64, requires_grad=True)
    gv.manual_seed(0)
    draw = Normal(loc, scale).rsample((5,))
    gv.manual_seed(0)
    eps = gv.empty((5, 2, 3), dtype=gv.float64).normal_()
    np.testing.assert_allclose(draw.detach().numpy(), (LOC + eps.numpy() * SCALE), rtol=1e-12)
    draw.sum().backward()
    np.testing.assert_allclose(loc.grad.numpy(), np.full(LOC.shape, 5.0))
    np.testing.assert_allclose(scale.grad.numpy(), eps.numpy().sum(0), rtol=1e-12)


@pytest.mark.parametrize("sample_shape", [(), (4,), (2, 5)])
def test_draw_shapes_dtypes_and_no_graph(sample_shape):
    for ours, theirs in [
        (Normal(gv.tensor(LOC, requires_grad=True), 1.0),
         torch.distributions.Normal(torch.tensor(LOC, requires_grad=True), 1.0)),
        (Normal(0.0, 2.0), torch.distributions.Normal(0.0, 2.0)),
        (Uniform(gv.zeros(3), 2.0), torch.distributions.Uniform(torch.zeros(3), 2.0)),
        (Independent(Normal(gv.zeros(2, 3), 1.0), 1),
         torch.distributions.Independent(torch.distributions.Normal(torch.zeros(2, 3), 1.0), 1)),
    ]:
        a, b = ours.sample(sample_shape), theirs.sample(sample_shape)
        assert tuple(a.shape) == tuple(b.shape)
        assert str(a.dtype).split(".")[-1] == str(b.dtype).split(".")[-1]
        assert not a.requires_grad and not b.requires_grad
        assert tuple(ours.batch_shape) == tuple(theirs.batch_shape)
        assert tuple(ours.event_shape) == tuple(theirs.event_shape)


def test_independent_as_torch():
    ours = Independent(Normal(gv.tensor(LOC), gv.tensor(SCALE)), 1)
    theirs = torch.distributions.Independent(
        torch.distributions.Normal(torch.tensor(LOC), torch.tensor(SCALE)), 1)
    for name in ("log_prob", "entropy"):
        args = (VALUE,) if name == "log_prob" else ()
        a = getattr(ours, name)(*map(gv.tensor, args))
        b = getattr(theirs, name)(*map(torch.tensor, args))
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-12)
    with pytest.raises(ValueError) as error:
        Independent(Normal(gv.zeros(3), 1.0), 2)
    assert str(error.value) == ("Expected reinterpreted_batch_ndims <= "
                                "len(base_distribution.batch_shape), actual 2 vs 1")


def _same_text(ours: str, theirs: str) -> None:
    assert ours == theirs.replace("torch.", "gradviz.")


def test_reprs_as_torch():
    for make in (lambda lib: lib.distributions.Normal(lib.zeros(3), lib.ones(3)),
                 lambda lib: lib.distributions.Normal(0.0, 1.0),
                 lambda lib: lib.distributions.Normal(lib.zeros(1), 2.0),
                 lambda lib: lib.distributions.Uniform(0.0, lib.ones(2)),
                 lambda lib: lib.distributions.Independent(
                     lib.distributions.Normal(lib.zeros(2), 1.0), 1)):
        _same_text(repr(make(gv)), repr(make(torch)))


@pytest.mark.parametrize("case", ["scale 0", "nan loc", "value shape", "nan value",
                                  "not a tensor", "low >= high", "outside", "outside batch",
                                  "low >= high batch"])
def test_argument_checks_as_torch(case):
    def call(lib):
        D = lib.distributions
        normal = D.Normal(lib.zeros(3), lib.ones(3))
        {"scale 0": lambda: D.Normal(lib.zeros(3), lib.tensor([1.0, 0.0, 2.0])),
         "nan loc": lambda: D.Normal(lib.tensor(float("nan")), 1.0),
         "value shape": lambda: normal.log_prob(lib.zeros(2)),
         "nan value": lambda: normal.log_prob(lib.tensor([0.0, float("nan"), 0.0])),
         "not a tensor": lambda: normal.log_prob([0.0]),
         "low >= high": lambda: D.Uniform(1.0, 0.0),
         "outside": lambda: D.Uniform(0.0, 2.0).log_prob(lib.tensor(3.0)),
         "outside batch": lambda: D.Uniform(lib.zeros(2), lib.tensor([1.0, 2.0])).log_prob(
             lib.tensor([0.5, 2.5])),
         "low >= high batch": lambda: D.Uniform(lib.tensor([0.0, 3.0]), 2.0)}[case]()

    with pytest.raises(ValueError) as theirs:
        call(torch)
    with pytest.raises(ValueError) as ours:
        call(gv)
    _same_text(str(ours.value), str(theirs.value))


def test_validate_args_false_lets_them_through():
    assert Normal(0.0, -1.0, validate_args=False).scale.item() == -1.0
    assert np.isnan(Normal(0.0, 1.0, validate_args=False).log_prob(gv.tensor(np.nan)).item())


def test_module_paths_as_torch():
    assert NormalByPath is Normal
    from gradviz.distributions.independent import Independent as ByPath
    from gradviz.distributions.uniform import Uniform as UniformByPath

    assert ByPath is Independent and UniformByPath is Uniform


def test_a_gaussian_policys_log_prob_as_spinning_up_sums_it():
    mu, log_std = rng.standard_normal((6, 2)), -0.5 * np.ones(2)
    act = rng.standard_normal((6, 2))
    results = []
    for lib in (gv, torch):
        log_std_t = lib.tensor(log_std, dtype=lib.float64, requires_grad=True)
        pi = lib.distributions.Normal(lib.tensor(mu, dtype=lib.float64), lib.exp(log_std_t))
        logp = pi.log_prob(lib.tensor(act, dtype=lib.float64)).sum(axis=-1)
        (-(logp * lib.tensor(np.arange(6.0), dtype=lib.float64)).mean()).backward()
        results.append((logp.detach().numpy(), log_std_t.grad.numpy(),
                        pi.entropy().mean().item()))
    for a, b in zip(*results, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9)

"""The rest of torch.optim (Adamax, NAdam, RAdam, ASGD, Rprop, Adafactor, LBFGS) side by side
with PyTorch's: the same problems, the same trajectories, states, groups and errors."""

import inspect

import numpy as np
import pytest
import torch

import gradviz
from gradviz import optim

STEPS = 20

# (optimizer name, keyword arguments): the defaults and each main flag.
VARIANTS = [
    ("Adamax", dict()),
    ("Adamax", dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    ("Adamax", dict(lr=0.05, maximize=True)),
    ("NAdam", dict()),
    ("NAdam", dict(lr=0.05, momentum_decay=0.01, weight_decay=0.1)),
    ("NAdam", dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True)),
    ("RAdam", dict()),
    ("RAdam", dict(lr=0.05, weight_decay=0.1)),
    # β₂ = 0.9 switches the rectified step on from step 6 (ρₜ > 5)
    ("RAdam", dict(lr=0.05, betas=(0.9, 0.9), weight_decay=0.1, decoupled_weight_decay=True)),
    ("ASGD", dict()),
    ("ASGD", dict(lr=0.05, lambd=0.01, alpha=0.5, t0=5, weight_decay=0.1)),  # averages from 5
    ("Rprop", dict()),
    ("Rprop", dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.2))),
    ("Rprop", dict(maximize=True)),
    ("Adafactor", dict()),
    ("Adafactor", dict(lr=0.05, beta2_decay=-0.5, eps=(1e-20, 1e-2), d=1.5, weight_decay=0.1)),
    ("Adafactor", dict(maximize=True)),
]
IDS = [f"{n}-{'-'.join(k) or 'default'}" for n, k in VARIANTS]


def regression(lib, dtype):
    """A matrix W (Adafactor factors its second moment), a vector b and a 0-dim scale s:
    mean((s·(XW + b) − Y)²) + (s − 0.3)²."""
    rng = np.random.default_rng(0)
    dt = getattr(lib, dtype)
    params = [lib.tensor(rng.normal(size=(3, 4)), dtype=dt, requires_grad=True),
              lib.tensor(rng.normal(size=4), dtype=dt, requires_grad=True),
              lib.tensor(0.7, dtype=dt, requires_grad=True)]
    x, y = (lib.tensor(rng.normal(size=shape), dtype=dt) for shape in [(5, 3), (5, 4)])

    def loss():
        w, b, s = params
        return (((x @ w + b) * s - y) ** 2).mean() + (s - 0.3) ** 2

    return params, loss


def build(lib, name, kwargs, params, groups):
    cls = getattr(lib.optim, name)
    extra = dict(foreach=False) if lib is torch else {}
    if groups:  # W alone, then b and s with half the learning rate
        lr = kwargs.get("lr", inspect.signature(cls).parameters["lr"].default)
        params = [{"params": params[:1]}, {"params": params[1:], "lr": lr / 2}]
    return cls(params, **kwargs, **extra)


def train(lib, name, kwargs, dtype="float64", groups=False, steps=STEPS, opt=None, params=None):
    """Points visited in `steps` steps (maximize=True climbs the negated loss)."""
    fresh, loss = regression(lib, dtype)
    params = params or fresh
    opt = opt or build(lib, name, kwargs, params, groups)
    points = []
    for _ in range(steps):
        opt.zero_grad()
        value = loss()
        (-value if kwargs.get("maximize") else value).backward()
        opt.step()
        points.append(np.concatenate([p.detach().numpy().reshape(-1) for p in params]))
    return np.array(points), opt, params


def dtype_name(tensor) -> str:
    return str(tensor.dtype).rsplit(".", 1)[-1]


def assert_close(ours, theirs, rtol):
    # an element that crosses zero is compared at the trajectory's scale
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=rtol * np.abs(theirs).max() / 10)


@pytest.mark.parametrize("groups", [False, True], ids=["one-group", "two-groups"])
@pytest.mark.parametrize(("name", "kwargs"), VARIANTS, ids=IDS)
def test_float64_trajectory_matches_torch(name, kwargs, groups):
    ours, _, _ = train(gradviz, name, kwargs, groups=groups)
    theirs, _, _ = train(torch, name, kwargs, groups=groups)
    assert np.abs(theirs[-1] - theirs[0]).max() > 1e-2  # it actually moved
    assert_close(ours, theirs, 1e-9)


@pytest.mark.parametrize(("name", "kwargs"), VARIANTS, ids=IDS)
def test_float32_trajectory_matches_torch(name, kwargs):
    ours, _, params = train(gradviz, name, kwargs, dtype="float32", groups=True)
    theirs, _, _ = train(torch, name, kwargs, dtype="float32", groups=True)
    assert all(p.dtype == gradviz.float32 for p in params)
    assert_close(ours, theirs, 1e-5)


def rosenbrock_trajectory(lib, name, kwargs, steps=200):
    p = lib.tensor((-1.5, 2.0), dtype=lib.float64, requires_grad=True)
    extra = dict(foreach=False) if lib is torch else {}
    opt = getattr(lib.optim, name)([p], **kwargs, **extra)
    points = []
    for _ in range(steps):
        opt.zero_grad()
        loss = (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2
        (-loss if kwargs.get("maximize") else loss).backward()
        opt.step()
        points.append(p.detach().numpy().copy())
    return np.array(points)


@pytest.mark.parametrize(("name", "kwargs"), VARIANTS, ids=IDS)
def test_rosenbrock_trajectory_matches_torch_over_200_steps(name, kwargs):
    # The first optimizers' quality bar: 1e-10 over 200 Rosenbrock steps.  At lr = 1e-3:
    # with gradients of 10³ larger steps diverge (ASGD, RAdam's SGD phase) or, for
    # Adafactor, grow PyTorch's last-bit differences (its lerp is a fused multiply-add)
    # into 3e-3 by step 200.
    kwargs = dict(kwargs, lr=1e-3)
    ours, theirs = (rosenbrock_trajectory(lib, name, kwargs) for lib in (gradviz, torch))
    assert np.abs(theirs[-1] - theirs[0]).max() > 0.05
    assert np.isfinite(ours).all()
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-10)


@pytest.mark.parametrize(("name", "kwargs"), VARIANTS, ids=IDS)
def test_a_zero_dim_parameter_alone_moves_as_in_torch(name, kwargs):
    points = []
    for lib in (gradviz, torch):
        p = lib.tensor(1.0, dtype=lib.float64, requires_grad=True)
        opt = build(lib, name, kwargs, [p], groups=False)
        trajectory = []
        for _ in range(30):
            opt.zero_grad()
            loss = (p - 0.3) ** 2
            (-loss if kwargs.get("maximize") else loss).backward()
            opt.step()
            trajectory.append(p.item())
        points.append(trajectory)
    np.testing.assert_allclose(*points, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(("name", "kwargs"), VARIANTS, ids=IDS)
def test_state_has_torch_keys_dtypes_and_values(name, kwargs):
    _, ours, p = train(gradviz, name, kwargs)
    _, theirs, q = train(torch, name, kwargs)
    for mine, their in zip(p, q, strict=True):
        assert list(ours.state[mine]) == list(theirs.state[their])
        for key, value in theirs.state[their].items():
            assert dtype_name(ours.state[mine][key]) == dtype_name(value), key
            np.testing.assert_allclose(ours.state[mine][key].numpy(), value.numpy(),
                                       rtol=1e-9, atol=1e-14, err_msg=key)


def test_adafactor_factors_a_stack_of_matrices_as_torch_does():
    # a 3-d parameter: one row and one column factor per matrix of the stack
    rng = np.random.default_rng(0)
    start, target = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 4))
    runs = []
    for lib in (gradviz, torch):
        w = lib.tensor(start, dtype=lib.float64, requires_grad=True)
        opt = lib.optim.Adafactor([w], lr=0.05, weight_decay=0.01)
        for _ in range(STEPS):
            opt.zero_grad()
            ((w - lib.tensor(target, dtype=lib.float64)) ** 4).sum().backward()
            opt.step()
        runs.append((w.detach().numpy(), {k: v.numpy() for k, v in opt.state[w].items()}))
    (ours, state), (theirs, their_state) = runs
    assert_close(ours, theirs, 1e-9)
    assert state["row_var"].shape == (2, 3, 1) and state["col_var"].shape == (2, 1, 4)
    for key, value in their_state.items():
        assert_close(state[key], value, 1e-9)


def round_trip(lib, name, kwargs):
    """10 steps, a state_dict into a fresh optimizer built with other settings, 10 more."""
    first, opt, params = train(lib, name, kwargs, groups=True, steps=10)
    saved = opt.state_dict()
    fresh = build(lib, name, dict(kwargs, lr=123.0), params, groups=True)
    fresh.load_state_dict(saved)
    assert [g["lr"] for g in fresh.param_groups] == [g["lr"] for g in opt.param_groups]
    then, _, _ = train(lib, name, kwargs, opt=fresh, params=params, steps=10)
    return np.concatenate([first, then]), fresh, params


@pytest.mark.parametrize(("name", "kwargs"), VARIANTS, ids=IDS)
def test_state_dict_round_trip_goes_on_as_torch_s(name, kwargs):
    # PyTorch casts loaded state to the parameter's dtype (all but `step`): NAdam's
    # float32 mu_product and ASGD's eta and mu go on in float64 after a round trip.
    ours, opt, p = round_trip(gradviz, name, kwargs)
    theirs, their_opt, q = round_trip(torch, name, kwargs)
    assert_close(ours, theirs, 1e-9)
    for key, value in their_opt.state[q[1]].items():
        assert dtype_name(opt.state[p[1]][key]) == dtype_name(value), key


def test_loaded_state_is_a_copy():
    _, opt, params = train(gradviz, "NAdam", {}, steps=3)
    fresh = optim.NAdam(params)
    fresh.load_state_dict(opt.state_dict())
    fresh.state[params[0]]["exp_avg"]._data += 1
    assert not np.array_equal(fresh.state[params[0]]["exp_avg"].numpy(),
                              opt.state[params[0]]["exp_avg"].numpy())


def test_dir_starts_as_torch_s():
    # a textbook prints dir(optim)[:3] to show what torch.optim holds
    assert dir(optim)[:3] == dir(torch.optim)[:3] == ["ASGD", "Adadelta", "Adafactor"]
    assert {n for n in dir(torch.optim) if n[0].isupper()} - set(dir(optim)) == {"Muon"}


def test_sparse_adam_refuses_dense_gradients_as_torch_s_does():
    # gradviz has no sparse gradients; PyTorch's SparseAdam refuses every dense one
    for lib in (gradviz, torch):
        p = lib.ones(3, requires_grad=True)
        opt = lib.optim.SparseAdam([p], lr=0.1)
        assert list(opt.defaults) == ["lr", "betas", "eps", "maximize"]
        (p * p).sum().backward()
        with pytest.raises(RuntimeError, match="SparseAdam does not support dense gradients"):
            opt.step()


# ── L-BFGS ──────────────────────────────────────────────────────────────────────────────
def rosenbrock_and_scale(lib, dtype):
    """Rosenbrock in a 2-vector plus a 0-dim parameter's (s − 0.3)²(1 + s²)."""
    dt = getattr(lib, dtype)
    p = lib.tensor([-1.5, 2.0], dtype=dt, requires_grad=True)
    s = lib.tensor(0.7, dtype=dt, requires_grad=True)

    def loss():
        return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2 + (s - 0.3) ** 2 * (1 + s**2)

    return [p, s], loss


def least_squares(lib, dtype):
    """‖AW − Y‖² + ½ΣW⁴ + (s − 0.3)² + s⁴: a matrix and a 0-dim parameter, convex."""
    rng = np.random.default_rng(0)
    dt = getattr(lib, dtype)
    w = lib.tensor(rng.normal(size=(3, 2)), dtype=dt, requires_grad=True)
    s = lib.tensor(0.5, dtype=dt, requires_grad=True)
    a, y = (lib.tensor(rng.normal(size=shape), dtype=dt) for shape in [(5, 3), (5, 2)])

    def loss():
        return ((a @ w - y) ** 2).sum() + 0.5 * (w**4).sum() + (s - 0.3) ** 2 + s**4

    return [w, s], loss


def lbfgs_run(lib, problem, kwargs, dtype="float64", steps=STEPS):
    params, loss = problem(lib, dtype)
    opt = lib.optim.LBFGS(params, **kwargs)
    calls = []

    def closure():
        opt.zero_grad()
        value = loss()
        value.backward()
        calls.append(1)
        return value

    points, losses = [], []
    for _ in range(steps):
        losses.append(opt.step(closure).item())
        points.append(np.concatenate([p.detach().numpy().reshape(-1) for p in params]))
    return np.array(points), np.array(losses), opt, params, len(calls)


LBFGS_VARIANTS = [
    (rosenbrock_and_scale, dict(line_search_fn="strong_wolfe")),
    (rosenbrock_and_scale, dict(max_iter=5, line_search_fn="strong_wolfe")),
    (rosenbrock_and_scale, dict(lr=0.1, max_iter=5)),
    (least_squares, dict()),
    (least_squares, dict(lr=0.2, max_iter=4, history_size=3)),
    (least_squares, dict(line_search_fn="strong_wolfe")),
    (least_squares, dict(history_size=3, max_iter=7, line_search_fn="strong_wolfe")),
]
LBFGS_IDS = [f"{p.__name__}-{'-'.join(f'{k}={v}' for k, v in kw.items()) or 'default'}"
             for p, kw in LBFGS_VARIANTS]


@pytest.mark.parametrize(("problem", "kwargs"), LBFGS_VARIANTS, ids=LBFGS_IDS)
def test_lbfgs_matches_torch(problem, kwargs):
    ours, our_losses, opt, p, our_calls = lbfgs_run(gradviz, problem, kwargs)
    theirs, their_losses, their_opt, q, their_calls = lbfgs_run(torch, problem, kwargs)
    assert their_losses[-1] < 0.7 * their_losses[0]
    assert_close(ours, theirs, 1e-9)
    assert_close(our_losses, their_losses, 1e-9)
    assert our_calls == their_calls  # the same closure evaluations, line search included
    state, their_state = opt.state[p[0]], their_opt.state[q[0]]
    assert list(state) == list(their_state) and p[1] not in opt.state
    for key in ("func_evals", "n_iter"):
        assert state[key] == their_state[key]
    assert len(state["old_dirs"]) == len(their_state["old_dirs"])
    np.testing.assert_allclose(state["d"].numpy(), their_state["d"].numpy(), rtol=1e-7,
                               atol=1e-12)


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_lbfgs_in_float32_matches_torch_until_the_minimum(line_search_fn):
    # 10 steps of 2 iterations: at the minimum (step 13 on), which iteration stops at a
    # tolerance is float32 round-off, and the points then differ by √eps, 1e-4
    kwargs = dict(max_iter=2, line_search_fn=line_search_fn)
    ours, *_ = lbfgs_run(gradviz, least_squares, kwargs, dtype="float32", steps=10)
    theirs, *_ = lbfgs_run(torch, least_squares, kwargs, dtype="float32", steps=10)
    assert_close(ours, theirs, 1e-5)


def test_lbfgs_state_dict_round_trip_goes_on_as_before():
    kwargs = dict(history_size=4, max_iter=3, line_search_fn="strong_wolfe")
    straight, *_ = lbfgs_run(gradviz, least_squares, kwargs, steps=6)
    params, loss = least_squares(gradviz, "float64")
    opt = optim.LBFGS(params, **kwargs)

    def closure():
        opt.zero_grad()
        value = loss()
        value.backward()
        return value

    for _ in range(3):
        opt.step(closure)
    fresh = optim.LBFGS(params, lr=0.5, **kwargs)
    fresh.load_state_dict(opt.state_dict())
    assert fresh.state[params[0]]["old_dirs"][0] is not opt.state[params[0]]["old_dirs"][0]
    opt = fresh
    for _ in range(3):
        opt.step(closure)
    np.testing.assert_array_equal(np.concatenate([p.detach().numpy().reshape(-1)
                                                  for p in params]), straight[-1])


def test_lbfgs_refuses_groups_and_other_line_searches_like_torch():
    for lib in (gradviz, torch):
        a, b = lib.ones(2, requires_grad=True), lib.ones(2, requires_grad=True)
        with pytest.raises(ValueError, match="doesn't support per-parameter options"):
            lib.optim.LBFGS([{"params": [a]}, {"params": [b]}])
        opt = lib.optim.LBFGS([a], line_search_fn="backtracking")

        def closure(opt=opt, a=a):
            opt.zero_grad()
            loss = (a * a).sum()
            loss.backward()
            return loss

        with pytest.raises(RuntimeError, match="only 'strong_wolfe' is supported"):
            opt.step(closure)


def test_lbfgs_stops_at_once_at_a_minimum():
    p = gradviz.zeros(3, requires_grad=True)
    opt = optim.LBFGS([p])

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    assert opt.step(closure).item() == 0.0
    assert opt.state[p] == {"func_evals": 1, "n_iter": 0}

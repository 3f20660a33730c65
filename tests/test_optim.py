"""gradviz.optim against torch.optim: same Rosenbrock trajectories, schedules and errors."""

import math

import numpy as np
import pytest
import torch

import gradviz
from gradviz import optim
from gradviz.optim import lr_scheduler

START = (-1.5, 2.0)
STEPS = 200

# (optimizer name, keyword arguments): every variant the lectures touch.
VARIANTS = [
    ("SGD", dict(lr=1e-3)),
    ("SGD", dict(lr=1e-3, momentum=0.9)),
    ("SGD", dict(lr=1e-3, momentum=0.9, dampening=0.5)),
    ("SGD", dict(lr=1e-3, momentum=0.9, nesterov=True)),
    ("SGD", dict(lr=1e-3, weight_decay=0.1)),
    ("SGD", dict(lr=1e-4, momentum=0.5, weight_decay=0.01, maximize=True)),
    ("Adagrad", dict(lr=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.5)),
    ("Adagrad", dict(lr=0.1, weight_decay=0.1)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.8, weight_decay=0.1)),
    ("RMSprop", dict(lr=1e-3)),
    ("RMSprop", dict(lr=1e-3, centered=True)),
    ("RMSprop", dict(lr=1e-3, momentum=0.9)),
    ("RMSprop", dict(lr=1e-3, centered=True, momentum=0.5, weight_decay=0.1)),
    ("Adam", dict(lr=1e-2)),
    ("Adam", dict(lr=1e-2, amsgrad=True)),
    ("Adam", dict(lr=1e-2, weight_decay=0.1)),
    ("Adam", dict(lr=1e-2, betas=(0.5, 0.9), eps=1e-6)),
    ("Adam", dict(lr=1e-2, maximize=True)),
    ("AdamW", dict(lr=1e-2)),
    ("AdamW", dict(lr=1e-2, weight_decay=0.1, amsgrad=True)),
]


def rosenbrock(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def trajectory(lib, name, kwargs):
    """Points visited by `name` from START, using `lib`'s own autograd and optimizer."""
    p = lib.tensor(START, dtype=lib.float64, requires_grad=True)
    extra = dict(foreach=False) if lib is torch else {}
    opt = getattr(lib.optim, name)([p], **kwargs, **extra)
    points = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = rosenbrock(p)
        # maximize=True climbs, so give it the negated function to climb
        (-loss if kwargs.get("maximize") else loss).backward()
        opt.step()
        points.append(p.detach().numpy().copy())
    return np.array(points), opt, p


@pytest.mark.parametrize(("name", "kwargs"), VARIANTS,
                         ids=[f"{n}-{'-'.join(k) or 'default'}" for n, k in VARIANTS])
def test_rosenbrock_trajectory_matches_torch(name, kwargs):
    ours, _, _ = trajectory(gradviz, name, kwargs)
    theirs, _, _ = trajectory(torch, name, kwargs)
    assert np.isfinite(ours).all()
    assert np.abs(ours[-1] - np.array(START)).max() > 1e-3  # it actually moved
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-10)


def zero_dim_trajectory(lib, name, kwargs):
    """`name` minimising a 0-dim parameter's (p − 0.3)² (a bias, a temperature): the state
    buffers are 0-dim too, and must be updated in place."""
    p = lib.tensor(1.0, dtype=lib.float64, requires_grad=True)
    extra = dict(foreach=False) if lib is torch else {}
    opt = getattr(lib.optim, name)([p], **kwargs, **extra)
    points = []
    for _ in range(30):
        opt.zero_grad()
        loss = (p - 0.3) ** 2
        (-loss if kwargs.get("maximize") else loss).backward()
        opt.step()
        points.append(p.item())
    return np.array(points)


@pytest.mark.parametrize(("name", "kwargs"), VARIANTS,
                         ids=[f"{n}-{'-'.join(k) or 'default'}" for n, k in VARIANTS])
def test_a_zero_dim_parameter_moves_as_in_torch(name, kwargs):
    ours, theirs = zero_dim_trajectory(gradviz, name, kwargs), zero_dim_trajectory(torch, name,
                                                                                   kwargs)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)


def test_in_place_updates_of_zero_dim_tensors_are_kept():
    acc = gradviz.tensor(0.0)
    for _ in range(3):
        acc += gradviz.tensor([1.0, 2.0]).sum()
    acc *= 2
    assert acc.item() == 18.0 and acc.shape == ()
    p = gradviz.tensor(2.0, requires_grad=True)
    for _ in range(2):
        (p * p).backward()  # the gradient accumulates into a 0-dim .grad
    assert p.grad.item() == 8.0
    with gradviz.no_grad():
        p -= 0.5 * p.grad
        p.grad.zero_()
    assert p.item() == -2.0 and p.grad.item() == 0.0


@pytest.mark.parametrize(("name", "kwargs", "keys"), [
    ("SGD", dict(lr=1e-3, momentum=0.9), {"momentum_buffer"}),
    ("Adagrad", dict(), {"step", "sum"}),
    ("Adadelta", dict(), {"step", "square_avg", "acc_delta"}),
    ("RMSprop", dict(centered=True, momentum=0.9),
     {"step", "square_avg", "momentum_buffer", "grad_avg"}),
    ("Adam", dict(amsgrad=True), {"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"}),
])
def test_state_has_torch_keys_and_values(name, kwargs, keys):
    _, ours, p = trajectory(gradviz, name, kwargs)
    _, theirs, q = trajectory(torch, name, kwargs)
    assert set(ours.state[p]) == set(theirs.state[q]) == keys
    for key in keys:
        np.testing.assert_allclose(ours.state[p][key].numpy(), theirs.state[q][key].numpy(),
                                   rtol=1e-9, atol=1e-12)


def test_param_groups_defaults_and_zero_grad():
    a = gradviz.ones(2, requires_grad=True)
    b = gradviz.ones(3, requires_grad=True)
    opt = optim.SGD([{"params": [a]}, {"params": b, "lr": 0.5}], lr=0.1, momentum=0.9)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert opt.param_groups[1]["params"][0] is b and len(opt.param_groups[1]["params"]) == 1
    (a.sum() + b.sum()).backward()
    opt.zero_grad(set_to_none=False)
    assert a.grad.numpy().tolist() == [0.0, 0.0]
    opt.zero_grad()
    assert a.grad is None and b.grad is None


def test_state_dict_round_trip():
    _, opt, p = trajectory(gradviz, "Adam", dict(lr=1e-2))
    fresh = optim.Adam([p], lr=0.5)
    fresh.load_state_dict(opt.state_dict())
    assert fresh.param_groups[0]["lr"] == 1e-2
    np.testing.assert_array_equal(fresh.state[p]["exp_avg"].numpy(),
                                  opt.state[p]["exp_avg"].numpy())


@pytest.mark.parametrize(("name", "kwargs"), [
    ("SGD", dict(lr=-1.0)), ("SGD", dict(momentum=-0.1)), ("SGD", dict(weight_decay=-1)),
    ("SGD", dict(nesterov=True)), ("SGD", dict(nesterov=True, momentum=0.9, dampening=0.1)),
    ("Adagrad", dict(lr=-1.0)), ("Adagrad", dict(lr_decay=-1.0)),
    ("Adagrad", dict(initial_accumulator_value=-1.0)), ("Adagrad", dict(eps=-1.0)),
    ("Adadelta", dict(lr=-1.0)), ("Adadelta", dict(rho=1.5)), ("Adadelta", dict(eps=-1.0)),
    ("RMSprop", dict(lr=-1.0)), ("RMSprop", dict(alpha=-0.1)), ("RMSprop", dict(eps=-1.0)),
    ("RMSprop", dict(momentum=-1.0)),
    ("Adam", dict(lr=-1.0)), ("Adam", dict(betas=(1.0, 0.999))),
    ("Adam", dict(betas=(0.9, -0.1))), ("Adam", dict(eps=-1.0)),
    ("Adam", dict(weight_decay=-1.0)), ("AdamW", dict(lr=-1.0)),
    ("Adamax", dict(lr=-1.0)), ("Adamax", dict(eps=-1.0)), ("Adamax", dict(betas=(1.0, 0.9))),
    ("Adamax", dict(betas=(0.9, -0.1))), ("Adamax", dict(weight_decay=-1.0)),
    ("NAdam", dict(lr=-1.0)), ("NAdam", dict(momentum_decay=-1.0)),
    ("NAdam", dict(betas=(0.9, 1.0))), ("NAdam", dict(weight_decay=-1.0)),
    ("RAdam", dict(lr=-1.0)), ("RAdam", dict(eps=-1.0)), ("RAdam", dict(betas=(-0.1, 0.9))),
    ("ASGD", dict(lr=-1.0)), ("ASGD", dict(weight_decay=-1.0)),
    ("Rprop", dict(lr=-1.0)), ("Rprop", dict(etas=(1.5, 1.2))), ("Rprop", dict(etas=(0.5, 0.9))),
    ("Adafactor", dict(lr=-1.0)), ("Adafactor", dict(beta2_decay=0.5)),
    ("Adafactor", dict(eps=(-1.0, 1e-3))), ("Adafactor", dict(eps=(None, -1.0))),
    ("Adafactor", dict(d=0.5)), ("Adafactor", dict(weight_decay=-1.0)),
    ("LBFGS", dict(lr=-1.0)),
    ("SparseAdam", dict(lr=0.0)), ("SparseAdam", dict(eps=0.0)),
    ("SparseAdam", dict(betas=(0.9, 1.0))),
])
def test_validation_errors_match_torch(name, kwargs):
    with pytest.raises(ValueError) as theirs:
        getattr(torch.optim, name)([torch.zeros(1, requires_grad=True)], **kwargs)
    with pytest.raises(ValueError) as ours:
        getattr(optim, name)([gradviz.zeros(1, requires_grad=True)], **kwargs)
    assert str(ours.value) == str(theirs.value)


def test_empty_and_bad_params_raise_like_torch():
    with pytest.raises(ValueError, match="empty parameter list"):
        optim.SGD([], lr=0.1)
    with pytest.raises(TypeError):
        optim.SGD(gradviz.zeros(2, requires_grad=True), lr=0.1)
    with pytest.raises(ValueError, match="non-leaf"):
        optim.SGD([gradviz.zeros(2, requires_grad=True) * 2], lr=0.1)


def test_closure_is_evaluated_and_returned():
    p = gradviz.tensor([1.0, 2.0], requires_grad=True)
    opt = optim.SGD([p], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    assert opt.step(closure).item() == pytest.approx(5.0)
    np.testing.assert_allclose(p.detach().numpy(), [0.8, 1.6], rtol=1e-6)


# ── schedulers ──────────────────────────────────────────────────────────────────────────
SCHEDULERS = [
    ("StepLR", dict(step_size=7, gamma=0.5)),
    ("MultiStepLR", dict(milestones=[3, 10, 10, 25], gamma=0.3)),
    ("ExponentialLR", dict(gamma=0.9)),
    ("CosineAnnealingLR", dict(T_max=10)),
    ("CosineAnnealingLR", dict(T_max=7, eta_min=0.01)),
    ("LambdaLR", dict(lr_lambda=lambda epoch: 0.95**epoch / (1 + epoch))),
]


def lr_history(lib, name, kwargs, steps=30):
    p = lib.zeros(1, requires_grad=True)
    q = lib.zeros(1, requires_grad=True)
    opt = lib.optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.3}], lr=0.1)
    sched = getattr(lib.optim.lr_scheduler, name)(opt, **kwargs)
    history = [sched.get_last_lr()]
    for _ in range(steps):
        opt.step()
        sched.step()
        history.append(sched.get_last_lr())
    return history, [g["lr"] for g in opt.param_groups], sched.last_epoch


@pytest.mark.parametrize(("name", "kwargs"), SCHEDULERS,
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(SCHEDULERS)])
def test_scheduler_matches_torch(name, kwargs):
    ours = lr_history(gradviz, name, kwargs)
    theirs = lr_history(torch, name, kwargs)
    assert ours == theirs  # exact: same chainable arithmetic, same epochs


def test_scheduler_closed_form_with_epoch_argument():
    p = gradviz.zeros(1, requires_grad=True)
    opt = optim.SGD([p], lr=1.0)
    sched = lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
    sched.step(7)
    assert sched.get_last_lr() == [0.25]
    assert math.isclose(opt.param_groups[0]["initial_lr"], 1.0)


@pytest.mark.parametrize("name", ["SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW",
                                  "Adamax", "NAdam", "RAdam", "ASGD", "Rprop", "Adafactor"])
def test_param_groups_and_state_dict_have_torch_s_keys_in_torch_s_order(name):
    # A checkpoint recipe prints them: PyTorch 2.13's implementation switches (foreach, fused,
    # capturable, differentiable) are keys too, and state_dict() packs 'params' last.  A
    # matrix, so that Adafactor keeps its row and column factors.
    opts = []
    for lib in (gradviz, torch):
        a = lib.ones(2, requires_grad=True)
        b = lib.ones(3, 2, requires_grad=True)
        opt = getattr(lib.optim, name)([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1)
        (a.sum() + (b * b).sum()).backward()
        opt.step()
        opts.append(opt)
    ours, theirs = opts
    assert list(ours.defaults.items()) == list(theirs.defaults.items())
    for mine, their in zip(ours.param_groups, theirs.param_groups, strict=True):
        assert list(mine) == list(their)
        assert {k: v for k, v in mine.items() if k != "params"} == {
            k: v for k, v in their.items() if k != "params"}
    packed, their_packed = ours.state_dict(), theirs.state_dict()
    assert list(packed) == list(their_packed)
    assert packed["param_groups"] == their_packed["param_groups"]
    assert {i: list(s) for i, s in packed["state"].items()} == {
        i: list(s) for i, s in their_packed["state"].items()}
    assert repr(ours) == repr(theirs)

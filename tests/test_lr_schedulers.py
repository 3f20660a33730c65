"""The learning-rate schedules against `torch.optim.lr_scheduler`, 60 steps each: the lr of
every param group (and the momentum or β₁ the cyclic ones move) equal to torch's within
1e-12, ``get_last_lr()`` too, and ``state_dict()`` with torch's keys and values."""

from __future__ import annotations

import math

import pytest
import torch

import gradviz

STEPS = 60
SCHEDULERS = [
    ("LinearLR", {}, "SGD"), ("LinearLR", dict(start_factor=0.5, end_factor=0.1,
                                               total_iters=20), "SGD"),
    ("OneCycleLR", dict(max_lr=0.5, total_steps=STEPS + 1), "SGD"),
    ("OneCycleLR", dict(max_lr=[0.5, 1.0], epochs=4, steps_per_epoch=16,
                        anneal_strategy="linear", three_phase=True), "Adam"),
    ("OneCycleLR", dict(max_lr=0.2, total_steps=70, pct_start=0.25,
                        cycle_momentum=False), "SGD"),
    ("CyclicLR", dict(base_lr=0.01, max_lr=0.1, step_size_up=7), "SGD"),
    ("CyclicLR", dict(base_lr=[0.01, 0.02], max_lr=0.1, step_size_up=5, step_size_down=9,
                      mode="triangular2"), "SGD"),
    ("CyclicLR", dict(base_lr=0.001, max_lr=0.05, step_size_up=6, mode="exp_range",
                      gamma=0.97), "Adam"),
    ("CyclicLR", dict(base_lr=0.01, max_lr=0.1, step_size_up=4, scale_fn=lambda x: 0.9**x,
                      cycle_momentum=False), "SGD"),
    ("CosineAnnealingWarmRestarts", dict(T_0=10), "SGD"),
    ("CosineAnnealingWarmRestarts", dict(T_0=5, T_mult=2, eta_min=0.001), "SGD"),
]


def _optimizer(lib, kind):
    p, q = lib.zeros(1, requires_grad=True), lib.zeros(1, requires_grad=True)
    groups = [{"params": [p]}, {"params": [q], "lr": 0.3}]
    if kind == "Adam":
        return lib.optim.Adam(groups, lr=0.1)
    return lib.optim.SGD(groups, lr=0.1, momentum=0.9)


def _knobs(opt):
    return [(g["lr"], g.get("momentum"), g.get("betas")) for g in opt.param_groups]


def _history(lib, name, kwargs, kind):
    opt = _optimizer(lib, kind)
    sched = getattr(lib.optim.lr_scheduler, name)(opt, **kwargs)
    history = [(sched.get_last_lr(), _knobs(opt))]
    for _ in range(STEPS):
        opt.step()
        sched.step()
        history.append((sched.get_last_lr(), _knobs(opt)))
    return history, sched.state_dict()


def _close(a, b) -> bool:
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
    return a == b


@pytest.mark.parametrize(("name", "kwargs", "kind"), SCHEDULERS,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(SCHEDULERS)])
def test_schedule_matches_torch(name, kwargs, kind):
    ours, our_state = _history(gradviz, name, kwargs, kind)
    theirs, their_state = _history(torch, name, kwargs, kind)
    assert len(ours) == len(theirs) == STEPS + 1
    for step, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert _close(a, b), f"step {step}: {a} != {b}"
    assert set(our_state) == set(their_state)
    for key, value in their_state.items():
        if not callable(value):
            assert _close(our_state[key], value), key


@pytest.mark.parametrize("kwargs", [
    dict(factor=0.5, patience=0), dict(mode="max", patience=2, threshold=0.05, cooldown=1),
    dict(factor=0.3, patience=1, threshold_mode="abs", threshold=0.2, min_lr=[0.01, 0.05])])
def test_reduce_on_plateau_matches_torch(kwargs):
    metrics = [1.0, 0.9, 0.95, 0.95, 0.96, 0.5, 0.5, 0.51, 0.52, 0.49, 0.6, 0.7] * 5
    runs = []
    for lib in (gradviz, torch):
        opt = _optimizer(lib, "SGD")
        sched = lib.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
        lrs = [sched.get_last_lr()]
        for m in metrics:
            opt.step()
            sched.step(m)
            lrs.append(sched.get_last_lr())
        runs.append((lrs, sched.state_dict()))
    (ours, our_state), (theirs, their_state) = runs
    assert _close(ours, theirs)
    assert list(our_state) == list(their_state) and _close(our_state, their_state)


def test_reduce_on_plateau_takes_a_tensor_metric():
    opt = _optimizer(gradviz, "SGD")
    sched = gradviz.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0, factor=0.5)
    for loss in (1.0, 2.0):
        sched.step(gradviz.tensor(loss))
    assert sched.get_last_lr() == [0.05, 0.15]


def test_warm_restarts_take_fractional_epochs_as_torch():
    runs = []
    for lib in (gradviz, torch):
        opt = _optimizer(lib, "SGD")
        sched = lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2)
        lrs = []
        for epoch in range(8):
            for i in range(4):
                sched.step(epoch + i / 4)
                lrs.append(sched.get_last_lr())
        runs.append(lrs)
    assert _close(*runs)


def test_existing_schedulers_state_dict_keys_are_torch_s():
    for name, kwargs in [("StepLR", dict(step_size=3)), ("ExponentialLR", dict(gamma=0.9)),
                         ("CosineAnnealingLR", dict(T_max=5))]:
        keys = [list(getattr(lib.optim.lr_scheduler, name)(_optimizer(lib, "SGD"), **kwargs)
                     .state_dict()) for lib in (gradviz, torch)]
        assert set(keys[0]) == set(keys[1]), name


@pytest.mark.parametrize(("name", "kwargs", "message"), [
    ("OneCycleLR", dict(max_lr=0.1), "either total_steps OR"),
    ("OneCycleLR", dict(max_lr=0.1, total_steps=10, pct_start=1), "pct_start"),
    ("CyclicLR", dict(base_lr=0.1, max_lr=0.2, mode="sine"), "mode is invalid"),
    ("LinearLR", dict(start_factor=0), "greater than 0"),
    ("CosineAnnealingWarmRestarts", dict(T_0=0), "positive integer T_0"),
    ("ReduceLROnPlateau", dict(factor=1.5), "Factor should be < 1.0"),
])
def test_bad_arguments_say_what_torch_says(name, kwargs, message):
    for lib in (gradviz, torch):
        with pytest.raises(ValueError, match=message):
            getattr(lib.optim.lr_scheduler, name)(_optimizer(lib, "SGD"), **kwargs)

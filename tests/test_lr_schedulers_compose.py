"""ConstantLR, MultiplicativeLR, PolynomialLR, SequentialLR and ChainedScheduler against
`torch.optim.lr_scheduler`: 40 steps of every param group's lr and ``get_last_lr()`` within
1e-12, the state dict (nested ones too) key for key, and a reload that goes on as torch does."""

from __future__ import annotations

import math

import pytest
import torch

import gradviz

STEPS = 40


def _optimizer(lib):
    p, q = lib.zeros(1, requires_grad=True), lib.zeros(1, requires_grad=True)
    return lib.optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.3}], lr=0.1, momentum=0.9)


class Halving:
    """A callable object: MultiplicativeLR's state dict keeps its attributes."""

    def __init__(self):
        self.rate = 0.5

    def __call__(self, epoch):
        return self.rate if epoch % 7 == 0 else 0.97


def _build(lib, case, opt):
    s = lib.optim.lr_scheduler
    if case == "constant":
        return s.ConstantLR(opt)
    if case == "constant-long":
        return s.ConstantLR(opt, factor=0.5, total_iters=12)
    if case == "multiplicative":
        return s.MultiplicativeLR(opt, lr_lambda=lambda e: 0.95)
    if case == "multiplicative-list":
        return s.MultiplicativeLR(opt, lr_lambda=[lambda e: 0.9, Halving()])
    if case == "polynomial":
        return s.PolynomialLR(opt)
    if case == "polynomial-power":
        return s.PolynomialLR(opt, total_iters=25, power=0.9)
    if case == "polynomial-square":
        return s.PolynomialLR(opt, total_iters=30, power=2.0)
    if case == "sequential-warmup":
        warm = s.LinearLR(opt, start_factor=0.1, total_iters=5)
        return s.SequentialLR(opt, [warm, s.CosineAnnealingLR(opt, T_max=30)], milestones=[5])
    if case == "sequential-doc":
        return s.SequentialLR(opt, [s.ConstantLR(opt, factor=0.1, total_iters=20),
                                    s.ExponentialLR(opt, gamma=0.9)], milestones=[20])
    if case == "sequential-three":
        return s.SequentialLR(opt, [s.ConstantLR(opt, factor=0.5, total_iters=3),
                                    s.StepLR(opt, step_size=4, gamma=0.5),
                                    s.PolynomialLR(opt, total_iters=10, power=1.5)],
                              milestones=[6, 20])
    if case == "sequential-multistep":
        return s.SequentialLR(opt, [s.LinearLR(opt, 0.25, total_iters=4),
                                    s.MultiStepLR(opt, milestones=[10, 15], gamma=0.3)],
                              milestones=[4])
    if case == "sequential-lambda":
        return s.SequentialLR(opt, [s.LambdaLR(opt, [lambda e: 0.5 + e / 10, Halving()]),
                                    s.MultiplicativeLR(opt, lambda e: 0.9)], milestones=[5])
    if case == "chained-doc":
        return s.ChainedScheduler([s.ConstantLR(opt, factor=0.1, total_iters=20),
                                   s.ExponentialLR(opt, gamma=0.9)], optimizer=opt)
    if case == "chained-three":
        return s.ChainedScheduler([s.LinearLR(opt, 0.2, total_iters=6),
                                   s.StepLR(opt, step_size=5, gamma=0.7),
                                   s.ExponentialLR(opt, gamma=0.98)])
    raise AssertionError(case)


CASES = ["constant", "constant-long", "multiplicative", "multiplicative-list", "polynomial",
         "polynomial-power", "polynomial-square", "sequential-warmup", "sequential-doc",
         "sequential-three", "sequential-multistep", "sequential-lambda", "chained-doc",
         "chained-three"]


def _history(lib, case):
    opt = _optimizer(lib)
    sched = _build(lib, case, opt)
    history = [(sched.get_last_lr(), [g["lr"] for g in opt.param_groups])]
    for _ in range(STEPS):
        opt.step()
        sched.step()
        history.append((sched.get_last_lr(), [g["lr"] for g in opt.param_groups]))
    return history, sched


def _close(a, b) -> bool:
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
    return a == b


@pytest.mark.parametrize("case", CASES)
def test_schedule_and_state_dict_match_torch(case):
    ours, our_sched = _history(gradviz, case)
    theirs, their_sched = _history(torch, case)
    for step, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert _close(a, b), f"step {step}: {a} != {b}"
    assert _close(our_sched.state_dict(), their_sched.state_dict())


@pytest.mark.parametrize("case", ["polynomial-power", "sequential-three", "chained-three",
                                  "multiplicative-list", "constant-long", "sequential-lambda"])
def test_a_reloaded_scheduler_goes_on_as_torch(case):
    runs = []
    for lib in (gradviz, torch):
        opt = _optimizer(lib)
        sched = _build(lib, case, opt)
        for _ in range(9):
            opt.step()
            sched.step()
        saved, opt_saved = sched.state_dict(), opt.state_dict()
        fresh_opt = _optimizer(lib)
        fresh = _build(lib, case, fresh_opt)
        fresh_opt.load_state_dict(opt_saved)
        fresh.load_state_dict(saved)
        lrs = []
        for _ in range(20):
            fresh_opt.step()
            fresh.step()
            lrs.append(fresh.get_last_lr())
        runs.append(lrs)
    assert _close(*runs)


def test_closed_forms_at_an_epoch_match_torch():
    runs = []
    for lib in (gradviz, torch):
        s = lib.optim.lr_scheduler
        lrs = []
        for name, kwargs in (("ConstantLR", dict(factor=0.25, total_iters=6)),
                             ("PolynomialLR", dict(total_iters=12, power=0.7))):
            opt = _optimizer(lib)
            sched = getattr(s, name)(opt, **kwargs)
            for epoch in (3, 7, 11, 20, 2):
                with pytest.warns(UserWarning) if lib is torch else _nothing():
                    sched.step(epoch)
                lrs.append(sched.get_last_lr())
        runs.append(lrs)
    assert _close(*runs)


class _nothing:  # noqa: N801
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_lr_scheduler_names_are_all_torch_s():
    ours = {n for n in dir(gradviz.optim.lr_scheduler) if n[0].isupper() or n == "_LRScheduler"}
    theirs = {n for n in dir(torch.optim.lr_scheduler)
              if isinstance(getattr(torch.optim.lr_scheduler, n), type)
              and issubclass(getattr(torch.optim.lr_scheduler, n),
                             torch.optim.lr_scheduler.LRScheduler)}
    assert theirs <= ours


@pytest.mark.parametrize(("build", "error", "message"), [
    (lambda s, o: s.ConstantLR(o, factor=1.5), ValueError, "between 0 and 1"),
    (lambda s, o: s.MultiplicativeLR(o, lr_lambda=[lambda e: 1.0]), ValueError,
     "Expected 2 lr_lambdas, but got 1"),
    (lambda s, o: s.MultiplicativeLR(o, lr_lambda=0.9), TypeError,
     "lr_lambda should be a function, but got float"),
    (lambda s, o: s.SequentialLR(o, [], []), ValueError, "expects at least one scheduler"),
    (lambda s, o: s.SequentialLR(o, [s.ConstantLR(o), s.ExponentialLR(o, 0.9)], []),
     ValueError, "number of schedulers 2 and the number of milestones to be equal to 0"),
    (lambda s, o: s.SequentialLR(o, [s.ReduceLROnPlateau(o)], []), ValueError,
     "does not support `ReduceLROnPlateau`"),
    (lambda s, o: s.ChainedScheduler([]), ValueError, "to be chained, but got no scheduler"),
    (lambda s, o: s.ChainedScheduler([s.ConstantLR(o), s.ConstantLR(_optimizer(
        gradviz if s is gradviz.optim.lr_scheduler else torch))]), ValueError,
     "expects all schedulers to belong to the same optimizer"),
])
def test_bad_arguments_say_what_torch_says(build, error, message):
    for lib in (gradviz, torch):
        with pytest.raises(error, match=message):
            build(lib.optim.lr_scheduler, _optimizer(lib))

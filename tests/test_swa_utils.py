"""gradviz.optim.swa_utils against torch.optim.swa_utils: averaged weights, EMA, the SWA
learning-rate anneal and update_bn's batch-norm statistics."""

import numpy as np
import pytest
import torch

import gradviz
from gradviz.optim import swa_utils


def net(lib):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4),
                                torch.nn.ReLU(), torch.nn.Linear(4, 1))
    if lib is torch:
        return model
    ours = gradviz.nn.Sequential(gradviz.nn.Linear(3, 4), gradviz.nn.BatchNorm1d(4),
                                 gradviz.nn.ReLU(), gradviz.nn.Linear(4, 1))
    for mine, theirs in zip(ours.parameters(), model.parameters(), strict=True):
        mine._data[...] = theirs.detach().numpy()
    return ours


BATCHES = [(np.random.default_rng(i).normal(size=(8, 3)).astype(np.float32),
            np.random.default_rng(10 + i).normal(size=(8, 1)).astype(np.float32))
           for i in range(5)]


def swa_run(lib, **averaging):
    """SGD on five batches, averaging after each, then update_bn on the averaged model."""
    model = net(lib)
    averaged = lib.optim.swa_utils.AveragedModel(model, **averaging)
    opt = lib.optim.SGD(model.parameters(), lr=0.1, momentum=0.5)
    for x, y in BATCHES:
        opt.zero_grad()
        ((model(lib.tensor(x)) - lib.tensor(y)) ** 2).mean().backward()
        opt.step()
        averaged.update_parameters(model)
    seen = [p.detach().numpy().copy() for p in averaged.parameters()]
    seen += [b.detach().numpy().copy() for b in averaged.buffers()]
    lib.optim.swa_utils.update_bn([(lib.tensor(x), lib.tensor(y)) for x, y in BATCHES],
                                  averaged)
    averaged.eval()
    out = averaged(lib.tensor(BATCHES[0][0])).detach().numpy()
    return seen, [b.detach().numpy() for b in averaged.buffers()], out, averaged


@pytest.mark.parametrize("averaging", [
    {},
    {"use_buffers": True},
    {"multi_avg_fn": "ema_multi"},
    {"avg_fn": "ema"},
    {"avg_fn": "ema", "use_buffers": True},
], ids=["swa", "swa-buffers", "ema-multi", "ema", "ema-buffers"])
def test_averaged_model_matches_torch(averaging):
    runs = []
    for lib in (gradviz, torch):
        made = {"ema_multi": lib.optim.swa_utils.get_ema_multi_avg_fn(0.8),
                "ema": lib.optim.swa_utils.get_ema_avg_fn(0.8)}
        runs.append(swa_run(lib, **{k: made.get(v, v) for k, v in averaging.items()}))
    (seen, buffers, out, ours), (their_seen, their_buffers, their_out, theirs) = runs
    assert len(seen) == len(their_seen)
    for mine, their in zip(seen, their_seen, strict=True):
        np.testing.assert_allclose(mine, their, rtol=1e-5, atol=1e-6)
    for mine, their in zip(buffers, their_buffers, strict=True):
        np.testing.assert_allclose(mine, their, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out, their_out, rtol=1e-5, atol=1e-6)
    assert ours.n_averaged.item() == theirs.n_averaged.item() == 5
    assert str(ours.n_averaged.dtype).endswith("int64")
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]


def test_averaged_model_is_a_copy_and_refuses_two_averages():
    model = net(gradviz)
    averaged = swa_utils.AveragedModel(model)
    averaged.module[0].weight._data[...] = 0
    assert model[0].weight.abs().sum().item() > 0
    with pytest.raises(AssertionError, match="Only one of avg_fn and multi_avg_fn"):
        swa_utils.AveragedModel(model, avg_fn=swa_utils.get_swa_avg_fn(),
                                multi_avg_fn=swa_utils.get_swa_multi_avg_fn())
    with pytest.raises(ValueError, match=r"Invalid decay value 1.5"):
        swa_utils.get_ema_avg_fn(1.5)


def test_update_bn_without_batch_norm_leaves_the_model_alone():
    model = gradviz.nn.Linear(3, 1)
    model.eval()
    swa_utils.update_bn([gradviz.ones(2, 3)], model)
    assert not model.training


def lr_history(lib, kwargs, epochs=16):
    p, q = lib.zeros(1, requires_grad=True), lib.zeros(1, requires_grad=True)
    opt = lib.optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.3}], lr=0.1)
    sched = lib.optim.swa_utils.SWALR(opt, **kwargs)
    history = [sched.get_last_lr()]
    for _ in range(epochs):
        opt.step()
        sched.step()
        history.append(sched.get_last_lr())
    return history, sorted(sched.state_dict())


@pytest.mark.parametrize("kwargs", [
    dict(swa_lr=0.05),
    dict(swa_lr=0.05, anneal_epochs=5, anneal_strategy="linear"),
    dict(swa_lr=[0.01, 0.2], anneal_epochs=3),
    dict(swa_lr=0.05, anneal_epochs=0),
], ids=["cos", "linear", "per-group", "no-anneal"])
def test_swalr_matches_torch(kwargs):
    ours, our_keys = lr_history(gradviz, kwargs)
    theirs, their_keys = lr_history(torch, kwargs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-15, atol=0)
    assert set(our_keys) <= set(their_keys)


@pytest.mark.parametrize("kwargs", [
    dict(swa_lr=0.05, anneal_strategy="exp"), dict(swa_lr=0.05, anneal_epochs=-1),
    dict(swa_lr=0.05, anneal_epochs=2.5), dict(swa_lr=[0.1, 0.2, 0.3]),
])
def test_swalr_errors_match_torch(kwargs):
    messages = []
    for lib in (gradviz, torch):
        p, q = lib.zeros(1, requires_grad=True), lib.zeros(1, requires_grad=True)
        opt = lib.optim.SGD([{"params": [p]}, {"params": [q]}], lr=0.1)
        with pytest.raises(ValueError) as error:
            lib.optim.swa_utils.SWALR(opt, **kwargs)
        messages.append(str(error.value))
    assert messages[0] == messages[1]

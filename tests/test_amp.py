"""`gradviz.amp` beside `torch.amp`: GradScaler's scale, unscaling, skipped steps, growth and
back-off and state dict on the CPU; disabled scalers and autocast regions as pass-throughs;
PyTorch's warnings and errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import gradviz as gv

RNG = np.random.default_rng(3)


def _pair(shape):
    data = RNG.normal(size=shape).astype(np.float32)
    return gv.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)


def _run(lib, w, x, scaler, steps, poison=()):
    opt = lib.optim.SGD([w], lr=0.1)
    seen = []
    for step in range(steps):
        opt.zero_grad()
        loss = ((w * x).sum() ** 2) * (float("inf") if step in poison else 1.0)
        scaled = scaler.scale(loss)
        scaled.backward()
        seen.append(float(w.grad.detach().numpy().ravel()[0]))
        if step % 2:
            scaler.unscale_(opt)
        scaler.step(opt)
        scaler.update()
        seen.append(scaler.get_scale())
    return seen, w.detach().numpy().copy(), scaler.state_dict()


@pytest.mark.parametrize("growth_interval", [2, 2000])
def test_an_enabled_cpu_scaler_runs_pytorchs_algorithm(growth_interval):
    (w, tw), (x, tx) = _pair((3,)), _pair((3,))
    kwargs = dict(init_scale=2.0**10, growth_interval=growth_interval)
    ours = _run(gv, w, x.detach(), gv.amp.GradScaler("cpu", **kwargs), 6, poison=(2,))
    theirs = _run(torch, tw, tx.detach(), torch.amp.GradScaler("cpu", **kwargs), 6, poison=(2,))
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-6)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-6)
    assert ours[2] == theirs[2]


def test_a_disabled_scaler_passes_everything_through():
    for lib in (gv, torch):
        scaler = lib.amp.GradScaler("cpu", enabled=False)
        loss = lib.tensor(2.0)
        assert scaler.scale(loss) is loss
        assert scaler.get_scale() == 1.0 and scaler.state_dict() == {}
        assert scaler.is_enabled() is False
        scaler.load_state_dict({})
        scaler.update()


def test_a_cuda_scaler_without_a_gpu_disables_itself_with_pytorchs_warning():
    with pytest.warns(UserWarning) as ours:
        scaler = gv.amp.GradScaler("cuda")
    if torch.cuda.is_available():
        pytest.skip("torch sees a GPU here")
    with pytest.warns(UserWarning) as theirs:
        torch.amp.GradScaler("cuda")
    assert str(ours[0].message) == str(theirs[0].message)
    assert not scaler.is_enabled()


def test_scaler_errors_are_pytorchs():
    w, _ = _pair((2,))
    opt = gv.optim.SGD([w], lr=0.1)
    scaler = gv.amp.GradScaler("cpu")
    with pytest.raises(AssertionError, match="Attempted unscale_ but _scale is None"):
        scaler.unscale_(opt)
    scaler.scale((w * 2).sum()).backward()
    scaler.unscale_(opt)
    with pytest.raises(RuntimeError, match="unscale_\\(\\) has already been called"):
        scaler.unscale_(opt)
    scaler.step(opt)
    with pytest.raises(RuntimeError, match="step\\(\\) has already been called"):
        scaler.step(opt)
    with pytest.raises(RuntimeError, match="Closure use is not currently supported"):
        scaler.step(opt, closure=lambda: None)
    with pytest.raises(RuntimeError, match="The source state dict is empty"):
        scaler.load_state_dict({})
    with pytest.raises(AssertionError, match="The growth factor must be > 1.0."):
        gv.amp.GradScaler("cpu", growth_factor=1.0)


def test_a_scalers_state_round_trips():
    scaler, other = gv.amp.GradScaler("cpu", init_scale=8.0), gv.amp.GradScaler("cpu")
    other.load_state_dict(scaler.state_dict())
    assert other.state_dict() == scaler.state_dict() == torch.amp.GradScaler(
        "cpu", init_scale=8.0).state_dict()


def test_a_disabled_autocast_is_an_exact_pass_through():
    x, tx = _pair((2, 3))
    net = gv.nn.Linear(3, 2)
    with gv.autocast(device_type="cpu", dtype=gv.float16, enabled=False):
        out = net(x)
    np.testing.assert_array_equal(out.detach().numpy(), net(x).detach().numpy())
    assert out.dtype is gv.float32

    @gv.autocast("cpu", enabled=False)
    def double(t):
        return t * 2

    assert double(x).dtype is gv.float32


def test_an_enabled_autocast_says_what_gradviz_lacks():
    with pytest.raises(NotImplementedError, match="lower precision"), gv.autocast("cpu"):
        pass
    with pytest.raises(ValueError, match="Expected `device_type` of type `str`") as ours:
        gv.autocast(0)
    with pytest.raises(ValueError) as theirs:
        torch.autocast(0)
    assert str(ours.value) == str(theirs.value)


def test_autocasts_own_fall_backs_warn_as_pytorch_does():
    def message(lib, *args, **kwargs):
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            region = lib.autocast(*args, **kwargs)
            with region:
                pass
        return [str(w.message).replace("gradviz.", "torch.") for w in seen]

    assert message(gv, "cpu", dtype=gv.float64) == message(torch, "cpu", dtype=torch.float64)
    if not torch.cuda.is_available():
        assert message(gv, "cuda") == message(torch, "cuda")


def test_the_old_cuda_amp_spellings_warn_as_pytorch_does():
    for name in ("GradScaler", "autocast"):
        with warnings.catch_warnings(record=True) as ours:
            warnings.simplefilter("always")
            getattr(gv.cuda.amp, name)(enabled=False)
        with warnings.catch_warnings(record=True) as theirs:
            warnings.simplefilter("always")
            getattr(torch.cuda.amp, name)(enabled=False)
        assert [(w.category, str(w.message)) for w in ours] == [
            (w.category, str(w.message)) for w in theirs]

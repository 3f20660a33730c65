"""torch.compile, the global switches (default device, deterministic algorithms, float32 matmul
precision), anomaly mode, torch.autograd.grad_mode and torch.profiler, beside torch: what a
program prints and reads back, the errors and warnings word for word."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import torch

import gradviz
from gradviz.engine.backend import DeviceError


def _model(lib):
    lib.manual_seed(0)
    return lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.ReLU(), lib.nn.Linear(4, 2))


# ── torch.compile ────────────────────────────────────────────────────────────────────────
def test_a_compiled_module_prints_saves_and_computes_as_torch_s():
    ours, theirs = _model(gradviz), _model(torch)
    ours.load_state_dict(theirs.state_dict())
    c_ours, c_theirs = gradviz.compile(ours), torch.compile(theirs)
    assert repr(c_ours) == repr(c_theirs)
    assert type(c_ours).__name__ == type(c_theirs).__name__ == "OptimizedModule"
    assert list(c_ours.state_dict()) == list(c_theirs.state_dict())
    assert [n for n, _ in c_ours.named_parameters()] == [n for n, _ in
                                                         c_theirs.named_parameters()]
    assert c_ours._orig_mod is ours and c_ours._orig_mod[0] is ours[0] and len(c_ours) == 3
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    np.testing.assert_allclose(c_ours(gradviz.tensor(x)).detach().numpy(),
                               c_theirs(torch.tensor(x)).detach().numpy(), rtol=1e-6)


def test_a_compiled_module_trains_its_module():
    model = _model(gradviz)
    compiled = gradviz.compile(model)
    assert compiled._orig_mod[0].weight is next(compiled.parameters())
    compiled.eval()
    assert not model.training and not model[0].training and not compiled.training
    compiled.train()
    assert model.training
    compiled.scale = 3  # an attribute set on the compiled module lands on the module
    assert model.scale == 3
    opt = gradviz.optim.SGD(compiled.parameters(), lr=0.1)
    before = model[0].weight.detach().clone()
    compiled(gradviz.randn(2, 3)).sum().backward()
    opt.step()
    assert not gradviz.equal(before, model[0].weight)
    fresh = gradviz.compile(_model(gradviz))
    assert str(fresh.load_state_dict(compiled.state_dict())) == "<All keys matched successfully>"


def test_compile_as_a_decorator_with_and_without_arguments():
    @gradviz.compile
    def double(x):
        return x * 2

    @gradviz.compile(mode="max-autotune", fullgraph=True, dynamic=False)
    def triple(x):
        return x * 3

    x = gradviz.arange(3.0, requires_grad=True)
    (double(x) + triple(x)).sum().backward()
    assert x.grad.tolist() == [5.0, 5.0, 5.0]
    assert double.__name__ == "double" and double.__wrapped__(x).tolist() == [0.0, 2.0, 4.0]
    assert gradviz.compile(double, backend="eager", options={"a": 1}) is not double
    for lib in (gradviz, torch):
        assert lib.compile(double, disable=True) is double


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    (dict(mode="fast"), RuntimeError, "Unrecognized mode=fast, should be one of: default, "
     "lite, reduce-overhead, max-autotune-no-cudagraphs, max-autotune"),
    (dict(mode="reduce-overhead", options={"a": 1}), RuntimeError,
     "Either mode or options can be specified, but both can't be specified at the same time."),
])
def test_compile_refuses_what_torch_refuses(kwargs, error, message):
    for lib in (gradviz, torch):
        with pytest.raises(error) as caught:
            lib.compile(lambda x: x, **kwargs)
        assert str(caught.value) == message
    for lib in (gradviz, torch):
        with pytest.raises(AssertionError, match="A callable function is expected, but "
                                                 "<class 'int'> is provided."):
            lib.compile(3)


def test_module_compile_in_place_returns_none_and_runs_as_before():
    ours, theirs = _model(gradviz), _model(torch)
    assert ours.compile() is None and theirs.compile() is None
    assert repr(ours) == repr(theirs) and type(ours).__name__ == "Sequential"
    with pytest.raises(RuntimeError, match="Unrecognized mode"):
        ours.compile(mode="x")


# ── the global switches ──────────────────────────────────────────────────────────────────
@pytest.fixture
def default_device():
    yield
    gradviz.set_default_device(None)
    torch.set_default_device(None)


def test_the_default_device_reads_back_as_torch_s(default_device):
    for lib in (gradviz, torch):
        assert str(lib.get_default_device()) == "cpu"
        lib.set_default_device("cpu")
        assert str(lib.get_default_device()) == "cpu"
        assert lib.zeros(2).device.type if lib is torch else lib.zeros(2).device == "cpu"
        lib.set_default_device(None)
        assert str(lib.get_default_device()) == "cpu"
    messages = []
    for lib in (gradviz, torch):
        with pytest.raises(RuntimeError) as caught:
            lib.set_default_device("gpu")
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


def test_a_cuda_default_device_takes_the_cuda_path(default_device):
    gradviz.set_default_device("cuda:0")
    assert gradviz.get_default_device() == "cuda"
    if gradviz.cuda.is_available():
        made = [gradviz.zeros(2), gradviz.randn(3), gradviz.tensor([1.0]),
                gradviz.nn.Linear(2, 2).weight, gradviz.arange(3)]
        assert all(t.device == "cuda" for t in made)
        assert gradviz.zeros(2, device="cpu").device == "cpu"
    else:  # as torch without CUDA: the first tensor made there fails, the setting stays
        with pytest.raises(DeviceError, match="device='cuda' needs cupy"):
            gradviz.zeros(2)
        with pytest.raises(DeviceError):
            gradviz.nn.Linear(2, 2)
        assert gradviz.zeros(2, device="cpu").device == "cpu"


def test_deterministic_algorithms_read_back_and_refuse_what_torch_refuses():
    for lib in (gradviz, torch):
        try:
            assert lib.are_deterministic_algorithms_enabled() is False
            lib.use_deterministic_algorithms(True, warn_only=True)
            assert lib.are_deterministic_algorithms_enabled() is True
            assert lib.is_deterministic_algorithms_warn_only_enabled() is True
        finally:
            lib.use_deterministic_algorithms(False)
        assert lib.is_deterministic_algorithms_warn_only_enabled() is False
    for args, kwargs in [((1,), {}), (("yes",), {}), ((True,), {"warn_only": 0})]:
        messages = []
        for lib in (gradviz, torch):
            with pytest.raises(TypeError) as caught:
                lib.use_deterministic_algorithms(*args, **kwargs)
            messages.append(str(caught.value))
        assert messages[0] == messages[1]
    assert gradviz.are_deterministic_algorithms_enabled() is False


def test_float32_matmul_precision_reads_back_and_warns_as_torch():
    try:
        for lib in (gradviz, torch):
            assert lib.get_float32_matmul_precision() == "highest"
            for value in ("high", "medium", "highest"):
                lib.set_float32_matmul_precision(value)
                assert lib.get_float32_matmul_precision() == value
        caught = []
        for lib in (gradviz, torch):
            lib.set_float32_matmul_precision("high")
            with warnings.catch_warnings(record=True) as seen:
                warnings.simplefilter("always")
                lib.set_float32_matmul_precision("fastest")
            caught.append(str(seen[0].message).split(" (Triggered")[0])
            assert lib.get_float32_matmul_precision() == "high"
        assert caught[0] == caught[1]
    finally:
        gradviz.set_float32_matmul_precision("highest")
        torch.set_float32_matmul_precision("highest")


# ── anomaly mode ─────────────────────────────────────────────────────────────────────────
PROGRAMS = {
    "x / x": lambda lib, x: (x / x).sum(),
    "0 * log(x)": lambda lib, x: (x.log() * 0).sum(),
    "sqrt of x * 0": lambda lib, x: ((x * 0).sqrt() * x).sum(),
    "2x / x": lambda lib, x: (x * 2 / x).sum(),
}


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_anomaly_mode_names_the_node_that_made_a_nan(name):
    messages = []
    for lib in (gradviz, torch):
        x = lib.tensor([0.0, 1.0, 2.0], requires_grad=True)
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            with lib.autograd.detect_anomaly():
                loss = PROGRAMS[name](lib, x)
                with pytest.raises(RuntimeError) as caught:
                    loss.backward()
        messages.append(str(caught.value))
        texts = [str(w.message) for w in seen]
        assert texts[0] == ("Anomaly Detection has been enabled. This mode will increase the "
                            "runtime and should only be enabled for debugging.")
        assert any(t.startswith("Error detected in ") and "PROGRAMS[name](lib, x)" in t
                   for t in texts[1:])
    assert messages[0] == messages[1]
    assert not gradviz.is_anomaly_enabled()


def test_anomaly_mode_checks_a_recorded_backward_pass_too():
    messages = []
    for lib in (gradviz, torch):
        x = lib.tensor([0.0, 1.0], requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with lib.autograd.detect_anomaly(), pytest.raises(RuntimeError) as caught:
                lib.autograd.grad((x * 2 / x).sum(), x, create_graph=True)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


def test_a_nan_made_by_adding_two_infinities_at_a_leaf_is_not_a_node_s():
    for lib in (gradviz, torch):
        x = lib.tensor([0.0, 1.0], requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with lib.autograd.detect_anomaly():
                (lib.tanh(x * 2 + 1) / x).sum().backward()  # inf + (−inf) in x.grad
        assert np.isnan(x.grad.numpy()[0])


def test_anomaly_mode_off_or_without_nan_checks_lets_the_nan_through():
    for lib in (gradviz, torch):
        for args in ((False,), (True, False)):
            x = lib.tensor([0.0, 1.0], requires_grad=True)
            with lib.autograd.set_detect_anomaly(*args):
                (x / x).sum().backward()
            assert np.isnan(x.grad.numpy()[0])


def test_set_detect_anomaly_as_a_function_and_the_flags_read_back():
    for lib in (gradviz, torch):
        assert (lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled()) == (False, True)
        lib.autograd.set_detect_anomaly(True)
        try:
            assert lib.is_anomaly_enabled()
            with lib.autograd.set_detect_anomaly(False, check_nan=False):
                assert not lib.is_anomaly_enabled() and not lib.is_anomaly_check_nan_enabled()
            assert lib.is_anomaly_enabled() and lib.is_anomaly_check_nan_enabled()
            x = lib.tensor([1.0, 2.0], requires_grad=True)
            (x * x).sum().backward()  # no NaN: nothing to say
            assert x.grad.tolist() == [2.0, 4.0]
        finally:
            lib.autograd.set_detect_anomaly(False)
        assert type(lib.autograd.anomaly_mode.detect_anomaly).__name__ == "type"


def test_grad_mode_holds_the_grad_switches():
    mode = gradviz.autograd.grad_mode
    assert mode.no_grad is gradviz.no_grad and mode.enable_grad is gradviz.enable_grad
    assert mode.set_grad_enabled is gradviz.set_grad_enabled
    assert mode.inference_mode is gradviz.inference_mode is gradviz.autograd.inference_mode
    x = gradviz.ones(2, requires_grad=True)
    with mode.no_grad():
        assert not (x * 2).requires_grad
        with mode.enable_grad():
            assert (x * 2).requires_grad
    assert set(torch.autograd.grad_mode.__all__) >= set(mode.__all__)


# ── torch.profiler ───────────────────────────────────────────────────────────────────────
SCHEDULES = [dict(wait=1, warmup=1, active=2), dict(wait=2, warmup=1, active=3, repeat=2),
             dict(wait=0, warmup=2, active=1, skip_first=3),
             dict(wait=3, warmup=1, active=2, repeat=1, skip_first=2, skip_first_wait=1)]


@pytest.mark.parametrize("kwargs", SCHEDULES)
def test_schedule_says_what_torch_s_says(kwargs):
    ours, theirs = (lib.profiler.schedule(**kwargs) for lib in (gradviz, torch))
    assert [ours(i).name for i in range(30)] == [theirs(i).name for i in range(30)]


def test_activities_and_actions_are_torch_s():
    for name in ("CPU", "CUDA", "XPU", "MTIA", "HPU", "PrivateUse1"):
        ours = getattr(gradviz.profiler.ProfilerActivity, name)
        theirs = getattr(torch.profiler.ProfilerActivity, name)
        assert (repr(ours), str(ours)) == (repr(theirs), str(theirs))
    assert [a.name for a in gradviz.profiler.ProfilerAction] == list(
        torch.profiler.ProfilerAction.__members__)
    assert gradviz.profiler.ProfilerActivity.CPU in gradviz.profiler.supported_activities()


@pytest.mark.parametrize("kwargs", SCHEDULES[:3])
def test_a_scheduled_profile_hands_over_the_steps_torch_hands_over(kwargs):
    runs = []
    for lib in (gradviz, torch):
        handed = []

        def ready(prof, handed=handed):
            handed.append((prof.step_num, sorted(e.key for e in prof.key_averages()
                                                 if not e.key.startswith("aten::"))))

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with lib.profiler.profile(activities=[lib.profiler.ProfilerActivity.CPU],
                                      schedule=lib.profiler.schedule(**kwargs),
                                      on_trace_ready=ready) as prof:
                for _ in range(12):
                    with lib.profiler.record_function("train_step"):
                        (lib.ones(3, 3) @ lib.ones(3, 3)).relu()
                    prof.step()
        runs.append(handed)
    assert runs[0] == runs[1]


def test_an_unscheduled_profile_times_every_op_and_record_function():
    cpu = [gradviz.profiler.ProfilerActivity.CPU]
    with (gradviz.profiler.profile(activities=cpu, record_shapes=True) as prof,
          gradviz.profiler.record_function("model_inference")):
        (gradviz.ones(3, 3) @ gradviz.ones(3, 3)).relu()
    keys = {e.key for e in prof.key_averages()}
    assert {"model_inference", "aten::matmul", "aten::relu"} <= keys
    assert "Self CPU time total" in prof.key_averages().table(sort_by="cpu_time_total",
                                                              row_limit=10)


def test_record_function_decorates_a_function_as_torch_s_does():
    keys = []
    for lib in (gradviz, torch):
        @lib.profiler.record_function("block")
        def double(x):
            return x * 2

        with lib.profiler.profile() as prof:
            double(lib.ones(2))
            double(lib.ones(2))
        rows = {e.key: e.count for e in prof.key_averages()}
        keys.append((rows["block"], rows["aten::mul"]))
    assert keys[0] == keys[1] == (2, 2)


def test_export_chrome_trace_writes_the_timed_events(tmp_path):
    names = []
    for lib in (gradviz, torch):
        path = tmp_path / f"{lib.__name__}.json"
        with lib.profiler.profile() as prof, lib.profiler.record_function("forward"):
            (lib.ones(3, 3) @ lib.ones(3, 3)).relu().sum()
        prof.export_chrome_trace(str(path))
        trace = json.loads(path.read_text())
        events = [e for e in trace["traceEvents"] if e.get("ph") == "X"]
        assert all(e["dur"] >= 0 and "ts" in e for e in events)
        names.append({e["name"] for e in events})
    assert names[0] <= names[1] and {"forward", "aten::matmul", "aten::relu"} <= names[0]


def test_tensorboard_trace_handler_writes_a_file_per_cycle(tmp_path):
    counts = []
    for lib in (gradviz, torch):
        folder = tmp_path / lib.__name__
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with lib.profiler.profile(
                    schedule=lib.profiler.schedule(wait=1, warmup=1, active=1, repeat=2),
                    on_trace_ready=lib.profiler.tensorboard_trace_handler(str(folder),
                                                                          "worker")) as prof:
                for _ in range(8):
                    lib.ones(2).exp()
                    prof.step()
        files = sorted(p.name for p in folder.iterdir())
        assert all(name.startswith("worker.") and name.endswith(".pt.trace.json")
                   for name in files)
        counts.append(len(files))
    assert counts[0] == counts[1] == 2

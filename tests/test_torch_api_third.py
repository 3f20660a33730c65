"""What the third sample of teaching programs needed, each against PyTorch: ``view``'s refusal on
a non-contiguous tensor, the ``return_types`` printout and ``MaxBackward0`` of max/min along
a dim, ``type(t)``, ``torch.t``, channel dropout, ``torch.backends``, ``storage().data_ptr()``,
``_LRScheduler`` subclasses, float32 transcendental functions rounded as PyTorch rounds
them, and ``arange``'s float32 points."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv
import gradviz.nn.functional as F


def test_view_refuses_what_pytorch_refuses():
    ours, theirs = gv.arange(24).reshape(2, 3, 4), torch.arange(24).reshape(2, 3, 4)
    with pytest.raises(RuntimeError) as expected:
        theirs.transpose(1, 2).view(8, 3)
    with pytest.raises(RuntimeError) as raised:
        ours.transpose(1, 2).view(8, 3)
    assert str(raised.value) == str(expected.value)
    for make in (lambda t: t.transpose(1, 2).view(2, 4, 3), lambda t: t[:, :, ::2].view(2, 3, 2),
                 lambda t: t.permute(2, 0, 1).contiguous().view(-1), lambda t: t.view(6, 4),
                 lambda t: t.transpose(0, 1).view(3, 2, 2, 2)):
        np.testing.assert_array_equal(make(ours).numpy(), make(theirs).numpy())


@pytest.mark.parametrize("call", [
    lambda L, t: t.max(1), lambda L, t: t.min(0), lambda L, t: t.sort(1), lambda L, t: t.topk(1),
    lambda L, t: t.max(dim=1, keepdim=True), lambda L, t: t.median(1), lambda L, t: t.cummax(0),
    lambda L, t: L.linalg.qr(t), lambda L, t: L.linalg.slogdet(t[:, :2]),
    lambda L, t: L.linalg.eigh(t[:, :2]), lambda L, t: t.aminmax(dim=1),
    lambda L, t: t.frexp(), lambda L, t: t.histogram(bins=2)])
def test_result_tuples_print_as_pytorchs_return_types(call):
    """Every named result prints one way: its library's ``return_types`` and field names."""
    data = [[3.0, 1.0, 4.0], [1.0, 5.0, 9.0]]
    ours, theirs = repr(call(gv, gv.tensor(data))), repr(call(torch, torch.tensor(data)))
    assert ours.startswith("gradviz.return_types.")
    assert ours.replace("gradviz.", "torch.") == theirs


def test_max_and_min_along_a_dim_are_named_as_pytorch_names_them():
    data = np.array([[3.0, 1.0, 4.0], [1.0, 5.0, 9.0]])
    ours, theirs = gv.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    for call in (lambda t: t.max(1)[0], lambda t: t.min(0).values, lambda t: t.max(),
                 lambda t: t.max(1, keepdim=True)[0], lambda t: t[[0, 1], [2, 1]]):
        assert type(call(ours).grad_fn).__name__ == type(call(theirs).grad_fn).__name__
    ours.max(1)[0].sum().backward()
    theirs.max(1)[0].sum().backward()
    np.testing.assert_array_equal(ours.grad.numpy(), theirs.grad.numpy())


def test_type_and_t_read_as_in_pytorch():
    assert repr(type(gv.ones(1))).replace("gradviz", "torch") == repr(type(torch.ones(1)))
    data = [[1, 2, 3], [4, 5, 6]]
    np.testing.assert_array_equal(gv.t(gv.tensor(data)).numpy(), torch.t(torch.tensor(data)))


@pytest.mark.parametrize(("layer", "shape"), [
    ("Dropout1d", (2, 3, 5)), ("Dropout2d", (2, 3, 4, 4)),  # a 3-D input: test_fourth_sample_fixes
    ("Dropout3d", (2, 3, 2, 2, 2))])
def test_channel_dropout_zeroes_whole_channels(layer, shape):
    gv.manual_seed(0)
    module = getattr(gv.nn, layer)(p=0.5)
    assert repr(module) == repr(getattr(torch.nn, layer)(p=0.5))
    out = module(gv.ones(*shape)).numpy()
    spatial = {"Dropout1d": 1, "Dropout2d": 2, "Dropout3d": 3}[layer]
    per_channel = out.reshape(*shape[:-spatial], -1)
    assert set(np.unique(per_channel)) <= {0.0, 2.0}
    assert (per_channel.min(-1) == per_channel.max(-1)).all()  # a channel is kept or dropped
    module.eval()
    np.testing.assert_array_equal(module(gv.ones(*shape)).numpy(), 1.0)
    np.testing.assert_array_equal(F.dropout2d(gv.ones(3, 2, 2), 0.5, training=False).numpy(), 1.0)


def test_backends_flags_are_kept():
    for name in ("deterministic", "benchmark", "enabled"):
        assert getattr(gv.backends.cudnn, name) == getattr(torch.backends.cudnn, name)
    gv.backends.cudnn.deterministic = True
    assert gv.backends.cudnn.deterministic
    gv.backends.cudnn.deterministic = False
    assert gv.backends.mps.is_available() is False


def test_storage_data_ptr_tells_views_from_copies():
    a = gv.tensor([[1, 2, 3, 4], [5, 6, 7, 8]])
    assert a[0, 1:].storage().data_ptr() == a.storage().data_ptr()
    assert a[0, 1:].clone().storage().data_ptr() != a.storage().data_ptr()


def test_lr_scheduler_subclass_on_the_old_base_class():
    class Warmup(gv.optim.lr_scheduler._LRScheduler):
        def get_lr(self):
            return [base_lr * min(1.0, (self.last_epoch + 1) / 4) for base_lr in self.base_lrs]

    class TorchWarmup(torch.optim.lr_scheduler._LRScheduler):
        get_lr = Warmup.get_lr

    ours = gv.optim.SGD([gv.zeros(2, requires_grad=True)], lr=0.4)
    theirs = torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=0.4)
    schedules = Warmup(ours), TorchWarmup(theirs)
    for _ in range(6):
        assert schedules[0].get_last_lr() == schedules[1].get_last_lr()
        ours.step(), theirs.step()
        schedules[0].step(), schedules[1].step()


@pytest.mark.parametrize(("name", "low", "high"), [("exp", -10, 10), ("tanh", -4, 4),
                                                  ("log", 1e-3, 10), ("sin", -10, 10),
                                                  ("cos", -10, 10), ("atan", -5, 5),
                                                  ("log1p", 0, 10)])
def test_float32_functions_round_as_pytorchs(name, low, high):
    # numpy's own float32 loops give another float32 than PyTorch for 10–40 % of these.
    x = np.random.default_rng(0).uniform(low, high, 20000).astype(np.float32)
    ours = getattr(gv, name)(gv.tensor(x)).numpy()
    theirs = getattr(torch, name)(torch.tensor(x)).numpy()
    assert ours.dtype == np.float32
    assert (ours != theirs).mean() < 0.06


def test_float32_arange_has_pytorchs_points_and_length():
    rng = np.random.default_rng(1)
    cases = [(-3, 3.1, 0.1), (0, 1, 0.1), (0, 5, 0.3), (5, 0, -0.1), (1.5, -2.3, -0.07), (10,),
             (0, 10, 3), (0.0, 10.0), (0, 100, 0.01), (1, 2, 0.001)]
    cases += [(rng.uniform(-5, 5), rng.uniform(5, 20), rng.uniform(0.001, 0.5)) for _ in range(50)]
    for args in cases:
        for dtype in (None, "float32", "float64", "int64"):
            if dtype == "int64" and any(isinstance(a, float) for a in args):
                continue
            ours = gv.arange(*args, **({"dtype": getattr(gv, dtype)} if dtype else {})).numpy()
            theirs = torch.arange(*args, **({"dtype": getattr(torch, dtype)} if dtype else {}))
            assert ours.dtype == theirs.numpy().dtype and ours.shape == tuple(theirs.shape)
            np.testing.assert_array_equal(ours, theirs.numpy())
    assert gv.arange(-3, 3.1, 0.1)[29].item() == torch.arange(-3, 3.1, 0.1)[29].item()


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("padding_mode", ["zeros", "border"])
@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
def test_affine_grid_and_grid_sample_match_torch(align_corners, padding_mode, mode):
    rng = np.random.default_rng(3)
    theta, image = rng.normal(size=(2, 2, 3)) * 0.6, rng.normal(size=(2, 3, 5, 6))
    weights = rng.normal(size=(2, 3, 4, 7))
    results = []
    for lib in (gv, torch):
        t = lib.tensor(theta, dtype=lib.float64, requires_grad=True)
        x = lib.tensor(image, dtype=lib.float64, requires_grad=True)
        grid = lib.nn.functional.affine_grid(t, (2, 3, 4, 7), align_corners=align_corners)
        out = lib.nn.functional.grid_sample(x, grid, mode=mode, padding_mode=padding_mode,
                                            align_corners=align_corners)
        (out * lib.tensor(weights, dtype=lib.float64)).sum().backward()
        grads = [np.zeros(a.shape) if a.grad is None else a.grad.numpy() for a in (t, x)]
        results.append([grid.detach().numpy(), out.detach().numpy(), *grads])
    for ours, theirs in zip(*results, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_grid_sample_gradients_match_finite_differences():
    rng = np.random.default_rng(4)
    theta, image = rng.normal(size=(1, 2, 3)) * 0.6, rng.normal(size=(1, 2, 4, 5))

    def loss(theta_, image_, backward=False):
        t = gv.tensor(theta_, dtype=gv.float64, requires_grad=backward)
        x = gv.tensor(image_, dtype=gv.float64, requires_grad=backward)
        grid = F.affine_grid(t, (1, 2, 3, 4), align_corners=False)
        value = (F.grid_sample(x, grid, align_corners=False) ** 2).sum()
        if backward:
            value.backward()
            return t.grad.numpy(), x.grad.numpy()
        return value.item()

    analytic = loss(theta, image, backward=True)
    for k, array in enumerate((theta, image)):
        numeric = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            up, down = [a.copy() for a in (theta, image)], [a.copy() for a in (theta, image)]
            up[k][index] += 1e-6
            down[k][index] -= 1e-6
            numeric[index] = (loss(*up) - loss(*down)) / 2e-6
        np.testing.assert_allclose(analytic[k], numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("legacy", [{"size_average": False}, {"size_average": True},
                                    {"reduce": False}, {"size_average": False, "reduce": True}])
def test_losses_take_the_old_size_average_and_reduce_flags(legacy):
    scores = np.log(np.random.default_rng(2).dirichlet(np.ones(4), 3))
    target = np.array([0, 1, 3])
    with pytest.warns(UserWarning) as theirs_warned:
        theirs = torch.nn.functional.nll_loss(torch.tensor(scores), torch.tensor(target), **legacy)
    with pytest.warns(UserWarning) as ours_warned:
        ours = F.nll_loss(gv.tensor(scores), gv.tensor(target), **legacy)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)
    assert str(ours_warned[0].message) == str(theirs_warned[0].message)


@pytest.mark.parametrize("loss", ["MSELoss", "L1Loss", "BCELoss", "SmoothL1Loss", "NLLLoss"])
def test_loss_modules_take_the_old_flags(loss):
    rng = np.random.default_rng(6)
    x = rng.uniform(0.1, 0.9, (3, 4))
    y = rng.uniform(0.1, 0.9, (3, 4)) if loss != "NLLLoss" else np.array([0, 3, 1])
    for legacy in ({"size_average": False}, {"reduce": False}):
        with pytest.warns(UserWarning):
            theirs = getattr(torch.nn, loss)(**legacy)(torch.tensor(x), torch.tensor(y))
        with pytest.warns(UserWarning):
            ours = getattr(gv.nn, loss)(**legacy)(gv.tensor(x), gv.tensor(y))
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)


def test_recurrent_outputs_are_named_as_pytorchs_cpu_build_names_them():
    names = []
    for lib in (gv, torch):
        lib.manual_seed(0)
        row = []
        for layer, options in (("LSTM", {}), ("LSTM", {"num_layers": 2}),
                               ("LSTM", {"batch_first": True}), ("LSTM", {"bidirectional": True}),
                               ("GRU", {}), ("RNN", {})):
            for dtype in (lib.float32, lib.float64):
                module = getattr(lib.nn, layer)(3, 3, **options).to(dtype)
                out, state = module(lib.randn(2, 1, 3).to(dtype))
                hidden = state[0] if isinstance(state, tuple) else state
                row.append((type(out.grad_fn).__name__, type(hidden.grad_fn).__name__))
        names.append(row)
    assert names[0] == names[1]

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


@pytest.mark.parametrize("call", [lambda t: t.max(1), lambda t: t.min(0), lambda t: t.sort(1),
                                  lambda t: t.topk(1), lambda t: t.max(dim=1, keepdim=True)])
def test_values_and_indices_print_as_pytorchs_return_types(call):
    data = [[3.0, 1.0, 4.0], [1.0, 5.0, 9.0]]
    ours = repr(call(gv.tensor(data))).replace("gradviz.", "torch.")
    assert ours == repr(call(torch.tensor(data)))


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
    ("Dropout1d", (2, 3, 5)), ("Dropout2d", (2, 3, 4, 4)), ("Dropout2d", (3, 4, 4)),
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

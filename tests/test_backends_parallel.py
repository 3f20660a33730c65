"""``torch.backends`` as importable modules, ``torch.nn.parallel`` on one device and
``Tensor.is_cuda``, beside PyTorch's (the DCGAN example imports all three)."""

from __future__ import annotations

import importlib

import numpy as np
import torch

import gradviz as gv


def test_backends_modules_import_and_keep_their_flags():
    ours = importlib.import_module("gradviz.backends.cudnn")
    theirs = importlib.import_module("torch.backends.cudnn")
    assert ours is gv.backends.cudnn
    for name in ("deterministic", "benchmark", "enabled"):
        assert getattr(ours, name) == getattr(theirs, name)
    ours.benchmark = True
    try:
        assert gv.backends.cudnn.benchmark is True
    finally:
        ours.benchmark = False
    assert gv.backends.mps.is_available() is torch.backends.mps.is_available() is False


def test_data_parallel_runs_the_module_on_the_whole_batch():
    x = np.random.default_rng(0).standard_normal((4, 3))
    gv.manual_seed(0)  # the same layer every run
    gv_layer, torch_layer = gv.nn.Linear(3, 2), torch.nn.Linear(3, 2)
    with torch.no_grad():
        torch_layer.weight.copy_(torch.tensor(gv_layer.weight.detach().numpy()))
        torch_layer.bias.copy_(torch.tensor(gv_layer.bias.detach().numpy()))
    ours = gv.nn.parallel.data_parallel(gv_layer, gv.tensor(x, dtype=gv.float32), [0])
    wrapped = gv.nn.DataParallel(gv_layer)
    np.testing.assert_allclose(ours.detach().numpy(),
                               torch_layer(torch.tensor(x, dtype=torch.float32)).detach().numpy(),
                               rtol=1e-6, atol=1e-6)  # float32 sums in another order
    assert repr(wrapped) == repr(torch.nn.DataParallel(torch_layer))
    assert [n for n, _ in wrapped.named_parameters()] == ["module.weight", "module.bias"]


def test_is_cuda_is_false_on_the_cpu():
    assert gv.ones(2).is_cuda is torch.ones(2).is_cuda is False

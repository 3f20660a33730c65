"""`torch.nn.modules.*` and `torch.nn.parameter` as paths (`gradviz/nn/modules`): each name
where PyTorch keeps it, the same object as `gradviz.nn`'s, and every name of PyTorch's
submodule that gradviz has, there too."""

from __future__ import annotations

import importlib

import pytest
import torch

import gradviz as gv
from gradviz.nn.modules import SUBMODULES


@pytest.mark.parametrize("name", sorted(SUBMODULES))
def test_a_submodule_holds_pytorchs_names(name):
    ours = importlib.import_module(f"gradviz.nn.modules.{name}")
    theirs = importlib.import_module(f"torch.nn.modules.{name}")
    wanted = [n for n in theirs.__all__ if hasattr(gv.nn, n)]
    assert sorted(ours.__all__) == sorted(wanted)
    for n in wanted:
        assert getattr(ours, n) is getattr(gv.nn, n)


def test_private_bases_and_helpers_are_where_pytorch_keeps_them():
    from gradviz.nn.modules.batchnorm import _BatchNorm
    from gradviz.nn.modules.loss import _Loss, _WeightedLoss

    from gradviz.nn.modules.utils import _pair, _quadruple, _single, _triple
    from gradviz.nn.parameter import Parameter

    assert isinstance(gv.nn.MSELoss(), _Loss) and isinstance(gv.nn.NLLLoss(), _WeightedLoss)
    assert isinstance(gv.nn.BatchNorm2d(3), _BatchNorm)
    assert Parameter is gv.nn.Parameter and gv.nn.parameter.Parameter is gv.nn.Parameter
    from torch.nn.modules import utils as theirs
    for ours, name in ((_single, "_single"), (_pair, "_pair"), (_triple, "_triple"),
                       (_quadruple, "_quadruple")):
        for value in (3, (1, 2), [4, 5, 6]):
            assert ours(value) == getattr(theirs, name)(value)


def test_a_layer_written_against_the_paths_runs():
    """pygcn's style: ``Module`` and ``Parameter`` imported from their modules, an init
    checked with ``isinstance(m, nn.modules.conv.Conv2d)``."""
    def build(L):
        layer_module = importlib.import_module(f"{L.__name__}.nn.modules.module")
        parameter = importlib.import_module(f"{L.__name__}.nn.parameter")

        class Scale(layer_module.Module):
            def __init__(self):
                super().__init__()
                self.w = parameter.Parameter(L.ones(3) * 2)

            def forward(self, x):
                return x * self.w

        net = L.nn.Sequential(Scale(), L.nn.Conv1d(1, 1, 1))
        kinds = [isinstance(m, L.nn.modules.conv.Conv1d) for m in net.modules()]
        return kinds, [name for name, _ in net.named_parameters()]

    assert build(gv) == build(torch)

"""`nn.utils.parametrize` against PyTorch's: the parametrized class and its printout, the
original's place among the parameters, cached(), right_inverse on assignment, chains, several
originals, removal both ways, and the errors."""

from __future__ import annotations

import pytest
import torch
from test_torch_corpus import assert_same_printout, run_both

PROGRAM = r'''
import torch
import torch.nn as nn
import torch.nn.utils.parametrize as P


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)

    def right_inverse(self, A):
        return A.triu()


class Double(nn.Module):
    calls = 0

    def forward(self, X):
        Double.calls += 1
        return 2 * X


class Split(nn.Module):
    def forward(self, a, b):
        return a + b

    def right_inverse(self, X):
        return X / 2, X / 2


torch.manual_seed(0)
layer = nn.Linear(3, 3)
weight = layer.weight
print(P.is_parametrized(layer), P.is_parametrized(layer, "bias"))
P.register_parametrization(layer, "weight", Symmetric())
print(layer, type(layer).__name__, P.type_before_parametrizations(layer).__name__)
print(P.is_parametrized(layer), P.is_parametrized(layer, "weight"))
print(P.is_parametrized(layer, "bias"))
print(layer.parametrizations.weight.original is weight, isinstance(layer, nn.Linear))
print([name for name, _ in layer.named_parameters()], list(layer.state_dict()))
print(layer.weight)
out = layer(torch.ones(2, 3)).sum()
out.backward()
print(weight.grad)
P.register_parametrization(layer, "weight", Double())
print(layer.parametrizations.weight)
Double.calls = 0
a, b = layer.weight, layer.weight
with P.cached():
    c, d = layer.weight, layer.weight
    print(c is d)
print(Double.calls)
try:
    layer.weight = torch.eye(3)
except RuntimeError as error:
    print(error)
P.remove_parametrizations(layer, "weight")
print(layer, type(layer).__name__, layer.weight)
print([name for name, _ in layer.named_parameters()], layer.weight is weight)

layer = nn.Linear(2, 2)
P.register_parametrization(layer, "weight", Symmetric())
layer.weight = torch.tensor([[1.0, 2.0], [2.0, 5.0]])
print(layer.parametrizations.weight.original, layer.weight)
P.remove_parametrizations(layer, "weight", leave_parametrized=False)
print(layer.weight)

layer = nn.Linear(2, 2)
P.register_parametrization(layer, "bias", Double(), unsafe=True)
print(layer, layer.bias)
P.register_parametrization(layer, "weight", Split())
print([name for name, _ in layer.named_parameters()], layer.weight)
layer.weight = torch.ones(2, 2)
print(layer.parametrizations.weight.original0, layer.weight)
try:
    P.remove_parametrizations(layer, "weight", leave_parametrized=False)
except ValueError as error:
    print(error)
P.remove_parametrizations(layer, "weight")
print(layer.weight, P.is_parametrized(layer))
P.remove_parametrizations(layer, "bias")
print(type(layer).__name__, P.is_parametrized(layer), hasattr(layer, "parametrizations"))

buffered = nn.BatchNorm1d(2)
P.register_parametrization(buffered, "running_var", Double())
print(buffered.running_var, list(buffered.state_dict()))
final = {"weight": layer.weight}
'''


def test_parametrizations_behave_as_torchs(monkeypatch):
    (ours, _), (theirs, _) = run_both(PROGRAM, monkeypatch)
    assert_same_printout(ours, theirs)


class _Shrink(torch.nn.Module):
    def forward(self, x):
        return x[0]


class _Scalar(torch.nn.Module):
    def forward(self, x):
        return 3


@pytest.mark.parametrize("make", [
    lambda lib, P: P.register_parametrization(lib.nn.Linear(2, 2), "weight", _Shrink()),
    lambda lib, P: P.register_parametrization(lib.nn.Linear(2, 2), "weight", _Scalar()),
    lambda lib, P: P.register_parametrization(lib.nn.Linear(2, 2), "nothing", _Shrink()),
    lambda lib, P: P.remove_parametrizations(lib.nn.Linear(2, 2), "weight"),
])
def test_errors_are_torchs(make):
    # The parametrizations are torch modules in both runs: they only call tensor methods.
    import torch.nn.utils.parametrize as torch_parametrize

    import gradviz as gv
    import gradviz.nn.utils.parametrize as gv_parametrize

    with pytest.raises(ValueError) as theirs:
        make(torch, torch_parametrize)
    with pytest.raises(ValueError) as ours:
        make(gv, gv_parametrize)
    assert _plain(str(ours.value)) == _plain(str(theirs.value))


def _plain(text: str) -> str:
    return text.replace("gradviz.", "torch.").replace("torch.Size([2])", "(2,)")

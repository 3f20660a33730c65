"""`Module.__setattr__` as PyTorch's: a name assigned again keeps its place in its table
(children, parameters, buffers, so ``state_dict`` and ``named_parameters`` keep their order),
moves between tables only where PyTorch moves it, and refuses what PyTorch refuses; and
`nn.init`'s deprecated spellings (``xavier_uniform`` …) fill as the new ones, warning."""

from __future__ import annotations

import warnings

import pytest
import torch
from test_torch_corpus import assert_same_printout, run_both

import gradviz as gv
from gradviz.nn import init

PROGRAM = r'''
import torch
import torch.nn as nn


def attempt(assign):
    try:
        assign()
    except TypeError as error:
        print("TypeError", str(error).split(" (")[0].split("'")[-2])


def tables(m):
    print(list(m._parameters), list(m._buffers), list(m._modules))


m = nn.Module()
m.a = nn.Linear(1, 1)
m.b = nn.ReLU()
m.c = nn.Tanh()
m.a = nn.Linear(2, 2)
tables(m)
m.p = nn.Parameter(torch.ones(1))
m.q = nn.Parameter(torch.ones(1))
m.p = nn.Parameter(torch.zeros(1))
m.register_buffer("x", torch.ones(1))
m.register_buffer("y", torch.ones(1))
m.x = torch.zeros(1)
tables(m)
attempt(lambda: setattr(m, "p", nn.Tanh()))
m.b = nn.Parameter(torch.zeros(1))
tables(m)
attempt(lambda: setattr(m, "b", nn.ReLU()))
m.b = None
m.a = None
tables(m)
m.a = nn.ReLU()
tables(m)
m.x = nn.Parameter(torch.ones(1))
tables(m)
m.z = 3
m.z = nn.ReLU()
tables(m)
print("z" in m.__dict__)
m.y = None
attempt(lambda: setattr(m, "y", 3))
attempt(lambda: setattr(m, "a", 3))
attempt(lambda: setattr(m, "q", torch.ones(1)))
m.y = torch.ones(2)
m.w = torch.ones(2)
tables(m)
print("w" in m.__dict__, list(m.state_dict()), [n for n, _ in m.named_parameters()])

net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm1d(4), nn.Linear(4, 2))
setattr(net, "0", nn.Conv2d(1, 4, 3))
net.add_module("1", nn.BatchNorm1d(4))
print(list(net.state_dict()))
print(list(net.children())[:-1])
lin = nn.Linear(2, 3)
lin.weight = nn.Parameter(torch.ones(3, 2))
print([n for n, _ in lin.named_parameters()])
'''


def test_reassigned_names_keep_their_places_as_in_torch(monkeypatch):
    (ours, _), (theirs, _) = run_both(PROGRAM, monkeypatch)
    assert_same_printout(ours, theirs)


def test_the_deprecated_init_spellings_fill_as_the_new_ones_and_warn():
    names = ["uniform", "normal", "constant", "eye", "dirac", "xavier_uniform", "xavier_normal",
             "kaiming_uniform", "kaiming_normal", "orthogonal", "sparse"]
    for name in names:
        assert getattr(init, name).__name__ == name == getattr(torch.nn.init, name).__name__
    with pytest.warns(FutureWarning) as caught:
        out = init.constant(t := gv.empty(2, 3), 0.5)
    assert out is t and out.tolist() == [[0.5] * 3] * 2
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        torch.nn.init.constant(torch.empty(2), 1.0)
    assert str(caught[0].message) == str(theirs[0].message) == (
        "`nn.init.constant` is now deprecated in favor of `nn.init.constant_`.")
    assert caught[0].filename == __file__  # the warning points at the caller, as torch's


SIAMESE_INIT = r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
m = nn.Linear(5, 3)
torch.nn.init.xavier_uniform(m.weight)
print(m.weight)
w = torch.empty(4, 6)
nn.init.kaiming_normal(w, mode="fan_out")
print(w)
'''


def test_the_deprecated_spellings_draw_as_torch_s(monkeypatch):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        (ours, _), (theirs, _) = run_both(SIAMESE_INIT, monkeypatch)
    assert_same_printout(ours, theirs)

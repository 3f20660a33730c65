"""`gradviz.nn.init` against `torch.nn.init`: the same gains, fans and formulas, and the same
random fills in the same order: a program's torch draws, replayed into gradviz through the
corpus harness (`test_torch_corpus`), give torch's printed numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from test_torch_corpus import assert_same_printout, run_both

import gradviz as gv
from gradviz.nn import init

PROGRAM = """
import torch
import torch.nn as nn
torch.manual_seed(0)
w = torch.empty(4, 3)
nn.init.kaiming_normal_(w)
print(w)
nn.init.kaiming_normal_(w, a=0.2, mode="fan_out", nonlinearity="leaky_relu")
print(w)
k = torch.empty(6, 4, 3, 3)
nn.init.kaiming_normal_(k, mode="fan_out", nonlinearity="relu")
print(k[0, 0])
nn.init.kaiming_uniform_(k, a=math.sqrt(5))
print(k[1, 2])
nn.init.xavier_normal_(w, gain=nn.init.calculate_gain("tanh"))
print(w)
nn.init.xavier_uniform_(k)
print(k[2, 3])
nn.init.uniform_(w, -0.5, 0.5)
print(w)
nn.init.normal_(w, 1.0, 0.1)
print(w)
t = torch.empty(50, 20)
nn.init.trunc_normal_(t, std=0.02)
print(t[:3], t.abs().max() <= 2)
nn.init.trunc_normal_(t, mean=0.5, std=1.0, a=0.0, b=0.4)
print(t[:3], t.min() >= 0.0, t.max() <= 0.4)
nn.init.trunc_normal_(t, std=1.0, a=-1.0, b=1.5)
print(t[-2:], t.min() >= -1.0, t.max() <= 1.5)
q = torch.empty(3, 5)
nn.init.orthogonal_(q, gain=2.0)
print(q, torch.allclose(q @ q.T, 4 * torch.eye(3), atol=1e-5))
q = torch.empty(5, 2, 2)
nn.init.orthogonal_(q)
print(q)
s = torch.empty(5, 4)
nn.init.sparse_(s, sparsity=0.4)
print(s)
lin = nn.Linear(3, 2)
nn.init.zeros_(lin.bias)
nn.init.constant_(lin.weight, 0.25)
print(lin.weight, lin.bias)
print(nn.init.eye_(torch.empty(2, 3)), nn.init.ones_(torch.empty(2)))
print(nn.init.dirac_(torch.empty(2, 2, 3)))
final = {"w": w, "k": k, "t": t}
"""


def test_init_functions_replay_torch_s_draws(monkeypatch):
    (ours, our_final), (theirs, their_final) = run_both("import math\n" + PROGRAM, monkeypatch)
    assert_same_printout(ours, theirs)
    for key, value in their_final.items():
        np.testing.assert_allclose(our_final[key].numpy(), value.numpy(), rtol=1e-6,
                                   atol=1e-7, err_msg=key)


@pytest.mark.parametrize(("name", "param"), [
    ("linear", None), ("conv2d", None), ("conv_transpose2d", None), ("sigmoid", None),
    ("tanh", None), ("relu", None), ("leaky_relu", None), ("leaky_relu", 0.2),
    ("leaky_relu", 1), ("selu", None)])
def test_gains(name, param):
    assert init.calculate_gain(name, param) == torch.nn.init.calculate_gain(name, param)


@pytest.mark.parametrize(("call", "message"), [
    (lambda lib: lib.nn.init.calculate_gain("softsign"), "Unsupported nonlinearity softsign"),
    (lambda lib: lib.nn.init.calculate_gain("leaky_relu", True), "not a valid number"),
    (lambda lib: lib.nn.init.kaiming_normal_(lib.empty(3, 2), mode="fan_avg"),
     r"Mode fan_avg not supported, please use one of \['fan_in', 'fan_out'\]"),
    (lambda lib: lib.nn.init.xavier_normal_(lib.empty(3)), "fewer than 2 dimensions"),
    (lambda lib: lib.nn.init.orthogonal_(lib.empty(3)), "2 or more dimensions"),
    (lambda lib: lib.nn.init.eye_(lib.empty(2, 2, 2)), "Only tensors with 2 dimensions"),
])
def test_bad_calls_say_what_torch_says(call, message):
    for lib in (gv, torch):
        with pytest.raises(ValueError, match=message):
            call(lib)


def test_fills_record_no_gradient_and_keep_the_tensor():
    w = gv.nn.Parameter(gv.empty(30, 20))
    assert init.kaiming_normal_(w, nonlinearity="relu") is w
    assert w.grad_fn is None and w.requires_grad
    assert float(w.std()) == pytest.approx(math.sqrt(2 / 20), rel=0.1)
    with pytest.warns(UserWarning, match="zero-element"):
        init.kaiming_uniform_(gv.empty(0, 3))


def _draw_arguments(lib, monkeypatch, call):
    """The (name, args) of every uniform_/normal_ call `call` makes on its tensors."""
    seen = []
    for name in ("uniform_", "normal_"):
        original = getattr(lib.Tensor, name)

        def spy(t, *args, _name=name, _original=original, **kwargs):
            kwargs.pop("generator", None)
            seen.append((_name, tuple(float(a) for a in (*args, *kwargs.values()))))
            return _original(t, *args)

        monkeypatch.setattr(lib.Tensor, name, spy)
    call(lib)
    return seen


@pytest.mark.parametrize("call", [
    lambda lib: lib.nn.init.kaiming_uniform_(lib.empty(6, 4, 3, 3), a=math.sqrt(5)),
    lambda lib: lib.nn.init.kaiming_uniform_(lib.empty(5, 7), mode="fan_out",
                                             nonlinearity="relu"),
    lambda lib: lib.nn.init.kaiming_normal_(lib.empty(5, 7), a=0.1),
    lambda lib: lib.nn.init.kaiming_normal_(lib.empty(8, 3, 5), mode="FAN_OUT",
                                            nonlinearity="tanh"),
    lambda lib: lib.nn.init.xavier_uniform_(lib.empty(5, 7), gain=2.0),
    lambda lib: lib.nn.init.xavier_normal_(lib.empty(4, 2, 3, 3)),
    lambda lib: lib.nn.init.uniform_(lib.empty(3), -0.3, 0.7),
    lambda lib: lib.nn.init.normal_(lib.empty(3), 2.0, 0.5),
    lambda lib: lib.nn.init.orthogonal_(lib.empty(3, 4)),
])
def test_fills_draw_with_torch_s_bounds_and_deviations(call, monkeypatch):
    with monkeypatch.context() as patch:
        ours = _draw_arguments(gv, patch, call)
    with monkeypatch.context() as patch:
        theirs = _draw_arguments(torch, patch, call)
    assert ours == theirs and ours  # the same floats, bit for bit

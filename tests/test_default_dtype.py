"""``set_default_dtype``, ``get_default_dtype`` and the old ``set_default_tensor_type`` beside
torch's: what each creation function, Python float and new layer then gives, and the refusals."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import gradviz as gv

MADE = {
    "tensor of floats": lambda m: m.tensor([1.5, 2.0]),
    "0-dim float": lambda m: m.tensor(2.0),
    "int tensor": lambda m: m.tensor([1, 2]),
    "int times float": lambda m: m.arange(3) * 0.5,
    "float32 times float": lambda m: m.ones(2, dtype=m.float32) * 2.5,
    "zeros": lambda m: m.zeros(2),
    "empty": lambda m: m.empty(2),
    "full": lambda m: m.full((2,), 1.5),
    "randn": lambda m: m.randn(2),
    "rand": lambda m: m.rand(2),
    "normal": lambda m: m.normal(0.0, 1.0, (2,)),
    "linspace": lambda m: m.linspace(0, 1, 3),
    "arange with a float step": lambda m: m.arange(0, 1, 0.25),
    "eye": lambda m: m.eye(2),
    "as_tensor": lambda m: m.as_tensor([1.0]),
    "legacy Tensor": lambda m: m.Tensor([1]),
    "legacy FloatTensor": lambda m: m.FloatTensor([1]),
    "from a float32 array": lambda m: m.tensor(np.ones(2, np.float32)),
    "from_numpy": lambda m: m.from_numpy(np.ones(2, np.float32)),
    "mean": lambda m: m.ones(2).mean(),
    "Linear weight": lambda m: m.nn.Linear(2, 2).weight,
    "Conv2d weight": lambda m: m.nn.Conv2d(1, 1, 3).weight,
    "BatchNorm running mean": lambda m: m.nn.BatchNorm1d(3).running_mean,
    "LSTM weight": lambda m: m.nn.LSTM(2, 3).weight_ih_l0,
    "Embedding weight": lambda m: m.nn.Embedding(3, 2).weight,
}


# torch draws no float16 random numbers on the CPU (nor initialises an LSTM in it)
_NO_HALF = ("randn", "rand", "normal", "LSTM weight")


@pytest.mark.parametrize(("what", "default"), [
    (what, default) for default in ("float64", "float32", "float16") for what in MADE
    if default != "float16" or what not in _NO_HALF])
def test_creation_takes_the_default_as_torchs_does(what, default):
    for m in (torch, gv):
        m.set_default_dtype(getattr(m, default))
    assert gv.get_default_dtype() is getattr(gv, default)
    assert MADE[what](gv).dtype.__repr__().split(".")[-1] == \
        str(MADE[what](torch).dtype).split(".")[-1]


def test_gradients_and_steps_keep_the_default():
    gv.set_default_dtype(gv.float64)
    x = gv.randn(3, requires_grad=True)
    (x * x).sum().backward()
    layer = gv.nn.Linear(3, 1)
    gv.optim.SGD(layer.parameters(), lr=0.1).zero_grad()
    layer(x).sum().backward()
    assert x.grad.dtype is gv.float64 and layer.weight.grad.dtype is gv.float64


def test_the_old_spelling_warns_as_torch_and_sets_the_same():
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        torch.set_default_tensor_type(torch.DoubleTensor)
    with pytest.warns(UserWarning) as ours:
        gv.set_default_tensor_type(gv.DoubleTensor)
    # torch's own text ends with where in its C++ it was raised
    assert str(theirs[0].message).startswith(str(ours[0].message) + " (Triggered internally")
    assert gv.get_default_dtype() is gv.float64 and gv.tensor([1.0]).dtype is gv.float64
    with pytest.warns(UserWarning):
        gv.set_default_tensor_type("torch.FloatTensor")
    assert gv.get_default_dtype() is gv.float32


@pytest.mark.parametrize("call", [
    lambda m: m.set_default_dtype(m.int64),
    lambda m: m.set_default_dtype("float64"),
    lambda m: m.set_default_tensor_type(m.LongTensor),
])
def test_a_default_that_is_no_float_is_refused_as_torch_refuses_it(call):
    messages = []
    for m in (torch, gv):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(TypeError) as caught:
                call(m)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert gv.get_default_dtype() is gv.float32

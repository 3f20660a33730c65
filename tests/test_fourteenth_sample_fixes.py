"""What the fourteenth corpus sample needed, beside torch: ``requires_grad`` guarded as
PyTorch guards it, refused in PyTorch's words by the factories, the attribute, the method and
nn.Parameter (an integer tensor cannot require gradients; only a leaf's flag can change)."""

import pytest
import torch
from api_pairs import error_of

import gradviz as gv

FACTORIES = {
    "arange": lambda t: t.arange(1, 4, requires_grad=True),
    "tensor": lambda t: t.tensor([1, 2], requires_grad=True),
    "bool tensor": lambda t: t.tensor([True], requires_grad=True),
    "zeros": lambda t: t.zeros(2, dtype=t.long, requires_grad=True),
    "ones": lambda t: t.ones(2, dtype=t.int32, requires_grad=True),
    "full": lambda t: t.full((2,), 1, requires_grad=True),
    "empty": lambda t: t.empty(2, dtype=t.long, requires_grad=True),
    "randint": lambda t: t.randint(0, 3, (2,), requires_grad=True),
    "zeros_like": lambda t: t.zeros_like(t.arange(3), requires_grad=True),
    "full_like": lambda t: t.full_like(t.arange(3), 2, requires_grad=True),
    "Parameter": lambda t: t.nn.Parameter(t.arange(3)),
    "Parameter of bools": lambda t: t.nn.Parameter(t.tensor([True, False])),
}


def _set(tensor, flag):
    tensor.requires_grad = flag


FLAGS = {
    "method": lambda t: t.arange(3).requires_grad_(),
    "method of a LongTensor": lambda t: t.LongTensor([1, 2]).requires_grad_(True),
    "attribute": lambda t: _set(t.arange(3), True),
    "attribute of bools": lambda t: _set(t.tensor([True]), True),
    "non-leaf attribute off": lambda t: _set(t.ones(2, requires_grad=True) * 2, False),
    "non-leaf attribute on": lambda t: _set(t.ones(2, requires_grad=True) * 2, True),
    "non-leaf method off": lambda t: (t.ones(2, requires_grad=True) * 2).requires_grad_(False),
}


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_factories_refuse_gradients_for_integers_in_pytorchs_words(name):
    expected = error_of(lambda: FACTORIES[name](torch))
    assert expected is not None
    assert error_of(lambda: FACTORIES[name](gv)) == expected


@pytest.mark.parametrize("name", sorted(FLAGS))
def test_the_flag_is_guarded_in_pytorchs_words(name):
    expected = error_of(lambda: FLAGS[name](torch))
    assert expected is not None
    assert error_of(lambda: FLAGS[name](gv)) == expected


@pytest.mark.parametrize("make", [
    lambda t: t.arange(3).requires_grad_(False),
    lambda t: t.nn.Parameter(t.arange(3), requires_grad=False),
    lambda t: (t.ones(2, requires_grad=True) * 2).requires_grad_(True),
    lambda t: t.ones(2, dtype=t.float16).requires_grad_(),
    lambda t: t.ones(2, dtype=t.float64).requires_grad_(),
])
def test_what_pytorch_allows_is_allowed(make):
    theirs, ours = make(torch), make(gv)
    assert ours.requires_grad == theirs.requires_grad
    assert ours.is_leaf == theirs.is_leaf


def test_a_leaf_can_turn_its_flag_off_and_on_and_then_learns():
    x = gv.ones(3)
    x.requires_grad = True
    (x * x).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]
    x.requires_grad = False
    assert not (x * 2).requires_grad
    assert x.detach_() is x and not x.requires_grad

"""Small PyTorch names a second sample of public teaching programs stopped on: inference_mode,
torch.random, torch.short, cuda.device_count, Tensor.narrow, tensor() of a list holding
one-element tensors; each against PyTorch."""

import numpy as np
import pytest
import torch

import gradviz as gv


def test_inference_mode_records_nothing_as_a_context_and_a_decorator():
    for lib in (torch, gv):
        x = lib.ones(2, requires_grad=True)
        with lib.inference_mode():
            y = x * 2
            assert lib.is_inference_mode_enabled()
        assert not y.requires_grad and lib.is_grad_enabled()
        assert not lib.is_inference_mode_enabled()

        @lib.inference_mode()
        def triple(a):
            return a * 3

        assert not triple(x).requires_grad
        with lib.inference_mode(False):
            assert (x * 2).requires_grad


def test_torch_random_seeds_the_one_generator():
    gv.random.manual_seed(7)
    first = gv.rand(3).tolist()
    gv.manual_seed(7)
    assert gv.rand(3).tolist() == first
    assert gv.random.initial_seed() == torch.random.manual_seed(7).initial_seed() == 7


def test_small_names():
    assert gv.short is gv.int16
    assert gv.cuda.device_count() == (1 if gv.cuda.is_available() else 0)
    gv.cuda.manual_seed(0)
    gv.cuda.manual_seed_all(0)


@pytest.mark.parametrize("dim,start,length", [(1, 1, 3), (0, 1, 1), (-1, -2, 2), (1, 0, 0)])
def test_narrow_is_pytorchs(dim, start, length):
    x = np.arange(10.0).reshape(2, 5)
    ours = gv.tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    a, b = ours.narrow(dim, start, length), theirs.narrow(dim, start, length)
    np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    (a * 2).sum().backward()
    (b * 2).sum().backward()
    np.testing.assert_array_equal(ours.grad.numpy(), theirs.grad.numpy())


def test_narrow_refuses_past_the_end():
    with pytest.raises(RuntimeError, match="exceeds dimension size"):
        gv.zeros(2, 5).narrow(1, 3, 4)


@pytest.mark.parametrize("make", [
    lambda lib: lib.tensor([lib.tensor([3.0])]),
    lambda lib: lib.tensor([lib.tensor([1.0]), lib.tensor(2.0)]),
    lambda lib: lib.tensor([[lib.tensor(1.0), 2.0], [3, lib.tensor([4])]]),
    lambda lib: lib.tensor([lib.tensor(1), lib.tensor(2)]),
])
def test_a_list_of_one_element_tensors_is_a_list_of_numbers(make):
    ours, theirs = make(gv), make(torch)
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]


def test_a_list_of_longer_tensors_is_refused_as_pytorch():
    for lib in (torch, gv):
        with pytest.raises(ValueError, match="only one element tensors"):
            lib.tensor([lib.ones(2), lib.ones(2)])

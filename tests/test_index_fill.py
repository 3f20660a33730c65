"""`Tensor.index_fill` and `index_fill_` against PyTorch: the numbers, gradients of the tensor
and of a 0-d tensor value (float64), the nodes, in-place on views and leaves, and the errors."""

import numpy as np
import pytest
import torch

import gradviz as gv

X = np.arange(12.0).reshape(3, 4) / 7 - 0.8


@pytest.mark.parametrize(("dim", "index", "value"), [
    (0, [1], 2.5), (1, [0, 2, 2], -1.0), (-1, [3, 1], 0.0), (0, 2, 7.0), (1, [], 1.0),
])
def test_numbers_and_gradients(dim, index, value):
    results = []
    upstream = np.linspace(-1, 1, X.size).reshape(X.shape)
    for lib in (gv, torch):
        x = lib.tensor(X, dtype=lib.float64, requires_grad=True)
        v = lib.tensor(value, dtype=lib.float64, requires_grad=True)
        idx = lib.tensor(index, dtype=lib.int64)
        y = x.index_fill(dim, idx, v)
        z = (x * 1).index_fill_(dim, idx, value)
        (y * lib.tensor(upstream)).sum().backward()
        results.append((y.detach().numpy(), z.detach().numpy(), x.grad.numpy(), v.grad.numpy(),
                        type(y.grad_fn).__name__, type(z.grad_fn).__name__))
    ours, theirs = results
    for a, b in zip(ours[:4], theirs[:4], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    assert ours[4:] == theirs[4:] == ("IndexFillBackward1", "IndexFillBackward0")


def test_in_place_through_a_view_and_integer_tensors():
    for lib in (gv, torch):
        base = lib.zeros(3, 4)
        base[1:].index_fill_(1, lib.tensor([0]), 5.0)
        ints = lib.zeros(3, dtype=lib.long).index_fill(0, lib.tensor([1]), 2.7)
        if lib is gv:
            ours = (base.numpy(), ints.numpy(), str(ints.dtype).split(".")[-1])
        else:
            theirs = (base.numpy(), ints.numpy(), str(ints.dtype).split(".")[-1])
    np.testing.assert_array_equal(ours[0], theirs[0])
    np.testing.assert_array_equal(ours[1], theirs[1])
    assert ours[2] == theirs[2]


def test_annotated_transformers_padding_rows():
    # LabelSmoothing's true_dist.index_fill_(0, mask.squeeze(), 0.0) with rows of a nonzero().
    for lib in (gv, torch):
        dist = lib.full((5, 5), 0.1)
        mask = lib.nonzero(lib.tensor([2, 1, 0, 3, 0]) == 0)
        dist.index_fill_(0, mask.squeeze(), 0.0)
        if lib is gv:
            ours = dist.numpy()
    np.testing.assert_array_equal(ours, dist.numpy())


def test_a_leaf_that_requires_grad_refuses():
    with pytest.raises(RuntimeError) as theirs:
        torch.zeros(3, requires_grad=True).index_fill_(0, torch.tensor([0]), 1.0)
    with pytest.raises(RuntimeError) as ours:
        gv.zeros(3, requires_grad=True).index_fill_(0, gv.tensor([0]), 1.0)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("case", ["dim", "bounds", "negative", "float index", "2-d index",
                                  "1-d value"])
def test_errors_as_torch(case):
    def call(lib):
        args = {"dim": (2, lib.tensor([0]), 1.0), "bounds": (0, lib.tensor([5]), 1.0),
                "negative": (0, lib.tensor([-4]), 1.0),
                "float index": (0, lib.tensor([0.5]), 1.0),
                "2-d index": (0, lib.tensor([[0]]), 1.0),
                "1-d value": (0, lib.tensor([0]), lib.tensor([1.0, 2.0]))}[case]
        lib.zeros(3, 4).index_fill_(*args)

    with pytest.raises(Exception) as theirs:
        call(torch)
    with pytest.raises(Exception) as ours:
        call(gv)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value)

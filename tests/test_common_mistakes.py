"""The mistakes students make first, answered with PyTorch's own error or warning, word for
word (``gradviz.`` read as ``torch.``), so a program that prints the message, or a student
who looks it up, reads what PyTorch says: a dim past the tensor's, an index past its end, the
truth value of a tensor of many numbers, class-index targets of the wrong shape or dtype, a
regression target that broadcasts, bad ranges and distributions for the random functions."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import gradviz as gv

ERRORS = {
    "sum past the dims": lambda L: L.randn(2, 3).sum(2),
    "mean past the dims": lambda L: L.randn(2, 3).mean(dim=-3),
    "softmax past the dims": lambda L: L.nn.functional.softmax(L.randn(2, 3), dim=2),
    "argmax past the dims": lambda L: L.randn(2, 3).argmax(2),
    "argmax of nothing": lambda L: L.tensor([]).argmax(),
    "max past the dims": lambda L: L.randn(2, 3).max(2),
    "min past the dims": lambda L: L.randn(2, 3).min(-3),
    "transpose past the dims": lambda L: L.randn(2, 3).transpose(0, 2),
    "squeeze past the dims": lambda L: L.randn(2, 3).squeeze(3),
    "unsqueeze past the dims": lambda L: L.randn(2, 3).unsqueeze(4),
    "size past the dims": lambda L: L.randn(2, 3).size(2),
    "cat past the dims": lambda L: L.cat([L.randn(2, 3)], dim=2),
    "stack past the dims": lambda L: L.stack([L.randn(2, 3)], dim=3),
    "index past the end": lambda L: L.randn(3)[5],
    "index past a later end": lambda L: L.randn(3, 2)[1, 4],
    "negative index past the start": lambda L: L.randn(3)[-4],
    "tensor index past the end": lambda L: L.randn(3)[L.tensor([5])],
    "truth of many numbers": lambda L: bool(L.randn(3)),
    "truth of no numbers": lambda L: bool(L.tensor([])),
    "float class indices": lambda L: L.nn.functional.nll_loss(L.randn(2, 3),
                                                              L.tensor([0.0, 1.0])),
    "float targets of another shape": lambda L: L.nn.functional.cross_entropy(
        L.randn(2, 3), L.tensor([0.0, 1.0])),
    "int32 class indices": lambda L: L.nn.functional.cross_entropy(
        L.randn(2, 3), L.tensor([0, 1], dtype=L.int32)),
    "a column of targets": lambda L: L.nn.functional.cross_entropy(L.randn(2, 3),
                                                                   L.tensor([[0], [1]])),
    "more targets than rows": lambda L: L.nn.CrossEntropyLoss()(L.randn(2, 3),
                                                                L.tensor([0, 1, 2])),
    "a row of targets": lambda L: L.nn.functional.nll_loss(L.randn(2, 3), L.tensor([[0, 1]])),
    "targets of 1-D logits": lambda L: L.nn.functional.cross_entropy(L.randn(3),
                                                                     L.tensor([0, 1])),
    "targets of image logits": lambda L: L.nn.functional.cross_entropy(
        L.randn(2, 3, 4), L.tensor([0, 1])),
    "bce target shape": lambda L: L.nn.functional.binary_cross_entropy(
        L.sigmoid(L.randn(2, 1)), L.ones(2)),
    "bce with logits target shape": lambda L: L.nn.BCEWithLogitsLoss()(L.randn(2, 1), L.ones(2)),
    "integer leaf requiring grad": lambda L: L.tensor([1, 2], requires_grad=True),
    "requires_grad_(False) off a result": lambda L: (
        L.ones(2, requires_grad=True) * 2).requires_grad_(False),
    "float embedding indices": lambda L: L.nn.Embedding(5, 2)(L.tensor([1.0])),
    "float64 embedding indices": lambda L: L.nn.functional.embedding(
        L.tensor([1.0], dtype=L.float64), L.randn(5, 2)),
    "float embedding-bag indices": lambda L: L.nn.EmbeddingBag(5, 2)(L.tensor([[1.0]])),
    "batch norm of one sample": lambda L: L.nn.BatchNorm1d(3)(L.randn(1, 3)),
    "arange stepping away": lambda L: L.arange(0, 10, -1),
    "arange stepping back": lambda L: L.arange(10.0, 0.0, 0.5),
    "arange of step 0": lambda L: L.arange(0, 10, 0),
    "randint of an empty range": lambda L: L.randint(5, 2, (3,)),
    "randint of one bound": lambda L: L.randint(0, (3,)),
    "multinomial of zeros": lambda L: L.multinomial(L.tensor([0.0, 0.0]), 1),
}


def _raised(call, library):
    with pytest.raises(Exception) as info:  # noqa: PT011 - the type is compared below
        call(library)
    return info.value


@pytest.mark.parametrize("name", ERRORS)
def test_a_common_mistake_gets_pytorchs_error(name):
    theirs, ours = _raised(ERRORS[name], torch), _raised(ERRORS[name], gv)
    assert isinstance(ours, type(theirs)), (type(ours), type(theirs))
    assert str(ours).replace("gradviz.", "torch.") == str(theirs)


@pytest.mark.parametrize("loss", ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"])
def test_a_regression_target_that_broadcasts_gets_pytorchs_warning(loss):
    def call(library):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = getattr(library.nn.functional, loss)(library.ones(4, 1), library.arange(4.0))
        return value, [str(w.message) for w in caught if w.category is UserWarning]

    (ours, our_words), (theirs, their_words) = call(gv), call(torch)
    assert [w.replace("gradviz.", "torch.") for w in our_words] == their_words
    np.testing.assert_allclose(ours.item(), theirs.item(), rtol=1e-6)  # still broadcast


def test_a_loss_of_matching_shapes_says_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gv.nn.functional.mse_loss(gv.ones(4, 1), gv.zeros(4, 1))
        gv.nn.functional.l1_loss(gv.ones(4), 0.5)


@pytest.mark.parametrize("args", [(10, (3,)), (10, [2, 2]), (3, 10, (4,)), (10,)])
def test_randint_takes_pytorchs_forms(args):
    kwargs = {"size": (5,)} if len(args) == 1 else {}
    ours, theirs = gv.randint(*args, **kwargs), torch.randint(*args, **kwargs)
    assert tuple(ours.shape) == tuple(theirs.shape) and str(ours.dtype)[8:] == str(theirs.dtype)[6:]
    low, high = (0, args[0]) if len(args) != 3 else args[:2]
    assert low <= int(ours.min()) and int(ours.max()) < high

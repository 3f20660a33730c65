"""`Generator` and ``generator=`` arguments, `multinomial`, and the older constructors
(``Tensor([…])``, ``FloatTensor``, ``t.type(…)``) against PyTorch where nothing is random."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv
from gradviz.utils.data import DataLoader, TensorDataset


def _draws(g):
    return [gv.randn(3, generator=g), gv.rand(2, 2, generator=g),
            gv.randint(0, 10, (4,), generator=g), gv.randperm(5, generator=g),
            gv.multinomial(gv.tensor([0.2, 0.3, 0.5]), 4, replacement=True, generator=g),
            gv.normal(0.0, 2.0, size=(3,), generator=g), gv.empty(3).uniform_(generator=g)]


def test_a_generator_repeats_its_stream_and_leaves_the_default_one_alone():
    gv.manual_seed(0)
    expected = gv.randn(2)
    first = _draws(gv.Generator().manual_seed(42))
    gv.manual_seed(0)
    second = _draws(gv.Generator().manual_seed(42))
    assert gv.equal(gv.randn(2), expected)
    for a, b in zip(first, second, strict=True):
        assert gv.equal(a, b)


def test_generator_state_round_trips():
    g = gv.Generator().manual_seed(7)
    assert g.initial_seed() == 7
    state = g.get_state()
    a = gv.rand(3, generator=g)
    g.set_state(state)
    assert gv.equal(gv.rand(3, generator=g), a)


def test_multinomial_shapes_and_rules_as_pytorch():
    g = gv.Generator().manual_seed(1)
    probs = gv.tensor([[0.0, 1.0, 3.0], [1.0, 1.0, 0.0]])
    drawn = gv.multinomial(probs, 2, generator=g)
    assert drawn.shape == (2, 2) and drawn.dtype == gv.int64
    assert set(drawn[0].tolist()) == {1, 2} and set(drawn[1].tolist()) == {0, 1}
    many = probs[0].multinomial(4000, replacement=True, generator=g)
    counts = np.bincount(many.numpy(), minlength=3)
    assert counts[0] == 0 and abs(counts[2] / 4000 - 0.75) < 0.03
    with pytest.raises(RuntimeError, match="without replacement"):
        gv.multinomial(probs, 4)


def test_a_data_loader_shuffles_with_its_generator():
    data = TensorDataset(gv.arange(10))
    orders = [[int(b[0][0]) for b in DataLoader(data, batch_size=1, shuffle=True,
                                                 generator=gv.Generator().manual_seed(3))]
              for _ in range(2)]
    assert orders[0] == orders[1] and sorted(orders[0]) == list(range(10))


@pytest.mark.parametrize("make", [
    lambda lib: lib.Tensor([[1, 2], [3, 4]]),
    lambda lib: lib.Tensor(2, 3).zero_(),
    lambda lib: lib.Tensor(),
    lambda lib: lib.FloatTensor([1, 2]),
    lambda lib: lib.LongTensor([1, 2]),
    lambda lib: lib.DoubleTensor(2).fill_(1.5),
    lambda lib: lib.Tensor([1.5, 2.5]).type(lib.int64),
    lambda lib: lib.Tensor([1, 2]).type(lib.DoubleTensor),
    lambda lib: lib.Tensor([1, 2]).type("torch.LongTensor"),
    lambda lib: lib.Tensor(np.random.default_rng(0).normal(size=(1, 3))),  # float64 → float32
    lambda lib: lib.Tensor(np.arange(4)),  # int64 → float32
    lambda lib: lib.Tensor(lib.arange(3, dtype=lib.float64)),
    lambda lib: lib.zeros(size=(2, 3)),
    lambda lib: lib.ones(2, 2).sum(axis=0, keepdims=True),
])
def test_older_constructors_as_pytorch(make):
    """``torch.Tensor(…)`` always makes the default float, whatever it is given."""
    ours, theirs = make(gv), make(torch)
    assert ours.shape == tuple(theirs.shape)
    assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_type_names_and_instance_checks():
    x = gv.Tensor([1.0])
    assert x.type() == torch.Tensor([1.0]).type() == "torch.FloatTensor"
    assert isinstance(x, gv.FloatTensor) and not isinstance(x, gv.LongTensor)
    assert gv.Tensor([1, 2])[0].item() == 1.0


def test_random_split_sizes_as_pytorch():
    from torch.utils.data import random_split as torch_split

    from gradviz.utils.data import random_split

    for lengths in ([3, 7], [0.5, 0.3, 0.2], [0.34, 0.33, 0.33]):
        ours = random_split(TensorDataset(gv.arange(10)), lengths, gv.Generator().manual_seed(1))
        theirs = torch_split(torch.utils.data.TensorDataset(torch.arange(10)), lengths)
        assert [len(s) for s in ours] == [len(s) for s in theirs]
        items = sorted(int(item[0]) for subset in ours for item in subset)
        assert items == list(range(10))


def test_the_legacy_constructor_copies_an_array():
    n = np.ones(3, np.float32)
    t = gv.Tensor(n)
    n[0] = 5
    assert t.tolist() == torch.Tensor(np.ones(3, np.float32)).tolist() == [1.0, 1.0, 1.0]

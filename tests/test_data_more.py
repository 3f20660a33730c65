"""ConcatDataset, IterableDataset (with a DataLoader), ChainDataset, StackDataset,
SubsetRandomSampler, WeightedRandomSampler and get_worker_info beside `torch.utils.data`: the
items and batches, lengths, error messages; the random samplers' draws by their statistics
(their exact orders are torch's when replayed: see the corpus test's sampler program)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz


def _plain(value):
    """Batches as nested Python lists, to compare torch's and gradviz's."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "tolist"):
        return ("tensor", str(value.dtype).split(".")[-1], value.tolist())
    return value


def _both(make):
    return [_plain(make(lib)) for lib in (gradviz, torch)]


def _tensors(lib):
    x = lib.tensor(np.arange(14, dtype=np.float32).reshape(7, 2))
    return lib.utils.data.TensorDataset(x, lib.arange(7))


# ── map-style datasets made of datasets ────────────────────────────────────────────────
def test_concat_dataset_items_lengths_and_running_totals():
    def make(lib):
        data = lib.utils.data
        a, b = _tensors(lib), data.TensorDataset(lib.ones(3, 2), lib.zeros(3, dtype=lib.long))
        both = data.ConcatDataset([a, b, a])
        summed = a + b
        return (len(both), both.cumulative_sizes, [both[i] for i in (0, 6, 7, 9, 10, -1, -17)],
                type(summed).__name__, len(summed), summed[8])

    ours, theirs = _both(make)
    assert ours == theirs


def test_concat_dataset_in_a_loader():
    def make(lib):
        data = lib.utils.data
        both = data.ConcatDataset([_tensors(lib), _tensors(lib)])
        return list(data.DataLoader(both, batch_size=4))

    ours, theirs = _both(make)
    assert ours == theirs


@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda d, lib: d.ConcatDataset([]), AssertionError, "datasets should not be an empty "
     "iterable"),
    (lambda d, lib: d.ConcatDataset([_Stream(lib)]), AssertionError,
     "ConcatDataset does not support IterableDataset"),
    (lambda d, lib: d.ConcatDataset([_tensors(lib)])[-8], ValueError,
     "absolute value of index should not exceed dataset length"),
    (lambda d, lib: d.StackDataset(), ValueError, "At least one dataset should be passed"),
    (lambda d, lib: d.StackDataset(_tensors(lib), y=_tensors(lib)), ValueError,
     "but both types are given"),
    (lambda d, lib: d.StackDataset(_tensors(lib), lib.ones(3)), ValueError,
     "Size mismatch between datasets"),
    (lambda d, lib: list(d.ChainDataset([_Stream(lib), _tensors(lib)])), AssertionError,
     "ChainDataset only supports IterableDataset"),
    (lambda d, lib: d.Dataset()[0], NotImplementedError,
     "Subclasses of Dataset should implement __getitem__."),
])
def test_datasets_refuse_what_torch_refuses(make, error, message):
    for lib in (gradviz, torch):
        with pytest.raises(error, match=message):
            make(lib.utils.data, lib)


def test_stack_dataset_as_tuples_and_dicts_alone_and_batched():
    def make(lib):
        data = lib.utils.data
        x = lib.tensor(np.arange(10, dtype=np.float32).reshape(5, 2))
        labels = lib.tensor([1, 0, 1, 1, 0])
        pairs, named = data.StackDataset(x, labels), data.StackDataset(image=x, label=labels)
        return (len(pairs), pairs[3], named[1], pairs.__getitems__([0, 4]),
                list(data.DataLoader(pairs, batch_size=2)),
                list(data.DataLoader(named, batch_size=3)))

    ours, theirs = _both(make)
    assert ours == theirs


# ── iterable datasets ──────────────────────────────────────────────────────────────────
def _stream_class(lib):
    class Stream(lib.utils.data.IterableDataset):
        def __init__(self, n=7, length=True):
            self.n, self.length = n, length

        def __iter__(self):
            info = lib.utils.data.get_worker_info()
            assert info is None
            for i in range(self.n):
                yield lib.tensor([float(i), 2.0 * i]), i % 3

        def __len__(self):
            if not self.length:
                raise TypeError("no length")
            return self.n

    return Stream


def _Stream(lib, *args):  # noqa: N802 - a class-like factory
    return _stream_class(lib)(*args)


@pytest.mark.parametrize("kwargs", [dict(batch_size=3), dict(batch_size=3, drop_last=True),
                                    dict(batch_size=1), dict(batch_size=7),
                                    dict(batch_size=None), dict(), dict(batch_size=4,
                                                                        shuffle=False)])
def test_a_loader_batches_a_stream_as_torch_s(kwargs):
    def make(lib):
        loader = lib.utils.data.DataLoader(_Stream(lib), **kwargs)
        return len(loader), list(loader), list(loader), loader.batch_size

    ours, theirs = _both(make)
    assert ours == theirs


def test_a_stream_with_a_collate_fn_and_chained_streams():
    def make(lib):
        data = lib.utils.data
        chain = data.ChainDataset([_Stream(lib, 3), _Stream(lib, 4)])
        added = _Stream(lib, 2) + _Stream(lib, 3)
        loader = data.DataLoader(chain, batch_size=3,
                                 collate_fn=lambda items: [i for _, i in items])
        return (len(chain), list(chain), type(added).__name__, len(list(added)),
                list(loader), list(data.DataLoader(added, batch_size=2)))

    ours, theirs = _both(make)
    assert ours == theirs


@pytest.mark.parametrize("kwargs", [dict(shuffle=True), dict(sampler=[0, 1]),
                                    dict(batch_sampler=[[0]])])
def test_a_stream_refuses_an_order(kwargs):
    messages = []
    for lib in (gradviz, torch):
        with pytest.raises(ValueError) as caught:
            lib.utils.data.DataLoader(_Stream(lib), **kwargs)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


def test_a_stream_without_a_length_has_no_loader_length():
    for lib in (gradviz, torch):
        loader = lib.utils.data.DataLoader(_Stream(lib, 5, False), batch_size=2)
        assert len(list(loader)) == 3
        with pytest.raises(TypeError, match="no length"):
            len(loader)


def test_an_iterable_dataset_without_iter_cannot_be_made():
    for lib in (gradviz, torch):
        class Empty(lib.utils.data.IterableDataset):
            pass

        with pytest.raises(TypeError, match="abstract method '?__iter__"):
            Empty()


def test_get_worker_info_is_none_in_the_main_process():
    assert gradviz.utils.data.get_worker_info() is None is torch.utils.data.get_worker_info()


# ── the random samplers ────────────────────────────────────────────────────────────────
def test_subset_random_sampler_orders_its_indices_afresh_each_time():
    indices = [3, 8, 9, 12, 20, 21]
    sampler = gradviz.utils.data.SubsetRandomSampler(indices)
    orders = [list(sampler) for _ in range(20)]
    assert all(sorted(o) == indices for o in orders) and len(sampler) == 6
    assert len({tuple(o) for o in orders}) > 10
    gen = gradviz.Generator().manual_seed(5)
    again = gradviz.Generator().manual_seed(5)
    assert (list(gradviz.utils.data.SubsetRandomSampler(indices, generator=gen))
            == list(gradviz.utils.data.SubsetRandomSampler(indices, generator=again)))
    loader = gradviz.utils.data.DataLoader(_tensors(gradviz), batch_size=2,
                                           sampler=gradviz.utils.data.SubsetRandomSampler(
                                               [0, 2, 4, 6]))
    seen = sorted(int(i) for _, y in loader for i in y)
    assert seen == [0, 2, 4, 6] and len(loader) == 2


def test_weighted_random_sampler_draws_by_weight():
    gradviz.manual_seed(0)
    weights = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6]
    sampler = gradviz.utils.data.WeightedRandomSampler(weights, 60000)
    counts = np.bincount(list(sampler), minlength=6) / 60000
    np.testing.assert_allclose(counts, np.array(weights) / sum(weights), atol=0.01)
    assert sampler.weights.dtype == gradviz.float64 and len(sampler) == 60000
    once = list(gradviz.utils.data.WeightedRandomSampler(weights, 6, replacement=False))
    assert sorted(once) == list(range(6))
    loader = gradviz.utils.data.DataLoader(
        _tensors(gradviz), batch_size=4,
        sampler=gradviz.utils.data.WeightedRandomSampler([0, 0, 1, 0, 0, 0, 1], 8))
    assert len(loader) == 2 and {int(i) for _, y in loader for i in y} <= {2, 6}


@pytest.mark.parametrize(("args", "kwargs"), [
    (([1.0, 2.0], 0), {}), (([1.0, 2.0], 2.5), {}), (([1.0, 2.0], True), {}),
    (([1.0, 2.0], 3), dict(replacement=1)), (([[1.0, 2.0]], 3), {}),
])
def test_weighted_random_sampler_refuses_what_torch_refuses(args, kwargs):
    messages = []
    for lib in (gradviz, torch):
        with pytest.raises(ValueError) as caught:
            lib.utils.data.WeightedRandomSampler(*args, **kwargs)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


def test_the_new_names_are_where_torch_keeps_them():
    for module in ("dataset", "sampler"):
        theirs = getattr(torch.utils.data, module)
        ours = getattr(gradviz.utils.data, module)
        for name in ours.__all__:
            assert hasattr(theirs, name), (module, name)
    for name in ("ConcatDataset", "IterableDataset", "ChainDataset", "StackDataset",
                 "SubsetRandomSampler", "WeightedRandomSampler", "get_worker_info"):
        assert hasattr(gradviz.utils.data, name)

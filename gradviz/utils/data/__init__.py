"""`Dataset`, `TensorDataset` and `DataLoader`: batches for a training loop, as `torch.utils.data`.

    loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)
    for xb, yb in loader:
        ...

One process, no workers: a batch is the dataset's items collated by `default_collate`
(`collate`'s rules, as PyTorch's: tensors stacked along a new first dim, numbers made into a
tensor, strings kept, tuples and dicts collated field by field).  The order of items comes
from a sampler, as in PyTorch: `SequentialSampler`, or `RandomSampler` when ``shuffle=True``,
grouped by `BatchSampler`; a program may hand in its own (``sampler=``,
``batch_sampler=``).  Shuffling draws from `generator=` (a `gradviz.Generator`), else from
`gradviz.manual_seed`'s generator; `SubsetRandomSampler` and `WeightedRandomSampler` draw
an order of given indices, or indices by weight.  An `IterableDataset` (`datasets`, with the
datasets made of datasets) is a stream: the loader batches its items as they come, with no
sampler; `get_worker_info()` is None, as in PyTorch's main process.

Everything but the collating (`collate`) and the dataset classes without tensors (`datasets`)
lives in this one module, so that the one `randperm` and `multinomial` names here are where
every shuffle and weighted draw draws; `dataset`, `sampler` and `dataloader` hold PyTorch's
submodule paths (``from torch.utils.data.dataset import random_split``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from gradviz.engine import creation, dtypes
from gradviz.engine.creation import multinomial
from gradviz.engine.math_functions import randperm
from gradviz.engine.tensor import Tensor
from gradviz.utils.data.collate import default_collate
from gradviz.utils.data.datasets import (
    ChainDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    StackDataset,
)

__all__ = ["BatchSampler", "ChainDataset", "ConcatDataset", "DataLoader", "Dataset",
           "IterableDataset", "RandomSampler", "Sampler", "SequentialSampler", "StackDataset",
           "Subset", "SubsetRandomSampler", "TensorDataset", "WeightedRandomSampler",
           "default_collate", "get_worker_info", "random_split"]


class TensorDataset(Dataset):
    """Item i is (t[i] for each tensor); the tensors share their first dimension."""

    def __init__(self, *tensors: Tensor) -> None:
        if any(len(t) != len(tensors[0]) for t in tensors):
            raise ValueError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index: int) -> tuple[Tensor, ...]:
        return tuple(t[index] for t in self.tensors)

    def __len__(self) -> int:
        return len(self.tensors[0])


class Subset(Dataset):
    """The items of `dataset` at `indices`, in that order."""

    def __init__(self, dataset: Dataset, indices) -> None:
        self.dataset = dataset
        self.indices = list(indices)

    def __getitem__(self, index: int) -> Any:
        return self.dataset[self.indices[index]]

    def __len__(self) -> int:
        return len(self.indices)


def random_split(dataset: Dataset, lengths, generator: creation.Generator | None = None
                 ) -> list[Subset]:
    """Disjoint random subsets of these lengths, or of these fractions of the dataset (the
    remainder given out one by one from the first, as PyTorch)."""
    n = len(dataset)
    lengths = list(lengths)
    if all(0 <= f <= 1 for f in lengths) and math.isclose(sum(lengths), 1) and sum(lengths) != n:
        sizes = [math.floor(n * f) for f in lengths]
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
        lengths = sizes
    if sum(lengths) != n:
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    order = randperm(n, generator=generator).tolist()
    starts = np.cumsum([0, *lengths]).tolist()
    return [Subset(dataset, order[a:b]) for a, b in zip(starts[:-1], starts[1:], strict=True)]


class Sampler:
    """Subclass it and define ``__iter__`` (indices of the dataset) and ``__len__``."""

    def __init__(self, data_source=None) -> None:
        pass


class SequentialSampler(Sampler):
    """0, 1, …, len(data_source) − 1."""

    def __init__(self, data_source) -> None:
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


class RandomSampler(Sampler):
    """A fresh permutation of the indices each time it is iterated (without replacement)."""

    def __init__(self, data_source, replacement: bool = False, num_samples: int | None = None,
                 generator: creation.Generator | None = None) -> None:
        if replacement or num_samples is not None:
            raise NotImplementedError("RandomSampler(replacement=True / num_samples=) is not in "
                                      "gradviz yet; a permutation of the whole dataset is")
        self.data_source = data_source
        self.replacement = replacement
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        return iter(randperm(len(self.data_source), generator=self.generator).tolist())

    def __len__(self) -> int:
        return len(self.data_source)


class SubsetRandomSampler(Sampler):
    """The given indices in a fresh random order each time it is iterated."""

    def __init__(self, indices, generator: creation.Generator | None = None) -> None:
        self.indices = indices
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        for i in randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """`num_samples` indices of ``weights``, each drawn with probability proportional to its
    weight (with replacement unless told otherwise), one `multinomial` draw per iteration."""

    def __init__(self, weights, num_samples: int, replacement: bool = True,
                 generator: creation.Generator | None = None) -> None:
        if (not isinstance(num_samples, int) or isinstance(num_samples, bool)
                or num_samples <= 0):
            raise ValueError("num_samples should be a positive integer value, but got "
                             f"num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError("replacement should be a boolean value, but got "
                             f"replacement={replacement}")
        weights = creation.as_tensor(weights, dtype=dtypes.float64)
        if weights.dim() != 1:
            raise ValueError("weights should be a 1d sequence but given weights have shape "
                             f"{tuple(weights.shape)}")
        self.weights = weights
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        drawn = multinomial(self.weights, self.num_samples, self.replacement,
                            generator=self.generator)
        yield from iter(drawn.tolist())

    def __len__(self) -> int:
        return self.num_samples


class _InfiniteConstantSampler(Sampler):
    """An IterableDataset's sampler in a DataLoader: None for ever (the stream says what)."""

    def __iter__(self) -> Iterator[None]:
        while True:
            yield None


def get_worker_info() -> None:
    """Which worker process a dataset runs in: gradviz loads in the main process, so None,
    as PyTorch answers there."""
    return None


class BatchSampler(Sampler):
    """Lists of `batch_size` indices drawn from `sampler`; the last shorter one kept unless
    `drop_last`."""

    def __init__(self, sampler, batch_size: int, drop_last: bool) -> None:
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self) -> Iterator[list[int]]:
        batch: list[int] = []
        for index in self.sampler:
            batch.append(int(index))
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self) -> int:
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)


class DataLoader:
    """Iterate a dataset in batches of `batch_size`, optionally shuffled each epoch."""

    __module__ = "gradviz.utils.data.dataloader"  # prints as torch.utils.data.dataloader's

    def __init__(self, dataset: Dataset, batch_size: int | None = 1, shuffle: bool | None = None,
                 sampler: Sampler | None = None, batch_sampler: Sampler | None = None,
                 num_workers: int = 0, collate_fn: Callable | None = None,
                 pin_memory: bool = False, drop_last: bool = False,
                 generator: creation.Generator | None = None, **_ignored: Any) -> None:
        iterable = isinstance(dataset, IterableDataset)
        if iterable:  # a stream: its own order, batched as it comes
            for name, value, unset in (("shuffle", shuffle, shuffle in (None, False)),
                                       ("sampler", sampler, sampler is None),
                                       ("batch_sampler", batch_sampler, batch_sampler is None)):
                if not unset:
                    raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                     f"{name} option, but got {name}={value}")
            sampler = _InfiniteConstantSampler()
        if batch_sampler is not None and (batch_size != 1 or shuffle or sampler is not None
                                          or drop_last):
            raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                             "shuffle, sampler, and drop_last")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if sampler is None:
            sampler = (RandomSampler(dataset, generator=generator) if shuffle
                       else SequentialSampler(dataset))
        if batch_sampler is not None:
            batch_size, drop_last = None, False
        elif batch_size is not None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.dataset = dataset
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.num_workers = num_workers
        self.collate_fn = collate_fn or (default_collate if batch_sampler is not None
                                         else _no_collate)
        self.generator = generator

    def __iter__(self) -> Iterator:
        if isinstance(self.dataset, IterableDataset):
            yield from self._stream()
            return
        if self.batch_sampler is None:  # no batching: items one by one
            yield from (self.collate_fn(self.dataset[int(i)]) for i in self.sampler)
            return
        batched = getattr(self.dataset, "__getitems__", None)
        for indices in self.batch_sampler:
            indices = [int(i) for i in indices]
            yield self.collate_fn(batched(indices) if callable(batched)
                                  else [self.dataset[i] for i in indices])

    def _stream(self) -> Iterator:
        """An IterableDataset's items, `batch_size` at a time (the last shorter one kept
        unless `drop_last`), or one by one without a batch size."""
        items = iter(self.dataset)
        if self.batch_size is None:
            yield from (self.collate_fn(item) for item in items)
            return
        while True:
            batch = list(itertools.islice(items, self.batch_size))
            if not batch or (self.drop_last and len(batch) < self.batch_size):
                return
            yield self.collate_fn(batch)

    def __len__(self) -> int:
        if isinstance(self.dataset, IterableDataset):  # the stream's own len(), if it has one
            n = len(self.dataset)
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)
        return len(self.sampler if self.batch_sampler is None else self.batch_sampler)


def _no_collate(item: Any) -> Any:
    return item

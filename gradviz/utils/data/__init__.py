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
`gradviz.manual_seed`'s generator.

Everything but the collating (`collate`) lives in this one module, so that the one
`randperm` name here is where every shuffle draws; `dataset`, `sampler` and `dataloader`
hold PyTorch's submodule paths (``from torch.utils.data.dataset import random_split``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from gradviz.engine import creation
from gradviz.engine.math_functions import randperm
from gradviz.engine.tensor import Tensor
from gradviz.utils.data.collate import default_collate


class Dataset:
    """Subclass it and define ``__getitem__(index)`` and ``__len__()``."""

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError("a Dataset subclass must define __getitem__")


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
        if self.batch_sampler is None:  # no batching: items one by one
            yield from (self.collate_fn(self.dataset[int(i)]) for i in self.sampler)
            return
        for indices in self.batch_sampler:
            yield self.collate_fn([self.dataset[int(i)] for i in indices])

    def __len__(self) -> int:
        return len(self.sampler if self.batch_sampler is None else self.batch_sampler)


def _no_collate(item: Any) -> Any:
    return item

"""`Dataset`, `TensorDataset` and `DataLoader`: batches for a training loop, as `torch.utils.data`.

    loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)
    for xb, yb in loader:
        ...

One process, no workers: a batch is the dataset's items collated by `default_collate`
(tensors stacked along a new first dim, numbers made into a tensor, tuples and dicts
collated field by field).  Shuffling draws from `generator=` (a `gradviz.Generator`), else
from `gradviz.manual_seed`'s generator.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from gradviz.engine import creation
from gradviz.engine.math_functions import randperm
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_functions import stack


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


def default_collate(items: list) -> Any:
    first = items[0]
    if isinstance(first, Tensor):
        return stack(items)
    if isinstance(first, bool | int | float | np.number | np.ndarray):
        return creation.as_tensor(np.asarray(items))
    if isinstance(first, dict):
        return {key: default_collate([item[key] for item in items]) for key in first}
    if isinstance(first, tuple | list):  # a list of fields (a named tuple stays one), as torch
        fields = [default_collate(list(field)) for field in zip(*items, strict=True)]
        return type(first)(*fields) if hasattr(first, "_fields") else fields
    return items


class DataLoader:
    """Iterate a dataset in batches of `batch_size`, optionally shuffled each epoch."""

    def __init__(self, dataset: Dataset, batch_size: int | None = 1, shuffle: bool = False,
                 drop_last: bool = False, collate_fn: Callable | None = None,
                 generator: creation.Generator | None = None, **_ignored: Any) -> None:
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.collate_fn = collate_fn or default_collate
        self.generator = generator

    def __iter__(self) -> Iterator:
        n = len(self.dataset)
        order = randperm(n, generator=self.generator).numpy() if self.shuffle else np.arange(n)
        if self.batch_size is None:  # no batching: items one by one
            yield from (self.dataset[int(i)] for i in order)
            return
        for start in range(0, n, self.batch_size):
            chosen = order[start:start + self.batch_size]
            if self.drop_last and len(chosen) < self.batch_size:
                return
            yield self.collate_fn([self.dataset[int(i)] for i in chosen])

    def __len__(self) -> int:
        n = len(self.dataset)
        if self.batch_size is None:
            return n
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

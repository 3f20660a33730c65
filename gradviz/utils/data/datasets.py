"""The dataset classes that hold no tensors of their own, as ``torch.utils.data.dataset``'s:
`Dataset` (``a + b`` concatenates), `IterableDataset` (a stream: define ``__iter__``),
`ConcatDataset`, `ChainDataset` (streams one after another) and `StackDataset` (item i of
several datasets side by side, as a tuple or a dict)."""

from __future__ import annotations

import bisect
import collections.abc
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["ChainDataset", "ConcatDataset", "Dataset", "IterableDataset", "StackDataset"]


class Dataset:
    """Subclass it and define ``__getitem__(index)`` and ``__len__()``."""

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other: Dataset) -> ConcatDataset:
        return ConcatDataset([self, other])


class IterableDataset(Dataset, collections.abc.Iterable):
    """A stream of samples: subclass it and define ``__iter__`` (without one, it cannot be
    made, as in PyTorch).  A DataLoader takes its items in the order the stream gives them (no
    sampler, no shuffling) and batches them."""

    def __add__(self, other: Dataset) -> ChainDataset:  # type: ignore[override]
        return ChainDataset([self, other])


class ConcatDataset(Dataset):
    """The datasets one after another: index i falls in the one whose running total passes
    i (`cumulative_sizes`)."""

    @staticmethod
    def cumsum(sequence) -> list[int]:
        totals, running = [], 0
        for dataset in sequence:
            running += len(dataset)
            totals.append(running)
        return totals

    def __init__(self, datasets: Iterable[Dataset]) -> None:
        self.datasets = list(datasets)
        if len(self.datasets) == 0:
            raise AssertionError("datasets should not be an empty iterable")
        for dataset in self.datasets:
            if isinstance(dataset, IterableDataset):
                raise AssertionError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = self.cumsum(self.datasets)

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx: int) -> Any:
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        which = bisect.bisect_right(self.cumulative_sizes, idx)
        start = self.cumulative_sizes[which - 1] if which else 0
        return self.datasets[which][idx - start]


class ChainDataset(IterableDataset):
    """Iterable datasets streamed one after another, as they are iterated."""

    def __init__(self, datasets: Iterable[Dataset]) -> None:
        self.datasets = datasets

    def __iter__(self) -> Iterator:
        for dataset in self.datasets:
            if not isinstance(dataset, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from dataset

    def __len__(self) -> int:
        total = 0
        for dataset in self.datasets:
            if not isinstance(dataset, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            total += len(dataset)
        return total


class StackDataset(Dataset):
    """Item i of each dataset, as a tuple (``StackDataset(images, labels)``) or a dict
    (``StackDataset(image=images, label=labels)``); the datasets have one length."""

    def __init__(self, *args: Dataset, **kwargs: Dataset) -> None:
        if args and kwargs:
            raise ValueError("Supported either ``tuple``- (via ``args``) or``dict``- (via "
                             "``kwargs``) like input/output, but both types are given.")
        if not args and not kwargs:
            raise ValueError("At least one dataset should be passed")
        parts = list(args or kwargs.values())
        self._length = len(parts[0])
        if any(self._length != len(dataset) for dataset in parts):
            raise ValueError("Size mismatch between datasets")
        self.datasets: tuple | dict = args or kwargs

    def __getitem__(self, index: int) -> Any:
        if isinstance(self.datasets, dict):
            return {key: dataset[index] for key, dataset in self.datasets.items()}
        return tuple(dataset[index] for dataset in self.datasets)

    def __getitems__(self, indices: list) -> list:
        """A batch at once, through each dataset's own ``__getitems__`` where it has one."""
        columns = {}
        names = self.datasets if isinstance(self.datasets, dict) else range(len(self.datasets))
        for key in names:
            dataset = self.datasets[key]
            if callable(getattr(dataset, "__getitems__", None)):
                items = dataset.__getitems__(indices)
                if len(items) != len(indices):
                    raise ValueError("Nested dataset's output size mismatch. Expected "
                                     f"{len(indices)}, got {len(items)}")
            else:
                items = [dataset[i] for i in indices]
            columns[key] = items
        if isinstance(self.datasets, dict):
            return [{key: columns[key][row] for key in names} for row in range(len(indices))]
        return [tuple(columns[key][row] for key in names) for row in range(len(indices))]

    def __len__(self) -> int:
        return self._length

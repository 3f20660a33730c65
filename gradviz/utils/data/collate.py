"""`default_collate` and `collate`: a list of dataset items made into one batch, by PyTorch's
rules (``torch.utils.data._utils.collate``), element type by element type:

* tensors are stacked along a new first dim; numpy arrays too (string and object arrays
  refused), and numpy scalars made into one tensor of their dtype;
* Python floats become a float64 tensor, ints an int64 one (bools a bool one);
* PyTorch's own tensors (what a torchvision dataset gives) become gradviz tensors of their
  dtype, then as tensors;
* str and bytes are kept as they come: a tuple where they were fields of the items
  (``DataLoader(list(enumerate("abc")), batch_size=2)`` gives ``[tensor([0, 1]), ('a', 'b')]``);
* mappings are collated key by key (a copy of the first item's mapping type), named tuples
  field by field, other sequences position by position (a tuple gives a list, a list a
  list), each item's length checked.

`collate_fn_map` maps element types to functions, as PyTorch's (`default_collate_fn_map`).
"""

from __future__ import annotations

import collections.abc
import copy
import re
from collections.abc import Callable
from typing import Any

import numpy as np

from gradviz.engine import creation
from gradviz.engine.dtypes import float64
from gradviz.engine.foreign import is_torch_tensor
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_functions import stack

__all__ = ["collate", "default_collate", "default_collate_fn_map"]

ERROR = ("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
         "found {}")
_STRING_OR_OBJECT = re.compile("[SaUO]")  # numpy dtype codes of strings and objects


def collate(batch, *, collate_fn_map: dict | None = None) -> Any:
    """`batch` (a sequence of items) collated by the functions of `collate_fn_map` for the
    types they name, and by the rules above for containers."""
    elem = batch[0]
    if collate_fn_map is not None:
        if type(elem) in collate_fn_map:
            return collate_fn_map[type(elem)](batch, collate_fn_map=collate_fn_map)
        for kind, fn in collate_fn_map.items():
            if isinstance(elem, kind):
                return fn(batch, collate_fn_map=collate_fn_map)

    def each(samples):
        return collate(samples, collate_fn_map=collate_fn_map)

    if is_torch_tensor(elem):  # a dataset on real PyTorch (torchvision's): gradviz tensors
        return each([creation.tensor(item) for item in batch])

    if isinstance(elem, collections.abc.Mapping):
        fields = {key: each([d[key] for d in batch]) for key in elem}
        try:
            if isinstance(elem, collections.abc.MutableMapping):
                clone = copy.copy(elem)  # the mapping's type, with any properties it has
                clone.update(fields)
                return clone
            return type(elem)(fields)
        except TypeError:
            return fields
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # a named tuple
        return type(elem)(*(each(samples) for samples in zip(*batch, strict=False)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if not all(len(item) == size for item in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        transposed = list(zip(*batch, strict=False))  # each position's samples, a tuple
        if isinstance(elem, tuple):
            return [each(samples) for samples in transposed]
        try:
            if isinstance(elem, collections.abc.MutableSequence):
                clone = copy.copy(elem)
                for i, samples in enumerate(transposed):
                    clone[i] = each(samples)
                return clone
            return type(elem)([each(samples) for samples in transposed])
        except TypeError:  # a sequence type that cannot be built from a list (range)
            return [each(samples) for samples in transposed]
    raise TypeError(ERROR.format(type(elem)))


def _tensors(batch, *, collate_fn_map=None):
    return stack(list(batch), 0)


def _arrays(batch, *, collate_fn_map=None):
    if _STRING_OR_OBJECT.search(batch[0].dtype.str) is not None:
        raise TypeError(ERROR.format(batch[0].dtype))
    return collate([creation.as_tensor(b) for b in batch], collate_fn_map=collate_fn_map)


def _numpy_scalars(batch, *, collate_fn_map=None):
    return creation.as_tensor(np.asarray(batch))


def _floats(batch, *, collate_fn_map=None):
    return creation.tensor(list(batch), dtype=float64)


def _ints(batch, *, collate_fn_map=None):
    return creation.tensor(list(batch))


def _as_they_are(batch, *, collate_fn_map=None):
    return batch


default_collate_fn_map: dict[type | tuple[type, ...], Callable] = {
    Tensor: _tensors,
    np.ndarray: _arrays,
    (np.bool_, np.number, np.object_): _numpy_scalars,
    float: _floats,
    int: _ints,
    str: _as_they_are,
    bytes: _as_they_are,
}


def default_collate(batch) -> Any:
    """`batch` collated by `default_collate_fn_map` and the container rules, as PyTorch's."""
    return collate(batch, collate_fn_map=default_collate_fn_map)

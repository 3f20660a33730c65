"""`default_collate` against `torch.utils.data.default_collate`: the same batch of items gives
the same structure (container types, tuples of strings), the same numbers and dtypes, and the
same errors."""

from collections import OrderedDict, namedtuple

import numpy as np
import pytest
import torch

import gradviz as gv
from gradviz.utils.data import DataLoader, default_collate
from gradviz.utils.data.collate import collate, default_collate_fn_map

Point = namedtuple("Point", "x y")


def _plain(value):
    """A batch as plain Python: each tensor as (dtype name, nested list)."""
    if isinstance(value, gv.Tensor | torch.Tensor):
        return ("tensor", str(value.dtype).split(".")[-1], value.tolist())
    if isinstance(value, dict):
        return (type(value).__name__, {k: _plain(v) for k, v in value.items()})
    if isinstance(value, tuple | list):
        return (type(value).__name__, [_plain(v) for v in value])
    return value


def _both(make):
    """`make(lib)` (the items, built with gradviz or torch) collated by each library."""
    return _plain(default_collate(make(gv))), _plain(torch.utils.data.default_collate(make(torch)))


CASES = {
    "ints": lambda lib: [1, 2, 3],
    "floats": lambda lib: [1.5, 2.0],
    "bools": lambda lib: [True, False],
    "strings": lambda lib: ["a", "b"],
    "bytes": lambda lib: [b"a", b"b"],
    "index_and_letter": lambda lib: list(enumerate("abcd")),
    "lists": lambda lib: [[1, "x"], [2, "y"]],
    "tensors": lambda lib: [lib.ones(2, 3), lib.zeros(2, 3)],
    "int_tensors": lambda lib: [lib.tensor([1, 2]), lib.tensor([3, 4])],
    "tensor_and_label": lambda lib: [(lib.ones(2), 0), (lib.zeros(2), 1)],
    "numpy_arrays": lambda lib: [np.ones((2,), np.float32), np.zeros((2,), np.float32)],
    "numpy_scalars": lambda lib: [np.float32(1.5), np.float32(2.5)],
    "numpy_ints": lambda lib: [np.int32(1), np.int32(2)],
    "dicts": lambda lib: [{"a": 1, "b": "u"}, {"a": 2, "b": "v"}],
    "ordered_dicts": lambda lib: [OrderedDict(a=1.0), OrderedDict(a=2.0)],
    "named_tuples": lambda lib: [Point(1, 2.0), Point(3, 4.0)],
    "nested": lambda lib: [{"p": (1, [2.0, "s"])}, {"p": (3, [4.0, "t"])}],
    "ranges": lambda lib: [range(2), range(2)],
}


@pytest.mark.parametrize("name", CASES)
def test_default_collate_as_torch(name):
    ours, theirs = _both(CASES[name])
    assert ours == theirs


def test_dataloader_keeps_the_letters_tuple():
    ds = list(enumerate("abcdefg"))
    ours = [_plain(b) for b in DataLoader(ds, batch_size=3)]
    theirs = [_plain(b) for b in torch.utils.data.DataLoader(ds, batch_size=3)]
    assert ours == theirs
    assert ours[0] == ("list", [("tensor", "int64", [0, 1, 2]), ("tuple", ["a", "b", "c"])])


@pytest.mark.parametrize("items", [
    [[1, 2], [3]],  # unequal sizes
    [object(), object()],  # an unknown type
    [np.array(["a"]), np.array(["b"])],  # a string array
])
def test_errors_as_torch(items):
    with pytest.raises(Exception) as theirs:
        torch.utils.data.default_collate(items)
    with pytest.raises(Exception) as ours:
        default_collate(items)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value)


def test_a_collate_fn_map_of_ones_own():
    def shout(batch, *, collate_fn_map=None):
        return "".join(batch).upper()

    table = {**default_collate_fn_map, str: shout}
    assert collate([(1, "a"), (2, "b")], collate_fn_map=table)[1] == "AB"

"""The ``[inputs]`` of a lesson: the leaves of its graph, checked and described.

`InputReader` turns ``x = { randn = [3, 4], grad = true }`` into an `InputSpec` (kind,
shape, value, grad, label and where it is in the file), reporting every problem through
the ``fail(path, message, at_value)`` callback of the lesson reader.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable
from dataclasses import dataclass

from gradviz.catalog.lesson import Message, did_you_mean, one_of
from gradviz.lesson.functions import FUNCTIONS
from gradviz.lesson.values import code_name, is_int, is_number

MAX_ELEMENTS = 10_000_000
MAX_DIMS = 16
INPUT_KINDS = ("randn", "rand", "value", "zeros", "ones", "full", "eye")
INPUT_KEYS = (*INPUT_KINDS, "grad", "label")


@dataclass(frozen=True)
class InputSpec:
    """One leaf from ``[inputs]``.

    ``kind`` is one of randn, rand, value, zeros, ones, full, eye or constant (a bare
    number or list).  ``shape`` is always filled in; ``value`` holds the literal for value
    and constant, the fill value for full, and None otherwise.
    """

    name: str
    kind: str
    shape: tuple[int, ...]
    value: object = None
    grad: bool = False
    label: str = ""
    line: int = 1
    col: int = 1


class InputReader:
    def __init__(self, fail: Callable, where: Callable) -> None:
        self.fail, self.where = fail, where

    def read(self, table: dict) -> list[InputSpec]:
        """The valid inputs of an ``[inputs]`` table, in file order."""
        specs, written = [], {}  # the code's name -> the name as the file writes it
        for name, spec in table.items():
            path = ("inputs", name)
            if not name.isidentifier() or keyword.iskeyword(name) or name in FUNCTIONS:
                why = Message("is a function name") if name in FUNCTIONS else \
                    Message("is not a valid name")
                self.fail(path, Message("input '{name}' {why}; use letters, digits and _",
                                        name=name, why=why))
                continue
            other = written.setdefault(code_name(name), name)
            if other != name:  # 'ｘ' and 'x': one name to Python, which folds it to NFKC
                self.fail(path, Message("input '{name}' reads as '{code}' in code, the name of "
                                        "input '{other}'; give each input its own name",
                                        name=name, code=code_name(name), other=other))
                continue
            parsed = self._input(name, spec, path)
            if parsed is not None:
                line, col = self.where(path)
                specs.append(InputSpec(code_name(name), *parsed, line=line, col=col))
        return specs

    def _input(self, name: str, spec, path) -> tuple | None:
        if is_number(spec) or isinstance(spec, list):
            shape = self._array(spec, path)
            return None if shape is None else ("constant", shape, spec, False, name)
        if not isinstance(spec, dict):
            self.fail(path, Message("input '{name}' must be a number, a list or a table like "
                                    "{example}", name=name,
                                    example="{ randn = [3, 4], grad = true }"))
            return None
        for key in spec:
            if key not in INPUT_KEYS:
                self.fail((*path, key), Message("unknown key '{key}' in input '{name}'{hint}",
                                                key=key, name=name,
                                                hint=did_you_mean(key, INPUT_KEYS)))
        kinds = [k for k in INPUT_KINDS if k in spec]
        if len(kinds) != 1:
            has = Message(" (it has {kinds})", kinds=one_of(kinds, "and")) if kinds else ""
            self.fail(path, Message("input '{name}' needs exactly one of {kinds}{has}", name=name,
                                    kinds=", ".join(INPUT_KINDS), has=has))
            return None
        grad, label = spec.get("grad", False), spec.get("label", name)
        if not isinstance(grad, bool):
            self.fail((*path, "grad"), Message("{key} must be true or false", key="grad"),
                      at_value=True)
        if not isinstance(label, str) or not label:
            self.fail((*path, "label"), Message("label must be a non-empty string"),
                      at_value=True)
        kind, value, at = kinds[0], spec[kinds[0]], (*path, kinds[0])
        if kind == "value":
            shape = self._array(value, at)
        elif kind == "eye":
            ok = is_int(value) and value > 0
            shape = self._shape([value, value], at) if ok else None
            if not ok:
                self.fail(at, Message("eye must be a positive integer n (an n×n identity)"), True)
            value = None
        elif kind == "full":
            shape, value = self._full(value, at)
        else:
            shape, value = self._shape(value, at), None
        return None if shape is None else (kind, shape, value, grad is True, str(label))

    def _full(self, spec, path) -> tuple:
        if not isinstance(spec, dict) or set(spec) != {"shape", "value"}:
            self.fail(path, Message("full must be {example}",
                                    example="{ shape = [3, 4], value = 0.5 }"), at_value=True)
            return None, None
        if not is_number(spec["value"]):
            self.fail((*path, "value"), Message("full value must be a number"), at_value=True)
            return None, None
        return self._shape(spec["shape"], (*path, "shape")), spec["value"]

    def _shape(self, shape, path) -> tuple[int, ...] | None:
        if not isinstance(shape, list):
            self.fail(path, Message("a shape is a list of positive integers such as {example}",
                                    example="[3, 4]"), True)
            return None
        if len(shape) > MAX_DIMS:
            self.fail(path, Message("a shape has at most {n} dimensions", n=MAX_DIMS),
                      at_value=True)
            return None
        for i, size in enumerate(shape):
            if not (is_int(size) and size > 0):
                self.fail((*path, i), Message("shape sizes must be positive integers, got "
                                              "{value}", value=repr(size)), True)
                return None
        return self._size_checked(tuple(shape), path)

    def _size_checked(self, shape: tuple[int, ...], path) -> tuple[int, ...] | None:
        count = 1
        for size in shape:
            count *= size
        if count > MAX_ELEMENTS:
            self.fail(path, Message("a tensor of {count:,} elements is over the limit of "
                                    "{limit:,} elements", count=count, limit=MAX_ELEMENTS),
                      at_value=True)
            return None
        return shape

    def _array(self, value, path, depth: int = 0) -> tuple[int, ...] | None:
        """Shape of a rectangular nested list of numbers (a number has shape ())."""
        if is_number(value):
            return ()
        if not isinstance(value, list):
            self.fail(path, Message("expected a number or a list of numbers, got {value}",
                                    value=repr(value)), True)
            return None
        if not value or depth >= MAX_DIMS:
            why = Message("an empty list") if not value else \
                Message("more than {n} nested lists", n=MAX_DIMS)
            self.fail(path, Message("a value cannot be {why}", why=why), at_value=True)
            return None
        first = None
        for i, item in enumerate(value):
            shape = self._array(item, (*path, i), depth + 1)
            if shape is None:
                return None
            if first is not None and shape != first:
                self.fail((*path, i), Message("rows differ in length: element {i} has shape "
                                              "{shape}, element 0 has {first}", i=i,
                                              shape=shape, first=first), at_value=True)
                return None
            first = shape
        return self._size_checked((len(value), *first), path)

"""The ``[inputs]`` of a lesson: the leaves of its graph, checked and described.

`InputReader` turns ``x = { randn = [3, 4], grad = true }`` into an `InputSpec` (kind,
shape, value, grad, label and where it is in the file), reporting every problem through
the ``fail(path, message, at_value)`` callback of the lesson reader.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable
from dataclasses import dataclass

from gradviz.catalog.lesson import suggest
from gradviz.lesson.functions import FUNCTIONS
from gradviz.lesson.values import is_int, is_number

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
        specs = []
        for name, spec in table.items():
            path = ("inputs", name)
            if not name.isidentifier() or keyword.iskeyword(name) or name in FUNCTIONS:
                why = "a function name" if name in FUNCTIONS else "not a valid name"
                self.fail(path, f"input '{name}' is {why}; use letters, digits and _")
                continue
            parsed = self._input(name, spec, path)
            if parsed is not None:
                line, col = self.where(path)
                specs.append(InputSpec(name, *parsed, line=line, col=col))
        return specs

    def _input(self, name: str, spec, path) -> tuple | None:
        if is_number(spec) or isinstance(spec, list):
            shape = self._array(spec, path)
            return None if shape is None else ("constant", shape, spec, False, name)
        if not isinstance(spec, dict):
            self.fail(
                path,
                f"input '{name}' must be a number, a list or a table like "
                "{ randn = [3, 4], grad = true }",
            )
            return None
        for key in spec:
            if key not in INPUT_KEYS:
                hint = suggest(key, INPUT_KEYS)
                self.fail((*path, key), f"unknown key '{key}' in input '{name}'{hint}")
        kinds = [k for k in INPUT_KINDS if k in spec]
        if len(kinds) != 1:
            message = f"input '{name}' needs exactly one of {', '.join(INPUT_KINDS)}"
            self.fail(path, message + (f" (it has {' and '.join(kinds)})" if kinds else ""))
            return None
        grad, label = spec.get("grad", False), spec.get("label", name)
        if not isinstance(grad, bool):
            self.fail((*path, "grad"), "grad must be true or false", at_value=True)
        if not isinstance(label, str) or not label:
            self.fail((*path, "label"), "label must be a non-empty string", at_value=True)
        kind, value, at = kinds[0], spec[kinds[0]], (*path, kinds[0])
        if kind == "value":
            shape = self._array(value, at)
        elif kind == "eye":
            ok = is_int(value) and value > 0
            shape = self._shape([value, value], at) if ok else None
            if not ok:
                self.fail(at, "eye must be a positive integer n (an n×n identity)", True)
            value = None
        elif kind == "full":
            shape, value = self._full(value, at)
        else:
            shape, value = self._shape(value, at), None
        return None if shape is None else (kind, shape, value, grad is True, str(label))

    def _full(self, spec, path) -> tuple:
        if not isinstance(spec, dict) or set(spec) != {"shape", "value"}:
            self.fail(path, "full must be { shape = [3, 4], value = 0.5 }", at_value=True)
            return None, None
        if not is_number(spec["value"]):
            self.fail((*path, "value"), "full value must be a number", at_value=True)
            return None, None
        return self._shape(spec["shape"], (*path, "shape")), spec["value"]

    def _shape(self, shape, path) -> tuple[int, ...] | None:
        if not isinstance(shape, list):
            self.fail(path, "a shape is a list of positive integers such as [3, 4]", True)
            return None
        if len(shape) > MAX_DIMS:
            self.fail(path, f"a shape has at most {MAX_DIMS} dimensions", at_value=True)
            return None
        for i, size in enumerate(shape):
            if not (is_int(size) and size > 0):
                self.fail((*path, i), f"shape sizes must be positive integers, got {size!r}", True)
                return None
        return self._size_checked(tuple(shape), path)

    def _size_checked(self, shape: tuple[int, ...], path) -> tuple[int, ...] | None:
        count = 1
        for size in shape:
            count *= size
        if count > MAX_ELEMENTS:
            self.fail(
                path,
                f"a tensor of {count:,} elements is over the limit of {MAX_ELEMENTS:,} elements",
                at_value=True,
            )
            return None
        return shape

    def _array(self, value, path, depth: int = 0) -> tuple[int, ...] | None:
        """Shape of a rectangular nested list of numbers (a number has shape ())."""
        if is_number(value):
            return ()
        if not isinstance(value, list):
            self.fail(path, f"expected a number or a list of numbers, got {value!r}", True)
            return None
        if not value or depth >= MAX_DIMS:
            why = "an empty list" if not value else f"more than {MAX_DIMS} nested lists"
            self.fail(path, f"a value cannot be {why}", at_value=True)
            return None
        first = None
        for i, item in enumerate(value):
            shape = self._array(item, (*path, i), depth + 1)
            if shape is None:
                return None
            if first is not None and shape != first:
                self.fail(
                    (*path, i),
                    f"rows differ in length: element {i} has shape {shape}, element 0 has {first}",
                    at_value=True,
                )
                return None
            first = shape
        return self._size_checked((len(value), *first), path)

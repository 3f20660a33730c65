"""``torch.testing.assert_close``: two tensors (numbers, or sequences and mappings of them)
close up to a tolerance, or an AssertionError worded as PyTorch's.

The default tolerances are PyTorch's, by dtype (float16: rtol 1e-3, atol 1e-5; float32:
1.3e-6 and 1e-5; float64: 1e-7 and 1e-7; integers and bools: equal).  Shapes, devices and
dtypes must match first; the message then counts the mismatched elements and names the
greatest absolute and relative differences and where they are, computed in the tensors' own
dtype as PyTorch computes them, so the numbers printed are the same.
"""

from __future__ import annotations

import collections.abc
import math
import warnings

import numpy as np

from gradviz.engine import creation
from gradviz.engine import dtypes as dt
from gradviz.engine.tensor import Tensor

__all__ = ["assert_allclose", "assert_close"]

_PRECISIONS = {"float16": (0.001, 1e-5), "float32": (1.3e-6, 1e-5), "float64": (1e-7, 1e-7)}
_NUMBER_DTYPES = {bool: "bool", int: "int64", float: "float64"}


class _Mismatch(Exception):
    def __init__(self, kind: type[Exception], msg: str, where: tuple = ()) -> None:
        super().__init__(msg)
        self.kind, self.msg, self.where = kind, msg, where

    def error(self, msg) -> Exception:
        if isinstance(msg, str):
            return self.kind(msg)
        text = self.msg
        if self.where:
            text += "\n\nThe failure occurred for item " + "".join(
                str([item]) for item in self.where)
        return self.kind(msg(text) if callable(msg) else text)


def _tolerances(names, rtol, atol, where) -> tuple[float, float]:
    if (rtol is None) != (atol is None):
        raise _Mismatch(ValueError, "Both 'rtol' and 'atol' must be either specified or "
                        f"omitted, but got no {'rtol' if rtol is None else 'atol'}.", where)
    if rtol is not None:
        return rtol, atol
    pairs = [_PRECISIONS.get(n, (0.0, 0.0)) for n in names]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _diff_text(kind: str, diff, index, tol: float, equality: bool) -> str:
    text = (f"{kind.title()} difference: {diff}" if index is None
            else f"Greatest {kind} difference: {diff} at index {index}")
    return text + ("" if equality else f" (up to {tol} allowed)") + "\n"


def _message(what: str, extra: str, abs_diff, abs_at, rel_diff, rel_at, rtol, atol) -> str:
    equality = rtol == 0 and atol == 0
    text = f"{what} are not {'equal' if equality else 'close'}!\n\n{extra.strip()}\n"
    text += _diff_text("absolute", abs_diff, abs_at, atol, equality)
    text += _diff_text("relative", rel_diff, rel_at, rtol, equality)
    return text.strip()


def _scalar_message(actual, expected, rtol, atol) -> str:
    gap = abs(actual - expected)
    relative = float("inf") if expected == 0 else gap / abs(expected)
    return _message("Scalars", f"Expected {expected} but got {actual}.", gap, None, relative,
                    None, rtol, atol)


def _close(a: np.ndarray, e: np.ndarray, rtol: float, atol: float, equal_nan: bool):
    """PyTorch's isclose: |a − e| ≤ atol + rtol·|e|, equal infinities close, NaN as told."""
    if a.dtype.kind not in "fc":
        return a == e if (rtol == 0 and atol == 0) else np.abs(
            a.astype(np.float64) - e) <= atol + rtol * np.abs(e.astype(np.float64))
    with np.errstate(invalid="ignore", over="ignore"):
        near = np.abs(a - e) <= atol + rtol * np.abs(e)
        near = near & np.isfinite(e) | (a == e)
    if equal_nan:
        near |= np.isnan(a) & np.isnan(e)
    return near


def _compare_tensors(actual: Tensor, expected: Tensor, rtol, atol, equal_nan, check_device,
                     check_dtype, where) -> None:
    def differ(name: str, a, e) -> None:
        raise _Mismatch(AssertionError, f"The values for attribute '{name}' do not match: {a} "
                        f"!= {e}.", where)

    if actual.shape != expected.shape:
        differ("shape", actual.shape, expected.shape)
    if check_device and actual.device != expected.device:
        differ("device", actual.device, expected.device)
    if check_dtype and actual.dtype is not expected.dtype:
        differ("dtype", actual.dtype, expected.dtype)
    rtol, atol = _tolerances((actual.dtype.name, expected.dtype.name), rtol, atol, where)
    a, e = _numbers(actual), _numbers(expected)
    if a.dtype != e.dtype:
        kind = np.promote_types(a.dtype, e.dtype)
        a, e = a.astype(kind), e.astype(kind)
    matches = _close(a, e, rtol, atol, equal_nan)
    if matches.all():
        return
    if a.shape == ():
        raise _Mismatch(AssertionError, _scalar_message(a.item(), e.item(), rtol, atol), where)
    raise _Mismatch(AssertionError, _tensor_message(a, e, matches, rtol, atol), where)


def _numbers(t: Tensor) -> np.ndarray:
    data = t._data
    return np.asarray(data.get() if hasattr(data, "get") else data)


def _tensor_message(a: np.ndarray, e: np.ndarray, matches: np.ndarray, rtol, atol) -> str:
    shape = a.shape
    total, wrong = matches.size, int(matches.size - matches.sum())
    extra = f"Mismatched elements: {wrong} / {total} ({wrong / total:.1%})"
    a, e, matches = a.reshape(-1), e.reshape(-1), matches.reshape(-1)
    floating = a.dtype.kind == "f"
    if not floating:  # PyTorch compares integers and bools as int64
        a, e = a.astype(np.int64), e.astype(np.int64)
    with np.errstate(all="ignore"):
        gap = np.abs(a - e)
        gap[matches] = 0
        # PyTorch divides in the tensors' dtype; integers divide into the default float.
        scale = np.abs(e) if floating else np.abs(e).astype(dt.get_default_dtype().np)
        relative = (gap if floating else gap.astype(scale.dtype)) / scale
        relative[matches] = 0

    def greatest(values: np.ndarray):
        at = int(np.argmax(values)) if not np.isnan(values).any() else int(
            np.flatnonzero(np.isnan(values))[0])
        return values[at].item(), tuple(int(i) for i in np.unravel_index(at, shape))

    abs_diff, abs_at = greatest(gap)
    rel_diff, rel_at = greatest(relative)
    return _message("Tensor-likes", extra, abs_diff, abs_at, rel_diff, rel_at, rtol, atol)


def _compare_numbers(actual, expected, rtol, atol, equal_nan, where) -> None:
    names = [_NUMBER_DTYPES[type(v)] for v in (actual, expected)]
    rtol, atol = _tolerances(names, rtol, atol, where)
    if actual == expected:
        return
    if isinstance(actual, float) or isinstance(expected, float):
        if equal_nan and math.isnan(actual) and math.isnan(expected):
            return
        if math.isfinite(expected) and abs(actual - expected) <= atol + rtol * abs(expected):
            return
    elif abs(actual - expected) <= atol + rtol * abs(expected):
        return
    raise _Mismatch(AssertionError, _scalar_message(actual, expected, rtol, atol), where)


def _compare(actual, expected, where: tuple, **options) -> None:
    if isinstance(actual, Tensor) and isinstance(expected, Tensor):
        return _compare_tensors(actual, expected, where=where, **options)
    if isinstance(actual, np.ndarray) and isinstance(expected, np.ndarray):
        return _compare_tensors(Tensor._wrap(actual), Tensor._wrap(expected), where=where,
                                **options)
    numbers = (bool, int, float)
    if type(actual) in numbers and type(expected) in numbers:
        return _compare_numbers(actual, expected, options["rtol"], options["atol"],
                                options["equal_nan"], where)
    sequence = collections.abc.Sequence
    if isinstance(actual, sequence) and isinstance(expected, sequence) and not isinstance(
            actual, str) and not isinstance(expected, str):
        if len(actual) != len(expected):
            raise _Mismatch(AssertionError, "The length of the sequences mismatch: "
                            f"{len(actual)} != {len(expected)}", where)
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            _compare(a, e, (*where, i), **options)
        return None
    mapping = collections.abc.Mapping
    if isinstance(actual, mapping) and isinstance(expected, mapping):
        have, want = set(actual), set(expected)
        if have != want:
            raise _Mismatch(AssertionError, "The keys of the mappings do not match:\n"
                            f"Missing keys in the actual mapping: {sorted(want - have)}\n"
                            f"Additional keys in the actual mapping: {sorted(have - want)}",
                            where)
        try:
            keys = sorted(have)
        except TypeError:
            keys = list(have)
        for key in keys:
            _compare(actual[key], expected[key], (*where, key), **options)
        return None
    if actual is None and expected is None:
        return None
    raise _Mismatch(TypeError, "No comparison pair was able to handle inputs of type "
                    f"{_type_name(actual)} and {_type_name(expected)}.", where)


def _type_name(value) -> str:
    return "<class 'gradviz.Tensor'>" if isinstance(value, Tensor) else str(type(value))


def assert_close(actual, expected, *, allow_subclasses: bool = True, rtol: float | None = None,
                 atol: float | None = None, equal_nan: bool = False, check_device: bool = True,
                 check_dtype: bool = True, check_layout: bool = True,
                 check_stride: bool = False, msg=None) -> None:
    """Raise an AssertionError unless `actual` and `expected` are close: |a − e| ≤ atol +
    rtol·|e| element by element (PyTorch's default tolerances by dtype), with equal shapes,
    devices and dtypes.  ``msg`` replaces the message (a callable edits it)."""
    __tracebackhide__ = True
    try:
        _compare(actual, expected, (), rtol=rtol, atol=atol, equal_nan=equal_nan,
                 check_device=check_device, check_dtype=check_dtype)
    except _Mismatch as mismatch:
        raise mismatch.error(msg) from None


_OLD_PRECISIONS = {"float16": (1e-3, 1e-3), "float32": (1e-4, 1e-5), "float64": (1e-5, 1e-8)}


def assert_allclose(actual, expected, rtol: float | None = None, atol: float | None = None,
                    equal_nan: bool = True, msg: str = "") -> None:
    """The deprecated ``torch.testing.assert_allclose``: `assert_close` after making both
    tensors, with its looser tolerances, NaN equal to NaN and dtypes left unchecked."""
    __tracebackhide__ = True
    warnings.warn("`torch.testing.assert_allclose()` is deprecated since 1.12 and will be "
                  "removed in a future release. Please use `torch.testing.assert_close()` "
                  "instead. You can find detailed upgrade instructions in "
                  "https://github.com/pytorch/pytorch/issues/61844.", FutureWarning,
                  stacklevel=2)
    if not isinstance(actual, Tensor):
        actual = creation.tensor(actual)
    if not isinstance(expected, Tensor):
        expected = creation.tensor(expected, dtype=actual.dtype)
    if rtol is None and atol is None:
        pairs = [_OLD_PRECISIONS.get(t.dtype.name, (0.0, 0.0)) for t in (actual, expected)]
        rtol, atol = max(p[0] for p in pairs), max(p[1] for p in pairs)
    assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan,
                 check_device=True, check_dtype=False, check_stride=False, msg=msg or None)

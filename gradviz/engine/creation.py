"""Tensor creation functions with PyTorch's names, defaults and seeding."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gradviz.engine import dtypes as dt
from gradviz.engine.backend import normalize_device, to_device, xp_for
from gradviz.engine.tensor import Tensor

_rng = np.random.default_rng()


def manual_seed(seed: int) -> np.random.Generator:
    """Seed rand/randn/dropout. The numbers are gradviz's own, not PyTorch's stream."""
    global _rng
    _rng = np.random.default_rng(seed)
    return _rng


def generator() -> np.random.Generator:
    return _rng


def _shape(size: tuple) -> tuple[int, ...]:
    if len(size) == 1 and isinstance(size[0], Sequence):
        size = tuple(size[0])
    return tuple(int(n) for n in size)


def _finish(array: np.ndarray, dtype, device, requires_grad: bool) -> Tensor:
    if dtype is not None:
        array = array.astype(dt.to_dtype(dtype).np, copy=False)
    array = to_device(array, normalize_device(device))
    if requires_grad and array.dtype.kind != "f":
        raise RuntimeError("Only Tensors of floating point dtype can require gradients")
    return Tensor(array, requires_grad=requires_grad)


def tensor(data, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    if isinstance(data, Tensor):
        data = data._data
    if hasattr(data, "__cuda_array_interface__") and dtype is None:
        return _finish(data.copy(), None, device or "cuda", requires_grad)
    if isinstance(data, np.ndarray | np.generic):
        array = np.array(data)
    else:
        array = _array_of(data)
        if dtype is None and (array.dtype == np.float64 or array.dtype == object):
            try:
                array = array.astype(dt.DEFAULT_FLOAT.np)  # Python floats: PyTorch's default
            except (TypeError, ValueError) as exc:
                raise TypeError(_expected(data)) from exc
    if dtype is None:
        if array.dtype.kind not in "biuf" or data is None:
            raise TypeError(_expected(data))
        dt.of_array(array)  # one of gradviz's dtypes, or a TypeError that lists them
    return _finish(array, dtype, device, requires_grad)


def _array_of(data) -> np.ndarray:
    try:
        return np.array(data)
    except ValueError as exc:  # lists of unequal lengths
        raise ValueError(f"tensor(): the nested lists must have equal lengths at every depth "
                         f"(a table, not a ragged list); got {_short(data)}") from exc


def _expected(data) -> str:
    kind = "complex numbers are not supported" if isinstance(data, complex) else \
        f"got {type(data).__name__} {_short(data)}"
    return (f"tensor(): expected a number, a (nested) list of numbers, a numpy array or a "
            f"tensor; {kind}")


def _short(data, keep: int = 40) -> str:
    text = repr(data)
    return text if len(text) <= keep else text[:keep] + "…"


def as_tensor(data, dtype=None, device=None) -> Tensor:
    return data if isinstance(data, Tensor) and dtype is None else tensor(data, dtype, device)


def from_numpy(array: np.ndarray) -> Tensor:
    return Tensor(array)


def _filled(fill, size, dtype, device, requires_grad) -> Tensor:
    dtype = dt.to_dtype(dtype) if dtype is not None else dt.DEFAULT_FLOAT
    xp = xp_for(normalize_device(device))
    array = xp.full(_shape(size), fill, dtype=dtype.np)
    return _finish(array, None, device, requires_grad)


def zeros(*size, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _filled(0, size, dtype, device, requires_grad)


def ones(*size, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _filled(1, size, dtype, device, requires_grad)


def empty(*size, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _filled(0, size, dtype, device, requires_grad)


def full(size, fill_value, dtype=None, device=None, requires_grad=False) -> Tensor:
    if dtype is None and isinstance(fill_value, bool):
        dtype = dt.bool_
    elif dtype is None and isinstance(fill_value, int):
        dtype = dt.int64
    return _filled(fill_value, (size,), dtype, device, requires_grad)


def eye(n: int, m: int | None = None, dtype=None, device=None, requires_grad=False) -> Tensor:
    array = np.eye(n, m, dtype=(dt.to_dtype(dtype) if dtype else dt.DEFAULT_FLOAT).np)
    return _finish(array, None, device, requires_grad)


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False) -> Tensor:
    if end is None:
        start, end = 0, start
    array = np.arange(start, end, step)
    if dtype is None and array.dtype == np.float64:
        dtype = dt.DEFAULT_FLOAT
    return _finish(array, dtype, device, requires_grad)


def linspace(start, end, steps: int, dtype=None, device=None, requires_grad=False) -> Tensor:
    array = np.linspace(start, end, steps)
    return _finish(array, dtype or dt.DEFAULT_FLOAT, device, requires_grad)


def rand(*size, dtype=None, device=None, requires_grad=False) -> Tensor:
    array = _rng.random(_shape(size))
    return _finish(array, dtype or dt.DEFAULT_FLOAT, device, requires_grad)


def randn(*size, dtype=None, device=None, requires_grad=False) -> Tensor:
    array = _rng.standard_normal(_shape(size))
    return _finish(array, dtype or dt.DEFAULT_FLOAT, device, requires_grad)


def randint(low, high=None, size=(), dtype=None, device=None) -> Tensor:
    if high is None:
        low, high = 0, low
    array = _rng.integers(low, high, size=tuple(size))
    return _finish(array, dtype or dt.int64, device, False)


def _like(fn, other: Tensor, dtype, device, requires_grad) -> Tensor:
    return fn(
        *other.shape,
        dtype=dtype or other.dtype,
        device=device or other.device,
        requires_grad=requires_grad,
    )


def zeros_like(t, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _like(zeros, t, dtype, device, requires_grad)


def ones_like(t, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _like(ones, t, dtype, device, requires_grad)


def empty_like(t, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _like(empty, t, dtype, device, requires_grad)


def rand_like(t, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _like(rand, t, dtype, device, requires_grad)


def randn_like(t, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _like(randn, t, dtype, device, requires_grad)


def full_like(t, fill_value, dtype=None, device=None, requires_grad=False) -> Tensor:
    return full(t.shape, fill_value, dtype or t.dtype, device or t.device, requires_grad)

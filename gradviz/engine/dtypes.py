"""PyTorch-named dtypes backed by numpy dtypes (float32 is the default, as in PyTorch)."""

from __future__ import annotations

import numpy as np


class dtype:  # noqa: N801 - named as in PyTorch
    __slots__ = ("name", "np")

    def __init__(self, name: str, np_dtype: np.dtype) -> None:
        self.name = name
        self.np = np.dtype(np_dtype)

    @property
    def is_floating_point(self) -> bool:
        return self.np.kind == "f"

    def __repr__(self) -> str:
        return f"gradviz.{self.name}"

    def __reduce__(self) -> str:
        return self.name


float16 = dtype("float16", np.float16)
float32 = dtype("float32", np.float32)
float64 = dtype("float64", np.float64)
int8 = dtype("int8", np.int8)
int16 = dtype("int16", np.int16)
int32 = dtype("int32", np.int32)
int64 = dtype("int64", np.int64)
uint8 = dtype("uint8", np.uint8)
bool_ = dtype("bool", np.bool_)

half, float, double = float16, float32, float64  # noqa: A001 - PyTorch's aliases
short, int, long = int16, int32, int64  # noqa: A001

_BY_NUMPY = {d.np: d for d in (float16, float32, float64, int8, int16, int32, int64, uint8, bool_)}
DEFAULT_FLOAT = float32


def to_dtype(value: object) -> dtype:
    """Accept a gradviz dtype, a numpy dtype, a numpy type or a name like "float64"."""
    if isinstance(value, dtype):
        return value
    if value is bool:
        return bool_
    try:
        return _BY_NUMPY[np.dtype(value)]
    except (TypeError, KeyError) as exc:
        raise TypeError(f"unsupported dtype {value!r}") from exc


def holds(numpy_dtype: object) -> bool:
    """Whether a tensor can hold numbers of this numpy dtype as they are."""
    return np.dtype(numpy_dtype) in _BY_NUMPY


def of_array(array: object) -> dtype:
    try:
        return _BY_NUMPY[np.dtype(array.dtype)]
    except KeyError:
        raise TypeError(f"gradviz tensors hold {', '.join(d.name for d in _BY_NUMPY.values())}; "
                        f"this array holds {np.dtype(array.dtype)}: convert it first "
                        f"(array.astype(numpy.float32))") from None


# ── PyTorch's type promotion (numpy's differs: int64 with float32 gives float64 there) ──
def _category(d: np.dtype) -> int:
    return 0 if d.kind == "b" else 1 if d.kind in "iu" else 2


def _promote(a: np.dtype, b: np.dtype) -> np.dtype:
    """torch.promote_types: across categories the higher category's dtype wins."""
    ca, cb = _category(a), _category(b)
    if ca != cb:
        return a if ca > cb else b
    return np.promote_types(a, b)


def _combine(higher: np.dtype | None, lower: np.dtype | None) -> np.dtype | None:
    """How zero-dim operands join dimensioned ones: only a higher category changes the type."""
    if higher is None or lower is None:
        return higher if lower is None else lower
    if _category(higher) == 2:
        return higher
    if _category(higher) == 0 or _category(lower) == 2:
        return _promote(higher, lower)
    return higher


def result_type(arrays) -> np.dtype:
    """The dtype PyTorch gives an op on these arrays (Python numbers arrive as 0-d arrays).

    Dimensioned operands decide; 0-d ones matter only when of a higher category, so
    ``float32 tensor * float64 scalar`` stays float32 and ``int64 tensor * 0.5`` is float32.
    """
    dims = zeros = None
    for a in arrays:
        d = a.dtype
        if a.ndim:
            dims = d if dims is None else _promote(dims, d)
        else:
            zeros = d if zeros is None else _promote(zeros, d)
    return _combine(dims, zeros)


_NOT_FLOATING = "only floating-point types are supported as the default type"


def set_default_dtype(d: object) -> None:
    """``torch.set_default_dtype``: the dtype Python floats, the creation functions (``zeros``,
    ``randn``, ``tensor([1.5])``…) and new layers' parameters take; float32 at start."""
    global DEFAULT_FLOAT
    if not isinstance(d, dtype):
        raise TypeError(f"invalid dtype object: {_NOT_FLOATING}")
    if not d.is_floating_point:
        raise TypeError(_NOT_FLOATING)
    DEFAULT_FLOAT = d


def get_default_dtype() -> dtype:
    return DEFAULT_FLOAT

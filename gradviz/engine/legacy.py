"""PyTorch's older spellings of a new tensor: ``torch.Tensor([1, 2])``, ``torch.Tensor(2, 3)``,
``torch.FloatTensor([…])``, ``torch.LongTensor(…)``, and ``t.type(torch.float)``.

``Tensor(data)`` is also the engine's own constructor (an array in, no copy), so only what is
not an array comes here: Python numbers and sequences, as PyTorch reads them.
"""

from __future__ import annotations

import builtins

import numpy as np

from gradviz.engine import dtypes as dt


def python_data(data: object, more: tuple, requires_grad: object, name: object):
    """`Tensor(…)`'s arguments read as ``torch.Tensor``'s: a sequence of numbers is the data
    (float32), sizes ``Tensor(2, 3)`` give a tensor of that shape (zeros here; PyTorch leaves it
    uninitialised), nothing gives an empty tensor.  Returns (array, requires_grad, name)."""
    if hasattr(data, "_data"):  # torch.Tensor(t): the same numbers, shared (PyTorch's alias)
        return data._data, False, None
    if isinstance(data, builtins.int) and not isinstance(data, builtins.bool):
        sizes = [data, *(n for n in (requires_grad, name) if not isinstance(n, bool | None)),
                 *more]
        requires_grad = requires_grad if isinstance(requires_grad, bool) else False
        return np.zeros(tuple(builtins.int(n) for n in sizes), dt.DEFAULT_FLOAT.np), \
            requires_grad, None
    return np.asarray(data, dtype=dt.DEFAULT_FLOAT.np), bool(requires_grad), name


def typed(dtype: dt.dtype, args: tuple):
    """``FloatTensor([1, 2])`` (the data) or ``FloatTensor(2, 3)`` (a size) in `dtype`."""
    from gradviz.engine import creation

    if args and all(isinstance(a, builtins.int) and not isinstance(a, bool) for a in args):
        return creation.zeros(*args, dtype=dtype)
    return creation.tensor(args[0] if args else [], dtype=dtype)


class TensorType(type):
    """``torch.FloatTensor`` and its kin: calling one makes a tensor of its dtype, and a tensor
    of that dtype is an instance of it (``isinstance(t, torch.FloatTensor)``)."""

    dtype: dt.dtype

    def __call__(cls, *args):
        return typed(cls.dtype, args)

    def __instancecheck__(cls, obj: object) -> bool:
        return hasattr(obj, "_data") and obj.dtype is cls.dtype

    def __repr__(cls) -> str:
        return f"<class 'gradviz.{cls.__name__}'>"


def _tensor_type(name: str, dtype: dt.dtype) -> TensorType:
    return TensorType(name, (), {"dtype": dtype})


FloatTensor = _tensor_type("FloatTensor", dt.float32)
DoubleTensor = _tensor_type("DoubleTensor", dt.float64)
HalfTensor = _tensor_type("HalfTensor", dt.float16)
LongTensor = _tensor_type("LongTensor", dt.int64)
IntTensor = _tensor_type("IntTensor", dt.int32)
ShortTensor = _tensor_type("ShortTensor", dt.int16)
CharTensor = _tensor_type("CharTensor", dt.int8)
ByteTensor = _tensor_type("ByteTensor", dt.uint8)
BoolTensor = _tensor_type("BoolTensor", dt.bool_)

_NAMES = {t.__name__: t.dtype for t in list(globals().values()) if isinstance(t, TensorType)}
_TYPE_NAMES = {d.name: "torch." + n for n, d in _NAMES.items()}


def type_name(dtype: dt.dtype) -> str:
    """What ``t.type()`` prints: ``torch.FloatTensor``."""
    return _TYPE_NAMES[dtype.name]


def dtype_of(target: object) -> dt.dtype:
    """The dtype ``t.type(target)`` means: a dtype, ``torch.FloatTensor`` or its name."""
    if isinstance(target, str):
        return _NAMES[target.rsplit(".", 1)[-1]]
    return getattr(target, "dtype", None) or dt.to_dtype(target)

"""Bitwise and logical ops on integer and boolean tensors: ``mask & other``, ``~mask``,
``torch.bitwise_xor(a, b)``, ``torch.logical_and(a, b)``.

They have no gradient (their results are integers or booleans), so they are computed here
directly, not recorded as registry rows.  A floating-point input to a bitwise op is PyTorch's
error, naming the op and the type.
"""

from __future__ import annotations

import operator

import numpy as np

from gradviz.engine import dtypes as dt


def _array(x):
    return x._data if hasattr(x, "_data") else np.asarray(x)


def _bitwise(name: str, fn, a, b=None):
    from gradviz.engine.tensor import Tensor

    arrays = [_array(a)] if b is None else [_array(a), _array(b)]
    for array in arrays:
        if array.dtype.kind not in "biu":
            kind = "Float" if array.dtype.kind == "f" else str(array.dtype)
            raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{kind}'")
    if b is not None and not hasattr(b, "_data") and hasattr(a, "_data"):
        arrays[1] = arrays[1].astype(arrays[0].dtype)  # a Python number takes the tensor's type
    if b is not None and not hasattr(a, "_data") and hasattr(b, "_data"):
        arrays[0] = arrays[0].astype(arrays[1].dtype)
    out = fn(*arrays)
    if len(arrays) == 2 and out.dtype.kind in "iu":
        out = out.astype(dt.result_type(arrays))
    return Tensor._wrap(out)


def _logical(fn, a, b=None):
    from gradviz.engine.tensor import Tensor

    arrays = [_array(a)] if b is None else [_array(a), _array(b)]
    return Tensor._wrap(fn(*(x.astype(bool) for x in arrays)))


def bitwise_and(input, other, *, out=None):  # noqa: A002
    return _bitwise("bitwise_and", operator.and_, input, other)


def bitwise_or(input, other, *, out=None):  # noqa: A002
    return _bitwise("bitwise_or", operator.or_, input, other)


def bitwise_xor(input, other, *, out=None):  # noqa: A002
    return _bitwise("bitwise_xor", operator.xor, input, other)


def bitwise_not(input, *, out=None):  # noqa: A002
    return _bitwise("bitwise_not", np.invert, input)


def logical_and(input, other, *, out=None):  # noqa: A002
    return _logical(np.logical_and, input, other)


def logical_or(input, other, *, out=None):  # noqa: A002
    return _logical(np.logical_or, input, other)


def logical_xor(input, other, *, out=None):  # noqa: A002
    return _logical(np.logical_xor, input, other)


def logical_not(input, *, out=None):  # noqa: A002
    return _logical(np.logical_not, input)


class BitwiseMethods:
    """The Tensor methods and operators: ``a & b``, ``a | b``, ``a ^ b``, ``~a``."""

    __slots__ = ()

    def bitwise_and(self, other):
        return bitwise_and(self, other)

    def bitwise_or(self, other):
        return bitwise_or(self, other)

    def bitwise_xor(self, other):
        return bitwise_xor(self, other)

    def bitwise_not(self):
        return bitwise_not(self)

    def logical_and(self, other):
        return logical_and(self, other)

    def logical_or(self, other):
        return logical_or(self, other)

    def logical_xor(self, other):
        return logical_xor(self, other)

    def logical_not(self):
        return logical_not(self)

    __and__ = __rand__ = bitwise_and
    __or__ = __ror__ = bitwise_or
    __xor__ = __rxor__ = bitwise_xor
    __invert__ = bitwise_not

    def _bitwise_inplace(self, result):
        self._data[...] = result._data
        self._bump()
        return self

    def __iand__(self, other):
        return self._bitwise_inplace(bitwise_and(self, other))

    def __ior__(self, other):
        return self._bitwise_inplace(bitwise_or(self, other))

    def __ixor__(self, other):
        return self._bitwise_inplace(bitwise_xor(self, other))


# Free in-place functions, ``torch.sin_(x)``: each the Tensor method of the same name.
FREE_INPLACE = ("abs_", "clamp_", "cos_", "exp_", "log_", "neg_", "relu_", "sigmoid_", "sin_",
                "sqrt_", "square_", "tanh_", "zero_", "fill_")


def free_inplace(name: str):
    def method(input, *args, **kwargs):  # noqa: A002
        return getattr(input, name)(*args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"``torch.{name}(x, …)``: ``x.{name}(…)``, x changed in place."
    return method

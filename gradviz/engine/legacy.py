"""PyTorch's older spellings of a new tensor: ``torch.Tensor([1, 2])``, ``torch.Tensor(2, 3)``,
``torch.FloatTensor([…])``, ``torch.LongTensor(…)``, and ``t.type(torch.float)``.

``Tensor(data)`` is also the engine's own constructor (an array in, no copy), so only what is
not an array comes here: Python numbers and sequences, as PyTorch reads them.
"""

from __future__ import annotations

import builtins
import warnings

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


def set_default_tensor_type(t: object) -> None:
    """``torch.set_default_tensor_type(torch.DoubleTensor)`` (or its name): PyTorch's older
    spelling of ``set_default_dtype``, with PyTorch's deprecation warning."""
    warnings.warn("torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
                  "torch.set_default_dtype() and torch.set_default_device() as alternatives.",
                  UserWarning, stacklevel=2)
    if isinstance(t, str):
        name = t.rsplit(".", 1)[-1]
        if not t.startswith("torch.") or name not in _NAMES:
            raise TypeError(f"invalid type: '{t}'")
        t = _NAMES[name]
    dt.set_default_dtype(getattr(t, "dtype", t))


def type_name(dtype: dt.dtype) -> str:
    """What ``t.type()`` prints: ``torch.FloatTensor``."""
    return _TYPE_NAMES[dtype.name]


def dtype_of(target: object) -> dt.dtype:
    """The dtype ``t.type(target)`` means: a dtype, ``torch.FloatTensor`` or its name."""
    if isinstance(target, str):
        return _NAMES[target.rsplit(".", 1)[-1]]
    return getattr(target, "dtype", None) or dt.to_dtype(target)


_NEW_SIGNATURES = (" * (*, torch.device device = None)", " * (torch.Storage storage)",
                   " * (Tensor other)", " * (tuple of ints size, *, torch.device device = None)",
                   " * (object data, *, torch.device device = None)")


def new(like, args: tuple, kwargs: dict):
    """``t.new(…)``, the legacy constructor of a tensor of `like`'s dtype and device, read as
    PyTorch reads its arguments: nothing (an empty tensor), sizes ``new(2, 3)`` or a
    ``torch.Size`` (zeros here; PyTorch leaves it uninitialised), a tensor of the same dtype
    (the same numbers, shared: an alias, in the graph where the tensor requires grad), or a
    sequence of numbers (the data).  It takes no keyword but ``device``."""
    from gradviz.engine import creation
    from gradviz.engine.autograd import apply
    from gradviz.engine.tensor import Size
    from gradviz.engine.tensor_shape import c_type_name

    wrong = [key for key in kwargs if key != "device"]
    if wrong:
        raise TypeError(_new_signature_error(args, kwargs, wrong))
    device = kwargs.get("device") or like.device
    ints = [isinstance(a, builtins.int) and not isinstance(a, builtins.bool) for a in args]
    if not args or all(ints) or (len(args) == 1 and isinstance(args[0], Size)):
        # nothing: an empty tensor; a torch.Size, even (): that shape
        shape = tuple(args[0]) if args and isinstance(args[0], Size) else args or (0,)
        for n in shape:
            if n < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension {n}: "
                                   f"{list(shape)}")
        return creation.zeros(*shape, dtype=like.dtype, device=device)
    if ints[0]:  # sizes, then something that is not one
        position = ints.index(False)
        raise TypeError(f"new(): argument 'size' failed to unpack the object at pos "
                        f"{position + 1} with error \"type must be tuple of ints,but got "
                        f"{type(args[position]).__name__}\"")
    data = args[0]
    if hasattr(data, "_data"):  # another tensor: of the same dtype, its numbers shared
        if data.dtype is not like.dtype:
            raise TypeError(f"expected {_options(c_type_name(like.dtype))} (got "
                            f"{_options(c_type_name(data.dtype))})")
        return apply("alias", data) if data.requires_grad else data.detach()
    if not isinstance(data, list | tuple):
        raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
    return creation.tensor(data, dtype=like.dtype, device=device)


def _options(c_type: str) -> str:
    return (f"TensorOptions(dtype={c_type}, device=cpu, layout=Strided, requires_grad=false "
            "(default), pinned_memory=false (default), memory_format=(nullopt))")


def _new_signature_error(args: tuple, kwargs: dict, wrong: list) -> str:
    """PyTorch's argument parser's message for a keyword `new` does not take."""
    def kind(value) -> str:
        if isinstance(value, dt.dtype):
            return "torch.dtype"
        return "Tensor" if hasattr(value, "_data") else type(value).__name__

    given = [kind(a) for a in args] + [f"{key}={kind(value)}" for key, value in kwargs.items()]
    note = f"      didn't match because some of the keywords were incorrect: {', '.join(wrong)}"
    # Positional arguments fit the first signature but for the keyword; without any, the
    # parser reports it against the storage and tensor signatures instead.
    noted = (1, 2) if not args else (0,)
    lines = []
    for i, signature in enumerate(_NEW_SIGNATURES):
        lines.append(signature)
        if i in noted:
            lines.append(note)
    got = ", ".join(given) + (", " if not args else "")
    return ("new() received an invalid combination of arguments - got (" + got
            + "), but expected one of:\n" + "\n".join(lines) + "\n")

"""`torch.get_num_threads`/`set_num_threads` (and the inter-op pair), `torch.typename`, and
PyTorch's type promotion as functions: `result_type`, `promote_types`, `can_cast`.

The thread counts are kept and read back; numpy chooses its own threads, so they change no
number (a tutorial's ``torch.set_num_threads(1)`` runs as before).
"""

from __future__ import annotations

import builtins
import os

import numpy as np

from gradviz.engine import dtypes as dt
from gradviz.engine.tensor import Tensor

__all__ = ["can_cast", "get_num_interop_threads", "get_num_threads", "promote_types",
           "result_type", "set_num_interop_threads", "set_num_threads", "typename"]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_THREADS = {"set_num_threads": _cores(), "set_num_interop_threads": _cores()}


def _set(name: str, count) -> None:
    if not isinstance(count, builtins.int) or isinstance(count, builtins.bool):
        raise RuntimeError(f"{name} expects an int, but got {type(count).__name__}")
    if count <= 0:
        raise RuntimeError(f"{name} expects a positive integer")
    _THREADS[name] = count


def get_num_threads() -> int:
    return _THREADS["set_num_threads"]


def set_num_threads(int) -> None:  # noqa: A002 - PyTorch's parameter name
    _set("set_num_threads", int)


def get_num_interop_threads() -> int:
    return _THREADS["set_num_interop_threads"]


def set_num_interop_threads(int) -> None:  # noqa: A002
    _set("set_num_interop_threads", int)


def typename(obj) -> str:
    """``torch.FloatTensor`` for a tensor (as ``t.type()``), else the object's dotted name."""
    if isinstance(obj, Tensor):
        return obj.type()
    module = getattr(obj, "__module__", "") or ""
    if hasattr(obj, "__qualname__"):
        qualname = obj.__qualname__
    elif hasattr(obj, "__name__"):
        qualname = obj.__name__
    else:
        module = obj.__class__.__module__ or ""
        qualname = obj.__class__.__qualname__
    return qualname if module in {"", "builtins"} else f"{module}.{qualname}"


# ── type promotion ───────────────────────────────────────────────────────────────────────
_SIGNATURES = (" * (Tensor tensor, Tensor other)", " * (Number scalar, Tensor tensor)",
               " * (Tensor tensor, Number other)", " * (Number scalar1, Number scalar2)")


def result_type(tensor1, tensor2) -> dt.dtype:
    """The dtype an op on these operands gives: tensors with dimensions decide, then 0-d
    tensors, then Python numbers, each lower rank only where it is of a higher category
    (a float among integers)."""
    ranks: list[np.dtype | None] = [None, None, None]
    for operand in (tensor1, tensor2):
        if isinstance(operand, Tensor):
            rank, kind = (0 if operand.dim() else 1), operand._data.dtype
        elif isinstance(operand, builtins.bool | np.bool_):
            rank, kind = 2, np.dtype(np.bool_)
        elif isinstance(operand, builtins.int | np.integer):
            rank, kind = 2, np.dtype(np.int64)
        elif isinstance(operand, builtins.float | np.floating):
            rank, kind = 2, dt.DEFAULT_FLOAT.np
        else:
            got = ", ".join(type(o).__name__ for o in (tensor1, tensor2))
            marks = ", ".join(f"!{type(o).__name__}!" for o in (tensor1, tensor2))
            rows = "\n".join(f"{s}\n      didn't match because some of the arguments have "
                             f"invalid types: ({marks})" for s in _SIGNATURES)
            raise TypeError(f"result_type() received an invalid combination of arguments - "
                            f"got ({got}), but expected one of:\n{rows}\n")
        known = ranks[rank]
        ranks[rank] = kind if known is None else dt._promote(known, kind)
    return dt.to_dtype(dt._combine(dt._combine(ranks[0], ranks[1]), ranks[2]))


def _dtype_argument(name: str, value, position: int, parameter: str) -> dt.dtype:
    if not isinstance(value, dt.dtype):
        raise TypeError(f"{name}(): argument '{parameter}' (position {position}) must be "
                        f"torch.dtype, not {type(value).__name__}")
    return value


def promote_types(type1, type2) -> dt.dtype:
    """The smallest dtype both convert to without losing their category (int with float:
    the float)."""
    a = _dtype_argument("promote_types", type1, 1, "type1")
    b = _dtype_argument("promote_types", type2, 2, "type2")
    return dt.to_dtype(dt._promote(a.np, b.np))


def can_cast(from_, to) -> bool:
    """Whether PyTorch's casting rules allow `from_` into `to`: not a float into an integer,
    not a number into bool."""
    source = _dtype_argument("can_cast", from_, 1, "from_")
    target = _dtype_argument("can_cast", to, 2, "to")
    if source.np.kind == "f" and target.np.kind in "biu":
        return False
    return not (source.np.kind != "b" and target.np.kind == "b")

"""`torch.broadcast_tensors`, `broadcast_shapes`, `isin`, `unravel_index`, `asarray`,
`scalar_tensor`, `fill`, `logspace`, `vander`: PyTorch's array helpers, with its signatures,
result dtypes and error messages.

The differentiable ones are built from existing rows (`expand`, `masked_fill`, `cumprod`,
`cat`, `flip`), so their gradients are those rows'.
"""

from __future__ import annotations

import builtins
import itertools
import operator

import numpy as np

from gradviz.engine import creation
from gradviz.engine import dtypes as dt
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Size, Tensor
from gradviz.engine.tensor_functions import cat

__all__ = ["asarray", "broadcast_shapes", "broadcast_tensors", "fill", "isin",
           "logspace", "scalar_tensor", "unravel_index", "vander"]

# ── broadcasting ─────────────────────────────────────────────────────────────────────────
def broadcast_shapes(*shapes) -> Size:
    """The shape all `shapes` broadcast to (an int is a 1-d shape), PyTorch's error if none."""
    result: list[int] = []
    for index, shape in enumerate(shapes):
        shape = (shape,) if isinstance(shape, builtins.int) else tuple(shape)
        if len(shape) > len(result):
            result = [1] * (len(shape) - len(result)) + result
        for place in range(-1, -len(shape) - 1, -1):
            size = shape[place]
            if size < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension {size}: "
                                   f"{list(shape)}")
            if result[place] == 1:
                result[place] = size
            elif size != 1 and size != result[place]:
                raise RuntimeError(
                    f"Attempting to broadcast a dimension of length {size} at {place}! "
                    f"Mismatching argument at index {index} had {shape}; but expected shape "
                    f"should be broadcastable to {result}")
    return Size(result)


def broadcast_tensors(*tensors) -> tuple[Tensor, ...]:
    """Each tensor expanded to the one shape they all broadcast to (views, as ``expand``)."""
    if len(tensors) == 1 and isinstance(tensors[0], list | tuple):
        tensors = tuple(tensors[0])
    shape: tuple = ()
    for t in tensors:
        try:
            shape = np.broadcast_shapes(shape, tuple(t.shape))
        except ValueError:
            width = builtins.max(len(shape), t.dim())
            mine = [1] * (width - len(shape)) + list(shape)
            theirs = [1] * (width - t.dim()) + list(t.shape)
            dim = next(i for i in range(width)
                       if 1 not in (mine[i], theirs[i]) and mine[i] != theirs[i])
            raise RuntimeError(f"The size of tensor a ({mine[dim]}) must match the size of "
                               f"tensor b ({theirs[dim]}) at non-singleton dimension {dim}"
                               ) from None
    return tuple(t if tuple(t.shape) == shape else t.expand(shape) for t in tensors)


# ── membership and flat indices ──────────────────────────────────────────────────────────
def isin(elements, test_elements, *, assume_unique: bool = False,
         invert: bool = False) -> Tensor:
    """Whether each of `elements` is among `test_elements` (either may be a number)."""
    values = elements._data if isinstance(elements, Tensor) else np.asarray(elements)
    tests = test_elements._data if isinstance(test_elements, Tensor) else \
        np.asarray(test_elements)
    return Tensor._wrap(np.isin(values, tests, invert=invert))


def unravel_index(indices, shape) -> tuple[Tensor, ...]:
    """The coordinates, one tensor per dim of `shape`, of each flat index in `indices`."""
    if isinstance(indices, Tensor) and indices.dtype.np.kind not in "iu":
        raise TypeError(f"expected 'indices' to be integer dtype, but got "
                        f"{_torch_name(indices.dtype)}")
    if not isinstance(shape, builtins.int | tuple | list | Size):
        raise TypeError(f"expected 'shape' to be int or sequence of ints, but got "
                        f"{type(shape)}")
    shape = (shape,) if isinstance(shape, builtins.int) else tuple(shape)
    for size in shape:
        if not isinstance(size, builtins.int):
            raise TypeError(f"expected 'shape' sequence to only contain ints, but got "
                            f"{type(size)}")
    if builtins.any(size < 0 for size in shape):
        raise ValueError(f"'shape' cannot have negative values, but got {shape}")
    steps = list(reversed(list(itertools.accumulate(reversed((*shape[1:], 1)),
                                                    func=operator.mul))))
    flat = np.asarray(indices._data if isinstance(indices, Tensor) else indices,
                      dtype=np.int64)[..., None]
    coordinates = np.floor_divide(flat, np.asarray(steps, np.int64)) % np.asarray(shape,
                                                                                   np.int64)
    return tuple(Tensor._wrap(np.array(coordinates[..., i]))
                 for i in range(len(shape)))


def _torch_name(d: dt.dtype) -> str:
    return f"torch.{d.name}"


# ── new tensors ──────────────────────────────────────────────────────────────────────────
def asarray(obj, *, dtype=None, device=None, copy: bool | None = None,
            requires_grad: bool = False) -> Tensor:
    """`obj` as a tensor, sharing a tensor's or numpy array's numbers unless `copy` (or a
    new dtype or device) makes a copy."""
    if isinstance(obj, Tensor):
        result = obj.to(dtype=dtype, device=device)
        if copy and result is obj:
            result = obj.clone()
    elif isinstance(obj, np.ndarray) and not copy:
        result = creation.as_tensor(obj, dtype, device)
    else:
        result = creation.tensor(obj, dtype, device)
    if requires_grad:
        result.requires_grad_(True)
    return result


def scalar_tensor(s, *, dtype=None, layout=None, device=None, pin_memory=None,
                  requires_grad: bool = False) -> Tensor:
    """A 0-d tensor of the number `s`, in the default float dtype unless `dtype` says."""
    value = s.item() if isinstance(s, Tensor) else s
    return creation.tensor(value, dtype or dt.DEFAULT_FLOAT, device, requires_grad)


def fill(input, value) -> Tensor:  # noqa: A002 - PyTorch's name
    """A new tensor of `input`'s shape and dtype, every entry `value` (its node FillBackward0,
    passing no gradient back)."""
    if isinstance(value, Tensor):
        if value.dim():
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor "
                               f"with {value.dim()} dimensions.")
        value = value.item()
    mask = Tensor._wrap(np.ones(input.shape, dtype=bool))
    return named_node(input.masked_fill(mask, value), "FillBackward0", input)


def logspace(start, end, steps: builtins.int, base: builtins.float = 10.0, *, out=None,
             dtype=None, layout=None, device=None, requires_grad: bool = False) -> Tensor:
    """`steps` powers of `base`, the exponents evenly from `start` to `end`: PyTorch's
    kernel, each power taken in double from the first half's start or the second half's end."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    target = dt.to_dtype(dtype or dt.DEFAULT_FLOAT)
    kind = target.np.type
    first, last = (_value(v) for v in (start, end))
    first, last = builtins.float(kind(first)), builtins.float(kind(last))
    step = (last - first) / (steps - 1) if steps > 1 else 0.0
    i = np.arange(steps, dtype=np.float64)
    exponents = np.where(i < steps // 2, first + step * i, last - step * (steps - i - 1)) \
        if steps > 1 else np.full(steps, first)
    result = creation.tensor(np.power(builtins.float(base), exponents).astype(target.np),
                             target, device, requires_grad)
    if out is not None:
        from gradviz.engine.keywords import write_into

        return write_into(out, result)
    return result


def _value(v):
    return v.item() if isinstance(v, Tensor) else v


def vander(x, N=None, increasing: bool = False) -> Tensor:  # noqa: N803 - PyTorch's name
    """The Vandermonde matrix of the 1-d `x`: columns x⁰ … x^(N−1) (highest first unless
    `increasing`), built as PyTorch builds it, a cumulative product of `x` (integers in int64)."""
    if x.dim() != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x.shape[0] if N is None else N
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    kind = x.dtype.np.kind
    x = x.to(dt.int64) if kind in "biu" else x
    columns = [creation.ones(x.shape[0], 1, dtype=x.dtype)] if n else []
    if n > 1:
        columns.append(x.unsqueeze(1).expand(x.shape[0], n - 1).cumprod(1))
    result = cat(columns, 1) if columns else creation.zeros(x.shape[0], 0, dtype=x.dtype)
    return result if increasing else result.flip(1)

"""`gradviz.cat`, `stack`, `where`, `max`, `argmax`, `mm`…: the `torch.*` functions that join,
select or reduce tensors, with PyTorch's signatures and error messages.

The differentiable ones are registry ops (`cat`, `stack`, `where`, `max`, `min`) or built
from them, so their gradients are the registry's.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence

import numpy as np

from gradviz.engine import creation
from gradviz.engine.autograd import apply, check_broadcast
from gradviz.engine.backend import array_module
from gradviz.engine.tensor import Tensor, matmul
from gradviz.engine.tensor_shape import wrap_dim

__all__ = ["allclose", "argmax", "argmin", "cat", "concat", "is_tensor", "max",
           "min", "mm", "numel", "pow", "squeeze", "stack", "unsqueeze", "where"]


_t = creation.as_tensor  # a Tensor as it is, anything else (a number, a list) as a new one


def _tensors(name: str, tensors: Sequence) -> list[Tensor]:
    if isinstance(tensors, Tensor):
        raise TypeError(f"{name}() argument 'tensors' must be a tuple or list of Tensors, "
                        "not Tensor")
    tensors = [_t(t) for t in tensors]
    if not tensors:
        raise RuntimeError(f"{name}(): expected a non-empty list of Tensors")
    return tensors


def _legacy_empty(t) -> bool:
    """A 1-D tensor of no elements (``torch.tensor([])``), which cat skips as PyTorch does."""
    return len(t.shape) == 1 and t.shape[0] == 0


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors end to end along an existing dim; every other dim must agree.  A 1-D
    tensor of no elements is skipped (only its dtype counts), so a loop can start from
    ``torch.tensor([])``."""
    tensors = _tensors("cat", tensors)
    for i, t in enumerate(tensors):
        if t.dim() == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be "
                               "concatenated")
    kept = [(i, t) for i, t in enumerate(tensors) if not _legacy_empty(t)]
    if not kept:
        return apply("cat", *tensors, dim=0)
    first = kept[0][1].shape
    ndim = len(first)
    dim = wrap_dim(dim, ndim)
    for i, t in kept[1:]:
        if t.dim() != ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {ndim} and "
                               f"{t.dim()}")
        for d in range(ndim):
            if d != dim and t.shape[d] != first[d]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {dim}. Expected size "
                    f"{first[d]} but got size {t.shape[d]} for tensor number {i} in the list.")
    return apply("cat", *tensors, dim=dim)


concat = cat


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Put equal-shaped tensors side by side along a new dim."""
    tensors = _tensors("stack", tensors)
    ndim = tensors[0].dim() + 1
    dim = wrap_dim(dim, ndim)
    for i, t in enumerate(tensors[1:], start=1):
        if t.shape != tensors[0].shape:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {list(tensors[0].shape)} "
                f"at entry 0 and {list(t.shape)} at entry {i}")
    return apply("stack", *tensors, dim=dim)


def where(condition, input=None, other=None):  # noqa: A002 - PyTorch's names
    """input where condition holds, else other (broadcast together); where(c) → indices."""
    c = _t(condition)
    if input is None and other is None:
        return tuple(Tensor._wrap(i) for i in array_module(c._data).nonzero(c._data))
    if c.dtype.name != "bool":
        raise RuntimeError("where expected condition to be a boolean tensor, but got a tensor "
                           f"with dtype {c.dtype.name.title()}")
    if isinstance(input, Tensor):
        a, b = input, input._coerce(other)
    elif isinstance(other, Tensor):
        a, b = other._coerce(input), other
    else:
        a, b = creation.tensor(input), creation.tensor(other)
    check_broadcast("where", a.shape, b.shape)
    check_broadcast("where", c.shape, np.broadcast_shapes(a.shape, b.shape))
    return apply("where", c, a, b)


def max(input, dim=None, keepdim: bool = False):  # noqa: A001, A002
    """max(t): the largest element; max(t, dim) → (values, indices); max(a, b): maximum."""
    return _t(input).max(dim, keepdim)


def min(input, dim=None, keepdim: bool = False):  # noqa: A001, A002
    return _t(input).min(dim, keepdim)


def argmax(input, dim=None, keepdim: bool = False) -> Tensor:  # noqa: A002
    return _t(input).argmax(dim, keepdim)


def argmin(input, dim=None, keepdim: bool = False) -> Tensor:  # noqa: A002
    return _t(input).argmin(dim, keepdim)


def mm(input: Tensor, mat2: Tensor) -> Tensor:  # noqa: A002
    """Matrix product of two 2-D tensors (`matmul` without its broadcasting)."""
    for name, t in (("self", input), ("mat2", mat2)):
        if t.dim() != 2:
            raise RuntimeError(f"{name} must be a matrix")
    return matmul(input, mat2)


def pow(input, exponent) -> Tensor:  # noqa: A001, A002
    if isinstance(exponent, Tensor) and not isinstance(input, Tensor):
        return exponent.__rpow__(input)
    return _t(input) ** exponent


def squeeze(input: Tensor, dim: int | None = None) -> Tensor:  # noqa: A002
    return input.squeeze(dim)


def unsqueeze(input: Tensor, dim: int) -> Tensor:  # noqa: A002
    return input.unsqueeze(dim)


def is_tensor(obj: object) -> bool:
    return isinstance(obj, Tensor)


def numel(input: Tensor) -> int:  # noqa: A002
    return input.numel()


def allclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,  # noqa: A002
             equal_nan: bool = False) -> builtins.bool:
    xp = array_module(input._data)
    return builtins.bool(xp.allclose(input._data, _t(other)._data, rtol, atol, equal_nan))


def mv(input: Tensor, vec: Tensor) -> Tensor:  # noqa: A002
    return input.mv(vec)


def unique(input: Tensor, sorted: bool = True, return_inverse: bool = False,  # noqa: A002
           return_counts: bool = False, dim: int | None = None):
    """The distinct elements (or rows along `dim`), sorted; with the index of each element's
    value among them and how often each occurs, when asked.  Data, not a graph op (as PyTorch:
    its result has no gradient)."""
    values, inverse, counts = np.unique(input._data, return_inverse=True, return_counts=True,
                                        axis=dim)
    result = [Tensor._wrap(values)]
    if return_inverse:
        result.append(Tensor._wrap(inverse.reshape(input.shape if dim is None else -1)
                             .astype(np.int64)))
    if return_counts:
        result.append(Tensor._wrap(counts.astype(np.int64)))
    return result[0] if len(result) == 1 else tuple(result)

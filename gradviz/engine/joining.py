"""PyTorch's stacking, splitting and block-building functions: ``vstack``, ``hstack``,
``dstack``, ``column_stack``, ``atleast_1d/2d/3d``, ``tensor_split`` (``hsplit``, ``vsplit``,
``dsplit``), ``block_diag``, ``kron``, ``rot90``, ``diag_embed``, ``cartesian_prod``,
``combinations``, ``masked_select``, ``take_along_dim`` and ``tril_indices``/``triu_indices``.

Each is a composite of the registry's rows (reshape, cat, stack, index, gather, flip,
permute, mul), so its gradient is theirs and the graph shows the rows it used; the checks and
error messages are PyTorch's.
"""

from __future__ import annotations

import builtins
import itertools
from collections.abc import Sequence

import numpy as np

from gradviz.engine import creation
from gradviz.engine import dtypes as dt
from gradviz.engine.backend import array_module
from gradviz.engine.keywords import torch_keywords
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_functions import cat, stack
from gradviz.engine.tensor_shape import torch_type_name, wrap, wrap_dim

__all__ = [
    "atleast_1d", "atleast_2d", "atleast_3d", "block_diag", "cartesian_prod", "column_stack",
    "combinations", "diag_embed", "dsplit", "dstack", "hsplit", "hstack", "kron",
    "masked_select", "rot90", "row_stack", "take_along_dim", "tensor_split", "tril_indices",
    "triu_indices", "vsplit", "vstack",
]

_t = creation.as_tensor


def _list(name: str, tensors) -> list[Tensor]:
    if isinstance(tensors, Tensor):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, "
                        "not Tensor")
    tensors = [_t(t) for t in tensors]
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    return tensors


def broadcast_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """The shape `a` and `b` broadcast to, or PyTorch's error naming the dim that differs."""
    n = builtins.max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + tuple(a), (1,) * (n - len(b)) + tuple(b)
    for i, (p, q) in enumerate(zip(a, b, strict=True)):
        if p != q and p != 1 and q != 1:
            raise RuntimeError(f"The size of tensor a ({p}) must match the size of tensor b "
                               f"({q}) at non-singleton dimension {i}")
    return tuple(q if p == 1 else p for p, q in zip(a, b, strict=True))


# ── at least n dims ──────────────────────────────────────────────────────────────────────
def _atleast(shape_of, tensors):
    if len(tensors) == 1 and not isinstance(tensors[0], Tensor) and isinstance(
            tensors[0], Sequence):
        return tuple(_atleast(shape_of, (t,)) for t in tensors[0])
    if len(tensors) != 1:
        return tuple(_atleast(shape_of, (t,)) for t in tensors)
    t = _t(tensors[0])
    shape = shape_of(tuple(t.shape))
    if shape == tuple(t.shape):
        return t
    return t.reshape(shape) if t.dim() == 0 else named_node(t.reshape(shape), "UnsqueezeBackward0")


def atleast_1d(*tensors):
    """The tensor itself with ≥ 1 dim (a 0-d one viewed as [1]); several: a tuple."""
    return _atleast(lambda s: s or (1,), tensors)


def atleast_2d(*tensors):
    """≥ 2 dims: a 0-d tensor as [1, 1], a vector [n] as [1, n]."""
    return _atleast(lambda s: s if len(s) >= 2 else (1,) * (2 - len(s)) + s, tensors)


def atleast_3d(*tensors):
    """≥ 3 dims: 0-d as [1, 1, 1], [n] as [1, n, 1], [m, n] as [m, n, 1] (numpy's rule)."""
    def shape(s):
        return {0: (1, 1, 1), 1: (1, *s, 1), 2: (*s, 1)}.get(len(s), s)

    return _atleast(shape, tensors)


# ── stacking ─────────────────────────────────────────────────────────────────────────────
def vstack(tensors) -> Tensor:
    """Rows on top of each other: each made ≥ 2-d, then ``cat`` along dim 0."""
    return cat([atleast_2d(t) for t in _list("vstack", tensors)], 0)


row_stack = vstack


def hstack(tensors) -> Tensor:
    """Side by side: vectors end to end (dim 0), anything bigger along dim 1."""
    tensors = [atleast_1d(t) for t in _list("hstack", tensors)]
    return cat(tensors, 0 if tensors[0].dim() == 1 else 1)


def dstack(tensors) -> Tensor:
    """In depth: each made ≥ 3-d, then ``cat`` along dim 2."""
    return cat([atleast_3d(t) for t in _list("dstack", tensors)], 2)


def column_stack(tensors) -> Tensor:
    """Vectors (and 0-d tensors) as columns, side by side with the matrices given."""
    tensors = _list("column_stack", tensors)
    return cat([t.reshape(t.numel(), 1) if t.dim() <= 1 else t for t in tensors], 1)


# ── splitting ────────────────────────────────────────────────────────────────────────────
def tensor_split(input, indices_or_sections, dim: int = 0) -> tuple[Tensor, ...]:  # noqa: A002
    """`n` pieces as equal as can be (the first ``size % n`` one longer), or the pieces between
    the indices given (``[1, 4]``: [:1], [1:4], [4:])."""
    x = _t(input)
    if x.dim() == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a "
                           "tensor with 0 dims")
    dim = wrap_dim(dim, x.dim())
    split = indices_or_sections
    if isinstance(split, Tensor):
        if split.dtype is not dt.int64:
            raise RuntimeError("tensor_split expected tensor_indices_or_sections to have dtype "
                               f"of long, but got {torch_type_name(split.dtype)}")
        if split.dim() > 1:
            raise RuntimeError("tensor_split expected tensor_indices_or_sections to be a "
                               f"zero-dimensional or one-dimensional tensor, but got a tensor "
                               f"with {split.dim()} dims")
        split = split.item() if split.dim() == 0 else split.tolist()
    if isinstance(split, builtins.int | np.integer):
        if split <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {split}")
        size, sections = x.shape[dim], builtins.int(split)
        small, extra = divmod(size, sections)
        lengths = [small + 1] * extra + [small] * (sections - extra)
        starts = np.cumsum([0, *lengths]).tolist()
        return tuple(x._slab(dim, a, b) for a, b in zip(starts[:-1], starts[1:], strict=True))
    cuts = [builtins.int(i) for i in split]
    starts, stops = [0, *cuts], [*cuts, None]
    return tuple(x._slab(dim, a, b) for a, b in zip(starts, stops, strict=True))


def _directional_split(name: str, least: int, dim: int, x, split) -> tuple[Tensor, ...]:
    x = _t(x)
    if x.dim() < least:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {least} dimension, "
                           f"but got a tensor with {x.dim()} dimensions!")
    if isinstance(split, builtins.int | np.integer):
        size = x.shape[dim]
        if split == 0 or size % split:
            raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the "
                               f"size of the dimension {size} is not divisible by the "
                               f"split_size {split}!")
    return tensor_split(x, split, dim)


def hsplit(input, indices_or_sections) -> tuple[Tensor, ...]:  # noqa: A002
    """Split along dim 1 (dim 0 of a vector); an int must divide the size exactly."""
    x = _t(input)
    return _directional_split("hsplit", 1, 1 if x.dim() > 1 else 0, x, indices_or_sections)


def vsplit(input, indices_or_sections) -> tuple[Tensor, ...]:  # noqa: A002
    """Split along dim 0 of a tensor of ≥ 2 dims."""
    return _directional_split("vsplit", 2, 0, input, indices_or_sections)


def dsplit(input, indices_or_sections) -> tuple[Tensor, ...]:  # noqa: A002
    """Split along dim 2 of a tensor of ≥ 3 dims."""
    return _directional_split("dsplit", 3, 2, input, indices_or_sections)


# ── selecting ────────────────────────────────────────────────────────────────────────────
def masked_select(input, mask) -> Tensor:  # noqa: A002
    """The elements where the boolean mask (broadcast with the input) holds, as a vector."""
    x, mask = _t(input), _t(mask)
    if mask.dtype is not dt.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    shape = broadcast_shape(tuple(mask.shape), tuple(x.shape))
    if tuple(x.shape) != shape:
        x = x.expand(shape)
    xp = array_module(mask._data)
    return named_node(x[wrap(xp.broadcast_to(mask._data, shape).copy())], "MaskedSelectBackward0")


def take_along_dim(input, indices, dim: int | None = None) -> Tensor:  # noqa: A002
    """``gather`` with the input and indices broadcast against each other except along `dim`;
    without a dim, picks from the flattened input."""
    x, idx = _t(input), _t(indices)
    if idx.dtype is not dt.int64:
        raise RuntimeError("torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{torch_type_name(idx.dtype)}")
    if dim is None:
        return x.reshape(-1).gather(0, idx.reshape(-1))
    if x.dim() != idx.dim():
        raise RuntimeError("torch.take_along_dim(): input and indices should have the same "
                           f"number of dimensions, but got {x.dim()} dimensions for input, and "
                           f"{idx.dim()} dimensions for indices")
    dim = wrap_dim(dim, x.dim())
    sizes = list(x.shape)
    sizes[dim] = idx.shape[dim]
    shape = list(broadcast_shape(tuple(sizes), tuple(idx.shape)))
    if list(idx.shape) != shape:
        idx = idx.expand(shape)
    shape[dim] = x.shape[dim]
    if list(x.shape) != shape:
        x = x.expand(shape)
    return x.gather(dim, idx)


# ── building blocks ──────────────────────────────────────────────────────────────────────
def block_diag(*tensors) -> Tensor:
    """The matrices on the diagonal of a bigger one, zeros elsewhere (0-d as 1×1, a vector
    as one row); the result's dtype holds them all."""
    tensors = [_t(t) for t in tensors]
    for i, t in enumerate(tensors):
        if t.dim() > 2:
            raise RuntimeError("torch.block_diag: Input tensors must have 2 or fewer dimensions. "
                               f"Input {i} has {t.dim()} dimensions")
    if not tensors:
        return creation.empty(1, 0)
    blocks = [t.reshape(1, -1) if t.dim() < 2 else t for t in tensors]
    kind = dt.of_array(np.empty(0, dt.result_type([b._data for b in blocks])))
    blocks = [b if b.dtype is kind else b.to(kind) for b in blocks]
    width = builtins.sum(b.shape[1] for b in blocks)
    rows, left = [], 0
    for b in blocks:
        r, c = b.shape
        parts = [creation.zeros(r, left, dtype=kind)] if left else []
        parts.append(b)
        if width - left - c:
            parts.append(creation.zeros(r, width - left - c, dtype=kind))
        rows.append(cat(parts, 1) if len(parts) > 1 else b)
        left += c
    out = cat(rows, 0) if len(rows) > 1 else rows[0]
    return named_node(out if out is not tensors[0] else out.clone(), "BlockDiagBackward0")


def kron(input, other) -> Tensor:  # noqa: A002
    """The Kronecker product: every element of the input times the whole of `other`, laid
    out block by block (the shorter shape padded with leading 1s)."""
    a, b = _t(input), _t(other)
    n = builtins.max(a.dim(), b.dim())
    sa, sb = (1,) * (n - a.dim()) + tuple(a.shape), (1,) * (n - b.dim()) + tuple(b.shape)
    left = a.reshape([s for d in sa for s in (d, 1)]) if n else a
    right = b.reshape([s for d in sb for s in (1, d)]) if n else b
    out = (left * right).reshape([x * y for x, y in zip(sa, sb, strict=True)])
    return named_node(out, "UnsafeViewBackward0")


def rot90(input, k: int = 1, dims=(0, 1)) -> Tensor:  # noqa: A002
    """A quarter turn `k` times in the plane of `dims`, from the first dim towards the second."""
    x = _t(input)
    dims = list(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if x.dim() < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {x.dim()}")
    d0, d1 = (wrap_dim(d, x.dim()) for d in dims)
    if d0 == d1:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {d0} and "
                           f"dim1 = {d1}")
    k %= 4
    if k == 1:
        out = x.flip([d1]).transpose(d0, d1)
    elif k == 2:
        out = x.flip([d0, d1])
    elif k == 3:
        out = x.flip([d0]).transpose(d0, d1)
    else:
        out = x.clone()
    return named_node(out, "Rot90Backward0")


def diag_embed(input, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:  # noqa: A002
    """Each last-dim vector on the diagonal (shifted by `offset`) of a square matrix in the
    dims `dim1`, `dim2` of the result, zeros elsewhere."""
    x = _t(input)
    ndim = x.dim() + 1
    d1, d2 = wrap_dim(dim1, ndim), wrap_dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    if x.dim() == 0:
        x = x.reshape(1)
    n = x.shape[-1]
    m = n + builtins.abs(offset)
    where = np.full((m, m), n)  # n: the zero appended after each vector
    k = np.arange(n)
    rows, cols = (k, k + offset) if offset >= 0 else (k - offset, k)
    where[rows, cols] = k
    padded = cat([x, creation.zeros(*x.shape[:-1], 1, dtype=x.dtype)], -1)
    square = padded[..., where]  # (…, m, m)
    rest = iter(range(ndim - 2))
    order = [ndim - 2 if a == d1 else ndim - 1 if a == d2 else next(rest) for a in range(ndim)]
    out = square.permute(order) if order != list(range(ndim)) else square
    return named_node(out, "DiagEmbedBackward0")


def _vector(t: Tensor) -> None:
    if t.dim() != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")


def cartesian_prod(*tensors) -> Tensor:
    """Every combination of one element from each vector, a row each (itertools.product)."""
    tensors = [_t(t) for t in tensors]
    for t in tensors:
        _vector(t)
    if len(tensors) == 1:
        return tensors[0]
    from gradviz.engine.math_functions import meshgrid

    return stack([g.reshape(-1) for g in meshgrid(*tensors, indexing="ij")], 1)


def combinations(input, r: int = 2, with_replacement: bool = False) -> Tensor:  # noqa: A002
    """The length-`r` combinations of the vector's elements, a row each
    (itertools.combinations, or combinations_with_replacement)."""
    x = _t(input)
    _vector(x)
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return creation.empty(0, dtype=x.dtype)
    pick = (itertools.combinations_with_replacement if with_replacement
            else itertools.combinations)(range(x.shape[0]), r)
    where = np.array(list(pick), dtype=np.int64).reshape(-1, r)
    return named_node(x[wrap(where)], "StackBackward0")


def _triangle_indices(name: str, fn, row: int, col: int, offset: int, dtype) -> Tensor:
    dtype = dt.int64 if dtype is None else dt.to_dtype(dtype)
    if dtype not in (dt.int32, dt.int64):
        raise NotImplementedError(f'"{name}" not implemented for \'{torch_type_name(dtype)}\'')
    if row < 0 or col < 0:
        raise RuntimeError(f"row must be non-negative, got{row}" if row < 0
                           else f"col must be non-negative, got{col}")
    return wrap(np.stack(fn(row, offset, col)).astype(dtype.np).reshape(2, -1))


def tril_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None,
                 layout=None, requires_grad: bool = False) -> Tensor:
    """The 2 × N (row, column) indices of a row × col matrix's lower triangle, row by row."""
    return _triangle_indices("tril_indices", np.tril_indices, row, col, offset, dtype)


def triu_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None,
                 layout=None, requires_grad: bool = False) -> Tensor:
    """The 2 × N indices of the upper triangle (on and above diagonal `offset`)."""
    return _triangle_indices("triu_indices", np.triu_indices, row, col, offset, dtype)


# The Tensor methods PyTorch has among these.
for _name in ("tensor_split", "hsplit", "vsplit", "dsplit", "masked_select", "take_along_dim",
              "kron", "rot90", "diag_embed"):
    setattr(Tensor, _name, torch_keywords(globals()[_name]))
del _name

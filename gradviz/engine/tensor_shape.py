"""`Tensor`'s methods that rearrange, select, split, sort, fill and convert, PyTorch-shaped.

A mixin that `Tensor` inherits (no state of its own): ``permute``, ``expand``, ``repeat``,
``gather``, ``flip``, ``roll`` and ``scatter`` are registry ops, ``chunk``/``split``/
``index_select`` are indexing, ``sort`` and ``topk`` gather their values, so each shows in the
graph as one clear node.
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from gradviz.engine import dtypes as dt
from gradviz.engine.autograd import apply, dim_error
from gradviz.engine.backend import array_module, to_device
from gradviz.engine.printing import PickedBy, named_node

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor

_TORCH_NAMES = {"float16": "Half", "float32": "Float", "float64": "Double", "int8": "Char",
                "int16": "Short", "int32": "Int", "int64": "Long", "uint8": "Byte",
                "bool": "Bool"}


def return_type_repr(name: str, result: tuple) -> str:
    """A result tuple printed as PyTorch prints its ``torch.return_types``, by the function's
    `name` (``max``, ``linalg_svd``) and the fields of the named tuple `result`."""
    fields = ",\n".join(f"{key}={value!r}" for key, value in result._asdict().items())
    return f"gradviz.return_types.{name}(\n{fields})"


class ValuesIndices(NamedTuple):
    """What ``sort``, ``topk`` and ``max``/``min`` along a dim return: (values, indices)."""

    values: Any
    indices: Any

    def __repr__(self) -> str:
        return return_type_repr(getattr(self, "function", "sort"), self)


class Sorted(ValuesIndices):
    __slots__ = ()
    function = "sort"


class TopK(ValuesIndices):
    __slots__ = ()
    function = "topk"


class Maxima(ValuesIndices):
    __slots__ = ()
    function = "max"


class Minima(ValuesIndices):
    __slots__ = ()
    function = "min"


def torch_type_name(dtype: dt.dtype) -> str:
    """PyTorch's name of a dtype in error messages: Long, Float, Bool…"""
    return _TORCH_NAMES.get(dtype.name, dtype.name)


def wrap(array: object) -> Tensor:
    from gradviz.engine.tensor import Tensor

    return Tensor._wrap(array)


def wrap_dim(dim: int, ndim: int) -> int:
    """`dim` in 0 … ndim−1, or PyTorch's IndexError (a 0-d tensor takes dims 0 and −1)."""
    n = builtins.max(ndim, 1)
    if not -n <= dim < n:
        raise dim_error(dim, ndim)
    return dim % n


def sizes(args: tuple) -> tuple[int, ...]:
    """``f(2, 3)``, ``f((2, 3))`` and ``f([2, 3])`` all mean the sizes (2, 3)."""
    if len(args) == 1 and isinstance(args[0], Sequence):
        args = tuple(args[0])
    return tuple(builtins.int(n) for n in args)


class ShapeMethods:
    __slots__ = ()

    # ── views and copies of the same numbers ─────────────────────────────────────────────
    def permute(self, *dims) -> Tensor:
        dims = sizes(dims)
        if len(dims) != self.dim():
            raise RuntimeError(
                "permute(sparse_coo): number of dimensions in the tensor input does not match "
                "the length of the desired ordering of dimensions i.e. input.dim() = "
                f"{self.dim()} is not equal to len(dims) = {len(dims)}")
        dims = tuple(wrap_dim(d, self.dim()) for d in dims)
        if len(set(dims)) != len(dims):
            raise RuntimeError("permute(): duplicate dims are not allowed.")
        from gradviz.engine.tensor import reordered

        return reordered(apply("permute", self, dims=dims), self, dims)

    def expand(self, *size) -> Tensor:
        target, shape = list(sizes(size)), self.shape
        if len(target) < len(shape):
            raise RuntimeError(
                f"expand(torch.{torch_type_name(self.dtype)}Tensor{{{list(shape)}}}, "
                f"size={target}): the number of sizes "
                f"provided ({len(target)}) must be greater or equal to the number of "
                f"dimensions in the tensor ({len(shape)})")
        lead = len(target) - len(shape)
        out = []
        for i, n in enumerate(target):
            if i < lead:
                if n < 0:
                    raise RuntimeError(f"The expanded size of the tensor ({n}) isn't allowed in "
                                       f"a leading, non-existing dimension {i}")
                out.append(n)
                continue
            have = shape[i - lead]
            if n == -1:
                n = have
            elif have != 1 and n != have:
                raise RuntimeError(
                    f"The expanded size of the tensor ({n}) must match the existing size "
                    f"({have}) at non-singleton dimension {i}.  Target sizes: {target}.  "
                    f"Tensor sizes: {list(shape)}")
            out.append(n)
        return apply("expand", self, shape=tuple(out))

    def expand_as(self, other: Tensor) -> Tensor:
        return self.expand(other.shape)

    def broadcast_to(self, size) -> Tensor:
        return self.expand(size)

    def repeat(self, *repeats) -> Tensor:
        repeats = sizes(repeats)
        if len(repeats) < self.dim():
            raise RuntimeError("Number of dimensions of repeat dims can not be smaller than "
                               "number of dimensions of tensor")
        return apply("repeat", self, repeats=repeats)

    def flatten(self, start_dim: builtins.int = 0, end_dim: builtins.int = -1) -> Tensor:
        """The dims start_dim … end_dim merged into one (every dim by default)."""
        n = self.dim()
        start, end = wrap_dim(start_dim, n), wrap_dim(end_dim, n)
        if start > end:
            raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
        if not n:
            return self.reshape(1)
        if start == end:
            return self
        shape = self.shape
        return self.reshape(*shape[:start], math.prod(shape[start:end + 1]), *shape[end + 1:])

    def unflatten(self, dim: builtins.int, sizes) -> Tensor:
        dim = wrap_dim(dim, self.dim())
        shape = self.shape
        return self.reshape(*shape[:dim], *sizes, *shape[dim + 1:])

    def flip(self, *dims) -> Tensor:
        """The elements in reverse order along each of `dims`."""
        dims = tuple(wrap_dim(d, self.dim()) for d in sizes(dims))
        for d in dims:
            if dims.count(d) > 1:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        return apply("flip", self, dims=dims if self.dim() else ())

    def fliplr(self) -> Tensor:
        if self.dim() < 2:
            raise RuntimeError("Input must be >= 2-d.")
        return self.flip(1)

    def flipud(self) -> Tensor:
        if self.dim() < 1:
            raise RuntimeError("Input must be >= 1-d.")
        return self.flip(0)

    def roll(self, shifts, dims=None) -> Tensor:
        """The elements moved `shifts` places along `dims` (the flattened tensor if None),
        those that fall off one end coming back at the other."""
        shift_list = sizes((shifts,))
        if dims is None:
            if len(shift_list) != 1:
                raise RuntimeError(f"shifts and dimensions must align. shifts: "
                                   f"{len(shift_list)}, dims:0")
            return apply("roll", self, shifts=shift_list[0], dims=None)
        dim_list = tuple(wrap_dim(d, self.dim()) for d in sizes((dims,)))
        if len(shift_list) != len(dim_list):
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shift_list)}, "
                               f"dims:{len(dim_list)}")
        if not self.dim():
            return self * 1 if self.requires_grad else wrap(self._data.copy())
        return apply("roll", self, shifts=shift_list, dims=dim_list)

    def view_as(self, other: Tensor) -> Tensor:
        return self.reshape(other.shape)

    reshape_as = view_as

    @property
    def mT(self) -> Tensor:  # noqa: N802 - PyTorch's name
        if self.dim() < 2:
            raise RuntimeError("tensor.mT is only supported on matrices or batches of "
                               f"matrices. Got {self.dim()}-D tensor.")
        return self.transpose(-2, -1)

    def swapaxes(self, axis0: int, axis1: int) -> Tensor:
        return self.transpose(axis0, axis1)

    # ── selecting ────────────────────────────────────────────────────────────────────────
    def gather(self, dim: int, index: Tensor) -> Tensor:
        idx = index._data
        if idx.dtype not in (np.int64, np.int32):
            raise RuntimeError("gather(): Expected dtype int32/int64 for index")
        dim = wrap_dim(dim, self.dim())
        if idx.ndim != self._data.ndim:
            raise RuntimeError("Index tensor must have the same number of dimensions as input "
                               "tensor")
        for d, (n, m) in enumerate(zip(idx.shape, self.shape, strict=True)):
            if d != dim and n > m:
                raise RuntimeError(
                    f"Size does not match at dimension {d} expected index {list(idx.shape)} to "
                    f"be no larger than self {list(self.shape)} apart from dimension {dim}")
        if idx.size and (idx.min() < 0 or idx.max() >= self.shape[dim]):
            bad = idx.max() if idx.max() >= self.shape[dim] else idx.min()
            raise RuntimeError(f"index {bad} is out of bounds for dimension {dim} with size "
                               f"{self.shape[dim]}")
        return apply("gather", self, dim=dim, index=idx)

    def scatter(self, dim: builtins.int, index: Tensor, src=None, value=None, *,
                reduce: str | None = None) -> Tensor:
        """A copy with src (a tensor, or one value) written at the positions index names along
        `dim`: ``out[i][index[i][j]] = src[i][j]`` for dim 1."""
        if reduce is not None:
            raise NotImplementedError("scatter(reduce=…): use scatter_add")
        if src is None:
            src = value
        if src is None:
            raise TypeError("scatter() missing 1 required positional argument: 'src' or 'value'")
        return self._scatter("scatter", dim, index, src)

    def scatter_add(self, dim: builtins.int, index: Tensor, src: Tensor) -> Tensor:
        """A copy with src added at the positions index names along `dim` (repeats add up)."""
        if not hasattr(src, "_data"):
            raise TypeError("scatter_add(): argument 'src' (position 3) must be Tensor, not "
                            f"{type(src).__name__}")
        return self._scatter("scatter_add", dim, index, src)

    def _scatter(self, name: str, dim: builtins.int, index: Tensor, src) -> Tensor:
        idx = index._data
        if idx.dtype not in (np.int64, np.int32):
            raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index")
        dim = wrap_dim(dim, self.dim())
        if not self.dim():  # a 0-d tensor: as the same tensor of shape (1,)
            src = src.reshape(-1) if hasattr(src, "_data") else src
            return self.reshape(1)._scatter(name, 0, wrap(idx.reshape(-1)), src).reshape(())
        if idx.ndim == 0 and self.dim() == 1:  # PyTorch counts a 0-d index as 1-d here
            idx = idx.reshape(1)
        if hasattr(src, "_data") and not src.dim() and idx.ndim == 1:  # and a 0-d src
            src = src.reshape(1)
        if not hasattr(src, "_data"):  # one value, written everywhere index names
            xp = array_module(self._data)
            src = wrap(xp.full(idx.shape, src, dtype=self._data.dtype))
        elif src.dtype is not self.dtype:
            raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
        if idx.ndim != self.dim():
            raise RuntimeError("Index tensor must have the same number of dimensions as self "
                               "tensor")
        if src.dim() != idx.ndim:
            raise RuntimeError("Index tensor must have the same number of dimensions as src "
                               "tensor")
        shape, src_shape = self.shape, src.shape
        for d, n in enumerate(idx.shape):
            if (d != dim and n > shape[d]) or n > src_shape[d]:
                raise RuntimeError(
                    f"Expected index {list(idx.shape)} to be no larger than self {list(shape)} "
                    f"apart from dimension {dim} and to be no larger size than src "
                    f"{list(src_shape)}")
        if idx.size and (idx.min() < 0 or idx.max() >= shape[dim]):
            bad = idx.max() if idx.max() >= shape[dim] else idx.min()
            raise RuntimeError(f"index {bad} is out of bounds for dimension {dim} with size "
                               f"{shape[dim]}")
        return apply(name, self, src, dim=dim, index=idx.astype(np.int64, copy=False))

    def index_select(self, dim: int, index: Tensor) -> Tensor:
        idx = index._data
        if idx.ndim > 1:
            raise IndexError("index_select(): Index is supposed to be a vector")
        if idx.dtype.kind not in "iu":
            raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
        dim = wrap_dim(dim, self.dim())
        if idx.size and (idx.min() < 0 or idx.max() >= self.shape[dim]):
            bad = idx.max() if idx.max() >= self.shape[dim] else idx.min()
            raise IndexError(f"index out of range in self: index {bad} for dimension {dim} "
                             f"with size {self.shape[dim]}")
        # the index node named as PyTorch's (IndexSelectBackward0)
        key = PickedBy("index_select", (slice(None),) * dim + (idx.reshape(-1).copy(),))
        return apply("index", self, index=key)

    def repeat_interleave(self, repeats=None, dim=None, *, output_size=None) -> Tensor:
        """Each element (each slice along `dim`; of the flattened tensor if None) repeated
        `repeats` times, one count for all or one each: an index_select, as in PyTorch.
        ``t.repeat_interleave()`` alone reads `t` as the counts of 0, 1, 2, …"""
        if repeats is None:
            counts = self._data
            return type(self)._wrap(array_module(counts).repeat(
                array_module(counts).arange(len(counts)), counts))
        source = self.reshape(-1) if dim is None else self
        axis = 0 if dim is None else wrap_dim(dim, self.dim())
        counts = repeats._data if isinstance(repeats, type(self)) else repeats
        if np.ndim(counts) == 1 and len(counts) == 1:
            counts = counts[0]
        if np.ndim(counts) and len(counts) != source.shape[axis]:
            raise RuntimeError("repeats must have the same size as input along dim, but got "
                               f"repeats.size(0) = {len(counts)} and input.size({axis}) = "
                               f"{source.shape[axis]}")
        if np.any(np.asarray(counts) < 0):
            raise RuntimeError("repeats can not be negative")
        index = np.repeat(np.arange(source.shape[axis]), np.asarray(counts))
        return source.index_select(axis, type(self)._wrap(index))

    def masked_fill(self, mask: Tensor, value) -> Tensor:
        from gradviz.engine.tensor_functions import where

        return named_node(where(mask, self._fill_value("masked_fill_", mask, value), self),
                          "MaskedFillBackward0")

    def masked_fill_(self, mask: Tensor, value) -> Tensor:
        self._fill_value("masked_fill_", mask, value)  # PyTorch's checks first
        return self._inplace_result(lambda t: t.masked_fill(mask, value))

    def _fill_value(self, name: str, mask: Tensor, value) -> Tensor:
        if mask.dtype is not dt.bool_:
            raise RuntimeError(f"{name} only supports boolean masks, but got mask with dtype "
                               f"{c_type_name(mask.dtype)}")
        if hasattr(value, "_data"):
            if value.dim() != 0:
                raise RuntimeError(f"{name} only supports a 0-dimensional value tensor, but got "
                                   f"tensor with {value.dim()} dimension(s).")
            return value if value.dtype is self.dtype else value.to(self.dtype)
        xp = array_module(self._data)
        return wrap(xp.asarray(value).astype(self._data.dtype))

    # ── splitting, sorting ───────────────────────────────────────────────────────────────
    def _slab(self, dim: int, start: int, stop: int) -> Tensor:
        return self[(slice(None),) * dim + (slice(start, stop),)]

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        if chunks <= 0:
            raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
        dim = wrap_dim(dim, self.dim())
        step = builtins.max(math.ceil(self.shape[dim] / chunks), 1)
        return self.split(step, dim)

    def split(self, split_size_or_sections, dim: int = 0) -> tuple[Tensor, ...]:
        dim = wrap_dim(dim, self.dim())
        n = self.shape[dim]
        if isinstance(split_size_or_sections, builtins.int):
            step = split_size_or_sections
            if step <= 0 and n:
                raise RuntimeError(f"split expects split_size be non-negative, but got "
                                   f"split_size={step}")
            bounds = [(i, builtins.min(i + step, n)) for i in range(0, n, step)] or [(0, 0)]
        else:
            parts = [builtins.int(s) for s in split_size_or_sections]
            if builtins.sum(parts) != n:
                raise RuntimeError(
                    f"split_with_sizes expects split_sizes to sum exactly to {n} (input "
                    f"tensor's size at dimension {dim}), but got split_sizes={parts}")
            starts = np.cumsum([0, *parts]).tolist()
            bounds = list(zip(starts[:-1], starts[1:], strict=True))
        return tuple(self._slab(dim, a, b) for a, b in bounds)

    def sort(self, dim: int = -1, descending: bool = False, stable: bool = False
             ) -> ValuesIndices:
        dim = wrap_dim(dim, self.dim())
        order = _argsort(self._data, dim, descending)
        return Sorted(self._take(dim, order), wrap(order))

    def argsort(self, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
        return self.sort(dim, descending, stable).indices

    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True  # noqa: A002
             ) -> ValuesIndices:
        dim = wrap_dim(dim, self.dim())
        if not 0 <= k <= (self.shape[dim] if self.dim() else 1):
            raise RuntimeError("selected index k out of range")
        order = _argsort(self._data, dim, largest)
        order = order[(slice(None),) * dim + (slice(0, k),)] if self.dim() else order
        return TopK(self._take(dim, order), wrap(order))

    def _take(self, dim: int, order) -> Tensor:
        if not self.dim():
            return self * 1 if self.requires_grad else wrap(self._data.copy())
        return apply("gather", self, dim=dim, index=order)

    # ── filling with random numbers in place ─────────────────────────────────────────────
    def uniform_(self, a: float = 0.0, b: float = 1.0, *, generator=None) -> Tensor:
        return self._fill_random(lambda rng, shape: rng.uniform(a, b, shape), generator)

    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator=None) -> Tensor:
        return self._fill_random(lambda rng, shape: rng.normal(mean, std, shape), generator)

    def bernoulli(self, p: float | None = None, *, generator=None) -> Tensor:
        from gradviz.engine import creation

        return creation.bernoulli(self, p, generator=generator)

    def bernoulli_(self, p: float = 0.5, *, generator=None) -> Tensor:
        return self._fill_random(lambda rng, shape: rng.random(shape) < p, generator)

    def exponential_(self, lambd: float = 1.0, *, generator=None) -> Tensor:
        return self._fill_random(lambda rng, shape: rng.exponential(1 / lambd, shape), generator)

    def multinomial(self, num_samples: int, replacement: bool = False, *,
                    generator=None) -> Tensor:
        from gradviz.engine import creation

        return creation.multinomial(self, num_samples, replacement, generator=generator)

    def _fill_random(self, draw, generator=None) -> Tensor:
        from gradviz.engine import creation

        array = draw(creation.stream(generator), self._data.shape).astype(self._data.dtype)
        array = to_device(array, self.device)
        if self._records():  # the in-place rule (`engine.inplace`): a leaf's error, or recorded
            # as PyTorch records it: the new numbers, no gradient back to the old ones
            return self._record_inplace(lambda older: older * 0 + type(self)._wrap(array))
        self._data[...] = array
        self._bump()
        return self

    # ── conversions and new tensors like this one ────────────────────────────────────────
    def type_as(self, other: Tensor) -> Tensor:
        return self._convert(other.dtype)

    def int(self) -> Tensor:
        return self._convert(dt.int32)

    def bool(self) -> Tensor:
        return self._convert(dt.bool_)

    def half(self) -> Tensor:
        return self._convert(dt.float16)

    def short(self) -> Tensor:
        return self._convert(dt.int16)

    def byte(self) -> Tensor:
        return self._convert(dt.uint8)

    def _convert(self, dtype: dt.dtype) -> Tensor:
        # An integer or boolean copy is data: PyTorch's carries no gradient either.
        if dtype.is_floating_point or self._data.dtype == dtype.np:
            return self.to(dtype)
        return wrap(self._data.astype(dtype.np))

    def new(self, *args, **kwargs) -> Tensor:
        from gradviz.engine import legacy

        return legacy.new(self, args, kwargs)

    def new_tensor(self, data, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
        from gradviz.engine import creation

        return creation.tensor(data, dtype=dtype or self.dtype, device=device or self.device,
                               requires_grad=requires_grad)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
        return self.new_full(sizes(size), 0, dtype=dtype, device=device,
                             requires_grad=requires_grad)

    def new_ones(self, *size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
        return self.new_full(sizes(size), 1, dtype=dtype, device=device,
                             requires_grad=requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
        return self.new_zeros(*size, dtype=dtype, device=device, requires_grad=requires_grad)

    def new_full(self, size, fill_value, dtype=None, device=None,
                 requires_grad: bool = False) -> Tensor:
        from gradviz.engine import creation

        return creation.full(sizes((size,)), fill_value, dtype=dtype or self.dtype,
                             device=device or self.device, requires_grad=requires_grad)

    def nelement(self) -> builtins.int:
        return self.numel()

    def element_size(self) -> builtins.int:
        return self._data.itemsize


def _argsort(data, dim: int, descending: bool):
    """Stable argsort along `dim`; descending keeps equal values in their original order."""
    if not data.ndim:
        return array_module(data).zeros((), dtype=np.int64)
    if descending:
        data = -(data.astype(np.int64) if data.dtype.kind in "bu" else data)
    if isinstance(data, np.ndarray):
        return data.argsort(axis=dim, kind="stable").astype(np.int64, copy=False)
    return data.argsort(axis=dim).astype(np.int64, copy=False)  # cupy: no `kind`


def c_type_name(dtype: dt.dtype) -> str:
    """The C type PyTorch names in some dtype errors (masked_fill's, mm's): float, long int…"""
    return {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
            "uint8": "unsigned char", "float32": "float", "float64": "double",
            "float16": "c10::Half"}.get(dtype.name, dtype.name)

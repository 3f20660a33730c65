"""How a tensor's numbers lie in memory, PyTorch-shaped: ``stride``, ``is_contiguous``,
``contiguous``, ``storage``, ``unfold`` (windows as a view), ``movedim`` and numpy's ``__array__``
and ``__array_wrap__``.

gradviz keeps numbers in numpy (or cupy) arrays, so strides are the array's, counted in
elements as PyTorch counts them.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

import numpy as np

from gradviz.engine.backend import to_numpy
from gradviz.engine.dtypes import of_array
from gradviz.engine.tensor_shape import wrap, wrap_dim

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor


class TypedStorage:
    """What ``t.storage()`` gives: the numbers behind a tensor, flat, in memory order."""

    def __init__(self, array) -> None:
        root = array
        while getattr(root, "base", None) is not None and hasattr(root.base, "shape"):
            root = root.base
        self._array = to_numpy(root).reshape(-1, order="A") if root.ndim else \
            to_numpy(root).reshape(1)

    def tolist(self) -> list:
        return self._array.tolist()

    def size(self) -> builtins.int:
        return builtins.int(self._array.size)

    def __len__(self) -> builtins.int:
        return self.size()

    def __getitem__(self, index):
        return self._array[index].tolist()

    def __setitem__(self, index, value) -> None:  # writes into the tensor's numbers
        self._array[index] = value

    def __iter__(self):
        return iter(self.tolist())

    def data_ptr(self) -> builtins.int:
        """Where the numbers start: the same for every view of one tensor, another for a clone."""
        return builtins.int(self._array.__array_interface__["data"][0])

    def __repr__(self) -> str:
        body = "\n".join(f" {v}" for v in self._array.tolist())
        return f"{body}\n[gradviz.storage.TypedStorage(dtype={of_array(self._array)!r}, " \
               f"device=cpu) of size {self._array.size}]"


class MemoryMethods:
    __slots__ = ()

    def stride(self, dim: builtins.int | None = None):
        data = self._data
        steps = tuple(s // data.itemsize for s in data.strides) if data.ndim else ()
        if dim is None:
            return steps
        return steps[wrap_dim(dim, data.ndim)]

    def is_contiguous(self, memory_format: object = None) -> bool:
        from gradviz.engine.memory_format import contiguous_format, is_laid_out

        if memory_format in (None, contiguous_format) and not self._dense_in_pytorch():
            return False
        return is_laid_out(self._data, memory_format)

    def _pytorch_layout(self) -> np.ndarray | None:
        """An empty array laid out as PyTorch lays out this transposed or permuted tensor
        (`_axes_of`: a C-ordered source's shape and the order of its axes), or None for one
        laid out in C order: numpy's own array may be laid out otherwise (a convolution's
        output), so contiguity and ``view`` are judged on this."""
        layout = self.__dict__.get("_axes_of")
        if layout is None:
            return None
        shape, order = layout
        return np.empty(shape, dtype=np.int8).transpose(order)

    def _dense_in_pytorch(self) -> builtins.bool:
        """Whether PyTorch's layout of this tensor is C order (sizes of 1 aside)."""
        probe = self._pytorch_layout()
        return probe is None or builtins.bool(probe.flags.c_contiguous)

    def contiguous(self, memory_format: object = None) -> Tensor:
        """This tensor if its numbers already lie in `memory_format`'s order (C order by
        default, ``channels_last``: NHWC), else a copy laid out so (a clone in the graph)."""
        from gradviz.engine.memory_format import contiguous_format, laid_out, preserve_format

        if memory_format is preserve_format:
            if self._data.flags.c_contiguous:
                return self
            raise RuntimeError("preserve memory format is unsupported by the contiguous "
                               "operator")
        data = laid_out(self._data, memory_format)
        if data is self._data and (self._dense_in_pytorch()
                                   or memory_format not in (None, contiguous_format)):
            return self
        copy = self.clone()  # a fresh tensor: C order, in numpy and in PyTorch's layout
        if data is not self._data:
            copy._data = data
        return copy

    def storage(self) -> TypedStorage:
        return TypedStorage(self._data)

    untyped_storage = storage

    def storage_offset(self) -> builtins.int:
        """Where this tensor's first number sits in its storage, counted in numbers (a view
        of another tensor starts inside that tensor's storage)."""
        data = self._data
        if not isinstance(data, np.ndarray) or data.base is None:
            return 0
        root = data
        while isinstance(root.base, np.ndarray):
            root = root.base
        return (data.__array_interface__["data"][0] - root.__array_interface__["data"][0]) \
            // data.itemsize

    def data_ptr(self) -> builtins.int:
        return builtins.int(self._data.__array_interface__["data"][0]) \
            if isinstance(self._data, np.ndarray) else builtins.int(self._data.data.ptr)

    def unfold(self, dimension: builtins.int, size: builtins.int, step: builtins.int) -> Tensor:
        """Every window of `size` along `dimension`, `step` apart, as a new last dimension."""
        dim = wrap_dim(dimension, self.dim())
        length = self.shape[dim] if self.dim() else 1
        if size > length:
            raise RuntimeError(f"maximum size for tensor at dimension {dim} is {length} but "
                               f"size is {size}")
        if step <= 0:
            raise RuntimeError(f"step is {step} but must be > 0")
        if not self.dim():
            return self.reshape(1)
        count = (length - size) // step + 1
        index = (np.arange(count)[:, None] * step + np.arange(size)[None, :]).reshape(-1)
        picked = self.index_select(dim, wrap(index))
        shape = list(self.shape)
        shape[dim:dim + 1] = [count, size]
        return picked.reshape(shape).movedim(dim + 1, -1)

    def narrow(self, dim: builtins.int, start, length: builtins.int) -> Tensor:
        """`length` entries of dimension `dim` from `start` (a view, as a slice)."""
        dim = wrap_dim(dim, self.dim())
        start = builtins.int(start.item() if hasattr(start, "item") else start)
        size = self.shape[dim]
        if start < 0:
            start += size
        if not 0 <= start <= size or length < 0 or start + length > size:
            raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                               f"({size}).")
        return self[(slice(None),) * dim + (slice(start, start + length),)]

    def movedim(self, source, destination) -> Tensor:
        """Dimensions `source` moved to `destination` (ints or sequences), a permute."""
        n = self.dim()
        sources = [source] if isinstance(source, builtins.int) else list(source)
        targets = [destination] if isinstance(destination, builtins.int) else list(destination)
        if len(sources) != len(targets):
            raise RuntimeError(f"movedim: Invalid source or destination dims: source "
                               f"({sources} dims) should contain the same number of dims as "
                               f"destination ({targets} dims)")
        sources = [wrap_dim(d, n) for d in sources]
        targets = [wrap_dim(d, n) for d in targets]
        order = [None] * n
        for s_, t_ in zip(sources, targets, strict=True):
            order[t_] = s_
        rest = iter(d for d in range(n) if d not in sources)
        order = [next(rest) if d is None else d for d in order]
        return self if order == list(range(n)) else self.permute(*order)

    moveaxis = movedim

    def __array__(self, dtype=None, copy=None):
        array = self.numpy()  # PyTorch's refusal for a tensor that needs a gradient
        if dtype is not None and array.dtype != dtype:
            return array.astype(dtype)
        return array.copy() if copy else array

    def __array_wrap__(self, array, context=None, return_scalar=False):
        """A numpy ufunc's result on a tensor (``np.sqrt(loss)``, ``np.exp(t)``) as a tensor of
        the array's own dtype, a bool result as uint8: PyTorch's answer."""
        from gradviz.engine.tensor import Tensor

        return Tensor._wrap(array.astype(np.uint8) if array.dtype == np.bool_ else array)

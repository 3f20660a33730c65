"""Sparse COO tensors as PyTorch spells them: ``torch.sparse_coo_tensor``, ``t.to_sparse()``,
``torch.spmm``/``torch.sparse.mm``, ``s @ dense``, ``s.to_dense()``, ``s.indices()``,
``s.values()``, ``s.coalesce()`` and PyTorch's repr
``tensor(indices=tensor([[…]]), values=tensor([…]), size=(…), nnz=…, layout=torch.sparse_coo)``.

Reduced form: a `SparseCooTensor` is dense-backed.  It keeps its indices and values, as
PyTorch's does, but its ``_data`` is the dense array they stand for, built by registry ops
(``index_put`` of the values, ``scatter_add`` where indices repeat), so a product with a dense
tensor is the dense ``matmul`` and its gradients are PyTorch's: to the dense operand, to the
values of a ``sparse_coo_tensor`` (the gradient at its indices), and, through ``to_sparse``,
the whole dense gradient, as PyTorch's ``mm`` gives it.  Other ops see the dense array and give
dense results where PyTorch would keep the sparse layout or refuse; a sparse leaf's ``.grad``
is dense; hybrid tensors (values of more than one dimension) and the compressed layouts raise
NotImplementedError.  The nodes print as gradviz's ops (``IndexPutBackward0``), not PyTorch's
sparse ones.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import dtypes as dt
from gradviz.engine import printing
from gradviz.engine.autograd import apply
from gradviz.engine.backend import to_numpy
from gradviz.engine.creation import tensor, zeros
from gradviz.engine.printing import tensor_text
from gradviz.engine.tensor import Tensor


class layout:  # noqa: N801 - PyTorch's torch.layout
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"gradviz.{self.name}"


strided, sparse_coo = layout("strided"), layout("sparse_coo")


class SparseCooTensor(Tensor):
    """A COO tensor: ``_coo_indices`` (sparse_dim × nnz, int64), ``_coo_values`` (nnz,), and
    the dense array they stand for as its data (see the module's note)."""

    __slots__ = ("_coo_indices", "_coo_values", "_coalesced")

    @property
    def is_sparse(self) -> bool:
        return True

    @property
    def layout(self) -> layout:
        return sparse_coo

    def _indices(self) -> Tensor:
        return self._coo_indices

    def _values(self) -> Tensor:
        return self._coo_values

    def indices(self) -> Tensor:
        if not self._coalesced:
            raise RuntimeError("Cannot get indices on an uncoalesced tensor, please call "
                               ".coalesce() first")
        return self._coo_indices

    def values(self) -> Tensor:
        if not self._coalesced:
            raise RuntimeError("Cannot get values on an uncoalesced tensor, please call "
                               ".coalesce() first")
        return self._coo_values

    def is_coalesced(self) -> bool:
        return self._coalesced

    def _nnz(self) -> int:
        return int(self._coo_values.shape[0])

    def sparse_dim(self) -> int:
        return int(self._coo_indices.shape[0])

    def dense_dim(self) -> int:
        return 0

    def coalesce(self) -> SparseCooTensor:
        """Indices sorted and unique, the values of repeated ones summed."""
        if self._coalesced:
            return self
        index = to_numpy(self._coo_indices._data)
        linear = np.ravel_multi_index(tuple(index), tuple(self.shape))
        unique, inverse = np.unique(linear, return_inverse=True)
        values = self._coo_values
        summed = zeros(len(unique), dtype=values.dtype).scatter_add(
            0, Tensor._wrap(inverse.astype(np.int64)), values)
        indices = np.stack(np.unravel_index(unique, tuple(self.shape))).astype(np.int64)
        return _built(self, indices, summed, coalesced=True)

    def to_dense(self, dtype=None, *, masked_grad=None) -> Tensor:
        """A dense tensor: the values put at their indices (gradients flow back to them only,
        as PyTorch's)."""
        index = tuple(to_numpy(self.coalesce()._coo_indices._data))
        dense = apply("index_put", zeros(tuple(self.shape), dtype=self.dtype),
                      self[index], index=index)
        return dense if dtype is None else dense.to(dtype)

    def to_sparse(self, sparse_dim=None, *, layout=None, blocksize=None, dense_dim=None):
        _check_layout(self, sparse_dim, layout, blocksize, dense_dim)
        return self

    def to(self, *args, **kwargs):
        moved = Tensor.to(self, *args, **kwargs)
        if moved is self or moved._data is self._data:
            return self
        raise NotImplementedError("gradviz's sparse tensors stay on their device and dtype: "
                                  "call .to_dense() first")

    def __repr__(self) -> str:
        return sparse_text(self)


def _check_layout(t: Tensor, sparse_dim, layout_, blocksize, dense_dim) -> None:
    if layout_ not in (None, sparse_coo) or blocksize is not None:
        raise NotImplementedError(f"to_sparse: gradviz has the COO layout only, not {layout_}")
    if (sparse_dim not in (None, t.dim())) or dense_dim not in (None, 0):
        raise NotImplementedError("to_sparse: gradviz has no hybrid sparse tensors (sparse_dim "
                                  "must be the tensor's number of dimensions)")


def _built(dense: Tensor, indices: np.ndarray, values: Tensor, coalesced: bool,
           requires_grad: bool = False) -> SparseCooTensor:
    """The sparse tensor of `indices` and `values` whose data (and graph) is `dense`'s."""
    out = SparseCooTensor.__new__(SparseCooTensor)
    out._setup(dense._data, dense.requires_grad or requires_grad, None)
    out._op, out._parents, out._params = dense._op, dense._parents, dense._params
    out._coo_indices = Tensor._wrap(indices.astype(np.int64))
    out._coo_values = values
    out._coalesced = coalesced
    return out


def to_sparse(self: Tensor, sparse_dim=None, *, layout=None, blocksize=None,
              dense_dim=None) -> SparseCooTensor:
    """``t.to_sparse()``: the nonzero entries, in row-major order (coalesced)."""
    _check_layout(self, sparse_dim, layout, blocksize, dense_dim)
    indices = np.stack(np.nonzero(to_numpy(self._data))).astype(np.int64).reshape(self.dim(), -1)
    values = self[tuple(indices)]
    return _built(apply("clone", self), indices, values, coalesced=True)


def sparse_coo_tensor(indices, values, size=None, *, dtype=None, device=None, pin_memory=False,
                      requires_grad: bool = False, check_invariants=None,
                      is_coalesced=None) -> SparseCooTensor:
    """``torch.sparse_coo_tensor``: the values at the indices' columns; repeated indices add."""
    index = np.asarray(to_numpy(indices._data) if isinstance(indices, Tensor) else indices)
    values = values if isinstance(values, Tensor) else tensor(values)
    if dtype is not None and values.dtype is not dtype:
        values = values.to(dtype)
    if index.ndim != 2:
        raise RuntimeError(f"indices must be sparse_dim x nnz, but got: {list(index.shape)}")
    if values.dim() != 1:
        raise NotImplementedError("sparse_coo_tensor: gradviz has no hybrid sparse tensors "
                                  "(values must be one-dimensional)")
    if index.shape[1] != values.shape[0]:
        raise RuntimeError(f"indices and values must have same nnz, but got nnz from indices: "
                           f"{index.shape[1]}, nnz from values: {values.shape[0]}")
    index = index.astype(np.int64)
    if size is None:
        size = tuple(int(m) + 1 for m in index.max(axis=1)) if index.shape[1] else (0,) * len(
            index)
    size = tuple(int(s) for s in size)
    for d, (n, row) in enumerate(zip(size, index, strict=True)):
        if row.size and (row.max() >= n or row.min() < 0):
            raise RuntimeError(f"size is inconsistent with indices: for dim {d}, size is {n} "
                               f"but found index {int(row.max() if row.max() >= n else row.min())}")
    linear = np.ravel_multi_index(tuple(index), size)
    unique, inverse = np.unique(linear, return_inverse=True)
    target = tuple(index)
    summed = values
    if len(unique) < len(linear):  # repeated indices: their values add up in the dense data
        summed = zeros(len(unique), dtype=values.dtype).scatter_add(
            0, Tensor._wrap(inverse.astype(np.int64)), values)
        target = np.unravel_index(unique, size)
    dense = apply("index_put", zeros(size, dtype=values.dtype), summed, index=target)
    if requires_grad:
        dense = dense.detach()
    return _built(dense, index, values, bool(is_coalesced), requires_grad)


def spmm(input: Tensor, mat2: Tensor) -> Tensor:  # noqa: A002
    """``torch.spmm`` / ``torch.sparse.mm``: a sparse matrix times a dense one, a dense result."""
    from gradviz.engine.tensor_functions import mm

    return mm(input, mat2)


def sparse_text(t: SparseCooTensor) -> str:
    """PyTorch's repr of a COO tensor: indices and values, then its suffixes on a new line."""
    indent = " " * len("tensor(")
    parts = []
    for name, part in (("indices", t._coo_indices), ("values", t._coo_values)):
        # PyTorch names an empty part's size; tensor_text already does for all but (0,)
        empty = ["size=(0,)"] if tuple(part.shape) == (0,) else []
        body = tensor_text(to_numpy(part._data), empty, prefix=f"{indent}{name}=tensor(")
        parts.append(body[len(indent):])
    suffixes = [f"size={tuple(t.shape)}", f"nnz={t._nnz()}"]
    if t.dtype not in (dt.DEFAULT_FLOAT, dt.int64, dt.bool_):
        suffixes.append(f"dtype={t.dtype!r}")
    suffixes.append("layout=torch.sparse_coo".replace("torch.", "gradviz."))
    if t.grad_fn is not None and t._op is not None:
        suffixes.append(f"grad_fn=<{type(t.grad_fn).__name__}>")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    text = "tensor(" + parts[0] + ",\n" + indent + parts[1]
    last = None
    for suffix in suffixes:
        width = len(suffix.replace("gradviz.", "torch."))
        if last is None or last + width + 2 > printing.LINEWIDTH:
            text += ",\n" + indent + suffix
            last = len(indent) + width
        else:
            text += ", " + suffix
            last += width + 2
    return text + ")"

"""`Tensor`'s products, triangles and diagonals: dot, outer, mm, bmm, addmm, tril, triu, diag,
trace, with PyTorch's checks and errors; det, matrix_exp and dist, as `engine.linalg`'s.

A mixin that `Tensor` inherits.  Each is a composite: products are matmul (or a broadcast
multiply, for ``outer``), triangles a `where` with a fixed mask, diagonals indexing.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

import numpy as np

from gradviz.engine.autograd import apply
from gradviz.engine.backend import array_module
from gradviz.engine.printing import named_node
from gradviz.engine.tensor_shape import torch_type_name, wrap

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor



def check_batches(batch1: Tensor, batch2: Tensor) -> None:
    """PyTorch's checks of a batched product's operands (``bmm``, ``baddbmm``)."""
    for name, t in (("batch1", batch1), ("batch2", batch2)):
        if t.dim() != 3:
            raise RuntimeError(f"{name} must be a 3D tensor")
    want = [batch1.shape[0], batch1.shape[2]]
    if list(batch2.shape[:2]) != want:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"{want} but got: {list(batch2.shape[:2])}.")

class LinalgMethods:
    __slots__ = ()

    def dot(self, other: Tensor) -> Tensor:
        if self.dim() != 1 or other.dim() != 1:
            raise RuntimeError(f"1D tensors expected, but got {self.dim()}D and {other.dim()}D "
                               "tensors")
        n, m = self.numel(), other.numel()
        if n != m:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to "
                               f"have the same number of elements, but got {n} and {m} elements "
                               "respectively")
        return self.matmul(other)

    inner = dot

    def outer(self, vec2: Tensor) -> Tensor:
        for name, t in (("self", self), ("vec2", vec2)):
            if t.dim() != 1:
                raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {t.dim()}-D")
        return self.unsqueeze(1) * vec2.unsqueeze(0)

    ger = outer

    def mm(self, mat2: Tensor) -> Tensor:
        from gradviz.engine.tensor_functions import mm

        return mm(self, mat2)

    def bmm(self, mat2: Tensor) -> Tensor:
        check_batches(self, mat2)
        from gradviz.engine.tensor import matmul

        return matmul(self, mat2, op="bmm")

    def addmm(self, mat1: Tensor, mat2: Tensor, *, beta=1, alpha=1) -> Tensor:
        """beta·self + alpha·(mat1 @ mat2)."""
        if self._data.dtype != mat2._data.dtype:
            raise RuntimeError(f"self and mat2 must have the same dtype, but got "
                               f"{torch_type_name(self.dtype)} and {torch_type_name(mat2.dtype)}")
        if mat1._data.dtype != mat2._data.dtype and mat1.dim() == mat2.dim() == 2:
            raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                               f"{torch_type_name(mat1.dtype)} and {torch_type_name(mat2.dtype)}")
        product = mat1.mm(mat2)
        if alpha != 1:
            product = product * alpha
        if beta == 0:
            return product
        return (self if beta == 1 else self * beta) + product

    def tril(self, diagonal: builtins.int = 0) -> Tensor:
        return self._triangle(np.tril, diagonal, "tril")

    def triu(self, diagonal: builtins.int = 0) -> Tensor:
        return self._triangle(np.triu, diagonal, "triu")

    def _triangle(self, keep, diagonal: builtins.int, name: str) -> Tensor:
        if self.dim() < 2:
            raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
        xp = array_module(self._data)
        mask = xp.asarray(keep(np.ones(self.shape[-2:], dtype=bool), diagonal))
        kept = apply("where", wrap(mask), self, self._coerce(0))
        return named_node(kept, f"{name.title()}Backward0", self)

    def diag(self, diagonal: builtins.int = 0) -> Tensor:
        """A vector → the square matrix with it on a diagonal; a matrix → that diagonal."""
        xp = array_module(self._data)
        if self.dim() == 2:
            rows = np.arange(builtins.max(self.shape[0], self.shape[1]))
            rows = rows[(rows + diagonal >= 0) & (rows + diagonal < self.shape[1])]
            rows = rows[rows < self.shape[0]]
            return self[xp.asarray(rows), xp.asarray(rows + diagonal)]
        if self.dim() != 1:
            raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {self.dim()}D")
        if diagonal == 0:  # the vector times the identity: each entry lands on the diagonal
            return self * wrap(xp.eye(self.shape[0], dtype=self._data.dtype))
        # Read each entry of the matrix from the vector padded with one 0 (its last entry).
        n, k = self.shape[0] + builtins.abs(diagonal), self.shape[0]
        where = np.full((n, n), k)
        rows = np.arange(k) + builtins.max(-diagonal, 0)
        where[rows, rows + diagonal] = np.arange(k)
        from gradviz.engine.tensor_functions import cat

        padded = cat([self, self._coerce(0).reshape(1)])
        return padded[xp.asarray(where)]

    def trace(self) -> Tensor:
        if self.dim() != 2:
            raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {self.dim()}")
        return self.diag().sum()

    def det(self) -> Tensor:
        from gradviz.engine import linalg

        return linalg.det(self)

    def matrix_exp(self) -> Tensor:
        from gradviz.engine import linalg

        return linalg.matrix_exp(self)

    def dist(self, other: Tensor, p=2) -> Tensor:
        from gradviz.engine import linalg

        return linalg.dist(self, other, p)

    # ── factorisations and fused products (`engine.linalg_decompositions`, `products`) ───
    def inverse(self) -> Tensor:
        from gradviz.engine import linalg_decompositions

        return linalg_decompositions.inv(self)

    def pinverse(self, rcond: builtins.float = 1e-15) -> Tensor:
        from gradviz.engine import linalg_decompositions

        return linalg_decompositions.pinverse(self, rcond)

    def cholesky(self, upper: builtins.bool = False) -> Tensor:
        from gradviz.engine import linalg_decompositions

        return linalg_decompositions.torch_cholesky(self, upper)

    def qr(self, some: builtins.bool = True):
        from gradviz.engine import linalg_decompositions

        return linalg_decompositions.torch_qr(self, some)

    def slogdet(self):
        from gradviz.engine import linalg_decompositions

        return linalg_decompositions.torch_slogdet(self)

    def logdet(self) -> Tensor:
        from gradviz.engine import linalg_decompositions

        return linalg_decompositions.logdet(self)

    def vdot(self, other: Tensor) -> Tensor:
        from gradviz.engine import products

        return products.vdot(self, other)

    def baddbmm(self, batch1: Tensor, batch2: Tensor, *, beta=1, alpha=1) -> Tensor:
        from gradviz.engine import products

        return products.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def addmv(self, mat: Tensor, vec: Tensor, *, beta=1, alpha=1) -> Tensor:
        from gradviz.engine import products

        return products.addmv(self, mat, vec, beta=beta, alpha=alpha)

    def addr(self, vec1: Tensor, vec2: Tensor, *, beta=1, alpha=1) -> Tensor:
        from gradviz.engine import products

        return products.addr(self, vec1, vec2, beta=beta, alpha=alpha)

    def baddbmm_(self, batch1: Tensor, batch2: Tensor, *, beta=1, alpha=1) -> Tensor:
        return self._fused_inplace((batch1.shape[0], batch1.shape[1], batch2.shape[-1]),
                                   lambda t: t.baddbmm(batch1, batch2, beta=beta, alpha=alpha))

    def addmv_(self, mat: Tensor, vec: Tensor, *, beta=1, alpha=1) -> Tensor:
        return self._fused_inplace(mat.shape[:1],
                                   lambda t: t.addmv(mat, vec, beta=beta, alpha=alpha))

    def addr_(self, vec1: Tensor, vec2: Tensor, *, beta=1, alpha=1) -> Tensor:
        return self._fused_inplace((*vec1.shape[:1], *vec2.shape[:1]),
                                   lambda t: t.addr(vec1, vec2, beta=beta, alpha=alpha))

    def _fused_inplace(self, shape: tuple, compute) -> Tensor:
        """``t.addmv_(…)``: the result written into t, which must already have its shape."""
        if tuple(shape) != tuple(self.shape):
            compute(self.detach())  # the product's own errors first, as PyTorch's
            raise RuntimeError(f"Bad in-place call: input tensor size {list(self.shape)} and "
                               f"output tensor size {list(shape)} should match")
        return self._inplace_result(compute)

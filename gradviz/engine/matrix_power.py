"""``torch.linalg.matrix_power`` (also ``torch.matrix_power`` and ``Tensor.matrix_power``):
Aⁿ for a square matrix or a batch of them, from existing rows, in PyTorch's order of products.

PyTorch's CPU implementation (``linalg_matrix_power`` in ATen's ``LinearAlgebra.cpp``):

* n = 0: the identity, of A's shape (batched), in the graph as a copy over A (gradient 0);
* n = 1: a clone of A; n = −1: A⁻¹;
* n < −1: the same powers of A⁻¹;
* n = 2: A·A; n = 3: (A·A)·A;
* larger n: its binary digits from the lowest, z = A, A², A⁴, … (each z·z), the result
  multiplied by z on the right at each digit 1 (``result = result @ z``).

The same products in the same order give a single matrix's float32 power bit for bit (numpy's
and PyTorch's matrix products both go to BLAS: the tests check sizes 2 to 10).  A batch of
small matrices PyTorch multiplies with a loop of its own (``bmm``), rounded otherwise: there
the float32 powers agree to round-off, as any batched product does.  A⁻¹ is A solved against
the identity (`linalg.solve`); a singular A is PyTorch's error, naming the first zero pivot of
its LU factorisation as LAPACK reports it.
"""

from __future__ import annotations

import builtins
import operator

import numpy as np

from gradviz.engine import creation
from gradviz.engine.autograd import apply
from gradviz.engine.ops_linalg import LinAlgError
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor, matmul
from gradviz.engine.tensor_shape import torch_type_name, wrap


def matrix_power(A: Tensor, n: int, *, name: str = "matrix_power", position: int = 2,  # noqa: N803
                 out=None) -> Tensor:
    """Aⁿ; `name` and `position` are those of n in PyTorch's TypeError for a non-integer n."""
    if isinstance(n, builtins.bool) or not isinstance(n, builtins.int | np.integer):
        try:
            n = operator.index(n)
        except TypeError:
            raise TypeError(f"{name}(): argument 'n' (position {position}) must be int, not "
                            f"{type(n).__name__}") from None
    n = builtins.int(n)
    if A.dim() < 2:
        raise RuntimeError("linalg.matrix_power: The input tensor A must have at least 2 "
                           "dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError("linalg.matrix_power: A must be batches of square matrices, but they "
                           f"are {A.shape[-2]} by {A.shape[-1]} matrices")
    result = _power(A, n)
    if out is not None:
        out.copy_(result)
        return out
    return result


def _power(A: Tensor, n: int) -> Tensor:  # noqa: N803
    if n == 0:
        eye = creation.eye(A.shape[-1], dtype=A.dtype, device=A.device)
        everywhere = wrap(np.ones((), dtype=bool))
        return named_node(apply("where", everywhere, eye, A), "CopyBackwards")
    if n == 1:
        return A.clone()
    a = _inverse(A) if n < 0 else A
    if n == -1:
        return a
    n = abs(n)
    if n == 2:
        return matmul(a, a)
    if n == 3:
        return matmul(matmul(a, a), a)
    z = result = None
    while n > 0:
        bit, n = n % 2, n // 2
        z = a if z is None else matmul(z, z)
        if bit:
            result = z if result is None else matmul(result, z)
    return result


def _inverse(A: Tensor) -> Tensor:  # noqa: N803
    """A⁻¹ as ``linalg.inv`` gives it (``LinalgInvExBackward0``), with its errors."""
    from gradviz.engine import linalg

    if A._data.dtype.kind not in "fc":
        raise RuntimeError("linalg.inv: Expected a floating point or complex tensor as input. "
                           f"Got {torch_type_name(A.dtype)}")
    eye = creation.eye(A.shape[-1], dtype=A.dtype, device=A.device)
    try:
        inverse = linalg.solve(A, eye.expand(*A.shape))
    except LinAlgError:
        raise LinAlgError(_singular(np.asarray(A.detach().cpu().numpy()))) from None
    return named_node(inverse, "LinalgInvExBackward0")


def _singular(a: np.ndarray) -> str:
    """PyTorch's message for the first singular matrix of a batch: LAPACK's getrf reports the
    first zero pivot of an LU factorisation with partial pivoting (1-based)."""
    batch = a.reshape(-1, *a.shape[-2:])
    for b, matrix in enumerate(batch):
        pivot = _zero_pivot(matrix.astype(np.float64))
        if pivot:
            where = f"(Batch element {b}): " if a.ndim > 2 else ""
            return (f"linalg.inv: {where}The diagonal element {pivot} is zero, the inversion "
                    "could not be completed because the input matrix is singular.")
    return "linalg.inv: The input matrix is singular."


def _zero_pivot(u: np.ndarray) -> int:
    u = u.copy()
    size, first = u.shape[0], 0
    for k in range(size):
        p = k + int(np.argmax(np.abs(u[k:, k])))
        if u[p, k] == 0:
            first = first or k + 1  # getrf goes on, and reports the first
            continue
        u[[k, p]] = u[[p, k]]
        u[k + 1:, k:] -= np.outer(u[k + 1:, k] / u[k, k], u[k, k:])
    return first

"""`torch.cholesky_solve`, `cholesky_inverse`, `triangular_solve`, `frobenius_norm` and the
removed `torch.matrix_rank` (its error, as PyTorch 2 raises it).

Built from existing rows — ``linalg.solve``, ``linalg.inv``, the triangles ``triu``/``tril``,
``linalg.vector_norm`` — so their gradients are those rows': X = (L·Lᵀ)⁻¹B as L⁻ᵀ(L⁻¹B) is
the same function of L, and its derivative is PyTorch's ``CholeskySolveBackward0``; a
triangular solve reads only its triangle (and a unit diagonal where told), so its gradient
lies in that triangle, as PyTorch's.
"""

from __future__ import annotations

from typing import NamedTuple

from gradviz.engine import creation
from gradviz.engine.linalg import solve, vector_norm
from gradviz.engine.linalg_decompositions import _warn_once, inverse
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_shape import return_type_repr

__all__ = ["cholesky_inverse", "cholesky_solve", "frobenius_norm", "matrix_rank",
           "triangular_solve"]

_t = creation.as_tensor


def _at_least_matrices(t: Tensor, message: str) -> None:
    if t.dim() < 2:
        raise RuntimeError(message.format(t.dim()))


def cholesky_solve(B, L, upper: bool = False) -> Tensor:  # noqa: N803 - PyTorch's names
    """X with (L·Lᵀ)·X = B (``upper``: (Uᵀ·U)·X = B), L the Cholesky factor."""
    B, L = _t(B), _t(L)  # noqa: N806
    _at_least_matrices(B, "b should have at least 2 dimensions, but has {} dimensions instead")
    _at_least_matrices(L, "u should have at least 2 dimensions, but has {} dimensions instead")
    lower = L.mT if upper else L
    return named_node(solve(lower.mT, solve(lower, B)), "CholeskySolveBackward0", B, L)


def cholesky_inverse(L, upper: bool = False) -> Tensor:  # noqa: N803
    """(L·Lᵀ)⁻¹ (``upper``: (Uᵀ·U)⁻¹) from the Cholesky factor."""
    L = _t(L)  # noqa: N806
    _at_least_matrices(L, "cholesky_inverse: The input tensor A must have at least 2 "
                          "dimensions.")
    lower = L.mT if upper else L
    inv = inverse(lower)
    return named_node(inv.mT @ inv, "CholeskyInverseBackward0", L)


class TriangularSolve(NamedTuple):
    solution: Tensor
    cloned_coefficient: Tensor

    def __repr__(self) -> str:
        return return_type_repr("triangular_solve", self)


_TRIANGULAR_WARNING = (
    "torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangularand will be "
    "removed in a future PyTorch release.\ntorch.linalg.solve_triangular has its arguments "
    "reversed and does not return a copy of one of the inputs.\nX = torch.triangular_solve(B, "
    "A).solution\nshould be replaced with\nX = torch.linalg.solve_triangular(A, B).")


def triangular_solve(b, A, upper: bool = True, transpose: bool = False,  # noqa: N803
                     unitriangular: bool = False) -> TriangularSolve:
    """X with A·X = b (Aᵀ·X = b with `transpose`), reading only A's upper (or lower)
    triangle, its diagonal taken as ones if `unitriangular`; and a copy of A."""
    _warn_once("triangular_solve", _TRIANGULAR_WARNING)
    b, A = _t(b), _t(A)  # noqa: N806
    for t, label in ((b, "b"), (A, "A")):
        _at_least_matrices(t, f"torch.triangular_solve: Expected {label} to have at least 2 "
                              "dimensions, but it has {} dimensions instead")
    if unitriangular:
        triangle = A.triu(1) if upper else A.tril(-1)
        triangle = triangle + creation.eye(A.shape[-1], dtype=A.dtype)
    else:
        triangle = A.triu() if upper else A.tril()
    solution = solve(triangle.mT if transpose else triangle, b)
    name = "TriangularSolveBackward0"
    batch = tuple(solution.shape[:-2])  # the copy of A is broadcast to the batch, as PyTorch's
    copy = (A.expand(*batch, *A.shape[-2:]) if tuple(A.shape[:-2]) != batch else A).clone()
    return TriangularSolve(named_node(solution, name, b, A), named_node(copy, name, A))


_FROBENIUS_WARNING = (
    "at::frobenius_norm is deprecated and it is just left for JIT compatibility. It will be "
    "removed in a future PyTorch release. Please use `linalg.vector_norm(A, 2., dim, "
    "keepdim)` instead")


def frobenius_norm(input, dim, keepdim: bool = False) -> Tensor:  # noqa: A002
    """√Σ x² over `dim` (deprecated at PyTorch, with its warning once)."""
    _warn_once("frobenius_norm", _FROBENIUS_WARNING)
    x = _t(input)
    return named_node(vector_norm(x, 2, dim, keepdim), "NormBackward1", x)


def matrix_rank(input, tol=None, symmetric: bool = False, *, out=None):  # noqa: A002
    """Removed from PyTorch (1.9): its error."""
    raise RuntimeError("This function was deprecated since version 1.9 and is now removed.\n"
                       "Please use the `torch.linalg.matrix_rank` function instead. The "
                       "parameter 'symmetric' was renamed in `torch.linalg.matrix_rank()` to "
                       "'hermitian'.")

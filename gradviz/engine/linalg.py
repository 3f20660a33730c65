"""`gradviz.linalg`: PyTorch's ``torch.linalg`` norms, ``norm``, ``vector_norm`` and
``matrix_norm``, with its rules for which norm a call means and its errors; the cross product
(`cross`, a registry row) and the singular value decomposition (`svd`, `svdvals`); `solve`,
`det`, `eigvalsh`, `matrix_exp` and `lstsq` (rows of `engine.ops_linalg`, with gradients);
the factorisations `inv`, `cholesky`, `qr`, `eigh`, `pinv`, `matrix_rank` and `slogdet`
(`engine.linalg_decompositions`) and the products `multi_dot` and `vecdot`
(`engine.products`).

Each is built from the Tensor methods (the 2-norm and Frobenius norm are the registry's
``norm`` op), so gradients are the engine's.  The norms that need singular values ('nuc', 2,
−2 of a matrix) are not available.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from gradviz.engine import creation, products
from gradviz.engine import dtypes as dt
from gradviz.engine import linalg_decompositions as decompositions
from gradviz.engine import scalar_forms as sf
from gradviz.engine.autograd import apply, is_grad_enabled
from gradviz.engine.linalg_decompositions import (  # noqa: F401 - torch.linalg's names
    cholesky,
    eigh,
    inv,
    matrix_rank,
    pinv,
    qr,
    slogdet,
)
from gradviz.engine.ops import defop
from gradviz.engine.ops_linalg import LinAlgError
from gradviz.engine.products import multi_dot, vecdot  # noqa: F401 - torch.linalg's names
from gradviz.engine.tensor import Tensor, matmul
from gradviz.engine.tensor_shape import return_type_repr, torch_type_name, wrap_dim

__all__ = ["LinAlgError", "cross", "det", "eigvalsh", "lstsq", "matmul", "matrix_exp",
           "matrix_norm", "norm", "solve", "svd", "svdvals", "vector_norm",
           *decompositions.__all__, *products.__all__]


_t = creation.as_tensor  # a Tensor as it is, anything else (a number, a list) as a new one


def vector_norm(x, ord=2, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A002
    """(Σ |z|^ord)^(1/ord) over `dim` (every element if None, whatever the shape)."""
    if isinstance(ord, str):
        raise TypeError("linalg_vector_norm(): argument 'ord' (position 2) must be Number, not "
                        "str")
    x = _t(x)
    if dtype is not None:
        target = dt.to_dtype(dtype)
        if x.dtype.is_floating_point and target.np.itemsize < x._data.dtype.itemsize:
            raise RuntimeError(
                f"linalg.vector_norm: the dtype of the input ({torch_type_name(x.dtype)}) should "
                f"be convertible without narrowing to the specified dtype "
                f"({torch_type_name(target)})")
    return x.norm(ord, dim, keepdim, dtype)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A002, N803
    """The norm of each matrix in the two dims `dim`: 'fro' (√Σ z²), 1 or −1 (the largest or
    smallest column sum of |z|), inf or −inf (the largest or smallest row sum)."""
    A = _t(A)  # noqa: N806 - PyTorch's name
    if A.dim() < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 "
                           "dimensions.")
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    if len(dims) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got "
                           f"{' '.join(str(d) for d in dims)}")
    rows, cols = (wrap_dim(d, A.dim()) for d in dims)
    if rows == cols:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dims[0]}, "
                           f"{dims[1]})")
    x = A if dtype is None else A.to(dtype)
    if ord == "fro":
        return x.norm(dim=(rows, cols), keepdim=keepdim)
    if ord in ("nuc", 2, -2):
        raise NotImplementedError(f"linalg.matrix_norm(ord={ord!r}) needs singular values, which "
                                  "gradviz does not compute")
    if ord in (1, -1):  # a sum down each column, then the extreme column
        summed, across = x.abs().sum(rows, keepdim=True), cols
    elif ord in (math.inf, -math.inf):  # a sum along each row, then the extreme row
        summed, across = x.abs().sum(cols, keepdim=True), rows
    else:
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    out = summed.amax(across, keepdim=True) if ord > 0 else summed.amin(across, keepdim=True)
    if keepdim:
        return out
    return out.reshape([n for d, n in enumerate(out.shape) if d not in (rows, cols)])


def norm(A, ord=None, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A002, N803
    """A vector norm or a matrix norm, as PyTorch chooses: by `dim` (one dim or two), else by
    `ord` and the input's dims; with neither, the 2-norm of every element."""
    A = _t(A)  # noqa: N806
    if dim is not None:
        dims = (dim,) if isinstance(dim, int) else tuple(dim)
        if len(dims) == 1:
            return vector_norm(A, 2 if ord is None else ord, dims[0], keepdim, dtype=dtype)
        if len(dims) == 2:
            return matrix_norm(A, "fro" if ord is None else ord, dims, keepdim, dtype=dtype)
        raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got "
                           f"{list(dims)}")
    if ord is None:
        return vector_norm(A, 2, None, keepdim, dtype=dtype)
    if A.dim() == 2 or isinstance(ord, str):
        return matrix_norm(A, ord, (-2, -1), keepdim, dtype=dtype)
    if A.dim() == 1:
        return vector_norm(A, ord, None, keepdim, dtype=dtype)
    raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or "
                       f"2D. Got {A.dim()}D.")


# ── the cross product: a × b along one axis of size 3 ─────────────────────────────────────
# Its VJPs are cross products too: ∂⟨G, a × b⟩/∂a = b × G and ∂/∂b = G × a.
defop("cross", "×", lambda xp, a, b, dim=-1: xp.cross(a, b, axis=dim),
      lambda xp, g, out, a, b, dim=-1: xp.cross(xp.broadcast_to(b, out.shape), g, axis=dim),
      lambda xp, g, out, a, b, dim=-1: xp.cross(g, xp.broadcast_to(a, out.shape), axis=dim),
      formula="a × b", derivatives=("∂/∂a: b × G", "∂/∂b: G × a"), broadcasts=True,
      infix="×", scalar=sf.FORWARD, nodes=sf.per_result(6), dim=-1)


def cross(input, other, dim: int | None = -1, *, out=None) -> Tensor:  # noqa: A002
    """``torch.linalg.cross``: a × b along `dim` (of size 3), broadcasting the other dims."""
    a, b = _t(input), _t(other)
    if dim is None:  # torch.cross's old default: the first dimension of size 3
        sizes = [i for i, n in enumerate(a.shape) if n == 3]
        if not sizes:
            raise RuntimeError(f"no dimension of size 3 in input: shape {list(a.shape)}")
        dim = sizes[0]
    if a.dim() != b.dim():
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    ndim = a.dim()
    dim = wrap_dim(dim, ndim)
    if a.shape[dim - ndim + a.dim()] != 3 or b.shape[dim - ndim + b.dim()] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got "
                           f"{a.shape[dim - ndim + a.dim()]} and {b.shape[dim - ndim + b.dim()]}")
    return apply("cross", a, b, dim=dim - ndim)


def torch_cross(input, other, dim: int | None = None, *, out=None) -> Tensor:  # noqa: A002
    """``torch.cross``: `cross`, whose `dim` defaults to the first of size 3."""
    return cross(input, other, dim)



class SVD(NamedTuple):
    U: Tensor
    S: Tensor
    Vh: Tensor

    def __repr__(self) -> str:
        return return_type_repr("linalg_svd", self)


def _no_gradient(name: str, A: Tensor) -> None:  # noqa: N803
    if A.requires_grad and is_grad_enabled():
        raise RuntimeError(f"linalg.{name}: gradviz computes singular values without gradients; "
                           "call it on A.detach() or inside torch.no_grad()")


def svd(A, full_matrices: bool = True, *, driver=None, out=None) -> SVD:  # noqa: N803
    """``torch.linalg.svd``: A = U·diag(S)·Vh (no gradients)."""
    A = _t(A)  # noqa: N806
    _no_gradient("svd", A)
    u, s, vh = np.linalg.svd(A.detach().cpu().numpy(), full_matrices=full_matrices)
    return SVD(Tensor._wrap(u), Tensor._wrap(s), Tensor._wrap(vh))


def svdvals(A, *, driver=None, out=None) -> Tensor:  # noqa: N803
    """``torch.linalg.svdvals``: the singular values, largest first (no gradients)."""
    A = _t(A)  # noqa: N806
    _no_gradient("svdvals", A)
    return Tensor._wrap(np.linalg.svd(A.detach().cpu().numpy(), compute_uv=False))


class OldSVD(NamedTuple):
    U: Tensor
    S: Tensor
    V: Tensor

    def __repr__(self) -> str:
        return return_type_repr("svd", self)


def torch_svd(input, some: bool = True, compute_uv: bool = True, *, out=None) -> OldSVD:  # noqa: A002
    """``torch.svd``, the older spelling: A = U·diag(S)·Vᵀ, V itself (not Vᴴ)."""
    u, s, vh = svd(input, full_matrices=not some)
    return OldSVD(u, s, vh.mT if hasattr(vh, "mT") else vh.transpose(-2, -1))


# ── solving, determinants, eigenvalues, the exponential, least squares ─────────────────────
def _square(name: str, A: Tensor) -> None:  # noqa: N803
    if A.dim() < 2:
        raise RuntimeError(f"linalg.{name}: The input tensor A must have at least 2 dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.{name}: A must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")


def _vector_rhs(A: Tensor, B: Tensor) -> bool:  # noqa: N803
    """PyTorch's rule: B is a batch of vectors when 1-D or A's shape without its last dim."""
    return B.dim() == 1 or (B.dim() == A.dim() - 1 and B.shape == A.shape[:-1])


def solve(A, B, *, left: bool = True, out=None) -> Tensor:  # noqa: N803
    """X with A·X = B (``left=False``: X·A = B), for batches of square A; B a batch of
    vectors (one dim fewer than A) or of matrices."""
    A, B = _t(A), _t(B)  # noqa: N806
    _square("solve", A)
    if not left:
        return solve(A.mT, B.mT).mT
    vector = _vector_rhs(A, B)
    X = apply("solve", A, B.unsqueeze(-1) if vector else B)  # noqa: N806
    return X.squeeze(-1) if vector else X


def det(A, *, out=None) -> Tensor:  # noqa: N803
    """The determinant of each square matrix (``torch.det`` and ``torch.linalg.det``)."""
    A = _t(A)  # noqa: N806
    _square("det", A)
    return apply("det", A)


def eigvalsh(A, UPLO: str = "L", *, out=None) -> Tensor:  # noqa: N803
    """The eigenvalues, ascending, of each symmetric matrix, read from its `UPLO` triangle."""
    A = _t(A)  # noqa: N806
    _square("eigh", A)
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    return apply("eigvalsh", A, UPLO=UPLO)


def matrix_exp(A) -> Tensor:  # noqa: N803
    """e^A = Σ Aᵏ/k! of each square matrix (``torch.matrix_exp``)."""
    A = _t(A)  # noqa: N806
    _square("matrix_exp", A)
    return apply("matrix_exp", A)


class LstsqResult(NamedTuple):
    solution: Tensor
    residuals: Tensor
    rank: Tensor
    singular_values: Tensor

    def __repr__(self) -> str:
        return return_type_repr("linalg_lstsq", self)


_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def lstsq(A, B, rcond=None, *, driver=None) -> LstsqResult:  # noqa: N803
    """The least-squares solution X of A·X ≈ B (minimum-norm where A is rank-deficient),
    with PyTorch's other fields for `driver` (on the CPU 'gelsy' by default): the squared
    residuals where A is tall and of full rank (not for 'gelsy'), the rank (not for 'gels')
    and the singular values ('gelsd', 'gelss').  Gradients flow through the solution, as
    PyTorch's, by the pseudo-inverse's derivative; the solution is A⁺B computed from the SVD,
    so it agrees with LAPACK's drivers to round-off (where A is rank-deficient, 'gels', which
    assumes full rank, returns noise in PyTorch and the minimum-norm solution here)."""
    A, B = _t(A), _t(B)  # noqa: N806
    driver = "gelsy" if driver is None else driver
    if driver not in _DRIVERS:
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of "
                           "(gels, gelsy, gelsd, gelss)")
    if A.dim() < 2:
        raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
    if A.dtype is not B.dtype:
        raise RuntimeError(f"torch.linalg.lstsq: Expected input and other to have the same "
                           f"dtype, but got input's dtype {torch_type_name(A.dtype)} and "
                           f"other's dtype {torch_type_name(B.dtype)}")
    vector = _vector_rhs(A, B)
    if (B.shape[-1] if vector else B.shape[-2]) != A.shape[-2]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    X = apply("lstsq", A, B.unsqueeze(-1) if vector else B)  # noqa: N806
    m, n = A.shape[-2:]
    a = A.detach().cpu().numpy()
    s = np.linalg.svd(a, compute_uv=False)
    cutoff = (np.finfo(a.dtype).eps * max(m, n) if rcond is None else rcond) * s[..., :1]
    rank = (s > cutoff).sum(-1)
    empty = creation.empty(0, dtype=A.dtype)
    residuals = empty
    if driver != "gelsy" and m > n and bool((rank == n).all()):
        columns = B.detach().unsqueeze(-1) if vector else B.detach()
        residuals = (columns - matmul(A.detach(), X.detach())).pow(2).sum(-2)
    return LstsqResult(X.squeeze(-1) if vector else X, residuals,
                       creation.empty(0, dtype=dt.int64) if driver == "gels"
                       else Tensor._wrap(np.asarray(rank, dtype=np.int64)),
                       Tensor._wrap(s) if driver in ("gelsd", "gelss") else empty)


def dist(input, other, p=2) -> Tensor:  # noqa: A002
    """``torch.dist``: the p-norm of input − other (broadcast), every element.  The 2-norm
    is one ``dist`` node, as PyTorch's ``DistBackward0``; other p are the difference's
    `Tensor.norm` (the same numbers and gradients, their nodes named by their ops)."""
    a, b = _t(input), _t(other)
    if p == 2:
        return apply("dist", a, b)
    return (a - b).norm(p)


# ``torch.linalg.matrix_power``: Aⁿ in PyTorch's order of products (`engine.matrix_power`).
from gradviz.engine.more_functions import linalg_matrix_power as matrix_power  # noqa: E402

__all__ += ["matrix_power"]

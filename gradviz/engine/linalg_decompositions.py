"""`torch.linalg`'s factorisations: `inv`, `cholesky`, `qr`, `eigh`, `pinv`, `matrix_rank`,
`slogdet`, with PyTorch's result tuples, checks and errors; and the older top-level spellings
``torch.inverse``, ``torch.cholesky``, ``torch.qr``, ``torch.pinverse``, ``torch.slogdet`` and
``torch.logdet``.  Each differentiable result is one row of `engine.ops_decompositions`.

``linalg.eig`` is not here: its eigenvalues and eigenvectors are complex, and gradviz holds no
complex dtype.
"""

from __future__ import annotations

import math
import warnings
from typing import NamedTuple

import numpy as np

from gradviz.engine import (
    creation,
    ops_decompositions,  # noqa: F401 - registers the rows
)
from gradviz.engine.autograd import apply
from gradviz.engine.keywords import take_torch_keywords
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_shape import return_type_repr, torch_type_name

_t = creation.as_tensor



def _matrices(name: str, A: Tensor, square: bool = True, float_name: str | None = None) -> None:  # noqa: N803
    """PyTorch's checks: at least 2 dims, square (where asked), a floating-point dtype."""
    if A.dim() < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if square and A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")
    if A._data.dtype.kind != "f":
        raise RuntimeError(f"{float_name or name}: Expected a floating point or complex tensor "
                           f"as input. Got {torch_type_name(A.dtype)}")


# ── the inverse ──────────────────────────────────────────────────────────────────────────
def inv(A) -> Tensor:  # noqa: N803
    """A⁻¹ of each square matrix; a singular one raises `LinAlgError` naming LU's zero pivot."""
    A = _t(A)  # noqa: N806
    _matrices("linalg.inv", A)
    return apply("linalg_inv_ex", A)


def inverse(input) -> Tensor:  # noqa: A002
    """``torch.inverse``: `linalg.inv`."""
    return inv(input)


# ── Cholesky ─────────────────────────────────────────────────────────────────────────────
def cholesky(A, *, upper: bool = False) -> Tensor:  # noqa: N803
    """L with A = L Lᵀ, lower triangular (``upper=True``: U = Lᵀ), from one triangle of A."""
    A = _t(A)  # noqa: N806
    _matrices("linalg.cholesky", A)
    return apply("linalg_cholesky_ex", A, upper=bool(upper))


_CHOLESKY_WARNING = (
    "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a "
    "future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\n"
    "L = torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\n"
    "should be replaced with\nU = torch.linalg.cholesky(A).mH\nThis transform will produce "
    "equivalent results for all valid (symmetric positive definite) inputs.")
_warned: set[str] = set()


def _warn_once(key: str, message: str) -> None:
    """PyTorch's TORCH_WARN_ONCE: the first call of the process warns."""
    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, UserWarning, stacklevel=4)  # the caller of the wrapped function


def torch_cholesky(input, upper: bool = False) -> Tensor:  # noqa: A002
    """``torch.cholesky``, deprecated (its warning, once): the same factor, node
    ``CholeskyBackward0``."""
    _warn_once("cholesky", _CHOLESKY_WARNING)
    A = _t(input)  # noqa: N806
    _matrices("linalg.cholesky", A)
    return apply("cholesky", A, upper=bool(upper))


# ── QR ───────────────────────────────────────────────────────────────────────────────────
class QR(NamedTuple):
    Q: Tensor
    R: Tensor

    def __repr__(self) -> str:
        return return_type_repr("linalg_qr", self)


class OldQR(NamedTuple):
    Q: Tensor
    R: Tensor

    def __repr__(self) -> str:
        return return_type_repr("qr", self)


_MODES = ("reduced", "complete", "r")


def qr(A, mode: str = "reduced") -> QR:  # noqa: N803
    """A = Q R, Q with orthonormal columns and R upper triangular (Householder's, as LAPACK):
    'reduced' (k = min(m, n) columns of Q), 'complete' (m of them) or 'r' (R alone, Q empty)."""
    A = _t(A)  # noqa: N806
    if mode not in _MODES:
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of "
                           "'reduced' (default), 'r', or 'complete'")
    _matrices("linalg.qr", A, square=False)
    r = apply("qr_r", A, mode=mode)
    q = creation.empty(0, dtype=A.dtype) if mode == "r" else apply("qr_q", A, mode=mode)
    return QR(q, r)


_QR_WARNING = (
    "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future "
    "PyTorch release.\nThe boolean parameter 'some' has been replaced with a string parameter "
    "'mode'.\nQ, R = torch.qr(A, some)\nshould be replaced with\n"
    "Q, R = torch.linalg.qr(A, 'reduced' if some else 'complete')")


def torch_qr(input, some: bool = True) -> OldQR:  # noqa: A002
    """``torch.qr``, deprecated (its warning, once): `linalg.qr` with 'reduced' for `some`."""
    _warn_once("qr", _QR_WARNING)
    return OldQR(*qr(input, "reduced" if some else "complete"))


# ── the symmetric eigendecomposition ─────────────────────────────────────────────────────
class Eigh(NamedTuple):
    eigenvalues: Tensor
    eigenvectors: Tensor

    def __repr__(self) -> str:
        return return_type_repr("linalg_eigh", self)


def eigh(A, UPLO: str = "L") -> Eigh:  # noqa: N803
    """A = V diag(λ) Vᵀ of each symmetric matrix, read from its `UPLO` triangle: the eigenvalues
    ascending and the eigenvectors as columns (LAPACK's signs, as PyTorch's)."""
    A = _t(A)  # noqa: N806
    if A.dim() < 2:
        raise RuntimeError("linalg.eigh: The input tensor A must have at least 2 dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.eigh: A must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    if A._data.dtype.kind != "f":
        raise NotImplementedError(f'"linalg_eigh_cpu" not implemented for '
                                  f"'{torch_type_name(A.dtype)}'")
    return Eigh(apply("eigvalsh", A, UPLO=UPLO), apply("linalg_eigh", A, UPLO=UPLO))


# ── the pseudo-inverse and the rank ──────────────────────────────────────────────────────
def _number(value):
    return None if value is None else float(value.item() if hasattr(value, "item") else value)


def _tolerances(A: Tensor, atol, rtol) -> tuple[float, float]:  # noqa: N803
    """PyTorch's cutoff: rtol ε·max(m, n) unless given, or 0 when only a positive atol is."""
    atol, rtol = _number(atol), _number(rtol)
    if rtol is None:
        rtol = 0.0 if atol is not None and atol > 0 else \
            float(np.finfo(A._data.dtype).eps * max(A.shape[-2:]))
    return (0.0 if atol is None else atol), rtol


def pinv(A, rcond=None, hermitian: bool = False, *, atol=None, rtol=None) -> Tensor:  # noqa: N803
    """A⁺, the Moore–Penrose pseudo-inverse, from the SVD (the eigendecomposition of a
    `hermitian` A): singular values ≤ max(atol, rtol·σ₁) count as 0.  `rcond` is the older
    name of rtol."""
    A = _t(A)  # noqa: N806
    if A.dim() < 2 or A._data.dtype.kind != "f":
        raise RuntimeError(f"linalg.pinv({torch_type_name(A.dtype)}{{{list(A.shape)}}}): "
                           "expected a tensor with 2 or more dimensions of float, double, cfloat "
                           "or cdouble types")
    if rcond is not None:
        atol, rtol = 0.0, rcond
    atol, rtol = _tolerances(A, atol, rtol)
    rcond = rtol
    if atol > 0:  # an absolute cut, as numpy's relative one per matrix
        largest = np.linalg.svd(A.detach().cpu().numpy(), compute_uv=False)[..., 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            rcond = np.maximum(np.where(largest > 0, atol / largest, np.inf), rtol)
    return apply("linalg_pinv", A, rcond=rcond, hermitian=bool(hermitian))


def pinverse(input, rcond: float = 1e-15) -> Tensor:  # noqa: A002
    """``torch.pinverse``: `linalg.pinv` with the relative cutoff `rcond`."""
    return pinv(input, rcond=rcond)


def matrix_rank(A, tol=None, hermitian: bool = False, *, atol=None, rtol=None) -> Tensor:  # noqa: N803
    """The number of singular values (eigenvalue magnitudes, for a `hermitian` A) above
    max(atol, rtol·σ₁), as int64; `tol` is the older name of atol (with rtol 0)."""
    A = _t(A)  # noqa: N806
    if A.dim() < 2:
        raise RuntimeError("torch.linalg.matrix_rank: The input tensor input must have at least "
                           "2 dimensions.")
    if A._data.dtype.kind != "f":
        raise RuntimeError("This function doesn't handle types other than float and double")
    if tol is not None:
        atol, rtol = tol, 0.0
    atol, rtol = _tolerances(A, atol, rtol)
    a = A.detach().cpu().numpy()
    s = np.abs(np.linalg.eigvalsh(a)) if hermitian else np.linalg.svd(a, compute_uv=False)
    top = s.max(axis=-1, keepdims=True) if s.shape[-1] else np.zeros((*s.shape[:-1], 1))
    rank = (s > np.maximum(atol, rtol * top)).sum(-1)
    return Tensor._wrap(np.asarray(rank, dtype=np.int64))


# ── log-determinants ─────────────────────────────────────────────────────────────────────
class Slogdet(NamedTuple):
    sign: Tensor
    logabsdet: Tensor

    def __repr__(self) -> str:
        return return_type_repr("linalg_slogdet", self)


class OldSlogdet(NamedTuple):
    sign: Tensor
    logabsdet: Tensor

    def __repr__(self) -> str:
        return return_type_repr("slogdet", self)


def slogdet(A) -> Slogdet:  # noqa: N803
    """(sign det A, ln|det A|) of each square matrix: the sign 0 and −inf for a singular one."""
    A = _t(A)  # noqa: N806
    _matrices("linalg.slogdet", A)
    return Slogdet(apply("slogdet_sign", A), apply("slogdet", A))


def torch_slogdet(input) -> OldSlogdet:  # noqa: A002
    """``torch.slogdet``: `linalg.slogdet`, its tuple named ``slogdet``."""
    return OldSlogdet(*slogdet(input))


def logdet(input) -> Tensor:  # noqa: A002
    """ln det A: ln|det A| where det A ≥ 0 and nan where it is negative (a ``where`` over
    slogdet, as PyTorch computes it)."""
    A = _t(input)  # noqa: N806
    _matrices("logdet", A)
    sign, logabsdet = slogdet(A)
    negative = Tensor._wrap(sign._data == -1)
    return apply("where", negative, creation.full((), math.nan, dtype=logabsdet.dtype),
                 logabsdet)


# ``out=`` (a tensor, or a tuple of them for a tuple result), ``input=``: `engine.keywords`.
take_torch_keywords(globals())

__all__ = ["cholesky", "eigh", "inv", "matrix_rank", "pinv", "qr", "slogdet"]

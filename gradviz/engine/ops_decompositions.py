"""The registry rows of the matrix factorisations: the inverse, Cholesky, QR, the symmetric
eigendecomposition's eigenvectors, the pseudo-inverse and log|det|, each on a batch (*, m, n).

Their VJPs are PyTorch's formulas (G the upstream gradient):

* B = A⁻¹:              Ḡ_A = −Bᵀ G Bᵀ;
* A = L Lᵀ (Cholesky):  Ḡ_A = L⁻ᵀ Φ L⁻¹, Φ = ½(P + tril(P, −1)ᵀ), P = tril(Lᵀ G) (Murray 2016);
                        the upper factor U = Lᵀ is the same with G and L transposed;
* A = Q R:              M = G_R Rᵀ − Qᵀ G_Q; for m ≥ n, Ḡ_A = (Q·sym(M) + G_Q) R⁻ᵀ (sym: the
                        upper triangle mirrored, its diagonal halved); for m < n the square part
                        X of A = [X | Y] gets Q·tril(Mᵀ − M) R₁⁻ᵀ, and both parts Q G_R;
                        Q and R are two rows, whose gradients add up to the one of PyTorch's
                        node (each is the formula with the other's G zero: it is linear in both);
* A = V diag(λ) Vᵀ:     Ḡ_A = V ((Vᵀ G_V)ₛₖₑw / (λⱼ − λᵢ)) Vᵀ for the eigenvectors (the
                        eigenvalues are ``eigvalsh``'s row), its diagonal 0;
* P = A⁺:               `ops_linalg.pinv_vjp` (Golub & Pereyra), as lstsq's;
* log|det A| (slogdet): Ḡ_A = g · A⁻ᵀ; its sign has the zero gradient, as PyTorch's.

The scalar view writes each result element as its linearisation (`ops_linalg._linearised`).
PyTorch names the node of the eigenvalues and the eigenvectors ``LinalgEighBackward0`` and both
factors of a QR ``LinalgQrBackward0``: the names are registered here beside the rows.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import printing
from gradviz.engine.ops import defop
from gradviz.engine.ops_linalg import LinAlgError, _linearised, _linearised_nodes

printing._BACKWARD_NAMES.update({
    "linalg_inv_ex": "LinalgInvEx", "linalg_cholesky_ex": "LinalgCholeskyEx",
    "qr_q": "LinalgQr", "qr_r": "LinalgQr", "linalg_eigh": "LinalgEigh",
    "eigvalsh": "LinalgEigh", "linalg_pinv": "LinalgPinv", "slogdet": "LinalgSlogdet",
    "slogdet_sign": "LinalgSlogdet"})


def _t(xp, a):
    return xp.swapaxes(a, -1, -2)


def _batch_prefix(shape: tuple, flat_index: int) -> str:
    return f"(Batch element {flat_index}): " if len(shape) > 2 else ""


# ── the inverse: LAPACK's message names the first zero pivot of A's LU factorisation ──────
def zero_pivot(a: np.ndarray) -> int:
    """The 1-based index of the first zero diagonal element of U in P A = L U (partial
    pivoting, the largest magnitude first, as LAPACK's getrf), 0 when there is none."""
    u = np.array(a, dtype=np.float64)
    n = u.shape[0]
    first = 0
    for k in range(n):
        pivot = k + int(np.argmax(np.abs(u[k:, k])))
        if u[pivot, k] == 0:
            first = first or k + 1
            continue
        u[[k, pivot]] = u[[pivot, k]]
        u[k + 1:, k:] -= np.outer(u[k + 1:, k] / u[k, k], u[k, k:])
    return first


def _inv(xp, a):
    try:
        return xp.linalg.inv(a)
    except np.linalg.LinAlgError:
        flat = np.asarray(a).reshape(-1, *a.shape[-2:])
        for b, matrix in enumerate(flat):
            k = zero_pivot(matrix)
            if k:
                raise LinAlgError(
                    f"linalg.inv: {_batch_prefix(a.shape, b)}The diagonal element {k} is zero, "
                    "the inversion could not be completed because the input matrix is "
                    "singular.") from None
        raise


def _inv_vjp(xp, g, out, a):
    bt = _t(xp, out)
    return -(bt @ g @ bt)


# ── Cholesky: A = L Lᵀ from A's lower triangle (the upper one for upper=True) ─────────────
def _cholesky(xp, a, upper=False):
    source = _t(xp, a) if upper else a
    try:
        lower = xp.linalg.cholesky(source)
    except np.linalg.LinAlgError:
        flat = np.asarray(source).reshape(-1, *a.shape[-2:])
        for b, matrix in enumerate(flat):
            for k in range(1, matrix.shape[-1] + 1):
                try:
                    np.linalg.cholesky(matrix[:k, :k])
                except np.linalg.LinAlgError:
                    raise LinAlgError(
                        f"linalg.cholesky: {_batch_prefix(a.shape, b)}The factorization could "
                        "not be completed because the input is not positive-definite (the "
                        f"leading minor of order {k} is not positive-definite).") from None
        raise
    return _t(xp, lower) if upper else lower


def _solve_lower(xp, lower, b):
    """L⁻¹ b (numpy has no triangular solve: the general one gives the same numbers)."""
    return xp.linalg.solve(lower, b)


def _cholesky_vjp(xp, g, out, a, upper=False):
    lower, grad = (_t(xp, out), _t(xp, g)) if upper else (out, g)
    p = xp.tril(_t(xp, lower) @ grad)
    phi = 0.5 * (p + _t(xp, xp.tril(p, -1)))
    left = _solve_lower(xp, _t(xp, lower), phi)  # L⁻ᵀ Φ
    return _t(xp, _solve_lower(xp, _t(xp, lower), _t(xp, left)))  # (L⁻ᵀ (L⁻ᵀ Φ)ᵀ)ᵀ = L⁻ᵀ Φ L⁻¹


# ── QR: Householder's, as LAPACK's geqrf and orgqr (numpy's and PyTorch's) ────────────────
def _qr(xp, a, mode="reduced"):
    return xp.linalg.qr(a, mode="reduced" if mode == "r" else mode)


def _qr_r(xp, a, mode="reduced"):
    return xp.linalg.qr(a, mode=mode) if mode == "r" else _qr(xp, a, mode)[1]


def _qr_grad(xp, a, g_q, g_r, mode):
    if mode == "r":
        raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when "
                           "mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to "
                           "differentiate through linalg.qr.")
    q, r = _qr(xp, a, mode)
    m, n = q.shape[-2], r.shape[-1]
    if mode == "complete" and m > n:
        raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and "
                           "nrows > ncols.")
    m_mat = g_r @ _t(xp, r) - _t(xp, q) @ g_q
    if m >= n:
        upper = xp.triu(m_mat)
        sym = upper + _t(xp, upper)
        sym = sym - 0.5 * (xp.eye(n, dtype=sym.dtype) * sym)
        grad = q @ sym + g_q
        return _t(xp, xp.linalg.solve(r, _t(xp, grad)))  # grad · R⁻ᵀ
    x = -m_mat
    skew = xp.tril(x - _t(xp, x))
    square = _t(xp, xp.linalg.solve(r[..., :m], _t(xp, q @ skew)))
    zeros = xp.zeros((*square.shape[:-1], n - m), dtype=square.dtype)
    return xp.concatenate([square, zeros], axis=-1) + q @ g_r


def _qr_q_vjp(xp, g, out, a, mode="reduced"):
    n = a.shape[-1]
    k = min(a.shape[-2], n)
    return _qr_grad(xp, a, g, xp.zeros((*a.shape[:-2], k if mode == "reduced" else
                                        a.shape[-2], n), dtype=g.dtype), mode)


def _qr_r_vjp(xp, g, out, a, mode="reduced"):
    m = a.shape[-2]
    k = min(m, a.shape[-1]) if mode == "reduced" else m
    return _qr_grad(xp, a, xp.zeros((*a.shape[:-2], m, k), dtype=g.dtype), g, mode)


# ── log|det A| and its sign ──────────────────────────────────────────────────────────────
def _slogdet_vjp(xp, g, out, a):
    return g[..., None, None] * _t(xp, xp.linalg.inv(a))


defop("linalg_inv_ex", "A⁻¹", _inv, _inv_vjp,
      formula="B = A⁻¹", derivatives=("∂/∂A: −Bᵀ G Bᵀ",),
      scalar=_linearised("linalg_inv_ex"), nodes=_linearised_nodes)
defop("linalg_cholesky_ex", "chol", _cholesky, _cholesky_vjp,
      formula="A = L Lᵀ", derivatives=("∂/∂A: L⁻ᵀ Φ(Lᵀ G) L⁻¹",),
      scalar=_linearised("linalg_cholesky_ex"), nodes=_linearised_nodes, upper=False)
# ``torch.cholesky``, the older spelling: the same row under its name (``CholeskyBackward0``).
defop("cholesky", "chol", _cholesky, _cholesky_vjp,
      formula="A = L Lᵀ", derivatives=("∂/∂A: L⁻ᵀ Φ(Lᵀ G) L⁻¹",),
      scalar=_linearised("cholesky"), nodes=_linearised_nodes, upper=False)
defop("qr_q", "Q", lambda xp, a, mode="reduced": _qr(xp, a, mode)[0], _qr_q_vjp,
      formula="A = Q R: Q", derivatives=("∂/∂A: (Q Φ(−Qᵀ G) + G) R⁻ᵀ",),
      scalar=_linearised("qr_q"), nodes=_linearised_nodes, mode="reduced")
defop("qr_r", "R", _qr_r, _qr_r_vjp,
      formula="A = Q R: R", derivatives=("∂/∂A: Q Φ(G Rᵀ) R⁻ᵀ",),
      scalar=_linearised("qr_r"), nodes=_linearised_nodes, mode="reduced")
defop("slogdet", "ln|det|", lambda xp, a: xp.linalg.slogdet(a)[1], _slogdet_vjp,
      formula="ln |det A|", derivatives=("∂/∂A: G · A⁻ᵀ",),
      scalar=_linearised("slogdet"), nodes=_linearised_nodes)
defop("slogdet_sign", "sign det", lambda xp, a: xp.linalg.slogdet(a)[0],
      lambda xp, g, out, a: xp.zeros(a.shape, dtype=g.dtype),
      formula="sign(det A)", derivatives=("∂/∂A = 0",),
      scalar=_linearised("slogdet_sign"), nodes=_linearised_nodes)

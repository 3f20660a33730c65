"""The registry rows of dense linear algebra: ``solve``, ``det``, ``eigvalsh`` and the
eigenvectors of ``linalg_eigh``, ``matrix_exp``, ``linalg_pinv`` and ``lstsq``'s solution, each
on a batch of matrices (*, n, n) or (*, m, n).

Their VJPs are PyTorch's formulas:

* X = A⁻¹B:            Ḡ_B = A⁻ᵀG,  Ḡ_A = −Ḡ_B Xᵀ;
* d = det A:           Ḡ_A = g · cof(A), the cofactor matrix det(A)·A⁻ᵀ (A⁻ᵀ solved for);
                       where a matrix is singular, read from the SVD A = U S Vᵀ as
                       det(U)det(Vᵀ) · U diag(Πⱼ≠ᵢ sⱼ) Vᵀ, so a singular A has one too;
* λ = eigvalsh A:      Ḡ_A = V diag(g) Vᵀ (V the eigenvectors; symmetric, as PyTorch's);
* V = eigh A:          Ḡ_A = V ((VᵀG − GᵀV)/2 ⊘ E) Vᵀ, E_ij = λⱼ − λᵢ (its diagonal 0);
* E = exp A:           Ḡ_A = the top-right block of exp([[Aᵀ, G], [0, Aᵀ]]) (the adjoint of
                       exp's differential at A);
* P = A⁺:              Golub and Pereyra's −PᵀGPᵀ + (I − AP)GᵀPPᵀ + PᵀPGᵀ(I − PA);
* X = A⁺B (lstsq):     Ḡ_B = A⁺ᵀG, and Ḡ_A that of the pseudo-inverse for Ḡ_A⁺ = G Bᵀ;
* dist(a, b) = ‖a − b‖: the 2-norm row's forward and VJP on d = a − b (PyTorch's one
                       ``DistBackward0`` node), −that for b.

Each VJP is written with array functions `RecordedArrays` records (``xp.linalg.solve``,
``eigh``, ``pinv`` as these rows), so ``create_graph=True`` differentiates them again; only
the SVD of a singular matrix's cofactors is not recorded.

A matrix result depends on every input element, so the scalar view writes each element as
its linearisation, c + Σ ∂out/∂xᵢ · xᵢ: the same value and the same gradients (as a user's
`autograd.Function` is drawn).
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import scalar_forms as sf
from gradviz.engine.ops import defop, quiet, unbroadcast
from gradviz.engine.ops_arrays import _norm, _norm_vjp
from gradviz.engine.value import Value


class LinAlgError(RuntimeError):
    """``torch.linalg.LinAlgError``: a factorisation failed (a singular matrix)."""


def _t(xp, a):
    return xp.swapaxes(a, -1, -2)


# ── solve: X = A⁻¹B (B a batch of matrices: the caller makes a vector one column) ────────
def _solve(xp, a, b):
    try:
        return xp.linalg.solve(a, b)
    except np.linalg.LinAlgError:
        raise LinAlgError("torch.linalg.solve: The solver failed because the input matrix is "
                          "singular.") from None


def _solve_vjp_b(xp, g, out, a, b):
    return _solve(xp, _t(xp, a), g)


def _solve_vjp_a(xp, g, out, a, b):
    return -_solve_vjp_b(xp, g, out, a, b) @ _t(xp, out)


# ── det: the cofactor matrix from the SVD, defined for singular matrices too ──────────────
def _cofactor(xp, a):
    u, s, vh = xp.linalg.svd(a)
    n = s.shape[-1]
    ones = xp.ones((*s.shape[:-1], 1), dtype=s.dtype)
    before = xp.cumprod(xp.concatenate([ones, s[..., :-1]], axis=-1), axis=-1)
    after = xp.flip(xp.cumprod(xp.flip(xp.concatenate([s[..., 1:], ones], axis=-1), -1), -1), -1)
    sign = xp.linalg.det(u) * xp.linalg.det(vh)
    others = (before * after)[..., :n]  # Πⱼ≠ᵢ sⱼ
    return sign[..., None, None] * (u * others[..., None, :]) @ vh


def _det_vjp(xp, g, out, a):
    scale = (g * out).reshape(*out.shape, 1, 1)
    if bool((out == 0).any()):  # a singular matrix: det(A)·A⁻ᵀ has no A⁻ᵀ to read
        return g.reshape(*out.shape, 1, 1) * _cofactor(xp, a)
    eye = xp.broadcast_to(xp.eye(a.shape[-1], dtype=a.dtype), a.shape)
    return scale * xp.linalg.solve(_t(xp, a), eye)


# ── eigvalsh: the eigenvalues of a symmetric matrix (one triangle read) ─────────────────
def _eigvalsh_vjp(xp, g, out, a, UPLO="L"):  # noqa: N803 - PyTorch's name
    _, v = xp.linalg.eigh(a, UPLO=UPLO)
    return (v * g.reshape(*g.shape[:-1], 1, g.shape[-1])) @ _t(xp, v)


def _eigh_vjp(xp, g, out, a, UPLO="L"):  # noqa: N803
    """PyTorch's linalg_eig_backward for a symmetric A and the eigenvectors' gradient alone:
    the skew part of VᵀG, each entry over λⱼ − λᵢ (the diagonal, 0, over 1)."""
    lam = xp.linalg.eigvalsh(a, UPLO=UPLO)
    vt = _t(xp, out)
    skew = vt @ g
    skew = (skew - _t(xp, skew)) * 0.5
    n = lam.shape[-1]
    gaps = lam.reshape(*lam.shape[:-1], 1, n) - lam.reshape(*lam.shape[:-1], n, 1)
    gaps = gaps + xp.eye(n, dtype=out.dtype)  # 1 on the diagonal, where skew is 0
    return out @ (skew / gaps) @ vt


# ── matrix_exp: scaling and squaring of a Taylor sum ──────────────────────────────────────
def matrix_exponential(xp, a):
    """exp(A) = (exp(A / 2ˢ))^(2ˢ), 2ˢ making every ‖A‖₁ / 2ˢ ≤ ½, where 24 Taylor terms
    leave an error under 10⁻³⁰ of the result."""
    numbers = a.t._data if hasattr(a, "t") else a  # a recorded A's numbers: a step choice
    norm = float(abs(numbers).sum(axis=-2).max()) if a.size else 0.0
    squarings = max(0, int(np.ceil(np.log2(norm))) + 1) if norm > 0.5 else 0
    scaled = a / (2.0 ** squarings)
    eye = xp.broadcast_to(xp.eye(a.shape[-1], dtype=a.dtype), a.shape)
    term, total = eye, eye.copy()
    for k in range(1, 25):
        term = term @ scaled / k
        total = total + term
    for _ in range(squarings):
        total = total @ total
    return total


def _matrix_exp_vjp(xp, g, out, a):
    n = a.shape[-1]
    at = _t(xp, a)
    top = xp.concatenate([at, g], axis=-1)
    bottom = xp.concatenate([xp.zeros_like(at), at], axis=-1)
    return matrix_exponential(xp, xp.concatenate([top, bottom], axis=-2))[..., :n, n:]


# ── lstsq: X = A⁺B and the pseudo-inverse's VJP ──────────────────────────────────────────
def _lstsq(xp, a, b):
    return xp.linalg.pinv(a) @ b


def pinv_vjp(xp, g, p, a):
    """Ḡ_A for P = A⁺ and Ḡ_P = `g` (Golub & Pereyra): −Pᵀ G Pᵀ + (I − AP) Gᵀ P Pᵀ
    + PᵀP Gᵀ (I − PA)."""
    pt, gt = _t(xp, p), _t(xp, g)
    left, right = gt @ p @ pt, pt @ p @ gt
    return -pt @ g @ pt + (left - a @ p @ left) + (right - right @ p @ a)


def _pinv_vjp(xp, g, out, a, rcond=None, hermitian=False):
    return pinv_vjp(xp, g, out, a)


def _pinv(xp, a, rcond=None, hermitian=False):
    # numpy's call as lstsq's VJP makes it (`rcond` None: numpy's default), so both agree
    if rcond is None:
        return xp.linalg.pinv(a, hermitian=hermitian) if hermitian else xp.linalg.pinv(a)
    return xp.linalg.pinv(a, rcond=rcond, hermitian=hermitian)


def _lstsq_vjp_a(xp, g, out, a, b):
    return pinv_vjp(xp, g @ _t(xp, b), xp.linalg.pinv(a), a)


def _lstsq_vjp_b(xp, g, out, a, b):
    return _t(xp, xp.linalg.pinv(a)) @ g


# ── the scalar view: each result element its linearisation ───────────────────────────────
def _number(v) -> float:
    return v.data if isinstance(v, Value) else float(v)


def _linearised(name):
    def expand(*arrays, **params):
        from gradviz.engine.ops import REGISTRY

        op = REGISTRY[name]
        xs = [np.vectorize(_number, otypes=[float])(a) for a in arrays]
        out = np.asarray(op.forward(np, *xs, **params))
        cells = [np.asarray(a, dtype=object).ravel() for a in arrays]
        result = np.empty(out.size, dtype=object)
        for j, value in enumerate(out.ravel()):
            unit = np.zeros(out.size)
            unit[j] = 1.0
            slopes = [unbroadcast(np, vjp(np, unit.reshape(out.shape), out, *xs, **params),
                                  x.shape).ravel() for vjp, x in zip(op.vjps, xs, strict=True)]
            used = [(c[i], float(d[i])) for c, d in zip(cells, slopes, strict=True)
                    for i in np.flatnonzero(d) if isinstance(c[i], Value)]
            total = Value(float(value) - sum(v.data * d for v, d in used))
            for v, d in used:
                total = total + v * d
            result[j] = total
        return result.reshape(out.shape)

    return expand


def _linearised_nodes(out, inputs, **params) -> int:
    size = int(np.prod(out))
    return 2 * size + 4 * size * sum(int(np.prod(s)) for s in inputs)


defop("solve", "A⁻¹B", _solve, _solve_vjp_a, _solve_vjp_b,
      formula="X = A⁻¹ · B", derivatives=("∂/∂A: −A⁻ᵀ G Xᵀ", "∂/∂B: A⁻ᵀ G"), broadcasts=True,
      scalar=_linearised("solve"), nodes=_linearised_nodes)
defop("det", "det", lambda xp, a: xp.linalg.det(a), _det_vjp,
      formula="det A", derivatives=("∂/∂A: G · det(A) · A⁻ᵀ",),
      scalar=_linearised("det"), nodes=_linearised_nodes)
defop("eigvalsh", "λ", lambda xp, a, UPLO="L": xp.linalg.eigvalsh(a, UPLO=UPLO), _eigvalsh_vjp,
      formula="λ: A = Σᵢ λᵢ vᵢ vᵢᵀ", derivatives=("∂/∂A: Σᵢ Gᵢ vᵢ vᵢᵀ",),
      scalar=_linearised("eigvalsh"), nodes=_linearised_nodes, UPLO="L")
defop("linalg_eigh", "V", lambda xp, a, UPLO="L": xp.linalg.eigh(a, UPLO=UPLO)[1], _eigh_vjp,
      formula="V: A = V Λ Vᵀ", derivatives=("∂/∂A: V ((VᵀG − GᵀV)/2 ⊘ (λⱼ − λᵢ)) Vᵀ",),
      scalar=_linearised("linalg_eigh"), nodes=_linearised_nodes, UPLO="L")
defop("linalg_pinv", "A⁺", _pinv, _pinv_vjp,
      formula="A⁺ = V S⁺ Uᵀ", derivatives=("∂/∂A: −A⁺ᵀ G A⁺ᵀ + (I − A A⁺) Gᵀ A⁺ A⁺ᵀ + "
                                           "A⁺ᵀ A⁺ Gᵀ (I − A⁺ A)",),
      scalar=_linearised("linalg_pinv"), nodes=_linearised_nodes, rcond=None, hermitian=False)
defop("matrix_exp", "exp", matrix_exponential, _matrix_exp_vjp,
      formula="exp A = Σ Aᵏ / k!", derivatives=("∂/∂A: exp([[Aᵀ, G], [0, Aᵀ]])₁₂",),
      scalar=_linearised("matrix_exp"), nodes=_linearised_nodes)
defop("lstsq", "A⁺B", _lstsq, _lstsq_vjp_a, _lstsq_vjp_b,
      formula="X = A⁺ · B", derivatives=("∂/∂A: ∂A⁺ᵀ[G Bᵀ]", "∂/∂B: A⁺ᵀ G"), broadcasts=True,
      scalar=_linearised("lstsq"), nodes=_linearised_nodes)
defop("dist", "dist", quiet(lambda xp, a, b: _norm(xp, a - b)),
      lambda xp, g, out, a, b: _norm_vjp(xp, g, out, a - b),
      lambda xp, g, out, a, b: -_norm_vjp(xp, g, out, a - b),
      formula="dist(a, b) = ‖a − b‖", derivatives=("∂/∂aᵢ = dᵢ/‖d‖, d = a − b",
                                                    "∂/∂bᵢ = −dᵢ/‖d‖"),
      broadcasts=True, scalar=lambda a, b: sf.norm_nodes(a - b), nodes=sf.per_input(8))

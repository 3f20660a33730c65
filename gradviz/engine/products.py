"""PyTorch's other products: ``torch.vdot``, ``baddbmm``, ``addmv``, ``addr`` (rows of
`engine.ops_products`), ``tensordot``, ``chain_matmul`` and ``linalg.multi_dot`` (products of
matmuls in PyTorch's order, viewed back), ``linalg.vecdot``; with PyTorch's checks and errors.
"""

from __future__ import annotations

import warnings

from gradviz.engine import (
    creation,
    ops_products,  # noqa: F401 - registers the rows
)
from gradviz.engine.autograd import apply
from gradviz.engine.keywords import take_torch_keywords
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_linalg import check_batches
from gradviz.engine.tensor_shape import torch_type_name, wrap_dim

__all__ = ["multi_dot", "vecdot"]

_t = creation.as_tensor


def _name(t: Tensor) -> str:
    return torch_type_name(t.dtype)


def vdot(input, other) -> Tensor:  # noqa: A002
    """Σ aᵢ bᵢ of two 1-D tensors of one size and one dtype (conj(a) is a, for real numbers)."""
    a, b = _t(input), _t(other)
    if a.dim() != 1 or b.dim() != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.dim()}D and {b.dim()}D tensors")
    if a.dtype is not b.dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found "
                           f"{_name(a)} and {_name(b)}")
    n, m = a.numel(), b.numel()
    if n != m:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to "
                           f"have the same number of elements, but got {n} and {m} elements "
                           "respectively")
    return apply("vdot", a, b)


def _expandable(c: Tensor, target: list[int]) -> None:
    c.detach().expand(target)  # PyTorch's error where C does not broadcast to the product


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1) -> Tensor:  # noqa: A002
    """β·input + α·(batch1 @ batch2) for batches (b, n, m) @ (b, m, p); input broadcasts to
    (b, n, p)."""
    c, a, b = _t(input), _t(batch1), _t(batch2)
    if a.dim() >= 2 and b.dim() >= 3:  # PyTorch broadcasts the input first
        _expandable(c, [a.shape[0], a.shape[1], b.shape[2]])
    check_batches(a, b)
    return apply("baddbmm", c, a, b, beta=beta, alpha=alpha)


def addmv(input, mat, vec, *, beta=1, alpha=1) -> Tensor:  # noqa: A002
    """β·input + α·(mat @ vec): a matrix (n, m) times a vector (m,), input of n (or 1)."""
    c, m, v = _t(input), _t(mat), _t(vec)
    if m.dim() != 2 or v.dim() != 1 or c.dim() > 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {c.dim()}, {m.dim()}, "
                           f"{v.dim()}")
    if m.shape[1] != v.shape[0] or (c.dim() == 1 and c.shape[0] not in (1, m.shape[0])):
        size = f"({c.shape[0]})" if c.dim() else "()"
        raise RuntimeError(f"size mismatch, got input {size}, mat ({m.shape[0]}x{m.shape[1]}), "
                           f"vec ({v.shape[0]})")
    if not c.dtype is m.dtype is v.dtype:
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got "
                           f"{_name(c)}, {_name(m)}, and {_name(v)}")
    return apply("addmv", c, m, v, beta=beta, alpha=alpha)


def addr(input, vec1, vec2, *, beta=1, alpha=1) -> Tensor:  # noqa: A002
    """β·input + α·(vec1 ⊗ vec2), input broadcast to (len(vec1), len(vec2))."""
    c, u, v = _t(input), _t(vec1), _t(vec2)
    for name, t in (("vec1", u), ("vec2", v)):
        if t.dim() != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {t.dim()}-D")
    _expandable(c, [u.shape[0], v.shape[0]])
    return apply("addr", c, u, v, beta=beta, alpha=alpha)


# ── chains of products ───────────────────────────────────────────────────────────────────
# PyTorch's C++ names of the dtypes, as its messages print them.
_C_NAMES = {"float16": "c10::Half", "float32": "float", "float64": "double", "int8": "signed char",
            "int16": "short int", "int32": "int", "int64": "long int", "uint8": "unsigned char",
            "bool": "bool"}


def _chain_order(dims: list[int]) -> list[list[int]]:
    """Where to split each sub-chain: the classic dynamic programme over p₀ … pₙ, the first
    cheapest split kept (PyTorch's order of the loops)."""
    n = len(dims) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                q = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if cost[i][j] is None or q < cost[i][j]:
                    cost[i][j], split[i][j] = q, k
    return split


def _chain(tensors: list[Tensor], split, i: int, j: int) -> Tensor:
    if i == j:
        return tensors[i]
    k = split[i][j]
    return _chain(tensors, split, i, k).mm(_chain(tensors, split, k + 1, j))


def multi_dot(tensors) -> Tensor:
    """A₁ @ A₂ @ … @ Aₙ in the order of fewest multiplications; the first may be a row vector
    and the last a column vector (1-D, as in matmul)."""
    tensors = [_t(t) for t in tensors]
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    first, last = tensors[0], tensors[-1]
    for place, t in (("first", first), ("last", last)):
        if t.dim() not in (1, 2):
            raise RuntimeError(f"multi_dot(): the {place} tensor must be 1D or 2D but got "
                               f"{t.dim()}D")
    for i, t in enumerate(tensors[1:-1], 1):
        if t.dim() != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {t.dim()}D")
    for i, t in enumerate(tensors[1:], 1):
        if t.dtype is not first.dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but "
                               f"tensor 0 is {_C_NAMES[first.dtype.name]} and tensor {i} "
                               f"{_C_NAMES[t.dtype.name]}")
    shape = [*first.shape[:-1], *last.shape[1:]]
    mats = [first.unsqueeze(0) if first.dim() == 1 else first, *tensors[1:-1],
            last.unsqueeze(-1) if last.dim() == 1 else last]
    for i in range(n - 1):
        if mats[i].shape[1] != mats[i + 1].shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {i} and {i + 1} with shapes "
                               f"{list(tensors[i].shape)} and {list(tensors[i + 1].shape)} "
                               "cannot be multiplied")
    if n == 3:  # PyTorch compares the two orders directly
        a, b, c, d = mats[0].shape[0], mats[1].shape[0], mats[2].shape[0], mats[2].shape[1]
        if a * c * (b + d) > b * d * (a + c):
            result = mats[0].mm(mats[1].mm(mats[2]))
        else:
            result = mats[0].mm(mats[1]).mm(mats[2])
    else:
        dims = [m.shape[0] for m in mats] + [mats[-1].shape[1]]
        result = _chain(mats, _chain_order(dims), 0, n - 1)
    return apply("reshape", result, shape=tuple(shape))  # PyTorch's last view: ViewBackward0


_CHAIN_WARNING = ("torch.chain_matmul is deprecated and will be removed in a future PyTorch "
                  "release. Use torch.linalg.multi_dot instead, which accepts a list of two or "
                  "more tensors rather than multiple parameters.")
_warned = [False]


def chain_matmul(*matrices) -> Tensor:
    """``torch.chain_matmul``, deprecated (its warning, once): `multi_dot` of matrices; one
    matrix comes back as a copy."""
    if not _warned[0]:
        _warned[0] = True
        warnings.warn(_CHAIN_WARNING, UserWarning, stacklevel=3)  # past `engine.keywords`
    matrices = [_t(m) for m in matrices]
    for m in matrices:
        if m.dim() != 2:
            raise RuntimeError(f"Tensor dimension is {m.dim()}, expected 2 instead.")
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    if len(matrices) == 1:
        return matrices[0].clone()
    return multi_dot(matrices)


def vecdot(x, y, *, dim: int = -1) -> Tensor:
    """``torch.linalg.vecdot``: Σ xᵢ yᵢ along `dim`, the other dims broadcast."""
    x, y = _t(x), _t(y)
    if x.dtype is not y.dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x "
                           f"of type {_name(x)} and y of type {_name(y)} instead")
    return (x * y).sum(dim)


# ── tensordot ────────────────────────────────────────────────────────────────────────────
def _dims_lists(a: Tensor, dims) -> tuple[list[int], list[int]]:
    if hasattr(dims, "_data"):  # a tensor: one number, or two lists
        dims = dims.item() if dims.numel() == 1 else dims.tolist()
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > a.dim():
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        return list(range(-dims, 0)), list(range(dims))
    dims_a, dims_b = dims
    if isinstance(dims_a, int) or isinstance(dims_b, int):
        bad = dims_a if isinstance(dims_a, int) else dims_b
        raise TypeError("tensordot(): argument 'dims_self' (position 3) must be tuple of ints, "
                        f"not {type(bad).__name__}")
    return list(dims_a), list(dims_b)


def tensordot(a, b, dims=2) -> Tensor:
    """The sum over the dims `dims` of a (its last `dims` ones, for an int) and of b (its
    first ones) of their products: a permute and reshape of each, one mm, and a view back,
    as PyTorch computes it."""
    a, b = _t(a), _t(b)
    dims_a, dims_b = _dims_lists(a, dims)
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    if a.dtype is not b.dtype:
        raise RuntimeError("both inputs should have same dtype")
    shared_a = [wrap_dim(d, a.dim()) for d in dims_a]
    shared_b = [wrap_dim(d, b.dim()) for d in dims_b]
    for da, db, i, j in zip(dims_a, dims_b, shared_a, shared_b, strict=True):
        n, m = a.shape[i], b.shape[j]
        if n == m:
            continue
        if n == 1:  # a size-1 dim against a longer one: the other side summed over it
            b = b.sum(j, keepdim=True)
        elif m == 1:
            a = a.sum(i, keepdim=True)
        else:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {n} in "
                               f"dim {da} and second has size {m} in dim {db}")
    free_a = [d for d in range(a.dim()) if d not in shared_a]
    free_b = [d for d in range(b.dim()) if d not in shared_b]
    size = 1
    for d in shared_a:
        size *= a.shape[d]
    rows = [a.shape[d] for d in free_a]
    cols = [b.shape[d] for d in free_b]
    left = a.permute(*free_a, *shared_a).reshape(-1, size) if a.dim() else a.reshape(1, 1)
    right = b.permute(*shared_b, *free_b).reshape(size, -1) if b.dim() else b.reshape(1, 1)
    return apply("reshape", left.mm(right), shape=(*rows, *cols))


# ``out=``, ``input=`` and ``other=``: `engine.keywords`.
take_torch_keywords(globals())

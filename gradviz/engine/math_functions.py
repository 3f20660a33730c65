"""`gradviz.std`, `norm`, `prod`, `gather`, `scatter`, `sort`, `tril`, `remainder`…: the `torch.*`
functions that mirror a Tensor method, with PyTorch's signatures, plus `randperm` and
`meshgrid`.

Each calls the method (see `tensor_math` and `tensor_shape`), so the numbers and gradients
are the method's.
"""

from __future__ import annotations

import warnings

from gradviz.engine import creation
from gradviz.engine import dtypes as dt
from gradviz.engine.einsum import einsum
from gradviz.engine.tensor import Tensor

__all__ = [
    "add", "addmm", "all", "amax", "amin", "any", "argsort", "argwhere", "bmm", "broadcast_to",
    "ceil", "chunk", "clamp_max", "clamp_min", "cumprod", "cumsum", "diag", "div", "divide",
    "dot", "einsum", "eq", "equal", "erf", "exp2", "fix", "flatten", "flip", "fliplr",
    "flipud",
    "floor", "floor_divide", "fmod", "gather", "ge", "gt", "index_select", "inner", "isclose",
    "isfinite", "isinf", "isnan", "le", "lerp", "log10", "log1p", "log2", "logsumexp", "lt",
    "masked_fill", "meshgrid", "mul", "multiply", "ne", "neg", "negative", "nan_to_num",
    "nonzero", "norm", "outer", "permute", "t", "prod", "randperm", "reciprocal", "remainder",
    "repeat_interleave", "roll", "round", "rsqrt", "scatter", "scatter_add", "sign", "sort",
    "split", "square", "std", "sub", "subtract", "topk", "trace", "tril", "triu", "true_divide",
    "trunc", "unflatten", "var",
]


_t = creation.as_tensor  # a Tensor as it is, anything else (a number, a list) as a new one


# ── statistics and reductions ────────────────────────────────────────────────────────────
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):  # noqa: A002
    return _t(input).std(dim, unbiased, keepdim, correction=correction)


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):  # noqa: A002
    return _t(input).var(dim, unbiased, keepdim, correction=correction)


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):  # noqa: A002
    return _t(input).norm(p, dim, keepdim, dtype)


def prod(input, dim=None, keepdim=False, *, dtype=None):  # noqa: A002
    return _t(input).prod(dim, keepdim, dtype=dtype)


def logsumexp(input, dim, keepdim=False): return _t(input).logsumexp(dim, keepdim)  # noqa: A002
def amax(input, dim=(), keepdim=False): return _t(input).amax(dim, keepdim)  # noqa: A002
def amin(input, dim=(), keepdim=False): return _t(input).amin(dim, keepdim)  # noqa: A002
def cumsum(input, dim, dtype=None): return _t(input).cumsum(dim, dtype)  # noqa: A002
def cumprod(input, dim, dtype=None): return _t(input).cumprod(dim, dtype)  # noqa: A002
def any(input, dim=None, keepdim=False): return _t(input).any(dim, keepdim)  # noqa: A001, A002
def all(input, dim=None, keepdim=False): return _t(input).all(dim, keepdim)  # noqa: A001, A002


# ── comparisons and tests ────────────────────────────────────────────────────────────────
def eq(input, other): return _t(input).eq(other)  # noqa: A002
def ne(input, other): return _t(input).ne(other)  # noqa: A002
def lt(input, other): return _t(input).lt(other)  # noqa: A002
def le(input, other): return _t(input).le(other)  # noqa: A002
def gt(input, other): return _t(input).gt(other)  # noqa: A002
def ge(input, other): return _t(input).ge(other)  # noqa: A002
def equal(input, other) -> bool: return _t(input).equal(_t(other))  # noqa: A002
def isnan(input): return _t(input).isnan()  # noqa: A002
def isinf(input): return _t(input).isinf()  # noqa: A002
def isfinite(input): return _t(input).isfinite()  # noqa: A002
def argwhere(input): return _t(input).argwhere()  # noqa: A002


def nonzero(input, *, as_tuple=False): return _t(input).nonzero(as_tuple=as_tuple)  # noqa: A002


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):  # noqa: A002
    return _t(input).isclose(other, rtol, atol, equal_nan)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):  # noqa: A002
    return _t(input).nan_to_num(nan, posinf, neginf)


# ── elementwise ──────────────────────────────────────────────────────────────────────────
def square(input): return _t(input).square()  # noqa: A002
def neg(input): return _t(input).neg()  # noqa: A002
def sign(input): return _t(input).sign()  # noqa: A002
def floor(input): return _t(input).floor()  # noqa: A002
def ceil(input): return _t(input).ceil()  # noqa: A002
def round(input, decimals=0): return _t(input).round(decimals)  # noqa: A001, A002
def reciprocal(input): return _t(input).reciprocal()  # noqa: A002
def rsqrt(input): return _t(input).rsqrt()  # noqa: A002
def log10(input): return _t(input).log10()  # noqa: A002
def log2(input): return _t(input).log2()  # noqa: A002
def log1p(input): return _t(input).log1p()  # noqa: A002
def exp2(input): return _t(input).exp2()  # noqa: A002
def lerp(input, end, weight): return _t(input).lerp(end, weight)  # noqa: A002
def clamp_min(input, min): return _t(input).clamp_min(min)  # noqa: A002
def clamp_max(input, max): return _t(input).clamp_max(max)  # noqa: A002
def trunc(input): return _t(input).trunc()  # noqa: A002
def erf(input): return _t(input).erf()  # noqa: A002


# ── arithmetic by name ───────────────────────────────────────────────────────────────────
def add(input, other, *, alpha=1): return _t(input).add(other, alpha=alpha)  # noqa: A002
def sub(input, other, *, alpha=1): return _t(input).sub(other, alpha=alpha)  # noqa: A002
def mul(input, other): return _t(input).mul(other)  # noqa: A002
def floor_divide(input, other): return _t(input).floor_divide(other)  # noqa: A002
def remainder(input, other): return _t(input).remainder(other)  # noqa: A002
def fmod(input, other): return _t(input).fmod(other)  # noqa: A002


def div(input, other, *, rounding_mode=None):  # noqa: A002
    return _t(input).div(other, rounding_mode=rounding_mode)


fix = trunc
subtract = sub
multiply = mul
divide = true_divide = div


negative = neg


# ── products and matrices ────────────────────────────────────────────────────────────────
def dot(input, other): return _t(input).dot(_t(other))  # noqa: A002
def outer(input, vec2): return _t(input).outer(_t(vec2))  # noqa: A002
def bmm(input, mat2): return _t(input).bmm(_t(mat2))  # noqa: A002
def tril(input, diagonal=0): return _t(input).tril(diagonal)  # noqa: A002
def triu(input, diagonal=0): return _t(input).triu(diagonal)  # noqa: A002
def diag(input, diagonal=0): return _t(input).diag(diagonal)  # noqa: A002
def trace(input): return _t(input).trace()  # noqa: A002


inner = dot


def addmm(input, mat1, mat2, *, beta=1, alpha=1):  # noqa: A002
    return _t(input).addmm(_t(mat1), _t(mat2), beta=beta, alpha=alpha)


# ── shapes, selection, sorting ───────────────────────────────────────────────────────────
def permute(input, dims): return _t(input).permute(dims)  # noqa: A002
def t(input): return _t(input).t()  # noqa: A002
def flip(input, dims): return _t(input).flip(dims)  # noqa: A002
def fliplr(input): return _t(input).fliplr()  # noqa: A002
def flipud(input): return _t(input).flipud()  # noqa: A002
def roll(input, shifts, dims=None): return _t(input).roll(shifts, dims)  # noqa: A002


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):  # noqa: A002
    return _t(input).repeat_interleave(repeats, dim, output_size=output_size)
def unflatten(input, dim, sizes): return _t(input).unflatten(dim, sizes)  # noqa: A002


def flatten(input, start_dim=0, end_dim=-1):  # noqa: A002
    return _t(input).flatten(start_dim, end_dim)


def scatter(input, dim, index, src=None, *, value=None):  # noqa: A002
    return _t(input).scatter(dim, index, src, value)


def scatter_add(input, dim, index, src):  # noqa: A002
    return _t(input).scatter_add(dim, index, src)
def broadcast_to(input, size): return _t(input).expand(size)  # noqa: A002
def gather(input, dim, index): return _t(input).gather(dim, index)  # noqa: A002
def index_select(input, dim, index): return _t(input).index_select(dim, index)  # noqa: A002
def masked_fill(input, mask, value): return _t(input).masked_fill(mask, value)  # noqa: A002
def chunk(input, chunks, dim=0): return _t(input).chunk(chunks, dim)  # noqa: A002
def split(tensor, split_size_or_sections, dim=0):
    return _t(tensor).split(split_size_or_sections, dim)


def sort(input, dim=-1, descending=False, stable=False):  # noqa: A002
    return _t(input).sort(dim, descending, stable)


def argsort(input, dim=-1, descending=False, stable=False):  # noqa: A002
    return _t(input).argsort(dim, descending, stable)


def topk(input, k, dim=-1, largest=True, sorted=True):  # noqa: A002
    return _t(input).topk(k, dim, largest, sorted)


def randperm(n: int, *, generator=None, dtype=None, device=None,
             requires_grad: bool = False) -> Tensor:
    """A random ordering of 0 … n−1 (gradviz's own random stream, seeded by manual_seed)."""
    order = creation.stream(generator).permutation(int(n))
    return creation.tensor(order, dtype=dtype or dt.int64, device=device,
                           requires_grad=requires_grad)


def meshgrid(*tensors, indexing: str | None = None) -> tuple[Tensor, ...]:
    """Coordinate grids: output k varies along input k's axis ('ij'), or 'xy' (x across)."""
    if len(tensors) == 1 and isinstance(tensors[0], list | tuple):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the "
                      "indexing argument.", UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but "
                           f"received: {indexing}")
    tensors = [_t(t) for t in tensors]
    for t in tensors:
        if t.dim() > 1:
            raise RuntimeError("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but "
                               f"got: {t!r}")
    axes = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) > 1:
        axes[0], axes[1] = 1, 0
    shape = [0] * len(tensors)
    for t, axis in zip(tensors, axes, strict=True):
        shape[axis] = t.numel()
    grids = []
    for t, axis in zip(tensors, axes, strict=True):
        view = [1] * len(tensors)
        view[axis] = -1
        grids.append(t.reshape(view).expand(shape))
    return tuple(grids)


"""`gradviz.tan`, `sinh`, `atan2`, `matrix_power`, `select`, `diagonal`, `nansum`, `fmax`,
`index_add`, `unique_consecutive`…: the `torch.*` functions of the methods in `tensor_more`
and `tensor_writes`, with PyTorch's signatures.  Each calls the method, so the numbers and
gradients are the method's.
"""

from __future__ import annotations

from gradviz.engine import creation
from gradviz.engine.matrix_power import matrix_power as _matrix_power
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_writes import unique_consecutive

__all__ = [
    "absolute", "acosh", "arccosh", "arcsinh", "arctan2", "arctanh", "asinh", "atan2", "atanh",
    "clip_", "cosh", "diagonal", "fmax", "fmin", "greater", "greater_equal",
    "index_add", "index_copy", "is_complex", "is_floating_point", "less", "less_equal",
    "masked_scatter", "matrix_power", "msort", "nanmean", "nansum", "not_equal", "positive",
    "ravel", "reciprocal_", "rsub", "select", "sgn", "sinh", "swapaxes", "swapdims", "tan",
    "tile", "unbind", "unique_consecutive",
]

_t = creation.as_tensor  # a Tensor as it is, anything else (a number, a list) as a new one


def _argument(name: str, other, position: int = 2) -> Tensor:
    if not isinstance(other, Tensor):
        raise TypeError(f"{name}(): argument 'other' (position {position}) must be Tensor, not "
                        f"{type(other).__name__}")
    return other


# ── tan, the hyperbolic functions, atan2, Aⁿ ─ ────────────────────────────────────
def tan(input): return _t(input).tan()  # noqa: A002
def sinh(input): return _t(input).sinh()  # noqa: A002
def cosh(input): return _t(input).cosh()  # noqa: A002
def asinh(input): return _t(input).asinh()  # noqa: A002
def acosh(input): return _t(input).acosh()  # noqa: A002
def atanh(input): return _t(input).atanh()  # noqa: A002


def atan2(input, other):  # noqa: A002
    return _t(input).atan2(_argument("atan2", other))


arcsinh, arccosh, arctanh, arctan2 = asinh, acosh, atanh, atan2


def matrix_power(input, n, *, out=None):  # noqa: A002
    return _matrix_power(_t(input), n, out=out)


def linalg_matrix_power(A, n, *, out=None):  # noqa: N803
    """``torch.linalg.matrix_power``."""
    return _matrix_power(_t(A), n, name="linalg_matrix_power", out=out)


# ── what a tensor is ─────────────────────────────────────────────────────────────────────
def is_floating_point(input): return _t(input).is_floating_point()  # noqa: A002
def is_complex(input): return _t(input).is_complex()  # noqa: A002


# ── views, copies, sorting ───────────────────────────────────────────────────────────────
def select(input, dim, index): return _t(input).select(dim, index)  # noqa: A002
def unbind(input, dim=0): return _t(input).unbind(dim)  # noqa: A002
def ravel(input): return _t(input).ravel()  # noqa: A002
def tile(input, dims): return _t(input).tile(dims)  # noqa: A002
def swapdims(input, dim0, dim1): return _t(input).transpose(dim0, dim1)  # noqa: A002
def swapaxes(input, axis0, axis1): return _t(input).transpose(axis0, axis1)  # noqa: A002
def msort(input): return _t(input).msort()  # noqa: A002


def diagonal(input, offset=0, dim1=0, dim2=1):  # noqa: A002
    return _t(input).diagonal(offset, dim1, dim2)


# ── reductions that skip nan, elementwise ────────────────────────────────────────────────
def nansum(input, dim=None, keepdim=False, *, dtype=None):  # noqa: A002
    return _t(input).nansum(dim, keepdim, dtype=dtype)


def nanmean(input, dim=None, keepdim=False, *, dtype=None):  # noqa: A002
    return _t(input).nanmean(dim, keepdim, dtype=dtype)


def fmax(input, other): return _t(input).fmax(_argument("fmax", other))  # noqa: A002
def fmin(input, other): return _t(input).fmin(_argument("fmin", other))  # noqa: A002
def absolute(input): return _t(input).abs()  # noqa: A002
def positive(input): return _t(input).positive()  # noqa: A002
def sgn(input): return _t(input).sgn()  # noqa: A002
def greater(input, other): return _t(input).gt(other)  # noqa: A002
def greater_equal(input, other): return _t(input).ge(other)  # noqa: A002
def less(input, other): return _t(input).lt(other)  # noqa: A002
def less_equal(input, other): return _t(input).le(other)  # noqa: A002
def not_equal(input, other): return _t(input).ne(other)  # noqa: A002


def rsub(input, other, *, alpha=1):  # noqa: A002
    """other − alpha·input (``RsubBackward0`` for a tensor other, ``RsubBackward1`` else)."""
    x = _t(input)
    scaled = x if alpha == 1 else x * alpha
    if isinstance(other, Tensor):
        return named_node(other - scaled, "RsubBackward0", other, scaled)
    return other - scaled


def clip_(input, min=None, max=None): return input.clamp_(min, max)  # noqa: A001, A002
def reciprocal_(input): return input.reciprocal_()  # noqa: A002


# ── writes along an index or a mask ──────────────────────────────────────────────────────
def index_add(input, dim, index, source, *, alpha=1):  # noqa: A002
    return _t(input).index_add(dim, index, source, alpha=alpha)


def index_copy(input, dim, index, source):  # noqa: A002
    return _t(input).index_copy(dim, index, source)


def masked_scatter(input, mask, source):  # noqa: A002
    return _t(input).masked_scatter(mask, source)

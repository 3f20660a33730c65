"""`Tensor`'s fused and smaller arithmetic: ``addcmul``, ``addcdiv`` (an optimizer written from
scratch: ``v.mul_(β).addcmul_(g, g, value=1 - β)``), ``addbmm``, ``aminmax``, ``renorm``,
``diagflat``, ``split_with_sizes``, ``sum_to_size``, ``ldexp``, ``frexp``, the integer
functions ``gcd``, ``lcm`` and the shifts, and ``isposinf``/``isneginf``/``isreal``.

A mixin that `Tensor` inherits, with the ``torch.*`` functions of the same names.  Each is a
composite of existing rows, named after PyTorch's one node (``AddcdivBackward0``,
``AminmaxBackward0``, ``RenormBackward0``…: `printing.named_node`), except ``addcmul``, a
row of its own (`ops_pointwise`: PyTorch's fused multiply-add).  Both are computed in
PyTorch's order of operations — self + (value·t1)·t2 and self + (value·t1)/t2 — so float32
results agree bit for bit.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from gradviz.engine import ops_pointwise  # noqa: F401 - registers the addcmul row
from gradviz.engine.autograd import apply
from gradviz.engine.printing import named_node
from gradviz.engine.tensor_bitwise import _bitwise
from gradviz.engine.tensor_shape import return_type_repr, wrap, wrap_dim

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor

_INTEGER_ADDCDIV = (
    "Integer division with addcdiv is no longer supported, and in a future  release addcdiv "
    "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be "
    "implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for "
    "integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future "
    "addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), "
    "for all dtypes.")


class aminmax(NamedTuple):  # noqa: N801 - PyTorch's torch.return_types.aminmax
    min: Any
    max: Any

    def __repr__(self) -> str:
        return return_type_repr("aminmax", self)


class frexp(NamedTuple):  # noqa: N801 - torch.return_types.frexp
    mantissa: Any
    exponent: Any

    def __repr__(self) -> str:
        return return_type_repr("frexp", self)


def _scaled(t: Tensor, value) -> Tensor:
    return t if value == 1 else t * value


def addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value=1,  # noqa: A002
            out=None) -> Tensor:
    """input + value · tensor1 · tensor2, elementwise (broadcasting): a registry row
    (`ops_pointwise`), PyTorch's fused multiply-add."""
    return apply("addcmul", input, tensor1, tensor2, value=value)


def addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value=1,  # noqa: A002
            out=None) -> Tensor:
    """input + value · tensor1 / tensor2, elementwise (broadcasting)."""
    if tensor1._data.dtype.kind in "biu" and tensor2._data.dtype.kind in "biu":
        raise RuntimeError(_INTEGER_ADDCDIV)
    result = input + _scaled(tensor1, value) / tensor2
    return named_node(result, "AddcdivBackward0")


def addbmm(input: Tensor, batch1: Tensor, batch2: Tensor, *, beta=1, alpha=1,  # noqa: A002
           out=None) -> Tensor:
    """β·input + α·Σ_b batch1[b] @ batch2[b]: a batch of products summed into one matrix."""
    for name, t in (("batch1", batch1), ("batch2", batch2)):
        if t.dim() != 3:
            raise RuntimeError(f"{name} must be a 3D tensor")
    if batch1.shape[0] != batch2.shape[0]:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got "
                           f"{batch1.shape[0]} and {batch2.shape[0]}")
    if batch1.shape[2] != batch2.shape[1]:
        raise RuntimeError(f"Incompatible matrix sizes for bmm ({batch1.shape[1]}x"
                           f"{batch1.shape[2]} and {batch2.shape[1]}x{batch2.shape[2]})")
    products = (batch1 @ batch2).sum(0)
    start = input.expand(*products.shape) if input.shape != products.shape else input
    result = _scaled(products, alpha) if beta == 0 else _scaled(start, beta) + _scaled(
        products, alpha)
    return named_node(result, "AddbmmBackward0")


def torch_aminmax(input: Tensor, *, dim=None, keepdim: builtins.bool = False,  # noqa: A002
                  out=None) -> aminmax:
    """(min, max) of input, or of each slice along `dim`; the gradient goes evenly to ties."""
    if not input.numel():
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                           "operation has no identity.")
    dims = () if dim is None else dim
    low, high = input.amin(dims, keepdim), input.amax(dims, keepdim)
    return aminmax(named_node(low, "AminmaxBackward0", input),
                   named_node(high, "AminmaxBackward0", input))


def _broadcastable(a: tuple, b: tuple) -> None:
    """PyTorch's error for two shapes that do not broadcast (the first misfit from the right)."""
    n = builtins.max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + tuple(a), (1,) * (n - len(b)) + tuple(b)
    for i in reversed(range(n)):
        if a[i] != b[i] and 1 not in (a[i], b[i]):
            raise RuntimeError(f"The size of tensor a ({a[i]}) must match the size of tensor b "
                               f"({b[i]}) at non-singleton dimension {i}")


def clamp_between(input: Tensor, min=None, max=None) -> Tensor:  # noqa: A002
    """``x.clamp(lo, hi)`` with tensor bounds (broadcast): min(max(x, lo), hi), each bound's
    gradient where it is the result, x's elsewhere (PyTorch's ``ClampBackward0``)."""
    result = input
    for bound in (min, max):
        if bound is not None:
            _broadcastable(input.shape, input._coerce(bound).shape)
    if min is not None:
        min = input._coerce(min)  # noqa: A001
        result = apply("where", result < min, min, result)
    if max is not None:
        max = input._coerce(max)  # noqa: A001
        result = apply("where", result > max, max, result)
    return named_node(result, "ClampBackward0", input)


def renorm(input: Tensor, p, dim: builtins.int, maxnorm) -> Tensor:  # noqa: A002
    """input with each slice along `dim` whose p-norm exceeds maxnorm scaled to norm maxnorm."""
    if input.dim() < 2:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {input.dim()} "
                           "dimensions")
    dim = wrap_dim(dim, input.dim())
    others = tuple(d for d in range(input.dim()) if d != dim)
    norm = input.norm(p, dim=others, keepdim=True)
    over = norm.detach() > maxnorm
    factor = apply("where", over, maxnorm / (norm + 1e-7), wrap(np.ones((), input._data.dtype)))
    return named_node(input * factor, "RenormBackward0")


def ldexp(input: Tensor, other: Tensor, *, out=None) -> Tensor:  # noqa: A002
    """input · 2^other (a floating result)."""
    exponent = other._data if hasattr(other, "_data") else np.asarray(other)
    floating = input._floating()
    dtype = floating._data.dtype
    if exponent.dtype.kind == "f" and exponent.ndim:
        dtype = np.result_type(dtype, exponent.dtype)
    power = wrap(np.exp2(exponent).astype(dtype))
    return named_node(floating * power, "LdexpBackward0")


def torch_frexp(input: Tensor, *, out=None) -> frexp:  # noqa: A002
    """input = mantissa · 2^exponent, |mantissa| in [0.5, 1) (int32 exponents)."""
    if input._data.dtype.kind != "f":
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    _, exponent = np.frexp(input._data)
    scale = wrap(np.ldexp(np.ones((), input._data.dtype), -exponent).astype(input._data.dtype))
    mantissa = named_node(input * scale, "FrexpBackward0")
    return frexp(mantissa, wrap(exponent.astype(np.int32)))


def _int_function(name: str, fn):
    def function(input, other, *, out=None):  # noqa: A002
        return _bitwise(name, fn, input, other)

    function.__name__ = function.__qualname__ = name
    return function


gcd = _int_function("gcd", np.gcd)
lcm = _int_function("lcm", np.lcm)
bitwise_left_shift = _int_function("lshift", np.left_shift)
bitwise_right_shift = _int_function("rshift", np.right_shift)


def isposinf(input: Tensor, *, out=None) -> Tensor:  # noqa: A002
    return wrap(np.isposinf(input._data) if input._data.dtype.kind == "f"
                else np.zeros(input._data.shape, bool))


def isneginf(input: Tensor, *, out=None) -> Tensor:  # noqa: A002
    return wrap(np.isneginf(input._data) if input._data.dtype.kind == "f"
                else np.zeros(input._data.shape, bool))


def isreal(input: Tensor) -> Tensor:  # noqa: A002
    """True everywhere: gradviz's tensors are real."""
    return wrap(np.ones(input._data.shape, bool))


def split_with_sizes(input: Tensor, split_sizes, dim: builtins.int = 0  # noqa: A002
                     ) -> tuple[Tensor, ...]:
    parts = input.split(list(split_sizes), dim)
    return tuple(named_node(part, "SplitWithSizesBackward0", input) for part in parts)


def sum_to_size(input: Tensor, *size) -> Tensor:  # noqa: A002
    """input summed down to `size`, a shape it broadcasts from (the reverse of ``expand``)."""
    if len(size) == 1 and not isinstance(size[0], builtins.int):
        size = tuple(size[0])
    shape = tuple(input.shape)
    lead = len(shape) - len(size)
    if lead < 0 or any(n not in (1, m) for n, m in zip(size, shape[lead:], strict=True)):
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(shape)}}}.")
    if tuple(size) == shape:
        return input
    ones = tuple(i for i, n in enumerate(size) if n == 1 and shape[lead + i] != 1)
    result = input.sum(tuple(range(lead))) if lead else input
    return result.sum(ones, keepdim=True) if ones else result


class ArithMethods:
    __slots__ = ()

    def addcmul(self, tensor1: Tensor, tensor2: Tensor, *, value=1) -> Tensor:
        return addcmul(self, tensor1, tensor2, value=value)

    def addcmul_(self, tensor1: Tensor, tensor2: Tensor, *, value=1) -> Tensor:
        return self._inplace_checked(lambda t: addcmul(t, tensor1, tensor2, value=value))

    def addcdiv(self, tensor1: Tensor, tensor2: Tensor, *, value=1) -> Tensor:
        return addcdiv(self, tensor1, tensor2, value=value)

    def addcdiv_(self, tensor1: Tensor, tensor2: Tensor, *, value=1) -> Tensor:
        return self._inplace_checked(lambda t: addcdiv(t, tensor1, tensor2, value=value))

    def addbmm(self, batch1: Tensor, batch2: Tensor, *, beta=1, alpha=1) -> Tensor:
        return addbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm_(self, batch1: Tensor, batch2: Tensor, *, beta=1, alpha=1) -> Tensor:
        return self._fused_inplace((batch1.shape[1], batch2.shape[-1]),
                                   lambda t: addbmm(t, batch1, batch2, beta=beta, alpha=alpha))

    def _inplace_checked(self, compute) -> Tensor:
        from gradviz.engine.tensor_inplace_forms import written_into

        return written_into(self, compute)

    def aminmax(self, *, dim=None, keepdim: builtins.bool = False) -> aminmax:
        return torch_aminmax(self, dim=dim, keepdim=keepdim)

    def renorm(self, p, dim: builtins.int, maxnorm) -> Tensor:
        return renorm(self, p, dim, maxnorm)

    def diagflat(self, offset: builtins.int = 0) -> Tensor:
        from gradviz.engine.joining import diag_embed

        return named_node(diag_embed(self.reshape(-1), offset), "DiagEmbedBackward0")

    def split_with_sizes(self, split_sizes, dim: builtins.int = 0) -> tuple[Tensor, ...]:
        return split_with_sizes(self, split_sizes, dim)

    def sum_to_size(self, *size) -> Tensor:
        return sum_to_size(self, *size)

    def ldexp(self, other: Tensor) -> Tensor:
        return ldexp(self, other)

    def frexp(self) -> frexp:
        return torch_frexp(self)

    def gcd(self, other: Tensor) -> Tensor:
        return gcd(self, other)

    def lcm(self, other: Tensor) -> Tensor:
        return lcm(self, other)

    def bitwise_left_shift(self, other) -> Tensor:
        return bitwise_left_shift(self, other)

    def bitwise_right_shift(self, other) -> Tensor:
        return bitwise_right_shift(self, other)

    def isposinf(self) -> Tensor:
        return isposinf(self)

    def isneginf(self) -> Tensor:
        return isneginf(self)

    def isreal(self) -> Tensor:
        return isreal(self)

    def cross(self, other: Tensor, dim: builtins.int | None = None) -> Tensor:
        from gradviz.engine.linalg import torch_cross

        return torch_cross(self, other, dim)

    def svd(self, some: builtins.bool = True, compute_uv: builtins.bool = True):
        from gradviz.engine.linalg import torch_svd

        return torch_svd(self, some, compute_uv)

"""In-place changes, as PyTorch allows them: ``x[:, 1] = 0``, ``grad_h[h < 0] = 0``,
``w -= lr * w.grad`` under ``no_grad``, ``self.out += self.bias`` in a forward pass.

A mixin that `Tensor` inherits (no state of its own).  Each change is one of three kinds:

* nothing records it (grad mode is off, or neither the tensor nor the value needs a gradient):
  the numbers change where they are, so a view and the tensor it views both see it;
* the tensor is a leaf that requires grad: PyTorch's error;
* otherwise it is recorded.  The tensor's history so far moves to a fresh tensor (its older
  *version*), and the tensor becomes the result of one op on it — ``add(older, bias)``,
  ``index_put(older, value)`` — so ``x.grad_fn`` is ``AddBackward0`` as in PyTorch.  An op
  recorded before the change read the older version; PyTorch's version counter tells it so,
  and here `autograd.resolve_versions` does, when a backward pass walks the graph.

Every change, recorded or not, adds one to the tensor's ``_version``, as PyTorch's counter
does; an op that saved the tensor for its gradient then refuses to run backward, with
PyTorch's error (`engine.saved_versions`).
"""

from __future__ import annotations

import builtins
import weakref
from numbers import Integral
from typing import TYPE_CHECKING

import numpy as np

from gradviz.engine import autograd
from gradviz.engine.autograd import apply, is_grad_enabled
from gradviz.engine.backend import array_module
from gradviz.engine.inplace_views import VIEW_LEAF_ERROR, viewed_base, write_through
from gradviz.engine.printing import named_node

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor

LEAF_ERROR = "a leaf Variable that requires grad is being used in an in-place operation."


def own_index(i, copy: bool = True):
    """An index with its tensors read as arrays; with `copy`, each array one of its own: the
    graph keeps it, and a loop shuffling its index array in place must not change it."""
    if hasattr(i, "_data"):
        return i._data.copy() if copy else i._data
    if isinstance(i, tuple):
        return tuple(own_index(j, copy) for j in i)
    return i.copy() if copy and type(i).__name__ == "ndarray" else i  # numpy's or cupy's


def _basic(index) -> bool:
    """Whether `index` picks a view (integers, slices, ``...``, None), not a gather."""
    entries = index if isinstance(index, tuple) else (index,)
    return all(entry is None or entry is Ellipsis or isinstance(entry, slice)
               or (isinstance(entry, Integral) and not isinstance(entry, builtins.bool))
               for entry in entries)


def _fitted(numbers, slot: tuple):
    """`numbers` without the leading ones that make it wider than `slot` (PyTorch's setitem
    copies ``ones(1, 1)`` into one element); unchanged when they are not all ones."""
    shape = tuple(getattr(numbers, "shape", ()))
    extra = len(shape) - len(slot)
    if extra > 0 and all(n == 1 for n in shape[:extra]):
        return numbers.reshape(shape[extra:])
    return numbers


class InplaceMethods:
    __slots__ = ()

    def _records(self, value: object = None) -> bool:
        """Whether a change of this tensor by `value` is recorded (or refused, for a leaf)."""
        if not is_grad_enabled():
            return False
        if self.requires_grad and self._op is None:
            raise RuntimeError(LEAF_ERROR)
        if self._op is not None:  # a view of a leaf that requires grad: PyTorch's error too
            base = viewed_base(self)
            if base is not None and base._op is None and base.requires_grad:
                raise RuntimeError(VIEW_LEAF_ERROR)
        return self.requires_grad or builtins.bool(getattr(value, "requires_grad", False))

    def _bump(self) -> None:
        """A change that no graph records counts all the same, as PyTorch's version counter
        counts it: an op that saved this tensor for its gradient refuses to run on it."""
        self._version = getattr(self, "_version", 0) + 1
        autograd.count_versions()

    def _record_inplace(self, compute, before=None) -> Tensor:
        """Make this tensor ``compute(older)``, `older` holding its numbers (`before` where
        given) and history so far (and knowing the tensor it was, `_live`, and the version its
        op made, `_made_at`); where this tensor is a view, the tensor it views records the
        change too (`inplace_views`)."""
        from gradviz.engine.tensor import Tensor

        base = viewed_base(self) if before is None else None
        base_before = None if base is None else base._data.copy()
        older = Tensor._wrap(self._data.copy() if before is None else before,
                             self.requires_grad)
        for slot in ("_op", "_parents", "_params", "_graph_used"):
            setattr(older, slot, getattr(self, slot))
        for slot in ("_saved", "_versions", "_older"):
            if hasattr(self, slot):
                setattr(older, slot, getattr(self, slot))
        older._version = getattr(self, "_version", 0)
        older._made_at = self.__dict__.get("_made_at", 0)
        older._live = weakref.ref(self)
        autograd.count_versions()
        result = compute(older)
        try:  # in place, so views of this tensor and the tensor it views see the numbers
            if result._data.shape != self._data.shape:  # unsqueeze_: a new shape
                raise ValueError
            self._data[...] = result._data
        except ValueError:  # or a read-only broadcast view
            self._data = result._data
        self._op, self._parents, self._params = result._op, result._parents, result._params
        named = result.__dict__.get("_torch_node")  # PyTorch's node name (`named_node`)
        if named is not None:
            self.__dict__["_torch_node"] = named
        self._requires_grad, self._graph_used = result._requires_grad, False
        for slot in ("_saved", "_versions"):
            if hasattr(result, slot):
                setattr(self, slot, getattr(result, slot))
        self._version, self._older = older._version + 1, older
        self._made_at = self._version
        if base is not None:
            write_through(self, base, base_before)
        return self

    def _inplace(self, name: str, other: object) -> Tensor:
        other = self._coerce(other)
        if other._data.shape != self._data.shape and other._data.ndim:
            wide = np.broadcast_shapes(self._data.shape, other._data.shape)
            if wide != self._data.shape:
                raise RuntimeError(f"output with shape {list(self.shape)} doesn't match the "
                                   f"broadcast shape {list(wide)}")
        if self._records(other):
            return self._record_inplace(lambda older: apply(name, older, other))
        self._data[...] = apply(name, self, other)._data
        self._bump()
        return self

    def _inplace_result(self, compute) -> Tensor:
        """``self = compute(self)`` in place: `compute` returns a tensor of the same shape.
        Recorded where this tensor requires grad, or where what `compute` writes in does
        (``zeros(5).index_copy_(0, i, x)`` with x requiring grad)."""
        if self._records():
            return self._record_inplace(compute)
        result = compute(self)
        if result.requires_grad:
            return self._record_inplace(compute)
        self._data[...] = result._data
        self._bump()
        return self

    def __setitem__(self, index, value) -> None:
        if not self._records(value):  # written now, the index is not kept: no copy of it
            index = own_index(index, copy=False)
            numbers = value._data if hasattr(value, "_data") else value
            try:
                self._data[index] = numbers
            except ValueError:  # a[2] = t of shape (1, 1): PyTorch drops leading ones
                self._data[index] = _fitted(numbers, self._data[index].shape)
            self._bump()
            return
        index = own_index(index)
        value = self._coerce(value)
        slot = self._data[index].shape
        if value._data.ndim > len(slot):
            value = value.reshape(_fitted(value._data, slot).shape)
        if value.dtype != self.dtype:
            value = value.to(self.dtype)
        if _basic(index):  # PyTorch copies into a view of the slots: its node is CopySlices
            self._record_inplace(lambda older: named_node(
                apply("index_put", older, value, index=index), "CopySlices", older, value))
            return
        self._record_inplace(lambda older: apply("index_put", older, value, index=index))

    # ── arithmetic in place ──────────────────────────────────────────────────────────────
    def __iadd__(self, other):
        return self._inplace("add", other)

    def __isub__(self, other):
        return self._inplace("sub", other)

    def __imul__(self, other):
        return self._inplace("mul", other)

    def __itruediv__(self, other):
        return self._inplace("div", other)

    def __ifloordiv__(self, other):
        return self.floor_divide_(other)

    def __imod__(self, other):
        return self.remainder_(other)

    def add_(self, other, alpha: builtins.float = 1):
        return self._inplace("add", other * alpha if alpha != 1 else other)

    def sub_(self, other, alpha: builtins.float = 1):
        return self._inplace("sub", other * alpha if alpha != 1 else other)

    def mul_(self, other):
        return self._inplace("mul", other)

    def div_(self, other):
        return self._inplace("div", other)

    def pow_(self, exponent):
        return self._inplace("pow", exponent)

    def copy_(self, other, non_blocking: builtins.bool = False):
        self[...] = other
        return self

    def zero_(self) -> Tensor:
        self[...] = 0
        return self

    def fill_(self, value) -> Tensor:
        self[...] = value
        return self

    def clamp_(self, min=None, max=None) -> Tensor:  # noqa: A002 - PyTorch's names
        return self._inplace_result(lambda t: t.clamp(min, max))

    def neg_(self) -> Tensor:
        return self._inplace_result(lambda t: -t)

    def square_(self) -> Tensor:
        return self._inplace_result(lambda t: t * t)

    # ── shapes in place: the same numbers seen in a new shape ────────────────────────────
    def _reshape_inplace(self, compute) -> Tensor:
        if self._records():
            return self._record_inplace(compute)
        self._data = compute(self.detach())._data  # a view of the same numbers
        self._bump()
        return self

    def scatter_add_(self, dim: builtins.int, index, src) -> Tensor:
        return self._inplace_result(lambda t: t.scatter_add(dim, index, src))

    def scatter_(self, dim: builtins.int, index, src=None, value=None, **kwargs) -> Tensor:
        return self._inplace_result(lambda t: t.scatter(dim, index, src, value=value, **kwargs))

    def index_fill(self, dim: builtins.int, index, value) -> Tensor:
        """A copy with `value` (a number or a 0-d tensor) written at positions `index` (int64,
        a vector or a scalar) along `dim`; its gradient is G with those positions 0, and the
        value's the sum of G over them."""
        value, index = _index_fill_args(self, dim, index, value)
        return apply("index_fill", self, value, index=index)

    def index_fill_(self, dim: builtins.int, index, value) -> Tensor:
        _index_fill_args(self, dim, index, value)  # PyTorch's errors before anything changes
        return self._inplace_result(lambda t: t.index_fill(dim, index, value))

    def unsqueeze_(self, dim: builtins.int) -> Tensor:
        return self._reshape_inplace(lambda t: t.unsqueeze(dim))

    def squeeze_(self, dim: builtins.int | None = None) -> Tensor:
        return self._reshape_inplace(lambda t: t.squeeze(dim))

    def t_(self) -> Tensor:
        return self._reshape_inplace(lambda t: t.t())

    def transpose_(self, dim0: builtins.int, dim1: builtins.int) -> Tensor:
        return self._reshape_inplace(lambda t: t.transpose(dim0, dim1))

    def resize_(self, *shape) -> Tensor:
        return self._reshape_inplace(lambda t: t.reshape(*shape))


def _index_fill_args(t: Tensor, dim, index, value) -> tuple:
    """index_fill's value (a 0-d tensor of t's dtype) and the index of its positions in t,
    with PyTorch's errors for a wrong dim, index or value."""
    from gradviz.engine import creation
    from gradviz.engine.tensor import Tensor
    from gradviz.engine.tensor_shape import wrap_dim

    dim = wrap_dim(dim, t.dim())
    positions = index._data if hasattr(index, "_data") else np.asarray(index)
    if positions.dtype != np.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    if positions.ndim > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    size = t.shape[dim] if t.dim() else 1
    wrong = positions[(positions < -size) | (positions >= size)]
    if wrong.size:
        raise IndexError(f"index {builtins.int(wrong[0])} is out of bounds for dimension {dim} "
                         f"with size {size}")
    if isinstance(value, Tensor):
        if value.dim():
            raise RuntimeError("index_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value.dim()} dimension(s).")
        value = value if value.dtype == t.dtype else value.to(t.dtype)
    else:  # a number, cast to t's dtype as PyTorch does (2.7 into an int64 tensor is 2)
        value = creation.full((), value, dtype=t.dtype, device=t.device)
    if not t.dim():  # a 0-d tensor: its one element where index is 0 or −1, else nothing
        return value, (() if positions.size else np.False_)
    # Each position once: the value's gradient is G summed over the filled positions, which a
    # repeated index (or −1 beside size − 1) must not count twice.
    xp = array_module(positions)
    return value, (slice(None),) * dim + (xp.unique(positions.reshape(-1) % size),)


def _castable(result: Tensor, into: Tensor) -> None:
    """PyTorch's error for a result it cannot write into `into` (a float into an integer)."""
    from gradviz.engine.tensor_shape import torch_type_name

    kinds = "b" if into._data.dtype.kind == "b" else "biu"
    if into._data.dtype.kind in "biu" and result._data.dtype.kind not in kinds:
        raise RuntimeError(f"result type {torch_type_name(result.dtype)} can't be cast to the "
                           f"desired output type {torch_type_name(into.dtype)}")
    if result._data.shape != into._data.shape:
        wide = np.broadcast_shapes(into._data.shape, result._data.shape)
        if wide != into._data.shape:
            raise RuntimeError(f"output with shape {list(into.shape)} doesn't match the "
                               f"broadcast shape {list(wide)}")


def written_into(x: Tensor, compute) -> Tensor:
    """x made ``compute(x)`` in place, with PyTorch's checks (shape, dtype) before it changes."""
    def checked(t: Tensor) -> Tensor:
        result = compute(t)
        _castable(result, x)
        return result if result.dtype == x.dtype else result.to(x.dtype)

    return x._inplace_result(checked)


def elementwise_inplace(name: str, owner: str = "InplaceMethods"):
    """``x.name_()``: the unary method `name` written into x (for the class `owner`)."""
    def method(self):
        return written_into(self, lambda t: getattr(t, name)())

    method.__name__, method.__qualname__ = f"{name}_", f"{owner}.{name}_"
    method.__doc__ = f"``x.{name}_()``: ``x.{name}()`` written into x, as PyTorch's."
    return method


# ``x.exp_()`` and the like: each is its op written into x (one table, not one method each).
for _name in ("exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid", "relu"):
    setattr(InplaceMethods, f"{_name}_", elementwise_inplace(_name))

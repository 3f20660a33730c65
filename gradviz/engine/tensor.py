"""`Tensor`: an n-dimensional array that remembers how it was computed, PyTorch-shaped.

Every differentiable method goes through `autograd.apply` and one registry op, so the
forward, the backward and the stepper all share the registry's code.
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Sequence

import numpy as np

from gradviz.engine import autograd, hooks
from gradviz.engine import dtypes as dt
from gradviz.engine.autograd import apply, is_grad_enabled
from gradviz.engine.backend import CPU, array_module, device_of, to_device, to_numpy
from gradviz.engine.foreign import is_torch_tensor, torch_array
from gradviz.engine.grad_fn import node_of
from gradviz.engine.hooks import HookMethods
from gradviz.engine.inplace import InplaceMethods, own_index
from gradviz.engine.keywords import torch_keywords
from gradviz.engine.printing import PickedBy, builtin_method, named_node, node_name, tensor_text
from gradviz.engine.tensor_arith import ArithMethods
from gradviz.engine.tensor_bitwise import BitwiseMethods
from gradviz.engine.tensor_grad import GradMethods
from gradviz.engine.tensor_inplace_forms import InplaceForms
from gradviz.engine.tensor_linalg import LinalgMethods
from gradviz.engine.tensor_math import MathMethods
from gradviz.engine.tensor_memory import MemoryMethods
from gradviz.engine.tensor_more import MoreMethods
from gradviz.engine.tensor_queries import QueryMethods
from gradviz.engine.tensor_requires_grad import RequiresGradMethods
from gradviz.engine.tensor_scatter import ScatterMethods
from gradviz.engine.tensor_shape import (
    Maxima,
    Minima,
    ShapeMethods,
    c_type_name,
    torch_type_name,
    wrap_dim,
)
from gradviz.engine.tensor_sparse import SparseMethods
from gradviz.engine.tensor_special import SpecialMethods
from gradviz.engine.tensor_writes import WriteMethods


class Size(tuple):
    """A tensor's shape: a tuple (equal to plain tuples) that prints like ``torch.Size``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"gradviz.Size({list(self)})"

    def numel(self) -> int:
        return math.prod(self)


class Tensor(InplaceMethods, ShapeMethods, MathMethods, LinalgMethods, BitwiseMethods,
             MemoryMethods, HookMethods, SparseMethods, SpecialMethods, MoreMethods,
             WriteMethods, GradMethods, ArithMethods, ScatterMethods, QueryMethods,
             InplaceForms, RequiresGradMethods):
    # __dict__: a program may keep its own attributes on a tensor (``w.g = …``), as in PyTorch.
    __slots__ = ("_data", "_requires_grad", "_grad", "_op", "_parents", "_params", "name",
                 "_retains_grad", "_graph_used", "_saved", "_version", "_older", "_versions",
                 "__weakref__", "__dict__")
    # numpy defers its operators to our reflected ones (``np.float64(2) * t``, ``array * t``),
    # and a ufunc on a tensor (``np.sqrt(loss)``) answers a tensor (`__array_wrap__`).
    __array_priority__ = 1000
    __module__ = "gradviz"  # type(t) prints <class 'gradviz.Tensor'>, as <class 'torch.Tensor'>

    def __init__(self, data: object = (), requires_grad: bool = False, name: str | None = None,
                 *sizes: int):
        """``torch.Tensor(…)``: PyTorch's legacy constructor.  A numpy array, a sequence, a
        tensor or sizes become a new tensor of the default float (``torch.Tensor(array)`` of
        float64 numbers is float32, as in PyTorch).  The engine's own tensors come from
        `_wrap` (an array in, no copy)."""
        if type(data) is np.ndarray:
            data = data.astype(dt.DEFAULT_FLOAT.np)  # always a copy, as PyTorch's
        elif isinstance(data, np.generic):
            data = np.asarray(data, dt.DEFAULT_FLOAT.np)
        elif not hasattr(data, "shape") or isinstance(data, Tensor):  # torch.Tensor([1, 2])
            from gradviz.engine.legacy import python_data

            data, requires_grad, name = python_data(data, sizes, requires_grad, name)
        self._setup(data, requires_grad, name)

    def _setup(self, data: object, requires_grad: bool, name: str | None) -> None:
        self._data = data
        self._requires_grad = requires_grad
        self._grad: Tensor | None = None
        self._op = None
        self._parents: tuple[Tensor, ...] = ()
        self._params: dict = {}
        self.name = name
        self._retains_grad = False
        self._graph_used = False  # a backward pass went through this op (see autograd.backward)
        self._version = 0  # PyTorch's version counter: each change in place adds one

    @classmethod
    def _wrap(cls, array: object, requires_grad: bool = False, name: str | None = None) -> Tensor:
        """The engine's constructor: `array` (numpy or cupy) held as it is, no copy.  numpy
        gives a 0-d result as a scalar, which cannot be updated in place (a momentum buffer,
        ``acc += x``): a tensor always holds an array."""
        if not hasattr(array, "shape") or isinstance(array, np.generic):
            array = np.asarray(array)
        tensor = cls.__new__(cls)
        tensor._setup(array, requires_grad, name)
        return tensor

    # ── properties ───────────────────────────────────────────────────────────────────────
    @property
    def shape(self) -> Size:
        return Size(self._data.shape)

    @builtin_method
    def size(self, dim: int | None = None):
        return self.shape if dim is None else self.shape[wrap_dim(dim, self.dim())]

    @builtin_method
    def dim(self) -> int:
        return self._data.ndim

    ndim = property(dim)

    @builtin_method
    def numel(self) -> int:
        return int(self._data.size)

    @property
    def dtype(self) -> dt.dtype:
        return dt.of_array(self._data)

    @property
    def device(self) -> str:
        return device_of(self._data)

    @property
    def is_cuda(self) -> builtins.bool:
        return self.device.startswith("cuda")

    @property
    def is_leaf(self) -> bool:
        return self._op is None

    @property
    def grad_fn(self):
        """The node that made this tensor (``<MulBackward0 object …>``), None for a leaf."""
        return None if self._op is None else node_of(self)

    @property
    def data(self) -> Tensor:
        return Tensor._wrap(self._data)

    @data.setter
    def data(self, value: Tensor) -> None:
        self._data = value._data if isinstance(value, Tensor) else value

    @property
    def T(self) -> Tensor:  # noqa: N802 - PyTorch's name
        if self._data.ndim == 2:  # every Linear layer's weight.T: the short way to one op
            return reordered(apply("transpose", self, dim0=0, dim1=1), self, (1, 0))
        return self.permute_reverse()

    def permute_reverse(self) -> Tensor:
        if self.dim() < 2:
            return self
        result = self
        n = self.dim()
        for i in range(n // 2):
            result = result.transpose(i, n - 1 - i)
        return result

    # ── autograd ─────────────────────────────────────────────────────────────────────────
    def backward(self, gradient: Tensor | None = None, retain_graph: bool | None = None,
                 create_graph: bool = False) -> None:
        autograd.backward(self, gradient, retain_graph, create_graph)

    def _accumulate_grad(self, g: object, owned: bool = False) -> None:
        # `owned`: nothing else holds `g` (backward says so), so it becomes `.grad` uncopied.
        if self._grad is None:
            self._grad = Tensor._wrap(g if owned else g.copy())
        else:
            total = self._grad._data + g
            self._grad._data = np.asarray(total) if isinstance(total, np.generic) else total
        if hooks.POST_ACCUMULATE:
            hooks.post_accumulate(self)

    def detach(self) -> Tensor:
        return Tensor._wrap(self._data)

    # ── conversion ───────────────────────────────────────────────────────────────────────
    @builtin_method
    def numpy(self) -> np.ndarray:
        if self.requires_grad:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. "
                "Use tensor.detach().numpy() instead."
            )
        if self.device != CPU:
            raise TypeError("can't convert cuda tensor to numpy. Use Tensor.cpu() first.")
        return self._data

    @builtin_method
    def item(self) -> builtins.float | builtins.int | builtins.bool:
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar"
            )
        return to_numpy(self._data).reshape(()).item()

    @builtin_method
    def tolist(self) -> list:
        return to_numpy(self._data).tolist()

    def to(self, *args, dtype=None, device=None, non_blocking: builtins.bool = False,
           copy: builtins.bool = False, memory_format=None) -> Tensor:
        """This tensor in another dtype or on another device (itself where nothing changes
        and not `copy`); `non_blocking` changes nothing here; `memory_format` lays the
        numbers out (``channels_last``) as ``contiguous`` does."""
        from gradviz.engine.memory_format import memory_format as _format
        from gradviz.engine.memory_format import preserve_format

        formats = [a for a in args if isinstance(a, _format)]
        args = tuple(a for a in args if not isinstance(a, _format | builtins.bool))
        memory_format = formats[0] if formats else memory_format
        result = self._cast(*args, dtype=dtype, device=device)
        if copy and result is self:
            result = self.clone()
        if memory_format is not None and memory_format is not preserve_format:
            result = result.contiguous(memory_format)
        return result

    def _cast(self, *args, dtype=None, device=None) -> Tensor:
        from gradviz.engine.backend import normalize_device

        for arg in args:
            if isinstance(arg, dt.dtype) or arg in (builtins.float, builtins.int, bool):
                dtype = arg
            else:
                device = arg
        array = self._data
        if device is not None and device_of(array) != normalize_device(device):
            moved = Tensor._wrap(to_device(array, normalize_device(device)), self.requires_grad)
            return moved.to(dtype=dtype) if dtype is not None else moved
        target = None if dtype is None else dt.to_dtype(dtype).np
        if target is None or array.dtype == target:
            return self
        # Only floats carry gradients: x.long() is a plain integer tensor, as in PyTorch.
        if self.requires_grad and is_grad_enabled() and target.kind == "f":
            return apply("cast", self, dtype=target)
        return Tensor._wrap(array.astype(target))

    def cpu(self) -> Tensor:
        return self.to(device=CPU)

    def cuda(self) -> Tensor:
        return self.to(device="cuda")

    def float(self) -> Tensor:
        return self.to(dt.float32)

    def double(self) -> Tensor:
        return self.to(dt.float64)

    def long(self) -> Tensor:
        return self.to(dt.int64)

    @builtin_method
    def type(self, dtype=None, non_blocking: builtins.bool = False):
        """``t.type()`` names the type (``torch.FloatTensor``); ``t.type(torch.float64)`` or
        ``t.type(torch.DoubleTensor)`` converts."""
        from gradviz.engine import legacy

        if dtype is None:
            return legacy.type_name(self.dtype)
        return self.to(legacy.dtype_of(dtype))

    def clone(self, *, memory_format=None) -> Tensor:
        """A copy in the graph; its numbers laid out as this tensor's (``preserve_format``,
        the default) or as `memory_format` says."""
        copy = apply("clone", self) if self.requires_grad else Tensor._wrap(self._data.copy())
        if memory_format is not None:
            from gradviz.engine.memory_format import laid_out, preserve_format

            if memory_format is not preserve_format:
                copy._data = laid_out(copy._data, memory_format)
                return copy
        if not self._data.flags.c_contiguous:  # a dense view's strides kept, as PyTorch
            copy._data = array_module(self._data).copy(self._data, order="K")
        return copy

    def __len__(self) -> int:
        if self.dim() == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __bool__(self) -> bool:
        if self._data.size != 1:
            how_many = "no values" if self._data.size == 0 else "more than one value"
            raise RuntimeError(f"Boolean value of Tensor with {how_many} is ambiguous")
        return builtins.bool(self.item())

    def __float__(self) -> builtins.float:
        return builtins.float(self.item())

    def __int__(self) -> builtins.int:
        return builtins.int(self.item())

    def __index__(self) -> builtins.int:
        # ``data[i:i + 8]`` with i drawn from an integer tensor, as PyTorch allows it.
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an "
                            "index")
        return builtins.int(self.item())

    def __format__(self, spec: str) -> str:
        # f"{loss:.2f}": a 0-d tensor formats as its number, as PyTorch's does.
        if self.dim() == 0:
            return format(self.item(), spec)
        if spec:
            raise TypeError("unsupported format string passed to Tensor.__format__")
        return repr(self)

    def __repr__(self) -> str:
        extras = []
        if self.device != CPU:
            extras.append(f"device={self.device!r}")
        if self.device == "meta":  # no values: PyTorch shows "..." and the size
            extras.append(f"size={tuple(self.shape)}")
        # An empty tensor has no elements to tell int64 or bool by: PyTorch names its dtype.
        if self.dtype not in (dt.DEFAULT_FLOAT, dt.int64, dt.bool_) or (
                self.dtype is not dt.DEFAULT_FLOAT and not self._data.size):
            extras.append(f"dtype={self.dtype!r}")
        if self._op is not None:
            extras.append(f"grad_fn=<{node_name(self)}>")
        elif self.requires_grad:
            extras.append("requires_grad=True")
        if self.device == "meta":
            return "tensor(..., " + ", ".join(extras) + ")"
        return tensor_text(to_numpy(self._data), extras)

    # ── arithmetic ───────────────────────────────────────────────────────────────────────
    def _coerce(self, other: object) -> Tensor:
        if isinstance(other, Tensor):
            return other
        xp = array_module(self._data)
        if isinstance(other, builtins.bool | builtins.int | builtins.float):
            kind = self._data.dtype.kind
            if kind == "b" and isinstance(other, builtins.bool):
                dtype = np.bool_  # bool tensor + True stays bool, as in PyTorch
            elif kind == "f" or (kind in "iub" and isinstance(other, builtins.int)):
                dtype = self._data.dtype if kind != "b" else np.int64
            else:
                dtype = dt.DEFAULT_FLOAT.np
            if kind in "iu" and dtype == self._data.dtype and isinstance(other, builtins.int):
                # int8 * 1000 wraps around as PyTorch's does (numpy refuses the 1000).
                return Tensor._wrap(xp.asarray(np.array(other).astype(dtype)))
            return Tensor._wrap(xp.asarray(other, dtype=dtype))
        if is_torch_tensor(other):  # from a library on real PyTorch
            return Tensor._wrap(xp.asarray(torch_array(other)))
        return Tensor._wrap(xp.asarray(other))

    def __add__(self, other):
        return apply("add", self, self._coerce(other))

    def __radd__(self, other):
        # ``2 + t`` is recorded as PyTorch records it, add(t, 2): the tensor first, so
        # ``grad_fn.next_functions`` lists it first.  Lessons keep their written order by
        # coercing the number themselves (gradviz.lesson.program).
        return apply("add", self, self._coerce(other))

    def __sub__(self, other):
        return apply("sub", self, self._coerce(other))

    def __rsub__(self, other):
        return apply("rsub", self._coerce(other), self)

    def __mul__(self, other):
        return apply("mul", self, self._coerce(other))

    def __rmul__(self, other):
        return apply("mul", self, self._coerce(other))  # mul(t, 2), as PyTorch records ``2 * t``

    def __truediv__(self, other):
        return apply("div", self, self._coerce(other))

    def __rtruediv__(self, other):
        return apply("div", self._coerce(other), self)

    def __pow__(self, other):
        return apply("pow", self, self._coerce(other))

    def __rpow__(self, other):
        return apply("pow", self._coerce(other), self)

    def __floordiv__(self, other):
        return self.floor_divide(other)

    def __rfloordiv__(self, other):
        return self._coerce(other).floor_divide(self)

    def __mod__(self, other):
        return self.remainder(other)

    def __rmod__(self, other):
        return self._coerce(other).remainder(self)

    def __matmul__(self, other):
        return matmul(self, self._coerce(other))

    def __rmatmul__(self, other):
        return matmul(self._coerce(other), self)

    def __neg__(self):
        return apply("neg", self)

    def __pos__(self):
        return self

    def __abs__(self):  # Python's abs(t), as t.abs()
        return self.abs()

    def _compare(self, other, fn) -> Tensor:
        return Tensor._wrap(fn(self._data, self._coerce(other)._data))

    def __eq__(self, other):  # type: ignore[override]
        return self._compare(other, lambda a, b: a == b)

    def __ne__(self, other):  # type: ignore[override]
        return self._compare(other, lambda a, b: a != b)

    def __lt__(self, other):
        return self._compare(other, lambda a, b: a < b)

    def __le__(self, other):
        return self._compare(other, lambda a, b: a <= b)

    def __gt__(self, other):
        return self._compare(other, lambda a, b: a > b)

    def __ge__(self, other):
        return self._compare(other, lambda a, b: a >= b)

    __hash__ = object.__hash__

    # ── reductions, shapes, elementwise functions ────────────────────────────────────────
    def sum(self, dim=None, keepdim: bool = False) -> Tensor:
        return apply("sum", self, dim=dim, keepdim=keepdim)

    def argmax(self, dim=None, keepdim: bool = False) -> Tensor:
        return self._arg_extreme("argmax", dim, keepdim)

    def argmin(self, dim=None, keepdim: bool = False) -> Tensor:
        return self._arg_extreme("argmin", dim, keepdim)

    def _arg_extreme(self, name: str, dim, keepdim: bool) -> Tensor:
        if dim is not None:
            dim = wrap_dim(dim, self.dim())
        elif not self._data.size:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for "
                             f"input.numel() == 0.")
        return Tensor._wrap(getattr(self._data, name)(axis=dim, keepdims=keepdim))

    def max(self, dim=None, keepdim: bool = False):
        """max() of every element; max(dim) → (values, indices); max(other) → maximum."""
        return self._extreme("max", dim, keepdim)

    def min(self, dim=None, keepdim: bool = False):
        return self._extreme("min", dim, keepdim)

    def _extreme(self, name: str, dim, keepdim: bool):
        if dim is None:
            return apply(name, self)
        if isinstance(dim, Tensor):
            return apply(name + "imum", self, dim)
        # The values are the input read at the indices, so the gradient flows to those
        # indices only (PyTorch's rule along a dim), through the index op.
        xp = array_module(self._data)
        dim = wrap_dim(dim, self.dim())
        index = getattr(self._data, "arg" + name)(axis=dim, keepdims=keepdim)
        grids = list(xp.indices(index.shape, sparse=True))
        if keepdim:
            grids[dim] = index
        else:
            grids.insert(dim, index)
        picked = apply("index", self, index=PickedBy(name, grids))
        return (Maxima if name == "max" else Minima)(picked, Tensor._wrap(index))

    def reshape(self, *shape) -> Tensor:
        if len(shape) == 1 and isinstance(shape[0], Sequence):
            shape = tuple(shape[0])
        return apply("reshape", self, shape=_resolve_shape(shape, self._data.size))

    def view(self, *shape) -> Tensor:
        """`reshape` that refuses, as PyTorch's view does, a transposed or permuted tensor whose
        strides cannot describe the new shape (its numbers would have to be copied)."""
        out = self.reshape(*shape)
        probe = self._pytorch_layout()
        if probe is not None:
            try:
                probe.view().shape = out.shape
            except AttributeError:
                raise RuntimeError(
                    "view size is not compatible with input tensor's size and stride (at least "
                    "one dimension spans across two contiguous subspaces). Use .reshape(...) "
                    "instead.") from None
        return out

    def unsqueeze(self, dim: int) -> Tensor:
        shape = list(self.shape)
        shape.insert(wrap_dim(dim, self.dim() + 1), 1)
        return named_node(self.reshape(shape), "UnsqueezeBackward0", self)

    def squeeze(self, dim: int | None = None) -> Tensor:
        if dim is None:
            return named_node(self.reshape([n for n in self.shape if n != 1]),
                              "SqueezeBackward0", self)
        dim = wrap_dim(dim, self.dim())
        if self.dim() == 0 or self.shape[dim] != 1:
            return self
        shape = list(self.shape)
        del shape[dim]
        return named_node(self.reshape(shape), "SqueezeBackward1", self)

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        order = list(range(self.dim()))
        dim0, dim1 = wrap_dim(dim0, self.dim()), wrap_dim(dim1, self.dim())
        if order:
            order[dim0], order[dim1] = order[dim1], order[dim0]
        return reordered(apply("transpose", self, dim0=dim0, dim1=dim1), self, order)

    def t(self) -> Tensor:
        return self.T

    def __getitem__(self, index) -> Tensor:
        # Index arrays are copied: the graph keeps them for the backward pass and the stepper,
        # and a training loop shuffling its index array in place must not change them.
        try:
            return apply("index", self, index=own_index(index))
        except IndexError as exc:  # numpy's words for PyTorch's
            if "out of bounds for axis" not in str(exc):
                raise
            raise IndexError(str(exc).replace("for axis", "for dimension")) from None

    def matmul(self, other) -> Tensor:
        return matmul(self, other)

    def unique(self, sorted: builtins.bool = True, return_inverse: builtins.bool = False,  # noqa: A002
               return_counts: builtins.bool = False, dim: builtins.int | None = None):
        from gradviz.engine.tensor_functions import unique

        return unique(self, sorted, return_inverse, return_counts, dim)

    def mv(self, vec: Tensor) -> Tensor:
        if self.dim() != 2 or vec.dim() != 1:
            raise RuntimeError(f"vector + matrix @ vector expected, got 1, {self.dim()}, "
                               f"{vec.dim()}")
        return matmul(self, vec)


def reordered(out: Tensor, source: Tensor, order) -> Tensor:
    """`out`, which is `source` with its axes in `order`, told the layout PyTorch would give it
    (a view of a contiguous tensor with its axes reordered), for `view` to check."""
    shape, before = source.__dict__.get("_axes_of", (tuple(source.shape), range(source.dim())))
    before = tuple(before)
    out._axes_of = (shape, tuple(before[i] for i in order))
    return out


def matmul(a: Tensor, b: Tensor, op: str = "matmul") -> Tensor:
    """a @ b after PyTorch's checks, recorded as `op` (``bmm`` for torch.bmm)."""
    shape_a, shape_b = a._data.shape, b._data.shape
    if not shape_a or not shape_b:
        raise RuntimeError("both arguments to matmul need to be at least 1D")
    inner_a = shape_a[-1]
    inner_b = shape_b[-2] if len(shape_b) > 1 else shape_b[0]
    # PyTorch checks the shapes first, but a dot product its dtypes first.
    dot = len(shape_a) == len(shape_b) == 1
    if a._data.dtype != b._data.dtype and (inner_a == inner_b or dot):
        raise RuntimeError(_dtype_mismatch(a, b))
    if inner_a != inner_b:
        # PyTorch's words, which tutorials print (a lesson explains it: `lesson.expr`).
        raise autograd.ShapeError(
            f"mat1 and mat2 shapes cannot be multiplied ({_shape_text(a)} and {_shape_text(b)})")
    return apply(op, a, b)


def _dtype_mismatch(a: Tensor, b: Tensor) -> str:
    """PyTorch's error for operands of different dtypes, which names the kernel matmul chose."""
    name_a, name_b = torch_type_name(a.dtype), torch_type_name(b.dtype)
    if a.dim() == 1 and b.dim() == 1:
        return f"dot : expected both vectors to have same dtype, but found {name_a} and {name_b}"
    if b.dim() == 1:
        return (f"addmv input tensors must have the same dtype, but got {name_b}, {name_a}, "
                f"and {name_b}")
    if b.dim() == 2:
        return (f"expected m1 and m2 to have the same dtype, but got: {c_type_name(a.dtype)} != "
                f"{c_type_name(b.dtype)}")
    return f"expected scalar type {name_a} but found {name_b}"


def _resolve_shape(shape: Sequence[int], size: int) -> tuple[int, ...]:
    """A reshape target with its one −1 filled in, checked against the element count."""
    dims = [int(n) for n in shape]
    invalid = RuntimeError(f"shape '{dims}' is invalid for input of size {size}")
    if dims.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    if any(n < -1 for n in dims):
        raise invalid
    known = 1
    for n in dims:
        known *= n if n != -1 else 1
    if -1 in dims:
        if known == 0 or size % known:
            raise invalid
        dims[dims.index(-1)] = size // known
    elif known != size:
        raise invalid
    return tuple(dims)


def _shape_text(t: Tensor) -> str:
    return "x".join(str(n) for n in t.shape) or "scalar"


# The reductions and scans take numpy's axis= and keepdims= too, as PyTorch's do.
for _name in ("sum", "mean", "max", "min", "argmax", "argmin", "std", "var", "prod", "any",
              "all", "amax", "amin", "logsumexp", "norm", "cumsum", "cumprod", "softmax",
              "log_softmax", "squeeze", "unsqueeze", "flatten"):
    setattr(Tensor, _name, torch_keywords(getattr(Tensor, _name)))

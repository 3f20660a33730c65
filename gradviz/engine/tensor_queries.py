"""`Tensor`'s questions and the methods that are PyTorch's for real numbers on one CPU:
``is_nonzero``, ``is_signed``, ``is_same_size``, ``is_inference``, ``is_cpu``,
``get_device`` (``retains_grad`` is `tensor_grad`'s); the memory no-ops ``pin_memory``,
``is_pinned``, ``share_memory_``, ``is_shared``; ``real``, ``conj``, ``resolve_conj``/
``resolve_neg`` (the tensor itself, as PyTorch's for a real dtype) and ``imag`` (PyTorch's
error); ``H``, ``mH``, ``adjoint``; ``char``, ``new_empty_strided``, ``histogram``; the
random fills ``random_``, ``log_normal_``, ``geometric_``, ``cauchy_``; and
``map_``/``apply_`` (a Python function run on each element, in place).

A mixin that `Tensor` inherits.  Pinned memory is page-locked host memory for faster copies to
a GPU, and shared memory lets another process see a tensor: neither changes the numbers, so
here ``pin_memory()`` answers the tensor itself and ``share_memory_()`` only marks it shared.
"""

from __future__ import annotations

import builtins
import warnings
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from gradviz.engine import dtypes as dt
from gradviz.engine.backend import to_numpy
from gradviz.engine.tensor_shape import return_type_repr, wrap

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor


class histogram(NamedTuple):  # noqa: N801 - PyTorch's torch.return_types.histogram
    hist: Any
    bin_edges: Any

    def __repr__(self) -> str:
        return return_type_repr("histogram", self)


def torch_histogram(input: Tensor, bins=100, *, range=None, weight=None,  # noqa: A002
                    density: builtins.bool = False, out=None) -> histogram:
    """Counts (or weights) of input's elements in `bins` equal bins over `range` (input's
    min to max without it), or between the edges a 1-d tensor `bins` names."""
    from gradviz.engine import creation

    data = to_numpy(input._data).reshape(-1)  # PyTorch's histogram runs on the CPU only
    if hasattr(bins, "_data"):
        edges = bins
    else:
        low, high = range if range is not None else (
            (builtins.float(data.min()), builtins.float(data.max())) if data.size else (0.0, 0.0))
        if low == high:  # numpy's and PyTorch's widening of an empty range
            low, high = low - 0.5, high + 0.5
        edges = creation.linspace(low, high, bins + 1, dtype=input.dtype)
    weights = None if weight is None else to_numpy(weight._data).reshape(-1)
    counts, _ = np.histogram(data, bins=to_numpy(edges._data), weights=weights,
                             density=density)
    return histogram(wrap(counts.astype(input._data.dtype)), edges)


def _fill_draw(t: Tensor, draw, generator) -> Tensor:
    return t._fill_random(draw, generator)


def _random_bounds(t: Tensor, args: tuple, to) -> tuple[int, int]:
    """random_'s [low, high): ``random_()``, ``random_(to)``, ``random_(from, to)``."""
    if len(args) == 2:
        return args[0], args[1]
    if len(args) == 1:
        return (args[0], to) if to is not None else (0, args[0])
    if to is not None:
        return 0, to
    dtype = t._data.dtype
    if dtype.kind == "f":  # every integer the dtype holds exactly
        return 0, 2 ** (np.finfo(dtype).nmant + 1) + 1
    if dtype.kind == "b":
        return 0, 2
    return 0, builtins.int(np.iinfo(dtype).max)


def _zero_d(t: Tensor, name: str) -> Tensor:
    """A 0-d tensor's conjugate transpose: the tensor, with PyTorch's deprecation warning."""
    warnings.warn(f"{name} is deprecated on 0-D tensors. Consider using x.conj().", UserWarning,
                  stacklevel=3)
    return t


class QueryMethods:
    __slots__ = ()

    # ── questions ────────────────────────────────────────────────────────────────────────
    def is_nonzero(self) -> builtins.bool:
        if not self.numel():
            raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
        if self.numel() > 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return builtins.bool(self._data.reshape(-1)[0] != 0)

    def is_signed(self) -> builtins.bool:
        return self._data.dtype.kind not in "bu"

    def is_same_size(self, other: Tensor) -> builtins.bool:
        return tuple(self.shape) == tuple(other.shape)

    def is_inference(self) -> builtins.bool:
        """False: gradviz's inference mode is no_grad, whose tensors are ordinary."""
        return False

    @property
    def is_cpu(self) -> builtins.bool:
        return not self.is_cuda

    def get_device(self) -> builtins.int:
        """−1 for a tensor on the CPU, else its GPU's index."""
        return builtins.int(self.device.partition(":")[2] or 0) if self.is_cuda else -1

    # ── memory: nothing to do here ───────────────────────────────────────────────────────
    def pin_memory(self, device=None) -> Tensor:
        return self

    def is_pinned(self, device=None) -> builtins.bool:
        return False

    def share_memory_(self) -> Tensor:
        self.__dict__["_shared"] = True
        return self

    def is_shared(self) -> builtins.bool:
        return self.__dict__.get("_shared", False)

    # ── complex numbers' methods, on real tensors ────────────────────────────────────────
    @property
    def real(self) -> Tensor:
        return self

    @property
    def imag(self) -> Tensor:
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")

    def conj(self) -> Tensor:
        return self

    def resolve_conj(self) -> Tensor:
        return self

    def resolve_neg(self) -> Tensor:
        return self

    def is_conj(self) -> builtins.bool:
        return False

    def is_neg(self) -> builtins.bool:
        return False

    @property
    def H(self) -> Tensor:  # noqa: N802 - PyTorch's name
        if self.dim() not in (0, 2):
            hint = " For batches of matrices, consider using tensor.mH" if self.dim() > 2 else ""
            raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got "
                               f"{self.dim()}-D tensor.{hint}")
        return self.transpose(0, 1) if self.dim() else _zero_d(self, "Tensor.H")

    @property
    def mH(self) -> Tensor:  # noqa: N802
        return self._matrix_transpose("tensor.mH", "Tensor.mH")

    def adjoint(self) -> Tensor:
        return self._matrix_transpose("tensor.adjoint()", "adjoint()")

    def _matrix_transpose(self, name: str, deprecated: str) -> Tensor:
        if not self.dim():
            return _zero_d(self, deprecated)
        if self.dim() < 2:
            raise RuntimeError(f"{name} is only supported on matrices or batches of matrices. "
                               f"Got {self.dim()}-D tensor.")
        return self.transpose(-2, -1)

    # ── conversions and new tensors ──────────────────────────────────────────────────────
    def char(self) -> Tensor:
        return self.to(dt.int8)

    def new_empty_strided(self, size, stride, *, dtype=None, device=None,
                          requires_grad: builtins.bool = False) -> Tensor:
        """A new tensor of `size` (gradviz's tensors are laid out in order: `stride` only
        says how PyTorch would lay it out)."""
        return self.new_empty(tuple(size), dtype=dtype, device=device,
                              requires_grad=requires_grad)

    def histogram(self, bins=100, *, range=None, weight=None,  # noqa: A002
                  density: builtins.bool = False) -> histogram:
        return torch_histogram(self, bins, range=range, weight=weight, density=density)

    # ── random fills ─────────────────────────────────────────────────────────────────────
    def random_(self, *args, to=None, generator=None) -> Tensor:
        """Whole numbers drawn uniformly from [from, to − 1] (``random_(to)``: from 0)."""
        low, high = _random_bounds(self, args, to)
        if low >= high:
            raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} "
                               f">= to={high}")
        return _fill_draw(self, lambda rng, shape: rng.integers(low, high, shape), generator)

    def log_normal_(self, mean: builtins.float = 1, std: builtins.float = 2, *,
                    generator=None) -> Tensor:
        return _fill_draw(self, lambda rng, shape: rng.lognormal(mean, std, shape), generator)

    def geometric_(self, p: builtins.float, *, generator=None) -> Tensor:
        """The number of Bernoulli(p) trials up to the first success (1, 2, …)."""
        return _fill_draw(self, lambda rng, shape: rng.geometric(p, shape), generator)

    def cauchy_(self, median: builtins.float = 0, sigma: builtins.float = 1, *,
                generator=None) -> Tensor:
        return _fill_draw(
            self, lambda rng, shape: median + sigma * rng.standard_cauchy(shape), generator)

    # ── a Python function on each element ────────────────────────────────────────────────
    def apply_(self, callable) -> Tensor:  # noqa: A002 - PyTorch's name
        """Each element x replaced by ``callable(x)`` (a Python number in, one out)."""
        return self._elementwise_python("apply_", np.frompyfunc(callable, 1, 1), self._data)

    def map_(self, tensor: Tensor, callable) -> Tensor:  # noqa: A002
        """Each element x replaced by ``callable(x, y)``, y tensor's (broadcast) element."""
        other = np.broadcast_to(tensor._data, self._data.shape)
        return self._elementwise_python("map_", np.frompyfunc(callable, 2, 1), self._data,
                                        other)

    def _elementwise_python(self, name: str, function, *arrays) -> Tensor:
        if self.requires_grad:
            raise RuntimeError(f"Can't call {name}() on Variable that requires grad. Use "
                               f"var.detach().{name}() instead.")
        values = [a.tolist() if a.ndim == 0 else a.astype(object) for a in arrays]
        # PyTorch writes these into the storage behind autograd's back: no version counted.
        self._data[...] = np.asarray(function(*values)).astype(self._data.dtype)
        return self

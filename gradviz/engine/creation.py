"""Tensor creation functions with PyTorch's names, defaults and seeding."""

from __future__ import annotations

import copy
from collections.abc import Sequence

import numpy as np

from gradviz.engine import dtypes as dt
from gradviz.engine.backend import normalize_device, to_device, xp_for
from gradviz.engine.foreign import is_torch_tensor, torch_array
from gradviz.engine.keywords import write_into
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_requires_grad import FACTORY_REFUSAL
from gradviz.engine.tensor_shape import torch_type_name


class Generator:
    """``torch.Generator``: a random stream of its own, for ``generator=`` arguments.

    ``g = Generator().manual_seed(42)`` then ``randn(3, generator=g)``; the functions without
    one draw from `default_generator`, which `manual_seed` seeds.  The numbers are gradviz's
    own (numpy's PCG64 stream), not PyTorch's."""

    def __init__(self, device: str = "cpu") -> None:
        self.device = device
        self._seed = int(np.random.SeedSequence().entropy % 2**63)
        self.rng = np.random.default_rng(self._seed)

    def manual_seed(self, seed: int) -> Generator:
        self._seed = int(seed)
        self.rng = np.random.default_rng(self._seed)
        return self

    def seed(self) -> int:
        """Seed from the operating system's entropy, and return that seed."""
        self.manual_seed(np.random.SeedSequence().entropy % 2**63)
        return self._seed

    def initial_seed(self) -> int:
        return self._seed

    def get_state(self) -> dict:
        return copy.deepcopy(self.rng.bit_generator.state)

    def set_state(self, state: dict) -> Generator:
        self.rng.bit_generator.state = copy.deepcopy(state)
        return self


default_generator = Generator()


def manual_seed(seed: int) -> Generator:
    """Seed rand/randn/dropout/init. The numbers are gradviz's own, not PyTorch's stream."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    return default_generator.seed()


def initial_seed() -> int:
    return default_generator.initial_seed()


def get_rng_state() -> dict:
    return default_generator.get_state()


def set_rng_state(state: dict) -> None:
    default_generator.set_state(state)


def stream(chosen: Generator | None = None) -> np.random.Generator:
    """The numpy stream to draw from: `chosen`'s (a ``generator=`` argument), or the default
    generator's."""
    return (chosen or default_generator).rng


generator = stream  # the name the engine's modules call


def _shape(size: tuple, keyword=None) -> tuple[int, ...]:
    """``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` and numpy's ``f(size=(2, 3))``: sizes (2, 3)."""
    if keyword is not None:
        size = (keyword,)
    if len(size) == 1 and isinstance(size[0], Sequence):
        size = tuple(size[0])
    return tuple(int(n) for n in size)


def _finish(array: np.ndarray, dtype, device, requires_grad: bool) -> Tensor:
    if dtype is not None:
        array = array.astype(dt.to_dtype(dtype).np, copy=False)
    array = to_device(array, normalize_device(device))
    if requires_grad and array.dtype.kind != "f":
        raise RuntimeError(FACTORY_REFUSAL)
    return Tensor._wrap(array, requires_grad)


def tensor(data, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    if isinstance(data, Tensor):
        data = data._data
    if hasattr(data, "__cuda_array_interface__") and dtype is None:
        return _finish(data.copy(), None, device or "cuda", requires_grad)
    if isinstance(data, np.ndarray | np.generic):
        array = np.array(data)
    elif is_torch_tensor(data):  # from a library on real PyTorch (torchvision's datasets)
        array = np.array(torch_array(data))
    else:
        array = _array_of(data)
        if dtype is None and (array.dtype == np.float64 or array.dtype == object):
            try:
                array = array.astype(dt.DEFAULT_FLOAT.np)  # Python floats: PyTorch's default
            except (TypeError, ValueError) as exc:
                raise TypeError(_expected(data)) from exc
    if dtype is None:
        if array.dtype.kind not in "biuf" or data is None:
            raise TypeError(_expected(data))
        dt.of_array(array)  # one of gradviz's dtypes, or a TypeError that lists them
    return _finish(array, dtype, device, requires_grad)


def _array_of(data) -> np.ndarray:
    if isinstance(data, list | tuple):
        data = _scalars(data)
    try:
        return np.array(data)
    except ValueError as exc:  # lists of unequal lengths
        raise ValueError(f"tensor(): the nested lists must have equal lengths at every depth "
                         f"(a table, not a ragged list); got {_short(data)}") from exc


def _scalars(data):
    """A nested list with each tensor in it read as the one number it holds, as PyTorch reads
    ``tensor([t1, t2])`` (a tensor of more numbers there is refused, as in PyTorch)."""
    if isinstance(data, Tensor):
        if data._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return data._data.reshape(())[()]
    if isinstance(data, list | tuple):
        return [_scalars(item) for item in data]
    return data


def _expected(data) -> str:
    kind = "complex numbers are not supported" if isinstance(data, complex) else \
        f"got {type(data).__name__} {_short(data)}"
    return (f"tensor(): expected a number, a (nested) list of numbers, a numpy array or a "
            f"tensor; {kind}")


def _short(data, keep: int = 40) -> str:
    text = repr(data)
    return text if len(text) <= keep else text[:keep] + "…"


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """`data` as a tensor, sharing a numpy array's memory where dtype and device allow (as
    PyTorch does: a later ``array[0] = 5`` shows in the tensor)."""
    if isinstance(data, np.ndarray) and device is None and dt.holds(data.dtype) and (
            dtype is None or dt.to_dtype(dtype).np == data.dtype):
        return from_numpy(data)
    return data if isinstance(data, Tensor) and dtype is None else tensor(data, dtype, device)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing `array`'s memory; an ndarray subclass (``np.matrix``) is read as the
    plain array it holds, so ``*`` stays elementwise, as PyTorch's."""
    return Tensor._wrap(array if type(array) is np.ndarray else array.view(np.ndarray))


def _filled(fill, size, dtype, device, requires_grad, out=None) -> Tensor:
    dtype = dt.to_dtype(dtype) if dtype is not None else dt.DEFAULT_FLOAT
    xp = xp_for(normalize_device(device))
    array = xp.full(_shape(size), fill, dtype=dtype.np)
    return _into(out, _finish(array, None, device, requires_grad))


def _into(out: Tensor | None, result: Tensor) -> Tensor:
    """``out=``: the result written into `out` by the one ``out=`` rule (`keywords.write_into`)."""
    return result if out is None else write_into(out, result)


def zeros(*shape, dtype=None, device=None, requires_grad=False, out=None, size=None) -> Tensor:
    return _filled(0, (_shape(shape, size),), dtype, device, requires_grad, out)


def ones(*shape, dtype=None, device=None, requires_grad=False, out=None, size=None) -> Tensor:
    return _filled(1, (_shape(shape, size),), dtype, device, requires_grad, out)


def empty(*shape, dtype=None, device=None, requires_grad=False, out=None, size=None) -> Tensor:
    return _filled(0, (_shape(shape, size),), dtype, device, requires_grad, out)


def full(size, fill_value, dtype=None, device=None, requires_grad=False, out=None) -> Tensor:
    if hasattr(fill_value, "_data"):
        fill_value = fill_value.item()
    if dtype is None and isinstance(fill_value, bool):
        dtype = dt.bool_
    elif dtype is None and isinstance(fill_value, int):
        dtype = dt.int64
    return _filled(fill_value, (size,), dtype, device, requires_grad, out)


def eye(n: int, m: int | None = None, dtype=None, device=None, requires_grad=False) -> Tensor:
    array = np.eye(n, m, dtype=(dt.to_dtype(dtype) if dtype else dt.DEFAULT_FLOAT).np)
    return _finish(array, None, device, requires_grad)


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False) -> Tensor:
    if end is None:
        start, end = 0, start
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    array = np.arange(start, end, step)
    if dtype is None and array.dtype == np.float64:
        dtype = dt.DEFAULT_FLOAT
    float_type = dt.to_dtype(dtype).np.type if dtype is not None else None
    if float_type in (np.float32, np.float64) and array.size:
        array = _arange(float(start), float(step), array.size, float_type)
    return _finish(array, dtype, device, requires_grad)


def _arange(start: float, step: float, n: int, float_type) -> np.ndarray:
    """PyTorch's float points on the CPU, to the last bit (numpy's steps by a delta of its own,
    2e-15 off after 30 steps of 0.1).

    PyTorch computes start + i·step as one fused multiply-add in float64 for the last
    n mod 2V points; before that it fills vectors of V lanes (8 floats, 4 doubles), two per
    round: a vector's first point is start + i·step rounded to the dtype, the others that
    point + k·step, fused, rounded.  So ``arange(-3, 3.1, 0.1)[29]`` is −0.10000002, not
    −0.1.  (Past 32768 points PyTorch splits the range among threads, each with its own
    run of vectors: not modelled.)"""
    lanes = 8 if float_type is np.float32 else 4
    index = np.arange(n, dtype=np.float64)
    points = _fused(np.full(n, step), index, np.full(n, start))
    full = n // (2 * lanes) * (2 * lanes)
    firsts = points[:full:lanes].astype(float_type).astype(np.float64)
    lane_steps = np.arange(lanes, dtype=np.float64)
    shape = (full // lanes, lanes)
    points[:full] = _fused(np.broadcast_to(lane_steps, shape), np.full(shape, step),
                           np.broadcast_to(firsts[:, None], shape)).ravel()
    return points.astype(float_type)


def linspace(start, end, steps: int, dtype=None, device=None, requires_grad=False) -> Tensor:
    dtype = dt.to_dtype(dtype or dt.DEFAULT_FLOAT)
    if dtype.np in (np.float32, np.float64) and steps > 1:
        array = _linspace(float(start), float(end), steps, dtype.np.type)
    else:
        array = np.linspace(start, end, steps)
    return _finish(array, dtype, device, requires_grad)


def _linspace(start: float, end: float, steps: int, float_type) -> np.ndarray:
    """PyTorch's points, to the last bit: its step in the dtype, then the first half counted
    from `start` and the second half back from `end`, each one fused multiply-add (numpy's
    linspace rounds differently: ``sin`` of its points near π and 2π is another 1e-7)."""
    first, last = float_type(start), float_type(end)
    step = (last - first) / float_type(steps - 1)
    i = np.arange(steps, dtype=np.float64)
    back = steps - 1 - i
    if float_type is np.float32:  # a float32 product is exact in float64: one rounding
        up = np.float64(step) * i + np.float64(first)
        down = np.float64(last) - np.float64(step) * back
    else:
        up = _fused(np.full(steps, step), i, np.full(steps, first))
        down = _fused(np.full(steps, -step), back, np.full(steps, last))
    return np.where(np.arange(steps) < steps // 2, up, down).astype(float_type)


def _fused(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """``a * b + c`` in float64 with one rounding: the product's and the sum's round-off kept
    exactly (Veltkamp's split, Knuth's two-sum) and added back before the last rounding."""
    product = a * b
    a_hi, a_lo = _split(a)
    b_hi, b_lo = _split(b)
    product_error = ((a_hi * b_hi - product) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    total = product + c
    c_part = total - product
    sum_error = (product - (total - c_part)) + (c - c_part)
    return total + (product_error + sum_error)


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scaled = 134217729.0 * a  # 2**27 + 1
    high = scaled - (scaled - a)
    return high, a - high


def rand(*shape, generator=None, dtype=None, device=None, requires_grad=False, out=None,
         size=None) -> Tensor:
    array = stream(generator).random(_shape(shape, size))
    return _into(out, _finish(array, dtype or dt.DEFAULT_FLOAT, device, requires_grad))


def randn(*shape, generator=None, dtype=None, device=None, requires_grad=False, out=None,
          size=None) -> Tensor:
    array = stream(generator).standard_normal(_shape(shape, size))
    return _into(out, _finish(array, dtype or dt.DEFAULT_FLOAT, device, requires_grad))


def randint(low, high=None, size=(), generator=None, dtype=None, device=None,
            requires_grad=False) -> Tensor:
    if isinstance(high, tuple | list) and size == ():  # randint(high, size), as PyTorch's
        high, size = None, high
    if high is None:
        low, high = 0, low
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} "
                           f">= to={high}")
    array = stream(generator).integers(low, high, size=_shape((size,)))
    return _finish(array, dtype or dt.int64, device, requires_grad)


def normal(mean=0.0, std=1.0, size=None, generator=None, dtype=None, device=None,
           requires_grad=False) -> Tensor:
    """Normal draws: of tensors of means and stds (their broadcast shape), or numbers and a size."""
    means = mean._data if isinstance(mean, Tensor) else mean
    stds = std._data if isinstance(std, Tensor) else std
    shape = _shape((size,)) if size is not None else np.broadcast_shapes(np.shape(means),
                                                                         np.shape(stds))
    array = stream(generator).normal(means, stds, shape)
    like = mean if isinstance(mean, Tensor) else std if isinstance(std, Tensor) else None
    dtype = dtype or (like.dtype if like is not None else dt.DEFAULT_FLOAT)
    return _finish(array, dtype, device, requires_grad)


def multinomial(input: Tensor, num_samples: int, replacement: bool = False,  # noqa: A002
                *, generator=None) -> Tensor:
    """Indices drawn with probability proportional to each row's weights (1-D or 2-D)."""
    weights = np.asarray(input._data, dtype=np.float64)
    rows = weights.reshape(-1, weights.shape[-1])
    if not replacement and num_samples > rows.shape[1]:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                           "replacement")
    if (rows < 0).any() or not np.isfinite(rows).all():
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if (rows.sum(axis=1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    rng = stream(generator)
    drawn = [rng.choice(len(row), num_samples, replace=replacement, p=row / row.sum())
             for row in rows]
    return Tensor._wrap(np.asarray(drawn, dtype=np.int64).reshape(*weights.shape[:-1], num_samples))


def bernoulli(input: Tensor, p: float | None = None, *, generator=None,  # noqa: A002
              out=None) -> Tensor:
    """1 with probability `input` (or `p`, for every element), else 0, in `input`'s dtype.
    PyTorch's derivative of a draw is zero: the result records no gradient (a reduced form:
    it does not require grad where PyTorch's would, with a zero gradient)."""
    if not input.dtype.is_floating_point:
        raise RuntimeError(f'"bernoulli_tensor_cpu_p_" not implemented for '
                           f"'{torch_type_name(input.dtype)}'")
    probabilities = input._data if p is None else np.full(input.shape, p)
    probabilities = np.asarray(to_device(probabilities, "cpu"), dtype=np.float64)
    if ((probabilities < 0) | (probabilities > 1) | np.isnan(probabilities)).any():
        raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could "
                           "this error message be improved?  If so, please report an "
                           "enhancement request to PyTorch.)")
    drawn = stream(generator).random(input.shape) < probabilities
    return _into(out, _finish(drawn, input.dtype, input.device, False))


def _like(fn, other: Tensor, dtype, device, requires_grad) -> Tensor:
    return fn(
        *other.shape,
        dtype=dtype or other.dtype,
        device=device or other.device,
        requires_grad=requires_grad,
    )


def zeros_like(t, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _like(zeros, t, dtype, device, requires_grad)


def ones_like(t, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _like(ones, t, dtype, device, requires_grad)


def empty_like(t, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _like(empty, t, dtype, device, requires_grad)


def rand_like(t, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _like(rand, t, dtype, device, requires_grad)


def randn_like(t, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _like(randn, t, dtype, device, requires_grad)


def full_like(t, fill_value, dtype=None, device=None, requires_grad=False) -> Tensor:
    return full(t.shape, fill_value, dtype or t.dtype, device or t.device, requires_grad)

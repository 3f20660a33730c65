"""PyTorch's window functions: `hann_window`, `hamming_window`, `blackman_window`,
`bartlett_window`, `kaiser_window` — a taper of `window_length` points, periodic (the
symmetric window one longer, its last point dropped, as an FFT wants) unless told otherwise.

Each is computed as PyTorch's kernel computes it: an ``arange`` in the dtype, scaled and
passed through cos (or I₀) step by step in that dtype.
"""

from __future__ import annotations

import math

import numpy as np

from gradviz.engine import creation
from gradviz.engine import dtypes as dt
from gradviz.engine.special_functions import i0 as _bessel_i0
from gradviz.engine.tensor_shape import c_type_name


def _i0(x):
    return _bessel_i0(np, x)


def _cos(x):
    """cos in x's dtype, rounded from double (gradviz's float32 cos; PyTorch's vectorised
    one is within an ulp of it)."""
    return np.cos(x.astype(np.float64)).astype(x.dtype)


__all__ = ["bartlett_window", "blackman_window", "hamming_window", "hann_window",
           "kaiser_window"]


def _checks(name: str, window_length: int, dtype) -> dt.dtype:
    if window_length < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got "
                           f"window_length={window_length}")
    target = dt.to_dtype(dtype or dt.DEFAULT_FLOAT)
    if not target.is_floating_point:
        raise RuntimeError(
            f"{name} expects floating point dtypes, got: TensorOptions(dtype="
            f"{c_type_name(target)}, device=cpu, layout=Strided (default), requires_grad=false "
            f"(default), pinned_memory=false, memory_format=(nullopt))")
    return target


def _window(name, window_length, periodic, dtype, device, requires_grad, shape_of):
    """The window `shape_of(n, arange)` gives for the symmetric length n, in `dtype`."""
    target = _checks(name, window_length, dtype)
    kind = target.np.type
    if window_length <= 1:
        values = np.ones(window_length, kind)
    else:
        n = window_length + 1 if periodic else window_length
        values = shape_of(n, np.arange(n, dtype=kind), kind)[:window_length]
    return creation.tensor(values.astype(kind), target, device, requires_grad)


def hamming_window(window_length: int, periodic: bool = True, alpha: float = 0.54,
                   beta: float = 0.46, *, dtype=None, layout=None, device=None,
                   requires_grad: bool = False):
    """α − β·cos(2πn/(N − 1))."""
    def shape(n, steps, kind):
        return _cos(steps * kind(math.pi * 2.0 / (n - 1))) * kind(-beta) + kind(alpha)

    return _window("hamming_window", window_length, periodic, dtype, device, requires_grad,
                   shape)


def hann_window(window_length: int, periodic: bool = True, *, dtype=None, layout=None,
                device=None, requires_grad: bool = False):
    """0.5 − 0.5·cos(2πn/(N − 1)): the Hamming window with α = β = ½."""
    _checks("hann_window", window_length, dtype)
    return hamming_window(window_length, periodic, 0.5, 0.5, dtype=dtype, device=device,
                          requires_grad=requires_grad)


def blackman_window(window_length: int, periodic: bool = True, *, dtype=None, layout=None,
                    device=None, requires_grad: bool = False):
    """0.42 − 0.5·cos(2πn/(N − 1)) + 0.08·cos(4πn/(N − 1))."""
    def shape(n, steps, kind):
        w = steps * kind(math.pi / (n - 1))
        return (_cos(w * kind(4)) * kind(0.08) - _cos(w * kind(2)) * kind(0.5)) + \
            kind(0.42)

    return _window("blackman_window", window_length, periodic, dtype, device, requires_grad,
                   shape)


def bartlett_window(window_length: int, periodic: bool = True, *, dtype=None, layout=None,
                    device=None, requires_grad: bool = False):
    """1 − |2n/(N − 1) − 1|: up from 0 to 1 and down again."""
    def shape(n, steps, kind):
        w = steps * kind(2.0 / (n - 1))
        half = ((n - 1) >> 1) + 1
        w[half:] = w[half:] * kind(-1) + kind(2)
        return w

    return _window("bartlett_window", window_length, periodic, dtype, device, requires_grad,
                   shape)


def kaiser_window(window_length: int, periodic: bool = True, beta: float = 12.0, *,
                  dtype=None, layout=None, device=None, requires_grad: bool = False):
    """I₀(β·√(1 − ((n − α)/α)²)) / I₀(β), α = (N − 1)/2."""
    def shape(n, steps, kind):
        alpha = kind((n - 1) / 2.0)
        b = kind(beta)
        ratio = (steps - alpha) / alpha
        return (_i0(np.sqrt(np.abs(kind(1) - ratio ** kind(2))) * b) / _i0(np.asarray(b))
                ).astype(kind)

    return _window("kaiser_window", window_length, periodic, dtype, device, requires_grad,
                   shape)

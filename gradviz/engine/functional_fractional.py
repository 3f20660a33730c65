"""`F.fractional_max_pool2d` (and ``_with_indices``): Graham's fractional max-pooling, whose
kh × kw windows start at pseudo-random, increasing positions chosen so that `output_size`
windows (or ``output_ratio`` of the input) cover the image.

Each (sample, channel) plane draws two numbers u ~ U(0, 1) (``_random_samples``, (N, C, 2),
as PyTorch draws them with one ``rand``: u[0] for the width, u[1] for the height); window i
starts at ⌊(i + u)·α⌋ − ⌊u·α⌋, α = (input − kernel)/(output − 1), the last at input − kernel,
computed in the input's dtype as PyTorch's kernel does.  The maxima (the first of a window in
row-major order, as PyTorch's) are read with one ``gather``, named PyTorch's node
``FractionalMaxPool2DBackward0``; the indices are their positions in the H·W plane.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import creation
from gradviz.engine.backend import array_module
from gradviz.engine.creation import rand  # the planes' draw, by this module's name
from gradviz.engine.functional_layers import _tuple
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor

__all__ = ["fractional_max_pool2d", "fractional_max_pool2d_with_indices"]

_t = creation.as_tensor


def _starts(xp, samples, n_in: int, n_out: int, kernel: int, dtype):
    """(…, n_out) window starts from (…,) samples u: PyTorch's generate_intervals."""
    starts = xp.zeros(samples.shape + (n_out,), dtype=np.int64)
    if n_out > 1:
        alpha = dtype.type(n_in - kernel) / dtype.type(n_out - 1)
        i = xp.arange(n_out - 1).astype(dtype)
        u = samples[..., None].astype(dtype)
        starts[..., :-1] = ((i + u) * alpha).astype(np.int64) - (u * alpha).astype(np.int64)
    starts[..., -1] = n_in - kernel
    return starts


def fractional_max_pool2d_with_indices(input, kernel_size, output_size=None,  # noqa: A002
                                       output_ratio=None, return_indices=False,
                                       _random_samples=None):
    """(the maxima over the fractional windows, their int64 positions in each H·W plane)."""
    x = _t(input)
    if output_size is None and output_ratio is None:
        raise ValueError("fractional_max_pool2d requires specifying either an output_size or "
                         "an output_ratio")
    (h, w), (kh, kw) = x.shape[-2:], _tuple(kernel_size, 2, "kernel_size")
    if output_size is None:
        ratio = (output_ratio, output_ratio) if isinstance(output_ratio, float | int) else (
            tuple(output_ratio))
        output_size = (int(h * ratio[0]), int(w * ratio[1]))
    oh, ow = _tuple(output_size, 2, "output_size")
    batch = 1 if x.dim() == 3 else x.shape[0]
    if _random_samples is None:
        _random_samples = rand(batch, x.shape[-3], 2, dtype=x.dtype, device=x.device)
    samples = _t(_random_samples)
    if samples.shape[1] != x.shape[-3]:
        raise RuntimeError("Expect _random_samples.size(1) equals to input channel size.")
    for name, k, n_out, n_in in (("height", kh, oh, h), ("width", kw, ow, w)):
        if n_out + k - 1 > n_in:
            raise RuntimeError(f"fractional_max_pool2d(): pool {name} {k} too large relative to "
                               f"input {name} {n_in}")
    xp, data = array_module(x._data), x._data
    u = samples._data.reshape(batch, x.shape[-3], 2)
    rows = _starts(xp, u[..., 1], h, oh, kh, data.dtype)  # (N, C, oh)
    cols = _starts(xp, u[..., 0], w, ow, kw, data.dtype)  # (N, C, ow)
    plane = data.reshape(batch, x.shape[-3], h * w)
    corner = rows[..., :, None] * w + cols[..., None, :]  # (N, C, oh, ow)
    offsets = [dh * w + dw for dh in range(kh) for dw in range(kw)]  # row-major in the window
    places = xp.stack([corner + o for o in offsets], axis=-1)
    cells = xp.take_along_axis(plane, places.reshape(batch, x.shape[-3], -1), axis=-1)
    first = cells.reshape(places.shape).argmax(axis=-1)[..., None]
    indices = xp.take_along_axis(places, first, axis=-1)[..., 0].reshape(
        x.shape[:-2] + (oh, ow))
    indices = Tensor._wrap(indices.astype(np.int64, copy=False))
    out = x.flatten(-2).gather(-1, indices.flatten(-2)).unflatten(-1, (oh, ow))
    return named_node(out, "FractionalMaxPool2DBackward0", x), indices


def fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None,  # noqa: A002
                          return_indices=False, _random_samples=None):
    out, indices = fractional_max_pool2d_with_indices(input, kernel_size, output_size,
                                                      output_ratio, _random_samples=_random_samples)
    return (out, indices) if return_indices else out

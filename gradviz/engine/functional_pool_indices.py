"""The pools that also say where each maximum was: `F.max_pool1d/2d/3d_with_indices` (and
``return_indices=True``), `F.adaptive_max_pool1d/2d` (and ``_with_indices``), their inverses
`F.max_unpool1d/2d`, and the power-average pools `F.lp_pool1d/2d`.

An index is the maximum's position in its (sample, channel) plane, flattened row by row, as
PyTorch gives it (int64).  The fixed-window pools are `ops_conv`'s max-pool rows, their indices
read off the same windows (the first maximum, as the row's gradient takes it).  An adaptive
pool's windows differ in size, so its maxima are read with one ``gather`` at the indices; an
unpool writes its input at the indices with one ``scatter`` into zeros: each has the node name
PyTorch's one kernel has (``AdaptiveMaxPool2DBackward0``, ``MaxUnpool2DBackward0``).
"""

from __future__ import annotations

import math

import numpy as np

from gradviz.engine import creation
from gradviz.engine import functional as F
from gradviz.engine.autograd import apply, no_grad
from gradviz.engine.backend import array_module
from gradviz.engine.functional_layers import _batched, _flat, _pool_args, _tuple
from gradviz.engine.functional_volumes import _volume, pool3d_args
from gradviz.engine.ops_conv import pad, windows
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor

__all__ = ["adaptive_max_pool1d", "adaptive_max_pool1d_with_indices", "adaptive_max_pool2d",
           "adaptive_max_pool2d_with_indices", "lp_pool1d", "lp_pool2d", "max_pool1d_with_indices",
           "max_pool2d_with_indices", "max_pool3d_with_indices", "max_unpool1d", "max_unpool2d"]

_t = creation.as_tensor


def _long(array) -> Tensor:
    return Tensor._wrap(array.astype(np.int64, copy=False))


def _window_argmax(x: Tensor, kernel, stride, padding, dilation) -> Tensor:
    """Each window's first maximum as its position in the (unpadded) input plane."""
    xp, data = array_module(x._data), x._data
    nd = len(kernel)
    spatial = data.shape[2:]
    where = xp.arange(math.prod(spatial)).reshape((1, 1, *spatial))
    cells = windows(xp, pad(xp, data, padding, -np.inf), kernel, stride, dilation)
    places = windows(xp, pad(xp, where, padding, -1), kernel, stride, dilation)
    flat = cells.reshape(cells.shape[:2 + nd] + (-1,))
    first = flat.argmax(axis=-1)[..., None]
    places = xp.broadcast_to(places, cells.shape).reshape(flat.shape)
    return _long(xp.take_along_axis(places, first, axis=-1)[..., 0])


def _with_indices(nd: int, name: str, row: str, input, kernel_size, stride, padding,  # noqa: A002
                  dilation, ceil_mode):
    x, added = _volume(input, name) if nd == 3 else _batched(_t(input), nd, name)
    if nd == 3:
        kernel, stride, pads = pool3d_args(name, x, kernel_size, stride, padding, dilation,
                                           ceil_mode)
    else:
        kernel, stride, pads = _pool_args("max_pool2d", x, kernel_size, stride, padding,
                                          dilation, ceil_mode)
    dilation = _tuple(dilation, nd, "dilation")
    out = apply(row, x, kernel=kernel, stride=stride, padding=pads, dilation=dilation)
    indices = _window_argmax(x, kernel, stride, pads, dilation)
    return (out.squeeze(0), indices.squeeze(0)) if added else (out, indices)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,  # noqa: A002
                            ceil_mode=False, return_indices=True):
    """(the maxima, their int64 positions in each H·W plane)."""
    return _with_indices(2, "max_pool2d", "max_pool2d", input, kernel_size, stride, padding,
                         dilation, ceil_mode)


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,  # noqa: A002
                            ceil_mode=False, return_indices=True):
    """(the maxima, their int64 positions in each D·H·W volume)."""
    return _with_indices(3, "max_pool3d", "max_pool3d", input, kernel_size, stride, padding,
                         dilation, ceil_mode)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,  # noqa: A002
                            ceil_mode=False, return_indices=True):
    """(the maxima, their int64 positions along L): the 2-D pool over a height of one."""
    out, indices = max_pool2d_with_indices(
        _t(input).unsqueeze(-2), _flat(kernel_size, "kernel_size"),
        None if stride is None else _flat(stride, "stride"), (0, *_tuple(padding, 1, "padding")),
        _flat(dilation, "dilation"), ceil_mode)
    return out.squeeze(-2), indices.squeeze(-2)


# ── adaptive max pooling ─────────────────────────────────────────────────────────────────
def _bounds(n_in: int, n_out: int, i: int) -> tuple[int, int]:
    return (i * n_in) // n_out, -((-(i + 1) * n_in) // n_out)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=True):  # noqa: A002
    """The maximum over windows that tile (H, W) into `output_size` (None keeps an axis),
    windows from ⌊i·H/oh⌋ to ⌈(i + 1)·H/oh⌉, and where each maximum is (int64)."""
    x = _t(input)
    if x.dim() not in (3, 4):
        raise RuntimeError(f"adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: "
                         f"{list(x.shape)}")
    sizes = (output_size,) * 2 if output_size is None or isinstance(output_size, int) else (
        tuple(output_size))
    (h, w) = x.shape[-2:]
    oh, ow = (n if n is not None else x.shape[-2 + i] for i, n in enumerate(sizes))
    xp, data = array_module(x._data), x._data
    indices = xp.zeros(data.shape[:-2] + (oh, ow), dtype=np.int64)
    for i in range(oh):
        top, bottom = _bounds(h, oh, i)
        for j in range(ow):
            left, right = _bounds(w, ow, j)
            cell = data[..., top:bottom, left:right].reshape(data.shape[:-2] + (-1,))
            row, col = xp.divmod(cell.argmax(axis=-1), right - left)
            indices[..., i, j] = (row + top) * w + col + left
    indices = _long(indices)
    out = x.flatten(-2).gather(-1, indices.flatten(-2)).unflatten(-1, (oh, ow))
    return named_node(out, "AdaptiveMaxPool2DBackward0", x), indices


def adaptive_max_pool2d(input, output_size, return_indices=False):  # noqa: A002
    out, indices = adaptive_max_pool2d_with_indices(input, output_size)
    return (out, indices) if return_indices else out


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=True):  # noqa: A002
    x = _t(input)
    if x.dim() not in (2, 3):
        raise RuntimeError(f"adaptive_max_pool1d() argument 'input' (position 1) must be 2D "
                           f"or 3D, got {x.dim()}D")
    size = output_size if isinstance(output_size, int) else output_size[0]
    out, indices = adaptive_max_pool2d_with_indices(x.unsqueeze(-2), (1, size))
    return out.squeeze(-2), indices.squeeze(-2)


def adaptive_max_pool1d(input, output_size, return_indices=False):  # noqa: A002
    out, indices = adaptive_max_pool1d_with_indices(input, output_size)
    return (out, indices) if return_indices else out


# ── unpooling ────────────────────────────────────────────────────────────────────────────
def _unpool_size(x: Tensor, kernel, stride, padding, output_size) -> tuple[int, ...]:
    nd = len(kernel)
    default = tuple((x.shape[-nd + i] - 1) * stride[i] - 2 * padding[i] + kernel[i]
                    for i in range(nd))
    if output_size is None:
        return default
    if len(output_size) == nd + 2:
        output_size = output_size[2:]
    if len(output_size) != nd:
        raise ValueError(f"output_size should be a sequence containing {nd} or {nd + 2} "
                         f"elements, but it has a length of '{len(output_size)}'")
    for i, n in enumerate(output_size):
        smallest, largest = default[i] - stride[i], default[i] + stride[i]
        if not smallest < n < largest:
            raise ValueError(f'invalid output_size "{output_size}" (dim {i} must be between '
                             f"{smallest} and {largest})")
    size = tuple(int(n) for n in output_size)
    return size


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):  # noqa: A002
    """The inverse of a max pool: zeros of the pool's input size, each value of `input` put
    back at its index (in its (sample, channel) plane, as `max_pool2d` returned it)."""
    x, where = _t(input), _t(indices)
    kernel = _tuple(kernel_size, 2, "kernel_size")
    stride = kernel if stride is None else _tuple(stride, 2, "stride")
    size = _unpool_size(x, kernel, stride, _tuple(padding, 2, "padding"), output_size)
    if where.shape != x.shape:
        raise RuntimeError(f"Expected shape of indices to be same as that of the input "
                           f"tensor ({list(x.shape)}) but got indices tensor with shape: "
                           f"{list(where.shape)}")
    plane = math.prod(size)
    flat = where.flatten(-2)
    values = np.asarray(flat._data.get() if hasattr(flat._data, "get") else flat._data)
    if values.size and (values.min() < 0 or values.max() >= plane):
        bad = int(values.min() if values.min() < 0 else values.max())
        raise RuntimeError(f"Found an invalid max index: {bad} (output volumes are of size "
                           f"{size[0]}x{size[1]}")
    with no_grad():
        zeros = creation.zeros(*x.shape[:-2], plane, dtype=x.dtype, device=x.device)
    out = zeros.scatter(-1, flat, x.flatten(-2)).unflatten(-1, size)
    return named_node(out, "MaxUnpool2DBackward0", x)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):  # noqa: A002
    """The inverse of `max_pool1d`: its input's length of zeros, `input` put back at the
    indices (the 2-D unpool over a width of one, as PyTorch computes it)."""
    kernel = _tuple(kernel_size, 1, "kernel_size")
    stride = kernel if stride is None else _tuple(stride, 1, "stride")
    x = _t(input)
    size = _unpool_size(x, kernel, stride, _tuple(padding, 1, "padding"), output_size)
    return max_unpool2d(x.unsqueeze(-1), _t(indices).unsqueeze(-1), (kernel[0], 1),
                        (stride[0], 1), (_tuple(padding, 1, "padding")[0], 0),
                        (size[0], 1)).squeeze(-1)


# ── power-average pooling ────────────────────────────────────────────────────────────────
def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False) -> Tensor:  # noqa: A002
    """(Σ over each window of xᵖ)^(1/p), p = norm_type: PyTorch's average of xᵖ times the
    window's size, its sign kept through a ReLU of its magnitude, to the power 1/p."""
    kh, kw = _tuple(kernel_size, 2, "kernel_size")
    if norm_type in (math.inf, -math.inf):  # the largest magnitude (the smallest for −∞)
        if norm_type > 0:
            return F.max_pool2d(_t(input).abs(), kernel_size, stride, 0, 1, ceil_mode)
        return -F.max_pool2d(-_t(input).abs(), kernel_size, stride, 0, 1, ceil_mode)
    out = F.avg_pool2d(_t(input).pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return (out.sign() * F.relu(out.abs())).mul(kw * kh).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False) -> Tensor:  # noqa: A002
    """(Σ over each window of xᵖ)^(1/p) along L."""
    if norm_type in (math.inf, -math.inf):
        if norm_type > 0:
            return F.max_pool1d(_t(input).abs(), kernel_size, stride, 0, 1, ceil_mode)
        return -F.max_pool1d(-_t(input).abs(), kernel_size, stride, 0, 1, ceil_mode)
    out = F.avg_pool1d(_t(input).pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return (out.sign() * F.relu(out.abs())).mul(kernel_size).pow(1.0 / norm_type)

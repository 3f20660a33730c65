"""`F.pad`, `F.interpolate` (and the old `F.upsample`), `F.pixel_shuffle`/`pixel_unshuffle`.

Each is written with the registry's ops, so its graph shows what it is made of and its
gradient is theirs:

- a constant pad is a concatenation with blocks of the value (a negative pad crops);
  reflect, replicate and circular pads read the input at an index per padded axis
  (``reflect``: the edge row not repeated; ``replicate``: the edge row repeated;
  ``circular``: the other end), so the gradient of an input entry sums over its copies.
- interpolation is separable: along each resized axis, every output entry is a weighted sum
  of one (nearest), two (linear) or four (cubic) input entries, read by index, with
  PyTorch's source coordinates (``align_corners``, a given ``scale_factor``) and weights.
- pixel (un)shuffle is a reshape, a permute and a reshape.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from gradviz.engine import creation
from gradviz.engine.autograd import apply
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor

__all__ = ["interpolate", "pad", "pixel_shuffle", "pixel_unshuffle", "upsample",
           "upsample_bilinear", "upsample_nearest"]

_t = creation.as_tensor
_NON_CONSTANT = ("reflect", "replicate", "circular")
# PyTorch's node for each mode (a circular pad is slices copied into a new tensor)
_PAD_NODES = {"reflect": "ReflectionPad{n}DBackward0", "replicate": "ReplicationPad{n}DBackward0",
              "circular": "CopySlices"}


def _take(x: Tensor, dim: int, index: np.ndarray) -> Tensor:
    return x[(slice(None),) * dim + (index,)]


def pad(input, pad, mode: str = "constant", value: float | None = None) -> Tensor:  # noqa: A002
    """``pad`` holds (before, after) pairs from the last axis backwards: (1, 2) pads the
    last axis by 1 before and 2 after, (1, 1, 2, 0) also the one before it by 2 on top."""
    x = _t(input)
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > x.dim():
        raise RuntimeError("Padding length should be less than or equal to two times the "
                           f"input dimension but got padding length {len(pad)} and input of "
                           f"dimension {x.dim()}")
    if mode == "constant":
        return named_node(_constant_pad(x, pad, 0.0 if value is None else value),
                         "ConstantPadNdBackward0", x)
    if mode not in _NON_CONSTANT:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    n = len(pad) // 2
    if x.dim() not in (n + 1, n + 2) or n > 3:
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {x.dim()}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    out = x
    for k in range(n):
        dim = out.dim() - 1 - k
        before, after = pad[2 * k], pad[2 * k + 1]
        out = _take(out, dim, _source_rows(mode, out.shape[dim], before, after, dim, out.shape))
    return named_node(out, _PAD_NODES[mode].format(n=n), x)


def _source_rows(mode: str, size: int, before: int, after: int, dim: int, shape) -> np.ndarray:
    """For each output row along one axis, the input row it copies."""
    if mode == "reflect" and (before >= size or after >= size):
        raise RuntimeError("Argument #4: Padding size should be less than the corresponding "
                           f"input dimension, but got: padding ({before}, {after}) at "
                           f"dimension {dim} of input {list(shape)}")
    if mode == "circular" and (before > size or after > size):
        raise RuntimeError("Padding value causes wrapping around more than once.")
    if size - max(-before, 0) - max(-after, 0) < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    rows = np.arange(-before, size + after)
    if mode == "reflect":
        rows = np.abs(rows)
        rows = np.where(rows >= size, 2 * (size - 1) - rows, rows)
    elif mode == "replicate":
        rows = np.clip(rows, 0, size - 1)
    else:  # a negative pad crops first, then the kept part wraps around
        start, kept = max(-before, 0), size - max(-before, 0) - max(-after, 0)
        rows = (rows - start) % kept + start
    return rows


def _constant_pad(x: Tensor, pad: tuple[int, ...], value: float) -> Tensor:
    for k in range(len(pad) // 2):
        dim = x.dim() - 1 - k
        before, after = pad[2 * k], pad[2 * k + 1]
        size = x.shape[dim]
        start, stop = max(-before, 0), size - max(-after, 0)
        if stop < start:  # PyTorch crops with narrow() first
            raise RuntimeError("narrow(): length must be non-negative.")
        if start or stop != size:
            x = x[(slice(None),) * dim + (slice(start, stop),)]
        parts = []
        for amount in (max(before, 0), max(after, 0)):
            shape = list(x.shape)
            shape[dim] = amount
            parts.append(creation.full(shape, value, dtype=x.dtype, device=x.device)
                         if amount else None)
        if parts[0] is not None or parts[1] is not None:
            x = apply("cat", *[p for p in (parts[0], x, parts[1]) if p is not None], dim=dim)
    return x


# ── interpolation ────────────────────────────────────────────────────────────────────────
_MODES = ("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact")
_MODE_DIMS = {"linear": 3, "bilinear": 4, "bicubic": 4, "trilinear": 5}
_UPSAMPLE_NODES = {"nearest": "UpsampleNearest{n}DBackward0",
                   "nearest-exact": "UpsampleNearestExact{n}DBackward0",
                   "linear": "UpsampleLinear1DBackward0", "bilinear": "UpsampleBilinear2DBackward0",
                   "bicubic": "UpsampleBicubic2DBackward0",
                   "trilinear": "UpsampleTrilinear3DBackward0"}


def interpolate(input, size=None, scale_factor=None, mode: str = "nearest",  # noqa: A002
                align_corners: bool | None = None, recompute_scale_factor: bool | None = None,
                antialias: bool = False) -> Tensor:
    """Resize the spatial axes (all but N and C) to `size`, or by `scale_factor`."""
    x = _t(input)
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating "
                             "modes: linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    if antialias:
        raise NotImplementedError("interpolate: antialias=True is not in gradviz")
    spatial = x.dim() - 2
    sizes, scales = _output_sizes(x, spatial, size, scale_factor, recompute_scale_factor)
    if mode in _MODE_DIMS and x.dim() != _MODE_DIMS[mode] and x.dim() in (3, 4, 5):
        raise NotImplementedError(f"Got {x.dim()}D input, but {mode} mode needs "
                                  f"{_MODE_DIMS[mode]}D input")
    if x.dim() not in (3, 4, 5) or mode not in _MODES:
        raise NotImplementedError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {x.dim()}D) for the "
            "modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
            f"nearest-exact (got {mode})")
    if mode == "area":
        from gradviz.engine.functional_layers import adaptive_avg_pool1d, adaptive_avg_pool2d

        if spatial == 3:
            raise NotImplementedError("interpolate: 'area' mode on 5D input is not in gradviz")
        out = (adaptive_avg_pool1d if spatial == 1 else adaptive_avg_pool2d)(x, sizes)
        return named_node(out, "SqueezeBackward1" if spatial == 1 else "AdaptiveAvgPool2DBackward0",
                         x)
    source = x
    for k in range(spatial):
        dim = 2 + k
        taps = _taps(mode, x.shape[dim], sizes[k], scales[k], align_corners, x.dtype.np)
        out = None
        for rows, weights in taps:
            picked = _take(x, dim, rows)
            if weights is not None:
                shape = [1] * x.dim()
                shape[dim] = len(rows)
                picked = picked * creation.tensor(weights.reshape(shape), device=x.device)
            out = picked if out is None else out + picked
        x = out
    return named_node(x, _UPSAMPLE_NODES[mode].format(n=spatial), source)


def _output_sizes(x: Tensor, spatial: int, size, scale_factor, recompute) -> tuple:
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is None and scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if size is not None:
        sizes = tuple(size) if isinstance(size, list | tuple) else (size,) * spatial
        if len(sizes) != spatial:
            raise ValueError("Input and output must have the same number of spatial "
                             "dimensions, but got input with spatial dimensions of "
                             f"{list(x.shape[2:])} and output size of {size}. Please provide "
                             "input tensor in (N, C, d1, d2, ...,dK) format and output size "
                             "in (o1, o2, ...,oK) format.")
        return tuple(int(s) for s in sizes), (None,) * spatial
    factors = (tuple(scale_factor) if isinstance(scale_factor, list | tuple)
               else (scale_factor,) * spatial)
    if len(factors) != spatial:
        raise ValueError("Input and scale_factor must have the same number of spatial "
                         "dimensions, but got input with spatial dimensions of "
                         f"{list(x.shape[2:])} and scale_factor of shape {scale_factor}. "
                         "Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                         "scale_factor in (s1, s2, ...,sK) format.")
    sizes = tuple(math.floor(float(x.shape[2 + k]) * float(f)) for k, f in enumerate(factors))
    return sizes, (None,) * spatial if recompute else tuple(float(f) for f in factors)


def _taps(mode: str, n_in: int, n_out: int, scale, align_corners, np_dtype) -> list:
    """[(input rows, weights)] for one axis: output row i is Σ weights[i]·input[rows[i]]."""
    if n_in <= 0 or n_out <= 0:
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input "
                           f"({n_in}) and output ({n_out})")
    out = np.arange(n_out)
    if mode in ("nearest", "nearest-exact"):
        # PyTorch's nearest_idx: a float scale (in/out, or 1/scale_factor), floored.
        if n_out == n_in:
            return [(out, None)]
        if n_out == 2 * n_in and mode == "nearest":
            return [(out >> 1, None)]
        ratio = np.float32(n_in / n_out if scale is None else 1.0 / scale)
        offset = np.float32(0.5 if mode == "nearest-exact" else 0.0)
        rows = np.floor((out.astype(np.float32) + offset) * ratio).astype(np.int64)
        return [(np.minimum(rows, n_in - 1), None)]
    dtype = np.float64 if np_dtype == np.float64 else np.float32
    if align_corners:
        ratio = dtype((n_in - 1) / (n_out - 1)) if n_out > 1 else dtype(0)
        source = ratio * out.astype(dtype)
    else:
        ratio = dtype(n_in / n_out if scale is None or scale <= 0 else 1.0 / scale)
        source = ratio * (out.astype(dtype) + dtype(0.5)) - dtype(0.5)
        if mode != "bicubic":
            source = np.maximum(source, dtype(0))
    if mode != "bicubic":
        low = np.minimum(np.floor(source).astype(np.int64), n_in - 1)
        high = low + (low < n_in - 1)
        lam = np.clip(source - low.astype(dtype), 0, 1).astype(dtype)
        return [(low, (dtype(1) - lam).astype(np_dtype)), (high, lam.astype(np_dtype))]
    low = np.floor(source).astype(np.int64)
    t = (source - low.astype(dtype)).astype(dtype)
    a = dtype(-0.75)  # PyTorch's cubic convolution coefficients

    def near(s):
        return ((a + 2) * s - (a + 3)) * s * s + 1

    def far(s):
        return ((a * s - 5 * a) * s + 8 * a) * s - 4 * a

    weights = (far(t + 1), near(t), near(1 - t), far(2 - t))
    return [(np.clip(low + k - 1, 0, n_in - 1), w.astype(np_dtype))
            for k, w in enumerate(weights)]


def upsample(input, size=None, scale_factor=None, mode: str = "nearest",  # noqa: A002
             align_corners: bool | None = None) -> Tensor:
    warnings.warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` "
                  "instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None) -> Tensor:  # noqa: A002
    warnings.warn("`nn.functional.upsample_nearest` is deprecated. Use "
                  "`nn.functional.interpolate` instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None) -> Tensor:  # noqa: A002
    warnings.warn("`nn.functional.upsample_bilinear` is deprecated. Use "
                  "`nn.functional.interpolate` instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


# ── pixel shuffle ────────────────────────────────────────────────────────────────────────
def pixel_shuffle(input, upscale_factor: int) -> Tensor:  # noqa: A002
    """(*, C·r², H, W) → (*, C, H·r, W·r)."""
    x, r = _t(input), int(upscale_factor)
    if x.dim() < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but "
                           f"got input with {x.dim()} dimension(s)")
    if r <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {r}")
    *batch, c, h, w = x.shape
    if c % (r * r):
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be "
                           "divisible by the square of upscale_factor, but input.size(-3)="
                           f"{c} is not divisible by {r * r}")
    b = len(batch)
    y = x.reshape(*batch, c // (r * r), r, r, h, w)
    y = y.permute(*range(b), b, b + 3, b + 1, b + 4, b + 2)
    return named_node(y.reshape(*batch, c // (r * r), h * r, w * r), "PixelShuffleBackward0")


def pixel_unshuffle(input, downscale_factor: int) -> Tensor:  # noqa: A002
    """(*, C, H·r, W·r) → (*, C·r², H, W)."""
    x, r = _t(input), int(downscale_factor)
    if x.dim() < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but "
                           f"got input with {x.dim()} dimension(s)")
    if r <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got {r}")
    *batch, c, h, w = x.shape
    for name, n, axis in (("height", h, -2), ("width", w, -1)):
        if n % r:
            raise RuntimeError(f"pixel_unshuffle expects {name} to be divisible by "
                               f"downscale_factor, but input.size({axis})={n} is not divisible "
                               f"by {r}")
    b = len(batch)
    y = x.reshape(*batch, c, h // r, r, w // r, r)
    y = y.permute(*range(b), b, b + 2, b + 4, b + 1, b + 3)
    return named_node(y.reshape(*batch, c * r * r, h // r, w // r), "PixelUnshuffleBackward0")

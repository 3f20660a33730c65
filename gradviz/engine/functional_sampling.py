"""`F.affine_grid` and `F.grid_sample`: the two halves of a spatial transformer.

``affine_grid(θ, size)`` maps the output's pixel centres, in [-1, 1] coordinates, through
each 2×3 matrix θ; ``grid_sample(x, grid)`` reads the input at those points, bilinearly
(the four neighbours weighted by the areas opposite them) or at the nearest pixel, as
PyTorch does: pixels outside the input read 0 (``padding_mode="zeros"``) or the border
(``"border"``).  Both are built from primitives (matmul, indexing, products), so the
gradients reach θ, the grid and the input without rows of their own.
"""

from __future__ import annotations

import warnings

import numpy as np

from gradviz.engine import creation
from gradviz.engine.tensor import Tensor

__all__ = ["affine_grid", "grid_sample"]

_CORNERS_WARNING = ("Default grid_sample and affine_grid behavior has changed to "
                    "align_corners=False since 1.3.0. Please specify align_corners=True if the "
                    "old behavior is desired. See the documentation of grid_sample for details.")


def _steps(n: int, align_corners: bool, dtype) -> np.ndarray:
    # The pixel centres along one axis in [-1, 1] (PyTorch's linspace, shrunk by (n−1)/n
    # when the corners are the pixels' outer edges).
    steps = creation.linspace(-1, 1, n, dtype=dtype).numpy()
    return steps if align_corners or n <= 1 else steps * np.float32(n - 1) / np.float32(n)


def affine_grid(theta: Tensor, size, align_corners: bool | None = None) -> Tensor:
    """(N, H, W, 2) sampling points: each output pixel's (x, y, 1) times θᵀ."""
    if align_corners is None:
        warnings.warn(_CORNERS_WARNING, UserWarning, stacklevel=2)
        align_corners = False
    size = tuple(size)
    if len(size) != 4:
        raise NotImplementedError("affine_grid only supports 4D and 5D sizes, for 2D and 3D "
                                  "affine transforms, respectively. Got size "
                                  f"{list(size)}.")
    n, _, h, w = size
    if theta.dim() != 3 or tuple(theta.shape[1:]) != (2, 3) or theta.shape[0] != n:
        raise ValueError("Expected a batch of 2D affine matrices of shape Nx2x3 for size "
                         f"{list(size)}. Got {list(theta.shape)}.")
    np_dtype = theta.dtype.np
    xs, ys = _steps(w, align_corners, theta.dtype), _steps(h, align_corners, theta.dtype)
    base = np.empty((h, w, 3), dtype=np_dtype)
    base[..., 0], base[..., 1], base[..., 2] = xs[None, :], ys[:, None], 1
    base = creation.tensor(np.broadcast_to(base.reshape(1, h * w, 3), (n, h * w, 3)).copy(),
                           device=theta.device)
    return base.bmm(theta.transpose(1, 2)).view(n, h, w, 2)


def _source(coord: Tensor, size: int, align_corners: bool) -> Tensor:
    # [-1, 1] → pixel coordinates (−1 and 1 are the outer edges, or the corner pixels' centres).
    if align_corners:
        return (coord + 1) / 2 * (size - 1)
    return ((coord + 1) * size - 1) / 2


def grid_sample(input: Tensor, grid: Tensor, mode: str = "bilinear",  # noqa: A002
                padding_mode: str = "zeros", align_corners: bool | None = None) -> Tensor:
    """(N, C, H_out, W_out): the input read at each grid point (x, y) in [-1, 1]."""
    if align_corners is None:
        warnings.warn(_CORNERS_WARNING, UserWarning, stacklevel=2)
        align_corners = False
    if mode not in ("bilinear", "nearest"):
        raise NotImplementedError(f"grid_sample: mode '{mode}' is not in gradviz yet")
    if padding_mode not in ("zeros", "border"):
        raise NotImplementedError(f"grid_sample: padding_mode '{padding_mode}' is not in "
                                  "gradviz yet")
    if input.dim() != 4 or grid.dim() != 4 or grid.shape[-1] != 2 or \
            grid.shape[0] != input.shape[0]:
        raise RuntimeError("grid_sampler(): expected 4D input and grid with same batch size "
                           f"and 2 coordinates, but got input with sizes {list(input.shape)} "
                           f"and grid with sizes {list(grid.shape)}")
    _, _, h, w = input.shape
    x = _source(grid[..., 0], w, align_corners)
    y = _source(grid[..., 1], h, align_corners)
    if padding_mode == "border":
        x, y = x.clamp(0, w - 1), y.clamp(0, h - 1)
    if mode == "nearest":  # round half to even, as PyTorch's nearbyint
        return _read(input, np.rint(y.detach().numpy()), np.rint(x.detach().numpy()))
    x0 = np.floor(x.detach().numpy())
    y0 = np.floor(y.detach().numpy())
    x1, y1 = x0 + 1, y0 + 1
    # Each neighbour weighted by the area of the rectangle opposite it, in PyTorch's order.
    nw = (creation.tensor(x1) - x) * (creation.tensor(y1) - y)
    ne = (x - creation.tensor(x0)) * (creation.tensor(y1) - y)
    sw = (creation.tensor(x1) - x) * (y - creation.tensor(y0))
    se = (x - creation.tensor(x0)) * (y - creation.tensor(y0))
    return (_read(input, y0, x0) * nw.unsqueeze(1) + _read(input, y0, x1) * ne.unsqueeze(1)
            + _read(input, y1, x0) * sw.unsqueeze(1) + _read(input, y1, x1) * se.unsqueeze(1))


def _read(input: Tensor, rows: np.ndarray, cols: np.ndarray) -> Tensor:  # noqa: A002
    """input[n, :, row, col] for each grid point, (N, C, H_out, W_out); 0 outside the input."""
    n, _, h, w = input.shape
    inside = (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)
    rows = np.clip(rows, 0, h - 1).astype(np.int64)
    cols = np.clip(cols, 0, w - 1).astype(np.int64)
    batch = np.arange(n).reshape(n, 1, 1)
    values = input[batch, :, rows, cols].permute(0, 3, 1, 2)  # (N, H_out, W_out, C) first
    if inside.all():
        return values
    return values * creation.tensor(inside[:, None].astype(input.dtype.np))

"""`torch.trapezoid` (and its old name `trapz`), `cumulative_trapezoid` and `gradient`: the
trapezoid rule's integral of samples and their finite-difference derivative, as PyTorch's
kernels compute them, step by step from existing rows (slices, sums, products, ``cat``), so
values, gradients and node names are those rows'.
"""

from __future__ import annotations

import builtins
import numbers

from gradviz.engine import creation
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_functions import cat
from gradviz.engine.tensor_shape import wrap_dim

__all__ = ["cumulative_trapezoid", "gradient", "trapezoid", "trapz"]


def _slice(t: Tensor, dim: int, start=None, stop=None) -> Tensor:
    return t[(slice(None),) * dim + (slice(start, stop),)]


def _no_bool(name: str, y: Tensor, x: Tensor | None = None) -> None:
    if x is not None and (y.dtype.name == "bool" or x.dtype.name == "bool"):
        raise RuntimeError(f"{name}: received a bool input for `x` or `y`, but bool is not "
                           "supported")
    if y.dtype.name == "bool":
        raise RuntimeError(f"{name}: received a bool input for `y`, but bool is not "
                           "supported")


def _spacings(name: str, y: Tensor, x: Tensor, dim: int) -> Tensor:
    """x's differences along `dim`, shaped to broadcast against y's (a 1-d x along `dim`, a
    shorter x padded with leading 1s)."""
    if x.dim() == 1:
        if x.shape[0] != y.shape[dim]:
            raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
        shape = [1] * y.dim()
        shape[dim] = x.shape[0]
        x = x.view(shape)
    elif x.dim() < y.dim():
        x = x.view((1,) * (y.dim() - x.dim()) + tuple(x.shape))
    return _slice(x, dim, 1) - _slice(x, dim, 0, -1)


def _dx(name: str, dx) -> float:
    if isinstance(dx, builtins.bool) or not isinstance(dx, numbers.Real):
        raise RuntimeError(f"{name}: Currently, we only support dx as a real number.")
    return builtins.float(dx)


def trapezoid(y, x=None, *, dx=None, dim: int = -1) -> Tensor:
    """Σ (x_{i+1} − x_i)(y_i + y_{i+1})/2 along `dim`; evenly spaced samples `dx` apart
    (1 by default) are dx·(Σ y − (y_first + y_last)/2)."""
    dim = wrap_dim(dim, y.dim())
    if y.shape[dim] == 0:
        shape = list(y.shape)
        del shape[dim]
        return creation.zeros(*shape, dtype=y.dtype)
    if x is not None:
        _no_bool("trapezoid", y, x)
        steps = _spacings("trapezoid", y, x, dim)
        total = ((_slice(y, dim, 0, -1) + _slice(y, dim, 1)) * steps).sum(dim)
        return named_node(total / 2.0, "DivBackward1")  # the kernel's tensor / scalar
    _no_bool("trapezoid", y)
    step = _dx("trapezoid", 1 if dx is None else dx)
    return named_node((y.sum(dim) - (y.select(dim, 0) + y.select(dim, -1)) * 0.5) * step,
                      "MulBackward1")


def trapz(y, x=None, *, dx=None, dim: int = -1) -> Tensor:
    """PyTorch's older name of `trapezoid`."""
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y, x=None, *, dx=None, dim: int = -1) -> Tensor:
    """The running trapezoid integral along `dim` (one shorter there than `y`)."""
    dim = wrap_dim(dim, y.dim())
    left, right = _slice(y, dim, 0, -1), _slice(y, dim, 1)
    if x is not None:
        _no_bool("cumulative_trapezoid", y, x)
        steps = _spacings("cumulative_trapezoid", y, x, dim)
        return named_node(((left + right) * steps).cumsum(dim) / 2.0, "DivBackward1")
    _no_bool("cumulative_trapezoid", y)
    step = _dx("cumulative_trapezoid", 1 if dx is None else dx)
    return (step / 2.0 * (left + right)).cumsum(dim)


# ── gradient ─────────────────────────────────────────────────────────────────────────────
def gradient(input, *, spacing=1, dim=None, edge_order: int = 1) -> tuple[Tensor, ...]:  # noqa: A002
    """The derivative of the samples `input` along each of `dim` (every dim by default):
    central differences inside, one-sided ones of `edge_order` (1 or 2) at the ends.
    `spacing` is the samples' distance (one number, or one per dim) or their coordinates
    (one 1-d tensor per dim)."""
    dims = list(range(input.dim())) if dim is None else \
        [dim] if isinstance(dim, builtins.int) else list(dim)
    given = not isinstance(spacing, list | tuple)
    spacings = [spacing] * len(dims) if given else list(spacing)
    _check(input, None if given else len(spacings), None if dim is None else dims, edge_order)
    results = []
    for axis, space in zip(dims, spacings, strict=False):
        axis = wrap_dim(axis, input.dim())
        if isinstance(space, Tensor):
            results.append(_along_coordinates(input, space, axis, edge_order))
        else:
            results.append(_along_steps(input, builtins.float(space), axis, edge_order))
    return tuple(results)


def _check(t: Tensor, spacing_size, dims, edge_order: int) -> None:
    if t.dtype.name == "uint8":
        raise RuntimeError("torch.gradient does not support uint8 input.")
    if spacing_size is not None and dims is None and spacing_size != t.dim():
        raise RuntimeError(
            f"torch.gradient expected spacing to be unspecified, a scalar, or a list of length "
            f"equal to 'self.dim() = {t.dim()}', since dim argument was not given, but got a "
            f"list of length {spacing_size}")
    if spacing_size is not None and dims is not None and spacing_size != len(dims):
        raise RuntimeError(
            f"torch.gradient expected spacing to be unspecified, a scalar or it's spacing and "
            f"dim arguments to have the same length, but got a spacing argument of length "
            f"{spacing_size} and a dim argument of length {len(dims)}.")
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    for axis in range(t.dim()) if dims is None else dims:
        if t.shape[wrap_dim(axis, t.dim())] < edge_order + 1:
            raise RuntimeError("torch.gradient expected each dimension size to be at least "
                               "edge_order+1")


def _along_steps(t: Tensor, h: float, dim: int, edge_order: int) -> Tensor:
    center = (_slice(t, dim, 2) - _slice(t, dim, 0, -2)) / h
    if edge_order == 1:
        first = (_slice(t, dim, 1, 2) - _slice(t, dim, 0, 1)) / h
        last = (_slice(t, dim, -1) - _slice(t, dim, -2, -1)) / h
    else:
        first = (-1.5 * _slice(t, dim, 0, 1) + 2 * _slice(t, dim, 1, 2)
                 - 0.5 * _slice(t, dim, 2, 3)) / h
        last = (0.5 * _slice(t, dim, -3, -2) - 2 * _slice(t, dim, -2, -1)
                + 1.5 * _slice(t, dim, -1)) / h
    return cat([first, center / 2, last], dim)


def _along_coordinates(t: Tensor, x: Tensor, dim: int, edge_order: int) -> Tensor:
    if x.dim() != 1:
        raise RuntimeError(f"torch.gradient expected each element of spacing to have one "
                           f"dimension, but got an element with {x.dim()} dimensions!")
    shape = [1] * t.dim()
    shape[dim] = -1
    steps = x.diff(1, 0)
    dx1, dx2 = steps[:-1], steps[1:]
    a = (-dx2 / (dx1 * (dx1 + dx2))).reshape(shape)
    b = ((dx2 - dx1) / (dx1 * dx2)).reshape(shape)
    c = (dx1 / (dx2 * (dx1 + dx2))).reshape(shape)
    center = a * _slice(t, dim, 0, -2) + b * _slice(t, dim, 1, -1) + c * _slice(t, dim, 2)
    if edge_order == 1:
        first = (_slice(t, dim, 1, 2) - _slice(t, dim, 0, 1)) / steps[0]
        last = (_slice(t, dim, -1) - _slice(t, dim, -2, -1)) / steps[-1]
    else:
        h0, h1 = steps[0], steps[1]
        a = -(2.0 * h0 + h1) / (h0 * (h0 + h1))
        b = (h0 + h1) / (h0 * h1)
        c = -h0 / (h1 * (h0 + h1))
        first = a * _slice(t, dim, 0, 1) + b * _slice(t, dim, 1, 2) + c * _slice(t, dim, 2, 3)
        h0, h1 = steps[-2], steps[-1]
        a = h1 / (h0 * (h1 + h0))
        b = -(h1 + h0) / (h1 * h0)
        c = (2 * h1 + h0) / (h1 * (h1 + h0))
        last = a * _slice(t, dim, -3, -2) + b * _slice(t, dim, -2, -1) + c * _slice(t, dim, -1)
    return cat([first, center, last], dim)

"""AdaptiveMaxPool1d/2d, MaxUnpool1d/2d, LPPool1d/2d and FractionalMaxPool2d: layers over
`functional_pool_indices` and `functional_fractional`, with PyTorch's arguments and
printing."""

from __future__ import annotations

from gradviz.engine import functional_pool_indices as P
from gradviz.engine.functional_fractional import fractional_max_pool2d
from gradviz.engine.functional_layers import _tuple
from gradviz.engine.nn_modules import Module
from gradviz.engine.tensor import Tensor

__all__ = ["AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "FractionalMaxPool2d", "LPPool1d",
           "LPPool2d", "MaxUnpool1d", "MaxUnpool2d"]


class AdaptiveMaxPool2d(Module):
    """The maximum over windows that tile the image into `output_size` cells (and where each
    maximum is, with ``return_indices``)."""

    _pool = staticmethod(P.adaptive_max_pool2d)

    def __init__(self, output_size, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size, self.return_indices = output_size, return_indices

    def forward(self, input: Tensor):  # noqa: A002
        return self._pool(input, self.output_size, self.return_indices)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveMaxPool1d(AdaptiveMaxPool2d):
    _pool = staticmethod(P.adaptive_max_pool1d)


class MaxUnpool2d(Module):
    """A max pool's inverse: its values put back where the pool's indices say, zeros
    elsewhere."""

    _dims, _unpool = 2, staticmethod(P.max_unpool2d)

    def __init__(self, kernel_size, stride=None, padding=0) -> None:
        super().__init__()
        n = self._dims
        self.kernel_size = _tuple(kernel_size, n, "kernel_size")
        self.stride = self.kernel_size if stride is None else _tuple(stride, n, "stride")
        self.padding = _tuple(padding, n, "padding")

    def forward(self, input: Tensor, indices: Tensor, output_size=None) -> Tensor:  # noqa: A002
        return self._unpool(input, indices, self.kernel_size, self.stride, self.padding,
                            output_size)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(MaxUnpool2d):
    _dims, _unpool = 1, staticmethod(P.max_unpool1d)


class LPPool2d(Module):
    """(Σ over each window of xᵖ)^(1/p), p = norm_type (1: sum pooling, ∞: max pooling)."""

    _pool = staticmethod(P.lp_pool2d)

    def __init__(self, norm_type: float, kernel_size, stride=None,
                 ceil_mode: bool = False) -> None:
        super().__init__()
        self.norm_type, self.kernel_size, self.stride = norm_type, kernel_size, stride
        self.ceil_mode = ceil_mode

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return self._pool(input, float(self.norm_type), self.kernel_size, self.stride,
                          self.ceil_mode)

    def extra_repr(self) -> str:
        return (f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, ceil_mode={self.ceil_mode}")


class LPPool1d(LPPool2d):
    _pool = staticmethod(P.lp_pool1d)


class FractionalMaxPool2d(Module):
    """Max pooling over kernel_size windows at pseudo-random starts that tile the image into
    `output_size` cells (or ``output_ratio`` of it), drawn afresh each call unless
    ``_random_samples`` (a buffer) fixes them."""

    def __init__(self, kernel_size, output_size=None, output_ratio=None,
                 return_indices: bool = False, _random_samples=None) -> None:
        super().__init__()
        self.kernel_size = _tuple(kernel_size, 2, "kernel_size")
        self.return_indices = return_indices
        self.register_buffer("_random_samples", _random_samples)
        self.output_size = None if output_size is None else _tuple(output_size, 2, "output_size")
        self.output_ratio = None if output_ratio is None else (
            (output_ratio,) * 2 if isinstance(output_ratio, float | int) else tuple(output_ratio))
        if output_size is None and output_ratio is None:
            raise ValueError("FractionalMaxPool2d requires specifying either an output size, "
                             "or a pooling ratio")
        if output_size is not None and output_ratio is not None:
            raise ValueError("only one of output_size and output_ratio may be specified")
        if self.output_ratio is not None and not all(0 < r < 1 for r in self.output_ratio):
            raise ValueError(f"output_ratio must be between 0 and 1 (got {output_ratio})")

    def forward(self, input: Tensor):  # noqa: A002
        return fractional_max_pool2d(input, self.kernel_size, self.output_size,
                                     self.output_ratio, self.return_indices,
                                     _random_samples=self._random_samples)

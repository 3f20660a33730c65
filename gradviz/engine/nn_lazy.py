"""The lazy layers: LazyConv1d/2d, LazyConvTranspose1d/2d, LazyBatchNorm1d/2d and
LazyInstanceNorm1d/2d, whose channel count is read from their first input.

As `LazyLinear`: until that call their parameters are `UninitializedParameter`s (no random
draws at construction, as in PyTorch); the call gives them their shapes, draws or fills them
as the eager layer does (the same objects, so an optimizer made before keeps them), and the
layer becomes its eager class (``Conv2d``, ``BatchNorm1d``, …), as PyTorch's
``cls_to_become``.  Before that they print with 0 channels, as PyTorch's do.
"""

from __future__ import annotations

from gradviz.engine import creation
from gradviz.engine.nn_layers import (
    BatchNorm1d,
    BatchNorm2d,
    Conv1d,
    Conv2d,
    ConvTranspose1d,
    ConvTranspose2d,
    _parameter,
)
from gradviz.engine.nn_modules import UninitializedParameter
from gradviz.engine.nn_norms import InstanceNorm1d, InstanceNorm2d

__all__ = ["LazyBatchNorm1d", "LazyBatchNorm2d", "LazyConv1d", "LazyConv2d",
           "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyInstanceNorm1d",
           "LazyInstanceNorm2d"]


def _uninitialized(dtype, device) -> UninitializedParameter:
    return UninitializedParameter(_parameter((0,), dtype, device))


class _LazyConv:
    """Made as its eager layer with 0 input channels, its draws held back until the first
    call; `transposed` layers keep their weight as (in, out, *kernel)."""

    cls_to_become: type
    transposed = False

    def _lazy_setup(self, dtype, device) -> None:
        self._options = {"dtype": dtype, "device": device}
        self.weight = _uninitialized(dtype, device)
        if self.bias is not None:
            self.bias = _uninitialized(dtype, device)

    def reset_parameters(self) -> None:
        if self.in_channels:  # 0 until the first call: nothing drawn before it
            super().reset_parameters()

    def forward(self, input, *args):  # noqa: A002 - PyTorch's name
        unbatched = input.dim() == self._dims + 1
        self.in_channels = input.shape[0 if unbatched else 1]
        if self.in_channels % self.groups:
            raise ValueError("in_channels must be divisible by groups")
        channels = ((self.in_channels, self.out_channels // self.groups) if self.transposed
                    else (self.out_channels, self.in_channels // self.groups))
        shape = (*channels, *self.kernel_size)
        self.weight.materialize(_parameter(shape, **self._options)._data)
        if self.bias is not None:
            self.bias.materialize(_parameter((self.out_channels,), **self._options)._data)
        del self._options
        self.__class__ = self.cls_to_become
        self.reset_parameters()
        return self.forward(input, *args)


class _LazyConvNd(_LazyConv):
    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
                 groups: int = 1, bias: bool = True, padding_mode: str = "zeros", device=None,
                 dtype=None) -> None:
        super().__init__(0, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, device, dtype)
        self._lazy_setup(dtype, device)


class _LazyConvTransposeNd(_LazyConv):
    transposed = True

    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, output_padding=0,
                 groups: int = 1, bias: bool = True, dilation=1, padding_mode: str = "zeros",
                 device=None, dtype=None) -> None:
        super().__init__(0, out_channels, kernel_size, stride, padding, output_padding, groups,
                         bias, dilation, padding_mode, device, dtype)
        self._lazy_setup(dtype, device)


class LazyConv1d(_LazyConvNd, Conv1d):
    cls_to_become = Conv1d


class LazyConv2d(_LazyConvNd, Conv2d):
    cls_to_become = Conv2d


class LazyConvTranspose1d(_LazyConvTransposeNd, ConvTranspose1d):
    cls_to_become = ConvTranspose1d


class LazyConvTranspose2d(_LazyConvTransposeNd, ConvTranspose2d):
    cls_to_become = ConvTranspose2d


class _LazyNorm:
    """Made as its eager norm with 0 features; the first call reads C from the input's axis
    1 and gives γ = 1, β = 0 and the running statistics (0 and 1) that size.  PyTorch's
    defaults (affine and running statistics on) for the instance norms too."""

    cls_to_become: type

    def __init__(self, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None, dtype=None) -> None:
        super().__init__(0, eps, momentum, affine, track_running_stats, device, dtype)
        self._options = {"dtype": dtype, "device": device}
        for name in ("weight", "bias"):
            if getattr(self, name) is not None:
                setattr(self, name, _uninitialized(dtype, device))

    def forward(self, input):  # noqa: A002
        options = self._options
        del self._options
        if self.affine or self.track_running_stats:  # else nothing to size: 0, as PyTorch
            n = self.num_features = input.shape[1]
            if self.weight is not None:
                self.weight.materialize(creation.ones(n, **options)._data)
            if self.bias is not None:
                self.bias.materialize(creation.zeros(n, **options)._data)
            if self.running_mean is not None:
                self.running_mean = creation.zeros(n, **options)
                self.running_var = creation.ones(n, **options)
        self.__class__ = self.cls_to_become
        return self.forward(input)


class LazyBatchNorm1d(_LazyNorm, BatchNorm1d):
    cls_to_become = BatchNorm1d


class LazyBatchNorm2d(_LazyNorm, BatchNorm2d):
    cls_to_become = BatchNorm2d


class LazyInstanceNorm1d(_LazyNorm, InstanceNorm1d):
    cls_to_become = InstanceNorm1d


class LazyInstanceNorm2d(_LazyNorm, InstanceNorm2d):
    cls_to_become = InstanceNorm2d

"""The volumetric layers of `gradviz.nn`: Conv3d, ConvTranspose3d, MaxPool3d, AvgPool3d,
AdaptiveAvgPool3d and BatchNorm3d, over (N, C, D, H, W) input.

Each is its 2-D layer of `nn_layers` over three spatial axes (the same parameters, their
initial draws and printing) calling the 3-D function of `functional_volumes`.
"""

from __future__ import annotations

from gradviz.engine import functional_volumes as V
from gradviz.engine.functional_pool_indices import max_pool3d_with_indices
from gradviz.engine.nn_layers import (
    AdaptiveAvgPool2d,
    AvgPool2d,
    MaxPool2d,
    _BatchNorm,
    _ConvNd,
    _ConvTransposeNd,
)
from gradviz.engine.tensor import Tensor

__all__ = ["AdaptiveAvgPool3d", "AvgPool3d", "BatchNorm3d", "Conv3d", "ConvTranspose3d",
           "MaxPool3d"]


class Conv3d(_ConvNd):
    """(N, C_in, D, H, W) → (N, C_out, D_out, H_out, W_out): each output channel a filter
    slid through the volume."""

    _dims = 3

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        x, padding = self._padded(input)
        return V.conv3d(x, self.weight, self.bias, self.stride, padding, self.dilation,
                        self.groups)


class ConvTranspose3d(_ConvTransposeNd):
    """(N, C_in, D, H, W) → (N, C_out, D_out, H_out, W_out): each input voxel spreads its
    filters over the output, stride apart."""

    _dims = 3

    def forward(self, input: Tensor, output_size=None) -> Tensor:  # noqa: A002
        return V.conv_transpose3d(input, self.weight, self.bias, self.stride, self.padding,
                                  self._output_padding(input, output_size), self.groups,
                                  self.dilation)


class MaxPool3d(MaxPool2d):
    """The maximum of each kernel_size window of the volume."""

    def forward(self, input: Tensor):  # noqa: A002
        pool = max_pool3d_with_indices if self.return_indices else V.max_pool3d
        return pool(input, self.kernel_size, self.stride, self.padding, self.dilation,
                    self.ceil_mode)


class AvgPool3d(AvgPool2d):
    """The mean of each kernel_size window of the volume."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return V.avg_pool3d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)


class AdaptiveAvgPool3d(AdaptiveAvgPool2d):
    """The mean over windows that tile the volume into `output_size` cells."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return V.adaptive_avg_pool3d(input, self.output_size)


class BatchNorm3d(_BatchNorm):
    """Over (N, C, D, H, W) input: statistics per channel C, over the batch and the voxels."""

    _ranks = (5,)

"""`F.conv3d`, `F.conv_transpose3d`, `F.max_pool3d`, `F.avg_pool3d` and
`F.adaptive_avg_pool3d`: the layers of a volumetric (video, medical-scan) network over
(N, C, D, H, W) input, or (C, D, H, W) unbatched.

The rows of `engine.ops_conv` slide over any number of spatial axes, so each 3-D function is
its 2-D row under a 3-D name (``conv3d``, ``max_pool3d``, …), registered here with PyTorch's
node names (``ConvolutionBackward0``, ``MaxPool3DWithIndicesBackward0``,
``AvgPool3DBackward0``); the arguments are checked as `functional_layers` checks the 2-D ones.
"""

from __future__ import annotations

from dataclasses import replace

from gradviz.engine import creation, printing
from gradviz.engine.autograd import apply
from gradviz.engine.functional_layers import (
    _averaging,
    _batched,
    _ceil_padding,
    _conv,
    _conv_transpose,
    _pool_args,
    _tuple,
)
from gradviz.engine.ops import REGISTRY
from gradviz.engine.ops_conv_groups import take_groups
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor

__all__ = ["adaptive_avg_pool3d", "avg_pool3d", "conv3d", "conv_transpose3d", "max_pool3d"]

_t = creation.as_tensor
_THREE = (1, 1, 1)

# One row each, under the 3-D name the graph shows, with 3-D defaults.
for _name, _row, _params in (
        ("conv3d", "conv2d", dict(stride=_THREE, padding=(0,) * 3, dilation=_THREE)),
        ("conv_transpose3d", "conv_transpose2d",
         dict(stride=_THREE, padding=(0,) * 3, output_padding=(0,) * 3, dilation=_THREE)),
        ("max_pool3d", "max_pool2d",
         dict(kernel=(2,) * 3, stride=(2,) * 3, padding=(0,) * 3, dilation=_THREE)),
        ("avg_pool3d", "avg_pool2d",
         dict(kernel=(2,) * 3, stride=(2,) * 3, padding=(0,) * 3, count_include_pad=True,
              divisor_override=None))):
    REGISTRY[_name] = replace(REGISTRY[_row], name=_name, symbol=_name, params=_params)
printing._BACKWARD_NAMES.update(conv3d="Convolution", conv_transpose3d="Convolution",
                                max_pool3d="MaxPool3DWithIndices", avg_pool3d="AvgPool3D")
take_groups()  # every convolution row, 3-D too, with its `groups` (ops_conv_groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor:  # noqa: A002
    """Cross-correlation of (N, C, D, H, W) with filters (O, C, kd, kh, kw)."""
    return _conv("conv3d", 3, input, weight, bias, stride, padding, dilation, groups)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0,  # noqa: A002
                     groups=1, dilation=1) -> Tensor:
    """The transposed convolution of (N, C_in, D, H, W) with filters (C_in, C_out, kd, kh, kw)."""
    return _conv_transpose("conv_transpose3d", 3, input, weight, bias, stride, padding,
                           output_padding, groups, dilation)


def pool3d_args(name, x, kernel_size, stride, padding, dilation, ceil_mode):
    """kernel, stride and padding (ceil_mode's extra padding after) of a 3-D pool."""
    kernel, stride, pads = _pool_args(name, x, kernel_size, stride, padding, dilation, False, 3)
    if ceil_mode:
        pads = _ceil_padding(x.shape[2:], kernel, stride, pads, _tuple(dilation, 3, "dilation"))
    return kernel, stride, pads


def _volume(input, name: str):  # noqa: A002
    x = _t(input)
    if x.dim() not in (4, 5) or x.numel() == 0:
        raise RuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")
    return _batched(x, 3, name)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,  # noqa: A002
               return_indices=False):
    """The maximum of each kernel_size window of (N, C, D, H, W), windows `stride` apart."""
    if return_indices:
        from gradviz.engine.functional_pool_indices import max_pool3d_with_indices

        return max_pool3d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    x, added = _volume(input, "max_pool3d")
    kernel, stride, pads = pool3d_args("max_pool3d", x, kernel_size, stride, padding,
                                       dilation, ceil_mode)
    out = apply("max_pool3d", x, kernel=kernel, stride=stride, padding=pads,
                dilation=_tuple(dilation, 3, "dilation"))
    return out.squeeze(0) if added else out


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False,  # noqa: A002
               count_include_pad=True, divisor_override=None) -> Tensor:
    """The mean of each kernel_size window of (N, C, D, H, W)."""
    if ceil_mode:
        raise NotImplementedError("avg_pool3d: ceil_mode=True is not supported")
    x, added = _volume(input, "avg_pool3d")
    kernel, stride, pads = pool3d_args("avg_pool3d", x, kernel_size, stride, padding, 1, False)
    out = apply("avg_pool3d", x, kernel=kernel, stride=stride, padding=pads,
                count_include_pad=count_include_pad, divisor_override=divisor_override)
    return out.squeeze(0) if added else out


def adaptive_avg_pool3d(input, output_size) -> Tensor:  # noqa: A002
    """The mean over windows that tile (D, H, W) into `output_size` (None keeps an axis):
    an averaging matrix applied along each of the three axes."""
    x = _t(input)
    if x.dim() not in (4, 5):
        raise RuntimeError(f"adaptive_avg_pool3d(): Expected 4D or 5D tensor, but got "
                         f"{list(x.shape)}")
    sizes = (output_size,) * 3 if output_size is None or isinstance(output_size, int) else (
        tuple(output_size))
    (d, h, w) = x.shape[-3:]
    od, oh, ow = (n if n is not None else x.shape[-3 + i] for i, n in enumerate(sizes))
    if (od, oh, ow) == (1, 1, 1):
        return x.mean((-3, -2, -1), keepdim=True)
    out = _averaging(h, oh, x) @ x @ _averaging(w, ow, x).T
    out = (out.transpose(-3, -1) @ _averaging(d, od, x).T).transpose(-3, -1)
    return named_node(out, "AdaptiveAvgPool3DBackward0", x)

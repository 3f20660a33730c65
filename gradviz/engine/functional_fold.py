"""`F.unfold` (im2col) and `F.fold` (col2im): sliding blocks out of an image and back.

``unfold`` pads the image with zeros and stacks, for each kernel position (i, j), the
strided slice that position reads, so column l of the result holds block l's C·kh·kw
numbers, channel first, as PyTorch orders them.  ``fold`` is its adjoint: each block's
numbers are added back where they came from (a `scatter_add`, so overlaps sum), and the
padding cropped.  Both are composites of rows, so their gradients are those rows'.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import creation
from gradviz.engine.autograd import apply
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor

__all__ = ["fold", "unfold"]

_t = creation.as_tensor


def _pair(value, name: str) -> tuple[int, int]:
    pair = tuple(value) if isinstance(value, list | tuple) else (value, value)
    if len(pair) != 2:
        raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(pair)}")
    return int(pair[0]), int(pair[1])


def _blocks(sizes, kernel, dilation, padding, stride) -> tuple[int, int]:
    return tuple((sizes[i] + 2 * padding[i] - dilation[i] * (kernel[i] - 1) - 1) // stride[i]
                 + 1 for i in range(2))


def _arguments(kernel_size, dilation, padding, stride) -> tuple:
    kernel, dilation = _pair(kernel_size, "kernel_size"), _pair(dilation, "dilation")
    padding, stride = _pair(padding, "padding"), _pair(stride, "stride")
    for name, pair, low in (("kernel", kernel, 1), ("dilation", dilation, 1),
                            ("padding", padding, 0), ("stride", stride, 1)):
        if min(pair) < low:
            word = "non-negative" if low == 0 else "greater than zero"
            raise RuntimeError(f"{name} should be {word}, but got {name}_height: {pair[0]} "
                               f"{name}_width: {pair[1]}")
    return kernel, dilation, padding, stride


def unfold(input, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:  # noqa: A002
    """(N, C, H, W) → (N, C·kh·kw, L): every kh×kw block a column."""
    x = _t(input)
    if x.dim() not in (3, 4):
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch "
                           f"size for input, but got:{list(x.shape)}")
    kernel, dilation, padding, stride = _arguments(kernel_size, dilation, padding, stride)
    batched = x.dim() == 4
    if not batched:
        x = x.unsqueeze(0)
    n, c, h, w = x.shape
    oh, ow = _blocks((h, w), kernel, dilation, padding, stride)
    if oh < 1 or ow < 1:
        raise RuntimeError(f"Given input with spatial size ({h}, {w}), kernel_size "
                           f"({kernel[0]}, {kernel[1]}), dilation ({dilation[0]}, "
                           f"{dilation[1]}), padding ({padding[0]}, {padding[1]}), calculated "
                           f"shape of the array of sliding blocks as ({oh}, {ow}), but its "
                           "components must be at least one.")
    if any(padding):
        from gradviz.engine.functional_resample import pad

        x = pad(x, (padding[1], padding[1], padding[0], padding[0]))
    parts = []
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            top, left = i * dilation[0], j * dilation[1]
            parts.append(x[:, :, top:top + stride[0] * (oh - 1) + 1:stride[0],
                           left:left + stride[1] * (ow - 1) + 1:stride[1]])
    cols = apply("stack", *parts, dim=2).reshape(n, c * kernel[0] * kernel[1], oh * ow)
    return named_node(cols if batched else cols.squeeze(0), "Im2ColBackward0")


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:  # noqa: A002
    """(N, C·kh·kw, L) → (N, C, H, W): the columns added back into the image."""
    cols = _t(input)
    if cols.dim() not in (2, 3):
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor with optional 0 dim batch "
                           f"size for input, but got:{list(cols.shape)}")
    size = _pair(output_size, "output_size")
    kernel, dilation, padding, stride = _arguments(kernel_size, dilation, padding, stride)
    batched = cols.dim() == 3
    if not batched:
        cols = cols.unsqueeze(0)
    n, rows, length = cols.shape
    per_block = kernel[0] * kernel[1]
    if rows % per_block:
        raise RuntimeError("Expected size of input's dimension 1 to be divisible by the "
                           f"product of kernel_size, but got input.size(1)={rows} and "
                           f"kernel_size=({kernel[0]}, {kernel[1]}).")
    oh, ow = _blocks(size, kernel, dilation, padding, stride)
    if oh * ow != length:
        raise RuntimeError(f"Given output_size=({size[0]}, {size[1]}), kernel_size=("
                           f"{kernel[0]}, {kernel[1]}), dilation=({dilation[0]}, "
                           f"{dilation[1]}), padding=({padding[0]}, {padding[1]}), stride=("
                           f"{stride[0]}, {stride[1]}), expected size of input's dimension 2 "
                           f"to match the calculated number of sliding blocks {oh} * {ow} = "
                           f"{oh * ow}, but got input.size(2)={length}.")
    c = rows // per_block
    ph, pw = size[0] + 2 * padding[0], size[1] + 2 * padding[1]
    # The flat position, in the padded image, of each (kernel entry, block) number.
    ki, kj = np.divmod(np.arange(per_block), kernel[1])
    bi, bj = np.divmod(np.arange(oh * ow), ow)
    top = ki[:, None] * dilation[0] + bi[None, :] * stride[0]
    left = kj[:, None] * dilation[1] + bj[None, :] * stride[1]
    where = np.broadcast_to((top * pw + left).reshape(1, 1, -1), (n, c, per_block * length))
    image = creation.zeros(n, c, ph * pw, dtype=cols.dtype, device=cols.device)
    image = image.scatter_add(2, creation.tensor(np.ascontiguousarray(where), device=cols.device),
                              cols.reshape(n, c, per_block * length))
    image = image.reshape(n, c, ph, pw)[:, :, padding[0]:padding[0] + size[0],
                                        padding[1]:padding[1] + size[1]]
    return named_node(image if batched else image.squeeze(0), "Col2ImBackward0")

"""The layers of a convolutional network in `gradviz.nn`, shaped like `torch.nn`'s:
Conv1d/Conv2d, ConvTranspose1d/2d, MaxPool1d/2d, AvgPool1d/2d, AdaptiveAvgPool1d/2d,
BatchNorm1d/2d, Embedding, Unflatten, LazyLinear.

Each holds its parameters and buffers under PyTorch's names (so ``state_dict()`` and
``load_state_dict`` trade weights with a torch model) and calls one function of
`functional_layers`.  Random initial values are drawn as PyTorch draws them: the same
distributions, through each tensor's ``uniform_``/``normal_``, in the same order.
"""

from __future__ import annotations

import math

from gradviz.engine import creation
from gradviz.engine import functional as F
from gradviz.engine.autograd import ShapeError, no_grad
from gradviz.engine.backend import normalize_device
from gradviz.engine.functional_layers import _tuple
from gradviz.engine.nn_modules import Module, Parameter, UninitializedParameter
from gradviz.engine.tensor import Tensor

__all__ = ["AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AvgPool1d", "AvgPool2d", "BatchNorm1d",
           "BatchNorm2d", "Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d", "Embedding",
           "LazyLinear", "MaxPool1d", "MaxPool2d", "Unflatten"]


def _parameter(shape, dtype=None, device=None) -> Parameter:
    return Parameter(creation.empty(*shape, dtype=dtype, device=normalize_device(device)))


def _draw_uniform(tensor: Tensor, bound: float) -> None:
    with no_grad():
        tensor.uniform_(-bound, bound)


def _check_groups(in_channels: int, out_channels: int, groups: int) -> None:
    if groups <= 0:
        raise ValueError("groups must be a positive integer")
    if in_channels % groups != 0:
        raise ValueError("in_channels must be divisible by groups")
    if out_channels % groups != 0:
        raise ValueError("out_channels must be divisible by groups")


class _ConvNd(Module):
    """Filters W (out_channels, in_channels, *kernel) and a bias (out_channels,), drawn from
    U(−1/√fan_in, 1/√fan_in) as PyTorch's kaiming_uniform(a=√5) gives them."""

    _dims = 2

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 dilation=1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
                 device=None, dtype=None) -> None:
        super().__init__()
        _check_groups(in_channels, out_channels, groups)
        valid_padding_modes = {"zeros", "reflect", "replicate", "circular"}  # PyTorch's set
        if padding_mode not in valid_padding_modes:
            raise ValueError(f"padding_mode must be one of {valid_padding_modes}, but got "
                             f"padding_mode='{padding_mode}'")
        n = self._dims
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _tuple(kernel_size, n, "kernel_size")
        self.stride, self.dilation = _tuple(stride, n, "stride"), _tuple(dilation, n, "dilation")
        self.padding = padding if isinstance(padding, str) else _tuple(padding, n, "padding")
        self.groups, self.padding_mode = groups, padding_mode
        self.weight = _parameter((out_channels, in_channels // groups, *self.kernel_size), dtype,
                                 device)
        self.bias = _parameter((out_channels,), dtype, device) if bias else None
        if not bias:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        fan_in = self.in_channels // self.groups * math.prod(self.kernel_size)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
        _draw_uniform(self.weight, bound)
        if self.bias is not None:
            _draw_uniform(self.bias, bound)

    def _padded(self, input: Tensor):  # noqa: A002
        """(input, padding) for the convolution: for a padding_mode other than zeros, the
        input padded by F.pad in that mode (PyTorch's order: the last axis first, each side;
        'same' puts an odd kernel's extra one after) and no padding left to the convolution."""
        if self.padding_mode == "zeros":
            return input, self.padding
        if self.padding == "same":
            totals = [d * (k - 1) for k, d in zip(self.kernel_size, self.dilation, strict=True)]
            sides = [(t // 2, t - t // 2) for t in totals]
        else:
            sides = [(0, 0)] * self._dims if self.padding == "valid" else [
                (p, p) for p in self.padding]
        pads = [side for pair in reversed(sides) for side in pair]
        return F.pad(input, pads, mode=self.padding_mode), 0

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
        conv = F.conv2d if self._dims == 2 else F.conv1d
        x, padding = self._padded(input)
        return conv(x, self.weight, self.bias, self.stride, padding, self.dilation, self.groups)

    def extra_repr(self) -> str:
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}")
        if self.padding != (0,) * self._dims:  # a string too, unquoted, as torch prints it
            text += f", padding={self.padding}"
        if self.dilation != (1,) * self._dims:
            text += f", dilation={self.dilation}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        text += "" if self.bias is not None else ", bias=False"
        return text + ("" if self.padding_mode == "zeros" else
                       f", padding_mode={self.padding_mode}")


class Conv1d(_ConvNd):
    """(N, C_in, L) → (N, C_out, L_out): each output a filter slid along the sequence."""

    _dims = 1


class Conv2d(_ConvNd):
    """(N, C_in, H, W) → (N, C_out, H_out, W_out): each output channel a filter slid over the
    image."""


class _ConvTransposeNd(Module):
    """Filters W (in_channels, out_channels, *kernel), as PyTorch shapes a transposed
    convolution's, drawn from U(±1/√fan_in) with fan_in = out_channels·kernel (torch's
    kaiming_uniform(a=√5) reads the weight's second axis)."""

    _dims = 2

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 output_padding=0, groups: int = 1, bias: bool = True, dilation=1,
                 padding_mode: str = "zeros", device=None, dtype=None) -> None:
        super().__init__()
        name = type(self).__name__
        _check_groups(in_channels, out_channels, groups)
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {name}')
        n = self._dims
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _tuple(kernel_size, n, "kernel_size")
        self.stride, self.padding = _tuple(stride, n, "stride"), _tuple(padding, n, "padding")
        self.dilation = _tuple(dilation, n, "dilation")
        self.output_padding = _tuple(output_padding, n, "output_padding")
        self.groups, self.padding_mode = groups, padding_mode
        self.weight = _parameter((in_channels, out_channels // groups, *self.kernel_size), dtype,
                                 device)
        self.bias = _parameter((out_channels,), dtype, device) if bias else None
        if not bias:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        fan_in = self.out_channels // self.groups * math.prod(self.kernel_size)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
        _draw_uniform(self.weight, bound)
        if self.bias is not None:
            _draw_uniform(self.bias, bound)

    def _output_padding(self, input: Tensor, output_size) -> tuple[int, ...]:  # noqa: A002
        """The output_padding that makes the result `output_size` (None: the layer's own)."""
        if output_size is None:
            return self.output_padding
        n = self._dims
        wanted = [int(v) for v in output_size][-n:]
        pads = []
        for i, size in enumerate(wanted):
            smallest = ((input.shape[input.dim() - n + i] - 1) * self.stride[i]
                        - 2 * self.padding[i] + self.dilation[i] * (self.kernel_size[i] - 1) + 1)
            if not smallest <= size < smallest + self.stride[i]:
                raise ValueError(f"requested an output size of {wanted}, but valid sizes "
                                 f"range from {smallest} to {smallest + self.stride[i] - 1} "
                                 f"(for an input of {list(input.shape[2:])})")
            pads.append(size - smallest)
        return tuple(pads)

    def forward(self, input: Tensor, output_size=None) -> Tensor:  # noqa: A002
        conv = F.conv_transpose2d if self._dims == 2 else F.conv_transpose1d
        return conv(input, self.weight, self.bias, self.stride, self.padding,
                    self._output_padding(input, output_size), self.groups, self.dilation)

    def extra_repr(self) -> str:
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}")
        for name, default in (("padding", 0), ("dilation", 1), ("output_padding", 0)):
            if getattr(self, name) != (default,) * self._dims:
                text += f", {name}={getattr(self, name)}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        return text + ("" if self.bias is not None else ", bias=False")


class ConvTranspose1d(_ConvTransposeNd):
    """(N, C_in, L) → (N, C_out, L_out): the gradient of Conv1d with respect to its input,
    as a layer (upsampling)."""

    _dims = 1


class ConvTranspose2d(_ConvTransposeNd):
    """(N, C_in, H, W) → (N, C_out, H_out, W_out): each input pixel spreads its filters over
    the output, stride apart (a DCGAN generator's upsampling)."""


class _Pool(Module):
    def __init__(self, kernel_size, stride=None, padding=0) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding


class MaxPool2d(_Pool):
    """The maximum of each window (windows `stride` apart, by default their own size)."""

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
                 ceil_mode=False) -> None:
        super().__init__(kernel_size, stride, padding)
        self.dilation, self.return_indices, self.ceil_mode = dilation, return_indices, ceil_mode

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        pool = F.max_pool2d if type(self) is MaxPool2d else F.max_pool1d
        return pool(input, self.kernel_size, self.stride, self.padding, self.dilation,
                    self.ceil_mode, self.return_indices)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool1d(MaxPool2d):
    pass


class AvgPool2d(_Pool):
    """The mean of each window (padding counted in the mean unless count_include_pad=False)."""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True, divisor_override=None) -> None:
        super().__init__(kernel_size, stride, padding)
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        if type(self) is AvgPool1d:
            return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding,
                                self.ceil_mode, self.count_include_pad)
        return F.avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(AvgPool2d):
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True) -> None:
        # One-tuples, as torch keeps (and prints) them: kernel_size=(2,)
        stride = kernel_size if stride is None else stride
        super().__init__(*(_tuple(v, 1, n) for v, n in ((kernel_size, "kernel_size"),
                           (stride, "stride"), (padding, "padding"))),
                         ceil_mode, count_include_pad)


class AdaptiveAvgPool2d(Module):
    """The mean over windows that tile the image into `output_size` cells, whatever the
    input's size: (1, 1) is the global average pooling before a classifier."""

    def __init__(self, output_size) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        pool = F.adaptive_avg_pool2d if type(self) is AdaptiveAvgPool2d else (
            F.adaptive_avg_pool1d)
        return pool(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(AdaptiveAvgPool2d):
    pass


class _BatchNorm(Module):
    """Normalises each channel by the batch's mean and variance while training, and by the
    running averages it keeps of them (``running_mean``, ``running_var``) in eval mode; then
    scales by γ (``weight``) and shifts by β (``bias``)."""

    _ranks: tuple[int, ...] = (2, 3)

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, device=None,
                 dtype=None, *, bias: bool = True) -> None:
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        device = normalize_device(device)
        if affine:
            self.weight = Parameter(creation.ones(num_features, dtype=dtype, device=device))
        else:
            self.register_parameter("weight", None)
        if affine and bias:  # bias=False: a scale γ without a shift β (torch ≥ 2.10)
            self.bias = Parameter(creation.zeros(num_features, dtype=dtype, device=device))
        else:
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean",
                                 creation.zeros(num_features, dtype=dtype, device=device))
            self.register_buffer("running_var",
                                 creation.ones(num_features, dtype=dtype, device=device))
            self.register_buffer("num_batches_tracked", creation.tensor(0, device=device))
        else:
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                self.register_buffer(name, None)

    def reset_running_stats(self) -> None:
        if self.track_running_stats:
            self.running_mean._data[...] = 0
            self.running_var._data[...] = 1
            self.num_batches_tracked._data[...] = 0

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        if input.dim() not in self._ranks:
            wanted = " or ".join(f"{r}D" for r in self._ranks)
            raise ShapeError(f"expected {wanted} input (got {input.dim()}D input)")
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked._data[...] += 1
            if self.momentum is None:  # a cumulative average of every batch so far
                factor = 1.0 / float(self.num_batches_tracked._data)
        batch_stats = self.training or not self.track_running_stats
        keep = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if keep else None,
                            self.running_var if keep else None, self.weight, self.bias,
                            batch_stats, factor, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Over (N, C) or (N, C, L) input: statistics per feature C."""


class BatchNorm2d(_BatchNorm):
    """Over (N, C, H, W) input: statistics per channel C, over the batch and the pixels."""

    _ranks = (4,)


class Embedding(Module):
    """A table of num_embeddings rows of embedding_dim numbers, drawn from N(0, 1); an index
    tensor reads its rows.  The padding_idx row starts at 0 and gets no gradient."""

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 max_norm=None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
                 sparse: bool = False, _weight=None, _freeze: bool = False, device=None,
                 dtype=None) -> None:
        super().__init__()
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError("Padding_idx must be within num_embeddings")
            padding_idx %= num_embeddings
        self.padding_idx, self.max_norm = padding_idx, max_norm
        if _weight is None:
            self.weight = _parameter((num_embeddings, embedding_dim), dtype, device)
            self.reset_parameters()
        else:
            self.weight = Parameter(creation.as_tensor(_weight).detach(),
                                    requires_grad=not _freeze)

    def reset_parameters(self) -> None:
        with no_grad():
            self.weight.normal_()
            if self.padding_idx is not None:
                self.weight._data[self.padding_idx] = 0

    @classmethod
    def from_pretrained(cls, embeddings, freeze: bool = True, padding_idx=None, **kwargs):
        rows, dim = creation.as_tensor(embeddings).shape
        return cls(rows, dim, padding_idx, _weight=embeddings, _freeze=freeze, **kwargs)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.embedding(input, self.weight, self.padding_idx, self.max_norm)

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        return text if self.padding_idx is None else text + f", padding_idx={self.padding_idx}"


class Unflatten(Module):
    """Splits axis `dim` into `unflattened_size` (the inverse of Flatten)."""

    def __init__(self, dim: int, unflattened_size) -> None:
        super().__init__()
        self.dim, self.unflattened_size = dim, tuple(unflattened_size)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


class LazyLinear(Module):
    """A Linear layer whose in_features is read from its first input; its parameters are drawn
    then (as Linear draws them), and the layer becomes a `Linear`, as in PyTorch."""

    def __init__(self, out_features: int, bias: bool = True, device=None, dtype=None) -> None:
        super().__init__()
        self.in_features, self.out_features = 0, out_features
        self._options = {"dtype": dtype, "device": device}
        self.weight = UninitializedParameter(_parameter((0,), dtype, device))
        self.bias = UninitializedParameter(_parameter((0,), dtype, device)) if bias else None
        if not bias:
            self.register_parameter("bias", None)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        from gradviz.engine.nn import Linear

        self.in_features = input.shape[-1]
        bound = 1 / math.sqrt(self.in_features) if self.in_features > 0 else 0.0
        # The same Parameter objects, filled: an optimizer made before this call keeps them.
        self.weight.materialize(_parameter((self.out_features, self.in_features),
                                           **self._options)._data)
        _draw_uniform(self.weight, bound)
        if self.bias is not None:
            self.bias.materialize(_parameter((self.out_features,), **self._options)._data)
            _draw_uniform(self.bias, bound)
        del self._options
        self.__class__ = Linear
        return self.forward(input)

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")

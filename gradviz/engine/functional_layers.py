"""`F.conv1d`, `F.conv2d`, `F.conv_transpose1d/2d`, the pools, `F.batch_norm` and
`F.embedding`, with PyTorch's arguments and PyTorch's messages for the shapes that do not fit
(`F.layer_norm` and `F.embedding_bag` are `functional_text`'s, listed here too).

Each checks and normalises its arguments (an int or a tuple per spatial axis, ``"same"`` and
``"valid"`` padding, an unbatched input) and calls one registry row of `engine.ops_conv`.
The 1-D pools are the 2-D rows over a height of one, as PyTorch computes them.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import creation
from gradviz.engine.autograd import ShapeError, apply
from gradviz.engine.functional_text import check_indices, embedding_bag, layer_norm  # noqa: F401
from gradviz.engine.ops_conv import batch_stats, pairs, transposed_size
from gradviz.engine.tensor import Tensor

__all__ = ["adaptive_avg_pool1d", "adaptive_avg_pool2d", "avg_pool1d", "avg_pool2d",
           "batch_norm", "conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d",
           "embedding", "embedding_bag", "layer_norm", "max_pool1d", "max_pool2d"]

_t = creation.as_tensor


def _tuple(value, n: int, name: str) -> tuple[int, ...]:
    if isinstance(value, int):
        return (value,) * n
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * n
    if len(value) != n:
        raise ValueError(f"{name} must be an int or a tuple of {n} ints, got {value}")
    return value


def _padding(padding, kernel, dilation, stride, n: int) -> tuple:
    """One padding per spatial axis (`ops_conv.pairs`), from an int, a tuple, "valid" or
    "same"."""
    if padding == "valid":
        return (0,) * n
    if padding == "same":
        if any(s != 1 for s in stride):
            raise ValueError("padding='same' is not supported for strided convolutions")
        totals = [d * (k - 1) for k, d in zip(kernel, dilation, strict=True)]
        # the extra one after, as PyTorch; n on both sides written as n
        return tuple(t // 2 if t % 2 == 0 else (t // 2, t - t // 2) for t in totals)
    if isinstance(padding, str):
        raise ValueError(f"Invalid padding string {padding!r}, should be one of "
                         "{'valid', 'same'}")
    return _tuple(padding, n, "padding")


def _batched(x: Tensor, nd: int, name: str) -> tuple[Tensor, bool]:
    """`x` with a batch axis, and whether one was added (PyTorch takes unbatched input too)."""
    if x.dim() == nd + 1:
        return x.unsqueeze(0), True
    if x.dim() != nd + 2:
        raise ShapeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to "
                         f"{name}, but got input of size: {list(x.shape)}")
    return x, False


def _out_sizes(name, x, kernel, stride, padding, dilation) -> None:
    for n, k, s, (b, a), d in zip(x.shape[2:], kernel, stride, pairs(padding), dilation,
                                  strict=True):
        if (n + b + a - d * (k - 1) - 1) // s + 1 < 1:
            raise ShapeError(
                f"{name}: the input's spatial size {tuple(x.shape[2:])} (padded by {padding}) "
                f"is smaller than the kernel {tuple(kernel)} (dilation {tuple(dilation)})")


def _conv_inputs(name: str, nd: int, input, weight, groups, transposed: bool):  # noqa: A002
    """(x batched, w, whether a batch dimension was added), or PyTorch's refusal: the weight
    holds (out, in/groups, *kernel) channels, or (in, out/groups, *kernel) for a transposed
    convolution."""
    x, w = _t(input), _t(weight)
    x, added = _batched(x, nd, name)
    if groups < 1:
        raise RuntimeError("non-positive groups is not supported")
    order = "in_channels, out_channels" if transposed else "out_channels, in_channels"
    if w.dim() != nd + 2:
        raise ShapeError(f"{name}: expected a weight of {nd + 2} dimensions "
                         f"({order}, *kernel), got {list(w.shape)}")
    if w.shape[0] % groups:  # PyTorch's message prints the size in double brackets
        raise ShapeError(f"Given groups={groups}, expected weight to be divisible by {groups} "
                         f"at dimension 0, but got weight of size [{list(w.shape)}] instead")
    channels = w.shape[0] if transposed else w.shape[1] * groups
    if x.shape[1] != channels:
        given = "transposed=1" if transposed else f"groups={groups}"
        raise ShapeError(f"Given {given}, weight of size {list(w.shape)}, expected "
                         f"input{list(x.shape)} to have {channels} channels, but got "
                         f"{x.shape[1]} channels instead")
    return x, w, added


def _conv(name: str, nd: int, input, weight, bias, stride, padding, dilation, groups):
    x, w, added = _conv_inputs(name, nd, input, weight, groups, transposed=False)
    stride, dilation = _tuple(stride, nd, "stride"), _tuple(dilation, nd, "dilation")
    padding = _padding(padding, w.shape[2:], dilation, stride, nd)
    _out_sizes(name, x, w.shape[2:], stride, padding, dilation)
    inputs = (x, w) if bias is None else (x, w, _t(bias))
    grouped = {} if groups == 1 else {"groups": int(groups)}
    out = apply(name, *inputs, stride=stride, padding=padding, dilation=dilation, **grouped)
    return out.squeeze(0) if added else out


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor:  # noqa: A002
    """Cross-correlation of (N, C, L) with filters (O, C, k): (N, O, L_out)."""
    return _conv("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor:  # noqa: A002
    """Cross-correlation of (N, C, H, W) with filters (O, C, kh, kw): (N, O, H_out, W_out)."""
    return _conv("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def _conv_transpose(name: str, nd: int, input, weight, bias, stride, padding,  # noqa: A002
                    output_padding, groups, dilation):
    x, w, added = _conv_inputs(name, nd, input, weight, groups, transposed=True)
    stride, dilation = _tuple(stride, nd, "stride"), _tuple(dilation, nd, "dilation")
    padding = _tuple(padding, nd, "padding")
    output_padding = _tuple(output_padding, nd, "output_padding")
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation,
                                                    strict=True)):
        raise ValueError(f"output padding must be smaller than either stride or dilation, "
                         f"but got output_padding {output_padding}, stride {stride}, "
                         f"dilation {dilation}")
    sizes = [transposed_size(*a) for a in zip(x.shape[2:], w.shape[2:], stride, padding,
                                              output_padding, dilation, strict=True)]
    if min(sizes) < 1:
        raise ShapeError(f"{name}: the output size {sizes} is too small (padding {padding})")
    inputs = (x, w) if bias is None else (x, w, _t(bias))
    grouped = {} if groups == 1 else {"groups": int(groups)}
    out = apply(name, *inputs, stride=stride, padding=padding, output_padding=output_padding,
                dilation=dilation, **grouped)
    return out.squeeze(0) if added else out


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0,  # noqa: A002
                     groups=1, dilation=1) -> Tensor:
    """The transposed convolution (the gradient of conv1d with respect to its input) of
    (N, C_in, L) with filters (C_in, C_out, k): (N, C_out, L_out)."""
    return _conv_transpose("conv_transpose1d", 1, input, weight, bias, stride, padding,
                           output_padding, groups, dilation)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0,  # noqa: A002
                     groups=1, dilation=1) -> Tensor:
    """The transposed convolution ("deconvolution") of (N, C_in, H, W) with filters
    (C_in, C_out, kh, kw): each input pixel spreads its filters over a stride-spaced window
    of the output, (N, C_out, (H − 1)·s − 2p + d·(k − 1) + output_padding + 1, …)."""
    return _conv_transpose("conv_transpose2d", 2, input, weight, bias, stride, padding,
                           output_padding, groups, dilation)


def _pool_args(name, x, kernel_size, stride, padding, dilation, ceil_mode, nd=2):
    if ceil_mode and name != "max_pool2d":
        raise NotImplementedError(f"{name}: ceil_mode=True is not supported")
    kernel = _tuple(kernel_size, nd, "kernel_size")
    stride = kernel if stride is None or stride == [] else _tuple(stride, nd, "stride")
    pads, dilation = _tuple(padding, nd, "padding"), _tuple(dilation, nd, "dilation")
    if any(2 * p > k for p, k in zip(pads, kernel, strict=True)):
        raise ValueError(f"{name}: pad should be at most half of effective kernel size, but "
                         f"got pad={pads} and kernel_size={kernel}")
    _out_sizes(name, x, kernel, stride, pads, dilation)
    if ceil_mode:
        pads = _ceil_padding(x.shape[2:], kernel, stride, pads, dilation)
    return kernel, stride, pads


def _ceil_padding(sizes, kernel, stride, pads, dilation) -> tuple:
    """ceil_mode: one more window where the last would be cut short, read over extra −∞
    padding after; PyTorch drops a window that would start in the right padding."""
    out = []
    for n, k, s, p, d in zip(sizes, kernel, stride, pads, dilation, strict=True):
        reach = d * (k - 1) + 1
        count = -(-(n + 2 * p - reach) // s) + 1
        if (count - 1) * s >= n + p:
            count -= 1
        extra = max(0, (count - 1) * s + reach - (n + 2 * p))
        out.append((p, p + extra) if extra else p)
    return tuple(out)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,  # noqa: A002
               return_indices=False) -> Tensor:
    """The maximum of each kernel_size window, windows `stride` apart (default: kernel_size)."""
    if return_indices:
        from gradviz.engine.functional_pool_indices import max_pool2d_with_indices

        return max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    x, added = _batched(_t(input), 2, "max_pool2d")
    kernel, stride, padding = _pool_args("max_pool2d", x, kernel_size, stride, padding,
                                         dilation, ceil_mode)
    out = apply("max_pool2d", x, kernel=kernel, stride=stride, padding=padding,
                dilation=_tuple(dilation, 2, "dilation"))
    return out.squeeze(0) if added else out


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,  # noqa: A002
               count_include_pad=True, divisor_override=None) -> Tensor:
    """The mean of each kernel_size window (padding counted unless count_include_pad=False)."""
    x, added = _batched(_t(input), 2, "avg_pool2d")
    kernel, stride, padding = _pool_args("avg_pool2d", x, kernel_size, stride, padding, 1,
                                         ceil_mode)
    out = apply("avg_pool2d", x, kernel=kernel, stride=stride, padding=padding,
                count_include_pad=count_include_pad, divisor_override=divisor_override)
    return out.squeeze(0) if added else out


def _flat(value, name: str) -> tuple[int, int]:
    return (1, *_tuple(value, 1, name))  # one length along L, as (1, length) along (1, L)


def _one_d(pool, input, kernel_size, stride, padding, *rest):  # noqa: A002
    # (N, C, L) as (N, C, 1, L): PyTorch's own 1-D pools are its 2-D ones, squeezed.
    x = _t(input).unsqueeze(-2)
    stride = None if stride is None else _flat(stride, "stride")
    return pool(x, _flat(kernel_size, "kernel_size"), stride,
                (0, *_tuple(padding, 1, "padding")), *rest).squeeze(-2)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,  # noqa: A002
               return_indices=False) -> Tensor:
    if return_indices:
        from gradviz.engine.functional_pool_indices import max_pool1d_with_indices

        return max_pool1d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    return _one_d(max_pool2d, input, kernel_size, stride, padding,
                  (1, *_tuple(dilation, 1, "dilation")), ceil_mode, return_indices)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,  # noqa: A002
               count_include_pad=True) -> Tensor:
    return _one_d(avg_pool2d, input, kernel_size, stride, padding, ceil_mode, count_include_pad)


def _averaging(n_in: int, n_out: int, like: Tensor) -> Tensor:
    """The (n_out, n_in) matrix whose row i averages PyTorch's adaptive window i:
    from ⌊i·n_in/n_out⌋ to ⌈(i + 1)·n_in/n_out⌉."""
    rows = np.zeros((n_out, n_in))
    for i in range(n_out):
        start, stop = (i * n_in) // n_out, -((-(i + 1) * n_in) // n_out)
        rows[i, start:stop] = 1 / (stop - start)
    return creation.tensor(rows, dtype=like.dtype, device=like.device)


def adaptive_avg_pool2d(input, output_size) -> Tensor:  # noqa: A002
    """The mean over windows that tile (H, W) into `output_size` (None keeps an axis): a mean
    for (1, 1), an avg_pool2d when the sizes divide, else an averaging matrix on each side."""
    x = _t(input)
    if x.dim() not in (3, 4):
        raise ShapeError(f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got "
                         f"{list(x.shape)}")
    sizes = (output_size, output_size) if output_size is None or isinstance(
        output_size, int) else tuple(output_size)
    (h, w), (oh, ow) = x.shape[-2:], (n if n is not None else x.shape[-2 + i]
                                        for i, n in enumerate(sizes))
    if (oh, ow) == (1, 1):
        return x.mean((-2, -1), keepdim=True)
    if h % oh == 0 and w % ow == 0:
        return avg_pool2d(x, (h // oh, w // ow))
    return _averaging(h, oh, x) @ x @ _averaging(w, ow, x).T


def adaptive_avg_pool1d(input, output_size) -> Tensor:  # noqa: A002
    size = output_size if isinstance(output_size, int) else output_size[0]
    return adaptive_avg_pool2d(_t(input).unsqueeze(-2), (1, size)).squeeze(-2)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,  # noqa: A002
               momentum=0.1, eps=1e-5) -> Tensor:
    """(x − μ)/√(σ² + ε) per channel (axis 1), then γ·x̂ + β.  Training: the batch's μ and σ²,
    and the running statistics, when given, move towards them by `momentum` (the variance's
    unbiased form, as PyTorch keeps it).  Otherwise the running statistics are used."""
    x = _t(input)
    if x.dim() < 2:
        raise ShapeError(f"batch_norm: expected an input of at least 2 dimensions (N, C, …), "
                         f"got {list(x.shape)}")
    if training:
        n = x.numel() // x.shape[1]
        if n <= 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got "
                             f"input size {x.shape}")
        if running_mean is not None and running_var is not None:
            mean, var = batch_stats(x._data)
            for stat, batch in ((running_mean, mean), (running_var, var * (n / (n - 1)))):
                stat._data[...] = (1 - momentum) * stat._data + momentum * batch.reshape(-1)
    elif running_mean is None or running_var is None:
        raise ValueError("batch_norm: running_mean and running_var are needed when not training")
    stats = {} if training else {"running_mean": running_mean._data.copy(),
                                 "running_var": running_var._data.copy()}
    affine = [] if weight is None and bias is None else [
        _t(weight) if weight is not None else creation.ones(x.shape[1], dtype=x.dtype),
        _t(bias) if bias is not None else creation.zeros(x.shape[1], dtype=x.dtype)]
    return apply("native_batch_norm", x, *affine, training=bool(training), eps=float(eps),
                 **stats)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,  # noqa: A002
              scale_grad_by_freq=False, sparse=False) -> Tensor:
    """Row i of `weight` for each index i of `input`: shape (*input.shape, embedding_dim)."""
    if max_norm is not None or scale_grad_by_freq or sparse:
        raise NotImplementedError("embedding: max_norm, scale_grad_by_freq and sparse are not "
                                  "supported")
    index, w = _t(input), _t(weight)
    check_indices(index, "embedding")
    rows = np.asarray(index.cpu().numpy() if hasattr(index, "cpu") else index._data)
    if rows.size and (rows.min() < 0 or rows.max() >= w.shape[0]):
        raise IndexError(f"index out of range in self: the table has {w.shape[0]} rows, "
                         f"an index is {int(rows.min() if rows.min() < 0 else rows.max())}")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += w.shape[0]
    return apply("embedding", w, index=index._data.astype(np.int64, copy=False),
                 padding_idx=padding_idx)

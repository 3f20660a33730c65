"""Registry rows for the layers of a convolutional network: convolution, max and average
pooling, batch normalisation and the embedding lookup.

Each is one node, as in PyTorch (``ConvolutionBackward0``, ``MaxPool2DWithIndicesBackward0``,
``AvgPool2DBackward0``, ``NativeBatchNormBackward0``, ``EmbeddingBackward0``), so a CNN's graph
reads ``conv2d → ReLU → max_pool2d`` rather than thousands of multiplies.  The arithmetic is
numpy's (or cupy's): a window view of the padded input (`windows`), one `tensordot` for a
convolution, one reduction for a pool.  The backward passes add each window's gradient back
where the window was read (`scatter_windows`): one vectorised slab per kernel offset, never
a Python loop over pixels.  `ops` imports this module at its end.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np

from gradviz.engine import scalar_forms as sf
from gradviz.engine.backend import add_at
from gradviz.engine.ops import REGISTRY, defop, quiet
from gradviz.engine.value import Value


# ── windows: the view every row here reads its input through ─────────────────────────────
# A padding is one entry per spatial axis: n (n on both sides, as PyTorch writes it) or a
# (before, after) pair ('same' padding of an even kernel puts the extra one after).
def pairs(padding) -> tuple[tuple[int, int], ...]:
    return tuple(p if isinstance(p, tuple) else (p, p) for p in padding)


def pad(xp, x, padding, value=0):
    """`x` (N, C, *spatial) with `padding` entries of `value` added on each spatial axis."""
    padding = pairs(padding)
    if not any(b or a for b, a in padding):
        return x
    return xp.pad(x, ((0, 0), (0, 0), *padding), constant_values=value)


def windows(xp, x, kernel, stride, dilation):
    """The (N, C, *out, *kernel) view of padded `x`: window `out` holds the kernel's entries."""
    spatial = tuple(range(2, 2 + len(kernel)))
    extent = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation, strict=True))
    view = xp.lib.stride_tricks.sliding_window_view(x, extent, axis=spatial)
    return view[(slice(None), slice(None), *(slice(None, None, s) for s in stride),
                 *(slice(None, None, d) for d in dilation))]


def scatter_windows(xp, cols, padded_shape, stride, dilation):
    """The inverse of `windows`: each window entry of `cols` (N, C, *out, *kernel) added back
    at the padded input's position it was read from.  Windows overlap, so one kernel offset at
    a time: the offset's entries of every window land on a strided slab, without collisions."""
    nd = len(stride)
    out, kernel = cols.shape[2:2 + nd], cols.shape[2 + nd:]
    grad = xp.zeros(padded_shape, dtype=cols.dtype)
    for offset in itertools.product(*map(range, kernel)):
        slab = tuple(slice(o * d, o * d + s * (n - 1) + 1, s)
                     for o, d, s, n in zip(offset, dilation, stride, out, strict=True))
        grad[(slice(None), slice(None), *slab)] += cols[(Ellipsis, *offset)]
    return grad


def crop(g, padding):
    """The part of a padded array's gradient that belongs to the unpadded input."""
    return g[(slice(None), slice(None),
              *(slice(b, g.shape[2 + i] - a) for i, (b, a) in enumerate(pairs(padding))))]


def padded_shape(x, padding) -> tuple[int, ...]:
    return x.shape[:2] + tuple(n + before + after for n, (before, after)
                               in zip(x.shape[2:], pairs(padding), strict=True))


# ── convolution (cross-correlation, as in every deep-learning library) ────────────────────
def _conv(xp, x, w, b=None, stride=(1, 1), padding=(0, 0), dilation=(1, 1)):
    nd = w.ndim - 2
    cols = windows(xp, pad(xp, x, padding), w.shape[2:], stride, dilation)
    kernel_axes = tuple(range(2 + nd, 2 + 2 * nd))
    out = xp.tensordot(cols, w, axes=((1, *kernel_axes), (1, *range(2, 2 + nd))))
    out = xp.moveaxis(out, -1, 1)
    if b is not None:
        out = out + b.reshape((-1,) + (1,) * nd)
    return out


def conv_input_grad(xp, g, w, shape, stride, padding, dilation):
    """The gradient of a convolution's input of `shape` from its result's gradient `g`.
    Each window was multiplied by every filter: its gradient is Σ_o G[o] · W[o], then every
    window entry goes back to the pixel it was read from."""
    nd = w.ndim - 2
    cols = xp.moveaxis(xp.tensordot(g, w, axes=((1,), (0,))), 1 + nd, 1)  # (N, C, *out, *k)
    padded = tuple(shape[:2]) + tuple(n + before + after for n, (before, after)
                                      in zip(shape[2:], pairs(padding), strict=True))
    return crop(scatter_windows(xp, cols, padded, stride, dilation), padding)


def _conv_vjp_x(xp, g, out, x, w, b=None, stride=(1, 1), padding=(0, 0),
                dilation=(1, 1)):
    return conv_input_grad(xp, g, w, x.shape, stride, padding, dilation)


def _conv_vjp_w(xp, g, out, x, w, b=None, stride=(1, 1), padding=(0, 0),
                dilation=(1, 1)):
    # ∂L/∂W[o, c, k] = Σ over the batch and the output positions of G[n, o, p] · window[n, c, p, k]
    nd = w.ndim - 2
    cols = windows(xp, pad(xp, x, padding), w.shape[2:], stride, dilation)
    spatial = tuple(range(2, 2 + nd))
    return xp.tensordot(g, cols, axes=((0, *spatial), (0, *spatial)))


def _conv_vjp_b(xp, g, out, x, w, b=None, **params):
    return g.sum(axis=(0, *range(2, g.ndim)))


def conv_nodes(out, inputs) -> int:
    """Each result element: a product and a sum per weight it reads, as a matmul's."""
    reads = int(np.prod(inputs[1][1:]))
    return 4 * int(np.prod(out)) * reads + 2 * int(np.prod(out))


_CONV = dict(stride=(1, 1), padding=(0, 0), dilation=(1, 1))
defop("conv2d", "conv2d", _conv, _conv_vjp_x, _conv_vjp_w, _conv_vjp_b,
      formula="conv(x, W)[o, p] = b[o] + Σ_c Σ_k W[o, c, k] · x[c, p·s + k·d]",
      derivatives=("∂/∂x: each window's Σ_o G[o]·W[o], added back where it was read",
                   "∂/∂W[o, c, k] = Σ_p G[o, p] · x[c, p·s + k·d]", "∂/∂b[o] = Σ_p G[o, p]"),
      stems=("z", "conv"), scalar=sf.FORWARD, nodes=conv_nodes, **_CONV)
# One row, two names: the box says how many spatial axes the layer slides over.
REGISTRY["conv1d"] = replace(REGISTRY["conv2d"], name="conv1d", symbol="conv1d",
                             params=dict(stride=(1,), padding=(0,), dilation=(1,)))


# ── transposed convolution: the convolution's input gradient, as a layer ─────────────────
# y = conv_transpose(x, W) is ∂/∂z of conv(z, W) applied to x: each input pixel spreads
# W[c] over a window of the output.  Its own gradients are therefore the convolution's
# forward (for x) and the convolution's weight gradient with x and G in swapped roles (W).
def transposed_size(n, k, s, p, op, d) -> int:
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1


def _conv_transpose(xp, x, w, b=None, stride=(1, 1), padding=(0, 0), output_padding=(0, 0),
                    dilation=(1, 1)):
    sizes = tuple(transposed_size(*a) for a in zip(
        x.shape[2:], w.shape[2:], stride, padding, output_padding, dilation, strict=True))
    out = conv_input_grad(xp, x, w, (x.shape[0], w.shape[1], *sizes), stride, padding,
                          dilation)
    if out.dtype == object:  # the scalar view: output cells no window reached are constants
        out = np.frompyfunc(lambda v: v if isinstance(v, Value) else Value(float(v)), 1, 1)(out)
    if b is not None:
        out = out + b.reshape((-1,) + (1,) * (w.ndim - 2))
    return out


def _conv_transpose_vjp_x(xp, g, out, x, w, b=None, stride=(1, 1), padding=(0, 0),
                          output_padding=(0, 0), dilation=(1, 1)):
    return _conv(xp, g, w, None, stride, padding, dilation)


def _conv_transpose_vjp_w(xp, g, out, x, w, b=None, stride=(1, 1), padding=(0, 0),
                          output_padding=(0, 0), dilation=(1, 1)):
    return _conv_vjp_w(xp, x, None, g, w, None, stride, padding, dilation)


def conv_transpose_nodes(out, inputs) -> int:
    """A product and a sum per input element and weight it meets."""
    reads = int(np.prod(inputs[1][1:]))
    return 4 * int(np.prod(inputs[0])) * reads + 2 * int(np.prod(out))


defop("conv_transpose2d", "conv_transpose2d", _conv_transpose, _conv_transpose_vjp_x,
      _conv_transpose_vjp_w, _conv_vjp_b,
      formula="convᵀ(x, W)[o, p·s + k·d] += W[c, o, k] · x[c, p], then + b[o]",
      derivatives=("∂/∂x = conv(G, W)", "∂/∂W[c, o, k] = Σ_p x[c, p] · G[o, p·s + k·d]",
                   "∂/∂b[o] = Σ_p G[o, p]"),
      stems=("z", "deconv"), scalar=sf.FORWARD, nodes=conv_transpose_nodes, stride=(1, 1),
      padding=(0, 0), output_padding=(0, 0), dilation=(1, 1))
REGISTRY["conv_transpose1d"] = replace(
    REGISTRY["conv_transpose2d"], name="conv_transpose1d", symbol="conv_transpose1d",
    params=dict(stride=(1,), padding=(0,), output_padding=(0,), dilation=(1,)))


# ── pooling ──────────────────────────────────────────────────────────────────────────────
def _flat_windows(xp, x, kernel, stride, padding, dilation, value):
    cols = windows(xp, pad(xp, x, padding, value), kernel, stride, dilation)
    return cols.reshape(cols.shape[:cols.ndim - len(kernel)] + (-1,))


def _max_pool(xp, x, kernel=(2, 2), stride=(2, 2), padding=(0, 0), dilation=(1, 1)):
    return _flat_windows(xp, x, kernel, stride, padding, dilation, -np.inf).max(axis=-1)


def _max_pool_vjp(xp, g, out, x, kernel=(2, 2), stride=(2, 2), padding=(0, 0),
                  dilation=(1, 1)):
    # The whole gradient of a window goes to its first maximum (PyTorch's index choice).
    flat = _flat_windows(xp, x, kernel, stride, padding, dilation, -np.inf)
    first = flat.argmax(axis=-1)[..., None]
    cols = (xp.arange(flat.shape[-1]) == first) * g[..., None]
    cols = cols.reshape(flat.shape[:-1] + tuple(kernel))
    return crop(scatter_windows(xp, cols, padded_shape(x, padding), stride, dilation), padding)


def max_pool_nodes(x, kernel=(2, 2), stride=(2, 2), padding=(0, 0),
                   dilation=(1, 1)):
    """The scalar view: each result is the window's first maximum itself (no new node)."""
    numbers = np.asarray(np.frompyfunc(lambda v: v.data, 1, 1)(x), dtype=float)
    flat = _flat_windows(np, numbers, kernel, stride, padding, dilation, -np.inf)
    cells = _flat_windows(np, x, kernel, stride, padding, dilation, Value(-np.inf))
    return np.take_along_axis(cells, flat.argmax(axis=-1)[..., None], axis=-1)[..., 0]


def _divisor(xp, x, kernel, stride, padding, count_include_pad, divisor_override):
    if divisor_override:
        return divisor_override
    if count_include_pad:
        return int(np.prod(kernel))
    ones = xp.ones((1, 1, *x.shape[2:]), dtype=x.dtype if x.dtype.kind == "f" else float)
    return _flat_windows(xp, ones, kernel, stride, padding, (1,) * len(kernel), 0).sum(axis=-1)


def _avg_pool(xp, x, kernel=(2, 2), stride=(2, 2), padding=(0, 0),
              count_include_pad=True, divisor_override=None):
    flat = _flat_windows(xp, x, kernel, stride, padding, (1,) * len(kernel), 0)
    return flat.sum(axis=-1) / _divisor(xp, x, kernel, stride, padding, count_include_pad,
                                        divisor_override)


def _avg_pool_vjp(xp, g, out, x, kernel=(2, 2), stride=(2, 2), padding=(0, 0),
                  count_include_pad=True, divisor_override=None):
    share = g / _divisor(xp, x, kernel, stride, padding, count_include_pad, divisor_override)
    cols = xp.broadcast_to(share.reshape(share.shape + (1,) * len(kernel)),
                           share.shape + tuple(kernel))
    return crop(scatter_windows(xp, cols, padded_shape(x, padding), stride, (1,) * len(kernel)),
                padding)


def _pool_nodes(out, inputs) -> int:
    # A sum and its node pair per window entry.  The kernel is not among the shapes: windows
    # read at least input/output entries each, and overlapping ones more; 3 × 3 is the usual.
    size = int(np.prod(out))
    return 4 * size * max(9, int(np.prod(inputs[0])) // max(1, size)) + 2 * size


_POOL = dict(kernel=(2, 2), stride=(2, 2), padding=(0, 0))
defop("max_pool2d", "max_pool2d", _max_pool, _max_pool_vjp,
      formula="maxpool(x)[p] = the maximum of the window at p",
      derivatives=("∂/∂x = G at each window's maximum, 0 elsewhere",),
      scalar=max_pool_nodes, nodes=sf.no_nodes, dilation=(1, 1), **_POOL)
defop("avg_pool2d", "avg_pool2d", _avg_pool, _avg_pool_vjp,
      formula="avgpool(x)[p] = (1/k) Σ of the window at p",
      derivatives=("∂/∂x = G/k spread over each window",),
      scalar=sf.FORWARD, nodes=_pool_nodes, count_include_pad=True, divisor_override=None,
      **_POOL)


# ── batch normalisation ──────────────────────────────────────────────────────────────────
def _stat_axes(x):
    return (0, *range(2, x.ndim))  # every axis but the channels'


def _per_channel(a, x):
    return a.reshape((1, -1) + (1,) * (x.ndim - 2))


def batch_stats(x):
    """The batch's mean and biased variance per channel, kept broadcastable against `x`.
    Only + − × ÷ and sums, so the scalar view can replay it on `Value`s."""
    axes = _stat_axes(x)
    n = x.size // x.shape[1]
    mean = x.sum(axis=axes, keepdims=True) / n
    centred = x - mean
    return mean, (centred * centred).sum(axis=axes, keepdims=True) / n


def _normalised(x, training, running_mean, running_var, eps):
    if training:
        mean, var = batch_stats(x)
    else:
        mean, var = _per_channel(running_mean, x), _per_channel(running_var, x)
    invstd = (var + eps) ** -0.5
    return (x - mean) * invstd, invstd


def _batch_norm(xp, x, w=None, b=None, training=True, running_mean=None, running_var=None,
                eps=1e-5):
    xhat, _ = _normalised(x, training, running_mean, running_var, eps)
    if w is not None:
        xhat = xhat * _per_channel(w, x)
    return xhat if b is None else xhat + _per_channel(b, x)


def _batch_norm_vjp_x(xp, g, out, x, w=None, b=None, training=True, running_mean=None,
                      running_var=None, eps=1e-5):
    xhat, invstd = _normalised(x, training, running_mean, running_var, eps)
    scale = invstd if w is None else invstd * _per_channel(w, x)
    if not training:  # fixed statistics: an affine map of x
        return g * scale
    # The batch's mean and variance depend on x too: (γ/σ)(G − mean(G) − x̂·mean(G·x̂)).
    axes = _stat_axes(x)
    return scale * (g - g.mean(axis=axes, keepdims=True)
                    - xhat * (g * xhat).mean(axis=axes, keepdims=True))


def _batch_norm_vjp_w(xp, g, out, x, w=None, b=None, training=True, running_mean=None,
                      running_var=None, eps=1e-5):
    xhat, _ = _normalised(x, training, running_mean, running_var, eps)
    return (g * xhat).sum(axis=_stat_axes(x))


defop("native_batch_norm", "BatchNorm", quiet(_batch_norm), quiet(_batch_norm_vjp_x),
      quiet(_batch_norm_vjp_w), lambda xp, g, out, x, w=None, b=None, **p: g.sum(
          axis=_stat_axes(x)),
      formula="γ · (x − μ)/√(σ² + ε) + β, μ and σ² per channel",
      derivatives=("∂/∂x = (γ/σ)(G − mean(G) − x̂·mean(G·x̂)) (training)",
                   "∂/∂γ = Σ G·x̂", "∂/∂β = Σ G"),
      stems=("bn", "norm"), scalar=sf.FORWARD, nodes=sf.per_input(12), training=True,
      running_mean=None, running_var=None, eps=1e-5)


# ── embedding: a table lookup ─────────────────────────────────────────────────────────────
def _embedding_vjp(xp, g, out, w, index=None, padding_idx=None):
    # Rows read more than once get the sum of their gradients; the padding row gets none.
    grad = add_at(xp, xp.zeros(w.shape, dtype=g.dtype), index, g)
    if padding_idx is not None:
        grad[padding_idx] = 0
    return grad


def embedding_nodes(w, index=None, padding_idx=None):
    """The scalar view: the table's own cells; the padding row's as constants (no gradient)."""
    picked = w[index]
    if padding_idx is not None:
        constant = np.frompyfunc(lambda v: Value(v.data), 1, 1)
        picked = picked.copy()
        rows = index == padding_idx
        picked[rows] = constant(picked[rows])
    return picked


defop("embedding", "Embedding", lambda xp, w, index=None, padding_idx=None: w[index],
      _embedding_vjp,
      formula="Embedding(i) = W[i]: row i of the table",
      derivatives=("∂/∂W[r] = Σ of G over the positions that read row r",),
      stems=("e", "emb"), scalar=embedding_nodes, nodes=sf.no_nodes, index=None,
      padding_idx=None)


# The transformers' and text layers' rows (layer norm, embedding bag) register with these.
from gradviz.engine import ops_layers  # noqa: E402, F401

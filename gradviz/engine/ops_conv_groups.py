"""Grouped convolutions (``groups=G``): the convolution rows of `ops_conv` (and their 3-D
names) over G independent slices of the channels, as a ResNeXt, a MobileNet's depthwise
convolution (G = channels) or a ShuffleNet computes them.

Group g reads input channels [g·C/G, (g + 1)·C/G) with filters [g·O/G, (g + 1)·O/G) of the
weight (O, C/G, *kernel) — a transposed convolution's weight is (C, O/G, *kernel) — and
writes those output channels; each group is the row's own one-group arithmetic, and the
results join along the channels.  The rows keep their names and nodes (one
``ConvolutionBackward0``), with a ``groups`` parameter; ``groups=1`` is the row as it was.
"""

from __future__ import annotations

from dataclasses import replace

from gradviz.engine import ops_conv as C
from gradviz.engine.ops import REGISTRY


def _slices(n: int, groups: int):
    size = n // groups
    return [slice(g * size, (g + 1) * size) for g in range(groups)]


def _joined(xp, parts, axis: int):
    return parts[0] if len(parts) == 1 else xp.concatenate(parts, axis=axis)


def _conv(xp, x, w, b=None, groups=1, **params):
    if groups == 1:
        return C._conv(xp, x, w, b, **params)
    return _joined(xp, [C._conv(xp, x[:, i], w[o], None if b is None else b[o], **params)
                        for i, o in _group_slices(x, w, groups)], 1)


def _group_slices(x, w, groups: int):
    """Each group's (input channels, output channels) slices, in order."""
    return zip(_slices(x.shape[1], groups), _slices(w.shape[0], groups), strict=True)


def _conv_vjp_x(xp, g, out, x, w, b=None, groups=1, **params):
    if groups == 1:
        return C._conv_vjp_x(xp, g, out, x, w, b, **params)
    return _joined(xp, [C._conv_vjp_x(xp, g[:, o], None, x[:, i], w[o], None, **params)
                        for i, o in _group_slices(x, w, groups)], 1)


def _conv_vjp_w(xp, g, out, x, w, b=None, groups=1, **params):
    if groups == 1:
        return C._conv_vjp_w(xp, g, out, x, w, b, **params)
    return _joined(xp, [C._conv_vjp_w(xp, g[:, o], None, x[:, i], w[o], None, **params)
                        for i, o in _group_slices(x, w, groups)], 0)


def _conv_vjp_b(xp, g, out, x, w, b=None, groups=1, **params):
    return C._conv_vjp_b(xp, g, out, x, w, b, **params)


# A transposed convolution's weight is (C_in, C_out/G, *kernel): its groups split axis 0
# with the input's channels, and the output's channels by the weight's axis 1.
def _transposed(xp, x, w, b=None, groups=1, **params):
    if groups == 1:
        return C._conv_transpose(xp, x, w, b, **params)
    outs = _slices(w.shape[1] * groups, groups)
    return _joined(xp, [C._conv_transpose(xp, x[:, i], w[i], None if b is None else b[o],
                                          **params)
                        for i, o in zip(_slices(x.shape[1], groups), outs, strict=True)], 1)


def _transposed_vjp_x(xp, g, out, x, w, b=None, groups=1, **params):
    if groups == 1:
        return C._conv_transpose_vjp_x(xp, g, out, x, w, b, **params)
    outs = _slices(w.shape[1] * groups, groups)
    return _joined(xp, [C._conv_transpose_vjp_x(xp, g[:, o], None, x[:, i], w[i], None,
                                                **params)
                        for i, o in zip(_slices(x.shape[1], groups), outs, strict=True)], 1)


def _transposed_vjp_w(xp, g, out, x, w, b=None, groups=1, **params):
    if groups == 1:
        return C._conv_transpose_vjp_w(xp, g, out, x, w, b, **params)
    outs = _slices(w.shape[1] * groups, groups)
    return _joined(xp, [C._conv_transpose_vjp_w(xp, g[:, o], None, x[:, i], w[i], None,
                                                **params)
                        for i, o in zip(_slices(x.shape[1], groups), outs, strict=True)], 0)


def take_groups() -> None:
    """Every convolution row (1-, 2- and 3-D, transposed too) with its ``groups``."""
    for name in ("conv1d", "conv2d", "conv3d"):
        row = REGISTRY[name]
        REGISTRY[name] = replace(row, forward=_conv, vjps=(_conv_vjp_x, _conv_vjp_w, _conv_vjp_b),
                                 params={**row.params, "groups": 1})
    for name in ("conv_transpose1d", "conv_transpose2d", "conv_transpose3d"):
        row = REGISTRY[name]
        REGISTRY[name] = replace(row, forward=_transposed,
                                 vjps=(_transposed_vjp_x, _transposed_vjp_w, _conv_vjp_b),
                                 params={**row.params, "groups": 1})

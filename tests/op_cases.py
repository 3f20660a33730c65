"""The case table of `test_op_rows`: for each registry row, how to call it in gradviz, in torch
and (where the row has a scalar form) on `Value`s, on which shapes and where its inputs live.
"""

from __future__ import annotations

import operator
import warnings
import zlib

import numpy as np
import pytest
import torch

import gradviz as gv
from gradviz.engine import functional as F

TF = torch.nn.functional

ANY, POS, AWAY = "any", "pos", "away"  # input domains; AWAY keeps |x| ≥ 0.2 (kinks at 0)
PROB = "prob"  # probabilities in 0.05 … 0.95, for BCE's input and targets
HALVES = "halves"  # k + 0.5 ± 0.3: at least 0.2 from every integer (the steps' jumps)

SCALAR, VECTOR, MATRIX = [()], [(5,)], [(3, 4)]


def _unary(gv_fn, torch_fn, domain=ANY, value=None):
    """`value`: the row's scalar form, the same call on `Value`s (``lambda v: v.exp()``)."""
    return {"gv": gv_fn, "torch": torch_fn, "domains": [domain],
            "shapes": [SCALAR, VECTOR, MATRIX], "value": value}


def _binary(gv_fn, torch_fn, domains=(ANY, ANY), value=None):
    return {"gv": gv_fn, "torch": torch_fn, "domains": list(domains),
            "shapes": [[(), ()], [(5,), (5,)], [(3, 4), (3, 4)], [(3, 4), (4,)],
                       [(3, 1), (1, 4)], [(2, 3, 4), (3, 1)], [(), (3, 4)]], "value": value}


def _special(gv_fn, torch_fn, shapes, domains=(ANY,)):
    return {"gv": gv_fn, "torch": torch_fn, "domains": list(domains), "shapes": shapes,
            "value": None}


def _loss(gv_fn, torch_fn, domains=(ANY, ANY)):
    # Losses take an input and a target of the same shape.
    return _special(gv_fn, torch_fn, [[(), ()], [(5,), (5,)], [(3, 4), (3, 4)]], domains)


def _classes(logits_shape):
    """Class indices that fit logits of this shape: (C,) takes one, (N, C, …) takes (N, …)."""
    n_classes = logits_shape[0] if len(logits_shape) == 1 else logits_shape[1]
    rows = () if len(logits_shape) == 1 else (logits_shape[0], *logits_shape[2:])
    return np.arange(int(np.prod(rows))).reshape(rows) * 7 % n_classes


def _gv_cross_entropy(z, **options):
    return F.cross_entropy(z, gv.tensor(_classes(z.shape)), **options)


def _torch_cross_entropy(z, **options):
    return TF.cross_entropy(z, torch.tensor(_classes(tuple(z.shape))), **options)


def _gv_nll(a, **options):
    return F.nll_loss(a, gv.tensor(_classes(a.shape)), **options)


def _torch_nll(a, **options):
    return TF.nll_loss(a, torch.tensor(_classes(tuple(a.shape))), **options)


def _picks(shape):
    """Indices for gather along the last dim: two picks per row, repeats included."""
    n = shape[-1]
    rows = (*shape[:-1], 2)
    return np.arange(int(np.prod(rows))).reshape(rows) * 5 % n


def _slots(shape, n):
    """Scatter targets along the last dim: distinct in each row (k ≤ n of them)."""
    rows = int(np.prod(shape[:-1]))
    return ((np.arange(shape[-1]) + np.arange(rows)[:, None]) % n).reshape(shape)


def _put_row(x, v):
    # ``y[1] = v`` on a non-leaf, the same code in both: PyTorch records it in place.
    y = x * 1
    y[1] = v
    return y


def _put_mask(x):
    # ``grad_h[h < 0] = 0``, the manual backward of a ReLU; the mask is of the numbers only.
    y = x * 1
    y[x.detach() < 0] = 0
    return y


def _gv_scatter(x, src, add=False):
    index = gv.tensor(_slots((*src.shape[:-1], src.shape[-1] - 1), x.shape[-1]))
    return x.scatter_add(-1, index, src) if add else x.scatter(-1, index, src)


def _torch_scatter(x, src, add=False):
    index = torch.tensor(_slots((*src.shape[:-1], src.shape[-1] - 1), x.shape[-1]))
    # PyTorch's backward wants src no larger than index: read the part index uses.
    src = src[..., :-1]
    return x.scatter_add(-1, index, src) if add else x.scatter(-1, index, src)


def _prob(x):
    """−2 … 2 ↦ 0.1 … 0.9, for the forms below, whose inputs are drawn in −2 … 2."""
    return 0.5 + 0.2 * x


def _quiet(torch_fn):
    # PyTorch warns when a loss broadcasts its target; gradviz follows it silently.
    def call(*xs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return torch_fn(*xs)

    return call


CASES = {
    # The operators read the same on tensors, torch tensors and Values.
    "add": _binary(operator.add, operator.add, value=operator.add),
    "sub": _binary(operator.sub, operator.sub, value=operator.sub),
    "rsub": _unary(lambda x: 2.5 - x, lambda x: 2.5 - x),
    "mul": _binary(operator.mul, operator.mul, value=operator.mul),
    "div": _binary(operator.truediv, operator.truediv, (ANY, AWAY), value=operator.truediv),
    "pow": _binary(operator.pow, operator.pow, (POS, ANY), value=operator.pow),
    "where": _binary(lambda a, b: gv.where(a.detach() > 0, a, b),
                     lambda a, b: torch.where(a.detach() > 0, a, b), (AWAY, ANY)),
    "maximum": _binary(gv.maximum, torch.maximum),
    "minimum": _binary(gv.minimum, torch.minimum),
    "neg": _unary(operator.neg, operator.neg, value=operator.neg),
    "exp": _unary(gv.exp, torch.exp, value=lambda v: v.exp()),
    "log": _unary(gv.log, torch.log, POS, value=lambda v: v.log()),
    "log1p": _unary(lambda x: x.log1p(), torch.log1p, POS),
    "sqrt": _unary(gv.sqrt, torch.sqrt, POS),
    "abs": _unary(gv.abs, torch.abs, AWAY),
    "sin": _unary(gv.sin, torch.sin, value=lambda v: v.sin()),
    "cos": _unary(gv.cos, torch.cos, value=lambda v: v.cos()),
    "asin": _unary(gv.asin, torch.asin, PROB),
    "acos": _unary(gv.acos, torch.acos, PROB),
    "atan": _unary(gv.atan, torch.atan),
    "tanh": _unary(gv.tanh, torch.tanh, value=lambda v: v.tanh()),
    "sigmoid": _unary(gv.sigmoid, torch.sigmoid, value=lambda v: v.sigmoid()),
    "relu": _unary(gv.relu, torch.relu, AWAY, value=lambda v: v.relu()),
    "leaky_relu": _unary(lambda x: F.leaky_relu(x, 0.1),
                         lambda x: torch.nn.functional.leaky_relu(x, 0.1), AWAY,
                         value=lambda v: v.leaky_relu(0.1)),
    "softplus": _unary(F.softplus, torch.nn.functional.softplus),
    "clamp": _unary(lambda x: x.clamp(-0.5, 0.7), lambda x: x.clamp(-0.5, 0.7), AWAY),
    "cast": _unary(lambda x: x.to(gv.float32), lambda x: x.to(torch.float32)),
    "matmul": _special(gv.matmul, torch.matmul, [
        [(4,), (4,)], [(3, 4), (4,)], [(4,), (4, 2)], [(3, 4), (4, 2)],
        [(2, 3, 4), (4, 5)], [(2, 3, 4), (1, 4, 5)], [(3, 4), (2, 4, 5)]], (ANY, ANY)),
    "bmm": _special(gv.bmm, torch.bmm, [[(2, 3, 4), (2, 4, 5)], [(1, 2, 2), (1, 2, 3)]],
                    (ANY, ANY)),
    "linear": _special(F.linear, TF.linear, [
        [(4,), (3, 4), (3,)], [(5, 4), (3, 4), (3,)], [(2, 5, 4), (3, 4), (3,)],
        [(5, 4), (3, 4), ()]], (ANY,)),
    "sum": _special(lambda x: x.sum(), lambda x: x.sum(), [SCALAR, VECTOR, MATRIX]),
    "mean": _special(lambda x: x.mean(), lambda x: x.mean(), [SCALAR, VECTOR, MATRIX]),
    "max": _unary(gv.max, torch.max),
    "min": _unary(gv.min, torch.min),
    "cat": _special(lambda *xs: gv.cat(xs), lambda *xs: torch.cat(xs), [
        [(4,), (2,)], [(2, 3), (1, 3), (4, 3)], [(2, 3, 4), (2, 3, 4)]], (ANY,)),
    "stack": _special(lambda *xs: gv.stack(xs), lambda *xs: torch.stack(xs), [
        [(), ()], [(4,), (4,), (4,)], [(2, 3), (2, 3)]], (ANY,)),
    "reshape": _special(lambda x: x.reshape(-1, 2), lambda x: x.reshape(-1, 2),
                        [[(6,)], [(3, 4)], [(2, 3, 2)]]),
    "transpose": _special(lambda x: x.transpose(0, 1), lambda x: x.transpose(0, 1),
                          [MATRIX, [(2, 3, 4)]]),
    "index": _special(lambda x: x[1], lambda x: x[1], [VECTOR, MATRIX]),
    "index_put": _special(_put_row, _put_row, [[(3, 4), (4,)], [(3, 4), ()], [(5,), ()]]),
    "softmax": _special(lambda x: gv.softmax(x, -1), lambda x: torch.softmax(x, -1),
                        [VECTOR, MATRIX, [(2, 3, 4)]]),
    "log_softmax": _special(lambda x: F.log_softmax(x, -1),
                            lambda x: torch.log_softmax(x, -1), [VECTOR, MATRIX, [(2, 3, 4)]]),
    "mse_loss": _loss(F.mse_loss, TF.mse_loss),
    "binary_cross_entropy": _loss(F.binary_cross_entropy, TF.binary_cross_entropy,
                                  (PROB, PROB)),
    "binary_cross_entropy_with_logits": _loss(F.binary_cross_entropy_with_logits,
                                              TF.binary_cross_entropy_with_logits, (ANY, PROB)),
    "permute": _special(lambda x: x.permute(2, 0, 1), lambda x: x.permute(2, 0, 1),
                        [[(2, 3, 4)], [(1, 3, 2)]]),
    "expand": _special(lambda x: x.expand(2, 3, 4), lambda x: x.expand(2, 3, 4),
                       [[(3, 4)], [(3, 1)], [(1, 4)], [()]]),
    "repeat": _special(lambda x: x.repeat(2, 1, 3), lambda x: x.repeat(2, 1, 3),
                       [[(4,)], [(3, 4)], [(2, 3, 4)]]),
    "gather": _special(lambda x: x.gather(-1, gv.tensor(_picks(x.shape))),
                       lambda x: x.gather(-1, torch.tensor(_picks(tuple(x.shape)))),
                       [VECTOR, MATRIX, [(2, 3, 4)]]),
    "cumsum": _special(lambda x: x.cumsum(-1), lambda x: x.cumsum(-1),
                       [VECTOR, MATRIX, [(2, 3, 4)]]),
    "norm": _special(lambda x: x.norm(), lambda x: x.norm(), [SCALAR, VECTOR, MATRIX],
                     (AWAY,)),
    # var/std: whole, along a dim (kept or not), with Bessel's correction and without.
    "var": _special(lambda x: x.var() + x.var(-1, keepdim=True).sum() + x.var(0, False).sum(),
                    lambda x: x.var() + x.var(-1, keepdim=True).sum() + x.var(0, False).sum(),
                    [VECTOR, MATRIX, [(2, 3, 4)]]),
    "std": _special(lambda x: x.std() + x.std(-1).sum() + x.std(0, correction=0).sum(),
                    lambda x: x.std() + x.std(-1).sum() + x.std(0, correction=0).sum(),
                    [VECTOR, MATRIX, [(2, 3, 4)]]),
    "logsumexp": _special(lambda x: x.logsumexp(-1), lambda x: x.logsumexp(-1),
                          [VECTOR, MATRIX, [(2, 3, 4)]]),
    "amax": _special(lambda x: x.amax(-1), lambda x: x.amax(-1), [VECTOR, MATRIX, [(2, 3, 4)]]),
    "amin": _special(lambda x: x.amin(0), lambda x: x.amin(0), [VECTOR, MATRIX, [(2, 3, 4)]]),
    # Steps: gradient 0 everywhere; kept away from the jumps for the finite differences.
    "sign": _unary(gv.sign, torch.sign, AWAY),
    "round": _unary(lambda x: (x + 0.25).round(), lambda x: (x + 0.25).round(), HALVES),
    "floor": _unary(gv.floor, torch.floor, HALVES),
    "ceil": _unary(lambda x: x.ceil(), torch.ceil, HALVES),
    "trunc": _unary(lambda x: x.trunc(), torch.trunc, HALVES),
    "prod": _special(lambda x: x.prod(), lambda x: x.prod(), [SCALAR, VECTOR, MATRIX]),
    "cumprod": _special(lambda x: x.cumprod(-1), lambda x: x.cumprod(-1),
                        [VECTOR, MATRIX, [(2, 3, 4)]]),
    "flip": _special(lambda x: x.flip(0), lambda x: x.flip(0), [VECTOR, MATRIX, [(2, 3, 4)]]),
    "roll": _special(lambda x: x.roll(1, -1), lambda x: x.roll(1, -1),
                     [VECTOR, MATRIX, [(2, 3, 4)]]),
    # src one column wider than index: gradviz gives the unread column gradient 0.
    "scatter": _special(_gv_scatter, _torch_scatter,
                        [[(5,), (4,)], [(3, 4), (3, 3)], [(2, 3, 4), (2, 3, 4)]], (ANY, ANY)),
    "scatter_add": _special(lambda x, s: _gv_scatter(x, s, add=True),
                            lambda x, s: _torch_scatter(x, s, add=True),
                            [[(5,), (4,)], [(3, 4), (3, 3)], [(2, 3, 4), (2, 3, 4)]], (ANY, ANY)),
    # a // b: a step, gradient 0 (PyTorch's floor_divide has no backward; floor(a / b) has 0).
    "floor_divide": _binary(lambda a, b: a // b, lambda a, b: torch.floor(a / b), (ANY, AWAY)),
    "remainder": _binary(lambda a, b: a % b, lambda a, b: a % b, (ANY, AWAY)),
    "fmod": _binary(gv.fmod, torch.fmod, (ANY, AWAY)),
    "erf": _unary(gv.erf, torch.erf),
    "erfinv": _unary(lambda p: gv.erfinv(2 * p - 1), lambda p: torch.erfinv(2 * p - 1), PROB),
    "gelu": _unary(F.gelu, TF.gelu),
    # The class indices are fixed data (no gradient), chosen to fit each shape of logits.
    "cross_entropy": _special(_gv_cross_entropy, _torch_cross_entropy,
                              [VECTOR, MATRIX, [(2, 3, 4)]]),
    "nll_loss": _special(_gv_nll, _torch_nll, [MATRIX]),
}

# Reductions and indexing have more forms than one table row shows.
EXTRA = [
    ("sum dim=1", lambda x: x.sum(1), lambda x: x.sum(1), [(3, 4)]),
    ("sum dim=0 keepdim", lambda x: x.sum(0, True), lambda x: x.sum(0, True), [(3, 4)]),
    ("sum dims", lambda x: x.sum((0, 2)), lambda x: x.sum((0, 2)), [(2, 3, 4)]),
    ("mean dim=-1 keepdim", lambda x: x.mean(-1, True), lambda x: x.mean(-1, True), [(2, 3, 4)]),
    ("index slice", lambda x: x[1:, ::2], lambda x: x[1:, ::2], [(3, 4)]),
    ("index repeated", lambda x: x[[0, 2, 0]], lambda x: x[[0, 2, 0]], [(3, 4)]),
    ("index_put mask", _put_mask, _put_mask, [(3, 4)]),
    ("softmax dim 0", lambda x: gv.softmax(x, 0), lambda x: torch.softmax(x, 0), [(3, 4)]),
    ("cat dim=1", lambda x: gv.cat([x, 2 * x], 1), lambda x: torch.cat([x, 2 * x], 1), [(3, 4)]),
    ("cat dim=-1 of one", lambda x: gv.cat([x], -1), lambda x: torch.cat([x], -1), [(3, 4)]),
    ("stack dim=-1", lambda x: gv.stack([x, x.exp()], -1),
     lambda x: torch.stack([x, x.exp()], -1), [(3, 4)]),
    ("max dim=1", lambda x: x.max(1).values, lambda x: x.max(1).values, [(3, 4)]),
    ("min dim=0 keepdim", lambda x: gv.min(x, 0, True)[0], lambda x: torch.min(x, 0, True)[0],
     [(3, 4)]),
    ("where broadcast", lambda x: gv.where(x.detach().sum(0) > 0, x, 0.5),
     lambda x: torch.where(x.detach().sum(0) > 0, x, 0.5), [(3, 4)]),
    ("T", lambda x: x.T, lambda x: x.T, [(3, 4)]),
    ("linear without bias", F.linear, TF.linear, [(5, 4), (3, 4)]),
    ("linear, 1-D weight", F.linear, TF.linear, [(5, 4), (4,)]),
    ("a*a", lambda x: x * x, lambda x: x * x, [(3, 4)]),
    # Losses: the other reductions, broadcasting, and gradients flowing into the target.
    ("mse sum", lambda x, y: F.mse_loss(x, y, reduction="sum"),
     lambda x, y: TF.mse_loss(x, y, reduction="sum"), [(3, 4), (3, 4)]),
    ("mse none", lambda x, y: F.mse_loss(x, y, reduction="none"),
     lambda x, y: TF.mse_loss(x, y, reduction="none"), [(3, 4), (3, 4)]),
    ("mse broadcast", F.mse_loss, _quiet(TF.mse_loss), [(3, 4), (4,)]),
    ("bce sum", lambda p, y: F.binary_cross_entropy(_prob(p), _prob(y), reduction="sum"),
     lambda p, y: TF.binary_cross_entropy(_prob(p), _prob(y), reduction="sum"), [(3, 4), (3, 4)]),
    ("bce none", lambda p, y: F.binary_cross_entropy(_prob(p), _prob(y), reduction="none"),
     lambda p, y: TF.binary_cross_entropy(_prob(p), _prob(y), reduction="none"),
     [(3, 4), (3, 4)]),
    ("bce logits sum",
     lambda z, y: F.binary_cross_entropy_with_logits(z, _prob(y), reduction="sum"),
     lambda z, y: TF.binary_cross_entropy_with_logits(z, _prob(y), reduction="sum"),
     [(3, 4), (3, 4)]),
    ("bce logits none",
     lambda z, y: F.binary_cross_entropy_with_logits(z, _prob(y), reduction="none"),
     lambda z, y: TF.binary_cross_entropy_with_logits(z, _prob(y), reduction="none"),
     [(3, 4), (3, 4)]),
    # Shapes, scans, norms and extremes in their other forms.
    ("permute 2-D", lambda x: x.permute(1, 0), lambda x: x.permute(1, 0), [(3, 4)]),
    ("expand -1 and new dims", lambda x: x.expand(2, -1, 4), lambda x: x.expand(2, -1, 4),
     [(3, 1)]),
    ("repeat adds dims", lambda x: x.repeat(3, 2), lambda x: x.repeat(3, 2), [(4,)]),
    ("gather dim 0, fewer columns", lambda x: x.gather(0, gv.tensor([[2, 0], [2, 2]])),
     lambda x: x.gather(0, torch.tensor([[2, 0], [2, 2]])), [(3, 4)]),
    ("cumsum dim 0", lambda x: x.cumsum(0), lambda x: x.cumsum(0), [(3, 4)]),
    ("norm dim keepdim", lambda x: x.norm(dim=1, keepdim=True),
     lambda x: x.norm(dim=1, keepdim=True), [(3, 4)]),
    ("norm dims", lambda x: x.norm(dim=(0, 2)), lambda x: x.norm(dim=(0, 2)), [(2, 3, 4)]),
    ("logsumexp keepdim", lambda x: x.logsumexp(0, keepdim=True),
     lambda x: x.logsumexp(0, keepdim=True), [(3, 4)]),
    ("logsumexp dims", lambda x: x.logsumexp((0, 2)), lambda x: x.logsumexp((0, 2)),
     [(2, 3, 4)]),
    ("amax all", lambda x: x.amax(), lambda x: x.amax(), [(3, 4)]),
    ("amax keepdim", lambda x: x.amax(1, True), lambda x: x.amax(1, True), [(3, 4)]),
    ("amin dims", lambda x: x.amin((0, 1)), lambda x: x.amin((0, 1)), [(2, 3, 4)]),
    ("amax ties share", lambda x: gv.cat([x, x]).amax(0), lambda x: torch.cat([x, x]).amax(0),
     [(3, 4)]),
    ("amin ties share", lambda x: gv.stack([x, x]).amin(), lambda x: torch.stack([x, x]).amin(),
     [(3, 4)]),
    ("prod dim", lambda x: x.prod(1), lambda x: x.prod(1), [(3, 4)]),
    ("prod dim keepdim", lambda x: x.prod(0, True), lambda x: x.prod(0, True), [(2, 3, 4)]),
    ("prod one zero", lambda x: (x * _ONE_ZERO).prod(), lambda x: (x * _ONE_ZERO_T).prod(),
     [(3, 4)]),
    ("prod zeros by row", lambda x: (x * _ZEROS).prod(-1), lambda x: (x * _ZEROS_T).prod(-1),
     [(3, 4)]),
    ("prod two zeros", lambda x: (x * _ZEROS).prod(), lambda x: (x * _ZEROS_T).prod(), [(3, 4)]),
    ("cumprod zeros", lambda x: (x * _ZEROS).cumprod(1), lambda x: (x * _ZEROS_T).cumprod(1),
     [(3, 4)]),
    ("cumprod dim 0 zeros", lambda x: (x * _ZEROS).cumprod(0),
     lambda x: (x * _ZEROS_T).cumprod(0), [(3, 4)]),
    ("flip dims", lambda x: x.flip(0, 2), lambda x: x.flip(0, 2), [(2, 3, 4)]),
    ("roll flat", lambda x: x.roll(-5), lambda x: x.roll(-5), [(3, 4)]),
    ("roll dims", lambda x: x.roll((1, -2), (0, 1)), lambda x: x.roll((1, -2), (0, 1)),
     [(3, 4)]),
    ("scatter dim 0", lambda x, s: x.scatter(0, gv.tensor([[2, 0, 1, 2]]), s),
     lambda x, s: x.scatter(0, torch.tensor([[2, 0, 1, 2]]), s), [(3, 4), (1, 4)]),
    ("scatter value", lambda x: x.scatter(1, gv.tensor([[0], [3], [1]]), 0.5),
     lambda x: x.scatter(1, torch.tensor([[0], [3], [1]]), 0.5), [(3, 4)]),
    ("scatter_add repeats", lambda x, s: x.scatter_add(1, gv.tensor([[0, 0, 3], [1, 1, 1]]), s),
     lambda x, s: x.scatter_add(1, torch.tensor([[0, 0, 3], [1, 1, 1]]), s), [(2, 4), (2, 3)]),
    ("remainder by a number", lambda x: x % 0.7, lambda x: x % 0.7, [(3, 4)]),
    ("remainder by negatives", lambda x: x % -0.7, lambda x: x % -0.7, [(3, 4)]),
    ("fmod by a number", lambda x: x.fmod(-0.7), lambda x: x.fmod(-0.7), [(3, 4)]),
    ("gelu wide", lambda x: F.gelu(4 * x), lambda x: TF.gelu(4 * x), [(3, 4)]),
    ("gelu tanh", lambda x: F.gelu(3 * x, approximate="tanh"),
     lambda x: TF.gelu(3 * x, approximate="tanh"), [(3, 4)]),
    ("erf wide", lambda x: gv.erf(3 * x), lambda x: torch.erf(3 * x), [(3, 4)]),
    ("erfinv near the ends", lambda x: gv.erfinv(x.tanh() * 0.9999),
     lambda x: torch.erfinv(x.tanh() * 0.9999), [(3, 4)]),
    ("ce sum", lambda z: _gv_cross_entropy(z, reduction="sum"),
     lambda z: _torch_cross_entropy(z, reduction="sum"), [(3, 4)]),
    ("ce none", lambda z: _gv_cross_entropy(z, reduction="none"),
     lambda z: _torch_cross_entropy(z, reduction="none"), [(2, 3, 4)]),
]


# Masks with zeros for prod and cumprod: rows with none, one and two zeros.
_ZERO_MASK = np.array([[1, 1, 1, 1], [1, 0, 1, 1], [0, 1, 1, 0]], dtype=float)
_ONE_ZERO_MASK = np.array([[1, 1, 1, 1], [1, 1, 0, 1], [1, 1, 1, 1]], dtype=float)
_ZEROS, _ZEROS_T = gv.tensor(_ZERO_MASK, dtype=gv.float64), torch.tensor(_ZERO_MASK)
_ONE_ZERO, _ONE_ZERO_T = gv.tensor(_ONE_ZERO_MASK, dtype=gv.float64), torch.tensor(_ONE_ZERO_MASK)


def _sample(rng, shape, domain):
    x = rng.uniform(-2, 2, shape)
    if domain == POS:
        return rng.uniform(0.3, 2.5, shape)
    if domain == AWAY:
        return np.sign(x + 1e-9) * (0.2 + np.abs(x))
    if domain == PROB:
        return rng.uniform(0.05, 0.95, shape)
    if domain == HALVES:
        return np.round(x) + 0.5 + rng.uniform(-0.3, 0.3, shape)
    return x


def params():
    for name, case in CASES.items():
        for shapes in case["shapes"]:
            yield pytest.param(name, shapes, id=f"{name}-{'-'.join(map(str, shapes))}")


def arrays(name, shapes, domains=None):
    """Inputs of these shapes, drawn from the case's domains (seeded by `name` and `shapes`)."""
    rng = np.random.default_rng(zlib.crc32(f"{name}{shapes}".encode()))
    domains = domains or CASES[name]["domains"]
    return [_sample(rng, s, domains[min(i, len(domains) - 1)]) for i, s in enumerate(shapes)]


# ── the convolutional layers' rows (engine/ops_conv.py) ───────────────────────────────────
# Shapes are (N, C, *spatial) inputs and (O, C, *kernel) filters, kept small: the scalar view
# expands every product.  The embedding's indices are fixed data, a row read twice (its
# padding_idx, a gradient by convention that finite differences do not see, is in
# test_nn_layers).
_TOKENS = np.array([[1, 3, 1], [0, 2, 3]])


def _batch_norm_eval(fn, running):
    def call(x, w, b):
        mean, var = running(np.linspace(-0.5, 0.5, x.shape[1]), np.linspace(0.5, 1.5, x.shape[1]))
        return fn(x, mean, var, w, b)

    return call


CASES.update({
    "conv2d": _special(F.conv2d, TF.conv2d, [
        [(1, 2, 4, 4), (3, 2, 2, 2), (3,)], [(2, 1, 5, 4), (2, 1, 3, 2)]], (ANY,)),
    "conv1d": _special(F.conv1d, TF.conv1d, [
        [(2, 2, 5), (3, 2, 2), (3,)], [(1, 1, 6), (2, 1, 3)], [(2, 4), (3, 2, 2)]], (ANY,)),
    "max_pool2d": _special(lambda x: F.max_pool2d(x, 2), lambda x: TF.max_pool2d(x, 2),
                           [[(1, 2, 4, 4)], [(2, 1, 5, 3)], [(2, 4, 4)]]),
    "avg_pool2d": _special(lambda x: F.avg_pool2d(x, 2), lambda x: TF.avg_pool2d(x, 2),
                           [[(1, 2, 4, 4)], [(2, 1, 5, 3)]]),
    "native_batch_norm": _special(
        lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
        lambda x, w, b: TF.batch_norm(x, None, None, w, b, training=True),
        [[(4, 3), (3,), (3,)], [(2, 2, 3), (2,), (2,)], [(2, 2, 2, 2), (2,), (2,)]], (ANY,)),
    "embedding": _special(lambda w: F.embedding(gv.tensor(_TOKENS), w),
                          lambda w: TF.embedding(torch.tensor(_TOKENS), w), [[(4, 3)], [(5, 2)]]),
})

# The transposed convolutions, layer norm and embedding bag (ops_conv.py, ops_layers.py): a
# bag's indices and offsets are fixed data, with an empty bag and a row read twice.
_BAG_TOKENS, _BAG_OFFSETS = np.array([1, 2, 4, 5, 4, 3, 2, 0]), np.array([0, 4, 4, 6])


def _bag(lib, fn, mode, **options):
    return lambda w, *per_sample: fn(lib.tensor(_BAG_TOKENS), w, lib.tensor(_BAG_OFFSETS),
                                     mode=mode, per_sample_weights=(per_sample or [None])[0],
                                     **options)


CASES.update({
    "conv_transpose2d": _special(F.conv_transpose2d, TF.conv_transpose2d, [
        [(1, 2, 3, 3), (2, 3, 2, 2), (3,)], [(2, 1, 2, 3), (1, 2, 3, 2)]], (ANY,)),
    "conv_transpose1d": _special(F.conv_transpose1d, TF.conv_transpose1d, [
        [(2, 2, 4), (2, 3, 2), (3,)], [(1, 3, 3), (3, 1, 3)]], (ANY,)),
    "native_layer_norm": _special(
        lambda x, w, b: F.layer_norm(x, w.shape, w, b),
        lambda x, w, b: TF.layer_norm(x, tuple(w.shape), w, b),
        [[(3, 4), (4,), (4,)], [(2, 3, 4), (4,), (4,)], [(2, 2, 3), (2, 3), (2, 3)]], (ANY,)),
    "embedding_bag": _special(_bag(gv, F.embedding_bag, "mean"),
                              _bag(torch, TF.embedding_bag, "mean"), [[(6, 3)], [(7, 2)]]),
})

EXTRA += [
    ("conv_transpose2d stride padding output_padding dilation",
     lambda x, w, b: F.conv_transpose2d(x, w, b, 2, 1, (1, 0), 1, (1, 2)),
     lambda x, w, b: TF.conv_transpose2d(x, w, b, 2, 1, (1, 0), 1, (1, 2)),
     [(1, 2, 3, 2), (2, 2, 3, 2), (2,)]),
    ("conv_transpose2d stride above the kernel", lambda x, w: F.conv_transpose2d(x, w, stride=3),
     lambda x, w: TF.conv_transpose2d(x, w, stride=3), [(1, 1, 2, 2), (1, 2, 2, 2)]),
    ("conv_transpose1d stride 2, output_padding 1",
     lambda x, w: F.conv_transpose1d(x, w, stride=2, padding=1, output_padding=1),
     lambda x, w: TF.conv_transpose1d(x, w, stride=2, padding=1, output_padding=1),
     [(2, 2, 4), (2, 2, 3)]),
    ("layer_norm without affine", lambda x: F.layer_norm(x, (3,)),
     lambda x: TF.layer_norm(x, (3,)), [(4, 3)]),
    ("layer_norm weight only, eps", lambda x, w: F.layer_norm(x, (2, 3), w, eps=0.1),
     lambda x, w: TF.layer_norm(x, (2, 3), w, eps=0.1), [(2, 2, 3), (2, 3)]),
    ("embedding_bag sum", _bag(gv, F.embedding_bag, "sum"),
     _bag(torch, TF.embedding_bag, "sum"), [(6, 3)]),
    ("embedding_bag max", _bag(gv, F.embedding_bag, "max"),
     _bag(torch, TF.embedding_bag, "max"), [(6, 3)]),
    ("embedding_bag sum, per_sample_weights", _bag(gv, F.embedding_bag, "sum"),
     _bag(torch, TF.embedding_bag, "sum"), [(6, 3), (8,)]),
    ("embedding_bag mean, padding_idx, last offset",
     _bag(gv, F.embedding_bag, "mean", padding_idx=4, include_last_offset=True),
     _bag(torch, TF.embedding_bag, "mean", padding_idx=4, include_last_offset=True), [(6, 3)]),
    ("conv2d stride padding dilation",
     lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1, dilation=2),
     lambda x, w, b: TF.conv2d(x, w, b, stride=2, padding=1, dilation=2),
     [(2, 2, 7, 6), (3, 2, 3, 2), (3,)]),
    ("conv2d stride (2, 1), padding (1, 0)",
     lambda x, w: F.conv2d(x, w, stride=(2, 1), padding=(1, 0)),
     lambda x, w: TF.conv2d(x, w, stride=(2, 1), padding=(1, 0)), [(1, 2, 6, 5), (2, 2, 3, 3)]),
    ("conv2d padding same, even kernel", lambda x, w: F.conv2d(x, w, padding="same"),
     _quiet(lambda x, w: TF.conv2d(x, w, padding="same")), [(1, 2, 5, 4), (2, 2, 2, 3)]),
    ("conv1d stride padding dilation",
     lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=2, dilation=2),
     lambda x, w, b: TF.conv1d(x, w, b, stride=2, padding=2, dilation=2),
     [(2, 2, 9), (3, 2, 3), (3,)]),
    ("max_pool2d overlapping, padded, dilated", lambda x: F.max_pool2d(x, 3, 2, 1, 2),
     lambda x: TF.max_pool2d(x, 3, 2, 1, 2), [(1, 2, 7, 6)]),
    ("max_pool2d ceil_mode", lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True),
     lambda x: TF.max_pool2d(x, 3, 2, 1, ceil_mode=True), [(1, 2, 6, 5)]),
    ("max_pool2d ties go to the first", lambda x: F.max_pool2d(x.round(), 2),
     lambda x: TF.max_pool2d(x.round(), 2), [(1, 1, 4, 4)]),
    ("avg_pool2d padded, stride 1", lambda x: F.avg_pool2d(x, 3, 1, 1),
     lambda x: TF.avg_pool2d(x, 3, 1, 1), [(1, 2, 4, 5)]),
    ("avg_pool2d padding not counted",
     lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False),
     lambda x: TF.avg_pool2d(x, 3, 2, 1, count_include_pad=False), [(1, 2, 5, 5)]),
    ("max_pool1d", lambda x: F.max_pool1d(x, 3, 2, 1), lambda x: TF.max_pool1d(x, 3, 2, 1),
     [(2, 2, 7)]),
    ("avg_pool1d", lambda x: F.avg_pool1d(x, 2), lambda x: TF.avg_pool1d(x, 2), [(2, 2, 7)]),
    ("batch_norm eval",
     _batch_norm_eval(lambda x, m, v, w, b: F.batch_norm(x, m, v, w, b),
                      lambda m, v: (gv.tensor(m), gv.tensor(v))),
     _batch_norm_eval(lambda x, m, v, w, b: TF.batch_norm(x, m, v, w, b),
                      lambda m, v: (torch.tensor(m), torch.tensor(v))),
     [(3, 2, 4), (2,), (2,)]),
    ("batch_norm without affine", lambda x: F.batch_norm(x, None, None, training=True),
     lambda x: TF.batch_norm(x, None, None, training=True), [(4, 3, 2)]),
    # K-dimensional cross-entropy, (N, C, d1, …), in its composite forms too.
    ("ce K-dim", _gv_cross_entropy, _torch_cross_entropy, [(2, 3, 2, 2)]),
    ("ce K-dim weights", lambda z: _gv_cross_entropy(z, weight=gv.tensor([0.2, 1.0, 2.5],
                                                                           dtype=gv.float64)),
     lambda z: _torch_cross_entropy(z, weight=torch.tensor([0.2, 1.0, 2.5],
                                                            dtype=torch.float64)), [(2, 3, 4)]),
    ("ce K-dim ignore_index", lambda z: _gv_cross_entropy(z, ignore_index=1),
     lambda z: _torch_cross_entropy(z, ignore_index=1), [(2, 3, 2, 2)]),
    ("ce K-dim label smoothing", lambda z: _gv_cross_entropy(z, label_smoothing=0.2),
     lambda z: _torch_cross_entropy(z, label_smoothing=0.2), [(2, 3, 4)]),
    ("ce K-dim weights, smoothing, none",
     lambda z: _gv_cross_entropy(z, weight=gv.tensor([0.2, 1.0, 2.5], dtype=gv.float64),
                                 label_smoothing=0.1, reduction="none"),
     lambda z: _torch_cross_entropy(z, weight=torch.tensor([0.2, 1.0, 2.5],
                                                            dtype=torch.float64),
                                    label_smoothing=0.1, reduction="none"), [(2, 3, 4)]),
]
# ── rows of issue 12 (autograd helper): a user's autograd.Function, the cross product ─────
class _Cube(torch.autograd.Function):
    """x³ written as a Function, the same class body for both libraries."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * 3 * x ** 2


class _GvCube(gv.autograd.Function):
    forward, backward = _Cube.forward, _Cube.backward


class _ScaledMul(torch.autograd.Function):
    """a·b·k with a constant k among the arguments (its gradient None)."""

    @staticmethod
    def forward(ctx, a, k, b):
        ctx.save_for_backward(a, b)
        ctx.k = k
        return a * b * k

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return g * b * ctx.k, None, g * a * ctx.k


class _GvScaledMul(gv.autograd.Function):
    forward, backward = _ScaledMul.forward, _ScaledMul.backward


CASES["function"] = _special(lambda x: _GvCube.apply(x), lambda x: _Cube.apply(x),
                             [SCALAR, VECTOR, MATRIX])
EXTRA.append(("function two inputs", lambda a, b: _GvScaledMul.apply(a, 1.5, b),
              lambda a, b: _ScaledMul.apply(a, 1.5, b), [(3, 4), (4,)]))
EXTRA.append(("function not elementwise", lambda a: _GvScaledMul.apply(a, 2.0, a.sum()),
              lambda a: _ScaledMul.apply(a, 2.0, a.sum()), [(2, 3)]))
CASES["clone"] = _unary(lambda x: x.clone(), lambda x: x.clone())
CASES["alias"] = _unary(lambda x: x.new(x), lambda x: x.new(x))
CASES["cross"] = _special(
    lambda a, b: gv.linalg.cross(a, b), lambda a, b: torch.linalg.cross(a, b),
    [[(3,), (3,)], [(4, 3), (4, 3)], [(4, 3), (1, 3)], [(2, 1, 3), (1, 4, 3)]], (ANY, ANY))
EXTRA.append(("cross dim 0", lambda a, b: gv.cross(a, b, dim=0),
              lambda a, b: torch.cross(a, b, dim=0), [(3, 4), (3, 4)]))
CASES["xlogy"] = _binary(gv.xlogy, torch.xlogy, (ANY, POS))
CASES["index_fill"] = _special(
    lambda x, v: x.index_fill(1, gv.tensor([0, 2, 2]), v),
    lambda x, v: x.index_fill(1, torch.tensor([0, 2, 2]), v), [[(3, 4), ()], [(2, 3, 4), ()]],
    (ANY, ANY))
EXTRA.append(("index_fill a number", lambda x: x.index_fill(0, gv.tensor(1), -0.5),
              lambda x: x.index_fill(0, torch.tensor(1), -0.5), [(3, 4)]))
EXTRA.append(("index_fill_ in place", lambda x: (x * 1).index_fill_(-1, gv.tensor([3]), 2.0),
              lambda x: (x * 1).index_fill_(-1, torch.tensor([3]), 2.0), [(3, 4)]))


# ── dense linear algebra (engine/ops_linalg.py): A + 4I keeps a solved matrix invertible, ──
# a + aᵀ makes eigvalsh's input symmetric (its gradient is symmetric, as PyTorch's).
def _well_posed(a, lib):
    return a + 4 * lib.eye(a.shape[-1], dtype=a.dtype)


def _signed(vectors):
    return vectors * vectors[..., :1, :].sign()


CASES["solve"] = _special(
    lambda a, b: gv.linalg.solve(_well_posed(a, gv), b),
    lambda a, b: torch.linalg.solve(_well_posed(a, torch), b),
    [[(3, 3), (3, 2)], [(2, 3, 3), (3, 1)], [(3, 3), (2, 3, 2)]], (ANY, ANY))
EXTRA.append(("solve vector", lambda a, b: gv.linalg.solve(_well_posed(a, gv), b),
              lambda a, b: torch.linalg.solve(_well_posed(a, torch), b), [(3, 3), (3,)]))
EXTRA.append(("solve left=False", lambda a, b: gv.linalg.solve(_well_posed(a, gv), b, left=False),
              lambda a, b: torch.linalg.solve(_well_posed(a, torch), b, left=False),
              [(3, 3), (2, 3)]))
CASES["det"] = _special(gv.det, torch.det, [[(3, 3)], [(2, 2, 2)], [(1, 1)]])
EXTRA.append(("det singular", lambda a: gv.linalg.det(a * gv.tensor([1.0, 1.0, 0.0])),
              lambda a: torch.linalg.det(a * torch.tensor([1.0, 1.0, 0.0])), [(3, 3)]))
CASES["eigvalsh"] = _special(lambda a: gv.linalg.eigvalsh(a + a.mT),
                             lambda a: torch.linalg.eigvalsh(a + a.mT), [[(3, 3)], [(2, 2, 2)]])
EXTRA.append(("eigvalsh upper", lambda a: gv.linalg.eigvalsh(a + a.mT, UPLO="U"),
              lambda a: torch.linalg.eigvalsh(a + a.mT, UPLO="U"), [(3, 3)]))
# eigh's eigenvectors, each column's sign LAPACK's: both made positive in the first row
CASES["linalg_eigh"] = _special(
    lambda a: _signed(gv.linalg.eigh(a + a.mT).eigenvectors),
    lambda a: _signed(torch.linalg.eigh(a + a.mT).eigenvectors), [[(3, 3)], [(2, 3, 3)]])
EXTRA.append(("eigh upper", lambda a: _signed(gv.linalg.eigh(a + a.mT, UPLO="U")[1]),
              lambda a: _signed(torch.linalg.eigh(a + a.mT, UPLO="U")[1]), [(3, 3)]))
CASES["linalg_pinv"] = _special(gv.linalg.pinv, torch.linalg.pinv,
                                [[(3, 4)], [(4, 2)], [(2, 3, 2)], [(3, 3)]])
EXTRA.append(("pinv atol", lambda a: gv.linalg.pinv(a, atol=0.1),
              lambda a: torch.linalg.pinv(a, atol=0.1), [(3, 4)]))
CASES["matrix_exp"] = _special(gv.matrix_exp, torch.matrix_exp, [[(3, 3)], [(2, 2, 2)]])
EXTRA.append(("matrix_exp large norm", lambda a: gv.matrix_exp(3 * a),
              lambda a: torch.matrix_exp(3 * a), [(3, 3)]))
CASES["lstsq"] = _special(
    lambda a, b: gv.linalg.lstsq(a, b).solution, lambda a, b: torch.linalg.lstsq(a, b).solution,
    [[(4, 2), (4, 3)], [(2, 3), (2, 1)], [(2, 3, 2), (2, 3, 1)]], (ANY, ANY))
EXTRA.append(("lstsq vector", lambda a, b: gv.linalg.lstsq(a, b).solution,
              lambda a, b: torch.linalg.lstsq(a, b).solution, [(4, 2), (4,)]))
CASES["dist"] = _special(gv.dist, torch.dist, [[(3, 4), (3, 4)], [(3, 4), (4,)], [(5,), ()]],
                         (ANY, ANY))

# Weight normalisation's row (engine/ops_weight_norm.py): g · v/‖v‖ over all axes but dim.
from gradviz.engine.weight_norm import _weight_norm as _gv_weight_norm  # noqa: E402

CASES["weight_norm_interface"] = _special(
    lambda v, g: _gv_weight_norm(v, g, 0), lambda v, g: torch._weight_norm(v, g, 0),
    [[(3, 4), (3, 1)], [(2, 3, 2), (2, 1, 1)], [(4,), (4,)]], (AWAY, ANY))
EXTRA.append(("weight_norm_interface last dim", lambda v, g: _gv_weight_norm(v, g, 1),
              lambda v, g: torch._weight_norm(v, g, 1), [(3, 4), (1, 4)]))
EXTRA.append(("weight_norm_interface last of three", lambda v, g: _gv_weight_norm(v, g, 2),
              lambda v, g: torch._weight_norm(v, g, 2), [(2, 3, 2), (1, 1, 2)]))

# ── factorisations and fused products (ops_decompositions.py, ops_products.py): A + 4I keeps
# a matrix invertible, A Aᵀ + I positive-definite; eigenvectors are squared (their signs are
# LAPACK's choice) and QR's factors multiplied together.
def _spd(a, lib):
    return a @ a.mT + lib.eye(a.shape[-1], dtype=a.dtype)


def _qr_both(lib):
    return lambda a: (lambda q: q.Q.sum(-1, keepdim=True) * q.R.sum(-2, keepdim=True))(
        lib.linalg.qr(a))


CASES.update({
    "linalg_inv_ex": _special(lambda a: gv.linalg.inv(_well_posed(a, gv)),
                              lambda a: torch.linalg.inv(_well_posed(a, torch)),
                              [[(3, 3)], [(2, 3, 3)]]),
    "linalg_cholesky_ex": _special(lambda a: gv.linalg.cholesky(_spd(a, gv)),
                                   lambda a: torch.linalg.cholesky(_spd(a, torch)),
                                   [[(3, 3)], [(2, 2, 2)]]),
    "cholesky": _special(lambda a: _quiet(gv.cholesky)(_spd(a, gv)),
                         lambda a: _quiet(torch.cholesky)(_spd(a, torch)), [[(3, 3)]]),
    "qr_q": _special(lambda a: gv.linalg.qr(a).Q, lambda a: torch.linalg.qr(a).Q,
                     [[(4, 3)], [(3, 3)], [(3, 4)], [(2, 3, 2)]]),
    "qr_r": _special(lambda a: gv.linalg.qr(a).R, lambda a: torch.linalg.qr(a).R,
                     [[(4, 3)], [(3, 3)], [(3, 4)], [(2, 3, 2)]]),
    "slogdet": _special(lambda a: gv.linalg.slogdet(a).logabsdet,
                        lambda a: torch.linalg.slogdet(a).logabsdet, [[(3, 3)], [(2, 2, 2)]]),
    # The sign's gradient is 0 (PyTorch leaves it undefined): added to log|det| to be seen.
    "slogdet_sign": _special(lambda a: (lambda s: s.sign + s.logabsdet)(gv.slogdet(a)),
                             lambda a: (lambda s: s.sign + s.logabsdet)(torch.slogdet(a)),
                             [[(3, 3)]]),
    "vdot": _special(gv.vdot, torch.vdot, [[(4,), (4,)], [(1,), (1,)]], (ANY, ANY)),
    "baddbmm": _special(gv.baddbmm, torch.baddbmm,
                        [[(2, 3, 2), (2, 3, 4), (2, 4, 2)], [(3, 2), (2, 3, 4), (2, 4, 2)],
                         [(), (1, 2, 3), (1, 3, 2)]], (ANY, ANY)),
    "addmv": _special(gv.addmv, torch.addmv, [[(3,), (3, 4), (4,)], [(1,), (2, 3), (3,)]],
                      (ANY, ANY)),
    "addr": _special(gv.addr, torch.addr, [[(3, 4), (3,), (4,)], [(4,), (3,), (4,)]],
                     (ANY, ANY)),
})
EXTRA += [
    ("inverse of a batch, method", lambda a: _well_posed(a, gv).inverse(),
     lambda a: _well_posed(a, torch).inverse(), [(2, 3, 3)]),
    ("cholesky upper", lambda a: gv.linalg.cholesky(_spd(a, gv), upper=True),
     lambda a: torch.linalg.cholesky(_spd(a, torch), upper=True), [(3, 3)]),
    ("qr both factors, tall", _qr_both(gv), _qr_both(torch), [(4, 3)]),
    ("qr both factors, wide", _qr_both(gv), _qr_both(torch), [(2, 4)]),
    ("qr complete, wide", lambda a: gv.linalg.qr(a, "complete").Q,
     lambda a: torch.linalg.qr(a, "complete").Q, [(2, 3)]),
    ("eigh both, upper triangle read",
     lambda a: (lambda e: e.eigenvectors ** 2 * e.eigenvalues)(gv.linalg.eigh(a + a.mT, "U")),
     lambda a: (lambda e: e.eigenvectors ** 2 * e.eigenvalues)(
         torch.linalg.eigh(a + a.mT, "U")),
     [(4, 4)]),
    ("pinv hermitian", lambda a: gv.linalg.pinv(a + a.mT, hermitian=True),
     lambda a: torch.linalg.pinv(a + a.mT, hermitian=True), [(3, 3)]),
    ("pinverse rcond", lambda a: gv.pinverse(a, 1e-3), lambda a: torch.pinverse(a, 1e-3),
     [(3, 2)]),
    ("logdet", lambda a: gv.logdet(_spd(a, gv)), lambda a: torch.logdet(_spd(a, torch)),
     [(2, 3, 3)]),
    ("baddbmm beta 0.5 alpha 2",
     lambda c, a, b: gv.baddbmm(c, a, b, beta=0.5, alpha=2),
     lambda c, a, b: torch.baddbmm(c, a, b, beta=0.5, alpha=2), [(3, 2), (2, 3, 4), (2, 4, 2)]),
    ("baddbmm beta 0", lambda c, a, b: gv.baddbmm(c, a, b, beta=0),
     lambda c, a, b: torch.baddbmm(c, a, b, beta=0), [(2, 3, 2), (2, 3, 4), (2, 4, 2)]),
    ("addmv beta alpha", lambda c, m, v: c.addmv(m, v, beta=-1, alpha=0.5),
     lambda c, m, v: c.addmv(m, v, beta=-1, alpha=0.5), [(3,), (3, 4), (4,)]),
    ("addr beta alpha", lambda c, u, v: c.addr(u, v, beta=2, alpha=-0.5),
     lambda c, u, v: c.addr(u, v, beta=2, alpha=-0.5), [(3, 4), (3,), (4,)]),
    ("multi_dot of four, vectors at the ends",
     lambda a, b, c, d: gv.linalg.multi_dot([a, b, c, d]),
     lambda a, b, c, d: torch.linalg.multi_dot([a, b, c, d]), [(5,), (5, 3), (3, 4), (4,)]),
    ("multi_dot of three", lambda a, b, c: gv.linalg.multi_dot([a, b, c]),
     lambda a, b, c: torch.linalg.multi_dot([a, b, c]), [(2, 5), (5, 3), (3, 4)]),
    ("tensordot dims lists", lambda a, b: gv.tensordot(a, b, dims=([1, 0], [0, 2])),
     lambda a, b: torch.tensordot(a, b, dims=([1, 0], [0, 2])), [(3, 4, 2), (4, 2, 3)]),
    ("tensordot dims 2", gv.tensordot, torch.tensordot, [(3, 4, 2), (4, 2, 2)]),
    ("tensordot a size-1 dim", lambda a, b: gv.tensordot(a, b, dims=([1], [0])),
     lambda a, b: torch.tensordot(a, b, dims=([1], [0])), [(3, 1), (4, 2)]),
]


# ── special functions (ops_special.py): the gamma family on positive numbers, logit
# inside (0, 1), the Bessel functions' scaled forms away from their kink at 0.
CASES.update({
    "erfc": _unary(gv.erfc, torch.erfc),
    "expm1": _unary(gv.expm1, torch.expm1),
    "lgamma": _unary(gv.lgamma, torch.lgamma, POS),
    "digamma": _unary(gv.digamma, torch.digamma, POS),
    "polygamma": _unary(lambda x: gv.polygamma(2, x), lambda x: torch.polygamma(2, x), POS),
    "i0": _unary(gv.i0, torch.i0),
    "special_i0e": _unary(gv.special.i0e, torch.special.i0e, AWAY),
    "special_i1": _unary(gv.special.i1, torch.special.i1),
    "special_i1e": _unary(gv.special.i1e, torch.special.i1e, AWAY),
    "sinc": _unary(gv.sinc, torch.sinc),
    "special_entr": _unary(gv.special.entr, torch.special.entr, POS),
    "special_ndtri": _unary(gv.special.ndtri, torch.special.ndtri, PROB),
    "special_log_ndtr": _unary(gv.special.log_ndtr, torch.special.log_ndtr),
    "special_erfcx": _unary(gv.special.erfcx, torch.special.erfcx),
    "logit": _unary(gv.logit, torch.logit, PROB),
    "deg2rad": _unary(gv.deg2rad, torch.deg2rad),
    "rad2deg": _unary(gv.rad2deg, torch.rad2deg),
    "frac": _unary(gv.frac, torch.frac, HALVES),
    "hypot": _binary(gv.hypot, torch.hypot, (AWAY, AWAY)),
    "logaddexp": _binary(gv.logaddexp, torch.logaddexp),
    "logaddexp2": _binary(gv.logaddexp2, torch.logaddexp2),
    "copysign": _binary(gv.copysign, torch.copysign, (AWAY, AWAY)),
    "copysign_scalar": _unary(lambda x: gv.copysign(x, -1.5), lambda x: torch.copysign(x, -1.5),
                              AWAY),
    "nextafter": _binary(gv.nextafter, torch.nextafter),
    "special_xlog1py": _binary(gv.special.xlog1py, torch.special.xlog1py, (ANY, POS)),
})
EXTRA += [
    ("polygamma 0 and 1", lambda x: gv.polygamma(0, x) + x.polygamma(1),
     lambda x: torch.polygamma(0, x) + x.polygamma(1), [(3, 4)]),
    # between the poles: −0.8 … −0.4 and −2.9 … −2.1
    ("polygamma 3 of negatives", lambda x: gv.polygamma(3, -0.2 * x.abs() - 0.4),
     lambda x: torch.polygamma(3, -0.2 * x.abs() - 0.4), [(3, 4)]),
    ("lgamma and digamma of negatives",
     lambda x: gv.lgamma(0.2 * x - 2.5) + gv.digamma(0.2 * x - 2.5),
     lambda x: torch.lgamma(0.2 * x - 2.5) + torch.digamma(0.2 * x - 2.5), [(3, 4)]),
    ("erfinv near ±1", lambda x: gv.erfinv(x * 0.49), lambda x: torch.erfinv(x * 0.49),
     [(3, 4)]),
    ("i0 and i1 beyond 8", lambda x: gv.i0(6 * x) + gv.special.i1(6 * x),
     lambda x: torch.i0(6 * x) + torch.special.i1(6 * x), [(3, 4)]),
    ("log_ndtr far left", lambda x: gv.special.log_ndtr(10 * x),
     lambda x: torch.special.log_ndtr(10 * x), [(3, 4)]),
    ("erfcx wide", lambda x: gv.special.erfcx(1.5 * x + 2.5),
     lambda x: torch.special.erfcx(1.5 * x + 2.5), [(3, 4)]),
    ("logit eps", lambda x: gv.logit(x / 4 + 0.5, eps=0.2),
     lambda x: torch.logit(x / 4 + 0.5, eps=0.2), [(3, 4)]),
    ("ndtr", gv.special.ndtr, torch.special.ndtr, [(3, 4)]),
    ("float_power", lambda a, b: gv.float_power(a.abs() + 0.5, b),
     lambda a, b: torch.float_power(a.abs() + 0.5, b), [(3, 4), (4,)]),
    ("float_power a number", lambda a: gv.float_power(a, 3), lambda a: torch.float_power(a, 3),
     [(3, 4)]),
]
# ζ(x, q): the exponent x is data (PyTorch has no derivative in it).
_ZETA_X = np.array([2.5, 3.0, 4.5, 2.0])
CASES.update({
    "special_zeta": _special(
        lambda q: gv.special.zeta(gv.tensor(_ZETA_X), q),
        lambda q: torch.special.zeta(torch.tensor(_ZETA_X), q), [[(4,)], [(3, 4)]], (POS,)),
    "special_zeta_scalar": _unary(lambda q: gv.special.zeta(3.5, q),
                                  lambda q: torch.special.zeta(3.5, q), POS),
    "mvlgamma": _unary(lambda a: gv.mvlgamma(a + 1, 3), lambda a: torch.mvlgamma(a + 1, 3), POS),
})
EXTRA.append(("multigammaln p=1 and 2",
              lambda a: gv.special.multigammaln(a + 3, 1) + a.mvlgamma(2) * 0 + (a + 3).mvlgamma(2),
              lambda a: torch.special.multigammaln(a + 3, 1) + (a + 3).mvlgamma(2), [(3, 4)]))

# tan, the hyperbolic functions and their inverses, atan2 (engine/ops_hyperbolic.py):
# tan kept inside ±1.4 (its poles at ±π/2), acosh's input above 1, atan2's a away from 0
# (the branch cut along b < 0).
CASES.update({
    "tan": _unary(lambda x: gv.tan(0.7 * x), lambda x: torch.tan(0.7 * x)),
    "sinh": _unary(gv.sinh, torch.sinh),
    "cosh": _unary(gv.cosh, torch.cosh),
    "asinh": _unary(gv.asinh, torch.asinh),
    "acosh": _unary(lambda x: gv.acosh(1 + x), lambda x: torch.acosh(1 + x), POS),
    "atanh": _unary(gv.atanh, torch.atanh, PROB),
    "atan2": _binary(gv.atan2, torch.atan2, (AWAY, ANY)),
})
EXTRA.extend([
    ("atanh negative", lambda x: gv.atanh(-0.45 * x.tanh()),
     lambda x: torch.atanh(-0.45 * x.tanh()), [(3, 4)]),
    ("arcsinh method", lambda x: (3 * x).arcsinh(), lambda x: (3 * x).arcsinh(), [(3, 4)]),
    ("arctan2 method, b first", lambda a, b: (b + 3).arctan2(a), lambda a, b: (b + 3).arctan2(a),
     [(3, 4), (4,)]),
    ("expm1 small", lambda x: gv.expm1(1e-3 * x), lambda x: torch.expm1(1e-3 * x), [(3, 4)]),
])


# scatter_reduce (engine/ops_scatter_reduce.py): three reductions along the last dim, repeated
# positions included; src of index's shape (PyTorch's backward wants no wider src).
def _scatter_reduce(m, x, src):
    index = m.tensor(np.arange(int(np.prod(src.shape))).reshape(tuple(src.shape)) * 5
                     % x.shape[-1])
    return (x.scatter_reduce(-1, index, src, "amax")
            + x.scatter_reduce(-1, index, src, "prod", include_self=False)
            + x.scatter_reduce(-1, index, src, "mean"))


CASES["scatter_reduce"] = _special(lambda x, s: _scatter_reduce(gv, x, s),
                                   lambda x, s: _scatter_reduce(torch, x, s),
                                   [[(5,), (4,)], [(3, 4), (3, 3)], [(2, 3, 4), (2, 3, 4)]],
                                   (ANY, ANY))
# addcmul (engine/ops_pointwise.py): c + v·a·b, broadcasting, with a value and without.
CASES["addcmul"] = _special(lambda c, a, b: c.addcmul(a, b, value=-0.7) + c.addcmul(a, b),
                            lambda c, a, b: c.addcmul(a, b, value=-0.7) + c.addcmul(a, b),
                            [[(), (), ()], [(3, 4), (3, 4), (3, 4)], [(3, 4), (4,), (3, 1)]],
                            (ANY, ANY, ANY))
# The 3-D convolutions and pools (functional_volumes.py: the 2-D rows under 3-D names) and
# the CTC loss (ops_ctc.py), through log_softmax: PyTorch's gradient of the log-probabilities
# is the logits' one, which finite differences see only through the log_softmax.
_CTC_TARGETS, _CTC_LENGTHS = np.array([[1, 2], [2, 0]]), ([4, 3], [2, 1])
CASES.update({
    "conv3d": _special(F.conv3d, TF.conv3d, [
        [(1, 2, 3, 3, 3), (2, 2, 2, 2, 2), (2,)], [(2, 1, 3, 2, 3), (1, 1, 2, 1, 2)]], (ANY,)),
    "conv_transpose3d": _special(F.conv_transpose3d, TF.conv_transpose3d, [
        [(1, 2, 2, 2, 2), (2, 1, 2, 2, 2), (1,)], [(1, 1, 2, 1, 2), (1, 2, 2, 2, 1)]], (ANY,)),
    "max_pool3d": _special(lambda x: F.max_pool3d(x, 2), lambda x: TF.max_pool3d(x, 2),
                           [[(1, 2, 4, 4, 2)], [(2, 3, 2, 4)]]),
    "avg_pool3d": _special(lambda x: F.avg_pool3d(x, 2), lambda x: TF.avg_pool3d(x, 2),
                           [[(1, 2, 4, 2, 4)], [(2, 1, 2, 3, 2)]]),
    "ctc_loss": _special(
        lambda z: F.ctc_loss(z.log_softmax(2), gv.tensor(_CTC_TARGETS), *_CTC_LENGTHS,
                             reduction="none"),
        lambda z: TF.ctc_loss(z.log_softmax(2), torch.tensor(_CTC_TARGETS), *_CTC_LENGTHS,
                              reduction="none"), [[(4, 2, 3)]]),
})
EXTRA.extend([  # grouped convolutions (ops_conv_groups.py): the same rows, a group at a time
    ("conv2d groups 2", lambda x, w, b: F.conv2d(x, w, b, groups=2),
     lambda x, w, b: TF.conv2d(x, w, b, groups=2), [(1, 4, 3, 3), (2, 2, 2, 2), (2,)]),
    ("conv1d depthwise", lambda x, w: F.conv1d(x, w, groups=3),
     lambda x, w: TF.conv1d(x, w, groups=3), [(2, 3, 4), (3, 1, 2)]),
    ("conv_transpose2d groups 2", lambda x, w, b: F.conv_transpose2d(x, w, b, groups=2),
     lambda x, w, b: TF.conv_transpose2d(x, w, b, groups=2), [(1, 4, 2, 2), (4, 1, 2, 2), (2,)]),
])

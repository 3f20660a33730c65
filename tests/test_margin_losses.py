"""The margin, embedding and likelihood losses (F forms and layers) against torch: every
reduction's value and float64 gradients (≤ 1e-9), the grad_fn names PyTorch prints where its
loss is a composite too, the old size_average/reduce flags, finite differences and
PyTorch's error messages."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from function_twins import compare, float32_agrees, same_error

import gradviz as gv
import gradviz.nn as nn
import gradviz.nn.functional as F

TF = torch.nn.functional
_SIGNS = np.array([1.0, -1, 1, -1, 1])
_LABELS = (np.random.default_rng(2).random((4, 5)) > 0.5) * 1.0
_LABEL_LISTS = np.array([[3, 0, -1, 1, 0], [0, 1, 2, 3, 4], [-1, 1, 1, 1, 1], [4, -1, 0, 0, 0]])
_CLASSES = np.array([0, 3, 2, 4])
_COUNTS = np.abs(np.random.default_rng(3).standard_normal((3, 4))) * 3

# name, constant arguments after the differentiable ones, their shapes, options, positives
CASES = [
    ("triplet_margin_loss", [], [(4, 5)] * 3, {}, ()),
    ("triplet_margin_loss", [], [(4, 5)] * 3, {"swap": True, "p": 1, "margin": 2.0}, ()),
    ("triplet_margin_loss", [], [(5,)] * 3, {"margin": 3.0}, ()),
    ("margin_ranking_loss", [_SIGNS], [(5,), (5,)], {"margin": 0.3}, ()),
    ("hinge_embedding_loss", [np.sign(np.random.default_rng(1).standard_normal((3, 4)))],
     [(3, 4)], {"margin": 0.7}, ()),
    ("cosine_embedding_loss", [_SIGNS], [(5, 3), (5, 3)], {"margin": 0.2}, ()),
    ("cosine_embedding_loss", [np.array(-1.0)], [(3,), (3,)], {"margin": -0.5}, ()),
    ("multilabel_soft_margin_loss", [_LABELS], [(4, 5)], {}, ()),
    ("multilabel_soft_margin_loss", [_LABELS, np.arange(1.0, 6.0)], [(4, 5)], {}, ()),
    ("multilabel_margin_loss", [_LABEL_LISTS], [(4, 5)], {}, ()),
    ("multilabel_margin_loss", [np.array([3, 0, -1, 1])], [(4,)], {}, ()),
    ("multi_margin_loss", [_CLASSES], [(4, 5)], {}, ()),
    ("multi_margin_loss", [_CLASSES], [(4, 5)], {"p": 2, "margin": 0.5}, ()),
    ("multi_margin_loss", [_CLASSES, 2, 1.0, np.arange(1.0, 6.0)], [(4, 5)], {}, ()),
    ("multi_margin_loss", [np.array(2)], [(5,)], {}, ()),
    ("poisson_nll_loss", [_COUNTS], [(3, 4)], {}, ()),
    ("poisson_nll_loss", [_COUNTS], [(3, 4)], {"log_input": False, "full": True}, (0,)),
    ("gaussian_nll_loss", [], [(3, 4), (3, 4), (3, 4)], {}, (2,)),
    ("gaussian_nll_loss", [], [(3, 4), (3, 4), (3,)], {"full": True}, (2,)),
    ("gaussian_nll_loss", [], [(3, 4), (3, 4), (3, 1)], {"eps": 0.5}, (2,)),
]
# PyTorch's last node where its loss is a composite too ("none": the formula's last op)
_NONE_NODES = {"hinge_embedding_loss": "AddBackward0", "cosine_embedding_loss": "AddBackward0",
               "multilabel_soft_margin_loss": "DivBackward0", "poisson_nll_loss": "SubBackward0",
               "gaussian_nll_loss": "MulBackward0"}


def _call(lib, fn, constants, options, reduction, dtype=np.float64):
    fixed = [lib.tensor(c.astype(dtype) if c.dtype.kind == "f" else c)
             if isinstance(c, np.ndarray) else c for c in constants]
    return lambda *xs: fn(*xs, *fixed, reduction=reduction, **options)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize(("name", "constants", "shapes", "options", "positive"), CASES)
def test_loss(name, constants, shapes, options, positive, reduction):
    ours = _call(gv, getattr(F, name), constants, options, reduction)
    theirs = _call(torch, getattr(TF, name), constants, options, reduction)
    go, to = compare(ours, theirs, shapes, positive=positive)
    expected = {"mean": "MeanBackward0", "sum": "SumBackward0"}.get(reduction)
    if expected is None and name in _NONE_NODES and not options.get("full"):
        expected = _NONE_NODES[name]
    if expected is not None and "Multi" not in type(to.grad_fn).__name__:
        assert type(go.grad_fn).__name__ == type(to.grad_fn).__name__ == expected
    float32_agrees(_call(gv, getattr(F, name), constants, options, reduction, np.float32),
                   _call(torch, getattr(TF, name), constants, options, reduction, np.float32),
                   shapes, positive=positive)


@pytest.mark.parametrize(("layer", "args", "kwargs", "constants", "shapes", "positive"), [
    ("TripletMarginLoss", (), {"margin": 0.5}, [], [(4, 5)] * 3, ()),
    ("MarginRankingLoss", (0.2,), {}, [_SIGNS], [(5,), (5,)], ()),
    ("HingeEmbeddingLoss", (), {"reduction": "sum"}, [np.sign(_SIGNS)], [(5,)], ()),
    ("CosineEmbeddingLoss", (), {}, [_SIGNS], [(5, 3), (5, 3)], ()),
    ("MultiLabelSoftMarginLoss", (), {}, [_LABELS], [(4, 5)], ()),
    ("MultiLabelMarginLoss", (), {"reduction": "none"}, [_LABEL_LISTS], [(4, 5)], ()),
    ("MultiMarginLoss", (2, 0.5), {}, [_CLASSES], [(4, 5)], ()),
    ("PoissonNLLLoss", (False,), {}, [_COUNTS], [(3, 4)], (0,)),
    ("GaussianNLLLoss", (), {"full": True}, [], [(3, 4), (3, 4), (3, 4)], (2,)),
])
def test_layers(layer, args, kwargs, constants, shapes, positive):
    ours, theirs = getattr(nn, layer)(*args, **kwargs), getattr(torch.nn, layer)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    compare(lambda *xs: ours(*xs, *[gv.tensor(c) for c in constants]),
            lambda *xs: theirs(*xs, *[torch.tensor(c) for c in constants]), shapes,
            positive=positive)


def test_class_weights_are_buffers():
    weight = gv.tensor([1.0, 2.0, 3.0])
    for layer in (nn.MultiMarginLoss(weight=weight), nn.MultiLabelSoftMarginLoss(weight)):
        assert list(layer.state_dict()) == ["weight"]


def test_old_flags_give_the_reduction_with_pytorchs_warning():
    with pytest.warns(UserWarning, match="reduction='sum' instead"):
        assert nn.MarginRankingLoss(size_average=False).reduction == "sum"
    with pytest.warns(UserWarning, match="reduction='none' instead"):
        out = F.hinge_embedding_loss(gv.randn(3), gv.tensor([1.0, -1.0, 1.0]), reduce=False)
    assert out.shape == (3,)


@pytest.mark.parametrize(("gv_call", "torch_call"), [
    (lambda: F.triplet_margin_loss(gv.zeros(2, 3), gv.zeros(2, 3), gv.zeros(2, 3), margin=0),
     lambda: TF.triplet_margin_loss(torch.zeros(2, 3), torch.zeros(2, 3), torch.zeros(2, 3),
                                    margin=0)),
    (lambda: F.triplet_margin_loss(gv.zeros(2, 3), gv.zeros(3), gv.zeros(2, 3)),
     lambda: TF.triplet_margin_loss(torch.zeros(2, 3), torch.zeros(3), torch.zeros(2, 3))),
    (lambda: F.margin_ranking_loss(gv.zeros(2, 3), gv.zeros(3), gv.zeros(3)),
     lambda: TF.margin_ranking_loss(torch.zeros(2, 3), torch.zeros(3), torch.zeros(3))),
    (lambda: F.multi_margin_loss(gv.zeros(2, 3), gv.tensor([0, 1]), p=3),
     lambda: TF.multi_margin_loss(torch.zeros(2, 3), torch.tensor([0, 1]), p=3)),
    (lambda: nn.TripletMarginLoss(margin=0), lambda: torch.nn.TripletMarginLoss(margin=0)),
    (lambda: nn.MultiMarginLoss(weight=gv.ones(2, 2)),
     lambda: torch.nn.MultiMarginLoss(weight=torch.ones(2, 2))),
    (lambda: F.gaussian_nll_loss(gv.zeros(2, 3), gv.zeros(2, 3), gv.zeros(4)),
     lambda: TF.gaussian_nll_loss(torch.zeros(2, 3), torch.zeros(2, 3), torch.zeros(4))),
    (lambda: F.gaussian_nll_loss(gv.zeros(2, 3), gv.zeros(2, 3), -gv.ones(2, 3)),
     lambda: TF.gaussian_nll_loss(torch.zeros(2, 3), torch.zeros(2, 3), -torch.ones(2, 3))),
    (lambda: F.poisson_nll_loss(gv.zeros(2), gv.zeros(2), reduction="avg"),
     lambda: TF.poisson_nll_loss(torch.zeros(2), torch.zeros(2), reduction="avg")),
])
def test_errors_are_pytorchs(gv_call, torch_call):
    same_error(gv_call, torch_call)


@pytest.mark.parametrize(("fn", "shapes"), [
    (lambda a, p, n: F.triplet_margin_loss(a, p, n, margin=3.0, swap=True), [(3, 4)] * 3),
    (lambda a, b: F.cosine_embedding_loss(a, b, gv.tensor([1.0, -1.0, 1.0]), margin=-0.5),
     [(3, 4)] * 2),
    (lambda x: F.multilabel_margin_loss(x, gv.tensor(_LABEL_LISTS[:2, :4] % 4)), [(2, 4)]),
    (lambda x: F.multi_margin_loss(x, gv.tensor([1, 0]), p=2), [(2, 4)]),
    (lambda x, v: F.gaussian_nll_loss(x, gv.zeros(2, 3), v.abs() + 0.5), [(2, 3), (2, 3)]),
    (lambda x: F.poisson_nll_loss(x.abs() + 1, gv.tensor(_COUNTS[:2, :3]), log_input=False,
                                  full=True), [(2, 3)]),
])
def test_finite_differences(fn, shapes):
    rng = np.random.default_rng(8)
    args = tuple(gv.tensor(rng.standard_normal(s), requires_grad=True) for s in shapes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert gv.autograd.gradcheck(fn, args)

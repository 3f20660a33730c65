"""Group, instance and local response norms, cosine similarity, pairwise distance,
bilinear, the new activations (softmin, glu, shrinks, prelu, rrelu, gumbel_softmax) and
F.scaled_dot_product_attention against torch: values, float64 gradients (≤ 1e-9), layers'
parameters, buffers and running statistics, errors, and the random draws that go through
gradviz's own random functions (so a recorded program can be replayed)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from function_twins import compare, float32_agrees, same_error

import gradviz as gv
import gradviz.nn as nn
import gradviz.nn.functional as F
from gradviz.engine import functional as gv_functional
from gradviz.engine import functional_rectifiers

TF = torch.nn.functional


def _t(lib, array):
    return lib.tensor(array)


@pytest.mark.parametrize(("name", "fn", "shapes", "positive"), [
    ("group_norm G=1", lambda L, x, w, b: L.group_norm(x, 1, w, b), [(2, 4, 3, 5), (4,), (4,)],
     ()),
    ("group_norm G=2", lambda L, x, w, b: L.group_norm(x, 2, w, b), [(2, 4, 3, 5), (4,), (4,)],
     ()),
    ("group_norm G=C", lambda L, x, w, b: L.group_norm(x, 4, w, b, 1e-3), [(3, 4, 5), (4,),
                                                                          (4,)], ()),
    ("group_norm plain", lambda L, x: L.group_norm(x, 2), [(3, 4, 5)], ()),
    ("instance_norm", lambda L, x: L.instance_norm(x), [(3, 4, 5)], ()),
    ("instance_norm affine", lambda L, x, w, b: L.instance_norm(x, weight=w, bias=b),
     [(2, 3, 4, 5), (3,), (3,)], ()),
    ("local_response_norm 1", lambda L, x: L.local_response_norm(x, 1), [(2, 4, 5)], ()),
    ("local_response_norm 2", lambda L, x: L.local_response_norm(x, 2), [(2, 4, 5)], ()),
    ("local_response_norm 5", lambda L, x: L.local_response_norm(x, 5, 0.1, 0.5, 2.0),
     [(2, 6, 3, 4)], ()),
    ("cosine_similarity", lambda L, a, b: L.cosine_similarity(a, b), [(4, 5), (4, 5)], ()),
    ("cosine_similarity dim 0", lambda L, a, b: L.cosine_similarity(a, b, dim=0),
     [(5,), (5,)], ()),
    ("cosine_similarity broadcast", lambda L, a, b: L.cosine_similarity(a, b, dim=-1),
     [(3, 1, 5), (4, 5)], ()),
    ("cosine_similarity clamped", lambda L, a, b: L.cosine_similarity(a * 1e-9, b, eps=1e-3),
     [(4, 5), (4, 5)], ()),
    ("pairwise_distance", lambda L, a, b: L.pairwise_distance(a, b), [(4, 5), (4, 5)], ()),
    ("pairwise_distance p=1 keepdim", lambda L, a, b: L.pairwise_distance(a, b, 1, 1e-6, True),
     [(4, 5), (5,)], ()),
    ("pairwise_distance p=3", lambda L, a, b: L.pairwise_distance(a, b, p=3), [(5,), (5,)], ()),
    ("bilinear", lambda L, a, b, w, c: L.bilinear(a, b, w, c), [(4, 3), (4, 5), (2, 3, 5), (2,)],
     ()),
    ("bilinear batched", lambda L, a, b, w: L.bilinear(a, b, w), [(2, 4, 3), (2, 4, 5),
                                                                  (2, 3, 5)], ()),
    ("softmin", lambda L, x: L.softmin(x, 1), [(3, 4)], ()),
    ("glu", lambda L, x: L.glu(x), [(3, 4)], ()),
    ("glu dim 0", lambda L, x: L.glu(x, 0), [(4, 3)], ()),
    ("hardshrink", lambda L, x: L.hardshrink(x), [(3, 4)], ()),
    ("hardshrink 1", lambda L, x: L.hardshrink(x, 1.0), [(3, 4)], ()),
    ("softshrink", lambda L, x: L.softshrink(x, 0.3), [(3, 4)], ()),
    ("tanhshrink", lambda L, x: L.tanhshrink(x), [(3, 4)], ()),
    ("threshold", lambda L, x: L.threshold(x, 0.1, 20.0), [(3, 4)], ()),
    ("prelu per channel", lambda L, x, w: L.prelu(x, w), [(2, 4, 3), (4,)], ()),
    ("prelu one slope", lambda L, x, w: L.prelu(x, w), [(2, 4, 3), (1,)], ()),
    ("prelu vector", lambda L, x, w: L.prelu(x, w), [(5,), (1,)], ()),
    ("rrelu eval", lambda L, x: L.rrelu(x), [(3, 4)], ()),
    ("rrelu eval bounds", lambda L, x: L.rrelu(x, 0.2, 0.5), [(3, 4)], ()),
])
def test_functions(name, fn, shapes, positive):
    compare(lambda *a: fn(F, *a), lambda *a: fn(TF, *a), shapes, positive=positive)
    float32_agrees(lambda *a: fn(F, *a), lambda *a: fn(TF, *a), shapes, positive=positive)


def test_grad_fn_names_tutorials_print():
    x = gv.randn(3, 4, requires_grad=True)
    assert type(F.softmin(x, 1).grad_fn).__name__ == "SoftmaxBackward0"
    assert type(F.tanhshrink(x).grad_fn).__name__ == "SubBackward0"
    assert type(F.cosine_similarity(x, x.detach()).grad_fn).__name__ == "SumBackward1"
    assert type(F.local_response_norm(x.reshape(1, 3, 4), 2).grad_fn).__name__ == "DivBackward0"
    assert type(F.instance_norm(x.reshape(1, 3, 4)).grad_fn).__name__ == "ViewBackward0"


def test_top_level_names():
    a, b = gv.randn(3, 4), gv.randn(3, 4)
    np.testing.assert_allclose(gv.cosine_similarity(a, b).numpy(),
                               torch.cosine_similarity(torch.tensor(a.numpy()),
                                                       torch.tensor(b.numpy())).numpy(),
                               rtol=1e-6)
    assert gv.pairwise_distance(a, b).shape == (3,)
    assert gv.prelu(a, gv.tensor([0.1])).shape == (3, 4)
    assert gv.hardshrink(a).shape == gv.rrelu(a).shape == gv.threshold(a, 0.0, 1.0).shape


def test_softmin_without_dim_warns_as_pytorch():
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmin"):
        out = nn.Softmin()(gv.randn(2, 3))
    np.testing.assert_allclose(out.sum(1).numpy(), 1.0, rtol=1e-6)


@pytest.mark.parametrize(("gv_call", "torch_call"), [
    (lambda: F.glu(gv.zeros(2, 3)), lambda: TF.glu(torch.zeros(2, 3))),
    (lambda: F.glu(gv.tensor(1.0)), lambda: TF.glu(torch.tensor(1.0))),
    (lambda: F.group_norm(gv.zeros(2, 3, 4), 2), lambda: TF.group_norm(torch.zeros(2, 3, 4), 2)),
    (lambda: nn.GroupNorm(2, 3), lambda: torch.nn.GroupNorm(2, 3)),
    (lambda: F.prelu(gv.zeros(2, 4), gv.zeros(3)), lambda: TF.prelu(torch.zeros(2, 4),
                                                                    torch.zeros(3))),
    (lambda: F.prelu(gv.zeros(4), gv.zeros(4)), lambda: TF.prelu(torch.zeros(4), torch.zeros(4))),
    (lambda: F.local_response_norm(gv.zeros(2, 3), 2),
     lambda: TF.local_response_norm(torch.zeros(2, 3), 2)),
    (lambda: nn.Softmax2d()(gv.zeros(2, 3)), lambda: torch.nn.Softmax2d()(torch.zeros(2, 3))),
    (lambda: F.rrelu(gv.zeros(3), 0.5, 0.1), lambda: TF.rrelu(torch.zeros(3), 0.5, 0.1)),
    (lambda: F.softshrink(gv.zeros(3), -1.0), lambda: TF.softshrink(torch.zeros(3), -1.0)),
    (lambda: nn.InstanceNorm1d(3)(gv.zeros(2, 3, 4, 5)),
     lambda: torch.nn.InstanceNorm1d(3)(torch.zeros(2, 3, 4, 5))),
    (lambda: nn.InstanceNorm2d(3, affine=True)(gv.zeros(2, 4, 4, 5)),
     lambda: torch.nn.InstanceNorm2d(3, affine=True)(torch.zeros(2, 4, 4, 5))),
    (lambda: F.scaled_dot_product_attention(gv.zeros(2, 3, 4), gv.zeros(2, 3, 4),
                                            gv.zeros(2, 3, 4), gv.ones(3, 3), is_causal=True),
     lambda: TF.scaled_dot_product_attention(torch.zeros(2, 3, 4), torch.zeros(2, 3, 4),
                                             torch.zeros(2, 3, 4), torch.ones(3, 3),
                                             is_causal=True)),
])
def test_errors_are_pytorchs(gv_call, torch_call):
    same_error(gv_call, torch_call)


# ── layers ───────────────────────────────────────────────────────────────────────────────
def _twins(ours, theirs):
    theirs.double()
    ours.double().load_state_dict(theirs.state_dict())
    return ours, theirs


@pytest.mark.parametrize(("name", "args", "kwargs", "shapes"), [
    ("GroupNorm", (2, 4), {}, [(2, 4, 3, 3)]), ("GroupNorm", (3, 6), {"affine": False},
                                                [(2, 6, 5)]),
    ("InstanceNorm1d", (3,), {}, [(2, 3, 5)]), ("InstanceNorm1d", (3,), {"affine": True},
                                                [(3, 5)]),
    ("InstanceNorm2d", (3,), {"affine": True}, [(2, 3, 4, 4)]),
    ("InstanceNorm3d", (2,), {"affine": True}, [(2, 2, 2, 3, 2)]),
    ("InstanceNorm3d", (2,), {}, [(2, 3, 2, 2)]),
    ("LocalResponseNorm", (3,), {}, [(2, 5, 4, 4)]),
    ("Bilinear", (3, 5, 2), {}, [(4, 3), (4, 5)]), ("Bilinear", (3, 5, 2), {"bias": False},
                                                    [(3,), (5,)]),
    ("CosineSimilarity", (), {}, [(4, 5), (4, 5)]), ("PairwiseDistance", (), {"p": 1.0},
                                                     [(4, 5), (4, 5)]),
    ("PReLU", (), {}, [(2, 3)]), ("PReLU", (3,), {"init": 0.1}, [(2, 3, 4)]),
    ("Softmin", (1,), {}, [(2, 3)]), ("Softmax2d", (), {}, [(2, 3, 2, 2)]),
    ("GLU", (), {}, [(2, 4)]), ("Hardshrink", (0.3,), {}, [(3, 4)]),
    ("Softshrink", (), {}, [(3, 4)]), ("Tanhshrink", (), {}, [(3, 4)]),
    ("Threshold", (0.1, 20.0), {}, [(3, 4)]),
])
def test_layers_match_torch(name, args, kwargs, shapes):
    torch.manual_seed(0)
    ours, theirs = _twins(getattr(nn, name)(*args, **kwargs),
                          getattr(torch.nn, name)(*args, **kwargs))
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert repr(ours) == repr(theirs)
    compare(ours, theirs, shapes)
    for (key, ours_p), (_, theirs_p) in zip(ours.named_parameters(), theirs.named_parameters(),
                                            strict=True):
        np.testing.assert_allclose(ours_p.grad.numpy(), theirs_p.grad.numpy(), rtol=1e-9,
                                   atol=1e-12, err_msg=key)


def test_layers_start_as_pytorchs():
    prelu = nn.PReLU(3, init=0.1)
    np.testing.assert_array_equal(prelu.weight.detach().numpy(), np.float32([0.1] * 3))
    norm = nn.GroupNorm(2, 4)
    assert norm.weight.tolist() == [1.0] * 4 and norm.bias.tolist() == [0.0] * 4
    assert nn.InstanceNorm2d(3).weight is None and nn.InstanceNorm2d(3).running_mean is None
    layer = nn.Bilinear(4, 5, 3)
    assert layer.weight.shape == (3, 4, 5) and layer.bias.shape == (3,)
    assert float(layer.weight.abs().max()) <= 0.5 and float(layer.bias.abs().max()) <= 0.5


def test_bilinear_draws_its_weights_by_uniform_(monkeypatch):
    # The fills a recorded program's replay hands back: weight first, then bias, U(±1/√in1).
    seen = []
    original = gv.Tensor.uniform_

    def uniform_(t, a=0.0, b=1.0, **kwargs):
        seen.append((tuple(t.shape), a, b))
        return original(t, a, b, **kwargs)

    monkeypatch.setattr(gv.Tensor, "uniform_", uniform_)
    nn.Bilinear(4, 5, 3)
    assert seen == [((3, 4, 5), -0.5, 0.5), ((3,), -0.5, 0.5)]


@pytest.mark.parametrize("name", ["InstanceNorm1d", "InstanceNorm2d"])
def test_instance_norm_running_statistics(name):
    shape = (2, 3, 5) if name == "InstanceNorm1d" else (2, 3, 4, 3)
    ours, theirs = _twins(getattr(nn, name)(3, momentum=0.3, affine=True,
                                            track_running_stats=True),
                          getattr(torch.nn, name)(3, momentum=0.3, affine=True,
                                                  track_running_stats=True))
    for step in range(2):
        compare(ours, theirs, [shape], seed=step)
    for key in ("running_mean", "running_var", "num_batches_tracked"):
        np.testing.assert_allclose(ours.state_dict()[key].numpy(),
                                   theirs.state_dict()[key].numpy(), rtol=1e-12)
    ours.eval()
    theirs.eval()
    compare(ours, theirs, [shape], seed=7)  # now normalised by the running statistics


def test_instance_norm_warns_when_features_do_not_match():
    with pytest.warns(UserWarning, match="does not match num_features"):
        nn.InstanceNorm1d(4)(gv.randn(2, 3, 5))


# ── random draws ─────────────────────────────────────────────────────────────────────────
def test_rrelu_training_draws_one_rand_of_the_input_shape(monkeypatch):
    # Its slopes come from this module's `rand`, so a replay can hand torch's noise back.
    x = np.array([[-1.0, 2.0, -3.0], [0.5, -0.5, 0.0]])
    torch_x = torch.tensor(x, requires_grad=True)
    torch.manual_seed(0)
    expected = TF.rrelu(torch_x, 0.1, 0.3, training=True)
    noise = np.where(x > 0, 1.0, (expected / torch_x).detach().numpy())
    noise = np.where(x == 0, 0.2, noise)
    uniform = (noise - 0.1) / 0.2
    monkeypatch.setattr(functional_rectifiers, "rand",
                        lambda *shape, **kw: gv.tensor(uniform.reshape(shape), dtype=kw["dtype"]))
    ours_x = gv.tensor(x, requires_grad=True)
    out = F.rrelu(ours_x, 0.1, 0.3, training=True)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-12)
    out.sum().backward()
    expected.sum().backward()
    np.testing.assert_allclose(ours_x.grad.numpy()[x != 0], torch_x.grad.numpy()[x != 0],
                               rtol=1e-12)


def test_rrelu_layer_draws_only_while_training():
    layer = nn.RReLU(0.1, 0.3)
    x = gv.tensor([-1.0, -2.0, 3.0])
    gv.manual_seed(0)
    slopes = (layer(x) / x).numpy()[:2]
    assert ((slopes >= 0.1) & (slopes <= 0.3)).all()
    layer.eval()
    np.testing.assert_allclose(layer(x).numpy(), [-0.2, -0.4, 3.0], rtol=1e-6)


def test_gumbel_softmax_draws_through_exponential_(monkeypatch):
    logits = np.random.default_rng(0).standard_normal((3, 5))
    draws = np.random.default_rng(1).exponential(size=(3, 5))
    fills = []

    def exponential_(t, lambd=1.0, **kwargs):
        fills.append(tuple(t.shape))
        t._data[...] = draws
        return t

    monkeypatch.setattr(gv.Tensor, "exponential_", exponential_)
    gv_logits = gv.tensor(logits, requires_grad=True)
    soft = F.gumbel_softmax(gv_logits, tau=0.5)
    torch_logits = torch.tensor(logits, requires_grad=True)
    expected = ((torch_logits - torch.tensor(draws).log()) / 0.5).softmax(-1)
    np.testing.assert_allclose(soft.detach().numpy(), expected.detach().numpy(), rtol=1e-12)
    assert type(soft.grad_fn).__name__ == "SoftmaxBackward0"
    hard = F.gumbel_softmax(gv_logits, hard=True)
    assert fills == [(3, 5), (3, 5)]
    np.testing.assert_array_equal(hard.detach().numpy().sum(-1), 1.0)
    assert type(hard.grad_fn).__name__ == "AddBackward0"
    (hard * gv.tensor(np.arange(5.0))).sum().backward()
    assert gv_logits.grad is not None and np.isfinite(gv_logits.grad.numpy()).all()


# ── attention ────────────────────────────────────────────────────────────────────────────
_MASK = np.random.default_rng(4).random((3, 4)) > 0.4
_MASK[1] = False  # a query that may attend to nothing reads zeros


@pytest.mark.parametrize(("kwargs", "shapes"), [
    ({}, [(2, 3, 4, 5), (2, 3, 4, 5), (2, 3, 4, 6)]),
    ({"is_causal": True}, [(2, 3, 4, 5), (2, 3, 4, 5), (2, 3, 4, 6)]),
    ({"scale": 0.3}, [(2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 2)]),
    ({}, [(3, 5), (4, 5), (4, 2)]),
    ({"attn_mask": _MASK}, [(2, 3, 5), (2, 4, 5), (2, 4, 2)]),
    ({"attn_mask": np.random.default_rng(5).standard_normal((3, 4))},
     [(2, 3, 5), (2, 4, 5), (2, 4, 2)]),
    ({"enable_gqa": True}, [(1, 4, 3, 5), (1, 2, 4, 5), (1, 2, 4, 2)]),
])
def test_scaled_dot_product_attention(kwargs, shapes):
    mask = kwargs.get("attn_mask")

    def call(lib, fn):
        options = dict(kwargs, attn_mask=None if mask is None else lib.tensor(mask))
        return lambda q, k, v: fn(q, k, v, **options)

    compare(call(gv, F.scaled_dot_product_attention),
            call(torch, TF.scaled_dot_product_attention), shapes)


def test_attention_dropout_draws_through_the_one_mask_function(monkeypatch):
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal((2, 3, 4)) for _ in range(3))
    masks = []

    def mask(x, p, shape):
        masks.append((tuple(shape), p))
        return gv.tensor(np.full(shape, 2.0), dtype=x.dtype)

    monkeypatch.setattr(gv_functional, "_dropout_mask", mask)
    out = F.scaled_dot_product_attention(gv.tensor(q), gv.tensor(k), gv.tensor(v),
                                         dropout_p=0.5)
    assert masks == [((2, 3, 3), 0.5)]
    plain = TF.scaled_dot_product_attention(torch.tensor(q), torch.tensor(k), torch.tensor(v))
    np.testing.assert_allclose(out.numpy(), 2 * plain.numpy(), rtol=1e-12)


@pytest.mark.parametrize(("fn", "shapes"), [
    (lambda x, w, b: F.group_norm(x, 2, w, b), [(2, 4, 3), (4,), (4,)]),
    (lambda x: F.instance_norm(x), [(2, 3, 4)]),
    (lambda x: F.local_response_norm(x, 3, 0.5), [(1, 4, 3)]),
    (lambda a, b: F.cosine_similarity(a, b), [(3, 4), (3, 4)]),
    (lambda a, b, w: F.bilinear(a, b, w), [(2, 3), (2, 4), (2, 3, 4)]),
    (lambda x, w: F.prelu(x, w), [(2, 3, 2), (3,)]),
    (lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True),
     [(2, 3, 4), (2, 3, 4), (2, 3, 2)]),
])
def test_finite_differences(fn, shapes):
    rng = np.random.default_rng(6)
    args = tuple(gv.tensor(rng.standard_normal(s) + 0.3, requires_grad=True) for s in shapes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert gv.autograd.gradcheck(fn, args)

"""The layer and loss functions at ``torch.*`` (``torch.conv2d``, ``torch.max_pool2d``,
``torch.dropout(x, p, train)``, ``torch.embedding(weight, indices)``, ``torch.batch_norm``
with every argument, ``torch.kl_div`` with an int reduction…) beside torch: values, float64
gradients (≤ 1e-9), node names and errors; the dropouts through the corpus harness, their
masks recorded from torch's and replayed."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from api_pairs import same, same_grad
from test_torch_corpus import assert_replayed

import gradviz as gv

RNG = np.random.default_rng(5)


def _n(*shape):
    return RNG.standard_normal(shape)


def test_convolutions_and_pools():
    same_grad(lambda m, x, w, b: m.conv1d(x, w, b, 2, 1), _n(2, 3, 9), _n(4, 3, 3), _n(4))
    same_grad(lambda m, x, w: m.conv2d(x, w, None, 1, "same"), _n(1, 2, 5, 5), _n(3, 2, 3, 3))
    same_grad(lambda m, x, w: m.conv2d(x, w, padding=1, dilation=2), _n(1, 2, 6, 6),
              _n(2, 2, 3, 3))
    same_grad(lambda m, x, w: m.conv_transpose1d(x, w, stride=2), _n(2, 3, 5), _n(3, 2, 3))
    same_grad(lambda m, x, w, b: m.conv_transpose2d(x, w, b, 2, 1, 1), _n(1, 2, 3, 3),
              _n(2, 3, 3, 3), _n(3))
    same_grad(lambda m, x: m.max_pool1d(x, 2), _n(2, 3, 8))
    same_grad(lambda m, x: m.max_pool1d(x, 3, 2, 1, 1, True), _n(2, 3, 8))
    same_grad(lambda m, x: m.max_pool2d(x, 2), _n(1, 2, 6, 6))
    same_grad(lambda m, x: m.max_pool2d(x, (3, 2), [], 1), _n(1, 2, 6, 6))
    same_grad(lambda m, x: m.max_pool2d(x, 3, stride=2, ceil_mode=True), _n(1, 2, 7, 7))
    same_grad(lambda m, x: m.avg_pool1d(x, 3, 2, 1, False, False), _n(2, 3, 8))
    same_grad(lambda m, x: m.adaptive_avg_pool1d(x, 3), _n(2, 3, 8))
    same(lambda m: type(m.max_pool2d(m.ones(1, 1, 4, 4, requires_grad=True), 2).grad_fn
                        ).__name__)
    same(lambda m: m.max_pool2d(m.ones(1, 1, 4, 4), 2, return_indices=True))


def test_dropouts_without_draws():
    x = gv.ones(3, 4)
    for name in ("dropout", "alpha_dropout"):
        assert getattr(gv, name)(x, 0.5, False) is x and getattr(gv, name + "_")(x, 0.5, False) is x
    same(lambda m: m.dropout(m.ones(2, 3), 0.0, True))
    same(lambda m: m.dropout(m.ones(2, 3), 1.0, True))
    for name in ("dropout", "dropout_", "alpha_dropout", "alpha_dropout_"):
        same(lambda m, name=name: getattr(m, name)(m.ones(2, 3), 1.5, True))


def test_activations():
    same_grad(lambda m, x: m.selu(x), _n(3, 4))
    same_grad(lambda m, x: m.celu(x), _n(3, 4))
    same_grad(lambda m, x: m.celu(x, 0.5), _n(3, 4))
    same(lambda m: m.selu(m.ones(2), 1.0))
    for name, args in (("selu_", ()), ("celu_", (0.7,)), ("threshold_", (0.1, -2.0)),
                       ("rrelu_", (0.1, 0.3))):
        a, t = gv.tensor(_n(2, 3)), None
        t = torch.tensor(a.numpy())
        ours, theirs = getattr(gv, name)(a, *args), getattr(torch, name)(t, *args)
        assert ours is a and a._version == t._version
        np.testing.assert_allclose(a.numpy(), theirs.numpy(), rtol=1e-12)


def test_embedding_takes_the_weight_first():
    indices = [[0, 2, 2], [1, 3, 0]]
    for padding in (-1, 2, 0):
        # a padding row gets no gradient, so finite differences differ there by design
        same_grad(lambda m, w, p=padding: m.embedding(w, m.tensor(indices), p), _n(4, 3),
                  check_fd=padding < 0)
    same(lambda m: type(m.embedding(m.ones(4, 2, requires_grad=True), m.tensor([1])).grad_fn
                        ).__name__)


def test_normalisations():
    same_grad(lambda m, x, w, b: m.layer_norm(x, (4,), w, b, 1e-3, True), _n(2, 3, 4), _n(4),
              _n(4))
    same_grad(lambda m, x: m.layer_norm(x, [3, 4]), _n(2, 3, 4))
    same_grad(lambda m, x, w, b: m.group_norm(x, 2, w, b, 1e-5, False), _n(2, 4, 3), _n(4),
              _n(4))
    same_grad(lambda m, x: m.group_norm(x, 1), _n(2, 4, 3))
    for training in (True, False):
        stats = RNG.standard_normal(3), RNG.uniform(0.5, 2, 3)

        def norm(m, x, w, b, training=training, stats=stats):
            mean, var = (m.tensor(s.copy(), dtype=m.float64) for s in stats)
            out = m.batch_norm(x, w, b, mean, var, training, 0.2, 1e-4, True)
            return out, mean, var

        same_grad(norm, _n(4, 3, 2), _n(3), _n(3))
    same_grad(lambda m, x: m.batch_norm(x, None, None, None, None, True, 0.1, 1e-5, False),
              _n(4, 3))
    same_grad(lambda m, x, w, b: m.instance_norm(x, w, b, None, None, True, 0.1, 1e-5, False),
              _n(2, 3, 5), _n(3), _n(3))

    def instance(m, x):
        mean, var = m.zeros(3, dtype=m.float64), m.ones(3, dtype=m.float64)
        return m.instance_norm(x, None, None, mean, var, True, 0.3, 1e-5, False), mean, var

    same_grad(instance, _n(2, 3, 5))


@pytest.mark.parametrize("reduction", [0, 1, 2, 5])
def test_losses_take_an_int_reduction(reduction):
    r = reduction
    target = (RNG.uniform(size=(3, 4)) > 0.5).astype(float)
    weight, pos = _n(4), RNG.uniform(0.5, 2, 4)
    same_grad(lambda m, x, r=r: m.binary_cross_entropy_with_logits(
        x, m.tensor(target), m.tensor(weight), m.tensor(pos), r), _n(3, 4))
    probs = RNG.dirichlet(np.ones(4), 3)
    same_grad(lambda m, x, r=r: m.kl_div(x, m.tensor(probs), r), np.log(RNG.dirichlet(
        np.ones(4), 3)))
    same_grad(lambda m, x, r=r: m.kl_div(x, m.tensor(np.log(probs)), r, log_target=True),
              _n(3, 4))
    signs = np.array([1.0, -1.0, 1.0])
    same_grad(lambda m, a, b, r=r: m.cosine_embedding_loss(a, b, m.tensor(signs), 0.1, r),
              _n(3, 5), _n(3, 5))
    hinge = np.sign(_n(3, 4))
    same_grad(lambda m, x, r=r: m.hinge_embedding_loss(x, m.tensor(hinge), 0.5, r), _n(3, 4))
    same_grad(lambda m, a, b, r=r: m.margin_ranking_loss(a, b, m.tensor(signs), 0.2, r),
              _n(3), _n(3))
    same_grad(lambda m, a, p, n, r=r: m.triplet_margin_loss(a, p, n, 0.5, 1.5, 1e-6, True, r),
              _n(3, 4), _n(3, 4), _n(3, 4))
    counts = RNG.poisson(2.0, (3, 4)).astype(float)
    same_grad(lambda m, x, r=r: m.poisson_nll_loss(x, m.tensor(counts), True, True, 1e-8, r),
              _n(3, 4))
    same_grad(lambda m, x, r=r: m.poisson_nll_loss(x, m.tensor(counts), False, False, 1e-8, r),
              RNG.uniform(0.5, 3, (3, 4)))


def test_loss_defaults_and_errors():
    # left out, the reduction is none at torch.* (the bindings' reading of it)
    same(lambda m: m.kl_div(m.tensor([[-1.0, -2.0]]), m.tensor([[0.3, 0.7]])))
    same(lambda m: m.kl_div(m.tensor([[-1.0, -2.0]]), m.tensor([[0.3, 0.7]]), reduction=1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # torch.kl_div's 'mean' gives no batchmean warning
        gv.kl_div(gv.tensor([[-1.0, -2.0]]), gv.tensor([[0.3, 0.7]]))
    same(lambda m: m.margin_ranking_loss(m.ones(2), m.zeros(2), m.ones(2)))
    same(lambda m: m.triplet_margin_loss(m.ones(2, 3), m.zeros(2, 3), m.ones(2, 3)))
    same(lambda m: m.hinge_embedding_loss(m.ones(2), -m.ones(2)))
    same(lambda m: m.cosine_embedding_loss(m.ones(2, 3), m.ones(2, 3), m.ones(2)))
    same(lambda m: m.binary_cross_entropy_with_logits(m.zeros(2), m.ones(2)))
    same(lambda m: m.kl_div(m.ones(2), m.ones(2), 5))


TORCH_DROPOUT_PROGRAM = r'''
import torch

x = torch.randn(3, 8, requires_grad=True)
y = torch.dropout(x, 0.4, True)
print(y)
z = torch.alpha_dropout(x, 0.3, True)
(y.sum() + z.sum()).backward()
print(z, x.grad)
h = torch.randn(2, 5)
torch.dropout_(h, 0.5, True)
torch.alpha_dropout_(h, 0.2, True)
print(h, torch.dropout(h, 0.5, False))
final = {"x.grad": x.grad, "h": h}
'''


def test_torch_dropouts_are_replayed(monkeypatch):
    assert_replayed(TORCH_DROPOUT_PROGRAM, monkeypatch)

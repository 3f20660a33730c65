"""What the twelfth corpus sample needed, beside torch: nll_loss with class weights or an
ignore_index as one NllLossBackward0 node, cross_entropy on class probabilities ending in
PyTorch's nodes, and exp of large integers reaching inf without numpy's cast warning."""

import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import gradviz as gv
import gradviz.nn.functional as G

RNG = np.random.default_rng(12)
SCORES = RNG.standard_normal((4, 5))
WEIGHT = RNG.random(5)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("target", [[1, 0, 4, 2], [1, -100, 4, 2]])
@pytest.mark.parametrize("weighted", [False, True])
def test_nll_loss_with_weights_or_ignored_rows_is_one_node(reduction, target, weighted):
    theirs = torch.tensor(SCORES, requires_grad=True)
    ours = gv.tensor(SCORES, requires_grad=True)
    t_loss = F.nll_loss(theirs, torch.tensor(target), reduction=reduction,
                        weight=torch.tensor(WEIGHT) if weighted else None)
    g_loss = G.nll_loss(ours, gv.tensor(target), reduction=reduction,
                        weight=gv.tensor(WEIGHT) if weighted else None)
    assert type(g_loss.grad_fn).__name__ == type(t_loss.grad_fn).__name__ == "NllLossBackward0"
    np.testing.assert_allclose(g_loss.detach().numpy(), t_loss.detach().numpy(), rtol=1e-12)
    upstream = RNG.standard_normal(t_loss.shape)
    t_loss.backward(torch.tensor(upstream))
    g_loss.backward(gv.tensor(upstream))
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=0, atol=1e-9)


def test_weighted_nll_loss_gradient_matches_finite_differences():
    target, weight = gv.tensor([1, -100, 4, 2]), gv.tensor(WEIGHT)
    ours = gv.tensor(SCORES, requires_grad=True)
    G.nll_loss(ours, target, weight=weight).backward()
    h, numeric = 1e-6, np.zeros_like(SCORES)
    for index in np.ndindex(SCORES.shape):
        step = np.zeros_like(SCORES)
        step[index] = h
        up = G.nll_loss(gv.tensor(SCORES + step), target, weight=weight).item()
        down = G.nll_loss(gv.tensor(SCORES - step), target, weight=weight).item()
        numeric[index] = (up - down) / (2 * h)
    np.testing.assert_allclose(ours.grad.numpy(), numeric, rtol=0, atol=1e-8)


def test_weighted_cross_entropy_prints_pytorchs_node():
    weight = [1., 2., 3., 4., 5.]
    theirs = F.cross_entropy(torch.tensor(SCORES, requires_grad=True), torch.tensor([1, 0, 4, 2]),
                             weight=torch.tensor(weight, dtype=torch.float64))
    ours = G.cross_entropy(gv.tensor(SCORES, requires_grad=True), gv.tensor([1, 0, 4, 2]),
                           weight=gv.tensor(weight, dtype=gv.float64))
    assert repr(ours).replace("gradviz", "torch") == repr(theirs)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_on_probabilities_ends_in_pytorchs_nodes(reduction):
    probs = RNG.random((4, 5))
    probs /= probs.sum(1, keepdims=True)
    theirs = torch.tensor(SCORES, requires_grad=True)
    ours = gv.tensor(SCORES, requires_grad=True)
    t_loss = F.cross_entropy(theirs, torch.tensor(probs), reduction=reduction)
    g_loss = G.cross_entropy(ours, gv.tensor(probs), reduction=reduction)
    assert type(g_loss.grad_fn).__name__ == type(t_loss.grad_fn).__name__
    np.testing.assert_allclose(g_loss.detach().numpy(), t_loss.detach().numpy(), rtol=1e-12)
    t_loss.sum().backward()
    g_loss.sum().backward()
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=0, atol=1e-9)


def test_exp_of_large_integers_is_inf_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = gv.exp(gv.arange(-100, 100))
    theirs = torch.exp(torch.arange(-100, 100))
    assert ours.dtype == gv.float32
    assert (np.isinf(ours.numpy()) == np.isinf(theirs.numpy())).all()  # from exp(89) on
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)


def test_squeeze_and_unsqueeze_print_pytorchs_nodes():
    def names(m):
        x = m.ones(10, 1, requires_grad=True)
        y = m.ones(2, 1, 3, 1, requires_grad=True)
        return [type(t.grad_fn).__name__ for t in (
            x.squeeze(), x.squeeze(1), x.squeeze(-1), m.squeeze(y), y.squeeze(2 - 1),
            x.unsqueeze(0), m.unsqueeze(x, -1), (x * 2).squeeze())]
    assert names(gv) == names(torch)

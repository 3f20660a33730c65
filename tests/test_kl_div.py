"""`F.kl_div`, `nn.KLDivLoss`, `gradviz.xlogy` and `Tensor.index_fill(_)` against PyTorch:
values and gradients in float64 (to 1e-9) and by finite differences, every reduction with and
without ``log_target``, targets of 0, the warnings, the old flags, the errors and the nodes."""

import warnings

import numpy as np
import pytest
import torch

import gradviz as gv
import gradviz.nn.functional as F
from gradviz.engine.gradcheck import numerical_grad

rng = np.random.default_rng(3)
LOGP = np.log(rng.dirichlet(np.ones(5), size=4))  # (4, 5) log-probabilities
P = rng.dirichlet(np.ones(5), size=4)
P[1, 2] = P[3, 0] = 0.0  # targets of 0 add 0: xlogy's 0·ln 0
REDUCTIONS = ["none", "sum", "batchmean", "mean"]


def _both(reduction, log_target, target=P, target_grad=False):
    """(gradviz's, torch's) (loss, input grad, target grad) for one call, float64."""
    results = []
    target = np.log(np.where(target > 0, target, 1e-3)) if log_target else target
    upstream = rng.standard_normal(LOGP.shape) if reduction == "none" else 1.7
    for lib, fn in ((gv, F.kl_div), (torch, torch.nn.functional.kl_div)):
        x = lib.tensor(LOGP, dtype=lib.float64, requires_grad=True)
        y = lib.tensor(target, dtype=lib.float64, requires_grad=target_grad)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loss = fn(x, y, reduction=reduction, log_target=log_target)
        loss.backward(lib.tensor(upstream, dtype=lib.float64))
        results.append((loss.detach().numpy(), x.grad.numpy(),
                        None if y.grad is None else y.grad.numpy()))
    return results


@pytest.mark.parametrize("log_target", [False, True])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_values_and_gradients_as_torch(reduction, log_target):
    ours, theirs = _both(reduction, log_target, target_grad=log_target)
    for a, b in zip(ours, theirs, strict=True):
        if b is not None:
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def test_target_gradient_where_the_target_is_positive():
    # ∂/∂target = ln target + 1 − input (NaN at a target of 0 in both: 0/0 in xlogy's ∂/∂b).
    ours, theirs = _both("sum", False, target=np.where(P > 0, P, 0.05), target_grad=True)
    np.testing.assert_allclose(ours[2], theirs[2], rtol=1e-9)
    ours, theirs = _both("sum", False, target_grad=True)
    np.testing.assert_array_equal(np.isnan(ours[2]), np.isnan(theirs[2]))


@pytest.mark.parametrize("log_target", [False, True])
def test_finite_differences(log_target):
    target = np.log(P + 0.01) if log_target else P + 0.01
    inputs = [gv.tensor(LOGP, dtype=gv.float64, requires_grad=True),
              gv.tensor(target, dtype=gv.float64, requires_grad=True)]

    def loss(x, y):
        return F.kl_div(x, y, reduction="batchmean", log_target=log_target)

    loss(*inputs).backward()
    for i, t in enumerate(inputs):
        np.testing.assert_allclose(t.grad.numpy(), numerical_grad(loss, inputs, i, 1e-6),
                                   rtol=1e-6, atol=1e-9)


def test_ln_0_input_against_0_target_is_nan_as_in_torch():
    x, y = [0.0, 0.2], [0.0, 0.6]
    ours = F.kl_div(gv.tensor(x).log(), gv.tensor(y), reduction="none")
    theirs = torch.nn.functional.kl_div(torch.tensor(x).log(), torch.tensor(y), reduction="none")
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())  # [nan, 0.659…]


def test_mean_warns_as_torch():
    with pytest.warns(UserWarning) as theirs:
        torch.nn.functional.kl_div(torch.zeros(2), torch.ones(2))
    with pytest.warns(UserWarning) as ours:
        F.kl_div(gv.zeros(2), gv.ones(2))
    assert str(ours[0].message) == str(theirs[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        F.kl_div(gv.zeros(2), gv.ones(2), reduction="batchmean")


@pytest.mark.parametrize(("flags", "expected"), [
    ({"size_average": False}, "sum"), ({"reduce": False}, "none"), ({"size_average": True}, "mean"),
])
def test_old_flags(flags, expected):
    x, y = gv.tensor(LOGP), gv.tensor(P)
    with pytest.warns(UserWarning, match=f"reduction='{expected}'") as our_warnings:
        ours = F.kl_div(x, y, **flags)
    with pytest.warns(UserWarning, match=f"reduction='{expected}'") as their_warnings:
        theirs = torch.nn.functional.kl_div(torch.tensor(LOGP), torch.tensor(P), **flags)
    assert [str(w.message) for w in our_warnings] == [str(w.message) for w in their_warnings]
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)
    with pytest.warns(UserWarning):
        module = gv.nn.KLDivLoss(**flags)
    assert module.reduction == expected


def test_invalid_reduction_as_torch():
    with pytest.raises(ValueError) as theirs:
        torch.nn.functional.kl_div(torch.zeros(2), torch.ones(2), reduction="avg")
    with pytest.raises(ValueError) as ours:
        F.kl_div(gv.zeros(2), gv.ones(2), reduction="avg")
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize(("reduction", "log_target"), [
    ("none", False), ("none", True), ("sum", False), ("batchmean", False), ("mean", True),
])
def test_the_nodes_are_torchs(reduction, log_target):
    names = []
    for lib, fn in ((gv, F.kl_div), (torch, torch.nn.functional.kl_div)):
        x = lib.tensor(LOGP, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loss = fn(x, lib.tensor(P), reduction=reduction, log_target=log_target)
        node = loss.grad_fn
        names.append([type(node).__name__] + [type(n).__name__ for n, _ in node.next_functions
                                              if n is not None])
    assert names[0] == names[1]


def test_module_as_torch():
    ours = gv.nn.KLDivLoss(reduction="batchmean", log_target=True)
    theirs = torch.nn.KLDivLoss(reduction="batchmean", log_target=True)
    assert repr(ours) == repr(theirs) == "KLDivLoss()"
    x, y = np.log(P + 0.1), LOGP
    np.testing.assert_allclose(ours(gv.tensor(x), gv.tensor(y)).numpy(),
                               theirs(torch.tensor(x), torch.tensor(y)).numpy(), rtol=1e-6)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == []


def test_batchmean_of_a_0_d_input_is_the_sum():
    ours = F.kl_div(gv.tensor(0.5), gv.tensor(0.3), reduction="batchmean")
    theirs = torch.nn.functional.kl_div(torch.tensor(0.5), torch.tensor(0.3), reduction="batchmean")
    assert ours.item() == pytest.approx(theirs.item(), rel=1e-6)


def test_xlogy_zeros_and_nans_as_torch():
    a = [0.0, 0.0, 0.0, 2.0, 1.0, 0.0]
    b = [0.0, 3.0, np.nan, 0.0, np.inf, np.inf]
    ours, theirs = gv.xlogy(gv.tensor(a), gv.tensor(b)), torch.xlogy(torch.tensor(a),
                                                                      torch.tensor(b))
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_xlogy_node_and_float32():
    x = gv.tensor([0.5, 0.0], requires_grad=True)
    assert type(gv.xlogy(x, gv.tensor([2.0, 3.0])).grad_fn).__name__ == "XlogyBackward0"
    values = rng.uniform(0.01, 10, 1000).astype(np.float32)
    ours = gv.xlogy(gv.tensor(values), gv.tensor(values[::-1].copy())).numpy()
    theirs = torch.xlogy(torch.tensor(values), torch.tensor(values[::-1].copy())).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=2e-7)

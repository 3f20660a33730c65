"""What the sixteenth corpus sample needed, beside torch: F.linear's (and so nn.Linear's) shape
error worded as PyTorch's, and PyTorch's node names for the weighted binary cross-entropies
(BinaryCrossEntropyBackward0 with a weight, BinaryCrossEntropyWithLogitsBackward0 with a weight
or a pos_weight), which gradviz composes from several rows."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import gradviz as gv
import gradviz.nn.functional as G

RNG = np.random.default_rng(16)


def _pair(array, requires_grad=False):
    array = np.asarray(array, dtype="float64")
    return (torch.tensor(array, requires_grad=requires_grad),
            gv.tensor(array, requires_grad=requires_grad))


def _message(fn, error_type):
    with pytest.raises(error_type) as caught:
        fn()
    return str(caught.value)


@pytest.mark.parametrize("x_shape, w_shape", [((4, 400), (120, 256)), ((4,), (2, 3)),
                                              ((2, 5, 4), (2, 3)), ((2, 3, 5, 4), (6, 3))])
def test_linear_shape_error_is_pytorchs(x_shape, w_shape):
    x, w = RNG.standard_normal(x_shape), RNG.standard_normal(w_shape)
    t_x, g_x = _pair(x)
    t_w, g_w = _pair(w)
    t_b, g_b = _pair(np.zeros(w_shape[0]))
    for t_bias, g_bias in ((None, None), (t_b, g_b)):
        theirs = _message(lambda t_bias=t_bias: F.linear(t_x, t_w, t_bias), RuntimeError)
        ours = _message(lambda g_bias=g_bias: G.linear(g_x, g_w, g_bias), RuntimeError)
        assert ours == theirs


def test_linear_layer_shape_error_is_pytorchs():
    torch.manual_seed(0)
    theirs = _message(lambda: torch.nn.Linear(3, 2)(torch.randn(2, 4)), RuntimeError)
    ours = _message(lambda: gv.nn.Linear(3, 2)(gv.randn(2, 4)), RuntimeError)
    assert ours == theirs == "mat1 and mat2 shapes cannot be multiplied (2x4 and 3x2)"


BCE_CASES = {  # (which loss, weight given, pos_weight given)
    "bce, weight": ("bce", True, False),
    "logits, weight": ("logits", True, False),
    "logits, pos_weight": ("logits", False, True),
    "logits, weight and pos_weight": ("logits", True, True),
}


def _bce(module, kind, z, y, weight, pos_weight, reduction):
    if kind == "bce":
        return module.binary_cross_entropy(module.sigmoid(z) if module is G else torch.sigmoid(z),
                                           y, weight=weight, reduction=reduction)
    return module.binary_cross_entropy_with_logits(z, y, weight=weight, reduction=reduction,
                                                   pos_weight=pos_weight)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("case", BCE_CASES)
def test_weighted_binary_cross_entropies_name_pytorchs_node(case, reduction):
    kind, with_weight, with_pos_weight = BCE_CASES[case]
    t_z, g_z = _pair(RNG.standard_normal((5, 3)), requires_grad=True)
    t_y, g_y = _pair(RNG.integers(0, 2, (5, 3)))
    t_w, g_w = _pair(RNG.uniform(0.5, 2.0, (5, 3))) if with_weight else (None, None)
    t_p, g_p = _pair(RNG.uniform(0.5, 3.0, (3,))) if with_pos_weight else (None, None)
    theirs = _bce(F, kind, t_z, t_y, t_w, t_p, reduction)
    ours = _bce(G, kind, g_z, g_y, g_w, g_p, reduction)
    assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__
    assert repr(ours.grad_fn).split(" object")[0] == repr(theirs.grad_fn).split(" object")[0]
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-12)
    seed = RNG.standard_normal(theirs.shape)
    theirs.backward(torch.tensor(seed))
    ours.backward(gv.tensor(seed))
    np.testing.assert_allclose(g_z.grad.numpy(), t_z.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_bce_with_logits_loss_module_prints_pytorchs_node():
    z, y = RNG.standard_normal(16).astype("float32"), RNG.integers(0, 2, 16).astype("float32")
    theirs = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(2.2))(
        torch.tensor(z, requires_grad=True), torch.tensor(y))
    ours = gv.nn.BCEWithLogitsLoss(pos_weight=gv.tensor(2.2))(
        gv.tensor(z, requires_grad=True), gv.tensor(y))
    assert repr(ours) == repr(theirs)

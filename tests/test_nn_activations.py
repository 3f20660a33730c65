"""The activations beyond ReLU/Sigmoid/Tanh (`functional_activations`, `nn_activations`):
values and gradients against PyTorch in float64, at the kinks too (each function's own
gradient rule there), and against central finite differences away from them."""

import numpy as np
import pytest
import torch

import gradviz as gv
import gradviz.nn as nn

LAYERS = [("Hardtanh", ()), ("Hardtanh", (-2.0, 0.5)), ("ReLU6", ()), ("SELU", ()),
          ("Hardswish", ()), ("Hardsigmoid", ()), ("Mish", ()), ("CELU", (0.5,)),
          ("Softplus", ()), ("Softplus", (2.0, 5.0)), ("Softsign", ()), ("LogSigmoid", ())]
POINTS = np.concatenate([np.linspace(-8, 8, 33), [-3.0, 3.0, 0.0, 6.0, 2.5, 2.4999, 30.0, -40]])


@pytest.mark.parametrize("name,args", LAYERS, ids=[f"{n}{a}" for n, a in LAYERS])
def test_values_and_gradients_are_pytorchs(name, args):
    theirs_x = torch.tensor(POINTS, requires_grad=True)
    ours_x = gv.tensor(POINTS, requires_grad=True)
    theirs, ours = getattr(torch.nn, name)(*args)(theirs_x), getattr(nn, name)(*args)(ours_x)
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-12,
                               atol=1e-15)
    weights = np.random.default_rng(0).normal(size=POINTS.shape)
    (theirs * torch.tensor(weights)).sum().backward()
    (ours * gv.tensor(weights)).sum().backward()
    # PyTorch's hardsigmoid backward multiplies by 1/6 as a float32 constant (3e-8 off).
    rtol = 1e-7 if name == "Hardsigmoid" else 1e-12
    np.testing.assert_allclose(ours_x.grad.numpy(), theirs_x.grad.numpy(), rtol=rtol,
                               atol=1e-15)


@pytest.mark.parametrize("name,args", LAYERS, ids=[f"{n}{a}" for n, a in LAYERS])
def test_gradients_match_finite_differences_away_from_the_kinks(name, args):
    x = np.array([-5.3, -2.2, -0.7, 0.4, 1.9, 4.1])
    layer = getattr(nn, name)(*args)
    t = gv.tensor(x, requires_grad=True)
    layer(t).sum().backward()
    h = 1e-6
    numeric = (layer(gv.tensor(x + h)).numpy() - layer(gv.tensor(x - h)).numpy()) / (2 * h)
    np.testing.assert_allclose(t.grad.numpy(), numeric, rtol=1e-6, atol=1e-9)


def test_the_functions_take_pytorchs_arguments():
    x = np.linspace(-4, 4, 9)
    F, G = gv.nn.functional, torch.nn.functional
    pairs = [(F.hardtanh(gv.tensor(x), -2.0, 2.0), G.hardtanh(torch.tensor(x), -2.0, 2.0)),
             (F.relu6(gv.tensor(x)), G.relu6(torch.tensor(x))),
             (F.softplus(gv.tensor(x), beta=3, threshold=4),
              G.softplus(torch.tensor(x), beta=3, threshold=4)),
             (F.celu(gv.tensor(x), alpha=2.0), G.celu(torch.tensor(x), alpha=2.0))]
    for ours, theirs in pairs:
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)

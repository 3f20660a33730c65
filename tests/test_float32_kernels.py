"""Float32 results bit for bit against PyTorch's CPU kernels (`engine.float32_kernels`): the
sigmoid forward (Sleef's eˣ), the sigmoid and tanh backward passes, on 200,000 elements."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv
from gradviz.engine.ops import REGISTRY

VECTORISED = torch.backends.cpu.get_cpu_capability() in ("AVX2", "AVX512", "NEON", "SVE256")
pytestmark = pytest.mark.skipif(not VECTORISED, reason="torch runs its scalar (non-vector) "
                                "CPU kernels here, which round like libm, not like Sleef")


def _inputs(scale: float) -> np.ndarray:
    x = np.random.default_rng(3).standard_normal(200_000).astype(np.float32) * scale
    x[:5] = [np.nan, 200.0, -200.0, 0.0, -0.0]
    return x


def _differ(ours: np.ndarray, theirs: np.ndarray) -> float:
    same = (ours == theirs) | (np.isnan(ours) & np.isnan(theirs))
    return float(1 - same.mean())


@pytest.mark.parametrize("scale", [1.0, 6.0, 30.0])
def test_sigmoid_forward_and_backward_are_pytorchs_float32(scale):
    x = _inputs(scale)
    g = np.random.default_rng(4).standard_normal(x.shape).astype(np.float32)
    ours, theirs = gv.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    a, b = gv.sigmoid(ours), torch.sigmoid(theirs)
    a.backward(gv.tensor(g))
    b.backward(torch.tensor(g))
    # PyTorch computes a chunk's last few elements (< 8) with its scalar loop: one in 10⁴.
    assert _differ(a.detach().numpy(), b.detach().numpy()) <= 1e-4
    assert _differ(ours.grad.numpy(), theirs.grad.numpy()) <= 1e-4


@pytest.mark.parametrize("scale", [0.5, 2.0])
def test_tanh_backward_is_pytorchs_fused_float32(scale):
    x = _inputs(scale)[5:]
    g = np.random.default_rng(5).standard_normal(x.shape).astype(np.float32)
    theirs = torch.tensor(x, requires_grad=True)
    h = torch.tanh(theirs)
    h.backward(torch.tensor(g))
    # From torch's own tanh values, so only the backward formula is compared.
    out = h.detach().numpy()
    grad = REGISTRY["tanh"].vjps[0](np, g, out, x)
    assert _differ(grad, theirs.grad.numpy()) == 0.0
    plain = g * (np.float32(1) - out * out)  # the unfused formula: another float32 for many
    assert _differ(plain, theirs.grad.numpy()) > 0.1


def test_float64_sigmoid_stays_within_an_ulp_and_never_overflows():
    x = np.concatenate([np.linspace(-800, 800, 20_001), [np.inf, -np.inf]])
    with np.errstate(over="raise", invalid="raise"):
        ours = gv.sigmoid(gv.tensor(x)).numpy()
    np.testing.assert_allclose(ours, torch.sigmoid(torch.tensor(x)).numpy(), rtol=4e-16,
                               atol=1e-300)

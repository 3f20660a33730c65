"""`F.alpha_dropout`, `F.feature_alpha_dropout`, `nn.AlphaDropout` and
`nn.FeatureAlphaDropout` against torch: handed torch's keep-mask (read from its kernel's
shift, as the corpus records it), gradviz gives torch's values bit for bit in float32 and
its gradients; the gradient is also checked by finite differences, and the defaults, p = 0
and p = 1, the feature form's shapes and the errors are torch's."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv
import gradviz.engine.functional as functional
import gradviz.nn as nn
import gradviz.nn.functional as F


def _torch_keep(x: torch.Tensor, p: float, feature: bool) -> np.ndarray:
    """torch's 0/1 keep-mask for `x`, from the shift its kernel adds (> 0 where kept)."""
    kernel = torch.feature_alpha_dropout if feature else torch.alpha_dropout
    keep = (kernel(torch.zeros_like(x), p, True) > 0).double()
    if feature:
        keep = keep[(slice(None), slice(None)) + (slice(0, 1),) * (x.dim() - 2)]
    return keep.numpy()


@pytest.fixture
def torchs_masks(monkeypatch):
    """gradviz's mask function handing out the masks put in the list, scaled as drawn."""
    masks: list[tuple[np.ndarray, float]] = []

    def replay(x, p, shape):
        keep, p_drawn = masks.pop(0)
        assert keep.shape == tuple(shape) and p_drawn == p
        return gv.tensor(keep / (1 - p), dtype=x.dtype)

    monkeypatch.setattr(functional, "_dropout_mask", replay)
    return masks


@pytest.mark.parametrize(("feature", "shape", "p"), [
    (False, (7, 9), 0.3), (False, (2, 3, 4), 0.8), (True, (4, 5, 3, 2), 0.5),
    (True, (3, 6, 4), 0.2), (True, (5, 4), 0.6)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_values_and_gradients_are_torchs(torchs_masks, feature, shape, p, dtype):
    torch.manual_seed(3)
    theirs_in = torch.randn(shape, dtype=getattr(torch, dtype), requires_grad=True)
    state = torch.get_rng_state()
    torchs_masks.append((_torch_keep(theirs_in.detach(), p, feature), p))
    torch.set_rng_state(state)
    drop = torch.nn.functional.feature_alpha_dropout if feature else \
        torch.nn.functional.alpha_dropout
    theirs = drop(theirs_in, p, True)
    ours_in = gv.tensor(theirs_in.detach().numpy(), requires_grad=True)
    ours = (F.feature_alpha_dropout if feature else F.alpha_dropout)(ours_in, p, True)
    np.testing.assert_array_equal(ours.detach().numpy(), theirs.detach().numpy())
    assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__ == "AddBackward0"
    weights = np.linspace(-1, 1, theirs.numel()).reshape(shape)
    (theirs * torch.tensor(weights, dtype=theirs.dtype)).sum().backward()
    (ours * gv.tensor(weights, dtype=ours.dtype)).sum().backward()
    np.testing.assert_allclose(ours_in.grad.numpy(), theirs_in.grad.numpy(), rtol=0,
                               atol=1e-9 if dtype == "float64" else 0)


def test_the_layers_are_the_functions_in_training_mode_only(torchs_masks):
    torch.manual_seed(0)
    x = torch.randn(3, 4, 2)
    state = torch.get_rng_state()
    torchs_masks.extend([(_torch_keep(x, 0.4, False), 0.4), (_torch_keep(x, 0.4, True), 0.4)])
    torch.set_rng_state(state)
    for ours, theirs in ((nn.AlphaDropout(0.4), torch.nn.AlphaDropout(0.4)),
                         (nn.FeatureAlphaDropout(0.4), torch.nn.FeatureAlphaDropout(0.4))):
        np.testing.assert_array_equal(ours(gv.tensor(x.numpy())).numpy(), theirs(x).numpy())
        ours.eval()
        theirs.eval()
        same = gv.tensor(x.numpy())
        assert ours(same) is same and torch.equal(theirs(x), x)
    assert not torchs_masks
    assert repr(nn.AlphaDropout()) == repr(torch.nn.AlphaDropout()) == \
        "AlphaDropout(p=0.5, inplace=False)"
    assert repr(nn.FeatureAlphaDropout(0.2, True)) == \
        repr(torch.nn.FeatureAlphaDropout(0.2, True))


def test_the_gradient_is_the_finite_differences(monkeypatch):
    gv.manual_seed(1)
    fixed = {}
    drawn = functional._dropout_mask

    def same_mask(x, p, shape):  # one draw, then the same mask at every evaluation
        if shape not in fixed:
            fixed[shape] = drawn(x, p, shape)
        return fixed[shape].to(x.dtype)

    monkeypatch.setattr(functional, "_dropout_mask", same_mask)
    x = gv.randn(4, 3, 2, dtype=gv.float64, requires_grad=True)
    for drop in (F.alpha_dropout, F.feature_alpha_dropout):
        assert gv.autograd.gradcheck(lambda t, drop=drop: drop(t * t, 0.35, True), (x,))


def test_dropped_units_saturate_and_the_moments_are_kept():
    gv.manual_seed(0)
    x = gv.randn(200_000, dtype=gv.float64)
    out = F.alpha_dropout(x, 0.4, True)
    a = 1 / np.sqrt((1.7580993408473766 ** 2 * 0.4 + 1) * 0.6)
    dropped = out.numpy()[np.isclose(out.numpy(), a * 1.7580993408473766 * -0.6)]
    assert 0.38 < dropped.size / 200_000 < 0.42
    assert abs(out.mean().item()) < 0.01 and abs(out.std().item() - 1) < 0.01


def test_defaults_the_edges_and_the_errors_are_torchs():
    x = gv.randn(3, 4)
    assert F.alpha_dropout(x) is x and F.feature_alpha_dropout(x, 0.5) is x  # training=False
    row = x[0]  # one dimension: refused only where a mask is drawn
    assert F.alpha_dropout(x, 0.0, True) is x and F.feature_alpha_dropout(row, 0.5) is row
    empty = gv.zeros(0, 3)
    assert F.alpha_dropout(empty, 0.5, True) is empty
    leaf = gv.randn(2, 3, requires_grad=True)
    gone = F.alpha_dropout(leaf, 1.0, True)
    theirs = torch.nn.functional.alpha_dropout(torch.tensor(leaf.detach().numpy(),
                                                            requires_grad=True), 1.0, True)
    assert repr(gone) == repr(theirs)  # signed zeros, MulBackward0
    for lib in (gv, torch):
        functions = lib.nn.functional
        with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, "
                                             "but got 1.5"):
            functions.alpha_dropout(lib.ones(2), 1.5)
        with pytest.raises(ValueError, match="but got -0.1"):
            functions.feature_alpha_dropout(lib.ones(2, 2), -0.1)
        with pytest.raises(ValueError, match="but got 2"):
            lib.nn.AlphaDropout(2)
        with pytest.raises(RuntimeError, match="^Feature dropout requires at least 2 "
                                               "dimensions in the input$"):
            functions.feature_alpha_dropout(lib.ones(3), 0.5, True)
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being "
                                               "used in an in-place operation."):
            functions.alpha_dropout(lib.ones(3, requires_grad=True), 0.5, True, True)


def test_in_place_changes_the_input(torchs_masks):
    torch.manual_seed(5)
    base = torch.randn(4, 5)
    state = torch.get_rng_state()
    torchs_masks.append((_torch_keep(base, 0.3, False), 0.3))
    torch.set_rng_state(state)
    theirs = base.clone()
    torch.nn.functional.alpha_dropout(theirs, 0.3, True, True)
    ours = gv.tensor(base.numpy())
    assert F.alpha_dropout(ours, 0.3, True, inplace=True) is ours
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())

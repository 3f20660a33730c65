"""`gradviz.distributions` against `torch.distributions`: Categorical's normalised
probabilities and logits, log_prob and entropy with their gradients (float64, 1e-9), the
shapes of samples, and Multinomial's counts."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv
from gradviz.distributions import Categorical, Multinomial
from gradviz.distributions.categorical import Categorical as CategoricalByPath
from gradviz.distributions.multinomial import Multinomial as MultinomialByPath

WEIGHTS = np.array([[0.2, 0.3, 0.5, 1.0], [0.1, 0.1, 0.8, 0.0], [2.0, 1.0, 1.0, 4.0]])
VALUES = np.array([[3, 0, 2], [1, 2, 3]])


@pytest.mark.parametrize("given", ["probs", "logits"])
def test_categorical_numbers_and_gradients_match_torch(given):
    ours_param = gv.tensor(WEIGHTS, dtype=gv.float64, requires_grad=True)
    their_param = torch.tensor(WEIGHTS, dtype=torch.float64, requires_grad=True)
    ours = Categorical(**{given: ours_param})
    theirs = torch.distributions.Categorical(**{given: their_param})
    for name in ("probs", "logits"):
        np.testing.assert_allclose(getattr(ours, name).detach().numpy(),
                                   getattr(theirs, name).detach().numpy(), rtol=1e-9)
    out = ours.log_prob(gv.tensor(VALUES)).sum() + ours.entropy().sum()
    expected = theirs.log_prob(torch.tensor(VALUES)).sum() + theirs.entropy().sum()
    np.testing.assert_allclose(out.item(), expected.item(), rtol=1e-9)
    out.backward()
    expected.backward()
    np.testing.assert_allclose(ours_param.grad.numpy(), their_param.grad.numpy(), rtol=1e-9,
                               atol=1e-12)


def test_categorical_gradient_matches_finite_differences():
    def loss(w):
        return Categorical(probs=gv.tensor(w, dtype=gv.float64)).log_prob(
            gv.tensor(VALUES)).sum().item()

    param = gv.tensor(WEIGHTS, dtype=gv.float64, requires_grad=True)
    Categorical(probs=param).log_prob(gv.tensor(VALUES)).sum().backward()
    h = 1e-6
    numeric = np.zeros_like(WEIGHTS)
    for index in np.ndindex(WEIGHTS.shape):
        if WEIGHTS[index] == 0:  # clamped at eps: PyTorch's gradient there is 0
            continue
        up, down = WEIGHTS.copy(), WEIGHTS.copy()
        up[index] += h
        down[index] -= h
        numeric[index] = (loss(up) - loss(down)) / (2 * h)
    mask = WEIGHTS != 0
    np.testing.assert_allclose(param.grad.numpy()[mask], numeric[mask], rtol=1e-6, atol=1e-8)


def test_samples_have_pytorchs_shapes_and_types():
    gv.manual_seed(0)
    dist = Categorical(gv.tensor(WEIGHTS))
    assert dist.sample().shape == (3,)
    assert dist.sample((5, 2)).shape == (5, 2, 3)
    assert dist.sample().dtype == gv.int64
    counts = Multinomial(10, gv.ones(6) / 6).sample((4,))
    assert counts.shape == (4, 6) and counts.dtype == gv.float32
    np.testing.assert_array_equal(counts.sum(1).numpy(), 10)
    assert CategoricalByPath is Categorical and MultinomialByPath is Multinomial
    assert gv.distributions.Categorical is Categorical


def test_multinomial_counts_what_one_multinomial_draw_picked(monkeypatch):
    # The draw PyTorch makes: (batch, total_count · samples) indices with replacement.
    picked = np.array([[0, 2, 2, 5, 1, 1, 1, 3]])
    monkeypatch.setattr("gradviz.engine.distributions.multinomial",
                        lambda probs, n, replacement: gv.tensor(picked))
    counts = Multinomial(4, gv.ones(6) / 6).sample((2,))
    torch_counts = torch.zeros(2, 6)
    # PyTorch lays the draws out as (total_count, samples), then counts along total_count.
    for k, index in enumerate(picked[0]):
        torch_counts[k % 2, index] += 1
    np.testing.assert_array_equal(counts.numpy(), torch_counts.numpy())


def test_both_or_neither_parameter_is_refused():
    with pytest.raises(ValueError, match="Either `probs` or `logits`"):
        Categorical()
    with pytest.raises(ValueError, match="Either `probs` or `logits`"):
        Categorical(gv.ones(2), gv.ones(2))

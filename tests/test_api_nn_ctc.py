"""`F.ctc_loss` and `nn.CTCLoss` against torch: losses and float64 gradients (≤ 1e-9) of the
log-probabilities and, through log_softmax, of the logits (those also against finite
differences), padded and concatenated targets, unbatched input, repeated labels, empty
targets, impossible alignments with and without ``zero_infinity``, every reduction's node
name, float32 values, PyTorch's errors, and an LSTM trained with it through the corpus
harness."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from api_pairs import same, same_grad
from test_torch_corpus import assert_replayed

import gradviz as gv


def F(lib):  # noqa: N802
    return lib.nn.functional


def _targets(lib, values):
    return lib.tensor(values, dtype=lib.int64)


PADDED = [[1, 2, 2, 0], [3, 1, 0, 0], [4, 4, 4, 1]]
CASES = [
    ("mean", lambda L, lp: F(L).ctc_loss(lp, _targets(L, PADDED), [7, 6, 7], [3, 2, 4])),
    ("sum blank 2", lambda L, lp: F(L).ctc_loss(lp, _targets(L, [[1, 3, 3, 0], [4, 0, 1, 1],
                                                                  [1, 1, 1, 1]]),
                                                  [7, 7, 5], [3, 4, 2], 2, "sum")),
    ("none", lambda L, lp: F(L).ctc_loss(lp, _targets(L, PADDED), [7, 6, 7], [3, 2, 4],
                                         reduction="none")),
    ("concatenated tensor lengths",
     lambda L, lp: F(L).ctc_loss(lp, _targets(L, [1, 2, 2, 3, 1, 4, 4, 4, 1]),
                                 L.tensor([7, 6, 7]), L.tensor([3, 2, 4]))),
    ("empty target", lambda L, lp: F(L).ctc_loss(lp, _targets(L, PADDED), [7, 6, 7], [0, 2, 1],
                                                 reduction="none")),
    ("impossible zero_infinity",
     lambda L, lp: F(L).ctc_loss(lp, _targets(L, PADDED), [2, 6, 7], [3, 2, 4],
                                 zero_infinity=True)),
    ("impossible zero_infinity none",
     lambda L, lp: F(L).ctc_loss(lp, _targets(L, PADDED), [7, 6, 3], [3, 2, 4],
                                 reduction="none", zero_infinity=True)),
]


@pytest.mark.parametrize(("name", "fn"), CASES, ids=[c[0] for c in CASES])
def test_gradients_of_the_logits_through_log_softmax(name, fn):
    logits = np.random.default_rng(1).standard_normal((7, 3, 5))
    same_grad(lambda L, x: fn(L, x.log_softmax(2)), logits)


@pytest.mark.parametrize(("name", "fn"), CASES, ids=[c[0] for c in CASES])
def test_gradients_of_the_log_probabilities_are_torchs(name, fn):
    """PyTorch's gradient of the log-probabilities themselves: exp(lp) − the states'
    shares (the logits' gradient when lp is a log_softmax), not a finite difference."""
    lp = torch.randn(7, 3, 5, dtype=torch.float64).log_softmax(2).numpy()
    same_grad(fn, lp, check_fd=False)


def test_unbatched_input():
    lp = torch.randn(6, 4, dtype=torch.float64).log_softmax(1).numpy()
    same_grad(lambda L, x: F(L).ctc_loss(x, _targets(L, [1, 3, 3]), L.tensor(6), L.tensor(3),
                                         reduction="none"), lp, check_fd=False)


def test_impossible_alignment_without_zero_infinity_is_infinite():
    lp = torch.randn(3, 1, 4).log_softmax(2)
    for lib in (gv, torch):
        loss = F(lib).ctc_loss(lib.tensor(lp.numpy()), _targets(lib, [[1, 1, 2]]), [3], [3])
        assert loss.item() == float("inf")


def test_float32_values_and_node_names():
    rng = np.random.default_rng(2)
    logits = rng.standard_normal((9, 2, 6)).astype(np.float32)
    for reduction in ("mean", "sum", "none"):
        for zero_infinity in (False, True):
            def call(L, reduction=reduction, zero_infinity=zero_infinity):
                lp = L.tensor(logits, requires_grad=True).log_softmax(2)
                return F(L).ctc_loss(lp, _targets(L, [[1, 2, 3], [5, 5, 0]]), [9, 8], [3, 2],
                                     reduction=reduction, zero_infinity=zero_infinity)
            same(call, rtol=1e-5)
            assert type(call(gv).grad_fn).__name__ == type(call(torch).grad_fn).__name__


ERRORS = [
    lambda L: F(L).ctc_loss(L.zeros(6, 2, 4), _targets(L, PADDED[:2]), [7, 5], [3, 2]),
    lambda L: F(L).ctc_loss(L.zeros(6, 2, 4), _targets(L, [[1, 2, 2], [3, 1, 0]]), [6, 5],
                            [4, 2]),
    lambda L: F(L).ctc_loss(L.zeros(6, 2, 4), _targets(L, PADDED[:2]), [6], [3, 2]),
    lambda L: F(L).ctc_loss(L.zeros(6, 2, 4), _targets(L, PADDED[:2]), [6, 5], [3, 2], blank=4),
    lambda L: F(L).ctc_loss(L.zeros(6, 2, 4), _targets(L, PADDED[:2]), [6, 5], [3, 2],
                            reduction="avg"),
]


@pytest.mark.parametrize("call", ERRORS)
def test_errors_word_for_word(call):
    same(call)


def test_module():
    assert repr(gv.nn.CTCLoss(blank=1, zero_infinity=True)) == "CTCLoss()"
    lp = torch.randn(5, 2, 4, dtype=torch.float64).log_softmax(2)
    targets, lengths = torch.tensor([[1, 2], [3, 3]]), ([5, 4], [2, 2])
    ours = gv.nn.CTCLoss(blank=0, reduction="sum")(gv.tensor(lp.numpy()), gv.tensor(
        targets.numpy()), *lengths)
    theirs = torch.nn.CTCLoss(reduction="sum")(lp, targets, *lengths)
    np.testing.assert_allclose(ours.item(), theirs.item(), rtol=1e-12)


SPEECH_PROGRAM = r'''
import torch
import torch.nn as nn

torch.manual_seed(0)
T, N, C, H = 12, 3, 6, 8
features = torch.randn(T, N, 4)
targets = torch.tensor([[1, 2, 3, 2], [4, 4, 1, 0], [5, 1, 0, 0]])
input_lengths, target_lengths = torch.tensor([12, 10, 9]), torch.tensor([4, 3, 2])
rnn = nn.LSTM(4, H)
head = nn.Linear(H, C)
ctc = nn.CTCLoss(blank=0, zero_infinity=True)
opt = torch.optim.Adam([*rnn.parameters(), *head.parameters()], lr=0.05)
for step in range(4):
    opt.zero_grad()
    out, _ = rnn(features)
    log_probs = head(out).log_softmax(2)
    loss = ctc(log_probs, targets, input_lengths, target_lengths)
    loss.backward()
    opt.step()
    print(step, loss.item())
print(log_probs.argmax(2).T)
final = {"grad": head.weight.grad, "log_probs": log_probs}
'''


def test_an_lstm_trained_with_ctc_prints_torchs_numbers(monkeypatch):
    assert_replayed(SPEECH_PROGRAM, monkeypatch, atol=1e-6)

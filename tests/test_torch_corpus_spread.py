"""The corpus's round-off failures measured against PyTorch's own spread (`corpus_spread`).

Each program that `test_torch_corpus` lists in KNOWN_FAILURES as float32 round-off runs with
torch, with gradviz (handed torch's draws) and `RUNS` times more with torch, its floating draws
nudged by one unit in the last place.  It passes where gradviz is as close to PyTorch as
PyTorch's own nudged runs are, within `FACTOR`.  This is a second, weaker measure beside the
strict one, which stays as it is: a program here is still a strict failure there.
"""

from __future__ import annotations

import pytest
import torch
from corpus_spread import FACTOR, RUNS, Nudger, assert_within_spread
from test_torch_corpus import KNOWN_FAILURES, PROGRAMS, one_torch_thread, run, run_both

assert one_torch_thread  # the fixture, used by name below

# Strict failures that are further from PyTorch than its nudged runs, and why.
BEYOND_SPREAD = {
    "ALADDIN_RESNET": "6 of ResNet50's 20 outputs up to 5.3x as far from PyTorch's as its nudged "
                      "runs (1.8e-4 where they move by up to 1.3e-4; the median 1.5x): 53 "
                      "float32 convolutions summed in another order, each scaled up by a "
                      "BatchNorm2d over 2 images",
    "CS230_VISION_SIGNS": "195 of 216 final conv1 weights: batch-norm round-off flips "
                          "max_pool2d's argmax in two windows of near-equal values, which none "
                          "of PyTorch's nudged runs does, so they move conv1 far less",
    "FASTAI_FOUNDATIONS": "the mean of normalised data: 5.8e-09 here, -2.0086e-07 in PyTorch, "
                          "whose nudged runs move it by 3e-10 only: PyTorch's error is the same "
                          "in every run (gradviz's is smaller, not inside PyTorch's spread)",
    "FASTBOOK_MNIST_BASICS": "-1.6435e-02 where PyTorch prints -1.6439e-02 and its nudged runs "
                             "-1.6438e-02 to -1.6440e-02 (4x their spread): 784-term float32 "
                             "dot products summed in another order",
    "KAGGLE_TABULAR_EMBEDDINGS": "epoch 51's loss 19.56407928 where PyTorch prints "
                                 "19.56387901, which its nudged runs do not move: the data "
                                 "come from numpy, not torch's draws, and a BatchNorm1d over "
                                 "latitudes of 40.7 +- 0.05 loses 1.5e-4 to cancellation in "
                                 "both libraries (6e-5 apart), far more than a nudged weight "
                                 "changes; in float64 they agree to 2e-12",
    "MORVAN_BATCH_NORMALIZATION": "3 of 100 final fc7 weights up to 6.6x as far from "
                                  "PyTorch's as its nudged runs (the test losses are within)",
    "NEURAL_TRANSFER_TUTORIAL": "run [5]'s style loss 0.202338 where PyTorch prints 0.202327, "
                                "its nudged runs moving it by 3e-06 (3.7x): LBFGS amplifies "
                                "the convolutions' float32 round-off; in float64 the output "
                                "images agree to 9e-9",
    "PARAMETRIZATIONS_TUTORIAL": "the matrix exponential's ‖XᵀX − I‖: 4.4e-07 here, 1.5e-07 "
                                 "in PyTorch, whose nudged runs move it by 5.8e-08 (4.8x)",
    "POLYNOMIAL_CUSTOM_FUNCTION": "draws no floating random numbers (linspace data, fixed "
                                  "starting weights): nudging changes nothing, so PyTorch's "
                                  "spread reads 0 and says nothing of round-off",
    "TWO_LAYER_CUSTOM_RELU": "a printed loss of 1.4477 where PyTorch prints 1.4479, its nudged "
                             "runs moving it by 1.0e-05 (15x)",
    "UVADLC_INITIALIZATION": "prints 6.11e-25 where PyTorch prints 5.11e-25, which PyTorch's "
                             "nudged runs do not move",
    "UVADLC_OPTIMIZATION": "draws no random numbers (a fixed starting point): nudging changes "
                           "nothing, so PyTorch's spread reads 0",
    "UVADLC_INCEPTION_RESNET_DENSENET": "GoogleNet's printed loss 1.9284 where PyTorch prints "
                                        "1.9288, its nudged runs moving it by 2e-4 (2.0x): "
                                        "AdamW's first step on conv biases before BatchNorm "
                                        "whose gradients are round-off",
    "UVADLC_NORMALIZING_FLOWS": "1 of 6912 weights of the zero-initialised last convolution "
                                "more than 2x as far from PyTorch's as its nudged runs",
    "YUNJEY_FEEDFORWARD_CNN": "24 of 15,680 final fc weights up to 24x as far from PyTorch's as "
                              "its nudged runs",
    "FALLOUTDURHAM_CH06_AUDIONET": "bn4's running mean prints 0.0718 where PyTorch prints "
                                   "0.0715, its nudged runs moving it by 1e-4 (3x): four Adam "
                                   "steps carry Conv1d round-off over 2205 samples",
    "JOVIAN_RESNET9_ONE_CYCLE": "2 of 64 final BatchNorm2d running means 3.1x and 2.2x as far "
                                "from PyTorch's as its nudged runs (4.4e-5 where they move by "
                                "1.4e-5; the median 0.9x): Adam at OneCycleLR's peak carries "
                                "the convolutions' float32 round-off",
    "EXAMPLES_FAST_NEURAL_STYLE": "20 of the 768 output pixels more than 2x as far from "
                                  "PyTorch's as its nudged runs (up to 9.7x, the median of "
                                  "the 54 beyond 1e-5 1.5x): 18 float32 convolutions, each "
                                  "scaled up by an InstanceNorm2d, then 4 Adam steps",
    "FLEURET_PRACTICAL_1": "first try: an API difference, not round-off (torch.linalg.eigvals "
                           "missing)",
    "PYIMAGESEARCH_LENET_KMNIST": "1 of final['fc2']'s 5000 weights 2.4x as far from PyTorch's "
                                  "as its nudged runs (1.6e-6 where they move by 6.9e-7; the "
                                  "median 1.0x): float32 convolution gradients carried on by "
                                  "Adam; in float64 every number agrees to 8e-14",
    "WORD2VEC_SKIPGRAM_SPARSE": "first try: an API difference, not round-off "
                                "(nn.Embedding(sparse=True) gives dense gradients, which "
                                "SparseAdam refuses)",
}


def nudged_runs(source: str, monkeypatch) -> list[tuple[str, dict]]:
    runs = []
    for seed in range(RUNS):
        with monkeypatch.context() as patch:
            Nudger(patch, seed)
            torch.manual_seed(0)
            runs.append(run(source))
    return runs


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=BEYOND_SPREAD[name]))
    if name in BEYOND_SPREAD else name for name in sorted(KNOWN_FAILURES)])
def test_round_off_is_within_pytorchs_own_spread(name, monkeypatch, one_torch_thread):
    torch.manual_seed(0)
    ours, theirs = run_both(PROGRAMS[name], monkeypatch)
    assert_within_spread(ours, theirs, nudged_runs(PROGRAMS[name], monkeypatch))


def test_nudged_runs_move_what_round_off_moves(monkeypatch):
    # The check above could pass for nothing: nudged, PyTorch's own final weights move.
    source = PROGRAMS["ALADDIN_FC_GAN"]
    torch.manual_seed(0)
    theirs = run(source)
    for nudged in nudged_runs(source, monkeypatch):
        assert any((nudged[1][key] != value).any() for key, value in theirs[1].items())
    assert FACTOR >= 1

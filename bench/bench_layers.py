"""How fast gradviz trains the layers of a CNN and of a recurrent net, against PyTorch (CPU).

Run ``python bench/bench_layers.py`` (``--quick`` for fewer repetitions, ``--threads N`` as in
`bench_engine`).  Two rows, each one training step (zero_grad, forward, cross-entropy,
backward, SGD with momentum) in float32 with the same initial weights in both libraries:

* LeNet: conv(1→6, 5×5, pad 2) → ReLU → max-pool → conv(6→16, 5×5) → ReLU → max-pool →
  linear 400→120→84→10, on a batch of 32 images 1×28×28;
* char-LSTM: embedding 30×16 → LSTM(16, 64) over 32 steps of a batch of 16 → linear 64→30.

The parameters are checked equal after 3 steps first.  Target: LeNet within 4× of PyTorch
(its convolutions are one numpy tensordot each way, PyTorch's are tuned kernels); the LSTM,
a Python loop over steps of small ops in gradviz (PyTorch fuses each step), within 5×.
"""

from __future__ import annotations

import argparse
import sys

# bench_engine first: it sets BLAS's thread count (--threads) before numpy loads.
from bench_engine import per_step_ms, training_step

LETTERS, STEPS, BATCH = 30, 32, 16

import numpy as np  # noqa: E402

import gradviz  # noqa: E402


def lenet(nn):
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def char_lstm(nn):
    class CharModel(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(LETTERS, 16)
            self.lstm = nn.LSTM(16, 64, batch_first=True)
            self.head = nn.Linear(64, LETTERS)

        def forward(self, idx):
            return self.head(self.lstm(self.embed(idx))[0]).transpose(1, 2)

    return CharModel()


def steps(build, x, y):
    """The gradviz and the PyTorch training steps, the torch model's weights in both."""
    import torch

    theirs = build(torch.nn)
    ours = build(gradviz.nn)
    ours.load_state_dict(theirs.state_dict())
    found = {}
    for lib, model in ((gradviz, ours), (torch, theirs)):
        opt = lib.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        loss = lib.nn.functional.cross_entropy
        found[lib.__name__] = (training_step(model, opt, loss, lib.tensor(x), lib.tensor(y)),
                               model)
    return found


def bench(runs: int, count: int) -> None:
    try:
        import torch  # noqa: F401
    except ImportError:
        print("PyTorch is not installed: this benchmark compares against it")
        return
    rng = np.random.default_rng(0)
    cases = {
        "LeNet, batch 32": (lenet, rng.standard_normal((32, 1, 28, 28)).astype(np.float32),
                            rng.integers(0, 10, 32)),
        "char-LSTM, 16×32": (char_lstm, rng.integers(0, LETTERS, (BATCH, STEPS)),
                             rng.integers(0, LETTERS, (BATCH, STEPS))),
    }
    print(f"{'model':<20}{'gradviz ms':>12}{'PyTorch ms':>12}{'ratio':>8}")
    for name, (build, x, y) in cases.items():
        found = steps(build, x, y)
        for _ in range(3):
            for step, _ in found.values():
                step()
        ours, theirs = (found[k][1].parameters() for k in ("gradviz", "torch"))
        for a, b in zip(ours, theirs, strict=True):
            np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-3,
                                       atol=1e-5, err_msg=name)
        times = per_step_ms({k: step for k, (step, _) in found.items()}, runs, count)
        ratio = times["gradviz"] / times["torch"]
        print(f"{name:<20}{times['gradviz']:>12.2f}{times['torch']:>12.2f}{ratio:>7.1f}×")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--threads", default=None)
    args = parser.parse_args(argv)
    runs, count = (3, 3) if args.quick else (7, 10)
    bench(runs, count)


if __name__ == "__main__":
    main(sys.argv[1:])

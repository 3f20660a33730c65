"""How fast a training lesson trains: one epoch in gradviz against the same epoch in PyTorch.

Run ``python bench/bench_training.py`` (``--repeats N``; ``--threads 1`` on a busy machine).
Two rows, float32, Adam, the same initial weights and batches in both: the digits lesson
(64 → 128 → 10, ReLU, batch 32, 1,438 records) and a 784 → 512 → 10 net on 10,000 random
records, batch 64.  gradviz's figure is `TrainingRun.advance` over one epoch (it also
records every iteration, keeps its checkpoints and the full states of the iterations it still
holds at the end, and evaluates the epoch on every record, shown apart as "its eval");
torch's is a plain loop.  Target: no slower than torch.  Each figure is the median of the
repeats, engines taking turns, as wall time and as this process's CPU time (all its threads:
on a shared machine the wall time also holds the time other processes had the cores).  The
ratios are gradviz's over torch's, with its epoch's evaluation and without ("no eval": the
work torch's loop does too).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench_engine import threads_line  # isort: skip - first: it applies --threads before BLAS loads
import numpy as np
import torch

from gradviz.lesson.prepare import prepare_lesson
from gradviz.lesson.training import start_run
from gradviz.training import Dataset, ModelSpec, TrainingSetup, TrainSpec, parse_layer
from gradviz.training.run import Optimization

ROOT = Path(__file__).resolve().parents[1]


def _random_setup() -> TrainingSetup:
    rng = np.random.default_rng(0)
    data = Dataset("random", rng.random((10_000, 784)), rng.integers(0, 10, 10_000), 10)
    layers = tuple(parse_layer(t) for t in ("Linear(784, 512)", "ReLU()", "Linear(512, 10)"))
    return TrainingSetup(data, None, ModelSpec(layers), TrainSpec(
        "cross_entropy", Optimization("adam", {"lr": 0.001}), 64, 1, True, 0, "float32"))


def _now() -> np.ndarray:
    return np.array([time.perf_counter(), time.process_time()])


def _gradviz_epoch(setup: TrainingSetup) -> tuple[np.ndarray, np.ndarray]:
    """(one epoch, of which the end-of-epoch evaluation on every record) in seconds, each
    (wall, CPU)."""
    run = start_run(setup)
    start = _now()
    run.advance(run.per_epoch)
    epoch = _now() - start
    start = _now()
    run.evaluate(setup.data)
    return epoch, _now() - start


def _torch_epoch(setup: TrainingSetup) -> np.ndarray:
    sizes = setup.model.sizes
    net = torch.nn.Sequential(torch.nn.Linear(sizes[0], sizes[1]), torch.nn.ReLU(),
                              torch.nn.Linear(sizes[1], sizes[2]))
    optimizer = torch.optim.Adam(net.parameters(), lr=0.001)
    run = start_run(setup)  # only for its batches
    x = torch.tensor(setup.data.x, dtype=torch.float32)
    y = torch.tensor(setup.data.y)
    start = _now()
    for k in range(run.per_epoch):
        batch = torch.from_numpy(run.batch_indices(k))
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x[batch]), y[batch])
        loss.backward()
        optimizer.step()
        loss.item()
    return _now() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, help="BLAS and PyTorch threads")
    args = parser.parse_args()
    print(threads_line())
    digits = prepare_lesson(ROOT / "examples" / "entrenamiento_digitos.toml").setup
    digits = TrainingSetup(digits.data, digits.validation, digits.model,
                           TrainSpec("cross_entropy", Optimization("adam", {"lr": 0.001}),
                                     32, 1, True, 0, "float32"))
    print(f"{'one epoch, ms wall / CPU':<34}{'gradviz':>14}{'(its eval)':>12}{'torch':>14}"
          f"{'ratio':>13}{'no eval':>13}")
    for name, setup in (("digits 64-128-10, batch 32", digits),
                        ("784-512-10, 10,000 rec., batch 64", _random_setup())):
        ours, evals, theirs = [], [], []
        for _ in range(args.repeats):
            epoch, evaluation = _gradviz_epoch(setup)
            ours.append(epoch)
            evals.append(evaluation)
            theirs.append(_torch_epoch(setup))
        a, e, b = (np.median(v, axis=0) * 1e3 for v in (ours, evals, theirs))
        print(f"{name:<34}{_pair(a, '.0f'):>14}{_pair(e, '.0f'):>12}{_pair(b, '.0f'):>14}"
              f"{_pair(a / b, '.2f'):>13}{_pair((a - e) / b, '.2f'):>13}")


def _pair(v: np.ndarray, spec: str) -> str:
    return f"{v[0]:{spec}} / {v[1]:{spec}}"


if __name__ == "__main__":
    main()

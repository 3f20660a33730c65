"""How much faster the engine trains on a GPU: the same step with cupy arrays against numpy.

Run ``python bench/bench_gpu.py``.  One training step (forward, cross-entropy, backward,
Adam) of an MLP 784→1024→10 with ReLU on a batch of 8,192 in float32, in gradviz on
``device="cuda"`` (cupy arrays) and on the CPU (numpy), from the same initial weights.
Target: the GPU step at least 10× faster.  Without cupy or a GPU it prints one
"skipped" line and exits 0, so `scripts/bench.sh` runs everywhere.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
from bench_engine import training_step  # bench/ is on sys.path when a script there runs

import gradviz
import gradviz.nn.functional as F
from gradviz import nn, optim
from gradviz.engine.backend import DeviceError, cupy_module

BATCH, N_IN, N_HIDDEN, N_OUT = 8192, 784, 1024, 10
LR = 1e-3


def mlp_step_on(device: str, x: np.ndarray, y: np.ndarray):
    gradviz.manual_seed(0)  # the same weights on both devices
    model = nn.Sequential(nn.Linear(N_IN, N_HIDDEN), nn.ReLU(), nn.Linear(N_HIDDEN, N_OUT))
    model.to(device)
    opt = optim.Adam(model.parameters(), lr=LR)
    xt = gradviz.tensor(x, device=device)
    yt = gradviz.tensor(y, device=device)
    return training_step(model, opt, F.cross_entropy, xt, yt), model


def per_step_ms(step, sync, runs: int, steps: int) -> float:
    """Median over `runs` of the mean time of `steps` steps, waiting for the device each run."""
    result = step()
    sync()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(steps):
            result = step()
        sync()
        times.append((time.perf_counter() - start) / steps)
    del result
    return 1000 * statistics.median(times)


def main() -> int:
    try:
        cp = cupy_module()
    except DeviceError as exc:
        print(f"bench_gpu: skipped: no cupy/GPU ({exc})")
        return 0
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, N_IN)).astype(np.float32)
    y = rng.integers(0, N_OUT, size=BATCH)
    gpu_step, gpu_model = mlp_step_on("cuda", x, y)
    cpu_step, cpu_model = mlp_step_on("cpu", x, y)

    def sync() -> None:
        cp.cuda.Device().synchronize()

    # Same start, same data: after 3 steps both devices must hold the same weights.
    for _ in range(3):
        gpu_step()
        cpu_step()
    for g, c in zip(gpu_model.parameters(), cpu_model.parameters(), strict=True):
        np.testing.assert_allclose(g.detach().cpu().numpy(), c.detach().numpy(),
                                   rtol=1e-3, atol=1e-5)  # fmt: skip
    gpu_ms = per_step_ms(gpu_step, sync, runs=7, steps=50)
    cpu_ms = per_step_ms(cpu_step, lambda: None, runs=3, steps=5)
    name = cp.cuda.runtime.getDeviceProperties(cp.cuda.Device().id)["name"]
    name = name.decode() if isinstance(name, bytes) else name
    print(f"MLP {N_IN}→{N_HIDDEN}→{N_OUT}, batch {BATCH}, float32: forward + backward + Adam")
    print(f"{'device':>28}  {'ms/step':>10}")
    print(f"{'numpy (CPU)':>28}  {cpu_ms:>10.2f}")
    print(f"{'cupy (' + name + ')':>28}  {gpu_ms:>10.2f}")
    print(f"{'speed-up':>28}  {cpu_ms / gpu_ms:>9.1f}×  (target ≥ 10×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How fast an optimizer scene is: seven optimizers × 1,000 steps plus a 300×300 surface.

Run ``python bench/bench_surfaces.py``.  It times `run_optimizers` with the course's seven
optimizers (SGD, Momentum, Nesterov, Adagrad, Adadelta, RMSprop, Adam) for 1,000 steps on
Rosenbrock, and the 300×300 grid evaluation the contour plot needs; the target for both
together is 0.5 s.  Each figure is the best of several repeats (the least disturbed by
whatever else the machine is doing), with the median next to it.
"""

from __future__ import annotations

import statistics
import sys
import time

from gradviz.surfaces.functions import SURFACES
from gradviz.surfaces.runs import OptimizerSpec, run_optimizers

TARGET_S = 0.5
REPEATS = 7
SEVEN = [
    OptimizerSpec("sgd", {"lr": 1e-3}),
    OptimizerSpec("momentum", {"lr": 1e-3}),
    OptimizerSpec("nesterov", {"lr": 1e-3}),
    OptimizerSpec("adagrad", {"lr": 0.5}),
    OptimizerSpec("adadelta", {"lr": 10.0}),
    OptimizerSpec("rmsprop", {"lr": 0.01}),
    OptimizerSpec("adam", {"lr": 0.05}),
]


def timed(fn) -> tuple[float, float]:
    """(best, median) wall time of ``fn()`` over `REPEATS` runs, in seconds."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> int:
    surface = SURFACES["rosenbrock"]
    runs_best, runs_median = timed(lambda: run_optimizers(surface, SEVEN, steps=1000))
    grid_best, grid_median = timed(lambda: surface.mesh(300))
    total = runs_best + grid_best
    print(f"7 optimizers × 1,000 steps: {runs_best * 1e3:7.1f} ms (median {runs_median * 1e3:.1f})")
    print(f"300×300 surface grid:       {grid_best * 1e3:7.1f} ms (median {grid_median * 1e3:.1f})")
    print(f"total:                      {total * 1e3:7.1f} ms (target {TARGET_S * 1e3:.0f} ms)"
          f" {'ok' if total <= TARGET_S else 'OVER'}")
    return 0 if total <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())

"""How fast the engine trains: gradviz against PyTorch, hand-written numpy and micrograd.

Run ``python bench/bench_engine.py`` (``--quick`` for fewer repetitions).  Two tables:

* Tensor: one training step (forward, cross-entropy, backward, Adam) of an MLP
  64→128→10 with ReLU on a batch of 256 in float32, the same initial weights in gradviz,
  PyTorch on the CPU and numpy written by hand.  Targets: no slower than PyTorch, within
  1.5× of numpy.
* Scalar: forward and backward of micrograd's demo (an MLP 2→16→16→1 on 100 points,
  max-margin loss plus L2), built once with the `micrograd` package and once with
  `gradviz.Value` in the same structure, so both engines walk the same graph.  The losses
  and every gradient are checked equal first.  Target: gradviz at least 3× faster.  Timed
  twice: with Python's cycle collector on, as a notebook runs, and paused (see
  `per_step_ms_gc`).

Each figure is a median over several runs (engines taking turns) of the time per step.  numpy's
BLAS and PyTorch both use every core unless ``OPENBLAS_NUM_THREADS`` / ``--threads`` say
otherwise; the header prints what each one was given.  On a small shared machine, compare
with ``--threads 1``: two BLAS threads on two busy cores can stall each other for
milliseconds.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time

if "--threads" in sys.argv:  # BLAS reads its thread count once, when numpy is imported
    _threads = sys.argv[sys.argv.index("--threads") + 1]
    for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[_var] = _threads

import numpy as np  # noqa: E402

import gradviz  # noqa: E402
import gradviz.nn.functional as F  # noqa: E402
from gradviz import Value, nn, optim  # noqa: E402

BATCH, N_IN, N_HIDDEN, N_OUT = 256, 64, 128, 10
LR = 1e-3


def per_step_ms(steps_by_name: dict, runs: int, steps: int) -> dict[str, float]:
    """For each engine, the median over `runs` of the mean time of `steps` consecutive steps.

    The engines take turns run by run, so a busy neighbour slows them all alike.  Each
    step's result is kept until the next replaces it, as a training loop's ``loss = step()``
    does.  (Dropping it at once frees the whole recorded graph, and glibc may then hand the
    top of the heap back to the kernel and fault it in again next step, which costs gradviz
    ~0.5 ms a step on this MLP: an allocator effect, not the engine's.)
    """
    times: dict[str, list[float]] = {name: [] for name in steps_by_name}
    results = {name: step() for name, step in steps_by_name.items()}  # warm up
    for _ in range(runs):
        for name, step in steps_by_name.items():
            start = time.perf_counter()
            for _ in range(steps):
                results[name] = step()
            times[name].append((time.perf_counter() - start) / steps)
    return {name: 1000 * statistics.median(t) for name, t in times.items()}


def per_step_ms_gc(step, runs: int, collector: bool) -> float:
    """Median time of one call over `runs` calls, in ms, with the cycle collector on or off.

    micrograd's closures make every node part of a reference cycle, so its graphs are freed
    by the cycle collector, which also runs during its forward passes.  Off: the collector is
    paused during each call and run, untimed, between calls.  In both cases the objects that
    exist before timing (numpy, torch, …) are frozen out of the collector's way, so the
    figures do not depend on what else the process has imported.

    The graph a call returns is released after the clock stops, for both engines: the figure
    is forward + backward.  (Dropping it inside the timed call would charge gradviz for
    freeing its acyclic graph by reference counting, ~6 ms here, while micrograd's cyclic
    graph waits for the untimed collection: not a like-for-like comparison.)
    """
    gc.collect()
    gc.freeze()
    times = []
    try:
        for _ in range(runs):
            gc.collect()
            if not collector:
                gc.disable()
            start = time.perf_counter()
            result = step()
            times.append(time.perf_counter() - start)
            del result
            gc.enable()
    finally:
        gc.enable()
        gc.unfreeze()
    return 1000 * statistics.median(times)


# ── Tensor: an MLP training step ─────────────────────────────────────────────────────────
def mlp_data(seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((BATCH, N_IN)).astype(np.float32)
    y = rng.integers(0, N_OUT, size=BATCH)
    return x, y


def training_step(model, opt, loss_fn, xt, yt):
    """One training step per call (zero_grad, forward, loss, backward, step); returns the
    loss.  The same for gradviz, PyTorch and, in bench_gpu.py, either device."""

    def step():
        opt.zero_grad()
        loss = loss_fn(model(xt), yt)
        loss.backward()
        opt.step()
        return loss

    return step


def gradviz_mlp_step(x, y):
    gradviz.manual_seed(0)
    model = nn.Sequential(nn.Linear(N_IN, N_HIDDEN), nn.ReLU(), nn.Linear(N_HIDDEN, N_OUT))
    opt = optim.Adam(model.parameters(), lr=LR)
    xt, yt = gradviz.tensor(x), gradviz.tensor(y)
    weights = [p.detach().numpy().copy() for p in model.parameters()]
    step = training_step(model, opt, F.cross_entropy, xt, yt)
    return step, weights, lambda: [p.detach().numpy() for p in model.parameters()]


def torch_mlp_step(x, y, weights):
    import torch

    model = torch.nn.Sequential(torch.nn.Linear(N_IN, N_HIDDEN), torch.nn.ReLU(),
                                torch.nn.Linear(N_HIDDEN, N_OUT))  # fmt: skip
    with torch.no_grad():
        for p, w in zip(model.parameters(), weights, strict=True):
            p.copy_(torch.from_numpy(w))
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    step = training_step(model, opt, torch.nn.functional.cross_entropy, xt, yt)
    return step, lambda: [p.detach().numpy() for p in model.parameters()]


def numpy_mlp_step(x, y, weights, xp=np):
    """Forward, backward and Adam written out by hand: the floor for an array engine."""
    params = [xp.asarray(w).copy() for w in weights]
    m = [xp.zeros_like(p) for p in params]
    v = [xp.zeros_like(p) for p in params]
    x, rows = xp.asarray(x), xp.arange(len(y))
    y = xp.asarray(y)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    t = [0]

    def step():
        w1, b1, w2, b2 = params
        h_pre = x @ w1.T + b1
        h = xp.maximum(h_pre, 0)
        z = h @ w2.T + b2
        z = z - z.max(axis=1, keepdims=True)
        e = xp.exp(z)
        s = e.sum(axis=1, keepdims=True)
        loss = (xp.log(s[:, 0]) - z[rows, y]).mean()
        dz = e / s  # softmax − onehot, over the batch
        dz[rows, y] -= 1
        dz /= len(y)
        dh = (dz @ w2) * (h_pre > 0)
        grads = (dh.T @ x, dh.sum(axis=0), dz.T @ h, dz.sum(axis=0))
        t[0] += 1
        step_size = LR / (1 - beta1 ** t[0])
        correction2 = (1 - beta2 ** t[0]) ** 0.5
        for p, g, m_i, v_i in zip(params, grads, m, v, strict=True):
            m_i += (1 - beta1) * (g - m_i)
            v_i *= beta2
            v_i += (1 - beta2) * g * g
            p -= step_size * m_i / (xp.sqrt(v_i) / correction2 + eps)
        return loss

    return step, lambda: params


def bench_tensor(runs: int, steps: int) -> list[tuple[str, float]]:
    x, y = mlp_data()
    gv_step, weights, gv_params = gradviz_mlp_step(x, y)
    np_step, np_params = numpy_mlp_step(x, y, weights)
    engines = [("gradviz", gv_step, gv_params), ("numpy by hand", np_step, np_params)]
    try:
        torch_step, torch_params = torch_mlp_step(x, y, weights)
        engines.insert(1, ("PyTorch CPU", torch_step, torch_params))
    except ImportError:
        print("PyTorch not installed: its row is left out")
    # Same weights, same data: after 5 steps every engine must hold the same parameters.
    for _ in range(5):
        for _, step, _ in engines:
            step()
    reference = engines[0][2]()
    for name, _, params in engines[1:]:
        for a, b in zip(reference, params(), strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5, err_msg=name)
    medians = per_step_ms({name: step for name, step, _ in engines}, runs, steps)
    return list(medians.items())


# ── Scalar: micrograd's demo MLP ─────────────────────────────────────────────────────────
class Neuron:
    """micrograd.nn.Neuron with gradviz.Value: the same ops in the same order."""

    def __init__(self, w: list[float], b: float, nonlin: bool = True) -> None:
        self.w = [Value(wi) for wi in w]
        self.b = Value(b)
        self.nonlin = nonlin

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x, strict=True)), self.b)
        return act.relu() if self.nonlin else act

    def parameters(self) -> list[Value]:
        return self.w + [self.b]


class Layer:
    def __init__(self, neurons: list[Neuron]) -> None:
        self.neurons = neurons

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]


class MLP:
    """A gradviz copy of a micrograd.nn.MLP, with its weights."""

    def __init__(self, source) -> None:
        self.layers = [
            Layer([Neuron([w.data for w in n.w], n.b.data, n.nonlin) for n in layer.neurons])
            for layer in source.layers
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]


def moons(n: int, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    """sklearn's make_moons(n, noise=0.1) without sklearn; labels are −1 and +1."""
    rng = np.random.default_rng(seed)
    t = np.pi * rng.random(n)
    upper = rng.random(n) < 0.5
    xs = np.where(upper, np.cos(t), 1 - np.cos(t))
    ys = np.where(upper, np.sin(t), 0.5 - np.sin(t))
    points = np.stack([xs, ys], axis=1) + 0.1 * rng.standard_normal((n, 2))
    return points.tolist(), np.where(upper, -1.0, 1.0).tolist()


def demo_loss(model, value_type, xs, ys, alpha: float = 1e-4):
    """micrograd's demo notebook loss, verbatim."""
    inputs = [list(map(value_type, xrow)) for xrow in xs]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(ys, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = alpha * sum(p * p for p in model.parameters())
    return data_loss + reg_loss


def bench_scalar(runs: int) -> list[tuple[str, float]]:
    from micrograd import nn as mg_nn
    from micrograd.engine import Value as MgValue

    random.seed(1337)
    mg_model = mg_nn.MLP(2, [16, 16, 1])
    gv_model = MLP(mg_model)
    xs, ys = moons(100)

    def mg_step():
        mg_model.zero_grad()
        loss = demo_loss(mg_model, MgValue, xs, ys)
        loss.backward()
        return loss

    def gv_step():
        for p in gv_model.parameters():
            p.grad = 0.0
        loss = demo_loss(gv_model, Value, xs, ys)
        loss.backward()
        return loss

    mg_loss, gv_loss = mg_step(), gv_step()
    mg_grads = [p.grad for p in mg_model.parameters()]
    gv_grads = [p.grad for p in gv_model.parameters()]
    # Sums of the same terms in another order can differ in the last bit, hence the rtol.
    np.testing.assert_allclose(gv_loss.data, mg_loss.data, rtol=1e-12)
    np.testing.assert_allclose(gv_grads, mg_grads, rtol=1e-9, atol=1e-15)
    exact = sum(a == b for a, b in zip(gv_grads, mg_grads, strict=True))
    print(f"\nscalar check: loss {gv_loss.data!r} equal to micrograd's "
          f"({'bit for bit' if gv_loss.data == mg_loss.data else 'to 1e-12'}); "
          f"{exact}/{len(gv_grads)} gradients bit-identical, all within 1e-9 "
          "(the two engines add a leaf's contributions in different orders)")  # fmt: skip
    rows = []
    for collector in (True, False):
        label = "GC on" if collector else "GC paused"
        for name, step in (("micrograd", mg_step), ("gradviz Value", gv_step)):
            rows.append((f"{name}, {label}", per_step_ms_gc(step, runs, collector)))
    return rows


def print_table(title: str, rows: list[tuple[str, float]], baseline: str) -> None:
    base = dict(rows)[baseline]
    print(f"\n{title}")
    print(f"{'engine':>26}  {'ms/step':>10}  {'÷ ' + baseline:>26}")
    for name, ms in rows:
        print(f"{name:>26}  {ms:>10.3f}  {ms / base:>25.2f}×")


def print_speedups(rows: list[tuple[str, float]]) -> None:
    times = dict(rows)
    print(f"\n{'':>26}  {'micrograd ÷ gradviz':>20}")
    for label in ("GC on", "GC paused"):
        ratio = times[f"micrograd, {label}"] / times[f"gradviz Value, {label}"]
        print(f"{label:>26}  {ratio:>19.2f}×")


def threads_line() -> str:
    parts = [f"{var}={os.environ[var]}" for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
             if var in os.environ]  # fmt: skip
    try:
        import torch

        if "--threads" in sys.argv:
            torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
        parts.append(f"torch.get_num_threads()={torch.get_num_threads()}")
    except ImportError:
        pass
    return f"cores={os.cpu_count()}  " + "  ".join(parts or ["BLAS threads: default"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs of 50 steps")
    parser.add_argument("--threads", type=int, help="BLAS and PyTorch threads")
    parser.add_argument("--only", choices=("tensor", "scalar"))
    args = parser.parse_args()
    runs, tensor_steps = (3, 50) if args.quick else (7, 200)
    scalar_runs = 5 if args.quick else 15
    print(threads_line())
    if args.only != "scalar":
        rows = bench_tensor(runs, tensor_steps)
        print_table(f"MLP {N_IN}→{N_HIDDEN}→{N_OUT}, batch {BATCH}, float32: "
                    "forward + backward + Adam", rows, "gradviz")  # fmt: skip
    if args.only != "tensor":
        try:
            rows = bench_scalar(scalar_runs)
        except ImportError:
            print("\nscalar: skipped, the micrograd package is not installed")
        else:
            print_table("micrograd demo MLP 2→16→16→1, 100 points: forward + backward",
                        rows, "gradviz Value, GC on")  # fmt: skip
            print_speedups(rows)
    sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Run several optimizers from one start on a loss surface and record every step.

``run_optimizers(SURFACES["rosenbrock"], [OptimizerSpec("adam", {"lr": 0.05})], steps=200)``
returns one immutable `Trajectory` per spec: positions, losses, gradients, learning rates,
the optimizer's state after each step (momentum buffer, Adam's m and v and their
bias-corrected m̂, v̂) and the step actually taken.  The updates are `gradviz.optim`'s, in
float64 on a 2-element parameter; the gradients are gradviz's autograd's.

All live runs share one forward and backward pass per step: the surface is evaluated on a
vector holding every run's x (and y), which costs the same Python work as one run.  Nothing
is raised when a run goes wrong; it stops, and its record says why:

- *diverged* (``diverged_at``): its position, loss or gradient stopped being finite, or it
  went `ESCAPE` plot-range sizes away while its loss rose above the loss at the start
  (a step too large for the surface: the loss blows up);
- *escaped* (``escaped_at``): it went `ESCAPE` plot-range sizes away while its loss was
  still at or below the start's.  On a surface that is unbounded below (a saddle,
  x² − y²) that is the right answer, not a failure: the run keeps descending, off the map.

Merely leaving the *plotted* range is neither: the run goes on and the plot marks where it
left (see `gradviz.view.surface_plot`).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from gradviz.catalog.lesson import Message, SaidError
from gradviz.engine import api as gv
from gradviz.engine import lr_scheduler, optim, optim_more
from gradviz.surfaces.functions import Point, Range, Surface

ESCAPE = 1e3  # a run stops once it is this many plot-range sizes outside the range

# kind -> (optimizer class, fixed/default hyper-parameters, display name)
OPTIMIZERS: dict[str, tuple[type, dict, str]] = {
    "sgd": (optim.SGD, {}, "SGD"),
    "momentum": (optim.SGD, {"momentum": 0.9}, "Momentum"),
    "nesterov": (optim.SGD, {"momentum": 0.9, "nesterov": True}, "Nesterov"),
    "adagrad": (optim.Adagrad, {}, "Adagrad"),
    "adadelta": (optim.Adadelta, {}, "Adadelta"),
    "rmsprop": (optim.RMSprop, {}, "RMSprop"),
    "adam": (optim.Adam, {}, "Adam"),
    "amsgrad": (optim.Adam, {"amsgrad": True}, "AMSGrad"),
    "adamw": (optim.AdamW, {}, "AdamW"),
    "adamax": (optim_more.Adamax, {}, "Adamax"),
    "nadam": (optim_more.NAdam, {}, "NAdam"),
    "radam": (optim_more.RAdam, {}, "RAdam"),
    "rprop": (optim_more.Rprop, {}, "Rprop"),
    "asgd": (optim_more.ASGD, {}, "ASGD"),
}


def _defaults(cls: type) -> dict[str, object]:
    """The hyper-parameters `cls` takes, in order, with their defaults, read from its own
    signature (PyTorch's names); keyword-only switches such as ``maximize`` are not a scene's
    to set."""
    return {name: p.default for name, p in inspect.signature(cls.__init__).parameters.items()
            if p.kind is p.POSITIONAL_OR_KEYWORD and name not in ("self", "params")}


DEFAULTS: dict[type, dict[str, object]] = {
    cls: _defaults(cls) for cls, _, _ in OPTIMIZERS.values()}
HYPERPARAMETERS: dict[type, tuple[str, ...]] = {cls: tuple(d) for cls, d in DEFAULTS.items()}
# What a value must be, read from the defaults too: true/false for a switch (nesterov, amsgrad;
# foreach's default None means "PyTorch chooses"), two numbers for a pair (betas, etas,
# step_sizes; its default is the example a message gives), a number for the rest.
SWITCHES = frozenset(key for d in DEFAULTS.values() for key, v in d.items()
                     if isinstance(v, bool) or v is None)
PAIRS: dict[str, tuple] = {key: v for d in DEFAULTS.values() for key, v in d.items()
                           if isinstance(v, tuple)}
# schedule kind -> (required keys, optional keys)
SCHEDULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "step": (("step_size",), ("gamma",)),
    "multistep": (("milestones",), ("gamma",)),
    "exponential": (("gamma",), ()),
    "cosine": (("T_max",), ("eta_min",)),
    "inverse_time": (("decay",), ()),  # lr₀ / (1 + decay·t), as in the course's slides
    "inverse_sqrt": ((), ()),  # lr₀ / √(1 + t)
}


@dataclass(frozen=True)
class Schedule:
    """A learning-rate schedule stepped once per optimizer step (``kind`` in `SCHEDULES`)."""

    kind: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


@dataclass(frozen=True)
class OptimizerSpec:
    """Which optimizer (``kind`` in `OPTIMIZERS`), its hyper-parameters, a label, a schedule.

    ``batch_size`` is only used by regression scenes (None: the whole data set); ``note``
    is the lesson's text about this optimizer."""

    kind: str
    params: Mapping[str, object] = field(default_factory=dict)
    label: str = ""
    schedule: Schedule | None = None
    batch_size: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    @property
    def name(self) -> str:
        return self.label or OPTIMIZERS.get(self.kind, (None, None, self.kind))[2]


class RunOutcome:
    """How a run ended, for every kind of run (a trajectory, a regression method, a network):
    `diverged` and `escaped` from its ``diverged_at`` and ``escaped_at``.  A kind of run
    without ``escaped_at`` never escapes."""

    __slots__ = ()

    @property
    def diverged(self) -> bool:
        """The loss blew up or stopped being finite (not: the run left the plot)."""
        return self.diverged_at is not None

    @property
    def escaped(self) -> bool:
        """The run went `ESCAPE` range sizes away downhill (a surface unbounded below)."""
        return getattr(self, "escaped_at", None) is not None


@dataclass(frozen=True)
class Trajectory(RunOutcome):
    """One optimizer's path.  With n steps taken: ``positions`` (n+1, 2), ``losses`` (n+1,)
    and ``grads`` (n+1, 2) at each position; ``lrs`` (n,) and ``updates`` (n, 2) — the step
    actually taken, new − old position — for each step; ``state[key]`` (n, 2) after each
    step under PyTorch's keys, plus ``exp_avg_hat``/``exp_avg_sq_hat`` (m̂, v̂) for Adam."""

    spec: OptimizerSpec
    positions: np.ndarray
    losses: np.ndarray
    grads: np.ndarray
    lrs: np.ndarray
    updates: np.ndarray
    state: Mapping[str, np.ndarray]
    diverged_at: int | None = None  # the step whose loss blew up or stopped being finite
    escaped_at: int | None = None  # the step that went far away while still descending

    @property
    def label(self) -> str:
        return self.spec.name

    @property
    def steps(self) -> int:
        return len(self.lrs)


def make_optimizer(spec: OptimizerSpec, params: list) -> optim.Optimizer:
    """The `gradviz.optim` optimizer a spec names; `ValueError` for unknown kinds/keys."""
    if spec.kind not in OPTIMIZERS:
        raise SaidError(Message("unknown optimizer '{name}'; choose one of {names}",
                                name=spec.kind, names=", ".join(OPTIMIZERS)))
    cls, fixed, _ = OPTIMIZERS[spec.kind]
    allowed = HYPERPARAMETERS[cls]
    for key in spec.params:
        if key not in allowed:
            raise SaidError(Message("{name} has no hyper-parameter '{key}'; it takes {names}",
                                    name=spec.kind, key=key, names=", ".join(allowed)))
    kwargs = {**fixed, **spec.params}
    for key in PAIRS.keys() & kwargs.keys():
        kwargs[key] = tuple(kwargs[key])
    try:
        return cls(params, **kwargs)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{spec.kind}: {e}") from None  # torch.optim's words: English


def make_scheduler(schedule: Schedule | None, optimizer: optim.Optimizer):
    """The `gradviz.optim.lr_scheduler` object for a schedule (None for no schedule)."""
    if schedule is None:
        return None
    kind, p = schedule.kind, dict(schedule.params)
    if kind not in SCHEDULES:
        raise SaidError(Message("unknown schedule '{name}'; choose one of {names}", name=kind,
                                names=", ".join(SCHEDULES)))
    required, optional = SCHEDULES[kind]
    for key in required:
        if key not in p:
            raise SaidError(Message("schedule '{kind}' needs {key} = ...", kind=kind, key=key))
    for key in p:
        if key not in required + optional:
            takes = Message("it takes {names}", names=", ".join(required + optional)) \
                if required + optional else Message("it takes no keys")
            raise SaidError(Message("schedule '{kind}' has no key '{key}'; {takes}", kind=kind,
                                    key=key, takes=takes))
    if kind == "step":
        return lr_scheduler.StepLR(optimizer, int(p["step_size"]), p.get("gamma", 0.1))
    if kind == "multistep":
        return lr_scheduler.MultiStepLR(optimizer, list(p["milestones"]), p.get("gamma", 0.1))
    if kind == "exponential":
        return lr_scheduler.ExponentialLR(optimizer, p["gamma"])
    if kind == "cosine":
        return lr_scheduler.CosineAnnealingLR(optimizer, int(p["T_max"]), p.get("eta_min", 0.0))
    if kind == "inverse_time":
        decay = float(p["decay"])
        return lr_scheduler.LambdaLR(optimizer, lambda t: 1.0 / (1.0 + decay * t))
    return lr_scheduler.LambdaLR(optimizer, lambda t: 1.0 / math.sqrt(1.0 + t))


class OptimizerRun:
    """One optimizer stepping a 2-element float64 parameter, recording as it goes.

    The caller computes the gradient at `position` (however it likes: the surface, a
    mini-batch) and calls `step`; `trajectory()` freezes the records."""

    def __init__(self, spec: OptimizerSpec, start: Point, steps: int) -> None:
        self.spec = spec
        self.param = gv.tensor(np.array(start, dtype=np.float64), requires_grad=True)
        self.optimizer = make_optimizer(spec, [self.param])
        self.scheduler = make_scheduler(spec.schedule, self.optimizer)
        self.group = self.optimizer.param_groups[0]
        self.positions = [self.param._data.copy()]
        self.losses: list[float] = []
        self.grads: list[np.ndarray] = []
        self.lrs = np.empty(steps)
        self.state: dict[str, np.ndarray] = {}
        self.taken = 0
        self.diverged_at: int | None = None
        self.escaped_at: int | None = None
        self._grad = gv.zeros(2, dtype=gv.float64)  # reused as param.grad at every step

    @property
    def position(self) -> np.ndarray:
        return self.positions[-1]

    def observe(self, loss: float, grad: Sequence[float]) -> bool:
        """Record the loss and gradient at the current position; False if not finite."""
        self.losses.append(loss)
        self.grads.append(grad)
        if math.isfinite(loss + grad[0] + grad[1]):  # inf − inf is NaN: still caught
            return True
        self.diverged_at = self.taken
        return False

    def step(self, grad: Sequence[float], box: tuple[float, float, float, float]) -> bool:
        """One optimizer (and schedule) step with ``grad``; False if the new position is not
        finite or outside ``box`` (x0, x1, y0, y1): then it is not recorded, and the run is
        diverged, or escaped if the last loss it recorded is finite and not above the
        first (it was going downhill: see the module)."""
        k = self.taken
        self.lrs[k] = self.group["lr"]
        self._grad._data[:] = grad
        self.param.grad = self._grad
        self.optimizer.step()
        if self.scheduler is not None:
            self.scheduler.step()
        new = self.param._data.copy()
        x, y = new.tolist()
        if not (box[0] <= x <= box[1] and box[2] <= y <= box[3]):  # NaN fails all comparisons
            downhill = (math.isfinite(x) and math.isfinite(y) and len(self.losses) > 1
                        and self.losses[-1] <= self.losses[0])
            if downhill:
                self.escaped_at = k + 1
            else:
                self.diverged_at = k + 1
            return False
        self._record_state(k)
        self.positions.append(new)
        self.taken = k + 1
        return True

    def _record_state(self, k: int) -> None:
        state = self.optimizer.state[self.param]
        for key, value in state.items():
            if key != "step":
                self._slot(key)[k] = value._data
        if isinstance(self.optimizer, optim.Adam):  # the bias-corrected moments it uses
            t = float(state["step"]._data)
            beta1, beta2 = self.group["betas"]
            v = state.get("max_exp_avg_sq", state["exp_avg_sq"])._data
            self._slot("exp_avg_hat")[k] = state["exp_avg"]._data / (1 - beta1**t)
            self._slot("exp_avg_sq_hat")[k] = v / (1 - beta2**t)

    def _slot(self, key: str) -> np.ndarray:
        if key not in self.state:
            self.state[key] = np.full((len(self.lrs), 2), np.nan)
        return self.state[key]

    def trajectory(self) -> Trajectory:
        n = self.taken
        positions = np.array(self.positions)
        arrays = {key: value[:n] for key, value in self.state.items()}
        return Trajectory(
            spec=self.spec, positions=frozen_array(positions),
            losses=frozen_array(np.array(self.losses[: n + 1], dtype=float)),
            grads=frozen_array(np.array(self.grads[: n + 1], dtype=float).reshape(-1, 2)),
            lrs=frozen_array(self.lrs[:n].copy()), updates=frozen_array(np.diff(positions, axis=0)),
            state=MappingProxyType({k: frozen_array(v.copy()) for k, v in arrays.items()}),
            diverged_at=self.diverged_at, escaped_at=self.escaped_at,
        )


def frozen_array(array: np.ndarray) -> np.ndarray:
    """The same array, made read-only (records are immutable)."""
    array.setflags(write=False)
    return array


def escape_box(bounds: Range, factor: float = ESCAPE) -> Range:
    """The plot range grown by ``factor`` times its size on every side."""
    (x0, x1), (y0, y1) = bounds
    dx, dy = factor * (x1 - x0), factor * (y1 - y0)
    return (x0 - dx, x1 + dx), (y0 - dy, y1 + dy)


def surface_loss_and_grad(surface: Surface, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f and ∇f at each row of ``points`` (n, 2), in one gradviz forward and backward pass."""
    # Leaves built directly (float64 arrays, no dtype round trip): this runs once per step.
    x = gv.from_numpy(np.array(points[:, 0], dtype=np.float64)).requires_grad_()
    y = gv.from_numpy(np.array(points[:, 1], dtype=np.float64)).requires_grad_()
    with np.errstate(all="ignore"):
        f = surface.function(x, y)
        f.sum().backward()
    grads = np.zeros((len(points), 2))
    if x.grad is not None:
        grads[:, 0] = x.grad._data
    if y.grad is not None:
        grads[:, 1] = y.grad._data
    losses = f._data if f._data.shape == (len(points),) else np.full(len(points), f._data)
    return losses, grads


def run_optimizers(surface: Surface, specs: Sequence[OptimizerSpec], start: Point | None = None,
                   steps: int = 200, bounds: Range | None = None) -> list[Trajectory]:
    """Run every spec from ``start`` (default: the surface's) for ``steps`` steps.

    Bad specs raise `ValueError` before anything runs; divergence never raises."""
    start = surface.start if start is None else (float(start[0]), float(start[1]))
    runs = [OptimizerRun(spec, start, steps) for spec in specs]
    (x0, x1), (y0, y1) = escape_box(bounds or surface.range)
    box = (x0, x1, y0, y1)
    live = list(runs)
    with np.errstate(all="ignore"):
        for k in range(steps + 1):
            if not live:
                break
            losses, grads = surface_loss_and_grad(surface, np.array([r.position for r in live]))
            still = []
            for run, loss, grad in zip(live, losses.tolist(), grads.tolist(), strict=True):
                if run.observe(loss, grad) and k < steps and run.step(grad, box):
                    still.append(run)
            live = still
    return [run.trajectory() for run in runs]

"""A training run: a model, its data and an optimizer, advanced one iteration at a time.

``TrainingRun(setup, build_optimizer)`` is deterministic from the setup's seeds (weights
from ``ModelSpec.seed``, the batches of epoch e from ``(TrainSpec.seed, e)``), so two runs
of one lesson agree number for number, and so does torch fed the same weights and
`batch_indices`.  ``advance(n)`` runs up to n more iterations (one iteration: one batch's
forward, backward and optimizer step) and appends to ``history`` (one `IterationRecord` per
iteration) and ``epochs`` (one `EpochRecord` per finished epoch, with validation).

``state_at(k)`` gives the weights before iteration k, their gradients at k and the weights
after it.  Memory stays bounded: the run keeps a full copy of itself (model, optimizer and
schedule state) every ``stride`` iterations, with ``stride`` chosen so that all the copies
together stay under `CHECKPOINT_BYTES`, plus the states of the last iterations (at most
`RECENT`, and at most `RECENT_BYTES` of them; an ``advance`` copies the weights only of the
iterations still among them when it returns); any other iteration is replayed from the copy
before it (at most ``stride`` iterations).

Optimizers are made by the caller's ``build_optimizer(optimization, parameters)`` (the
lesson layer passes one built on `gradviz.surfaces.runs`, the table the optimizer scenes
use), so a training run names optimizers and schedules exactly as scenes do.
"""

from __future__ import annotations

import copy
import math
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np

from gradviz.catalog.lesson import Message, SaidError
from gradviz.engine import api as gv
from gradviz.engine import functional as F
from gradviz.training.data import Dataset
from gradviz.training.model import ModelSpec, build_model, with_activation, with_hidden

LOSSES = ("cross_entropy", "binary_cross_entropy", "binary_cross_entropy_with_logits",
          "mse_loss")
PER = ("epoch", "iteration")  # when the lr schedule steps
CHECKPOINT_BYTES = 64 * 2**20
RECENT = 32
RECENT_BYTES = 64 * 2**20
MIN_STRIDE = 16  # a replay of up to 16 iterations costs less than copying at every one
MAX_ITERATIONS = 1_000_000
# An epoch's evaluation runs the records through the model this many values of its widest
# layer at a time (2,048 records of a 784 → 512 net): each chunk's activations stay in the
# cache between layers, where one pass over 10,000 records would stream 20 MB per layer.
EVAL_CHUNK = 2**21
# What a run may cost, in multiply-adds: every iteration's batch through every weight, plus a
# fixed cost per iteration (the engine's own work for a tiny net), plus each epoch's
# evaluation of all the records.  3e10 is about a minute and a half (the digits lesson, 1.4e9,
# trains in 4 s; an iteration of a tiny net takes as long as 2e5 multiply-adds).
MAX_WORK = 30_000_000_000
ITERATION_WORK = 200_000
CHANGES = ("lr", "optimizer", "batch_size", "activation", "hidden", "epochs")


@dataclass(frozen=True)
class Optimization:
    """Which optimizer (``kind``: a name of `gradviz.surfaces.runs.OPTIMIZERS`, e.g. "adam"),
    its hyper-parameters as `gradviz.optim` names them (``{"lr": 0.01}``), and an optional
    lr schedule (``schedule``: a kind of `gradviz.surfaces.runs.SCHEDULES`, its
    ``schedule_params``), stepped once per epoch or per iteration (``per``)."""

    kind: str = "sgd"
    params: Mapping[str, object] = field(default_factory=lambda: {"lr": 0.1})
    schedule: str | None = None
    schedule_params: Mapping[str, object] = field(default_factory=dict)
    per: str = "epoch"

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
        object.__setattr__(self, "schedule_params", MappingProxyType(dict(self.schedule_params)))

    @property
    def lr(self) -> float:
        return float(self.params.get("lr", 0.0))


@dataclass(frozen=True)
class TrainSpec:
    """``loss`` in `LOSSES`; ``batch_size`` None for the full batch; ``epochs``; ``seed``
    shuffles the batches (``shuffle``); ``dtype`` "float32" or "float64"."""

    loss: str = "cross_entropy"
    optimization: Optimization = field(default_factory=Optimization)
    batch_size: int | None = None
    epochs: int = 10
    shuffle: bool = True
    seed: int = 0
    dtype: str = "float32"


@dataclass(frozen=True)
class TrainingSetup:
    """Everything a run is made from: the training records, the validation records (or
    None), the model and the training settings."""

    data: Dataset
    validation: Dataset | None
    model: ModelSpec
    train: TrainSpec


@dataclass(frozen=True)
class IterationRecord:
    """Iteration ``iteration`` (0-based) of epoch ``epoch`` (0-based): the batch's ``loss``
    and ``accuracy`` (0–1) with the weights before the update, and the ``lr`` it used."""

    iteration: int
    epoch: int
    loss: float
    accuracy: float
    lr: float


@dataclass(frozen=True)
class EpochRecord:
    """After epoch ``epoch`` (0-based), ``iterations`` done in all: loss and accuracy on all
    the training records, and on the validation records (None without any)."""

    epoch: int
    iterations: int
    loss: float
    accuracy: float
    val_loss: float | None
    val_accuracy: float | None


@dataclass(frozen=True)
class LayerState:
    """One Linear layer at an iteration: ``name`` "W^[1]", ``weight`` (out, in) before the
    update, ``grad`` ∂J/∂W (out, in), ``after`` the weight after it; the bias (out,) and
    its gradient and update likewise, or None without a bias.  Copies, in the run's dtype."""

    name: str
    weight: np.ndarray
    grad: np.ndarray
    after: np.ndarray
    bias: np.ndarray | None = None
    bias_grad: np.ndarray | None = None
    bias_after: np.ndarray | None = None


@dataclass(frozen=True)
class IterationState:
    """Iteration ``iteration``: its ``record``, the ``batch`` indices (into the training
    records) and one `LayerState` per Linear layer, in order."""

    iteration: int
    record: IterationRecord
    batch: np.ndarray
    layers: tuple[LayerState, ...]


@dataclass(frozen=True)
class Boundary:
    """What the model says over a grid of the plane: ``xs`` (r,), ``ys`` (r,) and
    ``values`` (r, r) indexed [y, x]: the probability of class 1 for two classes, else the
    predicted class (as a float)."""

    xs: np.ndarray
    ys: np.ndarray
    values: np.ndarray


OptimizerBuilder = Callable[[Optimization, list], tuple]  # -> (optimizer, scheduler | None)


class _Trainer:
    """The mutable part: model, optimizer, schedule and the next iteration's number.

    ``after`` holds the copies of each Linear layer's (weight, bias) that the last
    iteration recorded as its update's result: they are the next iteration's weights
    before, so an iteration copies the weights once, not twice; None after an iteration
    that kept no state.  A checkpoint (a deep copy) leaves them out: a replay from it copies
    its first weights afresh."""

    def __init__(self, model, optimizer, scheduler) -> None:
        self.model, self.optimizer, self.scheduler = model, optimizer, scheduler
        self.iteration = 0
        self.after: list[tuple] | None = None

    def __deepcopy__(self, memo: dict) -> _Trainer:
        after, self.after = self.after, None
        try:
            twin = copy.copy(self)
            twin.__dict__ = copy.deepcopy(self.__dict__, memo)
        finally:
            self.after = after
        return twin


class TrainingRun:
    """One run of a training setup; see the module docstring."""

    def __init__(self, setup: TrainingSetup, build_optimizer: OptimizerBuilder) -> None:
        self.setup, self.build_optimizer = setup, build_optimizer
        train = setup.train
        if train.loss not in LOSSES:
            raise SaidError(Message("unknown loss {name}{hint}", name=repr(train.loss),
                                    hint=Message("; choose one of {names}",
                                                 names=", ".join(LOSSES))))
        self.per_epoch = math.ceil(len(setup.data) / self.batch_size)
        self.total = train.epochs * self.per_epoch
        if self.total > MAX_ITERATIONS:
            raise SaidError(Message("{n} iterations is too many; at most {limit}", n=self.total,
                                    limit=MAX_ITERATIONS))
        if work(setup) > MAX_WORK:
            raise SaidError(Message("this training would cost {n:.2g} multiply-adds (epochs × "
                                    "records × weights); at most {limit:.0g}", n=work(setup),
                                    limit=MAX_WORK))
        self.diverged_at: int | None = None  # the iteration whose outputs stopped being finite
        self._trainer = self._fresh_trainer()
        self.history: list[IterationRecord] = []
        self.epochs: list[EpochRecord] = []
        parameters = self._trainer.model.parameters()
        weights_bytes = sum(p.detach().numpy().nbytes for p in parameters)
        bytes_per_copy = 4 * weights_bytes  # W, ∂W and an optimizer's two slots (Adam's m, v)
        self.recent = max(1, min(RECENT, RECENT_BYTES // (3 * weights_bytes)))  # W, ∂W, W'
        self.stride = max(MIN_STRIDE, math.ceil(self.total * bytes_per_copy / CHECKPOINT_BYTES))
        self._checkpoints: dict[int, _Trainer] = {}
        self._recent: OrderedDict[int, IterationState] = OrderedDict()
        self._targets = self._target_array(setup.data).astype(self._target_dtype)  # batches'
        # The records in the run's dtype, cast once, not once a batch and again each epoch.
        self._x = self._cast(setup.data.x)
        self._val_x = self._cast(setup.validation.x) if setup.validation is not None else None
        self._order: tuple[int, np.ndarray] | None = None  # (epoch, its order of the records)

    # -- what it is -------------------------------------------------------------------------

    @property
    def batch_size(self) -> int:
        return self.setup.train.batch_size or len(self.setup.data)

    @property
    def iteration(self) -> int:
        """How many iterations are done (the next one's number)."""
        return self._trainer.iteration

    @property
    def finished(self) -> bool:
        """Every iteration ran, or the run diverged (`diverged_at`) and cannot go on."""
        return self.iteration >= self.total or self.diverged_at is not None

    @property
    def model(self):
        """The engine's network with the current weights (do not step it yourself)."""
        return self._trainer.model

    def batch_indices(self, k: int) -> np.ndarray:
        """The training records iteration ``k`` learns from, in order (int64)."""
        epoch, j = divmod(k, self.per_epoch)
        if self._order is None or self._order[0] != epoch:  # drawn once an epoch, not a batch
            n, train = len(self.setup.data), self.setup.train
            order = np.random.default_rng([train.seed, epoch]).permutation(n) \
                if train.shuffle else np.arange(n)
            order.flags.writeable = False
            self._order = (epoch, order)
        return self._order[1][j * self.batch_size:(j + 1) * self.batch_size].copy()

    # -- running ----------------------------------------------------------------------------

    def advance(self, n: int = 1) -> list[IterationRecord]:
        """Run up to ``n`` more iterations (fewer at the end); the records they added."""
        start = len(self.history)
        count = max(0, min(n, self.total - self.iteration))
        for i in range(count):
            if self.diverged_at is not None:
                break
            k = self.iteration
            if k % self.stride == 0:
                # The step drops the last gradients first thing: dropped before the copy,
                # a checkpoint copies weights and optimizer state, not gradients too.
                self._trainer.optimizer.zero_grad()
                self._checkpoints[k] = copy.deepcopy(self._trainer)
            # Only the last `recent` iterations of this call are still held when it returns:
            # the ones before would copy their weights for nothing (`state_at` replays them).
            try:
                record, state = self._step(self._trainer, keep=i >= count - self.recent)
            except _Diverged:
                self.diverged_at = k
                break
            self.history.append(record)
            if state is not None:
                self._recent[k] = state
                while len(self._recent) > self.recent:
                    self._recent.popitem(last=False)
            if self.iteration % self.per_epoch == 0:
                self.epochs.append(self._epoch_record(self.iteration // self.per_epoch - 1))
        return self.history[start:]

    def state_at(self, k: int) -> IterationState:
        """Iteration ``k``'s weights, gradients and update (``k`` < `iteration`)."""
        if not 0 <= k < self.iteration:
            raise IndexError(f"iteration {k} has not run; 0 to {self.iteration - 1} have")
        if k in self._recent:
            return self._recent[k]
        trainer = copy.deepcopy(self._checkpoints[k - k % self.stride])
        while True:
            _, state = self._step(trainer, keep=trainer.iteration == k)
            if state is not None:
                return state

    def restart(self, changes: Mapping[str, object]) -> TrainingRun:
        """A new run from iteration 0 with some settings changed: ``lr``, ``optimizer`` (a
        kind), ``batch_size`` (None: full batch), ``activation`` (a layer name such as
        "ReLU"), ``hidden`` (neurons per hidden layer), ``epochs``.  `ValueError` (a
        `ModelError` for the model's) names a change that cannot be made."""
        unknown = [key for key in changes if key not in CHANGES]
        if unknown:
            raise SaidError(Message("cannot change {names}; only {changes}",
                                    names=", ".join(unknown), changes=", ".join(CHANGES)))
        setup, train = self.setup, self.setup.train
        optimization = train.optimization
        if "lr" in changes:
            optimization = replace(optimization, params={**optimization.params,
                                                         "lr": float(changes["lr"])})
        if "optimizer" in changes:
            optimization = replace(optimization, kind=str(changes["optimizer"]),
                                   params={"lr": optimization.lr})
        model = setup.model
        if "activation" in changes:
            model = with_activation(model, str(changes["activation"]))
        if "hidden" in changes:
            model = with_hidden(model, changes["hidden"])
        train = replace(train, optimization=optimization,
                        batch_size=changes.get("batch_size", train.batch_size),
                        epochs=changes.get("epochs", train.epochs))
        return TrainingRun(replace(setup, model=model, train=train), self.build_optimizer)

    # -- measuring --------------------------------------------------------------------------

    def evaluate(self, data: Dataset) -> tuple[float, float]:
        """(loss, accuracy) of the current weights on every record of ``data``."""
        x = self._x if data is self.setup.data else \
            self._val_x if data is self.setup.validation else self._cast(data.x)
        model = self._trainer.model
        rows = max(1, EVAL_CHUNK // max(self.setup.model.sizes))
        with gv.no_grad(), np.errstate(all="ignore"):  # blown-up weights give inf, quietly
            out = np.concatenate([model(gv.from_numpy(x[i:i + rows])).numpy()
                                  for i in range(0, len(x) or 1, rows)])
            if not np.isfinite(out).all():  # weights blown up by the last update
                return math.nan, self._accuracy(out, data.y)
            loss = self._loss(gv.from_numpy(out), self._tensor(self._target_array(data)))
        return float(loss.item()), self._accuracy(out, data.y)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The model's outputs (n, outputs) for records ``x`` (n, features), float64."""
        with gv.no_grad(), np.errstate(all="ignore"):
            return self._trainer.model(self._inputs(x)).numpy().astype(np.float64)

    def boundary(self, resolution: int = 80, margin: float = 0.15) -> Boundary:
        """The decision boundary over the data's box (two features, or two and constants)."""
        x = self.setup.data.x
        if x.shape[1] < 2 or (x.shape[1] > 2 and np.ptp(x[:, 2:], axis=0).any()):
            raise SaidError(Message("a decision boundary needs records with two features"))
        low, high = x[:, :2].min(axis=0), x[:, :2].max(axis=0)
        pad = (high - low) * margin + 1e-9
        xs = np.linspace(low[0] - pad[0], high[0] + pad[0], resolution)
        ys = np.linspace(low[1] - pad[1], high[1] + pad[1], resolution)
        gx, gy = np.meshgrid(xs, ys)
        grid = np.c_[gx.ravel(), gy.ravel(), np.tile(x[0, 2:], (gx.size, 1))]
        out = self.predict(grid)
        if self.setup.data.classes == 2:
            values = self._probability(out)
        else:
            values = out.argmax(axis=1).astype(np.float64)
        return Boundary(xs, ys, values.reshape(resolution, resolution))

    def metrics(self) -> dict[str, float | int | None]:
        """The last iteration's and the last epoch's figures (what ``train --json`` ends with)."""
        last = self.epochs[-1] if self.epochs else None
        return {"iterations": self.iteration, "epochs": len(self.epochs),
                "diverged_at": self.diverged_at,
                "loss": self.history[-1].loss if self.history else None,
                "train_loss": last and last.loss, "train_accuracy": last and last.accuracy,
                "val_loss": last and last.val_loss, "val_accuracy": last and last.val_accuracy}

    # -- inside -----------------------------------------------------------------------------

    def _fresh_trainer(self) -> _Trainer:
        model = build_model(self.setup.model, self.setup.train.dtype)
        optimizer, scheduler = self.build_optimizer(self.setup.train.optimization,
                                                    list(model.parameters()))
        return _Trainer(model, optimizer, scheduler)

    def _step(self, trainer: _Trainer,
              keep: bool = True) -> tuple[IterationRecord, IterationState | None]:
        """One iteration: its record, and with ``keep`` its state (copies of the weights
        before and after it); without, the next kept iteration copies its weights afresh."""
        k = trainer.iteration
        batch = self.batch_indices(k)
        optimizer = trainer.optimizer
        optimizer.zero_grad()
        with np.errstate(all="ignore"):  # weights an update blew up: found just below
            out = trainer.model(gv.from_numpy(self._x[batch]))
        if not np.isfinite(out.detach().numpy()).all():
            raise _Diverged(k)  # before the loss: binary_cross_entropy refuses NaN, as torch
        loss = self._loss(out, gv.from_numpy(self._targets[batch]))
        value = float(loss.item())
        if not math.isfinite(value):
            raise _Diverged(k)
        loss.backward()
        lr = float(optimizer.param_groups[0]["lr"])
        if keep:
            linears = [m for m in trainer.model if hasattr(m, "weight")]
            weights = trainer.after or [(_copy(m.weight), _copy(m.bias)) for m in linears]
            before = [(w, _kept_grad(m.weight), b, _kept_grad(m.bias))
                      for m, (w, b) in zip(linears, weights, strict=True)]
        with np.errstate(over="ignore", invalid="ignore"):  # lr = 1e308: inf weights, which
            optimizer.step()  # the next iteration finds and ends the run at (diverged_at)
        trainer.after = [(_copy(m.weight), _copy(m.bias)) for m in linears] if keep else None
        trainer.iteration = k + 1
        per = self.setup.train.optimization.per
        if trainer.scheduler is not None and (
                per == "iteration" or trainer.iteration % self.per_epoch == 0):
            trainer.scheduler.step()
        record = IterationRecord(k, k // self.per_epoch, value,
                                 self._accuracy(out.detach().numpy(), self.setup.data.y[batch]), lr)
        if not keep:
            return record, None
        layers = tuple(LayerState(f"W^[{i + 1}]", w, g, after, b, bg, bias_after)
                       for i, ((w, g, b, bg), (after, bias_after))
                       in enumerate(zip(before, trainer.after, strict=True)))
        return record, IterationState(k, record, batch, layers)

    def _epoch_record(self, epoch: int) -> EpochRecord:
        loss, accuracy = self.evaluate(self.setup.data)
        validation = self.setup.validation
        val = self.evaluate(validation) if validation is not None else (None, None)
        return EpochRecord(epoch, self.iteration, loss, accuracy, *val)

    @property
    def _target_dtype(self) -> np.dtype:
        """Class indices (int64) for cross-entropy, else the run's dtype."""
        loss, dtype = self.setup.train.loss, self.setup.train.dtype
        return np.dtype(np.int64 if loss == "cross_entropy" else dtype)

    def _tensor(self, array: np.ndarray):
        return gv.from_numpy(np.array(array, dtype=self._target_dtype))

    def _inputs(self, x: np.ndarray):
        # One pass: cast while copying (`gv.tensor` copies, then casts the copy).
        return gv.from_numpy(np.array(x, dtype=np.dtype(self.setup.train.dtype)))

    def _cast(self, x: np.ndarray) -> np.ndarray:
        """A data set's records (read-only) in the run's dtype, read-only: the same array
        if they are in it already, else a copy."""
        array = np.asarray(x, dtype=np.dtype(self.setup.train.dtype))
        array.flags.writeable = False
        return array

    def _target_array(self, data: Dataset) -> np.ndarray:
        """Labels for cross-entropy; a (n, 1) column of 0/1 for one output; else one-hot."""
        if self.setup.train.loss == "cross_entropy":
            return data.y
        outputs = self.setup.model.sizes[-1]
        if outputs == 1:
            return data.y.astype(np.float64)[:, None]
        return np.eye(outputs)[data.y]

    def _loss(self, out, target):
        return getattr(F, self.setup.train.loss)(out, target)

    def _probability(self, out: np.ndarray) -> np.ndarray:
        """P(class 1) from one output column (a logit for the *_with_logits loss)."""
        if out.shape[1] > 1:
            shifted = np.exp(out - out.max(axis=1, keepdims=True))
            return shifted[:, 1] / shifted.sum(axis=1)
        if self.setup.train.loss == "binary_cross_entropy_with_logits":
            return 1 / (1 + np.exp(-out[:, 0]))
        return out[:, 0]

    def _accuracy(self, out: np.ndarray, labels: np.ndarray) -> float:
        predicted = out.argmax(axis=1) if out.shape[1] > 1 else \
            (self._probability(out) > 0.5).astype(np.int64)
        # A count over the size: np.mean's value, without its Python-level steps.
        return np.count_nonzero(predicted == labels) / labels.size if labels.size else math.nan


class _Diverged(ArithmeticError):
    """Iteration ``args[0]``'s outputs or loss are not finite: the run stops there."""


def work(setup: TrainingSetup) -> int:
    """What a run of ``setup`` costs in multiply-adds (see `MAX_WORK`)."""
    weights = sum(a * b for a, b in zip(setup.model.sizes, setup.model.sizes[1:], strict=False))
    n = len(setup.data)
    batch = setup.train.batch_size or n
    per_epoch = math.ceil(n / batch)
    evaluated = n + (len(setup.validation) if setup.validation is not None else 0)
    return setup.train.epochs * (per_epoch * ITERATION_WORK + 3 * n * weights
                                 + evaluated * weights)


def _copy(tensor) -> np.ndarray | None:
    """A recorded copy, read-only: iteration k's weights after are iteration k + 1's before,
    one array shared by two records, which nobody may change."""
    if tensor is None:
        return None
    array = tensor.detach().numpy().copy()
    array.flags.writeable = False
    return array


def _kept_grad(tensor) -> np.ndarray | None:
    """The gradient `backward` just made, kept without a copy: nothing writes into it (a
    second backward adds into a new array, the next `zero_grad` lets it go), and it is made
    read-only so that nothing can."""
    if tensor is None or tensor.grad is None:
        return None
    array = tensor.grad.detach().numpy()
    array.flags.writeable = False
    return array

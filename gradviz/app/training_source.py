"""`TrainingSource`: what the training page reads from a `gradviz.training.TrainingRun`.

The run records every iteration's numbers (`history`, `epochs`) and can give any recorded
iteration's weights and gradients back (`state_at`).  What a network *decides* at an
iteration (its decision boundary over the plane, its predictions on the example digits)
depends on all its weights and the run computes it for the current ones only, so the source
keeps those as the run goes: after each slice of training, one boundary grid (`RESOLUTION`²
floats) and the predicted class of each example shown.  That keep is bounded: past `KEEP`
entries every other one is dropped, so a long run keeps an evenly thinned record, and
iteration k shows the newest one kept at or before it.
"""

from __future__ import annotations

import bisect
import math
import time

import numpy as np

from gradviz.surfaces.runs import OPTIMIZERS
from gradviz.training import ACTIVATIONS, Boundary, TrainingRun
from gradviz.view.training_curves import CurveData

RESOLUTION = 40  # the boundary grid's side: fine enough to read, cheap enough per frame
KEEP = 512  # boundaries (and predictions) kept per run
EXAMPLES = 32  # digits shown with their predictions
# The curves' columns: their names in `curve_data`, each an iteration's (or an epoch's) field.
ITERATION_COLUMNS = {"loss": "loss", "accuracy": "accuracy"}
EPOCH_COLUMNS = {"iterations": "iterations", "epoch_loss": "loss",
                 "epoch_accuracy": "accuracy", "val_loss": "val_loss",
                 "val_accuracy": "val_accuracy"}


class TrainingSource:
    def __init__(self, run: TrainingRun, title: str = "") -> None:
        self.title = title
        self._start(run)

    def _start(self, run: TrainingRun) -> None:
        self.run = run
        data = run.setup.data
        self.two_d = data.features == 2 or (
            data.features > 2 and not np.ptp(data.x[:, 2:], axis=0).any())
        self.images = data.image_shape is not None
        self.example_ids = np.arange(min(EXAMPLES, len(data))) if self.images else None
        self._columns: dict[str, list[float]] = {
            name: [] for name in (*ITERATION_COLUMNS, *EPOCH_COLUMNS)}  # `curve_data`'s
        self._kept: list[int] = []  # iterations whose weights the kept pictures are of
        self._boundaries: dict[int, Boundary] = {}
        self._predictions: dict[int, np.ndarray] = {}
        self._keep()  # the weights before iteration 0
        if not run.history:
            run.advance(1)  # iteration 0 exists: its loss, gradients and update
            self._keep()

    # ── the run's course ─────────────────────────────────────────────────────────────────
    @property
    def last(self) -> int:
        """The newest recorded iteration."""
        return len(self.run.history) - 1

    @property
    def planned(self) -> int:
        """The last iteration the run will make (epochs × batches per epoch − 1)."""
        return self.run.total - 1

    @property
    def finished(self) -> bool:
        return self.run.finished

    def advance(self, n: int, budget_s: float | None = None) -> int:
        """Train up to `n` iterations, stopping early once `budget_s` seconds are spent (a
        frame's share); then keep what the net decides.  How many were trained."""
        start, done = time.perf_counter(), 0
        while done < n and not self.run.finished:
            self.run.advance(1)
            done += 1
            if budget_s is not None and time.perf_counter() - start > budget_s:
                break
        self._keep()
        return done

    def restart(self, changes: dict) -> None:
        """Train again from iteration 0 with `changes` (`TrainingRun.restart`'s keys); a
        `ValueError` leaves the run as it was."""
        self._start(self.run.restart(changes))

    # ── what iteration k shows ───────────────────────────────────────────────────────────
    def record(self, k: int):
        return self.run.history[k]

    def numbers(self, k: int) -> dict:
        """What the numbers row shows at iteration k (`NumbersRow.show_values`' arguments):
        k's epoch, loss and lr, and the accuracy of the last epoch ended at or before k (the
        curves' epoch marks up to k) on the validation records, or the training ones."""
        r = self.run.history[k]
        epochs = self.run.epochs
        ended = bisect.bisect_right([e.iterations - 1 for e in epochs], k)
        validation = self.run.setup.validation is not None
        accuracy = None
        if ended:
            last = epochs[ended - 1]
            accuracy = last.val_accuracy if validation else last.accuracy
        return dict(epoch=r.epoch + 1, loss=r.loss, accuracy=accuracy, lr=r.lr,
                    validation=validation)

    def state(self, k: int):
        """Iteration k's weights, gradients and update (`IterationState`)."""
        return self.run.state_at(k)

    def curve_data(self) -> CurveData:
        """The curves' numbers so far.  The record only grows, so each column is extended
        with the records new since the last call, not read again from the start (a frame
        of a long run would spend milliseconds on it)."""
        history, epochs = self.run.history, self.run.epochs
        columns = self._columns
        for records, names in ((history, ITERATION_COLUMNS), (epochs, EPOCH_COLUMNS)):
            new = records[len(columns[next(iter(names))]):]
            for name, field in names.items():
                columns[name].extend(math.nan if getattr(r, field) is None
                                     else getattr(r, field) for r in new)
        c = {name: np.array(values, float) for name, values in columns.items()}
        return CurveData(
            iterations=np.arange(len(history), dtype=float),
            loss=c["loss"], accuracy=c["accuracy"], epoch_ends=c["iterations"] - 1,
            epoch_loss=c["epoch_loss"], epoch_accuracy=c["epoch_accuracy"],
            val_loss=c["val_loss"], val_accuracy=c["val_accuracy"])

    def boundary(self, k: int) -> Boundary | None:
        """The decision boundary with the weights kept nearest before iteration k."""
        return self._boundaries.get(self._kept_at(k)) if self.two_d else None

    def predictions(self, k: int) -> np.ndarray | None:
        return self._predictions.get(self._kept_at(k)) if self.images else None

    def examples(self) -> tuple[np.ndarray, np.ndarray]:
        """The example images shown (n, pixels) and their labels."""
        data = self.run.setup.data
        return data.x[self.example_ids], data.y[self.example_ids]

    def points(self) -> tuple[np.ndarray, np.ndarray, int]:
        data = self.run.setup.data
        return data.x[:, :2], data.y, data.classes

    def _kept_at(self, k: int) -> int:
        i = bisect.bisect_right(self._kept, k) - 1
        return self._kept[max(i, 0)]

    def _keep(self) -> None:
        """What the network decides now, with the weights before iteration `iteration`."""
        k = self.run.iteration
        if self._kept and self._kept[-1] == k:
            return
        if self.two_d:
            self._boundaries[k] = self.run.boundary(RESOLUTION)
        if self.images:
            x = self.run.setup.data.x[self.example_ids]
            self._predictions[k] = self.run.predict(x).argmax(axis=1)
        self._kept.append(k)
        if len(self._kept) > KEEP:  # thin evenly, keeping the first and the newest
            dropped = set(self._kept[1:-1:2])
            self._kept = [k for k in self._kept if k not in dropped]
            for d in dropped:
                self._boundaries.pop(d, None)
                self._predictions.pop(d, None)

    # ── the knobs ────────────────────────────────────────────────────────────────────────
    def settings(self) -> dict:
        train, model = self.run.setup.train, self.run.setup.model
        hidden = model.sizes[1:-1]
        return {"lr": train.optimization.lr, "optimizer": train.optimization.kind,
                "batch_size": train.batch_size, "activation": model.hidden_activation,
                "hidden": hidden[0] if hidden else None}

    def optimizers(self) -> list[str]:
        return list(OPTIMIZERS)

    def activations(self) -> list[str]:
        return list(ACTIVATIONS)

    def records(self) -> int:
        return len(self.run.setup.data)

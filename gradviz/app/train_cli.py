"""What ``gradviz train FILE`` prints: a training lesson run to its end, as JSON or a table.

``train_json(path)`` is what ``gradviz train FILE.toml --json`` prints: the lesson's setup,
the curves (one row per iteration, one per epoch) and the final metrics, as strict JSON (a
loss that blew up is null, as in ``optimize --json``).  Without ``--json`` a table gives one
line per epoch.  The file is prepared as every command prepares it (`gradviz.lesson.prepare`);
another kind of lesson is refused with a pointer to the command for it.
"""

from __future__ import annotations

import sys

from gradviz.app.optimize_cli import json_text, strict
from gradviz.catalog import language, text
from gradviz.lesson.kinds import TRAINING
from gradviz.lesson.parser import LessonError
from gradviz.lesson.prepare import PreparedTraining, prepare_lesson

EPOCH_HEADINGS = ("epoch", "iterations", "loss", "accuracy", "validation loss",
                  "validation accuracy")


def only_training(path) -> PreparedTraining:
    """The prepared training lesson of `path`; any other kind is a `LessonError`."""
    prepared = prepare_lesson(path)
    if prepared.kind != TRAINING:
        raise LessonError(prepared.lesson.path, 1, 1, "gradviz train runs training lessons "
                          "([data], [model], [train]); gradviz run runs this one",
                          prepared.lesson.language)
    return prepared


def train_command(path: str, as_json: bool = True, lang: str | None = None) -> int:
    from gradviz.app.lesson_cli import said

    try:
        result = train_json(path, lang)
    except LessonError as e:
        print(f"gradviz: {said(e, lang)}", file=sys.stderr)
        return 1
    print(json_text(result) if as_json else train_table(result))
    return 0


def train_json(source, lang: str | None = None) -> dict:
    """``{"title", "language", "data": {"name", "records", "validation_records",
    "features", "classes"}, "model": "Sequential(...)", "train": {"loss", "optimizer",
    "params", "schedule", "batch_size", "epochs"}, "iterations": [[iteration, epoch, loss,
    accuracy, lr], …], "epochs": [{"epoch", "iterations", "loss", "accuracy", "val_loss",
    "val_accuracy"}, …], "final": {…}}`` (`TrainingRun.metrics`).  `source` is a file or a
    `PreparedTraining`."""
    prepared = source if isinstance(source, PreparedTraining) else only_training(source)
    setup, run = prepared.setup, prepared.start()
    try:
        run.advance(run.total)  # a run that diverges stops there (`TrainingRun.diverged_at`)
    except (ValueError, ArithmeticError, RuntimeError) as e:  # the engine's, as torch's
        line, col = prepared.lesson.where("model")
        raise LessonError(prepared.lesson.path, line, col, "cannot train this model: {error}",
                          prepared.lesson.language, error=e) from e
    train, optimization = setup.train, setup.train.optimization
    schedule = {"type": optimization.schedule, **optimization.schedule_params,
                "per": optimization.per} if optimization.schedule else None
    return strict({
        "title": prepared.title, "language": language(lang or prepared.lesson.language),
        "data": {"name": setup.data.name, "records": len(setup.data),
                 "validation_records": len(setup.validation) if setup.validation else 0,
                 "features": setup.data.features, "classes": setup.data.classes},
        "model": setup.model.text,
        "train": {"loss": train.loss, "optimizer": optimization.kind,
                  "params": {k: list(v) if isinstance(v, tuple) else v
                             for k, v in optimization.params.items()},
                  "schedule": schedule, "batch_size": run.batch_size, "epochs": train.epochs,
                  "dtype": train.dtype},
        "iterations": [[r.iteration, r.epoch, r.loss, r.accuracy, r.lr] for r in run.history],
        "epochs": [{"epoch": e.epoch, "iterations": e.iterations, "loss": e.loss,
                    "accuracy": e.accuracy, "val_loss": e.val_loss,
                    "val_accuracy": e.val_accuracy} for e in run.epochs],
        "final": run.metrics(),
    })


def train_table(result: dict) -> str:
    """One line per epoch (at most 20, evenly spread, and the last), headed in the result's
    language, each column as wide as its heading."""
    lang = language(result.get("language"))
    headings = [text(h, lang) for h in EPOCH_HEADINGS]
    widths = [max(12, len(h)) for h in headings]  # "exactitud (validación)" is 22 wide
    lines = ["  ".join(f"{h:>{w}}" for h, w in zip(headings, widths, strict=True))]
    epochs = result["epochs"]
    every = max(1, len(epochs) // 20)
    for i, row in enumerate(epochs):
        if i % every and i != len(epochs) - 1:
            continue
        cells = [row["epoch"] + 1, row["iterations"], row["loss"], row["accuracy"],
                 row["val_loss"], row["val_accuracy"]]
        lines.append("  ".join(f"{c:>{w}.5g}" if isinstance(c, float) else
                               f"{'—' if c is None else c:>{w}}"
                               for c, w in zip(cells, widths, strict=True)))
    diverged = result["final"].get("diverged_at")
    if diverged is not None:
        lines.append(text("the run diverged at iteration {k}: its outputs or its loss stopped "
                          "being finite", lang, k=diverged))
    return "\n".join(lines)

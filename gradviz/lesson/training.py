"""Training lessons: ``[data]``, ``[model]`` and ``[train]`` read into a `TrainingSetup`.

``training_from_lesson(lesson)`` checks the three sections and returns the setup a
`gradviz.training.TrainingRun` is made from; ``build_optimizer`` makes its optimizer and
lr schedule with the optimizer scenes' own table (`gradviz.surfaces.runs`), so both kinds of
lesson name optimizers, hyper-parameters and schedules alike.  Problems are `LessonError`s
pointing at the key or value.  The format is documented in ``docs/lesson-format.md``.
"""

from __future__ import annotations

from gradviz.surfaces.runs import OptimizerSpec, Schedule, make_optimizer, make_scheduler
from gradviz.training import Optimization, TrainingRun, TrainingSetup


def build_optimizer(optimization: Optimization, parameters: list) -> tuple:
    """(optimizer, scheduler or None) for a run: what `TrainingRun` calls to make them."""
    optimizer = make_optimizer(OptimizerSpec(optimization.kind, dict(optimization.params)),
                               parameters)
    schedule = Schedule(optimization.schedule, dict(optimization.schedule_params)) \
        if optimization.schedule else None
    return optimizer, make_scheduler(schedule, optimizer)


def start_run(setup: TrainingSetup) -> TrainingRun:
    """A fresh run of ``setup`` with the scenes' optimizers."""
    return TrainingRun(setup, build_optimizer)

"""Optimizer trajectories on loss surfaces: the model side, no Qt.

`functions` holds the built-in surfaces (and custom formulas through `expr`), `runs` runs
`gradviz.optim` optimizers on them and records every step, `regression` compares batch,
mini-batch and stochastic descent, `landscape` projects a small network's training path
onto a PCA plane, and `scene` holds a `SurfaceScene`, what one optimizer view runs
(`gradviz.lesson.scene` reads it from a lesson's ``[surface]``/``[[optimizer]]`` sections).
"""

from gradviz.surfaces.functions import SURFACES, Surface, custom_surface, get_surface
from gradviz.surfaces.runs import OptimizerSpec, Schedule, Trajectory, run_optimizers

__all__ = ["SURFACES", "OptimizerSpec", "Schedule", "Surface", "Trajectory", "custom_surface",
           "get_surface", "run_optimizers"]

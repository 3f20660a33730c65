"""What an optimizer scene runs: a surface, a start, a number of steps and the optimizers.

A `SurfaceScene` is plain data plus `run()`, which gives one recorded trajectory per optimizer
(`gradviz.surfaces.runs`, `regression` or `landscape`).  Lesson files describe scenes in their
``[surface]``/``[[optimizer]]`` sections; `gradviz.lesson.scene` reads those into one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gradviz.surfaces.functions import Point, Surface
from gradviz.surfaces.landscape import Landscape, Network, train_landscape
from gradviz.surfaces.regression import RegressionData, run_regression
from gradviz.surfaces.runs import OptimizerSpec, run_optimizers


@dataclass(frozen=True)
class SurfaceScene:
    """What to run: a surface, a start, how many steps (epochs for a regression), the
    optimizers.  ``regression`` is set for linear-regression scenes.

    ``network`` is set for a network's loss landscape: then the scene trains the network
    with every optimizer when it is made (also by ``replace(scene, specs=...)``) and its
    ``surface`` and ``start`` are the trained `landscape`'s, whatever was passed."""

    surface: Surface
    start: Point
    steps: int
    specs: tuple[OptimizerSpec, ...]
    title: str = ""
    description: str = ""
    regression: RegressionData | None = None
    note: str = ""
    network: Network | None = None
    landscape: Landscape | None = field(default=None, init=False, repr=False, compare=False)
    _runs: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.network is not None:  # the surface is the PCA plane of the runs' paths
            landscape = train_landscape(self.network, self.specs, self.steps)
            object.__setattr__(self, "landscape", landscape)
            object.__setattr__(self, "surface", landscape.surface())
            object.__setattr__(self, "start", landscape.start)

    def run(self) -> list:
        """`Trajectory` records (`RegressionRun` for a regression, `NetworkRun` for a
        landscape, trained already), one per optimizer.  A scene runs once: the lesson's
        check, the window's page and the export share its runs; ``replace(scene, ...)`` makes
        a new scene that runs afresh."""
        if self._runs is None:
            object.__setattr__(self, "_runs", tuple(self._make_runs()))
        return list(self._runs)

    def _make_runs(self) -> list:
        if self.landscape is not None:
            return list(self.landscape.runs)
        if self.regression is not None:
            return run_regression(self.regression, self.specs, self.steps, self.start,
                                  bounds=self.surface.range)
        return run_optimizers(self.surface, self.specs, self.start, self.steps)

"""From a lesson file to what is shown: one path for every command and the window.

`prepare_lesson(path)` loads and checks a lesson and prepares it by its kind
(`gradviz.lesson.kinds`): a graph lesson is run forward and backward, its graph recorded (as
tensors, or expanded to scalars) and its steps planned, giving a `PreparedLesson`; an
optimizer scene is read and run, giving a `PreparedScene`; a training lesson is read into a
`TrainingSetup` (``[data]`` made or loaded, ``[model]`` and ``[train]`` checked), giving a
`PreparedTraining` whose ``start()`` makes a fresh `TrainingRun`.  ``gradviz check`` calls it too,
so a file it calls ok is one the window and the exporter open.  Every failure is a
`LessonError` naming file, line and column, so a caller can keep what it had and show the
message.  `prepare_root` does the same for a graph computed by the user's own code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from gradviz.catalog.lesson import note_in
from gradviz.graph.groups import find_groups
from gradviz.graph.model import Graph
from gradviz.graph.record import record
from gradviz.graph.scalar import ScalarLimitError, expand
from gradviz.graph.stale import check_current
from gradviz.graph.steps import StepPlan
from gradviz.lesson.kinds import (
    GRAPH,
    SCENE,
    TRAINING,
    UNSUPPORTED,
    first_section,
    section_path,
)
from gradviz.lesson.parser import Lesson, LessonError, load_lesson
from gradviz.lesson.program import LessonRun, run_lesson
from gradviz.lesson.scene import scene_from_lesson
from gradviz.lesson.training import start_run, training_from_lesson
from gradviz.surfaces.scene import SurfaceScene
from gradviz.training import TrainingRun, TrainingSetup

TENSOR, SCALAR = "tensor", "scalar"


@dataclass(frozen=True)
class PreparedLesson:
    """A graph lesson, run, recorded and planned: what the graph page and its exports show."""

    lesson: Lesson
    run: LessonRun | None  # None for a graph recorded from the user's own code
    graph: Graph
    plan: StepPlan
    level: str  # TENSOR or SCALAR: what `graph` shows
    kind = GRAPH

    @property
    def title(self) -> str:
        return self.lesson.title or Path(self.lesson.path).stem

    def note_in(self, name: str, lang: str) -> str:
        """The note in one language: notes write Spanish first, then a line ``EN: …``."""
        return note_in(self.notes_for(name), lang)

    def notes_for(self, name: str) -> str:
        """The lesson's note for a node; scalar nodes like ``x[0,1]`` use the note of ``x``."""
        notes = self.lesson.notes
        by_label = {spec.label: spec.name for spec in self.lesson.inputs}
        by_label.update({label: name for name, label in self.lesson.labels.items()})
        # x[0,1] and W[1][0,1] (a label's element in the scalar view) are parts of x and W[1]
        parts = (name, name.rsplit("[", 1)[0] if name.endswith("]") else name,
                 name.split("[", 1)[0])
        for key in parts:
            found = notes.get(key) or notes.get(by_label.get(key, ""), "")
            if found:
                return found
        return ""

    def structure(self) -> tuple:
        """What must match for a reload to keep the step position."""
        return (
            self.level,
            tuple((n.kind, n.name, n.op, n.shape) for n in self.graph.nodes),
            tuple((e.src, e.dst, e.arg) for e in self.graph.edges),  # not the locals
        )


def prepare_root(root, names: dict[int, str] | None = None, title: str = "",
                 level: str = TENSOR) -> PreparedLesson:
    """A `PreparedLesson` for a result computed by the user's own code (no lesson file).

    `names` maps id(tensor) → name; the window and the exporter then treat it like a lesson.
    """
    from gradviz.engine.tensor import Tensor

    check_current(root, names)  # a graph drawn after optimizer.step() would not add up
    constants = None
    if level == SCALAR and isinstance(root, Tensor):
        root, constants = expand(root)
    graph = record(root, names=names, title=title, constants=constants)
    lesson = Lesson(path="<code>", title=title or "gradviz")
    return PreparedLesson(lesson, None, graph, StepPlan(graph), level)


@dataclass(frozen=True)
class PreparedScene:
    """An optimizer scene, read and run: what the surface page and its exports show."""

    lesson: Lesson
    scene: SurfaceScene
    kind = SCENE

    @property
    def runs(self) -> tuple:
        """One trajectory per optimizer: the scene's own runs, made once (`SurfaceScene.run`)."""
        return tuple(self.scene.run())

    @property
    def title(self) -> str:
        return self.scene.title or Path(self.lesson.path).stem


@dataclass(frozen=True)
class PreparedTraining:
    """A training lesson, read and checked: its setup; `start` gives a run from iteration 0
    (the run is the caller's: the page advances it, ``gradviz train`` runs it out)."""

    lesson: Lesson
    setup: TrainingSetup
    kind = TRAINING

    def start(self) -> TrainingRun:
        return start_run(self.setup)

    @property
    def title(self) -> str:
        return self.lesson.title or Path(self.lesson.path).stem


def prepare_lesson(source: str | Path | Lesson, level: str | None = None
                   ) -> PreparedLesson | PreparedScene | PreparedTraining:
    """Load (if given a path) and prepare by kind; `level` overrides a graph lesson's own."""
    lesson = source if isinstance(source, Lesson) else load_lesson(source)
    if lesson.kind in UNSUPPORTED:
        line, col = lesson.where(*section_path(first_section(lesson.kind, lesson.raw), lesson.raw))
        raise LessonError(lesson.path, line, col, UNSUPPORTED[lesson.kind], lesson.language)
    return PREPARERS[lesson.kind](lesson, level)


def _prepare_graph(lesson: Lesson, level: str | None) -> PreparedLesson:
    """Run, record and plan."""
    run = run_lesson(lesson)
    run.backward()
    level = level or lesson.level
    root, constants = run.output, None
    if level == SCALAR:
        try:
            root, constants = expand(run.output)
        except (ScalarLimitError, ValueError) as e:
            line, col = lesson.where("lesson", "level", value=True)
            raise LessonError(lesson.path, line, col, "cannot expand this lesson to scalars: "
                              "{error}", lesson.language, error=e) from e
    # Every lesson name is kept from the automatic names, even one off the output's path.
    graph = record(root, title=lesson.title, constants=constants,
                   reserved=[*run.values, *lesson.notes])
    if lesson.groups:  # found by the names the nodes are drawn with
        graph = replace(graph, groups=find_groups(graph, [
            (g.key, g.label, [run.values[name].name for name in g.values if name in run.values])
            for g in lesson.groups]))
    return PreparedLesson(lesson, run, graph, StepPlan(graph), level)


def _prepare_scene(lesson: Lesson, level: str | None = None) -> PreparedScene:
    """Read the scene and run it (a landscape trains while it is read)."""
    try:
        scene = scene_from_lesson(lesson)
        scene.run()  # run now: a run that fails is the file's problem, told as such
    except (ValueError, ArithmeticError) as e:  # e.g. too many updates for a tiny batch
        line, col = lesson.where("surface")
        raise LessonError(lesson.path, line, col, "cannot run the scene: {error}",
                          lesson.language, error=e) from e
    return PreparedScene(lesson, scene)


def _prepare_training(lesson: Lesson, level: str | None = None) -> PreparedTraining:
    """Read the three sections and make the data; the first iteration is tried too, so a
    network the engine cannot run is the file's problem, told at [model]."""
    setup = training_from_lesson(lesson)
    try:
        start_run(setup).advance(1)
    except (ValueError, ArithmeticError, RuntimeError) as e:  # the engine's, as torch's
        line, col = lesson.where("model")
        raise LessonError(lesson.path, line, col, "cannot train this model: {error}",
                          lesson.language, error=e) from e
    return PreparedTraining(lesson, setup)


# one per supported kind
PREPARERS = {GRAPH: _prepare_graph, SCENE: _prepare_scene, TRAINING: _prepare_training}

"""From a lesson file to what the window and the exporter show: graph and step plan.

`prepare_lesson(path)` loads, checks and runs a lesson, records its graph (as tensors, or
expanded to scalars) and plans its steps.  Every failure is a `LessonError` naming file,
line and column, so a caller can keep what it had and show the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gradviz.graph.model import Graph
from gradviz.graph.record import record
from gradviz.graph.scalar import ScalarLimitError, expand
from gradviz.graph.stale import check_current
from gradviz.graph.steps import StepPlan
from gradviz.lesson.parser import Lesson, LessonError, load_lesson
from gradviz.lesson.program import LessonRun, run_lesson

TENSOR, SCALAR = "tensor", "scalar"


@dataclass(frozen=True)
class PreparedLesson:
    lesson: Lesson
    run: LessonRun | None  # None for a graph recorded from the user's own code
    graph: Graph
    plan: StepPlan
    level: str  # TENSOR or SCALAR: what `graph` shows

    @property
    def title(self) -> str:
        return self.lesson.title or Path(self.lesson.path).stem

    def note_in(self, name: str, lang: str) -> str:
        """The note in one language: notes write Spanish first, then a line ``EN: …``."""
        note = self.notes_for(name)
        spanish, marker, english = note.partition("\nEN:")
        if not marker:
            spanish, marker, english = note.partition("EN:")
        if not marker:
            return note
        return english.strip() if lang == "en" else spanish.strip()

    def notes_for(self, name: str) -> str:
        """The lesson's note for a node; scalar nodes like ``x[0,1]`` use the note of ``x``."""
        notes = self.lesson.notes
        by_label = {spec.label: spec.name for spec in self.lesson.inputs}
        for key in (name, name.split("[", 1)[0]):
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


def has_graph(lesson: Lesson) -> bool:
    return lesson.output is not None


def prepare_lesson(source: str | Path | Lesson, level: str | None = None) -> PreparedLesson:
    """Load (if given a path), run, record and plan; `level` overrides the lesson's own."""
    lesson = source if isinstance(source, Lesson) else load_lesson(source)
    if not has_graph(lesson):
        raise LessonError(lesson.path, 1, 1, "this lesson has no [graph] section to draw")
    run = run_lesson(lesson)
    run.backward()
    level = level or lesson.level
    root, constants = run.output, None
    if level == SCALAR:
        try:
            root, constants = expand(run.output)
        except (ScalarLimitError, ValueError) as e:
            line, col = lesson.where("lesson", "level", value=True)
            raise LessonError(lesson.path, line, col, str(e)) from e
    # Every lesson name is kept from the automatic names, even one off the output's path.
    graph = record(root, title=lesson.title, constants=constants,
                   reserved=[*run.values, *lesson.notes])
    return PreparedLesson(lesson, run, graph, StepPlan(graph), level)

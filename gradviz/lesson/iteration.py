"""Step into one iteration of a training run: its forward and backward pass as a graph
lesson, then the parameter updates.

``iteration_lesson(prepared, run, k)`` builds on the engine the graph of iteration ``k`` of
``run`` with the weights before its update (`TrainingRun.state_at`): the batch ``X`` through
every layer (``z1 = Linear(X, W1, b1)``, ``a1 = σ(z1)``, …) to the loss ``J``, run backward,
recorded and planned like any graph lesson, so the stepper shows it as it shows a lesson
file.  With ``record=i`` only the i-th record of the batch goes through (its own
gradients).  The last steps are the updates, one per parameter, with their numbers:
``W^[1] ← W^[1] − α · ∂J/∂W^[1]`` when the optimizer took a plain gradient step, else
``W^[1] ← W^[1] + ΔW`` with the ΔW it took.  For the whole batch the graph's gradients are
the run's (``tests/test_training_iteration.py``).
"""

from __future__ import annotations

import numpy as np

from gradviz.catalog import text
from gradviz.engine import api as gv
from gradviz.engine import functional as F
from gradviz.graph.caption import Caption, Equation, Name, Run, number, value_atoms
from gradviz.graph.record import record
from gradviz.graph.step_text import LazyText, num
from gradviz.graph.steps import StepPlan
from gradviz.graph.stepstate import BACKWARD, Step
from gradviz.lesson.parser import Lesson
from gradviz.lesson.prepare import TENSOR, PreparedLesson, PreparedTraining
from gradviz.training import LAYERS, TrainingRun


def iteration_lesson(prepared: PreparedTraining, run: TrainingRun, k: int,
                     record_index: int | None = None) -> PreparedLesson:
    """Iteration ``k`` (0-based, already run) as a `PreparedLesson` whose last steps are the
    parameter updates; ``record_index`` picks one record of the batch."""
    state = run.state_at(k)
    setup = run.setup
    batch = state.batch if record_index is None else state.batch[[record_index]]
    dtype = getattr(gv, setup.train.dtype)
    names: dict[int, str] = {}

    def leaf(array, name: str, grad: bool):
        tensor = gv.tensor(array, dtype=dtype, requires_grad=grad)
        names[id(tensor)] = name
        return tensor

    h = leaf(setup.data.x[batch], "X", False)
    params: list[tuple[str, object, np.ndarray | None, np.ndarray | None]] = []
    linear = 0
    for layer in setup.model.layers:
        if layer.kind == "Linear":
            linear += 1
            weights = state.layers[linear - 1]
            w = leaf(weights.weight, f"W{linear}", True)
            b = leaf(weights.bias, f"b{linear}", True) if weights.bias is not None else None
            params.append((f"W{linear}", w, weights.grad, weights.after))
            if b is not None:
                params.append((f"b{linear}", b, weights.bias_grad, weights.bias_after))
            h = F.linear(h, w, b)
            names[id(h)] = f"z{linear}"
        else:
            cls = LAYERS[layer.kind][0]
            h = cls(**layer.args)(h)
            names[id(h)] = f"a{linear}"
    target = leaf(run._target_array(setup.data)[batch], "y", False)  # noqa: SLF001
    if setup.train.loss == "cross_entropy":
        target = gv.tensor(setup.data.y[batch], dtype=gv.int64)
        names[id(target)] = "y"
    loss = getattr(F, setup.train.loss)(h, target)
    names[id(loss)] = "J"
    loss.backward()
    title = text("Iteration {k} of {title}", prepared.lesson.language, k=k + 1,
                 title=prepared.title)
    graph = record(loss, names=names, title=title)
    by_name = {node.name: node.id for node in graph.nodes if not node.is_op}
    lr = state.record.lr
    updates = tuple(_update_step(by_name[name], name, np.asarray(tensor.detach().numpy(),
                                                                  dtype=np.float64),
                                 grad, after, lr, setup.train.optimization.kind)
                    for name, tensor, grad, after in params if name in by_name)
    lesson = Lesson(path=prepared.lesson.path, title=title, language=prepared.lesson.language,
                    dtype=setup.train.dtype)
    return PreparedLesson(lesson, None, graph, StepPlan(graph).then(updates), TENSOR)


def plain_step(before: np.ndarray, grad: np.ndarray, after: np.ndarray, lr: float) -> bool:
    """Whether the update was W − α·∂J/∂W (SGD without momentum or decay)."""
    return bool(np.allclose(after, before - lr * grad, rtol=1e-6, atol=1e-12))


def _update_step(node: int, name: str, before: np.ndarray, grad: np.ndarray,
                 after: np.ndarray, lr: float, optimizer: str) -> Step:
    plain = plain_step(before, grad, after, lr)
    symbol = Name(name[0], sup=f"[{name[1:]}]")

    def caption(lang: str) -> Caption:
        start = (symbol, Run(" ← "), *value_atoms(before, lang))
        if plain:
            heading = text("Update of {name}: a step against the gradient, α = {lr}", lang,
                           name=_course(name), lr=num(lr))
            middle = (Run(" − "), number(lr), Run(" · "), *value_atoms(grad, lang))
        else:
            heading = text("{optimizer} moves {name} by ΔW, made from the gradient and its "
                           "own memory", lang, optimizer=optimizer, name=_course(name))
            middle = (Run(" + "), *value_atoms(after - before, lang))
        return Caption(heading, (Equation((start, middle,
                                           (Run(" = "), *value_atoms(after, lang)))),))

    def inspector(lang: str) -> str:
        told = caption(lang)
        rule = f"{_course(name)} ← {_course(name)} − α · ∂J/∂{_course(name)}" if plain else \
            f"{_course(name)} ← {_course(name)} + ΔW"
        lines = [told.heading, rule, f"{_course(name)} = {num(before, lang)}"]
        lines.append(f"∂J/∂{_course(name)} = {num(grad, lang)}" if plain else
                     f"ΔW = {num(after - before, lang)}")
        lines.append(f"→ {num(after, lang)}")
        return "\n".join(lines)

    return Step(BACKWARD, node, LazyText(inspector), caption=LazyText(caption))


def _course(name: str) -> str:
    """W1 → W^[1], as the course writes it in plain text."""
    return f"{name[0]}^[{name[1:]}]"


"""What ``gradviz optimize FILE`` prints: every optimizer's trajectory, as JSON or a table.

``optimize_json(path)`` is what ``gradviz optimize FILE.toml --json`` prints, and
``optimize_table(result)`` the table it prints without ``--json`` (``gradviz run`` prints the
same table for an optimizer scene).  The file is prepared as every command prepares it
(`gradviz.lesson.prepare`); a graph lesson is refused with a pointer to ``gradviz run``.
"""

from __future__ import annotations

import json
import math
import sys

from gradviz.catalog import language, text
from gradviz.lesson.kinds import SCENE
from gradviz.lesson.parser import LessonError
from gradviz.lesson.prepare import PreparedScene, prepare_lesson
from gradviz.surfaces.outcome import outcome


def only_scene(path) -> PreparedScene:
    """The prepared scene of `path`; a graph lesson is a `LessonError` at its [graph]."""
    prepared = prepare_lesson(path)
    if prepared.kind != SCENE:
        line, col = prepared.lesson.where("graph")
        raise LessonError(prepared.lesson.path, line, col,
                          "gradviz optimize runs optimizer scenes and this is a graph "
                          "lesson; gradviz run prints its values and gradients",
                          prepared.lesson.language)
    return prepared


def optimize_command(path: str, as_json: bool = True, lang: str | None = None) -> int:
    from gradviz.app.lesson_cli import said

    try:
        result = optimize_json(path, lang)
    except LessonError as e:
        print(f"gradviz: {said(e, lang)}", file=sys.stderr)
        return 1
    if as_json:
        print(json_text(result))
        return 0
    print(optimize_table(result))  # status: as the plot says at its last iteration
    return 0


def optimize_json(source, lang: str | None = None) -> dict:
    """``{"surface", "title", "language", "optimizers": [{"name", "params", "path": [[x, y,
    loss], …], "diverged", "diverged_at", "escaped", "escaped_at", "status", "status_at",
    "status_text"}]}``; every non-finite number (a loss, a position far off) is null, as
    strict JSON (`json_text`) needs; the run's ``status`` says why.  ``escaped``: the run stopped
    far off while still descending (a surface unbounded below), which is not divergence.
    ``status`` is what the plot shows at its last iteration (`gradviz.surfaces.outcome`):
    "ok", "leaves" (outside the plotted range since iteration ``status_at``) or "diverged"
    (at ``status_at``); ``status_text`` says it in ``language`` (``lang``, else the
    lesson's, else Spanish): "leaves the range at iteration 21".  A landscape adds
    ``"network": {"data", "hidden", "seed", "parameters"}`` and ``"explained_variance":
    [pc1, pc2]``; its path rows are [pc1, pc2, training loss].  `source` is a file or a
    `PreparedScene`."""
    prepared = source if isinstance(source, PreparedScene) else only_scene(source)
    lesson, scene, runs = prepared.lesson, prepared.scene, prepared.runs
    lang = language(lang or lesson.language)
    optimizers = []
    for spec, run in zip(scene.specs, runs, strict=True):
        params = {"type": spec.kind, **{k: _plain(v) for k, v in spec.params.items()}}
        if spec.schedule is not None:
            params["schedule"] = {"type": spec.schedule.kind, **spec.schedule.params}
        if spec.batch_size is not None:
            params["batch_size"] = spec.batch_size
        path_rows = [[_finite(x), _finite(y), _finite(loss)]
                     for (x, y), loss in zip(run.positions, run.losses, strict=False)]
        ended = outcome(run, scene.surface.range)
        optimizers.append({"name": run.label, "params": params, "path": path_rows,
                           "diverged": run.diverged, "diverged_at": run.diverged_at,
                           "escaped": run.escaped,
                           "escaped_at": getattr(run, "escaped_at", None),
                           "status": ended.status, "status_at": ended.at,
                           "status_text": ended.text(lang)})
    result = {"surface": scene.surface.name, "title": scene.title, "language": lang,
              "optimizers": optimizers}
    if scene.landscape is not None:
        net = scene.network
        result["network"] = {"data": net.data, "hidden": net.hidden, "seed": net.seed,
                             "parameters": net.parameters}
        result["explained_variance"] = [_finite(v) for v in scene.landscape.explained_variance]
    return strict(result)


TABLE_HEADINGS = ("optimizer", "steps", "loss", "status")  # Spanish in gradviz.catalog.lesson


def optimize_table(result: dict) -> str:
    """`optimize_json`'s result as the table ``gradviz optimize`` prints: per optimizer its
    steps, where it ended, the loss there and its status, in the result's language."""
    lang = language(result.get("language"))
    name, steps, loss_heading, status = (text(heading, lang) for heading in TABLE_HEADINGS)
    lines = [f"{name:<22}{steps:>7}{'x':>12}{'y':>12}{loss_heading:>14}  {status}"]
    for run in result["optimizers"]:
        x, y, loss = run["path"][-1] if run["path"] else (None, None, None)
        cells = [f"{v:>12.5g}" if isinstance(v, float) else f"{'—':>12}" for v in (x, y)]
        loss_text = f"{loss:>14.6g}" if isinstance(loss, float) else f"{'—':>14}"
        lines.append(f"{run['name']:<22}{len(run['path']) - 1:>7}{''.join(cells)}{loss_text}"
                     f"  {run['status_text']}")
    return "\n".join(lines)


def json_text(result) -> str:
    """`result` as strict JSON (RFC 8259), which has no NaN nor infinities: each, wherever
    it sits (a loss, a position far off, a parameter), is written as null, and the run's
    ``status`` says why.  Non-ASCII text is written as ``\\u`` escapes, so that any
    terminal or pipe carries it whatever its encoding."""
    return json.dumps(strict(result), ensure_ascii=True, allow_nan=False)


def strict(value):
    """`value` with every non-finite float, at any depth, replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: strict(v) for key, v in value.items()}
    if isinstance(value, list | tuple):
        return [strict(v) for v in value]
    return value


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def _finite(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None

"""PNG exports shared by the window and `gradviz export`: one step, or every step.

Both paths lay the graph out once with the same theme fonts and draw it with the same scene,
so the same step gives the same picture from the window and from the command line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from gradviz.app.arguments import step_number
from gradviz.catalog import text
from gradviz.graph.layout import Layout
from gradviz.lesson.prepare import PreparedLesson
from gradviz.view.export import ensure_qapp, render_png
from gradviz.view.frames import remove_stale_frames
from gradviz.view.scene import layout_for_view
from gradviz.view.theme import THEMES


class StepSpecError(ValueError):
    pass


def parse_step(spec: str, plan) -> int:
    """``forward:N`` (1-based), ``backward:N`` (1-based), ``start``, ``end`` or a frame number
    ``N`` as `export_all_steps` numbers its files (0 is the start: step index N − 1)."""
    spec = spec.strip().lower()
    if spec in ("end", "last"):
        return plan.last
    if spec in ("start", "none"):
        return -1
    match = re.fullmatch(r"(forward|backward):([0-9]+)", spec)
    n = step_number(match.group(2)) if match else None
    if n is not None:
        phase = match.group(1)
        count = plan.backward_start if phase == "forward" else len(plan) - plan.backward_start
        if not 1 <= n <= count:
            raise StepSpecError(f"--step {spec}: the {phase} pass has steps 1..{count}")
        return n - 1 if phase == "forward" else plan.backward_start + n - 1
    frame = step_number(spec)
    if frame is not None:
        if not 0 <= frame <= len(plan):
            raise StepSpecError(f"--step {spec}: frames are 0 (the start) to {len(plan)} "
                                "(the end), as --all-steps numbers them")
        return frame - 1
    raise StepSpecError(
        f"--step {spec!r}: expected forward:N, backward:N, start or end")


def parse_iteration(spec: str, last: int) -> int:
    """An optimizer scene's ``--step``: an iteration ``N`` (0 … ``last``, the scrubber's
    position), ``start`` (0) or ``end`` (``last``).  ``forward:N``/``backward:N`` are a
    graph lesson's; they are refused with a message that says so."""
    text = spec.strip().lower()
    if text in ("end", "last"):
        return last
    if text == "start":
        return 0
    expected = f"an optimizer scene takes an iteration 0..{last}, start or end"
    if re.fullmatch(r"(forward|backward):\S*", text):
        raise StepSpecError(f"--step {spec}: forward:N and backward:N step through a graph "
                            f"lesson's passes; {expected}")
    k = step_number(text)
    if k is not None:
        if not 0 <= k <= last:
            raise StepSpecError(f"--step {spec}: {expected}")
        return k
    raise StepSpecError(f"--step {spec!r}: {expected}")


def step_caption(plan, k: int, lang: str) -> str:
    """``"  ·  atrás 2/4"``: where a frame sits in the plan, for slides flipped in order."""
    if k < 0:
        return ""
    if k < plan.backward_start:
        return "  ·  " + text("forward {k}/{n}", lang, k=k + 1, n=plan.backward_start)
    return "  ·  " + text("backward {k}/{n}", lang, k=k - plan.backward_start + 1,
                          n=len(plan) - plan.backward_start)


def lesson_layout(prepared: PreparedLesson, theme: str = "light") -> Layout:
    ensure_qapp()  # node sizes are measured with Qt's fonts
    return layout_for_view(prepared.graph, THEMES[theme])


def export_step(prepared: PreparedLesson, k: int, path: str | os.PathLike, *, theme="light",
                scale=2.0, lang="es", transparent=False, layout: Layout | None = None,
                title: bool = True) -> None:
    layout = layout or lesson_layout(prepared, theme)
    state = prepared.plan.state(k)
    render_png(prepared.graph, layout, state, path, theme=THEMES[theme], scale=scale,
               lang=lang, transparent=transparent,
               title=f"{_cut(prepared.title)}{step_caption(prepared.plan, k, lang)}" if title
               else None)


CAPTIONED_TITLE = 150  # characters of the lesson's title kept before a frame's step caption


def _cut(title: str) -> str:
    """A title that long is cut here, so that the step caption after it stays in the
    picture (`gradviz.view.export.title_lines` wraps and cuts what is left)."""
    return title if len(title) <= CAPTIONED_TITLE else title[:CAPTIONED_TITLE - 1] + "…"


def export_all_steps(prepared: PreparedLesson, folder: str | os.PathLike, *, theme="light",
                     scale=2.0, lang="es", transparent=False, progress=None) -> list[Path]:
    """One numbered PNG per step (00 is the graph before the first step), named so that
    they sort in order and say what the title says: ``step_05_backward_2.png`` is the
    frame titled "backward 2/4".  The frames of an earlier export into the same folder are
    then removed (`gradviz.view.frames`)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    layout = lesson_layout(prepared, theme)
    written = []
    digits = len(str(len(prepared.plan) + 1))
    for k in range(-1, len(prepared.plan)):
        phase = prepared.plan.phase_of(k)
        within = k + 1 if k < prepared.plan.backward_start else k - prepared.plan.backward_start + 1
        name = f"{phase}_{within}" if phase else "start"
        path = folder / f"step_{k + 1:0{digits}d}_{name}.png"
        export_step(prepared, k, path, theme=theme, scale=scale, lang=lang,
                    transparent=transparent, layout=layout)
        written.append(path)
        if progress is not None:
            progress(k + 2, len(prepared.plan) + 1)
    remove_stale_frames(folder, written)
    return written

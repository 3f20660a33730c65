"""Exports shared by the window and `gradviz export`: one step, or every step, of a graph lesson.

Both paths lay the graph out once with the same theme fonts and draw it with the same scene,
so the same step gives the same picture from the window and from the command line.  One
`StepPictures` builds the scene once and moves it from step to step (as the window does),
so every step of a lesson costs one drawing, not one scene.  What is written follows the
``-o`` name's suffix (`gradviz.view.export_formats`): PNG, SVG or PDF for one step; a folder
of PNG frames, a PDF of one page per step, a GIF or an MP4 for every step.

`ExportLook` says how it looks: theme, scale (``--frame graph``: the graph's own box, as
large as `scale` says), or a 16:9 slide (``--frame slide``: 1080p or 4K, with the caption
band's chain rule at presenter size, `gradviz.app.export_slides`), the text size (the
window's View → Larger text), transparency.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gradviz.app.arguments import step_number
from gradviz.catalog import text
from gradviz.catalog.lesson import Message, SaidError
from gradviz.graph.groups import closed_groups
from gradviz.graph.layout import Layout
from gradviz.lesson.prepare import PreparedLesson
from gradviz.view.export import MAX_SIDE, ensure_qapp, save_image_atomically, scene_picture
from gradviz.view.export_formats import FOLDER, GIF, MP4, PDF, PNG, SVG
from gradviz.view.export_writers import (
    Encoder,
    Picture,
    centred,
    picture_image,
    save_gif,
    save_mp4,
    save_pdf,
    save_png,
    save_svg,
)
from gradviz.view.frames import remove_stale_frames
from gradviz.view.interrupts import qt_drawing
from gradviz.view.scene import GraphScene, layout_for_view
from gradviz.view.theme import THEMES, Theme

GRAPH, SLIDE = "graph", "slide"  # --frame
FRAMES = (GRAPH, SLIDE)
SECONDS_PER_STEP = 1.5  # a GIF or MP4 of a graph lesson: each step shown this long
MAX_GIF_FRAMES = 400  # a GIF keeps every frame in memory: past this, an MP4 or a folder


class StepSpecError(SaidError):
    """A ``--step`` that names no step: ``str(e)`` the English, ``e.said`` its `Message`
    (`gradviz.catalog.lesson.said_in` says it in ``--lang``)."""


@dataclass(frozen=True)
class ExportLook:
    theme: str = "light"
    scale: float = 2.0  # --frame graph: pixels per point of the drawing
    lang: str = "es"
    transparent: bool = False
    frame: str = GRAPH
    size: tuple[int, int] = (1920, 1080)  # --frame slide
    text_scale: float = 1.0
    collapse: bool = False  # each group one box, but those the step enters (the window's K)

    def graph_theme(self) -> Theme:
        """The scene's theme at the text size (what the window's lesson page draws with)."""
        return THEMES[self.theme].with_text_scale(self.text_scale)


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
            raise StepSpecError(
                Message("--step {spec}: the forward pass has steps 1..{count}", spec=spec,
                        count=count) if phase == "forward" else
                Message("--step {spec}: the backward pass has steps 1..{count}", spec=spec,
                        count=count))
        return n - 1 if phase == "forward" else plan.backward_start + n - 1
    frame = step_number(spec)
    if frame is not None:
        if not 0 <= frame <= len(plan):
            raise StepSpecError(Message("--step {spec}: frames are 0 (the start) to {n} (the "
                                        "end), as --all-steps numbers them", spec=spec,
                                        n=len(plan)))
        return frame - 1
    raise StepSpecError(Message("--step {spec}: expected forward:N, backward:N, start or end",
                                spec=repr(spec)))


def parse_iteration(spec: str, last: int, what: str = "an optimizer scene") -> int:
    """An optimizer scene's (or a training lesson's, `what`) ``--step``: an iteration ``N``
    (0 … ``last``, the scrubber's position), ``start`` (0) or ``end`` (``last``).
    ``forward:N``/``backward:N`` are a graph lesson's; they are refused with a message
    that says so."""
    text = spec.strip().lower()
    if text in ("end", "last"):
        return last
    if text == "start":
        return 0
    kind = {"an optimizer scene": Message("an optimizer scene"),  # said in --lang too
            "a training lesson": Message("a training lesson")}.get(what, what)
    expected = Message("{what} takes an iteration 0..{last}, start or end", what=kind,
                       last=last)
    if re.fullmatch(r"(forward|backward):\S*", text):
        raise StepSpecError(Message("--step {spec}: forward:N and backward:N step through a "
                                    "graph lesson's passes; {expected}", spec=spec,
                                    expected=expected))
    k = step_number(text)
    if k is not None:
        if not 0 <= k <= last:
            raise StepSpecError(Message("--step {spec}: {expected}", spec=spec,
                                        expected=expected))
        return k
    raise StepSpecError(Message("--step {spec}: {expected}", spec=repr(spec), expected=expected))


def step_caption(plan, k: int, lang: str) -> str:
    """``"  ·  atrás 2/4"``: where a frame sits in the plan, for slides flipped in order."""
    if k < 0:
        return ""
    if k < plan.backward_start:
        return "  ·  " + text("forward {k}/{n}", lang, k=k + 1, n=plan.backward_start)
    return "  ·  " + text("backward {k}/{n}", lang, k=k - plan.backward_start + 1,
                          n=len(plan) - plan.backward_start)


def frame_title(prepared: PreparedLesson, k: int, lang: str) -> str:
    """The lesson's title (cut when long) and where step k sits."""
    return f"{_cut(prepared.title)}{step_caption(prepared.plan, k, lang)}"


def lesson_layout(prepared: PreparedLesson, theme: str | Theme = "light") -> Layout:
    ensure_qapp()  # node sizes are measured with Qt's fonts
    return layout_for_view(prepared.graph, THEMES[theme] if isinstance(theme, str) else theme)


CAPTIONED_TITLE = 150  # characters of the lesson's title kept before a frame's step caption


def _cut(title: str) -> str:
    """A title that long is cut here, so that the step caption after it stays in the
    picture (`gradviz.view.export.title_lines` wraps and cuts what is left)."""
    return title if len(title) <= CAPTIONED_TITLE else title[:CAPTIONED_TITLE - 1] + "…"


class StepPictures:
    """A lesson's pictures at any step, from one scene moved from step to step."""

    def __init__(self, prepared: PreparedLesson, look: ExportLook,
                 layout: Layout | None = None, title: bool = True) -> None:
        self.prepared, self.look, self.title = prepared, look, title
        theme = look.graph_theme()
        self.layout = layout or lesson_layout(prepared, theme)
        scale = look.scale if look.frame == GRAPH else 1.0
        long_side = max(self.layout.width, self.layout.height) * scale
        if long_side > MAX_SIDE:  # a long chain would be a 24,000-pixel strip
            scale *= MAX_SIDE / long_side
        self.band = None
        with qt_drawing():
            self.scene = GraphScene(prepared.graph, self.layout, theme.with_scale(scale),
                                    look.lang)
        if look.frame == SLIDE:
            from gradviz.app.export_slides import SlideBand

            self.band = SlideBand(prepared, look.lang, look.theme, look.text_scale)
            self.band.reserve(range(-1, len(prepared.plan)))

    def picture(self, k: int) -> Picture:
        from gradviz.view.export_slide import slide_picture

        with qt_drawing():
            if self.look.collapse:
                plan = self.prepared.plan
                self.scene.show_boxes(closed_groups(self.prepared.graph,
                                                    plan.steps[k] if k >= 0 else None))
            self.scene.show_state(self.prepared.plan.state(k))
        title = frame_title(self.prepared, k, self.look.lang) if self.title else None
        if self.band is None:
            return scene_picture(self.scene, self.look.transparent, title)
        height = self.band.show(k)
        return slide_picture(self.scene, self.look.size, title, height, self.band.paint,
                             self.look.transparent)

    def close(self) -> None:
        with qt_drawing():
            self.scene.clear()
            self.scene.deleteLater()
        if self.band is not None:
            self.band.close()


def write_picture(picture: Picture, path: str | os.PathLike, kind: str, title: str = "") -> None:
    """One picture as the file `kind` says (`PNG`, `SVG`, `PDF`)."""
    if kind == SVG:
        save_svg(picture, path, title)
    elif kind == PDF:
        save_pdf([picture], path, title)
    else:
        save_image_atomically(picture_image(picture), path)


def export_step(prepared: PreparedLesson, k: int, path: str | os.PathLike, *, theme="light",
                scale=2.0, lang="es", transparent=False, layout: Layout | None = None,
                title: bool = True, look: ExportLook | None = None) -> None:
    """Step k as one picture, the file's kind chosen by its suffix (PNG when none)."""
    look = look or ExportLook(theme, scale, lang, transparent)
    kind = {".svg": SVG, ".pdf": PDF}.get(Path(path).suffix.lower(), PNG)
    pictures = StepPictures(prepared, look, layout, title)
    try:
        write_picture(pictures.picture(k), path, kind, prepared.title)
    finally:
        pictures.close()


def frame_names(prepared: PreparedLesson) -> list[tuple[int, str]]:
    """(step index, file name) of every frame: ``step_05_backward_2.png`` is the frame
    titled "backward 2/4" (00 is the graph before the first step)."""
    plan = prepared.plan
    digits = len(str(len(plan) + 1))
    names = []
    for k in range(-1, len(plan)):
        phase = plan.phase_of(k)
        within = k + 1 if k < plan.backward_start else k - plan.backward_start + 1
        name = f"{phase}_{within}" if phase else "start"
        names.append((k, f"step_{k + 1:0{digits}d}_{name}.png"))
    return names


def export_all_steps(prepared: PreparedLesson, output: str | os.PathLike, *, theme="light",
                     scale=2.0, lang="es", transparent=False, progress=None,
                     kind: str = FOLDER, look: ExportLook | None = None,
                     seconds: float = SECONDS_PER_STEP) -> list[Path]:
    """Every step, in order: a folder of numbered PNGs (named by `frame_names`; the frames
    of an earlier export into the same folder are then removed, `gradviz.view.frames`),
    or one PDF page, GIF frame or MP4 frame per step into the file `output`.  Returns the
    files written (the one file for PDF, GIF and MP4)."""
    look = look or ExportLook(theme, scale, lang, transparent)
    names = frame_names(prepared)
    total = len(names)
    if kind == GIF and total > MAX_GIF_FRAMES:
        raise ValueError(text(
            "{n} steps are too many for a GIF (at most {most}): write an .mp4 or a folder",
            look.lang, n=total, most=MAX_GIF_FRAMES))
    pictures = StepPictures(prepared, look)
    tick = _ticker(progress, total)
    try:
        if kind == FOLDER:
            return _write_folder(((name, pictures.picture(k)) for k, name in names),
                                 Path(output), tick)
        frames = (pictures.picture(k) for k, _ in names)
        if kind in (GIF, MP4) and look.frame == GRAPH:  # a title may widen some frames
            width = max(pictures.picture(k).width for k, _ in names)
            height = max(pictures.picture(k).height for k, _ in names)
            frames = (centred(p, width, height) for p in frames)
        _write_sequence(frames, output, kind, prepared.title, seconds, THEMES[look.theme],
                        tick)
        return [Path(output)]
    finally:
        pictures.close()


def _ticker(progress, total: int) -> Callable[[int], None]:
    return (lambda done: progress(done, total)) if progress is not None else (lambda done: None)


def _write_folder(frames: Iterable[tuple[str, Picture]], folder: Path, tick) -> list[Path]:
    """(file name, picture) pairs as PNGs in `folder`, which ends holding exactly these."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with Encoder() as encoder:  # PNGs encode on other cores while the next step is drawn
        for n, (name, picture) in enumerate(frames, 1):
            path = folder / name
            encoder.submit(save_png, picture_image(picture), path)
            written.append(path)
            tick(n)
    remove_stale_frames(folder, written)
    return written


def write_frames(frames: Iterable[tuple[str, Picture]], output, kind: str, title: str,
                 seconds: float, theme: Theme, tick) -> int:
    """(file name, picture) pairs as a folder of PNGs, or as one PDF, GIF or MP4 (the names
    unused); returns how many pictures were written."""
    if kind == FOLDER:
        return len(_write_folder(frames, Path(output), tick))
    count = 0

    def counted():
        nonlocal count
        for _, picture in frames:
            count += 1
            yield picture

    _write_sequence(counted(), output, kind, title, seconds, theme, tick)
    return count


def _write_sequence(pictures: Iterator[Picture], path, kind: str, title: str, seconds: float,
                    theme: Theme, tick) -> None:
    """A PDF page, GIF frame or MP4 frame per picture."""
    if kind == PDF:
        save_pdf(pictures, path, title, progress=tick)
        return
    images = (picture_image(p) for p in pictures)
    if kind == GIF:
        save_gif(images, path, seconds, progress=tick)
    elif kind == MP4:
        save_mp4(images, path, 1.0 / seconds, theme.background, progress=tick)
    else:
        raise ValueError(f"not an animation: {kind}")

"""`gradviz export`: headless pictures for slides, of a graph lesson or an optimizer scene.

The file is prepared as every command prepares it (`gradviz.lesson.prepare`), which also says
which kind of lesson it is.  Errors (a bad lesson, a bad --step, an ``-o`` suffix no export
writes, no layout program, an unwritable folder) print one clear line on stderr and exit 1;
nothing half-written is left behind (every file is written atomically).

The ``-o`` name's suffix says what is written (`gradviz.view.export_formats`): ``.png``,
``.svg`` or ``.pdf`` one picture (``--step``; with ``--all-steps`` a ``.pdf`` has one page per
step), ``.gif`` or ``.mp4`` every step as one frame each, a folder (``--all-steps``) numbered
PNG frames.  For a graph lesson ``--step`` is ``forward:N``, ``backward:N``, ``start`` or
``end``; for an optimizer scene it is an iteration ``N`` (the page's scrubber position),
``start`` or ``end``, and every step is one frame per iteration, or one every k iterations so
that there are at most `MAX_FRAMES` (it says so).  ``--frame slide`` makes 16:9 slides
(``--size 1080p`` or ``4k``) with the step's chain rule (a graph lesson) or the loss curves
(an optimizer scene) beside the picture; it is the default of animations.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from gradviz.app.lesson_cli import said
from gradviz.catalog import language, text
from gradviz.catalog.lesson import said_in
from gradviz.graph.layout import LayoutError
from gradviz.lesson.parser import LessonError
from gradviz.view.export_formats import ANIMATED, FOLDER, PDF, ExportFormatError, output_format

SCENE_FPS = 10.0  # an optimizer scene's animation: iterations a second (every k-th past 101)


def _fail(message: str) -> int:
    print(f"gradviz: {message}", file=sys.stderr)
    return 1


def _replacing(earlier: list[Path]) -> str:
    """What `--all-steps` says when the folder held frames of an earlier export."""
    if not earlier:
        return ""
    return "; " + text("they replace the {n} frames of an earlier export", "en",
                       n=len(earlier))


def export_command(args) -> int:
    """`gradviz export`; ``args.step`` is None when --step was not given (the end), so
    ``--all-steps --step end`` is the conflict it looks like."""
    if args.all_steps and args.step is not None:
        return _fail(f"--step {args.step} and --all-steps: --step writes one image, "
                     f"--all-steps one per step into a folder; give one of them")
    words = language(args.lang) if args.lang else "en"  # the command line's, unless --lang
    try:
        kind = output_format(args.output, args.all_steps, args.step, words)
    except ExportFormatError as e:
        return _fail(str(e))
    from gradviz.lesson.kinds import SCENE, TRAINING
    from gradviz.lesson.prepare import SCALAR, prepare_lesson
    from gradviz.view.interrupts import qt_drawing

    with qt_drawing():  # importing Qt runs Python code from C++: see gradviz.view.interrupts
        from gradviz.app.exporting import StepSpecError

    try:
        prepared = prepare_lesson(args.file, level=SCALAR if args.scalar else None)
    except LessonError as e:
        return _fail(said(e, args.lang))
    every_step = kind in ANIMATED or kind == FOLDER or (kind == PDF and args.all_steps)
    try:
        if prepared.kind == SCENE:
            return _export_surface(prepared, args, kind, every_step)
        if prepared.kind == TRAINING:
            return _export_training(prepared, args, kind, every_step)
        return _export_graph(prepared, args, kind, every_step)
    except LessonError as e:
        return _fail(said(e, args.lang))
    except (StepSpecError, LayoutError, ValueError) as e:
        return _fail(said_in(e, words))
    except OSError as e:
        return _fail(text("cannot write {output}: {reason}", words, output=str(args.output),
                          reason=e.strerror or str(e)))


def _look(args, prepared, kind: str):
    from gradviz.app.arguments import SLIDE_SIZES
    from gradviz.app.exporting import GRAPH, SLIDE, ExportLook

    frame = args.frame or (SLIDE if kind in ANIMATED else GRAPH)
    return ExportLook(theme=args.theme, scale=args.scale,
                      lang=language(args.lang or prepared.lesson.language),
                      transparent=args.transparent, frame=frame, size=SLIDE_SIZES[args.size],
                      text_scale=args.text_size, collapse=args.collapse)


def _export_graph(prepared, args, kind: str, every_step: bool) -> int:
    from gradviz.app.exporting import SECONDS_PER_STEP, export_all_steps, export_step, parse_step
    from gradviz.view.frames import frame_files

    look = _look(args, prepared, kind)
    if every_step:
        earlier = frame_files(args.output) if kind == FOLDER else []
        seconds = 1.0 / args.fps if args.fps else SECONDS_PER_STEP
        written = export_all_steps(prepared, args.output, kind=kind, look=look,
                                   seconds=seconds)
        count = len(written) if kind == FOLDER else len(prepared.plan) + 1
        print(f"wrote {count} {_what(kind)} to {args.output}{_replacing(earlier)}")
        return 0
    k = parse_step(args.step or "end", prepared.plan)
    export_step(prepared, k, args.output, look=look)
    print(f"wrote {args.output}")
    return 0


def _what(kind: str) -> str:
    return {FOLDER: "images", PDF: "pages"}.get(kind, "frames")


def _export_surface(prepared, args, kind: str, every_step: bool) -> int:
    from gradviz.view.frames import frame_files
    from gradviz.view.interrupts import qt_drawing

    with qt_drawing():
        from gradviz.app.export_scenes import export_scene_frames, export_scene_step
        from gradviz.app.exporting import parse_iteration
        from gradviz.view.surface_export import MAX_FRAMES, frame_iterations, last_iteration

    scene, runs = prepared.scene, list(prepared.runs)
    look = _look(args, prepared, kind)
    last = last_iteration(runs)
    if every_step:
        iterations = frame_iterations(last)
        earlier = frame_files(args.output) if kind == FOLDER else []
        fps = args.fps or SCENE_FPS
        count = export_scene_frames(scene, runs, args.output, kind, look, iterations, fps)
        every = iterations[1] - iterations[0] if len(iterations) > 2 else 1
        print(f"wrote {count} {_what(kind)} to {args.output}" + (
            f" (every {every} iterations of {last}, and the last: at most {MAX_FRAMES} "
            f"images)" if every > 1 else "") + _replacing(earlier))
        return 0
    step = parse_iteration(args.step or "end", last)
    export_scene_step(scene, runs, args.output, kind, look, step)
    print(f"wrote {args.output}")
    return 0


def _export_training(prepared, args, kind: str, every_step: bool) -> int:
    """The training page at an iteration (``--step N``, start, end), or at every k-th one
    and the last (at most `MAX_FRAMES`): always a 16:9 slide at ``--size``."""
    from gradviz.app.exporting import SLIDE
    from gradviz.view.frames import frame_files
    from gradviz.view.interrupts import qt_drawing

    lang = language(args.lang) if args.lang else "en"
    if args.frame not in (None, SLIDE):
        return _fail(text("--frame {frame}: a training lesson is exported as its training "
                          "page, a 16:9 slide (--size 1080p or 4k); leave --frame out",
                          lang, frame=args.frame))
    with qt_drawing():
        from gradviz.app.export_training import (
            export_training_frames,
            export_training_step,
            last_training_iteration,
        )
        from gradviz.app.exporting import parse_iteration
        from gradviz.view.surface_export import MAX_FRAMES, frame_iterations

    look = replace(_look(args, prepared, kind), frame=SLIDE)
    last = last_training_iteration(prepared)
    if every_step:
        iterations = frame_iterations(last)
        earlier = frame_files(args.output) if kind == FOLDER else []
        fps = args.fps or SCENE_FPS
        count = export_training_frames(prepared, args.output, kind, look, iterations, fps)
        every = iterations[1] - iterations[0] if len(iterations) > 2 else 1
        print(f"wrote {count} {_what(kind)} to {args.output}" + (
            f" (every {every} iterations of {last}, and the last: at most {MAX_FRAMES} "
            f"images)" if every > 1 else "") + _replacing(earlier))
        return 0
    step = parse_iteration(args.step or "end", last, "a training lesson")
    export_training_step(prepared, args.output, kind, look, step)
    print(f"wrote {args.output}")
    return 0

"""`gradviz export`: headless PNGs for slides, of a graph lesson or an optimizer scene.

The file is prepared as every command prepares it (`gradviz.lesson.prepare`), which also says
which kind of lesson it is.  Errors (a bad lesson, a bad --step, no layout program, an
unwritable folder) print one clear line on stderr and exit 1; nothing half-written is left
behind (PNGs are atomic).

Graph lessons and optimizer scenes follow the same rules: ``-o`` names a ``.png`` file, or
with ``--all-steps`` a folder of numbered frames; ``--step`` picks one picture and cannot be
combined with ``--all-steps``.  For a graph lesson ``--step`` is ``forward:N``,
``backward:N``, ``start`` or ``end``; for an optimizer scene it is an iteration ``N`` (the
page's scrubber position), ``start`` or ``end``, and ``--all-steps`` writes one frame per
iteration, or one every k iterations so that there are at most `MAX_FRAMES` (it says so).
"""

from __future__ import annotations

import sys
from pathlib import Path

from gradviz.app.lesson_cli import said
from gradviz.catalog import language, text
from gradviz.graph.layout import LayoutError
from gradviz.lesson.parser import LessonError


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
    if not args.all_steps and Path(args.output).suffix.lower() != ".png":
        return _fail(f"-o {args.output}: gradviz writes PNG images; use a name ending in .png")
    from gradviz.lesson.kinds import SCENE, TRAINING
    from gradviz.lesson.prepare import SCALAR, prepare_lesson
    from gradviz.view.frames import frame_files
    from gradviz.view.interrupts import qt_drawing

    with qt_drawing():  # importing Qt runs Python code from C++: see gradviz.view.interrupts
        from gradviz.app.exporting import StepSpecError, export_all_steps, export_step, parse_step

    try:
        prepared = prepare_lesson(args.file, level=SCALAR if args.scalar else None)
    except LessonError as e:
        return _fail(said(e, args.lang))
    if prepared.kind == SCENE:
        return _export_surface(prepared, args)
    if prepared.kind == TRAINING:  # until the training page can be drawn headless
        return _fail(said(LessonError(prepared.lesson.path, 1, 1, "gradviz export draws "
                                      "training lessons once the training page exists; "
                                      "gradviz train prints this one's curves",
                                      prepared.lesson.language), args.lang))
    try:
        lang = language(args.lang or prepared.lesson.language)
        if args.all_steps:
            earlier = frame_files(args.output)
            written = export_all_steps(prepared, args.output, theme=args.theme,
                                       scale=args.scale, lang=lang,
                                       transparent=args.transparent)
            print(f"wrote {len(written)} images to {args.output}{_replacing(earlier)}")
            return 0
        k = parse_step(args.step or "end", prepared.plan)
        export_step(prepared, k, args.output, theme=args.theme, scale=args.scale, lang=lang,
                    transparent=args.transparent)
    except LessonError as e:
        return _fail(said(e, args.lang))
    except (StepSpecError, LayoutError) as e:
        return _fail(str(e))
    except OSError as e:
        return _fail(f"cannot write {args.output}: {e.strerror or e}")
    print(f"wrote {args.output}")
    return 0


def _export_surface(prepared, args) -> int:
    from gradviz.view.frames import frame_files
    from gradviz.view.interrupts import qt_drawing

    with qt_drawing():
        from gradviz.app.exporting import StepSpecError, parse_iteration
        from gradviz.view.surface_export import (
            MAX_FRAMES,
            frame_iterations,
            last_iteration,
            render_surface_frames,
            render_surface_png,
        )

    try:
        scene, runs = prepared.scene, list(prepared.runs)
        lang = language(args.lang or prepared.lesson.language)
        last = last_iteration(runs)
        options = {"theme": args.theme, "scale": args.scale, "lang": lang,
                   "transparent": args.transparent, "runs": runs}
        if args.all_steps:
            iterations = frame_iterations(last)
            earlier = frame_files(args.output)
            written = render_surface_frames(scene, args.output, iterations=iterations,
                                            **options)
            every = iterations[1] - iterations[0] if len(iterations) > 2 else 1
            print(f"wrote {len(written)} images to {args.output}" + (
                f" (every {every} iterations of {last}, and the last: at most {MAX_FRAMES} "
                f"images)" if every > 1 else "") + _replacing(earlier))
            return 0
        step = parse_iteration(args.step or "end", last)
        render_surface_png(scene, args.output, step=step, **options)
    except LessonError as e:
        return _fail(said(e, args.lang))
    except (StepSpecError, ValueError) as e:
        return _fail(str(e))
    except OSError as e:
        return _fail(f"cannot write {args.output}: {e.strerror or e}")
    print(f"wrote {args.output}")
    return 0

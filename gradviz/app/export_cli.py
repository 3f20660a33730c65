"""`gradviz export` and `gradviz optimize`: headless output for slides and scripts.

Errors (a bad lesson, a bad --step, no layout program, an unwritable folder) print one
clear line on stderr and exit 1; nothing half-written is left behind (PNGs are atomic).

Graph lessons and optimizer scenes follow the same rules: ``-o`` names a ``.png`` file, or
with ``--all-steps`` a folder of numbered frames; ``--step`` picks one picture and cannot be
combined with ``--all-steps``.  For a graph lesson ``--step`` is ``forward:N``,
``backward:N``, ``start`` or ``end``; for an optimizer scene it is an iteration ``N`` (the
page's scrubber position), ``start`` or ``end``, and ``--all-steps`` writes one frame per
iteration, or one every k iterations so that there are at most `MAX_FRAMES` (it says so).
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

from gradviz.graph.layout import LayoutError
from gradviz.lesson.parser import LessonError


def _fail(message: str) -> int:
    print(f"gradviz: {message}", file=sys.stderr)
    return 1


def _is_surface_lesson(path: str) -> bool:
    try:
        return "surface" in tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False


def export_command(args) -> int:
    """`gradviz export`; ``args.step`` is None when --step was not given (the end), so
    ``--all-steps --step end`` is the conflict it looks like."""
    if args.all_steps and args.step is not None:
        return _fail(f"--step {args.step} and --all-steps: --step writes one image, "
                     f"--all-steps one per step into a folder; give one of them")
    if not args.all_steps and Path(args.output).suffix.lower() != ".png":
        return _fail(f"-o {args.output}: gradviz writes PNG images; use a name ending in .png")
    if args.scale <= 0 or args.scale > 8:
        return _fail(f"--scale {args.scale}: use a number in (0, 8]")
    if _is_surface_lesson(args.file):
        return _export_surface(args)
    from gradviz.app.exporting import StepSpecError, export_all_steps, export_step, parse_step
    from gradviz.lesson.prepare import SCALAR, prepare_lesson

    try:
        prepared = prepare_lesson(args.file, level=SCALAR if args.scalar else None)
        lang = args.lang or prepared.lesson.language or "es"
        if args.all_steps:
            written = export_all_steps(prepared, args.output, theme=args.theme,
                                       scale=args.scale, lang=lang,
                                       transparent=args.transparent)
            print(f"wrote {len(written)} images to {args.output}")
            return 0
        k = parse_step(args.step or "end", prepared.plan)
        export_step(prepared, k, args.output, theme=args.theme, scale=args.scale, lang=lang,
                    transparent=args.transparent)
    except (LessonError, StepSpecError, LayoutError) as e:
        return _fail(str(e))
    except OSError as e:
        return _fail(f"cannot write {args.output}: {e.strerror or e}")
    print(f"wrote {args.output}")
    return 0


def _export_surface(args) -> int:
    from gradviz.app.exporting import StepSpecError, parse_iteration
    from gradviz.lesson.parser import load_lesson
    from gradviz.lesson.scene import scene_from_lesson
    from gradviz.view.surface_export import (
        MAX_FRAMES,
        frame_iterations,
        last_iteration,
        render_surface_frames,
        render_surface_png,
    )

    try:
        lesson = load_lesson(args.file)
        scene = scene_from_lesson(lesson)
        lang = args.lang or lesson.language or "es"
        runs = scene.run()
        last = last_iteration(runs)
        options = {"theme": args.theme, "scale": args.scale, "lang": lang,
                   "transparent": args.transparent, "runs": runs}
        if args.all_steps:
            iterations = frame_iterations(last)
            written = render_surface_frames(scene, args.output, iterations=iterations,
                                            **options)
            every = iterations[1] - iterations[0] if len(iterations) > 2 else 1
            print(f"wrote {len(written)} images to {args.output}" + (
                f" (every {every} iterations of {last}, and the last: at most {MAX_FRAMES} "
                f"images)" if every > 1 else ""))
            return 0
        step = parse_iteration(args.step or "end", last)
        render_surface_png(scene, args.output, step=step, **options)
    except (LessonError, StepSpecError, ValueError) as e:
        return _fail(str(e))
    except OSError as e:
        return _fail(f"cannot write {args.output}: {e.strerror or e}")
    print(f"wrote {args.output}")
    return 0


def optimize_command(path: str, as_json: bool = True) -> int:
    from gradviz.lesson.scene import optimize_json, optimize_table

    try:
        result = optimize_json(path)
    except LessonError as e:
        return _fail(str(e))
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(optimize_table(result))  # status: as the plot says at its last iteration
    return 0

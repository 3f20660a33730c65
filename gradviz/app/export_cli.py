"""`gradviz export` and `gradviz optimize`: headless output for slides and scripts.

Errors (a bad lesson, a bad --step, no layout program, an unwritable folder) print one
clear line on stderr and exit 1; nothing half-written is left behind (PNGs are atomic).
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

from gradviz.graph.layout import LayoutError
from gradviz.graph.lesson import LessonError


def _fail(message: str) -> int:
    print(f"gradviz: {message}", file=sys.stderr)
    return 1


def _is_surface_lesson(path: str) -> bool:
    try:
        return "surface" in tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False


def export_command(args) -> int:
    if not args.all_steps and Path(args.output).suffix.lower() != ".png":
        return _fail(f"-o {args.output}: gradviz writes PNG images; use a name ending in .png")
    if args.scale <= 0 or args.scale > 8:
        return _fail(f"--scale {args.scale}: use a number in (0, 8]")
    if _is_surface_lesson(args.file):
        return _export_surface(args)
    from gradviz.app.exporting import StepSpecError, export_all_steps, export_step, parse_step
    from gradviz.graph.session import SCALAR, prepare_lesson

    try:
        prepared = prepare_lesson(args.file, level=SCALAR if args.scalar else None)
        lang = args.lang or prepared.lesson.language or "es"
        if args.all_steps:
            written = export_all_steps(prepared, args.output, theme=args.theme,
                                       scale=args.scale, lang=lang,
                                       transparent=args.transparent)
            print(f"wrote {len(written)} images to {args.output}")
            return 0
        k = parse_step(args.step, prepared.plan)
        export_step(prepared, k, args.output, theme=args.theme, scale=args.scale, lang=lang,
                    transparent=args.transparent)
    except (LessonError, StepSpecError, LayoutError) as e:
        return _fail(str(e))
    except OSError as e:
        return _fail(f"cannot write {args.output}: {e.strerror or e}")
    print(f"wrote {args.output}")
    return 0


def _export_surface(args) -> int:
    try:
        from gradviz.view.surface_export import render_surface_png
    except ImportError:
        return _fail("exporting optimizer scenes is not available in this version")
    from gradviz.surfaces.lesson import load_scene

    try:
        scene = load_scene(args.file)
        render_surface_png(scene, args.output, theme=args.theme, scale=args.scale,
                           lang=args.lang or "es", transparent=args.transparent)
    except LessonError as e:
        return _fail(str(e))
    except OSError as e:
        return _fail(f"cannot write {args.output}: {e.strerror or e}")
    print(f"wrote {args.output}")
    return 0


def optimize_command(path: str, as_json: bool = True) -> int:
    from gradviz.surfaces.lesson import optimize_json

    try:
        result = optimize_json(path)
    except LessonError as e:
        return _fail(str(e))
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{'optimizer':<22}{'steps':>7}{'x':>12}{'y':>12}{'loss':>14}  status")
    for run in result["optimizers"]:
        x, y, loss = run["path"][-1] if run["path"] else (None, None, None)
        status = f"diverged at step {run.get('diverged_at')}" if run["diverged"] else "ok"
        cells = [f"{v:>12.5g}" if isinstance(v, float) else f"{'—':>12}" for v in (x, y)]
        loss_text = f"{loss:>14.6g}" if isinstance(loss, float) else f"{'—':>14}"
        print(f"{run['name']:<22}{len(run['path']) - 1:>7}{''.join(cells)}{loss_text}  {status}")
    return 0

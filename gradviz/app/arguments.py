"""The command line's option types: every value is checked where argparse reads it.

``--scale`` must be a finite number in [`MIN_SCALE`, `MAX_SCALE`]; ``--step`` may hold no
number longer than `MAX_STEP_DIGITS` digits (no lesson has a billion steps, and Python
refuses to read an int of more than 4,300 digits).  A bad value is argparse's usual
``gradviz export: error: argument --scale: ...`` line and exit 2, never a traceback.
Which steps a lesson has is only known once it is read: `gradviz.app.exporting.parse_step`
and ``parse_iteration`` check that, and read their numbers with `step_number`.

No Qt here: ``gradviz --help`` builds the parser without loading it.
"""

from __future__ import annotations

import argparse
import math
import re

from gradviz.catalog import marked, text

MIN_SCALE = 0.25  # a quarter-size thumbnail; below it a graph is a few pixels across
MAX_SCALE = 8.0
MAX_STEP_DIGITS = 9
_NUMBER = re.compile(r"[+-]?[0-9]+")
_DIGITS = re.compile(f"[0-9]{{{MAX_STEP_DIGITS + 1},}}")


def scale_arg(value: str) -> float:
    """``--scale``: a finite number from `MIN_SCALE` to `MAX_SCALE`."""
    try:
        scale = float(value)
    except ValueError:
        scale = math.nan
    if not MIN_SCALE <= scale <= MAX_SCALE:  # NaN fails every comparison, so it lands here
        raise argparse.ArgumentTypeError(text(
            "{value!r} is not a scale: give a number from {low:g} to {high:g} (2 is the "
            "default, 1 is the screen's size)", "en", value=value, low=MIN_SCALE,
            high=MAX_SCALE))
    return scale


def step_arg(value: str) -> str:
    """``--step``: the text as given, once it is not empty and no number in it is absurdly
    long."""
    if not value.strip():
        raise argparse.ArgumentTypeError(text(
            "an empty step: give start, end, forward:N, backward:N or a number N", "en"))
    if _DIGITS.search(value):
        raise argparse.ArgumentTypeError(text(
            "{value}: a step number has at most {digits} digits", "en",
            value=_shortened(value), digits=MAX_STEP_DIGITS))
    return value


def step_number(value: str) -> int | None:
    """The int that `value` spells (``"12"``, ``"-1"``), or None if it spells none or one
    longer than `MAX_STEP_DIGITS` digits."""
    if not _NUMBER.fullmatch(value) or _DIGITS.search(value):
        return None
    return int(value)


def _shortened(value: str, keep: int = 24) -> str:
    return value if len(value) <= keep else f"{value[:keep]}… ({len(value)} characters)"


# ── gradviz export ───────────────────────────────────────────────────────────────────────
MIN_FPS, MAX_FPS = 0.1, 60.0
SLIDE_SIZES = {"1080p": (1920, 1080), "4k": (3840, 2160)}  # --size: see view.export_slide
EXPORT_EXAMPLES = """examples:
  gradviz export lesson.toml -o slide.png --step backward:3
  gradviz export lesson.toml -o slide.png --frame slide --size 4k --step 3
  gradviz export lesson.toml -o slide.svg --step 3          (or .pdf: vector)
  gradviz export lesson.toml -o steps.gif                   (or .mp4: every step)
  gradviz export lesson.toml -o steps.pdf --all-steps       (one page per step)
  gradviz export lesson.toml -o frames/ --all-steps --theme dark
  gradviz export examples/optim_rosenbrock.toml -o race.png --step 50
  gradviz export examples/optim_rosenbrock.toml -o race.mp4
  gradviz export examples/entrenamiento_xor.toml -o xor.png --step 1000"""
FRAME_HELP = """graph: the picture is the graph's own box (the default for .png, .svg and
.pdf); slide: a 16:9 slide of --size with the title, the graph framed in it and the step's
chain rule in a caption band as presenter mode shows it (the default for .gif and .mp4)"""


def _bounded(name: str, low: float, high: float):
    def read(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(text(
                "{value!r} is not a {name}: give a number from {low:g} to {high:g}", "en",
                value=value, name=name, low=low, high=high))
        return number

    return read


def text_size_arg(value: str) -> float:
    """``--text-size``: within the window's range (`gradviz.lecture.state.TEXT_SCALES`,
    read only when the option is given: ``gradviz --help`` stays light)."""
    from gradviz.lecture.state import TEXT_SCALES

    return _bounded(marked("text size"), *TEXT_SCALES)(value)


def add_export_arguments(export: argparse.ArgumentParser, step_help: str,
                         all_steps_help: str, lang_help: str) -> None:
    """`gradviz export`'s options."""
    export.add_argument("file")
    export.add_argument("-o", "--output", required=True,
                        help="the file to write: its suffix (.png, .svg, .pdf, .gif, .mp4) "
                             "says what it is; a folder with --all-steps")
    export.add_argument("--step", type=step_arg, default=None, metavar="STEP",
                        help=" ".join(step_help.split()))
    export.add_argument("--all-steps", action="store_true",
                        help=" ".join(all_steps_help.split()))
    export.add_argument("--frame", choices=("graph", "slide"), default=None,
                        help=" ".join(FRAME_HELP.split()))
    export.add_argument("--size", choices=tuple(SLIDE_SIZES), default="1080p",
                        help="a slide's size: 1080p (1920×1080, the default) or 4k "
                             "(3840×2160)")
    export.add_argument("--text-size", type=text_size_arg, default=1.0, metavar="F",
                        help="the text size, as the window's View → Larger text sets it "
                             "(default 1; 1.15 is one step larger)")
    export.add_argument("--scale", type=scale_arg, default=2.0,
                        help=f"image scale of --frame graph, {MIN_SCALE:g} to {MAX_SCALE:g} "
                             "(default 2)")
    export.add_argument("--fps", type=_bounded(marked("frame rate"), MIN_FPS, MAX_FPS),
                        default=None,
                        help="frames a second of a .gif or .mp4 (default: a graph lesson's "
                             "step every 1.5 s, an optimizer scene's 10 iterations a second)")
    export.add_argument("--theme", choices=("light", "dark"), default="light")
    export.add_argument("--lang", choices=("es", "en"), default=None, help=lang_help)
    export.add_argument("--transparent", action="store_true",
                        help="no background (a light theme keeps a light card behind the "
                             "graph, so that it reads on dark slides)")
    export.add_argument("--scalar", action="store_true", help="expand tensors to scalars")
    export.add_argument("--collapse", action="store_true",
                        help="draw each of the lesson's [groups] as one labelled box, but "
                             "those the step enters (the window's K)")

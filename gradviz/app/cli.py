"""The `gradviz` command: open the window, or check, run, draw and export lessons headless.

    gradviz [FILE.toml]                 open the lecture window (start page without a file)
    gradviz check FILE...               report every problem as FILE:LINE:COL: message
    gradviz run FILE [--json]           forward + backward, print every value and gradient
                                        (an optimizer scene: every trajectory's end)
    gradviz dot FILE                    print the graph's Graphviz DOT source
    gradviz export FILE -o OUT.png      render a step (or all steps) to PNG, SVG, PDF, GIF, MP4
    gradviz optimize FILE --json        print every optimizer's trajectory of a surface lesson
    gradviz train FILE --json           train a training lesson, print its curves and metrics

A first word that is neither a command nor an existing file (``gradviz exprot x.toml``) is
an error that names the command it looks like, never a window opened on a missing file.
Option values are checked as argparse reads them (`gradviz.app.arguments`), and every
headless command runs through `gradviz.app.headless.run_headless`: offscreen Qt, one line
and a non-zero exit for an output that cannot be written or a signal, never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

from gradviz.app.arguments import EXPORT_EXAMPLES, add_export_arguments
from gradviz.catalog import LANGUAGES, language, text

COMMANDS = ("check", "run", "dot", "export", "optimize", "train", "open")
HEADLESS = ("check", "run", "dot", "export", "optimize", "train")  # never need a display

USAGE = """\
gradviz [FILE.toml]         open the lecture window (the start page without a FILE)
       gradviz COMMAND ...         check, run, dot, export, optimize or train, without a display"""

DESCRIPTION = """\
gradviz draws autograd graphs the way the course slides do and steps their forward and
backward passes. `gradviz FILE.toml` opens a lesson in the lecture window."""

EXAMPLES = """\
examples:
  gradviz examples/grafo_slide.toml               open a lesson in the lecture window
  gradviz                                         the start page with the bundled examples
  gradviz check lesson.toml                       report problems as FILE:LINE:COL: message
  gradviz export lesson.toml -o out.png --step backward:3

Inside a virtual environment that is not activated, call it as .venv/bin/gradviz
(or run `source .venv/bin/activate` first)."""

STEP_HELP = """which picture to draw (default: end). For a graph lesson: start (before the
first step), end (the last step), forward:N or backward:N (the N-th step of that pass,
counting from 1), or a plain number N: frame N of --all-steps (0 is start, 1 the first
forward step, and so on over both passes; the frame files are named step_NN_...). For an
optimizer scene or a training lesson: an iteration N (0 to the last, the scrubber's
position; also frame N of --all-steps), start (iteration 0) or end (the last iteration);
forward:N and backward:N are refused there"""

LANG_HELP = "es or en, for every word it writes (default: the lesson's language = ..., else es)"

ALL_STEPS_HELP = """every step: one PNG per step into the folder -o names (made if
missing), one page per step of a .pdf; for an optimizer scene or a training lesson one
per iteration, or every k-th and the last when there are more than 101. A .gif or .mp4
-o is always every step. Cannot be combined with --step"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gradviz", usage=USAGE, description=DESCRIPTION, epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND",
                                prog="gradviz")
    opened = sub.add_parser("open", help="open FILE in the lecture window (same as gradviz FILE)")
    opened.add_argument("file", nargs="?", help="a lesson .toml (the start page without one)")
    check = sub.add_parser("check", help="validate lesson files as the window opens them")
    check.add_argument("files", nargs="+")
    check.add_argument("--lang", choices=("es", "en"), default=None, help=LANG_HELP)
    run = sub.add_parser("run", help="run a lesson and print values and gradients (an "
                         "optimizer scene: where each optimizer ends)")
    run.add_argument("file")
    run.add_argument("--json", action="store_true", help="print JSON instead of a table")
    run.add_argument("--lang", choices=("es", "en"), default=None, help=LANG_HELP)
    dot = sub.add_parser("dot", help="print the DOT source of a lesson's graph")
    dot.add_argument("file")
    dot.add_argument("--scalar", action="store_true", help="expand tensors to scalars")
    dot.add_argument("--lang", choices=("es", "en"), default=None, help=LANG_HELP)
    export = sub.add_parser(
        "export", help="render a lesson to PNG, SVG, PDF, GIF or MP4 without a display",
        epilog=EXPORT_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_export_arguments(export, STEP_HELP, ALL_STEPS_HELP, LANG_HELP)
    optimize = sub.add_parser("optimize", help="print the trajectories of a surface lesson")
    optimize.add_argument("file")
    optimize.add_argument("--json", action="store_true",
                          help="print every trajectory as JSON (default: a summary table)")
    optimize.add_argument("--lang", choices=("es", "en"), default=None, help=LANG_HELP)
    train = sub.add_parser("train", help="train a training lesson and print its curves")
    train.add_argument("file")
    train.add_argument("--json", action="store_true",
                       help="print the curves and final metrics as JSON (default: a table)")
    train.add_argument("--lang", choices=("es", "en"), default=None, help=LANG_HELP)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS and not argv[0].startswith("-"):
        return _open(argv[0] if argv else None, _lang_in(argv))
    args = _parser().parse_args(argv)
    if args.command == "open":
        return _open(args.file)
    if args.command in HEADLESS:
        from gradviz.app.headless import run_headless

        return run_headless(lambda: _headless(args))
    _parser().print_help()
    return 2


def _lang_in(argv: list[str]) -> str | None:
    """The language a ``--lang en`` (or ``--lang=en``) among `argv` asks for, else None: what a
    mistyped command (``gradviz trian --lang en x.toml``) is said in."""
    for i, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else \
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        if value in LANGUAGES:
            return value
    return None


def _open(word: str | None, lang: str | None = None) -> int:
    """The lecture window on `word`, a lesson file; a word that is no file (a mistyped
    command) is an error that names the command it looks like, said in `lang` (a ``--lang``
    on the command line), else in Spanish, as a lesson error is."""
    if word is not None and not os.path.exists(word):
        return _not_a_file(word, language(lang))
    from gradviz.app.launch import open_window

    return open_window(word, language(lang))


def _not_a_file(word: str, lang: str) -> int:
    near = _nearby_file(word)
    if Path(word).suffix or os.sep in word or "/" in word:
        message = text("{file}: no such file", lang, file=word)
        close = [near] if near else []
    else:
        message = text("{word!r} is neither a command nor a file", lang, word=word)
        close = [near] if near and near.startswith(word) else \
            difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
        if not close:
            message += "; " + text("the commands are {commands}", lang,
                                   commands=", ".join(COMMANDS))
    if close:
        message += "; " + text("did you mean {command!r}?", lang, command=close[0])
    print(f"gradviz: {message}", file=sys.stderr)
    return 2


def _nearby_file(word: str, most: int = 2000) -> str | None:
    """The file in `word`'s folder whose name is closest to it (``grafo_slide`` →
    ``grafo_slide.toml``), if one is close; a folder of more than `most` entries is not
    searched."""
    path = Path(word)
    if path.with_name(path.name + ".toml").is_file():
        return str(path.with_name(path.name + ".toml"))
    try:
        with os.scandir(path.parent) as entries:
            names = [e.name for _, e in zip(range(most + 1), entries, strict=False)]
    except OSError:
        return None
    if len(names) > most:
        return None
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.8)
    return str(path.with_name(close[0])) if close else None


def _headless(args: argparse.Namespace) -> int:
    if args.command == "check":
        from gradviz.app.lesson_cli import check_files

        return check_files(args.files, lang=args.lang)
    if args.command == "run":
        from gradviz.app.lesson_cli import run_file

        return run_file(args.file, as_json=args.json, lang=args.lang)
    if args.command == "dot":
        from gradviz.app.lesson_cli import dot_file

        return dot_file(args.file, args.scalar, lang=args.lang)
    if args.command == "export":
        from gradviz.app.export_cli import export_command

        return export_command(args)
    if args.command == "train":
        from gradviz.app.train_cli import train_command

        return train_command(args.file, as_json=args.json, lang=args.lang)
    from gradviz.app.optimize_cli import optimize_command

    return optimize_command(args.file, as_json=args.json, lang=args.lang)

"""The `gradviz` command: open the window, or check, run, draw and export lessons headless.

    gradviz [FILE.toml]                 open the lecture window (start page without a file)
    gradviz check FILE...               report every problem as FILE:LINE:COL: message
    gradviz run FILE [--json]           forward + backward, print every value and gradient
    gradviz dot FILE                    print the graph's Graphviz DOT source
    gradviz export FILE -o OUT.png      render a step (or all steps) to PNG without a display
    gradviz optimize FILE --json        print every optimizer's trajectory of a surface lesson
"""

from __future__ import annotations

import argparse
import sys

COMMANDS = ("check", "run", "dot", "export", "optimize", "open")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gradviz", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser("check", help="validate lesson files")
    check.add_argument("files", nargs="+")
    run = sub.add_parser("run", help="run a lesson and print values and gradients")
    run.add_argument("file")
    run.add_argument("--json", action="store_true", help="print JSON instead of a table")
    dot = sub.add_parser("dot", help="print the DOT source of a lesson's graph")
    dot.add_argument("file")
    dot.add_argument("--scalar", action="store_true", help="expand tensors to scalars")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS and not argv[0].startswith("-"):
        from gradviz.app.launch import open_window

        return open_window(argv[0] if argv else None)
    if argv[0] == "open":
        from gradviz.app.launch import open_window

        return open_window(argv[1] if len(argv) > 1 else None)
    args = _parser().parse_args(argv)
    if args.command == "check":
        from gradviz.graph.lesson_cli import check_files

        return check_files(args.files)
    if args.command == "run":
        from gradviz.graph.lesson_cli import run_file

        return run_file(args.file, as_json=args.json)
    if args.command == "dot":
        from gradviz.graph.lesson_cli import dot_file

        return dot_file(args.file, scalar=args.scalar)
    _parser().print_help()
    return 2

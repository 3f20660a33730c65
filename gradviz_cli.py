"""The `gradviz` command's entry point, outside the `gradviz` package on purpose.

Importing `gradviz` loads the engine (numpy) and takes a few tenths of a second; a Ctrl+C in
that time would otherwise end in a traceback printed by Python itself, before any of
gradviz's own handling (`gradviz.app.headless`) exists.  Here the import is inside a ``try``.
"""

from __future__ import annotations

import sys


def main() -> int:
    try:
        from gradviz.app.cli import main as gradviz_main
    except KeyboardInterrupt:
        print("gradviz: stopped (Ctrl+C) while starting; nothing was written", file=sys.stderr)
        return 130
    return gradviz_main()


if __name__ == "__main__":
    raise SystemExit(main())

"""Start the Qt application and open the lecture window (on a file, or on the start page)."""

from __future__ import annotations

import sys


def open_window(path: str | None = None, lang: str | None = None) -> int:
    """The window, on `path` if given; without a display to open it on, a line on stderr in
    `lang` (``--lang``, else Spanish) and 1."""
    from gradviz.catalog.lesson import Message
    from gradviz.view.display import display_problem

    problem = display_problem()
    if problem is not None:
        said = Message("no display to open a window on: {problem}. Without a screen, use {run} "
                       "or {export}.", problem=problem, run="`gradviz run FILE`",
                       export="`gradviz export FILE -o out.png`")
        print(f"gradviz: {said.text(lang)}", file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QApplication

    from gradviz.app.window import LectureWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("gradviz")
    app.setOrganizationName("gradviz")
    icon = icon_path()
    if icon is not None:
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(icon))
    window = LectureWindow()
    window.show()
    if path is not None:
        window.open_file(path)
    return app.exec()


def icon_path() -> str | None:
    """gradviz's icon: in the checkout's assets/ (an editable install) or where a wheel put it."""
    from pathlib import Path

    here = Path(__file__).resolve().parents[2] / "assets" / "gradviz.svg"
    installed = Path(sys.prefix, "share", "icons", "hicolor", "scalable", "apps", "gradviz.svg")
    return next((str(p) for p in (here, installed) if p.is_file()), None)

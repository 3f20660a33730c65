"""Start the Qt application and open the lecture window (on a file, or on the start page)."""

from __future__ import annotations

import sys


def open_window(path: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from gradviz.app.window import LectureWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("gradviz")
    app.setOrganizationName("gradviz")
    window = LectureWindow()
    window.show()
    if path is not None:
        window.open_file(path)
    return app.exec()

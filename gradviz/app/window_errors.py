"""`WindowErrors`: how `LectureWindow` tells the lecturer about a problem.

A mixin of `LectureWindow` (see `gradviz.app.window`).  Every message goes to ``errors`` and
the status bar; a live edit's mistake goes in the red banner over the page, anything else in
one non-blocking dialog that says the window keeps what it had.  The banner's words follow
the text size (View → larger text), like the rest of the window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

BANNER_PX = 16  # the banner's text at text size 1
BANNER_STYLE = "background:#b3261e;color:white;padding:{pad}px;font-size:{px}px"


class WindowErrors:
    """Reporting problems: the banner, the status bar and the dialog."""

    def _style_banner(self) -> None:
        """Size the banner's text for the window's text size (call it when that changes)."""
        scale = getattr(self, "text_scale", 1.0)
        self.banner.setStyleSheet(BANNER_STYLE.format(px=round(BANNER_PX * scale),
                                                      pad=round(8 * scale)))

    # ── errors ───────────────────────────────────────────────────────────────────────────
    def _error(self, title: str, message: str, dialog: bool = True) -> None:
        """Report a problem; a live edit's mistake goes in the banner, never in a dialog."""
        self.errors.append(message)
        self.statusBar().showMessage(message.splitlines()[0], 8000)
        if not dialog:
            self._style_banner()
            self.banner.setText(message)
            self.banner.show()
            return
        if self.isVisible():
            if self._box is not None:
                self._box.close()  # one message on the projector, the latest
            self._box = QMessageBox(QMessageBox.Icon.Warning, title,
                                    self._keeps(message),
                                    parent=self)
            self._box.open()  # not exec(): never blocks a running presentation or a test

    def _keeps(self, message: str) -> str:
        if self.prepared is None and not self.showing_surface:
            return message
        return f"{message}\n\n{self.tr('The window keeps the graph it had.')}"

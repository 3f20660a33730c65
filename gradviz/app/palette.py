"""Window colours that match the graph theme, so the dark slides get a dark window."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from gradviz.view.theme import THEMES

DARK_PANEL = {"window": "#24262d", "base": "#1b1c21", "text": "#eceff4", "button": "#30333b",
              "highlight": "#4c8bf5"}


def apply_palette(widget: QWidget, theme: str) -> None:
    """Dark theme: dark panels and light text; light theme: the platform's own palette."""
    if theme != "dark":
        widget.setPalette(widget.style().standardPalette())
        return
    c = DARK_PANEL
    palette = QPalette()
    role = QPalette.ColorRole
    for r, colour in ((role.Window, c["window"]), (role.Base, c["base"]),
                      (role.AlternateBase, c["window"]), (role.Button, c["button"]),
                      (role.Highlight, c["highlight"]), (role.ToolTipBase, c["base"])):
        palette.setColor(r, QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText, role.ToolTipText, role.BrightText):
        palette.setColor(r, QColor(c["text"]))
    palette.setColor(role.HighlightedText, QColor(THEMES["dark"].background))
    widget.setPalette(palette)

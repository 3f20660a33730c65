"""One palette for every widget of the window, light and dark, readable from the back row.

`apply_palette(window, theme)` sets the window's `QPalette` (its widgets inherit it) from
`PANELS`, every role and every colour group, so no control is left with a colour meant for
the other theme.  Three things Qt's Fusion style draws from colours of its own are made to
follow the palette too: the standard icons (media buttons: `tinted_icon` paints them in the
button's text colour, dark glyphs vanished on dark buttons), the check boxes of item views
and forms and the scrubbers (`ContrastStyle` draws their frames in the text colour: Fusion
derives them from the window colour, which on a dark panel is dark on dark), and the error
text (`error_colour`).
Every pair a control shows is at least 4.5:1 (WCAG AA), which `tests/test_palette.py` checks
on every widget of both pages.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QWidget

# Each theme's colours, as roles of the palette (Fusion's 3-D shades follow `button`).
PANELS = {
    "light": {"window": "#efeff1", "base": "#ffffff", "text": "#1a1a1a", "button": "#e4e4e8",
              "highlight": "#1f5fbf", "highlighted_text": "#ffffff", "muted": "#5e5e66",
              "error": "#b00020", "frame": "#4a4a52"},
    "dark": {"window": "#24262d", "base": "#1b1c21", "text": "#eceff4", "button": "#30333b",
             "highlight": "#4c8bf5", "highlighted_text": "#0d0e12", "muted": "#a3a8b3",
             "error": "#ff6b78", "frame": "#c4c8d0"},
}
DARK_PANEL = PANELS["dark"]
ICON_PX = 64  # the size standard icons are drawn at before tinting (they scale down cleanly)


def palette_for(theme: str) -> QPalette:
    c = PANELS.get(theme, PANELS["light"])
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    button = QColor(c["button"])
    colours = {
        role.Window: c["window"], role.Base: c["base"], role.AlternateBase: c["window"],
        role.Button: c["button"], role.Highlight: c["highlight"],
        role.HighlightedText: c["highlighted_text"], role.ToolTipBase: c["base"],
        role.WindowText: c["text"], role.Text: c["text"], role.ButtonText: c["text"],
        role.ToolTipText: c["text"], role.BrightText: c["error"],
        role.PlaceholderText: c["muted"], role.Link: c["highlight"],
        role.LinkVisited: c["highlight"],
        role.Light: button.lighter(150).name(), role.Midlight: button.lighter(125).name(),
        role.Mid: button.darker(130).name(), role.Dark: button.darker(160).name(),
        role.Shadow: button.darker(250).name(),
    }
    for g in (group.Active, group.Inactive, group.Disabled):
        for r, colour in colours.items():
            palette.setColor(g, r, QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText):  # "—" cells, greyed actions
        palette.setColor(group.Disabled, r, QColor(c["muted"]))
    return palette


def apply_palette(widget: QWidget, theme: str) -> None:
    """The theme's palette on `widget` and everything in it; the style that honours it."""
    use_contrast_style()
    widget.setPalette(palette_for(theme))


def error_colour(theme: str) -> str:
    """Red text that reads on the theme's panels."""
    return PANELS.get(theme, PANELS["light"])["error"]


def muted_colour(theme: str) -> str:
    return PANELS.get(theme, PANELS["light"])["muted"]


def tinted_icon(widget: QWidget, which: QStyle.StandardPixmap) -> QIcon:
    """A standard icon in the colour of `widget`'s button text (call again on a palette
    change): the style's own media icons are dark whatever the palette."""
    colour = widget.palette().color(QPalette.ColorRole.ButtonText)
    source = widget.style().standardIcon(which).pixmap(ICON_PX, ICON_PX)
    tinted = QPixmap(source.size())
    tinted.setDevicePixelRatio(source.devicePixelRatio())
    tinted.fill(Qt.GlobalColor.transparent)
    p = QPainter(tinted)
    p.drawPixmap(0, 0, source)
    p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    p.fillRect(tinted.rect(), colour)
    p.end()
    return QIcon(tinted)


class ContrastStyle(QProxyStyle):
    """Fusion, with check boxes and the scrubber drawn in the palette's text colours."""

    CHECKS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
              QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck)

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802
        if element not in self.CHECKS:
            return super().drawPrimitive(element, option, painter, widget)
        pal = option.palette
        ink = pal.color(QPalette.ColorRole.Text)
        side = min(option.rect.width(), option.rect.height()) - 2
        box = QRectF(option.rect.x() + (option.rect.width() - side) / 2,
                     option.rect.y() + (option.rect.height() - side) / 2, side, side)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(ink, max(1.5, side / 9)))
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(box, side / 8, side / 8)
        state = option.state
        if state & QStyle.StateFlag.State_On:
            painter.setPen(QPen(ink, max(2.0, side / 6), Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            x, y, s = box.x(), box.y(), side
            painter.drawPolyline([QPointF(x + 0.22 * s, y + 0.52 * s),
                                  QPointF(x + 0.42 * s, y + 0.72 * s),
                                  QPointF(x + 0.78 * s, y + 0.3 * s)])
        elif state & QStyle.StateFlag.State_NoChange:
            painter.fillRect(box.adjusted(side / 4, side / 2.3, -side / 4, -side / 2.3), ink)
        painter.restore()


    def drawComplexControl(self, control, option, painter, widget=None) -> None:  # noqa: N802
        """A scrubber whose track and handle show on either theme: the track in the muted
        text colour, the part played in the highlight, the handle framed in the text."""
        horizontal = getattr(option, "orientation", None) == Qt.Orientation.Horizontal
        if control != QStyle.ComplexControl.CC_Slider or not horizontal:
            return super().drawComplexControl(control, option, painter, widget)
        sub = QStyle.SubControl
        groove = self.subControlRect(control, option, sub.SC_SliderGroove, widget)
        handle = self.subControlRect(control, option, sub.SC_SliderHandle, widget)
        pal, y = option.palette, groove.center().y()
        width = max(3.0, groove.height() / 2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for colour, right in ((QPalette.ColorRole.PlaceholderText, groove.right() - 2),
                              (QPalette.ColorRole.Highlight, handle.center().x())):
            painter.setPen(QPen(pal.color(colour), width, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap))
            painter.drawLine(QPointF(groove.left() + 2, y), QPointF(right, y))
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Text), 1.5))
        painter.setBrush(pal.color(QPalette.ColorRole.Button))
        painter.drawRoundedRect(QRectF(handle).adjusted(1, 1, -1, -1), 3, 3)
        painter.restore()


def use_contrast_style() -> None:
    """Install `ContrastStyle` over the application's style, once."""
    app = QApplication.instance()
    if app is not None and not isinstance(app.style(), ContrastStyle):
        app.setStyle(ContrastStyle(app.style().name()))

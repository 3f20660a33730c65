"""Every control of both pages reads at 4.5:1 (WCAG AA) in both themes, from the palette.

The test opens a graph lesson and an optimizer scene in one window, in each theme, walks
every widget of both pages and computes the contrast of each colour pair the widget draws
its text with (its palette's roles, a colour an item or a style sheet sets, the icons the
buttons show), and draws a check box as the table draws the nesterov/amsgrad cells to see
that its frame is there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QSlider,
    QStyle,
    QStyleOptionViewItem,
    QTableWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)

from gradviz.app.caption_band import COLOURS
from gradviz.app.palette import ContrastStyle
from gradviz.view.surface_style import surface_style
from gradviz.view.theme import contrast

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AA = 4.5
R = QPalette.ColorRole

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


def hexed(colour: QColor) -> str:
    return colour.name()


def pairs(widget: QWidget) -> list[tuple[str, str, str]]:
    """(what, foreground, background) for each text colour the widget draws with."""
    pal = widget.palette()
    # A style sheet's label draws no background of its own: it shows its parent's.
    behind = (widget.parentWidget() or widget).palette() if widget.styleSheet() else pal
    out = [("window text", pal.color(R.WindowText), behind.color(R.Window))]
    if isinstance(widget, QAbstractItemView | QTextEdit | QComboBox):
        out.append(("text", pal.color(R.Text), pal.color(R.Base)))
        out.append(("selection", pal.color(R.HighlightedText), pal.color(R.Highlight)))
        out.append(("disabled text", pal.color(QPalette.ColorGroup.Disabled, R.Text),
                    pal.color(QPalette.ColorGroup.Disabled, R.Base)))
    if isinstance(widget, QAbstractButton | QComboBox):
        out.append(("button text", pal.color(R.ButtonText), pal.color(R.Button)))
    if isinstance(widget, QSlider):  # `ContrastStyle` draws its track and handle so
        out.append(("track", pal.color(R.PlaceholderText), pal.color(R.Window)))
        out.append(("handle", pal.color(R.Text), pal.color(R.Button)))
    if isinstance(widget, QLabel) and widget.styleSheet():
        found = re.search(r"color:\s*(#[0-9a-fA-F]{6})", widget.styleSheet())
        if found:
            out.append(("style sheet", QColor(found.group(1)), behind.color(R.Window)))
    if isinstance(widget, QTableWidget):
        for row in range(widget.rowCount()):
            for col in range(widget.columnCount()):
                item = widget.item(row, col)
                brush = item.data(Qt.ItemDataRole.ForegroundRole) if item else None
                if brush is not None:
                    out.append((f"cell {row},{col}", brush.color(), pal.color(R.Base)))
    return [(what, hexed(a), hexed(b)) for what, a, b in out]


def icon_colours(button: QToolButton) -> set[str]:
    """The colours of the opaque pixels of a button's icon."""
    image = button.icon().pixmap(32, 32).toImage()
    return {image.pixelColor(x, y).name() for x in range(image.width())
            for y in range(image.height()) if image.pixelColor(x, y).alpha() == 255}


def check_box_ink(table: QTableWidget, checked: bool) -> list[str]:
    """The colours the style draws a table's check box with, on the table's base."""
    option = QStyleOptionViewItem()
    option.palette = table.palette()
    option.rect = QRect(2, 2, 24, 24)
    option.state = QStyle.StateFlag.State_Enabled | (
        QStyle.StateFlag.State_On if checked else QStyle.StateFlag.State_Off)
    image = QImage(28, 28, QImage.Format.Format_ARGB32)
    image.fill(table.palette().color(R.Base))
    p = QPainter(image)
    table.style().drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
                                option, p, table)
    p.end()
    base = table.palette().color(R.Base).name()
    return [image.pixelColor(x, y).name() for x in range(28) for y in range(28)
            if image.pixelColor(x, y).name() != base]


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_every_control_of_both_pages_reads_at_aa(window, theme):
    assert window.open_file(EXAMPLES / "xor_red.toml"), window.errors
    window.set_step(3)
    assert window.open_file(EXAMPLES / "optim_rosenbrock.toml"), window.errors
    window.set_theme(theme)
    QApplication.processEvents()
    assert isinstance(QApplication.style(), ContrastStyle)
    pages = (window.lesson_page, window.surface_page)
    widgets = [w for page in pages for w in (page, *page.findChildren(QWidget))]
    assert len(widgets) > 40
    low = [(type(w).__name__, w.objectName(), what, f, b, round(contrast(f, b), 2))
           for w in widgets for what, f, b in pairs(w) if contrast(f, b) < AA]
    assert low == []
    buttons = [w for page in pages for w in page.findChildren(QToolButton) if not w.text()
               or not w.icon().isNull()]
    for button in buttons:
        if button.icon().isNull():
            continue
        ink = button.palette().color(R.ButtonText).name()
        assert icon_colours(button) == {ink}, button.toolTip()
        assert contrast(ink, button.palette().color(R.Button).name()) >= AA
    table = window.surface_page.table
    assert {"nesterov", "amsgrad"} <= set(table.keys)
    base = table.palette().color(R.Base).name()
    for checked in (False, True):
        ink = check_box_ink(table, checked)
        assert len(ink) > 30  # the frame (and the tick) are drawn
        assert max(contrast(c, base) for c in ink) >= AA


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_the_drawn_panels_read_at_aa(theme):
    """The caption band and the plots draw with their own colours: those pairs too."""
    back, *inks = COLOURS[theme]
    for ink in inks[:3]:  # words, maths, numbers (the last is the band's top rule)
        assert contrast(ink, back) >= AA
    style = surface_style(theme)
    assert contrast(style.text, style.background) >= AA

"""The pyqtgraph items `SurfacePlot` is built from, each fixing one of pyqtgraph's habits.

`_Axis` makes room for the whole axis title, `_Curve` strokes lines in device pixels (fast
under unequal x and y scales), `_Title` never widens the plot's column, `_Legend` is exactly
as wide as its text (plus what the layout gives it), and `_arrowhead` is the marker for a
run that left the plotted range.
"""

from __future__ import annotations

import functools
import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QTransform


class _Axis(pg.AxisItem):
    """pyqtgraph's axis with room for the whole title: pyqtgraph reserves 0.8 of the title's
    height and nudges it 5 px into the tick labels, so a large title overlapped them."""

    gap = 0.0  # pixels between the tick labels and the title

    def _title_room(self) -> float:
        return self.label.boundingRect().height() + self.gap if self.label.isVisible() else 0.0

    def _text_room(self, text: float, fixed: float, offset: float) -> float:
        if not self.style["showValues"]:
            return 0.0
        room = text if self.style["autoExpandTextSpace"] else fixed
        return room + offset + max(0, self.style["tickLength"])

    def _updateHeight(self) -> None:  # noqa: N802 - pyqtgraph's name
        if self.fixedHeight is not None or not self.isVisible():
            return super()._updateHeight()
        h = self._text_room(self.textHeight, self.style["tickTextHeight"],
                            self.style["tickTextOffset"][1]) + self._title_room()
        self.setMaximumHeight(h)
        self.setMinimumHeight(h)
        self.picture = None

    def _updateWidth(self) -> None:  # noqa: N802 - pyqtgraph's name
        if self.fixedWidth is not None or not self.isVisible():
            return super()._updateWidth()
        w = self._text_room(self.textWidth, self.style["tickTextWidth"],
                            self.style["tickTextOffset"][0]) + self._title_room()
        self.setMaximumWidth(w)
        self.setMinimumWidth(w)
        self.picture = None

    def resizeEvent(self, ev=None) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(ev)
        if self.label is None:
            return
        br = self.label.boundingRect()
        if self.orientation == "left":  # the title is turned: its height runs along x
            self.label.setPos(QPointF(0, int(self.size().height() / 2 + br.width() / 2)))
        elif self.orientation == "bottom":
            self.label.setPos(QPointF(int(self.size().width() / 2 - br.width() / 2),
                                      int(self.size().height() - br.height())))


class _Curve(pg.PlotCurveItem):
    """A line item stroked in device pixels.  Qt's raster engine strokes a cosmetic pen
    about 30 times slower under a scale that differs between x and y, even by 10⁻⁶ (and
    the plot's x and y scales never agree exactly): the path is mapped to pixels first.
    Only what this plot uses (a pen, antialiasing; no fill, no shadow) is drawn."""

    _mapped: tuple | None = None

    def paint(self, p, opt, widget) -> None:
        if self.xData is None or len(self.xData) == 0:
            return
        t = p.transform()
        path = self.getPath()
        key = (id(path), t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy())
        if self._mapped is None or self._mapped[0] != key:
            self._mapped = (key, t.map(path), path)  # keeps the path alive, so its id holds
        p.save()
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, bool(self.opts["antialias"]))
            p.setPen(self.opts["pen"])
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.resetTransform()
            p.drawPath(self._mapped[1])
        finally:
            p.restore()


class _Title(pg.LabelItem):
    """A label drawn centred over its cell whatever the cell's width: it asks for no width,
    so a long title never widens the plot's column (pyqtgraph's asks for its text's)."""

    def updateMin(self) -> None:  # noqa: N802 - pyqtgraph's name
        super().updateMin()
        self.setMinimumWidth(0)
        for hint in (Qt.SizeHint.MinimumSize, Qt.SizeHint.PreferredSize):
            self._sizeHint[hint] = (0.0, self._sizeHint[hint][1])
        self.updateGeometry()

    def resizeEvent(self, ev) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(ev)
        left = self.itemRect().left()
        if left < self.rect().left():  # wider than its cell: cut the end, not the start
            self.item.moveBy(self.rect().left() - left, 0)


class _Legend(pg.LabelItem):
    """A label exactly as wide as its text plus ``extra``: the plot's column alone takes (or
    gives up) the room left, so the plot area can be given the range's shape.  With
    ``reserved`` it is at least that wide whatever its text, so a text that changes with
    the step (a run that leaves the range at iteration 21) never moves the plot."""

    extra = 0.0
    reserved = 0.0

    def set_extra(self, extra: float) -> None:
        self.extra = max(0.0, float(extra))
        self.updateMin()

    def reserve_for(self, html: str, **style) -> float:
        """Reserve the width ``html`` takes (the widest text the legend will show), and
        return it; the text shown is set afterwards."""
        self.reserved = 0.0
        self.setText(html, **style)
        self.reserved = self.itemRect().width()
        return self.reserved

    def updateMin(self) -> None:  # noqa: N802 - pyqtgraph's name
        super().updateMin()
        width = max(self.itemRect().width(), self.reserved) + self.extra
        self.setMinimumWidth(width)
        self.setMaximumWidth(width)
        for hint in (Qt.SizeHint.MinimumSize, Qt.SizeHint.PreferredSize):
            self._sizeHint[hint] = (width, self._sizeHint[hint][1])
        self.updateGeometry()


def _arrowhead(angle: float) -> QPainterPath:
    """A triangle pointing along ``angle`` (radians, anticlockwise from +x on the screen),
    to the nearest degree: one path per direction, so pyqtgraph's symbol cache stays small
    however long the scrubber plays."""
    return _arrowhead_degrees(round(math.degrees(angle)) % 360)


@functools.lru_cache(maxsize=360)
def _arrowhead_degrees(degrees: int) -> QPainterPath:
    angle = math.radians(degrees)
    path = QPainterPath()
    path.moveTo(0.5, 0.0)
    path.lineTo(-0.5, -0.42)
    path.lineTo(-0.3, 0.0)
    path.lineTo(-0.5, 0.42)
    path.closeSubpath()
    return QTransform().rotateRadians(-angle).map(path)  # the screen's y points down

"""The loss (and learning-rate) curves of an optimizer scene's slides, drawn once.

From one frame to the next only the dashed line that marks the step moves: `CurvesImage`
keeps the panel's picture and draws again only the strips where the line was and where it
is now.  Qt draws a region of a widget exactly as it draws the whole widget there (the
painter is clipped, every item is painted as before), so the picture is the one drawing
the whole panel would give.  The whole panel is drawn again when a plot's range, the
panel's size or which plots show changed.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

from gradviz.view.export_writers import begin, blank_image
from gradviz.view.interrupts import qt_drawing

MARGIN = 4  # pixels around the marking line's bounding box: its antialiased edges


class CurvesImage:
    """A `CurvesPanel` (laid out, hidden) as an image of ``background`` (None: clear)."""

    def __init__(self, panel, background: str | None) -> None:
        self.panel, self.background = panel, background
        self._image: QImage | None = None
        self._key: object = None
        self._strips: list[QRect] = []
        self.drawn = 0  # how many times the whole panel was drawn

    def _plots(self):
        return [(view, cursor) for view, cursor in zip((self.panel.loss, self.panel.lr),
                                                        self.panel.cursors, strict=True)
                if not view.isHidden()]

    def _where(self) -> list[QRect]:
        """The marking lines' boxes, in the panel's pixels."""
        strips = []
        for view, cursor in self._plots():
            box = view.mapFromScene(cursor.sceneBoundingRect()).boundingRect()
            box.translate(view.mapTo(self.panel, QPoint(0, 0)))
            strips.append(box.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))
        return strips

    def image(self) -> QImage:
        """The panel now; valid until the next call (it is drawn over)."""
        with qt_drawing():
            for view, _ in self._plots():  # as painting would: a moved line may widen a
                view.scene().prepareForPaint()  # range (pyqtgraph fits it when it paints)
            size = (self.panel.width(), self.panel.height())
            key = (size, tuple((id(view), view.viewRange()) for view, _ in self._plots()))
            strips = self._where()
            if self._image is None or key != self._key:
                self._image = blank_image(*size, self.background)
                self._draw(None)
                self._key = key
                self.drawn += 1
            else:
                region = QRegion()
                for strip in (*self._strips, *strips):
                    region = region.united(QRegion(strip))
                self._draw(region.intersected(QRegion(self.panel.rect())))
            self._strips = strips
        return self._image

    def _draw(self, region: QRegion | None) -> None:
        painter = QPainter(self._image)
        try:
            begin(painter)
            if region is None:
                self.panel.render(painter, QPoint(0, 0))
                return
            if region.isEmpty():
                return
            painter.setClipRegion(region)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.fillRect(region.boundingRect(), QColor(self.background or "transparent"))
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            # a region is drawn with its top left corner at the offset given
            self.panel.render(painter, region.boundingRect().topLeft(), region)
        finally:
            painter.end()

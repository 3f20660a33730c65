"""The caption band of a slide export: the window's own `CaptionBand`, drawn offscreen.

A `SlideBand` holds a band widget inside a hidden host of the slide canvas's size
(1920 × 1080), so the band sizes its text exactly as it does in presenter mode on a 1080p
screen (digits ≥ 2.8 % of the height) and at the lecture's text size.  Like the window's
band it never shrinks while a lesson is shown: `reserve` lays out every step's caption
first (up to `RESERVE_STEPS`), so the graph above it does not move from frame to frame.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from gradviz.app.caption_band import CaptionBand
from gradviz.graph.caption import Caption
from gradviz.view.export_slide import SLIDE
from gradviz.view.interrupts import qt_drawing

RESERVE_STEPS = 400  # captions laid out ahead to size the band; past this, the step's own


class SlideBand:
    def __init__(self, prepared, lang: str, theme: str, text_scale: float) -> None:
        self.prepared, self.lang = prepared, lang
        with qt_drawing():
            self.host = QWidget()
            self.host.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
            self.host.resize(*SLIDE)
            self.band = CaptionBand(self.host)
            self.band.resize(SLIDE[0], 1)
            self.band.theme = theme
            self.band.text_scale = text_scale
            self.host.show()  # laid out as on screen (a hidden widget renders stale sizes)

    def caption(self, k: int) -> Caption:
        step = self.prepared.plan.state(k).step if k >= 0 else None
        if step is None:
            return Caption(self.prepared.title)
        return step.caption.get(self.lang)

    def reserve(self, steps) -> None:
        """Grow the band for the tallest of these steps' captions."""
        steps = list(steps)
        if len(steps) > RESERVE_STEPS:
            return
        for k in steps:
            self.show(k)

    def show(self, k: int) -> float:
        """Lay out step k's caption; the band's height (canvas pixels)."""
        with qt_drawing():
            self.band.caption = self.caption(k)
            self.band.relayout()
        return float(self.band.height())

    def height(self) -> float:
        return float(self.band.height())

    def paint(self, painter: QPainter, box: QRectF) -> None:
        """Draw the band as laid out into `box` (its top left corner; canvas pixels)."""
        with qt_drawing():
            painter.save()
            painter.translate(box.topLeft())
            self.band.render(painter, QPoint(0, 0))
            painter.restore()

    def close(self) -> None:
        with qt_drawing():
            self.host.close()
            self.host.deleteLater()

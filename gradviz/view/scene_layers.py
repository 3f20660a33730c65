"""An animation's frames of a `QGraphicsScene` whose items mostly stay put: the still part
is drawn once, each frame draws only the rest on a copy of it — the very same pixels.

An optimizer scene's 101 frames redraw the same heat map and contour lines (a fifth of the
work) under paths that grow.  `StillLayer(scene, moving)` is told which items move
(`moving()`: the paths, dots, legend, title …; their children move with them) and sorts the
others, in the order the scene paints them, into

- the *still* part: an item that no item of the rest painted before it overlaps, and
- the rest: the moving items, and every item that one of the rest, painted before it,
  could touch.

Painting the still part first and then the rest is painting the scene in its own order,
except that some still items trade places with later-painted items whose pixels they never
share (bounding rectangles, clipped by the items that clip their children, grown by `PAD`
pixels for antialiasing): operations on different pixels commute, so the frame is the
scene's frame to the last bit.  An item is left out of a pass by Qt's own
``ItemHasNoContents`` flag, which skips its painting but still paints and clips its
children.  The still part is drawn again whenever it could have changed: another size or
background, a still item moved, resized, shown or hidden, or `key()` (the view's range)
changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsWidget

from gradviz.view.export_writers import begin, blank_image
from gradviz.view.interrupts import qt_drawing

PAD = 2.0  # scene pixels around every bounding rectangle (two apart: 4): antialiasing
NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
CLIPS = QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape


def _address(item: QGraphicsItem) -> int:
    return shiboken6.getCppPointer(item)[0]


def _painted_rect(item: QGraphicsItem) -> QRectF:
    """Where the item can paint in the scene, grown by `PAD`: the box of the innermost
    ancestor that clips its children (a plot's view: cheaper to ask than each path or
    dot, and never smaller than what they paint there), else the item's own box."""
    rect, parent = None, item.parentItem()
    while parent is not None:
        if parent.flags() & CLIPS:
            box = parent.sceneBoundingRect()
            rect = box if rect is None else rect.intersected(box)
        parent = parent.parentItem()
    if rect is None:
        rect = item.sceneBoundingRect()
    return rect.adjusted(-PAD, -PAD, PAD, PAD)


def _paints(item: QGraphicsItem) -> bool:
    """Whether the item itself paints anything: a layout's cell, a plot's frame (a
    `QGraphicsWidget` that keeps Qt's empty ``paint``) or a group of items does not."""
    if item.flags() & NO_CONTENTS:
        return False
    if isinstance(item, QGraphicsWidget):
        return type(item).paint is not QGraphicsWidget.paint or item.autoFillBackground()
    return True


def _signature(item: QGraphicsItem) -> tuple:
    r, t = item.sceneBoundingRect(), item.sceneTransform()
    return (_address(item), item.isVisible(), item.zValue(), r.x(), r.y(), r.width(),
            r.height(), t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy())


class StillLayer:
    """Frames of `scene` in which only `moving()` items (and their children) change."""

    def __init__(self, scene: QGraphicsScene, moving: Callable[[], Iterable[QGraphicsItem]],
                 key: Callable[[], object] = lambda: None) -> None:
        self.scene, self.moving, self.key = scene, moving, key
        self._base: QImage | None = None
        self._base_key: object = None
        self.drawn = 0  # how many times the still part was drawn

    def split(self) -> tuple[list[QGraphicsItem], list[QGraphicsItem]]:
        """(still, rest): the scene's items, in its painting order, as the module says."""
        moving, stack = set(), list(self.moving())
        while stack:
            item = stack.pop()
            moving.add(_address(item))
            stack.extend(item.childItems())
        still, rest, later = [], [], []  # later: where the rest paints (after the still part)
        for item in self.scene.items(Qt.SortOrder.AscendingOrder):
            if not _paints(item):  # nothing to order (its children are items of their own)
                still.append(item)
                continue
            rect = _painted_rect(item)
            if _address(item) in moving or any(rect.intersects(r) for r in later):
                rest.append(item)
                later.append(rect)
            else:
                still.append(item)
        return still, rest

    def image(self, width: int, height: int, background: str | None, box: QRectF) -> QImage:
        """The frame now: a ``width × height`` image of `background` (None: transparent)
        with the scene's `box` drawn into the same rectangle of it."""
        with qt_drawing():
            prepare = getattr(self.scene, "prepareForPaint", None)
            if prepare is not None:  # pyqtgraph fits its views' ranges when it paints:
                prepare()  # fitted now, the split and the key see the ranges it paints
            still, rest = self.split()
            key = (width, height, background, box.getRect(), self.key(),
                   tuple(_signature(item) for item in still))
            if self._base is None or key != self._base_key:
                self._base = blank_image(width, height, background)
                self._draw(self._base, box, leave_out=rest)
                self._base_key = key
                self.drawn += 1
            frame = self._base.copy()
            self._draw(frame, box, leave_out=still)
        return frame

    def _draw(self, image: QImage, box: QRectF, leave_out: list[QGraphicsItem]) -> None:
        had = [bool(item.flags() & NO_CONTENTS) for item in leave_out]
        for item in leave_out:
            item.setFlag(NO_CONTENTS, True)
        painter = QPainter(image)
        try:
            begin(painter)
            self.scene.render(painter, box, box)
        finally:
            painter.end()
            for item, flag in zip(leave_out, had, strict=True):
                item.setFlag(NO_CONTENTS, flag)

"""`Minimap`: the whole graph, dimmed, in a corner of the canvas, with the camera's frame
drawn on it, so the room sees where in the graph the step is.  A click (or a drag) on it
moves the view there.

The graph is painted into a pixmap once (`refresh`); at each step only the parts of it the
step changed are painted again (`GraphScene.take_changes`), and moving the view only redraws
the frame's rectangle over it, so neither a step nor a glide costs the overview much.  It hides
while the view shows the whole graph and while the camera glides; it sits in a corner
free of nodes, else in one free of what the step explains, else it hides.
"""

from __future__ import annotations

from contextlib import nullcontext

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap, QRegion
from PySide6.QtWidgets import QWidget

WIDTH_SHARE = 0.2  # of the canvas' width, at most
HEIGHT_SHARE = 0.24  # of its height, at most
INSET = 12  # pixels from the canvas' corner
DIM_ALPHA = 120  # how much of the background covers the graph outside the frame
# While the camera glides the overview steps aside: a widget over the viewport makes Qt
# repaint all of it at every frame instead of scrolling its pixels.  It comes back this
# long after the view rests.
REST_MS = 60


class Minimap(QWidget):
    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.scene = None
        self._pixmap: QPixmap | None = None
        self._content: tuple | None = None  # what `_pixmap` was painted from (`_source`)
        self._placed = QRectF()  # where the graph is drawn in the widget
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._render)
        self._keep = None
        self._rest = QTimer(self, singleShot=True, interval=REST_MS)
        self._rest.timeout.connect(lambda: self.view_moved(self._keep))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        # The viewport's resize, not the canvas': when the canvas' arrives the viewport still
        # has its old size, and the overview was sized for the window before this one.
        self._viewport = canvas.viewport()
        self._viewport.installEventFilter(self)
        self.hide()

    def set_scene(self, scene) -> None:
        self.scene = scene
        self._pixmap = None
        self.place()
        self.refresh()

    def refresh(self) -> None:
        """The graph's look changed (a step, a theme): paint it again, soon and once."""
        self._timer.start()

    # ── geometry ─────────────────────────────────────────────────────────────────────────
    def place(self) -> None:
        """Sized with the graph's aspect, in the canvas' bottom-right corner for now (see
        `view_moved`, which picks a corner free of nodes)."""
        if self.scene is None:
            return
        rect = self.scene.content_rect()
        view = self.canvas.viewport().geometry()
        w = WIDTH_SHARE * view.width()
        h = w * rect.height() / max(rect.width(), 1.0)
        if h > HEIGHT_SHARE * view.height():
            h = HEIGHT_SHARE * view.height()
            w = h * rect.width() / max(rect.height(), 1.0)
        w, h = max(int(w), 8), max(int(h), 8)
        self.setGeometry(view.right() - w - INSET, view.bottom() - h - INSET, w, h)
        if self._pixmap is not None and self._pixmap.size() != self.size():
            self.refresh()

    def corners(self) -> list[QRect]:
        """Where the overview may sit: bottom right, top right, bottom left, top left."""
        view, w, h = self.canvas.viewport().geometry(), self.width(), self.height()
        xs = (view.right() - w - INSET, view.left() + INSET)
        ys = (view.bottom() - h - INSET, view.top() + INSET)
        return [QRect(xs[0], ys[0], w, h), QRect(xs[0], ys[1], w, h),
                QRect(xs[1], ys[0], w, h), QRect(xs[1], ys[1], w, h)]  # fmt: skip

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Nothing asked of the canvas here: its viewport's last events come while it is
        # being destroyed.
        if event.type() == QEvent.Type.Resize and watched is self._viewport:
            self.place()
        return False

    def frame_rect(self) -> QRectF:
        """The canvas' visible area, in this widget's pixels."""
        visible = self.canvas.mapToScene(self.canvas.viewport().rect()).boundingRect()
        return QRectF(self._to_map(visible.topLeft()), self._to_map(visible.bottomRight()))

    def _to_map(self, p: QPointF) -> QPointF:
        rect = self.scene.content_rect()
        s = self.width() / max(rect.width(), 1e-9)
        return QPointF((p.x() - rect.left()) * s, (p.y() - rect.top()) * s)

    def _to_scene(self, p: QPointF) -> QPointF:
        rect = self.scene.content_rect()
        s = max(rect.width(), 1e-9) / max(self.width(), 1)
        return QPointF(rect.left() + p.x() * s, rect.top() + p.y() * s)

    # ── showing ──────────────────────────────────────────────────────────────────────────
    def view_moved(self, keep=None) -> None:
        """The canvas moved: show the new frame in the first corner that covers no node,
        else in the first that leaves `keep` (what the step explains) free; else hide."""
        if self.scene is None:
            return
        self._keep = keep
        if self.canvas.gliding():
            if self.isVisible():
                self.hide()
            self._rest.start()
            return
        corner = None
        if not self.canvas.shows_whole_graph():
            corners = self.corners()
            free = [c for c in corners if not self._covers_nodes(c)]
            clear = [c for c in corners if not self._covers(c, keep)]
            corner = (free or clear or [None])[0]
        if corner is not None and corner != self.geometry():
            self.setGeometry(corner)
        if (corner is not None) != self.isVisible():
            self.setVisible(corner is not None)
        if corner is not None:
            self.update()

    def _scene_box(self, corner: QRect) -> QRectF:
        """A corner of the canvas as the scene rectangle under it now."""
        on_view = corner.translated(-self.canvas.viewport().pos())
        return self.canvas.mapToScene(on_view).boundingRect()

    def _covers_nodes(self, corner: QRect) -> bool:
        area = self.scene.root.mapRectFromScene(self._scene_box(corner))
        nodes, _ = self.scene.near(area)
        return len(nodes) > 0

    def _covers(self, corner: QRect, keep) -> bool:
        """Whether the corner lies over `keep` (scene box) as the canvas shows it now."""
        if keep is None:
            return False
        box = QRectF(QPointF(keep[0], keep[1]), QPointF(keep[2], keep[3]))
        return self._scene_box(corner).intersects(box)

    def _render(self) -> None:
        if self.scene is None or self.width() < 2:
            return
        changes = self.scene.take_changes() if hasattr(self.scene, "take_changes") else None
        if changes is not None and self._pixmap is not None \
                and self._pixmap.size() == self.size() and self._content == self._source():
            if changes:
                self._render_parts(changes)
                self.update()
            return
        pixmap = QPixmap(self.size())
        pixmap.fill(QColor(self.scene.theme.background))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_scene(painter, QRectF(pixmap.rect()), self.scene.content_rect())
        painter.end()
        self._pixmap = pixmap
        self._content = self._source()
        self.update()

    def _paint_scene(self, painter: QPainter, target: QRectF, source: QRectF) -> None:
        """The scene's `source` rectangle into `target`, as if all of it were in view (a
        closed box's label centred, not moved for the canvas' edge)."""
        unseen = getattr(self.scene, "unseen", None)
        with unseen() if unseen is not None else nullcontext():
            self.scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)

    def _source(self) -> tuple:
        """What the picture was painted from: a new scene or scene rectangle paints it anew."""
        r = self.scene.content_rect()
        return (id(self.scene), r.left(), r.top(), r.width(), r.height())

    def _render_parts(self, changes: list[QRectF]) -> None:
        """Paint again the pixels of the picture under the scene rectangles `changes`, with
        the whole picture's mapping (so they join the rest without a seam)."""
        content = self.scene.content_rect()
        sx = self._pixmap.width() / max(content.width(), 1e-9)
        sy = self._pixmap.height() / max(content.height(), 1e-9)
        region = QRegion()
        for r in changes:
            pixels = QRectF((r.left() - content.left()) * sx, (r.top() - content.top()) * sy,
                            r.width() * sx, r.height() * sy)  # fmt: skip
            region |= pixels.toAlignedRect().adjusted(-1, -1, 1, 1)
        painter = QPainter(self._pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = QColor(self.scene.theme.background)
        for target in region.intersected(self._pixmap.rect()):
            source = QRectF(content.left() + target.left() / sx, content.top() + target.top() / sy,
                            target.width() / sx, target.height() / sy)  # fmt: skip
            painter.save()
            painter.setClipRect(target)
            painter.fillRect(target, background)
            self._paint_scene(painter, QRectF(target), source)
            painter.restore()
        painter.end()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._pixmap is None:
            return
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._pixmap)
        background = QColor(self.scene.theme.background)
        background.setAlpha(DIM_ALPHA)
        frame = self.frame_rect().intersected(QRectF(self.rect()))
        painter.save()
        painter.setClipRegion(QRegion(self.rect()).subtracted(QRegion(frame.toAlignedRect())))
        painter.fillRect(self.rect(), background)
        painter.restore()
        painter.setPen(QPen(QColor(self.scene.theme.current), 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(frame.adjusted(1, 1, -1, -1))
        painter.setPen(QPen(QColor(self.scene.theme.edge), 1))
        painter.drawRect(QRectF(self.rect()).adjusted(0, 0, -1, -1))
        painter.end()

    # ── the lecturer's hand ──────────────────────────────────────────────────────────────
    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.canvas.look_at(self._to_scene(event.position()))
        event.accept()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.canvas.look_at(self._to_scene(event.position()))
        event.accept()

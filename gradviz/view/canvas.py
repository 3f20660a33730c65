"""`GraphCanvas`: the graphics view the lecturer drives — zoom, pan, fit, and a camera that
glides to what each step explains.

The camera (`gradviz.view.camera`) says where to look; the canvas moves there over
`GLIDE_MS` milliseconds, easing out.  A new target in the middle of a glide starts a new
glide from wherever the view is then, so stepping quickly, or stepping back, never jumps; a
target more than `CUT_SCREENS` screens away is cut to at once (End, Home, B).  The
lecturer's own zoom and pan stay until the next step (or a key) takes the camera back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QPainter, QTransform
from PySide6.QtWidgets import QGraphicsView

from gradviz.view.camera import Frame, glide
from gradviz.view.theme import LIGHT

ZOOM_STEP = 1.2
# The smallest on-screen height (pixels) of a node's numbers that a projector still shows
# readably, at text size 1, when a lesson opens and no step is explained yet.  The test is on
# the text, not the zoom, and it grows with the square root of the text size: a lecturer who
# raised the text size for the back row gets bigger numbers even on a graph too wide to show
# whole at that size, while a slide-sized graph still fits whole.
READABLE_PX = 10.0
BASE_VALUE_PX = LIGHT.value_px  # a theme's value_px at text size 1
GLIDE_MS = 320
CUT_SCREENS = 1.5  # a target this many viewports away is cut to, not glided to


def readable_zoom(scene) -> float:
    """The zoom at which the scene's node numbers are `READABLE_PX` × √(text size) high."""
    theme = getattr(scene, "theme", None)
    value_px = getattr(theme, "value_px", BASE_VALUE_PX)
    text_px = value_px * getattr(theme, "scale", 1.0)
    text_size = max(value_px / BASE_VALUE_PX, 1.0)
    return READABLE_PX * text_size**0.5 / text_px


class GraphCanvas(QGraphicsView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the window handles the keys
        self.follow = True  # the camera frames each step; off: the whole graph stays
        self.auto_fit = True  # refit on resize until the lecturer zooms by hand
        self.focus: QPointF | None = None  # the current node, where a readable fit centres
        self.camera: Callable[[tuple[float, float]], Frame | None] | None = None
        self.on_moved: Callable[[], None] | None = None  # the overview redraws its frame
        self._readable = True
        self._from: Frame | None = None
        self._to: Frame | None = None
        self._glide = QVariantAnimation(self)
        self._glide.setStartValue(0.0)
        self._glide.setEndValue(1.0)
        self._glide.setDuration(GLIDE_MS)
        self._glide.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._glide.valueChanged.connect(self._glide_to)

    # ── the lecturer's hand ──────────────────────────────────────────────────────────────
    def zoom(self, factor: float) -> None:
        self.auto_fit = False
        self._glide.stop()
        current = self.transform().m11()
        factor = min(max(current * factor, 0.05), 8.0) / current
        self.scale(factor, factor)
        self._moved()

    def zoom_level(self) -> float:
        return self.transform().m11()

    def fit(self, readable: bool = True) -> None:
        """Show the whole graph; if that makes text unreadable, zoom to a readable size
        around the current node instead (unless `readable` is False: the overview)."""
        self._glide.stop()
        self._to = None
        self.auto_fit = True
        self._readable = readable  # a resize keeps the kind of fit the lecturer chose
        scene = self.scene()
        if scene is None:
            return
        rect = scene.content_rect() if hasattr(scene, "content_rect") else scene.itemsBoundingRect()
        self.fitInView(rect.adjusted(-30, -30, 30, 30), Qt.AspectRatioMode.KeepAspectRatio)
        zoom = readable_zoom(scene)
        if readable and self.transform().m11() < zoom:
            self.resetTransform()
            self.scale(zoom, zoom)
            if self.focus is not None:
                self.centerOn(self.focus)
            else:
                self.centerOn(QPointF(rect.left() + self.viewport().width() / 2 / zoom,
                                      rect.center().y()))
        self._moved()

    def set_follow(self, on: bool) -> None:
        """The camera follows the steps (on), or the whole graph stays in view (off)."""
        self.follow = on
        if on:
            self.frame_step(animate=True)
        else:
            self.fit(readable=False)

    # ── the camera ───────────────────────────────────────────────────────────────────────
    def frame_step(self, animate: bool = True) -> None:
        """Take the camera back: to the step's frame, or the opening view before the first."""
        if not self.follow:
            return
        target = self.camera(self.viewport_size()) if self.camera is not None else None
        if target is None:
            self.fit(self._readable)
            return
        self.auto_fit = True
        self.show_frame(target, animate)

    def show_frame(self, target: Frame, animate: bool = True) -> None:
        """Glide to `target` (or cut to it: asked, or too far for a glide to be followed)."""
        start = self.frame_now()
        self._glide.stop()
        self._from, self._to = start, target
        dx = abs(target.center[0] - start.center[0]) * start.zoom
        dy = abs(target.center[1] - start.center[1]) * start.zoom
        w, h = self.viewport_size()
        far = dx > CUT_SCREENS * w or dy > CUT_SCREENS * h
        if not animate or far:
            self._glide_to(1.0)
            return
        self._glide.start()

    def look_at(self, point: QPointF) -> None:
        """Centre the view on `point` (the overview's click): the lecturer's, until the
        next step."""
        self._glide.stop()
        self.auto_fit = False
        self._to = None
        self.centerOn(point)
        self._moved()

    def keep(self):
        """What the camera's frame must leave uncovered now (None: the lecturer's view)."""
        return self._to.keep if self._to is not None and self.auto_fit else None

    def settle(self) -> None:
        """End a glide now, at its target."""
        if self.gliding():
            self._glide.stop()
            self._glide_to(1.0)

    def gliding(self) -> bool:
        return self._glide.state() != QVariantAnimation.State.Stopped

    def frame_now(self) -> Frame:
        """What the view shows now, as a camera frame."""
        # The exact middle: QRect.center() rounds down half a pixel, so a glide starting
        # from it moved the view a pixel at once (and repainted all of it) at every step.
        middle = QRectF(self.viewport().rect()).center()
        center = self.mapToScene(middle.toPoint()) + (middle - middle.toPoint()) / self.zoom_level()
        return Frame((center.x(), center.y()), self.zoom_level())

    def viewport_size(self) -> tuple[float, float]:
        return (float(self.viewport().width()), float(self.viewport().height()))

    def _glide_to(self, t) -> None:
        if self._from is None or self._to is None:
            return
        frame = glide(self._from, self._to, float(t))
        if abs(frame.zoom - self.zoom_level()) > 1e-9 * frame.zoom:
            self.setTransform(QTransform.fromScale(frame.zoom, frame.zoom))
        # At one zoom a glide is a pan: Qt scrolls the pixels it has and paints the strip
        # that comes into view, not the whole viewport.
        self.centerOn(QPointF(*frame.center))
        self._moved()

    def _moved(self) -> None:
        if self.on_moved is not None:
            self.on_moved()

    # ── what is on screen ────────────────────────────────────────────────────────────────
    def shows_whole_graph(self) -> bool:
        """Whether every node is inside the viewport now (the output included)."""
        scene = self.scene()
        if scene is None:
            return True
        rect = scene.content_rect() if hasattr(scene, "content_rect") else scene.itemsBoundingRect()
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        return visible.adjusted(-1, -1, 1, 1).contains(rect)

    def text_px(self) -> float:
        """How many screen pixels high the node numbers are drawn now."""
        theme = getattr(self.scene(), "theme", None)
        return self.zoom_level() * getattr(theme, "value_px", 24.0) * getattr(theme, "scale", 1.0)

    def show_area(self, area: QRectF, point: QPointF) -> None:
        """Show the scene rectangle `area` whole (a box the lecturer opened), zooming out
        as far as needed but not past a readable size, never in; when it cannot be shown
        whole so, keep `point` (the node chosen in it) in view.  The lecturer's view."""
        self._glide.stop()
        self.auto_fit = False
        self._to = None
        margin = 30.0
        w, h = self.viewport_size()
        fits = min((w - 2 * margin) / max(area.width(), 1e-6),
                   (h - 2 * margin) / max(area.height(), 1e-6))
        zoom = min(self.zoom_level(), fits)
        if zoom < readable_zoom(self.scene()):
            self.show_node(point)
            return
        self.setTransform(QTransform.fromScale(zoom, zoom))
        self.centerOn(area.center())
        self._moved()

    def show_node(self, center: QPointF) -> None:
        """Keep the current node in view without jumping when it already is."""
        self.focus = center
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        margin = visible.width() * 0.1
        if not visible.adjusted(margin, margin, -margin, -margin).contains(center):
            self.centerOn(center)
            self._moved()

    # ── Qt ───────────────────────────────────────────────────────────────────────────────
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if not self.auto_fit:
            return
        if self.follow:
            self.frame_step(animate=False)
        else:
            self.fit(self._readable)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt override
        super().scrollContentsBy(dx, dy)
        self._moved()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._glide.stop()  # the lecturer's hand wins over the camera until the next step
        self.auto_fit = False
        super().mousePressEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
        else:
            self._glide.stop()
            self.auto_fit = False
            super().wheelEvent(event)

"""`GraphCanvas`: the graphics view the lecturer drives — zoom, pan, fit, follow a node."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView

from gradviz.view.theme import LIGHT

ZOOM_STEP = 1.2
# The smallest on-screen height (pixels) of a node's numbers that a projector still shows
# readably, at text size 1.  The test is on the text, not the zoom, and it grows with the
# square root of the text size: a lecturer who raised the text size for the back row gets
# bigger numbers even on a graph too wide to show whole at that size (then a readable part
# of it, following the current node), while a slide-sized graph still fits whole.
READABLE_PX = 10.0
BASE_VALUE_PX = LIGHT.value_px  # a theme's value_px at text size 1


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
        self.follow = True
        self.auto_fit = True  # refit on resize until the lecturer zooms by hand
        self.focus: QPointF | None = None  # the current node, where a readable fit centres

    def zoom(self, factor: float) -> None:
        self.auto_fit = False
        current = self.transform().m11()
        factor = min(max(current * factor, 0.05), 8.0) / current
        self.scale(factor, factor)

    def zoom_level(self) -> float:
        return self.transform().m11()

    def fit(self, readable: bool = True) -> None:
        """Show the whole graph; if that makes text unreadable, zoom to a readable size
        around the current node instead (unless `readable` is False: the overview)."""
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

    def show_node(self, center: QPointF) -> None:
        """Keep the current node in view without jumping when it already is."""
        self.focus = center
        if not self.follow:
            return
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        margin = visible.width() * 0.1
        if not visible.adjusted(margin, margin, -margin, -margin).contains(center):
            self.centerOn(center)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit(getattr(self, "_readable", True))

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
        else:
            super().wheelEvent(event)

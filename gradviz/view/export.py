"""PNG export: the same `GraphScene` the window shows, rendered offscreen into an image.

`render_png(graph, layout, state, "slide.png")` works without a display (Qt's offscreen
platform is chosen when there is none) and writes the file atomically, so a half-written
PNG never replaces a good one.  `render_image(...)` returns the QImage instead.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication

from gradviz.graph.layout import Layout
from gradviz.graph.model import Graph
from gradviz.graph.stepstate import StepState
from gradviz.view.display import display_problem
from gradviz.view.export_writers import Picture, picture_image
from gradviz.view.interrupts import qt_drawing
from gradviz.view.items import Fonts, line_height, text_width
from gradviz.view.png_encode import png_bytes
from gradviz.view.scene import GraphScene
from gradviz.view.theme import LIGHT, Theme

_app: QApplication | None = None


def ensure_qapp() -> QApplication:
    """The running QApplication, or a new one (offscreen when no display answers)."""
    global _app
    app = QApplication.instance()
    if app is not None:
        return app
    argv = [sys.argv[0] if sys.argv else "gradviz"]
    if display_problem() is not None:  # none, or one that is gone: Qt would abort
        argv += ["-platform", "offscreen"]
    with qt_drawing():
        _app = QApplication(argv)
    return _app


MAX_SIDE = 7680
TITLE_WIDTH = 1920.0  # a title may widen the image to a 1080p slide's width, then it wraps
TITLE_MARGIN = 40.0
MAX_TITLE_LINES = 3
MAX_TITLE_CHARS = 1000  # more could never show in three lines


def title_lines(font: QFont, title: str, width: float,
                max_lines: int = MAX_TITLE_LINES) -> list[str]:
    """`title` wrapped at spaces into at most `max_lines` lines no wider than `width` (in
    the font's units); a word too long for a line is cut, and the last line ends in "…"
    when the title does not fit.  The work is bounded: past `MAX_TITLE_CHARS` characters
    the title is cut before it is measured."""
    metrics = QFontMetricsF(font)
    if len(title) <= MAX_TITLE_CHARS and metrics.horizontalAdvance(title) <= width:
        return [title]  # as written, its spacing kept
    lines: list[str] = []
    line = ""
    cut = len(title) > MAX_TITLE_CHARS
    for word in title[:MAX_TITLE_CHARS].split():
        candidate = f"{line} {word}" if line else word
        if not line or metrics.horizontalAdvance(candidate) <= width:
            line = candidate
            continue
        lines.append(line)
        line = word
        if len(lines) == max_lines:
            cut = True
            break
    else:
        lines.append(line)
    lines = [metrics.elidedText(t, Qt.TextElideMode.ElideRight, width) for t in lines]
    if cut and not lines[-1].endswith("…"):
        last = lines[-1] + "…"
        while len(last) > 1 and metrics.horizontalAdvance(last) > width:
            last = last[:-2] + "…"
        lines[-1] = last
    return lines


def render_scene(scene: GraphScene, transparent: bool = False, title: str | None = None) -> QImage:
    """Draw a built scene (at its current state and scale) into a new image."""
    return picture_image(scene_picture(scene, transparent, title))


def scene_picture(scene: GraphScene, transparent: bool = False,
                  title: str | None = None) -> Picture:
    """The built scene (at its current state and scale) as a `Picture`: the graph's own
    box, with the title above it.

    A title wider than the graph widens the picture up to `TITLE_WIDTH` (a slide's width),
    then wraps (at most `MAX_TITLE_LINES`, then cut with "…").  Whatever the scene and the
    title, neither side exceeds `MAX_SIDE`: a larger picture is drawn smaller."""
    theme = scene.theme
    s = theme.scale
    source = scene.content_rect()
    fonts = Fonts(theme)
    width, title_h, lines = math.ceil(source.width()), 0.0, []
    if title:
        room = min(max(source.width() / s, TITLE_WIDTH), MAX_SIDE / s) - 2 * TITLE_MARGIN
        lines = title_lines(fonts.title, title, max(room, 1.0))
        widest = max(text_width(fonts.title, line) for line in lines)
        width = max(width, math.ceil((widest + 2 * TITLE_MARGIN) * s))
        title_h = (len(lines) + 0.6) * line_height(fonts.title) * s
    height = math.ceil(source.height() + title_h)
    fit = min(1.0, MAX_SIDE / max(width, height, 1))
    out_w, out_h = max(1, math.floor(width * fit)), max(1, math.floor(height * fit))
    text = "\n".join(lines)

    def paint(painter: QPainter) -> None:
        painter.scale(fit, fit)
        if transparent:
            paint_backdrop(painter, QRectF(0, 0, width, height), theme)
        if text:
            draw_title(painter, text, QRectF(0, 0, width, title_h), theme, fonts)
        x = (width - source.width()) / 2
        render_graph(painter, scene, QRectF(x, title_h, source.width(), source.height()),
                     source)

    return Picture(out_w, out_h, paint, None if transparent else theme.background)


def draw_title(painter: QPainter, title: str, box: QRectF, theme: Theme,
               fonts: Fonts | None = None) -> None:
    """The title centred in `box` (pixels), in the theme's title font and text colour."""
    fonts = fonts or Fonts(theme)
    painter.save()
    painter.scale(theme.scale, theme.scale)
    painter.setFont(fonts.title)
    painter.setPen(QColor(theme.text))
    inner = QRectF(box.x() / theme.scale, box.y() / theme.scale, box.width() / theme.scale,
                   box.height() / theme.scale)
    painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, title)
    painter.restore()


def render_graph(painter: QPainter, scene: GraphScene, target: QRectF, source: QRectF,
                 aspect=Qt.AspectRatioMode.IgnoreAspectRatio) -> None:
    """The scene's `source` rectangle drawn into `target`, without its background."""
    old_brush = scene.backgroundBrush()
    scene.setBackgroundBrush(Qt.BrushStyle.NoBrush)
    try:
        scene.render(painter, target, source, aspect)
    finally:
        scene.setBackgroundBrush(old_brush)


BACKDROP_ALPHA = 235  # of 255: the light card under a transparent light export
BACKDROP_RADIUS = 24.0


def paint_backdrop(painter: QPainter, box: QRectF, theme: Theme) -> None:
    """Under a transparent export of a light theme, a card of its background with round
    corners: its dark text and edges would vanish on the course's dark slides, and on a
    light slide the card does not show.  A dark theme needs none (its text is light)."""
    if QColor(theme.background).lightness() < 128:
        return
    colour = QColor(theme.background)
    colour.setAlpha(BACKDROP_ALPHA)
    inset = 2.0 * theme.scale
    r = BACKDROP_RADIUS * theme.scale
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(box.adjusted(inset, inset, -inset, -inset), r, r)
    painter.restore()


def render_image(
    graph: Graph,
    layout: Layout,
    state: StepState | None,
    theme: Theme = LIGHT,
    scale: float = 2.0,
    lang: str = "es",
    transparent: bool = False,
    title: str | None = None,
) -> QImage:
    """The graph at `state` as an image whose size is proportional to `scale`.

    The long side is capped at `MAX_SIDE` pixels (twice a 4K screen): a long chain at
    scale 2 would otherwise be a 24,000-pixel strip that takes seconds to encode."""
    ensure_qapp()
    long_side = max(layout.width, layout.height) * scale
    if long_side > MAX_SIDE:
        scale *= MAX_SIDE / long_side
    with qt_drawing():
        scene = GraphScene(graph, layout, theme.with_scale(scale), lang)
        try:
            scene.show_state(state)
            return render_scene(scene, transparent=transparent, title=title)
        finally:
            scene.clear()
            scene.deleteLater()


def render_png(
    graph: Graph,
    layout: Layout,
    state: StepState | None,
    path: str | os.PathLike,
    theme: Theme = LIGHT,
    scale: float = 2.0,
    lang: str = "es",
    transparent: bool = False,
    title: str | None = None,
) -> None:
    """Write the graph at `state` to a PNG file, atomically (temp file, then rename)."""
    image = render_image(graph, layout, state, theme, scale, lang, transparent, title)
    save_image_atomically(image, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_image_atomically(image: QImage, path: str | os.PathLike,
                          threaded: bool = False) -> None:
    """Save as PNG (`gradviz.view.png_encode`: lossless, fast) next to `path`, then rename
    over it: readers never see half a file.  ``threaded``: on a worker thread, where
    signals are never delivered (no `qt_drawing`, whose count is the main thread's)."""
    if image.isNull():
        raise OSError(errno.EIO, "could not write the PNG image: it is empty", str(path))
    with atomic_file(path) as temporary:
        with contextlib.nullcontext() if threaded else qt_drawing():
            data = png_bytes(image)
        Path(temporary).write_bytes(data)


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike):
    """A hidden temporary file's name beside `path`; when the block ends without error the
    file replaces `path` (any kind of file: PNG, SVG, PDF, GIF, MP4), else it is removed.

    Errors name the user's `path` (never the temporary file) and say what is wrong with it:
    a folder that does not exist, a folder that is a file, a folder that cannot be written."""
    target = Path(path)
    folder = target.parent
    if not folder.exists():
        raise FileNotFoundError(errno.ENOENT, f"the folder {folder} does not exist", str(target))
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, f"{folder} is a file, not a folder", str(target))
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "that is a folder; give a file name ending in "
                                f"{target.suffix or '.png'}", str(target))
    suffix = target.suffix or ".tmp"
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=folder)
    except OSError as e:
        raise _about(e, target) from e
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; a picture is not
        os.replace(tmp, target)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        if e.filename == str(target) and e.filename2 is None:
            raise
        raise _about(e, target) from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _about(error: OSError, target: Path) -> OSError:
    """The same kind of error, about the user's file instead of the temporary one."""
    reason = error.strerror or str(error)
    return type(error)(error.errno, reason, str(target))

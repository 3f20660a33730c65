"""Writing a drawn picture as PNG, SVG, PDF, GIF or MP4, every file atomically.

A `Picture` is a size and a function that paints it on any QPainter; each writer gives it a
paint device: a QImage (PNG, and the frames of a GIF or MP4), Qt's `QSvgGenerator` (SVG:
shapes and text stay vector, `<text>` elements a slide tool can search) or `QPdfWriter`
(PDF: one page per picture, the page the picture's size).  PNGs and GIFs are
encoded by Pillow (`gradviz.view.png_encode`), MP4 (H.264,
yuv420p, what every player and slide tool plays) by the ffmpeg that `imageio-ffmpeg`
ships.  Every writer writes a hidden temporary file beside the target and
renames it over the target when it is whole (`write_atomically`), so a cut-off export
never leaves half a file and never replaces a good one.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QMarginsF, QRect, QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from gradviz.view.interrupts import qt_drawing

PDF_DPI = 96  # a picture's pixel is 0.75 pt on the page: a 1920×1080 slide is 20″ × 11.25″
MP4_BLOCK = 8  # H.264 wants sides divisible by this (1080 = 135 × 8); others are padded
VIDEO_PIXELS = "bgra" if sys.byteorder == "little" else "argb"  # a QImage RGB32's bytes


class Encoder:
    """Encodes frames (PNG files, GIF frames) on worker threads while the next frame is
    drawn: zlib and Pillow's quantizer and encoder let go of Python's lock, so on a
    machine with n cores n frames are encoded at once.  At most `backlog` frames wait,
    so memory stays bounded.  Use it as a context: leaving it waits for every frame (and
    raises the first error), or, after an error or Ctrl+C, drops what has not started."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or max(1, min(4, os.cpu_count() or 1))
        self.backlog = 2 * self.workers
        self.pool = ThreadPoolExecutor(self.workers, thread_name_prefix="gradviz-encode")
        self.pending: deque[Future] = deque()

    def submit(self, work: Callable, *args) -> Future:
        future = self.pool.submit(work, *args)
        self.pending.append(future)
        while len(self.pending) > self.backlog:
            self.pending.popleft().result()
        return future

    def __enter__(self) -> Encoder:
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None:
                while self.pending:
                    self.pending.popleft().result()
        finally:
            for future in self.pending:
                future.cancel()
            self.pool.shutdown(wait=True)


def save_png(image: QImage, path: str | os.PathLike) -> None:
    """`gradviz.view.export.save_image_atomically`, safe on an `Encoder`'s thread."""
    from gradviz.view.export import save_image_atomically

    save_image_atomically(image, path, threaded=True)


@dataclass(frozen=True)
class Picture:
    """``width × height`` pixels painted by ``paint(painter)`` on a ``background`` fill
    (None: transparent).  ``image``, when given, returns the very pixels `picture_image`
    would paint, faster: an animation's frame drawn over its still part, drawn once
    (`gradviz.view.scene_layers`).  Vector writers (SVG, PDF) always paint."""

    width: int
    height: int
    paint: Callable[[QPainter], None]
    background: str | None = None
    image: Callable[[], QImage] | None = None


def begin(painter: QPainter) -> None:
    """The render hints every export paints with."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)


def centred(picture: Picture, width: int, height: int) -> Picture:
    """The picture in the middle of a larger one (the frames of an animation are one size)."""
    if (picture.width, picture.height) == (width, height):
        return picture
    dx, dy = (width - picture.width) // 2, (height - picture.height) // 2

    def paint(painter: QPainter) -> None:
        painter.translate(dx, dy)
        picture.paint(painter)

    return Picture(width, height, paint, picture.background)


def picture_image(picture: Picture) -> QImage:
    """The picture drawn into a new ARGB image (by its ``image`` when it has one)."""
    if picture.image is not None:
        with qt_drawing():
            return picture.image()
    return painted_image(picture)


def blank_image(width: int, height: int, background: str | None) -> QImage:
    """A new ARGB image of the background colour (None: transparent)."""
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(background) if background else QColor(0, 0, 0, 0))
    return image


def painted_image(picture: Picture) -> QImage:
    """The picture painted whole into a new ARGB image."""
    image = blank_image(picture.width, picture.height, picture.background)
    with qt_drawing():
        painter = QPainter(image)
        try:
            begin(painter)
            picture.paint(painter)
        finally:
            painter.end()
    return image


def write_atomically(path: str | os.PathLike, write: Callable[[str], None]) -> None:
    """``write(temporary)`` beside `path`, then rename it over `path` (see
    `gradviz.view.export.save_image_atomically` for the errors it names)."""
    from gradviz.view.export import atomic_file  # one place for the checks and the rename

    with atomic_file(path) as temporary:
        write(temporary)


def save_svg(picture: Picture, path: str | os.PathLike, title: str = "") -> None:
    from PySide6.QtSvg import QSvgGenerator

    def write(temporary: str) -> None:
        generator = QSvgGenerator()
        generator.setFileName(temporary)
        generator.setSize(QSize(picture.width, picture.height))
        generator.setViewBox(QRect(0, 0, picture.width, picture.height))
        generator.setTitle(title)
        generator.setDescription("gradviz")
        _paint_on(generator, picture, QRectF(0, 0, picture.width, picture.height))

    write_atomically(path, write)


def save_pdf(pictures: Iterable[Picture], path: str | os.PathLike, title: str = "",
             progress: Callable[[int], None] | None = None) -> int:
    """Every picture as one page of a PDF; returns the number of pages."""
    pages = 0

    def write(temporary: str) -> None:
        nonlocal pages
        writer = QPdfWriter(temporary)
        writer.setTitle(title)
        writer.setCreator("gradviz")
        writer.setResolution(PDF_DPI)
        painter = None
        try:
            for picture in pictures:
                size = QPageSize(QSizeF(picture.width * 72 / PDF_DPI,
                                        picture.height * 72 / PDF_DPI), QPageSize.Unit.Point)
                layout = QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF())
                with qt_drawing():
                    writer.setPageLayout(layout)
                    if painter is None:
                        painter = QPainter(writer)
                        begin(painter)
                    else:
                        writer.newPage()
                    _fill_and_paint(painter, picture)
                pages += 1
                if progress is not None:
                    progress(pages)
        finally:
            if painter is not None:
                painter.end()
        if painter is None:
            raise ValueError("no pages to write")

    write_atomically(path, write)
    return pages


def _paint_on(device, picture: Picture, box: QRectF) -> None:
    with qt_drawing():
        painter = QPainter(device)
        try:
            begin(painter)
            _fill_and_paint(painter, picture)
        finally:
            painter.end()


def _fill_and_paint(painter: QPainter, picture: Picture) -> None:
    if picture.background:
        painter.fillRect(QRectF(0, 0, picture.width, picture.height),
                         QColor(picture.background))
    painter.save()
    picture.paint(painter)
    painter.restore()


def rgba(image: QImage) -> np.ndarray:
    """An image as an (h, w, 4) array of R, G, B, A bytes (straight alpha)."""
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=h * stride)
    return raw.reshape(h, stride)[:, : 4 * w].reshape(h, w, 4).copy()


def save_gif(frames: Iterable[QImage], path: str | os.PathLike, seconds_per_frame: float,
             progress: Callable[[int], None] | None = None) -> int:
    """The frames, in order, as a looping GIF (Pillow); returns how many.  Each frame
    gets its own 256 colours (a fast octree: flat colours and text stay clean, no dither),
    computed on the `Encoder`'s threads while the next frame is drawn."""
    futures = []
    with Encoder() as encoder:
        for n, frame in enumerate(frames, 1):
            futures.append(encoder.submit(_palette_frame, rgba(frame)))
            if progress is not None:
                progress(n)
    if not futures:
        raise ValueError("no frames to write")
    first, *rest = [f.result() for f in futures]

    def write(temporary: str) -> None:
        first.save(temporary, "GIF", save_all=True, append_images=rest, loop=0,
                   duration=round(1000 * seconds_per_frame), disposal=2, optimize=False)

    write_atomically(path, write)
    return len(futures)


def _palette_frame(pixels: np.ndarray):
    from PIL import Image

    image = Image.fromarray(pixels, "RGBA")
    if pixels[..., 3].min() == 255:  # opaque
        return image.convert("RGB").quantize(256, Image.Quantize.FASTOCTREE,
                                             dither=Image.Dither.NONE)
    return image  # Pillow keeps one transparent colour


def save_mp4(frames: Iterable[QImage], path: str | os.PathLike, fps: float,
             background: str = "#ffffff",
             progress: Callable[[int], None] | None = None) -> int:
    """The frames, in order, one video frame each, as an H.264 MP4; returns how many.
    Transparent pixels are laid on `background` (a video has no alpha); sides that are not
    a multiple of `MP4_BLOCK` are padded with the first pixel's colour.  ffmpeg encodes in
    its own process while the next frame is drawn."""
    count = 0

    def write(temporary: str) -> None:
        nonlocal count
        video = _Video(temporary, fps)
        try:
            with Encoder(workers=1) as feeder:  # one thread: the frames stay in order
                for frame in frames:
                    feeder.submit(video.send, video.frame_bytes(frame, background))
                    count += 1
                    if progress is not None:
                        progress(count)
        finally:
            video.close()  # ends ffmpeg, whole or cut off
        if count == 0:
            raise ValueError("no frames to write")

    write_atomically(path, write)
    return count


class _Video:
    """An ffmpeg (imageio-ffmpeg's) writing H.264, started at the first frame's size."""

    def __init__(self, path: str, fps: float) -> None:
        self.path, self.fps = path, fps
        self.size: tuple[int, int] | None = None
        self.writer = None

    def frame_bytes(self, frame: QImage, background: str) -> bytes:
        if self.size is None:
            w, h = frame.width(), frame.height()
            self.size = (w + -w % MP4_BLOCK, h + -h % MP4_BLOCK)
        return _video_bytes(frame, self.size, background)

    def send(self, data: bytes) -> None:
        if self.writer is None:
            import imageio_ffmpeg

            self.writer = imageio_ffmpeg.write_frames(
                self.path, self.size, fps=self.fps, codec="libx264", pix_fmt_in=VIDEO_PIXELS,
                pix_fmt_out="yuv420p",
                macro_block_size=1, quality=None, ffmpeg_log_level="error",
                output_params=["-crf", "18", "-preset", "veryfast", "-f", "mp4"])
            self.writer.send(None)
        self.writer.send(data)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _video_bytes(frame: QImage, size: tuple[int, int], background: str) -> bytes:
    """The frame on an opaque `size` canvas, as Qt's 32-bit pixels (`VIDEO_PIXELS`): ffmpeg
    turns them into the very YUV that packed RGB bytes would give, and no conversion of
    ours is needed."""
    if (frame.width(), frame.height()) != size or frame.hasAlphaChannel():
        canvas = QImage(size[0], size[1], QImage.Format.Format_RGB32)
        canvas.fill(QColor(background) if frame.hasAlphaChannel() else frame.pixelColor(0, 0))
        painter = QPainter(canvas)
        painter.drawImage(0, 0, frame)
        painter.end()
        frame = canvas
    frame = frame.convertToFormat(QImage.Format.Format_RGB32)  # 0xffRRGGBB words, no padding
    return bytes(frame.constBits())[: 4 * frame.width() * frame.height()]

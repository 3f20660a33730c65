"""Writing a drawn picture as PNG, SVG, PDF, GIF or MP4, every file atomically.

A `Picture` is a size and a function that paints it on any QPainter; each writer gives it a
paint device: a QImage (PNG, and the frames of a GIF or MP4), Qt's `QSvgGenerator` (SVG:
shapes and text stay vector, `<text>` elements a slide tool can search) or `QPdfWriter`
(PDF: one page per picture, the page the picture's size).  GIFs are encoded by Pillow,
MP4 (H.264, yuv420p, what every player and slide tool plays) by the ffmpeg that
`imageio-ffmpeg` ships.  Every writer writes a hidden temporary file beside the target and
renames it over the target when it is whole (`write_atomically`), so a cut-off export
never leaves half a file and never replaces a good one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QMarginsF, QRect, QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from gradviz.view.interrupts import qt_drawing

PDF_DPI = 96  # a picture's pixel is 0.75 pt on the page: a 1920×1080 slide is 20″ × 11.25″
MP4_BLOCK = 8  # H.264 wants sides divisible by this (1080 = 135 × 8); others are padded


@dataclass(frozen=True)
class Picture:
    """``width × height`` pixels painted by ``paint(painter)`` on a ``background`` fill
    (None: transparent)."""

    width: int
    height: int
    paint: Callable[[QPainter], None]
    background: str | None = None


def _begin(painter: QPainter) -> None:
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
    """The picture drawn into a new ARGB image."""
    image = QImage(picture.width, picture.height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(picture.background) if picture.background else QColor(0, 0, 0, 0))
    with qt_drawing():
        painter = QPainter(image)
        try:
            _begin(painter)
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
                        _begin(painter)
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
            _begin(painter)
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
    """The frames, in order, as a looping GIF (Pillow); returns how many."""
    from PIL import Image

    palette_frames = []
    for n, frame in enumerate(frames, 1):
        pixels = rgba(frame)
        image = Image.fromarray(pixels, "RGBA")
        if pixels[..., 3].min() == 255:  # opaque: one adaptive palette a frame, no dither
            image = image.convert("RGB").quantize(256, Image.Quantize.MEDIANCUT,
                                                  dither=Image.Dither.NONE)
        palette_frames.append(image)
        if progress is not None:
            progress(n)
    if not palette_frames:
        raise ValueError("no frames to write")
    first, rest = palette_frames[0], palette_frames[1:]

    def write(temporary: str) -> None:
        first.save(temporary, "GIF", save_all=True, append_images=rest, loop=0,
                   duration=round(1000 * seconds_per_frame), disposal=2, optimize=False)

    write_atomically(path, write)
    return len(palette_frames)


def save_mp4(frames: Iterable[QImage], path: str | os.PathLike, fps: float,
             background: str = "#ffffff",
             progress: Callable[[int], None] | None = None) -> int:
    """The frames, in order, one video frame each, as an H.264 MP4; returns how many.
    Transparent pixels are laid on `background` (a video has no alpha)."""
    import imageio_ffmpeg

    count = 0

    def write(temporary: str) -> None:
        nonlocal count
        writer = None
        try:
            for frame in frames:
                pixels = _opaque_rgb(rgba(frame), background)
                if writer is None:
                    h, w = pixels.shape[:2]
                    size = (w + -w % MP4_BLOCK, h + -h % MP4_BLOCK)
                    writer = imageio_ffmpeg.write_frames(
                        temporary, size, fps=fps, codec="libx264", pix_fmt_out="yuv420p",
                        macro_block_size=1, quality=None, output_params=[
                            "-crf", "18", "-preset", "veryfast", "-f", "mp4"],
                        ffmpeg_log_level="error")
                    writer.send(None)
                padded = np.zeros((size[1], size[0], 3), np.uint8)
                padded[:] = pixels[0, 0]
                padded[: pixels.shape[0], : pixels.shape[1]] = pixels
                writer.send(np.ascontiguousarray(padded))
                count += 1
                if progress is not None:
                    progress(count)
        finally:
            if writer is not None:
                writer.close()
        if writer is None:
            raise ValueError("no frames to write")

    write_atomically(path, write)
    return count


def _opaque_rgb(pixels: np.ndarray, background: str) -> np.ndarray:
    alpha = pixels[..., 3:4].astype(np.float32) / 255.0
    if alpha.min() == 1.0:
        return pixels[..., :3]
    back = np.array(QColor(background).getRgb()[:3], np.float32)
    return (pixels[..., :3] * alpha + back * (1 - alpha) + 0.5).astype(np.uint8)

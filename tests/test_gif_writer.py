"""The GIF written frame by frame decodes to the pixels of Pillow's own animation."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageSequence

from gradviz.view.export_writers import Encoder
from gradviz.view.gif_writer import palette_frame, pillow_gif, write_gif


def frames(n: int = 6) -> list[np.ndarray]:
    """Opaque frames with many colours (a gradient), a moving square, and a repeat."""
    rng = np.random.default_rng(3)
    base = np.zeros((48, 64, 4), np.uint8)
    base[..., 0] = np.linspace(0, 255, 64, dtype=np.uint8)
    base[..., 1] = np.linspace(0, 255, 48, dtype=np.uint8)[:, None]
    base[..., 2] = rng.integers(0, 255, (48, 64), dtype=np.uint8)
    base[..., 3] = 255
    out = []
    for k in range(n):
        frame = base.copy()
        frame[10:20, 5 * k: 5 * k + 10, :3] = (250, 30, 30)
        out.append(frame)
    return out[:3] + [out[2].copy()] + out[3:]  # frame 3 repeats frame 2


def decoded(path) -> tuple[list[np.ndarray], list[int]]:
    image = Image.open(path)
    pictures, durations = [], []
    for frame in ImageSequence.Iterator(image):
        pictures.append(np.asarray(frame.convert("RGBA")))
        durations.append(frame.info.get("duration"))
    return pictures, durations


def test_the_frames_decode_as_pillows_animation(tmp_path):
    pixels = frames()
    ours, pillows = tmp_path / "ours.gif", tmp_path / "pillow.gif"
    with open(ours, "wb") as out, Encoder(workers=2) as encoder:
        assert write_gif(out, iter(pixels), 150, encoder) == len(pixels)
    pillow_gif(str(pillows), [palette_frame(p) for p in pixels], 150)
    (a, a_ms), (b, b_ms) = decoded(ours), decoded(pillows)
    assert len(a) == len(b) == len(pixels) - 1  # the repeated frame lengthens the one before
    assert a_ms == b_ms and a_ms[2] == 300
    for x, y in zip(a, b, strict=True):
        assert np.array_equal(x, y)
    assert Image.open(ours).info.get("loop") == 0

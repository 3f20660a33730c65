"""PNG export: the scene rendered offscreen, deterministic, sized by the presenter scale."""

from __future__ import annotations

import numpy as np
import pytest
from graph_fixtures import backward_state, forward_state, slide_graph
from PySide6.QtGui import QColor, QImage

from gradviz.view.export import render_image, render_png
from gradviz.view.scene import layout_for_view
from gradviz.view.theme import DARK, LIGHT


@pytest.fixture(scope="module")
def slide(qapp):
    graph = slide_graph()
    return graph, layout_for_view(graph)


def pixels(image: QImage) -> np.ndarray:
    """An image as an (h, w, 4) array of B, G, R, A bytes."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=h * stride)
    return raw.reshape(h, stride)[:, : 4 * w].reshape(h, w, 4).copy()


def has_color(image: QImage, hex_color: str, tolerance: int = 4) -> bool:
    c = QColor(hex_color)
    bgr = np.array([c.blue(), c.green(), c.red()])
    diff = np.abs(pixels(image)[..., :3].astype(int) - bgr).max(axis=-1)
    return int((diff <= tolerance).sum()) > 100


def test_same_input_gives_identical_pixels(slide):
    graph, layout = slide
    first = render_image(graph, layout, backward_state(graph), scale=1.0)
    second = render_image(graph, layout, backward_state(graph), scale=1.0)
    assert np.array_equal(pixels(first), pixels(second))


def test_different_states_give_different_images(slide):
    graph, layout = slide
    forward = render_image(graph, layout, forward_state(graph), scale=1.0)
    backward = render_image(graph, layout, backward_state(graph), scale=1.0)
    structure = render_image(graph, layout, None, scale=1.0)
    assert not np.array_equal(pixels(forward), pixels(backward))
    assert not np.array_equal(pixels(forward), pixels(structure))


def test_size_follows_scale(slide):
    graph, layout = slide
    small = render_image(graph, layout, None, scale=1.0)
    big = render_image(graph, layout, None, scale=2.0)
    assert abs(big.width() - 2 * small.width()) <= 2
    assert abs(big.height() - 2 * small.height()) <= 2
    assert small.width() >= layout.width


def test_light_theme_uses_the_slide_colours(slide):
    graph, layout = slide
    image = render_image(graph, layout, None, theme=LIGHT, scale=1.0)
    assert has_color(image, "#ffb4b9")
    assert has_color(image, "#cda2f1")
    assert tuple(pixels(image)[2, 2]) == (255, 255, 255, 255)


def test_dark_theme_background(slide):
    graph, layout = slide
    image = render_image(graph, layout, forward_state(graph), theme=DARK, scale=1.0)
    c = QColor(DARK.background)
    assert tuple(pixels(image)[2, 2][:3]) == (c.blue(), c.green(), c.red())
    assert has_color(image, DARK.value_fill)


def test_transparent_background(slide):
    graph, layout = slide
    image = render_image(graph, layout, None, scale=1.0, transparent=True)
    assert pixels(image)[2, 2, 3] == 0


def test_title_adds_a_band_on_top(slide):
    graph, layout = slide
    plain = render_image(graph, layout, None, scale=1.0)
    titled = render_image(graph, layout, None, scale=1.0, title="c = Σ(x·y + z)")
    assert titled.height() > plain.height()


def test_render_png_writes_atomically(slide, tmp_path):
    graph, layout = slide
    target = tmp_path / "slide.png"
    target.write_bytes(b"old")
    render_png(graph, layout, backward_state(graph), target, scale=1.0, lang="en")
    assert QImage(str(target)).width() > 0
    assert [p.name for p in tmp_path.iterdir()] == ["slide.png"]


@pytest.mark.parametrize("transparent", [False, True])
def test_the_fast_png_writer_gives_qts_pixels(slide, tmp_path, transparent):
    """`gradviz.view.png_encode` (Pillow, zlib level 1, RGB when opaque) decodes to
    exactly the pixels Qt's own PNG writer stores, in a file no larger."""
    from gradviz.view.export import save_image_atomically

    graph, layout = slide
    image = render_image(graph, layout, backward_state(graph), scale=1.0, lang="en",
                         transparent=transparent)
    fast, qt = tmp_path / "fast.png", tmp_path / "qt.png"
    save_image_atomically(image, fast)
    assert image.save(str(qt), "PNG")
    assert np.array_equal(pixels(QImage(str(fast))), pixels(image))
    assert np.array_equal(pixels(QImage(str(fast))), pixels(QImage(str(qt))))
    assert QImage(str(fast)).hasAlphaChannel() == transparent  # opaque: RGB, no alpha
    assert QImage(str(fast)).dotsPerMeterX() == QImage(str(qt)).dotsPerMeterX()
    assert fast.stat().st_size <= qt.stat().st_size * 1.1


def test_render_png_to_missing_folder_fails_cleanly(slide, tmp_path):
    graph, layout = slide
    with pytest.raises(OSError):
        render_png(graph, layout, None, tmp_path / "nowhere" / "slide.png")


def test_huge_graphs_are_capped_at_the_maximum_side(qapp):
    import gradviz as gv
    from gradviz.graph.record import record
    from gradviz.view.export import MAX_SIDE

    x = gv.Value(0.5, label="x")
    y = x
    for _ in range(60):  # a chain this long is a 20,000-pixel strip at scale 2
        y = (y * 0.9).tanh()
    y.backward()
    graph = record(y)
    layout = layout_for_view(graph, LIGHT)
    assert layout.width * 2 > MAX_SIDE
    image = render_image(graph, layout, None, LIGHT, scale=2.0)
    assert max(image.width(), image.height()) <= MAX_SIDE * 1.01  # margins add a little
    small = slide_graph()
    normal = render_image(small, layout_for_view(small, LIGHT), None, LIGHT, scale=2.0)
    assert normal.width() < MAX_SIDE  # small graphs keep their scale (checked elsewhere)

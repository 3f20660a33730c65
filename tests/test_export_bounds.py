"""Every size of every export is bounded: a title of 20,000 or 200,000 characters, a graph
with a name that long, any --scale.  Long text wraps and is cut with "…"; the image stays
within `MAX_SIDE` on both sides and is made in bounded time."""

from __future__ import annotations

import dataclasses
import math

import pytest
from graph_fixtures import backward_state, slide_graph

from gradviz.view.export import (
    MAX_SIDE,
    MAX_TITLE_LINES,
    TITLE_WIDTH,
    render_image,
    title_lines,
)
from gradviz.view.items import Fonts
from gradviz.view.scene import layout_for_view
from gradviz.view.theme import LIGHT

WORDS = "pérdida " * 2500  # 20,000 characters
HOSTILE_TITLES = [WORDS, WORDS * 10, "x" * 20_000, "Σ" * 200_000, " \n\t " * 5000,
                  "a " + "b" * 5000 + " c"]


@pytest.fixture(scope="module")
def slide(qapp):
    graph = slide_graph()
    return graph, layout_for_view(graph)


@pytest.mark.parametrize("title", HOSTILE_TITLES, ids=lambda t: f"{t[:6]!r}x{len(t)}")
@pytest.mark.parametrize("scale", [0.25, 2.0, 8.0])
def test_a_long_title_wraps_within_the_bounds(slide, title, scale):
    graph, layout = slide
    image = render_image(graph, layout, backward_state(graph), scale=scale, title=title)
    plain = render_image(graph, layout, backward_state(graph), scale=scale)
    assert image.width() <= MAX_SIDE and image.height() <= MAX_SIDE
    assert image.width() <= max(plain.width(), TITLE_WIDTH * scale) + 1
    assert image.height() <= plain.height() * 1.01 + 4 * 40 * scale


def test_title_lines():
    font = Fonts(LIGHT).title
    short = title_lines(font, "c = Σ(x·y + z)", 1200)
    assert short == ["c = Σ(x·y + z)"]  # a title that fits is left alone
    lines = title_lines(font, WORDS, 1200)
    assert len(lines) == MAX_TITLE_LINES and lines[-1].endswith("…")
    assert all(line.startswith("pérdida") for line in lines)
    assert title_lines(font, "uno dos tres", 1e6) == ["uno dos tres"]
    one_word = title_lines(font, "b" * 5000, 300)
    assert len(one_word) == 1 and one_word[0].endswith("…")


def test_a_node_name_that_long_is_bounded_too(qapp):
    graph = slide_graph()
    nodes = tuple(dataclasses.replace(n, name=n.name * 5000) if not n.is_op else n
                  for n in graph.nodes)
    graph = dataclasses.replace(graph, nodes=nodes)
    image = render_image(graph, layout_for_view(graph), None, scale=8.0, title=WORDS)
    assert 0 < image.width() <= MAX_SIDE and 0 < image.height() <= MAX_SIDE


def test_a_long_lesson_title_keeps_the_frames_step_caption(qapp):
    from gradviz.app import exporting
    from gradviz.lesson.prepare import prepare_lesson

    prepared = prepare_lesson(exporting.Path(__file__).parents[1] / "examples" /
                              "grafo_slide.toml")
    prepared = dataclasses.replace(prepared, lesson=dataclasses.replace(prepared.lesson,
                                                                   title=WORDS))
    title = exporting.frame_title(prepared, prepared.plan.last, "en")
    caption = exporting.step_caption(prepared.plan, prepared.plan.last, "en")
    assert title.endswith("…" + caption) and len(title) < 200


@pytest.mark.parametrize("frame", ["graph", "slide"])
def test_a_slide_of_a_huge_title_and_graph_stays_its_size(qapp, frame):
    from gradviz.app import exporting
    from gradviz.lesson.prepare import prepare_lesson

    prepared = prepare_lesson(exporting.Path(__file__).parents[1] / "examples" /
                              "grafo_slide.toml")
    prepared = dataclasses.replace(prepared, lesson=dataclasses.replace(prepared.lesson,
                                                                   title=WORDS * 10))
    look = exporting.ExportLook(frame=frame, scale=8.0, size=(3840, 2160), text_scale=3.0)
    pictures = exporting.StepPictures(prepared, look)
    try:
        picture = pictures.picture(prepared.plan.last)
    finally:
        pictures.close()
    assert max(picture.width, picture.height) <= MAX_SIDE
    if frame == "slide":
        assert (picture.width, picture.height) == (3840, 2160)


@pytest.mark.parametrize("scale", [0.25, 1.0, 2.0, 6.5, 8.0])
def test_an_optimizer_scenes_picture_is_bounded_at_every_scale(scale):
    from gradviz.view.surface_export import BASE_SIZE, export_scale, image_size

    width, height = image_size(scale)
    assert max(width, height) <= MAX_SIDE
    assert (width, height) == tuple(min(MAX_SIDE, math.ceil(side * export_scale(scale)))
                                    for side in BASE_SIZE)
    if scale <= 6.5:
        assert export_scale(scale) == scale  # below the cap nothing changes


@pytest.mark.parametrize("title", [WORDS, "x" * 200_000], ids=["words", "one word"])
def test_an_optimizer_scenes_long_title_is_cut_not_shrunk_away(qapp, title):
    from pathlib import Path

    from gradviz.lesson.scene import load_scene
    from gradviz.view.surface_export import _close, export_plot
    from gradviz.view.surface_labels import MAX_TITLE_CHARS

    scene = load_scene(Path(__file__).parents[1] / "examples" / "optim_silla.toml")
    plot = export_plot(dataclasses.replace(scene, title=title), scale=1.0)
    try:
        shown = plot.title_label.text
        assert "…" in shown and len(shown) < MAX_TITLE_CHARS + 400
        assert plot.title_label.itemRect().width() <= plot.width()
    finally:
        _close(plot)

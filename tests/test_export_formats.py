"""Exports for slides: the -o suffix decides the kind; slides are 16:9 at the asked size; SVG
and PDF are vector pictures of the same scene; GIF and MP4 have one frame per step, in order."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from gradviz.app.cli import main as cli_main
from gradviz.view.export_formats import (
    FOLDER,
    GIF,
    MP4,
    PDF,
    PNG,
    SVG,
    ExportFormatError,
    output_format,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SLIDE = EXAMPLES / "grafo_slide.toml"
XOR = EXAMPLES / "xor_red.toml"
SADDLE = EXAMPLES / "optim_silla.toml"


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=h * stride)
    return raw.reshape(h, stride)[:, : 4 * w].reshape(h, w, 4).copy()


def export(*args) -> int:
    return cli_main(["export", *map(str, args)])


# ── the suffix decides ───────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(("name", "all_steps", "kind"), [
    ("a.png", False, PNG), ("a.SVG", False, SVG), ("a.pdf", False, PDF), ("a.pdf", True, PDF),
    ("a.gif", False, GIF), ("a.gif", True, GIF), ("a.mp4", True, MP4), ("frames", True, FOLDER),
    ("frames.v2/", True, FOLDER)])
def test_the_suffix_decides_the_kind(name, all_steps, kind):
    assert output_format(name, all_steps) == kind


@pytest.mark.parametrize(("name", "all_steps", "step", "says"), [
    ("a.jpg", False, None, "does not write .jpg files"),
    ("a.gif", False, "3", "is an animation of every step"),
    ("a.png", True, None, "names one picture"),
    ("a.svg", True, None, "names one picture"),
    ("frames", False, None, "or a folder with --all-steps")])
def test_what_cannot_be_written_is_said(name, all_steps, step, says):
    with pytest.raises(ExportFormatError, match=says):
        output_format(name, all_steps, step)


def test_an_unknown_suffix_is_said_in_the_users_language_and_nothing_is_written(
        tmp_path, capsys, qapp):
    out = tmp_path / "x.gif.d"
    assert export(SLIDE, "-o", out, "--all-steps", "--lang", "es") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"gradviz: -o {out}: gradviz no escribe archivos .d;")
    assert ".png, .svg, .pdf, .gif, .mp4" in err
    assert list(tmp_path.iterdir()) == []  # today's bug: a folder named x.gif


def test_all_steps_into_a_png_name_makes_no_folder(tmp_path, capsys, qapp):
    out = tmp_path / "x.png"
    assert export(SLIDE, "-o", out, "--all-steps") == 1
    assert "names one picture" in capsys.readouterr().err
    assert not out.exists()


# ── slides ───────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(("size", "pixels_"), [("1080p", (1920, 1080)), ("4k", (3840, 2160))])
@pytest.mark.parametrize("lesson", [XOR, SADDLE], ids=["graph", "scene"])
def test_a_slide_is_16_9_at_the_asked_size(tmp_path, qapp, lesson, size, pixels_):
    out = tmp_path / "slide.png"
    assert export(lesson, "-o", out, "--frame", "slide", "--size", size, "--step", "2") == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == pixels_


def test_a_slide_carries_the_steps_chain_rule_at_the_back_rows_size(qapp):
    from gradviz.app.export_slides import SlideBand
    from gradviz.app.exporting import ExportLook, StepPictures
    from gradviz.lesson.prepare import prepare_lesson
    from gradviz.view.export_slide import SLIDE as CANVAS

    prepared = prepare_lesson(XOR)
    pictures = StepPictures(prepared, ExportLook(frame="slide"))
    try:
        k = prepared.plan.backward_start + 1
        pictures.picture(k)
        band: SlideBand = pictures.band
        digits = [h for _, h in band.band.laid.number_runs()]
        assert digits and min(digits) >= 0.028 * CANVAS[1]  # 30 px on 1080 lines
        assert band.band.caption == prepared.plan.state(k).step.caption.get("es")
    finally:
        pictures.close()


def test_the_text_size_grows_the_slides_words(tmp_path, qapp):
    from gradviz.app.exporting import ExportLook, StepPictures
    from gradviz.lesson.prepare import prepare_lesson

    prepared = prepare_lesson(SLIDE)
    sizes = []
    for scale in (1.0, 1.5):
        pictures = StepPictures(prepared, ExportLook(frame="slide", text_scale=scale))
        try:
            pictures.picture(prepared.plan.last)
            sizes.append((pictures.scene.theme.value_px, pictures.band.band.laid.px))
        finally:
            pictures.close()
    assert sizes[1][0] == pytest.approx(1.5 * sizes[0][0])
    assert sizes[1][1] > sizes[0][1]


def test_an_optimizer_slide_has_its_loss_curves_at_the_right(tmp_path, qapp):
    out, plain = tmp_path / "slide.png", tmp_path / "plain.png"
    assert export(SADDLE, "-o", out, "--frame", "slide", "--step", "20") == 0
    right = pixels(QImage(str(out)))[100:1000, 1400:1880, :3].astype(int)
    background = right[5, 5]
    drawn = np.abs(right - background).max(axis=-1) > 60
    assert drawn.mean() > 0.002  # curves, axes and ticks, not an empty panel
    assert export(SADDLE, "-o", plain, "--step", "20") == 0
    assert QImage(str(plain)).width() != 1920  # the plain picture is the page's plot alone


# ── vector ───────────────────────────────────────────────────────────────────────────────
def test_svg_parses_and_holds_the_nodes_texts(tmp_path, qapp):
    from gradviz.lesson.prepare import prepare_lesson

    out = tmp_path / "x.svg"
    assert export(SLIDE, "-o", out, "--step", "end", "--lang", "en") == 0
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    texts = " ".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("text"))
    names = [n.name for n in prepare_lesson(SLIDE).graph.nodes if not n.is_op]
    assert names and all(name in texts for name in names)
    assert "∂" in texts  # the gradients of the last step are written as text too


def _pdf_pages(path: Path) -> list[tuple[float, float]]:
    if shutil.which("pdfinfo") is None:
        pytest.fail("pdfinfo (poppler-utils) is not installed: scripts/test.sh installs it")
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True,
                         text=True, check=True).stdout
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            w, _, h = line.split("size:")[1].split()[:3]
            sizes.append((float(w), float(h)))
    return sizes


def test_a_pdf_opens_with_one_page_per_step(tmp_path, qapp):
    from gradviz.lesson.prepare import prepare_lesson

    out = tmp_path / "steps.pdf"
    assert export(SLIDE, "-o", out, "--all-steps", "--frame", "slide") == 0
    pages = _pdf_pages(out)
    assert len(pages) == len(prepare_lesson(SLIDE).plan) + 1
    assert all(w / h == pytest.approx(16 / 9) for w, h in pages)
    subprocess.run(["pdftoppm", "-f", "2", "-l", "2", "-r", "20", "-png", str(out),
                    str(tmp_path / "page")], check=True)
    page = QImage(str(next(tmp_path.glob("page*.png"))))
    assert page.width() > 100 and pixels(page)[..., :3].std() > 5  # drawn, not blank


# ── animations ───────────────────────────────────────────────────────────────────────────
def _nearest(frames: list[np.ndarray], references: list[np.ndarray]) -> list[int]:
    """For each frame, the index of the reference picture it is closest to."""
    return [int(np.argmin([np.abs(f.astype(int) - r.astype(int)).mean() for r in references]))
            for f in frames]


@pytest.fixture(scope="module")
def slide_frames(tmp_path_factory, qapp):
    folder = tmp_path_factory.mktemp("frames")
    assert export(SLIDE, "-o", folder, "--all-steps", "--frame", "slide") == 0
    return [pixels(QImage(str(p)))[..., :3] for p in sorted(folder.glob("step_*.png"))]


def test_a_gif_has_one_frame_per_step_in_order(tmp_path, slide_frames):
    from PIL import Image, ImageSequence

    out = tmp_path / "steps.gif"
    assert export(SLIDE, "-o", out) == 0
    with Image.open(out) as gif:
        frames = [np.asarray(f.convert("RGB")) for f in ImageSequence.Iterator(gif)]
    assert len(frames) == len(slide_frames) > 3
    assert frames[0].shape == (1080, 1920, 3)
    assert _nearest(frames, slide_frames) == list(range(len(frames)))


def test_an_mp4_has_one_frame_per_step_in_order(tmp_path, slide_frames):
    import imageio_ffmpeg

    out = tmp_path / "steps.mp4"
    assert export(SLIDE, "-o", out) == 0
    reader = imageio_ffmpeg.read_frames(str(out))
    meta = next(reader)
    w, h = meta["size"]
    frames = [np.frombuffer(f, np.uint8).reshape(h, w, 3) for f in reader]
    assert (w, h) == (1920, 1080)
    assert len(frames) == len(slide_frames)
    assert _nearest(frames, slide_frames) == list(range(len(frames)))


def test_an_optimizer_scenes_gif_has_a_frame_per_iteration(tmp_path, qapp):
    from PIL import Image

    from gradviz.lesson.prepare import prepare_lesson
    from gradviz.view.surface_export import frame_iterations, last_iteration

    out = tmp_path / "race.gif"
    assert export(SADDLE, "-o", out, "--frame", "graph", "--scale", "0.5") == 0
    prepared = prepare_lesson(SADDLE)
    with Image.open(out) as gif:
        assert gif.n_frames == len(frame_iterations(last_iteration(prepared.runs)))


# ── transparent ──────────────────────────────────────────────────────────────────────────
def test_a_transparent_light_export_keeps_a_light_card_under_the_graph(tmp_path, qapp):
    out = tmp_path / "t.png"
    assert export(SLIDE, "-o", out, "--transparent", "--scale", "1") == 0
    rgba = pixels(QImage(str(out)))
    assert rgba[0, 0, 3] == 0  # the corners stay transparent
    h, w = rgba.shape[:2]
    inside = rgba[h // 2 - 40: h // 2 + 40, 40: w - 40]
    assert inside[..., 3].min() >= 200  # dark lines and text sit on the card, not the slide
    dark = tmp_path / "d.png"
    assert export(SLIDE, "-o", dark, "--transparent", "--scale", "1", "--theme", "dark") == 0
    band = pixels(QImage(str(dark)))[h // 2 - 40: h // 2 + 40, 40: w - 40, 3]
    assert (band == 0).mean() > 0.2  # light text needs no card: the slide shows between nodes


# ── a cut-off export leaves the folder as it was ─────────────────────────────────────────
def test_a_cut_off_export_keeps_the_earlier_frames(tmp_path, qapp, monkeypatch):
    from gradviz.app import exporting
    from gradviz.lesson.prepare import prepare_lesson
    from gradviz.view.frames import staged

    folder = tmp_path / "frames"
    with staged(folder) as into:
        exporting.export_all_steps(prepare_lesson(SLIDE), into, scale=0.25)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    calls = []

    def stop(done, total):
        calls.append(done)
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), staged(folder) as into:
        exporting.export_all_steps(prepare_lesson(XOR), into, scale=0.25, progress=stop)
    assert calls == [1, 2, 3]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # no staging left


# ── a slide frames the step as the window's camera does ──────────────────────────────────
def test_a_slide_frames_the_step_for_the_back_row_and_the_start_shows_the_whole_graph(qapp):
    from PySide6.QtCore import QRectF

    from gradviz.lesson.prepare import prepare_lesson
    from gradviz.view.camera import goal_zoom
    from gradviz.view.export_slide import slide_frame
    from gradviz.view.scene import GraphScene, layout_for_view
    from gradviz.view.theme import LIGHT

    prepared = prepare_lesson(XOR)
    scene = GraphScene(prepared.graph, layout_for_view(prepared.graph, LIGHT), LIGHT)
    area = QRectF(48, 60, 1824, 700)
    try:
        scene.show_state(None)
        whole = slide_frame(scene, area)
        assert whole.contains(scene.content_rect())
        plan = prepared.plan
        for k in (plan.backward_start, plan.backward_start + 3, len(plan) - 1):
            scene.show_state(plan.state(k))
            rect = slide_frame(scene, area)
            zoom = area.width() / rect.width()
            assert rect.width() < whole.width()  # the step, not the whole graph
            assert zoom >= goal_zoom(scene.theme, 1080) - 1e-9  # 30 px digits on 1080 lines
            node = scene.nodes[plan.state(k).step.node]
            assert rect.contains(node.mapRectToScene(node.shape_rect()))
    finally:
        scene.clear()

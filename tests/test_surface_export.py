"""What a lecturer sees in an exported optimizer scene, and how `gradviz export` makes it.

The picture: the axes span the range the lesson sets (plus half a marker), with equal units;
axis titles clear of the tick labels; the legend clear of the right edge; runs that converge
to the minimum stay visible (a bullseye of rings, the star small on top); a run that leaves
the range is marked as leaving it, not as diverging.  The command line: ``--step N`` is the
scrubber's iteration, ``--all-steps`` writes numbered frames into a folder (every k-th past
a cap, and says so), graph-lesson step forms and ``--step`` with ``--all-steps`` are clear
errors.  The contours come from marching squares on a grid sized by the picture's pixels.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage

from gradviz.app.cli import main as cli_main
from gradviz.lesson.scene import load_scene
from gradviz.surfaces.functions import custom_surface
from gradviz.surfaces.outcome import DIVERGED, LEAVES, status_text
from gradviz.surfaces.runs import OptimizerSpec
from gradviz.view import surface_geometry as geo
from gradviz.view.surface_export import (
    BASE_SIZE,
    GRID_PIXELS,
    MAX_FRAMES,
    export_plot,
    frame_iterations,
    last_iteration,
    render_plot,
    render_surface_frames,
    render_surface_image,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ROSENBROCK = EXAMPLES / "optim_rosenbrock.toml"
SADDLE = EXAMPLES / "optim_silla.toml"
SPIRAL = EXAMPLES / "optim_paisaje_espiral.toml"


@pytest.fixture
def plot(qapp):
    """A scene's export plot at scale 1, laid out as `gradviz export` lays it out."""
    made = []

    def make(scene, step=None, **kwargs):
        p = export_plot(scene, scale=1.0, **kwargs)
        p.set_step(step)
        render_plot(p, *BASE_SIZE)  # lays out exactly as the export does
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()
        p.deleteLater()


def argb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=h * stride)
    return raw.reshape(h, stride)[:, : 4 * w].reshape(h, w, 4).copy()


def count_colour(pixels: np.ndarray, hex_colour: str, tolerance: int = 12) -> int:
    c = QColor(hex_colour)
    bgr = np.array([c.blue(), c.green(), c.red()])
    return int((np.abs(pixels[..., :3].astype(int) - bgr).max(axis=-1) <= tolerance).sum())


# ── the picture ──────────────────────────────────────────────────────────────────────────
def test_axes_show_the_lessons_range_with_equal_units(plot):
    scene = load_scene(ROSENBROCK)  # range = [[-2, 2], [-1, 3]]
    p = plot(replace(scene, steps=50))
    (vx0, vx1), (vy0, vy1) = p.plot.vb.viewRange()
    pad = p.border_pad()
    px_x = (vx1 - vx0) / p.plot.vb.width()  # units per pixel
    px_y = (vy1 - vy0) / p.plot.vb.height()
    assert px_x == pytest.approx(px_y, rel=0.01)  # equal units: gradients look perpendicular
    for low, high, per_px, (r0, r1) in ((vx0, vx1, px_x, (-2, 2)), (vy0, vy1, px_y, (-1, 3))):
        assert low <= r0 and high >= r1
        assert r0 - low == pytest.approx(pad * per_px, rel=0.05)  # half a marker, no more
        assert high - r1 == pytest.approx(pad * per_px, rel=0.05)


def test_a_landscape_fills_the_plot_around_its_paths(plot):
    scene = load_scene(SPIRAL)
    p = plot(replace(scene, steps=scene.steps))
    (vx0, vx1), (vy0, vy1) = p.plot.vb.viewRange()
    (x0, x1), (y0, y1) = scene.surface.range
    assert vx0 <= x0 and vx1 >= x1 and vy0 <= y0 and vy1 >= y1
    assert (vx1 - vx0) / p.plot.vb.width() == pytest.approx((vy1 - vy0) / p.plot.vb.height(),
                                                           rel=0.01)
    assert p.plot.vb.width() > 0.55 * BASE_SIZE[0]  # the plane fills the picture


def test_axis_titles_clear_the_tick_labels_and_the_legend_clears_the_edge(plot):
    p = plot(load_scene(SPIRAL))  # "PC1 (91.4 %)" under ticks such as -15 and -10
    for name in ("bottom", "left"):
        axis = p.plot.getAxis(name)
        title = axis.label.mapRectToParent(axis.label.boundingRect())
        ticks = axis.style["tickLength"] + axis.style["tickTextOffset"][name == "bottom"]
        if name == "bottom":  # tick labels run from the top of the axis down
            assert title.top() >= ticks + axis.textHeight - 0.5
            assert title.bottom() <= axis.height() + 0.5
        else:  # tick labels run from the right edge of the axis leftwards
            assert title.right() <= axis.width() - ticks - axis.textWidth + 0.5
            assert title.left() >= -0.5
    text = p.legend.mapRectToScene(p.legend.itemRect())
    assert text.right() <= BASE_SIZE[0] - 20  # not flush with the picture's edge
    assert p.title_label.mapRectToScene(p.title_label.itemRect()).left() >= 0


def test_runs_that_converge_to_the_minimum_stay_visible(plot):
    """Momentum, Nesterov and Adam all end at Rosenbrock's (1, 1): each must still show."""
    scene = load_scene(ROSENBROCK)
    p = plot(scene)
    image = render_plot(p, *BASE_SIZE)
    centre = p.plot.vb.mapViewToScene(QPointF(1.0, 1.0))
    r = 30
    patch = argb(image)[int(centre.y()) - r: int(centre.y()) + r,
                        int(centre.x()) - r: int(centre.x()) + r]
    s = p.style_
    names = [run.label for run in p.runs]
    for name in ("Momentum", "Nesterov", "Adam"):
        colour = s.path_colour(names.index(name))
        assert count_colour(patch, colour) > 40, f"{name}'s end is hidden at the minimum"
    sizes = {name: p.dots[names.index(name)].opts["size"] for name in names}
    assert sizes["Momentum"] > sizes["Nesterov"] > sizes["Adam"]  # a bullseye of rings
    star, points, full = p.landmarks[0]
    assert star.data["size"][0] < full  # the star shrinks on top of them


def test_the_saddle_lesson_says_leaves_the_range_not_diverged(plot):
    scene = load_scene(SADDLE)
    for lang in ("es", "en"):
        p = plot(scene, lang=lang)
        legend = p.legend.text
        leaves, diverged = (f"({status_text(s, lang)})" for s in (LEAVES, DIVERGED))
        assert leaves in legend and diverged not in legend
        assert "✕" not in legend
        assert not any(cross.isVisible() for cross in p.crosses)
        shown = [exit_ for exit_ in p.exits if exit_.isVisible()]
        assert shown  # arrowheads on the border where runs left
        (x0, x1), (y0, y1) = scene.surface.range
        for exit_ in shown:
            x, y = exit_.getData()[0][0], exit_.getData()[1][0]
            assert x0 - 1e-9 <= x <= x1 + 1e-9 and y == pytest.approx(y1)  # they go up


def test_a_run_that_blows_up_is_still_diverged(plot):
    scene = replace(load_scene(ROSENBROCK), steps=30)
    specs = (OptimizerSpec("sgd", {"lr": 1.0}, "SGD"), *scene.specs[1:])
    p = plot(replace(scene, specs=specs), lang="en")
    assert "SGD (diverged) ✕" in p.legend.text and p.crosses[0].isVisible()


def legend_labels(p) -> list[str]:
    """The runs' rows of a plot's legend as plain text: "SGD (leaves the range)"."""
    rows = p.legend.text.split("<br><br>")[0].split("<br>")
    return [row.split("&nbsp;", 1)[1] for row in rows]


def first_outside(positions, bounds) -> int:
    (x0, x1), (y0, y1) = bounds
    return next(k for k, (x, y) in enumerate(positions)
                if not (x0 <= x <= x1 and y0 <= y <= y1))


def test_the_legend_does_not_give_the_ending_away(plot):
    """Each saddle run is labelled "(leaves the range)", and has its arrowhead, from the
    iteration at which it goes out, not before: at 30 SGD is still at the saddle and Adam
    inside the plot."""
    scene = load_scene(SADDLE)
    p = plot(scene, lang="en", step=0)
    assert legend_labels(p) == [run.label for run in p.runs]
    assert not any(exit_.isVisible() for exit_ in p.exits)
    p.set_step(30)
    labels = dict(zip((run.label for run in p.runs), legend_labels(p), strict=True))
    assert labels["SGD"] == "SGD" and labels["Adam"] == "Adam"
    assert labels["Momentum"] == "Momentum (leaves the range)"
    for i, run in enumerate(p.runs):
        at = first_outside(run.positions, scene.surface.range)
        for k in (at - 1, at):
            p.set_step(k)
            leaves = k >= at
            assert legend_labels(p)[i] == run.label + " (leaves the range)" * leaves
            assert p.exits[i].isVisible() == leaves and p.dots[i].isVisible() != leaves
            assert not p.crosses[i].isVisible()


def diverging_scene(only_sgd: bool = False):
    """Rosenbrock with SGD at lr = 0.01: out of the range at iteration 2, diverged at 5
    (the step to iteration 5 is not recorded: its path ends at 4)."""
    scene = replace(load_scene(ROSENBROCK), steps=20)
    sgd = OptimizerSpec("sgd", {"lr": 0.01}, "SGD")
    return replace(scene, specs=(sgd,) if only_sgd else (sgd, scene.specs[-1]))


def test_a_diverging_run_is_marked_only_from_the_iteration_it_diverges(plot):
    p = plot(diverging_scene(), lang="en", step=0)
    (sgd, _) = p.runs
    assert sgd.diverged_at == 5 and len(sgd.positions) == 5
    expected = {1: "SGD", 2: "SGD (leaves the range)", 3: "SGD (leaves the range)",
                4: "SGD (leaves the range)", 5: "SGD (diverged) ✕", 20: "SGD (diverged) ✕"}
    for k, label in expected.items():
        p.set_step(k)
        assert legend_labels(p)[0] == label, k
        assert p.crosses[0].isVisible() == (k >= 5)
        assert p.exits[0].isVisible() == (2 <= k < 5)
    alone = plot(diverging_scene(only_sgd=True), lang="en")
    assert last_iteration(alone.runs) == 5  # the scrubber's end shows how it ended
    assert legend_labels(alone) == ["SGD (diverged) ✕"] and alone.crosses[0].isVisible()
    alone.set_step(4)
    assert legend_labels(alone) == ["SGD (leaves the range)"]
    assert not alone.crosses[0].isVisible()


def test_frames_line_up_pixel_for_pixel(plot, tmp_path):
    """The legend's words change from frame to frame, its width does not: the plot area,
    axes and tick labels are the same pixels in every frame of an --all-steps export."""
    scene = load_scene(SADDLE)
    p = plot(scene, lang="en", step=0)
    box = p.plot.vb.sceneBoundingRect()
    p.set_step(60)
    render_plot(p, *BASE_SIZE)
    assert p.plot.vb.sceneBoundingRect() == box
    folder = tmp_path / "frames"
    render_surface_frames(scene, folder, scale=1.0, lang="en", iterations=[0, 60])
    first, last = (argb(QImage(str(folder / f"step_{k:02d}.png"))) for k in (0, 60))
    left, top = int(box.left()), int(box.top())
    right, bottom = int(box.right()) + 1, int(box.bottom()) + 1
    assert np.array_equal(first[top:, :left], last[top:, :left])  # y axis, ticks, title
    assert np.array_equal(first[bottom:, left:right], last[bottom:, left:right])  # x axis
    legend = (slice(top, bottom), slice(right, None))
    assert not np.array_equal(first[legend], last[legend])  # "(leaves the range)" at 60


def test_export_grid_follows_the_pictures_pixels(plot):
    p = plot(replace(load_scene(ROSENBROCK), steps=20))
    xs, ys, field = p._field
    assert len(xs) == pytest.approx(p.plot.vb.width() / GRID_PIXELS, rel=0.1)
    (fx0, fx1), _ = p._field_bounds
    (vx0, vx1), _ = p.plot.vb.viewRange()
    assert fx1 - fx0 < 1.1 * (vx1 - vx0)  # the view, not twice the range


# ── contours ─────────────────────────────────────────────────────────────────────────────
def test_marching_squares_traces_circles():
    surface = custom_surface("x**2 + y**2", ((-2, 2), (-2, 2)))
    xs, ys, values = surface.mesh(101)
    lx, ly = geo.contour_lines(xs, ys, values, np.array([0.5, 1.0, 2.0]))
    assert len(lx) == len(ly) and len(lx) % 2 == 0 and len(lx) > 300
    radii = np.hypot(lx, ly)
    for r in np.sqrt([0.5, 1.0, 2.0]):
        assert np.any(np.abs(radii - r) < 2e-3)
    assert np.all(np.min(np.abs(radii[:, None] - np.sqrt([0.5, 1.0, 2.0])), axis=1) < 2e-3)
    # segments chain: every end point is shared with another segment (closed circles)
    ends = np.round(np.stack([lx, ly], axis=1), 9)
    _, counts = np.unique(ends, axis=0, return_counts=True)
    assert np.all(counts % 2 == 0)


def test_marching_squares_survives_nan_and_flat_fields():
    surface = custom_surface("sqrt(x) + y**2", ((-1, 1), (-1, 1)))
    xs, ys, values = surface.mesh(40)
    lx, ly = geo.contour_lines(xs, ys, values, np.array([0.5, 1.0]))
    assert np.all(np.isfinite(lx)) and np.all(lx >= -0.06)  # nothing drawn where f is NaN
    flat = np.ones((10, 10))
    assert geo.contour_lines(np.arange(10.0), np.arange(10.0), flat, np.array([2.0]))[0].size == 0


# ── the command line ─────────────────────────────────────────────────────────────────────
def small_scene_file(tmp_path: Path, steps: int, language: str = "es") -> Path:
    text = SADDLE.read_text("utf-8").replace("steps = 60", f"steps = {steps}")
    text = text.replace('language = "es"', f'language = "{language}"')
    path = tmp_path / "silla.toml"
    path.write_text(text, "utf-8")
    return path


def test_step_n_is_the_scrubbers_iteration(tmp_path, capsys, qapp):
    scene = load_scene(SADDLE)
    out = tmp_path / "s30.png"
    assert cli_main(["export", str(SADDLE), "-o", str(out), "--step", "30",
                     "--scale", "0.5"]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    expected = render_surface_image(scene, scale=0.5, step=30)
    assert np.array_equal(argb(QImage(str(out))), argb(expected))
    end = tmp_path / "end.png"
    assert cli_main(["export", str(SADDLE), "-o", str(end), "--step", "end",
                     "--scale", "0.5"]) == 0
    assert not np.array_equal(argb(QImage(str(out))), argb(QImage(str(end))))
    start = tmp_path / "start.png"
    assert cli_main(["export", str(SADDLE), "-o", str(start), "--step", "start",
                     "--scale", "0.5"]) == 0
    assert np.array_equal(argb(QImage(str(start))),
                          argb(render_surface_image(scene, scale=0.5, step=0)))


@pytest.mark.parametrize(("step", "says"), [
    ("forward:30", "graph lesson"),
    ("backward:3", "graph lesson"),
    ("61", "0..60"),
    ("-1", "0..60"),
    ("middle", "0..60"),
])
def test_bad_steps_for_a_scene_are_clear_errors(tmp_path, capsys, qapp, step, says):
    out = tmp_path / "x.png"
    assert cli_main(["export", str(SADDLE), "-o", str(out), "--step", step]) == 1
    err = capsys.readouterr().err
    assert err.startswith("gradviz: --step") and says in err and err[-1] == "\n"
    assert not out.exists()


def test_output_rules_are_the_graph_lessons(tmp_path, capsys, qapp):
    out = tmp_path / "frames"
    assert cli_main(["export", str(SADDLE), "-o", str(out)]) == 1
    assert "ending in .png" in capsys.readouterr().err
    assert not out.exists()


def test_all_steps_writes_a_folder_of_frames(tmp_path, capsys, qapp):
    lesson = small_scene_file(tmp_path, steps=12)
    folder = tmp_path / "fr_silla"
    assert cli_main(["export", str(lesson), "-o", str(folder), "--all-steps",
                     "--scale", "0.25"]) == 0
    assert capsys.readouterr().out.strip() == f"wrote 13 images to {folder}"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"step_{k:02d}.png" for k in range(13)]
    first, last = (argb(QImage(str(folder / n))) for n in (names[0], names[-1]))
    assert first.shape[1] == BASE_SIZE[0] // 4 and not np.array_equal(first, last)


def test_all_steps_caps_the_frames_and_says_so(tmp_path, capsys, qapp, monkeypatch):
    assert frame_iterations(60) == list(range(61))
    assert frame_iterations(1000) == list(range(0, 1001, 10))
    frames = frame_iterations(1234)
    assert len(frames) <= MAX_FRAMES and frames[0] == 0 and frames[-1] == 1234
    written = []
    from gradviz.view.export_writers import Picture

    monkeypatch.setattr("gradviz.view.surface_export.plot_picture",
                        lambda plot, w, h, transparent=False, layer=None: written.append(plot.step)
                        or Picture(2, 2, lambda painter: None))
    lesson = small_scene_file(tmp_path, steps=450)
    folder = tmp_path / "frames"
    assert cli_main(["export", str(lesson), "-o", str(folder), "--all-steps"]) == 0
    out = capsys.readouterr().out
    assert written == frame_iterations(450) == list(range(0, 451, 5))
    assert out.strip() == (f"wrote 91 images to {folder} (every 5 iterations of 450, and "
                           f"the last: at most {MAX_FRAMES} images)")
    assert len(list(folder.iterdir())) == 91


def test_step_and_all_steps_together_are_an_error(tmp_path, capsys, qapp):
    for lesson, step in ((SADDLE, "3"), (EXAMPLES / "grafo_slide.toml", "backward:2")):
        folder = tmp_path / "frames"
        assert cli_main(["export", str(lesson), "-o", str(folder), "--all-steps",
                         "--step", step]) == 1
        err = capsys.readouterr().err
        assert "--all-steps" in err and "--step" in err and not folder.exists()


def test_the_lessons_language_is_the_default(tmp_path, qapp, monkeypatch):
    seen = {}
    monkeypatch.setattr("gradviz.view.surface_export.render_surface_png",
                        lambda scene, path, **kw: seen.update(kw))
    lesson = small_scene_file(tmp_path, steps=5, language="en")
    assert cli_main(["export", str(lesson), "-o", str(tmp_path / "a.png")]) == 0
    assert seen["lang"] == "en"
    assert cli_main(["export", str(lesson), "-o", str(tmp_path / "a.png"), "--lang", "es"]) == 0
    assert seen["lang"] == "es"

"""How fast the training page redraws while it trains the spiral lesson: frames per second.

    python bench/bench_training_page.py [--repaint]

The page (1920×1080, offscreen Qt, text size 1) plays ``entrenamiento_espiral_relu.toml``:
each frame trains its slice (the speed menu's default, 5 iterations, and at most the page's
`SLICE_MS` of training), keeps the boundary, and updates everything — curves, boundary,
weights, numbers — then the events the frame posted are handled, painting what changed, as
the event loop does after the timer's frame on screen.  The loop calls the page's `frame`
itself, with the page's timer stopped, so no frame is counted twice.  Target: ≥ 30 frames a
second.  ``--repaint`` paints the whole page at once (``repaint``) before handling the
events, as this benchmark did until issue 13: the plots' scenes then paint twice a frame
(once now, once more for the changes their scenes queued), so it measures more than a frame
costs on screen.

The split says where a frame's time goes: training (the same iterations timed again on a
run alone), keeping the boundary (`TrainingSource._keep`, timed in place), updating the
plots' items (the rest of `frame`), painting (the events, and ``repaint`` with --repaint),
each as wall time and as this process's CPU time (on a shared machine the wall time also
holds the time other processes had the cores).  ``paints`` counts the plots' paints per
frame: one each is what a frame on screen costs.
It is measured twice: from iteration 0, and from three quarters into the run (`LATE`), where
the curves hold most of the run's iterations.
Figures are the best of `REPEATS` runs of `FRAMES` frames (the least disturbed by whatever
else the machine does), median beside it.  Offscreen, Qt paints with its software raster
engine on the CPU.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SPIRAL = ROOT / "examples" / "entrenamiento_espiral_relu.toml"
FRAMES = 120
REPEATS = 3
TARGET_FPS = 30.0
LATE = 0.7  # the second measure starts this far into the run: long curves to draw
PARTS = ("train", "keep", "update", "paint")


class Clock:
    """Wall and CPU seconds spent, per part of a frame."""

    def __init__(self) -> None:
        self.wall = dict.fromkeys(PARTS, 0.0)
        self.cpu = dict.fromkeys(PARTS, 0.0)

    def add(self, part: str, wall: float, cpu: float) -> None:
        self.wall[part] += wall
        self.cpu[part] += cpu


def now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def paint_counter(app, views):
    """An event filter counting the paints of the plots' viewports."""
    from PySide6.QtCore import QEvent, QObject

    viewports = {view.viewport() for view in views}

    class Counter(QObject):
        paints = 0

        def eventFilter(self, watched, event):  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint and watched in viewports:
                self.paints += 1
            return False

    counter = Counter()
    app.installEventFilter(counter)
    return counter


def one_run(app, page, prepared, repaint: bool, start_at: int) -> dict:
    from gradviz.app import training_source

    run = prepared.start()
    run.advance(start_at + 1)  # iterations 0 to start_at, trained before the clock runs
    page.load(run, prepared.title)
    page.jump_to("last")
    page.toggle_play()
    page.timer.stop()  # the loop below is the timer: its own frames would be counted twice
    app.processEvents()
    clock = Clock()
    source = page.source
    keep = training_source.TrainingSource._keep

    def timed_keep(self):
        w0, c0 = now()
        keep(self)
        w1, c1 = now()
        clock.add("keep", w1 - w0, c1 - c0)

    panels = page.panels
    counter = paint_counter(app, [panels.boundary, panels.curves, panels.weights])
    training_source.TrainingSource._keep = timed_keep
    try:
        w_start, c_start = now()
        for _ in range(FRAMES):
            w0, c0 = now()
            page.frame()
            w1, c1 = now()
            if repaint:
                page.repaint()
            app.processEvents()
            w2, c2 = now()
            clock.add("paint", w2 - w1, c2 - c1)
            clock.add("update", w1 - w0, c1 - c0)  # training and keeping are taken out below
        w_total, c_total = now()
        w_total, c_total = w_total - w_start, c_total - c_start
    finally:
        training_source.TrainingSource._keep = keep
        app.removeEventFilter(counter)
    iterations = source.last - start_at
    w_train, c_train = train_seconds(prepared, start_at, iterations)
    clock.add("train", w_train, c_train)
    clock.add("update", -(w_train + clock.wall["keep"]), -(c_train + clock.cpu["keep"]))
    page.stop()
    return {"fps": FRAMES / w_total, "cpu_fps": FRAMES / c_total, "iterations": iterations,
            "clock": clock, "paints": counter.paints / FRAMES}


def train_seconds(prepared, start_at: int, iterations: int) -> tuple[float, float]:
    """What the `iterations` the frames trained (after `start_at`) cost the run alone."""
    run = prepared.start()
    run.advance(start_at + 1)  # trained before the page's frames
    w0, c0 = now()
    run.advance(iterations)
    w1, c1 = now()
    return w1 - w0, c1 - c0


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from gradviz.app.training_page import TrainingPage
    from gradviz.lesson.prepare import prepare_lesson

    repaint = "--repaint" in sys.argv[1:]
    app = QApplication.instance() or QApplication([])
    page = TrainingPage()
    page.resize(1920, 1080)
    page.show()
    app.processEvents()
    prepared = prepare_lesson(SPIRAL)
    planned = prepared.start().total
    for start_at in (0, LATE * planned):
        report(page, [one_run(app, page, prepared, repaint, int(start_at))
                      for _ in range(REPEATS)], int(start_at), planned, repaint)


def report(page, runs: list[dict], start_at: int, planned: int, repaint: bool) -> None:
    best = max(runs, key=lambda r: r["fps"])
    fps = [r["fps"] for r in runs]
    cpu_fps = [r["cpu_fps"] for r in runs]
    print(f"training page, {SPIRAL.name}, 1920×1080 offscreen, {FRAMES} frames from "
          f"iteration {start_at} of {planned}, {page.per_frame} iterations a frame at most"
          + (", whole page repainted each frame" if repaint else ""))
    print(f"  {max(fps):.1f} frames/s best, {statistics.median(fps):.1f} median (wall)   "
          f"{max(cpu_fps):.1f} best, {statistics.median(cpu_fps):.1f} median (CPU time)   "
          f"target ≥ {TARGET_FPS:.0f}")
    c = best["clock"]
    for name, spent in (("wall", c.wall), ("CPU ", c.cpu)):
        per = {k: 1000 * spent[k] / FRAMES for k in PARTS}
        print(f"  per frame, {name} (best run): "
              + "   ".join(f"{k} {v:.1f} ms" for k, v in per.items())
              + f"   = {sum(per.values()):.1f} ms")
    print(f"  {best['iterations']} iterations trained, {best['paints']:.2f} plot paints "
          "a frame (3 plots)")


if __name__ == "__main__":
    main()

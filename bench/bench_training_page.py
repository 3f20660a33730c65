"""How fast the training page redraws while it trains the spiral lesson: frames per second.

    python bench/bench_training_page.py

The page (1920×1080, offscreen Qt, text size 1) plays ``entrenamiento_espiral_relu.toml``:
each frame trains its slice (the speed menu's default, 5 iterations, and at most the page's
`SLICE_MS` of training), keeps the boundary, and redraws everything — curves, boundary,
weights, numbers — painted at once (``repaint``), as the timer's frame does on screen.  The loop
calls the page's `frame` itself, with the page's timer stopped, so no frame is counted
twice.  Target: ≥ 30 frames a second.
The split says where a frame's time goes: training (the same iterations timed again on a
run alone), keeping the boundary (`TrainingSource._keep`, timed in place), updating the
plots' items (the rest of `frame`), painting (``repaint`` and the events it posts).
Figures are the best of `REPEATS` runs of `FRAMES` frames (the least disturbed by whatever
else the machine does), median beside it.  Offscreen, Qt paints with its software raster
engine on the CPU.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SPIRAL = ROOT / "examples" / "entrenamiento_espiral_relu.toml"
FRAMES = 120
REPEATS = 3
TARGET_FPS = 30.0


def one_run(app, page, prepared) -> dict[str, float]:
    from gradviz.app import training_source

    page.load(prepared.start(), prepared.title)
    page.toggle_play()
    page.timer.stop()  # the loop below is the timer: its own frames would be counted twice
    spent = {"train": 0.0, "keep": 0.0, "update": 0.0, "paint": 0.0}
    source = page.source
    keep = training_source.TrainingSource._keep

    def timed_keep(self):
        start = time.perf_counter()
        keep(self)
        spent["keep"] += time.perf_counter() - start

    training_source.TrainingSource._keep = timed_keep
    try:
        start = time.perf_counter()
        for _ in range(FRAMES):
            t0 = time.perf_counter()
            page.frame()
            t1 = time.perf_counter()
            page.repaint()
            app.processEvents()
            t2 = time.perf_counter()
            spent["paint"] += t2 - t1
            spent["update"] += (t1 - t0)  # training and keeping are taken out below
        total = time.perf_counter() - start
    finally:
        training_source.TrainingSource._keep = keep
    iterations = source.last
    spent["train"] = train_seconds(prepared, iterations)
    spent["update"] -= spent["train"] + spent["keep"]
    page.stop()
    return {"fps": FRAMES / total, "iterations": iterations, **spent, "total": total}


def train_seconds(prepared, iterations: int) -> float:
    """What the iterations the frames trained (1 to `iterations`) cost the run alone."""
    run = prepared.start()
    run.advance(1)  # iteration 0, trained when the page loaded the run
    start = time.perf_counter()
    run.advance(iterations)
    return time.perf_counter() - start


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from gradviz.app.training_page import TrainingPage
    from gradviz.lesson.prepare import prepare_lesson

    app = QApplication.instance() or QApplication([])
    page = TrainingPage()
    page.resize(1920, 1080)
    page.show()
    app.processEvents()
    prepared = prepare_lesson(SPIRAL)
    runs = [one_run(app, page, prepared) for _ in range(REPEATS)]
    best = max(runs, key=lambda r: r["fps"])
    fps = [r["fps"] for r in runs]
    print(f"training page, {SPIRAL.name}, 1920×1080 offscreen, {FRAMES} frames, "
          f"{page.per_frame} iterations a frame at most")
    print(f"  {max(fps):.1f} frames/s best, {statistics.median(fps):.1f} median   "
          f"target ≥ {TARGET_FPS:.0f}")
    per = {k: 1000 * best[k] / FRAMES for k in ("train", "keep", "update", "paint")}
    print("  per frame (best run): " + "   ".join(f"{k} {v:.1f} ms" for k, v in per.items())
          + f"   ({best['iterations']} iterations trained)")


if __name__ == "__main__":
    main()

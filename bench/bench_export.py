"""How fast `gradviz export` writes every step: the XOR lesson and a 101-frame optimizer race.

Run ``python bench/bench_export.py``.  It times, in one run:

- all 12 steps of ``examples/xor_red.toml``: a folder of PNGs as before this version wrote
  it (a new scene for every step, ``--frame graph --scale 2``), the same folder from one
  scene moved from step to step (today's), and a GIF and an MP4 of 1080p slides (target
  2 s each);
- 101 frames of ``examples/optim_rosenbrock.toml`` (every 10th of 1,000 iterations): the
  folder of PNGs at ``--scale 2`` (the page's plot), a GIF and an MP4 of 1080p slides with
  the loss curves (target 8 s each).

Each figure is one run (an export of a hundred frames is long enough to time once): wall
time, CPU time (every thread of this process, and ffmpeg's) and the bytes written; the
lesson is prepared once, outside the timing, as the window has it prepared.  The machine's
load is printed before and after: on a shared machine the wall time follows the load, the
CPU time much less.

Before and after this version's export work (PNG encoder, still layer, curves strips, GIF
frames on the workers), one session, 2 cores at a load average of 7-8 (wall / CPU, s):

    =====================================  ===============  ===============
    export                                 before           after
    =====================================  ===============  ===============
    XOR, PNG folder (graph, --scale 2)     6.00 / 2.87      1.94 / 0.87
    XOR, PNG folder (1080p slides)         2.41 / 1.05      0.79 / 0.37
    XOR, GIF (1080p slides)                1.90 / 0.68      1.69 / 0.62
    XOR, MP4 (1080p slides)                2.25 / 0.84      1.81 / 0.80
    Rosenbrock 101, PNG folder (--scale 2) 44.9 / 17.8      18.7 / 8.6
    Rosenbrock 101, GIF (slides)           19.3 / 9.8       16.3 / 7.7
    Rosenbrock 101, MP4 (slides)           12.7 / 7.8       12.5 / 6.2
    =====================================  ===============  ===============

(a second run of each: XOR folder 6.35 / 2.66 -> 1.72 / 0.90, Rosenbrock PNG 44.7 / 18.8 ->
15.8 / 8.7, GIF 22.2 / 9.9 -> 18.8 / 7.8, MP4 15.5 / 8.0 -> 13.7 / 5.8.)  The pictures
are the same to the bit (tests/test_export_frames_fast.py, tests/test_export.py).

The "after" column came from a PNG writer and a GIF writer of gradviz's own; both were
replaced by Pillow's (image encoding is a library's job, not ours).  With Pillow, at a load
average of 2-3: XOR PNG folder (--scale 2) 2.55 / 2.54, 1080p slides 0.77 / 0.76, GIF
0.64 / 0.67, MP4 0.90 / 0.88; Rosenbrock PNG folder 15.0 / 15.0, GIF 9.4 / 9.3, MP4
7.0 / 7.0.  Pillow's PNGs are 2x faster than Qt's writer and smaller, 2.5x slower than
the hand-written one (it filters every row).
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gradviz.app.export_scenes import export_scene_frames  # noqa: E402
from gradviz.app.exporting import (  # noqa: E402
    ExportLook,
    export_all_steps,
    export_step,
    frame_names,
    lesson_layout,
)
from gradviz.lesson.prepare import prepare_lesson  # noqa: E402
from gradviz.view.export import ensure_qapp  # noqa: E402
from gradviz.view.export_formats import FOLDER, GIF, MP4  # noqa: E402
from gradviz.view.surface_export import frame_iterations, last_iteration  # noqa: E402

GRAPH_TARGET_S, SCENE_TARGET_S = 2.0, 8.0
SLIDE = ExportLook(frame="slide")


def size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir() if p.is_file())
    return path.stat().st_size


def cpu_seconds() -> float:
    """This process's CPU time, every thread, and its finished children's (ffmpeg)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(label: str, target: float | None, work, out: Path) -> bool:
    start, cpu = time.perf_counter(), cpu_seconds()
    work(out)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    verdict = "" if target is None else (" ok" if seconds <= target else " OVER")
    goal = f"(target {target:g} s)" if target else "(before)"
    print(f"{label:<44} {seconds:6.2f} s  cpu {cpu:6.2f} s {size(out) / 1e6:7.1f} MB  "
          f"{goal}{verdict}", flush=True)
    return target is None or seconds <= target


def each_step_from_scratch(prepared, folder: Path) -> None:
    """How the folder was written before: every step a new scene."""
    folder.mkdir()
    layout = lesson_layout(prepared)
    for k, name in frame_names(prepared):
        export_step(prepared, k, folder / name, layout=layout)


def main() -> int:
    ensure_qapp()
    print(f"# {load()} on {os.cpu_count()} cores: wall time is shared, CPU time is not "
          "(it counts every thread, and ffmpeg)")
    work = Path(tempfile.mkdtemp(prefix="gradviz-bench-"))
    ok = True
    try:
        xor = prepare_lesson(ROOT / "examples" / "xor_red.toml")
        print(f"xor_red.toml, {len(xor.plan) + 1} frames")
        timed("  PNG folder, a scene per step (before)", None,
              lambda out: each_step_from_scratch(xor, out), work / "xor_before")
        ok &= timed("  PNG folder, one scene", GRAPH_TARGET_S,
                    lambda out: export_all_steps(xor, out), work / "xor_png")
        ok &= timed("  PNG folder, 1080p slides", GRAPH_TARGET_S,
                    lambda out: export_all_steps(xor, out, look=SLIDE), work / "xor_slides")
        for kind in (GIF, MP4):
            ok &= timed(f"  {kind.upper()}, 1080p slides", GRAPH_TARGET_S,
                        lambda out, kind=kind: export_all_steps(xor, out, kind=kind,
                                                                look=SLIDE),
                        work / f"xor.{kind}")
        race = prepare_lesson(ROOT / "examples" / "optim_rosenbrock.toml")
        runs = list(race.runs)
        iterations = frame_iterations(last_iteration(runs))
        print(f"optim_rosenbrock.toml, {len(iterations)} frames")
        graph = ExportLook()
        ok &= timed("  PNG folder, --scale 2", SCENE_TARGET_S,
                    lambda out: export_scene_frames(race.scene, runs, out, FOLDER, graph,
                                                    iterations, 10.0), work / "race_png")
        for kind in (GIF, MP4):
            ok &= timed(f"  {kind.upper()}, 1080p slides with the curves", SCENE_TARGET_S,
                        lambda out, kind=kind: export_scene_frames(
                            race.scene, runs, out, kind, SLIDE, iterations, 10.0),
                        work / f"race.{kind}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"# {load()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

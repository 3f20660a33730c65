"""Window start-up and all-steps export, the figures the lecture-window issue asks for.

    python bench/bench_window.py

* launch → first painted window: a fresh process opens the slide's lesson (offscreen Qt) and
  reports when the window has painted once; target ≤ 2 s;
* export of every step of a ~50-node lesson at scale 2 (one PNG per step).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SLIDE = ROOT / "examples" / "grafo_slide.toml"

CHILD = r"""
import sys, time
start = float(sys.argv[2])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gradviz.app.window import LectureWindow
window = LectureWindow()
window.show()
window.open_file(sys.argv[1])
def painted():
    window.repaint()
    print(f"{time.time() - start:.3f}", flush=True)
    app.quit()
QTimer.singleShot(0, painted)
app.exec()
"""

CHAIN = """[lesson]
title = "Cadena de {n} operaciones"
dtype = "float64"
[inputs]
x = {{ value = 0.5, grad = true }}
[graph]
code = \"\"\"
{lines}
\"\"\"
"""


def launch_seconds(runs: int = 5) -> list[float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as home:
        env["XDG_CONFIG_HOME"] = home  # fresh settings, like a first start
        times = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", CHILD, str(SLIDE), str(time.time())],
                                 env=env, capture_output=True, text=True, check=True)
            times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


def chain_lesson(ops: int) -> str:
    names = ["x"] + [f"v{i}" for i in range(1, ops + 1)]
    functions = ["tanh", "sigmoid", "exp"]
    lines = [f"{names[i + 1]} = {functions[i % 3]}({names[i]}) * 0.5" for i in range(ops)]
    return CHAIN.format(n=ops, lines="\n".join(lines))


def export_all_steps_seconds(ops: int = 12) -> tuple[int, int, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gradviz.app.exporting import export_all_steps
    from gradviz.lesson.prepare import prepare_lesson

    with tempfile.TemporaryDirectory() as tmp:
        lesson = Path(tmp) / "chain.toml"
        lesson.write_text(chain_lesson(ops), "utf-8")
        prepared = prepare_lesson(lesson)
        start = time.perf_counter()
        written = export_all_steps(prepared, Path(tmp) / "frames", scale=2.0)
        return len(prepared.graph.nodes), len(written), time.perf_counter() - start


def main() -> None:
    launches = launch_seconds()
    print("launch → first painted window (grafo_slide.toml, offscreen, 5 fresh processes)")
    print(f"  median {statistics.median(launches):.2f} s   min {min(launches):.2f} s   "
          f"max {max(launches):.2f} s   target ≤ 2 s")
    nodes, frames, seconds = export_all_steps_seconds()
    print(f"export of all steps, {nodes}-node lesson, scale 2")
    print(f"  {frames} PNGs in {seconds:.2f} s  ({1000 * seconds / frames:.0f} ms per frame)")


if __name__ == "__main__":
    main()

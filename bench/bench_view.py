"""How fast the graph view is: layout, scene build, one step, one full repaint, the camera.

Run ``python bench/bench_view.py`` (Qt runs offscreen), or ``python bench/bench_view.py 2000``
for one size.  For generated scalar graphs of 100, 500 and 2,000 nodes it prints, in ms:

* layout (Graphviz) and scene build;
* step: `show_state` alone, median and worst over consecutive forward and backward steps;
* paint 1080p: the whole scene painted into a 1920×1080 image;
* redraw: a step as the window shows it in a 1920×1080 canvas with its overview —
  `show_state`, the overview's new picture and the paint that follows (median, worst);
* glide: one frame of the camera's glide from one step's frame to the next's (moving the
  view and painting the viewport), median and worst over 12 glides in each pass.

"cpu" columns are the worst of the same, counted in this thread's CPU time: on a shared
machine a wall-clock worst also holds the time other processes had the CPU.

Targets at 2,000 nodes: a glide frame ≤ 16 ms (60 Hz), worst included; a step redraw
≤ 16 ms median and ≤ 38 ms worst (what it was before the camera and its overview).
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402

from gradviz.graph.model import OP, VALUE, Edge, Graph, Node  # noqa: E402
from gradviz.graph.stepstate import BACKWARD, FORWARD, Contribution, Step, StepState  # noqa: E402
from gradviz.view.camera import step_frame  # noqa: E402
from gradviz.view.canvas import GLIDE_MS, GraphCanvas  # noqa: E402
from gradviz.view.export import ensure_qapp  # noqa: E402
from gradviz.view.minimap import Minimap  # noqa: E402
from gradviz.view.scene import GraphScene, layout_for_view  # noqa: E402

SIZES = (100, 500, 2000)
STEPS = 60
GLIDE_STEPS = 12  # backward steps glided between
GLIDE_FRAMES = 20  # frames timed in each glide (a 320 ms glide at 60 Hz)


def generated_graph(n_nodes: int, seed: int = 0) -> Graph:
    """A random scalar DAG: each op multiplies or adds two of the 8 most recent values."""
    rng = np.random.default_rng(seed)
    nodes = [Node(i, VALUE, f"x{i}", value=np.array(rng.standard_normal()), is_leaf=True,
                  requires_grad=True) for i in range(4)]  # fmt: skip
    edges: list[Edge] = []
    values = list(range(4))
    while len(nodes) + 2 <= n_nodes:
        op_id, out = len(nodes), len(nodes) + 1
        symbol = "*+"[int(rng.integers(2))]
        nodes.append(Node(op_id, OP, "mul" if symbol == "*" else "add", symbol=symbol))
        parents = rng.choice(values[-8:], size=2)
        edges += [Edge(int(parents[0]), op_id, 0), Edge(int(parents[1]), op_id, 1)]
        edges.append(Edge(op_id, out))
        value = np.array(rng.standard_normal())
        nodes.append(Node(out, VALUE, f"v{out}", value=value, grad=value, requires_grad=True))
        values.append(out)
    return Graph(tuple(nodes), tuple(edges), output=values[-1])


def forward_states(graph: Graph) -> list[StepState]:
    """Consecutive forward steps from the middle of the graph: each computes one op."""
    ops = [n.id for n in graph.nodes if n.is_op]
    start = len(ops) // 2
    states = []
    for k in range(start, min(start + STEPS, len(ops))):
        known = frozenset(i for i in range(ops[k] + 2))
        step = Step(FORWARD, ops[k], {"es": "", "en": ""})
        states.append(StepState(k, step, known, {}, known))
    return states


def backward_states(graph: Graph) -> list[StepState]:
    """Consecutive backward steps from the middle: gradients known past the op, two edges lit."""
    ops = [n.id for n in graph.nodes if n.is_op]
    everything = frozenset(range(len(graph.nodes)))
    start = len(ops) // 2
    states = []
    for k in range(start, max(start - STEPS, 0), -1):
        op = ops[k]
        grads = {
            i: np.array(0.5) for i in range(op + 1, len(graph.nodes)) if not graph.nodes[i].is_op
        }
        contributions = tuple(Contribution(e, np.array(0.5), np.array(0.25))
                              for e in graph.inputs_of(op))  # fmt: skip
        step = Step(BACKWARD, op, {"es": "", "en": ""}, contributions)
        done = frozenset(range(op, len(graph.nodes)))
        states.append(StepState(k, step, everything, grads, done))
    return states


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def cpu_timed(fn) -> tuple[float, float]:
    """(wall-clock seconds, seconds of this thread's CPU) that `fn` takes: on a shared
    machine the first includes the time other processes had the CPU, the second not."""
    wall, cpu = time.perf_counter(), time.thread_time()
    fn()
    return time.perf_counter() - wall, time.thread_time() - cpu


def paint_full(scene: GraphScene) -> None:
    image = QImage(1920, 1080, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, 1920, 1080), scene.content_rect(),
                 Qt.AspectRatioMode.KeepAspectRatio)  # fmt: skip
    painter.end()


def step_and_glide(scene: GraphScene, states: list[StepState]) -> tuple[list, list]:
    """(step redraws, glide frames), each as `cpu_timed` gives it, in a 1920×1080 canvas
    with its overview, stepping as the window does (`LessonPage._show_step`).

    A step redraw is `show_state` of the new step, the overview's new picture and the paint
    it asks for (a cut, when the camera jumps, is part of it).  A glide frame moves the view
    along the camera's glide from the step before to the new step's frame and paints it:
    the window's own animation, driven frame by frame from here."""
    canvas = GraphCanvas()
    canvas.resize(1920, 1080)
    canvas.setScene(scene)
    minimap = Minimap(canvas)
    minimap.set_scene(scene)
    canvas.on_moved = lambda: minimap.view_moved(canvas.keep())
    canvas.show()
    app = ensure_qapp()
    scene.show_state(states[0])
    canvas.show_frame(step_frame(scene, states[0].step, canvas.viewport_size(), 1080), False)
    app.processEvents()
    redraws, frames = [], []
    for state in states[1:GLIDE_STEPS + 1]:
        def step(state=state) -> None:
            scene.show_state(state)
            minimap.refresh()
            canvas.show_frame(step_frame(scene, state.step, canvas.viewport_size(), 1080))
            if canvas.gliding():
                canvas._glide.pause()  # its frames are timed below, one by one
            app.processEvents()
        redraws.append(cpu_timed(step))
        if canvas.gliding():
            for f in range(1, GLIDE_FRAMES + 1):
                def frame(ms=f * GLIDE_MS // GLIDE_FRAMES) -> None:
                    canvas._glide.setCurrentTime(ms)
                    app.processEvents()  # the paint the move asked for, as the window does it
                frames.append(cpu_timed(frame))
            canvas._glide.stop()
        minimap.view_moved(canvas.keep())  # the view rests: the overview comes back
        app.processEvents()
    canvas.close()
    return redraws, frames


def bench(n: int) -> dict[str, float]:
    graph = generated_graph(n)
    layout_s, layout = timed(lambda: layout_for_view(graph))
    build_s, scene = timed(lambda: GraphScene(graph, layout))
    step_times = []
    for states in (forward_states(graph), backward_states(graph)):
        scene.show_state(states[0])  # the jump into a pass is not a step: leave it out
        for state in states[1:]:
            step_times.append(timed(lambda state=state: scene.show_state(state))[0])
    paint_s, _ = timed(lambda: paint_full(scene))
    redraws, glide = [], []
    for states in (forward_states(graph), backward_states(graph)):
        r, g = step_and_glide(scene, states)
        redraws, glide = redraws + r, glide + g
    return {
        "nodes": len(graph.nodes),
        "edges": len(graph.edges),
        "layout ms": 1000 * layout_s,
        "build ms": 1000 * build_s,
        "step ms (median)": 1000 * statistics.median(step_times),
        "step ms (worst)": 1000 * max(step_times),
        "paint 1080p ms": 1000 * paint_s,
        "redraw ms (median)": 1000 * statistics.median(w for w, _ in redraws),
        "redraw ms (worst)": 1000 * max(w for w, _ in redraws),
        "redraw cpu (worst)": 1000 * max(c for _, c in redraws),
        "glide ms (median)": 1000 * statistics.median(w for w, _ in glide),
        "glide ms (worst)": 1000 * max(w for w, _ in glide),
        "glide cpu (worst)": 1000 * max(c for _, c in glide),
    }


def main() -> None:
    ensure_qapp()
    sizes = [int(a) for a in sys.argv[1:]] or SIZES
    rows = [bench(n) for n in sizes]
    columns = list(rows[0])
    print("  ".join(f"{c:>18}" for c in columns))
    for row in rows:
        print("  ".join(f"{row[c]:>18.1f}" if isinstance(row[c], float) else f"{row[c]:>18}"
                        for c in columns))  # fmt: skip
    sys.stdout.flush()


if __name__ == "__main__":
    main()

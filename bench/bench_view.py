"""How fast the graph view is: layout, scene build, one step, one full repaint.

Run ``python bench/bench_view.py`` (Qt runs offscreen).  For generated scalar graphs of
100, 500 and 2,000 nodes it prints the time to lay out (Graphviz), to build the scene, to
show one step (`show_state`, median and worst over consecutive forward and backward
steps; the target is 16 ms at 2,000 nodes), to paint the whole scene into a
1920×1080 image, the worst case of a window repaint, and one frame of the camera's glide
between backward steps in a 1920×1080 canvas with its overview (moving the view and
repainting the viewport; the target is 16 ms at 2,000 nodes).
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


def paint_full(scene: GraphScene) -> None:
    image = QImage(1920, 1080, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, 1920, 1080), scene.content_rect(),
                 Qt.AspectRatioMode.KeepAspectRatio)  # fmt: skip
    painter.end()


def glide_frames(scene: GraphScene, states: list[StepState]) -> list[float]:
    """Seconds per frame of the camera's glides from each step to the next."""
    canvas = GraphCanvas()
    canvas.resize(1920, 1080)
    canvas.setScene(scene)
    minimap = Minimap(canvas)
    minimap.set_scene(scene)
    canvas.on_moved = lambda: minimap.view_moved(canvas.keep())
    canvas.show()
    app = ensure_qapp()
    times = []
    for state in states[:GLIDE_STEPS]:
        scene.show_state(state)
        minimap.refresh()
        canvas.show_frame(step_frame(scene, state.step, canvas.viewport_size(), 1080), False)
        ensure_qapp().processEvents()  # the overview's picture of the step, not timed
        target = step_frame(scene, states[min(states.index(state) + 1, len(states) - 1)].step,
                            canvas.viewport_size(), 1080)
        canvas.show_frame(target)  # the window's glide, driven frame by frame from here
        canvas._glide.pause()
        for f in range(1, GLIDE_FRAMES + 1):
            ms = f * GLIDE_MS // GLIDE_FRAMES

            def frame(ms=ms) -> None:
                canvas._glide.setCurrentTime(ms)
                app.processEvents()  # the paint the move asked for, as the window does it
            times.append(timed(frame)[0])
        canvas._glide.stop()
    canvas.close()
    return times


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
    glide = glide_frames(scene, backward_states(graph))
    return {
        "nodes": len(graph.nodes),
        "edges": len(graph.edges),
        "layout ms": 1000 * layout_s,
        "build ms": 1000 * build_s,
        "step ms (median)": 1000 * statistics.median(step_times),
        "step ms (worst)": 1000 * max(step_times),
        "paint 1080p ms": 1000 * paint_s,
        "glide ms (median)": 1000 * statistics.median(glide),
        "glide ms (worst)": 1000 * max(glide),
    }


def main() -> None:
    ensure_qapp()
    rows = [bench(n) for n in SIZES]
    columns = list(rows[0])
    print("  ".join(f"{c:>16}" for c in columns))
    for row in rows:
        print("  ".join(f"{row[c]:>16.1f}" if isinstance(row[c], float) else f"{row[c]:>16}"
                        for c in columns))  # fmt: skip
    sys.stdout.flush()


if __name__ == "__main__":
    main()

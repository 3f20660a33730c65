"""The camera: which part of the graph step k shows, and how large, so the back row reads it.

`step_frame(scene, step, viewport, screen_h)` is a plain function of the scene's geometry,
the step and the viewport's size in pixels: it returns a `Frame` (a centre in scene
coordinates and a zoom, screen pixels per scene unit).  The window glides its view to it
(`view.canvas`), and the exporter can render the same rectangle for a slide.

The zoom comes from the goal: the digits of every number the step explains (the values and
gradients on its nodes, the contributions written on its edges) are at least `DIGIT_SHARE`
of the screen's height — 16 arcminutes seen from six screen heights away, 30 px on 1080
lines.  What is framed is the largest of these that fits at that zoom: the whole graph; the
step's neighbourhood (the op, its inputs, its output and the labels on its edges); the
step's essentials (the node, both ends of the edges it lights, and an op's result: the value
it computes, the upstream gradient it passes back); those but the result.  Collapsed groups
(`GraphScene.show_boxes`) leave the nodes inside a closed box out of the neighbourhood;
the groups a step enters are open, so its essentials are always drawn.  A frame never zooms in
further than `MAX_OVER_GOAL` times the goal, so a small neighbourhood is not blown up.
No widget here: the scene's items are read for their rectangles only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from gradviz.graph.stepstate import BACKWARD, FORWARD, Step
from gradviz.view.caption_layout import digit_height

DIGIT_SHARE = 0.028  # digits' height / screen height: the farthest seat's 16 arcminutes
MAX_OVER_GOAL = 1.35  # the camera zooms in at most this much past the goal
MARGIN_PX = 24.0  # free pixels kept around what a frame must show

Box = tuple[float, float, float, float]  # left, top, right, bottom (scene coordinates)


@dataclass(frozen=True)
class Frame:
    """What the view shows: `center` (scene coordinates) at `zoom` pixels per scene unit."""

    center: tuple[float, float]
    zoom: float
    whole: bool = False  # the whole graph is in it
    keep: Box | None = None  # what must stay uncovered (the overview hides over it)

    def rect(self, size: tuple[float, float]) -> Box:
        """The scene rectangle a viewport of `size` pixels shows."""
        w, h = size[0] / self.zoom / 2, size[1] / self.zoom / 2
        return (self.center[0] - w, self.center[1] - h, self.center[0] + w, self.center[1] + h)


def goal_px(screen_h: float) -> float:
    """The least height, in pixels, of a digit the back row reads on this screen."""
    return DIGIT_SHARE * screen_h


@lru_cache(maxsize=64)
def _digits(family: str, px: float, bold: bool) -> float:
    return digit_height(family, px, bold)


def number_digit_height(theme, gradients: bool = True) -> float:
    """The smallest digit height (scene units at presenter scale 1) among the fonts that
    write the numbers a step explains: values, and in the backward pass gradients and the
    contributions on the edges."""
    family = theme.font_family
    heights = [_digits(family, round(theme.value_px), False)]
    if gradients:
        heights += [_digits(family, round(theme.grad_px), True),
                    _digits(family, round(theme.edge_label_px), True)]
    return min(heights)


def goal_zoom(theme, screen_h: float, gradients: bool = True) -> float:
    """The view's zoom at which the smallest number of the step meets the goal."""
    return goal_px(screen_h) / (number_digit_height(theme, gradients) * theme.scale)


def union(boxes) -> Box | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))  # fmt: skip


def fit_zoom(box: Box, size: tuple[float, float], margin: float = MARGIN_PX) -> float:
    """The largest zoom at which `box` fits a viewport of `size` pixels with `margin`."""
    w, h = max(box[2] - box[0], 1e-6), max(box[3] - box[1], 1e-6)
    return min(max(size[0] - 2 * margin, 1.0) / w, max(size[1] - 2 * margin, 1.0) / h)


def choose_frame(candidates: list[Box], size: tuple[float, float], least: float,
                 most: float | None = None, keep: Box | None = None,
                 anchor: Box | None = None) -> Frame:
    """Frame the first of `candidates` (from the widest view to the narrowest) that fits
    `size` at zoom `least` or more.  The widest is framed whole, at its fitting zoom up to
    `most`; a narrower one at `least`, moved from its middle halfway towards the middle of
    the one before (as far as keeps it inside), so some of its surroundings show; one that
    fits only without the margin is centred.  When
    none fits, the last one is centred at `least` (the numbers stay readable), moved as
    little as keeps `anchor` (the step's node) whole in view."""
    most = least * MAX_OVER_GOAL if most is None else most
    for i, box in enumerate(candidates):
        zoom = fit_zoom(box, size)
        if zoom < least:
            if i > 0 and fit_zoom(box, size, margin=0.0) >= least:  # it fits, just: centred
                return Frame(_middle(box), least, keep=keep)
            continue
        if i == 0:
            return Frame(_middle(box), min(zoom, most), whole=True, keep=keep)
        # Halfway from the box's middle towards its surroundings': the step stays near the
        # middle of the screen, and the side its surroundings lie on shows more of them.
        (bx, by), (wx, wy) = _middle(box), _clamped(_middle(candidates[i - 1]), box, size, least)
        return Frame(((bx + wx) / 2, (by + wy) / 2), least, keep=keep)
    if anchor is None:
        return Frame(_middle(candidates[-1]), least, keep=keep)
    # An edge longer than the screen (a value used a row later): its far end leaves the
    # frame, the step's node and its numbers never do.
    return Frame(_clamped(_middle(candidates[-1]), anchor, size, least), least, keep=anchor)


def _clamped(center: tuple[float, float], box: Box, size: tuple[float, float],
             zoom: float) -> tuple[float, float]:
    """`center` moved as little as keeps `box` inside the view (with the margin)."""
    half_w = size[0] / zoom / 2 - MARGIN_PX / zoom
    half_h = size[1] / zoom / 2 - MARGIN_PX / zoom
    x = min(max(center[0], box[2] - half_w), box[0] + half_w)
    y = min(max(center[1], box[3] - half_h), box[1] + half_h)
    return (x, y)


def _middle(box: Box) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


# ── the step's boxes, read from the scene ───────────────────────────────────────────────


def _item_box(item) -> Box:
    r = item.mapRectToScene(item.shape_rect() if hasattr(item, "shape_rect")
                            else item.boundingRect())  # fmt: skip
    return (r.left(), r.top(), r.right(), r.bottom())


def step_result(scene, step: Step) -> int | None:
    """The value an op's step is about besides its inputs: the result it computes forward,
    whose gradient (the upstream one) it passes back; None for a value's step."""
    graph = scene.graph
    if not graph.nodes[step.node].is_op:
        return None
    return next((e.dst for e in graph.outputs_of(step.node)), None)


def step_nodes(scene, step: Step) -> tuple[set[int], set[int]]:
    """(essential, neighbourhood) node ids of a step: the node, both ends of every edge
    it lights and an op's result (`step_result`); then each of those nodes' neighbours."""
    graph = scene.graph
    node = step.node
    essential = {node}
    if step.phase == FORWARD and graph.nodes[node].is_op:
        essential |= {e.src for e in graph.inputs_of(node)}
    for contribution in step.contributions:
        essential |= {contribution.edge.src, contribution.edge.dst}
    result = step_result(scene, step)
    if result is not None:
        essential.add(result)
    near = set(essential)
    for i in essential:
        near |= {e.src for e in graph.inputs_of(i)} | {e.dst for e in graph.outputs_of(i)}
    return essential, near


def lit_edges(scene, step: Step) -> list[int]:
    """The edges a step is about: into the op it computes, or carrying its contributions."""
    graph = scene.graph
    if step.phase == FORWARD:
        edges = graph.inputs_of(step.node) if graph.nodes[step.node].is_op else ()
    else:
        edges = [c.edge for c in step.contributions]
    return [i for i in (scene.edge_number(e) for e in edges) if i is not None]


def _edge_ends(item) -> list[Box]:
    start = item.mapToScene(item.path().pointAtPercent(0.0))
    tip = item.mapToScene(item.arrow[0] if item.arrow else item.path().pointAtPercent(1.0))
    return [(p.x(), p.y(), p.x(), p.y()) for p in (start, tip)]


def step_boxes(scene, step: Step | None) -> list[Box]:
    """The candidate boxes for `step`, widest first: the whole graph; the neighbourhood;
    the step's essential nodes (`step_nodes`); those but an op's result (a row away, in a
    wrapped layout); the step's node with both ends of its edges, which every frame keeps
    in view (the labels on the edges in all but the first)."""
    r = scene.content_rect()
    whole = (r.left(), r.top(), r.right(), r.bottom())
    if step is None:
        return [whole]
    essential, near = step_nodes(scene, step)
    labels = [_item_box(label) for label in scene.labels.values() if label.isVisible()]
    ends = [b for i in lit_edges(scene, step) for b in _edge_ends(scene.edges[i])]
    boxes = [whole]
    lit = essential - {step_result(scene, step)} | {step.node}
    for ids in (near, essential, lit):  # a node inside a closed group's box is not shown
        shown = [scene.nodes[i] for i in ids if scene.nodes[i].isVisible()] or [
            scene.nodes[step.node]]
        boxes.append(union([_item_box(item) for item in shown] + labels))
    boxes.append(union([_item_box(scene.nodes[step.node])] + ends + labels))
    return boxes


def step_frame(scene, step: Step | None, size: tuple[float, float], screen_h: float) -> Frame:
    """Where the camera looks at `step` in a viewport of `size` pixels on a screen
    `screen_h` lines high: the widest view whose numbers meet the goal."""
    least = goal_zoom(scene.theme, screen_h, gradients=step is None or step.phase == BACKWARD)
    boxes = step_boxes(scene, step)
    if step is None:  # before the first step there is no number to explain: the whole graph
        return Frame(_middle(boxes[0]), fit_zoom(boxes[0], size), whole=True)
    frame = choose_frame(boxes, size, least, keep=boxes[-1],
                         anchor=_item_box(scene.nodes[step.node]))
    # The overview keeps off what the view shows of all the step explains.
    seen, essential = frame.rect(size), boxes[2]
    shown = (max(seen[0], essential[0]), max(seen[1], essential[1]),
             min(seen[2], essential[2]), min(seen[3], essential[3]))
    if shown[0] < shown[2] and shown[1] < shown[3]:
        frame = replace(frame, keep=union([frame.keep, shown]))
    return frame


def glide(start: Frame, end: Frame, t: float) -> Frame:
    """The frame a fraction `t` of the way from `start` to `end`: the centre moves on a
    straight line, the zoom geometrically (halfway between ×1 and ×4 is ×2)."""
    t = min(max(t, 0.0), 1.0)
    (x0, y0), (x1, y1) = start.center, end.center
    zoom = math.exp(math.log(start.zoom) + t * (math.log(end.zoom) - math.log(start.zoom)))
    return Frame((x0 + t * (x1 - x0), y0 + t * (y1 - y0)), zoom, end.whole and t >= 1.0,
                 end.keep)

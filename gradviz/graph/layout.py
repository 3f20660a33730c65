"""Positions for a graph's nodes, computed once by a Graphviz layout program (no Qt here).

`layout_positions(graph)` writes the graph as DOT with the `graphviz` package, runs `dot`
(or, when no system Graphviz is installed, the `graphviz-pure` binary from PyPI) with
``-Tjson0`` and returns a `Layout`: each node's centre and size and each edge's spline, in
points, with the origin at the top left and y growing downwards, as Qt draws.  The same
graph and sizes always give the same positions, so nodes never move while stepping.
`to_dot(graph)` is the DOT source itself, styled like the course's slide.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, replace
from pathlib import Path

import graphviz

from gradviz.catalog.lesson import Message
from gradviz.graph.format import SCALAR, display_mode, format_shape
from gradviz.graph.model import Graph, Node
from gradviz.graph.wrap import wrap_rows

Point = tuple[float, float]
Size = tuple[float, float]

OP_FILL = "#ffb4b9"
VALUE_FILL = "#cda2f1"
POINTS_PER_INCH = 72.0
INSTALL_HINT = Message(
    "gradviz needs a Graphviz layout program to place the graph. Install one with "
    "{pip} (no system libraries needed), or install your system's graphviz package ({apt}, "
    "{brew}, {winget}) so that {dot} is on PATH.", pip="`pip install graphviz-pure`",
    apt="`apt install graphviz`", brew="`brew install graphviz`",
    winget="`winget install graphviz`", dot="`dot`")


RANKSEP = 1.5  # inches between ranks at text size 1: the slide's spacing
NODESEP = 0.45  # inches between neighbours in a rank at text size 1
# Ranks part as the fourth root of the text size: at size 3 the gap is 1.32 times the slide's,
# which leaves the line before a 3-times-longer arrowhead as long as at size 1, while the
# slide still fits a 1400-pixel window whole with bigger numbers than at size 1 (a gap that
# grew like the text would make the whole picture grow like it, and fitting it to the window
# would undo the larger text).  Across the ranks room is cheap on a wide screen: neighbours
# part like the text, so a contribution label finds room beside a short edge.
RANK_GROWTH = 0.25
SCREEN_ASPECT = 16 / 9  # a projector's: long strips are wrapped into rows to come near it
ROW_GAP = 96.0  # points between wrapped rows at text size 1 (edges turn in the gap)
GROUP_LABEL_PT = 26.0  # a group's label at text size 1: the node names' size (Theme.name_px)
GROUP_MARGIN = 14.0  # points between a group's frame and its nodes at text size 1
# A closed group is laid out as one box that holds its label: the label CLOSED_LABEL times
# the group labels' size, BOX_SIDE of that size free on either side, the box BOX_HEIGHT sizes
# high.  (The view draws the label as large as every box holds: `view.group_item`.)
CLOSED_LABEL = 2.5
BOX_SIDE = 0.8
BOX_HEIGHT = 2.6


class NodeSizes(dict):
    """Node sizes in points by node id, measured at a text size (`text_scale`), so that
    `layout_positions` spaces the graph for words that big (see `separation`); `boxes`:
    each group's closed box (group index → size), where measured."""

    def __init__(self, sizes=(), text_scale: float = 1.0, boxes=()) -> None:
        super().__init__(sizes)
        self.text_scale = float(text_scale)
        self.boxes = dict(boxes)


def box_size(label_width: float, text_scale: float = 1.0) -> Size:
    """A closed group's box, for a label `label_width` points wide at `box_label_px`."""
    px = box_label_px(text_scale)
    return (label_width + 2 * BOX_SIDE * px, BOX_HEIGHT * px)


def box_label_px(text_scale: float = 1.0) -> float:
    """The size a closed box's label is laid out for."""
    return CLOSED_LABEL * GROUP_LABEL_PT * text_scale


def estimate_box_size(label: str, text_scale: float = 1.0) -> Size:
    """A rough closed box size from the label's character count (the view measures better)."""
    return box_size(0.62 * box_label_px(text_scale) * len(label), text_scale)


def separation(text_scale: float = 1.0) -> tuple[float, float]:
    """(ranksep, nodesep) in inches for a text size: the slide's at 1, growing with it."""
    s = max(float(text_scale), 0.1)
    return RANKSEP * s**RANK_GROWTH, NODESEP * s


class LayoutError(RuntimeError):
    """No layout program, the layout program failed or took too long, or a graph too big.

    ``str(e)`` is the English; ``e.said`` the catalog `Message`, said in the window's
    language (`gradviz.catalog.lesson.said_in`)."""

    def __init__(self, said: Message) -> None:
        super().__init__(str(said))
        self.said = said


# Past this many nodes dot's placement (a network simplex over every node and the virtual
# nodes of long edges) takes most of the layout's time: 2,742 iterations, 2.6 of 3.6 s at
# 2,000 nodes.  Capping its iterations at a tenth of the nodes gives a layout as compact
# (here less tall) in 1.7 s; a lesson-sized graph is placed as dot places it.
FAST_ABOVE = 400
FAST_NSLIMIT = 0.1

# More nodes than a lecture can read, and past it the layout program takes minutes (a
# 17,500-node chain: 62 s): refused at once, with the limit named.
MAX_LAYOUT_NODES = 6000


@dataclass(frozen=True)
class EdgeRoute:
    """A drawn edge: cubic Bézier control points ``p0 c1 c2 p1 c1 c2 p2 ...`` and the tip.

    The spline ends where the arrowhead starts; `tip` is the arrowhead's point on the
    destination node's border (None if the layout program gave none).
    """

    points: tuple[Point, ...]
    tip: Point | None


@dataclass(frozen=True)
class Layout:
    """Where each node sits (index = node id) and how edges run (index = edge index)."""

    centers: tuple[Point, ...]
    sizes: tuple[Size, ...]
    width: float
    height: float
    routes: tuple[EdgeRoute | None, ...]
    rankdir: str = "LR"
    # The groups' frames (`Graph.groups`) as (group index, x, y, width, height): dot's cluster
    # box, with room for the label at its top-left, so no other node lies inside it; a group
    # that wrapping cut into rows has one frame per row piece.
    frames: tuple[tuple[int, float, float, float, float], ...] = ()
    # The groups laid out closed, as one box each (`layout_positions(closed=...)`): their
    # nodes sit at the box's centre, and their frame is the box.
    closed: frozenset[int] = frozenset()


def estimate_node_size(node: Node, font_px: float = 22.0) -> Size:
    """A rough size in points for a node, from character counts (the view measures better)."""
    char_w = 0.62 * font_px
    line_h = 1.3 * font_px
    if node.is_op:
        text = node.symbol or node.name
        return (max(56.0, len(text) * char_w * 1.3 + 24.0), 52.0)
    title = f"{node.name} {format_shape(node.shape)}".strip()
    if display_mode(node.shape) == SCALAR:
        width = max(len(title), 8) * char_w
        side = max(90.0, (width**2 + (3 * line_h) ** 2) ** 0.5 + 8.0)
        return (side, side)
    return (max(len(title) * char_w, 200.0) + 28.0, 3 * line_h + 28.0)


def _node_attrs(node: Node, size: Size) -> dict[str, str]:
    w, h = size
    circle = not node.is_op and display_mode(node.shape) == SCALAR
    attrs = {
        "shape": "circle" if circle else "box",
        "style": "filled" if circle else "rounded,filled",
        "fillcolor": OP_FILL if node.is_op else VALUE_FILL,
        "fixedsize": "true",
        "width": f"{w / POINTS_PER_INCH:.4f}",
        "height": f"{h / POINTS_PER_INCH:.4f}",
        "label": dot_text((node.symbol or node.name) if node.is_op else node.name),
    }
    if circle:
        attrs["width"] = attrs["height"] = f"{max(w, h) / POINTS_PER_INCH:.4f}"
    return attrs


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def dot_text(text: str) -> str:
    """`text` as a DOT string that is data, never syntax: a backslash is a backslash (not
    an escape of the closing quote, ``title = 'C:\\cursos\\'``), ``<b>`` is not an HTML
    label, and control characters, which DOT cannot hold, are spaces.  Quotes are escaped
    by the `graphviz` package when it quotes the string."""
    text = str(text).encode("utf-8", "replace").decode("utf-8")  # a lone surrogate: "?"
    return graphviz.escape(_CONTROL.sub(" ", text))


def to_dot(
    graph: Graph,
    rankdir: str = "LR",
    sizes: dict[int, Size] | None = None,
    ranksep: float = RANKSEP,
    nodesep: float = NODESEP,
    text_scale: float = 1.0,
    closed: frozenset[int] = frozenset(),
    boxes: dict[int, Size] | None = None,
) -> str:
    """DOT source for the graph, drawn like the slide (`rankdir`, `ranksep` in inches); each
    of `graph.groups` is a cluster ``cluster_K`` titled with its label, but the `closed`
    ones: each of those is one box node ``gK`` (`boxes`: their sizes), the edges into and
    out of the group end at it, and those inside it are left out."""
    dot = graphviz.Digraph(name=dot_text(graph.title or "G"))
    dot.attr(rankdir=rankdir, ordering="in", ranksep=f"{ranksep:.4g}",
             nodesep=f"{nodesep:.4g}")
    if len(graph.nodes) > FAST_ABOVE:
        dot.attr(nslimit=f"{FAST_NSLIMIT:g}")
    dot.attr("node", fontname="DejaVu Sans", fontsize="20")
    grouped = {i for group in graph.groups for i in group.nodes}
    group_of = {i: k for k, group in enumerate(graph.groups) for i in group.nodes}
    for node in graph.nodes:
        if node.id not in grouped:
            size = (sizes or {}).get(node.id) or estimate_node_size(node)
            dot.node(f"n{node.id}", **_node_attrs(node, size))
    for k, group in enumerate(graph.groups):
        if k in closed:
            w, h = (boxes or {}).get(k) or estimate_box_size(group.label, text_scale)
            dot.node(f"g{k}", shape="box", style="rounded", fixedsize="true",
                     width=f"{w / POINTS_PER_INCH:.4f}", height=f"{h / POINTS_PER_INCH:.4f}",
                     label=dot_text(group.label))
            continue
        with dot.subgraph(name=f"cluster_{k}") as cluster:
            cluster.attr(label=dot_text(group.label), labelloc="t", labeljust="l",
                         fontsize=f"{GROUP_LABEL_PT * text_scale:.4g}",
                         margin=f"{GROUP_MARGIN * text_scale:.4g}", style="rounded")
            for node in graph.nodes:  # in graph order, as outside: the layout stays stable
                if node.id in group.nodes:
                    size = (sizes or {}).get(node.id) or estimate_node_size(node)
                    cluster.node(f"n{node.id}", **_node_attrs(node, size))

    def name(i: int) -> str:
        return f"g{group_of[i]}" if group_of.get(i) in closed else f"n{i}"

    for index, edge in enumerate(graph.edges):
        src, dst = name(edge.src), name(edge.dst)
        if src != dst:  # an edge inside a closed box is not drawn
            into_box = group_of.get(edge.dst) in closed
            dot.edge(src, dst, id=f"e{index}",
                     **({} if into_box else _entering(graph, edge, group_of)))
    return dot.source


def _entering(graph: Graph, edge, group_of: dict[int, int]) -> dict[str, str]:
    """An edge from one group into an op of another that also takes one of that group's own
    values (a layer's ``W[2] @ a[1]``) spans two ranks: the group's ``W[2]`` then sits in the
    rank between, not beside ``a[1]``, and the two frames stand side by side, not stacked."""
    into = group_of.get(edge.dst)
    if into is None or group_of.get(edge.src, into) == into:
        return {}
    own = any(group_of.get(e.src) == into for e in graph.inputs_of(edge.dst))
    return {"minlen": "2"} if own else {}


def find_layout_program() -> str:
    """Path of `dot` if on PATH, else of the `graphviz-pure` binary; LayoutError if neither."""
    found = shutil.which("dot")
    if found:
        return found
    found = shutil.which("graphviz-pure")
    if found:
        return found
    # A venv that is not activated still has graphviz-pure next to its python.
    exe = "graphviz-pure.exe" if os.name == "nt" else "graphviz-pure"
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        candidate = folder / exe
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise LayoutError(INSTALL_HINT)


def run_layout_program(source: str, timeout: float = 60.0) -> dict:
    """Run the layout program on DOT `source` and return its ``-Tjson0`` output, parsed."""
    program = find_layout_program()
    try:
        done = subprocess.run(
            [program, "-Tjson0"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise LayoutError(Message("{program} took longer than {s:g} s to lay out the graph",
                                  program=program, s=timeout)) from exc
    except OSError as exc:
        raise LayoutError(Message("could not run {program}: {error}. {hint}", program=program,
                                  error=exc, hint=INSTALL_HINT)) from exc
    if done.returncode != 0:  # the layout program's own words: English
        message = done.stderr.decode("utf-8", "replace").strip()
        raise LayoutError(Message("{program} failed (exit {code}): {error}", program=program,
                                  code=done.returncode, error=message))
    try:
        return json.loads(done.stdout.decode("utf-8"))
    except ValueError as exc:
        raise LayoutError(Message("{program} wrote output that is not JSON: {error}",
                                  program=program, error=exc)) from exc


def layout_positions(
    graph: Graph,
    rankdir: str = "LR",
    sizes: dict[int, Size] | None = None,
    timeout: float = 60.0,
    text_scale: float | None = None,
    aspect: float | None = SCREEN_ASPECT,
    closed: frozenset[int] = frozenset(),
) -> Layout:
    """Lay the graph out; `sizes` (points, by node id) default to `estimate_node_size`.

    Ranks and nodes are spaced for `text_scale` (by default the `NodeSizes.text_scale` the
    sizes were measured at, else 1).  A strip much wider than `aspect` is wrapped into rows
    (`gradviz.graph.wrap`) to come near it; None keeps dot's one strip.  The groups in
    `closed` (indices into `graph.groups`) are laid out as one box each, sized for its label
    (`NodeSizes.boxes`, else `estimate_box_size`): rows are cut between boxes, never inside
    one, and the collapsed graph is as small as its boxes."""
    if len(graph.nodes) > MAX_LAYOUT_NODES:
        raise LayoutError(Message(
            "the graph has {n:,} nodes, more than the {limit:,} gradviz lays out; draw a "
            "smaller part of the computation (fewer steps, smaller tensors, or tensors instead "
            "of scalars)", n=len(graph.nodes), limit=MAX_LAYOUT_NODES))
    if text_scale is None:
        text_scale = getattr(sizes, "text_scale", 1.0)
    ranksep, nodesep = separation(text_scale)
    full_sizes = {n.id: (sizes or {}).get(n.id) or estimate_node_size(n) for n in graph.nodes}
    for node in graph.nodes:
        w, h = full_sizes[node.id]
        if not node.is_op and display_mode(node.shape) == SCALAR:
            full_sizes[node.id] = (max(w, h), max(w, h))
    closed = frozenset(k for k in closed if 0 <= k < len(graph.groups))
    source = to_dot(graph, rankdir, full_sizes, ranksep, nodesep, text_scale, closed,
                    getattr(sizes, "boxes", None))
    data = run_layout_program(source, timeout)
    x0, y0, x1, y1 = (float(v) for v in data["bb"].split(","))
    height = y1 - y0

    def flip(x: float, y: float) -> Point:
        # Graphviz puts y upwards from the bottom; Qt puts it downwards from the top.
        return (x - x0, height - (y - y0))

    centers: list[Point] = [(0.0, 0.0)] * len(graph.nodes)
    boxes: list[tuple[float, float, float, float]] = [(0.0, 0.0, 0.0, 0.0)] * len(graph.groups)
    for obj in data.get("objects", []):
        name = obj.get("name", "")
        if name.startswith("cluster_") and "bb" in obj:
            bx0, by0, bx1, by1 = (float(v) for v in obj["bb"].split(","))
            (left, top), (right, bottom) = flip(bx0, by1), flip(bx1, by0)
            boxes[int(name[8:])] = (left, top, right - left, bottom - top)
        elif name.startswith("g") and "pos" in obj:  # a closed group's box (inches)
            (x, y), w, h = flip(*(float(v) for v in obj["pos"].split(","))), *(
                float(obj[k]) * POINTS_PER_INCH for k in ("width", "height"))
            boxes[int(name[1:])] = (x - w / 2, y - h / 2, w, h)
        elif name.startswith("n") and "pos" in obj:
            x, y = (float(v) for v in obj["pos"].split(","))
            centers[int(name[1:])] = flip(x, y)
    for k in closed:  # a closed group's nodes sit at its box's centre, hidden behind it
        x, y, w, h = boxes[k]
        for i in graph.groups[k].nodes:
            centers[i] = (x + w / 2, y + h / 2)
    routes: list[EdgeRoute | None] = [None] * len(graph.edges)
    for edge in data.get("edges", []):
        edge_id = edge.get("id", "")
        if edge_id.startswith("e") and "pos" in edge:
            routes[int(edge_id[1:])] = _parse_route(edge["pos"], flip)
    laid = Layout(
        centers=tuple(centers),
        sizes=tuple(full_sizes[n.id] for n in graph.nodes),
        width=x1 - x0,
        height=height,
        routes=tuple(routes),
        rankdir=rankdir,
        frames=tuple((k, *box) for k, box in enumerate(boxes)),
        closed=closed,
    )
    if aspect is None:
        return laid
    # A value and the op that uses it stay in one row: a step frames both ends of its edges
    # (no step talks about a node inside a closed box).
    group_index = {i: k for k in closed for i in graph.groups[k].nodes}
    inside = set(group_index)
    together = [(e.src, e.dst) for e in graph.edges if not graph.nodes[e.src].is_op
                and e.src not in inside and e.dst not in inside]
    if closed:  # the groups open among boxes are those the step is in: each stays in a row
        opened = {i: k for k, group in enumerate(graph.groups) if k not in closed
                  for i in group.nodes}
        together += [(e.src, e.dst) for e in graph.edges
                     if opened.get(e.src, -1) == opened.get(e.dst, -2)]
    groups = [(group.nodes, box) for group, box in zip(graph.groups, boxes, strict=True)]
    # Wrapped, a closed group is its box: each of its nodes as big as the box, so no cut
    # crosses it; then the nodes get their own sizes back.
    solid = replace(laid, sizes=tuple(boxes[group_index[i]][2:] if i in inside else size
                                      for i, size in enumerate(laid.sizes)))
    wrapped = wrap_rows(solid, aspect, ROW_GAP * text_scale**RANK_GROWTH, together, groups)
    return replace(wrapped, sizes=laid.sizes)


def _parse_route(pos: str, flip) -> EdgeRoute | None:
    """Parse an edge ``pos`` attribute: ``"e,x,y x,y x,y ..."`` (``s,x,y`` may lead too)."""
    tip = None
    points: list[Point] = []
    for token in pos.split(";")[0].split():
        parts = token.split(",")
        if parts[0] == "e":
            tip = flip(float(parts[1]), float(parts[2]))
        elif parts[0] == "s":
            continue
        else:
            points.append(flip(float(parts[0]), float(parts[1])))
    return EdgeRoute(tuple(points), tip) if points else None

"""Layout of the slide graph through the Graphviz layout program: order, stability, errors."""

from __future__ import annotations

import shutil

import pytest
from graph_fixtures import (
    ADD,
    MUL,
    SUM,
    A,
    B,
    C,
    X,
    Y,
    Z,
    generated_graph,
    slide_graph,
    square_graph,
)

from gradviz.graph import layout as layout_mod
from gradviz.graph.layout import LayoutError, layout_positions, to_dot


def test_left_to_right_order():
    lay = layout_positions(slide_graph(), aspect=None)  # dot's own strip, not wrapped
    xs = [lay.centers[i][0] for i in (X, MUL, A, ADD, B, SUM, C)]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert lay.centers[Y][0] < lay.centers[MUL][0]
    assert lay.centers[Z][0] < lay.centers[ADD][0]


def test_first_argument_above_second():
    lay = layout_positions(slide_graph())
    assert lay.centers[X][1] < lay.centers[Y][1]


def test_positions_inside_bounding_box():
    lay = layout_positions(slide_graph(tensor=True))
    for (x, y), (w, h) in zip(lay.centers, lay.sizes, strict=True):
        assert x - w / 2 >= -1 and x + w / 2 <= lay.width + 1
        assert y - h / 2 >= -1 and y + h / 2 <= lay.height + 1


def test_top_to_bottom_rankdir():
    lay = layout_positions(slide_graph(), rankdir="TB")
    assert lay.centers[X][1] < lay.centers[MUL][1] < lay.centers[C][1]


def test_deterministic():
    graph = generated_graph(60)
    assert layout_positions(graph) == layout_positions(graph)


def test_sizes_passed_in_are_kept():
    graph = slide_graph()
    sizes = {MUL: (80.0, 50.0), A: (120.0, 120.0)}
    lay = layout_positions(graph, sizes=sizes)
    assert lay.sizes[MUL] == (80.0, 50.0)
    assert lay.sizes[A] == (120.0, 120.0)


def test_edges_have_routes_ending_near_destination():
    graph = slide_graph()
    lay = layout_positions(graph)
    for index, edge in enumerate(graph.edges):
        route = lay.routes[index]
        assert route is not None and len(route.points) >= 4 and route.tip is not None
        (tx, ty), (cx, cy) = route.tip, lay.centers[edge.dst]
        w, h = lay.sizes[edge.dst]
        assert abs(tx - cx) <= w / 2 + 2 and abs(ty - cy) <= h / 2 + 2


def test_square_gives_two_edges():
    graph = square_graph()
    source = to_dot(graph)
    assert source.count("n0 -> n1") == 2
    lay = layout_positions(graph)
    first, second = lay.routes[0], lay.routes[1]
    assert first is not None and second is not None
    assert first.points != second.points


def test_to_dot_looks_like_the_slide():
    source = to_dot(slide_graph())
    assert "rankdir=LR" in source
    assert "#ffb4b9" in source and "#cda2f1" in source
    assert "Σ" in source


def test_missing_program_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    monkeypatch.setattr(layout_mod.sys, "executable", str(tmp_path / "python"))
    monkeypatch.setattr(layout_mod.sysconfig, "get_path", lambda name: str(tmp_path))
    with pytest.raises(LayoutError, match="pip install graphviz-pure"):
        layout_positions(slide_graph())


def test_failing_program_is_a_layout_error(monkeypatch, tmp_path):
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\necho boom >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(layout_mod, "find_layout_program", lambda: str(fake))
    with pytest.raises(LayoutError, match="boom"):
        layout_positions(slide_graph())


def test_spacing_grows_with_the_text_size_and_is_the_slides_at_size_1():
    from gradviz.graph.layout import NODESEP, RANKSEP, NodeSizes, separation

    assert separation(1.0) == (RANKSEP, NODESEP)
    assert "ranksep=1.5" in to_dot(slide_graph()) and "nodesep=0.45" in to_dot(slide_graph())
    ranks, nodes = zip(*(separation(s) for s in (0.5, 1.0, 2.0, 3.0)), strict=True)
    assert list(ranks) == sorted(ranks) and list(nodes) == sorted(nodes)
    # at size 3 the line before a 3-times-longer arrowhead (15 points at size 1) is as long
    assert separation(3.0)[0] * 72 - 45 >= RANKSEP * 72 - 15
    graph = slide_graph()
    sizes = {n.id: (60.0, 60.0) for n in graph.nodes}
    normal = layout_positions(graph, sizes=sizes)
    big = layout_positions(graph, sizes=NodeSizes(sizes, text_scale=3.0))
    assert big == layout_positions(graph, sizes=sizes, text_scale=3.0)
    gap = lambda lay: lay.centers[MUL][0] - lay.centers[X][0]  # noqa: E731
    assert gap(big) > gap(normal) + 30
    assert abs(big.centers[Y][1] - big.centers[X][1]) > abs(normal.centers[Y][1]
                                                            - normal.centers[X][1])  # fmt: skip


# ── long strips wrapped into rows ───────────────────────────────────────────────────────
def _overlap(a, b) -> bool:
    (ax, ay), (aw, ah) = a
    (bx, by), (bw, bh) = b
    return abs(ax - bx) < (aw + bw) / 2 - 1e-6 and abs(ay - by) < (ah + bh) / 2 - 1e-6


def test_a_long_chain_is_wrapped_into_rows_near_the_screen_aspect():
    graph = generated_graph(120)
    strip = layout_positions(graph, aspect=None)
    rows = layout_positions(graph)
    assert strip.width / strip.height > 4
    aim = 16 / 9
    assert abs(rows.width / rows.height - aim) < abs(strip.width / strip.height - aim) / 2
    boxes = list(zip(rows.centers, rows.sizes, strict=True))
    for i, a in enumerate(boxes):  # no node lands on another
        x, y = a[0]
        assert x - a[1][0] / 2 >= -1 and x + a[1][0] / 2 <= rows.width + 1
        assert y - a[1][1] / 2 >= -1 and y + a[1][1] / 2 <= rows.height + 1
        assert not any(_overlap(a, b) for b in boxes[i + 1:])


def test_wrapped_edges_still_join_their_nodes_and_a_value_stays_beside_its_op():
    graph = generated_graph(120)
    strip, rows = layout_positions(graph, aspect=None), layout_positions(graph)
    turned = 0
    for index, edge in enumerate(graph.edges):
        route = rows.routes[index]
        (sx, sy), (dx, dy) = rows.centers[edge.src], rows.centers[edge.dst]
        (x0, y0), (tx, ty) = route.points[0], route.tip
        ws, hs = rows.sizes[edge.src]
        wd, hd = rows.sizes[edge.dst]
        assert abs(x0 - sx) <= ws / 2 + 2 and abs(y0 - sy) <= hs / 2 + 2
        assert abs(tx - dx) <= wd / 2 + 2 and abs(ty - dy) <= hd / 2 + 2
        moved = [(a[0] - b[0], a[1] - b[1]) for a, b in
                 ((rows.centers[edge.src], strip.centers[edge.src]),
                  (rows.centers[edge.dst], strip.centers[edge.dst]))]  # fmt: skip
        if not graph.nodes[edge.src].is_op:  # a value and its op: in one row, moved alike
            assert moved[0] == pytest.approx(moved[1])
        turned += moved[0] != pytest.approx(moved[1])
    assert turned > 0  # some edges do turn from one row into the next


def test_a_slide_sized_graph_is_not_wrapped():
    graph = square_graph()
    assert layout_positions(graph) == layout_positions(graph, aspect=None)

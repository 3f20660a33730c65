"""Colours and font sizes of the graph drawing: `LIGHT` (the course slide) and `DARK`.

A `Theme` is plain data (hex colours, sizes in points at presenter scale 1); the scene turns
it into pens, brushes and fonts.  `LIGHT` reproduces the slide's graph: white background,
op nodes as rounded boxes filled ``#ffb4b9``, value nodes as circles filled ``#cda2f1``.
`DARK` matches the course's inverted slides, its text on the nodes at least 4.5:1 against
their fill (WCAG AA; see `contrast`).  `theme.with_scale(1.5)` makes everything,
fonts included, half as big again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str  # title and text outside nodes
    node_text: str  # names, symbols and values inside nodes
    node_text_dim: str  # shapes, "?" for values not computed yet
    future_text: str  # text on faded nodes (not computed yet)
    op_fill: str
    op_border: str
    value_fill: str
    value_border: str
    grad_text: str  # "∂ = 0.25" inside value nodes
    edge: str
    edge_dim: str  # edges into nodes not computed yet
    forward_edge: str  # edges feeding the node being computed
    contribution_edge: str  # edges carrying a chain-rule contribution backwards
    current: str  # border of the node of the current step
    done: str  # badge on nodes whose step is finished
    label_background: str  # behind contribution labels on edges
    heat_negative: str
    heat_zero: str
    heat_positive: str
    group_fill: str = "#eef2f8"  # a [groups] frame: a faint tint behind its nodes
    group_border: str = "#9aa7bd"
    group_text: str = "#34405a"  # the group's label (≥ 4.5:1 on group_fill)
    future_fill_mix: float = 0.55  # how far an unknown node's fill fades to the background
    font_family: str = "DejaVu Sans"
    name_px: float = 26.0
    shape_px: float = 18.0
    value_px: float = 24.0
    grad_px: float = 21.0
    op_px: float = 32.0
    edge_label_px: float = 20.0
    title_px: float = 34.0
    node_border: float = 2.0
    current_border: float = 6.0
    edge_width: float = 2.6
    highlight_edge_width: float = 5.0
    arrow_size: float = 15.0
    label_border: float = 2.0  # the box around a contribution written on an edge
    scale: float = 1.0  # presenter scale: multiplies every size above, fonts included
    text_scale: float = 1.0  # the text size (View menu): what `with_text_scale` multiplied

    def with_scale(self, scale: float) -> Theme:
        return replace(self, scale=float(scale))

    def with_text_scale(self, factor: float) -> Theme:
        """Bigger text relative to the drawing: node sizes follow, so lay the graph out again.

        `with_scale` magnifies everything (an export's DPI); this makes the words larger on
        a graph of the same spacing, which is what a lecturer wants from the back row.  The
        lines grow with the words (edges, arrowheads, the highlighted flow, borders), so big
        text never sits on hairlines; at factor 1 nothing changes.  `text_scale` keeps the
        product of the factors: the boxes, badges and spacing that are no font follow it."""
        sizes = ("name_px", "shape_px", "value_px", "grad_px", "op_px", "edge_label_px",
                 "title_px", "text_scale") + LINE_SIZES
        return replace(self, **{k: getattr(self, k) * factor for k in sizes})


LINE_SIZES = ("node_border", "current_border", "edge_width", "highlight_edge_width",
              "arrow_size", "label_border")  # strokes that grow with the text size

LIGHT = Theme(
    name="light",
    background="#ffffff",
    text="#1a1a1a",
    node_text="#1a1a1a",
    node_text_dim="#5c4a6b",
    future_text="#7d6e88",
    op_fill="#ffb4b9",
    op_border="#3a3a3a",
    value_fill="#cda2f1",
    value_border="#3a3a3a",
    grad_text="#b3001b",
    edge="#262626",
    edge_dim="#b8b8b8",
    forward_edge="#1f6fd6",
    contribution_edge="#ef5a14",
    current="#1f6fd6",
    done="#1e9e4a",
    label_background="#ffffff",
    heat_negative="#2f6db5",
    heat_zero="#f7f7f7",
    heat_positive="#c8283a",
)

DARK = Theme(
    name="dark",
    background="#16181d",
    text="#f0f0f0",
    node_text="#1a1a1a",
    node_text_dim="#3b2d48",
    future_text="#d8cbe6",
    op_fill="#f2959c",
    op_border="#f0f0f0",
    value_fill="#be8fea",
    value_border="#f0f0f0",
    grad_text="#750014",
    edge="#e6e6e6",
    edge_dim="#5a5d66",
    forward_edge="#5aa9ff",
    contribution_edge="#ff8c3a",
    current="#5aa9ff",
    done="#3ccf6e",
    label_background="#16181d",
    heat_negative="#2f6db5",
    heat_zero="#f7f7f7",
    heat_positive="#c8283a",
    group_fill="#222733",
    group_border="#5f6b82",
    group_text="#c9d3e6",
    future_fill_mix=0.6,
)

THEMES = {"light": LIGHT, "dark": DARK}


def _luminance(color: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    def linear(c: int) -> float:
        c /= 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours, 1 to 21 (AA asks 4.5 of body text)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rgb(color: str) -> np.ndarray:
    return np.array([int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)], float)


def heat_rgb(t, theme: Theme) -> np.ndarray:
    """The heatmaps' diverging scale: for each t in [−1, 1] its RGB (0–255, floats, one more
    axis of 3), `heat_negative` at −1 through `heat_zero` at 0 to `heat_positive` at 1."""
    t = np.asarray(t, dtype=float)
    zero = _rgb(theme.heat_zero)
    far = np.where(t[..., None] < 0, _rgb(theme.heat_negative), _rgb(theme.heat_positive))
    return zero + np.abs(t)[..., None] * (far - zero)

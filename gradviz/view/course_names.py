"""A name drawn in the course's notation: W^[1] with the layer raised, x_{0,1} with the
element's index lowered, as a few baseline-shifted runs of one font.

Unicode has superscript digits but no superscript brackets, so the layer is a smaller run of
the same font raised above the baseline (the technique `view.caption_layout` uses for the
caption band, at the same proportions).  `name_runs` measures; `draw_name` paints; both work
in the item's own coordinates, so the text size and the presenter scale apply as to any text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetricsF, QPainter

from gradviz.graph.caption import Name, course_name
from gradviz.view.caption_layout import SCRIPT_SIZE

SUP_RISE = 0.42  # the layer's baseline above the name's, in units of the font's pixel size
SUB_DROP = 0.22  # the index's baseline below it
SCRIPT_GAP = 0.04  # between the base and its script


@dataclass(frozen=True)
class NameRun:
    text: str
    font: QFont
    x: float  # from the name's left edge
    dy: float  # baseline shift: negative is up


@dataclass(frozen=True)
class NameLayout:
    runs: tuple[NameRun, ...]
    width: float

    @property
    def text(self) -> str:
        """The runs' text joined, as a test or a screen reader would read it: ``W[1]``."""
        return "".join(r.text for r in self.runs)


def script_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPixelSize(max(1, round(font.pixelSize() * SCRIPT_SIZE)))
    return small


def name_runs(name: Name, font: QFont) -> NameLayout:
    """Where each run of `name` goes in `font` (its base's left edge at x = 0)."""
    px = float(font.pixelSize())
    x = QFontMetricsF(font).horizontalAdvance(name.base)
    runs = [NameRun(name.base, font, 0.0, 0.0)]
    if name.sup or name.sub:
        small = script_font(font)
        metrics = QFontMetricsF(small)
        x += SCRIPT_GAP * px
        width = 0.0
        # A layer and an index stack at the same x, as W^[1]_{0,1} is typeset.
        for text, dy in ((name.sup, -SUP_RISE * px), (name.sub, SUB_DROP * px)):
            if text:
                runs.append(NameRun(text, small, x, dy))
                width = max(width, metrics.horizontalAdvance(text))
        x += width
    return NameLayout(tuple(runs), x)


def draw_name(painter: QPainter, layout: NameLayout, left: float, baseline: float) -> None:
    """Paint the runs with the painter's pen, the base's baseline at (left, baseline)."""
    for run in layout.runs:
        painter.setFont(run.font)
        painter.drawText(QPointF(left + run.x, baseline + run.dy), run.text)


def title_of(node, title: Name | None = None) -> Name:
    """A value node's name in the notation: `title` when the scene worked it out for the
    whole graph (`graph.caption.notation_of`), else from the name alone."""
    if title is not None:
        return title
    return course_name(node.name, automatic=frozenset() if node.named else {node.name})

"""Typesetting a `Caption` (gradviz.graph.caption) into placed glyph runs: fractions,
superscripts and subscripts, lines that wrap between an equation's groups.

Qt's own font machinery measures and shapes every run (QFontMetricsF); this module only
stacks the boxes the way the slides stack them: ∂L over ∂W^[1] with a bar at the maths axis,
the layer ``[1]`` raised at 62 % size.  `fit_caption` tries the full equations at the
largest size, then their short forms, then smaller sizes down to a floor, and says whether
the result fits; `CaptionLayout.number_runs` tells the size on screen of every number drawn,
which is what the back row has to read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from PySide6.QtGui import QFont, QFontMetricsF

from gradviz.graph.caption import NUMBER, WORDS, Caption, Frac, Name, Run

FRACTION_SIZE = 0.8  # numerator and denominator: names, not numbers, so a little smaller
SCRIPT_SIZE = 0.62  # superscripts and subscripts
WORDS_SIZE = 0.62  # the heading and notes, beside the maths
LINE_GAP = 0.18  # between lines, in units of the font size
DIGITS = "0123456789"


@dataclass(frozen=True)
class Glyphs:
    """One run of text placed at (x, baseline y), in pixels."""

    text: str
    x: float
    y: float
    px: float
    role: str = ""
    italic: bool = False
    bold: bool = False


@dataclass
class _Box:
    width: float = 0.0
    ascent: float = 0.0
    descent: float = 0.0
    glyphs: list[Glyphs] = field(default_factory=list)
    bars: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, x1, y, w

    def place(self, other: _Box, dx: float, dy: float) -> None:
        """Put `other` with its origin at (dx, dy) of this box."""
        for g in other.glyphs:
            self.glyphs.append(Glyphs(g.text, g.x + dx, g.y + dy, g.px, g.role, g.italic,
                                      g.bold))
        self.bars += [(x0 + dx, x1 + dx, y + dy, w) for x0, x1, y, w in other.bars]


@lru_cache(maxsize=256)
def qfont(family: str, px: float, italic: bool = False, bold: bool = False) -> QFont:
    font = QFont(family)
    font.setPixelSize(max(1, round(px)))
    font.setItalic(italic)
    font.setBold(bold)
    return font


@lru_cache(maxsize=256)
def _metrics(family: str, px: float, italic: bool, bold: bool) -> QFontMetricsF:
    return QFontMetricsF(qfont(family, px, italic, bold))


def digit_height(family: str, px: float, bold: bool = True) -> float:
    """How tall digits are drawn in this font at `px` pixels (their ink, not the line)."""
    return _metrics(family, px, False, bold).tightBoundingRect(DIGITS).height()


def _text(text: str, px: float, family: str, role: str = "", italic: bool = False) -> _Box:
    bold = role == NUMBER
    m = _metrics(family, px, italic, bold)
    box = _Box(m.horizontalAdvance(text), m.ascent(), m.descent())
    box.glyphs.append(Glyphs(text, 0.0, 0.0, px, role, italic, bold))
    return box


def _row(atoms, px: float, family: str) -> _Box:
    row = _Box()
    for atom in atoms:
        box = _atom(atom, px, family)
        row.place(box, row.width, 0.0)
        row.width += box.width
        row.ascent, row.descent = max(row.ascent, box.ascent), max(row.descent, box.descent)
    return row


def _atom(atom, px: float, family: str) -> _Box:
    if isinstance(atom, Run):
        size = px * 0.8 if atom.role == WORDS else px  # "all 12 entries are" beside numbers
        return _text(atom.text, size, family, atom.role)
    if isinstance(atom, Name):
        return _name(atom, px, family)
    if isinstance(atom, Frac):
        return _fraction(atom, px, family)
    raise TypeError(f"not a caption atom: {atom!r}")


def _name(name: Name, px: float, family: str) -> _Box:
    # One letter is a variable, italic as in the slides; a longer name (mm1, logp) upright.
    box = _text(name.base, px, family, italic=len(name.base) == 1)
    for script, shift in ((name.sup, -0.42 * px), (name.sub, 0.22 * px)):
        if script:
            s = _text(script, px * SCRIPT_SIZE, family)
            box.place(s, box.width + 0.04 * px, shift)
            box.width += s.width + 0.04 * px
            box.ascent = max(box.ascent, s.ascent - shift)
            box.descent = max(box.descent, s.descent + shift)
    return box


def _fraction(frac: Frac, px: float, family: str) -> _Box:
    small = px * FRACTION_SIZE
    top, bottom = _row(frac.top, small, family), _row(frac.bottom, small, family)
    pad, gap, axis = 0.12 * px, 0.08 * px, 0.3 * px  # axis: the bar, above the baseline
    width = max(top.width, bottom.width) + 2 * pad
    box = _Box(width, axis + gap + top.ascent + top.descent,
               bottom.ascent + bottom.descent + gap - axis)
    box.place(top, (width - top.width) / 2, -axis - gap - top.descent)
    box.place(bottom, (width - bottom.width) / 2, -axis + gap + bottom.ascent)
    box.bars.append((pad * 0.5, width - pad * 0.5, -axis, max(1.0, 0.06 * px)))
    return box


@dataclass
class CaptionLayout:
    px: float
    width: float
    height: float
    glyphs: list[Glyphs]
    bars: list[tuple[float, float, float, float]]
    fits: bool  # nothing wider than the width asked for nor taller than the height
    family: str
    short: bool = False  # the equations' short forms were needed
    lines: list[int] = field(default_factory=list)  # how many lines each equation took

    def number_runs(self) -> list[tuple[str, float]]:
        """Each number drawn and the height of its digits in pixels."""
        return [(g.text, digit_height(self.family, g.px, g.bold))
                for g in self.glyphs if g.role == NUMBER]


def layout_caption(caption: Caption, width: float, px: float, family: str,
                   short: bool = False, margin: float = 0.0) -> CaptionLayout:
    """Lines of `caption` at `px`, wrapped to `width` (minus `margin` each side)."""
    out = _Box()
    y, widest, fits, lines = 0.0, 0.0, True, []
    inner = width - 2 * margin

    def put_line(line: _Box, indent: float = 0.0) -> None:
        nonlocal y, widest, fits
        y += line.ascent
        out.place(line, margin + indent, y)
        y += line.descent + LINE_GAP * px
        widest = max(widest, indent + line.width)
        fits = fits and indent + line.width <= inner + 0.5

    words = px * WORDS_SIZE
    if caption.heading:
        put_line(_text(caption.heading, words, family, WORDS))
    indent = 1.2 * px  # a wrapped equation goes on under its first line, indented
    gap = 1.5 * px  # between two short equations that share a line
    shared = _Box()  # short equations side by side, as the slides put ∂L/∂a and ∂L/∂b
    for equation in caption.equations:
        groups = equation.short if short and equation.short else equation.groups
        whole = _row([a for g in groups for a in g], px, family)
        if whole.width <= inner:
            lines.append(1)
            x = shared.width + gap if shared.width else 0.0
            if x + whole.width > inner:
                put_line(shared)
                shared, x = _Box(), 0.0
            shared.place(whole, x, 0.0)
            shared.width = x + whole.width
            shared.ascent = max(shared.ascent, whole.ascent)
            shared.descent = max(shared.descent, whole.descent)
            continue
        if shared.width:
            put_line(shared)
            shared = _Box()
        line, first = _Box(), True
        lines.append(1)
        for group in groups:
            box = _row(group, px, family)
            room = inner - (0.0 if first else indent)
            if line.width and line.width + box.width > room:
                put_line(line, 0.0 if first else indent)
                line, first = _Box(), False
                lines[-1] += 1
            line.place(box, line.width, 0.0)
            line.width += box.width
            line.ascent, line.descent = max(line.ascent, box.ascent), max(line.descent,
                                                                          box.descent)
        if line.width:
            put_line(line, 0.0 if first else indent)
    if shared.width:
        put_line(shared)
    for note in caption.notes:  # words, or words and names (the notation, at the words' size)
        put_line(_text(note, words, family, WORDS) if isinstance(note, str)
                 else _row(note, words, family))
    height = max(y - LINE_GAP * px, 0.0)
    return CaptionLayout(px, widest + 2 * margin, height, out.glyphs, out.bars, fits, family,
                         short, lines)


def fit_caption(caption: Caption, width: float, height: float, px: float, floor_px: float,
                family: str, margin: float = 0.0) -> CaptionLayout:
    """The largest layout that fits `width` × `height`: full equations, then short ones,
    then 5 % smaller steps down to `floor_px`; the last one tried if none fits."""
    size = px
    while True:
        for short in (False, True):
            laid = layout_caption(caption, width, size, family, short, margin)
            if laid.fits and laid.height <= height:
                return laid
        if size <= floor_px:
            laid.fits = False
            return laid
        size = max(floor_px, size * 0.95)

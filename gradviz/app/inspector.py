"""`Inspector`: the current step's text, the selected node's note, and its tensors.

Tensors show as small heatmap tables on the canvas's colour scale (the theme's
`heat_negative`, `heat_zero`, `heat_positive`: blue, white, red) with their shape.  A tensor
of rank 3 or more shows one table per slice of its last two axes, under a heading with the
slice's index (``[0]``, ``[1]``… for a 4×3×2 array: four 3×2 tables), all
on one colour scale.  An array whose elements are all equal is written once (``4×3×2: all
24 entries are 1.0``); a big one is summarised: shape, min, max and mean, and its first
rows.  Everything is HTML in one text browser, so the presenter scale is one font size;
numbers never wrap inside a cell: a table wider than the column scrolls sideways, the prose
still wraps.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QTextBrowser

from gradviz.app.binding import listen
from gradviz.catalog import text
from gradviz.graph import format as fmt
from gradviz.graph.caption import Notation
from gradviz.graph.model import Node
from gradviz.graph.step_text import named_derivative, named_formula
from gradviz.view.theme import LIGHT, THEMES, Theme, contrast, heat_rgb

HEATMAP_MAX = 64  # elements drawn cell by cell; a bigger array is summarised
PREVIEW_ROWS = 3  # rows of a big array shown under its summary
PREVIEW_COLS = 6  # columns of those rows

def heat_colour(v: float, vmax: float, theme: Theme = LIGHT) -> str:
    """A cell's fill on the canvas's colour scale (`gradviz.view.theme.heat_rgb`)."""
    t = 0.0 if vmax == 0 or not np.isfinite(v) else max(-1.0, min(1.0, v / vmax))
    r, g, b = (int(c) for c in np.rint(heat_rgb(t, theme)))
    return f"#{r:02x}{g:02x}{b:02x}"


CELL = "padding:2px 6px;white-space:nowrap"  # a number never breaks mid-cell
DARK_INK, LIGHT_INK = "#111111", "#ffffff"


def ink(fill: str) -> str:
    """The text colour that reads best on `fill`: dark on pale cells, white on the scale's
    strong ends."""
    return max((DARK_INK, LIGHT_INK), key=lambda c: contrast(c, fill))


def _cell(fill: str, content: str) -> str:
    return f'<td style="background:{fill};color:{ink(fill)};{CELL}">{content}</td>'


def _table(m: np.ndarray, vmax: float, digits: int, more_rows=False, more_cols=False,
           theme: Theme = LIGHT) -> str:
    """One heatmap table of a 2-D array; `more_*` adds "…" cells for a cut preview."""
    rows = []
    for row in m:
        cells = "".join(_cell(heat_colour(v, vmax, theme),
                              html.escape(fmt.format_scalar(v, digits))) for v in row)
        if more_cols:
            cells += _cell("#eeeeee", "…")
        rows.append(f"<tr>{cells}</tr>")
    if more_rows:
        n = m.shape[1] + (1 if more_cols else 0)
        rows.append("<tr>" + _cell("#eeeeee", "⋮") * n + "</tr>")
    return f'<table cellspacing="1" style="background:#999">{"".join(rows)}</table>'


def _index(idx: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in idx) + "]"


def small(text: str, px: int | None) -> str:
    """Smaller text: `px` pixels (Qt's <small> ignores the size around it, so at a large
    text size it would be unreadably small), or <small> when no size is given."""
    if px is None:
        return f"<small>{text}</small>"
    return f'<span style="font-size:{px}px">{text}</span>'


def _slice_heading(idx: tuple[int, ...], shape: tuple[int, ...], extra: str = "",
                   small_px: int | None = None) -> str:
    return (f'<p style="margin-top:6px;margin-bottom:2px"><b>{_index(idx)}</b> '
            f"{small(html.escape(fmt.format_shape(shape)) + extra, small_px)}</p>")


def _finite_stats(a: np.ndarray) -> tuple[float, float, float]:
    v = a.astype(float, copy=False)
    ok = v[np.isfinite(v)]
    if ok.size == 0:
        return (float("nan"),) * 3
    return float(ok.min()), float(ok.max()), float(ok.mean())


def array_html(a, digits: int = 3, lang: str = "en", small_px: int | None = None,
               theme: Theme = LIGHT) -> str:
    """An array as HTML: a number, a heatmap table, one table per slice of a tensor of
    rank 3 or more, ``shape: all n entries are x`` for a constant array, or a summary when
    it is big.
    `small_px`: the size of the slices' shapes and captions (the text size's smaller)."""
    a = np.asarray(a)
    if a.size == 1:
        return f"<b>{html.escape(fmt.format_scalar(a.reshape(()).item(), 4))}</b>"
    if a.size == 0 or a.dtype.kind not in "fiub":
        return f"<p>{html.escape(fmt.format_array(a))}</p>"
    shape = fmt.format_shape(a.shape)
    if np.all(a == a.flat[0]):  # a gradient of ones: say it once, not 24 times
        value = fmt.format_scalar(a.flat[0].item(), 4)
        words = text("all {n} entries are {value}", lang, n=a.size, value=value)
        return f"<p><b>{html.escape(shape)}</b>: {html.escape(words)}</p>"
    m = np.asarray(a, dtype=float)
    finite = np.abs(m[np.isfinite(m)])
    vmax = float(finite.max()) if finite.size else 0.0
    if a.size > HEATMAP_MAX:
        lo, hi, mean = _finite_stats(m)
        stats = " · ".join(  # each "min -3.77" stays on one line; the column breaks at "·"
            f'<span style="white-space:nowrap">{html.escape(word)} '
            f"{html.escape(fmt.format_scalar(x, digits))}</span>"
            for word, x in ((text("min", lang), lo), (text("max", lang), hi),
                            (text("mean", lang), mean)))
        out = [f"<p><b>{html.escape(shape)}</b><br>{stats}</p>"]
        lead = (0,) * (a.ndim - 2) if a.ndim > 2 else ()
        first = fmt.as_matrix(m[lead]) if a.ndim > 2 else fmt.as_matrix(m)
        part = first[:PREVIEW_ROWS, :PREVIEW_COLS]
        title = html.escape(text("first rows", lang))
        if lead:
            out.append(_slice_heading(lead, first.shape, f" · {title}", small_px))
        else:
            out.append(f'<p style="margin-bottom:2px">{small(title, small_px)}</p>')
        out.append(_table(part, vmax, digits, more_rows=first.shape[0] > PREVIEW_ROWS,
                          more_cols=first.shape[1] > PREVIEW_COLS, theme=theme))
        return "".join(out)
    if a.ndim <= 2:
        return _table(fmt.as_matrix(m), vmax, digits, theme=theme)
    out = []
    for idx in np.ndindex(*a.shape[:-2]):
        out.append(_slice_heading(idx, a.shape[-2:], small_px=small_px))
        out.append(_table(m[idx], vmax, digits, theme=theme))
    return "".join(out)


def op_heading(node: Node) -> str:
    """``@   matmul``, ``σ   sigmoid``; a symbol that is a word already (``softmax``, ``ln``,
    ``BCE``) alone, so the heading never says it twice ("softmax softmax", "ln log")."""
    if not node.op or node.op == node.symbol or node.symbol.replace("_", "").isalpha():
        return node.symbol
    return f"{node.symbol}   {node.op}"


class Inspector(QTextBrowser):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.scale = 1.0
        self.theme = LIGHT  # the graph's theme: its heatmaps' colour scale
        self.lang = "en"  # the words not written with self.tr (a lecture's, when followed)
        self._content: tuple | None = None  # step text, node, gradient, note, value known
        self._shown: tuple | None = None  # what a followed lecture showed when last drawn
        self._follow = None  # redraws from the followed lecture, if it changed

    def show_content(self, step_text: str, node: Node | None, grad, note: str,
                     value_known: bool = True, tensors=(), names=("", ()),
                     notation: Notation | None = None) -> None:
        """`names`: for an op node, its result's name and its arguments' names; `notation`:
        the graph's names in the course's notation (W^[1] as W<sup>[1]</sup>)."""
        self._content = (step_text, node, grad, note, value_known, list(tensors))
        self._names = names
        self._notation = notation
        self._render()

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        self._render()

    def follow(self, lecture) -> None:
        """Show what `lecture` explains (`Lecture.inspection`) and follow its step, selection,
        language, theme and text size from now on, drawing once for each change (a step
        that also clears the selection fires two events: the second finds it drawn)."""
        def show(_=None) -> None:
            self.lang, self.theme = lecture.language, THEMES[lecture.theme]
            shown = (lecture.prepared, lecture.step, lecture.selected, self.lang,
                     self.theme, self.scale)
            if shown == self._shown:
                return
            self._shown = shown
            inspection = lecture.inspection()
            if inspection is not None:
                self.show_content(*inspection)

        def rescale(scale: float) -> None:
            self.scale = scale
            show()

        for event in (lecture.events.prepared, lecture.events.step, lecture.events.selected,
                      lecture.events.language, lecture.events.veiled,
                      lecture.events.theme):
            listen(self, event, show)
        listen(self, lecture.events.text_scale, rescale)
        self.scale = lecture.text_scale
        self._follow = show
        show()

    def _render(self) -> None:
        if self._content is None:
            self.setHtml(f"<p>{html.escape(self.tr('Click a node to inspect it.'))}</p>")
            return
        step_text, node, grad, note, value_known, tensors = self._content
        size = int(17 * self.scale)
        self._heading_px = int(size * 1.25)  # <h3> would ignore the div's size
        self._small_px = max(11, int(size * 0.8))
        parts = [f'<div style="font-size:{size}px">']
        if step_text:
            parts.append(self._heading(self.tr("Step")) +
                         f'<pre style="font-size:{size}px;white-space:pre-wrap">'
                         f"{self._names_html(step_text)}</pre>")
        for label, array in tensors:
            if np.asarray(array).size > 1:
                shape = fmt.format_shape(np.shape(array))
                table = array_html(array, lang=self.lang, small_px=self._small_px,
                                   theme=self.theme)
                size = small(f"({shape})", self._small_px)
                parts.append(f"<p>{self._names_html(label)} {size}</p>{table}")
        # An op's formula and local derivatives are in the step's text already: once is enough.
        if node is not None and not (step_text and node.is_op):
            parts.append(self._node_html(node, grad, value_known))
        if note:
            text = html.escape(note).replace("\n", "<br>")
            parts.append(self._heading(self.tr("Note")) + f"<p>{text}</p>")
        if not step_text and node is None:
            parts.append(f"<p>{html.escape(self.tr('Click a node to inspect it.'))}</p>")
        parts.append("</div>")
        self.setHtml("".join(parts))

    def _node_html(self, node: Node, grad, value_known: bool) -> str:
        if node.is_op:
            result, args = getattr(self, "_names", ("", ()))
            args = list(args)
            # The window's translator reads the catalog: tr() gives the row's text in Spanish.
            derivatives = [self.tr(d) for d in node.derivatives]
            local = "<br>".join(self._names_html(named_derivative(d, result, args) if result
                                                 else d) for d in derivatives)
            formula = named_formula(self.tr(node.formula), args)
            if result:
                formula = f"{result} = {formula}"
            return (self._heading(op_heading(node)) +
                    f"<p>{html.escape(self.tr('Formula'))}: {self._names_html(formula)}</p>"
                    f"<p>{html.escape(self.tr('Local derivative'))}:<br>{local}</p>")
        shape = fmt.format_shape(node.shape) or "1"
        out = [self._heading(f"{node.name}   ({self.tr('shape')} {shape}, {node.dtype})",
                             names=True)]
        lang, px = self.lang, getattr(self, "_small_px", None)
        value = (array_html(node.value, lang=lang, small_px=px, theme=self.theme) if value_known
                 else html.escape(self.tr("not computed yet")))
        out.append(f"<p>{html.escape(self.tr('Value'))}:</p>{value}")
        if grad is not None:
            out.append(f"<p>{html.escape(self.tr('Gradient'))}:</p>"
                       f"{array_html(grad, lang=lang, small_px=px, theme=self.theme)}")
        return "".join(out)

    def _names_html(self, text: str) -> str:
        """`text` as HTML, the graph's names in it in the course's notation."""
        notation = getattr(self, "_notation", None)
        if notation is None:
            return html.escape(text)
        return notation.text_html(text, set(notation.names))

    def _heading(self, text: str, names: bool = False) -> str:
        px = getattr(self, "_heading_px", 21)
        body = self._names_html(text) if names else html.escape(text)
        return f'<p style="font-size:{px}px;font-weight:bold">{body}</p>'

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            if getattr(self, "_follow", None) is None:
                self._render()
            else:  # drawn once: here or on the lecture's own language event, not both
                self._follow()
        super().changeEvent(event)

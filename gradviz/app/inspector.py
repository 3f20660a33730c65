"""`Inspector`: the current step's text, the selected node's note, and its tensors.

Tensors show as small heatmap tables (blue negative, white zero, red positive) with their
shape; big ones as shape and range.  Everything is HTML in one text browser, so the
presenter scale is one font size.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QTextBrowser

from gradviz.graph import format as fmt
from gradviz.graph.model import Node
from gradviz.graph.step_text import named_derivative, named_formula

HEATMAP_MAX = 64  # elements drawn cell by cell


def heat_colour(v: float, vmax: float) -> str:
    t = 0.0 if vmax == 0 else max(-1.0, min(1.0, v / vmax))
    if t >= 0:
        r, g, b = 255, int(255 - 140 * t), int(255 - 155 * t)
    else:
        r, g, b = int(255 + 155 * t), int(255 + 95 * t), 255
    return f"#{r:02x}{g:02x}{b:02x}"


def array_html(a, digits: int = 3) -> str:
    a = np.asarray(a)
    if a.size == 1:
        return f"<b>{html.escape(fmt.format_scalar(a.reshape(()).item(), 4))}</b>"
    if a.size > HEATMAP_MAX or a.dtype.kind not in "fiub":
        return html.escape(fmt.format_array(a))
    m = fmt.as_matrix(a).astype(float)
    vmax = float(np.abs(m).max()) if m.size else 0.0
    rows = []
    for row in m:
        cells = "".join(
            f'<td style="background:{heat_colour(v, vmax)};color:#111;padding:2px 6px">'
            f"{html.escape(fmt.format_scalar(v, digits))}</td>" for v in row)
        rows.append(f"<tr>{cells}</tr>")
    return f'<table cellspacing="1" style="background:#999">{"".join(rows)}</table>'


class Inspector(QTextBrowser):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.lang = "es"
        self.scale = 1.0
        self._content: tuple | None = None  # step text, node, gradient, note, value known

    def show_content(self, step_text: str, node: Node | None, grad, note: str,
                     value_known: bool = True, tensors=(), names=("", ())) -> None:
        """`names`: for an op node, its result's name and its arguments' names."""
        self._content = (step_text, node, grad, note, value_known, list(tensors))
        self._names = names
        self._render()

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        self._render()

    def _render(self) -> None:
        if self._content is None:
            self.setHtml(f"<p>{html.escape(self.tr('Click a node to inspect it.'))}</p>")
            return
        step_text, node, grad, note, value_known, tensors = self._content
        size = int(17 * self.scale)
        self._heading_px = int(size * 1.25)  # <h3> would ignore the div's size
        parts = [f'<div style="font-size:{size}px">']
        if step_text:
            parts.append(self._heading(self.tr("Step")) +
                         f'<pre style="font-size:{size}px;white-space:pre-wrap">'
                         f"{html.escape(step_text)}</pre>")
        for label, array in tensors:
            if np.asarray(array).size > 1:
                shape = fmt.format_shape(np.shape(array))
                parts.append(f"<p>{html.escape(label)} <small>({shape})</small></p>"
                             f"{array_html(array)}")
        if node is not None:
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
            local = "<br>".join(html.escape(named_derivative(d, result, args) if result else d)
                                for d in node.derivatives)
            formula = named_formula(node.formula, args)
            if result:
                formula = f"{result} = {formula}"
            return (self._heading(f"{node.symbol}   {node.op or ''}") +
                    f"<p>{html.escape(self.tr('Formula'))}: {html.escape(formula)}</p>"
                    f"<p>{html.escape(self.tr('Local derivative'))}:<br>{local}</p>")
        shape = fmt.format_shape(node.shape) or "1"
        out = [self._heading(f"{node.name}   ({self.tr('shape')} {shape}, {node.dtype})")]
        value = array_html(node.value) if value_known else html.escape(self.tr("not computed yet"))
        out.append(f"<p>{html.escape(self.tr('Value'))}:</p>{value}")
        if grad is not None:
            out.append(f"<p>{html.escape(self.tr('Gradient'))}:</p>{array_html(grad)}")
        return "".join(out)

    def _heading(self, text: str) -> str:
        px = getattr(self, "_heading_px", 21)
        return f'<p style="font-size:{px}px;font-weight:bold">{html.escape(text)}</p>'

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

"""The side panels of the surface page: one optimizer's state at step k, and the curves.

`StatePanel.show_state(run, k)` writes, for the selected optimizer at step k, the position
θₖ, the loss, the gradient there, and the update θₖ → θₖ₊₁ that follows: its learning rate,
the optimizer's state after it (momentum buffer; Adam's m, v, m̂, v̂; RMSprop's E[g²]…) and
the step Δθ it took.  For a network's landscape (a `NetworkRun`) θ has many dimensions: the
panel gives its coordinates on the PCA plane, the training loss next to the loss the
contours show at that point, how far θ lies off the plane, and norms instead of vectors.
At a run's last step the panel says how it ended early: ✕ diverged (its loss blew up), or
→ left the range still descending (escaped: a surface unbounded below, not a failure).
`CurvesPanel` plots every run's loss against the step (log y when all
losses are positive) and, when a schedule is set, the learning rate; a line marks step k.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from gradviz.catalog import marked
from gradviz.surfaces.functions import Range
from gradviz.view.surface_geometry import grown, inside
from gradviz.view.surface_style import SurfaceStyle

# State keys (PyTorch's, plus m̂ and v̂) -> (symbol, English name for self.tr).
STATE_ROWS = (
    ("momentum_buffer", "b", marked("momentum buffer")),
    ("exp_avg", "m", marked("first moment")),
    ("exp_avg_sq", "v", marked("second moment")),
    ("exp_avg_hat", "m̂", marked("bias-corrected m")),
    ("exp_avg_sq_hat", "v̂", marked("bias-corrected v")),
    ("max_exp_avg_sq", "max v", marked("largest v so far")),
    ("sum", "Σg²", marked("sum of squared gradients")),
    ("square_avg", "E[g²]", marked("running mean of g²")),
    ("acc_delta", "E[Δθ²]", marked("running mean of Δθ²")),
    ("grad_avg", "E[g]", marked("running mean of g")),
    ("exp_inf", "u", marked("largest |g|, decaying")),
    ("prev", "g₋₁", marked("previous gradient")),
    ("step_size", "η", marked("step size of each coordinate")),
    ("ax", "θ̄", marked("average of the positions")),
)


def number(v: float) -> str:
    v = float(v)
    if not math.isfinite(v):
        return str(v)
    return f"{v:.4g}" if v != 0 else "0"


def pair(values) -> str:
    return f"({number(values[0])}, {number(values[1])})"


class StatePanel(QTextBrowser):
    """HTML, so the presenter scale is one font size (like the graph view's inspector)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.px = 18
        self._shown: tuple | None = None

    def set_font_px(self, px: int) -> None:
        self.px = px
        self._render()

    def show_state(self, run, k: int, colour: str = "#000000") -> None:
        self._shown = (run, k, colour)
        self._render()

    def _render(self) -> None:
        if self._shown is None:
            return
        run, k, colour = self._shown
        end = len(run.positions) - 1
        i = min(k, end)
        tr = self.tr
        rows = [(tr("Step"), f"{i}" + (f" ({tr('stopped')})" if k > end else ""))]
        rows += self._network_rows(run, i, end) if hasattr(run, "off_plane") else \
            self._surface_rows(run, i, end)
        # A row without a value (a heading, how the run ended) spans both columns, so a long
        # phrase does not push the numbers to the right.
        cells = "".join(f"<tr><td style='padding:2px 14px 2px 0'>{a}</td><td>{b}</td></tr>"
                        if b else f"<tr><td colspan='2' style='padding:2px 0'>{a}</td></tr>"
                        for a, b in rows)
        name = html.escape(run.label)
        # The colour on the dot only: a yellow or orange name would not read on white.
        self.setHtml(f"<div style='font-size:{self.px}px'><b><span style='color:{colour}'>●"
                     f"</span> {name}</b><table>{cells}</table></div>")

    def _surface_rows(self, run, i: int, end: int) -> list[tuple[str, str]]:
        tr = self.tr
        rows = [("θ", pair(run.positions[i])), (tr("Loss"), number(run.losses[i]))]
        grads = getattr(run, "grads", None)
        if grads is not None:
            rows.append(("∇f(θ)", pair(grads[i])))
        if i < end:
            rows.append((f"<i>{tr('Update')} {i} → {i + 1}</i>", ""))
            if hasattr(run, "batch_grads"):  # a regression run: the noisy gradient it used
                rows.append((tr("Batch gradient"), pair(run.batch_grads[i])))
                rows.append((tr("Full-batch gradient"), pair(run.full_grads[i])))
                rows.append((tr("Epoch"), str(int(run.epochs[i]) + 1)))
            rows.append(("lr", number(run.lrs[i])))
            state = getattr(run, "state", {})
            for key, symbol, name in STATE_ROWS:
                if key in state:
                    rows.append((f"{symbol} <small>({tr(name)})</small>", pair(state[key][i])))
            rows.append((f"Δθ <small>({tr('step taken')})</small>",
                         pair(run.positions[i + 1] - run.positions[i])))
        elif getattr(run, "diverged", False):
            rows.append((f"<b>✕ {tr('Diverged')}</b>", ""))
        elif getattr(run, "escaped", False):
            rows.append((f"<b>→ {tr('Left the range, still descending')}</b>", ""))
        return rows

    def _network_rows(self, run, i: int, end: int) -> list[tuple[str, str]]:
        tr = self.tr
        rows = [("(PC1, PC2)", pair(run.positions[i])),
                (f"{tr('Loss')} <small>({tr('training')})</small>", number(run.losses[i])),
                (f"{tr('Loss')} <small>({tr('on the plane')})</small>",
                 number(run.plane_losses[i])),
                (tr("Distance to the plane"), number(run.off_plane[i])),
                ("‖∇L(θ)‖", number(run.grad_norms[i]))]
        if i < end:
            rows.append((f"<i>{tr('Update')} {i} → {i + 1}</i>", ""))
            rows.append(("lr", number(run.lrs[i])))
            rows.append((f"‖Δθ‖ <small>({tr('step taken')})</small>",
                         number(run.step_norms[i])))
            rows.append((f"Δ(PC1, PC2) <small>({tr('on the plane')})</small>",
                         pair(run.positions[i + 1] - run.positions[i])))
        elif run.diverged:
            rows.append((f"<b>✕ {tr('Diverged')}</b>", ""))
        return rows

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)


def loss_limits(runs, bounds: Range) -> tuple[float, float]:
    """The losses worth a y axis: those while a run is still near the plot, so a diverged
    run falling to −10⁷ does not flatten every other curve."""
    near = grown(bounds, 0.5)
    values = [loss for run in runs for point, loss in zip(run.positions, run.losses, strict=False)
              if inside(point, near) and math.isfinite(loss)]
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    return (low, high) if high > low else (low - 1.0, high + 1.0)


class CurvesPanel(QWidget):
    """Loss against step for every run, and the learning rate when a schedule is set."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.loss = pg.PlotWidget(self)
        self.lr = pg.PlotWidget(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.loss, 3)
        column.addWidget(self.lr, 2)
        self.cursors = []
        for plot in (self.loss, self.lr):
            plot.setMenuEnabled(False)
            plot.hideButtons()
            cursor = pg.InfiniteLine(angle=90, movable=False)
            plot.addItem(cursor)
            self.cursors.append(cursor)
        self.log_y = False

    def set_runs(self, runs, style: SurfaceStyle, show_lr: bool, bounds: Range) -> None:
        s = style
        font = QFont(s.font_family)
        font.setPixelSize(round(s.px(15)))
        for plot in (self.loss, self.lr):
            plot.setBackground(s.background)
            for item in list(plot.listDataItems()):
                plot.removeItem(item)
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setPen(pg.mkPen(s.text))
                axis.setTextPen(pg.mkPen(s.text))
                axis.setStyle(tickFont=font)
        for cursor in self.cursors:
            cursor.setPen(pg.mkPen(s.text, width=s.px(1.5), style=pg.QtCore.Qt.PenStyle.DashLine))
        finite = [loss[np.isfinite(loss)] for loss in (r.losses for r in runs)]
        self.log_y = all(f.size and f.min() > 0 for f in finite)
        self.loss.setLogMode(y=self.log_y)
        for i, run in enumerate(runs):
            pen = pg.mkPen(s.path_colour(i), width=s.px(2.5))
            losses = np.where(np.isfinite(run.losses), run.losses, np.nan)
            self.loss.plot(np.arange(len(losses)), losses, pen=pen, connect="finite")
            if show_lr and len(run.lrs):
                self.lr.plot(np.arange(len(run.lrs)), np.asarray(run.lrs), pen=pen)
        self.lr.setVisible(show_lr)
        self.loss.enableAutoRange()
        self.lr.enableAutoRange()
        low, high = loss_limits(runs, bounds)
        if self.log_y:
            low, high = np.log10(max(low, 1e-300)), np.log10(max(high, 1e-300))
        pad = 0.05 * (high - low)
        self.loss.setYRange(low - pad, high + pad, padding=0.0)

    def set_titles(self, loss: str, lr: str, step: str, style: SurfaceStyle) -> None:
        size = f"{style.px(18):.0f}px"
        self.loss.setTitle(loss, color=style.text, size=size)
        self.lr.setTitle(lr, color=style.text, size=size)
        for plot in (self.loss, self.lr):
            plot.setLabel("bottom", step, color=style.text, **{"font-size": size})

    def set_step(self, k: int) -> None:
        for cursor in self.cursors:
            cursor.setValue(k)

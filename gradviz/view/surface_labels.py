"""`SurfaceLabels`: the text around a `SurfacePlot`: title and subtitle, legend, axis names.

A mixin of `SurfacePlot` (see `gradviz.view.surface_plot`).  The legend says which runs
diverged or left the range; the subtitle shows the formula (or, on a PCA plane, the
explained variance) and the step.
"""

from __future__ import annotations

import numpy as np

from gradviz.view.surface_style import words


class SurfaceLabels:
    """The title, legend and axis labels of a `SurfacePlot`, in its language."""

    def axis_label_texts(self) -> tuple[str, str]:
        """The axes' names, with the explained variance on a PCA plane: "PC1 (83.0 %)"."""
        if self.variance is None:
            return self.axis_names
        first, second = (f"{name} ({100 * v:.1f} %)"
                         for name, v in zip(self.axis_names, self.variance, strict=True))
        return first, second

    def _update_legend(self) -> None:
        s, w = self.style_, words(self.lang)
        rows = []
        for i, run in enumerate(self.runs):
            sample = "╍╍●" if s.dashed(i) else "━━●"
            label = _escape(run.label)
            if run.diverged:
                label += f" {w['diverged']} ✕"
            elif self.leaves_range(run):
                label += f" {w['leaves']}"
            rows.append(f"<span style='color:{s.path_colour(i)}'>{sample}</span>&nbsp;{label}")
        surface = self.surface
        marks = ((surface.minima, "★", w["minimum"]), (surface.local_minima, "☆", w["local"]),
                 (surface.saddles, "◇", w["saddle"]), ((self.start,), "○", w["start"]))
        extra = [f"{glyph}&nbsp;{text}" for points, glyph, text in marks if points]
        html = "<br>".join(rows) + ("<br><br>" + "<br>".join(extra) if extra else "")
        self.legend.setText(html, size=f"{s.px(s.legend_px):.0f}px", color=s.text,
                            family=s.font_family)

    def leaves_range(self, run) -> bool:
        """Whether a run goes outside the plotted range at some step (not divergence)."""
        (x0, x1), (y0, y1) = self.surface.range
        xs, ys = run.positions[:, 0], run.positions[:, 1]
        return bool(np.any((xs < x0) | (xs > x1) | (ys < y0) | (ys > y1)))

    def _update_title(self) -> None:
        s = self.style_
        if self.surface is None:
            return
        title = self.title or self.surface.title(self.lang)
        total = max((len(r.positions) - 1 for r in self.runs), default=0)
        step = total if self.step is None else min(self.step, total)
        w = words(self.lang)
        what = _escape(self.surface.formula)
        if self.variance is not None:
            pc1, pc2 = (100 * v for v in self.variance)
            what = f"{w['explained']}: {self.axis_names[0]} {pc1:.1f} % + " \
                   f"{self.axis_names[1]} {pc2:.1f} % = {pc1 + pc2:.1f} %"
        sub = f"{what} &nbsp;·&nbsp; {w['step']} {step} / {total}"
        self.title_label.setText(
            f"<b>{_escape(title)}</b><br><span style='font-size:{s.px(s.subtitle_px):.0f}px'>"
            f"{sub}</span>", size=f"{s.px(s.title_px):.0f}px", color=s.text,
            family=s.font_family)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

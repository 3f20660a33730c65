"""`SurfaceLabels`: the text around a `SurfacePlot`: title and subtitle, legend, axis names.

A mixin of `SurfacePlot` (see `gradviz.view.surface_plot`).  The legend says which runs
have diverged or are outside the range at the present step (from the iteration at which
that happened, not before: the legend does not give the ending away), and keeps the width
of its longest label all along, so the plot never moves; the subtitle shows the formula
(or, on a PCA plane, the explained variance) and the step.
"""

from __future__ import annotations

from gradviz import catalog
from gradviz.catalog import marked
from gradviz.surfaces.outcome import DIVERGED, LEAVES, OK, Outcome, outcome, scene_end, status_text

MIN_TITLE_SHRINK = 0.4  # a title shrinks to fit down to this much of its size, then is cut
MAX_TITLE_CHARS = 300  # more could never fit: cut before it is laid out


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
        """Reserve the legend's width for the longest label each run will ever have (its
        name and "(leaves the range)" or "(diverged) ✕"), then show the present step's."""
        s = self.style_
        self._legend_shown = None
        self.legend.reserve_for(self._legend_html(None), size=f"{s.px(s.legend_px):.0f}px",
                                color=s.text, family=s.font_family)
        self._show_legend(self.outcomes())

    def outcomes(self) -> list[Outcome]:
        """How each run stands at the present step (see `gradviz.surfaces.outcome`)."""
        bounds = self.surface.range
        return [outcome(run, bounds, self.step, since)
                for run, since in zip(self.runs, self._outside_since, strict=True)]

    def _show_legend(self, outcomes: list[Outcome]) -> None:
        """The legend at the present step: a run's name, and "(leaves the range)" or
        "(diverged) ✕" only from the iteration at which that happened."""
        html = self._legend_html(outcomes)
        if html == getattr(self, "_legend_shown", None):
            return
        s = self.style_
        self.legend.setText(html, size=f"{s.px(s.legend_px):.0f}px", color=s.text,
                            family=s.font_family)
        self._legend_shown = html

    def _legend_html(self, outcomes: list[Outcome] | None) -> str:
        """The legend's HTML for these outcomes; None: every label each run will ever have
        (the widest legend of the scene, to reserve its width)."""
        s, lang = self.style_, self.lang
        # The words of `gradviz optimize`'s table: "(leaves the range)", "(diverged) ✕".
        suffix = {OK: "", LEAVES: f" ({status_text(LEAVES, lang)})",
                  DIVERGED: f" ({status_text(DIVERGED, lang)}) ✕"}
        rows = []
        for i, (run, since) in enumerate(zip(self.runs, self._outside_since, strict=True)):
            sample = "╍╍●" if s.dashed(i) else "━━●"
            if outcomes is None:
                statuses = [OK]
                if (since.size and since.max() >= 0) or getattr(run, "escaped_at", None):
                    statuses.append(LEAVES)
                if getattr(run, "diverged_at", None) is not None:
                    statuses.append(DIVERGED)
            else:
                statuses = [outcomes[i].status]
            rows += [f"<span style='color:{s.path_colour(i)}'>{sample}</span>&nbsp;"
                     f"{_escape(run.label)}{suffix[status]}" for status in statuses]
        surface = self.surface
        marks = ((surface.minima, "★", marked("minimum")),
                 (surface.local_minima, "☆", marked("local minimum")),
                 (surface.saddles, "◇", marked("saddle point")),
                 ((self.start,), "○", marked("start")))
        extra = [f"{glyph}&nbsp;{catalog.text(name, lang)}" for points, glyph, name in marks
                 if points]
        return "<br>".join(rows) + ("<br><br>" + "<br>".join(extra) if extra else "")

    def _update_title(self) -> None:
        s = self.style_
        if self.surface is None:
            return
        title = self.title or self.surface.title(self.lang)
        total = scene_end(self.runs)
        step = total if self.step is None else min(self.step, total)
        what = _escape(self.surface.formula)
        if self.variance is not None:
            pc1, pc2 = (100 * v for v in self.variance)
            shares = f"{self.axis_names[0]} {pc1:.1f} % + {self.axis_names[1]} {pc2:.1f} % = " \
                     f"{pc1 + pc2:.1f} %"
            what = catalog.text("explained variance: {shares}", self.lang, shares=shares)
        where = catalog.text("step {k} / {n}", self.lang, k=step, n=total)
        sub = f"{what} &nbsp;·&nbsp; {where}"
        # Too wide for the picture (a long title at a big text size): smaller, not cut;
        # past MIN_TITLE_SHRINK (a paragraph pasted as a title) cut with "…" instead.
        room = self.range.width() - s.px(12) - s.px(36)  # `_fit`'s margins
        if len(title) > MAX_TITLE_CHARS:
            title = title[:MAX_TITLE_CHARS - 1] + "…"
        shrink = 1.0
        for _ in range(3):
            width = self._set_title(title, sub, shrink)
            if room <= 0 or width <= room:
                return
            shrink = max(MIN_TITLE_SHRINK, shrink * 0.98 * room / width)
        if len(title) > 1:
            keep = max(1, int(len(title) * 0.95 * room / width))
            self._set_title(title[:keep].rstrip() + "…", sub, shrink)

    def _set_title(self, title: str, sub: str, shrink: float) -> float:
        """Show the title over the subtitle at `shrink` times their size; their width."""
        s = self.style_
        title_px = max(1.0, s.px(s.title_px) * shrink)
        sub_px = max(1.0, s.px(s.subtitle_px) * shrink)
        self.title_label.setText(
            f"<b>{_escape(title)}</b><br><span style='font-size:{sub_px:.0f}px'>"
            f"{sub}</span>", size=f"{title_px:.0f}px", color=s.text, family=s.font_family)
        return self.title_label.itemRect().width()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

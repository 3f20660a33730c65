"""`SurfaceFit`: a `SurfacePlot`'s axes show the lesson's range, with equal units when they can.

A mixin of `SurfacePlot` (see `gradviz.view.surface_plot`): it sets the view's range (plus
`border_pad` pixels) and grows the layout's margins until the plot area has the range's
shape, fitting again whenever the plot area changes size.
"""

from __future__ import annotations

from PySide6.QtGui import QImage, QPainter


class SurfaceFit:
    """Fitting the view and the layout to the range."""

    # ── layout: the lesson's range, equal units ─────────────────────────────────────────
    def equal_units(self) -> bool:
        """Equal units on both axes when the range allows it: only then does the gradient
        look perpendicular to the contour lines, as it is."""
        (x0, x1), (y0, y1) = self.surface.range
        return 1 / 3 <= (x1 - x0) / (y1 - y0) <= 3

    def border_pad(self) -> float:
        """Pixels shown past the range on each side: half the largest mark, so marks on
        the border are whole."""
        s = self.style_
        return s.px(max(s.cross_px, s.star_px) / 2 + 2)

    def _plot_resized(self, *_) -> None:
        """The plot area changed size after the fit (pyqtgraph measures tick labels while
        painting, and the window lays out later): fit again, once things settle."""
        if not self._fitting and getattr(self, "surface", None) is not None:
            self._refit_timer.start()

    def _refit(self) -> None:
        size = (self.plot.vb.width(), self.plot.vb.height())
        if abs(size[0] - self.fitted_size[0]) > 0.5 or abs(size[1] - self.fitted_size[1]) > 0.5:
            self._fit_view()

    def _fit_view(self) -> None:
        """Show exactly the range (plus `border_pad` pixels) and, with `equal_units`, give
        the plot area the range's shape: the room left over becomes margins around the
        title, plot and legend, which stay together in the middle of the picture."""
        if getattr(self, "surface", None) is None:  # also: pyqtgraph's resize in __init__
            return
        self._fitting = True
        try:
            self._fit()
        finally:
            self._fitting = False
        if self.runs and len(self.dots) == len(self.runs):  # arrowheads point in pixels
            self.set_step(self.step)

    def _fit(self) -> None:
        s, layout = self.style_, self.ci.layout
        self._update_title()  # its height is part of the layout
        margin, right = s.px(12), s.px(36)  # the legend keeps clear of the right edge
        layout.setHorizontalSpacing(s.px(18))
        (x0, x1), (y0, y1) = self.surface.range
        rx, ry = x1 - x0, y1 - y0
        pad = self.border_pad()
        extra_x = extra_y = legend_extra = 0.0
        self.legend.set_extra(0.0)
        # The block (title above plot and legend) is at least as wide as the title, when
        # the picture is: past that, room to spare goes to the legend's column.
        title = min(self.title_label.itemRect().width(), self.range.width() - margin - right)
        most_x = max(0.0, (self.range.width() - margin - right - title) / 2)

        def apply(ex: float, ey: float) -> bool:
            """Margins grown by ex, ey; False (and back to base) if the picture overflows."""
            self.ci.setContentsMargins(margin + ex, margin + ey, right + ex, margin + ey)
            self.ci.setGeometry(self.range)  # the view's rect: it may have been too small
            layout.activate()
            box = self.ci.geometry()
            if box.width() > self.range.width() + 0.5 or box.height() > self.range.height() + 0.5:
                if ex or ey:
                    apply(0.0, 0.0)
                return False
            return True

        for _ in range(4):  # tick labels change with the plot's size: settle
            if not apply(extra_x, extra_y):
                break
            before = (self.plot.vb.width(), self.plot.vb.height())
            self._set_view_range(pad)
            self._measure_axes()
            layout.activate()
            w, h = self.plot.vb.width(), self.plot.vb.height()
            if self.fill or not self.equal_units():
                if (w, h) == before:
                    break
                continue
            if w <= 4 * pad or h <= 4 * pad:
                break
            unit = min((w - 2 * pad) / rx, (h - 2 * pad) / ry)  # pixels per unit
            spare_x, spare_y = (w - 2 * pad - rx * unit) / 2, (h - 2 * pad - ry * unit) / 2
            if spare_x < 0.5 and spare_y < 0.5:
                break
            extra_x, extra_y = extra_x + spare_x, extra_y + spare_y
            if extra_x > most_x:
                legend_extra += 2 * (extra_x - most_x)
                extra_x = most_x
                self.legend.set_extra(legend_extra)
        self._set_view_range(pad)
        self.fitted_size = (self.plot.vb.width(), self.plot.vb.height())
        self._ensure_field()  # the contours, once the view's range is known

    def _set_view_range(self, pad: float) -> None:
        """The range, and ``pad`` pixels more on each side at the plot's present size; with
        ``fill`` and equal units, as much more around it as the plot's shape leaves."""
        (x0, x1), (y0, y1) = self.surface.range
        rx, ry = x1 - x0, y1 - y0
        w, h = self.plot.vb.width(), self.plot.vb.height()
        if w <= 4 * pad or h <= 4 * pad:
            self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)
            return
        if self.fill and self.equal_units():
            unit = min((w - 2 * pad) / rx, (h - 2 * pad) / ry)  # pixels per unit
            cx, cy, hx, hy = (x0 + x1) / 2, (y0 + y1) / 2, w / unit / 2, h / unit / 2
            self.plot.setRange(xRange=(cx - hx, cx + hx), yRange=(cy - hy, cy + hy),
                               padding=0.0)
            return
        px, py = pad * rx / (w - 2 * pad), pad * ry / (h - 2 * pad)
        self.plot.setRange(xRange=(x0 - px, x1 + px), yRange=(y0 - py, y1 + py), padding=0.0)

    def _measure_axes(self) -> None:
        """Let the axes measure their tick labels now (pyqtgraph does it while painting,
        one frame late: an export has only one frame)."""
        image = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        try:
            for name in ("left", "bottom"):
                axis = self.plot.getAxis(name)
                axis.picture = None
                axis.paint(painter, None, None)
        finally:
            painter.end()

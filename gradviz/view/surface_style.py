"""Colours and sizes of the loss-surface plot, for the light and the dark theme.

`surface_style("dark", scale=2)` gives a `SurfaceStyle`: the theme's background and text,
a pale single-hue ramp under the contours (so coloured paths stand out on it), and the
Okabe–Ito colourblind-safe colours for the optimizers, ordered so that the first ones are
the most legible on that background.  Every size is in pixels at scale 1 and is multiplied
by ``scale`` (the export's resolution, or the lecturer's presenter scale).
"""

from __future__ import annotations

from dataclasses import dataclass

from gradviz.view.theme import THEMES

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour
# vision deficiency.  Black and yellow swap ends between the themes: black vanishes on the
# dark slide, yellow on the white one.
PATH_COLOURS = {
    "light": ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000",
              "#b8a800"),
    "dark": ("#56b4e9", "#e69f00", "#2fd39a", "#e78ac3", "#f0e442", "#ff7a3d", "#ffffff",
             "#4f9fe0"),
}
# Low loss -> high loss: a pale ramp behind the contour lines ("contours"), or cividis,
# the colourblind-safe map, for a full heatmap ("heatmap").
RAMPS = {
    "light": ("#c9d9ea", "#f4f7fb", "#ffffff"),
    "dark": ("#0c1524", "#1c2330", "#262a33"),
}
CONTOUR_LINES = {"light": "#8893a1", "dark": "#5d6878"}

@dataclass(frozen=True)
class SurfaceStyle:
    name: str
    background: str
    text: str
    ramp: tuple[str, ...]
    contour: str
    paths: tuple[str, ...]
    scale: float = 1.0
    font_family: str = "DejaVu Sans"
    title_px: float = 30.0
    subtitle_px: float = 20.0
    tick_px: float = 18.0
    axis_px: float = 24.0
    legend_px: float = 22.0
    path_width: float = 3.0
    contour_width: float = 1.2
    dot_px: float = 22.0  # the current position of each optimizer
    cross_px: float = 30.0  # the ✕ where a diverged run stopped
    exit_px: float = 26.0  # the arrowhead where a run left the plotted range
    star_px: float = 30.0
    start_px: float = 20.0

    def px(self, size: float) -> float:
        return size * self.scale

    def path_colour(self, i: int) -> str:
        return self.paths[i % len(self.paths)]

    def dashed(self, i: int) -> bool:
        """Past eight optimizers the colours repeat, dashed the second time round."""
        return (i // len(self.paths)) % 2 == 1


def surface_style(theme: str = "light", scale: float = 1.0) -> SurfaceStyle:
    """The style for a theme name ("light" or "dark") at a size multiplier ``scale``."""
    name = theme if theme in THEMES else "light"
    base = THEMES[name]
    return SurfaceStyle(name=name, background=base.background, text=base.text,
                        ramp=RAMPS[name], contour=CONTOUR_LINES[name],
                        paths=PATH_COLOURS[name], scale=float(scale),
                        font_family=base.font_family)


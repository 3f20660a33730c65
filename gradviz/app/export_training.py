"""A training lesson's exports: the training page at one iteration, or every k-th, as PNG,
SVG, PDF, GIF, MP4 or a folder of frames.

The run is trained offscreen up to the iteration asked for (a fresh `TrainingRun` from the
lesson, deterministic from its seeds, so the numbers are ``gradviz train --json``'s), then
the page's own panels — what the network decides (the decision boundary, or the example
digits and the first layer's weights), the loss and accuracy curves, every layer's weights,
gradients and update, and the back row's numbers — are laid out on a 16:9 slide (``--size``
1080p or 4K) under a title line and drawn offscreen, as the optimizer scenes' slides are
(`gradviz.app.export_scenes`).  At iteration k the curves run from 0 to k (what the page
showed when training reached k), the weights are those before iteration k with its gradient
and update, and what the network decides is computed with those weights.

The window's File menu draws its training page's own run instead (`source=`: the page's
`TrainingSource`, live edits included), at iterations it has recorded: nothing is trained
again.  A training page is always a slide: ``--frame graph`` (a graph lesson's drawing
alone) does not apply, nor ``--scale``.  The panels and numbers speak the lesson's language (or
``--lang``): Qt's translator is installed for the export and the one before it put back.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from gradviz.app.surface_page import plot_scale
from gradviz.app.training_numbers import NumbersRow
from gradviz.app.training_panels import TrainingPanels
from gradviz.app.training_source import TrainingSource
from gradviz.catalog import text
from gradviz.view.export import ensure_qapp
from gradviz.view.export_formats import PDF, PNG, SVG
from gradviz.view.export_slide import SLIDE
from gradviz.view.export_writers import Picture
from gradviz.view.interrupts import qt_drawing
from gradviz.view.surface_style import surface_style
from gradviz.view.theme import THEMES

TITLE_PX = 26  # the title line's text on a 1080-line slide at text size 1
SLIDE_TEXT = 1.35  # the panels' words and marks on a slide: the optimizer slides' plot's
MARGIN = 16  # px around the slide's content at 1080 lines


@contextmanager
def speaking(lang: str):
    """Qt's translator for `lang` while the block runs; the one before it afterwards."""
    from gradviz.app import i18n

    ensure_qapp()
    before = i18n.current()
    if before != lang:
        i18n.set_language(lang)
    try:
        yield
    finally:
        if i18n.current() != before:
            i18n.set_language(before)


class TrainingSlides:
    """The training page of one run laid out on a slide, moved from iteration to iteration
    (forward only: each iteration asked for is trained to, never back).  The run is a fresh
    one from `prepared`, or `source`'s (a training page's, drawn as it has it)."""

    def __init__(self, prepared, look, source: TrainingSource | None = None) -> None:
        ensure_qapp()
        self.prepared, self.look = prepared, look
        self.width, self.height = look.size
        zoom = self.height / SLIDE[1]
        self.source = source or TrainingSource(prepared.start(), prepared.title)
        self.title_text = self.source.title or prepared.title
        self.style = surface_style(look.theme,
                                   SLIDE_TEXT * plot_scale(look.text_scale) * zoom)
        with qt_drawing():
            self._build(zoom)

    def _build(self, zoom: float) -> None:
        look, style = self.look, self.style
        host = QWidget()
        host.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        host.setAutoFillBackground(True)
        palette = host.palette()
        palette.setColor(host.backgroundRole(), style.background)
        palette.setColor(host.foregroundRole(), style.text)
        host.setPalette(palette)
        column = QVBoxLayout(host)
        m = round(MARGIN * zoom)
        column.setContentsMargins(m, m, m, m)
        column.setSpacing(round(6 * zoom))
        self.title = QLabel(host)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(THEMES[look.theme].font_family)
        font.setPixelSize(round(TITLE_PX * zoom * plot_scale(look.text_scale)))
        font.setBold(True)
        self.title.setFont(font)
        self.title.setStyleSheet(f"color: {style.text}")
        self.panels = TrainingPanels(host, look.theme)
        for splitter in (self.panels.top, self.panels.split):  # no handles on a slide
            splitter.setStyleSheet(f"QSplitter::handle {{ background: {style.background}; }}")
        self.numbers = NumbersRow(host)
        self.numbers.setStyleSheet(f"color: {style.text}")
        column.addWidget(self.title)
        column.addWidget(self.panels, 1)
        column.addWidget(self.numbers)
        self.host = host
        host.resize(self.width, self.height)
        self.panels.set_source(self.source)
        for view in (self.panels.boundary, self.panels.digits, self.panels.curves,
                     self.panels.weights):
            view.set_style(style)
        self.panels.retranslate()
        self.numbers.set_text_scale(look.text_scale)
        host.show()  # laid out, never on screen (WA_DontShowOnScreen)
        self._split()

    def _split(self) -> None:
        """The page's splitters share the slide as the window's do at this size."""
        top, split = self.panels.top, self.panels.split
        split.setSizes([round(split.height() * 0.62), round(split.height() * 0.38)])
        top.setSizes([round(top.width() * 0.44), round(top.width() * 0.56)])

    @property
    def last(self) -> int:
        """The run's last iteration planned: ``--step end``."""
        return self.source.planned

    def train_to(self, k: int) -> None:
        """Train until iteration k is recorded, keeping what the network decides with the
        weights before k (the weights iteration k starts from)."""
        source = self.source
        if source.run.iteration < k:
            source.advance(k - source.run.iteration)
        if source.last < k:
            source.advance(1)

    def reached(self, k: int) -> int:
        """Train to iteration k; k, or the iteration a run that diverged before k stopped at
        (it makes no more: ``--step end`` of a run blown up by ``lr = 1e308`` is that one)."""
        self.train_to(k)
        return min(k, self.source.last)

    def show(self, k: int) -> None:
        """Iteration k on the page: the curves to k, its weights, update and numbers."""
        k = self.reached(k)
        source, look = self.source, self.look
        r = source.record(k)
        with qt_drawing():
            self.panels.show_curves()
            self.panels.show_at(k)
            self.numbers.show_values(**source.numbers(k))
            self.title.setText(f"{self.title_text}  ·  " + text(
                "Iteration {k} of {n} · epoch {e}", look.lang, k=k, n=source.planned,
                e=r.epoch + 1))
            QApplication.instance().processEvents()  # posted layout requests (new texts)
            self.host.layout().activate()

    def picture(self, k: int) -> Picture:
        self.show(k)
        host = self.host

        def paint(painter: QPainter) -> None:
            host.render(painter, QPoint(0, 0))

        return Picture(self.width, self.height, paint,
                       None if self.look.transparent else self.style.background)

    def close(self) -> None:
        with qt_drawing():
            self.host.close()
            self.host.deleteLater()


def training_pictures(prepared, look, iterations: Sequence[int],
                      source: TrainingSource | None = None) -> Iterator[tuple[int, Picture]]:
    """(iteration, picture) for each of `iterations`, in increasing order; a picture is
    valid until the next one is asked for (they share one page).  A run that diverges ends
    with the iteration it stopped at."""
    with speaking(look.lang):
        slides = TrainingSlides(prepared, look, source)
        try:
            for k in iterations:
                shown = slides.reached(k)
                yield shown, slides.picture(shown)
                if shown < k:  # diverged: no iteration after this one exists
                    break
        finally:
            slides.close()


def last_training_iteration(prepared) -> int:
    """The last iteration a run of the lesson makes (epochs × batches − 1), untrained."""
    return prepared.start().total - 1


def export_training_step(prepared, path: str | os.PathLike, kind: str, look, step: int,
                         source: TrainingSource | None = None) -> None:
    """Iteration `step` of the training page as one picture (PNG, SVG or PDF)."""
    from gradviz.app.exporting import write_picture

    for _, picture in training_pictures(prepared, look, [step], source):
        write_picture(picture, path, kind if kind in (SVG, PDF) else PNG, prepared.title)


def export_training_frames(prepared, output, kind: str, look, iterations: Sequence[int],
                           fps: float, progress=None,
                           source: TrainingSource | None = None) -> int:
    """The page at every iteration in `iterations`: a folder of PNG frames (named after the
    iteration, `gradviz.view.surface_export.frame_name`), PDF pages, GIF or MP4 frames;
    returns how many were written."""
    from gradviz.app.exporting import _ticker, write_frames
    from gradviz.view.surface_export import frame_name

    last = max(iterations)
    frames = ((frame_name(k, last), picture)
              for k, picture in training_pictures(prepared, look, iterations, source))
    return write_frames(frames, output, kind, prepared.title, 1.0 / fps, THEMES[look.theme],
                        _ticker(progress, len(iterations)))

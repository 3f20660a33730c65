"""`WindowExports`: `LectureWindow`'s exports of what it shows.

A mixin of `LectureWindow` (see `gradviz.app.window`): the view as on screen, the whole
graph (or optimizer scene, or training page) at the current step — PNG, or SVG or PDF when
the name ends so — and every step into a folder.  The graph is drawn at the lecture's theme
and text size by the same code as `gradviz export` (`gradviz.app.exporting`), so the same
step gives the same picture.  The training page is drawn as `gradviz export` draws a
training lesson, a 16:9 slide (`gradviz.app.export_training`), from the page's own run at
the iteration shown: what the page recorded, live edits included, nothing trained again;
its steps are the recorded iterations, every k-th past 101.  Every step is written into a
hidden staging folder first and moved in when all are written
(`gradviz.view.frames.staged`): Cancel leaves the folder as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog

from gradviz.app.exporting import GRAPH, SLIDE, ExportLook, export_all_steps, export_step
from gradviz.view.export_formats import FOLDER, PDF, PNG, SVG
from gradviz.view.frames import staged
from gradviz.view.surface_export import (
    frame_iterations,
    render_surface_frames,
    render_surface_png,
)


class WindowExports:
    """The File menu's exports, from the window's page, step, theme, scale and language."""

    # ── export ───────────────────────────────────────────────────────────────────────────
    def export_view(self, path: str) -> None:
        from gradviz.view.export import save_image_atomically

        widget = self.surface_page.plot if self.showing_surface else \
            self.training_page if self.showing_training else self.canvas
        save_image_atomically(widget.grab().toImage(), path)
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)

    def export_graph(self, path: str, scale: float = 2.0) -> None:
        """The whole graph at the current step; on the optimizer page, the scene at the
        scrubber's iteration drawn from the page's own runs (what is on screen, clicked
        start and edited hyper-parameters included: nothing is run again); on the training
        page, the page at its iteration (`export_training_page`)."""
        if self.showing_training:
            self.export_training_page(path)
            return
        if self.showing_surface:
            page = self.surface_page
            render_surface_png(page.scene, path, theme=self.theme_name, scale=scale,
                               lang=self.lang, step=page.step, runs=page.runs)
            self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
            return
        export_step(self.prepared, self.step, path, layout=self.layout_,
                    look=self.export_look(scale))
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)

    def export_training_page(self, path: str) -> None:
        """The training page at the iteration it shows, as a 16:9 slide: PNG, or SVG or PDF
        when the name ends so."""
        page = self.training_page
        if page.source is None or self.training_prepared is None:
            return
        from gradviz.app.export_training import export_training_step

        kind = {".svg": SVG, ".pdf": PDF}.get(Path(path).suffix.lower(), PNG)
        export_training_step(self.training_prepared, path, kind,
                             self.export_look(frame=SLIDE), page.step, page.source)
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)

    def export_look(self, scale: float = 2.0, frame: str = GRAPH) -> ExportLook:
        """How the window's exports look: its theme, language, text size and groups
        (collapsed or not)."""
        return ExportLook(theme=self.theme_name, scale=scale, lang=self.lang, frame=frame,
                          text_scale=self.text_scale, collapse=self.lecture.collapsed)

    def export_steps(self, folder: str, scale: float = 2.0) -> None:
        """Every step into ``folder`` (made if missing), as `gradviz export --all-steps`
        writes them: a graph lesson's ``step_NN_phase.png``; an optimizer scene's
        ``step_NNN.png`` per iteration of the page's runs, every k-th and the last past
        `MAX_FRAMES`."""
        if self.showing_training:
            page = self.training_page
            if page.source is None or self.training_prepared is None:
                return
            from gradviz.app.export_training import export_training_frames

            def write(progress, into):
                iterations = frame_iterations(page.source.last)
                export_training_frames(self.training_prepared, into, FOLDER,
                                       self.export_look(frame=SLIDE), iterations, 1.0,
                                       progress, page.source)
                return iterations
        elif self.showing_surface and self.surface_page.scene is not None:
            page = self.surface_page

            def write(progress, into):
                return render_surface_frames(page.scene, into, theme=self.theme_name,
                                             scale=scale, lang=self.lang, runs=page.runs,
                                             progress=progress)
        elif not self.showing_surface and self.prepared is not None:
            def write(progress, into):
                return export_all_steps(self.prepared, into, look=self.export_look(scale),
                                        progress=progress)
        else:
            return
        # A hundred frames take seconds: a progress dialog shows how far it is and can stop
        # it (the folder then keeps the frames it had).
        dialog = QProgressDialog(self.tr("Exporting all steps…"), self.tr("Cancel"), 0, 0, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)

        def progress(done: int, total: int) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            QApplication.processEvents()
            if dialog.wasCanceled():
                raise _Cancelled(done)

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with staged(folder) as into:
                count = len(write(progress, into))
        except _Cancelled:
            self.statusBar().showMessage(
                self.tr("Stopped: {path} keeps the frames it had").format(path=folder), 8000)
            return
        finally:
            QApplication.restoreOverrideCursor()
            dialog.reset()
            dialog.deleteLater()
        self.statusBar().showMessage(
            self.tr("Wrote {n} images to {path}").format(n=count, path=folder), 5000)


class _Cancelled(Exception):
    """The lecturer pressed Cancel in the progress dialog of an all-steps export."""

"""`WindowExports`: `LectureWindow`'s PNG exports of what it shows.

A mixin of `LectureWindow` (see `gradviz.app.window`): the view as on screen, the whole
graph (or optimizer scene) at the current step, and every step into a folder.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog

from gradviz.app.exporting import export_all_steps, export_step
from gradviz.view.surface_export import render_surface_frames, render_surface_png


class WindowExports:
    """The File menu's exports, from the window's page, step, theme, scale and language."""

    # ── export ───────────────────────────────────────────────────────────────────────────
    def export_view(self, path: str) -> None:
        from gradviz.view.export import save_image_atomically

        widget = self.surface_page.plot if self.showing_surface else self.canvas
        save_image_atomically(widget.grab().toImage(), path)
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)

    def export_graph(self, path: str, scale: float = 2.0) -> None:
        """The whole graph at the current step; on the optimizer page, the scene at the
        scrubber's iteration drawn from the page's own runs (what is on screen, clicked
        start and edited hyper-parameters included: nothing is run again)."""
        if self.showing_surface:
            page = self.surface_page
            render_surface_png(page.scene, path, theme=self.theme_name, scale=scale,
                               lang=self.lang, step=page.step, runs=page.runs)
            self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
            return
        export_step(self.prepared, self.step, path, theme=self.theme_name, scale=scale,
                    lang=self.lang, layout=self.layout_)
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)

    def export_steps(self, folder: str, scale: float = 2.0) -> None:
        """Every step into ``folder`` (made if missing), as `gradviz export --all-steps`
        writes them: a graph lesson's ``step_NN_phase.png``; an optimizer scene's
        ``step_NNN.png`` per iteration of the page's runs, every k-th and the last past
        `MAX_FRAMES`."""
        if self.showing_surface and self.surface_page.scene is not None:
            page = self.surface_page

            def write(progress):
                return render_surface_frames(page.scene, folder, theme=self.theme_name,
                                             scale=scale, lang=self.lang, runs=page.runs,
                                             progress=progress)
        elif not self.showing_surface and self.prepared is not None:
            def write(progress):
                return export_all_steps(self.prepared, folder, theme=self.theme_name,
                                        scale=scale, lang=self.lang, progress=progress)
        else:
            return
        # A hundred frames take seconds: a progress dialog shows how far it is and can stop
        # it (the frames written so far stay).
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
            written = write(progress)
        except _Cancelled as stop:
            self.statusBar().showMessage(
                self.tr("Stopped after {n} images in {path}").format(n=stop.args[0],
                                                                     path=folder), 8000)
            return
        finally:
            QApplication.restoreOverrideCursor()
            dialog.reset()
            dialog.deleteLater()
        self.statusBar().showMessage(
            self.tr("Wrote {n} images to {path}").format(n=len(written), path=folder), 5000)


class _Cancelled(Exception):
    """The lecturer pressed Cancel in the progress dialog of an all-steps export."""

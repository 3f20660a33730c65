"""`TrainingWindow`: how `LectureWindow` shows training lessons and steps into an iteration.

A mixin of `LectureWindow` (see `gradviz.app.window`).  A training lesson goes to the
training page, its run started afresh (a reload after an edit starts it again).  *Step into*
(the page's button, or I) opens the iteration shown in the graph stepper — its forward and
backward pass with the weights before the update, and the update as the last steps — as a
prepared graph lesson made by the Qt-free `gradviz.lesson.iteration`; a bar above the graph
(or T) goes back to the training page, which then shows the next iteration.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton

from gradviz.app.training_page import TrainingPage
from gradviz.catalog.lesson import said_in


class TrainingWindow:
    """The training page's part of a `LectureWindow`."""

    def _build_training(self) -> TrainingPage:
        """The page and the bar back to it (hidden until an iteration is stepped into)."""
        self.training_page = TrainingPage(self, lecture=self.lecture)
        self.training_page.step_into_requested.connect(self.step_into_iteration)
        self.training_return = QPushButton(self)
        self.training_return.clicked.connect(self.back_to_training)
        self.training_return.hide()
        self.stepped_iteration: int | None = None  # the iteration the stepper shows
        self.training_prepared = None  # the training lesson open (its title and language)
        return self.training_page

    @property
    def showing_training(self) -> bool:
        return self.pages.currentWidget() is self.training_page

    def _open_training(self, prepared, path: Path) -> None:
        """A training lesson: a fresh run on the training page (the graph stays loaded)."""
        self.training_prepared = prepared
        self.training_page.load(prepared.start(), prepared.title)
        self._layout_ticket += 1  # a graph still laid out in the background is not shown
        self._pending = None
        self.lecture.player.pause()
        self.surface_page.stop()
        self._leave_iteration()
        self.pages.setCurrentWidget(self.training_page)
        self.training_page.setFocus()  # the window's keys, not a knob's, step the run
        self._remember(path)
        self.setWindowTitle(f"{prepared.title} — gradviz")

    def step_into_iteration(self, k: int | None = None) -> bool:
        """Open iteration k (the one shown) in the graph stepper; False when there is none."""
        page = self.training_page
        if page.source is None or self.training_prepared is None \
                or not (self.showing_training or k is not None):
            return False
        k = page.step if k is None else k
        page.stop()
        try:
            from gradviz.lesson.iteration import iteration_lesson

            prepared = iteration_lesson(self.training_prepared, page.source.run, k)
        except (ValueError, ArithmeticError) as e:
            self._error(self.tr("Could not step into the iteration"),
                        said_in(e, self.lecture.language))
            return False
        self.stepped_iteration = k
        self.training_return.setText(self.tr(
            "← Back to training: iteration {k} next (T)").format(k=k + 1))
        self.training_return.show()
        self.show_prepared(prepared)
        return True

    def back_to_training(self) -> None:
        """Back from a stepped-into iteration to the training page, at the next iteration."""
        if self.stepped_iteration is None:
            return
        k = self.stepped_iteration
        self._leave_iteration()
        self.lecture.player.pause()
        self.pages.setCurrentWidget(self.training_page)
        self.training_page.setFocus()
        self.training_page.show_next(k)

    def _leave_iteration(self) -> None:
        self.stepped_iteration = None
        self.training_return.hide()

"""`TrainingPanels`: the training page's pictures, arranged — what the net decides (the
decision boundary for 2-D data, the example digits and first-layer weights for images), the
curves beside it, and every layer's weights, gradients and update under them.

``set_source(source)`` builds what the run's data calls for; ``show_curves()`` redraws the
curves from the record; ``show_at(k)`` draws iteration k; ``set_look(theme, scale)``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout, QWidget

from gradviz.app.surface_page import plot_scale  # the plots grow as the optimizer page's
from gradviz.app.training_source import TrainingSource
from gradviz.view.surface_style import surface_style
from gradviz.view.training_boundary import BoundaryPlot
from gradviz.view.training_curves import TrainingCurves
from gradviz.view.training_digits import DigitsView
from gradviz.view.training_weights import WeightsView


class TrainingPanels(QWidget):
    def __init__(self, parent=None, theme: str = "light") -> None:
        super().__init__(parent)
        self.source: TrainingSource | None = None
        self.boundary = BoundaryPlot(self, theme)
        self.digits = DigitsView(self, theme)
        self.curves = TrainingCurves(self, theme)
        self.weights = WeightsView(self, theme)
        self.decides = QStackedWidget(self)  # what the net decides: boundary or digits
        self.decides.addWidget(self.boundary)
        self.decides.addWidget(self.digits)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.decides)
        top.addWidget(self.curves)
        top.setSizes([800, 1000])
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(self.weights)
        split.setSizes([620, 380])
        self.top, self.split = top, split
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(split)

    def set_source(self, source: TrainingSource) -> None:
        self.source = source
        self.decides.setVisible(source.two_d or source.images)
        if source.two_d:
            self.decides.setCurrentWidget(self.boundary)
            self.boundary.set_points(*source.points())
        elif source.images:
            self.decides.setCurrentWidget(self.digits)
            images, _ = source.examples()
            self.digits.set_examples(images)
        self.weights.set_layers([layer.weight.shape for layer in source.state(0).layers])
        self.curves.set_span(source.planned, source.run.setup.train.epochs)
        self.retranslate()

    def show_curves(self) -> None:
        self.curves.set_data(self.source.curve_data())

    def show_at(self, k: int) -> None:
        """Iteration k: the cursor on the curves, its weights and what the net decides."""
        source = self.source
        self.curves.set_cursor(k)
        state = source.state(k)
        self.weights.show_layers([layer.weight for layer in state.layers],
                                 [layer.grad for layer in state.layers], state.record.lr)
        if source.two_d:
            b = source.boundary(k)
            self.boundary.set_grid(b.xs, b.ys, b.values)
        elif source.images:
            _, labels = source.examples()
            self.digits.set_predictions(source.predictions(k), labels)
            self.digits.set_first_layer(state.layers[0].weight)

    def set_look(self, theme: str, scale: float) -> None:
        style = surface_style(theme, plot_scale(scale))
        for view in (self.boundary, self.digits, self.curves, self.weights):
            view.set_style(style)
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.tr
        self.curves.set_titles(tr("Loss J"), tr("Accuracy"), tr("Iteration"), {
            "iteration": tr("training batch"), "epoch": tr("training set, per epoch"),
            "validation": tr("validation set, per epoch")})
        self.boundary.set_title(tr("What the network decides"))
        self.digits.set_titles(tr("Examples and predictions"),
                               tr("Layer 1: one image per unit"))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

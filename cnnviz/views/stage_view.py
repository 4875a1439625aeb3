"""The stage being shown — convolution, ReLU or pooling — in one widget, so
the window and the exporter draw whichever stage is current the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QWidget

from cnnviz.presenters import ConvSessionPresenter

from .convolution_view import ConvolutionView
from .stages import PoolView, ReluView
from .stages.grad_views import BiasGradView, InputGradView, WeightGradView
from .stages.transposed_view import TransposedView


class StageView(QStackedWidget):
    """One page per stage; the presenter's current stage is the page shown."""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.conv_view = ConvolutionView(presenter)
        self.relu_view = ReluView(presenter)
        self.pool_view = PoolView(presenter)
        self.grad_w_view = WeightGradView(presenter)
        self.grad_b_view = BiasGradView(presenter)
        self.grad_x_view = InputGradView(presenter)
        self.pages = {
            "conv": self.conv_view,
            "relu": self.relu_view,
            "pool": self.pool_view,
            "grad_w": self.grad_w_view,
            "grad_b": self.grad_b_view,
            "grad_x": self.grad_x_view,
        }
        # the transposed convolution's scatter picture; its direct picture is conv_view
        self.transposed_view = TransposedView(presenter)
        for page in (*self.pages.values(), self.transposed_view):
            self.addWidget(page)
        presenter.stage_changed.connect(self._on_stage_changed)
        presenter.session_changed.connect(self._on_session_changed)
        self._on_stage_changed(presenter.stage)

    @property
    def current_page(self) -> QWidget:
        if self.presenter.stage == "conv" and self.presenter.shows_scatter:
            return self.transposed_view
        return self.pages[self.presenter.stage]

    def _on_stage_changed(self, stage: str) -> None:
        self.setCurrentWidget(self.current_page)

    def _on_session_changed(self) -> None:
        self.setCurrentWidget(self.current_page)

    @property
    def arithmetic_view(self):
        """The convolution's arithmetic panel."""
        return self.conv_view.arithmetic_view

    def position_text(self) -> str:
        """The position line of the stage shown."""
        return self.current_page.position_text()

    def set_export_mode(self, on: bool) -> None:
        for page in (*self.pages.values(), self.transposed_view):
            page.set_export_mode(on)

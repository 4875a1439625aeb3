"""A page with a fully-connected layer's neuron on the left and the softmax of
the layer's outputs on the right, stepping through the outputs together."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from cnnviz.presenters.dense import DensePresenter, demo_dense_presenter

from .dense_view import LinearDetailView, SoftmaxDetailView


class DensePage(QWidget):
    """Neuron ``k`` of the layer beside class ``k``'s probability.

    Parameters
    ----------
    presenter : the layer to show; a made-up 16-input, 4-class layer if None.
    """

    def __init__(self, presenter: DensePresenter | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter or demo_dense_presenter(self)
        self.position_label = QLabel()
        self.position_label.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px")
        self.previous_button, self.next_button = QPushButton("◀"), QPushButton("▶")
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(40)
        top = QHBoxLayout()
        top.addWidget(self.previous_button)
        top.addWidget(self.next_button)
        top.addWidget(self.position_label, 1)
        self.linear_view = LinearDetailView(self.presenter)
        self.softmax_view = SoftmaxDetailView(self.presenter)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.linear_view)
        self.splitter.addWidget(self.softmax_view)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        self.previous_button.clicked.connect(self._on_previous_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.presenter.step_changed.connect(self._on_step_changed)
        self._retranslate()

    def _on_previous_button_clicked(self) -> None:
        self.presenter.step(-1)

    def _on_next_button_clicked(self) -> None:
        self.presenter.step(1)

    def _on_step_changed(self, k: int) -> None:
        p = self.presenter
        self.position_label.setText(
            self.tr("Output {0} / {1} · class {2}").format(k + 1, p.num_steps, p.class_names[k])
        )
        self.previous_button.setEnabled(k > 0)
        self.next_button.setEnabled(k < p.num_steps - 1)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Fully connected layer"))
        self.previous_button.setToolTip(self.tr("Previous output"))
        self.next_button.setToolTip(self.tr("Next output"))
        self._on_step_changed(self.presenter.step_index)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            # the sums and "more terms" lines are the presenter's words: ask for them again
            self.presenter.refresh()
        super().changeEvent(event)

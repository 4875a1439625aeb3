"""The Network tab: the student's CNN, every layer's maps for one input, any value opened.

Left: the model (the Trainer tab's, or a file) and the input (a validation
sample, an image file, a drawing). Right: every layer side by side
(:class:`~.network_overview.NetworkOverview`) above the selected value's
computation (:class:`~.network_detail.NetworkDetail`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cnnviz.presenters.network import NetworkPresenter

from .network_detail import NetworkDetail
from .network_inputs import DrawingCanvas, SampleGrid
from .network_overview import NetworkOverview

IMAGE_PATTERNS = "*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff"
ERROR_STYLE = "color: #8a0000"


def _wrapped(style: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


class NetworkPage(QWidget):
    """The Network tab; its window title is the tab's text."""

    def __init__(self, presenter: NetworkPresenter | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = p = presenter or NetworkPresenter(self)
        self.model_box, self.input_box = QGroupBox(), QGroupBox()
        self.model_label = _wrapped()
        self.trainer_button, self.open_model_button = QPushButton(), QPushButton()
        self.samples_label, self.draw_label = _wrapped(), _wrapped()
        self.samples = SampleGrid(p)
        self.open_image_button = QPushButton()
        self.canvas = DrawingCanvas(p)
        self.undo_button, self.clear_button = QPushButton(), QPushButton()
        self.preprocessing_label = _wrapped("color: #444")
        self.message_label = _wrapped(ERROR_STYLE)
        self.message_label.hide()
        self.headline = _wrapped("font-size: 14px; font-weight: bold")
        self.legend = _wrapped("color: #555")
        self.overview = NetworkOverview(p)
        self.detail = NetworkDetail(p)
        self._build_layout()
        self.trainer_button.clicked.connect(p.use_trainer_model)
        self.open_model_button.clicked.connect(self.open_model_dialog)
        self.open_image_button.clicked.connect(self.open_image_dialog)
        self.undo_button.clicked.connect(p.undo_stroke)
        self.clear_button.clicked.connect(p.clear_drawing)
        p.model_changed.connect(self._on_model_changed)
        p.input_changed.connect(self._on_input_changed)
        p.network_changed.connect(self._on_network_changed)
        p.error_reported.connect(self._on_error_reported)
        self._retranslate()

    def _build_layout(self) -> None:
        model = QVBoxLayout(self.model_box)
        model.addWidget(self.model_label)
        model.addWidget(self.trainer_button)
        model.addWidget(self.open_model_button)
        inputs = QVBoxLayout(self.input_box)
        inputs.addWidget(self.samples_label)
        inputs.addWidget(self.samples)
        inputs.addWidget(self.open_image_button)
        inputs.addWidget(self.draw_label)
        inputs.addWidget(self.canvas, 0, Qt.AlignmentFlag.AlignHCenter)
        draw_buttons = QHBoxLayout()
        draw_buttons.addWidget(self.undo_button)
        draw_buttons.addWidget(self.clear_button)
        inputs.addLayout(draw_buttons)
        inputs.addWidget(self.preprocessing_label)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.model_box)
        side_layout.addWidget(self.input_box)
        side_layout.addWidget(self.message_label)
        side_layout.addStretch(1)
        self.side_scroll = QScrollArea()
        self.side_scroll.setWidget(side)
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        width = max(self.samples.sizeHint().width(), self.canvas.width()) + 44
        self.side_scroll.setFixedWidth(width + self.side_scroll.verticalScrollBar().sizeHint().width())
        self.overview_scroll = QScrollArea()
        self.overview_scroll.setWidget(self.overview)
        self.overview_scroll.setWidgetResizable(True)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.headline)
        top_layout.addWidget(self.overview_scroll, 1)
        top_layout.addWidget(self.legend)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 480])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.side_scroll)
        layout.addWidget(self.splitter, 1)

    # -- language ---------------------------------------------------------------------------------
    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Network"))
        self.model_box.setTitle(self.tr("Model"))
        self.input_box.setTitle(self.tr("Input"))
        self.trainer_button.setText(self.tr("Trainer's model"))
        self.trainer_button.setToolTip(
            self.tr("The Trainer tab's model, untrained, training (followed live) or trained.")
        )
        self.open_model_button.setText(self.tr("Open model…"))
        self.open_image_button.setText(self.tr("Open image…"))
        self.undo_button.setText(self.tr("Undo"))
        self.clear_button.setText(self.tr("Clear"))
        self.draw_label.setText(self.tr("Or draw (white on black), shown as it is fed:"))
        self.legend.setText(
            self.tr(
                "One square per channel: blue positive, red negative, white zero, one scale per layer "
                "(±max above it). Hover: its inputs in pink. Click: how it was computed."
            )
        )
        self._on_model_changed()
        self._on_input_changed()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- presenter -> view ---------------------------------------------------------------------
    def _on_model_changed(self) -> None:
        self.model_label.setText(self.presenter.model_description())
        s = self.presenter.samples
        if s is None:
            text = self.tr("No validation samples fit this model: open an image or draw.")
            self.samples_label.setText(text)
        else:
            text = self.tr("Validation samples ({0}, split seed {1}): click one")
            self.samples_label.setText(text.format(s.dataset, s.seed))

    def _on_input_changed(self) -> None:
        self.preprocessing_label.setText(self.presenter.preprocessing())
        self._on_network_changed()

    def _on_network_changed(self) -> None:
        p = self.presenter
        text = self.tr("Input: {0}").format(p.input_description()) if p.snapshot is not None else ""
        prediction = p.prediction_text()
        self.headline.setText(f"{text} · {prediction}" if text and prediction else text or prediction)
        self.message_label.hide()

    def _on_error_reported(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.show()

    # -- files -------------------------------------------------------------------------------------
    def open_model_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open model"), "", self.tr("cnnviz model (*.npz)")
        )
        if path:
            self.presenter.open_model(path)

    def open_image_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open an image"), "", self.tr("Images ({0});;All files (*)").format(IMAGE_PATTERNS)
        )
        if path:
            self.presenter.open_image(path)

    # -- following training only while shown ------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.presenter.set_active(True)
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.presenter.set_active(False)
        super().hideEvent(event)

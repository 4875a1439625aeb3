"""Spin boxes for the convolution's settings, and the filter presets."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnviz.presenters import ConvSessionPresenter
from cnnviz.presenters.conv_session import MAX_FILTERS, MAX_KERNEL

from .shape_panel import ShapePanel

PRESETS = (
    "identity",
    "box_blur",
    "gaussian",
    "sharpen",
    "sobel_x",
    "sobel_y",
    "laplacian",
    "emboss",
    "example_a",
    "demo_w0",
    "demo_w1",
    "random",
)


def preset_label(name: str) -> str:
    """The menu text of a preset, in the current language."""
    labels = {
        "identity": QCoreApplication.translate("Presets", "Identity"),
        "box_blur": QCoreApplication.translate("Presets", "Box blur"),
        "gaussian": QCoreApplication.translate("Presets", "Gaussian blur"),
        "sharpen": QCoreApplication.translate("Presets", "Sharpen"),
        "sobel_x": QCoreApplication.translate("Presets", "Sobel x (vertical edges)"),
        "sobel_y": QCoreApplication.translate("Presets", "Sobel y (horizontal edges)"),
        "laplacian": QCoreApplication.translate("Presets", "Laplacian"),
        "emboss": QCoreApplication.translate("Presets", "Emboss"),
        "example_a": QCoreApplication.translate("Presets", "The article's example A"),
        "demo_w0": QCoreApplication.translate("Presets", "Demo filter w0"),
        "demo_w1": QCoreApplication.translate("Presets", "Demo filter w1"),
        "random": QCoreApplication.translate("Presets", "Random (−1, 0, 1)"),
    }
    return labels.get(name, name)


def _spin(lo: int, hi: int) -> QSpinBox:
    s = QSpinBox()
    s.setRange(lo, hi)
    s.setKeyboardTracking(False)  # act on Enter / arrows, not on every keystroke
    return s


class ParametersPanel(QWidget):
    """Kernel size, depth, stride, padding, dilation, presets and the shape panel."""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self.kernel_h, self.kernel_w = _spin(1, MAX_KERNEL), _spin(1, MAX_KERNEL)
        self.filters = _spin(1, MAX_FILTERS)
        self.stride, self.padding, self.dilation = _spin(1, 16), _spin(0, 16), _spin(1, 8)
        self.preset_combo = QComboBox()
        self.apply_one = QPushButton()
        self.apply_all = QPushButton()
        self.shape_panel = ShapePanel(presenter)
        kernel = QHBoxLayout()
        kernel.addWidget(self.kernel_h)
        kernel.addWidget(self.kernel_w)
        self.settings_box = QGroupBox()
        form = self.form = QFormLayout(self.settings_box)
        self.form_labels = [QLabel() for _ in range(5)]
        for label, field in zip(
            self.form_labels, (kernel, self.filters, self.stride, self.padding, self.dilation)
        ):
            form.addRow(label, field)
        self.preset_box = QGroupBox()
        pl = QVBoxLayout(self.preset_box)
        pl.addWidget(self.preset_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_one)
        buttons.addWidget(self.apply_all)
        pl.addLayout(buttons)
        self.shape_box = QGroupBox()
        QVBoxLayout(self.shape_box).addWidget(self.shape_panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for box in (self.settings_box, self.preset_box, self.shape_box):
            layout.addWidget(box)
        self.kernel_h.valueChanged.connect(self._on_kernel_changed)
        self.kernel_w.valueChanged.connect(self._on_kernel_changed)
        self.filters.valueChanged.connect(self._on_filters_value_changed)
        self.stride.valueChanged.connect(self._on_stride_value_changed)
        self.padding.valueChanged.connect(self._on_padding_value_changed)
        self.dilation.valueChanged.connect(self._on_dilation_value_changed)
        self.apply_one.clicked.connect(self._on_apply_one_clicked)
        self.apply_all.clicked.connect(self._on_apply_all_clicked)
        presenter.session_changed.connect(self._sync)
        self._sync()
        self._retranslate()

    def _sync(self) -> None:
        """Show the session's actual settings (also after a refused change)."""
        trace, params = self._presenter.trace, self._presenter.params
        kh, kw = trace.geometry.kernel
        for spin, value in (
            (self.kernel_h, kh),
            (self.kernel_w, kw),
            (self.filters, trace.num_filters),
            (self.stride, params.stride),
            (self.padding, params.padding),
            (self.dilation, params.dilation),
        ):
            with QSignalBlocker(spin):
                spin.setValue(value)

    def _on_kernel_changed(self, _value: int) -> None:
        self._presenter.set_kernel_size(self.kernel_h.value(), self.kernel_w.value()) or self._sync()

    def _on_filters_value_changed(self, value: int) -> None:
        self._presenter.set_filter_count(value) or self._sync()

    def _on_stride_value_changed(self, value: int) -> None:
        self._presenter.set_stride(value) or self._sync()

    def _on_padding_value_changed(self, value: int) -> None:
        self._presenter.set_padding(value) or self._sync()

    def _on_dilation_value_changed(self, value: int) -> None:
        self._presenter.set_dilation(value) or self._sync()

    def _on_apply_one_clicked(self) -> None:
        self._presenter.apply_preset(self.preset_combo.currentData())

    def _on_apply_all_clicked(self) -> None:
        self._presenter.apply_preset(self.preset_combo.currentData(), filter=-1)

    def _retranslate(self) -> None:
        self.settings_box.setTitle(self.tr("Convolution"))
        labels = (
            self.tr("Kernel (h × w):"),
            self.tr("Filters (depth):"),
            self.tr("Stride:"),
            self.tr("Padding:"),
            self.tr("Dilation:"),
        )
        for label, text in zip(self.form_labels, labels):
            label.setText(text)
        self.kernel_h.setToolTip(self.tr("Kernel height"))
        self.kernel_w.setToolTip(self.tr("Kernel width"))
        self.preset_box.setTitle(self.tr("Filter presets"))
        current = self.preset_combo.currentData()
        with QSignalBlocker(self.preset_combo):
            self.preset_combo.clear()
            for name in PRESETS:
                self.preset_combo.addItem(preset_label(name), name)
            if current:
                self.preset_combo.setCurrentIndex(PRESETS.index(current))
        self.apply_one.setText(self.tr("Apply to this filter"))
        self.apply_all.setText(self.tr("Apply to all"))
        self.shape_box.setTitle(self.tr("Shapes"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

"""Spin boxes for the convolution's settings, and the filter presets."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
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

from cnnviz.core.limits import DILATION_RANGE, PADDING_RANGE, STRIDE_RANGE
from cnnviz.presenters import ConvSessionPresenter
from cnnviz.presenters.conv_session import MAX_FILTERS, MAX_KERNEL

from .shape_panel import ShapePanel
from .variant_labels import PADDING_MODES, padding_mode_label

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


INVALID_BASE = QColor(255, 214, 214)


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
        self.stride, self.padding = _spin(*STRIDE_RANGE), _spin(*PADDING_RANGE)
        self.dilation = _spin(*DILATION_RANGE)
        # the variants: padding mode, true convolution, groups, transposed with its output padding
        self.padding_mode_combo = QComboBox()
        for mode in PADDING_MODES:
            self.padding_mode_combo.addItem("", mode)
        self.flip_check = QCheckBox()
        self.groups = _spin(1, MAX_FILTERS)
        self.groups_hint = QLabel()
        self.groups_hint.setStyleSheet("color: #8a4b00")
        self.groups_hint.setWordWrap(True)  # a hint must never widen the side panel
        self.transposed_check = QCheckBox()
        self.output_padding = _spin(0, STRIDE_RANGE[1] - 1)
        self.variant_note = QLabel()
        self.variant_note.setWordWrap(True)
        self.variant_note.setStyleSheet("color: #555")
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
        self.variant_labels = [QLabel() for _ in range(3)]
        form.addRow(self.variant_labels[0], self.padding_mode_combo)
        form.addRow(self.flip_check)
        form.addRow(self.variant_labels[1], self.groups)
        form.addRow(self.groups_hint)
        form.addRow(self.transposed_check)
        form.addRow(self.variant_labels[2], self.output_padding)
        form.addRow(self.variant_note)
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
        for spin in self.spins:
            spin.valueChanged.connect(lambda _v, s=spin: self._on_spin_value_changed(s))
        self.padding_mode_combo.currentIndexChanged.connect(self._on_padding_mode_combo_changed)
        self.flip_check.toggled.connect(self._on_flip_check_toggled)
        self.transposed_check.toggled.connect(self._on_transposed_check_toggled)
        self.apply_one.clicked.connect(self._on_apply_one_clicked)
        self.apply_all.clicked.connect(self._on_apply_all_clicked)
        self.preset_combo.currentIndexChanged.connect(self._on_preset_combo_changed)
        presenter.session_changed.connect(self._sync)
        presenter.step_changed.connect(self._on_step_changed)
        self._preset_filter = -1
        self._retranslate()  # fills the preset box, which _sync then sets
        self._sync()

    @property
    def spins(self) -> tuple[QSpinBox, ...]:
        return (
            self.kernel_h, self.kernel_w, self.filters, self.stride, self.padding, self.dilation,
            self.groups, self.output_padding,
        )  # fmt: skip

    def is_invalid(self, spin: QSpinBox) -> bool:
        """True while ``spin`` shows a value the session refused (explained below it)."""
        return bool(spin.property("invalid"))

    def _mark_invalid(self, *spins: QSpinBox) -> None:
        """Keep the refused value in view, marked, until it is corrected; the shapes
        box explains why."""
        for spin in spins:
            spin.setProperty("invalid", True)
            palette = spin.palette()
            palette.setColor(QPalette.ColorRole.Base, INVALID_BASE)
            spin.setPalette(palette)

    def _clear_invalid(self) -> None:
        for spin in self.spins:
            if self.is_invalid(spin):
                spin.setProperty("invalid", False)
                spin.setPalette(QPalette())  # back to the inherited palette

    def _sync(self) -> None:
        """Show the session's actual settings, then try again any value still refused
        (more padding may have made a large kernel possible)."""
        pending = [(spin, spin.value()) for spin in self.spins if self.is_invalid(spin)]
        self._clear_invalid()
        self._sync_preset()
        trace, params = self._presenter.trace, self._presenter.params
        kh, kw = trace.geometry.kernel
        for spin, value in (
            (self.kernel_h, kh),
            (self.kernel_w, kw),
            (self.filters, trace.num_filters),
            (self.stride, params.stride),
            (self.padding, params.padding),
            (self.dilation, params.dilation),
            (self.groups, params.groups),
            (self.output_padding, params.output_padding),
        ):
            with QSignalBlocker(spin):
                spin.setValue(value)
        self._sync_variants()
        for spin, value in pending:
            if spin.value() != value:
                with QSignalBlocker(spin):
                    spin.setValue(value)
                self._on_spin_value_changed(spin)

    def _sync_preset(self) -> None:
        """Show the preset the current filter holds, or "custom" (no item) for other weights."""
        name = self._presenter.preset_name()
        self._preset_filter = self._presenter.conv_step.filter
        with QSignalBlocker(self.preset_combo):
            self.preset_combo.setCurrentIndex(PRESETS.index(name) if name in PRESETS else -1)
        self._on_preset_combo_changed(self.preset_combo.currentIndex())

    def _on_step_changed(self, _k: int) -> None:
        if self._presenter.stage == "conv" and self._presenter.conv_step.filter != self._preset_filter:
            self._sync_preset()

    def _on_preset_combo_changed(self, index: int) -> None:
        self.apply_one.setEnabled(index >= 0)
        self.apply_all.setEnabled(index >= 0)

    def _on_spin_value_changed(self, spin: QSpinBox) -> None:
        """Send the setting; a refused value stays in its box, marked, until corrected."""
        p = self._presenter
        if spin in (self.kernel_h, self.kernel_w):
            ok = p.set_kernel_size(self.kernel_h.value(), self.kernel_w.value())
        else:
            setter = {
                self.filters: p.set_filter_count,
                self.stride: p.set_stride,
                self.padding: p.set_padding,
                self.dilation: p.set_dilation,
                self.groups: p.set_groups,
                self.output_padding: p.set_output_padding,
            }[spin]
            ok = setter(spin.value())
        if not ok:
            self._mark_invalid(spin)

    def _sync_variants(self) -> None:
        """The variant boxes show the session's variant; groups and output padding are
        offered only where they apply, with a word on depthwise groups."""
        p = self._presenter
        params = p.params
        with QSignalBlocker(self.padding_mode_combo):
            self.padding_mode_combo.setCurrentIndex(PADDING_MODES.index(params.padding_mode))
        with QSignalBlocker(self.flip_check):
            self.flip_check.setChecked(params.flip)
        with QSignalBlocker(self.transposed_check):
            self.transposed_check.setChecked(params.transposed)
        self.output_padding.setEnabled(params.transposed)
        self.padding_mode_combo.setEnabled(not params.transposed)
        self.flip_check.setEnabled(not params.transposed)
        self.groups.setEnabled(not params.transposed)
        channels = p.input_x.shape[0]
        if params.groups > 1 and params.groups == channels:
            self.groups_hint.setText(self.tr("depthwise: one channel per filter"))
        elif params.groups > 1:
            self.groups_hint.setText(self.tr("{0} channel(s) per filter").format(channels // params.groups))
        else:
            self.groups_hint.setText("")
        self.groups_hint.setVisible(bool(self.groups_hint.text()))
        self.variant_note.setText(p.variant_note)
        self.variant_note.setVisible(bool(p.variant_note))

    def _on_padding_mode_combo_changed(self, index: int) -> None:
        if not self._presenter.set_padding_mode(self.padding_mode_combo.itemData(index)):
            self._sync_variants()

    def _on_flip_check_toggled(self, on: bool) -> None:
        if not self._presenter.set_flip(on):
            self._sync_variants()

    def _on_transposed_check_toggled(self, on: bool) -> None:
        if not self._presenter.set_transposed(on):
            self._sync_variants()

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
        for label, text in zip(
            self.variant_labels, (self.tr("Padding mode:"), self.tr("Groups:"), self.tr("Output padding:"))
        ):
            label.setText(text)
        for i, mode in enumerate(PADDING_MODES):
            self.padding_mode_combo.setItemText(i, padding_mode_label(mode))
        self.padding_mode_combo.setToolTip(self.tr("What the padded border holds (PyTorch's padding_mode)"))
        self.flip_check.setText(self.tr("True convolution (flip the kernel)"))
        self.flip_check.setToolTip(
            self.tr(
                "The mathematician's convolution: the kernel rotated 180°. "
                "Off: cross-correlation, what deep-learning libraries compute."
            )
        )
        self.groups.setToolTip(self.tr("Split the channels into groups; each filter sees its own group only"))
        self.transposed_check.setText(self.tr("Transposed convolution"))
        self.transposed_check.setToolTip(
            self.tr("Each input cell scatters w·x into a larger output (PyTorch's conv_transpose2d)")
        )
        self.output_padding.setToolTip(
            self.tr("Extra rows and columns at the bottom and right of a transposed convolution's output")
        )
        self.kernel_h.setToolTip(self.tr("Kernel height"))
        self.kernel_w.setToolTip(self.tr("Kernel width"))
        self.preset_box.setTitle(self.tr("Filter presets"))
        current = self.preset_combo.currentIndex()
        with QSignalBlocker(self.preset_combo):
            self.preset_combo.clear()
            for name in PRESETS:
                self.preset_combo.addItem(preset_label(name), name)
            self.preset_combo.setCurrentIndex(current)
        self.preset_combo.setPlaceholderText(self.tr("custom"))
        self.preset_combo.setToolTip(
            self.tr('The preset the shown filter holds; "custom" once its weights are edited')
        )
        self.apply_one.setText(self.tr("Apply to this filter"))
        self.apply_all.setText(self.tr("Apply to all"))
        self.shape_box.setTitle(self.tr("Shapes"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

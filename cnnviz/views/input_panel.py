"""Where the input comes from: the demo, a built-in sample or an image file."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.limits import IMAGE_SIZE_RANGE
from cnnviz.presenters import ConvSessionPresenter

from .variant_labels import padding_mode_label

SAMPLES = ("reference_x", "distorted_x", "edges")


def sample_label(name: str) -> str:
    return {
        "reference_x": QCoreApplication.translate("Samples", 'The reference "X" (9×9)'),
        "distorted_x": QCoreApplication.translate("Samples", 'A shifted, distorted "X" (9×9)'),
        "edges": QCoreApplication.translate("Samples", "Edges and gradients (64×64)"),
    }.get(name, name)


class InputPanel(QGroupBox):
    """Input source and how image files are read (channels, working size).

    Signals
    -------
    open_requested() : the user wants to pick an image file
    image_options_changed() : channels or working size changed (reload the file, if any)
    """

    open_requested = Signal()
    image_options_changed = Signal()

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self.name_label = QLabel()
        self.name_label.setWordWrap(True)
        # what loading this input did to the filters: information, not an error
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(
            "color: #17406d; background: #eaf2fb; border: 1px solid #a9c4e4; padding: 3px"
        )
        self.note_label.hide()
        self.open_button = QPushButton()
        self.demo_button = QPushButton()
        self.sample_combo = QComboBox()
        self.sample_button = QPushButton()
        self.rgb_radio, self.gray_radio = QRadioButton(), QRadioButton()
        self.rgb_radio.setChecked(True)
        self._mode_group = QButtonGroup(self)
        self._mode_group.addButton(self.rgb_radio)
        self._mode_group.addButton(self.gray_radio)
        self.size_spin = QSpinBox()
        self.size_spin.setRange(*IMAGE_SIZE_RANGE)
        self.size_spin.setValue(128)
        self.size_spin.setKeyboardTracking(False)
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.demo_button)
        sample = QHBoxLayout()
        sample.addWidget(self.sample_combo, 1)
        sample.addWidget(self.sample_button)
        modes = QHBoxLayout()
        modes.addWidget(self.rgb_radio)
        modes.addWidget(self.gray_radio)
        self.form = QFormLayout()
        self.mode_label, self.size_label = QLabel(), QLabel()
        self.form.addRow(self.mode_label, modes)
        self.form.addRow(self.size_label, self.size_spin)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name_label)
        layout.addWidget(self.note_label)
        layout.addLayout(top)
        layout.addLayout(sample)
        layout.addLayout(self.form)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(presenter.load_demo)
        self.sample_button.clicked.connect(self._on_sample_button_clicked)
        self.sample_combo.currentIndexChanged.connect(self._on_sample_combo_changed)
        self.sample_combo.activated.connect(self._on_sample_button_clicked)  # picking a sample loads it
        self._mode_group.buttonToggled.connect(self._on_mode_toggled)
        self.size_spin.valueChanged.connect(self._on_size_spin_value_changed)
        presenter.session_changed.connect(self._on_session_changed)
        self._retranslate()

    @property
    def mode(self) -> str:
        return "gray" if self.gray_radio.isChecked() else "rgb"

    @property
    def working_size(self) -> int:
        return self.size_spin.value()

    def _on_sample_button_clicked(self) -> None:
        name = self.sample_combo.currentData()
        if name:
            self._presenter.load_sample(name)

    def _on_sample_combo_changed(self, _index: int) -> None:
        self.sample_button.setEnabled(self.sample_combo.currentIndex() >= 0)

    def _on_mode_toggled(self, _button, checked: bool) -> None:
        if checked:
            self.image_options_changed.emit()

    def _on_size_spin_value_changed(self, _value: int) -> None:
        self.image_options_changed.emit()

    def _on_session_changed(self) -> None:
        """Show what is loaded: its name and size, the sample chosen, its channels."""
        p = self._presenter
        name = p.input_name
        c, h, w = p.input_x.shape  # the input itself (the transposed convolution shows it spread out)
        ph, pw = (h, w) if p.params.transposed else p.trace.geometry.padded
        shown = {"demo": self.tr("The article's demo")}.get(name) or (
            sample_label(name) if name in SAMPLES else name
        )
        if (ph, pw) != (h, w) and p.params.padding_mode != "zeros":
            text = self.tr("{0}: {1}×{2}×{3} input, {6}-padded to {4}×{5}×{3}").format(
                shown, h, w, c, ph, pw, padding_mode_label(p.params.padding_mode)
            )
        elif (ph, pw) != (h, w):
            text = self.tr("{0}: {1}×{2}×{3} input, zero-padded to {4}×{5}×{3}").format(
                shown, h, w, c, ph, pw
            )
        else:
            text = self.tr("{0}: {1}×{2}×{3} input").format(shown, h, w, c)
        self.name_label.setText(text)
        note = p.filters_note
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))
        with QSignalBlocker(self.sample_combo):
            self.sample_combo.setCurrentIndex(SAMPLES.index(name) if name in SAMPLES else -1)
        self._on_sample_combo_changed(self.sample_combo.currentIndex())
        # the channel choice shows the input's channels; it does not reload anything here
        with (
            QSignalBlocker(self._mode_group),
            QSignalBlocker(self.rgb_radio),
            QSignalBlocker(self.gray_radio),
        ):
            if c == 1:
                self.gray_radio.setChecked(True)
            elif c == 3:
                self.rgb_radio.setChecked(True)

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Input"))
        self.open_button.setText(self.tr("Open image…"))
        self.demo_button.setText(self.tr("Open demo"))
        self.sample_button.setText(self.tr("Load sample"))
        with QSignalBlocker(self.sample_combo):
            self.sample_combo.clear()
            for name in SAMPLES:
                self.sample_combo.addItem(sample_label(name), name)
        self.sample_combo.setPlaceholderText(self.tr("Choose a sample…"))
        self.rgb_radio.setText(self.tr("RGB"))
        self.rgb_radio.setToolTip(self.tr("Three channels: red, green, blue"))
        self.gray_radio.setText(self.tr("Grayscale"))
        self.gray_radio.setToolTip(self.tr("One channel: brightness"))
        self.mode_label.setText(self.tr("Image channels:"))
        self.size_label.setText(self.tr("Working size:"))
        self.size_spin.setSuffix(self.tr(" px (long side)"))
        self.size_spin.setToolTip(
            self.tr("Large photos are scaled down so the long side has this many pixels")
        )
        self._on_session_changed()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

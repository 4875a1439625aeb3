"""The neuron page's controls: preset, inputs and weights, bias, activation."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnviz.presenters.neuron import MAX_INPUTS, MAX_MAGNITUDE, MIN_INPUTS, NeuronPresenter, NeuronState


class NumberBox(QDoubleSpinBox):
    """A spin box for one real number, written without trailing zeros (``20``, ``0.5``)."""

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(QLocale.c())  # "0.5" in every language; no group separators
        self.setDecimals(4)
        self.setRange(-MAX_MAGNITUDE, MAX_MAGNITUDE)
        self.setSingleStep(1.0)
        self.setPrefix(prefix)
        self.setMinimumWidth(96)

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt API)
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text

    def show_value(self, value: float) -> None:
        """Show ``value`` without telling anyone (and without moving the cursor if unchanged)."""
        if self.value() != value:
            blocked = self.blockSignals(True)
            self.setValue(value)
            self.blockSignals(blocked)


class NeuronControls(QWidget):
    """Every number of the neuron as a spin box, plus the activation and preset menus.

    Edits go straight to the presenter's slots; :meth:`show_state` only draws.
    """

    def __init__(self, presenter: NeuronPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.preset_combo = QComboBox()
        self.count_spin = QSpinBox()
        self.count_spin.setRange(MIN_INPUTS, MAX_INPUTS)
        self.input_boxes = [NumberBox(f"x{i + 1} = ") for i in range(MAX_INPUTS)]
        self.weight_boxes = [NumberBox(f"w{i + 1} = ") for i in range(MAX_INPUTS)]
        self.bias_box = NumberBox("b = ")
        self.activation_combo = QComboBox()
        self.formula_label = QLabel()
        self.formula_label.setWordWrap(True)
        self.formula_label.setStyleSheet("color: #404040")
        self.derivative_check = QCheckBox()

        self.neuron_box = QGroupBox()
        form = QFormLayout(self.neuron_box)
        self.preset_label, self.count_label = QLabel(), QLabel()
        form.addRow(self.preset_label, self.preset_combo)
        form.addRow(self.count_label, self.count_spin)
        self.values_box = QGroupBox()
        grid = QGridLayout(self.values_box)
        self.inputs_header, self.weights_header = QLabel(), QLabel()
        grid.addWidget(self.inputs_header, 0, 0)
        grid.addWidget(self.weights_header, 0, 1)
        for i, (x_box, w_box) in enumerate(zip(self.input_boxes, self.weight_boxes)):
            grid.addWidget(x_box, i + 1, 0)
            grid.addWidget(w_box, i + 1, 1)
            x_box.valueChanged.connect(lambda v, i=i: self.presenter.set_input(i, v))
            w_box.valueChanged.connect(lambda v, i=i: self.presenter.set_weight(i, v))
        self.bias_label = QLabel()
        grid.addWidget(self.bias_label, MAX_INPUTS + 1, 0)
        grid.addWidget(self.bias_box, MAX_INPUTS + 1, 1)
        self.activation_box = QGroupBox()
        act = QVBoxLayout(self.activation_box)
        act.addWidget(self.activation_combo)
        act.addWidget(self.formula_label)
        act.addWidget(self.derivative_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.neuron_box)
        layout.addWidget(self.values_box)
        layout.addWidget(self.activation_box)
        layout.addStretch(1)

        self.preset_combo.activated.connect(self._on_preset_combo_activated)
        self.count_spin.valueChanged.connect(self.presenter.set_input_count)
        self.bias_box.valueChanged.connect(self.presenter.set_bias)
        self.activation_combo.activated.connect(self._on_activation_combo_activated)
        self.derivative_check.toggled.connect(self.presenter.set_show_derivative)
        self._retranslate()

    def _on_preset_combo_activated(self, index: int) -> None:
        self.presenter.apply_preset(self.preset_combo.itemData(index))

    def _on_activation_combo_activated(self, index: int) -> None:
        self.presenter.set_activation(self.activation_combo.itemData(index))

    def show_state(self, s: NeuronState) -> None:
        """Put the state's numbers and choices in the widgets, emitting nothing."""
        n = len(s.inputs)
        for i, (x_box, w_box) in enumerate(zip(self.input_boxes, self.weight_boxes)):
            x_box.setVisible(i < n)
            w_box.setVisible(i < n)
            if i < n:
                x_box.show_value(s.inputs[i])
                w_box.show_value(s.weights[i])
        self.bias_box.show_value(s.bias)
        for widget, value in (
            (self.count_spin, n),
            (self.preset_combo, self.preset_combo.findData(s.preset)),
            (self.activation_combo, self.activation_combo.findData(s.activation)),
            (self.derivative_check, s.show_derivative),
        ):
            blocked = widget.blockSignals(True)
            if isinstance(widget, QSpinBox):
                widget.setValue(value)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(value)
            else:
                widget.setChecked(value)
            widget.blockSignals(blocked)
        self.formula_label.setText(f"g(z) = {s.activation_formula}")

    def _fill_combo(self, combo: QComboBox, choices: list[tuple[str, str]]) -> None:
        blocked = combo.blockSignals(True)
        current = combo.currentData()
        combo.clear()
        for name, label in choices:
            combo.addItem(label, name)
        if current is not None:
            combo.setCurrentIndex(combo.findData(current))
        combo.blockSignals(blocked)

    def _retranslate(self) -> None:
        self._fill_combo(self.preset_combo, self.presenter.preset_choices())
        self._fill_combo(self.activation_combo, self.presenter.activation_choices())
        self.neuron_box.setTitle(self.tr("Neuron"))
        self.preset_label.setText(self.tr("Preset:"))
        self.count_label.setText(self.tr("Inputs:"))
        self.values_box.setTitle(self.tr("Inputs and weights"))
        self.inputs_header.setText(self.tr("input x"))
        self.weights_header.setText(self.tr("weight w"))
        self.bias_label.setText(self.tr("bias"))
        self.activation_box.setTitle(self.tr("Activation function"))
        self.derivative_check.setText(self.tr("Show the derivative g'(z)"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

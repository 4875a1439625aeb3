"""The neuron page's session: one neuron ``a = g(w·x + b)`` a student edits.

The presenter owns the inputs, weights, bias, activation and preset; every
change is answered with one :class:`NeuronState` (numbers, written formulas,
curve samples and the truth table, all from :mod:`cnnviz.core.neuron`), so a
view only draws.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from cnnviz.core.formatting import format_number
from cnnviz.core.neuron import (
    ACTIVATIONS,
    NEURON_PRESETS,
    curve_samples,
    flat_intervals,
    format_activation,
    format_derivative,
    format_value,
    format_weighted_sum,
    get_activation,
    neuron,
    truth_table,
)

from .neuron_text import activation_label, preset_label, preset_note

MIN_INPUTS, MAX_INPUTS = 1, 5
#: the largest |value| a student may type: larger numbers are typing slips
MAX_MAGNITUDE = 1_000_000.0
CUSTOM = "custom"
#: activations whose flat ends the plot shades as "saturated" (the article's case against sigmoid)
SATURATING = ("sigmoid", "tanh")
#: the preset menu's order; "custom" is whatever the student made
PRESET_ORDER = ("and", "or", "not", "festival", CUSTOM)


@dataclass(frozen=True)
class TableRow:
    """One truth-table row: binary ``inputs`` (n,), ``z``, ``a = g(z)``; ``cells``
    are the texts to show (x1 … xn, z, g(z)) and ``tooltip`` the exact g(z)."""

    inputs: tuple[int, ...]
    z: float
    a: float
    cells: tuple[str, ...]
    tooltip: str


@dataclass(frozen=True)
class NeuronState:
    """Everything the neuron page shows, for one moment of the session.

    ``curve_z``, ``curve_g``, ``curve_dg`` are read-only float64 arrays (P,)
    sampling ``g`` and ``g'`` on a range that holds ``z`` and every table row's z.
    ``saturated`` holds the z intervals where a sigmoid or tanh is flat (g' < 0.01).
    ``current_row`` is the table row equal to the inputs (None unless all are 0/1).
    """

    inputs: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    activation: str
    activation_label: str
    activation_formula: str
    preset: str
    z: float
    z_text: str
    a: float
    derivative: float
    show_derivative: bool
    sum_text: str
    activation_text: str
    derivative_text: str
    note: str
    curve_z: np.ndarray
    curve_g: np.ndarray
    curve_dg: np.ndarray
    saturated: tuple[tuple[float, float], ...]
    table_headers: tuple[str, ...]
    table: tuple[TableRow, ...]
    current_row: int | None


class NeuronPresenter(QObject):
    """One neuron with 1–5 inputs, opened on the article's AND neuron.

    Editing a weight, the bias, the activation or the number of inputs turns
    the preset into ``"custom"``; changing an input does not (the neuron is the
    same, only evaluated elsewhere).

    Signals
    -------
    neuron_changed(NeuronState) : after every accepted change (and on :meth:`refresh`)
    error_reported(str) : a value was refused; the state is unchanged
    """

    neuron_changed = Signal(object)
    error_reported = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._inputs: list[float] = []
        self._weights: list[float] = []
        self._bias = 0.0
        self._activation = "sigmoid"
        self._preset = CUSTOM
        self._show_derivative = False
        self._load_preset("and")
        self._state = self._build()

    # -- read-only state ---------------------------------------------------------
    @property
    def state(self) -> NeuronState:
        return self._state

    @property
    def preset(self) -> str:
        return self._preset

    @property
    def input_count(self) -> int:
        return len(self._inputs)

    @staticmethod
    def activation_choices() -> list[tuple[str, str]]:
        """``(name, translated label)`` of every activation, in menu order."""
        return [(name, activation_label(name)) for name in ACTIVATIONS]

    @staticmethod
    def preset_choices() -> list[tuple[str, str]]:
        """``(name, translated label)`` of every preset, ``"custom"`` last."""
        return [(name, preset_label(name)) for name in PRESET_ORDER]

    # -- slots -------------------------------------------------------------------
    @Slot(int, float)
    def set_input(self, i: int, value: float) -> bool:
        """Set input ``x[i]`` (0-based); False (and ``error_reported``) if refused."""
        if not self._check_index(i) or not self._check_value(value, f"x{i + 1}", self._inputs[i]):
            return False
        if self._inputs[i] != value:
            self._inputs[i] = float(value)
            self._emit()
        return True

    @Slot(int, float)
    def set_weight(self, i: int, value: float) -> bool:
        """Set weight ``w[i]`` (0-based); the preset becomes "custom"."""
        if not self._check_index(i) or not self._check_value(value, f"w{i + 1}", self._weights[i]):
            return False
        if self._weights[i] != value:
            self._weights[i] = float(value)
            self._edited()
        return True

    @Slot(float)
    def set_bias(self, value: float) -> bool:
        """Set the bias ``b``; the preset becomes "custom"."""
        if not self._check_value(value, "b", self._bias):
            return False
        if self._bias != value:
            self._bias = float(value)
            self._edited()
        return True

    @Slot(str)
    def set_activation(self, name: str) -> bool:
        """Choose the activation by name (a key of ``cnnviz.core.ACTIVATIONS``)."""
        if name not in ACTIVATIONS:
            self.error_reported.emit(
                QCoreApplication.translate(
                    "NeuronPresenter", "There is no activation called {0}; choose one of {1}."
                ).format(name, ", ".join(ACTIVATIONS))
            )
            return False
        if name != self._activation:
            self._activation = name
            self._edited()
        return True

    @Slot(int)
    def set_input_count(self, n: int) -> bool:
        """Use ``n`` inputs (1–5): new ones start at x = 1, w = 0 (z is unchanged)."""
        if isinstance(n, bool) or not isinstance(n, int) or not MIN_INPUTS <= n <= MAX_INPUTS:
            self.error_reported.emit(
                QCoreApplication.translate(
                    "NeuronPresenter", "A neuron here has {0} to {1} inputs, not {2}."
                ).format(MIN_INPUTS, MAX_INPUTS, n)
            )
            return False
        if n != len(self._inputs):
            extra = n - len(self._inputs)
            self._inputs = self._inputs[:n] + [1.0] * max(0, extra)
            self._weights = self._weights[:n] + [0.0] * max(0, extra)
            self._edited()
        return True

    @Slot(str)
    def apply_preset(self, name: str) -> bool:
        """Load a preset ("and", "or", "not", "festival"); "custom" keeps the numbers."""
        if name not in PRESET_ORDER:
            names = ", ".join(PRESET_ORDER)
            self.error_reported.emit(
                QCoreApplication.translate(
                    "NeuronPresenter", "There is no preset called {0}; choose one of {1}."
                ).format(name, names)
            )
            return False
        self._load_preset(name)
        self._emit()
        return True

    @Slot(bool)
    def set_show_derivative(self, show: bool) -> None:
        """Draw ``g'`` beside ``g`` (and write ``g'(z)``) or not."""
        if bool(show) != self._show_derivative:
            self._show_derivative = bool(show)
            self._emit()

    @Slot()
    def refresh(self) -> None:
        """Send the state again, its texts in the current language."""
        self._emit()

    # -- internals -----------------------------------------------------------------
    def _load_preset(self, name: str) -> None:
        if name != CUSTOM:
            p = NEURON_PRESETS[name]
            self._inputs = list(p.inputs)
            self._weights = list(p.weights)
            self._bias = p.bias
            self._activation = p.activation
        self._preset = name

    def _check_index(self, i: int) -> bool:
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(self._inputs):
            self.error_reported.emit(
                QCoreApplication.translate(
                    "NeuronPresenter", "There is no input {0}; this neuron has {1}."
                ).format(i + 1 if isinstance(i, int) else i, len(self._inputs))
            )
            return False
        return True

    def _check_value(self, value: float, name: str, current: float) -> bool:
        ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
        if ok and math.isfinite(value) and abs(value) <= MAX_MAGNITUDE:
            return True
        self.error_reported.emit(
            QCoreApplication.translate(
                "NeuronPresenter", "{0} must be a number between -{1} and {1}, not {2}; it stays {3}."
            ).format(
                name,
                format_number(MAX_MAGNITUDE),
                format_number(value) if ok else repr(value),
                format_number(current),
            )
        )
        return False

    def _edited(self) -> None:
        self._preset = CUSTOM
        self._emit()

    def _emit(self) -> None:
        self._state = self._build()
        self.neuron_changed.emit(self._state)

    def _build(self) -> NeuronState:
        g = get_activation(self._activation)
        x, w, b = self._inputs, self._weights, self._bias
        z, a = neuron(x, w, b, g)
        rows = truth_table(w, b, g)
        curve_z, curve_g, curve_dg = curve_samples(g, [z, *(r.z for r in rows)])
        for arr in (curve_z, curve_g, curve_dg):
            arr.flags.writeable = False
        binary = all(v in (0.0, 1.0) for v in x)
        current = int("".join(str(int(v)) for v in x), 2) if binary else None
        n = len(x)
        return NeuronState(
            inputs=tuple(x),
            weights=tuple(w),
            bias=b,
            activation=g.name,
            activation_label=activation_label(g.name),
            activation_formula=g.formula,
            preset=self._preset,
            z=z,
            z_text=format_number(z),
            a=a,
            derivative=float(g.derivative(z)),
            show_derivative=self._show_derivative,
            sum_text=format_weighted_sum(x, w, b),
            activation_text=format_activation(g, z),
            derivative_text=format_derivative(g, z),
            note=preset_note(self._preset),
            curve_z=curve_z,
            curve_g=curve_g,
            curve_dg=curve_dg,
            saturated=flat_intervals(curve_z, curve_dg) if g.name in SATURATING else (),
            table_headers=(*(f"x{i + 1}" for i in range(n)), "z", "g(z)"),
            table=tuple(
                TableRow(
                    r.inputs,
                    r.z,
                    r.a,
                    (*(str(v) for v in r.inputs), format_number(r.z), format_value(r.a)),
                    f"g({format_number(r.z)}) = {r.a:.7g}",
                )
                for r in rows
            ),
            current_row=current,
        )

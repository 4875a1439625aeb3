"""One neuron ``a = g(w·x + b)``: activation functions, the article's presets,
truth tables, curve samples and the sum written out.

Everything here is float64 numpy on the host: a neuron has at most a handful
of inputs, so there is nothing to gain from another array module.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np

from .formatting import format_number

#: slope of leaky ReLU for ``z < 0``
LEAKY_SLOPE = 0.01
#: truth tables list ``2**n`` rows; beyond this many inputs that is no table to read
MAX_TABLE_INPUTS = 10
#: curve samples drawn by :func:`curve_samples` (odd, so ``z = 0`` is one of them)
CURVE_POINTS = 401
#: the smallest half-width of a curve's z range
MIN_CURVE_HALF_WIDTH = 6.0

ArrayFn = Callable[[Any], np.ndarray]


class Activation(NamedTuple):
    """An activation ``g`` and its derivative ``g'``, both vectorised.

    ``fn`` and ``derivative`` take any array-like ``z`` (any shape) and return a
    float64 array of the same shape. ``label`` is the display name, ``formula``
    the definition written in language-neutral maths.
    """

    name: str
    label: str
    formula: str
    fn: ArrayFn
    derivative: ArrayFn


def _z(z: Any) -> np.ndarray:
    return np.asarray(z, dtype=np.float64)


def _sigmoid(z: Any) -> np.ndarray:
    z = _z(z)
    e = np.exp(-np.abs(z))  # never exp of a large positive number: no overflow at ±1000
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_derivative(z: Any) -> np.ndarray:
    s = _sigmoid(z)
    return s * (1.0 - s)


def _tanh(z: Any) -> np.ndarray:
    return np.tanh(_z(z))


def _tanh_derivative(z: Any) -> np.ndarray:
    t = np.tanh(_z(z))
    return 1.0 - t * t


def _relu(z: Any) -> np.ndarray:
    return np.maximum(_z(z), 0.0)


def _relu_derivative(z: Any) -> np.ndarray:
    # at the kink z = 0 we take 0, as PyTorch does
    return np.where(_z(z) > 0, 1.0, 0.0)


def _leaky_relu(z: Any) -> np.ndarray:
    z = _z(z)
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def _leaky_relu_derivative(z: Any) -> np.ndarray:
    return np.where(_z(z) > 0, 1.0, LEAKY_SLOPE)


def _step(z: Any) -> np.ndarray:
    # z = 0 fires (1): a perceptron "goes" when w·x reaches its threshold -b exactly
    return np.where(_z(z) >= 0, 1.0, 0.0)


def _step_derivative(z: Any) -> np.ndarray:
    # 0 everywhere; at z = 0 the jump has no derivative and 0 is what is drawn
    return np.zeros_like(_z(z))


def _identity(z: Any) -> np.ndarray:
    return _z(z).copy()


def _identity_derivative(z: Any) -> np.ndarray:
    return np.ones_like(_z(z))


#: name → :class:`Activation`, in the order a menu lists them
ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", "sigmoid", "1 / (1 + e^(-z))", _sigmoid, _sigmoid_derivative),
        Activation("tanh", "tanh", "(e^z - e^(-z)) / (e^z + e^(-z))", _tanh, _tanh_derivative),
        Activation("relu", "ReLU", "max(0, z)", _relu, _relu_derivative),
        Activation(
            "leaky_relu", "leaky ReLU", f"max({LEAKY_SLOPE:g}·z, z)", _leaky_relu, _leaky_relu_derivative
        ),
        Activation("step", "step", "1 (z ≥ 0), 0 (z < 0)", _step, _step_derivative),
        Activation("identity", "identity", "z", _identity, _identity_derivative),
    )
}


def get_activation(activation: str | Activation) -> Activation:
    """The :class:`Activation` named ``activation`` (or ``activation`` itself)."""
    if isinstance(activation, Activation):
        return activation
    try:
        return ACTIVATIONS[activation]
    except KeyError:
        names = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {activation!r}; choose one of {names}") from None


def _vector(v: Any, name: str) -> np.ndarray:
    arr = np.asarray(v, dtype=np.float64)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty vector (n,), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must hold finite numbers")
    return arr


def weighted_sum(x: Any, w: Any, b: float) -> float:
    """``z = w·x + b`` for ``x``, ``w`` of shape (n,), summed exactly (``math.fsum``)."""
    x, w = _vector(x, "x"), _vector(w, "w")
    if x.shape != w.shape:
        raise ValueError(f"x has {x.size} inputs but w has {w.size} weights")
    if not math.isfinite(b):
        raise ValueError("b must be a finite number")
    return math.fsum([*(w * x).tolist(), float(b)])


def neuron(x: Any, w: Any, b: float, activation: str | Activation) -> tuple[float, float]:
    """One neuron: ``z = w·x + b`` and ``a = g(z)``.

    Parameters
    ----------
    x, w : array-like (n,)
        Inputs and one weight per input.
    b : float
        The bias.
    activation : str or Activation
        A name from :data:`ACTIVATIONS` (``"sigmoid"``, ``"relu"``, …) or the object.

    Returns
    -------
    (z, a) : tuple of float
    """
    g = get_activation(activation)
    z = weighted_sum(x, w, b)
    return z, float(g.fn(z))


class TruthRow(NamedTuple):
    """One row of a truth table: binary ``inputs`` (n,), ``z`` and ``a = g(z)``."""

    inputs: tuple[int, ...]
    z: float
    a: float


def truth_table(w: Any, b: float, activation: str | Activation) -> tuple[TruthRow, ...]:
    """Every binary input of a neuron with weights ``w`` (n,): ``2**n`` rows.

    Rows count up in binary with ``x1`` the most significant input — for two
    inputs ``(0, 0), (0, 1), (1, 0), (1, 1)``, the article's order.
    """
    w = _vector(w, "w")
    if w.size > MAX_TABLE_INPUTS:
        raise ValueError(f"a truth table of {w.size} inputs has {2**w.size} rows; at most {MAX_TABLE_INPUTS}")
    g = get_activation(activation)
    rows = []
    for bits in itertools.product((0, 1), repeat=w.size):
        z, a = neuron(np.asarray(bits, np.float64), w, b, g)
        rows.append(TruthRow(tuple(bits), z, a))
    return tuple(rows)


@dataclass(frozen=True)
class NeuronPreset:
    """A ready-made neuron: its ``weights`` (n,), ``bias``, ``activation`` name
    and the ``inputs`` (n,) it opens with."""

    name: str
    weights: tuple[float, ...]
    bias: float
    activation: str
    inputs: tuple[float, ...]


#: The article's neurons. AND: ``z = 20·x1 + 20·x2 - 30`` is positive only for
#: (1, 1), where sigmoid(10) ≈ 1; OR and NOT are built the same way. The music
#: festival perceptron weighs "likes the performers" 7 and "has company" 3 and
#: goes when ``7·x1 + 3·x2`` reaches the threshold 5 (bias -5, step fires at
#: z = 0): it goes exactly when the student likes the performers.
NEURON_PRESETS: dict[str, NeuronPreset] = {
    p.name: p
    for p in (
        NeuronPreset("and", (20.0, 20.0), -30.0, "sigmoid", (1.0, 1.0)),
        NeuronPreset("or", (20.0, 20.0), -10.0, "sigmoid", (0.0, 1.0)),
        NeuronPreset("not", (-20.0,), 10.0, "sigmoid", (1.0,)),
        NeuronPreset("festival", (7.0, 3.0), -5.0, "step", (1.0, 0.0)),
    )
}


def curve_samples(
    activation: str | Activation, z_values: Sequence[float] = (), points: int = CURVE_POINTS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``g`` and ``g'`` sampled on a symmetric z range that holds every ``z_values``.

    The half-width is a round number (1, 1.5, 2, 3, 4, 5, 6 or 8 × 10^k, at
    least :data:`MIN_CURVE_HALF_WIDTH`) 15 % beyond the largest ``|z|``, so the
    range stays put while small edits move ``z``.

    Returns
    -------
    z, g, dg : ndarray (points,)
    """
    g = get_activation(activation)
    reach = max((abs(float(v)) for v in z_values), default=0.0) * 1.15
    half = MIN_CURVE_HALF_WIDTH
    if reach > half:
        exponent = math.floor(math.log10(reach))
        half = next(
            m * 10.0**e
            for e in (exponent, exponent + 1)
            for m in (1, 1.5, 2, 3, 4, 5, 6, 8)
            if m * 10.0**e >= reach
        )
    z = np.linspace(-half, half, points)
    return z, g.fn(z), g.derivative(z)


def format_weighted_sum(x: Any, w: Any, b: float) -> str:
    """``z = w·x + b`` written out: ``"z = 20*1 + 20*1 + (-30) = 10"``.

    Terms are ``weight*input`` (a negative weight bare, a negative input and the
    bias in brackets). Numbers are rounded by :func:`format_number`; when the
    rounded terms do not add up to the rounded result, ``≈`` replaces ``=``.
    """
    x, w = _vector(x, "x"), _vector(w, "w")
    z = weighted_sum(x, w, b)
    terms, exact = [], Decimal(0)
    for wi, xi in zip(w.tolist(), x.tolist()):
        ws, xs = format_number(wi), format_number(xi)
        exact += Decimal(ws) * Decimal(xs)
        terms.append(f"{ws}*{_bracket(xs)}")
    bs = format_number(b)
    exact += Decimal(bs)
    zs = format_number(z)
    sign = "=" if exact == Decimal(zs) else "≈"
    return f"z = {' + '.join(terms)} + {_bracket(bs)} {sign} {zs}"


def flat_intervals(z: Any, dg: Any, threshold: float = 0.01) -> tuple[tuple[float, float], ...]:
    """Where a sampled ``g'`` stays below ``threshold`` (nearly flat ``g``).

    ``z`` (P,) increasing and ``dg`` (P,) from :func:`curve_samples`; returns
    ``(start, end)`` z intervals, left to right — for sigmoid on ±40 that is
    ``((-40, -4.6), (4.6, 40))`` roughly: the saturated regions.
    """
    z, flat = np.asarray(z, np.float64), np.abs(np.asarray(dg, np.float64)) < threshold
    change = np.diff(np.concatenate(([0], flat.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(change == 1), np.flatnonzero(change == -1) - 1
    return tuple((float(z[i]), float(z[j])) for i, j in zip(starts, ends) if j > i)


def _bracket(text: str) -> str:
    return f"({text})" if text.startswith("-") else text


def _rounded(value: float) -> str:
    """:func:`format_number`, except that values below 0.0005 are written 0:
    the article writes sigmoid(-30) = 9.4e-14 as "≈ 0"."""
    return "0" if abs(value) < 0.0005 else format_number(value)


def _equals(value: float) -> str:
    """``"= 0.5"`` when the written value is exact, else ``"≈ 1"``."""
    text = _rounded(value)
    return f"{'=' if float(text) == value else '≈'} {text}"


def format_activation(activation: str | Activation, z: float) -> str:
    """``a = g(z)`` written out: ``"a = sigmoid(10) ≈ 1"``, ``"a = relu(-3) = 0"``."""
    g = get_activation(activation)
    return f"a = {g.name}({format_number(z)}) {_equals(float(g.fn(z)))}"


def format_derivative(activation: str | Activation, z: float) -> str:
    """``g'(z)`` written out: ``"sigmoid'(10) ≈ 0"`` (4.5e-05 rounds to 0),
    ``"sigmoid'(0) = 0.25"``."""
    g = get_activation(activation)
    return f"{g.name}'({format_number(z)}) {_equals(float(g.derivative(z)))}"


def format_value(value: float) -> str:
    """A table cell: ``"-10"`` when exact, ``"≈ 1"`` when rounded (0.99995),
    ``"≈ 0"`` for 9.4e-14."""
    text = _rounded(value)
    return text if float(text) == value else f"≈ {text}"

"""A fully-connected layer and the softmax of its outputs, one output at a time.

The presenter holds ``x`` (IN,), ``w`` (OUT, IN) and ``b`` (OUT,), builds the
core's :class:`~cnnviz.core.traces.LinearTrace` and the
:class:`~cnnviz.core.traces.SoftmaxTrace` of its logits, and keeps one current
output ``k``: neuron ``k`` of the layer is the logit of class ``k``. For that
output it hands the views two frozen records, :class:`LinearDetail` (the
neuron's terms, largest first, and the written sum) and :class:`SoftmaxDetail`
(every class's probability and the written ratio), so a view only draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from cnnviz.core.formatting import APPROX, EQUALS, format_linear, format_number, format_softmax
from cnnviz.core.traces import LinearStep, LinearTrace, SoftmaxStep, SoftmaxTrace

#: bars a neuron's term list shows before it sums up the rest in one line
MAX_BARS = 12


def _more_label(n: int, sum_text: str) -> str:
    if n == 1:
        return QCoreApplication.translate("DensePresenter", "1 more term (sum {0})").format(sum_text)
    return QCoreApplication.translate("DensePresenter", "{0} more terms (sum {1})").format(n, sum_text)


def _product_label(w: float, x: float, t: float) -> str:
    """``"0.5*2 = 1"``; ``≈`` when the written factors do not give the written product."""
    ws, xs, ts = format_number(w), format_number(x), format_number(t)
    try:
        holds = Fraction(ws) * Fraction(xs) == Fraction(ts)
    except (ValueError, ZeroDivisionError):  # nan or inf
        holds = False
    return f"{ws}*{xs} {EQUALS if holds else APPROX} {ts}"


@dataclass(frozen=True)
class TermBar:
    """One term ``w[i]*x[i]`` of a neuron: input ``index``, its ``value`` and ``label`` (``"0.5*2 = 1"``)."""

    index: int
    value: float
    label: str


@dataclass(frozen=True, eq=False)
class LinearDetail:
    """What the term list of neuron ``neuron`` shows.

    ``bars`` are the ``MAX_BARS`` largest ``|w*x|``, largest first (ties: lower
    input first); ``order`` (IN,) is every input index in that order. The
    ``hidden`` remaining terms add up to ``hidden_sum`` (written ``hidden_text``,
    empty when none). ``scale`` is the largest ``|value|`` a bar (or the bias)
    has, for bar lengths. ``sum_text`` is :func:`format_linear` of the step.
    """

    step: LinearStep
    neuron: int
    name: str
    bars: tuple[TermBar, ...]
    order: np.ndarray
    hidden: int
    hidden_sum: float
    hidden_text: str
    bias: float
    bias_text: str
    value: float
    value_text: str
    scale: float
    sum_text: str


@dataclass(frozen=True)
class ClassBar:
    """Class ``cls`` (called ``name``): its ``logit`` (written ``logit_text``) and
    ``probability`` (written ``label``)."""

    cls: int
    name: str
    logit: float
    logit_text: str
    probability: float
    label: str


@dataclass(frozen=True, eq=False)
class SoftmaxDetail:
    """Every class's probability (``bars`` in class order, ``probabilities`` (K,)
    read-only) and the current class's ``exp(z_k) / Σ exp(z_j)`` written out
    (``text``, :func:`format_softmax`)."""

    step: SoftmaxStep
    current: int
    bars: tuple[ClassBar, ...]
    probabilities: np.ndarray
    text: str


class DensePresenter(QObject):
    """One fully-connected layer on one input, and the softmax of its outputs.

    Parameters
    ----------
    x : array (IN,), the layer's input
    w : array (OUT, IN), weights
    b : array (OUT,) or None (zeros), biases
    class_names : OUT names, or None for "class 0", "class 1", …
    max_bars : how many of a neuron's terms get a bar of their own

    Signals
    -------
    session_changed() : new data (:meth:`set_data`); ``step_changed`` follows
    step_changed(int) : the current output ``k`` changed (and on :meth:`refresh`)

    Raises
    ------
    ValueError
        For mismatched shapes, empty or non-finite arrays, or a wrong number of names.
    """

    session_changed = Signal()
    step_changed = Signal(int)

    def __init__(
        self,
        x: Any,
        w: Any,
        b: Any = None,
        class_names: Sequence[str] | None = None,
        *,
        max_bars: int = MAX_BARS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if max_bars < 1:
            raise ValueError(f"max_bars must be at least 1, got {max_bars}")
        self.max_bars = int(max_bars)
        self._k = 0
        self._load(x, w, b, class_names)

    # -- data --------------------------------------------------------------------------
    def set_data(self, x: Any, w: Any, b: Any = None, class_names: Sequence[str] | None = None) -> None:
        """Show another layer (shapes as in the constructor); the current output is kept when it exists."""
        self._load(x, w, b, class_names)
        self.session_changed.emit()
        self.step_changed.emit(self._k)

    def _load(self, x: Any, w: Any, b: Any, class_names: Sequence[str] | None) -> None:
        linear = LinearTrace(x, w, b)
        softmax = SoftmaxTrace(linear.output)
        out = len(linear)
        if class_names is not None and len(class_names) != out:
            raise ValueError(f"expected {out} class names, got {len(class_names)}")
        self._linear, self._softmax = linear, softmax
        self._names = None if class_names is None else tuple(str(n) for n in class_names)
        self._k = min(self._k, out - 1)
        self._rebuild()

    # -- read-only state -----------------------------------------------------------------
    @property
    def linear_trace(self) -> LinearTrace:
        return self._linear

    @property
    def softmax_trace(self) -> SoftmaxTrace:
        return self._softmax

    @property
    def num_steps(self) -> int:
        """OUT: one step per neuron (= class)."""
        return len(self._linear)

    @property
    def step_index(self) -> int:
        return self._k

    @property
    def class_names(self) -> tuple[str, ...]:
        """OUT names, in the current language when they are the default ones."""
        if self._names is not None:
            return self._names
        word = QCoreApplication.translate("DensePresenter", "class {0}")
        return tuple(word.format(k) for k in range(self.num_steps))

    @property
    def linear_detail(self) -> LinearDetail:
        return self._linear_detail

    @property
    def softmax_detail(self) -> SoftmaxDetail:
        return self._softmax_detail

    # -- slots ---------------------------------------------------------------------------------
    @Slot(int)
    def seek(self, k: int) -> None:
        """Make output ``k`` (neuron and class) current; negative counts from the end."""
        k = self._linear.position(int(k))[0]  # raises IndexError outside the layer
        if k != self._k:
            self._k = k
            self._rebuild()
            self.step_changed.emit(k)

    @Slot(int)
    def step(self, delta: int = 1) -> None:
        """Move ``delta`` outputs on, stopping at the first and the last."""
        self.seek(max(0, min(self.num_steps - 1, self._k + int(delta))))

    @Slot()
    def refresh(self) -> None:
        """Rewrite the texts in the current language and send ``step_changed`` again."""
        self._rebuild()
        self.step_changed.emit(self._k)

    # -- internals ---------------------------------------------------------------------------
    def _rebuild(self) -> None:
        self._linear_detail = self._build_linear(self._linear[self._k])
        self._softmax_detail = self._build_softmax(self._softmax[self._k])

    def _build_linear(self, step: LinearStep) -> LinearDetail:
        terms = np.asarray(step.terms, dtype=np.float64)
        # the same choice as format_linear: stable, so ties keep the lower input first
        order = np.argsort(-np.abs(terms), kind="stable")
        order.setflags(write=False)
        shown = [int(i) for i in order[: self.max_bars]]
        w, x = step.weights, step.inputs
        bars = tuple(TermBar(i, float(terms[i]), _product_label(w[i], x[i], terms[i])) for i in shown)
        hidden = terms.size - len(shown)
        hidden_sum = float(terms.sum() - terms[shown].sum()) if hidden else 0.0
        hidden_text = _more_label(hidden, format_number(hidden_sum)) if hidden else ""
        scale = max([abs(t.value) for t in bars] + [abs(step.bias)])
        bias_word = QCoreApplication.translate("DensePresenter", "bias")
        return LinearDetail(
            step=step,
            neuron=step.neuron,
            name=self.class_names[step.neuron],
            bars=bars,
            order=order,
            hidden=hidden,
            hidden_sum=hidden_sum,
            hidden_text=hidden_text,
            bias=step.bias,
            bias_text=format_number(step.bias),
            value=step.value,
            value_text=format_number(step.value),
            scale=scale if scale > 0 else 1.0,
            sum_text=format_linear(step, self.max_bars, bias_label=bias_word, more_label=_more_label),
        )

    def _build_softmax(self, step: SoftmaxStep) -> SoftmaxDetail:
        # float64 from the trace's steps, so a bar's label and the written ratio agree
        steps = [self._softmax[j] for j in range(len(self._softmax))]
        p = np.array([s.probability for s in steps])
        p.setflags(write=False)
        names = self.class_names
        bars = tuple(
            ClassBar(
                s.cls, names[s.cls], s.logit, format_number(s.logit),
                s.probability, format_number(s.probability),
            )
            for s in steps
        )
        return SoftmaxDetail(
            step=step,
            current=step.cls,
            bars=bars,
            probabilities=p,
            text=format_softmax(step, more_label=_more_label),
        )


def demo_dense_presenter(parent: QObject | None = None) -> DensePresenter:
    """A made-up last layer: 16 inputs (0…0.9), 4 classes, weights with two decimals."""
    rng = np.random.default_rng(9)
    x = rng.integers(0, 10, 16) / 10
    w = np.round(rng.normal(0.0, 0.6, (4, 16)), 2)
    b = np.array([0.1, -0.2, 0.05, 0.0])
    names = [
        QCoreApplication.translate("DensePresenter", "cat"),
        QCoreApplication.translate("DensePresenter", "dog"),
        QCoreApplication.translate("DensePresenter", "ship"),
        QCoreApplication.translate("DensePresenter", "truck"),
    ]
    f32 = np.float32
    return DensePresenter(x.astype(f32), w.astype(f32), b.astype(f32), names, parent=parent)

"""Detail widgets of a fully-connected layer (全连接层) and its softmax.

:class:`LinearDetailView` lists the current neuron's terms ``w*x`` as bars,
largest contribution first, then the bias and the sum written out;
:class:`SoftmaxDetailView` shows every class's probability as a bar and writes
``exp(z_k) / Σ exp(z_j)`` for the current class. Both draw the records of a
:class:`~cnnviz.presenters.dense.DensePresenter` and compute nothing.

Whoever owns the presenter calls its ``refresh()`` on a language change (as
:class:`~cnnviz.views.stages.dense_page.DensePage` does), so the written sums
come back in the new language.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from cnnviz.presenters.dense import DensePresenter

from .bar_list import NEGATIVE_COLOR, POSITIVE_COLOR, BarList, BarRow


def _title() -> QLabel:
    label = QLabel()
    label.setStyleSheet("font-size: 15px; font-weight: bold; padding: 2px 4px")
    label.setWordWrap(True)
    return label


def _note() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #555; padding: 0 4px")
    label.setWordWrap(True)
    return label


def _formula() -> QLabel:
    label = QLabel()
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPixelSize(18)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("background: white; color: #141414; padding: 8px")
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def _sign_color(value: float) -> QColor:
    return NEGATIVE_COLOR if value < 0 else POSITIVE_COLOR


class _DetailView(QWidget):
    """Title, note, a bar list and a written formula, redrawn on every step."""

    def __init__(self, presenter: DensePresenter, signed: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.title_label, self.note_label = _title(), _note()
        self.bars = BarList(signed)
        self.formula_label = _formula()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.note_label)
        layout.addWidget(self.bars)
        layout.addWidget(self.formula_label)
        layout.addStretch(1)
        self.setAutoFillBackground(True)
        presenter.session_changed.connect(self._on_session_changed)
        presenter.step_changed.connect(self._on_step_changed)

    def _on_session_changed(self) -> None:
        self._on_step_changed(self.presenter.step_index)

    def _on_step_changed(self, k: int) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            # the presenter's words come back with its refresh(); these are ours
            self._on_step_changed(self.presenter.step_index)
        super().changeEvent(event)

    # -- what tests read ------------------------------------------------------------------
    def bar_values(self) -> list[float]:
        """The values of the rows that have a bar, top to bottom."""
        return [r.value for r in self.bars.rows if not math.isnan(r.value)]

    def bar_texts(self) -> list[str]:
        """Every row's text, top to bottom."""
        return [r.text for r in self.bars.rows]


class LinearDetailView(_DetailView):
    """The current neuron's terms ``w*x`` as bars (blue adds, red subtracts), the
    largest first; the rest summed in one line; the bias; the sum written out."""

    def __init__(self, presenter: DensePresenter, parent: QWidget | None = None) -> None:
        super().__init__(presenter, signed=True, parent=parent)
        self._on_step_changed(presenter.step_index)

    def _on_step_changed(self, k: int) -> None:
        d = self.presenter.linear_detail
        self.title_label.setText(
            self.tr("Fully connected layer · neuron {0} ({1})").format(d.neuron, d.name)
        )
        self.note_label.setText(
            self.tr("z = Σ w·x + b: each bar is one term w*x, largest first. Blue adds, red subtracts.")
        )
        rows = [BarRow(t.index, f"#{t.index}", t.value, t.label, _sign_color(t.value)) for t in d.bars]
        if d.hidden:
            rows.append(BarRow(None, "", math.nan, f"… {d.hidden_text}", POSITIVE_COLOR))
        rows.append(BarRow(None, self.tr("bias"), d.bias, d.bias_text, _sign_color(d.bias)))
        self.bars.set_rows(rows, d.scale)
        self.formula_label.setText(f"z = {d.sum_text}")

    def bar_indices(self) -> list[int]:
        """The input index of each term bar, top to bottom."""
        return [r.key for r in self.bars.rows if r.key is not None]


class SoftmaxDetailView(_DetailView):
    """Every class's probability as a bar, the current class highlighted and its
    ``exp(z_k) / Σ exp(z_j)`` written out; clicking a bar selects that class."""

    def __init__(self, presenter: DensePresenter, parent: QWidget | None = None) -> None:
        super().__init__(presenter, signed=False, parent=parent)
        self.bars.setCursor(Qt.CursorShape.PointingHandCursor)
        self.bars.row_clicked.connect(self._on_bars_row_clicked)
        self._on_step_changed(presenter.step_index)

    def _on_step_changed(self, k: int) -> None:
        d = self.presenter.softmax_detail
        self.title_label.setText(self.tr("Softmax probabilities: p_k = exp(z_k) / Σ_j exp(z_j)"))
        self.note_label.setText(
            self.tr("Every class's probability; together they add up to 1. Click a class.")
        )
        rows = [
            BarRow(b.cls, b.name, b.probability, f"{b.label}  (z = {b.logit_text})", POSITIVE_COLOR,
                   current=b.cls == d.current)
            for b in d.bars
        ]
        self.bars.set_rows(rows, 1.0)
        self.formula_label.setText(f"p({d.bars[d.current].name}) = {d.text}")

    def _on_bars_row_clicked(self, cls: int) -> None:
        self.presenter.seek(cls)

    def bar_names(self) -> list[str]:
        """The class names, top to bottom."""
        return [r.name for r in self.bars.rows]

    def current_class(self) -> int | None:
        """The class drawn highlighted."""
        return next((r.key for r in self.bars.rows if r.current), None)

"""How the selected value of the network was computed.

A stack of pages, one per kind of cell: a convolution writes its window,
filter and products per input channel and the sum plus bias, as the
Convolution tab does (with **Open in Convolution tab**); ReLU and pooling
write their formatter's line (pooling with its window), a softmax
probability its ``exp / Σ exp`` line; a fully-connected neuron reuses the
dense detail view (its largest terms as bars). Every text
is the presenter's (the core's formatters); this module only lays it out.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cnnviz.presenters.network import NetworkPresenter
from cnnviz.presenters.network_cells import CellDetail
from cnnviz.presenters.text import format_number, split_equation

from .palette import CURRENT_COLOR, diverging_lut, symmetric_levels
from .stages.dense_view import LinearDetailView

_LUT = diverging_lut()
HINT, CONV, MAP, LINEAR = range(4)


class ValueGrid(QWidget):
    """An (H, W) array of numbers in cells coloured red/white/blue; read-only."""

    def __init__(self, cell: int = 26, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[list[float]] = [[0.0]]
        self.texts: list[list[str]] = [["0"]]
        self.marked: tuple[int, int] | None = None
        self._cell, self._width, self._levels = cell, cell, (-1.0, 1.0)
        self._font = QFont(self.font())
        self._font.setPixelSize(11)

    def needed_width(self, values) -> int:
        """The cell width the numbers of ``values`` need in this grid's font."""
        metrics = QFontMetrics(self._font)
        texts = (format_number(float(v)) for v in np.ravel(values))
        widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        return max(self._cell, widest + 10)

    def set_values(
        self,
        values,
        levels: tuple[float, float] | None = None,
        marked: tuple[int, int] | None = None,
        cell_width: int | None = None,
    ) -> None:
        """Show ``values`` (H, W); ``cell_width`` lines up several grids (default: what they need)."""
        self.values = [[float(v) for v in row] for row in values]
        self.texts = [[format_number(v) for v in row] for row in self.values]
        self._levels = levels or symmetric_levels(np.asarray(values))
        self.marked = marked
        self._width = cell_width or self.needed_width(values)
        self.setFixedSize(self.sizeHint())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(len(self.values[0]) * self._width + 1, len(self.values) * self._cell + 1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setFont(self._font)
        lo, hi = self._levels
        for r, row in enumerate(self.values):
            for c, v in enumerate(row):
                rect = QRectF(c * self._width, r * self._cell, self._width, self._cell)
                k = int(min(max((v - lo) / ((hi - lo) or 1.0) * 255, 0), 255))
                p.fillRect(rect, QColor(*(int(n) for n in _LUT[k])))
                p.setPen(QPen(QColor(120, 120, 120), 1))
                p.drawRect(rect)
                p.setPen(QColor(20, 20, 20))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.texts[r][c])
        if self.marked is not None:
            r, c = self.marked
            p.setPen(QPen(CURRENT_COLOR, 2.5))
            p.drawRect(QRectF(c * self._width + 1, r * self._cell + 1, self._width - 2, self._cell - 2))
        p.end()


def _label(style: str = "", mono: bool = False) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if mono:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPixelSize(13)
        label.setFont(font)
    if style:
        label.setStyleSheet(style)
    return label


TITLE_STYLE = "font-size: 14px; font-weight: bold"
NOTE_STYLE = "color: #1d6b3a"


class ConvDetail(QWidget):
    """The total (channel sums plus bias) on top; below, per input channel, the window,
    the filter and that channel's written sum."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.note = _label(TITLE_STYLE), _label(NOTE_STYLE)
        self.open_button = QPushButton()
        self.rows: list[tuple[QLabel, ValueGrid, ValueGrid, QLabel]] = []
        self.lines: list[str] = []
        self.total = _label("font-weight: bold; background: white; padding: 4px", mono=True)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(3, 1)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addLayout(self.grid)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.total)
        layout.addWidget(scroll, 1)

    def show_detail(self, d: CellDetail, texts: dict[str, str]) -> None:
        step = d.step
        channels = step.weights.shape[0]
        while len(self.rows) < channels:
            row = (_label(), ValueGrid(), ValueGrid(), _label(mono=True))
            n = 2 * len(self.rows)  # the grids side by side, the written sum below them
            for col, widget in enumerate(row[:3]):
                self.grid.addWidget(widget, n, col, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.grid.addWidget(row[3], n + 1, 1, 1, 3)
            self.rows.append(row)
        self.lines = list(d.lines)
        levels = symmetric_levels(step.window)
        w_levels = symmetric_levels(step.weights)
        width = self.rows[0][1].needed_width(np.concatenate([step.window.ravel(), step.weights.ravel()]))
        for k, (name, window, weights, line) in enumerate(self.rows):
            shown = k < channels
            for widget in (name, window, weights, line):
                widget.setVisible(shown)
            if shown:
                name.setText(texts["channel"].format(k))
                window.set_values(step.window[k], levels, cell_width=width)
                weights.set_values(step.weights[k], w_levels, cell_width=width)
                line.setText(d.lines[k])
        lhs, sign, value = split_equation(d.total)
        self.total.setText(f"{lhs} ({texts['bias']}) {sign} {value}")


class MapDetail(QWidget):
    """A ReLU or pooling cell (its window, when it has one) or an input pixel, and its line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.note = _label(TITLE_STYLE), _label(NOTE_STYLE)
        self.window = ValueGrid(cell=30)
        self.formula = _label("font-size: 16px; background: white; padding: 6px", mono=True)
        row = QHBoxLayout()
        row.addWidget(self.window, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.formula, 1, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addLayout(row)
        layout.addStretch(1)


class NetworkDetail(QStackedWidget):
    """The selected cell's computation; ``texts`` below are this widget's own words."""

    def __init__(self, presenter: NetworkPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.hint = _label("color: #555; font-size: 14px; padding: 12px")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.conv, self.map = ConvDetail(), MapDetail()
        self.linear = LinearDetailView(presenter.dense)
        # the written sum first, where a short panel still shows it; the bars explain it below
        column = self.linear.layout()
        column.removeWidget(self.linear.formula_label)
        column.insertWidget(2, self.linear.formula_label)
        pages = (self.hint, self.conv, self.map, self._scrolled(self.linear))
        for page in pages:
            self.addWidget(page)
        self.conv.open_button.clicked.connect(presenter.open_in_convolution)
        presenter.selection_changed.connect(self._on_selection_changed)
        self._on_selection_changed()

    @staticmethod
    def _scrolled(widget: QWidget) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setWidget(widget)
        scroll.setWidgetResizable(True)
        return scroll

    def texts(self) -> dict[str, str]:
        return {"channel": self.tr("channel {0}"), "bias": self.tr("bias")}

    def _on_selection_changed(self) -> None:
        d = self.presenter.selected
        self.hint.setText(
            self.tr(
                "Click any value in the network to see how it was computed. Hover a value to mark what "
                "feeds it in the layer before; a click also outlines, in green on the input, every pixel "
                "that can change it (its receptive field)."
            )
        )
        if d is None:
            self.setCurrentIndex(HINT)
            return
        top, left, bottom, right = d.receptive
        receptive = self.tr(
            "Receptive field: input rows {0}–{1}, columns {2}–{3} ({4}×{5} pixels), outlined in green."
        ).format(top, bottom - 1, left, right - 1, bottom - top, right - left)
        if d.kind == "conv":
            f, r, c = d.cell
            title = self.tr("{0} · filter {1}, row {2}, column {3} = {4}: Σ window × filter + bias")
            self.conv.title.setText(title.format(d.name, f, r, c, d.value_text))
            self.conv.open_button.setText(self.tr("Open in Convolution tab"))
            self.conv.note.setText(receptive)
            self.conv.show_detail(d, self.texts())
            self.setCurrentIndex(CONV)
        elif d.kind == "linear":
            self.setCurrentIndex(LINEAR)
        else:
            self._show_map(d, receptive)

    def _show_map(self, d: CellDetail, receptive: str) -> None:
        labels = self.presenter.columns[d.column].labels
        if len(d.cell) == 3:
            where = self.tr("row {0}, column {1}").format(d.cell[1], d.cell[2])
            if d.kind != "input":
                where = self.tr("channel {0}, ").format(d.cell[0]) + where
        else:
            where = labels[d.cell[0]] if labels else str(d.cell[0])
        titles = {
            "input": self.tr("input · {0} = {1}: the picture after standardising"),
            "relu": self.tr("{2} · ReLU at {0} = {1}: max(0, x)"),
            "maxpool": self.tr("{2} · max pooling at {0} = {1}: the largest value in the window"),
            "avgpool": self.tr("{2} · average pooling at {0} = {1}: the mean of the window"),
            "softmax": self.tr("{2} · probability of class {0} = {1}: exp(z_k) / Σ_j exp(z_j)"),
            "linear": self.tr("{2} · neuron {0} = {1}"),
        }
        self.map.title.setText(titles[d.kind].format(where, d.value_text, d.name))
        self.map.note.setText(receptive)
        step = d.step
        window = getattr(step, "window", None)
        self.map.window.setVisible(window is not None)
        if window is not None:
            self.map.window.set_values(window, marked=step.argmax)
        self.map.formula.setText("\n".join(d.lines) if d.lines else d.value_text)
        self.setCurrentIndex(MAP)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.presenter.dense.refresh()
            self._on_selection_changed()
        super().changeEvent(event)

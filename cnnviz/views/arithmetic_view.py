"""The current step's arithmetic, written the way the article writes it.

Each product ``weight*input`` is coloured like its weight's cell in the
filter panel and its tap in the input window. The text is painted directly
(no rich-text layout), which keeps a step, and an exported frame, cheap.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
)
from PySide6.QtWidgets import QMenu, QScrollArea, QWidget

from cnnviz.presenters import ConvSessionPresenter
from cnnviz.presenters.text import format_channel_sum, format_products, format_total, split_equation

from .palette import tap_color

MARGIN = 8
TEXT = QColor(20, 20, 20)
LABEL = QColor(85, 85, 85)
NOTE = QColor(120, 120, 120)
RESULT = QColor(192, 96, 0)


class Run(NamedTuple):
    """A piece of text in one colour; a line may break before it unless it is a separator."""

    text: str
    color: QColor = TEXT
    bold: bool = False
    separator: bool = False


class ArithmeticCanvas(QWidget):
    """Paints rows of ``(label, runs)``, wrapping long rows at term boundaries."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, list[Run]]] = []
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPixelSize(13)
        self._font, self._bold = font, QFont(font)
        self._bold.setBold(True)
        self._metrics, self._bold_metrics = QFontMetricsF(self._font), QFontMetricsF(self._bold)
        self._placed: list[tuple[float, float, str, QColor, bool]] = []
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(255, 255, 255))
        self.setPalette(palette)

    def set_rows(self, rows: list[tuple[str, list[Run]]]) -> None:
        self.rows = rows
        self._relayout()
        self.update()

    def _relayout(self) -> None:
        fm, fb = self._metrics, self._bold_metrics
        line = fm.height() + 4
        label_w = max((fm.horizontalAdvance(label) for label, _ in self.rows), default=0) + 12
        x0 = MARGIN + label_w
        right = max(self.width() - MARGIN, x0 + 200)
        placed = []
        y = MARGIN
        for i, (label, runs) in enumerate(self.rows):
            if i and i == len(self.rows) - 1:
                y += 6  # the total stands apart from the channel sums
            placed.append((MARGIN, y, label, LABEL, False))
            x = x0
            for run in runs:
                width = (fb if run.bold else fm).horizontalAdvance(run.text)
                if x + width > right and x > x0 and not run.separator:
                    x, y = x0 + 2 * fm.horizontalAdvance(" "), y + line
                placed.append((x, y, run.text, run.color, run.bold))
                x += width
            y += line
        self._placed = placed
        self.setMinimumHeight(int(y + MARGIN))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._relayout()
        super().resizeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        ascent = self._metrics.ascent()
        for x, y, text, color, bold in self._placed:
            p.setFont(self._bold if bold else self._font)
            p.setPen(color)
            p.drawText(QPointF(x, y + ascent), text)
        p.end()


class ArithmeticView(QScrollArea):
    """Per-channel sums of products, then the channel sums plus the bias.

    ``channel_lines`` and ``total_line`` hold the plain text shown (for tests
    and the Copy menu); the canvas paints the same text coloured.
    """

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self.channel_lines: list[str] = []
        self.total_line = ""
        self.canvas = ArithmeticCanvas()
        self.setWidget(self.canvas)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        presenter.step_changed.connect(self._on_step_changed)
        presenter.stage_changed.connect(self._on_stage_changed)
        self._on_step_changed(presenter.step_index)

    def _on_stage_changed(self, stage: str) -> None:
        if stage == "conv":
            self._on_step_changed(self._presenter.step_index)

    def _on_step_changed(self, k: int) -> None:
        if self._presenter.stage != "conv":
            return
        step = self._presenter.conv_step
        channels, kh, kw = step.weights.shape
        n = kh * kw
        colors = [tap_color(t, n) for t in range(n)]
        plus = Run(" + ", separator=True)
        self.channel_lines = [format_channel_sum(step, c) for c in range(channels)]
        rows: list[tuple[str, list[Run]]] = []
        for c in range(channels):
            runs: list[Run] = []
            for t, product in enumerate(format_products(step, c).split(" + ")):
                runs += [plus] if t else []
                runs.append(Run(product, colors[t]))
            _, sign, result = split_equation(self.channel_lines[c])
            runs += [Run(f" {sign} ", separator=True), Run(result, bold=True)]
            rows.append((self.tr("channel {0}:").format(c), runs))
        lhs, sign, value = split_equation(format_total(step))
        terms = lhs.split(" + ")
        bias_word = self.tr("bias")
        self.total_line = f"{' + '.join(terms[:-1])} + {terms[-1]} ({bias_word}) {sign} {value}"
        runs = []
        for t, term in enumerate(terms):
            runs += [plus] if t else []
            runs.append(Run(term))
        runs += [Run(f" ({bias_word})", NOTE, separator=True), Run(f" {sign} ", separator=True)]
        runs.append(Run(value, RESULT, bold=True))
        rows.append((self.tr("w{0} output ({1}, {2}):").format(step.filter, step.row, step.col), runs))
        self.canvas.set_rows(rows)

    def plain_text(self) -> str:
        return "\n".join([*self.channel_lines, self.total_line])

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt API)
        menu = QMenu(self)
        menu.addAction(self.tr("Copy the arithmetic"), self._on_copy_triggered)
        menu.exec(event.globalPos())

    def _on_copy_triggered(self) -> None:
        QGuiApplication.clipboard().setText(self.plain_text())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._on_step_changed(self._presenter.step_index)
        super().changeEvent(event)

"""The current step's arithmetic, written the way the article writes it.

Each product ``weight*input`` is coloured like its weight's cell in the
filter panel and its tap in the input window. The text is painted directly
(no rich-text layout), which keeps a step, and an exported frame, cheap.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, Signal
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
from cnnviz.presenters.reveal import HIDDEN, hidden_result
from cnnviz.presenters.text import (
    format_channel_sum,
    format_latex,
    format_products,
    format_total,
    split_equation,
)

from .palette import dark_twin, tap_color
from .theme import LIGHT, ThemeColors
from .zoom import title_factor

MARGIN = 8
TEXT = QColor(20, 20, 20)
LABEL = QColor(85, 85, 85)
NOTE = QColor(120, 120, 120)
RESULT = QColor(192, 96, 0)
TEXT_PX = 13  # the arithmetic's size at zoom 1


class Run(NamedTuple):
    """A piece of text in one colour; a line may break before it unless it is a separator."""

    text: str
    color: QColor = TEXT
    bold: bool = False
    separator: bool = False


class ArithmeticCanvas(QWidget):
    """Paints rows of ``(label, runs)``, wrapping long rows at term boundaries.

    Signals
    -------
    content_height_changed(int) : the height the rows need (after a new width, zoom or text)
    """

    content_height_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, list[Run]]] = []
        self._colors = LIGHT
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPixelSize(TEXT_PX)
        self._font, self._bold = font, QFont(font)
        self._bold.setBold(True)
        self._metrics, self._bold_metrics = QFontMetricsF(self._font), QFontMetricsF(self._bold)
        self._label_font = QFont(font)  # "channel 0:" (smaller than the sums when zoomed)
        self._zoomed = False
        self._label_metrics = QFontMetricsF(self._label_font)
        self._placed: list[tuple[float, float, str, QColor, bool | None]] = []  # bold None: a label
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(255, 255, 255))
        self.setPalette(palette)

    def set_rows(self, rows: list[tuple[str, list[Run]]]) -> None:
        self.rows = rows
        self._relayout()
        self.update()

    @property
    def font_px(self) -> int:
        """The pixel size the arithmetic is painted in."""
        return self._font.pixelSize()

    def set_zoom(self, factor: float) -> None:
        """Paint at ``TEXT_PX × factor`` pixels."""
        if self._zoomed == (factor != 1.0) and self._font.pixelSize() == max(1, round(TEXT_PX * factor)):
            return
        self._font.setPixelSize(max(1, round(TEXT_PX * factor)))
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._metrics, self._bold_metrics = QFontMetricsF(self._font), QFontMetricsF(self._bold)
        self._label_font.setPixelSize(max(1, round(TEXT_PX * title_factor(factor))))
        self._zoomed = factor != 1.0
        self._label_metrics = QFontMetricsF(self._label_font)
        self._relayout()
        self.update()

    def set_theme(self, colors: ThemeColors) -> None:
        """The page and text colours; on a dark page each tap colour becomes its dark twin."""
        if colors is self._colors:
            return
        self._colors = colors
        palette = self.palette()
        palette.setColor(self.backgroundRole(), colors.panel)
        self.setPalette(palette)
        self.update()

    def paint_color(self, color: QColor) -> QColor:
        """The colour ``color`` (as the rows give it) is painted in under the theme."""
        if not self._colors.dark:
            return color
        c = self._colors
        mapped = {TEXT.rgb(): c.text, LABEL.rgb(): c.muted, NOTE.rgb(): c.muted, RESULT.rgb(): c.result}
        return mapped[color.rgb()] if color.rgb() in mapped else dark_twin(color)

    def _relayout(self) -> None:
        fm, fb = self._metrics, self._bold_metrics
        line = fm.height() + 4
        lm = self._label_metrics
        labels = [lm.horizontalAdvance(label) + 12 for label, _ in self.rows]
        # zoomed, a long last label (the total's) pushes only its own row right: the sums keep the width
        column = labels[:-1] if self._zoomed and len(labels) > 1 else labels
        x0 = MARGIN + max(column, default=12)
        right = max(self.width() - MARGIN, x0 + 200)
        placed = []
        y = MARGIN
        for i, (label, runs) in enumerate(self.rows):
            if i and i == len(self.rows) - 1:
                y += 6  # the total stands apart from the channel sums
            placed.append((MARGIN, y, label, LABEL, None))
            start = max(x0, MARGIN + labels[i])
            x = start
            for run in runs:
                width = (fb if run.bold else fm).horizontalAdvance(run.text)
                # zoomed, a separator may start a line too ("+ 0*1"): none is cut at the edge
                if x + width > right and x > start and (self._zoomed or not run.separator):
                    x, y = x0 + 2 * fm.horizontalAdvance(" "), y + line
                placed.append((x, y, run.text, run.color, run.bold))
                x += width
            y += line
        self._placed = placed
        height = int(y + MARGIN)
        if height != self.minimumHeight():
            self.setMinimumHeight(height)
            self.content_height_changed.emit(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._relayout()
        super().resizeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        ascent = self._metrics.ascent()
        for x, y, text, color, bold in self._placed:
            p.setFont(self._label_font if bold is None else self._bold if bold else self._font)
            p.setPen(self.paint_color(color))
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
        presenter.tap_changed.connect(self._on_step_changed)
        presenter.revealed_changed.connect(self._on_step_changed)
        self._on_step_changed(presenter.step_index)

    def set_zoom(self, factor: float) -> None:
        self.canvas.set_zoom(factor)

    def set_theme(self, colors: ThemeColors) -> None:
        self.canvas.set_theme(colors)

    def _on_stage_changed(self, stage: str) -> None:
        if stage == "conv":
            self._on_step_changed(self._presenter.step_index)

    def _on_step_changed(self, k: int = 0) -> None:
        p = self._presenter
        if p.stage != "conv":
            return
        step = p.conv_step
        channels, kh, kw = step.weights.shape
        colors = [tap_color(t, kh * kw) for t in range(kh * kw)]
        at, walking = p.tap_position, p.tap >= 0
        # the channel the walk is in: every channel is done at the bias, none before the walk
        walk_channel = (at[0] if at else channels) if walking else -1
        hide_sums = p.value_hidden and not walking
        rows: list[tuple[str, list[Run]]] = []
        self.channel_lines = []
        for c in range(channels):
            label = self.tr("channel {0}:").format(step.channels[c] if step.channels else c)  # with groups
            if c == walk_channel:
                runs, line = self._walk_row(c, at[2] + at[1] * kw, colors)  # type: ignore[index]
            elif walk_channel != -1 and c > walk_channel:
                runs, line = [Run("…", NOTE)], ""
            else:
                runs, line = self._channel_row(step, c, colors, hide_sums)
            self.channel_lines.append(line)
            rows.append((label, runs))
        self.total_line = ""
        if not walking or at is None:
            runs, self.total_line = self._total_row(step, hide_sums, p.value_hidden)
            where = self.tr("w{0} output row {1}, column {2}:").format(step.filter, step.row, step.col)
            rows.append((where, runs))
        self.canvas.set_rows(rows)

    def _channel_row(self, step, c: int, colors: list, hidden: bool) -> tuple[list[Run], str]:
        """One channel's products and sum (the sum "?" when ``hidden``), as runs and as text."""
        plus = Run(" + ", separator=True)
        line = format_channel_sum(step, c)
        if hidden:
            line = hidden_result(line)
        runs: list[Run] = []
        for t, product in enumerate(format_products(step, c).split(" + ")):
            runs += [plus] if t else []
            runs.append(Run(product, colors[t]))
        _, sign, result = split_equation(line)
        runs += [Run(f" {sign} ", separator=True), Run(result, bold=True)]
        return runs, line

    def _walk_row(self, c: int, upto: int, colors: list) -> tuple[list[Run], str]:
        """The running sum of channel ``c`` up to its tap ``upto``: ``1*0 = 0   + 1*0 = 0 …``,
        the current multiply-add bold (its result "?" while predict mode hides it)."""
        p = self._presenter
        first = c * len(colors)
        runs: list[Run] = []
        pieces = []
        for q in range(upto + 1):
            piece = p.running_sum_text(first + q)
            current = q == upto
            if current and p.value_hidden:
                piece = hidden_result(piece)
            lhs, sign, result = split_equation(piece)
            plus, product = ("+ ", lhs[2:]) if lhs.startswith("+ ") else ("", lhs)
            if q:
                runs.append(Run("   ", separator=True))
            runs += [Run(plus, LABEL)] if plus else []
            runs.append(Run(product, colors[q], bold=current))
            runs.append(Run(f" {sign} ", LABEL if not current else TEXT, separator=True))
            runs.append(Run(result, RESULT if current else LABEL, bold=current))
            pieces.append(piece)
        return runs, "   ".join(pieces)

    def _total_row(self, step, hide_sums: bool, hide_value: bool) -> tuple[list[Run], str]:
        """The channel sums plus the bias (sums and value "?" as asked), as runs and as text."""
        plus = Run(" + ", separator=True)
        lhs, sign, value = split_equation(format_total(step))
        terms = lhs.split(" + ")
        if hide_sums:
            terms = [HIDDEN] * (len(terms) - 1) + terms[-1:]
        if hide_value:
            sign, value = "=", HIDDEN
        bias_word = self.tr("bias")
        line = f"{' + '.join(terms[:-1])} + {terms[-1]} ({bias_word}) {sign} {value}"
        runs: list[Run] = []
        for t, term in enumerate(terms):
            runs += [plus] if t else []
            runs.append(Run(term))
        runs += [Run(f" ({bias_word})", NOTE, separator=True), Run(f" {sign} ", separator=True)]
        runs.append(Run(value, RESULT, bold=True))
        return runs, line

    def latex_text(self) -> str:
        """The whole step's arithmetic as LaTeX (results "?" while predict mode hides them)."""
        p = self._presenter
        step = p.conv_step
        hidden = p.value_hidden and p.tap < 0
        colors = [None] * (step.weights.shape[1] * step.weights.shape[2])
        rows = [
            (
                self.tr("channel {0}:").format(step.channels[c] if step.channels else c),
                self._channel_row(step, c, colors, hidden)[1],
            )
            for c in range(step.weights.shape[0])
        ]
        total = self._total_row(step, hidden, hidden)[1]
        where = self.tr("w{0} output row {1}, column {2}:").format(step.filter, step.row, step.col)
        rows.append((where, total))
        return format_latex(rows)

    def plain_text(self) -> str:
        """The lines shown (a tap walk shows the channels done so far)."""
        return "\n".join(line for line in [*self.channel_lines, self.total_line] if line)

    def context_menu(self) -> QMenu:
        """The right-click menu: copy the arithmetic as plain text or as LaTeX."""
        menu = QMenu(self)
        menu.addAction(self.tr("Copy the arithmetic"), self._on_copy_triggered)
        menu.addAction(self.tr("Copy the arithmetic as LaTeX"), self._on_copy_latex_triggered)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt API)
        menu = self.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _on_copy_triggered(self) -> None:
        QGuiApplication.clipboard().setText(self.plain_text())

    def _on_copy_latex_triggered(self) -> None:
        QGuiApplication.clipboard().setText(self.latex_text())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._on_step_changed(self._presenter.step_index)
        super().changeEvent(event)

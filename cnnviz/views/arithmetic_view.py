"""The current step's arithmetic, written the way the article writes it.

Each product ``weight*input`` is coloured like its weight's cell in the
filter panel and its tap in the input window.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from cnnviz.presenters import ConvSessionPresenter
from cnnviz.presenters.text import format_channel_sum, format_number, format_products, format_total

from .palette import tap_color


class ArithmeticView(QScrollArea):
    """Per-channel sums of products, then the channel sums plus the bias.

    ``channel_lines`` and ``total_line`` hold the plain text shown (for tests
    and copy-paste); the label shows the same text coloured.
    """

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self.channel_lines: list[str] = []
        self.total_line = ""
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setContentsMargins(8, 6, 8, 6)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.setWidget(box)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        box.setStyleSheet("background: white")
        presenter.step_changed.connect(self._on_step_changed)
        self._on_step_changed(presenter.step_index)

    def _on_step_changed(self, k: int) -> None:
        step = self._presenter.current
        channels, kh, kw = step.weights.shape
        n = kh * kw
        colors = [tap_color(t, n).name() for t in range(n)]
        self.channel_lines = [format_channel_sum(step, c) for c in range(channels)]
        total = format_total(step)
        lhs, value = total.rsplit(" = ", 1)
        terms = lhs.split(" + ")
        bias_word = self.tr("bias")
        self.total_line = f"{' + '.join(terms[:-1])} + {terms[-1]} ({bias_word}) = {value}"
        rows = []
        for c in range(channels):
            products = format_products(step, c).split(" + ")
            coloured = " + ".join(
                f'<span style="color:{colors[t]}">{html.escape(p)}</span>' for t, p in enumerate(products)
            )
            label = html.escape(self.tr("channel {0}:").format(c))
            rows.append(
                f"<tr><td style='padding-right:8px; color:#555'>{label}</td>"
                f"<td>{coloured} = <b>{format_number(step.channel_sums[c])}</b></td></tr>"
            )
        out_label = html.escape(self.tr("w{0} output ({1}, {2}):").format(step.filter, step.row, step.col))
        sums = " + ".join(html.escape(t) for t in terms[:-1])
        rows.append(
            f"<tr><td style='padding-right:8px; padding-top:6px; color:#555'>{out_label}</td>"
            f"<td style='padding-top:6px'>{sums} + {html.escape(terms[-1])} "
            f"<span style='color:#777'>({html.escape(bias_word)})</span> = "
            f"<b style='color:#c06000'>{html.escape(value)}</b></td></tr>"
        )
        self.label.setText(
            "<table style='font-family: monospace; font-size: 13px' cellspacing='2'>"
            + "".join(rows)
            + "</table>"
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._on_step_changed(self._presenter.step_index)
        super().changeEvent(event)

"""The transposed convolution stepped the first way conv_arithmetic draws it:
each input cell scatters ``x · w`` into the output, which accumulates.

Input cells are the steps (channel, then row, then column). The middle column
shows the kernels the current cell multiplies, ``w[c]`` (one per output
channel), and what they add, ``x · w[c]``; the output shows the sums so far
(:meth:`~cnnviz.core.TransposedConvTrace.accumulated`), the current cell's
taps outlined where they land. The other picture, a direct convolution over
the zero-inserted input, is the ordinary :class:`~cnnviz.views.convolution_view.ConvolutionView`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from cnnviz.presenters import ConvSessionPresenter
from cnnviz.presenters.text import format_number

from ..grid_items import Mark
from ..palette import (
    CURRENT_COLOR,
    FEED_COLOR,
    FEED_FILL,
    channel_lut,
    diverging_lut,
    symmetric_levels,
    tap_color,
    value_levels,
)
from ..volume_view import VolumeView
from .input_hover import InputHover

MAX_TAP_MARKS = 121
LISTED_CHANNELS = 4  # output channels whose products are written out; the rest are summarised


def _section(title: QLabel, body: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(2, 2, 2, 2)
    layout.setSpacing(2)
    title.setStyleSheet("font-weight: bold")
    title.setWordWrap(True)
    layout.addWidget(title)
    layout.addWidget(body, 1)
    return box


def _axis(values: tuple[int, ...]) -> str:
    """Output rows or columns: ``"1–3"`` when they follow one another, else listed."""
    if len(values) > 2 and all(b - a == 1 for a, b in zip(values, values[1:])):
        return f"{values[0]}–{values[-1]}"
    return ", ".join(str(v) for v in values)


class TransposedView(InputHover, QWidget):
    """Draws the current scatter step of ``presenter``'s transposed convolution."""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self._export_mode = False
        self._hover_cell: tuple[int, int, int] | None = None
        self._levels = (-1.0, 1.0)
        self.position_label = QLabel()
        self.position_label.setWordWrap(True)
        self.position_label.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px")
        self.input_title, self.kernel_title = QLabel(), QLabel()
        self.added_title, self.output_title = QLabel(), QLabel()
        self.input_view, self.kernel_view = VolumeView(), VolumeView()
        self.added_view, self.output_view = VolumeView(), VolumeView()
        self.formula_label = QLabel()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPixelSize(14)
        self.formula_label.setFont(font)
        self.formula_label.setWordWrap(True)
        self.formula_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.formula_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formula_label.setStyleSheet("background: white; color: #141414; padding: 8px")
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(_section(self.kernel_title, self.kernel_view))
        middle.addWidget(_section(self.added_title, self.added_view))
        volumes = QSplitter(Qt.Orientation.Horizontal)
        volumes.addWidget(_section(self.input_title, self.input_view))
        volumes.addWidget(middle)
        volumes.addWidget(_section(self.output_title, self.output_view))
        volumes.setStretchFactor(0, 2)
        volumes.setStretchFactor(1, 2)
        volumes.setStretchFactor(2, 4)  # the output is what grows: give it the room
        self.formula_scroll = QScrollArea()
        self.formula_scroll.setWidget(self.formula_label)
        self.formula_scroll.setWidgetResizable(True)
        self.formula_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(volumes)
        self.splitter.addWidget(self.formula_scroll)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.position_label)
        layout.addWidget(self.splitter, 1)
        self.setAutoFillBackground(True)

        presenter.session_changed.connect(self._on_session_changed)
        presenter.stage_changed.connect(self._on_stage_changed)
        presenter.step_changed.connect(self._on_step_changed)
        presenter.hover_changed.connect(self._on_hover_changed)
        self.input_view.cell_hovered.connect(self._on_input_view_cell_hovered)
        self.input_view.hover_left.connect(self._on_input_view_hover_left)
        self.input_view.cell_clicked.connect(self._on_input_view_cell_clicked)
        self.output_view.cell_clicked.connect(self._on_output_view_cell_clicked)
        self._on_session_changed()

    # -- presenter -> view -------------------------------------------------------------
    @property
    def shown(self) -> bool:
        return self.presenter.stage == "conv" and self.presenter.shows_scatter

    def _on_stage_changed(self, stage: str) -> None:
        self._on_session_changed()

    def _on_session_changed(self) -> None:
        if not self.shown:
            return
        t = self.presenter.transposed_trace
        c = t.x.shape[0]
        self.input_view.set_volume(t.x, [channel_lut(i, c) for i in range(c)], [value_levels(t.x)] * c)
        self._levels = symmetric_levels(t.output)  # one scale for the sums, whatever the step
        self._hover_cell = None
        self._retranslate()

    def _on_step_changed(self, k: int) -> None:
        if not self.shown:
            return
        p, t = self.presenter, self.presenter.transposed_trace
        step = p.current
        lut = diverging_lut()
        c_out = step.weights.shape[0]
        w_levels = symmetric_levels(t.w)
        self.kernel_view.set_volume(step.weights, [lut] * c_out, [w_levels] * c_out)
        self.added_view.set_volume(
            step.contributions, [lut] * c_out, [symmetric_levels(step.contributions)] * c_out
        )
        self.output_view.set_volume(p.scatter_sums(), [lut] * c_out, [self._levels] * c_out)
        marks = [Mark(step.row, step.col, 1, 1, CURRENT_COLOR, 3.5, min_px=10.0)]
        if self._hover_cell is not None and not self._export_mode:
            marks.append(Mark(*self._hover_cell[1:], 1, 1, FEED_COLOR, 3.0, fill=FEED_FILL))
        for ch in range(len(self.input_view.panels)):
            self.input_view.set_marks(ch, marks if ch == step.channel else marks[1:])
        kh, kw = len(step.taps_rows), len(step.taps_cols)
        taps = [Mark(0, 0, kh, kw, CURRENT_COLOR, 3.0)]
        if kh * kw <= MAX_TAP_MARKS:
            taps += [
                Mark(i, j, 1, 1, tap_color(i * kw + j, kh * kw), 2.0) for i in range(kh) for j in range(kw)
            ]
        for o in range(c_out):
            self.kernel_view.set_marks(o, taps)
            self.added_view.set_marks(o, taps)
        self._mark_outputs()
        self._retranslate_titles()
        text = self.formula()
        self.formula_label.setText(text)
        lines = text.count("\n") + 2  # a line to spare for one that wraps
        height = QFontMetrics(self.formula_label.font()).lineSpacing() * lines + 20
        self.formula_scroll.setMinimumHeight(min(height, 170))
        self.position_label.setText(self.position_text())

    def _on_hover_changed(self, feeds: list) -> None:
        if self.shown:
            self._mark_outputs()

    def _mark_outputs(self) -> None:
        step = self.presenter.current
        oh, ow = self.presenter.transposed_trace.geometry.out
        kw = len(step.taps_cols)
        n = len(step.taps_rows) * kw
        landed = [
            (i, j, r, c)
            for i, r in enumerate(step.taps_rows)
            for j, c in enumerate(step.taps_cols)
            if 0 <= r < oh and 0 <= c < ow
        ]
        marks = []
        if n <= MAX_TAP_MARKS:
            marks = [Mark(r, c, 1, 1, tap_color(i * kw + j, n), 2.5) for i, j, r, c in landed]
        if landed:
            rows = [r for _, _, r, _ in landed]
            cols = [c for _, _, _, c in landed]
            top, left = min(rows), min(cols)
            marks.insert(0, Mark(top, left, max(rows) - top + 1, max(cols) - left + 1, CURRENT_COLOR, 3.0))
        feeds = [] if self._export_mode else self.presenter.hovered_outputs
        marks += [Mark(r, c, 1, 1, FEED_COLOR, 2.5, fill=FEED_FILL) for r, c in feeds]
        for o in range(len(self.output_view.panels)):
            self.output_view.set_marks(o, marks)

    # -- view -> presenter ------------------------------------------------------------------
    def _on_input_view_cell_clicked(self, channel: int, row: int, col: int) -> None:
        if self.shown:
            self.presenter.seek_position(channel, row, col)

    def _on_output_view_cell_clicked(self, channel: int, row: int, col: int) -> None:
        if self.shown:
            self.presenter.seek_scatter_output(row, col)

    # -- text --------------------------------------------------------------------------------
    def position_text(self) -> str:
        p = self.presenter
        step = p.current
        return self.tr(
            "Transposed convolution · step {0} / {1} · input channel {2}, row {3}, column {4} "
            "scatters x·w into the output"
        ).format(p.step_index + 1, p.num_steps, step.channel, step.row, step.col)

    def formula(self) -> str:
        """The current step's arithmetic: which weights times which input value land where."""
        p = self.presenter
        step, t = p.current, p.transposed_trace
        g = t.geometry
        oh, ow = g.out
        x = format_number(step.value)
        lines = [
            self.tr(
                "x[{0}, {1}, {2}] = {3}: tap (i, j) of w[{0}] lands on output row {1}·{4} − {5} + i·{6}, "
                "column {2}·{7} − {8} + j·{9}."
            ).format(
                step.channel,
                step.row,
                step.col,
                x,
                g.stride[0],
                g.padding[0],
                g.dilation[0],
                g.stride[1],
                g.padding[1],
                g.dilation[1],
            )  # fmt: skip
        ]
        inside = [(i, r) for i, r in enumerate(step.taps_rows) if 0 <= r < oh]
        inside_c = [(j, c) for j, c in enumerate(step.taps_cols) if 0 <= c < ow]
        n, kept = len(step.taps_rows) * len(step.taps_cols), len(inside) * len(inside_c)
        if kept < n:
            lines.append(
                self.tr(
                    "{0} of the {1} taps land in the padding, outside the output, and are dropped."
                ).format(n - kept, n)
            )
        c_out = step.weights.shape[0]
        rows, cols = _axis(tuple(r for _, r in inside)), _axis(tuple(c for _, c in inside_c))
        for o in range(min(c_out, LISTED_CHANNELS)):
            if not kept:
                lines.append(self.tr("output channel {0}: nothing lands inside").format(o))
                continue
            # the kernel's rows written as the article writes products: weight*input
            body = "; ".join(
                ", ".join(f"{format_number(step.weights[o, i, j])}*{x}" for j, _ in inside_c)
                for i, _ in inside
            )
            lines.append(
                self.tr("output channel {0}, rows {1} × columns {2} += [{3}]").format(o, rows, cols, body)
            )
        if c_out > LISTED_CHANNELS:
            lines.append(
                self.tr("… and {0} more output channels the same way.").format(c_out - LISTED_CHANNELS)
            )
        if p.step_index == p.num_steps - 1:
            biases = ", ".join(f"b{o} = {format_number(v)}" for o, v in enumerate(t.b))
            lines.append(
                self.tr(
                    "Every input cell has scattered: the output is these sums plus the bias ({0})."
                ).format(biases)
            )
        return "\n".join(lines)

    def _retranslate_titles(self) -> None:
        step = self.presenter.current
        c_out = step.weights.shape[0]
        self.kernel_view.set_titles([f"w[{step.channel}, {o}]" for o in range(c_out)])
        self.added_view.set_titles(
            [f"{format_number(step.value)}·w[{step.channel}, {o}]" for o in range(c_out)]
        )
        kh, kw = step.weights.shape[1:]
        self.kernel_title.setText(
            self.tr("Kernels w[{0}] ({1} × {2}×{3}): one per output channel").format(
                step.channel, c_out, kh, kw
            )
        )
        self.added_title.setText(self.tr("x · w[{0}]: what this input cell adds").format(step.channel))

    def _retranslate(self) -> None:
        if not self.shown:
            return
        self._on_step_changed(self.presenter.step_index)  # first: it rebuilds grids whose count changed
        t = self.presenter.transposed_trace
        c, h, w = t.x.shape
        c_out, oh, ow = t.output_shape
        self.input_title.setText(self.tr("Input {0}×{1}×{2}: each cell is one step").format(h, w, c))
        self.output_title.setText(
            self.tr("Output {0}×{1}×{2}, summed so far (the bias is added at the end)").format(oh, ow, c_out)
        )
        self.input_view.set_titles([self.tr("input channel {0}").format(i) for i in range(c)])
        self.output_view.set_titles([self.tr("output channel {0}").format(o) for o in range(c_out)])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

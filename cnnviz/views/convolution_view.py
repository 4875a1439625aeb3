"""The whole current step at once: input volume, filters, output volume,
arithmetic and a position readout. Self-contained, so the GIF exporter can
grab it offscreen frame by frame."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from cnnviz.presenters import ConvSessionPresenter

from .arithmetic_view import ArithmeticView
from .filter_panel import FilterPanel
from .grid_items import Mark
from .palette import (
    CURRENT_COLOR,
    FEED_COLOR,
    FEED_FILL,
    WINDOW_COLOR,
    channel_lut,
    diverging_lut,
    symmetric_levels,
    tap_color,
    value_levels,
)
from .volume_view import VolumeView

MAX_TAP_MARKS = 121  # beyond this many taps, outline the window only
FILTERS_MIN_WIDTH = 200  # the filter column scrolls sideways below this; the window stays small
FILTERS_MAX_SHARE = 0.45  # of the three columns' width, at most, when they are shared out


def _section(title: QLabel, body: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(2, 2, 2, 2)
    layout.setSpacing(2)
    title.setStyleSheet("font-weight: bold")
    title.setWordWrap(True)  # a long title must not set the window's minimum width
    layout.addWidget(title)
    layout.addWidget(body, 1)
    return box


class ConvolutionView(QWidget):
    """Draws ``presenter``'s current step; clicks and hovers go back as intent."""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self._hover_cell: tuple[int, int] | None = None
        self._export_mode = False
        self._followed: tuple[int, ...] | None = None  # the step and window the views last followed
        self._filters_need = 0
        self.position_label = QLabel()
        self.position_label.setWordWrap(True)
        self.position_label.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px")
        self.input_title, self.output_title, self.filter_title = QLabel(), QLabel(), QLabel()
        self.input_view = VolumeView()
        self.output_view = VolumeView()
        self.filter_panel = FilterPanel(presenter)
        self.filters_scroll = filters_scroll = QScrollArea()
        filters_scroll.setWidget(self.filter_panel)
        filters_scroll.setWidgetResizable(True)
        filters_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.arithmetic_view = ArithmeticView(presenter)
        self.volumes_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.volumes_splitter.addWidget(_section(self.input_title, self.input_view))
        self.volumes_splitter.addWidget(_section(self.filter_title, filters_scroll))
        self.volumes_splitter.addWidget(_section(self.output_title, self.output_view))
        self.volumes_splitter.setStretchFactor(0, 3)
        self.volumes_splitter.setStretchFactor(1, 2)
        self.volumes_splitter.setStretchFactor(2, 3)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.volumes_splitter)
        self.splitter.addWidget(self.arithmetic_view)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.position_label)
        layout.addWidget(self.splitter, 1)
        self.setAutoFillBackground(True)

        presenter.session_changed.connect(self._on_session_changed)
        presenter.step_changed.connect(self._on_step_changed)
        presenter.hover_changed.connect(self._on_hover_changed)
        presenter.stage_changed.connect(self._on_stage_changed)
        self.input_view.cell_hovered.connect(self._on_input_view_cell_hovered)
        self.input_view.hover_left.connect(self._on_input_view_hover_left)
        self.output_view.cell_clicked.connect(self._on_output_view_cell_clicked)
        self.input_view.cell_double_clicked.connect(self._on_input_view_cell_double_clicked)
        self._on_session_changed()
        self._on_step_changed(presenter.step_index)

    # -- presenter -> view -------------------------------------------------------
    def _on_session_changed(self) -> None:
        trace = self.presenter.trace
        c = trace.x.shape[0]
        in_levels = value_levels(trace.x)
        self.input_view.set_volume(
            trace.padded, [channel_lut(i, c) for i in range(c)], [in_levels] * c, trace.geometry.padding
        )
        out = trace.output
        lut = diverging_lut()
        self.output_view.set_volume(out, [lut] * out.shape[0], [symmetric_levels(out)] * out.shape[0])
        self._hover_cell = None
        self._retranslate()
        self._fit_panels()

    def _fit_panels(self) -> None:
        """Give the filter column and the arithmetic room for what they show.

        The filter column asks for its width when the splitter shares out the
        room, but may be squeezed (it then scrolls sideways): a large kernel
        must never make the window wider than a classroom screen.
        """
        self.filter_panel.adjustSize()
        need = (
            self.filter_panel.sizeHint().width()
            + self.filters_scroll.verticalScrollBar().sizeHint().width()
            + 4
        )
        self.filters_scroll.setMinimumWidth(min(need, FILTERS_MIN_WIDTH))
        if need != self._filters_need:
            self._filters_need = need
            self._share_columns()
        lines = self.presenter.trace.x.shape[0] + 1
        self.arithmetic_view.setMinimumHeight(min(26 * lines + 24, 200))

    def _share_columns(self) -> None:
        """The filter column gets what it needs (up to a share), input and output the rest."""
        sizes = self.volumes_splitter.sizes()
        total = sum(sizes)
        if total <= 0:
            return  # not laid out yet: the first resize shares the room
        filters = min(self._filters_need, int(total * FILTERS_MAX_SHARE))
        side = (total - filters) // 2
        self.volumes_splitter.setSizes([side, filters, total - filters - side])

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if event.oldSize().width() <= 0:
            self._share_columns()

    def _on_stage_changed(self, stage: str) -> None:
        if stage == "conv":
            self._on_step_changed(self.presenter.step_index)

    def _on_step_changed(self, k: int) -> None:
        if self.presenter.stage != "conv":
            return  # another stage is shown; this view keeps the convolution's step
        self._draw_step(follow=True)

    def _draw_step(self, follow: bool) -> None:
        """Mark the window, its taps, the hovered cell and the outputs done so far.

        With ``follow``, a zoomed view pans to the window, but only when the
        step is a new one: a hover or a redraw never moves what the user looks at.
        """
        step = self.presenter.conv_step
        trace = self.presenter.trace
        geo = trace.geometry
        kh, kw = geo.kernel
        eh, ew = geo.effective_kernel
        top, left = step.origin
        window = [Mark(top, left, eh, ew, WINDOW_COLOR, 3.0, min_px=10.0)]
        if kh * kw <= MAX_TAP_MARKS:
            window += [
                Mark(r, c, 1, 1, tap_color(i * kw + j, kh * kw), 2.0)
                for i, r in enumerate(step.taps_rows)
                for j, c in enumerate(step.taps_cols)
            ]
        if self._hover_cell is not None:
            window.append(Mark(*self._hover_cell, 1, 1, FEED_COLOR, 3.0, fill=FEED_FILL))
        for ch in range(len(self.input_view.panels)):
            self.input_view.set_marks(ch, window)
        where = (step.index, step.filter, top, left)
        follow = follow and self._followed != where  # an edited weight moves nothing
        if follow:
            self._followed = where
            self.input_view.ensure_visible(top, left, eh, ew)
        _, oh, ow = trace.out_shape
        f = step.filter
        self.output_view.set_filled(
            [
                None if i < f else (step.row * ow + step.col + 1 if i == f else 0)
                for i in range(trace.num_filters)
            ]
        )
        self._mark_outputs()
        if follow:
            self.output_view.ensure_visible(step.row, step.col, 1, 1)
        self._update_position()

    def _on_hover_changed(self, feeds: list) -> None:
        if self.presenter.stage == "conv":
            self._mark_outputs()

    def _mark_outputs(self) -> None:
        step = self.presenter.conv_step
        feeds = [] if self._export_mode else self.presenter.hovered_outputs
        for i in range(len(self.output_view.panels)):
            marks = [Mark(r, c, 1, 1, FEED_COLOR, 2.5, fill=FEED_FILL) for r, c in feeds]
            if i == step.filter:
                marks.append(Mark(step.row, step.col, 1, 1, CURRENT_COLOR, 3.5, min_px=10.0))
            self.output_view.set_marks(i, marks)

    def set_export_mode(self, on: bool) -> None:
        """For rendering frames: ignore the mouse and draw no hover marks."""
        self._export_mode = on
        if on:
            self._hover_cell = None
            self._on_step_changed(self.presenter.step_index)

    # -- view -> presenter -------------------------------------------------------
    def _on_input_view_cell_hovered(self, channel: int, row: int, col: int) -> None:
        if self._export_mode:
            return
        self._hover_cell = (row, col)
        self.presenter.hover_input(row, col)
        if self.presenter.stage == "conv":
            self._draw_step(follow=False)

    def _on_input_view_hover_left(self) -> None:
        self._hover_cell = None
        self.presenter.clear_hover()
        if self.presenter.stage == "conv":
            self._draw_step(follow=False)

    def _on_output_view_cell_clicked(self, f: int, row: int, col: int) -> None:
        self.presenter.seek_output(f, row, col)

    def _on_input_view_cell_double_clicked(self, channel: int, row: int, col: int) -> None:
        """Type a new value into an input cell (padding cells are not the input's)."""
        if self._export_mode:
            return
        trace = self.presenter.trace
        ph, pw = trace.geometry.padding
        r, c = row - ph, col - pw
        _, h, w = trace.x.shape
        if not (0 <= r < h and 0 <= c < w):
            return
        value, ok = QInputDialog.getDouble(
            self,
            self.tr("Edit the input"),
            self.tr("Channel {0}, row {1}, column {2}:").format(channel, r, c),
            float(trace.x[channel, r, c]),
            -1e6,
            1e6,
            3,
        )
        if ok:
            self.presenter.set_input_value(channel, r, c, value)

    # -- text ----------------------------------------------------------------------
    def position_text(self) -> str:
        p = self.presenter
        step = p.conv_step
        return self.tr("step {0} / {1} · filter w{2} · output row {3}, column {4}").format(
            step.index + 1, len(p.trace), step.filter, step.row, step.col
        )

    def _update_position(self) -> None:
        self.position_label.setText(self.position_text())

    def _retranslate(self) -> None:
        trace = self.presenter.trace
        c, h, w = trace.x.shape
        ph, pw = trace.geometry.padded
        f, oh, ow = trace.out_shape
        if (ph, pw) != (h, w):
            self.input_title.setText(
                self.tr("Input volume {0}×{1}×{2}, zero-padded to {3}×{4}×{2}").format(h, w, c, ph, pw)
            )
        else:
            self.input_title.setText(self.tr("Input volume {0}×{1}×{2}").format(h, w, c))
        self.filter_title.setText(self.tr("Filters ({0} × {1}×{2}×{3})").format(f, *trace.geometry.kernel, c))
        self.output_title.setText(self.tr("Output volume {0}×{1}×{2}").format(oh, ow, f))
        self.input_view.set_titles([self.tr("input channel {0}").format(i) for i in range(c)])
        # several grids per row leave no room for long titles: just the filter's name
        self.output_view.set_titles(
            [self.tr("output of w{0}").format(i) if f <= 3 else f"w{i}" for i in range(f)]
        )
        self._update_position()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

"""The whole current step at once: input volume, filters, output volume,
arithmetic and a position readout. Self-contained, so the GIF exporter can
grab it offscreen frame by frame.

The page's marks are drawn by :class:`~cnnviz.views.conv_marks.ConvMarks`, its room shared
out, zoomed and themed by :class:`~cnnviz.views.conv_layout.ConvLayout` (mixins of
:class:`ConvolutionView`); every text it shows is written here, so that ``tr``'s context
stays ``ConvolutionView``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cnnviz.presenters import ConvSessionPresenter

from .arithmetic_view import ArithmeticView
from .conv_layout import FILTERS_MAX_SHARE, FILTERS_MIN_WIDTH, ConvLayout
from .conv_marks import MAX_INSERTED_MARKS, MAX_TAP_MARKS, SOURCE_COLOR, SOURCE_FILL, ConvMarks
from .conv_presenting import PresentingLayout
from .filter_panel import FilterPanel
from .palette import channel_lut, diverging_lut, symmetric_levels, value_levels
from .reveal_items import CellHighlight
from .theme import LIGHT
from .variant_labels import padding_mode_label
from .volume_view import VolumeView

__all__ = [
    "FILTERS_MAX_SHARE",
    "FILTERS_MIN_WIDTH",
    "MAX_INSERTED_MARKS",
    "MAX_TAP_MARKS",
    "SOURCE_COLOR",
    "SOURCE_FILL",
    "ConvolutionView",
]


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


class ConvolutionView(ConvMarks, ConvLayout, QWidget):
    """Draws ``presenter``'s current step; clicks and hovers go back as intent."""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self._hover_cell: tuple[int, int] | None = None
        self._export_mode = False
        self._followed: tuple[int, ...] | None = None  # the step and window the views last followed
        self._filters_need = 0
        self._weight_marks: dict[int, CellHighlight] = {}  # per filter grid (by id): the tap's weight
        self._zoom, self._colors = 1.0, LIGHT  # the text zoom and the theme (views/zoom.py, theme.py)
        self.position_label = QLabel()
        self.position_label.setWordWrap(True)
        self.position_label.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px")
        self.hover_label = QLabel()  # what a hovered border cell holds (never in exported frames)
        self.hover_label.setWordWrap(True)
        self.hover_label.setStyleSheet("color: #006e66; padding: 0 4px")
        self.hover_label.hide()
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
        self.top_row = QHBoxLayout()  # the position, and presentation mode's channel picker
        self.top_row.addWidget(self.position_label, 1)
        layout.addLayout(self.top_row)
        layout.addWidget(self.hover_label)
        layout.addWidget(self.splitter, 1)
        self.setAutoFillBackground(True)
        self.presenting = PresentingLayout(self)  # presentation mode: one input channel at a time

        presenter.session_changed.connect(self._on_session_changed)
        presenter.step_changed.connect(self._on_step_changed)
        presenter.hover_changed.connect(self._on_hover_changed)
        presenter.stage_changed.connect(self._on_stage_changed)
        presenter.tap_changed.connect(self._on_tap_changed)
        presenter.revealed_changed.connect(self._on_tap_changed)
        self.input_view.cell_hovered.connect(self._on_input_view_cell_hovered)
        self.input_view.hover_left.connect(self._on_input_view_hover_left)
        self.output_view.cell_clicked.connect(self._on_output_view_cell_clicked)
        self.output_view.set_arrow_keys(True)  # with the output focused, arrows walk its cells
        self.output_view.arrow_pressed.connect(self._on_output_view_arrow_pressed)
        self.arithmetic_view.canvas.content_height_changed.connect(self._fit_arithmetic)
        self.input_view.cell_double_clicked.connect(self._on_input_view_cell_double_clicked)
        # queued: sizes set while the splitter lays its widgets out go astray
        queued = Qt.ConnectionType.QueuedConnection
        self.filter_panel.viewport_resized.connect(self._on_filter_panel_viewport_resized, queued)
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
        self._zoom_filters()  # the filter panel may have built new grids
        self.presenting.refresh()
        self._fit_panels()

    def set_export_mode(self, on: bool) -> None:
        """For rendering frames: ignore the mouse and draw no hover marks."""
        self._export_mode = on
        # "click one to show it" means nothing on paper; presenting, the thumbnails are folded away
        self.filter_panel.thumbs_label.setVisible(not on and self.filter_panel.folded is None)
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
        self._show_hover_source(row, col)

    def _on_input_view_hover_left(self) -> None:
        self._hover_cell = None
        self.presenter.clear_hover()
        if self.presenter.stage == "conv":
            self._draw_step(follow=False)
        self._show_hover_source(None, None)

    def _show_hover_source(self, row: int | None, col: int | None) -> None:
        """Say what a hovered border cell holds: a copy of which input cell, or 0."""
        p = self.presenter
        text = ""
        border = row is not None and col is not None and p.input_cell_of(row, col) is None
        if border and not p.params.transposed:
            source = p.padding_source_cell(row, col)
            ph, pw = p.trace.geometry.padding
            if source is None:
                text = self.tr("Border cell (row {0}, column {1}): zero padding, it holds 0.")
                text = text.format(row, col)
            else:
                text = self.tr(
                    "Border cell (row {0}, column {1}): {2} padding copies input row {3}, column {4} "
                    "(marked in teal)."
                ).format(row, col, padding_mode_label(p.params.padding_mode), source[0] - ph, source[1] - pw)
        self.hover_label.setText(text)
        self.hover_label.setVisible(bool(text))

    def _on_output_view_arrow_pressed(self, rows: int, cols: int) -> None:
        """An arrow key on the focused output: the neighbouring cell of the same map."""
        step = self.presenter.conv_step
        _, oh, ow = self.presenter.trace.out_shape
        row, col = min(max(step.row + rows, 0), oh - 1), min(max(step.col + cols, 0), ow - 1)
        self.presenter.seek_output(step.filter, row, col)

    def _on_output_view_cell_clicked(self, f: int, row: int, col: int) -> None:
        self.presenter.seek_output(f, row, col)

    def _on_input_view_cell_double_clicked(self, channel: int, row: int, col: int) -> None:
        """Type a new value into an input cell (padding cells are not the input's)."""
        if self._export_mode:
            return
        cell = self.presenter.input_cell_of(row, col)
        if cell is None:
            return
        r, c = cell
        value, ok = QInputDialog.getDouble(
            self,
            self.tr("Edit the input"),
            self.tr("Channel {0}, row {1}, column {2}:").format(channel, r, c),
            float(self.presenter.input_x[channel, r, c]),
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
        t = self.presenter.transposed_trace
        if t is not None:
            _, th, tw = t.x.shape
            self.input_title.setText(
                self.tr(
                    "Input {0}×{1}×{2} spread out with stride − 1 = {3} zero(s) between cells, "
                    "padded to {4}×{5}×{2}"
                ).format(th, tw, c, t.geometry.stride[0] - 1, h, w)
            )
        elif (ph, pw) != (h, w) and self.presenter.params.padding_mode != "zeros":
            self.input_title.setText(
                self.tr("Input volume {0}×{1}×{2}, {5}-padded to {3}×{4}×{2}").format(
                    h, w, c, ph, pw, padding_mode_label(self.presenter.params.padding_mode)
                )
            )
        elif (ph, pw) != (h, w):
            self.input_title.setText(
                self.tr("Input volume {0}×{1}×{2}, zero-padded to {3}×{4}×{2}").format(h, w, c, ph, pw)
            )
        else:
            self.input_title.setText(self.tr("Input volume {0}×{1}×{2}").format(h, w, c))
        per = trace.w.shape[1]  # the channels a filter sees (fewer with groups)
        kh, kw = trace.geometry.kernel
        self.filter_title.setText(self.tr("Filters ({0} × {1}×{2}×{3})").format(f, kh, kw, per))
        self.output_title.setText(self.tr("Output volume {0}×{1}×{2}").format(oh, ow, f))
        self.input_view.set_titles([self.tr("input channel {0}").format(i) for i in range(c)])
        # several grids per row leave no room for long titles: just the filter's name
        self.output_view.set_titles(
            [self.tr("output of w{0}").format(i) if f <= 3 else f"w{i}" for i in range(f)]
        )
        self._update_position()

    # -- Qt events -------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if self.presenting.active and event.oldSize() != self.size():
            self.refit()  # presenting: the filter's cells follow the column's height too
        elif event.oldSize().width() <= 0 or (self._zoom != 1.0 and event.oldSize().width() != self.width()):
            self._share_columns()  # zoomed (presentation), a new width is shared out anew
        self.presenting.restore_sizes()  # back from presentation mode: the room as it was

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

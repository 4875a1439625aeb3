"""The active filter, channel by channel, with its bias; every filter small below."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from cnnviz.presenters import ConvSessionPresenter

from .cell_grid import CellGrid, FilterThumb
from .palette import diverging_lut, symmetric_levels

THUMBS_PER_ROW = 4


class FilterPanel(QWidget):
    """Weights of the current step's filter; double-click a weight or the bias to edit it.

    Signals
    -------
    viewport_resized() : the visible part of the panel (the scroll area's viewport) changed size
    """

    viewport_resized = Signal()

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self._lut = diverging_lut()
        self._filter = -1
        self._side_by_side = False  # the channels' grids in a row (presentation zoom) or a column
        self._folded: int | None = None  # the one channel shown (presentation mode), or None: all
        self.header = QLabel()
        self.header.setStyleSheet("font-weight: bold")
        self.variant_label = QLabel()  # flipped kernel, the channels a grouped filter sees
        self.variant_label.setWordWrap(True)
        self.variant_label.setStyleSheet("color: #8a4b00")
        self.variant_label.hide()
        self.channel_labels: list[QLabel] = []
        self.channel_grids: list[CellGrid] = []
        self.bias_label = QLabel()
        self.bias_grid = CellGrid(cell=30, tap_colors=False)
        self.bias_grid.cell_edited.connect(self._on_bias_grid_cell_edited)
        self.thumbs_label = QLabel()
        self.thumbs_label.setWordWrap(True)
        self.thumbs: list[FilterThumb] = []
        self._grids = QGridLayout()
        self._grids.setHorizontalSpacing(8)
        self._grids.setVerticalSpacing(2)
        self._thumbs = QGridLayout()
        self._thumbs.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.variant_label)
        layout.addLayout(self._grids)
        layout.addSpacing(6)
        layout.addWidget(self.thumbs_label)
        layout.addLayout(self._thumbs)
        layout.addStretch(1)
        presenter.session_changed.connect(self._on_session_changed)
        presenter.step_changed.connect(self._on_step_changed)
        presenter.stage_changed.connect(self._on_step_changed)
        self._on_session_changed()
        self._retranslate()

    # -- presenter -> view -------------------------------------------------------
    def _on_session_changed(self) -> None:
        w = self._presenter.trace.w
        f_count, channels = w.shape[0], w.shape[1]
        if channels != len(self.channel_grids):
            self._build_channels(channels)
        if f_count != len(self.thumbs):
            self._build_thumbs(f_count)
        self._filter = -1
        self._on_step_changed(self._presenter.step_index)

    def _on_step_changed(self, k: int) -> None:
        if self._presenter.stage != "conv":
            return
        trace = self._presenter.trace
        f = self._presenter.conv_step.filter
        levels = symmetric_levels(trace.w)
        if f != self._filter:
            for c, grid in enumerate(self.channel_grids):
                grid.set_values(trace.w[f, c], self._lut, levels)
                grid.set_flipped_taps(trace.flip)  # its colours follow the taps it meets
            self.bias_grid.set_values(trace.b[f : f + 1].reshape(1, 1), self._lut, symmetric_levels(trace.b))
            for i, thumb in enumerate(self.thumbs):
                thumb.set_weights(trace.w[i], self._lut, levels, i == f)
            self._filter = f
            self._retranslate()

    # -- view -> presenter ---------------------------------------------------------
    def _on_channel_grid_cell_edited(self, channel: int, row: int, col: int, value: float) -> None:
        self._presenter.set_weight(self._presenter.conv_step.filter, channel, row, col, value)

    def _on_bias_grid_cell_edited(self, row: int, col: int, value: float) -> None:
        self._presenter.set_bias(self._presenter.conv_step.filter, value)

    def _on_thumb_clicked(self, f: int) -> None:
        step = self._presenter.conv_step
        self._presenter.seek_output(f, step.row, step.col)

    # -- layout ----------------------------------------------------------------------
    def _build_channels(self, channels: int) -> None:
        for widget in self.channel_labels + self.channel_grids:
            self._grids.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self._grids.removeWidget(self.bias_label)
        self._grids.removeWidget(self.bias_grid)
        self.channel_labels, self.channel_grids = [], []
        for c in range(channels):
            label, grid = QLabel(), CellGrid(cell=30)
            grid.cell_edited.connect(lambda r, col, v, c=c: self._on_channel_grid_cell_edited(c, r, col, v))
            self.channel_labels.append(label)
            self.channel_grids.append(grid)
        self._place_grids()
        for widget in self.channel_labels + self.channel_grids:
            widget.show()  # now, not on the layout's queued show: the size hint must count them
        self._show_folded()
        self._retranslate()

    def set_folded(self, channel: int | None) -> None:
        """Show the current filter's grid for its ``channel`` (an index into its channels) and the
        bias only, without the other filters' thumbnails (presentation mode); None: all again."""
        if channel != self._folded:
            self._folded = channel
            self._show_folded()

    @property
    def folded(self) -> int | None:
        return self._folded

    def _show_folded(self) -> None:
        c = self._folded
        if c is not None:
            c = min(max(c, 0), len(self.channel_grids) - 1)
        for i, (label, grid) in enumerate(zip(self.channel_labels, self.channel_grids)):
            label.setVisible(c is None or i == c)
            grid.setVisible(c is None or i == c)
        for thumb in self.thumbs:
            thumb.setVisible(c is None)
        self.thumbs_label.setVisible(c is None)
        self.layout().activate()  # now: the column's width follows at once

    def set_side_by_side(self, on: bool) -> None:
        """The channels' grids in one row (a wide, low panel) instead of one column."""
        if on != self._side_by_side:
            self._side_by_side = on
            self._place_grids()

    def _place_grids(self) -> None:
        """Each channel's name above its grid, in a column (the column stays as narrow as a
        grid) or side by side; the bias below them."""
        for widget in (*self.channel_labels, *self.channel_grids, self.bias_label, self.bias_grid):
            self._grids.removeWidget(widget)
        bottom = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
        channels = len(self.channel_grids)
        for c, (label, grid) in enumerate(zip(self.channel_labels, self.channel_grids)):
            if self._side_by_side:
                self._grids.addWidget(label, 0, c, bottom)
                self._grids.addWidget(grid, 1, c, Qt.AlignmentFlag.AlignLeft)
            else:
                self._grids.addWidget(label, 2 * c, 0, 1, 2, bottom)
                self._grids.addWidget(grid, 2 * c + 1, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        for col in range(self._grids.columnCount()):
            self._grids.setColumnStretch(col, 0)
        if self._side_by_side:  # the bias as one more column: the panel stays low
            self._grids.addWidget(self.bias_label, 0, channels, bottom)
            top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
            self._grids.addWidget(self.bias_grid, 1, channels, top_left)
            self._grids.setColumnStretch(channels + 1, 1)
            return
        row = 2 * channels
        self._grids.addWidget(
            self.bias_label, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self._grids.addWidget(self.bias_grid, row, 1, Qt.AlignmentFlag.AlignLeft)
        self._grids.setColumnStretch(1, 1)

    def _build_thumbs(self, count: int) -> None:
        for thumb in self.thumbs:
            self._thumbs.removeWidget(thumb)
            thumb.hide()
            thumb.deleteLater()
        self.thumbs = []
        for i in range(count):
            thumb = FilterThumb(i)
            thumb.clicked.connect(self._on_thumb_clicked)
            self.thumbs.append(thumb)
            thumb.setVisible(self._folded is None)
        self._per_row = 0
        self._reflow_thumbs()
        self._retranslate()

    def _reflow_thumbs(self) -> None:
        """As many thumbnails a row as the panel's width holds (at most four), so
        none is cut off in a narrow column or an exported frame."""
        if not self.thumbs:
            return
        shown = self.parentWidget()  # the scroll area's viewport: what is visible of the panel
        room = min(self.width(), shown.width() if shown is not None else self.width()) - 12
        each = self.thumbs[0].sizeHint().width() + self._thumbs.horizontalSpacing()
        per_row = max(1, min(THUMBS_PER_ROW, room // max(1, each)))
        if per_row == getattr(self, "_per_row", 0):
            return
        self._per_row = per_row
        for thumb in self.thumbs:
            self._thumbs.removeWidget(thumb)
        for i, thumb in enumerate(self.thumbs):
            self._thumbs.addWidget(thumb, i // per_row, i % per_row)
        for col in range(THUMBS_PER_ROW + 1):  # spare width goes to the right, not between thumbnails
            self._thumbs.setColumnStretch(col, 1 if col == per_row else 0)
        self.layout().activate()  # now: an offscreen frame is rendered without an event loop turn

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._reflow_thumbs()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        viewport = self.parentWidget()
        if viewport is not None and not getattr(self, "_watching", False):
            viewport.installEventFilter(self)  # a narrower viewport must reflow the row too
            self._watching = True
        self._reflow_thumbs()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize and watched is self.parentWidget():
            self._reflow_thumbs()
            self.viewport_resized.emit()
        return super().eventFilter(watched, event)

    # -- language ------------------------------------------------------------------------
    def _retranslate(self) -> None:
        f = max(self._filter, 0)
        kh, kw = self._presenter.kernel_size
        self.header.setText(self.tr("Filter w{0} ({1}×{2}×{3})").format(f, kh, kw, len(self.channel_grids)))
        p = self._presenter
        seen = p.channels_of(f) if f < p.trace.num_filters else ()
        for c, label in enumerate(self.channel_labels):
            label.setText(self.tr("w{0}, channel {1}").format(f, seen[c] if c < len(seen) else c))
        self._describe_variant(f, seen)
        self.bias_label.setText(self.tr("bias b{0}").format(f))
        self.thumbs_label.setText(self.tr("All filters (click one to show it):"))
        for thumb in self.thumbs:
            thumb.setToolTip(self.tr("Show filter w{0}").format(thumb.index))

    def _describe_variant(self, f: int, seen: tuple[int, ...]) -> None:
        """Say what the variant does with this filter: flipped, and which channels it sees."""
        p = self._presenter
        lines = []
        if p.params.transposed:
            lines.append(
                self.tr(
                    "Output channel {0}'s kernels w[:, {0}] (PyTorch's (C_in, C_out, KH, KW)), "
                    "used flipped (rotated 180°) over the zero-inserted input."
                ).format(f)
            )
        elif p.params.flip:
            lines.append(
                self.tr(
                    "True convolution: the kernel is used flipped (rotated 180°); "
                    "the arithmetic shows the flipped weights."
                )
            )
        if p.params.groups > 1 and seen:
            c = p.input_x.shape[0]
            span = str(seen[0]) if len(seen) == 1 else f"{seen[0]}–{seen[-1]}"
            text = self.tr("Groups {0}: w{1} sees input channel(s) {2} of {3}.")
            lines.append(text.format(p.params.groups, f, span, c))
        self.variant_label.setText("\n".join(lines))
        self.variant_label.setVisible(bool(lines))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

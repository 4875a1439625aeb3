"""The active filter, channel by channel, with its bias; every filter small below."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from cnnviz.presenters import ConvSessionPresenter

from .cell_grid import CellGrid, FilterThumb
from .palette import diverging_lut, symmetric_levels

THUMBS_PER_ROW = 4


class FilterPanel(QWidget):
    """Weights of the current step's filter; double-click a weight or the bias to edit it."""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self._lut = diverging_lut()
        self._filter = -1
        self.header = QLabel()
        self.header.setStyleSheet("font-weight: bold")
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
        # each channel's name above its grid: the column stays as narrow as the grid
        for c in range(channels):
            label, grid = QLabel(), CellGrid(cell=30)
            grid.cell_edited.connect(lambda r, col, v, c=c: self._on_channel_grid_cell_edited(c, r, col, v))
            self._grids.addWidget(
                label, 2 * c, 0, 1, 2, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
            )
            self._grids.addWidget(grid, 2 * c + 1, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
            self.channel_labels.append(label)
            self.channel_grids.append(grid)
            label.show()  # now, not on the layout's queued show: the size hint must count them
            grid.show()
        row = 2 * channels
        self._grids.addWidget(
            self.bias_label, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self._grids.addWidget(self.bias_grid, row, 1, Qt.AlignmentFlag.AlignLeft)
        self._grids.setColumnStretch(1, 1)
        self._retranslate()

    def _build_thumbs(self, count: int) -> None:
        for thumb in self.thumbs:
            self._thumbs.removeWidget(thumb)
            thumb.hide()
            thumb.deleteLater()
        self.thumbs = []
        for i in range(count):
            thumb = FilterThumb(i)
            thumb.clicked.connect(self._on_thumb_clicked)
            self._thumbs.addWidget(thumb, i // THUMBS_PER_ROW, i % THUMBS_PER_ROW)
            self.thumbs.append(thumb)
            thumb.show()
        self._retranslate()

    # -- language ------------------------------------------------------------------------
    def _retranslate(self) -> None:
        f = max(self._filter, 0)
        kh, kw = self._presenter.kernel_size
        self.header.setText(self.tr("Filter w{0} ({1}×{2}×{3})").format(f, kh, kw, len(self.channel_grids)))
        for c, label in enumerate(self.channel_labels):
            label.setText(self.tr("w{0}, channel {1}").format(f, c))
        self.bias_label.setText(self.tr("bias b{0}").format(f))
        self.thumbs_label.setText(self.tr("All filters (click one to show it):"))
        for thumb in self.thumbs:
            thumb.setToolTip(self.tr("Show filter w{0}").format(thumb.index))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

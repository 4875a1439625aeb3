"""Presentation mode's layout of the convolution page: one input channel at a time.

At a lecture's zoom, three 7×7 input channels, a filter column and the output
cannot share a 1280-px screen with numbers a back row reads. While presenting,
the page shows the one input channel the current step works on (the tap's
channel during a tap walk; C / Shift+C or the ◀ ▶ buttons choose another), the
current filter folded to that channel's weights and its bias, and lets their
cells grow into the freed width. Leaving restores the normal layout exactly.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QToolButton, QWidget

from .cell_grid import TEXT_PX, TEXT_ROOM
from .grid_items import TEXT_MAX_PX
from .volume_view import best_columns

if TYPE_CHECKING:
    from .convolution_view import ConvolutionView

FIT = 1.04  # a grid fills this share less of its view (VolumeView._fit's margin)


class ChannelPicker(QWidget):
    """The "◀ input channel 1 of 3 ▶" row: which input channel presentation mode shows.

    Signals
    -------
    channel_chosen(int) : the user asks for that channel
    """

    channel_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._channel, self._count = 0, 1
        self.previous_button, self.next_button = QToolButton(), QToolButton()
        self.previous_button.setText("◀")
        self.next_button.setText("▶")
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.label)
        layout.addWidget(self.next_button)
        layout.addStretch(1)
        self.previous_button.clicked.connect(lambda: self.channel_chosen.emit(self._step(-1)))
        self.next_button.clicked.connect(lambda: self.channel_chosen.emit(self._step(1)))
        self._retranslate()

    def _step(self, by: int) -> int:
        return (self._channel + by) % self._count

    def show_channel(self, channel: int, count: int) -> None:
        """Name channel ``channel`` of ``count``; the buttons act when there is another."""
        self._channel, self._count = channel, max(1, count)
        for button in (self.previous_button, self.next_button):
            button.setEnabled(count > 1)
        self._retranslate()

    def _retranslate(self) -> None:
        self.label.setText(self.tr("input channel {0} (of {1})").format(self._channel, self._count))
        self.previous_button.setToolTip(self.tr("Previous input channel (Shift+C)"))
        self.next_button.setToolTip(self.tr("Next input channel (C)"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class PresentingLayout:
    """The one-channel layout of ``view`` (a ConvolutionView) while presentation mode is on.

    Attributes
    ----------
    active : presentation mode's layout is shown
    channel : the input channel shown while active
    picker : the :class:`ChannelPicker` beside the step's position (shown while active, for 2+ channels)
    """

    def __init__(self, view: ConvolutionView) -> None:
        self.view = view
        self.active = False
        self.channel = 0
        self.picker = ChannelPicker()
        self.picker.hide()
        view.top_row.addWidget(self.picker)  # beside the position: no row of its own, the grid keeps it
        self.picker.channel_chosen.connect(self.show_channel)
        # per splitter, its sizes from before presenting, until they are given back
        self._sizes: dict[QSplitter, list[int]] = {}
        for splitter in self._splitters():
            splitter.splitterMoved.connect(lambda *_, s=splitter: self._sizes.pop(s, None))  # the user's now
        self._column_h = -1  # the filter column's height the filter's cells were sized for

    def _splitters(self) -> tuple[QSplitter, QSplitter]:
        return self.view.volumes_splitter, self.view.splitter

    def set_active(self, on: bool) -> None:
        """Show one channel (``on``), or every grid and the sizes from before presenting."""
        if on == self.active:
            return
        view = self.view
        if on:
            self._sizes = {s: s.sizes() for s in self._splitters()}
        self.active = on
        self.picker.setVisible(on and len(view.input_view.panels) > 1)
        if on:
            self.refresh()
        else:
            view.input_view.show_only(None)
            view.filter_panel.set_folded(None)
            view.refit()
            self.restore_sizes()

    def restore_sizes(self) -> None:
        """Each splitter as it was before presenting, once it is as long as it was then (the
        window's size comes back after leaving full screen, sometimes an event later)."""
        if self.active:
            return
        for splitter, sizes in list(self._sizes.items()):
            if sum(splitter.sizes()) == sum(sizes):
                splitter.setSizes(sizes)
                del self._sizes[splitter]

    def column_resized(self) -> None:
        """The filter column's visible height changed (the arithmetic's lines did): its cells anew."""
        height = self.view.filters_scroll.viewport().height()
        if self.active and height != self._column_h:
            self._column_h = height
            self.view.refit()

    def show_channel(self, channel: int) -> None:
        """Show input channel ``channel`` (ignored when not presenting or out of range)."""
        count = len(self.view.input_view.panels)
        if not self.active or not 0 <= channel < count or channel == self.channel:
            return
        self.channel = channel
        self.refresh()

    def step_channel(self, by: int) -> None:
        """The next (``by`` = 1) or previous (−1) input channel, round the end."""
        count = max(1, len(self.view.input_view.panels))
        self.show_channel((self.channel + by) % count)

    def follow(self, channels: tuple[int, ...], tap_channel: int) -> None:
        """Keep the shown channel one the step uses: the tap's (``tap_channel`` ≥ 0, during a
        tap walk), or the filter's first when it does not see the one shown (groups)."""
        if not self.active:
            return
        if tap_channel >= 0:
            self.show_channel(tap_channel)
        elif channels and self.channel not in channels:
            self.show_channel(channels[0])
        self._fold(channels)

    def _fold(self, channels: tuple[int, ...]) -> None:
        fold = channels.index(self.channel) if self.channel in channels else 0
        if fold != self.view.filter_panel.folded:
            self.view.filter_panel.set_folded(fold)
            self.view.refit()

    def refresh(self) -> None:
        """Lay out the channel shown again (a new session may have other channels)."""
        if not self.active:
            return
        view = self.view
        count = len(view.input_view.panels)
        self.channel = min(self.channel, max(0, count - 1))
        self.picker.show_channel(self.channel, count)
        self.picker.setVisible(count > 1)  # one channel: nothing to choose
        view.input_view.show_only(self.channel, titles=False)  # the picker names the grid
        self._fold(tuple(view.presenter.conv_step.channels))
        view.refit()

    def filters_need(self, need: int) -> int:
        """The filter column's width: ``need``, and presenting, its title on one line with room
        to spare (the next column's title must not seem to continue it)."""
        if not self.active:
            return need
        title = self.view.filter_title
        return max(need, title.fontMetrics().horizontalAdvance(title.text()) + 24)

    def filter_zoom(self, zoom: float) -> float:
        """The filter grids' zoom at text zoom ``zoom``: presenting, their numbers as large as the
        input's can be (``TEXT_MAX_PX × zoom``) where the column is high enough for the kernel's rows."""
        panel = self.view.filter_panel
        if not self.active or not panel.channel_grids:
            return zoom
        grid = panel.channel_grids[min(panel.folded or 0, len(panel.channel_grids) - 1)]
        rows = grid.values.shape[0]
        # the column's height less its titles, labels and margins (all but the grid's rows)
        others = panel.sizeHint().height() - grid.sizeHint().height()
        room = self.view.filters_scroll.viewport().height() - others
        px = min(TEXT_MAX_PX * zoom, (room - 1) / max(1, rows) - TEXT_ROOM)
        return max(zoom, math.floor(px) / TEXT_PX)

    def input_share(self, width: int, height: int, title_px: int, low: int, high: int) -> int:
        """The input's part of ``width`` px (the output has the rest, both ``height`` px high) that
        draws the smaller of the input's and the output's numbers largest; then the input's, then
        the output's; then the smaller of their cells (a photo's are too small for numbers); then
        the narrowest input. The input's title fits on one line where it can."""
        view = self.view
        trace = view.presenter.trace
        _, h, w = trace.padded.shape
        n, oh, ow = trace.output.shape
        grid_in = view.input_view.panels[self.channel].grid
        grids_out = [panel.grid for panel in view.output_view.panels]
        title = view.input_title
        low = max(low, min(title.fontMetrics().horizontalAdvance(title.text()) + 16, width * 11 // 20))

        def font_in(a: int) -> int:
            return int(grid_in.font_for(min(a / w, height / h) / FIT))

        def font_out(b: int) -> int:
            return min(int(g.font_for(cell_out(b) / FIT)) for g in grids_out)

        def cell_out(b: int) -> float:
            cols = best_columns(n, (oh, ow), (b, height), title_px)
            return min(b / cols / ow, (height / math.ceil(n / cols) - title_px) / oh)

        def key(a: int) -> tuple[int, int, int, float]:
            fi, fo = font_in(a), font_out(width - a)
            return min(fi, fo), fi, fo, min(min(a / w, height / h), cell_out(width - a))  # no numbers: cells

        return max(range(low, max(low + 1, high), max(1, width // 200)), key=key)

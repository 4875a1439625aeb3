"""The whole current step at once: input volume, filters, output volume,
arithmetic and a position readout. Self-contained, so the GIF exporter can
grab it offscreen frame by frame."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QApplication,
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
from .cell_grid import CellGrid
from .conv_presenting import PresentingLayout
from .filter_panel import FilterPanel
from .grid_items import Mark
from .palette import (
    CURRENT_COLOR,
    FEED_COLOR,
    FEED_FILL,
    PADDING_COLOR,
    WINDOW_COLOR,
    channel_lut,
    diverging_lut,
    symmetric_levels,
    tap_color,
    tap_label,
    value_levels,
)
from .reveal_items import CellHighlight, show_question
from .theme import LIGHT, ThemeColors
from .variant_labels import padding_mode_label
from .volume_view import TITLE_PX, VolumeView, best_columns
from .zoom import scaled, title_factor

MAX_TAP_MARKS = 121  # beyond this many taps, outline the window only
MAX_INSERTED_MARKS = 400  # the direct picture outlines the input's cells up to this many
SOURCE_COLOR = QColor(0, 150, 140)  # a padded border cell's source: teal, apart from the feeds' magenta
SOURCE_FILL = QColor(0, 150, 140, 80)
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
        need = self.presenting.filters_need(need)
        self.filters_scroll.setMinimumWidth(min(need, FILTERS_MIN_WIDTH))
        if need != self._filters_need:
            self._filters_need = need
            self._share_columns()
        self._fit_arithmetic()

    def _fit_arithmetic(self, *_: object) -> None:
        """Room for the arithmetic: its lines, up to a cap (zoomed text wraps more)."""
        if self._zoom == 1.0:
            lines = self.presenter.trace.x.shape[0] + 1
            self.arithmetic_view.setMinimumHeight(min(26 * lines + 24, 200))
        else:
            need = self.arithmetic_view.canvas.minimumHeight() + 2
            self.arithmetic_view.setMinimumHeight(min(need, scaled(140, self._zoom)))

    def refit(self) -> None:
        """Share the room out anew: the grids shown have changed."""
        self._zoom_filters()
        self._fit_panels()
        self._share_columns()

    def _on_filter_panel_viewport_resized(self) -> None:
        self.presenting.column_resized()

    def set_presenting(self, on: bool) -> None:
        """Presentation mode's layout (one input channel, the filter folded to it) or the normal one."""
        self.presenting.set_active(on)

    # -- zoom and theme --------------------------------------------------------------
    def set_zoom(self, factor: float) -> None:
        """Every text a student reads at zoom ``factor``: position, titles, grids, arithmetic."""
        if factor == self._zoom:
            return
        self._zoom = factor
        if factor == 1.0:
            self.setFont(QFont())  # inherit again
        else:
            font = QFont(QApplication.font())
            font.setPointSizeF(QApplication.font().pointSizeF() * title_factor(factor))
            self.setFont(font)  # the filter panel's labels and thumbnails follow
        self.input_view.set_zoom(factor)
        self.output_view.set_zoom(factor)
        self.arithmetic_view.set_zoom(factor)
        self.filter_panel.set_side_by_side(factor > 1.25)  # a column of large grids would not fit
        self._zoom_filters()
        self._restyle()
        self._fit_panels()
        self._share_columns()

    def set_theme(self, colors: ThemeColors) -> None:
        if colors is self._colors:
            return
        self._colors = colors
        self.input_view.set_theme(colors)
        self.output_view.set_theme(colors)
        self.arithmetic_view.set_theme(colors)
        self._restyle()

    def _zoom_filters(self) -> None:
        factor = self.presenting.filter_zoom(self._zoom)  # presenting: as large as the column holds
        for grid in self.filter_panel.findChildren(CellGrid):
            grid.set_zoom(factor)

    def _restyle(self) -> None:
        f, dark = self._zoom, self._colors.dark
        size = "" if f == 1.0 else f"; font-size: {scaled(12, title_factor(f))}px"
        color = f"; color: {self._colors.text.name()}" if dark else ""  # a style sheet hides the palette's
        titles = (self.input_title, self.output_title, self.filter_title, self.filter_panel.header)
        for title in (*titles, self.presenting.picker.label):
            title.setStyleSheet("font-weight: bold" + size + color)
        position = f"font-size: {scaled(15, title_factor(f))}px; font-weight: bold; padding: 4px{color}"
        self.position_label.setStyleSheet(position)
        hover = getattr(self, "hover_label", None)
        if hover is not None:
            hover.setStyleSheet(f"color: {'#5fd3c7' if dark else '#006e66'}; padding: 0 4px{size}")

    def _share_columns(self) -> None:
        """The filter column gets what it needs (up to a share), input and output the rest."""
        sizes = self.volumes_splitter.sizes()
        total = sum(sizes)
        if total <= 0:
            return  # not laid out yet: the first resize shares the room
        filters = min(self._filters_need, int(total * FILTERS_MAX_SHARE))
        side = (total - filters) // 2
        if self._zoom != 1.0:  # zoomed, every pixel counts: input and output cells as large as can be
            side = self._input_share(total - filters)
        self.volumes_splitter.setSizes([side, filters, total - filters - side])

    def _input_share(self, width: int) -> int:
        """The input's part of ``width`` pixels that makes the smaller of the input's and the
        output's cells largest (both views are as high as the input view)."""
        trace = self.presenter.trace
        height = max(1, self.input_view.height())
        title = round(TITLE_PX * title_factor(self._zoom))

        def cell(shape: tuple[int, ...], w: int) -> float:
            n, h, wd = shape
            cols = best_columns(n, (h, wd), (w, height), title)
            return min(w / cols / wd, (height / math.ceil(n / cols) - title) / h)

        # never narrower than a grid's title: the layout would cut the grids off
        low = max(width // 10, self.input_view.min_content_width())
        high = min(width - width // 10, width - self.output_view.min_content_width())
        shares = range(low, max(low + 1, high), max(1, width // 100))
        if self.presenting.active:  # one input channel: its numbers and the output's as large as can be
            return self.presenting.input_share(width, height, title, low, high)
        x_shape, y_shape = trace.padded.shape, trace.output.shape
        return max(shares, key=lambda a: min(cell(x_shape, a), cell(y_shape, width - a)))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if self.presenting.active and event.oldSize() != self.size():
            self.refit()  # presenting: the filter's cells follow the column's height too
        elif event.oldSize().width() <= 0 or (self._zoom != 1.0 and event.oldSize().width() != self.width()):
            self._share_columns()  # zoomed (presentation), a new width is shared out anew
        self.presenting.restore_sizes()  # back from presentation mode: the room as it was

    def _on_stage_changed(self, stage: str) -> None:
        if stage == "conv":
            self._on_step_changed(self.presenter.step_index)

    def _on_step_changed(self, k: int) -> None:
        if self.presenter.stage != "conv" or self.presenter.shows_scatter:
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
                Mark(r, c, 1, 1, tap_color(i * kw + j, kh * kw), 2.0, label=tap_label(i * kw + j), halo=True)
                for i, r in enumerate(step.taps_rows)
                for j, c in enumerate(step.taps_cols)
            ]
        if self._hover_cell is not None:
            window.append(Mark(*self._hover_cell, 1, 1, FEED_COLOR, 3.0, fill=FEED_FILL))
            source = self.presenter.padding_source_cell(*self._hover_cell)
            if source is not None:
                window.append(Mark(*source, 1, 1, SOURCE_COLOR, 3.0, fill=SOURCE_FILL))
        rows, cols = self.presenter.inserted_cells()
        if 0 < len(rows) * len(cols) <= MAX_INSERTED_MARKS:  # the input's own cells among the zeros
            window = [Mark(r, c, 1, 1, PADDING_COLOR.darker(120), 1.0) for r in rows for c in cols] + window
        at = self.presenter.tap_position  # one multiply-add: its input cell and its weight stand out
        tap_channel = -1 if at is None else (step.channels[at[0]] if step.channels else at[0])
        self.presenting.follow(tuple(step.channels), tap_channel)
        for ch in range(len(self.input_view.panels)):
            marks = window
            if ch == tap_channel:
                color = tap_color(at[1] * kw + at[2], kh * kw)  # type: ignore[index]
                r, c = step.taps_rows[at[1]], step.taps_cols[at[2]]  # type: ignore[index]
                # a thick ring just outside the cell: the number in it stays readable
                marks = [*window, Mark(r - 0.15, c - 0.15, 1.3, 1.3, color, 4.0, min_px=8.0)]
            seen = step.channels or range(len(self.input_view.panels))  # with groups: the filter's own
            self.input_view.set_marks(ch, marks if ch in seen else [])
        self._highlight_weight(at, kh * kw, kw)
        where = (step.index, step.filter, top, left)
        follow = follow and self._followed != where  # an edited weight moves nothing
        if follow:
            self._followed = where
            self.input_view.ensure_visible(top, left, eh, ew)
        _, oh, ow = trace.out_shape
        f = step.filter
        pending = self.presenter.output_pending  # predicted first, or still being summed
        self.output_view.set_filled(
            [
                None if i < f else (step.row * ow + step.col + (0 if pending else 1) if i == f else 0)
                for i in range(trace.num_filters)
            ]
        )
        show_question(self.output_view, f if pending else None, step.row, step.col)
        self._mark_outputs()
        if follow:
            self.output_view.ensure_visible(step.row, step.col, 1, 1)
        self._update_position()

    def _on_tap_changed(self, *_: object) -> None:
        if self.presenter.stage == "conv":
            self._draw_step(follow=False)

    def _highlight_weight(self, at: tuple[int, int, int] | None, taps: int, kw: int) -> None:
        """Outline the weight the current multiply-add uses (none outside a tap walk)."""
        for c, grid in enumerate(self.filter_panel.channel_grids):
            overlay = self._weight_marks.get(id(grid))
            if overlay is None:
                if at is None or at[0] != c:
                    continue
                overlay = self._weight_marks[id(grid)] = CellHighlight(grid)
            if at is not None and at[0] == c:
                cell = at[1:]
                if self.presenter.trace.flip:  # a true convolution multiplies the rotated kernel
                    cell = (taps // kw - 1 - at[1], kw - 1 - at[2])
                overlay.set_cell(cell, tap_color(at[1] * kw + at[2], taps))
            else:
                overlay.set_cell(None)

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
                self.tr("Input {0}×{1}×{2} spread out with stride − 1 = {3} zero(s) between cells, "
                        "padded to {4}×{5}×{2}").format(th, tw, c, t.geometry.stride[0] - 1, h, w)
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

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

"""The convolution page's marks: the window and its taps on the input, the weight a
multiply-add uses, the hovered cell and what it feeds, the outputs done so far.

:class:`ConvMarks` is a mixin of :class:`~cnnviz.views.convolution_view.ConvolutionView`;
it draws what the presenter's current step says and calls no ``tr`` (the page's texts
keep their translation context, ``ConvolutionView``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

from .grid_items import Mark
from .palette import CURRENT_COLOR, FEED_COLOR, FEED_FILL, PADDING_COLOR, WINDOW_COLOR, tap_color, tap_label
from .reveal_items import CellHighlight, show_question

if TYPE_CHECKING:
    from collections.abc import Callable

    from cnnviz.presenters import ConvSessionPresenter

    from .conv_presenting import PresentingLayout
    from .filter_panel import FilterPanel
    from .volume_view import VolumeView

MAX_TAP_MARKS = 121  # beyond this many taps, outline the window only
MAX_INSERTED_MARKS = 400  # the direct picture outlines the input's cells up to this many
SOURCE_COLOR = QColor(0, 150, 140)  # a padded border cell's source: teal, apart from the feeds' magenta
SOURCE_FILL = QColor(0, 150, 140, 80)


class ConvMarks:
    """A mixin for the convolution view: redraws its marks when the step, the tap, the
    reveal or the hover changes (the view's ``_update_position`` writes the position)."""

    presenter: ConvSessionPresenter
    input_view: VolumeView
    output_view: VolumeView
    filter_panel: FilterPanel
    presenting: PresentingLayout
    _export_mode: bool
    _hover_cell: tuple[int, int] | None
    _followed: tuple[int, ...] | None
    _weight_marks: dict[int, CellHighlight]
    _update_position: Callable[[], None]  # the view's own: it writes the position, with its texts

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

"""How the convolution page shares out its room, and its text zoom and theme.

:class:`ConvLayout` is a mixin of :class:`~cnnviz.views.convolution_view.ConvolutionView`:
the filter column gets the width its grids need (up to a share), input and output the
rest; the arithmetic gets room for its lines; zoom and theme restyle every text a student
reads. Presentation mode's one-channel layout is :mod:`cnnviz.views.conv_presenting`.
It calls no ``tr``: the page's texts keep their translation context, ``ConvolutionView``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from .cell_grid import CellGrid
from .volume_view import TITLE_PX, best_columns
from .zoom import scaled, title_factor

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter

    from cnnviz.presenters import ConvSessionPresenter

    from .arithmetic_view import ArithmeticView
    from .conv_presenting import PresentingLayout
    from .filter_panel import FilterPanel
    from .theme import ThemeColors
    from .volume_view import VolumeView

FILTERS_MIN_WIDTH = 200  # the filter column scrolls sideways below this; the window stays small
FILTERS_MAX_SHARE = 0.45  # of the three columns' width, at most, when they are shared out


class ConvLayout:
    """A mixin for the convolution view: the columns' widths, the arithmetic's height,
    the text zoom and the theme."""

    presenter: ConvSessionPresenter
    input_view: VolumeView
    output_view: VolumeView
    filter_panel: FilterPanel
    filters_scroll: QScrollArea
    arithmetic_view: ArithmeticView
    volumes_splitter: QSplitter
    presenting: PresentingLayout
    input_title: QLabel
    output_title: QLabel
    filter_title: QLabel
    position_label: QLabel
    _zoom: float
    _colors: ThemeColors
    _filters_need: int
    setFont: Callable[[QFont], None]  # the view's own, a QWidget's

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

"""Graphics items that draw a whole grid at once.

One :class:`NumberGridItem` per grid paints the padding band, the "not yet
computed" curtain, grid lines and every visible number (a hundred separate
text items cost ~5× more per frame). :class:`MarksItem` outlines cells
(the data window, its taps, the current output, hovered feeds) with
cosmetic pens and keeps tiny marks visible when zoomed far out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from cnnviz.presenters.text import format_number

from .palette import EMPTY_COLOR, FRAME_COLOR, GRID_COLOR, PADDING_COLOR, TAP_HALO

GRID_MIN_PX = 8.0  # cell size on screen from which grid lines are drawn
TEXT_MIN_PX = 6.5  # smallest readable font, in pixels
TEXT_MAX_PX = 16.0  # the numbers' largest size at zoom 1 (they are smaller when cells are)
LABEL_MAX_PX = 12.0  # a tap number's largest size at zoom 1
PRECOMPUTE_CELLS = 4096  # format all numbers up front for grids up to this size


class NumberGridItem(QGraphicsItem):
    """Numbers, grid lines, padding band and curtain for one (H, W) grid.

    Cell ``(r, c)`` covers ``[c, c+1] × [r, r+1]`` in item coordinates.
    """

    def __init__(self, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.values = np.zeros((0, 0), np.float32)
        self.padding = (0, 0)
        self.filled: int | None = None
        self._texts: list[str] | None = None
        self._light_text = np.zeros((0, 0), bool)
        self._longest = 1
        self._font = QFont()
        self.text_px = TEXT_MAX_PX  # the largest the numbers are drawn (the zoom sets it)
        self.drawn_px = 0  # the pixel size the numbers were last painted at (0: none painted)
        self.fill = 0.5  # the numbers' height, at most, as a share of a cell's
        self.lowered: frozenset[tuple[int, int]] = frozenset()  # cells whose corner holds a tap number
        self._grid_color, self._frame_color, self._empty_color = GRID_COLOR, FRAME_COLOR, EMPTY_COLOR
        self._pad_text = PADDING_COLOR.darker(130)

    # -- data ----------------------------------------------------------------
    def set_values(self, values: np.ndarray, lut: np.ndarray, levels: tuple[float, float]) -> None:
        """Show ``values`` (H, W); ``lut``/``levels`` are the heat map's, for text contrast."""
        self.prepareGeometryChange()
        self.values = np.asarray(values)
        lo, hi = levels
        idx = np.clip((self.values - lo) / ((hi - lo) or 1.0) * 255, 0, 255).astype(np.intp)
        rgb = lut[idx].astype(np.float32)
        self._light_text = (rgb @ np.array([0.299, 0.587, 0.114], np.float32)) < 110
        if self.values.size <= PRECOMPUTE_CELLS:
            self._texts = [format_number(v) for v in self.values.ravel()]
            self._longest = max((len(t) for t in self._texts), default=1)
        else:
            self._texts = None
            self._longest = 5
        self.update()

    def set_padding(self, padding: tuple[int, int]) -> None:
        self.padding = padding
        self.update()

    def set_text_px(self, px: float) -> None:
        """Draw the numbers at most ``px`` pixels high (less when a cell is too small)."""
        if px != self.text_px:
            self.text_px = float(px)
            self.update()

    def set_lowered(self, cells: frozenset[tuple[int, int]]) -> None:
        """Draw the numbers of ``cells`` (row, col) lower, clear of a tap number in their corner."""
        if cells != self.lowered:
            self.lowered = cells
            self.update()

    def set_theme(self, colors) -> None:
        """Grid lines, outline, curtain and padding numbers in the theme's ``colors``."""
        self._grid_color, self._frame_color = colors.grid, colors.frame
        self._empty_color, self._pad_text = colors.empty, colors.padding_text
        self.update()

    def set_filled(self, filled: int | None) -> None:
        """Cells ``0..filled-1`` (row-major) are computed; the rest are drawn empty."""
        if filled != self.filled:
            self.filled = filled
            self.update()

    def text_at(self, row: int, col: int) -> str:
        """The number drawn in cell ``(row, col)`` ('' when it is not yet computed)."""
        h, w = self.values.shape
        if self.filled is not None and row * w + col >= self.filled:
            return ""
        if self._texts is not None:
            return self._texts[row * w + col]
        return format_number(self.values[row, col])

    def font_for(self, cell_px: float) -> float:
        """The pixel size the numbers are drawn at in cells ``cell_px`` pixels wide: at most
        :attr:`text_px`, a share of the cell's height, and narrow enough for the longest number."""
        return min(self.text_px, cell_px * self.fill, cell_px * 0.88 / (0.58 * self._longest))

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        h, w = self.values.shape
        return QRectF(0, 0, w, h)

    # -- painting --------------------------------------------------------------
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        h, w = self.values.shape
        if h == 0 or w == 0:
            return
        t = painter.worldTransform()
        cell_px = min(abs(t.m11()), abs(t.m22()))
        exposed = option.exposedRect.intersected(self.boundingRect())
        r0, r1 = max(0, int(exposed.top())), min(h, int(np.ceil(exposed.bottom())))
        c0, c1 = max(0, int(exposed.left())), min(w, int(np.ceil(exposed.right())))
        self._paint_padding(painter, h, w)
        self._paint_curtain(painter, h, w)
        if cell_px >= GRID_MIN_PX:
            pen = QPen(self._grid_color, 1)
            pen.setCosmetic(True)
            painter.setPen(pen)
            for r in range(r0, r1 + 1):
                painter.drawLine(QPointF(c0, r), QPointF(c1, r))
            for c in range(c0, c1 + 1):
                painter.drawLine(QPointF(c, r0), QPointF(c, r1))
        font_px = self.font_for(cell_px)
        self.drawn_px = 0
        if font_px >= TEXT_MIN_PX and (r1 - r0) * (c1 - c0) <= 20000:
            if self._paint_numbers(painter, t, font_px, r0, r1, c0, c1):
                self.drawn_px = self._font.pixelSize()
        self._paint_frame(painter, h, w)

    def _paint_frame(self, painter: QPainter, h: int, w: int) -> None:
        """The map's outline, at any zoom: near-zero values are white like the page."""
        pen = QPen(self._frame_color, 1.5)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(0, 0, w, h))

    def _paint_padding(self, painter: QPainter, h: int, w: int) -> None:
        ph, pw = self.padding
        if not (ph or pw):
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(
            QBrush(QColor(PADDING_COLOR.red(), PADDING_COLOR.green(), PADDING_COLOR.blue(), 110))
        )
        for rect in (
            QRectF(0, 0, w, ph),
            QRectF(0, h - ph, w, ph),
            QRectF(0, ph, pw, h - 2 * ph),
            QRectF(w - pw, ph, pw, h - 2 * ph),
        ):
            if rect.width() > 0 and rect.height() > 0:
                painter.drawRect(rect)
        pen = QPen(PADDING_COLOR.darker(150), 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(pw, ph, w - 2 * pw, h - 2 * ph))

    def _paint_curtain(self, painter: QPainter, h: int, w: int) -> None:
        if self.filled is None or self.filled >= h * w:
            return
        r, c = divmod(max(self.filled, 0), w)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._empty_color)
        if c:
            painter.drawRect(QRectF(c, r, w - c, 1))
            r += 1
        if r < h:
            painter.drawRect(QRectF(0, r, w, h - r))

    def _paint_numbers(
        self, painter: QPainter, t, font_px: float, r0: int, r1: int, c0: int, c1: int
    ) -> int:
        """Paint the numbers of rows ``r0:r1``, columns ``c0:c1``; how many were painted."""
        h, w = self.values.shape
        painted = 0
        ph, pw = self.padding
        painter.save()
        painter.resetTransform()
        self._font.setPixelSize(max(1, int(font_px)))
        painter.setFont(self._font)
        dark, light, pad = QColor(20, 20, 20), QColor(250, 250, 250), self._pad_text
        limit = h * w if self.filled is None else self.filled
        align = Qt.AlignmentFlag.AlignCenter
        for r in range(r0, r1):
            if r * w + c0 >= limit:
                break
            in_pad_row = r < ph or r >= h - ph
            for c in range(c0, c1):
                k = r * w + c
                if k >= limit:
                    break
                rect = t.mapRect(QRectF(c, r + (0.09 if (r, c) in self.lowered else 0.0), 1, 1))
                if in_pad_row or c < pw or c >= w - pw:
                    painter.setPen(pad)
                else:
                    painter.setPen(light if self._light_text[r, c] else dark)
                text = self._texts[k] if self._texts is not None else format_number(self.values[r, c])
                painter.drawText(rect, align, text)
                painted += 1
        painter.restore()
        return painted


@dataclass(frozen=True)
class Mark:
    """An outlined block of cells: top-left ``(row, col)``, size in cells, pen colour and width."""

    row: float
    col: float
    height: float
    width: float
    color: QColor
    pen_width: float = 2.0
    fill: QColor | None = None
    min_px: float = 0.0  # if the mark is smaller than this on screen, circle it
    label: str = ""  # a small number in the top-left corner (a tap's place in the sum)
    halo: bool = False  # a white line under the outline: the colour reads on any cell


class MarksItem(QGraphicsItem):
    """Cell outlines drawn in screen pixels over a grid of ``size`` (H, W) cells."""

    def __init__(self, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.marks: list[Mark] = []
        self._size = (1, 1)
        self.label_px = LABEL_MAX_PX  # a label's largest size (the zoom sets it)
        self._label_font = QFont()
        self._label_font.setBold(True)

    def set_marks(self, marks: list[Mark], size: tuple[int, int]) -> None:
        if size != self._size:
            self.prepareGeometryChange()
            self._size = size
        self.marks = marks
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        h, w = self._size
        m = max(2.0, 0.1 * max(h, w))
        return QRectF(-m, -m, w + 2 * m, h + 2 * m)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if not self.marks:
            return
        t = painter.worldTransform()
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(
            QPainter.RenderHint.Antialiasing, False
        )  # axis-aligned rectangles: crisp and cheaper
        for m in sorted(self.marks, key=lambda m: not m.halo):  # haloed taps under the window
            rect = t.mapRect(QRectF(m.col, m.row, m.width, m.height))
            if m.fill is not None:
                painter.fillRect(rect, m.fill)
            half = m.pen_width / 2
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if m.halo:
                painter.setPen(QPen(TAP_HALO, m.pen_width + 2))
                painter.drawRect(rect.adjusted(half, half, -half, -half))
            painter.setPen(QPen(m.color, m.pen_width))
            painter.drawRect(rect.adjusted(half, half, -half, -half))
            if m.min_px and max(rect.width(), rect.height()) < m.min_px:
                painter.drawEllipse(rect.center(), m.min_px, m.min_px)
            if m.label:
                self._paint_label(painter, rect, m)
        painter.restore()

    def _paint_label(self, painter: QPainter, rect: QRectF, m: Mark) -> None:
        """The mark's number on a white chip in the cell's top-left corner (skipped when tiny)."""
        px = min(self.label_px, rect.height() * 0.3)
        if px < 7:
            return
        self._label_font.setPixelSize(int(px))
        painter.setFont(self._label_font)
        width = QFontMetricsF(self._label_font).horizontalAdvance(m.label)
        inset = m.pen_width
        chip = QRectF(rect.left() + inset, rect.top() + inset, width + 0.5 * px, 1.15 * px)
        painter.fillRect(chip, TAP_HALO)
        painter.setPen(m.color)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, m.label)

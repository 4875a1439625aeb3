"""A small painted grid of numbers whose cells can be edited in place
(filter weights, a bias), and a clickable filter thumbnail."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLocale, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDoubleValidator,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QWidget

from cnnviz.presenters.text import format_number

from .palette import CURRENT_COLOR, TAP_HALO, tap_color


def _lut_colors(lut: np.ndarray, levels: tuple[float, float], values: np.ndarray) -> np.ndarray:
    """QColors for ``values`` (any shape) through ``lut`` over ``levels``, same shape."""
    lo, hi = levels
    idx = np.clip((np.asarray(values, np.float64) - lo) / ((hi - lo) or 1.0) * 255, 0, 255).astype(np.intp)
    rgb = lut[idx]
    out = np.empty(idx.shape, dtype=object)
    for pos in np.ndindex(idx.shape):
        out[pos] = QColor(*(int(v) for v in rgb[pos]))
    return out


TEXT_PX = 13  # the numbers' font size in a cell, in pixels
TEXT_MARGIN = 10  # room left and right of the widest number, together
TEXT_ROOM = 10  # a cell is at least this much taller than its numbers


class CellGrid(QWidget):
    """Numbers in coloured cells; double-click (or F2/Enter) a cell to type a new value.

    Cells are ``cell`` pixels tall and as wide as the widest number needs
    (never narrower than tall), so a number is never cut, whatever it becomes.

    Signals
    -------
    cell_edited(int row, int col, float value)
    """

    cell_edited = Signal(int, int, float)

    def __init__(self, parent: QWidget | None = None, cell: int = 34, tap_colors: bool = True) -> None:
        super().__init__(parent)
        self.values = np.zeros((1, 1), np.float32)
        self.texts: list[list[str]] = [["0"]]
        self._lut = np.full((256, 3), 255, np.uint8)
        self._levels = (-1.0, 1.0)
        self._colors = _lut_colors(self._lut, self._levels, self.values)
        self._cell_h = cell
        self._cell_w = cell
        self._base_cell = cell
        self._font = QFont(self.font())
        self._font.setPixelSize(TEXT_PX)
        self.drawn_px = 0  # the pixel size the numbers were last painted at (0: not painted yet)
        self._tap_colors = tap_colors
        self._flipped_taps = False  # a true convolution: weight (r, c) meets tap (h-1-r, w-1-c)
        self._editing: tuple[int, int] | None = None
        self._editor: QLineEdit | None = None  # made on the first edit: keeps start-up quick
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setToolTip(self.tr("Double-click a number to change it"))

    def set_values(self, values: np.ndarray, lut: np.ndarray, levels: tuple[float, float]) -> None:
        """Show ``values`` (H, W) coloured through ``lut`` over ``levels``."""
        resized = values.shape != self.values.shape
        self.values = np.asarray(values)
        self.texts = [[format_number(v) for v in row] for row in self.values]
        self._lut, self._levels = lut, levels
        self._colors = _lut_colors(lut, levels, self.values)  # once here, not on every paint
        # the width follows every new value, not only a new shape: -0.181 must not show as 0.181
        width = max(self._cell_h, self.text_width() + TEXT_MARGIN)
        if resized or width != self._cell_w:
            self._cell_w = width
            self.updateGeometry()
        self.update()

    def set_flipped_taps(self, on: bool) -> None:
        """Colour weight ``(r, c)`` like the window tap it multiplies in a true convolution,
        ``(h−1−r, w−1−c)``: the kernel is used rotated by 180°."""
        if on != self._flipped_taps:
            self._flipped_taps = on
            self.update()

    def set_zoom(self, factor: float) -> None:
        """Numbers ``TEXT_PX × factor`` pixels high, in cells tall enough for them."""
        px = max(1, round(TEXT_PX * factor))
        if px == self._font.pixelSize():
            return
        self._font.setPixelSize(px)
        self._cell_h = max(self._base_cell, px + TEXT_ROOM)
        self._cell_w = max(self._cell_h, self.text_width() + TEXT_MARGIN)
        self.updateGeometry()
        self.update()

    def cancel_edit(self) -> bool:
        """Close the in-place editor without changing the value; False when none was open."""
        if self._editing is None:
            return False
        self._editing = None
        self.editor.hide()
        return True

    @property
    def paint_font(self) -> QFont:
        """The font the numbers are painted in."""
        return self._font

    def text_width(self) -> int:
        """Pixels the widest number needs in :attr:`paint_font`."""
        metrics = QFontMetrics(self._font)
        return max((metrics.horizontalAdvance(t) for row in self.texts for t in row), default=0)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        h, w = self.values.shape
        return QSize(w * self._cell_w + 1, h * self._cell_h + 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self.sizeHint()

    def cell_rect(self, row: int, col: int) -> QRectF:
        return QRectF(col * self._cell_w, row * self._cell_h, self._cell_w, self._cell_h)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        h, w = self.values.shape
        p.setFont(self._font)
        for r in range(h):
            for c in range(w):
                rect = self.cell_rect(r, c)
                p.fillRect(rect, self._colors[r, c])
                p.setPen(QPen(QColor(110, 110, 110), 1))
                p.drawRect(rect)
                if self._tap_colors:  # on a white halo: the colour reads on any cell
                    p.setPen(QPen(TAP_HALO, 4))
                    p.drawRect(rect.adjusted(2.5, 2.5, -2.5, -2.5))
                    t = (h - 1 - r) * w + (w - 1 - c) if self._flipped_taps else r * w + c
                    p.setPen(QPen(tap_color(t, h * w), 2))
                    p.drawRect(rect.adjusted(2.5, 2.5, -2.5, -2.5))
                p.setPen(QColor(20, 20, 20))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.texts[r][c])
        self.drawn_px = p.font().pixelSize()
        p.end()

    # -- editing -----------------------------------------------------------------
    def edit_cell(self, row: int, col: int) -> None:
        """Open the in-place editor on cell ``(row, col)``."""
        self._editing = (row, col)
        editor = self.editor
        editor.setGeometry(self.cell_rect(row, col).toRect().adjusted(1, 1, 0, 0))
        editor.setText(self.texts[row][col])
        editor.selectAll()
        editor.show()
        editor.setFocus()

    @property
    def editor(self) -> QLineEdit:
        """The in-place line edit (a double validator, C locale)."""
        if self._editor is None:
            self._editor = QLineEdit(self)
            self._editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
            validator = QDoubleValidator(-1e6, 1e6, 4, self._editor)
            validator.setLocale(QLocale.c())
            validator.setNotation(QDoubleValidator.Notation.StandardNotation)
            self._editor.setValidator(validator)
            self.editor.hide()
            self._editor.editingFinished.connect(self._on_editor_editing_finished)
        return self._editor

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        pos = event.position()
        r, c = int(pos.y() // self._cell_h), int(pos.x() // self._cell_w)
        h, w = self.values.shape
        if 0 <= r < h and 0 <= c < w:
            self.edit_cell(r, c)

    def _on_editor_editing_finished(self) -> None:
        if self._editing is None:
            return
        (r, c), self._editing = self._editing, None
        text = self.editor.text().strip()
        self.editor.hide()
        try:
            value = float(text)
        except ValueError:
            return
        if text != self.texts[r][c]:
            self.cell_edited.emit(r, c, value)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Escape and self.cancel_edit():
            return
        super().keyPressEvent(event)


class FilterThumb(QWidget):
    """A filter drawn small (its channels side by side) under its name; click to select."""

    clicked = Signal(int)

    CELL = 6

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.weights = np.zeros((1, 1, 1), np.float32)
        self.name = f"w{index}"
        self.active = False
        self._lut = np.full((256, 3), 255, np.uint8)
        self._levels = (-1.0, 1.0)
        self._colors = _lut_colors(self._lut, self._levels, self.weights)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_weights(self, w: np.ndarray, lut: np.ndarray, levels: tuple[float, float], active: bool) -> None:
        """``w`` (C, KH, KW)."""
        resized = w.shape != self.weights.shape
        self.weights, self._lut, self._levels, self.active = w, lut, levels, active
        self._colors = _lut_colors(lut, levels, w)
        if resized:
            self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        c, kh, kw = self.weights.shape
        metrics = QFontMetrics(self.font())  # the name below follows the view's zoom
        width = max(30, c * (kw * self.CELL + 3) + 6, metrics.horizontalAdvance(self.name) + 6)
        return QSize(width, kh * self.CELL + max(24, metrics.height() + 8))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        c, kh, kw = self.weights.shape
        x0 = 3
        for ch in range(c):
            for r in range(kh):
                for col in range(kw):
                    rect = QRectF(x0 + col * self.CELL, 3 + r * self.CELL, self.CELL, self.CELL)
                    p.fillRect(rect, self._colors[ch, r, col])
            p.setPen(QColor(120, 120, 120))
            p.drawRect(QRectF(x0, 3, kw * self.CELL, kh * self.CELL))
            x0 += kw * self.CELL + 3
        p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        text_h = self.height() - kh * self.CELL - 5
        name_rect = QRectF(0, kh * self.CELL + 5, self.width(), text_h)
        p.drawText(name_rect, Qt.AlignmentFlag.AlignCenter, self.name)
        if self.active:
            p.setPen(QPen(CURRENT_COLOR, 2))
            p.drawRect(QRectF(1, 1, self.width() - 2, self.height() - 2))
        p.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.index)

"""A painted list of labelled horizontal bars, one row per number.

Each row: a name on the left, a bar, and its text on the right. Signed lists
put zero in the middle (positive bars grow right, negative left); unsigned
lists grow from the left edge. A row without a value is a line of grey text.
The widget only draws what :meth:`BarList.set_rows` gave it and reports
clicks; it knows nothing of neurons or classes.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..palette import CURRENT_COLOR

POSITIVE_COLOR = QColor(40, 90, 200)
NEGATIVE_COLOR = QColor(214, 60, 50)
_TEXT = QColor(20, 20, 20)
_MUTED = QColor(105, 105, 105)
_CURRENT_FILL = QColor(255, 236, 179)
_MARGIN, _GAP = 6.0, 8.0
_MIN_ROW, _MAX_ROW = 16.0, 30.0
_MIN_BAR, _MAX_BAR = 60.0, 480.0


def _draw_elided(p: QPainter, rect: QRectF, flags: Qt.AlignmentFlag, text: str) -> None:
    """``text`` in ``rect``, cut with "…" when it does not fit (never drawn past the rect)."""
    metrics = QFontMetricsF(p.font())
    p.drawText(rect, flags, metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width()))


@dataclass(frozen=True)
class BarRow:
    """One row. ``key`` is what a click on it reports (None: not clickable);
    ``value`` is the bar's length in units of the list's scale (nan: a text-only row)."""

    key: int | None
    name: str
    value: float
    text: str
    color: QColor
    current: bool = False


class BarList(QWidget):
    """Rows of bars; ``row_clicked(key)`` when a row with a key is clicked.

    Parameters
    ----------
    signed : zero in the middle (True) or at the left edge (False)
    """

    row_clicked = Signal(int)

    def __init__(self, signed: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signed = signed
        self._rows: tuple[BarRow, ...] = ()
        self._scale = 1.0
        # as tall as its rows want and no taller: spare height goes below the formula
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.setMouseTracking(False)

    # -- data ------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[BarRow], scale: float) -> None:
        """Draw ``rows``; a bar of value ``scale`` fills its half (signed) or its whole width."""
        self._rows = tuple(rows)
        self._scale = scale if scale > 0 and math.isfinite(scale) else 1.0
        self.updateGeometry()
        self.update()

    @property
    def rows(self) -> tuple[BarRow, ...]:
        return self._rows

    @property
    def scale(self) -> float:
        return self._scale

    # -- geometry ----------------------------------------------------------------------------
    def _row_height(self) -> float:
        n = max(1, len(self._rows))
        return max(_MIN_ROW, min(_MAX_ROW, (self.height() - 2 * _MARGIN) / n))

    def _font(self, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(int(max(11, min(15, self._row_height() * 0.55))))
        font.setBold(bold)
        return font

    def _columns(self) -> tuple[float, float, float]:
        """Widths of the name column, the bar area and the text column."""
        metrics = QFontMetricsF(self._font(bold=True))
        width = self.width() - 2 * _MARGIN
        bar_rows = [r for r in self._rows if not math.isnan(r.value)]
        name_w = max([metrics.horizontalAdvance(r.name) for r in bar_rows] + [0.0])
        text_w = max([metrics.horizontalAdvance(r.text) for r in bar_rows] + [0.0])
        name_w = min(name_w + _GAP, width * 0.3)
        # the bars take what the texts leave, between _MIN_BAR and _MAX_BAR; a text
        # is elided only when even the narrowest bars leave it too little room
        bar_w = max(_MIN_BAR, min(_MAX_BAR, width - name_w - text_w - _GAP))
        return name_w, bar_w, max(0.0, width - name_w - bar_w)

    def row_rect(self, i: int) -> QRectF:
        """The rectangle row ``i`` occupies (for clicks and tests)."""
        h = self._row_height()
        return QRectF(_MARGIN, _MARGIN + i * h, self.width() - 2 * _MARGIN, h)

    def row_at(self, pos: QPointF) -> int | None:
        """The index of the row under ``pos``, or None."""
        for i in range(len(self._rows)):
            if self.row_rect(i).contains(pos):
                return i
        return None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(360, int(2 * _MARGIN + _MAX_ROW * max(1, len(self._rows))))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(200, int(2 * _MARGIN + _MIN_ROW * max(1, len(self._rows))))

    # -- drawing ---------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.fillRect(self.rect(), Qt.GlobalColor.white)
            name_w, bar_w, text_w = self._columns()
            left = _MARGIN + name_w
            zero = left + bar_w / 2 if self.signed else left
            reach = bar_w / 2 - 2 if self.signed else bar_w - 2
            for i, row in enumerate(self._rows):
                self._paint_row(p, row, self.row_rect(i), name_w, left, bar_w, zero, reach, text_w)
            if self._rows and self.signed:
                p.setPen(QPen(QColor(90, 90, 90), 1))
                top, bottom = self.row_rect(0).top(), self.row_rect(len(self._rows) - 1).bottom()
                p.drawLine(QPointF(zero, top), QPointF(zero, bottom))
        except Exception:  # noqa: BLE001 - a paint callback must never raise into Qt
            logging.getLogger(__name__).exception("could not draw the bar list")
        finally:
            p.end()

    def _paint_row(
        self, p: QPainter, row: BarRow, r: QRectF, name_w: float, left: float, bar_w: float,
        zero: float, reach: float, text_w: float,
    ) -> None:
        p.setFont(self._font(bold=row.current))
        middle = Qt.AlignmentFlag.AlignVCenter
        if math.isnan(row.value):
            p.setPen(_MUTED)
            text_rect = QRectF(left, r.top(), r.right() - left, r.height())
            _draw_elided(p, text_rect, middle, row.text)
            return
        if row.current:
            p.fillRect(r, _CURRENT_FILL)
        p.setPen(_TEXT)
        name_rect = QRectF(r.left(), r.top(), name_w - _GAP / 2, r.height())
        _draw_elided(p, name_rect, middle | Qt.AlignmentFlag.AlignRight, row.name)
        length = max(-1.0, min(1.0, row.value / self._scale)) * reach
        pad = max(2.0, r.height() * 0.18)
        bar = QRectF(min(zero, zero + length), r.top() + pad, abs(length), r.height() - 2 * pad)
        p.setPen(QPen(CURRENT_COLOR, 2.5) if row.current else Qt.PenStyle.NoPen)
        p.setBrush(row.color)
        p.drawRect(bar)
        text_rect = QRectF(left + bar_w + _GAP / 2, r.top(), text_w - _GAP / 2, r.height())
        p.setPen(_TEXT)
        _draw_elided(p, text_rect, middle, row.text)

    # -- clicks --------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        i = self.row_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and i is not None and self._rows[i].key is not None:
            self.row_clicked.emit(self._rows[i].key)
            event.accept()
            return
        super().mousePressEvent(event)

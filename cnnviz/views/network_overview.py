"""Every layer of the network side by side, for one input.

Columns run input → conv1 → relu1 → pool1 → … → output scores → softmax.
Each channel is a small heat map; a layer shares one colour scale, zero
white (red negative, blue positive), written above it as ``±max``. Hovering
a cell marks what feeds it in the previous column; the selected cell is
outlined, and its receptive field outlined on the input. Pictures are made
once per new set of columns, so a repaint only scales images.
"""

from __future__ import annotations

import logging

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cnnviz.presenters.network import NetworkPresenter
from cnnviz.presenters.text import format_number

from .network_layout import ColumnGeometry, box_rect, cell_rect, hit, layout_columns
from .palette import CURRENT_COLOR, FEED_COLOR, FEED_FILL, FRAME_COLOR, diverging_lut, symmetric_levels

RECEPTIVE_COLOR = QColor(0, 150, 70)
RECEPTIVE_FILL = QColor(0, 150, 70, 45)
BAR_COLOR = QColor(40, 90, 200)
WINNER_FILL = QColor(255, 236, 179)
TEXT_COLOR = QColor(25, 25, 25)
MUTED = QColor(100, 100, 100)
_GREY = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1)
_DIVERGING = diverging_lut()


def _pictures(
    values: np.ndarray, lut: np.ndarray, levels: tuple[float, float]
) -> tuple[list[QImage], np.ndarray]:
    """(C, H, W) → one RGB image per channel through ``lut``, and the buffer they share (keep it)."""
    lo, hi = levels
    scale = 255.0 / (hi - lo) if hi > lo else 0.0
    idx = np.clip((np.nan_to_num(values.astype(np.float32)) - lo) * scale, 0, 255).astype(np.uint8)
    rgb = np.ascontiguousarray(lut[idx])  # (C, H, W, 3)
    _, h, w, _ = rgb.shape
    return [QImage(rgb[c].data, w, h, 3 * w, QImage.Format.Format_RGB888) for c in range(len(rgb))], rgb


class NetworkOverview(QWidget):
    """Paints :attr:`NetworkPresenter.columns`; hover and click go back to the presenter."""

    def __init__(self, presenter: NetworkPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.geometry_: list[ColumnGeometry] = []
        self.levels: list[tuple[float, float]] = []
        self._pictures: list[list[QImage]] = []
        self._buffers: list[np.ndarray] = []
        self._colors: list[list[QColor]] = []
        self._font = QFont(self.font())
        self._font.setPixelSize(12)
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._metrics = QFontMetricsF(self._font)
        self._content_width = 400.0
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.MinimumExpanding, QSizePolicy.Policy.Expanding)
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), QColor(255, 255, 255))
        self.setPalette(pal)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        presenter.network_changed.connect(self._on_network_changed)
        presenter.hover_changed.connect(self.update)
        presenter.selection_changed.connect(self.update)
        self._on_network_changed()

    # -- data ---------------------------------------------------------------------------------
    def _on_network_changed(self) -> None:
        self._pictures, self._colors, self.levels, self._buffers = [], [], [], []
        for col in self.presenter.columns:
            values = col.values
            if col.kind == "input":
                levels = (float(values.min()), float(values.max()))
                if levels[1] <= levels[0]:
                    levels = (levels[0] - 1.0, levels[0] + 1.0)
                lut = _GREY
            else:
                levels, lut = symmetric_levels(values), _DIVERGING
            self.levels.append(levels)
            if col.is_map:
                images, buffer = _pictures(values, lut, levels)
                self._pictures.append(images)
                self._buffers.append(buffer)
                self._colors.append([])
            else:
                rgb = _pictures(values.reshape(1, 1, -1), lut, levels)[1][0, 0]
                self._pictures.append([])
                self._colors.append([QColor(int(r), int(g), int(b)) for r, g, b in rgb])
        self._relayout()
        self.update()

    def _relayout(self) -> None:
        width = self._metrics.horizontalAdvance
        viewport = self.parentWidget()  # a scroll area's viewport: grow maps only while all fits
        room = viewport.width() if viewport is not None else self.width()
        self.geometry_, self._content_width = layout_columns(
            self.presenter.columns, self.height(), lambda t: width(t) + 2, room
        )
        self.setMinimumWidth(int(self._content_width))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._relayout()
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(int(self._content_width), 420)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(200, 260)

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        try:
            self._paint(p)
        except Exception:  # noqa: BLE001 - a paint callback must never raise into Qt
            logging.getLogger(__name__).exception("could not draw the network overview")
        finally:
            p.end()

    def _paint(self, p: QPainter) -> None:
        columns = self.presenter.columns
        if len(self.geometry_) != len(columns):
            return
        p.setFont(self._font)
        for geo, col, levels in zip(self.geometry_, columns, self.levels):
            self._paint_header(p, geo, col, levels)
            if geo.style == "map":
                for img, rect in zip(self._pictures[geo.index], geo.rects):
                    p.drawImage(rect, img)
                p.setPen(QPen(FRAME_COLOR, 1))
                for rect in geo.rects:
                    p.drawRect(rect)
            elif geo.style == "unit":
                self._paint_units(p, geo, col)
            else:
                self._paint_bars(p, geo, col)
        self._paint_marks(p)

    def _paint_header(self, p: QPainter, geo: ColumnGeometry, col, levels: tuple[float, float]) -> None:
        head = geo.header
        line = head.height() / 3
        center = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
        p.setFont(self._bold)
        p.setPen(TEXT_COLOR)
        p.drawText(QRectF(head.left(), head.top(), head.width(), line), center, col.name)
        p.setFont(self._font)
        p.setPen(MUTED)
        p.drawText(QRectF(head.left(), head.top() + line, head.width(), line), center, col.shape_text)
        if col.kind == "softmax":
            scale = "0 … 1"
        elif col.kind == "input":
            scale = f"{format_number(levels[0])} … {format_number(levels[1])}"
        else:
            scale = f"±{format_number(levels[1])}"
        p.drawText(QRectF(head.left(), head.top() + 2 * line, head.width(), line), center, scale)

    def _paint_units(self, p: QPainter, geo: ColumnGeometry, col) -> None:
        colors = self._colors[geo.index]
        p.setPen(QPen(FRAME_COLOR, 1))
        for rect, color in zip(geo.rects, colors):
            p.fillRect(rect, color)
            p.drawRect(rect)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for k, rect in enumerate(geo.labels):
            winner = k == col.winner
            p.setFont(self._bold if winner else self._font)
            p.setPen(TEXT_COLOR)
            p.drawText(rect, left, col.labels[k])
        p.setFont(self._font)

    def _paint_bars(self, p: QPainter, geo: ColumnGeometry, col) -> None:
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for k, (bar, label, value) in enumerate(zip(geo.rects, geo.labels, geo.values)):
            prob = float(col.values[k])
            winner = k == col.winner
            if winner:
                p.fillRect(QRectF(label.left() - 3, label.top(), geo.width + 6, label.height()), WINNER_FILL)
            p.fillRect(
                QRectF(bar.left(), bar.top(), bar.width() * max(0.0, min(prob, 1.0)), bar.height()), BAR_COLOR
            )
            p.setPen(QPen(QColor(190, 190, 190), 1))
            p.drawRect(bar)
            p.setFont(self._bold if winner else self._font)
            p.setPen(TEXT_COLOR)
            p.drawText(label, right, col.labels[k])
            p.drawText(value, left, format_number(round(prob, 3)))
        p.setFont(self._font)

    def _paint_marks(self, p: QPainter) -> None:
        columns = self.presenter.columns
        detail = self.presenter.selected
        p.setPen(QPen(RECEPTIVE_COLOR, 2))
        for rect in self.receptive_rects():
            p.fillRect(rect, RECEPTIVE_FILL)
            p.drawRect(rect)
        feeds = self.presenter.hovered
        if feeds is not None and feeds.column < len(columns):
            geo, col = self.geometry_[feeds.column], columns[feeds.column]
            every = range(len(geo.rects))
            chosen = [ch for ch in feeds.channels if ch in every] if feeds.channels is not None else every
            p.setPen(QPen(FEED_COLOR, 2))
            for ch in chosen:
                if geo.style == "map" and feeds.box is not None:
                    rect = box_rect(geo, col, ch, feeds.box)
                else:
                    rect = geo.rects[ch]
                p.fillRect(rect, FEED_FILL)
                p.drawRect(rect.adjusted(-1, -1, 1, 1))
        hovered = self.presenter.hovered_cell
        if hovered is not None and hovered[0] < len(columns):
            p.setPen(QPen(FEED_COLOR, 1.5))
            p.drawRect(cell_rect(self.geometry_[hovered[0]], columns[hovered[0]], hovered[1]))
        if detail is not None and detail.column < len(columns):
            p.setPen(QPen(CURRENT_COLOR, 3))
            rect = cell_rect(self.geometry_[detail.column], columns[detail.column], detail.cell)
            p.drawRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5))

    def receptive_rects(self) -> list[QRectF]:
        """Where the selected cell's receptive field is outlined: one rect per input channel."""
        detail, columns = self.presenter.selected, self.presenter.columns
        if detail is None or not self.geometry_ or len(self.geometry_) != len(columns):
            return []
        geo0, col0 = self.geometry_[0], columns[0]
        return [box_rect(geo0, col0, ch, detail.receptive) for ch in range(len(geo0.rects))]

    # -- the mouse ---------------------------------------------------------------------------
    def cell_at(self, pos: QPointF) -> tuple[int, tuple[int, ...]] | None:
        return hit(self.geometry_, self.presenter.columns, pos)

    def cell_center(self, column: int, cell: tuple[int, ...]) -> QPointF:
        """Where cell ``cell`` of column ``column`` is drawn (for tests and tooltips)."""
        return cell_rect(self.geometry_[column], self.presenter.columns[column], cell).center()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        found = self.cell_at(event.position())
        if found is None:
            self.presenter.clear_hover()
            self.setToolTip("")
        else:
            self.presenter.hover(*found)
            col = self.presenter.columns[found[0]]
            self.setToolTip(f"{col.name} {list(found[1])} = {format_number(float(col.values[found[1]]))}")

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        found = self.cell_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and found is not None:
            self.presenter.select(*found)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        self.presenter.clear_hover()
        super().leaveEvent(event)

"""Small painted pictures for the trainer panel: the learned filters, the
confusion matrix and a strip of validation samples with their labels."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from .palette import CURRENT_COLOR, diverging_lut, symmetric_levels
from .zoom import title_factor

WRONG_COLOR = QColor(210, 30, 30)
RIGHT_COLOR = QColor(30, 140, 60)
_GRAY_LUT = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1)


def to_qimage(a: np.ndarray, lut: np.ndarray, levels: tuple[float, float]) -> QImage:
    """(H, W) values → an RGB QImage through ``lut`` (256, 3) between ``levels``."""
    lo, hi = levels
    scale = 255.0 / (hi - lo) if hi > lo else 0.0
    idx = np.clip((np.nan_to_num(a) - lo) * scale, 0, 255).astype(np.uint8)
    rgb = np.ascontiguousarray(lut[idx])
    h, w = idx.shape
    img = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    return img.copy()  # own the pixels; ``rgb`` goes away


class FilterGrid(QWidget):
    """Every learned filter (first input channel) as a small red/white/blue image; click selects.

    The filters fill as few rows as the width allows (one row for 16 filters on
    a 1280-px window), each cell between 0.8 and 1.4 times ``cell`` pixels.
    """

    filter_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None, cell: int = 40) -> None:
        super().__init__(parent)
        self._cell = cell
        self._images: list[QImage] = []
        self.weights: np.ndarray | None = None
        self.levels: tuple[float, float] = (-1.0, 1.0)
        self.selected = 0
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def show_filters(self, w: np.ndarray, levels: tuple[float, float] | None = None) -> None:
        """w : (F, C, KH, KW); every filter shares one symmetric colour scale,
        ``levels`` (lo, hi) when given (one scale for a whole history), else w's own."""
        self.weights = w
        self.levels = tuple(levels) if levels is not None else symmetric_levels(w)  # type: ignore[assignment]
        lut = diverging_lut()
        self._images = [to_qimage(w[f, 0], lut, self.levels) for f in range(w.shape[0])]
        self.selected = min(self.selected, max(0, w.shape[0] - 1))
        self.setMinimumHeight(self.heightForWidth(self.width()))
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.weights, self._images = None, []
        self.update()

    def _layout(self, width: int) -> tuple[int, int]:
        """(columns, cell size) for ``width``: all filters in one row if the cells can be
        at least 0.8 × the nominal size, else as many columns of the nominal size as fit."""
        n = max(len(self._images), 1)
        lo, hi = int(self._cell * 0.8), int(self._cell * 1.4)
        one_row = (width - 8) // n - 8
        if one_row >= lo:
            return n, min(hi, one_row)
        return max(1, (width - 8) // (self._cell + 8)), self._cell

    def _rect(self, i: int) -> QRectF:
        columns, cell = self._layout(self.width())
        sx, sy = cell + 8, cell + 20
        return QRectF(4 + (i % columns) * sx, 4 + (i // columns) * sy, cell, cell)

    def _rows(self, width: int) -> int:
        columns, _ = self._layout(width)
        return max(1, -(-max(len(self._images), 1) // columns))

    def sizeHint(self) -> QSize:
        n = max(len(self._images), 1)
        return QSize(min(n, 8) * (self._cell + 8) + 8, self._cell + 28)

    def heightForWidth(self, width: int) -> int:
        _, cell = self._layout(width)
        return self._rows(width) * (cell + 20) + 8

    def hasHeightForWidth(self) -> bool:
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.setMinimumHeight(self.heightForWidth(self.width()))
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:
        return QSize(4 * (self._cell + 8) + 8, self._cell + 28)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        if not self._images:
            p.setPen(QColor(110, 110, 110))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       self.tr("Filters appear when training starts."))
        for i, img in enumerate(self._images):
            r = self._rect(i)
            p.drawImage(r, img)
            sel = i == self.selected
            p.setPen(QPen(CURRENT_COLOR if sel else QColor(150, 150, 150), 3 if sel else 1))
            p.drawRect(r.adjusted(-1, -1, 1, 1))
            p.setPen(QColor(40, 40, 40))
            p.drawText(QRectF(r.left() - 4, r.bottom() + 2, r.width() + 8, 16),
                       Qt.AlignmentFlag.AlignCenter, f"w{i}")  # named as the Convolution tab names them
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for i in range(len(self._images)):
            if self._rect(i).contains(event.position()):
                self.selected = i
                self.update()
                self.filter_selected.emit(i)
                return


class ConfusionView(QWidget):
    """Counts per (true, predicted) class; the diagonal is right, the rest wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix: np.ndarray | None = None
        self.shares: np.ndarray | None = None
        self.class_names: tuple[str, ...] = ()
        #: the axis titles as last drawn: text → rectangle (widget coordinates, before rotation)
        self.drawn_titles: dict[str, QRectF] = {}
        self.count_pt = 0.0  # the point size the counts were last painted at
        self._zoom = 1.0
        self.setMinimumSize(180, 180)

    def set_zoom(self, factor: float) -> None:
        """Counts up to ``factor`` times their size, class names and titles by its title share."""
        if factor != self._zoom:
            self._zoom = factor
            self.update()

    def show_classes(self, names: tuple[str, ...]) -> None:
        self.class_names, self.matrix, self.shares = tuple(names), None, None
        self.update()

    def show_matrix(self, m: np.ndarray | None, shares: np.ndarray | None = None) -> None:
        """Counts (K, K) and each row's shares of its true class (shading)."""
        self.matrix, self.shares = m, shares
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        k = len(self.class_names)
        f, words = self._zoom, title_factor(self._zoom)
        font = QFont(self.font())
        font.setPointSizeF(8.0 * words)
        metrics = QFontMetrics(font)
        shorts = [name[:6] for name in self.class_names]
        title_w = round(18 * words)  # the rotated "true" title, left of the class names
        widest = max([metrics.horizontalAdvance(t) for t in shorts] + [10])
        label_w = title_w + min(round(70 * words), widest + 8)
        head = round(16 * words)  # the "predicted" title's row
        top = head + round(18 * words)
        size = max(4.0, min((self.width() - label_w - 4) / max(k, 1), (self.height() - top - 4) / max(k, 1)))
        title_font = QFont(font)
        title_font.setPointSizeF(8.5 * words)
        self.count_pt = max(6.0, min(9.0 * f, size * (0.32 if f == 1.0 else 0.4)))
        font.setPointSizeF(self.count_pt)
        p.setPen(QColor(60, 60, 60))
        p.setFont(title_font)
        predicted = QRectF(label_w, 0, k * size, head)
        p.drawText(predicted, Qt.AlignmentFlag.AlignCenter, self.tr("predicted"))
        true = QRectF(0, top, title_w, k * size)
        true_text = self.tr("true")
        if all(ord(ch) >= 0x2E80 for ch in true_text):  # Chinese stands upright, one character a line
            p.drawText(true, Qt.AlignmentFlag.AlignCenter, "\n".join(true_text))
        else:  # a word reads bottom to top along the rows, like a y-axis title
            p.save()
            p.translate(true.left() + title_w / 2, true.center().y())
            p.rotate(-90)
            p.drawText(QRectF(-true.height() / 2, -title_w / 2, true.height(), title_w),
                       Qt.AlignmentFlag.AlignCenter, true_text)
            p.restore()
        self.drawn_titles = {self.tr("predicted"): predicted, self.tr("true"): true}
        p.setFont(font)
        for i, short in enumerate(shorts):
            names = QRectF(label_w + i * size, head, size, top - head)
            p.drawText(names, Qt.AlignmentFlag.AlignCenter, short)
            p.drawText(QRectF(title_w, top + i * size, label_w - title_w - 3, size),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, short)
        m, share = self.matrix, self.shares
        if m is None or share is None or m.shape != (k, k):
            p.end()
            return
        for i in range(k):
            for j in range(k):
                r = QRectF(label_w + j * size, top + i * size, size, size)
                t = float(share[i, j])
                base = (40, 150, 70) if i == j else (215, 50, 40)
                color = QColor(*(round(255 - (255 - c) * min(1.0, t * (1 if i == j else 3))) for c in base))
                p.fillRect(r, color)
                p.setPen(QColor(200, 200, 200))
                p.drawRect(r)
                if m[i, j]:
                    dark = color.lightness() < 140
                    p.setPen(QColor(255, 255, 255) if dark else QColor(30, 30, 30))
                    p.drawText(r, Qt.AlignmentFlag.AlignCenter, str(int(m[i, j])))
        p.end()


class SampleStrip(QWidget):
    """Validation images with true and predicted labels; wrong ones framed in red."""

    sample_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None, cell: int = 48) -> None:
        super().__init__(parent)
        self._cell = cell
        self._images: list[QImage] = []
        self.labels: np.ndarray = np.zeros(0, np.int64)
        self.predictions: np.ndarray | None = None
        self.class_names: tuple[str, ...] = ()
        self.selected = 0
        self.label_pt = 8.5  # the labels' point size (the zoom sets it)
        self._gap = 12  # between two samples
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_zoom(self, factor: float) -> None:
        """Labels (the classes, true and predicted) ``factor`` times larger; the images as they are."""
        self.label_pt = 8.5 * factor
        self._gap = 12 if factor == 1.0 else round(12 * title_factor(factor))  # "9 ✓" apart from "3 ✓"
        self.updateGeometry()
        self.update()

    def _label_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(self.label_pt)
        return font

    def _row_h(self) -> int:
        """The height of a row of labels."""
        return max(16, QFontMetrics(self._label_font()).height())

    def _legend_w(self) -> int:
        """Room left of the images for the rows' names."""
        metrics = QFontMetrics(self._label_font())
        words = max(metrics.horizontalAdvance(text) for text in (self.tr("true"), self.tr("predicted")))
        return max(self.LEGEND_W, words + 14)

    def show_samples(self, x: np.ndarray, labels: np.ndarray, names: tuple[str, ...]) -> None:
        """x : (M, C, H, W) (first channel shown); labels : (M,)."""
        self._images = [to_qimage(img[0], _GRAY_LUT, (float(img[0].min()), float(img[0].max()))) for img in x]
        self.labels, self.class_names, self.predictions = labels, tuple(names), None
        self.selected = 0
        self.update()

    def show_predictions(self, pred: np.ndarray | None) -> None:
        self.predictions = pred
        self.update()

    LEGEND_W = 76

    def _cell_size(self) -> int:
        n = max(len(self._images), 1)
        least = 28 if self._gap == 12 else self._cell * 3 // 4  # zoomed: whole labels, fewer samples
        return int(max(least, min(self._cell, (self.width() - self._legend_w() - 8) // n - self._gap)))

    def _rect(self, i: int) -> QRectF:
        cell = self._cell_size()
        return QRectF(self._legend_w() + i * (cell + self._gap), 4, cell, cell)

    def sizeHint(self) -> QSize:
        return QSize(len(self._images) * (self._cell + 12) + 8, self._cell + 2 * self._row_h() + 12)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self._cell + 2 * self._row_h() + 12)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        font = self._label_font()
        p.setFont(font)
        metrics = QFontMetrics(font)
        row, legend = self._row_h(), self._legend_w()
        if self._images:
            top = self._rect(0).bottom() + 3
            p.setPen(QColor(40, 40, 40))
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            p.drawText(QRectF(0, top, legend - 10, row), right, self.tr("true"))
            p.drawText(QRectF(0, top + row, legend - 10, row), right, self.tr("predicted"))
        for i, img in enumerate(self._images):
            r = self._rect(i)
            if r.right() + 6 > self.width():  # only whole samples
                break
            p.drawImage(r, img)
            true = self.class_names[int(self.labels[i])]
            pred = None if self.predictions is None else self.class_names[int(self.predictions[i])]
            wrong = pred is not None and pred != true
            pen_color = WRONG_COLOR if wrong else QColor(150, 150, 150)
            if i == self.selected:
                pen_color = CURRENT_COLOR
            p.setPen(QPen(pen_color, 3 if wrong or i == self.selected else 1))
            p.drawRect(r.adjusted(-1, -1, 1, 1))
            text_r = QRectF(r.left() - (self._gap - 2) / 2, r.bottom() + 3, r.width() + self._gap - 2, row)
            width = int(text_r.width())
            p.setPen(QColor(40, 40, 40))
            p.drawText(text_r, Qt.AlignmentFlag.AlignCenter,
                       metrics.elidedText(true, Qt.TextElideMode.ElideRight, width))
            if pred is not None:
                p.setPen(WRONG_COLOR if wrong else RIGHT_COLOR)
                text = f"{pred} {'✗' if wrong else '✓'}"
                p.drawText(text_r.translated(0, row), Qt.AlignmentFlag.AlignCenter,
                           metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, width))
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for i in range(len(self._images)):
            if self._rect(i).contains(event.position()):
                self.selected = i
                self.update()
                self.sample_selected.emit(i)
                return

"""The Network tab's left column: which model, and what it is fed.

:class:`SampleGrid` shows validation samples to click; :class:`DrawingCanvas`
takes mouse strokes and shows the drawing at the model's resolution, exactly
as it is fed (the strokes drawn thin on top, so the hand can follow them).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cnnviz.presenters.network import NetworkPresenter

from .palette import CURRENT_COLOR

_GREY = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1)


def grey_image(a: np.ndarray) -> QImage:
    """(H, W) values in [0, 1] → a grey QImage (0 black, 1 white), owning its pixels."""
    idx = np.clip(np.nan_to_num(a) * 255.0 + 0.5, 0, 255).astype(np.uint8)
    rgb = np.ascontiguousarray(_GREY[idx])
    h, w = idx.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class SampleGrid(QWidget):
    """Validation samples in rows, each with its true class; click one to feed it."""

    sample_clicked = Signal(int)

    COLUMNS = 6

    def __init__(self, presenter: NetworkPresenter, cell: int = 28, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self._cell = cell
        self._images: list[QImage] = []
        self._labels: list[str] = []
        self._font = QFont(self.font())
        self._font.setPixelSize(10)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        presenter.samples_changed.connect(self._on_samples_changed)
        presenter.input_changed.connect(self.update)
        self._on_samples_changed()

    def _on_samples_changed(self) -> None:
        s = self.presenter.samples
        names = self.presenter.class_names
        self._images = [] if s is None else [grey_image(img[0]) for img in s.raw]
        self._labels = [] if s is None else [names[int(k)] for k in s.labels]
        self.updateGeometry()
        self.update()

    def rect_of(self, i: int) -> QRectF:
        step_x, step_y = self._cell + 4, self._cell + 16
        col, row = i % self.COLUMNS, i // self.COLUMNS
        return QRectF(2 + col * step_x, 2 + row * step_y, self._cell, self._cell)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        rows = max(1, -(-len(self._images) // self.COLUMNS))
        return QSize(self.COLUMNS * (self._cell + 4) + 4, rows * (self._cell + 16) + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setFont(self._font)
        chosen = self.presenter.sample_index if self.presenter.input_kind == "sample" else -1
        for i, (img, label) in enumerate(zip(self._images, self._labels)):
            r = self.rect_of(i)
            p.drawImage(r, img)
            p.setPen(QPen(CURRENT_COLOR, 3) if i == chosen else QPen(QColor(150, 150, 150), 1))
            p.drawRect(r.adjusted(-1, -1, 1, 1))
            p.setPen(QColor(40, 40, 40))
            p.drawText(
                QRectF(r.left() - 2, r.bottom() + 1, r.width() + 4, 13), Qt.AlignmentFlag.AlignCenter, label
            )
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        for i in range(len(self._images)):
            if self.rect_of(i).adjusted(-2, -2, 2, 14).contains(event.position()):
                self.presenter.choose_sample(i)
                return


class DrawingCanvas(QWidget):
    """Draw with the mouse (white ink on black); shown as fed, one square per model pixel."""

    def __init__(self, presenter: NetworkPresenter, side: int = 176, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self._side = side
        self._image: QImage | None = None
        self.setFixedSize(side, side)
        self.setCursor(Qt.CursorShape.CrossCursor)
        presenter.input_changed.connect(self._on_input_changed)
        presenter.model_changed.connect(self._on_input_changed)
        self._on_input_changed()

    def _on_input_changed(self) -> None:
        self._image = grey_image(self.presenter.drawing.image())
        self.update()

    def _point(self, event: QMouseEvent) -> tuple[float, float]:
        pos = event.position()
        return pos.x() / self._side, pos.y() / self._side

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton:
            self.presenter.begin_stroke(*self._point(event))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.presenter.extend_stroke(*self._point(event))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton:
            self.presenter.end_stroke()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        side = float(self._side)
        if self._image is not None:
            p.drawImage(QRectF(0, 0, side, side), self._image)
            h, w = self.presenter.drawing.size
            p.setPen(QPen(QColor(90, 90, 90, 120), 1))
            for k in range(1, w):
                p.drawLine(QPointF(k * side / w, 0), QPointF(k * side / w, side))
            for k in range(1, h):
                p.drawLine(QPointF(0, k * side / h), QPointF(side, k * side / h))
        p.setPen(QPen(QColor(255, 140, 40, 200), 1.2))
        for stroke in self.presenter.drawing.strokes:
            points = [QPointF(x * side, y * side) for x, y in stroke]
            for a, b in zip(points, points[1:]):
                p.drawLine(a, b)
        chosen = self.presenter.input_kind == "drawing"
        p.setPen(QPen(CURRENT_COLOR, 3) if chosen else QPen(QColor(120, 120, 120), 1))
        p.drawRect(QRectF(0.5, 0.5, side - 1, side - 1))
        p.end()

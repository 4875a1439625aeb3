"""Small drawing pieces for predict-then-reveal and the tap walk.

- :class:`QuestionItem`: a "?" over an output cell whose value the class is
  to predict (or that a tap walk has not finished), drawn on a volume's grid;
  :func:`show_question` puts it on one cell of a :class:`VolumeView` (and
  takes it off the others).
- :class:`CellHighlight`: a thick outline over one cell of a
  :class:`~cnnviz.views.cell_grid.CellGrid` (the weight a tap multiplies).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .cell_grid import CellGrid
from .volume_view import VolumeView

QUESTION_FILL = QColor(255, 244, 214)
QUESTION_TEXT = QColor(150, 60, 0)
HIGHLIGHT_COLOR = QColor(20, 20, 20)


class QuestionItem(QGraphicsItem):
    """A pale cell with a "?" in it, at ``(row, col)`` of a grid (cell = 1×1 in item units)."""

    def __init__(self, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.cell: tuple[int, int] | None = None
        self.text = "?"
        self._font = QFont()
        self._font.setBold(True)
        self.setZValue(1.5)  # above the numbers, below the marks

    def set_cell(self, cell: tuple[int, int] | None) -> None:
        self.prepareGeometryChange()
        self.cell = cell
        self.setVisible(cell is not None)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        if self.cell is None:
            return QRectF()
        r, c = self.cell
        return QRectF(c, r, 1, 1)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.cell is None:
            return
        rect = painter.worldTransform().mapRect(self.boundingRect())
        painter.save()
        painter.resetTransform()
        painter.fillRect(rect, QUESTION_FILL)
        self._font.setPixelSize(max(8, int(min(rect.height(), rect.width()) * 0.6)))
        painter.setFont(self._font)
        painter.setPen(QUESTION_TEXT)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text)
        painter.restore()


def show_question(view: VolumeView, panel: int | None, row: int = 0, col: int = 0) -> None:
    """A "?" on cell ``(row, col)`` of grid ``panel`` of ``view``; ``panel=None`` removes it."""
    for i, p in enumerate(view.panels):
        item = getattr(p, "question", None)
        if item is None:
            if i != panel:
                continue
            item = p.question = QuestionItem()  # type: ignore[attr-defined]
            p.vb.addItem(item, ignoreBounds=True)
        item.set_cell((row, col) if i == panel else None)


def question_cells(view: VolumeView) -> list[tuple[int, int, int]]:
    """``(panel, row, col)`` of every "?" shown (for tests)."""
    found = []
    for i, p in enumerate(view.panels):
        item = getattr(p, "question", None)
        if item is not None and item.cell is not None:
            found.append((i, *item.cell))
    return found


class CellHighlight(QWidget):
    """A thick outline over cell ``cell`` of ``grid``; mouse events pass through."""

    def __init__(self, grid: CellGrid) -> None:
        super().__init__(grid)
        self.grid = grid
        self.cell: tuple[int, int] | None = None
        self.color = HIGHLIGHT_COLOR
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def set_cell(self, cell: tuple[int, int] | None, color: QColor | None = None) -> None:
        self.cell = cell
        if color is not None:
            self.color = color
        if cell is None:
            self.hide()
            return
        self.setGeometry(self.grid.rect())
        self.raise_()
        self.show()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        if self.cell is None:
            return
        p = QPainter(self)
        rect = self.grid.cell_rect(*self.cell)
        p.setPen(QPen(HIGHLIGHT_COLOR, 5))
        p.drawRect(rect.adjusted(1.5, 1.5, -1.5, -1.5))
        p.setPen(QPen(self.color, 3))
        p.drawRect(rect.adjusted(1.5, 1.5, -1.5, -1.5))
        p.end()

"""Where the network overview puts each column, map, unit and bar.

Maps keep their aspect and are as large as their resolution deserves, shrunk
until a layer's channels fit the height in at most two sub-columns; vectors
are rows of small squares (wrapped into sub-columns when long); the softmax
is one labelled bar per class. Pure geometry: the overview paints it and
hit-tests the mouse with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF

from cnnviz.presenters.network_cells import NetworkColumn

MARGIN = 10.0
HEADER = 50.0  # name, shape and colour scale above a column
COLUMN_GAP = 26.0
MAP_GAP = 5.0
MIN_MAP, MAX_MAP = 18.0, 84.0
MIN_UNIT, MAX_UNIT = 5.0, 16.0
BAR_WIDTH = 90.0
LABEL_GAP = 6.0


@dataclass(frozen=True)
class Style:
    """How roomy a layout is: maps that ``grow`` into spare height, the gap between
    columns, the input's largest side and the softmax bars' length."""

    grow: bool
    gap: float = COLUMN_GAP
    input_cap: float = 136.0
    bar: float = BAR_WIDTH


#: from the roomiest to the most compact; the first that fits the width is used
STYLES = (Style(True), Style(False), Style(False, 12.0, 64.0, 56.0))


@dataclass
class ColumnGeometry:
    """One column: ``rects`` has a rect per channel (maps) or per entry (units, bar rows);
    ``labels`` a rect per entry for its name (output scores, softmax); ``bars`` the bars' area."""

    index: int
    style: str  # "map", "unit" or "bar"
    left: float
    width: float
    rects: list[QRectF]
    labels: list[QRectF] = field(default_factory=list)
    values: list[QRectF] = field(default_factory=list)  # the softmax's probability texts
    gap: float = COLUMN_GAP

    @property
    def header(self) -> QRectF:
        return QRectF(self.left - self.gap / 2 + 1, MARGIN, self.width + self.gap - 2, HEADER - 6)


def _grid(count: int, rows: int) -> tuple[int, int]:
    """(sub-columns, rows) for ``count`` items at most ``rows`` high."""
    rows = max(1, min(rows, count))
    cols = math.ceil(count / rows)
    return cols, math.ceil(count / cols)


def _map_column(col: NetworkColumn, left: float, avail: float, style: Style) -> ColumnGeometry:
    c, h, w = col.values.shape
    side = max(h, w)
    if col.kind == "input":
        size = min(max(10.0 * side, 64.0), style.input_cap)
    else:
        size = min(max(6.0 * side, 30.0), MAX_MAP)
        # room to spare in one sub-column: larger maps (up to twice the size their resolution asks)
        if style.grow:
            size = max(size, min((avail + MAP_GAP) / c - MAP_GAP, 2 * size, MAX_MAP))
    rows = max(1, int((avail + MAP_GAP) // (size + MAP_GAP)))
    if math.ceil(c / rows) > 2:  # more than two sub-columns: smaller maps instead
        rows = math.ceil(c / 2)
        size = max(MIN_MAP, (avail + MAP_GAP) / rows - MAP_GAP)
    cols, rows = _grid(c, rows)
    mw, mh = size * w / side, size * h / side
    top = MARGIN + HEADER + max(0.0, (avail - rows * (mh + MAP_GAP) + MAP_GAP) / 2)
    rects = [
        QRectF(left + (k // rows) * (mw + MAP_GAP), top + (k % rows) * (mh + MAP_GAP), mw, mh)
        for k in range(c)
    ]
    return ColumnGeometry(col.index, "map", left, cols * (mw + MAP_GAP) - MAP_GAP, rects)


def _unit_column(col: NetworkColumn, left: float, avail: float, label_w: float) -> ColumnGeometry:
    k = col.values.shape[0]
    labelled = bool(col.labels) and col.winner is not None
    size = min(MAX_UNIT, max(MIN_UNIT, avail / k - 1))
    rows = max(1, int((avail + 1) // (size + 1)))
    cols, rows = _grid(k, rows)
    step_x = size + 1 + (label_w + LABEL_GAP if labelled else 0)
    top = MARGIN + HEADER + max(0.0, (avail - rows * (size + 1)) / 2)
    rects, labels = [], []
    for i in range(k):
        x, y = left + (i // rows) * step_x, top + (i % rows) * (size + 1)
        rects.append(QRectF(x, y, size, size))
        if labelled:
            labels.append(QRectF(x + size + LABEL_GAP, y - 2, label_w, size + 4))
    return ColumnGeometry(col.index, "unit", left, cols * step_x - (0 if labelled else 1), rects, labels)


def _bar_column(
    col: NetworkColumn, left: float, avail: float, label_w: float, value_w: float, bar: float
) -> ColumnGeometry:
    k = col.values.shape[0]
    row = min(22.0, max(9.0, avail / k))
    top = MARGIN + HEADER + max(0.0, (avail - k * row) / 2)
    rects, labels, values = [], [], []
    for i in range(k):
        y = top + i * row
        labels.append(QRectF(left, y, label_w, row))
        rects.append(QRectF(left + label_w + LABEL_GAP, y + row * 0.15, bar, row * 0.7))
        values.append(QRectF(left + label_w + 2 * LABEL_GAP + bar, y, value_w, row))
    width = label_w + 2 * LABEL_GAP + bar + value_w
    return ColumnGeometry(col.index, "bar", left, width, rects, labels, values)


def layout_columns(
    columns: Sequence[NetworkColumn],
    height: float,
    text_width: Callable[[str], float],
    width: float = 0.0,
) -> tuple[list[ColumnGeometry], float]:
    """Every column's geometry for an overview ``height`` pixels tall, and the width it needs.

    The roomiest of :data:`STYLES` whose network fits ``width``, else the most compact.
    """
    for style in STYLES:
        layout = _layout(columns, height, text_width, style)
        if layout[1] <= width:
            break
    return layout


def _layout(
    columns: Sequence[NetworkColumn],
    height: float,
    text_width: Callable[[str], float],
    style: Style,
) -> tuple[list[ColumnGeometry], float]:
    avail = max(60.0, height - HEADER - 2 * MARGIN)
    out: list[ColumnGeometry] = []
    left = MARGIN + style.gap / 2
    for col in columns:
        label_w = max((text_width(t) for t in col.labels), default=0.0)
        if col.is_map:
            geo = _map_column(col, left, avail, style)
        elif col.kind == "softmax":
            geo = _bar_column(col, left, avail, label_w, text_width("0.000") + 4, style.bar)
        else:
            geo = _unit_column(col, left, avail, label_w)
        scale = "-0.000 … 0.000" if col.kind == "input" else "±00.000"  # the colour scale's line
        header_w = max(text_width(col.name), text_width(col.shape_text), text_width(scale))
        if geo.width < header_w:  # centre narrow content under its header
            shift = (header_w - geo.width) / 2
            for rect in (*geo.rects, *geo.labels, *geo.values):
                rect.translate(shift, 0)
            geo.left, geo.width = left, header_w
        out.append(geo)
        geo.gap = style.gap
        left += geo.width + style.gap
    return out, left - style.gap / 2 + MARGIN


def hit(
    geometry: Sequence[ColumnGeometry], columns: Sequence[NetworkColumn], pos: QPointF
) -> tuple[int, tuple[int, ...]] | None:
    """The cell under ``pos``: ``(column, cell)``, or None."""
    for geo in geometry:
        if not geo.left - 2 <= pos.x() <= geo.left + geo.width + 2:
            continue
        col = columns[geo.index]
        for k, rect in enumerate(geo.rects):
            row_rect = (
                rect
                if geo.style != "bar"
                else QRectF(geo.labels[k].left(), geo.labels[k].top(), geo.width, geo.labels[k].height())
            )
            if geo.style == "unit" and geo.labels:
                row_rect = rect.united(geo.labels[k])
            if not row_rect.contains(pos):
                continue
            if geo.style != "map":
                return geo.index, (k,)
            _, h, w = col.values.shape
            r = min(h - 1, int((pos.y() - rect.top()) / rect.height() * h))
            c = min(w - 1, int((pos.x() - rect.left()) / rect.width() * w))
            return geo.index, (k, r, c)
        return None
    return None


def cell_rect(geo: ColumnGeometry, col: NetworkColumn, cell: Sequence[int]) -> QRectF:
    """The rect of one cell (a pixel of a map, a unit, a bar row)."""
    if geo.style != "map":
        return geo.rects[cell[0]]
    return box_rect(geo, col, cell[0], (cell[1], cell[2], cell[1] + 1, cell[2] + 1))


def box_rect(geo: ColumnGeometry, col: NetworkColumn, channel: int, box: tuple[int, int, int, int]) -> QRectF:
    """Rows ``top..bottom-1``, columns ``left..right-1`` of map ``channel``."""
    _, h, w = col.values.shape
    rect = geo.rects[channel]
    sy, sx = rect.height() / h, rect.width() / w
    top, left, bottom, right = box
    return QRectF(rect.left() + left * sx, rect.top() + top * sy, (right - left) * sx, (bottom - top) * sy)

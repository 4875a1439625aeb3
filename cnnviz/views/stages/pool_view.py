"""The pooling stage (池化层): a window slides over each map and keeps its
maximum (or average)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor

from cnnviz.presenters.text import format_pool

from ..grid_items import Mark
from ..palette import WINDOW_COLOR
from .map_stage import MapStageView

#: the window's winning cell: dark outline over a light wash, readable on any heat-map colour
WINNER_COLOR = QColor(20, 20, 20)
_WINNER_FILL = QColor(255, 255, 255, 80)


class PoolView(MapStageView):
    """The window outlined on the rectified map, the winning cell marked,
    ``max(1, 1, 5, 6) = 6`` written out."""

    STAGE = "pool"

    def input_marks(self, step: Any, trace: Any) -> list[Mark]:
        (kh, kw), (top, left) = trace.kernel, step.origin
        marks = [Mark(top, left, kh, kw, WINDOW_COLOR, 3.0, min_px=10.0)]
        if step.argmax is not None and not self.presenter.value_hidden:  # the winner is the answer
            i, j = step.argmax
            marks.append(Mark(top + i, left + j, 1, 1, WINNER_COLOR, 3.5, fill=_WINNER_FILL, min_px=10.0))
        return marks

    def formula(self, step: Any) -> str:
        return format_pool(step)

    def note(self, step: Any) -> str:
        if step.mode == "max":
            return self.tr("Max pooling keeps the largest value of each window (outlined in black).")
        return self.tr("Average pooling keeps the mean of each window.")

    def titles(self, trace: Any) -> tuple[str, str, str]:
        c, h, w = trace.x.shape
        _, oh, ow = trace.out_shape
        (kh, kw), (sh, _) = trace.kernel, trace.stride
        kind = self.tr("Max pooling") if trace.mode == "max" else self.tr("Average pooling")
        return (
            self.tr("Input: after ReLU {0}×{1}×{2}").format(h, w, c),
            self.tr("{0} {1}×{2}, stride {3} → {4}×{5}×{6}").format(kind, kh, kw, sh, oh, ow, c),
            kind,
        )

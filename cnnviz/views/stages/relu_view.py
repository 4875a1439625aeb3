"""The ReLU stage (激励层): each cell of the convolution's output, rectified."""

from __future__ import annotations

from typing import Any

from cnnviz.presenters.text import format_relu

from ..grid_items import Mark
from ..palette import WINDOW_COLOR
from .map_stage import MapStageView


class ReluView(MapStageView):
    """Negatives turn to zero, cell by cell: ``max(0, -0.42) = 0``."""

    STAGE = "relu"

    def input_marks(self, step: Any, trace: Any) -> list[Mark]:
        return [Mark(step.row, step.col, 1, 1, WINDOW_COLOR, 3.5, min_px=10.0)]

    def formula(self, step: Any) -> str:
        return format_relu(step)

    def note(self, step: Any) -> str:
        if step.input < 0:
            return self.tr("A negative value becomes 0; a positive one passes unchanged.")
        return self.tr("Not negative: the value passes unchanged.")

    def titles(self, trace: Any) -> tuple[str, str, str]:
        c, h, w = trace.x.shape
        return (
            self.tr("Input: the convolution's output {0}×{1}×{2}").format(h, w, c),
            self.tr("After ReLU {0}×{1}×{2}").format(h, w, c),
            self.tr("ReLU"),
        )

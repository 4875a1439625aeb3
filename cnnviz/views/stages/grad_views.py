"""The three backward views: ∂L/∂w (a weight collects input × upstream over
every position it visited), ∂L/∂b (a bias collects its upstream map) and
∂L/∂x (an input cell collects weight × upstream from every window that
covered it — the reverse of the forward hover)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor

from cnnviz.presenters.text import format_bias_grad, format_input_grad, format_weight_grad

from ..grid_items import Mark
from ..palette import CURRENT_COLOR, FEED_COLOR, WINDOW_COLOR, channel_lut, value_levels
from .grad_stage import GradStageView, StepMarks, Volume

#: beyond this many visited cells, outline the region instead of each cell
MAX_CELL_MARKS = 400
MAP_COLOR = QColor(40, 90, 200)


def _progress(planes: int, current: int, done_in_current: int) -> list[int | None]:
    """Filled cells per plane: all before ``current``, some of it, none after."""
    return [None if i < current else (done_in_current if i == current else 0) for i in range(planes)]


class WeightGradView(GradStageView):
    """∂L/∂w[f, c, i, j] = Σ over output positions of dy · (the input tap (i, j) met there)."""

    STAGE = "grad_w"

    def volumes(self, step: Any, trace: Any) -> tuple[Volume, Volume, Volume]:
        c, f = trace.x.shape[0], step.filter
        nf = trace.dy.shape[0]
        (kh, kw), pad = trace.geometry.kernel, trace.geometry.padding
        in_levels = value_levels(trace.x)
        return (
            Volume(
                self.tr("Input (padded)"),
                trace.padded,
                [self.tr("channel {0}").format(i) for i in range(c)],
                pad,
                [channel_lut(i, c) for i in range(c)],
                [in_levels] * c,
            ),
            Volume(self.tr("Upstream gradient dy"), trace.dy, [f"dy{i}" for i in range(nf)]),
            Volume(
                self.tr("∂L/∂w{0}: {1}×{2}×{3}").format(f, kh, kw, c),
                trace.dw[f],
                [self.tr("channel {0}").format(i) for i in range(c)],
            ),
        )

    def volume_key(self, step: Any) -> Any:
        return step.filter

    def marks(self, step: Any, trace: Any) -> StepMarks:
        c, nf = trace.x.shape[0], trace.dy.shape[0]
        rows, cols = step.taps_rows, step.taps_cols
        visited: list[Mark]
        if len(rows) * len(cols) <= MAX_CELL_MARKS:
            visited = [Mark(r, q, 1, 1, WINDOW_COLOR, 2.0) for r in rows for q in cols]
        else:
            visited = [
                Mark(rows[0], cols[0], rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1, WINDOW_COLOR, 2.0)
            ]
        oh, ow = trace.dy.shape[1:]
        left = [visited if i == step.channel else [] for i in range(c)]
        middle = [[Mark(0, 0, oh, ow, MAP_COLOR, 3.0)] if i == step.filter else [] for i in range(nf)]
        kw = trace.w.shape[3]
        right = [
            [Mark(step.i, step.j, 1, 1, CURRENT_COLOR, 3.5, min_px=10.0)] if i == step.channel else []
            for i in range(c)
        ]
        return StepMarks(left, middle, right, _progress(c, step.channel, step.i * kw + step.j + 1))

    def formula(self, step: Any) -> str:
        return format_weight_grad(step, more_label=self._more)

    def _more(self, n: int, total: str) -> str:
        return self.tr("{0} more terms (sum {1})").format(n, total)

    def position_text(self) -> str:
        p, s = self.presenter, self.presenter.current
        return self.tr(
            "∂L/∂w · step {0} / {1} · filter w{2}, channel {3}, weight row {4}, column {5}"
        ).format(p.step_index + 1, p.num_steps, s.filter, s.channel, s.i, s.j)

    def position_of_right_cell(self, step: Any, panel: int, row: int, col: int) -> tuple[int, ...]:
        return (step.filter, panel, row, col)


class BiasGradView(GradStageView):
    """∂L/∂b[f] = the sum of the upstream map dy[f]: a bias is added at every position."""

    STAGE = "grad_b"

    def volumes(self, step: Any, trace: Any) -> tuple[Volume, Volume, Volume]:
        p = self.presenter
        y, dy = p.trace.output, trace.dy
        nf = dy.shape[0]
        return (
            Volume(self.tr("Output y"), y, [f"y{i}" for i in range(nf)]),
            Volume(self.tr("Upstream gradient dy"), dy, [f"dy{i}" for i in range(nf)]),
            Volume(self.tr("∂L/∂b"), trace.output.reshape(1, 1, nf), [f"b0 … b{nf - 1}"]),
        )

    def marks(self, step: Any, trace: Any) -> StepMarks:
        nf, oh, ow = trace.dy.shape
        whole = [[Mark(0, 0, oh, ow, MAP_COLOR, 3.0)] if i == step.filter else [] for i in range(nf)]
        right = [[Mark(0, step.filter, 1, 1, CURRENT_COLOR, 3.5, min_px=10.0)]]
        return StepMarks(whole, whole, right, [step.filter + 1])

    def formula(self, step: Any) -> str:
        return format_bias_grad(step, more_label=self._more)

    def _more(self, n: int, total: str) -> str:
        return self.tr("{0} more terms (sum {1})").format(n, total)

    def position_text(self) -> str:
        p, s = self.presenter, self.presenter.current
        return self.tr("∂L/∂b · step {0} / {1} · bias b{2}").format(p.step_index + 1, p.num_steps, s.filter)

    def position_of_right_cell(self, step: Any, panel: int, row: int, col: int) -> tuple[int, ...]:
        return (col,)


class InputGradView(GradStageView):
    """∂L/∂x[c, row, col] = Σ weight · dy over every window that covered the cell."""

    STAGE = "grad_x"
    UPSTREAM_VIEW = "left"

    def volumes(self, step: Any, trace: Any) -> tuple[Volume, Volume, Volume]:
        c, nf = trace.x.shape[0], trace.dy.shape[0]
        return (
            Volume(self.tr("Upstream gradient dy"), trace.dy, [f"dy{i}" for i in range(nf)]),
            Volume(
                self.tr("Weights of channel {0}").format(step.channel),
                trace.w[:, step.channel],
                [f"w{i}" for i in range(nf)],
            ),
            Volume(self.tr("∂L/∂x"), trace.output, [self.tr("channel {0}").format(i) for i in range(c)]),
        )

    def volume_key(self, step: Any) -> Any:
        return step.channel

    def marks(self, step: Any, trace: Any) -> StepMarks:
        c, nf = trace.x.shape[0], trace.dy.shape[0]
        left: list[list[Mark]] = [[] for _ in range(nf)]
        middle: list[list[Mark]] = [[] for _ in range(nf)]
        for term in step.contributions[:MAX_CELL_MARKS]:
            left[term.filter].append(Mark(term.out_row, term.out_col, 1, 1, FEED_COLOR, 2.5))
            middle[term.filter].append(Mark(term.i, term.j, 1, 1, FEED_COLOR, 2.5))
        w = trace.x.shape[2]
        right = [
            [Mark(step.row, step.col, 1, 1, CURRENT_COLOR, 3.5, min_px=10.0)] if i == step.channel else []
            for i in range(c)
        ]
        return StepMarks(left, middle, right, _progress(c, step.channel, step.row * w + step.col + 1))

    def formula(self, step: Any) -> str:
        return format_input_grad(step, more_label=self._more)

    def _more(self, n: int, total: str) -> str:
        return self.tr("{0} more terms (sum {1})").format(n, total)

    def position_text(self) -> str:
        p, s = self.presenter, self.presenter.current
        return self.tr("∂L/∂x · step {0} / {1} · channel {2}, input row {3}, column {4}").format(
            p.step_index + 1, p.num_steps, s.channel, s.row, s.col
        )

    def position_of_right_cell(self, step: Any, panel: int, row: int, col: int) -> tuple[int, ...]:
        return (panel, row, col)

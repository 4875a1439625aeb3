"""Moving through the steps of whatever stage is shown: the one transport.

Every stage a student steps through (the convolution, ReLU, pooling …) is a
trace from :mod:`cnnviz.core` with the same protocol: ``len(trace)``,
``trace[k]`` → a frozen step record, ``trace.index(panel, row, col)`` (its
inverse, where ``panel`` is the filter or channel), ``trace.output`` and
``trace.feeds(...)``. :class:`StageSession` keeps a current step per stage and
a playback clock, and knows nothing else about the stages: the transport
bar, click-to-jump, hover marks and the exporter talk to it alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from .reveal import PredictReveal
from .taps import TapWalk

MIN_SPEED = 0.5
MAX_SPEED = 60.0

#: the stages in the order a student meets them: forward, then the convolution's backward pass
STAGES = ("conv", "relu", "pool", "grad_w", "grad_b", "grad_x")
BACKWARD_STAGES = ("grad_w", "grad_b", "grad_x")


def step_panel(step: Any) -> int:
    """The grid a step's output lies in: its filter (convolution) or channel."""
    panel = getattr(step, "filter", None)
    return int(step.channel if panel is None else panel)


class StageSession(PredictReveal, TapWalk, QObject):
    """The current stage, its current step, playback and hover.

    Subclasses supply :meth:`stage_trace` for a stage name and call
    :meth:`_stage_rebuilt` when a stage's trace was replaced.

    Signals
    -------
    step_changed(int) : the current stage's step index changed (also after every rebuild)
    stage_changed(str) : another stage is shown
    playing_changed(bool), speed_changed(float)
    hover_changed(list) : output ``(row, col)`` positions the hovered input cell feeds ([] for none)

    Predict-then-reveal (:class:`~cnnviz.presenters.reveal.PredictReveal`) and the
    walk over a window's multiply-adds (:class:`~cnnviz.presenters.taps.TapWalk`)
    add their own signals.
    """

    step_changed = Signal(int)
    stage_changed = Signal(str)
    playing_changed = Signal(bool)
    speed_changed = Signal(float)
    hover_changed = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._speed = 2.0
        self._timer.setInterval(self._interval_ms())
        self._stage = STAGES[0]
        self._indices: dict[str, int] = dict.fromkeys(STAGES, 0)
        self._steps: dict[str, Any] = {}
        self._hover: list[tuple[int, int]] = []

    # -- what subclasses supply ------------------------------------------------
    def trace_of(self, stage: str) -> Any:
        """The trace of ``stage`` (raises ``KeyError`` for a stage not offered)."""
        raise NotImplementedError

    def available_stages(self) -> tuple[str, ...]:
        return STAGES

    # -- state (read by views) -------------------------------------------------
    @property
    def stage(self) -> str:
        return self._stage

    @property
    def stage_trace(self) -> Any:
        return self.trace_of(self._stage)

    @property
    def current(self) -> Any:
        """The current stage's current step record."""
        return self.step_of(self._stage)

    def step_of(self, stage: str) -> Any:
        """The step record ``stage`` is at (kept while another stage is shown)."""
        step = self._steps.get(stage)
        if step is None:
            step = self._steps[stage] = self.trace_of(stage)[self._indices[stage]]
        return step

    @property
    def step_index(self) -> int:
        return self._indices[self._stage]

    @property
    def num_steps(self) -> int:
        return len(self.stage_trace)

    @property
    def current_panel(self) -> int:
        """The filter or channel the current step's output lies in."""
        return step_panel(self.current)

    @property
    def is_playing(self) -> bool:
        return self._timer.isActive()

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def hovered_outputs(self) -> list[tuple[int, int]]:
        return list(self._hover)

    # -- stages ------------------------------------------------------------------
    @Slot(str)
    def set_stage(self, stage: str) -> bool:
        """Show ``stage``; refused (False) when it is not offered now."""
        if stage == self._stage:
            return True
        if stage not in self.available_stages():
            return False
        self.pause()
        self._stage = stage
        self._leave_tap_walk()
        self._ask_again()
        self._clear_hover_quietly()
        self.stage_changed.emit(stage)
        self.step_changed.emit(self.step_index)
        return True

    def _stage_rebuilt(self, stage: str, index: int) -> None:
        """``stage``'s trace was replaced; its step becomes ``index`` (clamped)."""
        n = len(self.trace_of(stage))
        self._indices[stage] = min(max(int(index), 0), n - 1)
        self._steps.pop(stage, None)
        if stage == self._stage:  # new numbers: a prediction asked before no longer holds
            self._ask_again()
            if self._tap >= self.num_taps:
                self._leave_tap_walk()

    # -- time ----------------------------------------------------------------------
    @Slot(int)
    def seek(self, k: int) -> None:
        """Go to step ``k`` of the current stage (clamped)."""
        k = min(max(int(k), 0), self.num_steps - 1)
        if k == self.step_index:
            return
        self._indices[self._stage] = k
        self._steps.pop(self._stage, None)
        self._leave_tap_walk()
        self._ask_again()
        self.step_changed.emit(k)

    @Slot()
    def step(self) -> None:
        """The next step; in predict mode a hidden result is revealed first (a clicker's "next")."""
        if self.value_hidden and self.reveal():
            return
        self.seek(self.step_index + 1)

    @Slot()
    def step_back(self) -> None:
        self.seek(self.step_index - 1)

    @Slot()
    def first(self) -> None:
        self.seek(0)

    @Slot()
    def last(self) -> None:
        self.seek(self.num_steps - 1)

    @Slot(int, int, int)
    def seek_output(self, panel: int, row: int, col: int) -> None:
        """Jump to the step that computes output ``(panel, row, col)``; ignored outside the output."""
        try:
            k = self.stage_trace.index(panel, row, col)
        except IndexError:
            return
        self.seek(k)

    def seek_position(self, *position: int) -> None:
        """Jump to the step at ``position`` (the stage trace's own coordinates); ignored outside."""
        try:
            k = self.stage_trace.index(*position)
        except (IndexError, TypeError):
            return
        self.seek(k)

    @Slot()
    def play(self) -> None:
        if self._timer.isActive():
            return
        if self.step_index >= self.num_steps - 1:
            self.seek(0)
        self._timer.start()
        self.playing_changed.emit(True)

    @Slot()
    def pause(self) -> None:
        if not self._timer.isActive():
            return
        self._timer.stop()
        self.playing_changed.emit(False)

    @Slot()
    def toggle_play(self) -> None:
        self.pause() if self._timer.isActive() else self.play()

    @Slot(float)
    def set_speed(self, steps_per_second: float) -> None:
        """Playback speed, clamped to 0.5..60 steps per second."""
        v = min(max(float(steps_per_second), MIN_SPEED), MAX_SPEED)
        if v == self._speed:
            return
        self._speed = v
        self._timer.setInterval(self._interval_ms())
        self.speed_changed.emit(v)

    def _interval_ms(self) -> int:
        return max(1, round(1000.0 / self._speed))

    def _on_timer_timeout(self) -> None:
        if self.value_hidden:
            return  # predict mode: hold at the hidden result until it is revealed
        last = self.num_steps - 1
        if self.step_index >= last:
            self.pause()
            return
        self.seek(self.step_index + 1)
        if self.step_index >= last:
            self.pause()

    # -- hover -------------------------------------------------------------------------
    @Slot(int, int)
    def hover_input(self, row: int, col: int, panel: int = 0) -> None:
        """Highlight the outputs that input cell ``(row, col)`` of grid ``panel`` feeds
        (for the convolution, padded-input coordinates, the same for every channel)."""
        feeds = self._feeds(panel, row, col)
        if feeds != self._hover:
            self._hover = feeds
            self.hover_changed.emit(list(feeds))

    def _feeds(self, panel: int, row: int, col: int) -> list[tuple[int, int]]:
        trace = self.stage_trace
        if not hasattr(trace, "feeds"):
            return []
        if self._stage == "conv":
            ph, pw = trace.geometry.padded
            return trace.feeds(row, col) if 0 <= row < ph and 0 <= col < pw else []
        c, h, w = trace.x.shape
        if not (0 <= panel < c and 0 <= row < h and 0 <= col < w):
            return []
        return list(trace.feeds(panel, row, col))

    @Slot()
    def clear_hover(self) -> None:
        if self._hover:
            self._hover = []
            self.hover_changed.emit([])

    def _clear_hover_quietly(self) -> None:
        self._hover = []

"""Where the backward stages' upstream gradient comes from, and what an update did.

The session's backward stages (∂L/∂w, ∂L/∂b, ∂L/∂x) need ``dy``, the
gradient of a loss with respect to the convolution's output. A student
chooses it:

- ``"ones"``: ``dy = 1`` everywhere, the gradient of ``L = Σ y``; then
  ∂L/∂w is simply the sum of the input values a weight met — the easiest
  first lesson;
- ``"target"``: an editable target output ``t`` and ``L = ½ Σ (y − t)²``, so
  ``dy = y − t``.

:class:`Upstream` holds that choice and the target; every number comes from
:mod:`cnnviz.core`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.core import (
    BiasGradTrace,
    InputGradTrace,
    WeightGradTrace,
    gradient_check,
    half_squared_error,
    ones_upstream,
    sgd_update,
)

from .stage_session import BACKWARD_STAGES

UPSTREAM_MODES = ("ones", "target")


@dataclass(frozen=True)
class UpdateRecord:
    """One gradient-descent step ``w ← w − lr·∂L/∂w`` (and the biases likewise).

    ``w_before``/``w_after`` are the filter bank (F, C, KH, KW); the losses are
    the current upstream's loss before and after.
    """

    lr: float
    loss_before: float
    loss_after: float
    w_before: np.ndarray
    w_after: np.ndarray
    b_before: np.ndarray
    b_after: np.ndarray


class Upstream:
    """The upstream gradient's source: all ones, or ``y − t`` for a target ``t``."""

    def __init__(self) -> None:
        self.mode = "ones"
        self._target: np.ndarray | None = None

    def target_for(self, y: np.ndarray) -> np.ndarray:
        """The target (F, OH, OW) for output ``y``: zeros until edited, reset when the shape changes."""
        if self._target is None or self._target.shape != y.shape:
            self._target = np.zeros(y.shape, np.float32)
        return self._target

    def set_target_value(self, y: np.ndarray, f: int, row: int, col: int, value: float) -> None:
        t = np.array(self.target_for(y))
        t[f, row, col] = value
        self._target = t

    def loss_and_dy(self, y: np.ndarray) -> tuple[float, np.ndarray]:
        """``(L, dy)`` for output ``y`` (F, OH, OW): ``(Σ y, ones)`` or ``(½ Σ (y − t)², y − t)``."""
        if self.mode == "ones":
            return float(np.sum(y, dtype=np.float64)), ones_upstream(y.shape, y.dtype)
        loss, dy = half_squared_error(y, self.target_for(y))
        return loss, np.asarray(dy, y.dtype)


class BackwardStages:
    """The backward stages of :class:`~cnnviz.presenters.ConvSessionPresenter`.

    A mixin: it uses the session's ``_trace``, ``_later``, ``_upstream`` and
    signals, and never outlives it. Slots refuse bad requests through
    ``_report`` (the window's message bar): they are not shape settings.
    """

    # -- state --------------------------------------------------------------------
    @property
    def upstream_mode(self) -> str:
        return self._upstream.mode

    @property
    def target(self) -> np.ndarray:
        """The target output (F, OH, OW) of the "target" upstream (zeros until edited)."""
        return self._upstream.target_for(self._trace.output)

    def loss_and_dy(self) -> tuple[float, np.ndarray]:
        """``(L, dy)``: the current upstream's loss and gradient at the convolution's output."""
        hit = self._later.get("upstream")
        if hit is None:
            hit = self._later["upstream"] = self._upstream.loss_and_dy(self._trace.output)
        return hit

    @property
    def loss(self) -> float:
        return self.loss_and_dy()[0]

    @property
    def dy(self) -> np.ndarray:
        return self.loss_and_dy()[1]

    def _backward_trace(self, stage: str):
        t, geo = self._trace, self._trace.geometry
        kw = dict(stride=geo.stride, padding=geo.padding, dilation=geo.dilation)
        if stage == "grad_w":
            return WeightGradTrace(t.x, t.w, self.dy, **kw)
        if stage == "grad_b":
            return BiasGradTrace(self.dy)
        if stage == "grad_x":
            return InputGradTrace(t.x, t.w, self.dy, **kw)
        raise KeyError(stage)

    def _upstream_changed(self) -> None:
        """Rebuild the backward traces (their steps keep their places)."""
        for stage in BACKWARD_STAGES:
            old = self._later.pop(stage, None)
            self._steps.pop(stage, None)
            if old is not None and stage in self.available_stages():
                self._stage_rebuilt(stage, self._indices[stage])
        self._later.pop("upstream", None)
        self.session_changed.emit()
        self.step_changed.emit(self.step_index)

    # -- slots ----------------------------------------------------------------------
    def set_upstream(self, mode: str) -> bool:
        """``"ones"`` (L = Σ y) or ``"target"`` (L = ½ Σ (y − t)²)."""
        if mode not in UPSTREAM_MODES:
            return self._report(self.tr("The upstream gradient is all ones or comes from a target."))
        if mode != self._upstream.mode:
            self._upstream.mode = mode
            self._upstream_changed()
        return True

    def set_target_value(self, f: int, row: int, col: int, value: float) -> bool:
        """Change the target of output ``(f, row, col)``."""
        y = self._trace.output
        nf, oh, ow = y.shape
        if not (0 <= f < nf and 0 <= row < oh and 0 <= col < ow):
            return self._report(self.tr("There is no output at that position."))
        if not np.isfinite(value) or abs(value) > 1e6:
            return self._report(self.tr("A value must be a number between -{0} and {0}.").format(1_000_000))
        self._upstream.set_target_value(y, f, row, col, float(value))
        if self._upstream.mode == "target":
            self._upstream_changed()
        return True

    def apply_update(self, lr: float) -> bool:
        """One gradient-descent step on every weight and bias: ``w ← w − lr·∂L/∂w``."""
        t = self._trace
        loss_before, dy = self.loss_and_dy()
        try:
            grads = self.trace_of("grad_w")
            w_new = sgd_update(t.w, grads.dw, lr)
            b_new = sgd_update(t.b, grads.db, lr)
        except ValueError as exc:
            return self._report(self.tr("Cannot apply the update: {0}").format(str(exc)))
        w_before, b_before = np.array(t.w), np.array(t.b)
        if not self._rebuild(t.x, w_new, b_new, self._params, self._name):
            return False
        record = UpdateRecord(
            float(lr),
            loss_before,
            self.loss,
            w_before,
            np.array(self._trace.w),
            b_before,
            np.array(self._trace.b),
        )
        self.update_applied.emit(record)
        return True

    def check_gradient(self) -> bool:
        """Central differences for the current weight step (the ∂L/∂w stage)."""
        if self.stage != "grad_w":
            return self._report(self.tr("Check a gradient on the ∂L/∂w stage."))
        step, t, geo = self.current, self._trace, self._trace.geometry
        target = None if self._upstream.mode == "ones" else self.target
        result = gradient_check(
            t.x,
            t.w,
            t.b,
            target,
            (step.filter, step.channel, step.i, step.j),
            stride=geo.stride,
            padding=geo.padding,
            dilation=geo.dilation,
        )
        self.gradient_checked.emit(result)
        return True

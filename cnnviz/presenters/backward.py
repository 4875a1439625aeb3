"""The backward stages of the convolution session: ∂L/∂w, ∂L/∂b and ∂L/∂x for the
upstream gradient a student chose (:mod:`cnnviz.presenters.upstream`), one
gradient-descent update and a gradient check. Every number comes from
:mod:`cnnviz.core`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.core import BiasGradTrace, InputGradTrace, WeightGradTrace, gradient_check, sgd_update

from .stage_session import BACKWARD_STAGES
from .upstream import UPSTREAM_MODES, NetworkSource, Upstream

__all__ = ["BackwardStages", "NetworkSource", "UPSTREAM_MODES", "UpdateRecord", "Upstream"]


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


class BackwardStages:
    """The backward stages of :class:`~cnnviz.presenters.ConvSessionPresenter`.

    A mixin: it uses the session's ``_trace``, ``_later``, ``_upstream`` and
    signals, and never outlives it. Slots refuse bad requests through
    ``_report`` (the window's message bar): they are not shape settings.
    """

    # -- state --------------------------------------------------------------------
    @property
    def upstream_mode(self) -> str:
        """The upstream in use: "ones", "target" or "network" (the network's gradient only
        while it fits the session: the layer input it came with, one filter's map)."""
        return self._upstream.effective_mode(self.input_x, self._trace.output)

    @property
    def network_source(self) -> NetworkSource | None:
        """The network behind a cell sent from the Network tab, while its gradient fits."""
        u = self._upstream
        return u.network if u.network_fits(self.input_x, self._trace.output) else None

    def upstream_as_target(self) -> np.ndarray | None:
        """The upstream written as a target ``t`` with ``y − t = dy`` now (None for all ones):
        the target itself, or ``y − ∂L/∂y`` for the network's gradient — how a lesson, the
        code panel and the PyTorch check carry it (``L = ½ Σ (y − t)²`` has that gradient here)."""
        mode = self.upstream_mode
        if mode == "ones":
            return None
        if mode == "target":
            return self.target
        y = np.asarray(self._trace.output, np.float32)
        return y - np.asarray(self.dy, np.float32)

    @property
    def target(self) -> np.ndarray:
        """The target output (F, OH, OW) of the "target" upstream (zeros until edited)."""
        return self._upstream.target_for(self._trace.output)

    def loss_and_dy(self) -> tuple[float, np.ndarray]:
        """``(L, dy)``: the current upstream's loss and gradient at the convolution's output."""
        hit = self._later.get("upstream")
        if hit is None:
            hit = self._later["upstream"] = self._upstream.loss_and_dy(self.input_x, self._trace.output)
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
        """``"ones"`` (L = Σ y), ``"target"`` (L = ½ Σ (y − t)²) or ``"network"`` (the
        network's cross-entropy, for a cell sent from the Network tab)."""
        if mode not in UPSTREAM_MODES:
            return self._report(
                self.tr("The upstream gradient is all ones, comes from a target or from the network.")
            )
        if mode == "network" and self.network_source is None:
            return self._report(
                self.tr(
                    "The network's gradient belongs to a cell sent from the Network tab, "
                    "with its input and one filter: send one again."
                )
            )
        if mode != self.upstream_mode or mode != self._upstream.mode:
            self._upstream.mode = mode
            self._upstream_changed()
        return True

    def set_network_source(self, source: NetworkSource | None) -> bool:
        """Use the network's real gradient (a conv cell sent from the Network tab), or forget it."""
        if source is not None and not source.fits(self.input_x, self._trace.output):
            return self._report(self.tr("The network's gradient does not fit this session."))
        self._upstream.network = source
        if source is not None:
            self._upstream.mode = "network"
        elif self._upstream.mode == "network":
            self._upstream.mode = "ones"
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
        mode, network = self.upstream_mode, self.network_source
        target = self.target if mode == "target" else None
        loss = network.loss_and_dy if mode == "network" and network is not None else None
        result = gradient_check(
            t.x,
            t.w,
            t.b,
            target,
            (step.filter, step.channel, step.i, step.j),
            stride=geo.stride,
            padding=geo.padding,
            dilation=geo.dilation,
            loss=loss,
        )
        self.gradient_checked.emit(result)
        return True

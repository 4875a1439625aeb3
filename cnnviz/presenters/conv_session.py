"""The convolution session a student steps through: input, filters,
parameters, current step and playback.

The presenter is the only UI-side code that calls :mod:`cnnviz.core`; views
read its properties and send intent back through its slots. A rejected
setting leaves the session exactly as it was and is explained in
:attr:`ConvSessionPresenter.problem`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from cnnviz.core import ConvStep, ConvTrace, load_demo, output_size_formula, preset_kernel
from cnnviz.core.traces.pool import PoolTrace
from cnnviz.core.traces.relu import ReluTrace

from .backward import BackwardStages, Upstream
from .filters import preset_of, resize_bank, resize_kernels
from .session_input import SessionInput
from .session_params import MAX_FILTERS, MAX_KERNEL, MAX_POOL, Params, PoolSettings
from .stage_session import STAGES, StageSession
from .variants import VariantSession


class ConvSessionPresenter(SessionInput, VariantSession, BackwardStages, StageSession):
    """Owns one convolution session and the stages that follow it.

    The pipeline is convolution → ReLU → pooling; each later stage's input is
    the previous stage's output, and its trace is built when first shown.
    Transport, hover and click-to-jump come from :class:`StageSession`.

    Signals (besides :class:`StageSession`'s)
    -------
    session_changed() : input, filters or parameters changed; the traces were rebuilt
    error_reported(str) : a request was refused; the message is for the user
    problem_changed(str) : the shape panel's explanation ('' when the last setting was fine)
    update_applied(UpdateRecord) : a gradient-descent step changed the filters
    gradient_checked(GradientCheck) : the current weight's gradient checked by central differences
    """

    session_changed = Signal()
    error_reported = Signal(str)
    problem_changed = Signal(str)
    update_applied = Signal(object)
    gradient_checked = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._problem = ""
        demo = load_demo()
        self._name = "demo"
        self._params = Params(demo.stride, demo.padding, 1)
        self._pool = PoolSettings()
        self._trace = ConvTrace(demo.x, demo.w, demo.b, stride=demo.stride, padding=demo.padding)
        self._later: dict[str, Any] = {}
        # the user's filters are never re-shaped silently: one bank kept per channel count,
        # the preset last applied to each filter, and a line saying what a new input did
        self._banks: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._preset_hints: dict[int, str] = {}
        self._filters_note = ""
        self._filters_note_for = ""
        self._upstream = Upstream()

    # -- state (read by views) -------------------------------------------
    @property
    def trace(self) -> ConvTrace:
        """The convolution's trace (whatever stage is shown); for the transposed convolution,
        its direct picture (a ConvTrace over the zero-inserted input): the session's own
        arrays are :attr:`input_x`, :attr:`weights` and :attr:`biases`."""
        return self._trace

    @property
    def conv_step(self) -> ConvStep:
        """The convolution's current step (window, weights, products, sums, value)."""
        return self._convolution_step()

    @property
    def params(self) -> Params:
        return self._params

    @property
    def pool_settings(self) -> PoolSettings:
        return self._pool

    @property
    def kernel_size(self) -> tuple[int, int]:
        return self._trace.geometry.kernel

    @property
    def input_name(self) -> str:
        """``"demo"``, a sample name, an example's name, or the loaded file's name."""
        return self._name

    @property
    def problem(self) -> str:
        return self._problem

    @property
    def filters_note(self) -> str:
        """What loading the current input did to the filters ('' when nothing): an
        information for the user, not an error."""
        return self._filters_note if self._filters_note_for == self._name else ""

    def preset_name(self, f: int | None = None) -> str:
        """The preset filter ``f`` (default: the current step's) holds exactly, or "custom"."""
        w = self._trace.w
        f = self.conv_step.filter if f is None else int(f)
        if not 0 <= f < w.shape[0]:
            return "custom"
        return preset_of(np.asarray(w[f]), f, self._preset_hints.get(f)) or "custom"

    def formulas(self) -> tuple[str, str]:
        """The output-size formula for rows and columns, numbers substituted."""
        g = self._trace.geometry
        return self._variant_formulas() or tuple(  # type: ignore[return-value]
            output_size_formula(g.in_size[a], g.kernel[a], g.stride[a], g.padding[a], g.dilation[a])
            for a in (0, 1)
        )

    # -- stages ---------------------------------------------------------------
    def trace_of(self, stage: str) -> Any:
        if stage == "conv":
            return self._conv_stage_trace()
        if stage not in self.available_stages():
            raise KeyError(stage)
        hit = self._later.get(stage)
        if hit is None:
            if stage == "relu":
                hit = ReluTrace(self._forward_output())
            elif stage == "pool":
                p = self._pool
                hit = PoolTrace(self.trace_of("relu").output, p.size, p.stride, mode=p.mode)
            else:
                hit = self._backward_trace(stage)
            self._later[stage] = hit
        return hit

    def available_stages(self) -> tuple[str, ...]:
        _, oh, ow = self._trace.out_shape
        if self._pool.size > min(oh, ow):
            return self._offered(tuple(s for s in STAGES if s != "pool"))
        return self._offered(STAGES)

    def pool_problem(self) -> str:
        """Why the pooling stage is not offered now ('' when it is)."""
        _, oh, ow = self._trace.out_shape
        if self._pool.size > min(oh, ow):
            return self.tr(
                "Pooling {0}×{0} needs a map of at least {0}×{0}; the convolution's output is {1}×{2}."
            ).format(self._pool.size, oh, ow)
        return ""

    def set_pool(self, mode: str | None = None, size: int | None = None, stride: int | None = None) -> bool:
        """Change the pooling window; a window larger than the map is refused."""
        p = self._pool
        new = PoolSettings(
            p.mode if mode is None else str(mode),
            p.size if size is None else int(size),
            p.stride if stride is None else int(stride),
        )
        if new.mode not in ("max", "avg"):
            return self._report(self.tr("Pooling is max or average."))
        if not (1 <= new.size <= MAX_POOL and 1 <= new.stride <= MAX_POOL):
            return self._report(
                self.tr("The pooling size and stride must be between 1 and {0}.").format(MAX_POOL)
            )
        _, oh, ow = self._trace.out_shape
        if new.size > min(oh, ow):
            return self._report(
                self.tr(
                    "Pooling {0}×{0} needs a map of at least {0}×{0}; the convolution's output is {1}×{2}."
                ).format(new.size, oh, ow)
            )
        self._pool = new
        self._later.pop("pool", None)
        if "pool" in self._steps or self.stage == "pool":
            self._stage_rebuilt("pool", self._indices["pool"])
        self.session_changed.emit()
        self.step_changed.emit(self.step_index)
        return True

    # -- filters -------------------------------------------------------------
    def set_filters(self, w: np.ndarray, b: np.ndarray | None = None) -> bool:
        """Replace the filter bank: ``w`` (F, C/groups, KH, KW) output channel first, as the
        filter panel shows it (for the transposed convolution, PyTorch's layout with its two
        channel axes swapped), ``b`` (F,) or None for zeros."""
        w = np.asarray(w, np.float32)
        b = np.zeros(w.shape[0], np.float32) if b is None else np.asarray(b, np.float32)
        return self._rebuild(self.input_x, w, b, self._params, self._name)

    @Slot(int, int, int, int, float)
    def set_weight(self, f: int, c: int, i: int, j: int, value: float) -> bool:
        w = np.array(self._trace.w)
        if not (0 <= f < w.shape[0] and 0 <= c < w.shape[1] and 0 <= i < w.shape[2] and 0 <= j < w.shape[3]):
            return self._refuse(self.tr("There is no weight at that position."))
        w[f, c, i, j] = value
        return self.set_filters(w, self._trace.b)

    @Slot(int, float)
    def set_bias(self, f: int, value: float) -> bool:
        b = np.array(self._trace.b)
        if not 0 <= f < b.shape[0]:
            return self._refuse(self.tr("There is no filter {0}.").format(f))
        b[f] = value
        return self.set_filters(self._trace.w, b)

    def apply_preset(self, name: str, filter: int | None = None) -> bool:
        """Give filter ``filter`` (default: the current one; -1: all) the preset's weights."""
        w = np.array(self._trace.w)
        f_now = self.conv_step.filter if filter is None else filter
        targets = range(w.shape[0]) if f_now == -1 else [f_now]
        try:
            for f in targets:
                w[f] = preset_kernel(name, w.shape[1], (w.shape[2], w.shape[3]), seed=f)
        except ValueError as exc:
            return self._refuse(self.tr("Cannot use this preset: {0}").format(str(exc)))
        hints = dict(self._preset_hints)
        self._preset_hints.update(dict.fromkeys(targets, name))  # read while the window redraws
        if not self.set_filters(w, self._trace.b):
            self._preset_hints = hints
            return False
        return True

    @Slot(int, int)
    def set_kernel_size(self, kh: int, kw: int) -> bool:
        if not (1 <= kh <= MAX_KERNEL and 1 <= kw <= MAX_KERNEL):
            return self._refuse(self.tr("The kernel size must be between 1 and {0}.").format(MAX_KERNEL))
        w = resize_kernels(np.asarray(self._trace.w), (kh, kw))
        return self._rebuild(self.input_x, w, self._trace.b, self._params, self._name)

    @Slot(int)
    def set_filter_count(self, count: int) -> bool:
        if not 1 <= count <= MAX_FILTERS:
            return self._refuse(
                self.tr("The number of filters must be between 1 and {0}.").format(MAX_FILTERS)
            )
        w, b = resize_bank(np.asarray(self._trace.w), np.asarray(self._trace.b), count)
        return self._rebuild(self.input_x, w, b, self._params, self._name)

    @Slot(int)
    def set_stride(self, s: int) -> bool:
        return self._set_params(replace(self._params, stride=int(s)))

    @Slot(int)
    def set_padding(self, p: int) -> bool:
        return self._set_params(replace(self._params, padding=int(p)))

    @Slot(int)
    def set_dilation(self, d: int) -> bool:
        return self._set_params(replace(self._params, dilation=int(d)))

    def _set_params(self, params: Params) -> bool:
        return self._rebuild(self.input_x, self._trace.w, self._trace.b, params, self._name)

    # -- rebuilding ------------------------------------------------------------
    def _rebuild(self, x: np.ndarray, w: np.ndarray, b: np.ndarray, params: Params, name: str) -> bool:
        problem = self._explain_variant(x.shape, w.shape, params)
        if problem:
            return self._refuse(problem)
        try:
            trace, transposed = self._build_traces(x, w, b, params)
        except ValueError as exc:
            return self._refuse(str(exc))
        # every stage keeps its place (clamped to the new shapes)
        built = ["conv", *(s for s in self._later if s in STAGES)]  # _later also caches the upstream
        places = {s: self.trace_of(s).position(self._indices[s]) for s in built}
        self._trace, self._params, self._name = trace, params, name
        self._set_transposed_trace(transposed)
        self._later.clear()
        for stage in STAGES:
            if stage not in built or stage not in self.available_stages():
                self._indices[stage] = 0
                self._steps.pop(stage, None)
                continue
            new = self.trace_of(stage)
            index = new.index(*(min(p, n - 1) for p, n in zip(places[stage], new.out_shape)))
            self._stage_rebuilt(stage, index)
        if self.stage not in self.available_stages():
            self._stage = "conv"
            self.stage_changed.emit("conv")
        self._clear_hover_quietly()
        self._set_problem("")
        self.session_changed.emit()
        self.step_changed.emit(self.step_index)
        return True

    def _explain(self, in_size: tuple[int, ...], kernel: tuple[int, ...], p: Params) -> str:
        """A translated sentence for settings the window can offer but cannot compute."""
        if p.stride < 1:
            return self.tr("The stride must be at least 1.")
        if p.dilation < 1:
            return self.tr("The dilation must be at least 1.")
        if p.padding < 0:
            return self.tr("The padding cannot be negative.")
        for axis, label in ((0, self.tr("tall")), (1, self.tr("wide"))):
            span = p.dilation * (kernel[axis] - 1) + 1
            room = in_size[axis] + 2 * p.padding
            if span > room:
                return self.tr(
                    "Impossible setting: the kernel spans {0} cells {1} (size {2}, dilation {3}), "
                    "but the padded input is only {4} cells {1} ({5} + 2 × padding {6}). "
                    "Use a smaller kernel or dilation, or more padding."
                ).format(span, label, kernel[axis], p.dilation, room, in_size[axis], p.padding)
        return ""

    def _report(self, message: str) -> bool:
        """Refuse a request that is not a setting (a file, a sample): reported to the
        window, and the settings' explanation is left alone."""
        self.error_reported.emit(message)
        return False

    def _refuse(self, message: str) -> bool:
        self._set_problem(message)
        self.error_reported.emit(message)
        return False

    def _set_problem(self, message: str) -> None:
        if message != self._problem:
            self._problem = message
            self.problem_changed.emit(message)

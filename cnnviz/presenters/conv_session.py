"""The convolution session a student steps through: input, filters,
parameters, current step and playback.

The presenter is the only UI-side code that calls :mod:`cnnviz.core`; views
read its properties and send intent back through its slots. A rejected
setting leaves the session exactly as it was and is explained in
:attr:`ConvSessionPresenter.problem`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from cnnviz.core import ConvStep, ConvTrace, load_demo, output_size_formula, preset_kernel
from cnnviz.core.examples import example
from cnnviz.core.samples import SAMPLES
from cnnviz.core.traces.pool import PoolTrace
from cnnviz.core.traces.relu import ReluTrace
from cnnviz.media import DEFAULT_WORKING_SIZE, ImageLoadError, load_image

from .backward import BackwardStages, Upstream
from .filters import preset_of, rebuild_for_channels, resize_bank, resize_kernels
from .stage_session import STAGES, StageSession
from .variants import VariantSession

MAX_KERNEL = 15
MAX_POOL = 8
MAX_VALUE = 1_000_000
MAX_FILTERS = 16


@dataclass(frozen=True)
class Params:
    """The sliding-window parameters; stride, padding and dilation apply to both axes.

    The variants (see :mod:`cnnviz.presenters.variants`) default to the article's
    convolution: ``padding_mode`` (zeros, reflect, replicate, circular), ``flip``
    (true convolution), ``groups``, ``transposed`` and its ``output_padding``.
    """

    stride: int = 1
    padding: int = 0
    dilation: int = 1
    padding_mode: str = "zeros"
    flip: bool = False
    groups: int = 1
    transposed: bool = False
    output_padding: int = 0


@dataclass(frozen=True)
class PoolSettings:
    """The pooling stage's window: ``mode`` "max" or "avg", ``size`` × ``size``, ``stride``."""

    mode: str = "max"
    size: int = 2
    stride: int = 2


class ConvSessionPresenter(VariantSession, BackwardStages, StageSession):
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

    # -- input -------------------------------------------------------------
    @Slot()
    def load_demo(self) -> bool:
        """Restore the article's 7×7×3 demo, its exact filters and parameters, at step 1
        of the convolution."""
        demo = load_demo()
        self.pause()
        if not self._rebuild(demo.x, demo.w, demo.b, Params(demo.stride, demo.padding, 1), "demo"):
            return False
        self._preset_hints = {0: "demo_w0", 1: "demo_w1"}
        self._start_over()
        return True

    def _start_over(self) -> None:
        """Every stage back to its first step, the convolution shown."""
        for stage in STAGES:
            self._indices[stage] = 0
            self._steps.pop(stage, None)
        self._leave_tap_walk()
        self.set_stage("conv")
        self.step_changed.emit(self.step_index)

    def set_input(self, x: np.ndarray, name: str) -> bool:
        """Use ``x`` (C, H, W) as the input.

        With the same channel count the filters stay as they are. Otherwise the
        filter bank is put aside for that channel count and the bank last used
        with the new one comes back; without one, preset filters are rebuilt
        for the new channel count and edited ones get their channel sum spread
        evenly. :attr:`filters_note` says which happened.
        """
        x = np.asarray(x)
        if x.ndim != 3 or min(x.shape) < 1:
            return self._report(self.tr("The input must be a (channels, height, width) array."))
        w, b = self._full_bank(), np.asarray(self._trace.b)  # a grouped bank as (F, C, KH, KW)
        old, new = w.shape[1], x.shape[0]
        note = ""
        if new != old:
            kept = self._banks.get(new)
            if kept is not None and kept[0].shape[0] == w.shape[0] and kept[0].shape[2:] == w.shape[2:]:
                w2, b2 = kept
                note = self.tr(
                    "This input has {0} channel(s): the filters you last used with {0} channel(s) are back."
                ).format(new)
            else:
                w2, rebuilt, summed = rebuild_for_channels(w, new, self._preset_hints)
                b2 = b
                parts = [self.tr("This input has {0} channel(s); the filters had {1}.").format(new, old)]
                if rebuilt:
                    names = ", ".join(f"w{i}" for i in rebuilt)
                    parts.append(self.tr("{0}: rebuilt from the preset.").format(names))
                if summed:
                    names = ", ".join(f"w{i}" for i in summed)
                    if new == 1:
                        parts.append(self.tr("{0}: the sum of the old {1} channels.").format(names, old))
                    else:
                        parts.append(
                            self.tr("{0}: the old channels' sum ÷ {1} in each channel.").format(names, new)
                        )
                note = " ".join(parts)
            note += " " + self.tr(
                "Your {0}-channel filters come back with the next {0}-channel input."
            ).format(old)
        else:
            w2, b2 = w, b
        w2, params, regrouped = self._regroup(new, np.array(w2, np.float32))
        note = " ".join(s for s in (note, regrouped) if s)
        before = (self._filters_note, self._filters_note_for)
        self._filters_note, self._filters_note_for = note, name  # read while the window redraws
        if not self._rebuild(x, w2, np.array(b2, np.float32), params, name):
            self._filters_note, self._filters_note_for = before
            return False
        if new != old:
            self._banks[old] = (w.copy(), b.copy())
        return True

    def load_sample(self, name: str) -> bool:
        """Load a built-in sample (see :data:`cnnviz.core.samples.SAMPLES`)."""
        if name not in SAMPLES:
            return self._report(self.tr("There is no sample called {0}.").format(name))
        return self.set_input(SAMPLES[name](), name)

    def load_example(self, key: str) -> bool:
        """Open one of the article's worked examples ("A", "B", "C") on its stage, at step 1."""
        try:
            ex = example(key)
        except ValueError:
            return self._report(self.tr("There is no example {0}.").format(key))
        mode, size, stride = ex.pool
        self._pool = PoolSettings(mode, size, stride)
        if not self._rebuild(ex.x, ex.w, ex.b, Params(ex.stride, ex.padding, 1), f"example {ex.key}"):
            return False
        for stage in STAGES:
            if stage in self.available_stages():
                self._indices[stage] = 0
                self._steps.pop(stage, None)
        self._leave_tap_walk()
        self.set_stage(ex.stage)
        self.step_changed.emit(self.step_index)
        return True

    @Slot(int, int, int, float)
    def set_input_value(self, channel: int, row: int, col: int, value: float) -> bool:
        """Change one input cell (unpadded coordinates); every stage is recomputed."""
        x = np.array(self.input_x)
        c, h, w = x.shape
        if not (0 <= channel < c and 0 <= row < h and 0 <= col < w):
            return self._report(self.tr("There is no input cell at that position."))
        if not np.isfinite(value) or abs(value) > MAX_VALUE:
            return self._report(self.tr("A value must be a number between -{0} and {0}.").format(MAX_VALUE))
        x[channel, row, col] = value
        name = self._name if self._name.endswith(self.tr(" (edited)")) else self._name + self.tr(" (edited)")
        return self._rebuild(x, np.asarray(self._trace.w), np.asarray(self._trace.b), self._params, name)

    def load_image_file(
        self, path: str | os.PathLike[str], mode: str = "rgb", working_size: int | None = DEFAULT_WORKING_SIZE
    ) -> bool:
        """Load an image file; a bad file is reported and the session stays as it was."""
        try:
            x = load_image(path, mode=mode, working_size=working_size)
        except ImageLoadError as exc:
            return self._report(self._describe(exc))
        return self.set_input(x, os.path.basename(os.fspath(path)))

    def configure(
        self, x: np.ndarray, w: np.ndarray, b: np.ndarray | None, params: Params, name: str
    ) -> bool:
        """Set input (C, H, W), filters, biases and parameters at once; the filters laid out
        as PyTorch lays them out for ``params``: (F, C/groups, KH, KW), or (C_in, C_out,
        KH, KW) for the transposed convolution; biases (F,) or (C_out,)."""
        x, w = np.asarray(x), self._from_pytorch(np.asarray(w, np.float32), params)
        b = np.zeros(w.shape[0], np.float32) if b is None else np.asarray(b, np.float32)
        if x.ndim != 3 or w.ndim != 4:
            return self._refuse(self.tr("The input must be a (channels, height, width) array."))
        return self._rebuild(x, w, b, params, name)

    def restore(
        self,
        x: np.ndarray,
        w: np.ndarray,
        b: np.ndarray,
        params: Params,
        pool: PoolSettings,
        stage: str,
        upstream: str,
        target: np.ndarray | None,
        step: int,
        name: str,
        picture: str = "scatter",
    ) -> bool:
        """Put a whole saved session in place at once (a lesson), rebuilt once.

        ``x`` (C, H, W); ``w`` laid out as PyTorch lays it out for ``params`` (as
        :meth:`configure` takes it): (F, C/groups, KH, KW), or (C_in, C_out, KH, KW) for
        the transposed convolution; ``b`` (F,); ``target`` (F, OH, OW), the variant's
        output shape, or None (zeros); float32 kept bit for bit. Shown on ``stage`` at
        ``step`` (clamped: the caller checks it, :mod:`cnnviz.presenters.lesson_session`),
        every other stage at its first step, the transposed convolution stepped as
        ``picture`` ("scatter" or "direct"). Refused, with nothing changed, when the
        convolution cannot be computed (the variant's own checks, as :meth:`_rebuild`
        makes them) or ``stage``/``upstream``/``target``/``picture`` cannot be used with it.
        """
        from cnnviz.core import conv_geometry, transposed_geometry

        from .stage_session import BACKWARD_STAGES
        from .variant_queries import is_plain
        from .variants import PICTURES

        x, b = (np.array(a, np.float32) for a in (x, b))
        w = self._from_pytorch(np.array(w, np.float32), params)  # the session's layout
        if x.ndim != 3 or w.ndim != 4:
            return self._report(self.tr("The input must be a (channels, height, width) array."))
        problem = self._explain_variant(x.shape, w.shape, params)
        if problem:
            return self._report(problem)
        if picture not in PICTURES:
            return self._report(self.tr("The transposed convolution is shown as scatter or direct."))
        p = params
        try:
            if p.transposed:
                geo = transposed_geometry(
                    x.shape[1:], w.shape[2:], p.stride, p.padding, p.output_padding, p.dilation
                )
            else:
                geo = conv_geometry(x.shape[1:], w.shape[2:], p.stride, p.padding, p.dilation)
        except ValueError as exc:
            return self._report(str(exc))
        oh, ow = geo.out
        fits = stage in STAGES and (stage != "pool" or pool.size <= min(oh, ow))
        fits = fits and (stage not in BACKWARD_STAGES or is_plain(params))
        if not fits or upstream not in ("ones", "target"):
            return self._report(self.tr("This session cannot be shown on the {0} stage.").format(stage))
        if target is not None and tuple(target.shape) != (w.shape[0], oh, ow):
            return self._report(self.tr("The target must have the output's shape."))
        self.pause()
        restored = Upstream()
        restored.mode = upstream
        restored._target = None if target is None else np.array(target, np.float32)  # its own copy
        kept = (self._pool, self._upstream, self._filters_note)
        self._pool, self._upstream, self._filters_note = pool, restored, ""
        self._later.clear()  # every later stage starts over (the caches rebuild on demand)
        if not self._rebuild(x, w, b, params, name):
            self._pool, self._upstream, self._filters_note = kept
            return False
        # the picture after the rebuild, whose clamping follows the picture it found
        repicture = picture != self._picture
        self._picture, self._picture_index, self._put_aside = picture, 0, None
        for s in STAGES:
            self._indices[s] = 0
            self._steps.pop(s, None)
        self._stage_rebuilt(stage, step)
        shown, self._stage = self._stage, stage
        self._leave_tap_walk()
        self._clear_hover_quietly()
        if repicture:
            self.session_changed.emit()
        if shown != stage:
            self.stage_changed.emit(stage)
        self.step_changed.emit(self.step_index)
        return True

    def _describe(self, exc: ImageLoadError) -> str:
        """The load error in the interface's language."""
        reasons = {
            "missing": self.tr("the file does not exist."),
            "folder": self.tr("this is a folder, not an image file."),
            "unreadable": self.tr("the file cannot be read."),
            "empty": self.tr("the file is empty."),
            "too_large": self.tr("the image is too large to open safely; scale it down first."),
            "not_image": self.tr("this is not an image file cnnviz can read."),
            "permission": self.tr("permission denied."),
            "damaged": self.tr("the file is damaged or incomplete."),
        }
        reason = reasons.get(exc.reason)
        if reason is None:
            return self.tr("Could not open the image: {0}").format(str(exc))
        return self.tr("Could not open {0}: {1}").format(exc.name, reason)

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

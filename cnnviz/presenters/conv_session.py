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

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from cnnviz.core import ConvStep, ConvTrace, load_demo, output_size_formula, preset_kernel
from cnnviz.core.samples import SAMPLES
from cnnviz.media import DEFAULT_WORKING_SIZE, ImageLoadError, load_image

from .filters import rechannel_kernels, resize_bank, resize_kernels

MIN_SPEED = 0.5
MAX_SPEED = 60.0
MAX_KERNEL = 15
MAX_FILTERS = 16


@dataclass(frozen=True)
class Params:
    """The sliding-window parameters; stride, padding and dilation apply to both axes."""

    stride: int = 1
    padding: int = 0
    dilation: int = 1


class ConvSessionPresenter(QObject):
    """Owns one convolution session and its playback clock.

    Signals
    -------
    step_changed(int) : the current step index changed (also sent after every session change)
    session_changed() : input, filters or parameters changed; the trace was rebuilt
    error_reported(str) : a request was refused; the message is for the user
    problem_changed(str) : the shape panel's explanation ('' when the last setting was fine)
    playing_changed(bool), speed_changed(float)
    hover_changed(list) : output ``(row, col)`` positions the hovered input cell feeds ([] for none)
    """

    step_changed = Signal(int)
    session_changed = Signal()
    error_reported = Signal(str)
    problem_changed = Signal(str)
    playing_changed = Signal(bool)
    speed_changed = Signal(float)
    hover_changed = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._speed = 2.0
        self._timer.setInterval(self._interval_ms())
        self._problem = ""
        self._index = 0
        self._hover: list[tuple[int, int]] = []
        demo = load_demo()
        self._name = "demo"
        self._params = Params(demo.stride, demo.padding, 1)
        self._trace = ConvTrace(demo.x, demo.w, demo.b, stride=demo.stride, padding=demo.padding)
        self._step = self._trace[0]

    # -- state (read by views) -------------------------------------------
    @property
    def trace(self) -> ConvTrace:
        return self._trace

    @property
    def current(self) -> ConvStep:
        """The current step's record (window, weights, products, sums, value)."""
        return self._step

    @property
    def step_index(self) -> int:
        return self._index

    @property
    def num_steps(self) -> int:
        return len(self._trace)

    @property
    def params(self) -> Params:
        return self._params

    @property
    def kernel_size(self) -> tuple[int, int]:
        return self._trace.geometry.kernel

    @property
    def input_name(self) -> str:
        """``"demo"``, a sample name, or the loaded file's name."""
        return self._name

    @property
    def problem(self) -> str:
        return self._problem

    @property
    def is_playing(self) -> bool:
        return self._timer.isActive()

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def hovered_outputs(self) -> list[tuple[int, int]]:
        return list(self._hover)

    def formulas(self) -> tuple[str, str]:
        """The output-size formula for rows and columns, numbers substituted."""
        g = self._trace.geometry
        return tuple(  # type: ignore[return-value]
            output_size_formula(g.in_size[a], g.kernel[a], g.stride[a], g.padding[a], g.dilation[a])
            for a in (0, 1)
        )

    # -- time --------------------------------------------------------------
    @Slot(int)
    def seek(self, k: int) -> None:
        """Go to step ``k`` (clamped to the trace)."""
        k = min(max(int(k), 0), len(self._trace) - 1)
        if k == self._index:
            return
        self._index = k
        self._step = self._trace[k]
        self.step_changed.emit(k)

    @Slot()
    def step(self) -> None:
        self.seek(self._index + 1)

    @Slot()
    def step_back(self) -> None:
        self.seek(self._index - 1)

    @Slot()
    def first(self) -> None:
        self.seek(0)

    @Slot()
    def last(self) -> None:
        self.seek(len(self._trace) - 1)

    @Slot(int, int, int)
    def seek_output(self, f: int, row: int, col: int) -> None:
        """Jump to the step that computes output ``(f, row, col)``; ignored outside the output."""
        try:
            k = self._trace.index(f, row, col)
        except IndexError:
            return
        self.seek(k)

    @Slot()
    def play(self) -> None:
        if self._timer.isActive():
            return
        if self._index >= len(self._trace) - 1:
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
        if self._index >= len(self._trace) - 1:
            self.pause()
            return
        self.seek(self._index + 1)
        if self._index >= len(self._trace) - 1:
            self.pause()

    # -- hover ---------------------------------------------------------------
    @Slot(int, int)
    def hover_input(self, row: int, col: int) -> None:
        """Highlight the outputs that padded-input cell ``(row, col)`` feeds."""
        ph, pw = self._trace.geometry.padded
        feeds = self._trace.feeds(row, col) if 0 <= row < ph and 0 <= col < pw else []
        if feeds != self._hover:
            self._hover = feeds
            self.hover_changed.emit(list(feeds))

    @Slot()
    def clear_hover(self) -> None:
        if self._hover:
            self._hover = []
            self.hover_changed.emit([])

    # -- input -------------------------------------------------------------
    @Slot()
    def load_demo(self) -> bool:
        """Restore the article's 7×7×3 demo with its filters and parameters."""
        demo = load_demo()
        return self._rebuild(demo.x, demo.w, demo.b, Params(demo.stride, demo.padding, 1), "demo")

    def set_input(self, x: np.ndarray, name: str) -> bool:
        """Use ``x`` (C, H, W) as the input; filters follow its channel count."""
        x = np.asarray(x)
        if x.ndim != 3 or min(x.shape) < 1:
            return self._refuse(self.tr("The input must be a (channels, height, width) array."))
        w = rechannel_kernels(self._trace.w, x.shape[0])
        return self._rebuild(x, w, self._trace.b, self._params, name)

    def load_sample(self, name: str) -> bool:
        """Load a built-in sample (see :data:`cnnviz.core.samples.SAMPLES`)."""
        if name not in SAMPLES:
            return self._refuse(self.tr("There is no sample called {0}.").format(name))
        return self.set_input(SAMPLES[name](), name)

    def load_image_file(
        self, path: str | os.PathLike[str], mode: str = "rgb", working_size: int | None = DEFAULT_WORKING_SIZE
    ) -> bool:
        """Load an image file; a bad file is reported and the session stays as it was."""
        try:
            x = load_image(path, mode=mode, working_size=working_size)
        except ImageLoadError as exc:
            return self._refuse(self._describe(exc))
        return self.set_input(x, os.path.basename(os.fspath(path)))

    def configure(
        self, x: np.ndarray, w: np.ndarray, b: np.ndarray | None, params: Params, name: str
    ) -> bool:
        """Set input (C, H, W), filters (F, C, KH, KW), biases (F,) and parameters at once."""
        x, w = np.asarray(x), np.asarray(w, np.float32)
        b = np.zeros(w.shape[0], np.float32) if b is None else np.asarray(b, np.float32)
        if x.ndim != 3 or w.ndim != 4:
            return self._refuse(self.tr("The input must be a (channels, height, width) array."))
        return self._rebuild(x, w, b, params, name)

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
        """Replace the filter bank: ``w`` (F, C, KH, KW), ``b`` (F,) or None for zeros."""
        w = np.asarray(w, np.float32)
        b = np.zeros(w.shape[0], np.float32) if b is None else np.asarray(b, np.float32)
        return self._rebuild(self._trace.x, w, b, self._params, self._name)

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
        f_now = self._step.filter if filter is None else filter
        targets = range(w.shape[0]) if f_now == -1 else [f_now]
        try:
            for f in targets:
                w[f] = preset_kernel(name, w.shape[1], (w.shape[2], w.shape[3]), seed=f)
        except ValueError as exc:
            return self._refuse(self.tr("Cannot use this preset: {0}").format(str(exc)))
        return self.set_filters(w, self._trace.b)

    @Slot(int, int)
    def set_kernel_size(self, kh: int, kw: int) -> bool:
        if not (1 <= kh <= MAX_KERNEL and 1 <= kw <= MAX_KERNEL):
            return self._refuse(self.tr("The kernel size must be between 1 and {0}.").format(MAX_KERNEL))
        w = resize_kernels(np.asarray(self._trace.w), (kh, kw))
        return self._rebuild(self._trace.x, w, self._trace.b, self._params, self._name)

    @Slot(int)
    def set_filter_count(self, count: int) -> bool:
        if not 1 <= count <= MAX_FILTERS:
            return self._refuse(
                self.tr("The number of filters must be between 1 and {0}.").format(MAX_FILTERS)
            )
        w, b = resize_bank(np.asarray(self._trace.w), np.asarray(self._trace.b), count)
        return self._rebuild(self._trace.x, w, b, self._params, self._name)

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
        return self._rebuild(self._trace.x, self._trace.w, self._trace.b, params, self._name)

    # -- rebuilding ------------------------------------------------------------
    def _rebuild(self, x: np.ndarray, w: np.ndarray, b: np.ndarray, params: Params, name: str) -> bool:
        problem = self._explain(x.shape[1:], w.shape[2:], params)
        if problem:
            return self._refuse(problem)
        try:
            trace = ConvTrace(x, w, b, stride=params.stride, padding=params.padding, dilation=params.dilation)
        except ValueError as exc:
            return self._refuse(str(exc))
        f, r, c = self._trace.position(self._index)
        nf, oh, ow = trace.out_shape
        self._trace, self._params, self._name = trace, params, name
        self._index = trace.index(min(f, nf - 1), min(r, oh - 1), min(c, ow - 1))
        self._step = trace[self._index]
        self._hover = []
        self._set_problem("")
        self.session_changed.emit()
        self.step_changed.emit(self._index)
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

    def _refuse(self, message: str) -> bool:
        self._set_problem(message)
        self.error_reported.emit(message)
        return False

    def _set_problem(self, message: str) -> None:
        if message != self._problem:
            self._problem = message
            self.problem_changed.emit(message)

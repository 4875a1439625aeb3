"""Choosing what the convolution session computes on: the demo, a built-in sample or
example, an image file, one edited input cell, a whole configuration (a cell sent
from the Network tab) or a saved session (a lesson).

A mixin of :class:`~cnnviz.presenters.ConvSessionPresenter`: it uses the session's
``_rebuild``, its filter banks and stage indices, and never outlives it.
"""

from __future__ import annotations

import os

import numpy as np
from PySide6.QtCore import Slot

from cnnviz.core import load_demo
from cnnviz.core.examples import example
from cnnviz.core.samples import SAMPLES
from cnnviz.media import DEFAULT_WORKING_SIZE, ImageLoadError, load_image

from .filters import rebuild_for_channels
from .session_params import MAX_VALUE, Params, PoolSettings
from .stage_session import STAGES
from .upstream import Upstream


class SessionInput:
    """The input slots of the convolution session."""

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

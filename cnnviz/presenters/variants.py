"""The convolution variants a student meets next, in the session.

- **padding modes** (PyTorch's ``padding_mode``): the border holds what
  zeros, reflect, replicate or circular padding puts there, and a border cell
  names the input cell it copies (:meth:`VariantSession.padding_source_cell`);
- **true convolution** (``flip``): the kernel is used flipped;
- **groups**: each filter sees only its group's channels (depthwise when
  groups = channels); the bank is ``(F, C/groups, KH, KW)``;
- **transposed convolution** with ``output_padding``: the "conv" stage's
  trace is a :class:`~cnnviz.core.TransposedConvTrace` (each input cell
  scattering ``w·x``) or, in the *direct* picture, the equivalent
  :class:`~cnnviz.core.ConvTrace` over the zero-inserted input; ReLU and
  pooling follow its output; the backward stages are not offered.

:class:`VariantSession` is a mixin of
:class:`~cnnviz.presenters.ConvSessionPresenter`: it uses the session's
``_trace``, ``_params``, ``_rebuild`` and signals. The refusals' words are in
:mod:`.variant_text`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from PySide6.QtCore import Slot

from cnnviz.core import ConvTrace, TransposedConvTrace, transposed_output_formula

from .stage_session import BACKWARD_STAGES
from .variant_banks import from_pytorch, full_bank, group_bank, to_pytorch
from .variant_queries import VariantQueries, is_plain
from .variant_text import VariantText

PICTURES = ("scatter", "direct")


class VariantSession(VariantQueries, VariantText):
    """Padding modes, flip, groups and the transposed convolution of a session."""

    # -- slots ---------------------------------------------------------------------------
    @Slot(str)
    def set_padding_mode(self, mode: str) -> bool:
        """zeros, reflect, replicate or circular (PyTorch's names)."""
        return self._set_variant(replace(self._params, padding_mode=str(mode)))

    @Slot(bool)
    def set_flip(self, on: bool) -> bool:
        """True convolution: the kernel is used flipped in both axes."""
        return self._set_variant(replace(self._params, flip=bool(on)))

    @Slot(int)
    def set_output_padding(self, k: int) -> bool:
        return self._set_variant(replace(self._params, output_padding=int(k)))

    @Slot(int)
    def set_groups(self, groups: int) -> bool:
        """Split the channels into ``groups``; each filter keeps its group's weights, the
        others are put aside until groups is 1 again (:attr:`variant_note` says so)."""
        p, g = self._params, int(groups)
        if g == p.groups:
            return True
        x, w = self.input_x, np.asarray(self._trace.w)
        c, f = x.shape[0], w.shape[0]
        problem = self._explain_groups(g, c, f, p) if not p.transposed and g >= 1 else ""
        if problem or p.transposed or g < 1:
            return self._refuse(problem or self._explain_variant(x.shape, w.shape, replace(p, groups=g)))
        full = self._full_bank()
        aside = self._put_aside
        restored = g == 1 and aside is not None and aside.shape == full.shape and np.array_equal(aside, full)
        new = full if g == 1 else group_bank(full, g)
        if not self._rebuild(x, new, np.asarray(self._trace.b), replace(p, groups=g), self._name):
            return False
        self._put_aside = full if g != 1 else None
        self._variant_note = self._groups_note(g, c, f, restored)
        self.session_changed.emit()
        return True

    @Slot(bool)
    def set_transposed(self, on: bool) -> bool:
        """Switch to the transposed convolution (the filters read as PyTorch's
        ``(C_in, C_out, KH, KW)``) or back; the convolution starts at step 1."""
        p = self._params
        if bool(on) == p.transposed:
            return True
        new = replace(p, transposed=bool(on), output_padding=p.output_padding if on else 0)
        if not self._set_variant(new):
            return False
        self._stage_rebuilt("conv", 0)
        self._variant_note = self._transposed_note(bool(on), self.weight_layout()[1])
        self.session_changed.emit()
        self.step_changed.emit(self.step_index)
        return True

    @Slot(str)
    def set_transposed_picture(self, picture: str) -> bool:
        """Step the transposed convolution as "scatter" (each input cell adds ``w·x`` to
        the output) or "direct" (a convolution over the zero-inserted input)."""
        if picture not in PICTURES:
            return self._report(self.tr("The transposed convolution is shown as scatter or direct."))
        if picture == self._picture:
            return True
        self.pause()
        self._picture = picture
        if self._params.transposed:
            self._indices["conv"], self._picture_index = self._picture_index, self._indices["conv"]
            self._steps.pop("conv", None)
            self._clear_hover_quietly()
        self.session_changed.emit()
        self.step_changed.emit(self.step_index)
        return True

    @Slot(int, int)
    def seek_scatter_output(self, row: int, col: int) -> None:
        """Jump to the input cell after which output ``(row, col)`` holds its last
        contribution; ignored outside the output or for a cell no input reaches."""
        t = self.transposed_trace
        if t is None or not self.shows_scatter:
            return
        try:
            sources = t.sources(row, col)
        except IndexError:
            return
        if sources:
            r, c = max((s[0], s[1]) for s in sources)
            self.seek(t.index(t.x.shape[0] - 1, r, c))

    def apply_update(self, lr: float) -> bool:
        if self.backward_problem():
            return self._report(self.backward_problem())
        return super().apply_update(lr)  # type: ignore[misc]

    # -- what the session asks of the variants ---------------------------------------------
    def _set_variant(self, params: Any) -> bool:
        w, b = np.asarray(self._trace.w), np.asarray(self._trace.b)
        return self._rebuild(self.input_x, w, b, params, self._name)

    def _build_traces(
        self, x: np.ndarray, w: np.ndarray, b: np.ndarray, p: Any
    ) -> tuple[ConvTrace, TransposedConvTrace | None]:
        """The shown convolution's trace and, when transposed, the transposed trace
        (``w`` in the session's layout, output channel first). ValueError in words."""
        if p.transposed:
            t = TransposedConvTrace(
                x,
                to_pytorch(w, True),
                b,
                stride=p.stride,
                padding=p.padding,
                output_padding=p.output_padding,
                dilation=p.dilation,
            )
            return t.direct_trace(), t
        trace = ConvTrace(
            x,
            w,
            b,
            stride=p.stride,
            padding=p.padding,
            dilation=p.dilation,
            groups=p.groups,
            padding_mode=p.padding_mode,
            flip=p.flip,
        )
        return trace, None

    def _set_transposed_trace(self, t: TransposedConvTrace | None) -> None:
        """Called by ``_rebuild`` once the new traces are in place."""
        if (t is None) != (self._transposed is None):
            self._picture_index = 0
        self._transposed = t
        if t is not None:
            other = self._trace if self._picture == "scatter" else t
            self._picture_index = min(self._picture_index, len(other) - 1)
        self._variant_note = ""

    def _conv_stage_trace(self) -> Any:
        return self._transposed if self.shows_scatter else self._trace

    def _forward_output(self) -> np.ndarray:
        """What ReLU follows: the convolution's (or the transposed convolution's) output."""
        t = self.transposed_trace
        return self._trace.output if t is None else t.output

    def _convolution_step(self) -> Any:
        """The ordinary convolution's current step (the direct picture's kept step while
        the scatter picture is shown)."""
        if self.shows_scatter:
            return self._trace[self._picture_index]
        return self.step_of("conv")

    def _offered(self, stages: tuple[str, ...]) -> tuple[str, ...]:
        if is_plain(self._params):
            return stages
        return tuple(s for s in stages if s not in BACKWARD_STAGES)

    def _feeds(self, panel: int, row: int, col: int) -> list[tuple[int, int]]:
        t = self.transposed_trace
        if self._stage == "conv" and self.shows_scatter and t is not None:
            c, h, w = t.x.shape
            return t.feeds(row, col) if 0 <= panel < c and 0 <= row < h and 0 <= col < w else []
        return super()._feeds(panel, row, col)  # type: ignore[misc]

    def _from_pytorch(self, w: np.ndarray, params: Any) -> np.ndarray:
        return from_pytorch(w, bool(getattr(params, "transposed", False)))

    def _variant_formulas(self) -> tuple[str, str] | None:
        """The transposed convolution's output-size formulas (None for the others)."""
        t = self.transposed_trace
        if t is None:
            return None
        g = t.geometry
        return tuple(  # type: ignore[return-value]
            transposed_output_formula(
                g.in_size[a], g.kernel[a], g.stride[a], g.padding[a], g.dilation[a], g.output_padding[a]
            )
            for a in (0, 1)
        )

    def _full_bank(self) -> np.ndarray:
        """The bank as an ordinary ``(F, C, KH, KW)`` one: a grouped bank gets back the
        weights put aside when it was cut down (if unchanged since), else zeros."""
        w, g = np.asarray(self._trace.w, np.float32), self._params.groups
        if g == 1:
            return w.copy()
        aside = self._put_aside
        if aside is not None and aside.shape[0] == w.shape[0] and aside.shape[2:] == w.shape[2:]:
            if aside.shape[1] == w.shape[1] * g and np.array_equal(group_bank(aside, g), w):
                return aside.copy()
        return full_bank(w, g, w.shape[1] * g)

    def _regroup(self, channels: int, w_full: np.ndarray) -> tuple[np.ndarray, Any, str]:
        """A new input's bank ``(F, channels, KH, KW)`` cut to the session's groups, or
        groups back to 1 (said in the note) when they no longer divide the channels."""
        p = self._params
        if p.groups == 1:
            return w_full, p, ""
        if channels % p.groups == 0 and w_full.shape[0] % p.groups == 0:
            return group_bank(w_full, p.groups), p, ""
        note = self.tr("Groups are back to 1: {0} groups do not divide {1} channel(s).").format(
            p.groups, channels
        )
        return w_full, replace(p, groups=1), note

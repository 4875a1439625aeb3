"""What the views read of a session's convolution variant: its state, the padded
border's sources, the zero-inserted input's cells, the scatter picture's sums.

A mixin of :class:`~cnnviz.presenters.variants.VariantSession` (which changes
the variant); it reads the session's ``_trace``, ``_params`` and ``_indices``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cnnviz.core import TransposedConvTrace

from .variant_banks import inserted_cells, to_pytorch


def is_plain(params: Any) -> bool:
    """True for the article's convolution: zero padding, no flip, one group, not transposed."""
    return params.padding_mode == "zeros" and not params.flip and params.groups == 1 and not params.transposed


class VariantQueries:
    """The variant's state and the questions views ask about it (no changes)."""

    _transposed: TransposedConvTrace | None = None
    _picture = "scatter"
    _picture_index = 0  # the step of the picture not shown
    _variant_note = ""
    _put_aside: np.ndarray | None = None  # the full bank a change of groups cut down
    _sums: tuple[Any, int, np.ndarray] | None = None  # the scatter picture's last sums

    # -- state (read by views) -------------------------------------------------------
    @property
    def transposed_trace(self) -> TransposedConvTrace | None:
        """The transposed convolution's trace (None unless ``params.transposed``)."""
        return self._transposed if self._params.transposed else None

    @property
    def picture(self) -> str:
        """How the transposed convolution is stepped: "scatter" or "direct"."""
        return self._picture

    @property
    def shows_scatter(self) -> bool:
        """True when the "conv" stage steps the transposed convolution's input cells."""
        return self.transposed_trace is not None and self._picture == "scatter"

    @property
    def input_x(self) -> np.ndarray:
        """The session's input (C, H, W) — also in the transposed convolution, whose
        direct picture's trace holds the zero-inserted input instead."""
        t = self.transposed_trace
        return self._trace.x if t is None else t.x

    @property
    def weights(self) -> np.ndarray:
        """The filters as PyTorch lays them out for the variant: ``(F, C/groups, KH, KW)``,
        or ``(C_in, C_out, KH, KW)`` for the transposed convolution (a copy)."""
        return to_pytorch(np.asarray(self._trace.w), self._params.transposed)

    @property
    def biases(self) -> np.ndarray:
        return np.array(self._trace.b)

    @property
    def variant_note(self) -> str:
        """What the last change of variant did to the filters ('' when nothing)."""
        return self._variant_note

    def weight_layout(self) -> tuple[str, tuple[int, ...]]:
        """The layout's axis names as PyTorch writes them, and the bank's shape in it."""
        shape = tuple(int(n) for n in self.weights.shape)
        if self._params.transposed:
            return "(C_in, C_out, KH, KW)", shape
        return ("(F, C/groups, KH, KW)" if self._params.groups != 1 else "(F, C, KH, KW)"), shape

    def channels_of(self, f: int) -> tuple[int, ...]:
        """The input channels filter ``f`` of the shown convolution sees."""
        return tuple(self._trace.channels_of(int(f)))

    def padding_source_cell(self, row: int, col: int) -> tuple[int, int] | None:
        """For a border cell ``(row, col)`` of the padded input (padded coordinates), the
        input cell it copies, in padded coordinates; None inside the input, for a
        zero-padded border cell, or outside."""
        t = self._trace
        (hp, wp), (ph, pw) = t.geometry.padded, t.geometry.padding
        if not (0 <= row < hp and 0 <= col < wp) or self._params.transposed:
            return None
        if ph <= row < hp - ph and pw <= col < wp - pw:
            return None
        source = t.padding_source(row, col)
        return None if source is None else (source[0] + ph, source[1] + pw)

    def input_cell_of(self, row: int, col: int) -> tuple[int, int] | None:
        """The input cell ``(row, col)`` of the convolution's input grid shows (padded, or
        in the direct picture zero-inserted, coordinates); None for padding or an inserted zero."""
        t = self.transposed_trace
        if t is not None:
            try:
                return t.inserted_source(row, col)
            except IndexError:
                return None
        g = self._trace.geometry
        r, c = row - g.padding[0], col - g.padding[1]
        return (r, c) if 0 <= r < g.in_size[0] and 0 <= c < g.in_size[1] else None

    def scatter_sums(self) -> np.ndarray:
        """The transposed convolution's output summed over its steps up to the current
        one, without the bias: ``(C_out, OH, OW)`` (the whole sum outside the scatter picture)."""
        t = self.transposed_trace
        if t is None:
            raise ValueError("the session is not a transposed convolution")
        k = self._indices["conv"] if self.shows_scatter else len(t) - 1
        hit = self._sums
        if hit is None or hit[0] is not t or hit[1] != k:
            hit = self._sums = (t, k, t.accumulated(k))
        return hit[2]

    def inserted_cells(self) -> tuple[list[int], list[int]]:
        """In the direct picture, the rows and columns of the zero-inserted input that
        hold input values (([], []) outside the transposed convolution)."""
        t = self.transposed_trace
        if t is None:
            return [], []
        g = t.geometry
        return inserted_cells(
            g.in_size, g.kernel, g.stride, g.padding, g.output_padding, g.dilation, self._trace.x.shape[1:]
        )

    def backward_problem(self) -> str:
        """Why the backward stages are not offered ('' when they are)."""
        if is_plain(self._params):
            return ""
        if self._params.transposed:
            return self.tr("The backward stages follow the ordinary convolution, not the transposed one.")
        return self.tr("The backward stages are shown for zero padding, an unflipped kernel and one group.")

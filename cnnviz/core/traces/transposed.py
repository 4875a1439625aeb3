"""A transposed convolution taken apart into steps, both ways conv_arithmetic draws it.

:class:`TransposedConvTrace` steps through the input cells ``(c, r, q)`` of
one image, channel-major, then row, then column: each cell scatters
``x[c, r, q] · w[c]`` (``C_out × KH × KW`` values) into the output, its
kernel's top-left tap landing at ``(r·s − p, q·s − p)``. Taps that land in the
padding (outside the output) are dropped.

:meth:`TransposedConvTrace.direct_trace` is the other picture: an ordinary
:class:`~cnnviz.core.trace.ConvTrace` over the zero-inserted, padded input
with the transposed kernel, flipped, whose output is the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..backend import to_numpy
from ..shapes import IntPair, TransposedGeometry, transposed_geometry
from ..trace import ConvTrace
from ..transposed import conv_transpose2d, inserted_index, zero_inserted_input
from ._base import GridSteps, float_input, readonly


@dataclass(frozen=True, eq=False)
class ScatterStep:
    """One input cell of a transposed convolution and what it adds to the output.

    Arrays are read-only numpy arrays of the trace's dtype.

    Attributes
    ----------
    index : int, position in the trace
    channel, row, col : int, the input cell ``x[channel, row, col]``
    value : float, ``x[channel, row, col]``
    out_top, out_left : int, output coordinates of kernel tap ``(0, 0)``
        (``row·s − p``, ``col·s − p``; negative when it lands in the padding)
    contributions : (C_out, KH, KW) ``value * weights``; tap ``(i, j)`` is added
        to output ``(o, taps_rows[i], taps_cols[j])`` when that lies inside the output
    weights : (C_out, KH, KW) ``w[channel]``
    taps_rows, taps_cols : (KH,), (KW,) output coordinates of the taps
        (``out_top + i·d``), inside the output or not
    """

    index: int
    channel: int
    row: int
    col: int
    value: float
    out_top: int
    out_left: int
    contributions: np.ndarray
    weights: np.ndarray
    taps_rows: tuple[int, ...]
    taps_cols: tuple[int, ...]


class TransposedConvTrace(GridSteps):
    """Step-by-step :func:`~cnnviz.core.conv_transpose2d` on one image: one step per input cell.

    Parameters
    ----------
    x : array (C_in, H, W)
    w : array (C_in, C_out, KH, KW), laid out as PyTorch lays them out
    b : array (C_out,) or None (zeros)
    stride, padding, output_padding, dilation : int or (h, w)

    Attributes
    ----------
    x, w, b : read-only copies (float64 when any is float64, else float32)
    geometry : TransposedGeometry
    out_shape : (C_in, H, W), one step per input cell
    output_shape : (C_out, OH, OW), the transposed convolution's output
    output : (C_out, OH, OW), equal to :func:`conv_transpose2d` (computed on first use)

    Raises
    ------
    ValueError
        For the same bad inputs as :func:`conv_transpose2d`.
    """

    def __init__(
        self,
        x: Any,
        w: Any,
        b: Any = None,
        *,
        stride: IntPair = 1,
        padding: IntPair = 0,
        output_padding: IntPair = 0,
        dilation: IntPair = 1,
    ) -> None:
        x_np, w_np = to_numpy(x), to_numpy(w)
        arrays = (x_np, w_np, None if b is None else to_numpy(b))
        dtype = np.float64 if any(getattr(a, "dtype", None) == np.float64 for a in arrays) else np.float32
        self.x = float_input(x_np, "x", 3, "(C_in, H, W)", dtype)
        self.w = float_input(w_np, "w", 4, "(C_in, C_out, KH, KW)", dtype)
        if self.x.shape[0] != self.w.shape[0]:
            raise ValueError(
                f"channels do not match: x has {self.x.shape[0]} channels (shape {self.x.shape}) but "
                f"w, laid out (C_in, C_out, KH, KW), expects {self.w.shape[0]} (shape {self.w.shape})"
            )
        c_out = int(self.w.shape[1])
        if b is None:
            self.b = readonly(np.zeros(c_out, dtype))
        else:
            self.b = float_input(b, "b", 1, "(C_out,)", dtype)
            if self.b.shape != (c_out,):
                raise ValueError(
                    f"b must have shape ({c_out},) for {c_out} output channels, got {self.b.shape}"
                )
        self.geometry: TransposedGeometry = transposed_geometry(
            self.x.shape[1:], self.w.shape[2:], stride, padding, output_padding, dilation
        )
        self._shape = tuple(int(n) for n in self.x.shape)
        self._output: np.ndarray | None = None

    @property
    def output_shape(self) -> tuple[int, int, int]:
        """``(C_out, OH, OW)``."""
        return (int(self.w.shape[1]), *self.geometry.out)

    def position(self, k: int) -> tuple[int, int, int]:
        """``(channel, row, col)`` of step ``k`` (negative counts from the end)."""
        c, r, q = self._position(k)
        return c, r, q

    def index(self, channel: int, row: int, col: int) -> int:
        """The step number of input cell ``(channel, row, col)``; inverse of ``trace[k]``."""
        return self._index((channel, row, col), "input cell")

    def _taps(self, row: int, col: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        geo = self.geometry
        (sh, sw), (ph, pw), (dh, dw), (kh, kw) = geo.stride, geo.padding, geo.dilation, geo.kernel
        top, left = row * sh - ph, col * sw - pw
        return tuple(top + i * dh for i in range(kh)), tuple(left + j * dw for j in range(kw))

    def __getitem__(self, k: int) -> ScatterStep:
        k = self._step_number(k)
        c, r, q = self.position(k)
        rows, cols = self._taps(r, q)
        weights = self.w[c]
        value = self.x[c, r, q]
        return ScatterStep(
            index=k,
            channel=c,
            row=r,
            col=q,
            value=float(value),
            out_top=rows[0],
            out_left=cols[0],
            contributions=readonly(value * weights),
            weights=weights,
            taps_rows=rows,
            taps_cols=cols,
        )

    @property
    def output(self) -> np.ndarray:
        """The whole output ``(C_out, OH, OW)`` with the bias, equal to :func:`conv_transpose2d`."""
        if self._output is None:
            self._output = readonly(to_numpy(self._transpose(self.x, self.b)))
        return self._output

    def _transpose(self, x: np.ndarray, b: np.ndarray | None) -> np.ndarray:
        geo = self.geometry
        y = conv_transpose2d(
            x[None],
            self.w,
            b,
            stride=geo.stride,
            padding=geo.padding,
            output_padding=geo.output_padding,
            dilation=geo.dilation,
        )
        return np.asarray(to_numpy(y))[0]

    def accumulated(self, k: int) -> np.ndarray:
        """The output after steps ``0..k`` (inclusive), without the bias: the sum of
        their contributions that landed inside the output, ``(C_out, OH, OW)``.

        Costs one transposed convolution; ``accumulated(len - 1) + b`` is :attr:`output`.
        """
        k = self._step_number(k)
        partial = self.x.copy().reshape(-1)
        partial[k + 1 :] = 0
        return readonly(self._transpose(partial.reshape(self.x.shape), None))

    def feeds(self, row: int, col: int) -> list[tuple[int, int]]:
        """Output positions ``(row, col)`` that input cell ``(row, col)`` adds to
        (inside the output; the same for every channel)."""
        _, h, w = self._shape
        if not (0 <= row < h and 0 <= col < w):
            raise IndexError(f"input cell ({row}, {col}) is outside {h}×{w}")
        oh, ow = self.geometry.out
        rows, cols = self._taps(row, col)
        return [(r, c) for r in rows if 0 <= r < oh for c in cols if 0 <= c < ow]

    def sources(self, out_row: int, out_col: int) -> list[tuple[int, int, int, int]]:
        """``(row, col, i, j)``: input cells whose kernel tap ``(i, j)`` lands on
        output ``(out_row, out_col)`` (the same for every channel), in step order."""
        oh, ow = self.geometry.out
        if not (0 <= out_row < oh and 0 <= out_col < ow):
            raise IndexError(f"output ({out_row}, {out_col}) is outside {oh}×{ow}")
        geo = self.geometry
        _, h, w = self._shape

        def hits(o: int, n: int, k: int, s: int, p: int, d: int) -> list[tuple[int, int]]:
            return [(a, i) for a in range(n) for i in range(k) if a * s - p + i * d == o]

        rs = hits(out_row, h, geo.kernel[0], geo.stride[0], geo.padding[0], geo.dilation[0])
        cs = hits(out_col, w, geo.kernel[1], geo.stride[1], geo.padding[1], geo.dilation[1])
        return sorted((r, c, i, j) for r, i in rs for c, j in cs)

    # -- the equivalent direct convolution ------------------------------------
    def zero_inserted(self) -> np.ndarray:
        """The zero-inserted, padded input ``(C_in, H', W')`` (see :func:`zero_inserted_input`)."""
        geo = self.geometry
        z = zero_inserted_input(self.x, geo.stride, geo.padding, geo.kernel, geo.output_padding, geo.dilation)
        return readonly(np.asarray(z))

    def inserted_source(self, row: int, col: int) -> tuple[int, int] | None:
        """The input cell ``(row, col)`` whose value zero-inserted cell ``(row, col)``
        holds, or ``None`` for an inserted zero or padding."""
        geo = self.geometry
        size = tuple(geo.out[a] + geo.dilation[a] * (geo.kernel[a] - 1) for a in (0, 1))
        if not (0 <= row < size[0] and 0 <= col < size[1]):
            raise IndexError(f"zero-inserted cell ({row}, {col}) is outside {size[0]}×{size[1]}")
        r, c = (
            inserted_index(
                t,
                geo.in_size[a],
                geo.kernel[a],
                geo.stride[a],
                geo.padding[a],
                geo.output_padding[a],
                geo.dilation[a],
            )
            for a, t in ((0, row), (1, col))
        )
        return None if r is None or c is None else (r, c)

    def direct_trace(self) -> ConvTrace:
        """The same output stepped as an ordinary convolution: a stride-1
        :class:`ConvTrace` over :meth:`zero_inserted` with ``w`` transposed to
        ``(C_out, C_in, KH, KW)`` and flipped (``flip=True``, so each step shows
        the flipped weights it multiplies), dilation as given, the same bias."""
        return ConvTrace(
            self.zero_inserted(),
            self.w.transpose(1, 0, 2, 3),
            self.b,
            dilation=self.geometry.dilation,
            flip=True,
        )

"""Pooling taken apart into steps, one output value each.

``PoolTrace`` holds the input volume; ``trace[k]`` reads one window on demand
(O(KH·KW)), so a large input never materialises its steps. Steps run
channel-major, then output row, then column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..pool import avg_pool2d, max_pool2d
from ..shapes import IntPair, conv_geometry, pair
from ._base import GridSteps, check_cell, float_input, readonly

MODES = ("max", "avg")


@dataclass(frozen=True, eq=False)
class PoolStep:
    """One output value of a pooling layer and the window that made it.

    Attributes
    ----------
    index : int, position in the trace
    channel, row, col : int, the output element ``(c, r, col)``
    window : (KH, KW) read-only input values under the window
    value : float, the window's maximum or mean (equal to the op's output)
    argmax : (i, j) inside the window of the first maximum in raster order
        (PyTorch's tie rule), or None for average pooling
    origin : (top, left) of the window in input coordinates
    mode : "max" or "avg"
    """

    index: int
    channel: int
    row: int
    col: int
    window: np.ndarray
    value: float
    argmax: tuple[int, int] | None
    origin: tuple[int, int]
    mode: str


class PoolTrace(GridSteps):
    """Step-by-step view of :func:`max_pool2d` / :func:`avg_pool2d` on one volume.

    Parameters
    ----------
    x : array (C, H, W)
    kernel : int or (KH, KW), the window size
    stride : int or (SH, SW); None (default) means the kernel size
    mode : "max" or "avg"

    Attributes
    ----------
    x : (C, H, W) read-only copy of the input (float32, or float64 if given so)
    kernel, stride : (h, w) pairs
    mode : str
    out_shape : (C, OH, OW), floor mode: ``OH = (H - KH) // SH + 1``

    Raises
    ------
    ValueError
        For an unknown mode, a window or stride below 1, a window larger than
        the input, or an input that is not a finite (C, H, W) array.
    """

    def __init__(self, x: Any, kernel: IntPair, stride: IntPair | None = None, *, mode: str = "max") -> None:
        if mode not in MODES:
            raise ValueError(f'pooling mode must be "max" or "avg", got {mode!r}')
        self.x = float_input(x, "x", 3, "(C, H, W)")
        c, h, w = self.x.shape
        kh, kw = pair(kernel, "pooling window")
        if min(kh, kw) < 1:
            raise ValueError(f"the pooling window must be at least 1×1, got {kh}×{kw}")
        if kh > h or kw > w:
            raise ValueError(f"the {kh}×{kw} pooling window is larger than the {h}×{w} input")
        geo = conv_geometry((h, w), (kh, kw), (kh, kw) if stride is None else stride)
        self.kernel: tuple[int, int] = geo.kernel
        self.stride: tuple[int, int] = geo.stride
        self.mode = mode
        self._shape = (c, *geo.out)
        self._output: np.ndarray | None = None

    def position(self, k: int) -> tuple[int, int, int]:
        """``(channel, row, col)`` of step ``k`` (negative counts from the end)."""
        c, r, col = self._position(k)
        return c, r, col

    def index(self, channel: int, row: int, col: int) -> int:
        """The step number of output ``(channel, row, col)``; inverse of ``trace[k]``."""
        return self._index((channel, row, col), "output")

    def __getitem__(self, k: int) -> PoolStep:
        k = self._step_number(k)
        c, r, col = self.position(k)
        (kh, kw), (sh, sw) = self.kernel, self.stride
        top, left = r * sh, col * sw
        window = self.x[c, top : top + kh, left : left + kw].copy()
        argmax: tuple[int, int] | None = None
        if self.mode == "max":
            flat = int(window.argmax())  # numpy returns the first maximum
            argmax = (flat // kw, flat % kw)
            value = float(window[argmax])
        else:
            value = float(_mean_as_op(window))
        return PoolStep(
            index=k,
            channel=c,
            row=r,
            col=col,
            window=readonly(window),
            value=value,
            argmax=argmax,
            origin=(top, left),
            mode=self.mode,
        )

    @property
    def output(self) -> np.ndarray:
        """The whole output ``(C, OH, OW)``, equal to the op (computed on first use)."""
        if self._output is None:
            op = max_pool2d if self.mode == "max" else avg_pool2d
            self._output = readonly(np.asarray(op(self.x[None], self.kernel, self.stride))[0])
        return self._output

    def feeds(self, channel: int, row: int, col: int) -> list[tuple[int, int]]:
        """Output positions ``(row, col)`` (in ``channel``) whose window covers
        input cell ``(channel, row, col)``; empty where the windows skip it."""
        check_cell((channel, row, col), self.x.shape)
        _, oh, ow = self._shape
        (kh, kw), (sh, sw) = self.kernel, self.stride

        def hits(p: int, k: int, s: int, n: int) -> range:
            return range(max(0, -(-(p - k + 1) // s)), min(n - 1, p // s) + 1)

        return [(r, c) for r in hits(row, kh, sh, oh) for c in hits(col, kw, sw, ow)]


def _mean_as_op(window: np.ndarray) -> np.floating:
    """The window's mean summed tap by tap in raster order, in the window's
    dtype, as :func:`avg_pool2d` does, so a step equals the op bit for bit."""
    flat = window.ravel()
    acc = flat[0]
    for v in flat[1:]:
        acc = acc + v
    return acc / flat.dtype.type(flat.size)

"""A convolution taken apart into steps, one output value each.

``ConvTrace`` holds the padded input and the filters; ``trace[k]``
computes step ``k`` on demand in O(window) time, so even a large image never
materialises its millions of steps. Steps are ordered filter-major, then
output row, then column — the order of the article's 18-frame animation.

The variants of :func:`conv2d` are keywords here too: ``padding_mode`` (the
border holds what PyTorch pads with; :meth:`ConvTrace.padding_source` says
which input cell a border cell copies), ``groups`` (a step's window holds only
its filter's group of channels, :meth:`ConvTrace.channels_of`) and ``flip``
(a step multiplies the flipped kernel, which it shows as its ``weights``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import as_float, check_finite, check_ndim
from .backend import to_numpy
from .conv import conv2d
from .padding import check_padding_mode, pad_input, source_index
from .shapes import ConvGeometry, IntPair, check_groups, conv_geometry


@dataclass(frozen=True, eq=False)
class ConvStep:
    """One output value of a convolution and everything that made it.

    Arrays are read-only numpy arrays of the trace's dtype.

    Attributes
    ----------
    index : int, position in the trace
    filter, row, col : int, the output element ``(f, r, c)``
    window : (C', KH, KW) input values under the kernel (padding included);
        ``C' = C / groups``, the channels in ``channels``
    weights : (C', KH, KW) the weights multiplied: the filter's weights, or,
        with ``flipped``, the filter flipped in both axes
        (``weights[c, i, j] == trace.w[f, c, KH-1-i, KW-1-j]``)
    products : (C', KH, KW) ``window * weights``
    channel_sums : (C',) sum of the products per channel
    bias : float
    value : float, ``channel_sums.sum() + bias``
    origin : (top, left) of the window in padded-input coordinates
    taps_rows, taps_cols : (KH,), (KW,) padded-input coordinates of the taps
    flipped : bool, whether ``weights`` is the flipped filter (true convolution)
    channels : the input channels of ``window``, in order (all of them unless
        the trace has groups); ``()`` in records built without it
    """

    index: int
    filter: int
    row: int
    col: int
    window: np.ndarray
    weights: np.ndarray
    products: np.ndarray
    channel_sums: np.ndarray
    bias: float
    value: float
    origin: tuple[int, int]
    taps_rows: tuple[int, ...]
    taps_cols: tuple[int, ...]
    flipped: bool = False
    channels: tuple[int, ...] = ()


def _readonly(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


class ConvTrace:
    """Step-by-step view of ``conv2d`` on one image.

    Parameters
    ----------
    x : array (C, H, W)
    w : array (F, C/groups, KH, KW), kept as given in ``trace.w`` (also when flipped)
    b : array (F,) or None (zeros)
    stride, padding, dilation : int or (h, w)
    groups : int dividing C and F
    padding_mode : "zeros", "reflect", "replicate" or "circular"
    flip : bool, true convolution (the kernel flipped in both axes)

    Attributes
    ----------
    x, w, b : read-only copies
    padded : (C, H + 2·PH, W + 2·PW) read-only; the border holds the values
        ``padding_mode`` puts there
    geometry : ConvGeometry
    groups, padding_mode, flip : the variant

    Raises
    ------
    ValueError
        For the same bad inputs as :func:`conv2d`.
    """

    def __init__(
        self,
        x: Any,
        w: Any,
        b: Any = None,
        *,
        stride: IntPair = 1,
        padding: IntPair = 0,
        dilation: IntPair = 1,
        groups: int = 1,
        padding_mode: str = "zeros",
        flip: bool = False,
    ) -> None:
        x_np, w_np = to_numpy(x), to_numpy(w)
        dtype = np.float64 if np.float64 in (x_np.dtype, w_np.dtype) else np.float32
        x_np = as_float(np, x_np, dtype, "x")
        w_np = as_float(np, w_np, dtype, "w")
        check_ndim(x_np, 3, "x", "(C, H, W)")
        check_ndim(w_np, 4, "w", "(F, C, KH, KW)")
        g = check_groups(groups, x_np.shape[0], w_np.shape[0])
        if x_np.shape[0] != w_np.shape[1] * g:
            per_group = f" with groups={g}, {w_np.shape[1]} per group" if g != 1 else ""
            raise ValueError(
                f"channels do not match: x has {x_np.shape[0]} channels "
                f"(shape {x_np.shape}) but w expects {w_np.shape[1] * g}{per_group} (shape {w_np.shape})"
            )
        b_np = np.zeros(w_np.shape[0], dtype) if b is None else as_float(np, to_numpy(b), dtype, "b")
        if b_np.shape != (w_np.shape[0],):
            raise ValueError(f"b must have shape ({w_np.shape[0]},), got {b_np.shape}")
        self.geometry: ConvGeometry = conv_geometry(
            x_np.shape[1:], w_np.shape[2:], stride, padding, dilation
        )
        self.padding_mode: str = check_padding_mode(padding_mode, x_np.shape[1:], self.geometry.padding)
        for name, arr in (("x", x_np), ("w", w_np), ("b", b_np)):
            check_finite(np, arr, name)
        self.groups: int = g
        self.flip: bool = bool(flip)
        self.x = _readonly(x_np.copy())
        self.w = _readonly(w_np.copy())
        self.b = _readonly(b_np.copy())
        self.padded = _readonly(pad_input(np, x_np, self.geometry.padding, self.padding_mode))
        self._kernel = self.w[:, :, ::-1, ::-1] if self.flip else self.w
        self._output: np.ndarray | None = None

    # -- shape -----------------------------------------------------------
    @property
    def num_filters(self) -> int:
        return int(self.w.shape[0])

    @property
    def out_shape(self) -> tuple[int, int, int]:
        """``(F, OH, OW)``."""
        return (self.num_filters, *self.geometry.out)

    def __len__(self) -> int:
        f, oh, ow = self.out_shape
        return f * oh * ow

    def channels_of(self, filter: int) -> range:
        """The input channels filter ``filter`` sees: all of them, or its group's."""
        f = self.num_filters
        if not 0 <= filter < f:
            raise IndexError(f"filter {filter} is outside 0..{f - 1}")
        per_group = int(self.w.shape[1])
        first = (filter // (f // self.groups)) * per_group
        return range(first, first + per_group)

    def padding_source(self, row: int, col: int) -> tuple[int, int] | None:
        """The input cell ``(row, col)`` (unpadded coordinates) whose value padded
        cell ``(row, col)`` holds: the cell itself inside, the cell the border
        copies in reflect, replicate and circular modes, ``None`` for a
        zeros-mode border cell."""
        (hp, wp), (h, w), (ph, pw) = self.geometry.padded, self.geometry.in_size, self.geometry.padding
        if not (0 <= row < hp and 0 <= col < wp):
            raise IndexError(f"padded cell ({row}, {col}) is outside {hp}×{wp}")
        r = source_index(row, h, ph, self.padding_mode)
        c = source_index(col, w, pw, self.padding_mode)
        return None if r is None or c is None else (r, c)

    def index(self, filter: int, row: int, col: int) -> int:
        """The step number of output ``(filter, row, col)``; inverse of ``trace[k]``."""
        f, oh, ow = self.out_shape
        if not (0 <= filter < f and 0 <= row < oh and 0 <= col < ow):
            raise IndexError(f"output ({filter}, {row}, {col}) is outside {f}×{oh}×{ow}")
        return (filter * oh + row) * ow + col

    def position(self, k: int) -> tuple[int, int, int]:
        """``(filter, row, col)`` of step ``k`` (negative counts from the end)."""
        n = len(self)
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError(f"step {k} is outside 0..{n - 1}")
        _, oh, ow = self.out_shape
        f, rem = divmod(k, oh * ow)
        r, c = divmod(rem, ow)
        return f, r, c

    # -- steps -----------------------------------------------------------
    def __getitem__(self, k: int) -> ConvStep:
        k = int(k)
        f, r, c = self.position(k)
        if k < 0:
            k += len(self)
        geo = self.geometry
        top, left = r * geo.stride[0], c * geo.stride[1]
        (kh, kw), (dh, dw) = geo.kernel, geo.dilation
        rows = tuple(range(top, top + dh * (kh - 1) + 1, dh))
        cols = tuple(range(left, left + dw * (kw - 1) + 1, dw))
        channels = self.channels_of(f)
        window = self.padded[
            channels.start : channels.stop, top : rows[-1] + 1 : dh, left : cols[-1] + 1 : dw
        ].copy()
        weights = self._kernel[f].copy()
        products = window * weights
        channel_sums = products.reshape(products.shape[0], -1).sum(axis=1)
        bias = float(self.b[f])
        value = float(channel_sums.sum(dtype=np.float64)) + bias
        return ConvStep(
            index=k,
            filter=f,
            row=r,
            col=c,
            window=_readonly(window),
            weights=_readonly(weights),
            products=_readonly(products),
            channel_sums=_readonly(channel_sums),
            bias=bias,
            value=value,
            origin=(top, left),
            taps_rows=rows,
            taps_cols=cols,
            flipped=self.flip,
            channels=tuple(channels),
        )

    def __iter__(self) -> Iterator[ConvStep]:
        for k in range(len(self)):
            yield self[k]

    @property
    def output(self) -> np.ndarray:
        """The whole output ``(F, OH, OW)``, equal to :func:`conv2d`."""
        if self._output is None:
            geo = self.geometry
            y = conv2d(
                self.x[None], self.w, self.b,
                stride=geo.stride, padding=geo.padding, dilation=geo.dilation,
                groups=self.groups, padding_mode=self.padding_mode, flip=self.flip,
            )
            self._output = _readonly(to_numpy(y)[0])
        return self._output

    def feeds(self, channel_row: int, channel_col: int) -> list[tuple[int, int]]:
        """Output positions ``(row, col)`` whose window reads padded-input cell
        ``(channel_row, channel_col)`` (the same for every filter)."""
        geo = self.geometry
        (oh, ow), (kh, kw) = geo.out, geo.kernel
        (sh, sw), (dh, dw) = geo.stride, geo.dilation

        def hits(p: int, s: int, d: int, k: int, n: int) -> list[int]:
            return [o for o in range(n) for i in range(k) if o * s + i * d == p]

        return [(r, c) for r in hits(channel_row, sh, dh, kh, oh) for c in hits(channel_col, sw, dw, kw, ow)]

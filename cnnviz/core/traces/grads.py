"""The backward pass of a convolution taken apart into steps.

Three traces, one per gradient of :func:`conv2d` on one image ``x (C, H, W)``
given the upstream gradient ``dy (F, OH, OW)`` (∂L/∂y):

- :class:`WeightGradTrace`: one step per weight ``(f, c, i, j)``. Tap
  ``(i, j)`` of channel ``c`` met one padded-input value at every output
  position; ∂L/∂w[f, c, i, j] is the sum over output positions of
  ``dy[f] * that value``.
- :class:`BiasGradTrace`: one step per filter, ∂L/∂b[f] = Σ dy[f].
- :class:`InputGradTrace`: one step per (unpadded) input cell; the cell
  collects ``w * dy`` from every output window that covered it.

A step costs O(OH·OW) (weights, biases) or O(F·KH·KW) (inputs); the whole
gradients (``dw``, ``db``, ``dx``) are computed by :func:`conv2d_backward`
only when asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ..backend import to_numpy
from ..conv import conv2d_backward, conv2d_grads
from ..shapes import ConvGeometry, IntPair, conv_geometry
from ._base import GridSteps, float_input, readonly

# -- step records -------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class WeightGradStep:
    """The gradient of one weight ``w[f, c, i, j]`` and every product in it.

    Arrays are read-only numpy arrays of the trace's dtype.

    Attributes
    ----------
    index : int, position in the trace
    filter, channel, i, j : int, the weight
    inputs : (OH, OW) the padded-input values tap ``(i, j)`` of ``channel``
        met at each output position (stride and dilation respected)
    upstream : (OH, OW) ``dy[filter]``
    products : (OH, OW) ``inputs * upstream``
    value : float, ∂L/∂w[f, c, i, j] = Σ products (exact products summed in float64)
    taps_rows, taps_cols : (OH,), (OW,) tuples of the padded-input rows and
        columns the tap visited: output ``(r, col)`` read ``padded[c, taps_rows[r], taps_cols[col]]``
    """

    index: int
    filter: int
    channel: int
    i: int
    j: int
    inputs: np.ndarray
    upstream: np.ndarray
    products: np.ndarray
    value: float
    taps_rows: tuple[int, ...]
    taps_cols: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class BiasGradStep:
    """The gradient of one bias ``b[f]``.

    Attributes
    ----------
    index : int, position in the trace
    filter : int
    upstream : (OH, OW) read-only ``dy[filter]``
    value : float, ∂L/∂b[f] = Σ upstream (summed in float64)
    """

    index: int
    filter: int
    upstream: np.ndarray
    value: float


class InputGradTerm(NamedTuple):
    """One output window's share of an input cell's gradient: ``weight * upstream``.

    Weight ``w[filter, channel, i, j]`` met the cell when the window sat at
    output ``(out_row, out_col)``; ``upstream`` is ``dy[filter, out_row, out_col]``.
    """

    filter: int
    i: int
    j: int
    out_row: int
    out_col: int
    weight: float
    upstream: float


@dataclass(frozen=True, eq=False)
class InputGradStep:
    """The gradient of one input cell ``x[channel, row, col]``.

    Attributes
    ----------
    index : int, position in the trace
    channel, row, col : int, the cell in unpadded input coordinates
    contributions : tuple of :class:`InputGradTerm`
        ``(filter, i, j, out_row, out_col, weight, upstream)`` for every
        output window that covered the cell, ordered filter, i, j; empty when
        no window covers it (stride gaps, cells past the last window)
    value : float, ∂L/∂x[c, row, col] = Σ weight * upstream (in float64; 0 when empty)
    """

    index: int
    channel: int
    row: int
    col: int
    contributions: tuple[InputGradTerm, ...]
    value: float


# -- shared set-up --------------------------------------------------------------


class _ConvBackward(GridSteps):
    """Validated ``x``, ``w``, ``dy`` and the geometry; no gradient computed."""

    def __init__(self, x: Any, w: Any, dy: Any, stride: IntPair, padding: IntPair, dilation: IntPair) -> None:
        x_np, w_np, dy_np = to_numpy(x), to_numpy(w), to_numpy(dy)
        arrays = (x_np, w_np, dy_np)
        dtype = np.float64 if any(getattr(a, "dtype", None) == np.float64 for a in arrays) else np.float32
        self.x = float_input(x_np, "x", 3, "(C, H, W)", dtype)
        self.w = float_input(w_np, "w", 4, "(F, C, KH, KW)", dtype)
        if self.x.shape[0] != self.w.shape[1]:
            raise ValueError(
                f"channels do not match: x has {self.x.shape[0]} channels "
                f"(shape {self.x.shape}) but w expects {self.w.shape[1]} (shape {self.w.shape})"
            )
        self.geometry: ConvGeometry = conv_geometry(
            self.x.shape[1:], self.w.shape[2:], stride, padding, dilation
        )
        expected = (int(self.w.shape[0]), *self.geometry.out)
        if tuple(dy_np.shape) != expected:
            raise ValueError(
                f"dy must have the shape of the convolution's output (F, OH, OW) = {expected} "
                f"for x {self.x.shape} and w {self.w.shape}, got {tuple(dy_np.shape)}"
            )
        self.dy = float_input(dy_np, "dy", 3, "(F, OH, OW)", dtype)
        ph, pw = self.geometry.padding
        self.padded = readonly(np.pad(self.x, ((0, 0), (ph, ph), (pw, pw))))
        self._grads: tuple[np.ndarray | None, np.ndarray, np.ndarray] | None = None

    def _backward(self, need_dx: bool) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
        """``(dx, dw, db)`` for this image, from the op (cached; dx only if asked)."""
        if self._grads is None or (need_dx and self._grads[0] is None):
            geo = self.geometry
            kwargs: dict[str, Any] = dict(stride=geo.stride, padding=geo.padding, dilation=geo.dilation)
            if need_dx:
                dx, dw, db = conv2d_backward(self.dy[None], self.x[None], self.w, **kwargs)
            else:
                dx, dw, db = conv2d_grads(self.dy[None], self.x[None], self.w, need_dx=False, **kwargs)
            self._grads = (
                None if dx is None else readonly(np.asarray(to_numpy(dx))[0]),
                readonly(np.asarray(to_numpy(dw))),
                readonly(np.asarray(to_numpy(db))),
            )
        return self._grads

    @property
    def dw(self) -> np.ndarray:
        """∂L/∂w, shape (F, C, KH, KW), equal to :func:`conv2d_backward` (computed on first use)."""
        return self._backward(False)[1]

    @property
    def db(self) -> np.ndarray:
        """∂L/∂b, shape (F,), equal to :func:`conv2d_backward` (computed on first use)."""
        return self._backward(False)[2]


# -- weights ------------------------------------------------------------------


class WeightGradTrace(_ConvBackward):
    """Step-by-step ∂L/∂w of :func:`conv2d` on one image, ordered f, c, i, j.

    Parameters
    ----------
    x : array (C, H, W), the forward input
    w : array (F, C, KH, KW), the filters
    dy : array (F, OH, OW), the upstream gradient ∂L/∂y
    stride, padding, dilation : int or (h, w)

    Attributes
    ----------
    x, w, dy : read-only copies (float64 when any is float64, else float32)
    padded : (C, H + 2·PH, W + 2·PW) read-only zero-padded input
    geometry : ConvGeometry
    out_shape : (F, C, KH, KW), one step per weight
    dw, db, output : the whole gradients (``output`` is ``dw``), computed on first use

    Raises
    ------
    ValueError
        For the same bad inputs as :func:`conv2d`, or a ``dy`` whose shape is
        not the convolution's output shape.
    """

    def __init__(
        self,
        x: Any,
        w: Any,
        dy: Any,
        *,
        stride: IntPair = 1,
        padding: IntPair = 0,
        dilation: IntPair = 1,
    ) -> None:
        super().__init__(x, w, dy, stride, padding, dilation)
        self._shape = tuple(int(n) for n in self.w.shape)

    def position(self, k: int) -> tuple[int, int, int, int]:
        """``(filter, channel, i, j)`` of step ``k`` (negative counts from the end)."""
        f, c, i, j = self._position(k)
        return f, c, i, j

    def index(self, filter: int, channel: int, i: int, j: int) -> int:
        """The step number of weight ``(filter, channel, i, j)``; inverse of ``trace[k]``."""
        return self._index((filter, channel, i, j), "weight")

    def __getitem__(self, k: int) -> WeightGradStep:
        k = self._step_number(k)
        f, c, i, j = self.position(k)
        geo = self.geometry
        (oh, ow), (sh, sw), (dh, dw) = geo.out, geo.stride, geo.dilation
        top, left = i * dh, j * dw
        rows = tuple(range(top, top + sh * (oh - 1) + 1, sh))
        cols = tuple(range(left, left + sw * (ow - 1) + 1, sw))
        inputs = np.ascontiguousarray(self.padded[c, top : rows[-1] + 1 : sh, left : cols[-1] + 1 : sw])
        upstream = self.dy[f]
        products = inputs * upstream
        if inputs.dtype == np.float64:
            value = float(products.sum())
        else:  # float32 products are exact in float64
            value = float((inputs.astype(np.float64) * upstream.astype(np.float64)).sum())
        return WeightGradStep(
            index=k,
            filter=f,
            channel=c,
            i=i,
            j=j,
            inputs=readonly(inputs),
            upstream=upstream,
            products=readonly(products),
            value=value,
            taps_rows=rows,
            taps_cols=cols,
        )

    @property
    def output(self) -> np.ndarray:
        """``dw``, shape (F, C, KH, KW)."""
        return self.dw


# -- biases -------------------------------------------------------------------


class BiasGradTrace(GridSteps):
    """Step-by-step ∂L/∂b of :func:`conv2d`: one step per filter.

    Parameters
    ----------
    dy : array (F, OH, OW), the upstream gradient

    Attributes
    ----------
    dy : read-only copy (float32, or float64 if given so)
    out_shape : (F,)
    output : (F,) ``db``, equal to :func:`conv2d_backward` (computed on first use)
    """

    def __init__(self, dy: Any) -> None:
        self.dy = float_input(dy, "dy", 3, "(F, OH, OW)")
        self._shape = (int(self.dy.shape[0]),)
        self._output: np.ndarray | None = None

    def position(self, k: int) -> tuple[int]:
        """``(filter,)`` of step ``k`` (negative counts from the end)."""
        (f,) = self._position(k)
        return (f,)

    def index(self, filter: int) -> int:
        """The step number of bias ``filter``; inverse of ``trace[k]``."""
        return self._index((filter,), "bias")

    def __getitem__(self, k: int) -> BiasGradStep:
        k = self._step_number(k)
        upstream = self.dy[k]
        return BiasGradStep(index=k, filter=k, upstream=upstream, value=float(upstream.sum(dtype=np.float64)))

    @property
    def output(self) -> np.ndarray:
        """``db``, shape (F,)."""
        if self._output is None:
            # the op's own reduction (over N, OH, OW), so the bits agree
            self._output = readonly(np.asarray(self.dy[None].sum(axis=(0, 2, 3))))
        return self._output


# -- inputs -------------------------------------------------------------------


def _hits(p: int, n_out: int, stride: int, dilation: int, k: int) -> list[tuple[int, int]]:
    """``(tap, out)`` pairs with ``out * stride + tap * dilation == p``, taps ascending."""
    found = []
    for tap in range(k):
        q = p - tap * dilation
        if q >= 0 and q % stride == 0 and q // stride < n_out:
            found.append((tap, q // stride))
    return found


class InputGradTrace(_ConvBackward):
    """Step-by-step ∂L/∂x of :func:`conv2d` on one image: one step per input
    cell ``(c, row, col)`` of the unpadded input, channel-major, then row, then column.

    Parameters
    ----------
    x : array (C, H, W), the forward input
    w : array (F, C, KH, KW), the filters
    dy : array (F, OH, OW), the upstream gradient ∂L/∂y
    stride, padding, dilation : int or (h, w)

    Attributes
    ----------
    x, w, dy, padded, geometry : as in :class:`WeightGradTrace`
    out_shape : (C, H, W)
    output, dx : (C, H, W) ∂L/∂x, equal to :func:`conv2d_backward` (computed on first use)
    dw, db : as in :class:`WeightGradTrace`

    Raises
    ------
    ValueError
        As :class:`WeightGradTrace`.
    """

    def __init__(
        self,
        x: Any,
        w: Any,
        dy: Any,
        *,
        stride: IntPair = 1,
        padding: IntPair = 0,
        dilation: IntPair = 1,
    ) -> None:
        super().__init__(x, w, dy, stride, padding, dilation)
        self._shape = tuple(int(n) for n in self.x.shape)

    def position(self, k: int) -> tuple[int, int, int]:
        """``(channel, row, col)`` of step ``k`` (negative counts from the end)."""
        c, r, col = self._position(k)
        return c, r, col

    def index(self, channel: int, row: int, col: int) -> int:
        """The step number of input cell ``(channel, row, col)``; inverse of ``trace[k]``."""
        return self._index((channel, row, col), "input cell")

    def __getitem__(self, k: int) -> InputGradStep:
        k = self._step_number(k)
        c, r, col = self.position(k)
        geo = self.geometry
        (oh, ow), (sh, sw), (dh, dw), (kh, kw) = geo.out, geo.stride, geo.dilation, geo.kernel
        ph, pw = geo.padding
        rows = _hits(r + ph, oh, sh, dh, kh)
        cols = _hits(col + pw, ow, sw, dw, kw)
        terms: list[InputGradTerm] = []
        total = 0.0
        if rows and cols:
            for f in range(self.w.shape[0]):
                for i, out_r in rows:
                    for j, out_c in cols:
                        weight, up = float(self.w[f, c, i, j]), float(self.dy[f, out_r, out_c])
                        terms.append(InputGradTerm(f, i, j, out_r, out_c, weight, up))
                        total += weight * up
        return InputGradStep(index=k, channel=c, row=r, col=col, contributions=tuple(terms), value=total)

    @property
    def dx(self) -> np.ndarray:
        """∂L/∂x, shape (C, H, W) (computed on first use)."""
        dx = self._backward(True)[0]
        assert dx is not None
        return dx

    @property
    def output(self) -> np.ndarray:
        """``dx``, shape (C, H, W)."""
        return self.dx

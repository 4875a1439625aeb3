"""A convolution over a tiny plane as one dense matrix: the numpy fast path there.

On a 4×4 plane a 7×7 "same" kernel reaches every input pixel from every
output pixel, and most of its 49 taps read padding: im2col multiplies all
of them. Written out, the convolution is a matrix ``T`` of shape
``(F·OH·OW, C·H·W)`` — a fully-connected layer whose weights repeat along
diagonals — and one product per batch does the forward pass
(``y = x · Tᵀ``), another the input gradient (``dx = dy · T``), both already
in NCHW order. The weight gradient is ``dT = dyᵀ · x`` summed along each
tap's diagonal where the plane is smaller than the kernel, and the product
of batch-last columns (:mod:`._minor`) where it is not. ``T`` is built by
one strided assignment per kernel tap into a reused buffer whose other
entries stay zero. This costs ``H·W / (KH·KW)`` of im2col's products, so
it serves planes smaller than the kernel's reach (:func:`dense_wins`).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from ._minor import minor_weight_grad
from .shapes import ConvGeometry

#: largest ``T`` (entries) worth building
MAX_ENTRIES = 1 << 21

_local = threading.local()


def dense_wins(geo: ConvGeometry, channels: int, filters: int, waste: float = 1.0) -> bool:
    """Whether the dense matrix costs fewer multiplications than im2col (whose
    columns carry ``waste`` times the outputs) by a margin, and fits."""
    (h, w), (kh, kw) = geo.in_size, geo.kernel
    oh, ow = geo.out
    entries = filters * oh * ow * channels * h * w
    return geo.stride == (1, 1) and entries <= MAX_ENTRIES and 5 * h * w < 4 * kh * kw * waste


class _Plan:
    """``T``, the diagonal view of each tap inside it, and the weights it holds."""

    def __init__(self, c: int, f: int, geo: ConvGeometry, dtype: Any) -> None:
        (h, w), (kh, kw), (ph, pw), (dh, dw) = geo.in_size, geo.kernel, geo.padding, geo.dilation
        oh, ow = geo.out
        self.t = np.zeros((f * oh * ow, c * h * w), dtype=dtype)
        self.dt = np.empty_like(self.t)
        self.held: np.ndarray | None = None  # the weights T was last built from
        # element steps of T seen as (F, OH, OW, C, H, W)
        sv, su, sc = 1, w, h * w
        sq, sr = c * h * w, ow * c * h * w
        sf = oh * sr
        self.taps: list[tuple[int, int, int, tuple, tuple]] = []
        for i in range(kh):
            r0, r1 = max(0, ph - i * dh), min(oh, h + ph - i * dh)
            for j in range(kw):
                q0, q1 = max(0, pw - j * dw), min(ow, w + pw - j * dw)
                if r1 <= r0 or q1 <= q0:
                    continue  # this tap only ever reads padding
                u0, v0 = r0 + i * dh - ph, q0 + j * dw - pw
                at = r0 * sr + q0 * sq + u0 * su + v0 * sv
                self.taps.append((i, j, at, (f, c, r1 - r0, q1 - q0), (sf, sc, sr + su, sq + sv)))

    def diagonal(self, m: np.ndarray, at: int, shape: tuple, steps: tuple) -> np.ndarray:
        e = m.itemsize
        return np.ndarray(shape, m.dtype, m, at * e, tuple(s * e for s in steps))

    def build(self, w: np.ndarray) -> np.ndarray:
        """``T`` for the weights ``w`` (rebuilt only when they changed)."""
        if self.held is None or not np.array_equal(self.held, w):
            for i, j, at, shape, steps in self.taps:
                self.diagonal(self.t, at, shape, steps)[...] = w[:, :, i, j, None, None]
            self.held = w.copy()
        return self.t


def _plan(c: int, f: int, geo: ConvGeometry, dtype: Any) -> _Plan:
    cache: dict = getattr(_local, "cache", None) or {}
    _local.cache = cache
    key = (c, f, geo, np.dtype(dtype).str)
    plan = cache.get(key)
    if plan is None:
        if len(cache) >= 6:
            cache.pop(next(iter(cache)))
        plan = cache[key] = _Plan(c, f, geo, dtype)
    return plan


def dense_correlate(x: np.ndarray, w: np.ndarray, b: Any, geo: ConvGeometry) -> np.ndarray:
    """Stride-1 cross-correlation plus bias, ``(N, F, OH, OW)``, as ``x · Tᵀ``."""
    n, f = x.shape[0], w.shape[0]
    t = _plan(x.shape[1], f, geo, x.dtype).build(w)
    y = np.matmul(x.reshape(n, -1), t.T).reshape(n, f, -1)
    if b is not None:
        y += b.reshape(f, 1)
    return y.reshape(n, f, *geo.out)


def dense_grads(
    dy: np.ndarray, x: np.ndarray, w: np.ndarray, geo: ConvGeometry, need_dx: bool
) -> tuple[np.ndarray | None, np.ndarray]:
    """``(dx, dw)`` of :func:`dense_correlate` (``dx`` None unless ``need_dx``)."""
    n, f = dy.shape[:2]
    plan = _plan(x.shape[1], f, geo, x.dtype)
    g = np.ascontiguousarray(dy).reshape(n, -1)
    dx = np.matmul(g, plan.build(w)).reshape(x.shape) if need_dx else None
    (h, wd), (kh, kw) = geo.in_size, geo.kernel
    if 4 * h * wd >= 3 * kh * kw:
        # dT costs H·W / (KH·KW) of batch-last columns' product, and its
        # diagonal sums come on top (measured: 15–25 % slower from 7×7 up)
        return dx, minor_weight_grad(dy, x, geo).reshape(w.shape)
    np.matmul(g.T, x.reshape(n, -1), out=plan.dt)
    dw = np.zeros(w.shape, dtype=dy.dtype)
    for i, j, at, shape, steps in plan.taps:
        dw[:, :, i, j] = plan.diagonal(plan.dt, at, shape, steps).sum(axis=(2, 3))
    return dx, dw

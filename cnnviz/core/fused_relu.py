"""conv → ReLU and conv → ReLU → average pool in one pass, for training.

The companions of :mod:`cnnviz.core.fused` for the trainer's other blocks. The
ReLU is applied to each slab of the product while it is in cache; before an
average pool the columns come pooling tap by pooling tap, so the four
rectified taps of a window are summed from contiguous blocks and only the
pooled map and a one-byte mask of the positive outputs leave the cache.
Results equal ``relu(conv2d(...))`` and ``avg_pool2d(relu(conv2d(...)), pool)``
and their gradients; a strided convolution (or CuPy) takes the separate ops.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._im2col import _configure_cpu
from ._minor import minor_correlate, minor_weight_grad
from ._shifted import KEEP_BYTES, for_each_shifted_slab, keepable, relu, valid, wide_geometry
from ._stride1 import shifted_correlate, shifted_weight_grad
from .conv import _input_grad, _prepare, conv2d, conv2d_grads, engine
from .fused import scatter_taps, shifted, slabs_of, to_wide
from .pool import avg_pool2d


def conv_relu(
    x: Any, w: Any, b: Any, *, stride: int = 1, padding: int = 0, keep: list | None = None
) -> Any:
    """``relu(conv2d(x, w, b))``: x (N, C, H, W) → y (N, F, OH, OW); ``keep`` as
    in :func:`~cnnviz.core.fused.conv_relu_maxpool`."""
    xp, x, w, b, geo = _prepare(x, w, b, stride, padding, 1)
    kind = engine(xp, geo, x.shape[1], w.shape[0], x.shape[0])
    if kind == "minor":
        small = x.shape[0] * w[0].size * geo.out[0] * geo.out[1] * x.itemsize <= KEEP_BYTES
        return minor_correlate(x, w, b, geo, rectify=True, keep=keep if small else None)
    if kind == "shifted":
        return shifted_correlate(x, w, b, geo, rectify=True, keep=keep)
    z = conv2d(x, w, b, stride=stride, padding=padding)
    return relu(z, out=z) if isinstance(z, np.ndarray) else xp.maximum(z, 0)


def conv_relu_backward(
    dy: Any, y: Any, x: Any, w: Any, *, stride: int = 1, padding: int = 0, need_dx: bool = True,
    kept: list | None = None,
) -> tuple[Any, Any, Any]:
    """Gradients of :func:`conv_relu` from its output ``y``: dx (or None), dw, db
    (``x`` and ``w`` as the forward pass had them, not checked again)."""
    xp, x, w, _, geo = _prepare(x, w, None, stride, padding, 1, finite=False)
    dz = dy * (y > 0)
    kind = engine(xp, geo, x.shape[1], w.shape[0], x.shape[0])
    if kind not in ("shifted", "minor"):
        return conv2d_grads(dz, x, w, stride=stride, padding=padding, need_dx=need_dx)
    grad = minor_weight_grad if kind == "minor" else shifted_weight_grad
    dw = grad(dz, x, geo, kept).reshape(w.shape)
    dx = _input_grad(np, dz, w, x.shape, geo) if need_dx else None
    return dx, dw, dz.sum(axis=(0, 2, 3))


def conv_relu_avgpool(
    x: Any, w: Any, b: Any, *, stride: int = 1, padding: int = 0, pool: int = 2,
    keep: list | None = None,
) -> tuple[Any, Any]:
    """``avg_pool2d(relu(conv2d(x, w, b)), pool)`` and where the convolution was positive.

    x (N, C, H, W) → y (N, F, PH, PW) and ``active``, an opaque mask for
    :func:`conv_relu_avgpool_backward` (with ``keep`` as in
    :func:`~cnnviz.core.fused.conv_relu_maxpool`).
    """
    xp, x, w, b, geo = _prepare(x, w, b, stride, padding, 1)
    if not shifted(x, w, geo):
        z = conv2d(x, w, b, stride=stride, padding=padding)
        return avg_pool2d(relu(z) if isinstance(z, np.ndarray) else xp.maximum(z, 0), pool), z > 0
    _configure_cpu()
    n, f = x.shape[0], w.shape[0]
    wide = wide_geometry(geo, pool, x.shape[1], w.shape[0])
    keep = keepable(keep, x, w, wide, pool)
    taps = pool * pool
    wmat = np.concatenate([w.reshape(f, -1), b.reshape(f, 1)], axis=1)  # against a row of ones
    y = np.empty((n, f, wide.rows, wide.cols), dtype=x.dtype)
    active = np.empty((f, taps, n, wide.length), dtype=bool)

    def slab(cols: np.ndarray, n0: int, n1: int, r0: int, r1: int, _s: Any) -> None:
        k, _, m, span = cols.shape
        z = np.matmul(wmat, cols.reshape(k, -1)).reshape(f, taps, m * span)
        t0, t1 = wide.span(r0, r1)
        np.greater(z.reshape(f, taps, m, span), 0, out=active[:, :, n0:n1, t0:t1])
        relu(z, out=z)
        total = z.sum(axis=1)
        total *= 1.0 / taps
        y[n0:n1, :, r0:r1] = valid(total.reshape(f, m, span), wide, r1 - r0).transpose(1, 0, 2, 3)
        if keep is not None:
            keep.append((n0, n1, r0, r1, cols.copy()))

    for_each_shifted_slab(x, geo, slab, pool=pool, wide=wide, ones=True, filters=f)
    return y, active


def conv_relu_avgpool_backward(
    dy: Any, active: Any, x: Any, w: Any, *, stride: int = 1, padding: int = 0, pool: int = 2,
    need_dx: bool = True, kept: list | None = None,
) -> tuple[Any, Any, Any]:
    """Gradients of :func:`conv_relu_avgpool`: dx (N, C, H, W) or None, dw, db
    (``x`` and ``w`` as the forward pass had them, not checked again)."""
    xp, x, w, _, geo = _prepare(x, w, None, stride, padding, 1, finite=False)
    if not shifted(x, w, geo):
        dz = xp.zeros(active.shape, dtype=x.dtype)
        ph, pw = dy.shape[2:]
        share = dy * (1.0 / (pool * pool))
        for i in range(pool):
            for j in range(pool):  # the windows tile the map: each cell gets one share
                dz[:, :, i : pool * ph : pool, j : pool * pw : pool] = share
        dz *= active
        return conv2d_grads(dz, x, w, stride=stride, padding=padding, need_dx=need_dx)
    _configure_cpu()
    n, f = x.shape[0], w.shape[0]
    wide = wide_geometry(geo, pool, x.shape[1], w.shape[0])
    taps = pool * pool
    g_w = to_wide(dy * np.asarray(1.0 / taps, dtype=x.dtype), wide)
    dz_full = np.zeros((n, f, *geo.out), dtype=x.dtype) if need_dx else None
    dwb = np.zeros((f, w[0].size + 1), dtype=x.dtype)  # the columns' row of ones gives db

    def slab(cols: np.ndarray, n0: int, n1: int, r0: int, r1: int) -> None:
        k, _, m, span = cols.shape
        t0, t1 = wide.span(r0, r1)
        dz = np.multiply(g_w[:, None, n0:n1, t0:t1], active[:, :, n0:n1, t0:t1])
        dwb[...] += (cols.reshape(k, -1) @ dz.reshape(f, -1).T).T
        if dz_full is not None:
            scatter_taps(dz, dz_full, wide, pool, n0, n1, r0, r1)

    slabs_of(x, geo, pool, wide, kept, slab, f, ones=True)
    dx = _input_grad(np, dz_full, w, x.shape, geo) if need_dx else None
    return dx, dwb[:, :-1].reshape(w.shape), dwb[:, -1].copy()

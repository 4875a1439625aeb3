"""Stride-1 im2col with the batch as the fastest axis: the numpy path for small planes.

On an 8×8 plane a wide run (:mod:`cnnviz.core._shifted`) is a few dozen
numbers and half of its columns may be dropped ones. Lay the padded input out
as ``(C, Hp, Wp, N)`` instead: for a kernel tap and an output row, the
windows of a whole row of outputs, for every image, are then one contiguous
run of ``OW·N`` numbers, and no column is computed in vain. The price is two
transpositions, of the input and of the output, each only as large as one
activation, against columns ``C·KH·KW`` times larger. The input gradient
folds column gradients back (col2im) in the same layout: each kernel tap adds
runs of ``OW·N`` numbers onto the batch-last padded gradient.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _im2col
from ._shifted import _buffer, relu, view
from .shapes import ConvGeometry

#: this layout serves where wide runs would drop more than this share of
#: columns (``Wp / OW``): measured on trainer geometries, it is 5–40 % faster
#: above 1.15 (say 16×16 under 7×7, 8×8 under 3×3) and 5–30 % slower below
#: (3×3 kernels on 16×16 planes and up)
MIN_WASTE = 1.15
#: and batches of at least this many images (a run is ``OW·N`` long)
MIN_IMAGES = 8


def minor_wins(geo: ConvGeometry, n: int, waste: float) -> bool:
    """Whether this layout serves a stride-1 convolution of ``n`` images
    whose wide runs would carry ``waste`` times the columns."""
    return geo.stride == (1, 1) and n >= MIN_IMAGES and waste > MIN_WASTE


def _batch_last(x: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """``x`` zero-padded as ``(C, Hp, Wp, N)`` in a reused buffer (its padding is never written)."""
    n, c, h, w = x.shape
    (ph, pw), (hp, wp) = geo.padding, geo.padded
    buf = _buffer(("batch-last", x.dtype.str, n, c, h, w, ph, pw), (c, hp, wp, n), x.dtype, True)
    buf[:, ph : ph + h, pw : pw + w] = x.transpose(1, 2, 3, 0)
    return buf


def _slabs(x: np.ndarray, geo: ConvGeometry, rows_k: int, filters: int, fn: Any) -> None:
    """Call ``fn(cols, r0, r1)`` with ``cols`` ``(rows_k, (r1-r0)·OW·N)`` for bands of output rows;
    rows past ``C·KH·KW`` are ones."""
    n, c = x.shape[:2]
    (kh, kw), (dh, dw) = geo.kernel, geo.dilation
    hp, wp = geo.padded
    oh, ow = geo.out
    k = c * kh * kw
    xb = _batch_last(x, geo)
    band = max(1, _im2col.SLAB_BYTES // (max(rows_k, filters) * ow * n * x.dtype.itemsize))
    width = min(band, oh) * ow * n
    buf = _buffer(("minor-cols", x.dtype.str, rows_k * width), (rows_k, width), x.dtype)
    for r0 in range(0, oh, band):
        r1 = min(oh, r0 + band)
        size = (r1 - r0) * ow * n
        cols = buf.reshape(-1)[: rows_k * size].reshape(rows_k, size)
        steps = (hp * wp * n, dh * wp * n, dw * n, wp * n, 1)
        src = view(xb, r0 * wp * n, (c, kh, kw, r1 - r0, ow * n), steps)
        np.copyto(cols[:k].reshape(src.shape), src)
        if rows_k > k:
            cols[k:] = 1
        fn(cols, r0, r1)


def minor_correlate(
    x: np.ndarray, w: np.ndarray, b: Any, geo: ConvGeometry, rectify: bool = False, keep: list | None = None
) -> np.ndarray:
    """Stride-1 cross-correlation plus bias (then ReLU), ``(N, F, OH, OW)``; the
    columns go to ``keep`` for :func:`minor_weight_grad` when it is a list."""
    n, f = x.shape[0], w.shape[0]
    wm = w.reshape(f, -1)
    if b is not None:
        wm = np.concatenate([wm, b.reshape(f, 1)], axis=1)  # against the columns' row of ones
    wm = np.ascontiguousarray(wm)
    z = np.empty((f, *geo.out, n), dtype=x.dtype)

    def band(cols: np.ndarray, r0: int, r1: int) -> None:
        out = z[:, r0:r1].reshape(f, -1)
        np.matmul(wm, cols, out=out)
        if rectify:
            relu(out, out=out)
        if keep is not None:
            keep.append((r0, r1, cols.copy()))

    _slabs(x, geo, wm.shape[1], f, band)
    return np.ascontiguousarray(z.transpose(3, 0, 1, 2))


def minor_weight_grad(
    dy: np.ndarray, x: np.ndarray, geo: ConvGeometry, kept: list | None = None
) -> np.ndarray:
    """``dw`` as ``(F, C·KH·KW)`` from the columns ``kept`` by
    :func:`minor_correlate` (or unfolded again)."""
    n, f = dy.shape[:2]
    k = x.shape[1] * geo.kernel[0] * geo.kernel[1]
    g = np.ascontiguousarray(dy.transpose(1, 2, 3, 0))  # (F, OH, OW, N), as the columns run
    dwt = np.zeros((k, f), dtype=dy.dtype)

    def band(cols: np.ndarray, r0: int, r1: int) -> None:
        dwt[...] += cols[:k] @ g[:, r0:r1].reshape(f, -1).T  # faster than g · colsᵀ (measured)

    if kept:
        for r0, r1, cols in kept:
            band(cols, r0, r1)
    else:
        _slabs(x, geo, k, f, band)
    return np.ascontiguousarray(dwt.T)


def minor_input_grad(dy: np.ndarray, w: np.ndarray, x_shape: tuple, geo: ConvGeometry) -> np.ndarray:
    """``dx`` (N, C, H, W) of a stride-1 correlation by col2im in batch-last order.

    The column gradients ``wᵀ · dy`` of a band of output rows, one kernel row
    at a time (``KW·C`` rows, so they stay in cache), are added back onto the
    padded gradient ``(C, Hp, Wp, N)``: for a tap ``(i, j)`` and a channel, each
    output row's share is one run of ``OW·N`` numbers. Unlike the wide col2im
    no dropped columns are multiplied or added, which wins on the small planes
    this layout serves (measured: 1.7–1.9× on 16×16 to 22×22 planes under 7×7)."""
    n, f, oh, ow = dy.shape
    c, h, wd = x_shape[1:]
    (kh, kw), (dh, dw), (ph, pw) = geo.kernel, geo.dilation, geo.padding
    hp, wp = geo.padded
    g = np.ascontiguousarray(dy.transpose(1, 2, 3, 0)).reshape(f, -1)  # (F, OH·OW·N)
    wt = np.ascontiguousarray(w.transpose(2, 3, 1, 0).reshape(kh, kw * c, f))  # rows (j, c) per kernel row
    dxb = np.zeros((c, hp, wp, n), dtype=dy.dtype)
    run = ow * n
    band = max(1, _im2col.SLAB_BYTES // (max(kw * c, f) * run * dy.itemsize))
    steps = (hp * wp * n, wp * n, 1)
    for r0 in range(0, oh, band):
        r1 = min(oh, r0 + band)
        gb = g[:, r0 * run : r1 * run]
        for i in range(kh):
            dcols = (wt[i] @ gb).reshape(kw, c, r1 - r0, run)
            for j in range(kw):
                at = ((r0 + i * dh) * wp + j * dw) * n
                view(dxb, at, (c, r1 - r0, run), steps)[...] += dcols[j]
    return np.ascontiguousarray(dxb[:, ph : ph + h, pw : pw + wd].transpose(3, 0, 1, 2))

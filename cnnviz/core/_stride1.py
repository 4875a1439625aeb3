"""Stride-1 convolution on the shifted columns of :mod:`cnnviz.core._shifted`:
the forward pass, and the weight and input gradients, for numpy.

The forward product writes compact columns straight into the output where
their rows are long; otherwise it compacts each slab's wide product while it
is in cache. A bias rides in the product as a column against a row of ones.
A 1×1 convolution is a plain matrix product per image, with nothing to unfold.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._shifted import Wide, for_each_shifted_slab, keepable, plan, relu, valid, view, wide_geometry, zero_gaps
from .shapes import ConvGeometry


def pointwise(geo: ConvGeometry) -> bool:
    """Whether the convolution is a plain 1×1 (unpadded, stride 1): a matrix product."""
    return geo.kernel == (1, 1) and geo.padding == (0, 0) and geo.stride == (1, 1)


def shifted_correlate(
    x: np.ndarray, w: np.ndarray, b: Any, geo: ConvGeometry, rectify: bool = False, keep: list | None = None
) -> np.ndarray:
    """Stride-1 cross-correlation plus bias (then ReLU when ``rectify``): ``(N, F, OH, OW)``.
    Columns go to ``keep`` (for :func:`shifted_weight_grad`) when small enough."""
    n, f = x.shape[0], w.shape[0]
    wide = wide_geometry(geo, 1, x.shape[1], f)
    keep = keepable(keep, x, w, wide, 1)
    wmat = np.ascontiguousarray(w.reshape(f, -1))
    if pointwise(geo):  # 1×1: one matrix product per image, nothing to unfold
        flat = np.matmul(wmat, x.reshape(n, x.shape[1], -1))
        if b is not None:
            flat += b.reshape(f, 1)
        return (relu(flat, out=flat) if rectify else flat).reshape(n, f, *geo.out)
    if b is not None:  # a column of biases against the columns' row of ones
        wmat = np.concatenate([wmat, b.reshape(f, 1)], axis=1)
    y = np.empty((n, f, *geo.out), dtype=x.dtype)
    flat = y.reshape(n, f, -1)

    def slab(cols: np.ndarray, n0: int, n1: int, r0: int, r1: int, _state: Any) -> None:
        k, _, m, span = cols.shape
        if keep is not None:
            keep.append((n0, n1, r0, r1, cols.copy()))
        if wide.gather and span >= 256:  # compact and long enough: straight into y, image by image
            out = flat[n0:n1, :, r0 * wide.cols : r1 * wide.cols]
            np.matmul(wmat, cols.reshape(k, m, span).transpose(1, 0, 2), out=out)
            if rectify:
                relu(out, out=out)
            return
        z = np.matmul(wmat, cols.reshape(k, m * span)).reshape(f, m, span)
        if rectify:
            relu(z, out=z)
        np.copyto(y[n0:n1, :, r0:r1], valid(z, wide, r1 - r0).transpose(1, 0, 2, 3))

    for_each_shifted_slab(x, geo, slab, wide=wide, ones=b is not None, filters=f)
    return y


def shifted_weight_grad(
    dy: np.ndarray, x: np.ndarray, geo: ConvGeometry, kept: list | None = None
) -> np.ndarray:
    """``dw`` of a stride-1 correlation as ``(F, C·KH·KW)``: the upstream gradient
    laid out in wide order (zero in the dropped columns) times the columns
    (``kept`` by the forward pass, or unfolded again)."""
    n, f = dy.shape[:2]
    if pointwise(geo):
        xs = x.reshape(n, x.shape[1], -1)
        return np.matmul(dy.reshape(n, f, -1), xs.transpose(0, 2, 1)).sum(axis=0)
    wide = wide_geometry(geo, 1, x.shape[1], f)
    if wide.gather:  # compact: the images' gradients as they are
        dyw = np.ascontiguousarray(dy).reshape(n, f, -1).transpose(1, 0, 2)
    else:
        dyw = np.empty((f, n, wide.length), dtype=dy.dtype)
        zero_gaps(dyw, wide, wide.rows)
        np.copyto(valid(dyw, wide, wide.rows), dy.transpose(1, 0, 2, 3))

    k = x.shape[1] * geo.kernel[0] * geo.kernel[1]

    def slab(cols: np.ndarray, n0: int, n1: int, r0: int, r1: int, acc: list) -> None:
        t0, t1 = wide.span(r0, r1)
        g = dyw[:, n0:n1, t0:t1].reshape(f, -1)  # a copy only for several compact images
        # (K, F) = cols · gᵀ: 10–20 % faster than g · colsᵀ (measured); kept
        # columns may end in a row of ones
        part = cols.reshape(cols.shape[0], -1)[:k] @ g.T
        if acc:
            acc[0] += part
        else:
            acc.append(part)

    if kept:
        acc: list = []
        for n0, n1, r0, r1, cols in kept:
            slab(cols, n0, n1, r0, r1, acc)
    else:
        acc = for_each_shifted_slab(x, geo, slab, [], wide=wide, filters=f)
    return np.ascontiguousarray(acc[0].T)


def shifted_input_grad(dy: np.ndarray, w: np.ndarray, x_shape: tuple, geo: ConvGeometry) -> np.ndarray:
    """``dx`` of a stride-1 correlation by col2im: the column gradients
    ``wᵀ · dy`` (dy in wide order, zero in the dropped columns) added back
    onto the padded input, one kernel tap at a time. In wide order each tap's
    share is a run of the padded plane, so the adds run at memory speed; and
    the product is as large as the forward one, where a full correlation of
    the padded ``dy`` would also multiply the zeros around a small output."""
    n, f = dy.shape[:2]
    c, h, wd = x_shape[1:]
    (kh, kw), (dh, dw), (ph, pw) = geo.kernel, geo.dilation, geo.padding
    hp, wp = geo.padded
    wide = Wide(geo.out[0], geo.out[1], wp)
    dyw = np.empty((f, n, wide.length), dtype=dy.dtype)
    zero_gaps(dyw, wide, wide.rows)
    np.copyto(valid(dyw, wide, wide.rows), dy.transpose(1, 0, 2, 3))
    wt = np.ascontiguousarray(w.transpose(2, 3, 1, 0).reshape(-1, f))  # rows (i, j, c): a tap's block whole
    dxpad = np.zeros((n, c, hp, wp), dtype=dy.dtype)
    plane = hp * wp
    per = max(wt.shape[0], f) * dy.itemsize
    for n0, n1, r0, r1 in plan(n, per * wide.length, per * wp, wide.rows):
        t0, t1 = wide.span(r0, r1)
        m, span = n1 - n0, t1 - t0
        dcols = (wt @ dyw[:, n0:n1, t0:t1].reshape(f, -1)).reshape(kh, kw, c, m, span)
        for i in range(kh):
            for j in range(kw):
                at = n0 * c * plane + t0 + i * dh * wp + j * dw
                view(dxpad, at, (c, m, span), (plane, c * plane, 1))[...] += dcols[i, j]
    return np.ascontiguousarray(dxpad[:, :, ph : ph + h, pw : pw + wd])

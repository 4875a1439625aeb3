"""conv → ReLU → max-pool in one pass, for training.

At training sizes (say 64 images of 28×28 with 16 filters) the convolution
output is a few MB: more than a core's cache, so every separate elementwise
pass over it (bias, ReLU, four pooling taps, their backward passes) is a trip
to main memory, and numpy's elementwise loops over small strided planes are
slow besides. Here each slab of images is unfolded with its columns ordered
pooling tap by pooling tap (:mod:`cnnviz.core._shifted`), so after one matrix
product each tap is a contiguous block; the slab is pooled and rectified while
still in cache, and only the pooled output and the position of each window's
maximum leave it. ``max(relu(a)) == relu(max(a))``, so pooling first and
rectifying the (four times smaller) result is exact, and the gradient routes
to the same element. :mod:`cnnviz.core.fused_relu` does the same for conv →
ReLU (→ average pool).

Results equal ``max_pool2d(relu(conv2d(...)), pool)`` and its gradients
(floor mode: rows and columns the pooling drops are not computed); the tests
check that against the separate ops. Where another engine serves the
convolution better (:func:`shifted`: a tiny plane, batch-last columns under
a large kernel, a stride, CuPy), the separate ops run on it, with the same
results.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._im2col import _configure_cpu
from ._shifted import Wide, for_each_shifted_slab, keepable, relu, valid, wide_geometry, zero_gaps
from .backend import get_xp, is_numpy
from .conv import _input_grad, _prepare, conv2d, conv2d_grads, engine
from .pool import max_pool2d_backward_index, max_pool2d_with_index
from .shapes import ConvGeometry


def fusable(xp_array: Any, conv_geo: ConvGeometry, pool_kernel: int, pool_stride: int | None) -> bool:
    """Whether the fused pass applies: non-overlapping pooling windows that fit."""
    return pool_stride in (None, pool_kernel) and min(conv_geo.out) >= pool_kernel and pool_kernel**2 < 128


def shifted(x: Any, w: Any, geo: ConvGeometry) -> bool:
    """Whether the one-pass engine serves this convolution and its pooling; else
    the separate ops do, on the engine :func:`~cnnviz.core.conv.engine` picks.
    Where batch-last columns serve a kernel of 5×5 and up, they beat the
    one pass's wide runs even with pooling as a separate pass (measured:
    15–25 % on 11×11 to 16×16 planes); with 3×3 kernels they do not."""
    kind = engine(get_xp(x), geo, x.shape[1], w.shape[0], x.shape[0])
    return kind == "shifted" or (kind == "minor" and geo.kernel[0] * geo.kernel[1] < 25)


def conv_relu_maxpool(
    x: Any, w: Any, b: Any, *, stride: int = 1, padding: int = 0, pool: int = 2,
    keep: list | None = None,
) -> tuple[Any, Any]:
    """``max_pool2d(relu(conv2d(x, w, b)), pool)`` and the argmax index.

    x (N, C, H, W), w (F, C, KH, KW), b (F,) → y (N, F, PH, PW) and idx
    (N, F, PH, PW) int8, the in-window position ``i*pool + j`` of the first
    maximum of the convolution output. Pass a list as ``keep`` to collect the
    unfolded input for :func:`conv_relu_maxpool_backward`: copying it costs
    less than unfolding it again.
    """
    xp, x, w, b, geo = _prepare(x, w, b, stride, padding, 1)
    if not shifted(x, w, geo):
        z = conv2d(x, w, b, stride=stride, padding=padding)
        y, idx = max_pool2d_with_index(z, pool)
        return (relu(y, out=y) if is_numpy(xp) else xp.maximum(y, 0)), idx
    _configure_cpu()
    n, f = x.shape[0], w.shape[0]
    wide = wide_geometry(geo, pool, x.shape[1], w.shape[0])
    keep = keepable(keep, x, w, wide, pool)
    taps = pool * pool
    wmat = np.ascontiguousarray(w.reshape(f, -1))
    bias = b.reshape(f, 1)
    y = np.empty((n, f, wide.rows, wide.cols), dtype=x.dtype)
    idx = np.empty(y.shape, dtype=np.int8)

    def slab(cols: np.ndarray, n0: int, n1: int, r0: int, r1: int, _s: Any) -> None:
        k, _, m, span = cols.shape
        z = np.matmul(wmat, cols.reshape(k, -1)).reshape(f, taps, m * span)
        best = z[:, 0].copy()
        where = np.zeros(best.shape, dtype=np.int8)
        for t in range(1, taps):
            tap = z[:, t]
            better = (tap > best).view(np.int8)  # ties keep the first maximum
            np.maximum(best, tap, out=best)
            # the last tap to improve wins, and taps come in increasing order;
            # arithmetic here is several times faster than a masked store
            np.maximum(where, better * np.int8(t), out=where)
        best += bias
        relu(best, out=best)
        rows = r1 - r0
        y[n0:n1, :, r0:r1] = valid(best.reshape(f, m, span), wide, rows).transpose(1, 0, 2, 3)
        idx[n0:n1, :, r0:r1] = valid(where.reshape(f, m, span), wide, rows).transpose(1, 0, 2, 3)
        if keep is not None:
            keep.append((n0, n1, r0, r1, cols.copy()))

    for_each_shifted_slab(x, geo, slab, pool=pool, wide=wide, filters=f)
    return y, idx


def to_wide(a: np.ndarray, wide: Wide) -> np.ndarray:
    """``a`` (N, F, rows, cols) laid out ``(F, N, length)`` in wide order, gaps zero."""
    n, f = a.shape[:2]
    out = np.empty((f, n, wide.length), dtype=a.dtype)
    zero_gaps(out, wide, wide.rows)
    np.copyto(valid(out, wide, wide.rows), a.transpose(1, 0, 2, 3))
    return out


def scatter_taps(
    dz: np.ndarray, dz_full: np.ndarray, wide: Wide, pool: int, n0: int, n1: int, r0: int, r1: int
) -> None:
    """Write a slab's per-tap gradients ``dz`` (F, p·p, m, span) into the
    convolution's output gradient ``dz_full`` (N, F, OH, OW)."""
    taps = valid(dz, wide, r1 - r0)
    for t in range(pool * pool):
        i, j = divmod(t, pool)
        rows = slice(i + pool * r0, pool * r1, pool)
        dz_full[n0:n1, :, rows, j : pool * wide.cols : pool] = taps[:, t].transpose(1, 0, 2, 3)


def slabs_of(
    x: np.ndarray, geo: ConvGeometry, pool: int, wide: Wide, kept: list | None, fn: Any, filters: int = 0,
    ones: bool = False,
) -> None:
    """Call ``fn(cols, n0, n1, r0, r1)`` with the columns kept by a forward
    pass, or unfolded again when none were kept."""
    if kept:
        for n0, n1, r0, r1, cols in kept:
            fn(cols, n0, n1, r0, r1)
    else:
        def each(cols: np.ndarray, n0: int, n1: int, r0: int, r1: int, _s: Any) -> None:
            fn(cols, n0, n1, r0, r1)

        for_each_shifted_slab(x, geo, each, pool=pool, wide=wide, filters=filters, ones=ones)


def conv_relu_maxpool_backward(
    dy: Any, y: Any, idx: Any, x: Any, w: Any, *, stride: int = 1, padding: int = 0,
    pool: int = 2, need_dx: bool = True, kept: list | None = None,
) -> tuple[Any, Any, Any]:
    """Gradients of :func:`conv_relu_maxpool` from its outputs ``y`` and ``idx``.

    dy (N, F, PH, PW) → dx (N, C, H, W) or None, dw (F, C, KH, KW), db (F,).
    ``kept`` is what the forward pass collected in ``keep``, if anything.
    ``x`` and ``w`` are the forward pass's, which checked them for NaN already.
    """
    xp, x, w, _, geo = _prepare(x, w, None, stride, padding, 1, finite=False)
    g = dy * (y > 0)  # ReLU's gradient, taken on the pooled side
    if not shifted(x, w, geo):
        dz = max_pool2d_backward_index(g, idx, (x.shape[0], w.shape[0], *geo.out), pool)
        return conv2d_grads(dz, x, w, stride=stride, padding=padding, need_dx=need_dx)
    _configure_cpu()
    n, f = x.shape[0], w.shape[0]
    wide = wide_geometry(geo, pool, x.shape[1], w.shape[0])
    taps = pool * pool
    db = g.sum(axis=(0, 2, 3))
    g_w, idx_w = to_wide(g, wide), to_wide(idx, wide)
    dz_full = np.zeros((n, f, *geo.out), dtype=x.dtype) if need_dx else None
    dw = np.zeros((f, w[0].size), dtype=x.dtype)

    def slab(cols: np.ndarray, n0: int, n1: int, r0: int, r1: int) -> None:
        k, _, m, span = cols.shape
        t0, t1 = wide.span(r0, r1)
        gs, ids = g_w[:, n0:n1, t0:t1], idx_w[:, n0:n1, t0:t1]
        dz = np.empty((f, taps, m, span), dtype=x.dtype)
        for t in range(taps):
            np.multiply(gs, (ids == t).view(np.int8), out=dz[:, t])
        dw[...] += (cols.reshape(k, -1) @ dz.reshape(f, -1).T).T  # faster than dz @ cols.T
        if dz_full is not None:
            scatter_taps(dz, dz_full, wide, pool, n0, n1, r0, r1)

    slabs_of(x, geo, pool, wide, kept, slab, f)
    dx = _input_grad(np, dz_full, w, x.shape, geo) if need_dx else None
    return dx, dw.reshape(w.shape), db

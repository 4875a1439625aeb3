"""conv → ReLU → max-pool in one pass, for training.

At training sizes (say 64 images of 28×28 with 16 filters) the convolution
output is a few MB: more than a core's cache, so every separate elementwise
pass over it (bias, ReLU, four pooling taps, their backward passes) is a trip
to main memory, and numpy's elementwise loops over small strided planes are
slow besides. Here each slab of images is unfolded with its columns ordered
pooling tap by pooling tap, so after one matrix product each tap is a
contiguous block; the slab is pooled and rectified while still in cache, and
only the pooled output and the position of each window's maximum leave it.
``max(relu(a)) == relu(max(a))``, so pooling first and rectifying the (four
times smaller) result is exact, and the gradient routes to the same element.

Results equal ``max_pool2d(relu(conv2d(...)), pool)`` and its gradients
(floor mode: rows and columns the pooling drops are not computed); the tests
check that against the separate ops.
"""

from __future__ import annotations

from typing import Any

from ._im2col import for_each_slab
from .backend import get_xp, is_numpy
from .conv import _input_grad, _prepare
from .shapes import ConvGeometry


def fusable(xp_array: Any, conv_geo: ConvGeometry, pool_kernel: int, pool_stride: int | None) -> bool:
    """Whether the fused path applies: numpy, non-overlapping pooling windows."""
    return (
        is_numpy(get_xp(xp_array))
        and pool_stride in (None, pool_kernel)
        and min(conv_geo.out) >= pool_kernel
        and pool_kernel * pool_kernel < 128
    )


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
    n, f = x.shape[0], w.shape[0]
    ph, pw = geo.out[0] // pool, geo.out[1] // pool
    taps = pool * pool
    wmat = xp.ascontiguousarray(w.reshape(f, -1))
    bias = b.reshape(f, 1)
    y = xp.empty((n, f, ph, pw), dtype=x.dtype)
    idx = xp.empty((n, f, ph, pw), dtype=xp.int8)

    def slab(cols: Any, n0: int, n1: int, _r0: int, _r1: int, _s: Any) -> None:
        m = n1 - n0
        z = xp.matmul(wmat, cols[0]).reshape(f, taps, m * ph * pw)
        best = z[:, 0].copy()
        where = xp.zeros(best.shape, dtype=xp.int8)
        for t in range(1, taps):
            tap = z[:, t]
            better = (tap > best).view(xp.int8)  # ties keep the first maximum
            xp.maximum(best, tap, out=best)
            # the last tap to improve wins, and taps come in increasing order;
            # arithmetic here is several times faster than a masked store
            xp.maximum(where, better * xp.int8(t), out=where)
        best += bias
        xp.maximum(best, 0, out=best)
        y[n0:n1] = best.reshape(f, m, ph, pw).transpose(1, 0, 2, 3)
        idx[n0:n1] = where.reshape(f, m, ph, pw).transpose(1, 0, 2, 3)
        if keep is not None:
            keep.append((n0, n1, cols.copy()))

    for_each_slab(xp, x, geo, slab, pool=pool)
    return y, idx


def conv_relu_maxpool_backward(
    dy: Any, y: Any, idx: Any, x: Any, w: Any, *, stride: int = 1, padding: int = 0,
    pool: int = 2, need_dx: bool = True, kept: list | None = None,
) -> tuple[Any, Any, Any]:
    """Gradients of :func:`conv_relu_maxpool` from its outputs ``y`` and ``idx``.

    dy (N, F, PH, PW) → dx (N, C, H, W) or None, dw (F, C, KH, KW), db (F,).
    ``kept`` is what the forward pass collected in ``keep``, if anything.
    """
    xp, x, w, _, geo = _prepare(x, w, None, stride, padding, 1)
    n, f = x.shape[0], w.shape[0]
    oh, ow = geo.out
    ph, pw = y.shape[2:]
    taps = pool * pool
    g = dy * (y > 0)  # ReLU's gradient, taken on the pooled side
    db = g.sum(axis=(0, 2, 3))
    # (F, N*PH*PW): the product's column order within a slab
    g_f = xp.ascontiguousarray(g.transpose(1, 0, 2, 3)).reshape(f, -1)
    idx_f = xp.ascontiguousarray(idx.transpose(1, 0, 2, 3)).reshape(f, -1)
    dz_full = xp.zeros((n, f, oh, ow), dtype=x.dtype) if need_dx else None
    per_image = ph * pw

    def slab(cols: Any, n0: int, n1: int, _r0: int, _r1: int, acc: list) -> None:
        m = n1 - n0
        cols = cols[0]
        gs = g_f[:, n0 * per_image : n1 * per_image]
        ids = idx_f[:, n0 * per_image : n1 * per_image]
        dz = xp.empty((f, taps, m * per_image), dtype=x.dtype)
        for t in range(taps):
            xp.multiply(gs, (ids == t).view(xp.int8), out=dz[:, t])
        acc.append((cols @ dz.reshape(f, -1).T).T)  # faster than dz @ cols.T
        if dz_full is not None:
            planes = dz.reshape(f, pool, pool, m, ph, pw)
            for i in range(pool):
                for j in range(pool):
                    dz_full[n0:n1, :, i : i + pool * ph : pool, j : j + pool * pw : pool] = (
                        planes[:, i, j].transpose(1, 0, 2, 3)
                    )

    parts: list = []
    if kept:
        for n0, n1, cols in kept:
            slab(cols, n0, n1, 0, 0, parts)
    else:
        for_each_slab(xp, x, geo, slab, parts, pool=pool)
    dw = sum(parts).reshape(w.shape)
    dx = _input_grad(xp, dz_full, w, x.shape, geo) if need_dx else None
    return dx, dw, db

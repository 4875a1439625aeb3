"""Cache-sized im2col: the engine behind conv2d and its backward pass.

A full im2col matrix for a 512×512 image is tens of MB, written once and read
once — memory traffic, not arithmetic, sets the time. Here the input is
zero-padded and unfolded a slab of output rows at a time into small reused
buffers that stay in cache, and the matrix product for that slab runs at
once. BLAS is kept to one thread: its threads spin after every call and
would steal the second core from the GUI thread, and for products this thin
they gain little. (Sharing the slabs out to Python threads was tried and
measured: BLAS calls from two threads did not overlap on the development
machine, so the slabs run in order on the calling thread.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from .backend import is_numpy, tune_allocator
from .shapes import ConvGeometry

#: bytes of im2col columns built per slab; sized for a per-core L2 cache
SLAB_BYTES = 512 * 1024
#: images with fewer output pixels share one matrix product per slab
MERGE_BELOW = 256

_configured = False


def _configure_cpu() -> None:
    global _configured
    if _configured:
        return
    _configured = True
    tune_allocator()
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")
    except Exception:  # threadpoolctl missing or BLAS unknown: keep defaults
        pass


def pooled_window_view(xpad: np.ndarray, geo: ConvGeometry, pool: int) -> np.ndarray:
    """Windows ordered for a following ``pool × pool`` max-pool:
    ``(N, C, KH, KW, pool, pool, PH, PW)``; output ``(r, q)`` of the
    convolution is ``(ph*pool + pi, pw*pool + pj)``. Rows and columns that
    floor-mode pooling drops are left out."""
    n, c = xpad.shape[:2]
    kh, kw = geo.kernel
    ph, pw = geo.out[0] // pool, geo.out[1] // pool
    sn, sc, sh, sw = xpad.strides
    (st_h, st_w), (dh, dw) = geo.stride, geo.dilation
    shape = (n, c, kh, kw, pool, pool, ph, pw)
    strides = (sn, sc, sh * dh, sw * dw, sh * st_h, sw * st_w, sh * st_h * pool, sw * st_w * pool)
    return np.lib.stride_tricks.as_strided(xpad, shape, strides, writeable=False)


class PooledUnfold:
    """Columns in :func:`pooled_window_view` order, built from shared planes.

    A column row ``(c, i, j, pi, pj)`` reads the padded input at row offset
    ``pi*s + i*d`` and column offset ``pj*s + j*d``, stepping ``pool*s``; many
    rows share an offset pair (for 5×5 kernels and 2×2 pooling, 100 rows
    share 36). Each distinct plane is gathered once with a slow strided copy,
    and the rows are then fast contiguous copies of whole planes.
    """

    def __init__(self, pad_buf: np.ndarray, geo: ConvGeometry, pool: int) -> None:
        m, c = pad_buf.shape[:2]
        (kh, kw), (sh, sw), (dh, dw) = geo.kernel, geo.stride, geo.dilation
        ph, pw = geo.out[0] // pool, geo.out[1] // pool
        na = (pool - 1) * sh + (kh - 1) * dh + 1
        nb = (pool - 1) * sw + (kw - 1) * dw + 1
        sn, sc, sr, sq = pad_buf.strides
        self.planes_view = np.lib.stride_tricks.as_strided(
            pad_buf, (m, c, na, nb, ph, pw), (sn, sc, sr, sq, sr * sh * pool, sq * sw * pool),
            writeable=False,
        )
        self.planes_buf = np.empty(c * na * nb * m * ph * pw, dtype=pad_buf.dtype)
        self.shape = (c, na, nb, ph, pw)
        self._steps = (kh, kw, pool, sh, sw, dh, dw)
        self._rows: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # per image count

    def _views(self, m: int) -> tuple[np.ndarray, np.ndarray]:
        """The planes of ``m`` images, and the rows as an overlapping view of them."""
        hit = self._rows.get(m)
        if hit is None:
            c, na, nb, ph, pw = self.shape
            kh, kw, pool, sh, sw, dh, dw = self._steps
            size = m * ph * pw
            planes = self.planes_buf[: c * na * nb * size].reshape(c, na, nb, size)
            e = planes.itemsize
            rows = np.lib.stride_tricks.as_strided(
                planes, (c, kh, kw, pool, pool, size),
                (na * nb * size * e, dh * nb * size * e, dw * size * e, sh * nb * size * e,
                 sw * size * e, e),
                writeable=False,
            )
            hit = self._rows[m] = (planes, rows)
        return hit

    @staticmethod
    def worthwhile(c: int, geo: ConvGeometry, pool: int) -> bool:
        """Whether shared planes are fewer than rows (else plain unfolding is as good)."""
        (kh, kw), (sh, sw), (dh, dw) = geo.kernel, geo.stride, geo.dilation
        na = (pool - 1) * sh + (kh - 1) * dh + 1
        nb = (pool - 1) * sw + (kw - 1) * dw + 1
        return 2 * na * nb <= kh * kw * pool * pool

    def unfold(self, m: int, out: np.ndarray) -> None:
        """Fill ``out`` (K*pool*pool, m*PH*PW) from the first ``m`` padded images."""
        c, na, nb, ph, pw = self.shape
        planes, rows = self._views(m)
        np.copyto(planes.reshape(c, na, nb, m, ph, pw), self.planes_view[:m].transpose(1, 2, 3, 0, 4, 5))
        np.copyto(out.reshape(rows.shape), rows)


def window_view(xp: ModuleType, xpad: Any, geo: ConvGeometry, rows: int | None = None) -> Any:
    """A read-only strided view ``(N, C, KH, KW, OH, OW)`` of a padded input.

    ``view[n, c, i, j, r, q]`` is the input under kernel tap ``(i, j)`` when
    the window's output position is ``(r, q)``. ``rows`` overrides ``OH``.
    """
    n, c = xpad.shape[:2]
    kh, kw = geo.kernel
    oh, ow = geo.out
    sn, sc, sh, sw = xpad.strides
    shape = (n, c, kh, kw, oh if rows is None else rows, ow)
    strides = (
        sn,
        sc,
        sh * geo.dilation[0],
        sw * geo.dilation[1],
        sh * geo.stride[0],
        sw * geo.stride[1],
    )
    if is_numpy(xp):
        return np.lib.stride_tricks.as_strided(xpad, shape, strides, writeable=False)
    return xp.lib.stride_tricks.as_strided(xpad, shape, strides)


SlabFn = Callable[[Any, int, int, int, int, Any], None]

_local = threading.local()


def _workspace(key: tuple) -> tuple[np.ndarray, np.ndarray, Any]:
    """This thread's buffers for one geometry, reused across calls: fresh
    buffers and strided views cost more than the work on small batches.

    Returns the column buffer, the padded-input buffer (its side columns are
    zero and never written) and the window view over the latter (or, for
    pooled order, a :class:`PooledUnfold` where it saves copying).
    """
    cache: dict = getattr(_local, "cache", None) or {}
    _local.cache = cache
    hit = cache.get(key)
    if hit is None:
        dtype, cap, max_imgs, c, max_in_rows, wp, _w, geo, max_rows, pool = key
        pad_buf = np.zeros((max_imgs, c, max_in_rows, wp), dtype=np.dtype(dtype))
        view: Any
        if pool > 1 and PooledUnfold.worthwhile(c, geo, pool):
            view = PooledUnfold(pad_buf, geo, pool)
        elif pool > 1:
            view = pooled_window_view(pad_buf, geo, pool)
        else:
            view = window_view(np, pad_buf, geo, max_rows)
        hit = (np.empty(cap, dtype=np.dtype(dtype)), pad_buf, view)
        if len(cache) >= 8:  # a handful of geometries are in use at a time
            cache.pop(next(iter(cache)))
        cache[key] = hit
    return hit


def _plan(
    n: int, k: int, oh: int, ow: int, itemsize: int, whole_images: bool = False
) -> list[tuple[int, int, int, int]]:
    """Slabs ``(n0, n1, r0, r1)``: whole images grouped, or one image's rows."""
    per_image = k * oh * ow * itemsize
    if per_image <= SLAB_BYTES or whole_images:
        nb = max(1, SLAB_BYTES // per_image)
        return [(n0, min(n, n0 + nb), 0, oh) for n0 in range(0, n, nb)]
    rows = max(1, SLAB_BYTES // (k * ow * itemsize))
    return [(i, i + 1, r0, min(oh, r0 + rows)) for i in range(n) for r0 in range(0, oh, rows)]


def for_each_slab(
    xp: ModuleType,
    x: Any,
    geo: ConvGeometry,
    fn: SlabFn,
    state: Any = None,
    whole_images: bool = False,
    pool: int = 1,
) -> Any:
    """Call ``fn(cols, n0, n1, r0, r1, state)`` for every slab of ``x``.

    With ``whole_images`` every slab holds complete images (``r0 == 0`` and
    ``r1 == OH``), for callers that post-process whole output planes.
    With ``pool > 1`` (numpy only; implies whole images) the columns are
    merged and ordered ``(pi, pj, n, ph, pw)`` as in :func:`pooled_window_view`,
    so that each pooling tap is one contiguous block of the product.

    ``x`` is the unpadded input ``(N, C, H, W)``; ``geo`` supplies padding.
    ``cols`` has ``K = C*KH*KW`` rows in ``(c, i, j)`` order and comes in one
    of two layouts: per image, ``(n1-n0, K, (r1-r0)*OW)``; or, when images
    are so small that a matrix product per image costs more in calls than in
    arithmetic, merged, ``(1, K, (n1-n0)*OH*OW)`` with columns in ``(n, r, q)``
    order. ``cols.shape[0] == n1 - n0`` tells them apart (they agree for one
    image). ``fn`` receives ``state`` (say, a list to accumulate into) with
    every slab; it is returned.
    """
    n, c, h, w = x.shape
    kh, kw = geo.kernel
    oh, ow = geo.out
    ph, pw = geo.padding
    k = c * kh * kw
    if pool > 1 and not is_numpy(xp):
        raise ValueError("pooled column order is a numpy fast path")
    if not is_numpy(xp):
        xpad = xp.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=x.dtype)
        xpad[:, :, ph : ph + h, pw : pw + w] = x
        cols = xp.ascontiguousarray(window_view(xp, xpad, geo)).reshape(n, k, oh * ow)
        fn(cols, 0, n, 0, oh, state)
        return state

    _configure_cpu()
    slabs = _plan(n, k, oh, ow, x.dtype.itemsize, whole_images or pool > 1)
    cap = max((b - a) * k * (r1 - r0) * ow for a, b, r0, r1 in slabs)
    sh = geo.stride[0]
    ext_h = geo.effective_kernel[0]
    wp = w + 2 * pw
    max_rows = max(r1 - r0 for _, _, r0, r1 in slabs)
    max_in_rows = (max_rows - 1) * sh + ext_h
    max_imgs = max(b - a for a, b, _, _ in slabs)
    merged = oh * ow < MERGE_BELOW

    key = (x.dtype.str, cap, max_imgs, c, max_in_rows, wp, w, geo, max_rows, pool)

    cols_buf, pad_buf, windows = _workspace(key)
    for n0, n1, r0, r1 in slabs:
        m, rows = n1 - n0, r1 - r0
        top = r0 * sh - ph  # first input row the slab reads
        in_rows = (rows - 1) * sh + ext_h
        # a slab may lie wholly in the padding (above or below the input):
        # then it reads no input row at all, and lo == hi
        lo = min(max(top, 0), h)
        hi = max(min(top + in_rows, h), lo)
        padded = pad_buf[:m, :, :in_rows]
        padded[:, :, : lo - top] = 0
        padded[:, :, hi - top :] = 0
        padded[:, :, lo - top : hi - top, pw : pw + w] = x[n0:n1, :, lo:hi]
        if pool > 1:
            plane = (geo.out[0] // pool) * (geo.out[1] // pool)
            block = cols_buf[: m * k * pool * pool * plane]
            if isinstance(windows, PooledUnfold):
                windows.unfold(m, block.reshape(k * pool * pool, m * plane))
            else:
                src = windows[:m]
                np.copyto(
                    block.reshape(c, kh, kw, pool, pool, m, *src.shape[-2:]),
                    src.transpose(1, 2, 3, 4, 5, 0, 6, 7),
                )
            fn(block.reshape(1, k, -1), n0, n1, r0, r1, state)
            continue
        src = windows[:m, :, :, :, :rows]
        if merged:
            block = cols_buf[: m * k * rows * ow].reshape(c, kh, kw, m, rows, ow)
            np.copyto(block, src.transpose(1, 2, 3, 0, 4, 5))
            fn(block.reshape(1, k, m * rows * ow), n0, n1, r0, r1, state)
        else:
            block = cols_buf[: m * k * rows * ow].reshape(m, c, kh, kw, rows, ow)
            np.copyto(block, src)
            fn(block.reshape(m, k, rows * ow), n0, n1, r0, r1, state)
    return state

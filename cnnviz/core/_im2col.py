"""Cache-sized im2col for strided convolutions (and CuPy); the CPU settings.

Stride-1 convolutions on numpy, the trainer's and the window's, run in
:mod:`cnnviz.core._shifted`, :mod:`cnnviz.core._minor` and
:mod:`cnnviz.core._dense` (:func:`cnnviz.core.conv.engine` chooses); this
module serves the rest, and its :data:`SLAB_BYTES` sizes the slabs of all.

A full im2col matrix for a 512×512 image is tens of MB, written once and read
once — memory traffic, not arithmetic, sets the time. Here the input is
zero-padded and unfolded a slab of output rows at a time into small reused
buffers that stay in cache, and the matrix product for that slab runs at
once. BLAS may use up to :data:`MAX_THREADS` threads (:func:`set_threads`):
it starts none for a small product, so the trainer's small networks stay on
the calling thread, while a large image or batch gains 10–30 % from a second
core (measured). Sharing the slabs out to Python threads instead was tried
and measured: BLAS calls from two threads did not overlap on the development
machine, so the slabs run in order on the calling thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from .backend import is_numpy, tune_allocator
from .shapes import ConvGeometry

#: bytes of im2col columns built per slab: about two per-core L2 caches. Smaller
#: slabs cost more in numpy calls per slab than they save in cache misses
#: (measured on trainer geometries: 512 KB slabs 5–30 % slower)
SLAB_BYTES = 2 * 1024 * 1024
#: images with fewer output pixels share one matrix product per slab
MERGE_BELOW = 256

#: most BLAS threads the core asks for by default. Two measured 10–30 % faster
#: than one on a 2-core machine; the products are thin (a few dozen filters
#: against many columns), so more threads would mostly wait on memory
MAX_THREADS = 4

_configured = False


def _configure_cpu() -> None:
    """Once, before the first product: the allocator's thresholds and BLAS's threads."""
    if _configured:
        return
    set_threads(None)


def set_threads(n: int | None) -> int:
    """Let BLAS use ``n`` threads for the core's products (``None``: the
    processors this process may run on, up to :data:`MAX_THREADS`) and return
    the number set; 0 where the BLAS library cannot be told (then it keeps its
    own setting). One thread keeps every product on the calling thread, as a
    benchmark of one thread's CPU time needs."""
    global _configured
    _configured = True
    tune_allocator()
    if n is None:
        n = min(MAX_THREADS, _processors())
    if n < 1:
        raise ValueError(f"threads must be at least 1, got {n}")
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=n, user_api="blas")
    except Exception:  # threadpoolctl missing or BLAS unknown: keep defaults
        return 0
    return n


def _processors() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


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
    zero and never written) and the window view over the latter.
    """
    cache: dict = getattr(_local, "cache", None) or {}
    _local.cache = cache
    hit = cache.get(key)
    if hit is None:
        dtype, cap, max_imgs, c, max_in_rows, wp, _w, geo, max_rows = key
        pad_buf = np.zeros((max_imgs, c, max_in_rows, wp), dtype=np.dtype(dtype))
        hit = (np.empty(cap, dtype=np.dtype(dtype)), pad_buf, window_view(np, pad_buf, geo, max_rows))
        if len(cache) >= 8:  # a handful of geometries are in use at a time
            cache.pop(next(iter(cache)))
        cache[key] = hit
    return hit


def _plan(n: int, k: int, oh: int, ow: int, itemsize: int) -> list[tuple[int, int, int, int]]:
    """Slabs ``(n0, n1, r0, r1)``: whole images grouped, or one image's rows."""
    per_image = k * oh * ow * itemsize
    if per_image <= SLAB_BYTES:
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
) -> Any:
    """Call ``fn(cols, n0, n1, r0, r1, state)`` for every slab of ``x``.

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
    if not is_numpy(xp):
        xpad = xp.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=x.dtype)
        xpad[:, :, ph : ph + h, pw : pw + w] = x
        cols = xp.ascontiguousarray(window_view(xp, xpad, geo)).reshape(n, k, oh * ow)
        fn(cols, 0, n, 0, oh, state)
        return state

    _configure_cpu()
    slabs = _plan(n, k, oh, ow, x.dtype.itemsize)
    cap = max((b - a) * k * (r1 - r0) * ow for a, b, r0, r1 in slabs)
    sh = geo.stride[0]
    ext_h = geo.effective_kernel[0]
    wp = w + 2 * pw
    max_rows = max(r1 - r0 for _, _, r0, r1 in slabs)
    max_in_rows = (max_rows - 1) * sh + ext_h
    max_imgs = max(b - a for a, b, _, _ in slabs)
    merged = oh * ow < MERGE_BELOW

    key = (x.dtype.str, cap, max_imgs, c, max_in_rows, wp, w, geo, max_rows)

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

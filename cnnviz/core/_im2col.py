"""Cache-sized im2col: the engine behind conv2d and its backward pass.

A full im2col matrix for a 512×512 image is tens of MB, written once and read
once — memory traffic, not arithmetic, sets the time. Here the input is
zero-padded and unfolded a slab of output rows at a time into small reused
buffers that stay in cache, and the matrix product for that slab runs at
once. On numpy the slabs are shared out to one thread per core (numpy
releases the GIL in copies and in BLAS); BLAS itself is kept to one thread so
its idle spinning cannot steal a core from the GUI thread.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import Any, Callable

import numpy as np

from .backend import is_numpy, tune_allocator
from .shapes import ConvGeometry

#: bytes of im2col columns built per slab; sized for a per-core L2 cache
SLAB_BYTES = 512 * 1024
#: below this many column elements in all, threads cost more than they save
_THREAD_MIN_ELEMENTS = 1 << 17

_pool: ThreadPoolExecutor | None = None
_workers = max(1, min(4, os.cpu_count() or 1))
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


def _get_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=_workers, thread_name_prefix="cnnviz-conv")
    return _pool


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
    make_state: Callable[[], Any] = lambda: None,
) -> list[Any]:
    """Call ``fn(cols, n0, n1, r0, r1, state)`` for every slab of ``x``.

    ``x`` is the unpadded input ``(N, C, H, W)``; ``geo`` supplies padding.
    ``cols`` has shape ``(n1-n0, K, (r1-r0)*OW)`` with ``K = C*KH*KW`` in
    ``(c, i, j)`` order. Slabs are disjoint, so ``fn`` may write its own
    output region without locks; anything it accumulates goes in ``state``,
    one per worker, and the states are returned for the caller to combine.
    """
    n, c, h, w = x.shape
    kh, kw = geo.kernel
    oh, ow = geo.out
    ph, pw = geo.padding
    k = c * kh * kw
    if not is_numpy(xp):
        xpad = xp.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=x.dtype)
        xpad[:, :, ph : ph + h, pw : pw + w] = x
        state = make_state()
        cols = xp.ascontiguousarray(window_view(xp, xpad, geo)).reshape(n, k, oh * ow)
        fn(cols, 0, n, 0, oh, state)
        return [state]

    _configure_cpu()
    slabs = _plan(n, k, oh, ow, x.dtype.itemsize)
    cap = max((b - a) * k * (r1 - r0) * ow for a, b, r0, r1 in slabs)
    sh = geo.stride[0]
    ext_h = geo.effective_kernel[0]
    wp = w + 2 * pw
    max_rows = max(r1 - r0 for _, _, r0, r1 in slabs)
    max_in_rows = (max_rows - 1) * sh + ext_h
    max_imgs = max(b - a for a, b, _, _ in slabs)

    def run(part: list[tuple[int, int, int, int]]) -> Any:
        state = make_state()
        cols_buf = np.empty(cap, dtype=x.dtype)
        # padded input rows for one slab; the side columns stay zero
        pad_buf = np.zeros((max_imgs, c, max_in_rows, wp), dtype=x.dtype)
        windows = window_view(xp, pad_buf, geo, max_rows)  # sliced per slab
        for n0, n1, r0, r1 in part:
            m, rows = n1 - n0, r1 - r0
            top = r0 * sh - ph  # first input row the slab reads
            in_rows = (rows - 1) * sh + ext_h
            lo, hi = max(top, 0), min(top + in_rows, h)
            padded = pad_buf[:m, :, :in_rows]
            padded[:, :, : lo - top] = 0
            padded[:, :, hi - top :] = 0
            padded[:, :, lo - top : hi - top, pw : pw + w] = x[n0:n1, :, lo:hi]
            block = cols_buf[: m * k * rows * ow].reshape(m, c, kh, kw, rows, ow)
            np.copyto(block, windows[:m, :, :, :, :rows])
            fn(block.reshape(m, k, rows * ow), n0, n1, r0, r1, state)
        return state

    total = n * k * oh * ow
    workers = min(_workers, len(slabs)) if total >= _THREAD_MIN_ELEMENTS else 1
    if workers <= 1:
        return [run(slabs)]
    parts = [slabs[i::workers] for i in range(workers)]
    return list(_get_pool().map(run, parts))

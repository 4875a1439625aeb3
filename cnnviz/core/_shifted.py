"""Stride-1 im2col from shifted runs of flat planes: the numpy fast path.

For a stride-1 convolution the window of output ``(r, q)`` under kernel tap
``(i, j)`` starts at padded-input element ``(r + i·dh, q + j·dw)``. Number an
image's outputs in *wide* order, ``t = r·Wp + q``, as though every output row
were as wide as the padded input (``Wp``): then tap ``(i, j)`` of all outputs
is the padded plane read flat from offset ``i·dh·Wp + j·dw`` on, one
contiguous run. Unfolding becomes copies of long contiguous runs (memcpy
speed) instead of a gather of short strided rows; the price is ``Wp - OW``
columns per output row that are computed and dropped (:func:`valid`).

Before a ``p × p`` pooling (floor mode, stride ``p``) the columns are wanted
pooling tap by pooling tap, so that each tap of the product is a contiguous
block. Then the padded planes are first split into ``p × p`` *phase planes*
(every p-th row and column from offset ``(α, β)``); output ``(p·u + pi,
p·v + pj)`` under kernel tap ``(i, j)`` reads padded element ``(p·u + a,
p·v + b)`` with ``a = pi + i·dh``, that is phase ``(a mod p, b mod p)`` at
``(u + a div p, v + b div p)``: again a contiguous run, numbered in wide
order over the phase plane. Rows sharing ``(a, b)`` are identical, so each
distinct run is gathered once and the rows are copies of whole runs.

Where dropped columns cost more than short copies (:func:`wide_geometry`),
the same slabs hold compact columns instead, gathered with strided copies
from the padded planes (before a pooling, the distinct runs first where the
rows share them, as above). :mod:`cnnviz.core._stride1` builds the convolution and
its gradients on these columns, :mod:`cnnviz.core.fused` and
:mod:`cnnviz.core.fused_relu` the training blocks.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _im2col
from .shapes import ConvGeometry

_local = threading.local()


@dataclass(frozen=True)
class Wide:
    """Wide numbering of one image's (pooled) outputs: ``t = r·pitch + q``."""

    rows: int  # output rows (pooled rows before a pooling)
    cols: int  # output columns
    pitch: int  # width of the (phase) planes: from one output row to the next
    gather: bool = False  # compact columns (pitch == cols) gathered by strided copies

    def span(self, r0: int, r1: int) -> tuple[int, int]:
        """Wide positions ``[t0, t1)`` holding output rows ``r0 .. r1-1``."""
        return r0 * self.pitch, (r1 - 1) * self.pitch + self.cols

    @property
    def length(self) -> int:
        return (self.rows - 1) * self.pitch + self.cols


def view(base: np.ndarray, offset: int, shape: tuple, steps: tuple) -> np.ndarray:
    """A strided view of the C-contiguous ``base`` from element ``offset``, with
    ``steps`` counted in elements. numpy checks that it stays inside ``base``;
    ten times quicker to make than ``as_strided``, which counts in a hot loop."""
    e = base.itemsize
    return np.ndarray(shape, base.dtype, base, offset * e, tuple(map(e.__mul__, steps)))


def _steps(a: np.ndarray) -> tuple:
    return tuple(map(a.itemsize.__rfloordiv__, a.strides))


def valid(z: np.ndarray, wide: Wide, rows: int) -> np.ndarray:
    """The outputs in the C-contiguous ``z`` (``(..., span)`` in wide order) as a
    view ``(..., rows, cols)``; writable where ``z`` is."""
    return view(z, 0, z.shape[:-1] + (rows, wide.cols), _steps(z)[:-1] + (wide.pitch, 1))


def zero_gaps(z: np.ndarray, wide: Wide, rows: int) -> None:
    """Zero the dropped columns of the C-contiguous ``z`` (as in :func:`valid`)."""
    gap = wide.pitch - wide.cols
    if rows > 1 and gap:
        view(z, wide.cols, z.shape[:-1] + (rows - 1, gap), _steps(z)[:-1] + (wide.pitch, 1))[...] = 0


def relu(a: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``max(a, 0)`` into ``out`` (a new array when None). numpy's maximum
    against a scalar runs an unvectorised loop, ten times slower than against
    an array of zeros, so a cached array of zeros stands in for the scalar."""
    zeros = _buffer(("zeros", a.dtype.str), (0,), a.dtype)
    if zeros.size < a.size:
        zeros = _local.cache[("zeros", a.dtype.str)] = np.zeros(a.size, dtype=a.dtype)
    return np.maximum(a, zeros[: a.size].reshape(a.shape), out=out)


#: columns up to this size are kept from a forward pass for the backward pass
#: (they are still in a cache); larger ones cost less to unfold again
KEEP_BYTES = 8 << 20


def keepable(keep: list | None, x: np.ndarray, w: np.ndarray, wide: Wide, pool: int) -> list | None:
    """``keep`` when the columns of ``x`` are small enough to keep, else None."""
    size = x.shape[0] * w[0].size * pool * pool * wide.length * x.dtype.itemsize
    return keep if keep is not None and size <= KEEP_BYTES else None


#: force a layout for experiments and tests: None (choose), "wide" or "gather"
FORCE: str | None = None


def wide_geometry(geo: ConvGeometry, pool: int = 1, channels: int = 0, filters: int = 0) -> Wide:
    """How a stride-1 convolution's (``pool``-pooled) outputs are numbered.

    Wide runs are cheap to copy but carry dropped columns through the product,
    which must then be compacted one short row at a time. Compact columns are
    gathered instead where that costs less (measured): for a one-channel input
    (a first layer), whose ``KH·KW`` column rows are few beside its filters
    (5–25 % less on trainer geometries; with more channels wide runs win by as
    much), and for rows of 64 and more, which strided copies move as fast as
    runs and the product writes straight into the output. ``channels`` 0: wide.
    """
    return _numbering(geo, pool, channels, FORCE)


@functools.lru_cache(maxsize=256)
def _numbering(geo: ConvGeometry, pool: int, channels: int, force: str | None) -> Wide:
    rows, cols = geo.out[0] // pool, geo.out[1] // pool
    pitch = -(-geo.padded[1] // pool)
    gather = pitch != cols and (channels == 1 or cols >= 64)
    if force is not None and pitch != cols:
        gather = force == "gather"
    return Wide(rows, cols, cols, True) if gather else Wide(rows, cols, pitch)


def _phase_planes(x: np.ndarray, geo: ConvGeometry, pool: int) -> np.ndarray:
    """``(N, C·p·p·Hq·Wq)``: each image's zero-padded planes split into phases,
    ``[n, c, α, β, u, v] = xpad[n, c, p·u + α, p·v + β]``. The input itself
    when there is nothing to pad or split; else a reused buffer whose padding
    stays zero (only the input's cells are ever written)."""
    n, c, h, w = x.shape
    (ph, pw), (hp, wp) = geo.padding, geo.padded
    if pool == 1 and (ph, pw) == (0, 0) and x.flags.c_contiguous:
        return x.reshape(n, -1)
    key = ("planes", x.dtype.str, n, c, h, w, ph, pw, pool)
    cache: dict = _local.__dict__.setdefault("planes", {})
    hit = cache.get(key)
    if hit is None:  # the buffer, and where each phase of the input goes in it
        hq, wq = -(-hp // pool), -(-wp // pool)
        buf = np.zeros((n, c, pool, pool, hq, wq), dtype=x.dtype)
        fills = []
        for a in range(pool):
            u0, r0 = _first_inside(a, ph, pool)
            rows = len(range(r0, h, pool))
            for b in range(pool):
                v0, q0 = _first_inside(b, pw, pool)
                cols = len(range(q0, w, pool))
                if rows and cols:
                    fills.append((buf[:, :, a, b, u0 : u0 + rows, v0 : v0 + cols], slice(r0, None, pool),
                                  slice(q0, None, pool)))
        if len(cache) >= 6:
            cache.pop(next(iter(cache)))
        hit = cache[key] = (buf.reshape(n, -1), fills)
    for dst, rows_in, cols_in in hit[1]:
        dst[...] = x[:, :, rows_in, cols_in]
    return hit[0]


def _first_inside(phase: int, pad: int, pool: int) -> tuple[int, int]:
    """The first phase-plane index whose padded cell lies inside the input, and that input index."""
    u = max(0, -(-(pad - phase) // pool))
    return u, pool * u + phase - pad


def _buffer(key: tuple, shape: tuple, dtype: Any, zero: bool = False) -> np.ndarray:
    """This thread's reused buffer for ``key`` (a handful are kept)."""
    cache: dict = getattr(_local, "cache", None) or {}
    _local.cache = cache
    buf = cache.get(key)
    if buf is None:
        buf = (np.zeros if zero else np.empty)(shape, dtype=dtype)
        if len(cache) >= 12:
            cache.pop(next(iter(cache)))
        cache[key] = buf
    return buf


def plan(n: int, per_image: int, per_row: int, rows: int) -> list[tuple[int, int, int, int]]:
    """Slabs ``(n0, n1, r0, r1)`` of about ``_im2col.SLAB_BYTES`` (one knob for
    both engines): whole images grouped, or bands of one image's output rows."""
    limit = _im2col.SLAB_BYTES
    if per_image <= limit:
        nb = max(1, limit // per_image)
        return [(n0, min(n, n0 + nb), 0, rows) for n0 in range(0, n, nb)]
    band = max(1, limit // per_row)
    return [(i, i + 1, r0, min(rows, r0 + band)) for i in range(n) for r0 in range(0, rows, band)]


SlabFn = Callable[[np.ndarray, int, int, int, int, Any], None]


def for_each_shifted_slab(
    x: np.ndarray, geo: ConvGeometry, fn: SlabFn, state: Any = None, pool: int = 1, wide: Wide | None = None,
    ones: bool = False, filters: int = 0,
) -> Any:
    """Call ``fn(cols, n0, n1, r0, r1, state)`` for every slab; return ``state``.

    ``x`` (N, C, H, W) numpy, ``geo`` a stride-1 geometry (padding and
    dilation as it says), ``wide`` from :func:`wide_geometry` (by default the
    wide layout). ``cols`` is ``(K, p·p, m, span)`` with ``K = C·KH·KW`` rows
    in ``(c, i, j)`` order, one block per pooling tap ``(pi, pj)``, and for
    each of the ``m = n1 - n0`` images the positions of output rows
    ``r0 .. r1-1`` (pooled rows with ``pool > 1``) as :class:`Wide` numbers
    them. With ``ones`` a last row of ones follows (a bias column in the
    weights then adds the bias within the product). It is a reused buffer,
    good until ``fn`` returns. Slabs are sized so that the columns, and the
    ``filters`` rows of product made from them, stay in cache.
    """
    if geo.stride != (1, 1):
        raise ValueError("shifted columns need stride 1")
    wide = wide or wide_geometry(geo, pool)
    n, c = x.shape[:2]
    (kh, kw), (dh, dw) = geo.kernel, geo.dilation
    taps = pool * pool
    k = c * kh * kw
    rows_k = k + 1 if ones else k
    per = max(rows_k, filters) * taps * x.dtype.itemsize
    # compact columns come from the padded planes; wide runs before a pooling
    # from its phase planes
    compact = wide.gather or wide.pitch == wide.cols
    phases = 1 if compact else pool
    planes = _phase_planes(x, geo, phases)
    stride, wq = planes.shape[1], -(-geo.padded[1] // phases)  # of one image; width of a (phase) plane
    size = stride // (c * phases * phases)  # of one (phase) plane
    na, nb = pool - 1 + (kh - 1) * dh + 1, pool - 1 + (kw - 1) * dw + 1
    shared = pool > 1 and 2 * na * nb <= kh * kw * taps  # rows share runs: gather each run once
    slabs = plan(n, per * wide.length, per * wide.pitch, wide.rows)
    cap = max((n1 - n0) * (wide.span(r0, r1)[1] - r0 * wide.pitch) for n0, n1, r0, r1 in slabs)
    cols_buf = _buffer(("cols", x.dtype.str, rows_k * taps * cap), (rows_k * taps * cap,), x.dtype)
    if shared or (pool > 1 and not compact):
        runs_buf = _buffer(("runs", x.dtype.str, c * na * nb * cap), (c * na * nb * cap,), x.dtype)
    for n0, n1, r0, r1 in slabs:
        m = n1 - n0
        t0, t1 = wide.span(r0, r1)
        span = t1 - t0
        block = cols_buf[: rows_k * taps * m * span].reshape(rows_k, taps, m, span)
        cols = block[:k]
        if ones:
            block[k] = 1
        at = n0 * stride + r0 * pool * wq if compact else n0 * stride + t0
        if pool == 1 and not compact:  # a wide run per row
            src = view(planes, at, (c, kh, kw, m, span), (size, dh * wq, dw, stride, 1))
            np.copyto(cols.reshape(src.shape), src)
        elif compact and not shared:  # each row gathered from the padded planes
            shape = (c, kh, kw, pool, pool, m, r1 - r0, wide.cols)
            src = view(planes, at, shape, (size, dh * wq, dw, wq, 1, stride, pool * wq, pool))
            np.copyto(cols.reshape(shape), src)
        else:  # each distinct run (c, a, b) once, then the rows as copies of whole runs
            if compact:
                runs = runs_buf[: c * na * nb * m * span].reshape(c, na, nb, m, r1 - r0, wide.cols)
                np.copyto(runs, view(planes, at, runs.shape, (size, wq, 1, stride, pool * wq, pool)))
            else:
                runs = runs_buf[: c * na * nb * m * span].reshape(c, na, nb, m, span)
                for a in range(pool):
                    for b in range(pool):
                        tap_shape = (c, len(range(a, na, pool)), len(range(b, nb, pool)), m, span)
                        at_tap = at + (a * pool + b) * size
                        src = view(planes, at_tap, tap_shape, (taps * size, wq, 1, stride, 1))
                        np.copyto(runs[:, a::pool, b::pool], src)
            big = m * span
            steps6 = (na * nb * big, dh * nb * big, dw * big, nb * big, big, 1)
            rows = view(runs_buf, 0, (c, kh, kw, pool, pool, big), steps6)
            np.copyto(cols.reshape(c, kh, kw, pool, pool, big), rows)
        fn(block, n0, n1, r0, r1, state)
    return state

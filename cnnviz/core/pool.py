"""Max and average pooling over ``KH × KW`` windows (no padding, floor mode).

Layout NCHW. ``stride`` defaults to the kernel size, as in PyTorch.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from ._validate import as_float, check_finite, check_ndim, float_dtype
from .backend import get_xp
from .shapes import ConvGeometry, IntPair, conv_geometry


def _prepare(x: Any, kernel_size: IntPair, stride: IntPair | None) -> tuple[ModuleType, Any, ConvGeometry]:
    xp = get_xp(x)
    x = as_float(xp, x, float_dtype(xp, x), "x")
    check_ndim(x, 4, "x", "(N, C, H, W)")
    geo = conv_geometry(x.shape[2:], kernel_size, kernel_size if stride is None else stride)
    check_finite(xp, x, "x")
    return xp, x, geo


def _taps(x: Any, geo: ConvGeometry) -> list[Any]:
    """Strided views ``(N, C, OH, OW)``, one per kernel tap ``(i, j)`` in
    row-major order: tap ``t`` holds every window's element ``t``."""
    (oh, ow), (kh, kw), (sh, sw) = geo.out, geo.kernel, geo.stride
    return [
        x[:, :, i : i + sh * (oh - 1) + 1 : sh, j : j + sw * (ow - 1) + 1 : sw]
        for i in range(kh)
        for j in range(kw)
    ]


def max_pool2d(x: Any, kernel_size: IntPair, stride: IntPair | None = None) -> Any:
    """Maximum over each window.

    x : (N, C, H, W) → y : (N, C, OH, OW), ``OH = (H - KH) // SH + 1``.
    """
    xp, x, geo = _prepare(x, kernel_size, stride)
    taps = _taps(x, geo)
    y = taps[0].copy()
    for t in taps[1:]:
        xp.maximum(y, t, out=y)
    return y


def max_pool2d_with_index(x: Any, kernel_size: IntPair, stride: IntPair | None = None) -> tuple[Any, Any]:
    """:func:`max_pool2d` and, per output, the flat in-window index
    ``i*KW + j`` of the first maximum (what the backward pass routes to)."""
    xp, x, geo = _prepare(x, kernel_size, stride)
    taps = _taps(x, geo)
    y = taps[0].copy()
    itype = xp.int8 if len(taps) < 128 else xp.int32
    idx = xp.zeros(y.shape, dtype=itype)
    for t, tap in enumerate(taps[1:], start=1):
        better = tap > y  # strictly greater: ties keep the first maximum
        xp.maximum(y, tap, out=y)
        idx = xp.where(better, itype(t), idx)  # faster than masked copies
    return y, idx


def max_pool2d_backward(dy: Any, x: Any, kernel_size: IntPair, stride: IntPair | None = None) -> Any:
    """Gradient of :func:`max_pool2d`: ``dy`` (N, C, OH, OW) → ``dx`` (N, C, H, W).

    Each window's gradient goes to its first maximum (as PyTorch does).
    """
    _, idx = max_pool2d_with_index(x, kernel_size, stride)
    return max_pool2d_backward_index(dy, idx, x.shape, kernel_size, stride)


def max_pool2d_backward_index(
    dy: Any, idx: Any, x_shape: tuple, kernel_size: IntPair, stride: IntPair | None = None
) -> Any:
    """:func:`max_pool2d_backward` from the indices of :func:`max_pool2d_with_index`."""
    xp = get_xp(dy, idx)
    n, c, h, w = x_shape
    geo = conv_geometry((h, w), kernel_size, kernel_size if stride is None else stride)
    dy = _check_dy(xp, dy, (n, c, *geo.out))
    tiled = geo.stride == geo.kernel  # taps are disjoint: assign, no accumulation
    dx = (xp.empty if tiled and _covers(geo, h, w) else xp.zeros)((n, c, h, w), dtype=dy.dtype)
    zero = dy.dtype.type(0)
    for t, tap in enumerate(_taps(dx, geo)):
        routed = xp.where(idx == t, dy, zero)
        if tiled:
            tap[...] = routed
        else:
            tap += routed
    return dx


def _covers(geo: ConvGeometry, h: int, w: int) -> bool:
    """Whether the windows together cover the whole input."""
    return geo.out[0] * geo.stride[0] == h and geo.out[1] * geo.stride[1] == w


def avg_pool2d(x: Any, kernel_size: IntPair, stride: IntPair | None = None) -> Any:
    """Mean over each window: x (N, C, H, W) → y (N, C, OH, OW)."""
    xp, x, geo = _prepare(x, kernel_size, stride)
    taps = _taps(x, geo)
    y = taps[0].copy()
    for t in taps[1:]:
        y += t
    y /= len(taps)
    return y


def avg_pool2d_backward(dy: Any, x: Any, kernel_size: IntPair, stride: IntPair | None = None) -> Any:
    """Gradient of :func:`avg_pool2d`: ``dy`` (N, C, OH, OW) → ``dx`` (N, C, H, W)."""
    xp, x, geo = _prepare(x, kernel_size, stride)
    n, c, h, w = x.shape
    dy = _check_dy(xp, dy, (n, c, *geo.out))
    share = dy / (geo.kernel[0] * geo.kernel[1])
    dx = xp.zeros(x.shape, dtype=dy.dtype)
    for tap in _taps(dx, geo):
        tap += share
    return dx


def _check_dy(xp: ModuleType, dy: Any, expected: tuple) -> Any:
    dy = as_float(xp, dy, float_dtype(xp, dy), "dy")
    if tuple(dy.shape) != tuple(expected):
        raise ValueError(f"dy must have shape {tuple(expected)}, got {tuple(dy.shape)}")
    return dy

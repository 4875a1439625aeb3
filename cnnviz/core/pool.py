"""Max and average pooling over ``KH × KW`` windows (no padding, floor mode).

Layout NCHW. ``stride`` defaults to the kernel size, as in PyTorch.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from ._validate import as_float, check_finite, check_ndim, float_dtype
from .backend import get_xp, is_numpy
from .shapes import ConvGeometry, IntPair, conv_geometry


def _prepare(x: Any, kernel_size: IntPair, stride: IntPair | None) -> tuple[ModuleType, Any, ConvGeometry]:
    xp = get_xp(x)
    x = as_float(xp, x, float_dtype(xp, x), "x")
    check_ndim(x, 4, "x", "(N, C, H, W)")
    geo = conv_geometry(x.shape[2:], kernel_size, kernel_size if stride is None else stride)
    check_finite(xp, x, "x")
    return xp, x, geo


def _windows(xp: ModuleType, x: Any, geo: ConvGeometry) -> Any:
    """Strided view ``(N, C, OH, OW, KH, KW)`` of the pooling windows."""
    n, c = x.shape[:2]
    (oh, ow), (kh, kw), (sh, sw) = geo.out, geo.kernel, geo.stride
    shape = (n, c, oh, ow, kh, kw)
    x = xp.ascontiguousarray(x)
    s = x.strides
    strides = (s[0], s[1], s[2] * sh, s[3] * sw, s[2], s[3])
    if is_numpy(xp):
        return np.lib.stride_tricks.as_strided(x, shape, strides, writeable=False)
    return xp.lib.stride_tricks.as_strided(x, shape, strides)


def _tiled(x: Any, geo: ConvGeometry) -> Any | None:
    """For non-overlapping windows, a free reshape ``(N, C, OH, KH, OW, KW)``."""
    if geo.stride != geo.kernel:
        return None
    n, c = x.shape[:2]
    (oh, ow), (kh, kw) = geo.out, geo.kernel
    return x[:, :, : oh * kh, : ow * kw].reshape(n, c, oh, kh, ow, kw)


def max_pool2d(x: Any, kernel_size: IntPair, stride: IntPair | None = None) -> Any:
    """Maximum over each window.

    x : (N, C, H, W) → y : (N, C, OH, OW), ``OH = (H - KH) // SH + 1``.
    """
    xp, x, geo = _prepare(x, kernel_size, stride)
    tiles = _tiled(x, geo)
    if tiles is not None:
        return tiles.max(axis=(3, 5))
    return _windows(xp, x, geo).max(axis=(4, 5))


def max_pool2d_with_index(x: Any, kernel_size: IntPair, stride: IntPair | None = None) -> tuple[Any, Any]:
    """:func:`max_pool2d` and, per output, the flat in-window index
    ``i*KW + j`` of the first maximum (what the backward pass routes to)."""
    xp, x, geo = _prepare(x, kernel_size, stride)
    n, c = x.shape[:2]
    (oh, ow), (kh, kw) = geo.out, geo.kernel
    tiles = _tiled(x, geo)
    if tiles is not None:
        win = tiles.transpose(0, 1, 2, 4, 3, 5).reshape(n, c, oh, ow, kh * kw)
    else:
        win = _windows(xp, x, geo).reshape(n, c, oh, ow, kh * kw)
    idx = win.argmax(axis=-1)
    y = xp.take_along_axis(win, idx[..., None], axis=-1)[..., 0]
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
    (oh, ow), (kh, kw), (sh, sw) = geo.out, geo.kernel, geo.stride
    dx = xp.zeros((n, c, h, w), dtype=dy.dtype)
    taps = xp.arange(kh * kw).reshape(kh * kw, 1, 1, 1, 1)
    if geo.stride == geo.kernel:
        onehot = (idx[None] == taps) * dy[None]  # (KH*KW, N, C, OH, OW)
        tiles = onehot.reshape(kh, kw, n, c, oh, ow).transpose(2, 3, 4, 0, 5, 1)
        dx[:, :, : oh * kh, : ow * kw] = tiles.reshape(n, c, oh * kh, ow * kw)
        return dx
    for i in range(kh):
        for j in range(kw):
            sel = (idx == i * kw + j) * dy
            dx[:, :, i : i + sh * (oh - 1) + 1 : sh, j : j + sw * (ow - 1) + 1 : sw] += sel
    return dx


def avg_pool2d(x: Any, kernel_size: IntPair, stride: IntPair | None = None) -> Any:
    """Mean over each window: x (N, C, H, W) → y (N, C, OH, OW)."""
    xp, x, geo = _prepare(x, kernel_size, stride)
    tiles = _tiled(x, geo)
    if tiles is not None:
        return tiles.mean(axis=(3, 5))
    return _windows(xp, x, geo).mean(axis=(4, 5))


def avg_pool2d_backward(dy: Any, x: Any, kernel_size: IntPair, stride: IntPair | None = None) -> Any:
    """Gradient of :func:`avg_pool2d`: ``dy`` (N, C, OH, OW) → ``dx`` (N, C, H, W)."""
    xp, x, geo = _prepare(x, kernel_size, stride)
    n, c, h, w = x.shape
    dy = _check_dy(xp, dy, (n, c, *geo.out))
    (oh, ow), (kh, kw), (sh, sw) = geo.out, geo.kernel, geo.stride
    share = dy / (kh * kw)
    dx = xp.zeros(x.shape, dtype=dy.dtype)
    for i in range(kh):
        for j in range(kw):
            dx[:, :, i : i + sh * (oh - 1) + 1 : sh, j : j + sw * (ow - 1) + 1 : sw] += share
    return dx


def _check_dy(xp: ModuleType, dy: Any, expected: tuple) -> Any:
    dy = as_float(xp, dy, float_dtype(xp, dy), "dy")
    if tuple(dy.shape) != tuple(expected):
        raise ValueError(f"dy must have shape {tuple(expected)}, got {tuple(dy.shape)}")
    return dy

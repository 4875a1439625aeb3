"""Reshaping a filter bank when the kernel size, depth or channel count changes.

Pure numpy; the presenter calls these so a student's edited weights survive
a change of shape as far as they can.
"""

from __future__ import annotations

import numpy as np

from cnnviz.core import PRESET_NAMES, preset_kernel


def resize_kernels(w: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Centre-crop or zero-pad each kernel of ``w`` (F, C, KH, KW) to ``size``.

    Returns (F, C, size[0], size[1]) float32; the centre weight stays the centre.
    """
    f, c, kh, kw = w.shape
    nh, nw = size
    out = np.zeros((f, c, nh, nw), np.float32)
    sh, dh = max(0, (kh - nh) // 2), max(0, (nh - kh) // 2)
    sw, dw = max(0, (kw - nw) // 2), max(0, (nw - kw) // 2)
    h, wd = min(kh, nh), min(kw, nw)
    out[:, :, dh : dh + h, dw : dw + wd] = w[:, :, sh : sh + h, sw : sw + wd]
    return out


def rechannel_kernels(w: np.ndarray, channels: int) -> np.ndarray:
    """Give each filter of ``w`` (F, C, KH, KW) ``channels`` input channels.

    The channel sum is spread evenly over the new channels, so a gray picture
    gives the same response whether it arrives as 1 channel or as 3 equal ones.
    Returns (F, channels, KH, KW) float32.
    """
    if w.shape[1] == channels:
        return w.astype(np.float32, copy=True)
    total = w.sum(axis=1, keepdims=True) / channels
    return np.repeat(total, channels, axis=1).astype(np.float32)


def resize_bank(w: np.ndarray, b: np.ndarray, count: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Keep the first ``count`` filters, or add random ones (bias 0) up to ``count``.

    Returns ``w`` (count, C, KH, KW) and ``b`` (count,), float32.
    """
    f, c, kh, kw = w.shape
    if count <= f:
        return w[:count].copy(), b[:count].copy()
    extra = [preset_kernel("random", c, (kh, kw), seed=seed + i) for i in range(f, count)]
    return (
        np.concatenate([w, np.stack(extra)]).astype(np.float32),
        np.concatenate([b, np.zeros(count - f, np.float32)]).astype(np.float32),
    )


def preset_of(kernel: np.ndarray, index: int, hint: str | None = None) -> str | None:
    """The preset whose weights are exactly ``kernel`` (C, KH, KW), or None (custom weights).

    ``index`` is the filter's number (the random preset's seed); ``hint``, the
    preset last applied to it, decides between presets that coincide (every
    smoothing preset is the same 1×1 kernel).
    """
    c, kh, kw = kernel.shape
    names = ([hint] if hint in PRESET_NAMES else []) + [n for n in PRESET_NAMES if n != hint]
    for name in names:
        try:
            reference = preset_kernel(name, c, (kh, kw), seed=index)
        except ValueError:
            continue  # this preset has no kernel of this shape
        if np.array_equal(reference, kernel):
            return name
    return None


def rebuild_for_channels(
    w: np.ndarray, channels: int, hints: dict[int, str] | None = None
) -> tuple[np.ndarray, list[int], list[int]]:
    """Give the filters ``w`` (F, C, KH, KW) ``channels`` input channels, presets first.

    A filter holding a preset is rebuilt from that preset for ``channels``
    channels (Sobel x stays Sobel x). Any other filter gets the sum of its
    channels spread evenly over the new ones (see :func:`rechannel_kernels`).
    Returns the new bank (F, channels, KH, KW) float32, the indices of the
    filters rebuilt from presets and the indices of those spread.
    """
    hints = hints or {}
    f, c, kh, kw = w.shape
    spread = rechannel_kernels(w, channels)
    out = np.empty((f, channels, kh, kw), np.float32)
    rebuilt: list[int] = []
    summed: list[int] = []
    for i in range(f):
        name = preset_of(np.asarray(w[i]), i, hints.get(i))
        kernel = None
        if name is not None:
            try:
                kernel = preset_kernel(name, channels, (kh, kw), seed=i)
            except ValueError:
                kernel = None  # the demo's filters exist for 3 channels only
        if kernel is None:
            out[i] = spread[i]
            summed.append(i)
        else:
            out[i] = kernel
            rebuilt.append(i)
    return out, rebuilt, summed

"""Colours shared by every view: heat-map lookup tables and the tap colours
that link a product in the arithmetic to its input cell and weight."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

PADDING_COLOR = QColor(150, 150, 150)
EMPTY_COLOR = QColor(246, 246, 246)
GRID_COLOR = QColor(120, 120, 120, 160)
FRAME_COLOR = QColor(95, 95, 95)  # around every map: a white (near-zero) map on a white page keeps its edge
WINDOW_COLOR = QColor(230, 120, 0)  # the same orange as the current output: they belong together
CURRENT_COLOR = QColor(230, 120, 0)
FEED_COLOR = QColor(200, 0, 160)
FEED_FILL = QColor(200, 0, 160, 70)


def _ramp(a: tuple[int, int, int], b: tuple[int, int, int], n: int = 256) -> np.ndarray:
    t = np.linspace(0.0, 1.0, n)[:, None]
    return (np.array(a) * (1 - t) + np.array(b) * t).astype(np.uint8)


def diverging_lut() -> np.ndarray:
    """(256, 3) uint8: red for negative, white at the middle, blue for positive."""
    # each half spans its whole ramp, so zero (the middle of symmetric levels) is white
    return np.concatenate(
        [_ramp((214, 60, 50), (255, 255, 255), 128), _ramp((255, 255, 255), (40, 90, 200), 128)]
    )


#: per-channel ramps: white to a soft channel colour, so black numbers stay readable
_CHANNEL_TINTS = ((225, 80, 70), (70, 170, 80), (70, 110, 225))


def channel_lut(channel: int, channels: int) -> np.ndarray:
    """(256, 3) uint8 lookup table for input channel ``channel`` of ``channels``.

    Gray pictures read naturally black to white; the three colour channels
    go from white to a soft red, green and blue.
    """
    if channels == 3:
        return _ramp((255, 255, 255), _CHANNEL_TINTS[channel])
    if channels == 1:
        return _ramp((0, 0, 0), (255, 255, 255))
    return _ramp((255, 255, 255), (90, 90, 90))


def tap_color(t: int, n: int) -> QColor:
    """A distinct, readable colour for kernel tap ``t`` of ``n`` (row-major)."""
    hue = (t * 0.618033988749895) % 1.0 if n > 1 else 0.6
    return QColor.fromHsvF(hue, 0.85, 0.75)


def symmetric_levels(values: np.ndarray) -> tuple[float, float]:
    """Colour levels centred on zero, so zero is always white in a diverging map.

    Large grids use the 99.5th percentile of ``|v|``: a few extreme cells (the
    zero-padded border of a photo, say) must not wash out everything else.
    """
    a = np.abs(values[np.isfinite(values)]) if values.size else np.zeros(0)
    if a.size == 0:
        return (-1.0, 1.0)
    m = float(np.percentile(a, 99.5)) if a.size > 4096 else float(a.max())
    m = m if m > 0 else float(a.max()) or 1.0
    return (-m, m)


def value_levels(values: np.ndarray) -> tuple[float, float]:
    """Levels from 0 (or the minimum, if negative) to the maximum."""
    lo = min(0.0, float(values.min())) if values.size else 0.0
    hi = float(values.max()) if values.size else 1.0
    return (lo, hi if hi > lo else lo + 1.0)

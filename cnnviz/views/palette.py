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


#: the kernel's tap colours, in the arithmetic's term order (row-major taps). Each is at
#: least 4.5:1 (WCAG AA) on white and on :data:`EMPTY_COLOR`; on a heat-map cell the outline
#: sits on a white halo (:data:`TAP_HALO`), so that is its background too. Chosen so every
#: pair stays apart (CIEDE2000 ≥ 11) under protanopia, deuteranopia and tritanopia
#: (Machado et al. 2009): tests/views/test_palette_access.py checks both claims.
TAP_RGB: tuple[tuple[int, int, int], ...] = (
    (221, 7, 64),  # crimson
    (3, 48, 0),  # dark green
    (133, 102, 116),  # mauve grey
    (102, 74, 255),  # violet blue
    (72, 90, 0),  # olive
    (0, 126, 72),  # green
    (23, 28, 104),  # navy
    (122, 0, 61),  # burgundy
    (31, 80, 107),  # petrol
)
#: the same taps on a dark background (the high-contrast theme's arithmetic): ≥ 4.5:1 on
#: :data:`DARK_BACKGROUND`, each of a hue close to its light twin, as far apart as the light ones
TAP_RGB_DARK: tuple[tuple[int, int, int], ...] = (
    (255, 20, 20),
    (156, 163, 127),
    (197, 184, 190),
    (169, 92, 249),
    (51, 144, 48),
    (161, 229, 171),
    (130, 124, 154),
    (242, 20, 142),
    (118, 182, 218),
)
TAP_HALO = QColor(255, 255, 255)  # drawn under a tap's outline on a heat-map cell
DARK_BACKGROUND = QColor(18, 18, 18)  # the high-contrast theme's page


def tap_color(t: int, n: int, dark: bool = False) -> QColor:
    """The colour of kernel tap ``t`` of ``n`` (row-major; the arithmetic's ``t``-th product).

    Nine colours: a larger kernel repeats them (tap ``t`` and ``t + 9`` look alike), which
    is why every tap also carries its number (:func:`tap_label`). ``dark`` gives the twin
    drawn on a dark background.
    """
    rgb = (TAP_RGB_DARK if dark else TAP_RGB)[t % len(TAP_RGB)]
    return QColor(*rgb)


def tap_label(t: int) -> str:
    """The number marked on tap ``t``: its place in the arithmetic's sum, from 1."""
    return str(t + 1)


def dark_twin(color: QColor) -> QColor:
    """``color``'s twin for a dark background if it is a tap colour, else ``color``."""
    rgb = (color.red(), color.green(), color.blue())
    return QColor(*TAP_RGB_DARK[TAP_RGB.index(rgb)]) if rgb in TAP_RGB else color


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

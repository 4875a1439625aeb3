"""The tap colours are readable and tell apart for every student (issue 14).

- Contrast: WCAG 2.1 relative luminance and contrast ratio, AA (≥ 4.5:1) for each
  tap colour on every background it is drawn on: white (the arithmetic, the filter
  panel, and the white halo under a tap's outline on a heat-map cell), the panels'
  grey (EMPTY_COLOR), and every heat-map cell at least as light as that grey; the
  dark twins on the high-contrast theme's page and panel.
- Colour vision: Machado, Oliveira & Fernandes (2009), "A physiologically-based
  model for simulation of color vision deficiency", IEEE TVCG 15(6) — their
  severity-1.0 matrices for protanopia, deuteranopia and tritanopia, applied to
  linear RGB; distances in CIELAB (D65) with CIEDE2000 (Sharma, Wu & Dalal 2005),
  checked against that paper's test pairs.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtGui import QColor

from cnnviz.views.arithmetic_view import TEXT
from cnnviz.views.palette import (
    EMPTY_COLOR,
    FEED_COLOR,
    TAP_HALO,
    TAP_RGB,
    TAP_RGB_DARK,
    WINDOW_COLOR,
    channel_lut,
    dark_twin,
    diverging_lut,
    tap_color,
    tap_label,
)
from cnnviz.views.theme import HIGH_CONTRAST, LIGHT

AA = 4.5
MIN_DELTA_E = 10.0  # CIEDE2000 between any two taps shown together, under every simulation
MIN_DELTA_E_NORMAL = 15.0  # with typical colour vision
MIN_DELTA_E_OTHERS = 9.0  # a tap against the other marks and text drawn beside it

MACHADO = {  # severity 1.0, linear RGB in and out
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
VISIONS = ("normal", *MACHADO)
SRGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
D65 = np.array([0.95047, 1.0, 1.08883])


# -- colour science ------------------------------------------------------------------------
def linear(rgb) -> np.ndarray:
    """sRGB 0..255 → linear 0..1 (IEC 61966-2-1)."""
    c = np.asarray(rgb, float) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(rgb) -> np.ndarray:
    return linear(rgb) @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a, b) -> float:
    la, lb = float(luminance(a)), float(luminance(b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def lab(rgb, vision: str = "normal") -> np.ndarray:
    """CIELAB (D65) of ``rgb`` as seen with ``vision``."""
    lin = linear(rgb)
    if vision != "normal":
        lin = np.clip(lin @ MACHADO[vision].T, 0.0, 1.0)
    xyz = lin @ SRGB_TO_XYZ.T / D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def delta_e2000(lab1, lab2) -> np.ndarray:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), broadcasting over leading axes."""
    l1, a1, b1 = np.moveaxis(np.asarray(lab1, float), -1, 0)
    l2, a2, b2 = np.moveaxis(np.asarray(lab2, float), -1, 0)
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p, h2p = np.degrees(np.arctan2(b1, a1p)) % 360, np.degrees(np.arctan2(b2, a2p)) % 360
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(c1p * c2p == 0, 0.0, dh)
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_mean, cp_mean, h_sum = (l1 + l2) / 2, (c1p + c2p) / 2, h1p + h2p
    h_mean = np.where(
        c1p * c2p == 0,
        h_sum,
        np.where(
            np.abs(h1p - h2p) <= 180, h_sum / 2, np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2)
        ),
    )
    t = (
        1
        - 0.17 * np.cos(np.radians(h_mean - 30))
        + 0.24 * np.cos(np.radians(2 * h_mean))
        + 0.32 * np.cos(np.radians(3 * h_mean + 6))
        - 0.20 * np.cos(np.radians(4 * h_mean - 63))
    )
    rotation = 30 * np.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(cp_mean**7 / (cp_mean**7 + 25.0**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    r_t = -np.sin(np.radians(2 * rotation)) * r_c
    return np.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h))


def rgb(color: QColor) -> tuple[int, int, int]:
    return (color.red(), color.green(), color.blue())


# -- the checkers are right ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # Sharma, Wu & Dalal (2005), table 1, pairs 1, 7, 13 and 17
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ],
)
def test_delta_e2000_matches_the_published_test_data(lab1, lab2, expected):
    assert delta_e2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_contrast_ratio_matches_wcag_examples():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)  # the AA grey


def test_simulations_collapse_what_they_should():
    """Red and green look alike to a deuteranope, blue and green to a tritanope."""
    red, green = (200, 60, 60), (110, 130, 50)
    assert delta_e2000(lab(red, "deuteranopia"), lab(green, "deuteranopia")) < 0.35 * delta_e2000(
        lab(red), lab(green)
    )
    assert np.allclose(lab((255, 255, 255), "protanopia"), lab((255, 255, 255)), atol=0.6)  # white stays


# -- contrast ----------------------------------------------------------------------------------
def light_backgrounds() -> list[tuple[int, int, int]]:
    """What a tap colour is drawn on: white (the arithmetic, the filter panel, the halo under
    an outline on a heat-map cell), the panels' grey, and every heat-map cell at least as
    light as that grey (where an outline's halo is thinnest against the cell)."""
    found = {rgb(QColor(255, 255, 255)), rgb(TAP_HALO), rgb(EMPTY_COLOR), rgb(LIGHT.page), rgb(LIGHT.panel)}
    floor = float(luminance(rgb(EMPTY_COLOR)))
    luts = [diverging_lut(), channel_lut(0, 1), channel_lut(0, 2)] + [channel_lut(c, 3) for c in range(3)]
    for lut in luts:
        found |= {tuple(int(v) for v in row) for row in lut if luminance(row) >= floor}
    return sorted(found)


def test_the_light_backgrounds_include_heat_map_cells():
    backgrounds = light_backgrounds()
    assert len(backgrounds) > 5  # white, grey and the palest cells of each map
    assert (255, 255, 255) in backgrounds and rgb(EMPTY_COLOR) in backgrounds


@pytest.mark.parametrize("t", range(len(TAP_RGB)))
def test_each_tap_colour_meets_aa_on_every_light_background(t):
    worst = min(contrast(TAP_RGB[t], bg) for bg in light_backgrounds())
    assert worst >= AA, f"tap {t} {TAP_RGB[t]}: {worst:.2f}:1"


@pytest.mark.parametrize("t", range(len(TAP_RGB_DARK)))
def test_each_dark_twin_meets_aa_on_the_high_contrast_page(t):
    for bg in (rgb(HIGH_CONTRAST.page), rgb(HIGH_CONTRAST.panel)):
        assert contrast(TAP_RGB_DARK[t], bg) >= AA, (t, bg)


def test_the_arithmetic_text_meets_aa_in_the_high_contrast_theme():
    panel = rgb(HIGH_CONTRAST.panel)
    for color in (HIGH_CONTRAST.text, HIGH_CONTRAST.muted, HIGH_CONTRAST.result):
        assert contrast(rgb(color), panel) >= AA


# -- colour vision ---------------------------------------------------------------------------
def _min_pair(colors: list[tuple[int, int, int]], vision: str) -> float:
    labs = lab(np.array(colors), vision)
    return min(float(delta_e2000(labs[i], labs[j])) for i, j in itertools.combinations(range(len(colors)), 2))


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("n", range(2, 10))
def test_taps_of_a_kernel_stay_apart_under_each_colour_vision(n, vision):
    """Every pair of the ``n`` colours a kernel of ``n`` taps (up to 3×3) shows together."""
    for dark in (False, True):
        colors = [rgb(tap_color(t, n, dark)) for t in range(n)]
        assert len(set(colors)) == n
        floor = MIN_DELTA_E_NORMAL if vision == "normal" else MIN_DELTA_E
        assert _min_pair(colors, vision) >= floor, (n, vision, dark)


@pytest.mark.parametrize("vision", VISIONS)
def test_taps_stay_apart_from_the_marks_and_text_beside_them(vision):
    """The window's orange and the hover magenta drawn on the same cells, and the arithmetic's
    plain text (the "+" and "=" between the products). Labels, notes and the result are told
    apart by their place (left of a row, after "="), not by colour, so they are not counted."""
    light = [rgb(WINDOW_COLOR), rgb(FEED_COLOR), rgb(TEXT)]
    dark = [rgb(HIGH_CONTRAST.text)]
    for taps, others in ((TAP_RGB, light), (TAP_RGB_DARK, dark)):
        d = delta_e2000(lab(np.array(taps), vision)[:, None], lab(np.array(others), vision)[None])
        assert float(d.min()) >= MIN_DELTA_E_OTHERS, vision


def test_larger_kernels_repeat_the_nine_colours_and_number_every_tap():
    n = 25
    assert [rgb(tap_color(t, n)) for t in range(9, 18)] == [rgb(tap_color(t, n)) for t in range(9)]
    assert [tap_label(t) for t in range(n)] == [str(t + 1) for t in range(n)]


def test_each_tap_colour_has_its_dark_twin():
    for t in range(9):
        assert rgb(dark_twin(tap_color(t, 9))) == rgb(tap_color(t, 9, dark=True))
    assert rgb(dark_twin(QColor(1, 2, 3))) == (1, 2, 3)  # not a tap colour: unchanged

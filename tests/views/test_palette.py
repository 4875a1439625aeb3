"""Colour maps: zero is white in the diverging map, so signs read at a glance."""

from __future__ import annotations

import numpy as np

from cnnviz.views.palette import channel_lut, diverging_lut, symmetric_levels


def _colour(lut, levels, v):
    lo, hi = levels
    return lut[int(np.clip((v - lo) / (hi - lo) * 255, 0, 255))]


def test_diverging_map_is_white_at_zero_red_below_blue_above():
    lut = diverging_lut()
    levels = symmetric_levels(np.array([-3.0, 1.0]))
    assert levels == (-3.0, 3.0)
    assert _colour(lut, levels, 0.0).min() >= 250
    r, g, b = _colour(lut, levels, -3.0).astype(int)
    assert r > b + 100
    r, g, b = _colour(lut, levels, 3.0).astype(int)
    assert b > r + 100


def test_channel_maps():
    assert channel_lut(0, 1)[0].tolist() == [0, 0, 0] and channel_lut(0, 1)[-1].tolist() == [255, 255, 255]
    reds = channel_lut(0, 3)
    assert reds[0].tolist() == [255, 255, 255] and reds[-1][0] > reds[-1][2]

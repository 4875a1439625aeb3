"""Numbers and sums written the way the article writes them."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core import ConvTrace, format_channel_sum, format_number, format_products, format_total


@pytest.mark.parametrize(
    "value, text",
    [
        (0, "0"),
        (3, "3"),
        (3.0, "3"),
        (-1, "-1"),
        (-1.0, "-1"),
        (-0.0, "0"),
        (np.float32(2.0), "2"),
        (np.int64(-7), "-7"),
        (0.5, "0.5"),
        (-0.25, "-0.25"),
        (1 / 3, "0.333"),
        (-2 / 3, "-0.667"),
        (1.2345, "1.234"),  # at most 3 decimals (round-half-even of the binary value)
        (2.0004, "2"),
        (2.9996, "3"),
        (np.float32(0.1), "0.1"),  # float32 noise is not shown
        (123456.5, "123456.5"),
        (0.0001234, "0.000123"),  # tiny but non-zero: not written as 0
        (-0.0004, "-0.0004"),
    ],
)
def test_format_number(value, text):
    assert format_number(value) == text


def test_format_number_non_finite_does_not_raise():
    assert format_number(float("nan")) == "nan"
    assert format_number(float("inf")) == "inf"
    assert format_number(float("-inf")) == "-inf"


def _step(window, weights, bias=0.0):
    x = np.array(window, dtype=np.float64)[None]
    w = np.array(weights, dtype=np.float64)[None, None]
    return ConvTrace(x, w, np.array([bias]))[0]


def test_format_products_row_by_row_with_bare_negatives():
    step = _step([[1, 2], [3, 4]], [[-1, 0.5], [2, -0.25]])
    assert format_products(step, 0) == "-1*1 + 0.5*2 + 2*3 + -0.25*4"
    assert format_channel_sum(step, 0) == "-1*1 + 0.5*2 + 2*3 + -0.25*4 = 5"


def test_format_products_with_fractions():
    step = _step([[1 / 3, 0.5]], [[3, -1]])
    assert format_products(step, 0) == "3*0.333 + -1*0.5"
    # 3*0.333 + -1*0.5 is 0.499 as written: the rounding rule says ≈
    assert format_channel_sum(step, 0) == "3*0.333 + -1*0.5 ≈ 0.5"


def test_format_total_brackets_negative_terms():
    x = np.array([[[1.0]], [[2.0]], [[0.0]]])
    w = np.array([[[[1.0]], [[-1.5]], [[4.0]]]])
    step = ConvTrace(x, w, np.array([-2.0]))[0]
    assert format_total(step) == "1 + (-3) + 0 + (-2) = -4"


def test_format_products_rejects_a_missing_channel():
    step = _step([[1]], [[1]])
    with pytest.raises(IndexError, match=r"channel 1 is outside 0\.\.0"):
        format_products(step, 1)
    with pytest.raises(IndexError):
        format_products(step, -1)

"""The stage formatters' exact strings and the one rounding rule."""

from __future__ import annotations

import re
from decimal import Decimal, Inexact, localcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnviz.core import (
    ConvTrace,
    LinearTrace,
    PoolTrace,
    ReluTrace,
    SoftmaxTrace,
    format_channel_sum,
    format_linear,
    format_pool,
    format_relu,
    format_softmax,
    format_total,
    split_equation,
)

SEED_C = [[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]


def test_max_pooling_of_example_c():
    trace = PoolTrace(np.array([SEED_C]), 2)
    assert [format_pool(s) for s in trace] == [
        "max(1, 1, 5, 6) = 6",
        "max(2, 4, 7, 8) = 8",
        "max(3, 2, 1, 2) = 3",
        "max(1, 0, 3, 4) = 4",
    ]


def test_average_pooling_writes_the_mean_of_the_shown_terms():
    trace = PoolTrace(np.array([SEED_C]), 2, mode="avg")
    assert format_pool(trace[0]) == "(1 + 1 + 5 + 6) / 4 = 3.25"
    assert format_pool(PoolTrace(np.array([[[1, -2], [0, 0]]]), 2, mode="avg")[0]) == (
        "(1 + (-2) + 0 + 0) / 4 = -0.25"
    )
    assert format_pool(PoolTrace(np.array([[[1, 0, 0]]]), (1, 3), mode="avg")[0]) == (
        "(1 + 0 + 0) / 3 ≈ 0.333"
    )


def test_relu():
    trace = ReluTrace(np.array([[[-0.42, 0.5, 0]]]))
    assert [format_relu(s) for s in trace] == ["max(0, -0.42) = 0", "max(0, 0.5) = 0.5", "max(0, 0) = 0"]


def test_linear_short_in_weight_order():
    step = LinearTrace(np.array([2.0, 3.0, 1.0]), np.array([[0.5, -1.0, 0.2]]), np.array([-0.6]))[0]
    assert format_linear(step) == "0.5*2 + -1*3 + 0.2*1 + (-0.6) (bias) = -2.4"
    assert format_linear(step, bias_label="偏置").endswith("(-0.6) (偏置) = -2.4")


def test_linear_long_shows_the_largest_terms_then_the_rest():
    x = np.ones(256)
    w = np.full(256, 0.001)
    big = {3: 2.0, 7: -3.0, 100: 1.5, 200: -0.5}
    for i, v in big.items():
        w[i] = v
    step = LinearTrace(x, w[None], np.array([0.25]))[0]
    text = format_linear(step, max_terms=4)
    assert text == "2*1 + -3*1 + 1.5*1 + -0.5*1 + … + 252 more terms (sum 0.252) + 0.25 (bias) = 0.502"
    many = format_linear(step)
    assert many.startswith("0.001*1 + 0.001*1 + 0.001*1 + 2*1 + 0.001*1 + ")  # ties: lower index first
    assert "… + 246 more terms (sum 0.246)" in many
    one = LinearTrace(np.ones(3), np.array([[1.0, 2.0, 0.5]]))[0]
    assert format_linear(one, max_terms=2) == "1*1 + 2*1 + … + 1 more term (sum 0.5) + 0 (bias) = 3.5"
    words = format_linear(one, max_terms=2, more_label=lambda n, s: f"另 {n} 项（和 {s}）")
    assert "… + 另 1 项（和 0.5）" in words
    with pytest.raises(ValueError, match="max_terms"):
        format_linear(one, max_terms=0)


def test_softmax_plain_form():
    trace = SoftmaxTrace(np.array([2.0, 1.0, 0.1]))
    assert format_softmax(trace[0]) == "exp(2) / (exp(2) + exp(1) + exp(0.1)) ≈ 0.659"
    assert format_softmax(SoftmaxTrace(np.zeros(4))[1]) == (
        "exp(0) / (exp(0) + exp(0) + exp(0) + exp(0)) = 0.25"
    )
    assert format_softmax(SoftmaxTrace(np.array([3.0]))[0]) == "exp(3) / exp(3) = 1"


def test_softmax_with_many_classes_is_shortened():
    z = np.arange(12.0)
    text = format_softmax(SoftmaxTrace(z)[0], max_terms=3)
    assert text.startswith("exp(0) / (exp(0) + exp(10) + exp(11) + … + 9 more terms (sum ")
    assert " ≈ " in text
    equal = format_softmax(SoftmaxTrace(np.zeros(20))[5], max_terms=4)
    assert equal == "exp(0) / (exp(0) + exp(0) + exp(0) + exp(0) + … + 16 more terms (sum 16)) = 0.05"


def _conv_step(channel_sums, bias):
    x = np.ones((len(channel_sums), 1, 1))
    w = np.array(channel_sums, dtype=np.float64).reshape(1, -1, 1, 1)
    return ConvTrace(x, w, np.array([bias]))[0]


def test_total_of_issue_13_says_approximately():
    step = _conv_step([0.0706, 0.0, -0.0784], 0.0)
    assert format_total(step) == "0.071 + 0 + (-0.078) + 0 ≈ -0.008"
    assert split_equation(format_total(step)) == ("0.071 + 0 + (-0.078) + 0", "≈", "-0.008")
    assert format_total(_conv_step([1, -1, 0], 1)) == "1 + (-1) + 0 + 1 = 1"


def test_channel_sum_of_exact_decimals_stays_equal():
    step = ConvTrace(np.array([[[0.5, 0.25]]]), np.array([[[[0.1, 2.0]]]]))[0]
    assert format_channel_sum(step, 0) == "0.1*0.5 + 2*0.25 = 0.55"


def test_split_equation_needs_a_sign():
    assert split_equation("max(0, -1) = 0") == ("max(0, -1)", "=", "0")
    with pytest.raises(ValueError):
        split_equation("1 + 2")


# -- the rule, checked on random numbers --------------------------------------

PRODUCT = re.compile(r"^(\S+)\*(\S+)$")
HIDDEN = re.compile(r"\(sum (\S+)\)$")
BIAS = re.compile(r"^\(?(\S+?)\)? \(bias\)$")


def _shown_sum(lhs: str) -> Decimal:
    """Add up what the line shows, reading every number as an exact decimal."""
    total = Decimal(0)
    for part in lhs.split(" + "):
        if part == "…":
            continue
        if m := PRODUCT.match(part):
            total += Decimal(m[1]) * Decimal(m[2])
        elif m := HIDDEN.search(part):
            total += Decimal(m[1])
        elif m := BIAS.match(part):
            total += Decimal(m[1])
        else:
            total += Decimal(part.strip("()"))
    return total


def _assert_true_as_written(text: str) -> None:
    lhs, sign, rhs = split_equation(text)
    with localcontext() as ctx:
        ctx.prec, ctx.traps[Inexact] = 2000, True  # exact decimal arithmetic, or an error
        adds_up = _shown_sum(lhs) == Decimal(rhs)
    assert sign == ("=" if adds_up else "≈"), text


numbers = st.one_of(
    st.integers(-9, 9).map(float),
    st.floats(-20, 20, allow_nan=False).map(lambda v: round(v, 3)),
    st.floats(-2, 2, allow_nan=False),
)


@settings(max_examples=200, deadline=None)
@given(x=st.lists(numbers, min_size=1, max_size=14), data=st.data())
def test_linear_lines_are_true_as_written_or_say_approximately(x, data):
    w = data.draw(st.lists(numbers, min_size=len(x), max_size=len(x)))
    b = data.draw(numbers)
    max_terms = data.draw(st.integers(1, 12))
    step = LinearTrace(np.array(x), np.array([w]), np.array([b]))[0]
    _assert_true_as_written(format_linear(step, max_terms))


@settings(max_examples=200, deadline=None)
@given(sums=st.lists(numbers, min_size=1, max_size=4), bias=numbers)
def test_totals_and_channel_sums_are_true_as_written_or_say_approximately(sums, bias):
    step = _conv_step(sums, bias)
    _assert_true_as_written(format_total(step))
    _assert_true_as_written(format_channel_sum(step, 0))


@settings(max_examples=200, deadline=None)
@given(values=st.lists(numbers, min_size=4, max_size=4))
def test_averages_are_true_as_written_or_say_approximately(values):
    step = PoolTrace(np.array(values).reshape(1, 2, 2), 2, mode="avg")[0]
    lhs, sign, rhs = split_equation(format_pool(step))
    inner, count = lhs.rsplit(" / ", 1)
    with localcontext() as ctx:
        ctx.prec, ctx.traps[Inexact] = 2000, True  # exact decimal arithmetic, or an error
        exact = _shown_sum(inner[1:-1]) == Decimal(rhs) * int(count)
    assert sign == ("=" if exact else "≈")

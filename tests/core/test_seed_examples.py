"""The article's worked numbers (shared/SEED.md) reproduced by the core."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core import (
    ConvTrace,
    conv2d,
    format_channel_sum,
    format_products,
    format_total,
    linear,
    load_demo,
    max_pool2d,
    preset_kernel,
    sigmoid,
)

# -- example A ---------------------------------------------------------------

A_FILTER = [[4, 0, 0], [0, 0, 0], [0, 0, -4]]
A_WINDOW = [[0, 0, 0], [0, 1, 1], [0, 1, 2]]


def test_example_a_conv2d_gives_minus_8():
    y = conv2d(np.array(A_WINDOW)[None, None], np.array(A_FILTER)[None, None])
    assert y.shape == (1, 1, 1, 1)
    assert y[0, 0, 0, 0] == -8


def test_example_a_trace_writes_the_article_sum():
    trace = ConvTrace(np.array(A_WINDOW)[None], np.array(A_FILTER)[None, None])
    assert len(trace) == 1
    step = trace[0]
    assert step.value == -8
    assert format_channel_sum(step, 0) == "4*0 + 0*0 + 0*0 + 0*0 + 0*1 + 0*1 + 0*0 + 0*1 + -4*2 = -8"


def test_example_a_preset_is_the_article_filter():
    np.testing.assert_array_equal(preset_kernel("example_a", channels=1)[0], A_FILTER)


# -- example B: the 7×7×3 demo -------------------------------------------------

B_WINDOWS = [
    [[0, 0, 0], [0, 0, 1], [0, 0, 1]],
    [[0, 0, 0], [0, 1, 1], [0, 0, 2]],
    [[0, 0, 0], [0, 2, 0], [0, 0, 0]],
]
B_WEIGHTS = [
    [[1, 1, -1], [-1, 0, 1], [-1, -1, 0]],
    [[-1, 0, -1], [0, 0, -1], [1, -1, 0]],
    [[0, 1, 0], [1, 0, 1], [0, -1, 1]],
]
B_PRODUCTS = [
    "1*0 + 1*0 + -1*0 + -1*0 + 0*0 + 1*1 + -1*0 + -1*0 + 0*1",
    "-1*0 + 0*0 + -1*0 + 0*0 + 0*1 + -1*1 + 1*0 + -1*0 + 0*2",
    "0*0 + 1*0 + 0*0 + 1*0 + 0*2 + 1*0 + 0*0 + -1*0 + 1*0",
]


@pytest.fixture
def demo_trace() -> ConvTrace:
    x, w, b, stride, padding = load_demo()
    return ConvTrace(x, w, b, stride=stride, padding=padding)


def test_demo_shapes_and_parameters():
    x, w, b, stride, padding = load_demo()
    assert x.shape == (3, 5, 5) and w.shape == (2, 3, 3, 3) and b.shape == (2,)
    assert x.dtype == w.dtype == b.dtype == np.float32
    assert (stride, padding) == (2, 1)
    assert b[0] == 1 and b[1] == 0  # b0 from the article, b1 = 0 by choice
    # cs231n style: small whole numbers
    assert set(np.unique(x)) <= {0, 1, 2}
    assert set(np.unique(w)) <= {-1, 0, 1}


def test_demo_first_step_matches_article(demo_trace):
    step = demo_trace[0]
    assert (step.filter, step.row, step.col) == (0, 0, 0)
    np.testing.assert_array_equal(step.window, B_WINDOWS)
    np.testing.assert_array_equal(step.weights, B_WEIGHTS)
    np.testing.assert_array_equal(step.products, np.array(B_WINDOWS) * np.array(B_WEIGHTS))
    np.testing.assert_array_equal(step.channel_sums, [1, -1, 0])
    assert step.bias == 1
    assert step.value == 1
    for c, text in enumerate(B_PRODUCTS):
        assert format_products(step, c) == text
    assert format_channel_sum(step, 1) == B_PRODUCTS[1] + " = -1"
    assert format_total(step) == "1 + (-1) + 0 + 1 = 1"


def test_demo_next_step_one_stride_right_gives_zero(demo_trace):
    step = demo_trace[1]
    assert (step.filter, step.row, step.col) == (0, 0, 1)
    assert step.origin == (0, 2)
    assert step.value == 0


def test_demo_has_18_steps_filter_major(demo_trace):
    assert len(demo_trace) == 18
    order = [(s.filter, s.row, s.col) for s in demo_trace]
    assert order == [(f, r, c) for f in range(2) for r in range(3) for c in range(3)]
    assert demo_trace.out_shape == (2, 3, 3)


def test_demo_trace_output_equals_conv2d(demo_trace):
    x, w, b, stride, padding = load_demo()
    y = conv2d(x[None], w, b, stride=stride, padding=padding)[0]
    assert y.shape == (2, 3, 3)
    np.testing.assert_array_equal(demo_trace.output, y)
    values = np.array([s.value for s in demo_trace]).reshape(2, 3, 3)
    np.testing.assert_array_equal(values, y)
    assert y[0, 0, 0] == 1 and y[0, 0, 1] == 0


def test_demo_filters_are_presets():
    _, w, _, _, _ = load_demo()
    np.testing.assert_array_equal(preset_kernel("demo_w0", channels=3), w[0])
    np.testing.assert_array_equal(preset_kernel("demo_w1", channels=3), w[1])


# -- example C: max pooling -------------------------------------------------------


def test_example_c_max_pool():
    x = np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]])
    y = max_pool2d(x[None, None], 2, 2)
    np.testing.assert_array_equal(y[0, 0], [[6, 8], [3, 4]])
    np.testing.assert_array_equal(max_pool2d(x[None, None], 2)[0, 0], [[6, 8], [3, 4]])


# -- the sigmoid AND neuron ---------------------------------------------------------


def test_sigmoid_and_neuron_table():
    # SEED.md §1: b = -30, w1 = w2 = 20 computes logical AND
    inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    z = linear(inputs, np.array([[20.0, 20.0]]), np.array([-30.0]))[:, 0]
    np.testing.assert_array_equal(z, [-30, -10, -10, 10])
    g = sigmoid(z)
    np.testing.assert_allclose(g, [9.357623e-14, 4.539787e-05, 4.539787e-05, 0.9999546], rtol=1e-6)
    np.testing.assert_array_equal(np.round(g), [0, 0, 0, 1])  # ≈ 0, ≈ 0, ≈ 0, ≈ 1

"""The backward-pass lesson's helpers: loss, upstream, update, gradient check."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from cnnviz.core import (
    GradientCheck,
    WeightGradTrace,
    conv2d,
    gradient_check,
    half_squared_error,
    load_demo,
    ones_upstream,
    sgd_update,
    upstream_loss,
)


def test_half_squared_error_and_its_gradient():
    loss, dy = half_squared_error(np.array([[1.0, 2.0], [0.0, -1.0]]), np.array([[0.0, 0.0], [0.0, 1.0]]))
    assert loss == 0.5 * (1 + 4 + 0 + 4) == 4.5
    np.testing.assert_array_equal(dy, [[1.0, 2.0], [0.0, -2.0]])
    _, dy32 = half_squared_error(np.ones(3, np.float32), np.zeros(3, np.float32))
    assert dy32.dtype == np.float32
    with pytest.raises(ValueError, match=r"target must have the output's shape \(2,\), got \(3,\)"):
        half_squared_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="non-finite"):
        half_squared_error(np.zeros(2), np.array([0.0, np.nan]))


def test_ones_upstream():
    dy = ones_upstream((2, 3, 3))
    assert dy.shape == (2, 3, 3) and dy.dtype == np.float32 and (dy == 1).all()
    assert ones_upstream((1, 2), np.float64).dtype == np.float64
    with pytest.raises(ValueError, match="negative"):
        ones_upstream((2, -1))


def test_sgd_update_steps_against_the_gradient_and_leaves_w_alone():
    w = np.array([1.0, -2.0, 0.5], np.float32)
    new = sgd_update(w, np.array([1.0, 1.0, -2.0], np.float32), 0.5)
    np.testing.assert_array_equal(new, [0.5, -2.5, 1.5])
    assert new.dtype == np.float32
    np.testing.assert_array_equal(w, [1.0, -2.0, 0.5])


@pytest.mark.parametrize("lr", [0, -0.1, math.nan, math.inf, -math.inf, "fast", None])
def test_sgd_update_refuses_a_bad_learning_rate(lr):
    with pytest.raises(ValueError, match="learning rate"):
        sgd_update(np.zeros(2), np.zeros(2), lr)  # type: ignore[arg-type]


def test_sgd_update_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match=r"dw must have w's shape \(2,\), got \(3,\)"):
        sgd_update(np.zeros(2), np.zeros(3), 0.1)


def test_apply_update_lowers_the_target_loss_on_the_demo():
    x, w, b, stride, padding = load_demo()
    target = np.zeros((2, 3, 3), np.float32)
    loss, dy = upstream_loss(x, w, b, target, stride=stride, padding=padding)
    y = conv2d(x[None], w, b, stride=stride, padding=padding)[0]
    assert loss == pytest.approx(0.5 * float((y.astype(np.float64) ** 2).sum()))
    np.testing.assert_array_equal(dy, y)
    dw = WeightGradTrace(x, w, dy, stride=stride, padding=padding).dw
    new_w = sgd_update(w, dw, 1e-3)
    after, _ = upstream_loss(x, new_w, b, target, stride=stride, padding=padding)
    assert after < loss
    # the first-order prediction: the loss falls by about lr·|dw|²
    assert loss - after == pytest.approx(1e-3 * float((dw.astype(np.float64) ** 2).sum()), rel=0.1)


@pytest.mark.parametrize(
    "geo",
    [
        dict(),
        dict(stride=2, padding=1),
        dict(stride=(1, 3), padding=(2, 0), dilation=(2, 1)),
    ],
)
def test_gradient_check_agrees_on_random_float64_data(geo):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 7, 8))
    w = rng.standard_normal((3, 2, 3, 2))
    w_before = w.copy()
    b = rng.standard_normal(3)
    y = conv2d(x[None], w, b, **geo)[0]
    t = rng.standard_normal(y.shape)
    _, dy = upstream_loss(x, w, b, t, **geo)
    trace = WeightGradTrace(x, w, dy, **geo)
    for index in [(0, 0, 0, 0), (1, 1, 2, 1), (2, 0, 1, 0)]:
        check = gradient_check(x, w, b, t, index, **geo)
        assert isinstance(check, GradientCheck)
        assert check.relative_difference < 1e-6
        assert check.analytic == pytest.approx(trace[trace.index(*index)].value, rel=1e-12)
        assert check.numerical == (check.loss_plus - check.loss_minus) / (2 * check.eps)
        assert check.eps == 1e-3
    np.testing.assert_array_equal(w, w_before)  # the caller's weights are untouched


def test_gradient_check_on_the_float32_demo_runs_in_float64():
    x, w, b, stride, padding = load_demo()
    check = gradient_check(x, w, b, np.zeros((2, 3, 3)), (0, 0, 1, 1), stride=stride, padding=padding)
    assert check.relative_difference < 1e-9
    with pytest.raises(dataclasses.FrozenInstanceError):
        check.eps = 1  # type: ignore[misc]


def test_gradient_check_refuses_bad_arguments():
    x, w, b, stride, padding = load_demo()
    t = np.zeros((2, 3, 3))
    with pytest.raises(ValueError, match="eps"):
        gradient_check(x, w, b, t, (0, 0, 0, 0), stride=stride, padding=padding, eps=0)
    with pytest.raises(IndexError, match=r"weight \(2, 0, 0, 0\) is outside 2×3×3×3"):
        gradient_check(x, w, b, t, (2, 0, 0, 0), stride=stride, padding=padding)
    with pytest.raises(ValueError, match="target must have the output's shape"):
        gradient_check(x, w, b, np.zeros((2, 5, 5)), (0, 0, 0, 0), stride=stride, padding=padding)


def test_gradient_check_of_the_sum_of_outputs_matches_the_window_sum():
    """With ``t`` None the loss is Σ y, whose upstream is all ones: ∂L/∂w is the
    sum of the inputs the weight met, and the central difference agrees."""
    from cnnviz.core import WeightGradTrace, gradient_check, load_demo, ones_upstream

    d = load_demo()
    check = gradient_check(d.x, d.w, d.b, None, (0, 0, 1, 1), stride=2, padding=1)
    trace = WeightGradTrace(d.x, d.w, ones_upstream((2, 3, 3)), stride=2, padding=1)
    step = trace[trace.index(0, 0, 1, 1)]
    assert check.analytic == pytest.approx(step.value) == pytest.approx(float(step.inputs.sum()))
    assert check.relative_difference < 1e-9

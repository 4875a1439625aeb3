"""Activations, the fully-connected layer, softmax and cross-entropy."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from core_refs import FAST, numerical_grad, ref_cross_entropy, ref_linear, ref_sigmoid, ref_softmax_row
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cnnviz.core import (
    cross_entropy,
    get_xp,
    linear,
    linear_backward,
    log_softmax,
    relu,
    relu_backward,
    sigmoid,
    softmax,
    tanh,
    to_numpy,
)

finite = st.floats(-50, 50, allow_nan=False, width=64)


# -- relu ------------------------------------------------------------------


@FAST
@given(x=hnp.arrays(np.float64, hnp.array_shapes(max_dims=4, max_side=4), elements=finite))
def test_relu_and_backward_match_reference(xp, x):
    y = to_numpy(relu(xp.asarray(x)))
    assert y.dtype == np.float64
    expected = np.array([v if v > 0 else 0.0 for v in x.ravel()]).reshape(x.shape)
    np.testing.assert_array_equal(y, expected)
    dy = np.arange(x.size, dtype=np.float64).reshape(x.shape) + 1.0
    dx = relu_backward(xp.asarray(dy), xp.asarray(x))
    assert get_xp(dx) is xp
    expected_dx = np.array([g if v > 0 else 0.0 for g, v in zip(dy.ravel(), x.ravel())]).reshape(x.shape)
    np.testing.assert_array_equal(to_numpy(dx), expected_dx)


def test_relu_backward_matches_finite_differences_and_zero_at_kink():
    x = np.array([[-2.0, -0.5, 0.3, 1.7], [0.0, 4.0, -1e-3, 2e-3]])
    dy = np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])
    away = x != 0
    num = numerical_grad(lambda: float((relu(x) * dy).sum()), x, eps=1e-5)
    dx = relu_backward(dy, x)
    np.testing.assert_allclose(dx[away], num[away], atol=1e-8)
    assert dx[1, 0] == 0.0  # the kink takes the subgradient 0, as torch does


def test_relu_float32_default():
    assert relu(np.array([1, -2, 3])).dtype == np.float32
    with pytest.raises(ValueError, match="dy shape"):
        relu_backward(np.ones(3), np.ones(4))


# -- sigmoid and tanh ------------------------------------------------------


@FAST
@given(x=hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(-800, 800, allow_nan=False)))
def test_sigmoid_matches_reference_without_warnings(xp, x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            y = to_numpy(sigmoid(xp.asarray(x)))
    np.testing.assert_allclose(y, [ref_sigmoid(v) for v in x], rtol=1e-12, atol=1e-300)
    assert np.all((y >= 0) & (y <= 1))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_saturates_cleanly_at_large_magnitudes(dtype):
    x = np.array([-1e4, -1000.0, -20.0, 0.0, 20.0, 1000.0, 1e4], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            y = sigmoid(x)
    assert y.dtype == dtype
    assert np.all(np.isfinite(y))
    assert y[0] == 0.0 and y[-1] == 1.0 and y[3] == 0.5
    np.testing.assert_allclose(y[[2, 4]], [ref_sigmoid(-20.0), ref_sigmoid(20.0)], rtol=1e-6, atol=0)


def test_tanh_matches_math_tanh(xp):
    x = np.linspace(-30, 30, 61)
    y = to_numpy(tanh(xp.asarray(x)))
    np.testing.assert_allclose(y, [math.tanh(v) for v in x], rtol=1e-14, atol=0)
    assert tanh(np.array([1, 2])).dtype == np.float32


# -- linear ------------------------------------------------------------------


@FAST
@given(
    n=st.integers(1, 4),
    i=st.integers(1, 5),
    o=st.integers(1, 4),
    seed=st.integers(0, 10**6),
    with_bias=st.booleans(),
)
def test_linear_and_backward_match_reference(xp, n, i, o, seed, with_bias):
    rng = np.random.default_rng(seed)
    x, w, b = rng.standard_normal((n, i)), rng.standard_normal((o, i)), rng.standard_normal(o)
    bias = b if with_bias else None
    y = linear(xp.asarray(x), xp.asarray(w), None if bias is None else xp.asarray(bias))
    assert get_xp(y) is xp
    np.testing.assert_allclose(to_numpy(y), ref_linear(x, w, bias), rtol=1e-12, atol=1e-12)
    dy = rng.standard_normal((n, o))
    dx, dw, db = (to_numpy(a) for a in linear_backward(xp.asarray(dy), xp.asarray(x), xp.asarray(w)))
    ref_dx = [[sum(dy[r, k] * w[k, c] for k in range(o)) for c in range(i)] for r in range(n)]
    ref_dw = [[sum(dy[r, k] * x[r, c] for r in range(n)) for c in range(i)] for k in range(o)]
    ref_db = [sum(dy[r, k] for r in range(n)) for k in range(o)]
    np.testing.assert_allclose(dx, ref_dx, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dw, ref_dw, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(db, ref_db, rtol=1e-12, atol=1e-12)


def test_linear_backward_matches_finite_differences():
    rng = np.random.default_rng(1)
    x, w, b = rng.standard_normal((3, 5)), rng.standard_normal((4, 5)), rng.standard_normal(4)
    dy = rng.standard_normal((3, 4))

    def loss() -> float:
        return float((linear(x, w, b) * dy).sum())

    dx, dw, db = linear_backward(dy, x, w)
    np.testing.assert_allclose(dx, numerical_grad(loss, x), rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(dw, numerical_grad(loss, w), rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(db, numerical_grad(loss, b), rtol=1e-7, atol=1e-8)


def test_linear_dtypes_and_shape_errors():
    assert linear(np.ones((2, 3), np.int32), np.ones((4, 3), np.int32)).dtype == np.float32
    assert linear(np.ones((2, 3)), np.ones((4, 3), np.float32)).dtype == np.float64
    with pytest.raises(ValueError, match=r"x has 3 features.*w expects 2"):
        linear(np.ones((2, 3)), np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"b must have shape \(4,\), got \(3,\)"):
        linear(np.ones((2, 3)), np.ones((4, 3)), np.ones(3))
    with pytest.raises(ValueError, match=r"x must have 2 axes"):
        linear(np.ones((2, 3, 1)), np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"dy \(2, 5\)"):
        linear_backward(np.ones((2, 5)), np.ones((2, 3)), np.ones((4, 3)))
    with pytest.raises(ValueError, match="non-finite"):
        linear(np.array([[1.0, np.nan, 0.0]]), np.ones((4, 3)))
    with pytest.raises(ValueError, match="b contains 1 non-finite"):
        linear(np.ones((2, 3)), np.ones((4, 3)), np.array([0, np.inf, 0, 0]))


# -- softmax and cross-entropy ------------------------------------------------


@FAST
@given(
    x=hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 4), st.integers(1, 6)),
        elements=st.floats(-1e3, 1e3, allow_nan=False),
    )
)
def test_softmax_matches_reference_and_rows_sum_to_one(xp, x):
    y = to_numpy(softmax(xp.asarray(x)))
    np.testing.assert_allclose(y, [ref_softmax_row(r) for r in x.tolist()], rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=1e-12)
    ref_log = [[v - max(r) - math.log(sum(math.exp(u - max(r)) for u in r)) for v in r] for r in x.tolist()]
    np.testing.assert_allclose(to_numpy(log_softmax(xp.asarray(x))), ref_log, rtol=1e-12, atol=1e-9)


def test_softmax_large_logits_and_axis():
    x = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0]], dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = softmax(x)
    assert y.dtype == np.float32 and np.all(np.isfinite(y))
    np.testing.assert_allclose(y[0], ref_softmax_row([0.0, 1.0, 2.0]), rtol=1e-6)
    np.testing.assert_allclose(y[1], ref_softmax_row([2.0, 1.0, 0.0]), rtol=1e-6)
    cols = softmax(x.astype(np.float64), axis=0)
    np.testing.assert_allclose(cols.sum(axis=0), 1.0)
    np.testing.assert_allclose(cols[:, 0], ref_softmax_row([1000.0, -1000.0]))


@FAST
@given(
    n=st.integers(1, 5), k=st.integers(2, 6), seed=st.integers(0, 10**6), scale=st.sampled_from([1.0, 30.0])
)
def test_cross_entropy_loss_and_gradient_match_reference(xp, n, k, seed, scale):
    rng = np.random.default_rng(seed)
    logits = rng.standard_normal((n, k)) * scale
    labels = rng.integers(0, k, size=n)
    loss, grad = cross_entropy(xp.asarray(logits), labels)
    assert isinstance(loss, float)
    assert get_xp(grad) is xp
    assert loss == pytest.approx(ref_cross_entropy(logits, labels), rel=1e-12, abs=1e-12)
    # d loss / d logits = (softmax - onehot) / n, written out per element
    expected = [
        [(p - (1.0 if j == labels[r] else 0.0)) / n for j, p in enumerate(ref_softmax_row(row))]
        for r, row in enumerate(logits.tolist())
    ]
    np.testing.assert_allclose(to_numpy(grad), expected, rtol=1e-10, atol=1e-14)


def test_cross_entropy_gradient_matches_finite_differences():
    rng = np.random.default_rng(12)
    logits = rng.standard_normal((4, 5))
    labels = np.array([0, 4, 2, 2])
    _, grad = cross_entropy(logits, labels)
    num = numerical_grad(lambda: cross_entropy(logits, labels)[0], logits)
    np.testing.assert_allclose(grad, num, rtol=1e-6, atol=1e-9)


def test_cross_entropy_is_a_mean_over_the_batch():
    logits = np.array([[2.0, 0.0, -1.0], [0.5, 0.5, 3.0]])
    labels = np.array([0, 1])
    loss, grad = cross_entropy(logits, labels)
    loss2, grad2 = cross_entropy(np.concatenate([logits, logits]), np.concatenate([labels, labels]))
    assert loss2 == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(grad2[:2], grad / 2, rtol=1e-12)
    single = [cross_entropy(logits[i : i + 1], labels[i : i + 1])[0] for i in range(2)]
    assert loss == pytest.approx(sum(single) / 2, rel=1e-12)
    # a uniform prediction costs log(K)
    assert cross_entropy(np.zeros((3, 4)), [0, 1, 3])[0] == pytest.approx(math.log(4))


def test_cross_entropy_perfect_prediction_is_plus_zero():
    loss, _ = cross_entropy(np.array([[0.0, 200.0]]), [1])
    assert loss == 0.0 and math.copysign(1.0, loss) == 1.0  # never shown as "-0.0000"


def test_cross_entropy_large_logits_stay_finite():
    loss, grad = cross_entropy(np.array([[1e4, 0.0], [0.0, 1e4]], dtype=np.float32), [1, 1])
    assert loss == pytest.approx(1e4 / 2, rel=1e-6)
    assert np.all(np.isfinite(grad))


@pytest.mark.parametrize(
    "labels, message",
    [
        ([0, 3], r"labels must lie in 0\.\.2 for 3 classes, got values 0\.\.3"),
        ([-1, 0], r"labels must lie in 0\.\.2"),
        ([0, 1, 2], r"labels must have shape \(2,\), got \(3,\)"),
        ([[0, 1]], r"labels must have shape \(2,\)"),
        ([0.5, 1.0], r"labels must be integers"),
        (["a", "b"], r"labels must be integers"),
    ],
)
def test_cross_entropy_rejects_bad_labels(labels, message):
    with pytest.raises(ValueError, match=message):
        cross_entropy(np.zeros((2, 3)), labels)


def test_cross_entropy_rejects_bad_logits():
    with pytest.raises(ValueError, match=r"logits must have 2 axes"):
        cross_entropy(np.zeros(3), [0])
    with pytest.raises(ValueError, match="at least one sample"):
        cross_entropy(np.zeros((0, 3)), [])

"""Bad input gets a ValueError naming the parameter and the shapes, never a wrong answer."""

from __future__ import annotations

import re

import numpy as np
import pytest

from cnnviz.core import (
    ConvTrace,
    avg_pool2d,
    conv2d,
    conv2d_backward,
    max_pool2d,
    relu,
    sigmoid,
)

X = np.ones((1, 3, 7, 7), np.float32)
W = np.ones((2, 3, 3, 3), np.float32)


def _raises(message: str):
    return pytest.raises(ValueError, match=re.escape(message))


def test_mismatched_channels_name_both_shapes():
    with _raises("x has 3 channels (shape (1, 3, 7, 7)) but w expects 2 (shape (2, 2, 3, 3))"):
        conv2d(X, np.ones((2, 2, 3, 3)))
    with _raises("x has 3 channels"):
        ConvTrace(X[0], np.ones((2, 2, 3, 3)))


def test_kernel_larger_than_padded_input():
    x = np.ones((1, 1, 5, 5))
    with _raises("kernel 5×5 (dilated 9×9) does not fit the padded input 7×7"):
        conv2d(x, np.ones((1, 1, 5, 5)), padding=1, dilation=2)
    with _raises("kernel 9×2 does not fit the padded input 7×9 (input 5×5, padding 1×2)"):
        conv2d(x, np.ones((1, 1, 9, 2)), padding=(1, 2))
    with _raises("kernel 6×6 does not fit the padded input 5×5"):
        ConvTrace(x[0], np.ones((1, 1, 6, 6)))
    with _raises("kernel 3×3 does not fit the padded input 2×5"):
        max_pool2d(np.ones((1, 1, 2, 5)), 3)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"stride": 0}, "stride must be at least 1, got 0×0"),
        ({"stride": (1, -2)}, "stride must be at least 1, got 1×-2"),
        ({"dilation": 0}, "dilation must be at least 1, got 0×0"),
        ({"padding": -1}, "padding must not be negative, got -1×-1"),
        ({"padding": (0, -3)}, "padding must not be negative, got 0×-3"),
        ({"stride": (1, 2, 3)}, "stride must be an int or an (h, w) pair, got (1, 2, 3)"),
        ({"padding": 1.5}, "padding must be an int or an (h, w) pair, got 1.5"),
        ({"dilation": True}, "dilation must be an int or an (h, w) pair, got True"),
        ({"stride": "2"}, "stride must be an int or an (h, w) pair"),
    ],
)
def test_bad_geometry_parameters(kwargs, message):
    with _raises(message):
        conv2d(X, W, **kwargs)
    with _raises(message):
        conv2d_backward(np.ones((1, 2, 5, 5)), X, W, **kwargs)
    with _raises(message):
        ConvTrace(X[0], W, **kwargs)


def test_bad_pool_parameters():
    x = np.ones((1, 1, 4, 4))
    with _raises("stride must be at least 1, got 0×0"):
        max_pool2d(x, 2, 0)
    with _raises("kernel size must be at least 1×1, got 0×0"):
        avg_pool2d(x, 0)
    with _raises("x must have 4 axes (N, C, H, W), got shape (4, 4)"):
        max_pool2d(x[0, 0], 2)


@pytest.mark.parametrize(
    "x, w, message",
    [
        (np.ones((3, 7, 7)), W, "x must have 4 axes (N, C, H, W), got shape (3, 7, 7)"),
        (X, np.ones((3, 3, 3)), "w must have 4 axes (F, C, KH, KW), got shape (3, 3, 3)"),
        (np.ones((1, 1, 3, 7, 7)), W, "x must have 4 axes (N, C, H, W), got shape (1, 1, 3, 7, 7)"),
    ],
)
def test_wrong_ndim(x, w, message):
    with _raises(message):
        conv2d(x, w)


def test_trace_wants_one_image():
    with _raises("x must have 3 axes (C, H, W), got shape (1, 3, 7, 7)"):
        ConvTrace(X, W)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_values_are_rejected(bad):
    x = X.copy()
    x[0, 1, 2, 3] = bad
    with _raises("x contains 1 non-finite value (NaN or infinity) in shape (1, 3, 7, 7)"):
        conv2d(x, W)
    with _raises("x contains 1 non-finite value"):
        ConvTrace(x[0], W)
    w = W.copy()
    w[1, 0, 0, 0] = w[0, 2, 2, 2] = bad
    with _raises("w contains 2 non-finite values (NaN or infinity) in shape (2, 3, 3, 3)"):
        conv2d(X, w)
    with _raises("b contains 1 non-finite value"):
        conv2d(X, W, np.array([0.0, bad]))
    with _raises("b contains 1 non-finite value"):
        ConvTrace(X[0], W, np.array([0.0, bad]))
    dy = np.ones((1, 2, 5, 5))
    dy[0, 0, 0, 0] = bad
    with _raises("dy contains 1 non-finite value"):
        conv2d_backward(dy, X, W)
    with _raises("x contains 1 non-finite value"):
        max_pool2d(x, 2)


def test_large_but_finite_values_are_accepted():
    # the quick finiteness check overflows here; the full check must let it through
    x = np.full((1, 3, 7, 7), 1e30, np.float32)
    y = conv2d(x, W * 1e-3)
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y, 27e27, rtol=1e-5)


def test_bad_bias_shape():
    with _raises("b must have shape (2,) for 2 filters, got (3,)"):
        conv2d(X, W, np.zeros(3))
    with _raises("b must have shape (2,) for 2 filters, got (1, 2)"):
        conv2d(X, W, np.zeros((1, 2)))
    with _raises("b must have shape (2,), got (3,)"):
        ConvTrace(X[0], W, np.zeros(3))


def test_bad_dy_shape_for_backward():
    with _raises("dy must have shape (1, 2, 5, 5), got (1, 2, 7, 7)"):
        conv2d_backward(np.ones((1, 2, 7, 7)), X, W)


@pytest.mark.parametrize("bad", [np.array([1 + 2j]), np.array(["a"]), np.array([True]), np.array([None])])
def test_non_numeric_data_is_rejected(bad):
    with pytest.raises(ValueError, match="x must hold real numbers"):
        relu(bad)
    with pytest.raises(ValueError, match="x must hold real numbers"):
        sigmoid(bad)


def test_non_numeric_conv_inputs_are_rejected():
    with pytest.raises(ValueError, match="w must hold real numbers, got dtype complex128"):
        conv2d(X, W.astype(np.complex128))
    with pytest.raises(ValueError, match="x must hold real numbers, got dtype bool"):
        conv2d(X.astype(bool), W)


def test_empty_arrays_are_rejected():
    with pytest.raises(ValueError, match="must not be empty"):
        conv2d(np.ones((0, 3, 7, 7)), W)
    with pytest.raises(ValueError, match="must not be empty"):
        conv2d(X, np.ones((0, 3, 3, 3)))

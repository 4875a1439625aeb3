"""NetworkUpstream: the network's real gradient at a convolution's output, checked against
the model's own backward pass and central differences in float64."""

from __future__ import annotations

import numpy as np
import pytest
from core_refs import strided_model
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnviz.core import (
    Conv2d,
    NetworkUpstream,
    conv2d,
    conv2d_backward,
    cross_entropy,
    forward_trace,
    gradient_check,
    make_cnn,
    sgd_update,
    to_numpy,
)


def _numerical(up: NetworkUpstream, y: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    grad = np.zeros_like(y)
    for idx in np.ndindex(*y.shape):
        plus, minus = y.copy(), y.copy()
        plus[idx] += eps
        minus[idx] -= eps
        grad[idx] = (up.loss_and_grad(plus)[0] - up.loss_and_grad(minus)[0]) / (2 * eps)
    return grad


@settings(max_examples=25, deadline=None)
@given(
    blocks=st.integers(1, 2),
    pool=st.sampled_from(["max", "avg", "none"]),
    kernel=st.sampled_from([1, 3, 5]),
    hidden=st.sampled_from([0, 5]),
    seed=st.integers(0, 10_000),
    which=st.integers(0, 1),
)
def test_gradient_matches_central_differences(blocks, pool, kernel, hidden, seed, which):
    model = make_cnn(
        (1, 8, 8), 3, filters=2, kernel_size=kernel, pool=pool, hidden=hidden, blocks=blocks, seed=seed
    )
    x = np.random.default_rng(seed).standard_normal((1, 8, 8)).astype(np.float32)
    convs = [i for i, layer in enumerate(model.layers) if isinstance(layer, Conv2d)]
    layer = convs[min(which, len(convs) - 1)]
    up = NetworkUpstream(model, x, seed % 3, layer)
    # away from the ReLU kinks and max-pool ties the loss is smooth in y
    y = up.output + np.random.default_rng(seed + 1).uniform(-0.05, 0.05, up.output.shape)
    loss, dy = up.loss_and_grad(y)
    assert dy.shape == y.shape and dy.dtype == np.float64
    np.testing.assert_allclose(dy, _numerical(up, y), rtol=1e-5, atol=1e-8)
    assert loss == pytest.approx(up.loss_and_grad(y)[0])


@pytest.mark.parametrize("layer", [0, 3])
def test_weight_gradient_equals_the_models_own_backward(layer):
    model = strided_model(3)
    x = np.random.default_rng(5).standard_normal((2, 21, 17)).astype(np.float32)
    label = 2
    logits = model.forward(x[None])
    loss, dlogits = cross_entropy(logits, np.array([label]))
    model.backward(dlogits)
    up = NetworkUpstream(model, x, label, layer)
    assert up.loss == pytest.approx(loss, rel=1e-5)
    records = forward_trace(model, x)
    lay = model.layers[layer]
    _, dw, db = conv2d_backward(
        up.loss_and_grad(up.output)[1][None],
        np.asarray(records[layer].input, np.float64)[None],
        np.asarray(lay.weight.value, np.float64),
        stride=lay.stride,
        padding=lay.padding,
    )
    np.testing.assert_allclose(to_numpy(dw), to_numpy(lay.weight.grad), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(to_numpy(db), to_numpy(lay.bias.grad), rtol=1e-4, atol=1e-6)


def test_loss_is_minus_log_probability_of_the_label():
    model = strided_model(1)
    x = np.random.default_rng(2).standard_normal((2, 21, 17))
    up = NetworkUpstream(model, x, 1, 0)
    assert up.loss == pytest.approx(-np.log(up.probabilities[1]), rel=1e-6)
    assert up.predicted() == int(np.argmax(up.probabilities))
    assert up.shape == up.output.shape and up.name == "conv1"


def test_some_channels_stand_for_the_whole_output():
    model = strided_model(7)
    x = np.random.default_rng(8).standard_normal((2, 21, 17))
    up = NetworkUpstream(model, x, 0, 0)
    y = up.output + 0.01
    for f in range(up.shape[0]):
        full = np.array(up.output)
        full[f] = y[f]
        loss_all, dy_all = up.loss_and_grad(full)
        loss_one, dy_one = up.loss_and_grad(y[[f]], [f])
        assert loss_one == pytest.approx(loss_all)
        np.testing.assert_allclose(dy_one, dy_all[[f]])


def test_a_small_step_on_one_filter_lowers_the_networks_loss():
    model = make_cnn((1, 8, 8), 4, filters=3, kernel_size=3, seed=11)
    x = np.random.default_rng(12).standard_normal((1, 8, 8)).astype(np.float32)
    records = forward_trace(model, x)
    conv = model.layers[0]
    w, b = np.array(conv.weight.value, np.float64), np.array(conv.bias.value, np.float64)
    up = NetworkUpstream(model, x, 1, 0)
    xin = np.asarray(records[0].input, np.float64)[None]
    f = 1
    yf = to_numpy(conv2d(xin, w[[f]], b[[f]], padding=1))[0]
    loss, dy = up.loss_and_grad(yf, [f])
    _, dw, db = conv2d_backward(dy[None], xin, w[[f]], padding=1)
    w2, b2 = sgd_update(w[[f]], to_numpy(dw), 0.05), sgd_update(b[[f]], to_numpy(db), 0.05)
    after, _ = up.loss_and_grad(to_numpy(conv2d(xin, w2, b2, padding=1))[0], [f])
    assert after < loss


def test_gradient_check_takes_the_networks_loss():
    model = strided_model(9)
    x = np.random.default_rng(10).standard_normal((2, 21, 17))
    records = forward_trace(model, x)
    up = NetworkUpstream(model, x, 2, 3)
    f = 1
    lay = model.layers[3]
    result = gradient_check(
        records[3].input,
        np.asarray(lay.weight.value)[[f]],
        np.asarray(lay.bias.value)[[f]],
        None,
        (0, 2, 1, 1),
        padding=2,
        loss=lambda y: up.loss_and_grad(y, [f]),
    )
    assert result.relative_difference < 1e-5
    assert result.analytic != 0
    with pytest.raises(ValueError, match="not both"):
        gradient_check(
            records[3].input,
            np.asarray(lay.weight.value)[[f]],
            None,
            np.zeros((1, 7, 6)),
            (0, 0, 0, 0),
            padding=2,
            loss=lambda y: up.loss_and_grad(y, [f]),
        )


def test_bad_requests_are_refused_in_words():
    model = strided_model(1)
    x = np.zeros((2, 21, 17))
    with pytest.raises(ValueError, match="not a convolution"):
        NetworkUpstream(model, x, 0, 1)
    with pytest.raises(ValueError, match="not a convolution"):
        NetworkUpstream(model, x, 0, 99)
    with pytest.raises(ValueError, match="label"):
        NetworkUpstream(model, x, 3, 0)
    up = NetworkUpstream(model, x, 0, 0)
    with pytest.raises(ValueError, match="shape"):
        up.loss_and_grad(np.zeros((1, 2, 2)))
    with pytest.raises(ValueError, match="channels"):
        up.loss_and_grad(up.output[[0]], [5])
    with pytest.raises(ValueError):
        up.loss_and_grad(np.full(up.shape, np.nan))

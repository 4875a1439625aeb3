"""LinearTrace and SoftmaxTrace: one neuron / one class at a time."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnnviz.core.traces.linear as linear_module
from cnnviz.core import LinearTrace, SoftmaxTrace, linear, softmax


@settings(max_examples=30, deadline=None)
@given(n_in=st.integers(1, 12), n_out=st.integers(1, 6), seed=st.integers(0, 2**16), bias=st.booleans())
def test_every_neuron_matches_linear(n_in, n_out, seed, bias):
    rng = np.random.default_rng(seed)
    x = rng.integers(-4, 5, n_in).astype(np.float64)
    w = rng.integers(-3, 4, (n_out, n_in)).astype(np.float64)
    b = rng.integers(-2, 3, n_out).astype(np.float64) if bias else None
    trace = LinearTrace(x, w, b)
    expected = linear(x[None], w, b)[0]
    assert len(trace) == n_out and trace.out_shape == (n_out,)
    np.testing.assert_array_equal(trace.output, expected)
    for k, step in enumerate(trace):
        assert trace.position(k) == (k,) and trace.index(k) == k == step.index == step.neuron
        np.testing.assert_array_equal(step.inputs, x)
        np.testing.assert_array_equal(step.weights, w[k])
        np.testing.assert_array_equal(step.terms, w[k] * x)
        assert step.bias == (0 if b is None else b[k])
        assert step.value == expected[k]  # integers: exact
    assert trace.feeds(0) == [(o,) for o in range(n_out)]


def test_float32_values_agree_with_the_op():
    rng = np.random.default_rng(1)
    trace = LinearTrace(
        rng.standard_normal(300).astype(np.float32),
        rng.standard_normal((10, 300)).astype(np.float32),
        rng.standard_normal(10).astype(np.float32),
    )
    assert trace.x.dtype == np.float32
    np.testing.assert_allclose([s.value for s in trace], trace.output, rtol=1e-5, atol=1e-5)


def test_steps_are_frozen_and_read_only():
    step = LinearTrace(np.array([2.0, 3.0]), np.array([[0.5, -1.0]]), np.array([0.2]))[0]
    assert step.value == pytest.approx(-1.8)
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.bias = 0  # type: ignore[misc]
    for a in (step.inputs, step.weights, step.terms):
        with pytest.raises(ValueError):
            a[0] = 9


def test_bad_shapes_are_explained():
    with pytest.raises(ValueError, match="x has 3 features but w expects 2"):
        LinearTrace(np.zeros(3), np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"b must have shape \(4,\)"):
        LinearTrace(np.zeros(2), np.zeros((4, 2)), np.zeros(3))
    with pytest.raises(ValueError, match=r"\(IN,\)"):
        LinearTrace(np.zeros((1, 2)), np.zeros((4, 2)))
    with pytest.raises(IndexError):
        LinearTrace(np.zeros(2), np.zeros((4, 2))).index(4)


def test_a_neuron_of_a_wide_layer_does_not_compute_the_layer(monkeypatch):
    monkeypatch.setattr(linear_module, "linear", lambda *a: (_ for _ in ()).throw(AssertionError))
    trace = LinearTrace(np.ones(4096, np.float32), np.ones((1024, 4096), np.float32))
    assert trace[-1].value == 4096
    assert trace._output is None


# -- softmax ---------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(z=st.lists(st.floats(-50, 50), min_size=1, max_size=12))
def test_every_class_matches_softmax(z):
    z = np.array(z)
    trace = SoftmaxTrace(z)
    assert len(trace) == z.size
    np.testing.assert_allclose([s.probability for s in trace], softmax(z), rtol=1e-12, atol=1e-300)
    np.testing.assert_array_equal(trace.output, softmax(z))
    for k, step in enumerate(trace):
        assert trace.index(*trace.position(k)) == k == step.cls
        assert step.shift == z.max()
        assert step.exp == pytest.approx(np.exp(z[k] - z.max()))
        assert step.total == pytest.approx(np.exp(z - z.max()).sum())
        assert step.probability == pytest.approx(step.exp / step.total)


def test_softmax_is_stable_for_huge_logits():
    trace = SoftmaxTrace(np.array([1000.0, 999.0, -1000.0]))
    assert trace[0].probability == pytest.approx(1 / (1 + np.exp(-1)))
    assert trace[2].probability == 0
    assert np.isfinite(trace[0].total)

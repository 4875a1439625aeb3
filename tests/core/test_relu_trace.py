"""ReluTrace / ReluStep: one cell through max(0, x) at a time."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import cnnviz.core.traces.relu as relu_module
from cnnviz.core import ReluTrace, relu

volumes = arrays(
    np.float64,
    st.tuples(st.integers(1, 3), st.integers(1, 5), st.integers(1, 5)),
    elements=st.floats(-5, 5, allow_nan=False),
)


@settings(max_examples=30, deadline=None)
@given(x=volumes)
def test_every_step_matches_relu(x):
    trace = ReluTrace(x)
    assert trace.out_shape == x.shape
    assert len(trace) == x.size
    np.testing.assert_array_equal(trace.output, relu(x))
    for k, step in enumerate(trace):
        c, r, col = trace.position(k)
        assert (step.index, step.channel, step.row, step.col) == (k, c, r, col)
        assert trace.index(c, r, col) == k
        assert step.input == x[c, r, col]
        assert step.value == max(0.0, x[c, r, col]) == trace.output[c, r, col]
        assert trace.feeds(c, r, col) == [(r, col)]


def test_steps_run_channel_major_then_row_then_column():
    trace = ReluTrace(np.arange(-6.0, 6.0).reshape(2, 2, 3))
    assert [trace.position(k) for k in (0, 1, 3, 6, 11)] == [
        (0, 0, 0),
        (0, 0, 1),
        (0, 1, 0),
        (1, 0, 0),
        (1, 1, 2),
    ]
    assert [s.value for s in trace][:7] == [0, 0, 0, 0, 0, 0, 0]
    assert trace[-1].value == 5


def test_steps_are_frozen_and_arrays_read_only():
    trace = ReluTrace(np.array([[[-0.42]]], dtype=np.float32))
    step = trace[0]
    assert step.input == pytest.approx(-0.42) and step.value == 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.value = 1  # type: ignore[misc]
    with pytest.raises(ValueError):
        trace.x[0, 0, 0] = 1
    assert trace.x.dtype == np.float32


def test_bad_inputs_and_indices():
    with pytest.raises(ValueError, match=r"\(C, H, W\)"):
        ReluTrace(np.zeros(3))
    with pytest.raises(ValueError, match="non-finite"):
        ReluTrace(np.array([[[np.inf]]]))
    trace = ReluTrace(np.zeros((1, 2, 2)))
    with pytest.raises(IndexError):
        trace[4]
    with pytest.raises(IndexError):
        trace.index(1, 0, 0)
    with pytest.raises(IndexError):
        trace.feeds(0, 2, 0)


def test_a_step_of_a_large_input_does_not_rectify_everything(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the whole output was computed")

    monkeypatch.setattr(relu_module, "relu", refuse)
    x = np.full((8, 1024, 1024), -1.0, dtype=np.float32)
    trace = ReluTrace(x)
    assert trace[trace.index(7, 1000, 3)].value == 0
    assert trace._output is None

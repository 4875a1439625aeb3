"""PoolTrace / PoolStep: one pooling window at a time, against nested loops."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cnnviz.core.traces.pool as pool_module
from cnnviz.core import PoolTrace, avg_pool2d, max_pool2d

SEED_C = [[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]
CASES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ref_pool(x, kernel, stride, mode):
    """Nested loops: the value, the first maximum in raster order, the window."""
    (kh, kw), (sh, sw) = kernel, stride
    c_, h, w = x.shape
    out = {}
    r = 0
    while r * sh + kh <= h:
        col = 0
        while col * sw + kw <= w:
            for c in range(c_):
                cells = [(i, j) for i in range(kh) for j in range(kw)]
                vals = [float(x[c, r * sh + i, col * sw + j]) for i, j in cells]
                if mode == "max":
                    best = 0
                    for t in range(1, len(vals)):
                        if vals[t] > vals[best]:
                            best = t
                    out[c, r, col] = (vals[best], cells[best])
                else:
                    out[c, r, col] = (sum(vals) / len(vals), None)
            col += 1
        r += 1
    return out


@st.composite
def pool_setups(draw):
    c = draw(st.integers(1, 3))
    h, w = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    kh, kw = draw(st.integers(1, h)), draw(st.integers(1, w))
    sh, sw = draw(st.integers(1, 5)), draw(st.integers(1, 5))  # often larger than the kernel
    levels = draw(st.integers(1, 3))  # few distinct values: many ties
    vals = draw(st.lists(st.integers(0, levels - 1), min_size=c * h * w, max_size=c * h * w))
    x = np.array(vals, dtype=np.float64).reshape(c, h, w) - 1
    kernel = draw(st.sampled_from([(kh, kw), kh])) if kh == kw else (kh, kw)
    return x, kernel, (sh, sw), draw(st.sampled_from(["max", "avg"]))


@CASES
@given(setup=pool_setups())
def test_every_step_matches_the_loop_reference(setup):
    x, kernel, stride, mode = setup
    trace = PoolTrace(x, kernel, stride, mode=mode)
    kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
    ref = ref_pool(x, (kh, kw), stride, mode)
    c_, oh, ow = trace.out_shape
    assert len(trace) == len(ref) == c_ * oh * ow
    op = max_pool2d if mode == "max" else avg_pool2d
    np.testing.assert_array_equal(trace.output, op(x[None], kernel, stride)[0])
    for k, step in enumerate(trace):
        c, r, col = trace.position(k)
        assert (step.index, step.channel, step.row, step.col) == (k, c, r, col)
        assert trace.index(c, r, col) == k
        assert trace.position(k - len(trace)) == (c, r, col)
        value, argmax = ref[c, r, col]
        assert step.value == pytest.approx(value, abs=1e-12)
        assert step.value == trace.output[c, r, col]
        assert step.argmax == argmax
        assert step.origin == (r * stride[0], col * stride[1])
        top, left = step.origin
        np.testing.assert_array_equal(step.window, x[c, top : top + kh, left : left + kw])
        assert step.mode == mode


@CASES
@given(setup=pool_setups())
def test_feeds_lists_every_window_that_covers_a_cell(setup):
    x, kernel, stride, mode = setup
    trace = PoolTrace(x, kernel, stride, mode=mode)
    kh, kw = trace.kernel
    _, oh, ow = trace.out_shape
    for i in range(x.shape[1]):
        for j in range(x.shape[2]):
            expected = [
                (r, c)
                for r in range(oh)
                for c in range(ow)
                if r * stride[0] <= i < r * stride[0] + kh and c * stride[1] <= j < c * stride[1] + kw
            ]
            assert trace.feeds(0, i, j) == expected


def test_seed_example_c_gives_6_8_3_4():
    trace = PoolTrace(np.array([SEED_C]), 2, 2)
    assert len(trace) == 4
    assert [s.value for s in trace] == [6, 8, 3, 4]
    assert [s.argmax for s in trace] == [(1, 1), (1, 1), (0, 0), (1, 1)]
    np.testing.assert_array_equal(trace.output, [[[6, 8], [3, 4]]])
    assert trace.stride == (2, 2) and trace.kernel == (2, 2)


def test_stride_defaults_to_the_kernel():
    trace = PoolTrace(np.zeros((1, 6, 6)), (3, 2))
    assert trace.stride == (3, 2)
    assert trace.out_shape == (1, 2, 3)


def test_ties_go_to_the_first_maximum_in_raster_order():
    step = PoolTrace(np.array([[[0, 5], [5, 5]]]), 2)[0]
    assert step.argmax == (0, 1)


def test_average_pooling_has_no_argmax_and_matches_the_op_in_float32():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 9, 9)).astype(np.float32)
    trace = PoolTrace(x, 3, 2, mode="avg")
    assert trace.x.dtype == np.float32
    values = np.array([s.value for s in trace], dtype=np.float32).reshape(trace.out_shape)
    np.testing.assert_array_equal(values, trace.output)  # bit for bit
    assert trace[0].argmax is None


def test_steps_are_frozen_and_read_only():
    trace = PoolTrace(np.array([SEED_C], dtype=np.float32), 2)
    step = trace[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.value = 0  # type: ignore[misc]
    for a in (step.window, trace.x, trace.output):
        with pytest.raises(ValueError):
            a[...] = 0


def test_input_is_copied():
    x = np.array([SEED_C], dtype=np.float64)
    trace = PoolTrace(x, 2)
    x[:] = 100
    assert trace[0].value == 6


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(kernel=5), r"5×5 pooling window is larger than the 4×4 input"),
        (dict(kernel=(2, 5)), r"2×5 pooling window is larger than the 4×4 input"),
        (dict(kernel=0), r"at least 1×1"),
        (dict(kernel=2, stride=0), r"stride must be at least 1"),
        (dict(kernel=2, mode="mean"), r"'mean'"),
        (dict(kernel=2.5), r"pooling window must be an int"),
    ],
)
def test_bad_settings_are_explained(kwargs, message):
    with pytest.raises(ValueError, match=message):
        PoolTrace(np.array([SEED_C]), **kwargs)


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match=r"3 axes \(C, H, W\)"):
        PoolTrace(np.zeros((4, 4)), 2)
    with pytest.raises(ValueError, match="non-finite"):
        PoolTrace(np.full((1, 2, 2), np.nan), 2)


def test_out_of_range_steps_and_cells():
    trace = PoolTrace(np.array([SEED_C]), 2)
    with pytest.raises(IndexError, match=r"step 4 is outside 0\.\.3"):
        trace[4]
    with pytest.raises(IndexError, match=r"step -5 is outside"):
        trace[-5]
    assert trace[-1].value == 4
    with pytest.raises(IndexError, match="outside 1×2×2"):
        trace.index(0, 2, 0)
    with pytest.raises(IndexError):
        trace.feeds(1, 0, 0)


def test_a_step_of_a_large_input_does_not_pool_everything(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the whole output was computed")

    monkeypatch.setattr(pool_module, "max_pool2d", refuse)
    monkeypatch.setattr(pool_module, "avg_pool2d", refuse)
    x = np.ones((8, 1024, 1024), dtype=np.float32)
    for mode in ("max", "avg"):
        trace = PoolTrace(x, 2, mode=mode)
        assert len(trace) == 8 * 512 * 512
        step = trace[len(trace) // 2 + 7]
        assert step.value == 1
        assert trace._output is None

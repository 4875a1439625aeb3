"""ConvTrace / ConvStep: one output value at a time, on demand."""

from __future__ import annotations

import dataclasses
import tracemalloc

import numpy as np
import pytest
from core_refs import FAST, as_pair, conv_cases, ref_conv2d
from hypothesis import given
from hypothesis import strategies as st

from cnnviz.core import ConvTrace


def _trace(case, dtype=np.float64):
    rng = np.random.default_rng(case["seed"])
    _, c, h, w = case["x_shape"]
    x = rng.integers(-3, 4, size=(c, h, w)).astype(dtype)
    wt = rng.integers(-2, 3, size=case["w_shape"]).astype(dtype)
    b = rng.integers(-2, 3, size=case["w_shape"][0]).astype(dtype)
    geo = {k: case[k] for k in ("stride", "padding", "dilation")}
    return x, wt, b, geo, ConvTrace(x, wt, b, **geo)


@FAST
@given(case=conv_cases(max_n=1), data=st.data())
def test_steps_match_padded_input_and_reference(case, data):
    x, w, b, geo, trace = _trace(case)
    expected = ref_conv2d(x[None], w, b, **geo)[0]
    f_, oh, ow = expected.shape
    assert len(trace) == f_ * oh * ow
    assert trace.out_shape == expected.shape
    np.testing.assert_array_equal(trace.output, expected)
    (sh, sw), (ph, pw), (dh, dw) = (as_pair(geo[k]) for k in ("stride", "padding", "dilation"))
    kh, kw = w.shape[2:]
    padded = np.zeros((x.shape[0], x.shape[1] + 2 * ph, x.shape[2] + 2 * pw))
    padded[:, ph : ph + x.shape[1], pw : pw + x.shape[2]] = x
    ks = data.draw(st.lists(st.integers(0, len(trace) - 1), min_size=1, max_size=6))
    for k in ks:
        step = trace[k]
        f, r, c = step.filter, step.row, step.col
        assert step.index == k
        assert trace.index(f, r, c) == k
        rows = [r * sh + i * dh for i in range(kh)]
        cols = [c * sw + j * dw for j in range(kw)]
        assert step.origin == (rows[0], cols[0])
        assert list(step.taps_rows) == rows and list(step.taps_cols) == cols
        window = [[[padded[ch, i, j] for j in cols] for i in rows] for ch in range(x.shape[0])]
        np.testing.assert_array_equal(step.window, window)
        np.testing.assert_array_equal(step.weights, w[f])
        np.testing.assert_array_equal(step.products, np.array(window) * w[f])
        np.testing.assert_array_equal(step.channel_sums, (np.array(window) * w[f]).sum(axis=(1, 2)))
        assert step.bias == b[f]
        assert step.value == expected[f, r, c]


@FAST
@given(case=conv_cases(max_n=1), data=st.data())
def test_index_is_the_inverse_of_getitem(case, data):
    *_, trace = _trace(case)
    f_, oh, ow = trace.out_shape
    f = data.draw(st.integers(0, f_ - 1))
    r = data.draw(st.integers(0, oh - 1))
    c = data.draw(st.integers(0, ow - 1))
    k = trace.index(f, r, c)
    assert 0 <= k < len(trace)
    step = trace[k]
    assert (step.filter, step.row, step.col) == (f, r, c)
    assert trace.position(k) == (f, r, c)
    # filter-major, then row, then column
    if c + 1 < ow:
        assert trace.index(f, r, c + 1) == k + 1
    if f + 1 < f_:
        assert trace.index(f + 1, r, c) == k + oh * ow


def test_negative_and_out_of_range_indices():
    x = np.arange(16.0).reshape(1, 4, 4)
    trace = ConvTrace(x, np.ones((2, 1, 3, 3)))
    assert len(trace) == 8
    last = trace[-1]
    assert (last.index, last.filter, last.row, last.col) == (7, 1, 1, 1)
    assert trace[-8].index == 0
    assert trace[np.int64(3)].index == 3
    for bad in (8, 100, -9):
        with pytest.raises(IndexError, match=r"outside 0\.\.7"):
            trace[bad]
    for f, r, c in ((2, 0, 0), (0, 2, 0), (0, 0, -1), (-1, 0, 0)):
        with pytest.raises(IndexError, match="outside 2×2×2"):
            trace.index(f, r, c)
    assert len(list(trace)) == 8


def test_steps_and_trace_arrays_are_read_only():
    x = np.arange(27.0).reshape(3, 3, 3)
    trace = ConvTrace(x, np.ones((1, 3, 2, 2)), np.array([0.5]))
    step = trace[0]
    for name in ("window", "weights", "products", "channel_sums"):
        arr = getattr(step, name)
        assert not arr.flags.writeable, name
        with pytest.raises(ValueError):
            arr[...] = 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.value = 3.0  # type: ignore[misc]
    with pytest.raises(ValueError):
        trace.output[0, 0, 0] = 0
    # a new access still sees the original numbers
    np.testing.assert_array_equal(trace[0].window, x[:, :2, :2])


def test_trace_copies_its_inputs():
    x = np.ones((1, 4, 4))
    w = np.ones((1, 1, 2, 2))
    trace = ConvTrace(x, w)
    x[...] = 5
    w[...] = 7
    assert trace[0].value == 4
    np.testing.assert_array_equal(trace.output, np.full((1, 3, 3), 4))


def test_trace_dtypes():
    step = ConvTrace(np.ones((1, 3, 3), np.int64), np.ones((1, 1, 2, 2), np.int64))[0]
    assert step.window.dtype == step.products.dtype == np.float32
    step = ConvTrace(np.ones((1, 3, 3)), np.ones((1, 1, 2, 2), np.float32))[0]
    assert step.window.dtype == np.float64
    assert isinstance(step.value, float) and isinstance(step.bias, float)


def test_large_image_trace_is_lazy():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 1024, 1024)).astype(np.float32)
    w = rng.standard_normal((2, 3, 3, 3)).astype(np.float32)
    tracemalloc.start()
    try:
        trace = ConvTrace(x, w, padding=1)
        _, build_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        held, _ = tracemalloc.get_traced_memory()
        n = len(trace)
        last = trace[n - 1]
        middle = trace[n // 2 + 12345]
        _, step_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 2 * 1024 * 1024
    # building holds a few copies of the image at most, not 2 million steps
    assert build_peak < 4 * x.nbytes
    # a step costs about its window, not the image
    assert step_peak - held < 64 * 1024
    assert (last.filter, last.row, last.col) == (1, 1023, 1023)
    window = np.zeros((3, 3, 3), np.float32)
    window[:, :2, :2] = x[:, 1022:, 1022:]
    np.testing.assert_array_equal(last.window, window)
    assert last.value == pytest.approx(float((window.astype(np.float64) * w[1]).sum()), rel=1e-5, abs=1e-5)
    f, r, c = middle.filter, middle.row, middle.col
    assert trace.index(f, r, c) == middle.index
    ref = ref_conv2d(
        x[None, :, max(r - 1, 0) : r + 2, max(c - 1, 0) : c + 2], w[f : f + 1], padding=0
    )  # interior window: no padding involved
    assert middle.value == pytest.approx(float(ref.ravel()[0]), rel=1e-5, abs=1e-5)


@pytest.mark.parametrize(
    "shape, kernel, geo",
    [
        ((1, 5, 5), (3, 3), {"stride": 2, "padding": 1}),  # the demo geometry
        ((1, 6, 7), (2, 3), {"stride": (1, 2), "dilation": (2, 1), "padding": (1, 0)}),
        ((1, 9, 9), (3, 3), {"stride": 3, "dilation": 2, "padding": 2}),
    ],
)
def test_feeds_lists_every_window_that_reads_a_cell(shape, kernel, geo):
    trace = ConvTrace(np.ones(shape), np.ones((2, 1, *kernel)), **geo)
    _, ph, pw = trace.padded.shape
    _, oh, ow = trace.out_shape
    for pr in range(ph):
        for pc in range(pw):
            brute = sorted(
                (s.row, s.col)
                for s in (trace[trace.index(0, r, c)] for r in range(oh) for c in range(ow))
                if pr in s.taps_rows and pc in s.taps_cols
            )
            assert sorted(trace.feeds(pr, pc)) == brute, (pr, pc)


def test_feeds_on_the_demo_geometry():
    trace = ConvTrace(np.ones((3, 5, 5)), np.ones((2, 3, 3, 3)), stride=2, padding=1)
    assert trace.feeds(0, 0) == [(0, 0)]
    assert sorted(trace.feeds(2, 2)) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert sorted(trace.feeds(3, 6)) == [(1, 2)]

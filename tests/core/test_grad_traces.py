"""WeightGradTrace, BiasGradTrace, InputGradTrace and their formatters,
against nested loops, conv2d_backward and central differences (float64)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from core_refs import FAST, as_pair, conv_cases, numerical_grad, ref_conv2d_backward
from hypothesis import given

import cnnviz.core.traces.grads as grads_module
from cnnviz.core import (
    BiasGradTrace,
    InputGradTrace,
    WeightGradTrace,
    conv2d,
    conv2d_backward,
    format_bias_grad,
    format_input_grad,
    format_weight_grad,
    load_demo,
    ones_upstream,
    split_equation,
)
from cnnviz.core.formatting import _largest, _top_indices


def _problem(case: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """One image, filters and an upstream gradient (float64) for a ``conv_cases`` draw."""
    rng = np.random.default_rng(case["seed"])
    x = rng.standard_normal(case["x_shape"][1:])
    w = rng.standard_normal(case["w_shape"])
    geo = {k: case[k] for k in ("stride", "padding", "dilation")}
    y = conv2d(x[None], w, **geo)[0]
    dy = rng.standard_normal(y.shape)
    return x, w, dy, geo


def _tap_value(x: np.ndarray, c: int, pr: int, pc: int, pad: tuple[int, int]) -> float:
    """The padded input at padded coordinates ``(pr, pc)``: 0 in the padding."""
    r, col = pr - pad[0], pc - pad[1]
    if 0 <= r < x.shape[1] and 0 <= col < x.shape[2]:
        return float(x[c, r, col])
    return 0.0


@FAST
@given(case=conv_cases(max_n=1))
def test_weight_steps_match_loops_the_op_and_central_differences(case):
    x, w, dy, geo = _problem(case)
    (sh, sw), (ph, pw), (dh, dw_) = (as_pair(geo[k]) for k in ("stride", "padding", "dilation"))
    trace = WeightGradTrace(x, w, dy, **geo)
    _, ref_dw, ref_db = ref_conv2d_backward(dy[None], x[None], w, **geo)
    _, op_dw, op_db = conv2d_backward(dy[None], x[None], w, **geo)
    f_, c_, kh, kw = w.shape
    _, oh, ow = dy.shape
    assert trace.out_shape == w.shape and len(trace) == f_ * c_ * kh * kw
    np.testing.assert_array_equal(trace.dw, op_dw)
    np.testing.assert_array_equal(trace.db, op_db)
    assert trace.output is trace.dw
    assert trace.padded.shape == (c_, x.shape[1] + 2 * ph, x.shape[2] + 2 * pw)

    def loss() -> float:  # linear in w, so central differences are exact up to rounding
        return float((conv2d(x[None], w_var, **geo)[0] * dy).sum())

    w_var = w.copy()
    numeric = numerical_grad(loss, w_var, eps=1e-4)
    np.testing.assert_allclose(trace.dw, numeric, rtol=1e-6, atol=1e-6)
    for k, step in enumerate(trace):
        f, c, i, j = trace.position(k)
        assert (step.index, step.filter, step.channel, step.i, step.j) == (k, f, c, i, j)
        assert trace.index(f, c, i, j) == k
        assert trace.position(k - len(trace)) == (f, c, i, j)
        assert step.taps_rows == tuple(r * sh + i * dh for r in range(oh))
        assert step.taps_cols == tuple(col * sw + j * dw_ for col in range(ow))
        expected = [[_tap_value(x, c, pr, pc, (ph, pw)) for pc in step.taps_cols] for pr in step.taps_rows]
        np.testing.assert_array_equal(step.inputs, expected)
        np.testing.assert_array_equal(step.upstream, dy[f])
        np.testing.assert_array_equal(step.products, step.inputs * dy[f])
        assert step.value == pytest.approx(ref_dw[f, c, i, j], rel=1e-12, abs=1e-12)
        assert step.value == pytest.approx(float(op_dw[f, c, i, j]), rel=1e-10, abs=1e-10)
    bias = BiasGradTrace(dy)
    assert len(bias) == f_ and bias.out_shape == (f_,)
    np.testing.assert_array_equal(bias.output, op_db)
    for f, step in enumerate(bias):
        assert (step.index, step.filter, bias.index(f), bias.position(f)) == (f, f, f, (f,))
        assert step.value == pytest.approx(ref_db[f], rel=1e-12, abs=1e-12)


@FAST
@given(case=conv_cases(max_n=1))
def test_input_steps_match_loops_the_op_and_central_differences(case):
    x, w, dy, geo = _problem(case)
    (sh, sw), (ph, pw), (dh, dw_) = (as_pair(geo[k]) for k in ("stride", "padding", "dilation"))
    trace = InputGradTrace(x, w, dy, **geo)
    ref_dx, _, _ = ref_conv2d_backward(dy[None], x[None], w, **geo)
    op_dx, op_dw, _ = conv2d_backward(dy[None], x[None], w, **geo)
    assert trace.out_shape == x.shape and len(trace) == x.size
    np.testing.assert_array_equal(trace.output, op_dx[0])
    np.testing.assert_array_equal(trace.dw, op_dw)

    def loss() -> float:
        return float((conv2d(x_var[None], w, **geo)[0] * dy).sum())

    x_var = x.copy()
    np.testing.assert_allclose(trace.output, numerical_grad(loss, x_var, eps=1e-4), rtol=1e-6, atol=1e-6)
    f_, _, kh, kw = w.shape
    _, oh, ow = dy.shape
    for k, step in enumerate(trace):
        c, r, col = trace.position(k)
        assert (step.index, step.channel, step.row, step.col) == (k, c, r, col)
        assert trace.index(c, r, col) == k
        covering = [
            (f, i, j, orow, ocol, float(w[f, c, i, j]), float(dy[f, orow, ocol]))
            for f in range(f_)
            for i in range(kh)
            for j in range(kw)
            for orow in range(oh)
            for ocol in range(ow)
            if orow * sh + i * dh == r + ph and ocol * sw + j * dw_ == col + pw
        ]
        assert [tuple(t) for t in step.contributions] == covering
        assert step.value == pytest.approx(ref_dx[0, c, r, col], rel=1e-12, abs=1e-12)


def test_steps_are_frozen_read_only_and_keep_float32():
    x, w, b, stride, padding = load_demo()
    dy = ones_upstream((2, 3, 3))
    trace = WeightGradTrace(x, w, dy, stride=stride, padding=padding)
    step = trace[5]
    assert step.inputs.dtype == np.float32 and trace.dy.dtype == np.float32
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.value = 0  # type: ignore[misc]
    for a in (step.inputs, step.upstream, step.products, trace.x, trace.w, trace.dy, trace.padded, trace.dw):
        with pytest.raises(ValueError):
            a[...] = 0
    np.testing.assert_allclose([s.value for s in trace], trace.dw.ravel(), rtol=1e-6)
    inputs = InputGradTrace(x, w, dy, stride=stride, padding=padding)
    np.testing.assert_allclose([s.value for s in inputs], inputs.output.ravel(), rtol=1e-6, atol=1e-6)


def test_demo_with_ones_upstream_weight_0_0_1_1_sums_what_the_tap_saw():
    x, w, b, stride, padding = load_demo()
    y = conv2d(x[None], w, b, stride=stride, padding=padding)[0]
    trace = WeightGradTrace(x, w, ones_upstream(y.shape), stride=stride, padding=padding)
    assert len(trace) == 54
    step = trace[trace.index(0, 0, 1, 1)]
    # by hand: padding 1 and stride 2 put tap (1, 1) on input rows and columns 0, 2, 4
    seen = [float(x[0, r, c]) for r in (0, 2, 4) for c in (0, 2, 4)]
    np.testing.assert_array_equal(step.inputs.ravel(), seen)
    assert step.taps_rows == step.taps_cols == (1, 3, 5)
    assert step.value == sum(seen) == trace.dw[0, 0, 1, 1]
    terms = " + ".join(f"1*{v:g}" for v in seen)
    assert format_weight_grad(step) == f"∂L/∂w = {terms} = {sum(seen):g}"
    assert format_weight_grad(step) == "∂L/∂w = 1*0 + 1*0 + 1*1 + 1*2 + 1*2 + 1*2 + 1*2 + 1*1 + 1*0 = 10"
    assert format_bias_grad(BiasGradTrace(ones_upstream(y.shape))[1]) == (
        "∂L/∂b = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 = 9"
    )


def test_a_step_of_a_large_input_computes_no_whole_gradient(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the whole gradient was computed")

    monkeypatch.setattr(grads_module, "conv2d_backward", refuse)
    monkeypatch.setattr(grads_module, "conv2d_grads", refuse)
    x = np.ones((1, 1024, 1024), dtype=np.float32)
    w = np.ones((2, 1, 3, 3), dtype=np.float32)
    dy = np.ones((2, 1022, 1022), dtype=np.float32)
    weights = WeightGradTrace(x, w, dy)
    assert len(weights) == 18
    step = weights[weights.index(1, 0, 2, 1)]
    assert step.value == 1022 * 1022 and step.inputs.shape == (1022, 1022)
    inputs = InputGradTrace(x, w, dy)
    assert len(inputs) == 1024 * 1024
    cell = inputs[inputs.index(0, 500, 700)]
    assert len(cell.contributions) == 18 and cell.value == 18
    assert len(inputs[0].contributions) == 2  # a corner: tap (0, 0) of each filter
    assert weights._grads is None and inputs._grads is None
    with pytest.raises(AssertionError, match="whole gradient"):
        _ = weights.dw


def test_bad_inputs_are_explained():
    x, w = np.zeros((3, 5, 5)), np.zeros((2, 3, 3, 3))
    with pytest.raises(ValueError, match=r"dy must have the shape .* \(2, 3, 3\) .* got \(2, 5, 5\)"):
        WeightGradTrace(x, w, np.zeros((2, 5, 5)))
    with pytest.raises(ValueError, match=r"dy must have the shape"):
        InputGradTrace(x, w, np.zeros((2, 3, 3)), padding=1)
    with pytest.raises(ValueError, match="channels do not match"):
        WeightGradTrace(np.zeros((1, 5, 5)), w, np.zeros((2, 3, 3)))
    with pytest.raises(ValueError, match="does not fit"):
        InputGradTrace(np.zeros((3, 2, 2)), w, np.zeros((2, 1, 1)))
    with pytest.raises(ValueError, match="non-finite"):
        WeightGradTrace(x, w, np.full((2, 3, 3), np.inf))
    with pytest.raises(ValueError, match=r"3 axes \(F, OH, OW\)"):
        BiasGradTrace(np.zeros((2, 3)))
    trace = WeightGradTrace(x, w, np.zeros((2, 3, 3)))
    with pytest.raises(IndexError, match=r"step 54 is outside 0\.\.53"):
        trace[54]
    with pytest.raises(IndexError, match=r"weight \(2, 0, 0, 0\) is outside 2×3×3×3"):
        trace.index(2, 0, 0, 0)
    with pytest.raises(IndexError, match="input cell"):
        InputGradTrace(x, w, np.zeros((2, 3, 3))).index(0, 5, 0)


# -- formatters -------------------------------------------------------------------


def test_weight_grad_writes_dy_times_x_in_raster_order():
    x = np.array([[[1.0, 2.0], [3.0, 4.0]]])
    dy = np.array([[[1.0, -1.0], [0.0, 2.0]]])
    step = WeightGradTrace(x, np.ones((1, 1, 1, 1)), dy)[0]
    assert format_weight_grad(step) == "∂L/∂w = 1*1 + -1*2 + 0*3 + 2*4 = 7"
    assert split_equation(format_weight_grad(step)) == ("∂L/∂w = 1*1 + -1*2 + 0*3 + 2*4", "=", "7")


def test_weight_grad_says_approx_when_the_written_terms_do_not_add_up():
    step = WeightGradTrace(np.array([[[1 / 3, 1 / 3]]]), np.ones((1, 1, 1, 1)), np.ones((1, 1, 2)))[0]
    assert format_weight_grad(step) == "∂L/∂w = 1*0.333 + 1*0.333 ≈ 0.667"
    step = WeightGradTrace(np.array([[[0.5, 0.25]]]), np.ones((1, 1, 1, 1)), np.array([[[0.5, 2.0]]]))[0]
    assert format_weight_grad(step) == "∂L/∂w = 0.5*0.5 + 2*0.25 = 0.75"


def test_long_weight_grad_keeps_the_largest_products_then_the_rest():
    x = np.ones((1, 1, 20))
    x[0, 0, [3, 9, 15]] = [5.0, -7.0, 6.0]
    step = WeightGradTrace(x, np.ones((1, 1, 1, 1)), np.ones((1, 1, 20)))[0]
    assert (
        format_weight_grad(step, max_terms=3) == "∂L/∂w = 1*5 + 1*-7 + 1*6 + … + 17 more terms (sum 17) = 21"
    )
    words = format_weight_grad(step, max_terms=3, more_label=lambda n, s: f"另 {n} 项（和 {s}）")
    assert words == "∂L/∂w = 1*5 + 1*-7 + 1*6 + … + 另 17 项（和 17） = 21"
    with pytest.raises(ValueError, match="max_terms"):
        format_weight_grad(step, max_terms=0)


def test_long_weight_grad_on_a_large_image():
    rng = np.random.default_rng(1)
    x = rng.integers(-3, 4, (2, 200, 300)).astype(np.float32)
    dy = rng.integers(-2, 3, (1, 200, 300)).astype(np.float32)
    step = WeightGradTrace(x, np.ones((1, 2, 3, 3), np.float32), dy, padding=1)[7]
    text = format_weight_grad(step)
    assert "… + 59988 more terms (sum " in text and text.count("*") == 12
    assert text.endswith(f" = {int(step.value)}")  # integers: the rest is exact
    assert all(t in ("2*3", "-2*-3", "2*-3", "-2*3") for t in text.split(" = ")[1].split(" + ")[:12])


def test_top_indices_agrees_with_the_short_rule():
    rng = np.random.default_rng(2)
    for n, levels in ((3000, 5), (5000, 1000), (2048, 2)):
        mags = rng.integers(0, levels, n).astype(np.float64)
        for count in (1, 12, 40):
            assert _top_indices(mags, count) == _largest(mags, [], count)


def test_bias_grad_brackets_negatives_and_shortens():
    step = BiasGradTrace(np.array([[[1.0, -1.0], [0.0, 2.0]]]))[0]
    assert format_bias_grad(step) == "∂L/∂b = 1 + (-1) + 0 + 2 = 2"
    step = BiasGradTrace(np.array([[[0.1, 0.1, 0.1]]]))[0]
    assert format_bias_grad(step) == "∂L/∂b = 0.1 + 0.1 + 0.1 = 0.3"
    step = BiasGradTrace(np.array([[[1 / 3, 1 / 3, 1 / 3]]]))[0]
    assert format_bias_grad(step) == "∂L/∂b = 0.333 + 0.333 + 0.333 ≈ 1"
    long = BiasGradTrace(np.ones((1, 10, 10)))[0]
    assert format_bias_grad(long, max_terms=2) == "∂L/∂b = 1 + 1 + … + 98 more terms (sum 98) = 100"


def test_input_grad_writes_weight_times_dy_and_zero_for_an_uncovered_cell():
    x = np.ones((1, 1, 3))
    w = np.array([[[[2.0]]], [[[-1.0]]]])
    dy = np.array([[[1.0, 3.0]], [[4.0, 0.5]]])
    trace = InputGradTrace(x, w, dy, stride=2)
    assert format_input_grad(trace[0]) == "∂L/∂x = 2*1 + -1*4 = -2"
    assert trace[1].contributions == () and trace[1].value == 0
    assert format_input_grad(trace[1]) == "∂L/∂x = 0"
    assert format_input_grad(trace[2]) == "∂L/∂x = 2*3 + -1*0.5 = 5.5"
    assert format_input_grad(trace[2], max_terms=1) == "∂L/∂x = 2*3 + … + 1 more term (sum -0.5) = 5.5"
    np.testing.assert_array_equal(trace.output, [[[-2.0, 0.0, 5.5]]])
    thirds = InputGradTrace(np.ones((1, 1, 1)), np.full((1, 1, 1, 1), 1 / 3), np.array([[[1 / 3]]]))[0]
    assert format_input_grad(thirds) == "∂L/∂x = 0.333*0.333 ≈ 0.111"

"""Transposed convolution: the op and its backward against scatter loops,
central differences and PyTorch; the zero-inserted direct convolution; the trace."""

from __future__ import annotations

import numpy as np
import pytest
from core_refs import FAST, as_pair, numerical_grad
from hypothesis import given
from hypothesis import strategies as st
from variant_refs import (
    data_for,
    ref_conv_transpose2d,
    ref_conv_transpose2d_backward,
    ref_transposed_size,
    transposed_cases,
)

from cnnviz.core import (
    ConvTrace,
    TransposedConvTrace,
    conv2d,
    conv2d_backward,
    conv_transpose2d,
    conv_transpose2d_backward,
    flipped_transposed_kernel,
    get_xp,
    to_numpy,
    transposed_output_formula,
    transposed_output_shape,
    zero_inserted_input,
)
from cnnviz.core.transposed import inserted_index


def _axes(case):
    """Per-axis ``(n, k, s, p, op, d)``."""
    kw = case["kw"]
    s, p, op, d = (as_pair(kw[k]) for k in ("stride", "padding", "output_padding", "dilation"))
    return [(case["x_shape"][2 + a], case["w_shape"][2 + a], s[a], p[a], op[a], d[a]) for a in (0, 1)]


@FAST
@given(case=transposed_cases())
def test_output_shape_and_formula(case):
    expected = tuple(ref_transposed_size(*axis) for axis in _axes(case))
    kw = case["kw"]
    got = transposed_output_shape(
        case["x_shape"][2:], case["w_shape"][2:], kw["stride"], kw["padding"], kw["output_padding"],
        kw["dilation"],
    )  # fmt: skip
    assert got == expected
    n, k, s, p, op, d = _axes(case)[0]
    assert transposed_output_formula(n, k, s, p, d, op).endswith(f"= {expected[0]}")


def test_formula_reads_like_the_shape_panel():
    assert transposed_output_formula(3, 3, 2, 1, 1, 1) == "(3 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 6"


@FAST
@given(case=transposed_cases(), with_bias=st.booleans())
def test_conv_transpose2d_matches_scatter_reference(xp, case, with_bias):
    x, w, b, _ = data_for(case)
    bias = b if with_bias else None
    xb = None if bias is None else xp.asarray(bias)
    y = conv_transpose2d(xp.asarray(x), xp.asarray(w), xb, **case["kw"])
    assert get_xp(y) is xp
    expected = ref_conv_transpose2d(x, w, bias, **case["kw"])
    assert y.shape == expected.shape
    np.testing.assert_allclose(to_numpy(y), expected, rtol=1e-10, atol=1e-10)


@FAST
@given(case=transposed_cases())
def test_backward_matches_scatter_reference(xp, case):
    x, w, _, rng = data_for(case)
    dy = rng.standard_normal(ref_conv_transpose2d(x, w, **case["kw"]).shape)
    got = conv_transpose2d_backward(xp.asarray(dy), xp.asarray(x), xp.asarray(w), **case["kw"])
    for g, want in zip(got, ref_conv_transpose2d_backward(dy, x, w, **case["kw"])):
        assert get_xp(g) is xp
        assert g.shape == want.shape
        np.testing.assert_allclose(to_numpy(g), want, rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize(
    "geo",
    [
        {},
        {"stride": 2, "padding": 1, "output_padding": 1},
        {"stride": (1, 3), "padding": (2, 0), "output_padding": (1, 2), "dilation": (2, 1)},
    ],
)
def test_backward_matches_finite_differences(geo):
    rng = np.random.default_rng(4)
    x, w, b = rng.standard_normal((2, 2, 3, 4)), rng.standard_normal((2, 3, 3, 2)), rng.standard_normal(3)
    dy = rng.standard_normal(conv_transpose2d(x, w, b, **geo).shape)

    def loss() -> float:
        return float((conv_transpose2d(x, w, b, **geo) * dy).sum())

    dx, dw, db = conv_transpose2d_backward(dy, x, w, **geo)
    np.testing.assert_allclose(dx, numerical_grad(loss, x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(dw, numerical_grad(loss, w), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(db, numerical_grad(loss, b), rtol=1e-6, atol=1e-7)


@FAST
@given(case=transposed_cases(), with_bias=st.booleans())
def test_zero_inserted_direct_convolution_equals_the_transposed_one(xp, case, with_bias):
    x, w, b, _ = data_for(case)
    kw = case["kw"]
    bias = xp.asarray(b) if with_bias else None
    z = zero_inserted_input(
        xp.asarray(x), kw["stride"], kw["padding"], w.shape[2:], kw["output_padding"], kw["dilation"]
    )
    assert get_xp(z) is xp
    direct = conv2d(z, flipped_transposed_kernel(xp.asarray(w)), bias, dilation=kw["dilation"])
    transposed = conv_transpose2d(xp.asarray(x), xp.asarray(w), bias, **kw)
    assert direct.shape == transposed.shape
    np.testing.assert_allclose(to_numpy(direct), to_numpy(transposed), rtol=1e-10, atol=1e-10)
    # and the same with the transposed kernel flipped by the convolution itself
    flipped = conv2d(z, xp.asarray(w).transpose(1, 0, 2, 3), bias, dilation=kw["dilation"], flip=True)
    np.testing.assert_allclose(to_numpy(flipped), to_numpy(transposed), rtol=1e-10, atol=1e-10)


@FAST
@given(case=transposed_cases())
def test_zero_inserted_input_holds_the_input_between_zeros(case):
    x, w, _, _ = data_for(case)
    kw = case["kw"]
    z = zero_inserted_input(x, kw["stride"], kw["padding"], w.shape[2:], kw["output_padding"], kw["dilation"])
    (h, kh, sh, ph, oph, dh), (wd, kw_, sw, pw, opw, dw) = _axes(case)
    edge_h, edge_w = dh * (kh - 1) - ph, dw * (kw_ - 1) - pw
    assert z.shape[2:] == ((h - 1) * sh + 1 + 2 * edge_h + oph, (wd - 1) * sw + 1 + 2 * edge_w + opw)
    for r in range(z.shape[2]):
        for c in range(z.shape[3]):
            a, q = r - edge_h, c - edge_w
            from_x = a >= 0 and q >= 0 and a % sh == 0 and q % sw == 0 and a // sh < h and q // sw < wd
            expected = x[:, :, a // sh, q // sw] if from_x else 0.0
            np.testing.assert_array_equal(z[:, :, r, c], expected)
            src_r = inserted_index(r, h, kh, sh, ph, oph, dh)
            src_c = inserted_index(c, wd, kw_, sw, pw, opw, dw)
            assert (src_r is not None and src_c is not None) == from_x


def test_adjoint_of_conv2d():
    """<conv2d(a, w), x> == <a, conv_transpose2d(x, w)>: the transposed convolution is
    the adjoint (the transpose) of the ordinary one."""
    rng = np.random.default_rng(8)
    geo = {"stride": 2, "padding": 1, "dilation": (1, 2)}
    a, w = rng.standard_normal((1, 3, 7, 8)), rng.standard_normal((4, 3, 3, 3))
    y = conv2d(a, w, **geo)
    x = rng.standard_normal(y.shape)
    op = (0, 1)  # 8 columns: the stride skips the last one, which output padding restores
    back = conv_transpose2d(x, w, **geo, output_padding=op)
    assert back.shape == a.shape
    assert np.isclose((y * x).sum(), (a * back).sum(), rtol=1e-12)
    np.testing.assert_allclose(back, conv2d_backward(x, a, w, **geo)[0], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "x_shape, w_shape, kw, words",
    [
        ((1, 2, 3, 3), (2, 1, 3, 3), {"output_padding": 1}, "output padding must be smaller than either"),
        ((1, 2, 3, 3), (2, 1, 3, 3), {"stride": 2, "output_padding": 2}, "smaller than either the stride"),
        ((1, 2, 1, 1), (2, 1, 1, 1), {"padding": 1}, "smaller than 1×1"),
        ((1, 2, 3, 3), (3, 1, 3, 3), {}, "laid out \\(C_in, C_out, KH, KW\\), expects 3"),
        ((1, 2, 3, 3), (2, 1, 3, 3), {"output_padding": -1}, "output padding must not be negative"),
        ((1, 2, 3, 3), (2, 1, 3), {}, "w must have 4 axes"),
    ],
)
def test_bad_transposed_parameters_are_refused_in_words(x_shape, w_shape, kw, words):
    x, w = np.ones(x_shape), np.ones(w_shape)
    with pytest.raises(ValueError, match=words):
        conv_transpose2d(x, w, **kw)
    with pytest.raises(ValueError, match=words):
        conv_transpose2d_backward(np.ones((1, 1, 5, 5)), x, w, **kw)
    with pytest.raises(ValueError, match=words):
        TransposedConvTrace(x[0], w, **kw)


def test_bad_bias_and_upstream_are_refused():
    x, w = np.ones((1, 2, 3, 3)), np.ones((2, 4, 2, 2))
    with pytest.raises(ValueError, match=r"b must have shape \(4,\)"):
        conv_transpose2d(x, w, np.ones(2))
    with pytest.raises(ValueError, match=r"dy must have shape \(1, 4, 4, 4\)"):
        conv_transpose2d_backward(np.ones((1, 4, 3, 3)), x, w)


def test_float32_stays_float32():
    x, w = np.ones((1, 2, 3, 3), np.float32), np.ones((2, 1, 2, 2), np.float32)
    y = conv_transpose2d(x, w, stride=2)
    assert y.dtype == np.float32
    assert all(g.dtype == np.float32 for g in conv_transpose2d_backward(np.ones_like(y), x, w, stride=2))


# -- the trace ---------------------------------------------------------------------


def _trace(case):
    x, w, b, _ = data_for(case)
    return x[0], w, b, TransposedConvTrace(x[0], w, b, **case["kw"])


@FAST
@given(case=transposed_cases(), data=st.data())
def test_trace_steps_scatter_value_times_weights(case, data):
    x, w, b, trace = _trace(case)
    kw = case["kw"]
    (sh, sw), (ph, pw), (dh, dw) = (as_pair(kw[k]) for k in ("stride", "padding", "dilation"))
    expected = ref_conv_transpose2d(x[None], w, b, **kw)[0]
    assert len(trace) == x.size
    assert trace.out_shape == x.shape
    assert trace.output_shape == expected.shape
    np.testing.assert_allclose(trace.output, expected, rtol=1e-10, atol=1e-10)
    for k in data.draw(st.lists(st.integers(-len(trace), len(trace) - 1), min_size=1, max_size=5)):
        step = trace[k]
        c, r, q = step.channel, step.row, step.col
        assert step.index == k % len(trace)
        assert trace.index(c, r, q) == step.index and trace.position(step.index) == (c, r, q)
        assert step.value == x[c, r, q]
        assert (step.out_top, step.out_left) == (r * sh - ph, q * sw - pw)
        assert step.taps_rows == tuple(r * sh - ph + i * dh for i in range(w.shape[2]))
        assert step.taps_cols == tuple(q * sw - pw + j * dw for j in range(w.shape[3]))
        np.testing.assert_array_equal(step.weights, w[c])
        np.testing.assert_array_equal(step.contributions, x[c, r, q] * w[c])
        oh, ow = trace.output_shape[1:]
        inside = [(rr, cc) for rr in step.taps_rows for cc in step.taps_cols if 0 <= rr < oh and 0 <= cc < ow]
        assert trace.feeds(r, q) == inside


@FAST
@given(case=transposed_cases(), data=st.data())
def test_trace_steps_add_up_to_the_output(case, data):
    x, w, b, trace = _trace(case)
    total = np.zeros(trace.output_shape)
    oh, ow = trace.output_shape[1:]
    stop = data.draw(st.integers(0, len(trace) - 1))
    for step in trace:
        for i, rr in enumerate(step.taps_rows):
            for j, cc in enumerate(step.taps_cols):
                if 0 <= rr < oh and 0 <= cc < ow:
                    total[:, rr, cc] += step.contributions[:, i, j]
        if step.index == stop:
            np.testing.assert_allclose(trace.accumulated(stop), total, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(total + b[:, None, None], trace.output, rtol=1e-10, atol=1e-10)


@FAST
@given(case=transposed_cases(), data=st.data())
def test_sources_are_the_inverse_of_feeds(case, data):
    _, _, _, trace = _trace(case)
    oh, ow = trace.output_shape[1:]
    r, c = data.draw(st.integers(0, oh - 1)), data.draw(st.integers(0, ow - 1))
    srcs = trace.sources(r, c)
    _, h, w = trace.out_shape
    feeding = [(a, q) for a in range(h) for q in range(w) if (r, c) in trace.feeds(a, q)]
    assert sorted({(a, q) for a, q, _, _ in srcs}) == feeding
    for a, q, i, j in srcs:
        step = trace[trace.index(0, a, q)]
        assert (step.taps_rows[i], step.taps_cols[j]) == (r, c)


@FAST
@given(case=transposed_cases(), data=st.data())
def test_direct_trace_steps_the_same_output_over_the_zero_inserted_input(case, data):
    x, w, b, trace = _trace(case)
    direct = trace.direct_trace()
    assert isinstance(direct, ConvTrace)
    assert direct.flip
    np.testing.assert_allclose(direct.output, trace.output, rtol=1e-10, atol=1e-10)
    z = trace.zero_inserted()
    np.testing.assert_array_equal(direct.padded, z)
    for r in range(z.shape[1]):
        for c in range(z.shape[2]):
            src = trace.inserted_source(r, c)
            np.testing.assert_array_equal(z[:, r, c], 0.0 if src is None else x[:, src[0], src[1]])
    k = data.draw(st.integers(0, len(direct) - 1))
    step = direct[k]
    np.testing.assert_array_equal(step.weights, w[:, step.filter, ::-1, ::-1])
    assert step.value == pytest.approx(trace.output[step.filter, step.row, step.col], rel=1e-10, abs=1e-10)
    with pytest.raises(IndexError):
        trace.inserted_source(z.shape[1], 0)


def test_trace_of_the_conv_arithmetic_figure():
    """conv_arithmetic's 2×2 input, 3×3 kernel, stride 2, padding 0 → 5×5 output."""
    x = np.array([[[1.0, 2.0], [3.0, 4.0]]])
    w = np.ones((1, 1, 3, 3))
    trace = TransposedConvTrace(x, w, stride=2)
    assert trace.output_shape == (1, 5, 5)
    assert trace[3].taps_rows == (2, 3, 4) and trace[3].taps_cols == (2, 3, 4)
    np.testing.assert_array_equal(trace.output[0, 2], [4, 4, 10, 6, 6])  # the shared row adds up
    assert trace.zero_inserted().shape == (1, 7, 7)
    assert trace.sources(2, 2) == [(0, 0, 2, 2), (0, 1, 2, 0), (1, 0, 0, 2), (1, 1, 0, 0)]


@FAST
@given(case=transposed_cases())
def test_matches_torch_conv_transpose2d(case):
    torch = pytest.importorskip("torch")
    x, w, b, rng = data_for(case)
    tx, tw, tb = (torch.from_numpy(a).requires_grad_(True) for a in (x, w, b))
    ty = torch.nn.functional.conv_transpose2d(tx, tw, tb, **case["kw"])
    dy = rng.standard_normal(tuple(ty.shape))
    ty.backward(torch.from_numpy(dy))
    got = conv_transpose2d(x, w, b, **case["kw"])
    np.testing.assert_allclose(got, ty.detach().numpy(), rtol=1e-10, atol=1e-10)
    for got, want in zip(conv_transpose2d_backward(dy, x, w, **case["kw"]), (tx.grad, tw.grad, tb.grad)):
        np.testing.assert_allclose(got, want.numpy(), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize(
    "kw",
    [{"output_padding": 1}, {"stride": 2, "output_padding": 2}, {"padding": 5}],
)
def test_torch_refuses_what_we_refuse(kw):
    torch = pytest.importorskip("torch")
    x, w = np.ones((1, 2, 3, 3)), np.ones((2, 1, 3, 3))
    with pytest.raises(RuntimeError):
        torch.nn.functional.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w), **kw)
    with pytest.raises(ValueError):
        conv_transpose2d(x, w, **kw)

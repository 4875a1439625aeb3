"""Grouped and depthwise convolution: loops, central differences, PyTorch, and the trace."""

from __future__ import annotations

import numpy as np
import pytest
from core_refs import FAST, numerical_grad
from hypothesis import given
from hypothesis import strategies as st
from variant_refs import data_for, ref_conv2d_variant, ref_conv2d_variant_backward, variant_cases

from cnnviz.core import ConvTrace, check_groups, conv2d, conv2d_backward, get_xp, to_numpy


@FAST
@given(case=variant_cases(modes=("zeros",), flip=False), with_bias=st.booleans())
def test_grouped_conv2d_matches_loop_reference(xp, case, with_bias):
    x, w, b, _ = data_for(case)
    bias = b if with_bias else None
    y = conv2d(xp.asarray(x), xp.asarray(w), None if bias is None else xp.asarray(bias), **case["kw"])
    assert get_xp(y) is xp
    expected = ref_conv2d_variant(x, w, bias, **case["kw"])
    assert y.shape == expected.shape
    np.testing.assert_allclose(to_numpy(y), expected, rtol=1e-10, atol=1e-10)


@FAST
@given(case=variant_cases(modes=("zeros",), flip=False))
def test_grouped_backward_matches_loop_reference(xp, case):
    x, w, _, rng = data_for(case)
    dy = rng.standard_normal(ref_conv2d_variant(x, w, **case["kw"]).shape)
    got = conv2d_backward(xp.asarray(dy), xp.asarray(x), xp.asarray(w), **case["kw"])
    for g, want in zip(got, ref_conv2d_variant_backward(dy, x, w, **case["kw"])):
        assert get_xp(g) is xp
        assert g.shape == want.shape
        np.testing.assert_allclose(to_numpy(g), want, rtol=1e-9, atol=1e-10)


@FAST
@given(case=variant_cases())
def test_groups_equal_a_block_diagonal_full_convolution(case):
    """Filter f of group g sees channels of g only: zero weights elsewhere give the same."""
    x, w, b, rng = data_for(case)
    kw = case["kw"]
    g = kw["groups"]
    f, cg = w.shape[:2]
    full = np.zeros((f, cg * g, *w.shape[2:]))
    for k in range(f):
        first = (k // (f // g)) * cg
        full[k, first : first + cg] = w[k]
    dense = {**kw, "groups": 1}
    np.testing.assert_allclose(conv2d(x, w, b, **kw), conv2d(x, full, b, **dense), rtol=1e-12, atol=1e-12)
    dy = rng.standard_normal(conv2d(x, w, **kw).shape)
    dx, dw, db = conv2d_backward(dy, x, w, **kw)
    fdx, fdw, fdb = conv2d_backward(dy, x, full, **dense)
    np.testing.assert_allclose(dx, fdx, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(db, fdb, rtol=1e-12, atol=1e-12)
    for k in range(f):
        first = (k // (f // g)) * cg
        np.testing.assert_allclose(dw[k], fdw[k, first : first + cg], rtol=1e-12, atol=1e-12)


def test_depthwise_convolves_each_channel_on_its_own():
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal((2, 3, 6, 5)), rng.standard_normal((3, 1, 3, 3))
    y = conv2d(x, w, groups=3, padding=1)
    for c in range(3):
        alone = conv2d(x[:, c : c + 1], w[c : c + 1], padding=1)
        np.testing.assert_allclose(y[:, c : c + 1], alone, rtol=1e-12)


@pytest.mark.parametrize(
    "groups, geo",
    [
        (2, {}),
        (3, {"stride": 2, "padding": 1}),
        (6, {"padding": (1, 2), "dilation": 2, "padding_mode": "reflect", "flip": True}),
    ],
)
def test_grouped_backward_matches_finite_differences(groups, geo):
    rng = np.random.default_rng(9)
    x = rng.standard_normal((2, 6, 5, 6))
    w = rng.standard_normal((6, 6 // groups, 3, 2))
    b = rng.standard_normal(6)
    dy = rng.standard_normal(conv2d(x, w, b, groups=groups, **geo).shape)

    def loss() -> float:
        return float((conv2d(x, w, b, groups=groups, **geo) * dy).sum())

    dx, dw, db = conv2d_backward(dy, x, w, groups=groups, **geo)
    np.testing.assert_allclose(dx, numerical_grad(loss, x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(dw, numerical_grad(loss, w), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(db, numerical_grad(loss, b), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize(
    "x_shape, w_shape, groups, words",
    [
        ((1, 4, 5, 5), (3, 2, 3, 3), 3, "groups=3 must divide the number of input channels, but there are 4"),
        ((1, 4, 5, 5), (3, 2, 3, 3), 2, "groups=2 must divide the number of filters"),
        ((1, 4, 5, 5), (4, 1, 3, 3), 2, "with groups=2, 1 per group"),
        ((1, 4, 5, 5), (4, 4, 3, 3), 0, "groups must be at least 1"),
        ((1, 4, 5, 5), (4, 4, 3, 3), True, "groups must be a positive int"),
        ((1, 4, 5, 5), (4, 4, 3, 3), 1.0, "groups must be a positive int"),
        ((1, 4, 5, 5), (4, 4, 3, 3), "2", "groups must be a positive int"),
    ],
)
def test_bad_groups_are_refused_in_words(x_shape, w_shape, groups, words):
    x, w = np.ones(x_shape), np.ones(w_shape)
    with pytest.raises(ValueError, match=words):
        conv2d(x, w, groups=groups)
    with pytest.raises(ValueError, match=words):
        conv2d_backward(np.ones((1, w_shape[0], 3, 3)), x, w, groups=groups)
    with pytest.raises(ValueError, match=words):
        ConvTrace(x[0], w, groups=groups)


def test_check_groups_returns_the_int():
    assert check_groups(np.int64(2), 4, 6) == 2


@FAST
@given(case=variant_cases(), data=st.data())
def test_trace_window_holds_only_the_filters_group(case, data):
    x, w, b, _ = data_for(case)
    kw = case["kw"]
    trace = ConvTrace(x[0], w, b, **kw)
    g, (f, cg) = kw["groups"], w.shape[:2]
    assert trace.groups == g
    for k in range(f):
        first = (k // (f // g)) * cg
        assert trace.channels_of(k) == range(first, first + cg)
    np.testing.assert_allclose(trace.output, ref_conv2d_variant(x, w, b, **kw)[0], rtol=1e-10, atol=1e-10)
    for k in data.draw(st.lists(st.integers(0, len(trace) - 1), min_size=1, max_size=4)):
        step = trace[k]
        chans = trace.channels_of(step.filter)
        assert step.channels == tuple(chans)
        assert step.window.shape == step.weights.shape == (cg, *w.shape[2:])
        window = trace.padded[chans.start : chans.stop][:, list(step.taps_rows)][:, :, list(step.taps_cols)]
        np.testing.assert_array_equal(step.window, window)
        assert step.channel_sums.shape == (cg,)
        want = trace.output[step.filter, step.row, step.col]
        assert step.value == pytest.approx(want, rel=1e-12, abs=1e-12)


def test_trace_without_groups_lists_every_channel():
    trace = ConvTrace(np.ones((3, 4, 4)), np.ones((2, 3, 3, 3)))
    assert trace.channels_of(1) == range(3)
    assert trace[0].channels == (0, 1, 2)
    with pytest.raises(IndexError):
        trace.channels_of(2)


@FAST
@given(case=variant_cases(modes=("zeros",), flip=False))
def test_matches_torch_grouped_conv2d(case):
    torch = pytest.importorskip("torch")
    x, w, b, rng = data_for(case)
    kw = case["kw"]
    tx, tw, tb = (torch.from_numpy(a).requires_grad_(True) for a in (x, w, b))
    geo = {k: kw[k] for k in ("stride", "padding", "dilation", "groups")}
    ty = torch.nn.functional.conv2d(tx, tw, tb, **geo)
    dy = rng.standard_normal(tuple(ty.shape))
    ty.backward(torch.from_numpy(dy))
    np.testing.assert_allclose(conv2d(x, w, b, **kw), ty.detach().numpy(), rtol=1e-10, atol=1e-10)
    for got, want in zip(conv2d_backward(dy, x, w, **kw), (tx.grad, tw.grad, tb.grad)):
        np.testing.assert_allclose(got, want.numpy(), rtol=1e-10, atol=1e-10)

"""Padding modes (zeros, reflect, replicate, circular) against loop references,
central differences and PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from core_refs import FAST, numerical_grad
from hypothesis import given
from hypothesis import strategies as st
from variant_refs import (
    MODES,
    data_for,
    ref_conv2d_variant,
    ref_conv2d_variant_backward,
    ref_pad,
    ref_source,
    variant_cases,
)

from cnnviz.core import PADDING_MODES, ConvTrace, conv2d, conv2d_backward, get_xp, to_numpy
from cnnviz.core.padding import fold_padding_grad, pad_input, source_index


def test_modes_are_pytorchs_names():
    assert PADDING_MODES == ("zeros", "reflect", "replicate", "circular")


@pytest.mark.parametrize(
    "mode, expected",
    [
        ("zeros", [0, 0, 1, 2, 3, 0, 0]),
        ("reflect", [3, 2, 1, 2, 3, 2, 1]),
        ("replicate", [1, 1, 1, 2, 3, 3, 3]),
        ("circular", [2, 3, 1, 2, 3, 1, 2]),
    ],
)
def test_one_row_padded_by_two_reads_like_the_docs(mode, expected):
    x = np.array([[[1.0, 2.0, 3.0]]])
    padded = pad_input(np, x, (0, 2), mode)
    np.testing.assert_array_equal(padded[0, 0], expected)


@FAST
@given(n=st.integers(1, 6), pad=st.integers(0, 6), mode=st.sampled_from(MODES))
def test_source_index_follows_the_rule(n, pad, mode):
    if (mode == "reflect" and pad >= n) or (mode == "circular" and pad > n):
        return
    for p in range(n + 2 * pad):
        assert source_index(p, n, pad, mode) == ref_source(p, n, pad, mode)


@FAST
@given(case=variant_cases(), with_bias=st.booleans())
def test_conv2d_matches_loop_reference(xp, case, with_bias):
    x, w, b, _ = data_for(case)
    bias = b if with_bias else None
    y = conv2d(xp.asarray(x), xp.asarray(w), None if bias is None else xp.asarray(bias), **case["kw"])
    assert get_xp(y) is xp
    expected = ref_conv2d_variant(x, w, bias, **case["kw"])
    assert y.shape == expected.shape
    np.testing.assert_allclose(to_numpy(y), expected, rtol=1e-10, atol=1e-10)


@FAST
@given(case=variant_cases())
def test_conv2d_backward_matches_loop_reference(xp, case):
    x, w, _, rng = data_for(case)
    dy = rng.standard_normal(ref_conv2d_variant(x, w, **case["kw"]).shape)
    got = conv2d_backward(xp.asarray(dy), xp.asarray(x), xp.asarray(w), **case["kw"])
    for g, want in zip(got, ref_conv2d_variant_backward(dy, x, w, **case["kw"])):
        assert get_xp(g) is xp
        assert g.shape == want.shape
        np.testing.assert_allclose(to_numpy(g), want, rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize(
    "x_shape, w_shape, geo",
    [
        ((1, 2, 4, 5), (2, 2, 3, 3), {"padding": 2}),
        ((2, 1, 3, 3), (1, 1, 2, 3), {"stride": 2, "padding": (2, 1), "dilation": (1, 2)}),
    ],
)
def test_backward_matches_finite_differences(mode, x_shape, w_shape, geo):
    rng = np.random.default_rng(3)
    x, w, b = rng.standard_normal(x_shape), rng.standard_normal(w_shape), rng.standard_normal(w_shape[0])
    kw = {**geo, "padding_mode": mode}
    dy = rng.standard_normal(conv2d(x, w, b, **kw).shape)

    def loss() -> float:
        return float((conv2d(x, w, b, **kw) * dy).sum())

    dx, dw, db = conv2d_backward(dy, x, w, **kw)
    np.testing.assert_allclose(dx, numerical_grad(loss, x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(dw, numerical_grad(loss, w), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(db, numerical_grad(loss, b), rtol=1e-6, atol=1e-7)


@FAST
@given(case=variant_cases(groups=False, flip=False))
def test_fold_is_the_adjoint_of_padding(case):
    """Σ pad(x)·g == Σ x·fold(g): the gradient of padding is folding."""
    x, _, _, rng = data_for(case)
    mode, padding = case["kw"]["padding_mode"], case["kw"]["padding"]
    padded = pad_input(np, x, padding, mode)
    np.testing.assert_array_equal(padded, ref_pad(x, padding, mode))
    g = rng.standard_normal(padded.shape)
    folded = fold_padding_grad(np, g, x.shape[2:], padding, mode)
    assert folded.shape == x.shape
    assert np.isclose((padded * g).sum(), (x * folded).sum(), rtol=1e-12, atol=1e-12)


@FAST
@given(case=variant_cases(groups=False, flip=False), data=st.data())
def test_trace_border_holds_the_padded_values_and_names_their_source(case, data):
    x, w, b, _ = data_for(case)
    kw = case["kw"]
    trace = ConvTrace(x[0], w, b, **{k: kw[k] for k in ("stride", "padding", "dilation", "padding_mode")})
    assert trace.padding_mode == kw["padding_mode"]
    np.testing.assert_array_equal(trace.padded, ref_pad(x[0], kw["padding"], kw["padding_mode"]))
    np.testing.assert_allclose(trace.output, ref_conv2d_variant(x, w, b, **kw)[0], rtol=1e-10, atol=1e-10)
    hp, wp = trace.padded.shape[1:]
    ph, pw = trace.geometry.padding
    for r in range(hp):
        for c in range(wp):
            src = trace.padding_source(r, c)
            inside = ph <= r < ph + x.shape[2] and pw <= c < pw + x.shape[3]
            if inside:
                assert src == (r - ph, c - pw)
            if src is None:
                assert kw["padding_mode"] == "zeros" and not inside
                assert (trace.padded[:, r, c] == 0).all()
            else:
                np.testing.assert_array_equal(trace.padded[:, r, c], x[0, :, src[0], src[1]])
    k = data.draw(st.integers(0, len(trace) - 1))
    step = trace[k]
    np.testing.assert_array_equal(
        step.window, trace.padded[:, list(step.taps_rows)][:, :, list(step.taps_cols)]
    )
    assert step.value == pytest.approx(trace.output[step.filter, step.row, step.col], rel=1e-12, abs=1e-12)


def test_padding_source_refuses_cells_outside_the_padded_input():
    trace = ConvTrace(np.ones((1, 3, 3)), np.ones((1, 1, 2, 2)), padding=1, padding_mode="reflect")
    assert trace.padding_source(0, 0) == (1, 1)
    with pytest.raises(IndexError):
        trace.padding_source(5, 0)


@pytest.mark.parametrize(
    "mode, size, padding, words",
    [
        ("reflect", 3, 3, "reflect padding must be smaller than the input"),
        ("reflect", 2, (0, 2), "reflect padding must be smaller than the input"),
        ("circular", 3, 4, "circular padding must not be larger than the input"),
        ("mirror", 5, 1, "padding_mode must be one of zeros, reflect, replicate, circular"),
        ("Zeros", 5, 1, "padding_mode must be one of"),
    ],
)
def test_impossible_combinations_are_refused_in_words(mode, size, padding, words):
    x = np.ones((1, 1, size, size))
    w = np.ones((1, 1, 1, 1))
    y_shape = conv2d(x, w, padding=padding).shape
    with pytest.raises(ValueError, match=words):
        conv2d(x, w, padding=padding, padding_mode=mode)
    with pytest.raises(ValueError, match=words):
        conv2d_backward(np.ones(y_shape), x, w, padding=padding, padding_mode=mode)
    with pytest.raises(ValueError, match=words):
        ConvTrace(x[0], w, padding=padding, padding_mode=mode)


@pytest.mark.parametrize("mode, padding", [("reflect", 2), ("circular", 3), ("replicate", 7)])
def test_the_largest_padding_each_mode_allows_works(mode, padding):
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    y = conv2d(x, np.ones((1, 1, 1, 1)), padding=padding, padding_mode=mode)
    np.testing.assert_array_equal(y[0, 0], ref_pad(x[0, 0], padding, mode))


def test_zero_padding_with_any_mode_equals_no_padding():
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((1, 2, 4, 4)), rng.standard_normal((3, 2, 2, 2))
    for mode in MODES:
        np.testing.assert_array_equal(conv2d(x, w, padding_mode=mode), conv2d(x, w))


def test_float32_stays_float32():
    x = np.ones((1, 1, 4, 4), np.float32)
    y = conv2d(x, np.ones((1, 1, 3, 3), np.float32), padding=1, padding_mode="reflect")
    assert y.dtype == np.float32
    dx, dw, db = conv2d_backward(np.ones_like(y), x, np.ones((1, 1, 3, 3), np.float32), padding=1,
                                 padding_mode="circular")  # fmt: skip
    assert dx.dtype == dw.dtype == db.dtype == np.float32


# -- PyTorch --------------------------------------------------------------------


@FAST
@given(case=variant_cases(modes=("reflect", "replicate", "circular")))
def test_matches_torch_conv2d_module_with_padding_mode(case):
    torch = pytest.importorskip("torch")
    x, w, b, rng = data_for(case)
    kw = case["kw"]
    conv = torch.nn.Conv2d(
        x.shape[1], w.shape[0], w.shape[2:], stride=kw["stride"], padding=kw["padding"],
        dilation=kw["dilation"], groups=kw["groups"], padding_mode=kw["padding_mode"], dtype=torch.float64,
    )  # fmt: skip
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy((w[:, :, ::-1, ::-1] if kw["flip"] else w).copy()))
        conv.bias.copy_(torch.from_numpy(b))
    tx = torch.from_numpy(x).requires_grad_(True)
    ty = conv(tx)
    dy = rng.standard_normal(tuple(ty.shape))
    ty.backward(torch.from_numpy(dy))
    np.testing.assert_allclose(conv2d(x, w, b, **kw), ty.detach().numpy(), rtol=1e-10, atol=1e-10)
    dx, dw, db = conv2d_backward(dy, x, w, **kw)
    tdw = conv.weight.grad.numpy()
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(dw, tdw[:, :, ::-1, ::-1] if kw["flip"] else tdw, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(db, conv.bias.grad.numpy(), rtol=1e-10, atol=1e-10)

"""True convolution (``flip=True``): against ``numpy.convolve``, loops, central
differences and PyTorch; the trace shows the flipped weights it multiplies."""

from __future__ import annotations

import numpy as np
import pytest
from core_refs import FAST, conv_cases, numerical_grad
from hypothesis import given
from hypothesis import strategies as st
from variant_refs import data_for, ref_conv2d_variant_backward, ref_true_conv2d, variant_cases

from cnnviz.core import ConvTrace, conv2d, conv2d_backward, format_products, get_xp, to_numpy


def _geo(case):
    return {k: case[k] for k in ("stride", "padding", "dilation")}


@FAST
@given(case=conv_cases(), with_bias=st.booleans())
def test_flip_matches_numpy_convolve_reference(xp, case, with_bias):
    x, w, b, _ = data_for(case)
    bias = b if with_bias else None
    xb = None if bias is None else xp.asarray(bias)
    y = conv2d(xp.asarray(x), xp.asarray(w), xb, flip=True, **_geo(case))
    assert get_xp(y) is xp
    expected = ref_true_conv2d(x, w, bias, **_geo(case))
    assert y.shape == expected.shape
    np.testing.assert_allclose(to_numpy(y), expected, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize(
    "k, mode",
    [(1, "full"), (2, "full"), (4, "full"), (1, "same"), (3, "same"), (5, "same"), (2, "valid")],
)
def test_one_row_is_numpy_convolve(k, mode):
    """A 1×n input and a 1×k kernel: numpy.convolve's modes are paddings
    ("same" needs an odd kernel to be symmetric)."""
    rng = np.random.default_rng(k)
    a, v = rng.standard_normal(7), rng.standard_normal(k)
    pad = {"full": k - 1, "same": (k - 1) // 2, "valid": 0}[mode]
    y = conv2d(a.reshape(1, 1, 1, 7), v.reshape(1, 1, 1, k), padding=(0, pad), flip=True)[0, 0, 0]
    np.testing.assert_allclose(y, np.convolve(a, v, mode=mode), rtol=1e-12, atol=1e-12)


def test_true_convolution_commutes_but_correlation_does_not():
    """Full convolution of a with b equals that of b with a; cross-correlation is reversed."""
    rng = np.random.default_rng(1)
    a, v = rng.standard_normal((1, 1, 3, 4)), rng.standard_normal((1, 1, 2, 3))
    ab = conv2d(a, v, padding=(1, 2), flip=True)
    ba = conv2d(v, a, padding=(2, 3), flip=True)
    np.testing.assert_allclose(ab, ba, rtol=1e-12, atol=1e-12)
    assert not np.allclose(conv2d(a, v, padding=(1, 2)), conv2d(v, a, padding=(2, 3)))


@FAST
@given(case=variant_cases())
def test_flip_equals_correlating_with_the_flipped_kernel(case):
    x, w, b, _ = data_for(case)
    kw = {**case["kw"], "flip": False}
    flipped = np.ascontiguousarray(w[:, :, ::-1, ::-1])
    np.testing.assert_allclose(
        conv2d(x, w, b, **{**kw, "flip": True}), conv2d(x, flipped, b, **kw), rtol=1e-12, atol=1e-12
    )


@FAST
@given(case=variant_cases())
def test_flipped_backward_matches_loop_reference(xp, case):
    x, w, _, rng = data_for(case)
    kw = {**case["kw"], "flip": True}
    dy = rng.standard_normal(conv2d(x, w, **kw).shape)
    got = conv2d_backward(xp.asarray(dy), xp.asarray(x), xp.asarray(w), **kw)
    for g, want in zip(got, ref_conv2d_variant_backward(dy, x, w, **kw)):
        assert g.shape == want.shape
        np.testing.assert_allclose(to_numpy(g), want, rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize(
    "geo",
    [{}, {"stride": 2, "padding": 1}, {"stride": (1, 2), "padding": (2, 0), "dilation": (2, 1)}],
)
def test_flipped_backward_matches_finite_differences(geo):
    rng = np.random.default_rng(5)
    x, w, b = rng.standard_normal((2, 2, 5, 5)), rng.standard_normal((3, 2, 3, 2)), rng.standard_normal(3)
    dy = rng.standard_normal(conv2d(x, w, b, flip=True, **geo).shape)

    def loss() -> float:
        return float((conv2d(x, w, b, flip=True, **geo) * dy).sum())

    dx, dw, db = conv2d_backward(dy, x, w, flip=True, **geo)
    np.testing.assert_allclose(dx, numerical_grad(loss, x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(dw, numerical_grad(loss, w), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(db, numerical_grad(loss, b), rtol=1e-6, atol=1e-7)


@FAST
@given(case=conv_cases(max_n=1), data=st.data())
def test_trace_steps_multiply_the_flipped_weights(case, data):
    x, w, b, _ = data_for(case)
    trace = ConvTrace(x[0], w, b, flip=True, **_geo(case))
    assert trace.flip
    np.testing.assert_array_equal(trace.w, w)  # kept as given
    expected = ref_true_conv2d(x, w, b, **_geo(case))[0]
    np.testing.assert_allclose(trace.output, expected, rtol=1e-10, atol=1e-10)
    kh, kw = w.shape[2:]
    for k in data.draw(st.lists(st.integers(0, len(trace) - 1), min_size=1, max_size=4)):
        step = trace[k]
        assert step.flipped
        for i in range(kh):
            for j in range(kw):
                mirrored = w[step.filter, :, kh - 1 - i, kw - 1 - j]
                np.testing.assert_array_equal(step.weights[:, i, j], mirrored)
        np.testing.assert_array_equal(step.products, step.window * step.weights)
        want = trace.output[step.filter, step.row, step.col]
        assert step.value == pytest.approx(want, rel=1e-12, abs=1e-12)


def test_arithmetic_line_shows_the_flipped_weights():
    x = np.arange(9.0).reshape(1, 3, 3)
    w = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    plain, flipped = ConvTrace(x, w)[0], ConvTrace(x, w, flip=True)[0]
    assert not plain.flipped
    assert format_products(plain, 0) == "1*0 + 2*1 + 3*3 + 4*4"
    assert format_products(flipped, 0) == "4*0 + 3*1 + 2*3 + 1*4"
    assert flipped.value == 4 * 0 + 3 * 1 + 2 * 3 + 1 * 4


@FAST
@given(case=conv_cases())
def test_matches_torch_conv2d_with_the_kernel_flipped(case):
    torch = pytest.importorskip("torch")
    x, w, b, _ = data_for(case)
    tw = torch.from_numpy(w).flip(2, 3)
    expected = torch.nn.functional.conv2d(torch.from_numpy(x), tw, torch.from_numpy(b), **_geo(case))
    got = conv2d(x, w, b, flip=True, **_geo(case))
    np.testing.assert_allclose(got, expected.numpy(), rtol=1e-10, atol=1e-10)

"""The stride-1 engines (cnnviz.core._shifted, cnnviz.core._dense) against the
reference convolution.

Both column layouts (wide runs and gathered compact columns) and both slab
sizes (cache-sized and one output row) are forced in turn, so every branch
meets the extreme geometries the property tests draw: padding larger than
the input, dilation, rectangular kernels, one-pixel planes. The dense matrix
is forced on the same cases.
"""

from __future__ import annotations

import numpy as np
import pytest
from core_refs import conv_cases, ref_conv2d, ref_conv2d_backward
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnviz.core import _dense, _im2col, _minor, _shifted, conv2d, conv2d_backward
from cnnviz.core._shifted import Wide, relu, valid, wide_geometry, zero_gaps
from cnnviz.core.shapes import conv_geometry

MODES = [("wide", _im2col.SLAB_BYTES), ("gather", _im2col.SLAB_BYTES), ("wide", 64), ("gather", 64)]


def _forced(mode: str, slab: int):
    saved = _shifted.FORCE, _im2col.SLAB_BYTES, _dense.MAX_ENTRIES
    _shifted.FORCE, _im2col.SLAB_BYTES, _dense.MAX_ENTRIES = mode, slab, 0  # no dense matrices here
    return saved


@settings(max_examples=80, deadline=None)
@given(case=conv_cases(max_n=3, max_c=3, max_f=3))
def test_stride_one_convolution_in_every_layout_matches_reference(case):
    case = {**case, "stride": 1}
    rng = np.random.default_rng(case["seed"])
    x, w = rng.standard_normal(case["x_shape"]), rng.standard_normal(case["w_shape"])
    b = rng.standard_normal(case["w_shape"][0])
    geo = {k: case[k] for k in ("padding", "dilation")}
    want = ref_conv2d(x, w, b, **geo)
    dy = rng.standard_normal(want.shape)
    grads = ref_conv2d_backward(dy, x, w, **geo)
    for mode, slab in MODES:
        saved = _forced(mode, slab)
        try:
            np.testing.assert_allclose(conv2d(x, w, b, **geo), want, rtol=1e-10, atol=1e-10, err_msg=mode)
            for got, ref in zip(conv2d_backward(dy, x, w, **geo), grads):
                np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-10, err_msg=f"{mode}, {slab}")
        finally:
            _shifted.FORCE, _im2col.SLAB_BYTES, _dense.MAX_ENTRIES = saved


@pytest.mark.parametrize("shape", [(2, 3, 5, 4), (1, 1, 1, 1), (3, 2, 7, 1)])
def test_pointwise_convolution_is_a_matrix_product(shape):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape)
    w = rng.standard_normal((4, shape[1], 1, 1))
    b = rng.standard_normal(4)
    np.testing.assert_allclose(conv2d(x, w, b), ref_conv2d(x, w, b), rtol=1e-12, atol=1e-12)
    dy = rng.standard_normal((shape[0], 4, *shape[2:]))
    for got, want in zip(conv2d_backward(dy, x, w), ref_conv2d_backward(dy, x, w)):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_layouts_are_chosen_by_channels_and_row_length():
    small = conv_geometry((28, 28), 5, 1, 2)
    assert wide_geometry(small, 1, 1, 16).gather  # a first layer: few column rows
    assert not wide_geometry(small, 2, 16, 16).gather  # more channels: wide runs
    assert wide_geometry(conv_geometry((512, 512), 3, 1, 1), 1, 3, 8).gather  # long rows
    one = wide_geometry(conv_geometry((6, 6), 1, 1, 0), 1, 16, 16)
    assert one.pitch == one.cols and not one.gather  # nothing dropped: runs are compact


def test_valid_view_and_gaps_follow_the_wide_numbering():
    wide = Wide(rows=3, cols=2, pitch=4)
    z = np.arange(2 * wide.length, dtype=np.float32).reshape(2, wide.length)
    assert wide.length == 10 and wide.span(1, 3) == (4, 10)
    np.testing.assert_array_equal(valid(z, wide, 3)[0], [[0, 1], [4, 5], [8, 9]])
    zero_gaps(z, wide, 3)
    np.testing.assert_array_equal(z[1], [10, 11, 0, 0, 14, 15, 0, 0, 18, 19])


def test_relu_against_zeros_keeps_nan_and_shape():
    a = np.array([[-1.0, 0.0, 2.0], [np.nan, -0.0, 3.5]], dtype=np.float32)
    out = relu(a)
    np.testing.assert_array_equal(out[0], [0, 0, 2])
    assert np.isnan(out[1, 0]) and out[1, 2] == 3.5 and out.dtype == np.float32
    strided = np.arange(-8.0, 8.0).reshape(4, 4)[:, ::2]
    relu(strided, out=strided)
    assert (strided >= 0).all()


def test_views_stay_inside_their_buffer():
    base = np.zeros(10, dtype=np.float32)
    with pytest.raises(ValueError):
        _shifted.view(base, 8, (2, 2), (1, 1))


@settings(max_examples=60, deadline=None)
@given(case=conv_cases(max_n=3, max_c=3, max_f=3))
def test_dense_matrix_convolution_matches_reference(case):
    case = {**case, "stride": 1}
    rng = np.random.default_rng(case["seed"])
    x, w = rng.standard_normal(case["x_shape"]), rng.standard_normal(case["w_shape"])
    b = rng.standard_normal(case["w_shape"][0])
    geo = conv_geometry(x.shape[2:], w.shape[2:], 1, case["padding"], case["dilation"])
    kw = {k: case[k] for k in ("padding", "dilation")}
    y = _dense.dense_correlate(x, w, b, geo)
    np.testing.assert_allclose(y, ref_conv2d(x, w, b, **kw), rtol=1e-10, atol=1e-10)
    dy = rng.standard_normal(y.shape)
    dx, dw = _dense.dense_grads(dy, x, w, geo, need_dx=True)
    ref_dx, ref_dw, _ = ref_conv2d_backward(dy, x, w, **kw)
    np.testing.assert_allclose(dx, ref_dx, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(dw, ref_dw, rtol=1e-9, atol=1e-10)
    assert _dense.dense_grads(dy, x, w, geo, need_dx=False)[0] is None


def test_dense_matrix_follows_weights_changed_in_place():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 2, 4, 4))
    w = rng.standard_normal((4, 2, 5, 5))
    geo = conv_geometry((4, 4), (5, 5), 1, 2)
    assert _dense.dense_wins(geo, 2, 4, waste=2.0)
    first = _dense.dense_correlate(x, w, None, geo)
    w *= -0.5  # as an optimiser step does
    np.testing.assert_allclose(_dense.dense_correlate(x, w, None, geo), -0.5 * first, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(conv2d(x, w, padding=2), ref_conv2d(x, w, padding=2), rtol=1e-10, atol=1e-10)


@settings(max_examples=60, deadline=None)
@given(case=conv_cases(max_n=3, max_c=3, max_f=3))
def test_batch_last_convolution_matches_reference(case):
    case = {**case, "stride": 1}
    rng = np.random.default_rng(case["seed"])
    x, w = rng.standard_normal(case["x_shape"]), rng.standard_normal(case["w_shape"])
    b = rng.standard_normal(case["w_shape"][0])
    kw = {k: case[k] for k in ("padding", "dilation")}
    want = ref_conv2d(x, w, b, **kw)
    dy = rng.standard_normal(want.shape)
    grads = ref_conv2d_backward(dy, x, w, **kw)
    saved = _minor.MIN_IMAGES, _minor.MIN_WASTE, _dense.MAX_ENTRIES, _im2col.SLAB_BYTES
    _minor.MIN_IMAGES, _minor.MIN_WASTE, _dense.MAX_ENTRIES = 1, 0.0, 0
    try:
        for slab in (saved[3], 64):
            _im2col.SLAB_BYTES = slab
            geo = conv_geometry(x.shape[2:], w.shape[2:], 1, case["padding"], case["dilation"])
            kept: list = []
            y = _minor.minor_correlate(x, w, b, geo, keep=kept)
            np.testing.assert_allclose(y, want, rtol=1e-10, atol=1e-10)
            dw = _minor.minor_weight_grad(dy, x, geo, kept).reshape(w.shape)
            np.testing.assert_allclose(dw, grads[1], rtol=1e-9, atol=1e-10)
            for got, ref in zip(conv2d_backward(dy, x, w, **kw), grads):
                np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-10)
    finally:
        _minor.MIN_IMAGES, _minor.MIN_WASTE, _dense.MAX_ENTRIES, _im2col.SLAB_BYTES = saved


@settings(max_examples=60, deadline=None)
@given(case=conv_cases(max_n=3, max_c=3, max_f=3), single=st.booleans())
def test_batch_last_input_gradient_matches_reference(case, single):
    """The batch-last col2im, called directly on every drawn geometry (padding
    beyond the input, dilation, one-pixel planes), in both precisions and with
    one-row bands."""
    dtype = np.float32 if single else np.float64
    tol = {"rtol": 1e-4, "atol": 1e-4} if single else {"rtol": 1e-9, "atol": 1e-10}
    rng = np.random.default_rng(case["seed"])
    x, w = rng.standard_normal(case["x_shape"]), rng.standard_normal(case["w_shape"])
    kw = {k: case[k] for k in ("padding", "dilation")}
    geo = conv_geometry(x.shape[2:], w.shape[2:], 1, case["padding"], case["dilation"])
    dy = rng.standard_normal((x.shape[0], w.shape[0], *geo.out))
    want = ref_conv2d_backward(dy, x, w, **kw)[0]
    saved = _im2col.SLAB_BYTES
    try:
        for slab in (saved, 64):
            _im2col.SLAB_BYTES = slab
            got = _minor.minor_input_grad(dy.astype(dtype), w.astype(dtype), x.shape, geo)
            assert got.dtype == dtype and got.shape == x.shape and got.flags.c_contiguous
            np.testing.assert_allclose(got, want, **tol)
    finally:
        _im2col.SLAB_BYTES = saved

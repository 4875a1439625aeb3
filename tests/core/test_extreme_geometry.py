"""Geometries where whole im2col slabs lie inside the padding.

A slab of output rows reads a band of padded-input rows; with padding larger
than the input, or strides larger than the kernel, that band can miss the
input entirely (above it or below it). These once indexed outside the input
(issue 8, item 1): ``conv2d(x, w, padding=38)`` on the demo input raised a
numpy broadcast error, as did the demo at stride 11, padding 4.
"""

from __future__ import annotations

import numpy as np
import pytest
from core_refs import conv_cases, ref_conv2d, ref_conv2d_backward
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnviz.core import (
    _im2col,
    conv2d,
    conv2d_backward,
    load_demo,
    max_pool2d,
    max_pool2d_backward,
    relu,
    relu_backward,
)
from cnnviz.core.fused import conv_relu_maxpool, conv_relu_maxpool_backward


def _data(case):
    rng = np.random.default_rng(case["seed"])
    return rng.standard_normal(case["x_shape"]), rng.standard_normal(case["w_shape"])


def _geo(case):
    return {k: case[k] for k in ("stride", "padding", "dilation")}


@pytest.fixture(params=[_im2col.SLAB_BYTES, 64], ids=["cache-sized slabs", "one-row slabs"])
def slab_bytes(request, monkeypatch):
    """Run with the shipped slab size and with slabs of one output row each, so
    that slabs wholly inside the top or bottom padding occur on tiny inputs."""
    monkeypatch.setattr(_im2col, "SLAB_BYTES", request.param)
    monkeypatch.setattr(_im2col, "MERGE_BELOW", 0 if request.param == 64 else _im2col.MERGE_BELOW)
    return request.param


@pytest.mark.parametrize(
    "geo",
    [
        {"stride": 11, "padding": 4},
        {"padding": 38},
        {"stride": 2, "padding": 9},
        {"stride": 40, "padding": 20},
    ],
)
def test_demo_geometries_once_broken_match_reference(slab_bytes, geo):
    demo = load_demo()
    x = np.asarray(demo.x, dtype=np.float64)[None]
    w = np.asarray(demo.w, dtype=np.float64)
    b = np.asarray(demo.b, dtype=np.float64)
    y = conv2d(x, w, b, **geo)
    np.testing.assert_allclose(y, ref_conv2d(x, w, b, **geo), atol=1e-12)
    dy = np.random.default_rng(0).standard_normal(y.shape)
    for got, want in zip(conv2d_backward(dy, x, w, **geo), ref_conv2d_backward(dy, x, w, **geo)):
        np.testing.assert_allclose(got, want, atol=1e-10)


@settings(max_examples=150, deadline=None)
@given(case=conv_cases(max_n=2, max_c=2, max_f=2))
def test_conv2d_forward_and_backward_with_one_row_slabs(case):
    saved = _im2col.SLAB_BYTES, _im2col.MERGE_BELOW
    _im2col.SLAB_BYTES, _im2col.MERGE_BELOW = 64, 0
    try:
        x, w = _data(case)
        y = conv2d(x, w, **_geo(case))
        np.testing.assert_allclose(y, ref_conv2d(x, w, **_geo(case)), rtol=1e-10, atol=1e-10)
        dy = np.random.default_rng(case["seed"] + 1).standard_normal(y.shape)
        for got, want in zip(
            conv2d_backward(dy, x, w, **_geo(case)), ref_conv2d_backward(dy, x, w, **_geo(case))
        ):
            np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-10)
    finally:
        _im2col.SLAB_BYTES, _im2col.MERGE_BELOW = saved


@settings(max_examples=60, deadline=None)
@given(
    hw=st.tuples(st.integers(1, 6), st.integers(1, 6)),
    k=st.integers(1, 3),
    stride=st.one_of(st.integers(1, 2), st.integers(3, 9)),
    padding=st.one_of(st.integers(0, 1), st.integers(2, 9)),
    pool=st.integers(2, 3),
    keep=st.booleans(),
    seed=st.integers(0, 2**31 - 1),
)
def test_fused_pass_with_extreme_geometry_equals_separate_ops(hw, k, stride, padding, pool, keep, seed):
    oh = (hw[0] + 2 * padding - k) // stride + 1
    ow = (hw[1] + 2 * padding - k) // stride + 1
    if min(hw[0] + 2 * padding, hw[1] + 2 * padding) < k or min(oh, ow) < pool:
        return  # no pooled output: not a geometry the fused pass serves
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, 2, *hw))
    w = rng.standard_normal((3, 2, k, k))
    b = rng.standard_normal(3)
    z = conv2d(x, w, b, stride=stride, padding=padding)
    a = relu(z)
    kept: list | None = [] if keep else None
    y, idx = conv_relu_maxpool(x, w, b, stride=stride, padding=padding, pool=pool, keep=kept)
    np.testing.assert_allclose(y, max_pool2d(a, pool), atol=1e-12)
    dy = rng.standard_normal(y.shape)
    dz = relu_backward(max_pool2d_backward(dy, a, pool), z)
    want = conv2d_backward(dz, x, w, stride=stride, padding=padding)
    got = conv_relu_maxpool_backward(dy, y, idx, x, w, stride=stride, padding=padding, pool=pool, kept=kept)
    for g, r in zip(got, want):
        np.testing.assert_allclose(g, r, atol=1e-10)

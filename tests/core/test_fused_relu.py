"""The fused conv → ReLU and conv → ReLU → average-pool passes against the
separate ops, in both column layouts, with and without kept columns, with
cache-sized and one-row slabs; and the model running them as one pass."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnviz.core import (
    _dense,
    _im2col,
    _minor,
    _shifted,
    avg_pool2d,
    avg_pool2d_backward,
    conv2d,
    conv2d_backward,
    cross_entropy,
    max_pool2d_backward,
    relu,
    relu_backward,
)
from cnnviz.core.fused import conv_relu_maxpool, conv_relu_maxpool_backward
from cnnviz.core.fused_relu import (
    conv_relu,
    conv_relu_avgpool,
    conv_relu_avgpool_backward,
    conv_relu_backward,
)
from cnnviz.core.model import AvgPool2d, Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential

MODES = [(None, 0), ("wide", 0), ("gather", 0), ("wide", 64), ("gather", 64), ("minor", 64)]


@pytest.fixture(params=MODES)
def layout(request, monkeypatch):
    """The engines as chosen, and each column layout forced, with the shipped
    slabs and with one-row slabs."""
    mode, slab = request.param
    if mode == "minor":  # batch-last columns for any batch and plane
        monkeypatch.setattr(_minor, "MIN_IMAGES", 1)
        monkeypatch.setattr(_minor, "MIN_WASTE", 0.0)
    else:
        monkeypatch.setattr(_shifted, "FORCE", mode)
    if mode:  # the one-pass engines even where a dense matrix would serve
        monkeypatch.setattr(_dense, "MAX_ENTRIES", 0)
    if slab:
        monkeypatch.setattr(_im2col, "SLAB_BYTES", slab)
    return request.param


def _problem(n, c, hw, f, k, seed=3):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c, *hw))
    kk = (k, k) if isinstance(k, int) else k
    return rng, x, rng.standard_normal((f, c, *kk)), rng.standard_normal(f)


def _check_relu(x, w, b, stride, padding, rng, keep, need_dx=True):
    z = conv2d(x, w, b, stride=stride, padding=padding)
    kept: list | None = [] if keep else None
    y = conv_relu(x, w, b, stride=stride, padding=padding, keep=kept)
    np.testing.assert_allclose(y, relu(z), rtol=1e-12, atol=1e-12)
    dy = rng.standard_normal(y.shape)
    want = conv2d_backward(relu_backward(dy, z), x, w, stride=stride, padding=padding)
    got = conv_relu_backward(dy, y, x, w, stride=stride, padding=padding, need_dx=need_dx, kept=kept)
    assert (got[0] is None) == (not need_dx)
    for g, r in zip(got, want):
        if g is not None:
            np.testing.assert_allclose(g, r, rtol=1e-10, atol=1e-10)


def _check_avg(x, w, b, stride, padding, pool, rng, keep, need_dx=True):
    z = conv2d(x, w, b, stride=stride, padding=padding)
    a = relu(z)
    kept: list | None = [] if keep else None
    y, active = conv_relu_avgpool(x, w, b, stride=stride, padding=padding, pool=pool, keep=kept)
    np.testing.assert_allclose(y, avg_pool2d(a, pool), rtol=1e-12, atol=1e-12)
    dy = rng.standard_normal(y.shape)
    dz = relu_backward(avg_pool2d_backward(dy, a, pool), z)
    want = conv2d_backward(dz, x, w, stride=stride, padding=padding)
    got = conv_relu_avgpool_backward(
        dy, active, x, w, stride=stride, padding=padding, pool=pool, need_dx=need_dx, kept=kept
    )
    for g, r in zip(got, want):
        if g is not None:
            np.testing.assert_allclose(g, r, rtol=1e-10, atol=1e-10)


CASES = [
    (3, 2, (9, 11), 4, 3, 1, 1, 2),  # floor-mode pooling drops a row and a column
    (70, 1, (8, 8), 3, 3, 1, 1, 2),  # many small one-channel images
    (2, 3, (12, 10), 2, (3, 2), 2, 1, 2),  # strided: the separate ops
    (4, 2, (12, 12), 5, 3, 1, 0, 3),  # 3×3 pooling, unpadded
    (2, 16, (4, 4), 4, 5, 1, 2, 2),  # a tiny plane under a large kernel
]


@pytest.mark.parametrize("keep", [False, True])
@pytest.mark.parametrize("n, c, hw, f, k, stride, padding, pool", CASES)
def test_fused_relu_and_avgpool_equal_separate_ops(layout, n, c, hw, f, k, stride, padding, pool, keep):
    rng, x, w, b = _problem(n, c, hw, f, k)
    _check_relu(x, w, b, stride, padding, rng, keep)
    _check_avg(x, w, b, stride, padding, pool, rng, keep)


@settings(max_examples=60, deadline=None)
@given(
    hw=st.tuples(st.integers(1, 7), st.integers(1, 7)),
    kernel=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    padding=st.one_of(st.integers(0, 2), st.integers(3, 8)),
    pool=st.integers(2, 3),
    channels=st.sampled_from([1, 2]),
    mode=st.sampled_from([None, "wide", "gather"]),
    one_row=st.booleans(),
    keep=st.booleans(),
    seed=st.integers(0, 2**31 - 1),
)
def test_fused_passes_with_extreme_geometry_equal_separate_ops(
    hw, kernel, padding, pool, channels, mode, one_row, keep, seed
):
    out = [hw[i] + 2 * padding - kernel[i] + 1 for i in range(2)]
    if min(out) < 1:
        return
    rng, x, w, b = _problem(2, channels, hw, 3, kernel, seed)
    saved = _shifted.FORCE, _im2col.SLAB_BYTES, _dense.MAX_ENTRIES
    _shifted.FORCE = mode
    if mode:
        _dense.MAX_ENTRIES = 0
    if one_row:
        _im2col.SLAB_BYTES = 64
    try:
        _check_relu(x, w, b, 1, padding, rng, keep, need_dx=bool(seed % 2))
        if min(out) >= pool:
            _check_avg(x, w, b, 1, padding, pool, rng, keep)
            kept: list | None = [] if keep else None
            y, idx = conv_relu_maxpool(x, w, b, padding=padding, pool=pool, keep=kept)
            dy = rng.standard_normal(y.shape)
            z = conv2d(x, w, b, padding=padding)
            dz = relu_backward(max_pool2d_backward(dy, relu(z), pool), z)
            want = conv2d_backward(dz, x, w, padding=padding)
            got = conv_relu_maxpool_backward(dy, y, idx, x, w, padding=padding, pool=pool, kept=kept)
            for g, r in zip(got, want):
                np.testing.assert_allclose(g, r, atol=1e-10)
    finally:
        _shifted.FORCE, _im2col.SLAB_BYTES, _dense.MAX_ENTRIES = saved


def _block_model(kind: str, c: int, f: int, k: int, padding: int, hw: int, seed: int = 2) -> Sequential:
    rng = np.random.default_rng(seed)
    layers = [Conv2d(c, f, k, padding=padding, rng=rng), ReLU()]
    layers += {"max": [MaxPool2d(2)], "avg": [AvgPool2d(2)], "none": []}[kind]
    layers += [Conv2d(f, f, k, padding=padding, rng=rng), ReLU()]
    layers += {"max": [MaxPool2d(2)], "avg": [AvgPool2d(2)], "none": []}[kind]
    model = Sequential(layers + [Flatten()])
    (features,) = model.out_shape((c, hw, hw))
    model.layers.append(Linear(features, 3, rng=rng))
    return model


@pytest.mark.parametrize("kind, count", [("max", 3), ("avg", 3), ("none", 2)])
@pytest.mark.parametrize("k, padding, hw", [(3, 1, 12), (5, 0, 16), (1, 0, 8)])
def test_model_runs_each_block_as_one_pass_with_the_same_numbers(kind, count, k, padding, hw):
    fused, plain = (_block_model(kind, 1, 4, k, padding, hw) for _ in range(2))
    plain.fuse = False
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 1, hw, hw)).astype(np.float32)
    labels = rng.integers(0, 3, size=5)
    results = []
    for model in (fused, plain):
        logits = model.forward(x)
        _, d = cross_entropy(logits, labels)
        model.backward(d)
        results.append((logits, {name: p.grad.copy() for name, p in model.named_parameters()}))
    assert [c for _, c in fused._runs][:2] == [count, count]
    assert all(c == 1 for _, c in plain._runs)
    (lf, gf), (lp, gp) = results
    np.testing.assert_allclose(lf, lp, rtol=1e-5, atol=1e-5)
    for name in gp:
        scale = max(float(np.abs(gp[name]).max()), 1e-6)
        np.testing.assert_allclose(gf[name], gp[name], rtol=1e-4, atol=1e-5 * scale, err_msg=name)

"""The fused conv → ReLU → max-pool pass against the separate ops, with and
without the columns kept from the forward pass."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core import conv2d, conv2d_backward, max_pool2d, max_pool2d_backward, relu, relu_backward
from cnnviz.core.fused import conv_relu_maxpool, conv_relu_maxpool_backward


@pytest.mark.parametrize("keep", [False, True])
@pytest.mark.parametrize(
    "n, c, hw, f, k, stride, padding, pool",
    [
        (3, 2, (9, 11), 4, 3, 1, 1, 2),  # floor-mode pooling drops a row and a column
        (70, 1, (8, 8), 3, 3, 1, 1, 2),  # many small images: merged slabs
        (2, 3, (12, 10), 2, (3, 2), 2, 1, 2),  # strided, rectangular kernel
        (4, 1, (12, 12), 5, 3, 1, 0, 3),  # 3×3 pooling
    ],
)
def test_fused_pass_equals_separate_ops(n, c, hw, f, k, stride, padding, pool, keep):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((n, c, *hw))
    x[0, :, :4, :4] = 0  # equal values in a window: the first maximum must win
    kk = (k, k) if isinstance(k, int) else k
    w = rng.standard_normal((f, c, *kk))
    b = rng.standard_normal(f)
    z = conv2d(x, w, b, stride=stride, padding=padding)
    a = relu(z)
    expected = max_pool2d(a, pool)

    kept: list | None = [] if keep else None
    y, idx = conv_relu_maxpool(x, w, b, stride=stride, padding=padding, pool=pool, keep=kept)
    np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-12)
    assert (kept is None) or stride != 1 or len(kept) >= 1  # strided: the separate ops, nothing kept

    dy = rng.standard_normal(y.shape)
    dz = relu_backward(max_pool2d_backward(dy, a, pool), z)
    dx_ref, dw_ref, db_ref = conv2d_backward(dz, x, w, stride=stride, padding=padding)
    dx, dw, db = conv_relu_maxpool_backward(
        dy, y, idx, x, w, stride=stride, padding=padding, pool=pool, kept=kept
    )
    np.testing.assert_allclose(dw, dw_ref, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(db, db_ref, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(dx, dx_ref, rtol=1e-10, atol=1e-10)

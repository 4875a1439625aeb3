"""Max and average pooling, forward and backward, against loop references."""

from __future__ import annotations

import numpy as np
import pytest
from core_refs import (
    FAST,
    numerical_grad,
    pool_cases,
    ref_avg_pool2d,
    ref_avg_pool2d_backward,
    ref_max_pool2d,
    ref_max_pool2d_backward,
)
from hypothesis import given

from cnnviz.core import (
    avg_pool2d,
    avg_pool2d_backward,
    get_xp,
    max_pool2d,
    max_pool2d_backward,
    to_numpy,
)


def _x(case, distinct: bool = False) -> np.ndarray:
    rng = np.random.default_rng(case["seed"])
    shape = case["x_shape"]
    if distinct:  # no ties: the max is unique and differentiable
        return rng.permutation(np.prod(shape)).reshape(shape).astype(np.float64) / 7.0
    return rng.integers(-3, 4, size=shape).astype(np.float64)  # many ties


@FAST
@given(case=pool_cases())
def test_max_pool2d_matches_loop_reference(xp, case):
    x = _x(case)
    y = max_pool2d(xp.asarray(x), case["kernel"], case["stride"])
    assert get_xp(y) is xp
    np.testing.assert_array_equal(to_numpy(y), ref_max_pool2d(x, case["kernel"], case["stride"]))


@FAST
@given(case=pool_cases())
def test_max_pool2d_backward_routes_to_first_max(xp, case):
    x = _x(case)  # small integers: ties in most windows
    k, s = case["kernel"], case["stride"]
    dy = np.random.default_rng(case["seed"] + 1).standard_normal(ref_max_pool2d(x, k, s).shape)
    dx = max_pool2d_backward(xp.asarray(dy), xp.asarray(x), k, s)
    assert get_xp(dx) is xp
    np.testing.assert_allclose(to_numpy(dx), ref_max_pool2d_backward(dy, x, k, s), atol=1e-12)


@FAST
@given(case=pool_cases())
def test_avg_pool2d_and_backward_match_loop_reference(xp, case):
    x = _x(case, distinct=True)
    k, s = case["kernel"], case["stride"]
    y = avg_pool2d(xp.asarray(x), k, s)
    np.testing.assert_allclose(to_numpy(y), ref_avg_pool2d(x, k, s), atol=1e-12)
    dy = np.random.default_rng(case["seed"] + 1).standard_normal(y.shape)
    dx = avg_pool2d_backward(xp.asarray(dy), xp.asarray(x), k, s)
    np.testing.assert_allclose(to_numpy(dx), ref_avg_pool2d_backward(dy, x, k, s), atol=1e-12)


@pytest.mark.parametrize(
    "shape, kernel, stride",
    [
        ((1, 2, 4, 4), 2, None),  # tiled
        ((2, 1, 5, 7), 2, None),  # odd sizes: last row/column dropped
        ((1, 2, 5, 5), 3, 1),  # overlapping
        ((1, 1, 6, 7), (3, 2), (2, 3)),  # rectangular, mixed overlap and gaps
    ],
)
def test_pool_backward_matches_finite_differences(shape, kernel, stride):
    x = np.random.default_rng(2).permutation(np.prod(shape)).reshape(shape) / 3.0
    dy = np.random.default_rng(4).standard_normal(max_pool2d(x, kernel, stride).shape)
    for fwd, bwd in ((max_pool2d, max_pool2d_backward), (avg_pool2d, avg_pool2d_backward)):

        def loss(fwd=fwd) -> float:
            return float((fwd(x, kernel, stride) * dy).sum())

        np.testing.assert_allclose(bwd(dy, x, kernel, stride), numerical_grad(loss, x), atol=1e-7)


def test_max_pool2d_backward_ties_go_to_first_in_row_major_order():
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, 1, 0] = x[0, 0, 0, 1] = 5.0  # a tie in the first window: (0, 1) comes first
    dy = np.arange(1.0, 5.0).reshape(1, 1, 2, 2)
    dx = max_pool2d_backward(dy, x, 2)
    expected = np.zeros((4, 4))
    expected[0, 1] = 1.0
    expected[0, 2], expected[2, 0], expected[2, 2] = 2.0, 3.0, 4.0  # all-zero windows: top-left
    np.testing.assert_array_equal(dx[0, 0], expected)


def test_max_pool2d_backward_matches_torch_on_ties():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(8)
    x = rng.integers(0, 3, size=(2, 3, 7, 6)).astype(np.float64)
    for kernel, stride in ((2, None), (3, 1), ((3, 2), (2, 1))):
        xt = torch.tensor(x, requires_grad=True)
        yt = torch.nn.functional.max_pool2d(xt, kernel, stride)
        dy = rng.standard_normal(tuple(yt.shape))
        yt.backward(torch.tensor(dy))
        np.testing.assert_array_equal(max_pool2d(x, kernel, stride), yt.detach().numpy())
        np.testing.assert_allclose(max_pool2d_backward(dy, x, kernel, stride), xt.grad.numpy(), atol=1e-12)


def test_pool_dtypes():
    x = np.arange(16).reshape(1, 1, 4, 4)
    assert max_pool2d(x, 2).dtype == np.float32
    assert avg_pool2d(x.astype(np.float64), 2).dtype == np.float64
    assert max_pool2d_backward(np.ones((1, 1, 2, 2), np.float32), x.astype(np.float32), 2).dtype == np.float32


def test_pool_rejects_bad_dy_shape():
    x = np.zeros((1, 1, 4, 4))
    for bwd in (max_pool2d_backward, avg_pool2d_backward):
        with pytest.raises(ValueError, match=r"dy must have shape \(1, 1, 2, 2\)"):
            bwd(np.ones((1, 1, 3, 3)), x, 2)

"""conv2d and conv2d_backward against loop references, finite differences and torch."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from core_refs import (
    FAST,
    conv_cases,
    numerical_grad,
    ref_conv2d,
    ref_conv2d_backward,
    tap_conv2d,
    tap_conv2d_backward,
)
from hypothesis import given

from cnnviz.core import conv2d, conv2d_backward, get_xp, to_numpy


def _data(case, dtype=np.float64):
    rng = np.random.default_rng(case["seed"])
    x = rng.standard_normal(case["x_shape"]).astype(dtype)
    w = rng.standard_normal(case["w_shape"]).astype(dtype)
    b = rng.standard_normal(case["w_shape"][0]).astype(dtype)
    return x, w, b


def _geo(case):
    return {k: case[k] for k in ("stride", "padding", "dilation")}


@FAST
@given(case=conv_cases(), with_bias=...)
def test_conv2d_matches_loop_reference(xp, case, with_bias: bool):
    x, w, b = _data(case)
    bias = b if with_bias else None
    y = conv2d(xp.asarray(x), xp.asarray(w), None if bias is None else xp.asarray(bias), **_geo(case))
    assert get_xp(y) is xp
    expected = ref_conv2d(x, w, bias, **_geo(case))
    assert y.shape == expected.shape
    assert y.dtype == np.float64
    np.testing.assert_allclose(to_numpy(y), expected, rtol=1e-10, atol=1e-10)


@FAST
@given(case=conv_cases())
def test_conv2d_backward_matches_loop_reference(xp, case):
    x, w, _ = _data(case)
    dy = np.random.default_rng(case["seed"] + 1).standard_normal(ref_conv2d(x, w, **_geo(case)).shape)
    dx, dw, db = conv2d_backward(xp.asarray(dy), xp.asarray(x), xp.asarray(w), **_geo(case))
    rdx, rdw, rdb = ref_conv2d_backward(dy, x, w, **_geo(case))
    for got, want in ((dx, rdx), (dw, rdw), (db, rdb)):
        assert get_xp(got) is xp
        assert got.shape == want.shape
        np.testing.assert_allclose(to_numpy(got), want, rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize(
    "x_shape, w_shape, geo",
    [
        ((1, 1, 4, 4), (1, 1, 3, 3), {}),
        ((2, 2, 5, 6), (3, 2, 3, 2), {"stride": 2, "padding": 1}),
        ((1, 3, 7, 5), (2, 3, 2, 3), {"stride": (2, 1), "padding": (0, 2), "dilation": (2, 1)}),
        ((1, 2, 6, 6), (2, 2, 3, 3), {"stride": 3, "padding": 2, "dilation": 2}),
    ],
)
def test_conv2d_backward_matches_finite_differences(x_shape, w_shape, geo):
    rng = np.random.default_rng(7)
    x = rng.standard_normal(x_shape)
    w = rng.standard_normal(w_shape)
    b = rng.standard_normal(w_shape[0])
    dy = rng.standard_normal(conv2d(x, w, b, **geo).shape)

    def loss() -> float:
        return float((conv2d(x, w, b, **geo) * dy).sum())

    dx, dw, db = conv2d_backward(dy, x, w, **geo)
    np.testing.assert_allclose(dx, numerical_grad(loss, x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(dw, numerical_grad(loss, w), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(db, numerical_grad(loss, b), rtol=1e-6, atol=1e-7)


def test_tap_reference_agrees_with_loop_reference():
    # the tap reference checks the large cases below; it must itself be right
    rng = np.random.default_rng(3)
    x, w, b = rng.standard_normal((2, 3, 9, 8)), rng.standard_normal((2, 3, 3, 2)), rng.standard_normal(2)
    geo = {"stride": (2, 1), "padding": (1, 2), "dilation": (1, 3)}
    np.testing.assert_allclose(tap_conv2d(x, w, b, **geo), ref_conv2d(x, w, b, **geo), atol=1e-12)
    dy = rng.standard_normal(ref_conv2d(x, w, **geo).shape)
    for got, want in zip(tap_conv2d_backward(dy, x, w, **geo), ref_conv2d_backward(dy, x, w, **geo)):
        np.testing.assert_allclose(got, want, atol=1e-12)


@pytest.mark.parametrize(
    "x_shape, w_shape, geo",
    [
        # one image larger than a slab: split into row slabs
        ((2, 3, 70, 90), (4, 3, 3, 5), {"padding": 1}),
        ((1, 3, 64, 64), (2, 3, 3, 3), {"stride": 2, "padding": (2, 1), "dilation": (1, 2)}),
        # many small images grouped per slab, several slabs
        ((96, 1, 8, 8), (8, 1, 3, 3), {"padding": 1}),
        ((64, 1, 28, 28), (16, 1, 5, 5), {"padding": 2}),
    ],
)
def test_conv2d_large_inputs_match_tap_reference(xp, x_shape, w_shape, geo):
    rng = np.random.default_rng(11)
    x = rng.standard_normal(x_shape).astype(np.float32)
    w = rng.standard_normal(w_shape).astype(np.float32)
    b = rng.standard_normal(w_shape[0]).astype(np.float32)
    y = to_numpy(conv2d(xp.asarray(x), xp.asarray(w), xp.asarray(b), **geo))
    assert y.dtype == np.float32
    np.testing.assert_allclose(y, tap_conv2d(x, w, b, **geo), rtol=1e-4, atol=1e-4)
    dy = rng.standard_normal(y.shape).astype(np.float32)
    got = conv2d_backward(xp.asarray(dy), xp.asarray(x), xp.asarray(w), **geo)
    want = tap_conv2d_backward(dy, x, w, **geo)
    for name, g, r in zip(("dx", "dw", "db"), got, want):
        g = to_numpy(g)
        assert g.dtype == np.float32, name
        scale = np.abs(r).max()
        np.testing.assert_allclose(g, r, rtol=1e-4, atol=1e-5 * scale, err_msg=name)


def test_conv2d_default_dtype_is_float32_and_float64_is_kept():
    x = np.arange(2 * 4 * 4).reshape(1, 2, 4, 4)  # integers
    w = np.ones((1, 2, 3, 3), dtype=np.int64)
    y = conv2d(x, w)
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, ref_conv2d(x, w))
    assert conv2d(x.astype(np.float32), w.astype(np.float32)).dtype == np.float32
    assert conv2d(x.astype(np.float64), w.astype(np.float64)).dtype == np.float64
    # one float64 operand decides, as the app's gradient checks need
    assert conv2d(x.astype(np.float32), w.astype(np.float64)).dtype == np.float64
    dy = np.ones((1, 1, 2, 2))
    dx, dw, db = conv2d_backward(dy, x.astype(np.float64), w.astype(np.float64))
    assert dx.dtype == dw.dtype == db.dtype == np.float64
    dx, dw, db = conv2d_backward(dy.astype(np.float32), x.astype(np.float32), w.astype(np.float32))
    assert dx.dtype == dw.dtype == db.dtype == np.float32


def test_conv2d_bias_none_equals_zero_bias_and_bias_is_per_filter():
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((2, 3, 5, 5)), rng.standard_normal((4, 3, 3, 3))
    plain = conv2d(x, w, None, padding=1)
    np.testing.assert_array_equal(plain, conv2d(x, w, np.zeros(4), padding=1))
    b = np.array([1.0, -2.0, 0.5, 3.0])
    np.testing.assert_allclose(
        conv2d(x, w, b, padding=1) - plain, np.broadcast_to(b[None, :, None, None], plain.shape)
    )


def test_conv2d_accepts_views_and_leaves_inputs_untouched():
    rng = np.random.default_rng(5)
    base = rng.standard_normal((2, 3, 12, 10))
    x = base[:, ::-1, ::2, 1:]  # negative and non-unit strides
    w = np.asfortranarray(rng.standard_normal((2, 3, 3, 3)))
    x_before, w_before = x.copy(), w.copy()
    x.flags.writeable = False  # read-only input must be fine
    y = conv2d(x, w, stride=(1, 2), padding=1)
    np.testing.assert_allclose(y, ref_conv2d(x, w, stride=(1, 2), padding=1), atol=1e-12)
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(w, w_before)


def test_conv2d_from_two_threads_at_once():
    # the GUI thread may trace while a training worker convolves
    rng = np.random.default_rng(9)
    jobs = [
        (
            rng.standard_normal((1, 3, 96, 96)).astype(np.float32),
            rng.standard_normal((4, 3, 3, 3)).astype(np.float32),
        ),
        (
            rng.standard_normal((32, 1, 16, 16)).astype(np.float32),
            rng.standard_normal((8, 1, 5, 5)).astype(np.float32),
        ),
    ]
    results: dict[int, list[np.ndarray]] = {0: [], 1: []}

    def work(i: int) -> None:
        x, w = jobs[i]
        for _ in range(5):
            results[i].append(conv2d(x, w, padding=1))

    threads = [threading.Thread(target=work, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, (x, w) in enumerate(jobs):
        want = tap_conv2d(x, w, padding=1)
        assert len(results[i]) == 5
        for y in results[i]:
            np.testing.assert_allclose(y, want, rtol=1e-4, atol=1e-4)


@FAST
@given(case=conv_cases(max_n=2, max_c=3, max_f=3, max_extra=6))
def test_conv2d_and_backward_match_torch(case):
    torch = pytest.importorskip("torch")
    x, w, b = _data(case)
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(w, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    yt = torch.nn.functional.conv2d(xt, wt, bt, **_geo(case))
    y = conv2d(x, w, b, **_geo(case))
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=1e-10, atol=1e-10)
    dy = np.random.default_rng(case["seed"] + 2).standard_normal(y.shape)
    yt.backward(torch.tensor(dy))
    dx, dw, db = conv2d_backward(dy, x, w, **_geo(case))
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(dw, wt.grad.numpy(), rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(db, bt.grad.numpy(), rtol=1e-9, atol=1e-10)

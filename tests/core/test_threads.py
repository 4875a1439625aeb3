"""The core's BLAS threads: :func:`cnnviz.core.set_threads`."""

from __future__ import annotations

import os

import numpy as np
import pytest

from cnnviz.core import _im2col, conv2d, conv2d_backward, set_threads

threadpoolctl = pytest.importorskip("threadpoolctl")


def _blas_threads() -> set[int]:
    return {i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"}


@pytest.fixture
def restore_threads():
    yield
    set_threads(None)


def test_the_default_is_the_processors_this_process_may_use_up_to_the_cap(restore_threads) -> None:
    n = set_threads(None)
    expected = min(_im2col.MAX_THREADS, len(os.sched_getaffinity(0)))
    if n:  # 0: this BLAS cannot be told
        assert n == expected
        assert _blas_threads() == {expected}


def test_one_thread_keeps_the_products_on_the_calling_thread(restore_threads) -> None:
    if set_threads(1):
        assert _blas_threads() == {1}


def test_a_first_product_does_not_undo_a_setting(restore_threads) -> None:
    _im2col._configured = False
    if set_threads(1):
        x = np.ones((1, 3, 64, 64), np.float32)
        conv2d(x, np.ones((4, 3, 3, 3), np.float32), padding=1)
        assert _blas_threads() == {1}


def test_threads_below_one_are_refused(restore_threads) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        set_threads(0)


def test_results_agree_whatever_the_number_of_threads(restore_threads) -> None:
    """Up to float32 rounding: two threads may add a long sum in another order."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 200, 200)).astype(np.float32)
    w = rng.standard_normal((8, 3, 3, 3)).astype(np.float32)
    dy = rng.standard_normal((2, 8, 200, 200)).astype(np.float32)
    runs = []
    for n in (1, 2):
        set_threads(n)
        runs.append((conv2d(x, w, padding=1), *conv2d_backward(dy, x, w, padding=1)))
    for a, b in zip(*runs):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5 * float(np.abs(b).max()))

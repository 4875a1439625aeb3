"""Plainly written references for the core tests: nested loops, no tricks.

Everything here works on numpy float64 arrays and Python scalars, one element
at a time, so that it shares no code path with ``cnnviz.core``. The tests
compare the fast ops against these and against central differences.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from cnnviz.core import AvgPool2d, Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential

#: hypothesis settings for the core suite: few examples, no deadline (2 cores);
#: the ``xp`` fixture only names a module, so sharing it across examples is safe
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def as_pair(v: int | tuple[int, int]) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


# -- convolution -----------------------------------------------------------


def ref_out_size(n: int, k: int, s: int, p: int, d: int) -> int:
    """Count the window positions that fit, one by one (no formula)."""
    extent = d * (k - 1) + 1
    count = 0
    start = 0
    while start + extent <= n + 2 * p:
        count += 1
        start += s
    return count


def ref_conv2d(x, w, b=None, stride=1, padding=0, dilation=1) -> np.ndarray:
    """Cross-correlation with zero padding: y[n,f,r,c] = Σ x·w + b[f]."""
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    (sh, sw), (ph, pw), (dh, dw) = as_pair(stride), as_pair(padding), as_pair(dilation)
    n_, c_, h, wd = x.shape
    f_, _, kh, kw = w.shape
    oh, ow = ref_out_size(h, kh, sh, ph, dh), ref_out_size(wd, kw, sw, pw, dw)
    y = np.zeros((n_, f_, oh, ow))
    for n in range(n_):
        for f in range(f_):
            for r in range(oh):
                for c in range(ow):
                    total = 0.0 if b is None else float(b[f])
                    for ch in range(c_):
                        for i in range(kh):
                            for j in range(kw):
                                hi = r * sh + i * dh - ph
                                wj = c * sw + j * dw - pw
                                if 0 <= hi < h and 0 <= wj < wd:
                                    total += x[n, ch, hi, wj] * w[f, ch, i, j]
                    y[n, f, r, c] = total
    return y


def ref_conv2d_backward(dy, x, w, stride=1, padding=0, dilation=1):
    """The chain rule written per multiply-add of :func:`ref_conv2d`."""
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    dy = np.asarray(dy, dtype=np.float64)
    (sh, sw), (ph, pw), (dh, dw_) = as_pair(stride), as_pair(padding), as_pair(dilation)
    n_, c_, h, wd = x.shape
    f_, _, kh, kw = w.shape
    _, _, oh, ow = dy.shape
    dx, dw, db = np.zeros_like(x), np.zeros_like(w), np.zeros(f_)
    for n in range(n_):
        for f in range(f_):
            for r in range(oh):
                for c in range(ow):
                    g = dy[n, f, r, c]
                    db[f] += g
                    for ch in range(c_):
                        for i in range(kh):
                            for j in range(kw):
                                hi = r * sh + i * dh - ph
                                wj = c * sw + j * dw_ - pw
                                if 0 <= hi < h and 0 <= wj < wd:
                                    dx[n, ch, hi, wj] += g * w[f, ch, i, j]
                                    dw[f, ch, i, j] += g * x[n, ch, hi, wj]
    return dx, dw, db


def tap_conv2d(x, w, b=None, stride=1, padding=0, dilation=1) -> np.ndarray:
    """Convolution as a sum over kernel taps of strided input slices.

    A second, vectorised reference for inputs too large for the loops; the
    tests check it against :func:`ref_conv2d` first.
    """
    x, w = np.asarray(x, np.float64), np.asarray(w, np.float64)
    (sh, sw), (ph, pw), (dh, dw) = as_pair(stride), as_pair(padding), as_pair(dilation)
    n_, _, h, wd = x.shape
    f_, _, kh, kw = w.shape
    oh, ow = ref_out_size(h, kh, sh, ph, dh), ref_out_size(wd, kw, sw, pw, dw)
    xpad = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    y = np.zeros((n_, f_, oh, ow))
    for i in range(kh):
        for j in range(kw):
            tap = xpad[
                :, :, i * dh : i * dh + sh * (oh - 1) + 1 : sh, j * dw : j * dw + sw * (ow - 1) + 1 : sw
            ]
            y += np.einsum("fc,nchw->nfhw", w[:, :, i, j], tap)
    if b is not None:
        y += np.asarray(b, np.float64)[None, :, None, None]
    return y


def tap_conv2d_backward(dy, x, w, stride=1, padding=0, dilation=1):
    """Gradients of :func:`tap_conv2d`, tap by tap."""
    x, w, dy = np.asarray(x, np.float64), np.asarray(w, np.float64), np.asarray(dy, np.float64)
    (sh, sw), (ph, pw), (dh, dw_) = as_pair(stride), as_pair(padding), as_pair(dilation)
    _, _, h, wd = x.shape
    _, _, kh, kw = w.shape
    _, _, oh, ow = dy.shape
    xpad = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    dxpad = np.zeros_like(xpad)
    dw = np.zeros_like(w)
    for i in range(kh):
        for j in range(kw):
            sl = (
                slice(None),
                slice(None),
                slice(i * dh, i * dh + sh * (oh - 1) + 1, sh),
                slice(j * dw_, j * dw_ + sw * (ow - 1) + 1, sw),
            )
            dw[:, :, i, j] = np.einsum("nfhw,nchw->fc", dy, xpad[sl])
            dxpad[sl] += np.einsum("fc,nfhw->nchw", w[:, :, i, j], dy)
    return dxpad[:, :, ph : ph + h, pw : pw + wd], dw, dy.sum(axis=(0, 2, 3))


# -- pooling ---------------------------------------------------------------


def _pool_windows(h: int, wd: int, k, s):
    (kh, kw), (sh, sw) = as_pair(k), as_pair(s)
    oh, ow = ref_out_size(h, kh, sh, 0, 1), ref_out_size(wd, kw, sw, 0, 1)
    for r in range(oh):
        for c in range(ow):
            cells = [(r * sh + i, c * sw + j) for i in range(kh) for j in range(kw)]
            yield r, c, cells
    return oh, ow


def ref_max_pool2d(x, k, s=None):
    x = np.asarray(x, dtype=np.float64)
    s = k if s is None else s
    n_, c_, h, wd = x.shape
    (kh, kw), (sh, sw) = as_pair(k), as_pair(s)
    y = np.zeros((n_, c_, ref_out_size(h, kh, sh, 0, 1), ref_out_size(wd, kw, sw, 0, 1)))
    for n in range(n_):
        for ch in range(c_):
            for r, c, cells in _pool_windows(h, wd, k, s):
                y[n, ch, r, c] = max(x[n, ch, i, j] for i, j in cells)
    return y


def ref_max_pool2d_backward(dy, x, k, s=None):
    """Each window's gradient goes to its first maximum in row-major order."""
    x = np.asarray(x, dtype=np.float64)
    s = k if s is None else s
    n_, c_, h, wd = x.shape
    dx = np.zeros_like(x)
    for n in range(n_):
        for ch in range(c_):
            for r, c, cells in _pool_windows(h, wd, k, s):
                best = cells[0]
                for cell in cells[1:]:
                    if x[n, ch][cell] > x[n, ch][best]:
                        best = cell
                dx[n, ch][best] += dy[n, ch, r, c]
    return dx


def ref_avg_pool2d(x, k, s=None):
    x = np.asarray(x, dtype=np.float64)
    s = k if s is None else s
    n_, c_, h, wd = x.shape
    (kh, kw), (sh, sw) = as_pair(k), as_pair(s)
    y = np.zeros((n_, c_, ref_out_size(h, kh, sh, 0, 1), ref_out_size(wd, kw, sw, 0, 1)))
    for n in range(n_):
        for ch in range(c_):
            for r, c, cells in _pool_windows(h, wd, k, s):
                y[n, ch, r, c] = sum(x[n, ch, i, j] for i, j in cells) / len(cells)
    return y


def ref_avg_pool2d_backward(dy, x, k, s=None):
    x = np.asarray(x, dtype=np.float64)
    s = k if s is None else s
    n_, c_, h, wd = x.shape
    dx = np.zeros_like(x)
    for n in range(n_):
        for ch in range(c_):
            for r, c, cells in _pool_windows(h, wd, k, s):
                for cell in cells:
                    dx[n, ch][cell] += dy[n, ch, r, c] / len(cells)
    return dx


# -- dense layers and losses ------------------------------------------------


def ref_linear(x, w, b=None):
    x, w = np.asarray(x, np.float64), np.asarray(w, np.float64)
    n_, in_ = x.shape
    out_ = w.shape[0]
    y = np.zeros((n_, out_))
    for n in range(n_):
        for o in range(out_):
            y[n, o] = sum(x[n, i] * w[o, i] for i in range(in_)) + (0.0 if b is None else b[o])
    return y


def ref_softmax_row(row) -> list[float]:
    m = max(row)
    e = [math.exp(v - m) for v in row]
    total = sum(e)
    return [v / total for v in e]


def ref_cross_entropy(logits, labels) -> float:
    """Mean over the batch of ``-log softmax(logits)[label]``."""
    losses = []
    for row, lab in zip(np.asarray(logits, np.float64).tolist(), labels):
        m = max(row)
        log_z = m + math.log(sum(math.exp(v - m) for v in row))
        losses.append(log_z - row[int(lab)])
    return sum(losses) / len(losses)


def ref_sigmoid(v: float) -> float:
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


# -- gradients ---------------------------------------------------------------


def numerical_grad(f: Callable[[], float], a: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of the scalar ``f()`` w.r.t. every element of ``a``
    (``a`` is perturbed in place and restored)."""
    g = np.zeros(a.shape, dtype=np.float64)
    flat = a.reshape(-1)
    assert np.shares_memory(flat, a), "numerical_grad needs a contiguous array"
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = f()
        flat[i] = old - eps
        down = f()
        flat[i] = old
        g.reshape(-1)[i] = (up - down) / (2 * eps)
    return g


# -- hypothesis strategies ---------------------------------------------------


def _sometimes_large(lo: int, usual: int, extreme: int):
    """Usually ``lo..usual``; one draw in three ``usual+1..extreme``."""
    return st.one_of(st.integers(lo, usual), st.integers(lo, usual), st.integers(usual + 1, extreme))


@st.composite
def conv_cases(draw, max_n: int = 2, max_c: int = 3, max_f: int = 3, max_extra: int = 4):
    """A valid conv problem: shapes, stride/padding/dilation (ints or pairs)
    and rectangular kernels, with the input just large enough or a bit more."""
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    # extreme geometries are drawn often: strides larger than the kernel and
    # padding larger than the input put whole slabs inside the padding
    sh, sw = draw(_sometimes_large(1, 3, 12)), draw(_sometimes_large(1, 3, 12))
    ph, pw = draw(_sometimes_large(0, 2, 10)), draw(_sometimes_large(0, 2, 10))
    dh, dw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    h = draw(st.integers(max(1, eh - 2 * ph), max(1, eh - 2 * ph) + max_extra))
    w = draw(st.integers(max(1, ew - 2 * pw), max(1, ew - 2 * pw) + max_extra))
    n, c, f = draw(st.integers(1, max_n)), draw(st.integers(1, max_c)), draw(st.integers(1, max_f))

    def maybe_int(a: int, b: int):
        # both spellings of a square parameter must mean the same
        if a == b and draw(st.booleans()):
            return a
        return (a, b)

    seed = draw(st.integers(0, 2**31 - 1))
    return {
        "x_shape": (n, c, h, w),
        "w_shape": (f, c, kh, kw),
        "stride": maybe_int(sh, sw),
        "padding": maybe_int(ph, pw),
        "dilation": maybe_int(dh, dw),
        "seed": seed,
    }


@st.composite
def pool_cases(draw):
    """A valid pooling problem: odd sizes, overlapping (stride < kernel),
    tiled (stride == kernel, or default) and gapped (stride > kernel) windows."""
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    stride = draw(st.one_of(st.none(), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    kernel = kh if kh == kw and draw(st.booleans()) else (kh, kw)
    h = draw(st.integers(kh, kh + 5))
    w = draw(st.integers(kw, kw + 5))
    n, c = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    return {
        "x_shape": (n, c, h, w),
        "kernel": kernel,
        "stride": stride,
        "seed": draw(st.integers(0, 2**31 - 1)),
    }


def strided_model(seed: int = 4, pool: type[MaxPool2d] = MaxPool2d) -> Sequential:
    """Strides, a non-square kernel, padding, overlapping pooling: no make_cnn geometry."""
    rng = np.random.default_rng(seed)
    layers = [
        Conv2d(2, 3, (3, 2), stride=2, padding=1, rng=rng),
        ReLU(),
        pool(3, stride=2),
        Conv2d(3, 2, 3, padding=2, rng=rng),
        ReLU(),
        AvgPool2d(2),
        Flatten(),
    ]
    (features,) = Sequential(list(layers)).out_shape((2, 21, 17))
    return Sequential([*layers, Linear(features, 3, rng=rng)], in_shape=(2, 21, 17))

"""Plainly written references for the convolution variants: nested loops, no tricks.

Padding modes, groups, flipped kernels and transposed convolution, one
multiply-add at a time on numpy float64 arrays, sharing no code path with
``cnnviz.core``; the true-convolution reference is built on ``numpy.convolve``.
"""

from __future__ import annotations

import numpy as np
from core_refs import as_pair
from hypothesis import strategies as st

MODES = ("zeros", "reflect", "replicate", "circular")


# -- padding -------------------------------------------------------------------


def ref_source(p: int, n: int, pad: int, mode: str) -> int | None:
    """The input index padded index ``p`` copies, by the rule as a student states it."""
    i = p - pad
    if 0 <= i < n:
        return i
    if mode == "zeros":
        return None
    if mode == "replicate":  # the nearest edge cell
        return min(max(i, 0), n - 1)
    if mode == "circular":  # walk around the ring one cell at a time
        while i < 0:
            i += n
        while i >= n:
            i -= n
        return i
    assert mode == "reflect"
    # mirror about the edge cell until inside (the edge cell is not repeated)
    while not 0 <= i < n:
        i = -i if i < 0 else 2 * (n - 1) - i
    return i


def ref_pad(x, padding, mode: str) -> np.ndarray:
    """Pad the last two axes of ``x`` cell by cell."""
    x = np.asarray(x, np.float64)
    ph, pw = as_pair(padding)
    h, w = x.shape[-2:]
    out = np.zeros((*x.shape[:-2], h + 2 * ph, w + 2 * pw))
    for r in range(h + 2 * ph):
        for c in range(w + 2 * pw):
            sr, sc = ref_source(r, h, ph, mode), ref_source(c, w, pw, mode)
            if sr is not None and sc is not None:
                out[..., r, c] = x[..., sr, sc]
    return out


# -- convolution with every variant ---------------------------------------------


def _out_size(n: int, k: int, s: int, p: int, d: int) -> int:
    count, start = 0, 0
    while start + d * (k - 1) + 1 <= n + 2 * p:
        count, start = count + 1, start + s
    return count


def _taps(x_shape, w_shape, stride, padding, dilation, groups, padding_mode, flip):
    """Every multiply-add ``(n, f, r, q, c, i, j, xi, xj, wi, wj)`` of a convolution:
    output ``(n, f, r, q)`` adds ``x[n, c, xi, xj] * w[f, c - first, wi, wj]``."""
    (sh, sw), (ph, pw), (dh, dw) = as_pair(stride), as_pair(padding), as_pair(dilation)
    n_, c_, h, wd = x_shape
    f_, cg, kh, kw = w_shape
    fg = f_ // groups
    oh, ow = _out_size(h, kh, sh, ph, dh), _out_size(wd, kw, sw, pw, dw)
    for n in range(n_):
        for f in range(f_):
            first = (f // fg) * cg
            for r in range(oh):
                for q in range(ow):
                    for c in range(first, first + cg):
                        for i in range(kh):
                            for j in range(kw):
                                xi = ref_source(r * sh + i * dh, h, ph, padding_mode)
                                xj = ref_source(q * sw + j * dw, wd, pw, padding_mode)
                                if xi is None or xj is None:
                                    continue
                                wi, wj = (kh - 1 - i, kw - 1 - j) if flip else (i, j)
                                yield n, f, r, q, c - first, c, xi, xj, wi, wj


def ref_conv2d_variant(
    x, w, b=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros", flip=False
) -> np.ndarray:
    """``y[n, f, r, q] = b[f] + Σ x[source of padded cell] · w[f, tap]`` over the group's channels."""
    x, w = np.asarray(x, np.float64), np.asarray(w, np.float64)
    (sh, sw), (ph, pw), (dh, dw) = as_pair(stride), as_pair(padding), as_pair(dilation)
    oh = _out_size(x.shape[2], w.shape[2], sh, ph, dh)
    ow = _out_size(x.shape[3], w.shape[3], sw, pw, dw)
    y = np.zeros((x.shape[0], w.shape[0], oh, ow))
    if b is not None:
        y += np.asarray(b, np.float64)[None, :, None, None]
    for n, f, r, q, cl, c, xi, xj, wi, wj in _taps(
        x.shape, w.shape, stride, padding, dilation, groups, padding_mode, flip
    ):
        y[n, f, r, q] += x[n, c, xi, xj] * w[f, cl, wi, wj]
    return y


def ref_conv2d_variant_backward(
    dy, x, w, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros", flip=False
):
    """The chain rule per multiply-add of :func:`ref_conv2d_variant`: a border
    cell's share goes to the input cell it copies."""
    x, w, dy = np.asarray(x, np.float64), np.asarray(w, np.float64), np.asarray(dy, np.float64)
    dx, dw = np.zeros_like(x), np.zeros_like(w)
    for n, f, r, q, cl, c, xi, xj, wi, wj in _taps(
        x.shape, w.shape, stride, padding, dilation, groups, padding_mode, flip
    ):
        g = dy[n, f, r, q]
        dx[n, c, xi, xj] += g * w[f, cl, wi, wj]
        dw[f, cl, wi, wj] += g * x[n, c, xi, xj]
    return dx, dw, dy.sum(axis=(0, 2, 3))


def ref_true_conv2d(x, w, b=None, stride=1, padding=0, dilation=1) -> np.ndarray:
    """The mathematician's convolution, row by row with ``numpy.convolve``.

    With the input zero-padded and the kernel dilated (zeros between taps),
    the valid 2-D convolution is ``V[r] = Σ_u convolve(xpad[r + K − 1 − u], kernel[u], "valid")``;
    the stride keeps every ``s``-th value.
    """
    x, w = np.asarray(x, np.float64), np.asarray(w, np.float64)
    (sh, sw), (ph, pw), (dh, dw) = as_pair(stride), as_pair(padding), as_pair(dilation)
    f_, c_, kh, kw = w.shape
    kd = np.zeros((f_, c_, dh * (kh - 1) + 1, dw * (kw - 1) + 1))
    kd[:, :, ::dh, ::dw] = w
    xpad = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    ekh, ekw = kd.shape[2:]
    vh, vw = xpad.shape[2] - ekh + 1, xpad.shape[3] - ekw + 1
    y = np.zeros((x.shape[0], f_, vh, vw))
    for n in range(x.shape[0]):
        for f in range(f_):
            for c in range(c_):
                for r in range(vh):
                    for u in range(ekh):
                        y[n, f, r] += np.convolve(xpad[n, c, r + ekh - 1 - u], kd[f, c, u], mode="valid")
    y = y[:, :, ::sh, ::sw]
    if b is not None:
        y += np.asarray(b, np.float64)[None, :, None, None]
    return y


# -- transposed convolution -------------------------------------------------------


def ref_transposed_size(n: int, k: int, s: int, p: int, op: int, d: int) -> int:
    """Where the last scattered tap lands, plus one, minus the padding on both sides,
    plus the output padding: counted, not taken from the formula."""
    last = 0
    for a in range(n):
        for i in range(k):
            last = max(last, a * s + i * d)
    return last + 1 - 2 * p + op


def ref_conv_transpose2d(x, w, b=None, stride=1, padding=0, output_padding=0, dilation=1) -> np.ndarray:
    """Every input cell scatters ``x · w[c]`` into the output; the padding crops."""
    x, w = np.asarray(x, np.float64), np.asarray(w, np.float64)
    (sh, sw), (ph, pw), (oph, opw), (dh, dw) = (
        as_pair(v) for v in (stride, padding, output_padding, dilation)
    )
    n_, ci_, h, wd = x.shape
    _, co_, kh, kw = w.shape
    oh = ref_transposed_size(h, kh, sh, ph, oph, dh)
    ow = ref_transposed_size(wd, kw, sw, pw, opw, dw)
    y = np.zeros((n_, co_, oh, ow))
    for n, c, a, q, o, i, j, r, col in _scatter(x.shape, w.shape, stride, padding, dilation, (oh, ow)):
        y[n, o, r, col] += x[n, c, a, q] * w[c, o, i, j]
    if b is not None:
        y += np.asarray(b, np.float64)[None, :, None, None]
    return y


def _scatter(x_shape, w_shape, stride, padding, dilation, out):
    (sh, sw), (ph, pw), (dh, dw) = as_pair(stride), as_pair(padding), as_pair(dilation)
    n_, ci_, h, wd = x_shape
    _, co_, kh, kw = w_shape
    for n in range(n_):
        for c in range(ci_):
            for a in range(h):
                for q in range(wd):
                    for o in range(co_):
                        for i in range(kh):
                            for j in range(kw):
                                r, col = a * sh - ph + i * dh, q * sw - pw + j * dw
                                if 0 <= r < out[0] and 0 <= col < out[1]:
                                    yield n, c, a, q, o, i, j, r, col


def ref_conv_transpose2d_backward(dy, x, w, stride=1, padding=0, output_padding=0, dilation=1):
    """The chain rule per multiply-add of :func:`ref_conv_transpose2d`."""
    x, w, dy = np.asarray(x, np.float64), np.asarray(w, np.float64), np.asarray(dy, np.float64)
    dx, dw = np.zeros_like(x), np.zeros_like(w)
    for n, c, a, q, o, i, j, r, col in _scatter(x.shape, w.shape, stride, padding, dilation, dy.shape[2:]):
        dx[n, c, a, q] += dy[n, o, r, col] * w[c, o, i, j]
        dw[c, o, i, j] += dy[n, o, r, col] * x[n, c, a, q]
    return dx, dw, dy.sum(axis=(0, 2, 3))


# -- hypothesis strategies ---------------------------------------------------------


def _small_or_large(lo: int, usual: int, extreme: int):
    return st.one_of(st.integers(lo, usual), st.integers(lo, usual), st.integers(usual + 1, extreme))


@st.composite
def variant_cases(draw, modes=MODES, groups: bool = True, flip: bool = True):
    """A valid convolution with a padding mode, groups and maybe a flipped kernel:
    the input is at least as large as the mode needs (reflect: > padding;
    circular: ≥ padding) and as the (dilated) kernel needs."""
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    sh, sw = draw(_small_or_large(1, 3, 7)), draw(_small_or_large(1, 3, 7))
    ph, pw = draw(_small_or_large(0, 2, 5)), draw(_small_or_large(0, 2, 5))
    dh, dw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    mode = draw(st.sampled_from(modes))
    g = draw(st.integers(1, 3)) if groups else 1
    cg, fg = draw(st.integers(1, 2)), draw(st.integers(1, 2))

    def least(p: int, extent: int) -> int:
        need = max(1, extent - 2 * p)
        if mode == "reflect":
            need = max(need, p + 1)
        if mode == "circular":
            need = max(need, p)
        return need

    h0, w0 = least(ph, dh * (kh - 1) + 1), least(pw, dw * (kw - 1) + 1)
    h, w = draw(st.integers(h0, h0 + 3)), draw(st.integers(w0, w0 + 3))
    n = draw(st.integers(1, 2))
    return {
        "x_shape": (n, g * cg, h, w),
        "w_shape": (g * fg, cg, kh, kw),
        "kw": {
            "stride": sh if sh == sw else (sh, sw),
            "padding": ph if ph == pw else (ph, pw),
            "dilation": (dh, dw),
            "groups": g,
            "padding_mode": mode,
            "flip": draw(st.booleans()) if flip else False,
        },
        "seed": draw(st.integers(0, 2**31 - 1)),
    }


@st.composite
def transposed_cases(draw):
    """A valid transposed convolution: output padding below the stride or the
    dilation, padding no larger than keeps the output ≥ 1×1."""
    params = []
    for _ in range(2):
        n, k = draw(st.integers(1, 4)), draw(st.integers(1, 4))
        s, d = draw(_small_or_large(1, 3, 5)), draw(st.integers(1, 3))
        op = draw(st.integers(0, max(s, d) - 1))
        room = ((n - 1) * s + d * (k - 1) + op) // 2
        p = draw(st.integers(0, min(room, 4)))
        params.append((n, k, s, p, op, d))
    (h, kh, sh, ph, oph, dh), (w, kw, sw, pw, opw, dw) = params
    ci, co = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    return {
        "x_shape": (draw(st.integers(1, 2)), ci, h, w),
        "w_shape": (ci, co, kh, kw),
        "bias": co,
        "kw": {
            "stride": (sh, sw),
            "padding": (ph, pw),
            "output_padding": (oph, opw),
            "dilation": (dh, dw),
        },
        "seed": draw(st.integers(0, 2**31 - 1)),
    }


def data_for(case, dtype=np.float64):
    """Random ``x``, ``w``, ``b`` and the generator for more (``b`` has one value
    per output channel)."""
    rng = np.random.default_rng(case["seed"])
    x = rng.standard_normal(case["x_shape"]).astype(dtype)
    w = rng.standard_normal(case["w_shape"]).astype(dtype)
    b = rng.standard_normal(case.get("bias", case["w_shape"][0])).astype(dtype)
    return x, w, b, rng

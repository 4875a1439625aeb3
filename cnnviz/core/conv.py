"""2-D convolution (cross-correlation, as in PyTorch) and its gradients.

Layout is NCHW; weights are ``(F, C/groups, KH, KW)``. ``stride``, ``padding``
and ``dilation`` are each an int or an ``(h, w)`` pair.

The variants a student meets next are keywords of the same two functions:
``padding_mode`` (PyTorch's zeros, reflect, replicate, circular: the input is
padded explicitly, then convolved with padding 0), ``groups`` (each filter
sees only its group's channels; ``groups == C`` is a depthwise convolution)
and ``flip`` (true convolution: the kernel flipped in both axes, as in
mathematics and ``numpy.convolve``). Zero padding is the engines' own.

Four engines compute the products (:func:`engine` picks one per geometry):
wide or compact im2col columns from shifted runs for stride 1
(:mod:`._shifted`), batch-last columns for small planes (:mod:`._minor`), a
dense matrix for planes smaller than the kernel's reach (:mod:`._dense`), and
plain slab im2col for strides and CuPy (:mod:`._im2col`). The input gradient
of a convolution whose output is much smaller than its input, or whose
input has few channels beside its filters, folds the column gradients back
(col2im, wide or batch-last) instead of correlating a zero-padded ``dy``.
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import Any

from . import _dense, _minor, _shifted
from ._dense import dense_correlate, dense_grads, dense_wins
from ._im2col import _configure_cpu, for_each_slab
from ._minor import minor_correlate, minor_input_grad, minor_weight_grad, minor_wins
from ._shifted import wide_geometry
from ._stride1 import shifted_correlate, shifted_input_grad, shifted_weight_grad
from ._validate import as_float, check_finite, check_ndim, float_dtype
from .backend import get_xp, is_numpy
from .padding import check_padding_mode, fold_padding_grad, pad_input
from .shapes import ConvGeometry, IntPair, check_groups, conv_geometry


def _prepare(
    x: Any, w: Any, b: Any, stride: IntPair, padding: IntPair, dilation: IntPair, groups: object = 1,
    finite: bool = True,
) -> tuple[ModuleType, Any, Any, Any, ConvGeometry]:
    """Arrays as floats of one dtype and the geometry, checked; ``finite`` False
    skips the scan for NaN (for a backward pass given its forward pass's inputs)."""
    xp = get_xp(x, w, b)
    dtype = float_dtype(xp, x, w, b)
    x = as_float(xp, x, dtype, "x")
    w = as_float(xp, w, dtype, "w")
    check_ndim(x, 4, "x", "(N, C, H, W)")
    plain = type(groups) is int and groups == 1
    check_ndim(w, 4, "w", "(F, C, KH, KW)" if plain else "(F, C/groups, KH, KW)")
    g = 1 if plain else check_groups(groups, x.shape[1], w.shape[0])
    if x.shape[1] != w.shape[1] * g:
        per_group = f" with groups={g}, {w.shape[1]} per group" if g != 1 else ""
        raise ValueError(
            f"channels do not match: x has {x.shape[1]} channels (shape {tuple(x.shape)}) "
            f"but w expects {w.shape[1] * g}{per_group} (shape {tuple(w.shape)})"
        )
    if b is not None:
        b = as_float(xp, b, dtype, "b")
        if b.shape != (w.shape[0],):
            raise ValueError(
                f"b must have shape ({w.shape[0]},) for {w.shape[0]} filters, "
                f"got {tuple(b.shape)}"
            )
        check_finite(xp, b, "b")
    geo = conv_geometry(x.shape[2:], w.shape[2:], stride, padding, dilation)
    if x.shape[0] < 1 or w.shape[0] < 1 or x.shape[1] < 1:
        raise ValueError(f"x {tuple(x.shape)} and w {tuple(w.shape)} must not be empty")
    if finite:
        check_finite(xp, x, "x")
        check_finite(xp, w, "w")
    return xp, x, w, b, geo


def engine(xp: ModuleType, geo: ConvGeometry, channels: int, filters: int, images: int = 1) -> str:
    """Which engine computes a convolution of ``images`` inputs: ``"dense"``
    (:mod:`._dense`: planes smaller than the kernel's reach), ``"minor"``
    (:mod:`._minor`: batch-last columns, where wide runs would drop many
    columns and there are several images), ``"shifted"`` (:mod:`._shifted`
    and :mod:`._stride1`: other stride-1 convolutions) or ``"im2col"``
    (:mod:`._im2col`: strides, and CuPy). Each is chosen where it measured
    fastest on the trainer's geometries and the window's large images."""
    if not is_numpy(xp) or geo.stride != (1, 1):
        return "im2col"
    _configure_cpu()
    settings = (_dense.MAX_ENTRIES, _minor.MIN_WASTE, _minor.MIN_IMAGES, _shifted.FORCE)
    return _engine(geo, channels, filters, images, settings)


@functools.lru_cache(maxsize=256)
def _engine(geo: ConvGeometry, channels: int, filters: int, images: int, _settings: tuple) -> str:
    """:func:`engine` for numpy, remembered per geometry and per value of the
    engines' settings (which tests change)."""
    wide = wide_geometry(geo, 1, channels, filters)
    waste = wide.pitch / wide.cols  # the share of columns im2col computes and drops
    if dense_wins(geo, channels, filters, waste):
        return "dense"
    return "minor" if channels > 1 and minor_wins(geo, images, waste) else "shifted"


def _correlate(xp: ModuleType, x: Any, w: Any, b: Any, geo: ConvGeometry) -> Any:
    """Cross-correlation of ``x`` (padded per ``geo``) plus bias: ``(N, F, OH, OW)``."""
    kind = engine(xp, geo, x.shape[1], w.shape[0], x.shape[0])
    if kind == "dense":
        return dense_correlate(x, w, b, geo)
    if kind == "minor":
        return minor_correlate(x, w, b, geo)
    if kind == "shifted":
        return shifted_correlate(x, w, b, geo)
    n = x.shape[0]
    f = w.shape[0]
    oh, ow = geo.out
    wmat = xp.ascontiguousarray(w.reshape(f, -1))
    bias = None if b is None else b.reshape(f, 1)
    y = xp.empty((n, f, oh * ow), dtype=x.dtype)

    def slab(cols: Any, n0: int, n1: int, r0: int, r1: int, _state: Any) -> None:
        out = y[n0:n1, :, r0 * ow : r1 * ow]
        if cols.shape[0] == n1 - n0:
            xp.matmul(wmat, cols, out=out)
        else:  # merged small images: (F, m*L) -> (m, F, L)
            prod = xp.matmul(wmat, cols[0]).reshape(f, n1 - n0, oh * ow)
            out[...] = prod.transpose(1, 0, 2)
        if bias is not None:
            out += bias  # while the slab is still in cache

    for_each_slab(xp, x, geo, slab)
    return y.reshape(n, f, oh, ow)


def _variant(
    xp: ModuleType, x: Any, w: Any, geo: ConvGeometry, padding_mode: object, flip: bool
) -> tuple[Any, Any, ConvGeometry, str]:
    """Apply ``flip`` and a non-zero ``padding_mode`` up front: the kernel the
    windows are multiplied with, the input they read and its geometry."""
    mode = check_padding_mode(padding_mode, geo.in_size, geo.padding)
    if flip:
        w = w[:, :, ::-1, ::-1]
    if mode != "zeros" and geo.padding != (0, 0):
        x = pad_input(xp, x, geo.padding, mode)
        geo = ConvGeometry(geo.padded, geo.kernel, geo.stride, (0, 0), geo.dilation)
    return x, w, geo, mode


def _group_slices(c: int, f: int, groups: int) -> list[tuple[slice, slice]]:
    """The input-channel and filter slices of each group."""
    cg, fg = c // groups, f // groups
    return [(slice(g * cg, (g + 1) * cg), slice(g * fg, (g + 1) * fg)) for g in range(groups)]


def conv2d(
    x: Any,
    w: Any,
    b: Any = None,
    *,
    stride: IntPair = 1,
    padding: IntPair = 0,
    dilation: IntPair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
    flip: bool = False,
) -> Any:
    """Cross-correlate ``x`` with the filters ``w`` and add the bias ``b``.

    Same semantics as ``torch.nn.functional.conv2d`` (and, for
    ``padding_mode``, ``torch.nn.Conv2d``).

    Parameters
    ----------
    x : array (N, C, H, W)
    w : array (F, C/groups, KH, KW)
    b : array (F,) or None
    stride, padding, dilation : int or (h, w)
    groups : int, dividing C and F; filter ``f`` sees only the input channels
        of its group, ``(f // (F/groups)) * (C/groups)`` onwards
    padding_mode : "zeros", "reflect", "replicate" or "circular"
    flip : bool, flip the kernel in both axes (true convolution)

    Returns
    -------
    y : array (N, F, OH, OW), ``OH = (H + 2p - d*(KH-1) - 1) // s + 1``.

    Raises
    ------
    ValueError
        Wrong ndim, mismatched channels, groups not dividing the channels,
        impossible geometry or padding, or non-finite data.
    """
    xp, x, w, b, geo = _prepare(x, w, b, stride, padding, dilation, groups)
    x, w, geo, _ = _variant(xp, x, w, geo, padding_mode, flip)
    groups = x.shape[1] // w.shape[1]
    if groups == 1:
        return _correlate(xp, x, w, b, geo)
    parts = [
        _correlate(xp, x[:, cs], w[fs], None if b is None else b[fs], geo)
        for cs, fs in _group_slices(x.shape[1], w.shape[0], groups)
    ]
    return xp.concatenate(parts, axis=1)


def conv2d_backward(
    dy: Any,
    x: Any,
    w: Any,
    *,
    stride: IntPair = 1,
    padding: IntPair = 0,
    dilation: IntPair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
    flip: bool = False,
) -> tuple[Any, Any, Any]:
    """Gradients of :func:`conv2d` given the upstream gradient ``dy``.

    Takes the keywords of :func:`conv2d`. With a non-zero ``padding_mode``
    the gradient of each border cell is added onto the input cell it copies.

    Parameters
    ----------
    dy : array (N, F, OH, OW)
    x : array (N, C, H, W), the forward input
    w : array (F, C/groups, KH, KW)

    Returns
    -------
    dx : array (N, C, H, W)
    dw : array (F, C/groups, KH, KW)
    db : array (F,)
    """
    return conv2d_grads(
        dy, x, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
        padding_mode=padding_mode, flip=flip,
    )


def conv2d_grads(
    dy: Any,
    x: Any,
    w: Any,
    *,
    stride: IntPair = 1,
    padding: IntPair = 0,
    dilation: IntPair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
    flip: bool = False,
    need_dx: bool = True,
) -> tuple[Any, Any, Any]:
    """:func:`conv2d_backward` with the option to skip ``dx`` (``None`` then),
    as a first layer needs no gradient for its input."""
    xp, x, w, _, geo = _prepare(x, w, None, stride, padding, dilation, groups)
    dy = as_float(xp, dy, x.dtype, "dy")
    expected = (x.shape[0], w.shape[0], *geo.out)
    if tuple(dy.shape) != expected:
        raise ValueError(f"dy must have shape {expected}, got {tuple(dy.shape)}")
    check_finite(xp, dy, "dy")
    in_geo = geo
    x, w, geo, mode = _variant(xp, x, w, geo, padding_mode, flip)
    groups = x.shape[1] // w.shape[1]
    db = dy.sum(axis=(0, 2, 3))
    if groups == 1:
        dx, dw = _grads(xp, dy, x, w, geo, need_dx)
    else:
        parts = [
            _grads(xp, dy[:, fs], x[:, cs], w[fs], geo, need_dx)
            for cs, fs in _group_slices(x.shape[1], w.shape[0], groups)
        ]
        dw = xp.concatenate([p[1] for p in parts], axis=0)
        dx = xp.concatenate([p[0] for p in parts], axis=1) if need_dx else None
    if flip:
        dw = dw[:, :, ::-1, ::-1].copy()  # positive strides, even for 1×1 kernels
    if dx is not None and geo is not in_geo:  # padded explicitly: fold the border back
        dx = fold_padding_grad(xp, dx, in_geo.in_size, in_geo.padding, mode)
    return dx, dw, db


def _grads(xp: ModuleType, dy: Any, x: Any, w: Any, geo: ConvGeometry, need_dx: bool) -> tuple[Any, Any]:
    """``(dx, dw)`` of a plain convolution (``dx`` None unless ``need_dx``)."""
    n, f = dy.shape[:2]
    oh, ow = geo.out
    kind = engine(xp, geo, x.shape[1], f, n)
    if kind == "dense":
        return dense_grads(dy, x, w, geo, need_dx)
    dx = _input_grad(xp, dy, w, x.shape, geo) if need_dx else None
    if kind == "minor":
        return dx, minor_weight_grad(dy, x, geo).reshape(w.shape)
    if kind == "shifted":
        return dx, shifted_weight_grad(dy, x, geo).reshape(w.shape)
    dyf = xp.ascontiguousarray(dy).reshape(n, f, oh * ow)

    def slab(cols: Any, n0: int, n1: int, r0: int, r1: int, acc: list) -> None:
        g = dyf[n0:n1, :, r0 * ow : r1 * ow]
        if cols.shape[0] == n1 - n0:
            acc.append(xp.matmul(g, cols.transpose(0, 2, 1)).sum(axis=0))
        else:  # merged small images: (m, F, L) -> (F, m*L), the columns' order
            acc.append(g.transpose(1, 0, 2).reshape(f, -1) @ cols[0].T)

    dw = sum(for_each_slab(xp, x, geo, slab, [])).reshape(w.shape)
    return dx, dw


def _input_grad(xp: ModuleType, dy: Any, w: Any, x_shape: tuple, geo: ConvGeometry) -> Any:
    """``dx`` as a full correlation of ``dy`` (stride holes filled with zeros)
    with the filters flipped and their in/out channels swapped."""
    n, c, h, wd = x_shape
    # col2im: no zeros multiplied around a small output, and a product with
    # C·KH·KW rows where the correlation's has only C (measured: 1.5–2.3×
    # faster with 3 or 1 channels under 8 filters)
    small_out = h * wd > 1.8 * geo.out[0] * geo.out[1]
    few = 2 * c < dy.shape[1]
    if geo.stride == (1, 1) and (small_out or few):
        kind = engine(xp, geo, c, dy.shape[1], n)
        if kind == "minor" and small_out:
            return minor_input_grad(dy, w, x_shape, geo)
        if kind == "shifted":
            return shifted_input_grad(dy, w, x_shape, geo)
    sh, sw = geo.stride
    dh, dw_ = geo.dilation
    kh, kw = geo.kernel
    oh, ow = geo.out
    if (sh, sw) != (1, 1):
        spread = xp.zeros((n, dy.shape[1], (oh - 1) * sh + 1, (ow - 1) * sw + 1), dy.dtype)
        spread[:, :, ::sh, ::sw] = dy
        dy = spread
    w_rot = xp.ascontiguousarray(w.transpose(1, 0, 2, 3)[:, :, ::-1, ::-1])
    full = (dh * (kh - 1), dw_ * (kw - 1))
    # the extent of the padded input that some window covered
    eh, ew = dy.shape[2] + full[0], dy.shape[3] + full[1]
    ph, pw = geo.padding
    if (eh, ew) == geo.padded and full[0] >= ph and full[1] >= pw:
        # crop the padding by padding dy less: the common "same" case, no copy
        crop = (full[0] - ph, full[1] - pw)
        g = ConvGeometry((dy.shape[2], dy.shape[3]), (kh, kw), (1, 1), crop, (dh, dw_))
        return _correlate(xp, dy, w_rot, None, g)
    g = ConvGeometry((dy.shape[2], dy.shape[3]), (kh, kw), (1, 1), full, (dh, dw_))
    covered = _correlate(xp, dy, w_rot, None, g)
    dxpad = xp.zeros((n, c, *geo.padded), dtype=dy.dtype)
    dxpad[:, :, :eh, :ew] = covered
    return xp.ascontiguousarray(dxpad[:, :, ph : ph + h, pw : pw + wd])

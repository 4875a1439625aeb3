"""Transposed convolution (``torch.nn.functional.conv_transpose2d``) and its gradients.

Weights are laid out as PyTorch lays them out, ``(C_in, C_out, KH, KW)``.
Each input cell ``x[c, r, q]`` scatters ``x[c, r, q] · w[c]`` into the output
at rows ``r·s − p + i·d`` and columns ``q·s − p + j·d``; what falls outside
the output (the padding) is dropped. This is the gradient of :func:`conv2d`
with respect to its input, which is how it is computed here.

The other picture (conv_arithmetic's): spread the input out with ``s − 1``
zeros between cells, pad it by ``d·(k − 1) − p`` (cropping when negative,
``output_padding`` more at the bottom and right), and convolve it with stride
1 with the kernel flipped and its channel axes swapped
(:func:`zero_inserted_input`, :func:`flipped_transposed_kernel`).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from ._validate import as_float, check_finite, check_ndim, float_dtype
from .backend import get_xp
from .conv import _correlate, _grads, _input_grad
from .shapes import IntPair, TransposedGeometry, transposed_geometry


def _prepare(
    x: Any, w: Any, b: Any, stride: IntPair, padding: IntPair, output_padding: IntPair, dilation: IntPair
) -> tuple[ModuleType, Any, Any, Any, TransposedGeometry]:
    xp = get_xp(x, w, b)
    dtype = float_dtype(xp, x, w, b)
    x = as_float(xp, x, dtype, "x")
    w = as_float(xp, w, dtype, "w")
    check_ndim(x, 4, "x", "(N, C_in, H, W)")
    check_ndim(w, 4, "w", "(C_in, C_out, KH, KW)")
    if x.shape[1] != w.shape[0]:
        raise ValueError(
            f"channels do not match: x has {x.shape[1]} channels (shape {tuple(x.shape)}) but the "
            f"transposed convolution's w, laid out (C_in, C_out, KH, KW), expects {w.shape[0]} "
            f"(shape {tuple(w.shape)})"
        )
    if 0 in x.shape or 0 in w.shape[:2]:
        raise ValueError(f"x {tuple(x.shape)} and w {tuple(w.shape)} must not be empty")
    if b is not None:
        b = as_float(xp, b, dtype, "b")
        if b.shape != (w.shape[1],):
            raise ValueError(
                f"b must have shape ({w.shape[1]},) for {w.shape[1]} output channels, got {tuple(b.shape)}"
            )
        check_finite(xp, b, "b")
    geo = transposed_geometry(x.shape[2:], w.shape[2:], stride, padding, output_padding, dilation)
    check_finite(xp, x, "x")
    check_finite(xp, w, "w")
    return xp, x, w, b, geo


def _to_conv_out(xp: ModuleType, a: Any, geo: TransposedGeometry) -> Any:
    """``a`` (N, C, H, W) with zero rows and columns appended up to the forward
    convolution's output size (only when ``output_padding ≥ stride``)."""
    oh, ow = geo.conv.out
    if (oh, ow) == tuple(a.shape[2:]):
        return a
    grown = xp.zeros((*a.shape[:2], oh, ow), dtype=a.dtype)
    grown[:, :, : a.shape[2], : a.shape[3]] = a
    return grown


def conv_transpose2d(
    x: Any,
    w: Any,
    b: Any = None,
    *,
    stride: IntPair = 1,
    padding: IntPair = 0,
    output_padding: IntPair = 0,
    dilation: IntPair = 1,
) -> Any:
    """Transposed convolution, as ``torch.nn.functional.conv_transpose2d``.

    Parameters
    ----------
    x : array (N, C_in, H, W)
    w : array (C_in, C_out, KH, KW)
    b : array (C_out,) or None
    stride, padding, output_padding, dilation : int or (h, w); output
        padding must be smaller than either the stride or the dilation

    Returns
    -------
    y : array (N, C_out, OH, OW), ``OH = (H − 1)·s − 2p + d·(KH − 1) + output_padding + 1``

    Raises
    ------
    ValueError
        Wrong ndim, mismatched channels, impossible geometry or non-finite data.
    """
    xp, x, w, b, geo = _prepare(x, w, b, stride, padding, output_padding, dilation)
    y = _input_grad(xp, _to_conv_out(xp, x, geo), w, (x.shape[0], w.shape[1], *geo.out), geo.conv)
    if b is not None:
        y += b.reshape(1, -1, 1, 1)
    return y


def conv_transpose2d_backward(
    dy: Any,
    x: Any,
    w: Any,
    *,
    stride: IntPair = 1,
    padding: IntPair = 0,
    output_padding: IntPair = 0,
    dilation: IntPair = 1,
) -> tuple[Any, Any, Any]:
    """Gradients of :func:`conv_transpose2d` given the upstream gradient ``dy``.

    ``dx`` is the ordinary convolution of ``dy`` with ``w``; ``dw`` pairs each
    input cell with the upstream values its scattered copies landed on.

    Parameters
    ----------
    dy : array (N, C_out, OH, OW)
    x : array (N, C_in, H, W), the forward input
    w : array (C_in, C_out, KH, KW)

    Returns
    -------
    dx : array (N, C_in, H, W)
    dw : array (C_in, C_out, KH, KW)
    db : array (C_out,)
    """
    xp, x, w, _, geo = _prepare(x, w, None, stride, padding, output_padding, dilation)
    dy = as_float(xp, dy, x.dtype, "dy")
    expected = (x.shape[0], w.shape[1], *geo.out)
    if tuple(dy.shape) != expected:
        raise ValueError(f"dy must have shape {expected} (N, C_out, OH, OW), got {tuple(dy.shape)}")
    check_finite(xp, dy, "dy")
    h, wd = geo.in_size
    dx = _correlate(xp, dy, w, None, geo.conv)[:, :, :h, :wd]
    _, dw = _grads(xp, _to_conv_out(xp, x, geo), dy, w, geo.conv, False)
    return xp.ascontiguousarray(dx), dw, dy.sum(axis=(0, 2, 3))


def flipped_transposed_kernel(w: Any) -> Any:
    """The kernel of the direct convolution equivalent to a transposed one.

    Parameters
    ----------
    w : array (C_in, C_out, KH, KW), as :func:`conv_transpose2d` takes it

    Returns
    -------
    array (C_out, C_in, KH, KW): channel axes swapped, flipped in both
    spatial axes (a copy)
    """
    xp = get_xp(w)
    return xp.asarray(w).transpose(1, 0, 2, 3)[:, :, ::-1, ::-1].copy()


def _inserted_extent(n: int, k: int, s: int, p: int, op: int, d: int) -> tuple[int, int]:
    """Size of the zero-inserted axis and where input cell 0 lands in it
    (negative when padding crops it away)."""
    edge = d * (k - 1) - p
    return (n - 1) * s + 1 + 2 * edge + op, edge


def inserted_index(t: int, n: int, k: int, s: int, p: int, op: int = 0, d: int = 1) -> int | None:
    """Along one axis: the input index whose value zero-inserted index ``t``
    holds, or ``None`` for an inserted zero or padding."""
    _, edge = _inserted_extent(n, k, s, p, op, d)
    u = t - edge
    if u < 0 or u % s or u // s >= n:
        return None
    return u // s


def zero_inserted_input(
    x: Any,
    stride: IntPair,
    padding: IntPair,
    kernel: IntPair,
    output_padding: IntPair = 0,
    dilation: IntPair = 1,
) -> Any:
    """The input of the direct convolution that equals a transposed one.

    ``conv2d(zero_inserted_input(x, s, p, k, op, d), flipped_transposed_kernel(w), b,
    dilation=d)`` equals ``conv_transpose2d(x, w, b, stride=s, padding=p,
    output_padding=op, dilation=d)``.

    Parameters
    ----------
    x : array (..., H, W)
    stride, padding, kernel, output_padding, dilation : int or (h, w), as
        for :func:`conv_transpose2d` (``kernel`` is ``(KH, KW)``)

    Returns
    -------
    array (..., H', W'): ``s − 1`` zeros between neighbouring cells, then
    ``d·(k − 1) − p`` zeros on each side (cropped when negative) and
    ``output_padding`` more at the bottom and right;
    ``H' = (H − 1)·s + 1 + 2·(d·(KH − 1) − p) + output_padding``.
    """
    xp = get_xp(x)
    x = xp.asarray(x)
    if x.ndim < 2:
        raise ValueError(f"x must have at least 2 axes (..., H, W), got shape {tuple(x.shape)}")
    geo = transposed_geometry(x.shape[-2:], kernel, stride, padding, output_padding, dilation)
    index: list[slice] = []
    source: list[slice] = []
    size: list[int] = []
    for axis in (0, 1):
        n, s = geo.in_size[axis], geo.stride[axis]
        z, edge = _inserted_extent(
            n, geo.kernel[axis], s, geo.padding[axis], geo.output_padding[axis], geo.dilation[axis]
        )
        first = max(0, -(edge // s) if edge < 0 else 0)  # first input cell inside
        last = min(n - 1, (z - 1 - edge) // s)  # last input cell inside
        size.append(z)
        if last < first:
            index.append(slice(0, 0))
            source.append(slice(0, 0))
        else:
            index.append(slice(edge + first * s, edge + last * s + 1, s))
            source.append(slice(first, last + 1))
    out = xp.zeros((*x.shape[:-2], *size), dtype=x.dtype)
    out[..., index[0], index[1]] = x[..., source[0], source[1]]
    return out

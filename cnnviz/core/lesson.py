"""The small numeric pieces of the backward-pass lesson.

Where the upstream gradient comes from (all ones, or a target under the loss
``½ Σ (y − t)²``), one gradient-descent step ``w ← w − lr·∂L/∂w``, and a
gradient check: the central difference ``(L(w+ε) − L(w−ε)) / 2ε`` for one
weight beside the analytic value from :func:`conv2d_backward`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import as_float, check_finite
from .backend import to_numpy
from .conv import conv2d, conv2d_backward
from .shapes import IntPair


def _finite_array(a: Any, name: str, dtype: Any = None) -> np.ndarray:
    arr = to_numpy(a)
    if dtype is None:
        dtype = np.float64 if arr.dtype == np.float64 else np.float32
    arr = as_float(np, arr, dtype, name)
    check_finite(np, arr, name)
    return arr


def half_squared_error(y: Any, t: Any) -> tuple[float, np.ndarray]:
    """The loss ``L = ½ Σ (y − t)²`` and its gradient ``∂L/∂y = y − t``.

    Parameters
    ----------
    y : array, any shape, e.g. (F, OH, OW), the output
    t : array of the same shape, the target

    Returns
    -------
    loss : float, summed in float64
    dy : array of ``y``'s shape, ``y − t`` (float64 if either is float64, else float32)

    Raises
    ------
    ValueError
        For different shapes or non-finite values.
    """
    y_np, t_np = to_numpy(y), to_numpy(t)
    dtype = np.float64 if np.float64 in (y_np.dtype, t_np.dtype) else np.float32
    y_np, t_np = _finite_array(y_np, "y", dtype), _finite_array(t_np, "t", dtype)
    if y_np.shape != t_np.shape:
        raise ValueError(f"the target must have the output's shape {y_np.shape}, got {t_np.shape}")
    dy = y_np - t_np
    d64 = dy.astype(np.float64).ravel()
    return 0.5 * float(np.dot(d64, d64)), dy


def ones_upstream(shape: tuple[int, ...], dtype: Any = np.float32) -> np.ndarray:
    """``∂L/∂y`` = all ones of ``shape`` (e.g. (F, OH, OW)): the gradient of ``L = Σ y``,
    under which ∂L/∂w is the plain sum of the inputs a weight met."""
    dims = tuple(int(n) for n in shape)
    if any(n < 0 for n in dims):
        raise ValueError(f"shape must not have negative sizes, got {dims}")
    return np.ones(dims, dtype=dtype)


def sgd_update(w: Any, dw: Any, lr: float) -> np.ndarray:
    """One step of gradient descent: ``w − lr·dw``, a new array (``w`` is untouched).

    Parameters
    ----------
    w : array, any shape, e.g. (F, C, KH, KW)
    dw : array of ``w``'s shape, ∂L/∂w
    lr : float, the learning rate, finite and > 0

    Returns
    -------
    array of ``w``'s shape and dtype (float64 if ``w`` is, else float32)

    Raises
    ------
    ValueError
        For a learning rate that is not a finite positive number, different
        shapes, or non-finite values.
    """
    try:
        rate = float(lr)
    except (TypeError, ValueError):
        raise ValueError(f"the learning rate must be a number, got {lr!r}") from None
    if not math.isfinite(rate) or rate <= 0:
        raise ValueError(f"the learning rate must be a finite number greater than 0, got {lr!r}")
    w_np = _finite_array(w, "w")
    dw_np = _finite_array(dw, "dw", w_np.dtype)
    if w_np.shape != dw_np.shape:
        raise ValueError(f"dw must have w's shape {w_np.shape}, got {dw_np.shape}")
    new = w_np - w_np.dtype.type(rate) * dw_np
    if not np.isfinite(new).all():
        raise ValueError(f"the update with learning rate {rate:g} overflows; choose a smaller rate")
    return new


def upstream_loss(
    x: Any,
    w: Any,
    b: Any,
    t: Any,
    *,
    stride: IntPair = 1,
    padding: IntPair = 0,
    dilation: IntPair = 1,
) -> tuple[float, np.ndarray]:
    """Run :func:`conv2d` on one image and score it against a target.

    Parameters
    ----------
    x : array (C, H, W)
    w : array (F, C, KH, KW)
    b : array (F,) or None
    t : array (F, OH, OW), the target output
    stride, padding, dilation : int or (h, w)

    Returns
    -------
    loss : float, ``½ Σ (y − t)²`` with ``y = conv2d(x, w, b)``
    dy : array (F, OH, OW), ``y − t``, the upstream gradient for the backward traces
    """
    x_np = to_numpy(x)
    y = conv2d(x_np[None], w, b, stride=stride, padding=padding, dilation=dilation)
    return half_squared_error(to_numpy(y)[0], t)


@dataclass(frozen=True)
class GradientCheck:
    """One weight's gradient two ways.

    Attributes
    ----------
    numerical : float, ``(loss_plus − loss_minus) / (2·eps)``
    analytic : float, ∂L/∂w from :func:`conv2d_backward`
    relative_difference : float, ``|numerical − analytic| / max(|numerical| + |analytic|, 1e-12)``
        (0 when they agree exactly)
    loss_plus, loss_minus : float, the loss with the weight raised / lowered by ``eps``
    eps : float, ε
    """

    numerical: float
    analytic: float
    relative_difference: float
    loss_plus: float
    loss_minus: float
    eps: float


def gradient_check(
    x: Any,
    w: Any,
    b: Any,
    t: Any,
    index: tuple[int, int, int, int],
    *,
    stride: IntPair = 1,
    padding: IntPair = 0,
    dilation: IntPair = 1,
    eps: float = 1e-3,
    loss: Callable[[np.ndarray], tuple[float, np.ndarray]] | None = None,
) -> GradientCheck:
    """Check ∂L/∂w[f, c, i, j] of ``L = ½ Σ (conv2d(x, w, b) − t)²`` by central differences
    (or of ``L = Σ conv2d(x, w, b)``, whose upstream gradient is all ones, when ``t`` is None;
    or of ``loss(conv2d(x, w, b))`` when a ``loss`` is given).

    Everything is computed in float64, whatever the inputs' dtype.

    Parameters
    ----------
    x : array (C, H, W)
    w : array (F, C, KH, KW)
    b : array (F,) or None
    t : array (F, OH, OW), the target, or None for ``L = Σ y``
    index : (f, c, i, j), the weight
    stride, padding, dilation : int or (h, w)
    eps : float, the step ε, finite and > 0
    loss : callable or None, ``y`` (F, OH, OW) float64 → ``(L, ∂L/∂y)``, e.g. a
        :meth:`~cnnviz.core.network_grad.NetworkUpstream.loss_and_grad` (then ``t`` must be None)

    Returns
    -------
    GradientCheck

    Raises
    ------
    ValueError
        For bad shapes, non-finite data or a bad ``eps``; ``IndexError`` for a
        weight outside ``w``.
    """
    step = float(eps)
    if not math.isfinite(step) or step <= 0:
        raise ValueError(f"eps must be a finite number greater than 0, got {eps!r}")
    x64 = _finite_array(x, "x", np.float64)
    w64 = np.array(_finite_array(w, "w", np.float64), copy=True)
    b64 = None if b is None else _finite_array(b, "b", np.float64)
    t64 = None if t is None else _finite_array(t, "t", np.float64)
    if x64.ndim != 3 or w64.ndim != 4:
        raise ValueError(f"x must be (C, H, W) and w (F, C, KH, KW), got {x64.shape} and {w64.shape}")
    pos = tuple(int(p) for p in index)
    if len(pos) != 4 or not all(0 <= p < n for p, n in zip(pos, w64.shape)):
        raise IndexError(f"weight {pos} is outside {'×'.join(str(n) for n in w64.shape)}")
    geo: dict[str, IntPair] = dict(stride=stride, padding=padding, dilation=dilation)

    if loss is not None and t64 is not None:
        raise ValueError("give a target or a loss function, not both")

    def score() -> tuple[float, np.ndarray]:
        if loss is not None:
            value, grad = loss(to_numpy(conv2d(x64[None], w64, b64, **geo))[0])  # type: ignore[arg-type]
            return float(value), np.asarray(grad, np.float64)
        if t64 is None:
            y = to_numpy(conv2d(x64[None], w64, b64, **geo))[0]  # type: ignore[arg-type]
            return float(y.sum()), np.ones_like(y)
        return upstream_loss(x64, w64, b64, t64, **geo)  # type: ignore[arg-type]

    _, dy = score()
    _, dw, _ = conv2d_backward(dy[None], x64[None], w64, **geo)  # type: ignore[arg-type]
    analytic = float(to_numpy(dw)[pos])
    old = w64[pos]
    w64[pos] = old + step
    plus, _ = score()
    w64[pos] = old - step
    minus, _ = score()
    w64[pos] = old
    numerical = (plus - minus) / (2 * step)
    diff = abs(numerical - analytic)
    rel = 0.0 if diff == 0 else diff / max(abs(numerical) + abs(analytic), 1e-12)
    return GradientCheck(numerical, analytic, rel, plus, minus, step)

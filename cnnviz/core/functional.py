"""Activations, the fully-connected layer, softmax and cross-entropy."""

from __future__ import annotations

from typing import Any

from ._validate import as_float, as_index_array, check_finite, check_ndim, float_dtype
from .backend import get_xp, to_numpy


def _float(x: Any, name: str = "x") -> Any:
    xp = get_xp(x)
    return as_float(xp, x, float_dtype(xp, x), name)


def relu(x: Any) -> Any:
    """``max(0, x)`` elementwise; any shape."""
    x = _float(x)
    return get_xp(x).maximum(x, 0)


def relu_backward(dy: Any, x: Any) -> Any:
    """Gradient of :func:`relu`: ``dy`` where ``x > 0``, else 0 (same shape)."""
    x = _float(x)
    dy = _float(dy, "dy")
    if dy.shape != x.shape:
        raise ValueError(f"dy shape {tuple(dy.shape)} must equal x shape {tuple(x.shape)}")
    return dy * (x > 0)


def sigmoid(x: Any) -> Any:
    """``1 / (1 + e^-x)`` elementwise, without overflow for large ``|x|``."""
    x = _float(x)
    xp = get_xp(x)
    e = xp.exp(-xp.abs(x))
    return xp.where(x >= 0, 1 / (1 + e), e / (1 + e))


def tanh(x: Any) -> Any:
    """Hyperbolic tangent elementwise."""
    x = _float(x)
    return get_xp(x).tanh(x)


def linear(x: Any, w: Any, b: Any = None) -> Any:
    """Fully-connected layer ``y = x @ w.T + b``.

    x : (N, IN); w : (OUT, IN); b : (OUT,) or None → y : (N, OUT).
    """
    xp = get_xp(x, w, b)
    dtype = float_dtype(xp, x, w, b)
    x, w = as_float(xp, x, dtype, "x"), as_float(xp, w, dtype, "w")
    check_ndim(x, 2, "x", "(N, IN)")
    check_ndim(w, 2, "w", "(OUT, IN)")
    if x.shape[1] != w.shape[1]:
        raise ValueError(
            f"inputs do not match: x has {x.shape[1]} features (shape {tuple(x.shape)}) "
            f"but w expects {w.shape[1]} (shape {tuple(w.shape)})"
        )
    check_finite(xp, x, "x")
    check_finite(xp, w, "w")
    y = x @ w.T
    if b is not None:
        b = as_float(xp, b, dtype, "b")
        if b.shape != (w.shape[0],):
            raise ValueError(f"b must have shape ({w.shape[0]},), got {tuple(b.shape)}")
        check_finite(xp, b, "b")
        y += b
    return y


def linear_backward(dy: Any, x: Any, w: Any) -> tuple[Any, Any, Any]:
    """Gradients of :func:`linear`.

    dy : (N, OUT); x : (N, IN); w : (OUT, IN) → dx (N, IN), dw (OUT, IN), db (OUT,).
    """
    xp = get_xp(dy, x, w)
    dtype = float_dtype(xp, dy, x, w)
    dy = as_float(xp, dy, dtype, "dy")
    x, w = as_float(xp, x, dtype, "x"), as_float(xp, w, dtype, "w")
    check_ndim(x, 2, "x", "(N, IN)")
    check_ndim(w, 2, "w", "(OUT, IN)")
    if dy.shape != (x.shape[0], w.shape[0]) or x.shape[1] != w.shape[1]:
        raise ValueError(
            f"shapes do not match: dy {tuple(dy.shape)}, x {tuple(x.shape)}, w {tuple(w.shape)}"
        )
    return dy @ w, dy.T @ x, dy.sum(axis=0)


def softmax(x: Any, axis: int = -1) -> Any:
    """Softmax along ``axis`` (shifted by the max, so large logits are safe)."""
    x = _float(x)
    xp = get_xp(x)
    e = xp.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x: Any, axis: int = -1) -> Any:
    """``log(softmax(x))`` computed stably."""
    x = _float(x)
    xp = get_xp(x)
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - xp.log(xp.exp(shifted).sum(axis=axis, keepdims=True))


def cross_entropy(logits: Any, labels: Any) -> tuple[float, Any]:
    """Mean softmax cross-entropy over the batch and its gradient.

    logits : (N, K); labels : (N,) ints in ``[0, K)``
    → (loss as a float, dlogits (N, K)). A non-finite ``logits`` (a diverging
    run) gives a non-finite loss for the caller to detect, not an exception.
    """
    logits = _float(logits, "logits")
    xp = get_xp(logits)
    check_ndim(logits, 2, "logits", "(N, K)")
    n, k = logits.shape
    if n == 0:
        raise ValueError("cross_entropy needs at least one sample")
    lab = xp.asarray(as_index_array(to_numpy(labels), n, k))
    logp = log_softmax(logits)
    rows = xp.arange(n)
    # + 0.0 turns the -0.0 of a perfect prediction into 0.0 for display
    loss = float(-logp[rows, lab].mean()) + 0.0
    grad = xp.exp(logp)
    grad[rows, lab] -= 1
    grad /= n
    return loss, grad

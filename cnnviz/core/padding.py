"""PyTorch's padding modes: what the border of a padded input holds.

``zeros`` fills the border with 0; the other modes copy input cells into it,
one axis at a time (a corner copies the cell that is the source of its row
and of its column):

- ``reflect``: mirror about the edge cell, not repeating it (``c b | a b c | b a``);
  needs padding < input size.
- ``replicate``: repeat the edge cell (``a a | a b c | c c``).
- ``circular``: wrap around (``b c | a b c | a b``); needs padding ≤ input size.

In each non-zero mode a padded cell is a copy of exactly one input cell, so
its gradient is added onto that cell (:func:`fold_padding_grad`).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from .shapes import IntPair, pair

#: PyTorch's ``padding_mode`` names
PADDING_MODES: tuple[str, ...] = ("zeros", "reflect", "replicate", "circular")

_NUMPY_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def check_padding_mode(mode: object, in_size: IntPair, padding: IntPair) -> str:
    """Validate ``mode`` for padding an ``in_size`` plane by ``padding``.

    Parameters
    ----------
    mode : one of :data:`PADDING_MODES`
    in_size, padding : int or (h, w)

    Returns
    -------
    mode : str

    Raises
    ------
    ValueError
        An unknown mode; ``reflect`` with padding ≥ the input size; ``circular``
        with padding > the input size (PyTorch's rules).
    """
    if not isinstance(mode, str) or mode not in PADDING_MODES:
        raise ValueError(f"padding_mode must be one of {', '.join(PADDING_MODES)}; got {mode!r}")
    n, p = pair(in_size, "input size"), pair(padding, "padding")
    for axis, name in ((0, "height"), (1, "width")):
        if mode == "reflect" and p[axis] >= n[axis]:
            raise ValueError(
                f"reflect padding must be smaller than the input: padding {p[axis]} "
                f"on an input of {name} {n[axis]} (use at most {n[axis] - 1}, or another mode)"
            )
        if mode == "circular" and p[axis] > n[axis]:
            raise ValueError(
                f"circular padding must not be larger than the input: padding {p[axis]} on an "
                f"input of {name} {n[axis]} would wrap around more than once"
            )
    return mode


def source_index(p: int, n: int, pad: int, mode: str) -> int | None:
    """The input index that padded index ``p`` holds, along one axis of size ``n``
    padded by ``pad`` on both sides; ``None`` for a zeros-mode border cell.

    ``p`` is in padded coordinates (``pad ≤ p < pad + n`` is the input itself).
    """
    i = p - pad
    if 0 <= i < n:
        return i
    if mode == "zeros":
        return None
    if mode == "replicate":
        return 0 if i < 0 else n - 1
    if mode == "circular":
        return i % n
    if mode == "reflect":
        return -i if i < 0 else 2 * (n - 1) - i
    raise ValueError(f"padding_mode must be one of {', '.join(PADDING_MODES)}; got {mode!r}")


def pad_input(xp: ModuleType, x: Any, padding: IntPair, mode: str) -> Any:
    """Pad the last two axes of ``x`` by ``padding`` on both sides.

    Parameters
    ----------
    x : array (..., H, W)
    padding : int or (ph, pw)
    mode : one of :data:`PADDING_MODES` (validated by the caller)

    Returns
    -------
    array (..., H + 2·ph, W + 2·pw), the values the border really holds
    """
    ph, pw = pair(padding, "padding")
    widths = [(0, 0)] * (x.ndim - 2) + [(ph, ph), (pw, pw)]
    if mode == "zeros":
        return xp.pad(x, widths)
    return xp.pad(x, widths, mode=_NUMPY_MODES[mode])


def fold_padding_grad(xp: ModuleType, dxpad: Any, in_size: IntPair, padding: IntPair, mode: str) -> Any:
    """The gradient w.r.t. the input, given the gradient w.r.t. the padded input.

    Each border cell's gradient is added onto the input cell it copies
    (dropped in ``zeros`` mode); the interior passes through.

    Parameters
    ----------
    dxpad : array (..., H + 2·ph, W + 2·pw)
    in_size : int or (H, W)
    padding : int or (ph, pw)

    Returns
    -------
    dx : array (..., H, W)
    """
    (h, w), (ph, pw) = pair(in_size, "input size"), pair(padding, "padding")
    rows = _fold_axis(xp, dxpad, dxpad.ndim - 2, h, ph, mode)
    return xp.ascontiguousarray(_fold_axis(xp, rows, rows.ndim - 1, w, pw, mode))


def _fold_axis(xp: ModuleType, g: Any, axis: int, n: int, pad: int, mode: str) -> Any:
    def at(i: int | slice) -> tuple:
        return (slice(None),) * axis + (i,)

    inner = g[at(slice(pad, pad + n))]
    if mode == "zeros" or pad == 0:
        return inner
    out = inner.copy()  # never a view: the caller's gradient must stay as it was
    for p in (*range(pad), *range(pad + n, 2 * pad + n)):
        src = source_index(p, n, pad, mode)
        assert src is not None
        out[at(src)] += g[at(p)]
    return out

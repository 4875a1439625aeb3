"""Filter banks laid out for each convolution variant, and converted between them.

Pure numpy. The session holds its filters output channel first in every
variant, ``(F, C/groups, KH, KW)``, which is PyTorch's layout for ``conv2d``
with ``groups``; PyTorch's ``conv_transpose2d`` takes the same numbers with
its two channel axes swapped, ``(C_in, C_out, KH, KW)``
(:func:`to_pytorch`, :func:`from_pytorch`).
"""

from __future__ import annotations

import numpy as np

from cnnviz.core.transposed import inserted_index

__all__ = ["from_pytorch", "full_bank", "group_bank", "group_of", "inserted_cells", "to_pytorch"]


def group_of(f: int, filters: int, groups: int) -> int:
    """The group filter ``f`` of ``filters`` belongs to (PyTorch's: consecutive filters)."""
    return f // (filters // groups)


def full_bank(w: np.ndarray, groups: int, channels: int) -> np.ndarray:
    """A grouped bank as an ordinary one, with the same output.

    Parameters
    ----------
    w : (F, C/groups, KH, KW)
    groups : int dividing F and ``channels``
    channels : C, the input's channels

    Returns
    -------
    (F, C, KH, KW) float32: each filter's weights at its group's channels, 0 elsewhere
    """
    f, per, kh, kw = w.shape
    out = np.zeros((f, channels, kh, kw), np.float32)
    for i in range(f):
        first = group_of(i, f, groups) * per
        out[i, first : first + per] = w[i]
    return out


def group_bank(w: np.ndarray, groups: int) -> np.ndarray:
    """Each filter of an ordinary bank keeps only its group's channels.

    Parameters
    ----------
    w : (F, C, KH, KW), ``groups`` dividing F and C

    Returns
    -------
    (F, C/groups, KH, KW) float32, a copy
    """
    f, c, kh, kw = w.shape
    per = c // groups
    out = np.empty((f, per, kh, kw), np.float32)
    for i in range(f):
        first = group_of(i, f, groups) * per
        out[i] = w[i, first : first + per]
    return out


def to_pytorch(w: np.ndarray, transposed: bool) -> np.ndarray:
    """The session's bank ``(F, C/groups, KH, KW)`` as PyTorch takes it: unchanged, or
    for the transposed convolution ``(C_in, C_out, KH, KW)`` (a copy either way)."""
    w = np.asarray(w, np.float32)
    return np.ascontiguousarray(w.transpose(1, 0, 2, 3)) if transposed else w.copy()


def from_pytorch(w: np.ndarray, transposed: bool) -> np.ndarray:
    """Inverse of :func:`to_pytorch`; arrays that are not 4-d pass through (the
    caller refuses them in words)."""
    w = np.asarray(w, np.float32)
    if transposed and w.ndim == 4:
        return np.ascontiguousarray(w.transpose(1, 0, 2, 3))
    return w


def inserted_cells(
    in_size: tuple[int, int],
    kernel: tuple[int, int],
    stride: tuple[int, int],
    padding: tuple[int, int],
    output_padding: tuple[int, int],
    dilation: tuple[int, int],
    size: tuple[int, int],
) -> tuple[list[int], list[int]]:
    """The rows and columns of a zero-inserted input (``size`` cells) that hold
    input values; every other cell is an inserted zero or padding."""
    axes = []
    for a in (0, 1):
        axes.append(
            [
                t
                for t in range(size[a])
                if inserted_index(
                    t, in_size[a], kernel[a], stride[a], padding[a], output_padding[a], dilation[a]
                )
                is not None
            ]
        )
    return axes[0], axes[1]

"""What every stage trace shares: step numbering and read-only arrays.

A trace numbers its steps in row-major order over its ``out_shape``:
step ``k`` is the output element at ``position(k)``, and
``index(*position(k)) == k``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from .._validate import as_float, check_finite, check_ndim
from ..backend import to_numpy


def readonly(a: np.ndarray) -> np.ndarray:
    """``a`` with its writeable flag cleared (returned for chaining)."""
    a.flags.writeable = False
    return a


def float_input(a: Any, name: str, ndim: int, layout: str, dtype: Any = None) -> np.ndarray:
    """A read-only finite numpy copy of ``a``, float64 when ``a`` is float64
    (or ``dtype`` says so), else float32 — the app's dtype policy."""
    arr = to_numpy(a)
    if dtype is None:
        dtype = np.float64 if arr.dtype == np.float64 else np.float32
    arr = as_float(np, arr, dtype, name)
    check_ndim(arr, ndim, name, layout)
    if 0 in arr.shape:
        raise ValueError(f"{name} must not be empty, got shape {tuple(arr.shape)}")
    check_finite(np, arr, name)
    return readonly(np.array(arr, copy=True))


class GridSteps:
    """Row-major step numbering over ``out_shape``; subclasses set ``_shape``
    and define ``__getitem__``."""

    _shape: tuple[int, ...]

    @property
    def out_shape(self) -> tuple[int, ...]:
        """Shape of the output; one step per element."""
        return self._shape

    def __len__(self) -> int:
        return int(np.prod(self._shape, dtype=np.int64))

    def _step_number(self, k: int) -> int:
        """``k`` as a step number in ``0..len-1`` (negative counts from the end)."""
        given = int(k)
        n = len(self)
        k = given + n if given < 0 else given
        if not 0 <= k < n:
            raise IndexError(f"step {given} is outside 0..{n - 1}")
        return k

    def _position(self, k: int) -> tuple[int, ...]:
        k = self._step_number(k)
        pos: list[int] = []
        for size in reversed(self._shape):
            k, r = divmod(k, size)
            pos.append(r)
        return tuple(reversed(pos))

    def _index(self, pos: tuple[int, ...], names: str) -> int:
        pos = tuple(int(p) for p in pos)
        if not all(0 <= p < n for p, n in zip(pos, self._shape)):
            size = "×".join(str(n) for n in self._shape)
            raise IndexError(f"{names} {pos} is outside {size}")
        k = 0
        for p, n in zip(pos, self._shape):
            k = k * n + p
        return k

    def __iter__(self) -> Iterator[Any]:
        for k in range(len(self)):
            yield self[k]  # type: ignore[index]


def check_cell(pos: tuple[int, int, int], shape: tuple[int, ...], what: str = "input cell") -> None:
    """Raise ``IndexError`` unless ``pos`` lies inside ``shape``."""
    if not all(0 <= int(p) < n for p, n in zip(pos, shape)):
        size = "×".join(str(n) for n in shape)
        raise IndexError(f"{what} {tuple(int(p) for p in pos)} is outside {size}")

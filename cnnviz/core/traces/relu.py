"""ReLU taken apart into steps: one cell of the volume each, ``max(0, x)``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..functional import relu
from ._base import GridSteps, check_cell, float_input, readonly


@dataclass(frozen=True, eq=False)
class ReluStep:
    """One cell through ReLU.

    Attributes
    ----------
    index : int, position in the trace
    channel, row, col : int, the cell (the same in input and output)
    input : float, the value going in
    value : float, ``max(0, input)``
    """

    index: int
    channel: int
    row: int
    col: int
    input: float
    value: float


class ReluTrace(GridSteps):
    """Step-by-step view of :func:`relu` on one volume, channel-major, then
    row, then column.

    Parameters
    ----------
    x : array (C, H, W), finite

    Attributes
    ----------
    x : (C, H, W) read-only copy of the input (float32, or float64 if given so)
    out_shape : (C, H, W)
    """

    def __init__(self, x: Any) -> None:
        self.x = float_input(x, "x", 3, "(C, H, W)")
        self._shape = tuple(int(n) for n in self.x.shape)
        self._output: np.ndarray | None = None

    def position(self, k: int) -> tuple[int, int, int]:
        """``(channel, row, col)`` of step ``k`` (negative counts from the end)."""
        c, r, col = self._position(k)
        return c, r, col

    def index(self, channel: int, row: int, col: int) -> int:
        """The step number of cell ``(channel, row, col)``; inverse of ``trace[k]``."""
        return self._index((channel, row, col), "cell")

    def __getitem__(self, k: int) -> ReluStep:
        k = self._step_number(k)
        c, r, col = self.position(k)
        v = self.x[c, r, col]
        return ReluStep(index=k, channel=c, row=r, col=col, input=float(v), value=float(np.maximum(v, 0)))

    @property
    def output(self) -> np.ndarray:
        """``relu(x)``, shape (C, H, W) (computed on first use)."""
        if self._output is None:
            self._output = readonly(np.asarray(relu(self.x)))
        return self._output

    def feeds(self, channel: int, row: int, col: int) -> list[tuple[int, int]]:
        """``[(row, col)]``: each output cell reads only the input cell under it."""
        check_cell((channel, row, col), self.x.shape)
        return [(int(row), int(col))]

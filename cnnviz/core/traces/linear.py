"""A fully-connected layer taken apart into steps, one output neuron each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validate import as_float, check_finite
from ..backend import to_numpy
from ..functional import linear
from ._base import GridSteps, float_input, readonly


@dataclass(frozen=True, eq=False)
class LinearStep:
    """One output neuron: ``value = Σ weights * inputs + bias``.

    Attributes
    ----------
    index : int, position in the trace
    neuron : int, the output neuron ``o``
    inputs : (IN,) read-only, the input vector ``x``
    weights : (IN,) read-only, row ``w[o]``
    terms : (IN,) read-only, ``w[o] * x`` in weight order
    bias : float, ``b[o]``
    value : float, ``terms.sum() + bias`` (summed in float64; equal to the
        op's output up to float rounding)
    """

    index: int
    neuron: int
    inputs: np.ndarray
    weights: np.ndarray
    terms: np.ndarray
    bias: float
    value: float


class LinearTrace(GridSteps):
    """Step-by-step view of :func:`linear` on one input vector.

    Parameters
    ----------
    x : array (IN,)
    w : array (OUT, IN)
    b : array (OUT,) or None (zeros)

    Attributes
    ----------
    x, w, b : read-only copies (float64 when x or w is float64, else float32)
    out_shape : (OUT,)

    Raises
    ------
    ValueError
        For mismatched shapes, empty or non-finite arrays.
    """

    def __init__(self, x: Any, w: Any, b: Any = None) -> None:
        x_np, w_np = to_numpy(x), to_numpy(w)
        dtype = np.float64 if np.float64 in (x_np.dtype, w_np.dtype) else np.float32
        self.x = float_input(x_np, "x", 1, "(IN,)", dtype)
        self.w = float_input(w_np, "w", 2, "(OUT, IN)", dtype)
        if self.w.shape[1] != self.x.shape[0]:
            raise ValueError(
                f"inputs do not match: x has {self.x.shape[0]} features "
                f"but w expects {self.w.shape[1]} (shape {self.w.shape})"
            )
        out = int(self.w.shape[0])
        b_np = np.zeros(out, dtype) if b is None else as_float(np, to_numpy(b), dtype, "b")
        if b_np.shape != (out,):
            raise ValueError(f"b must have shape ({out},), got {tuple(b_np.shape)}")
        check_finite(np, b_np, "b")
        self.b = readonly(np.array(b_np, copy=True))
        self._shape = (out,)
        self._output: np.ndarray | None = None

    def position(self, k: int) -> tuple[int]:
        """``(neuron,)`` of step ``k`` (negative counts from the end)."""
        (o,) = self._position(k)
        return (o,)

    def index(self, neuron: int) -> int:
        """The step number of output ``neuron``; inverse of ``trace[k]``."""
        return self._index((neuron,), "neuron")

    def __getitem__(self, k: int) -> LinearStep:
        k = self._step_number(k)
        weights = self.w[k]
        terms = weights * self.x
        bias = float(self.b[k])
        value = float(terms.sum(dtype=np.float64)) + bias
        return LinearStep(
            index=k, neuron=k, inputs=self.x, weights=weights, terms=readonly(terms), bias=bias, value=value
        )

    @property
    def output(self) -> np.ndarray:
        """``linear(x[None], w, b)[0]``, shape (OUT,) (computed on first use)."""
        if self._output is None:
            self._output = readonly(np.asarray(linear(self.x[None], self.w, self.b))[0])
        return self._output

    def feeds(self, i: int) -> list[tuple[int]]:
        """Every neuron ``(o,)`` reads input ``i`` (fully connected)."""
        if not 0 <= int(i) < self.x.shape[0]:
            raise IndexError(f"input {int(i)} is outside 0..{self.x.shape[0] - 1}")
        return [(o,) for o in range(self._shape[0])]

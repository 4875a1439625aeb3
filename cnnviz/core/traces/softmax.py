"""Softmax taken apart into steps, one class each.

Computed the numerically stable way: every logit is shifted by the largest
one before ``exp``, so ``exp`` and ``total`` below are ``exp(z - max z)`` and
their sum. The shift cancels in the ratio, so the probability is the same as
``exp(z_k) / Σ exp(z_j)``; :func:`cnnviz.core.format_softmax` writes that plain,
unshifted form, which is what a student reads in a textbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..functional import softmax
from ._base import GridSteps, float_input, readonly


@dataclass(frozen=True, eq=False)
class SoftmaxStep:
    """One class's probability.

    Attributes
    ----------
    index : int, position in the trace
    cls : int, the class ``k``
    logit : float, ``z[k]``
    exp : float, ``exp(z[k] - shift)``
    total : float, ``Σ_j exp(z[j] - shift)``
    probability : float, ``exp / total``
    logits : (K,) read-only, every class's logit (for the written sum)
    shift : float, ``max(z)``, subtracted before ``exp``
    """

    index: int
    cls: int
    logit: float
    exp: float
    total: float
    probability: float
    logits: np.ndarray
    shift: float


class SoftmaxTrace(GridSteps):
    """Step-by-step view of :func:`softmax` on one logit vector.

    Parameters
    ----------
    z : array (K,), finite logits

    Attributes
    ----------
    z : (K,) read-only copy (float32, or float64 if given so)
    shift : float, ``max(z)``
    exps : (K,) read-only ``exp(z - shift)``
    out_shape : (K,)
    """

    def __init__(self, z: Any) -> None:
        self.z = float_input(z, "z", 1, "(K,)")
        self.shift = float(self.z.max())
        # a step needs the sum over all classes, so K exps are its window
        self.exps = readonly(np.exp(self.z.astype(np.float64) - self.shift))
        self._total = float(self.exps.sum())
        self._shape = (int(self.z.shape[0]),)
        self._output: np.ndarray | None = None

    def position(self, k: int) -> tuple[int]:
        """``(cls,)`` of step ``k`` (negative counts from the end)."""
        (c,) = self._position(k)
        return (c,)

    def index(self, cls: int) -> int:
        """The step number of class ``cls``; inverse of ``trace[k]``."""
        return self._index((cls,), "class")

    def __getitem__(self, k: int) -> SoftmaxStep:
        k = self._step_number(k)
        e = float(self.exps[k])
        return SoftmaxStep(
            index=k,
            cls=k,
            logit=float(self.z[k]),
            exp=e,
            total=self._total,
            probability=e / self._total,
            logits=self.z,
            shift=self.shift,
        )

    @property
    def output(self) -> np.ndarray:
        """``softmax(z)``, shape (K,) (computed on first use)."""
        if self._output is None:
            self._output = readonly(np.asarray(softmax(self.z)))
        return self._output

    def feeds(self, k: int) -> list[tuple[int]]:
        """Every class ``(j,)`` depends on logit ``k`` (through the sum)."""
        if not 0 <= int(k) < self._shape[0]:
            raise IndexError(f"class {int(k)} is outside 0..{self._shape[0] - 1}")
        return [(j,) for j in range(self._shape[0])]

"""Every stage a student steps through, as a trace: ``len(t)``, ``t[k]`` → a
frozen step record, ``t.position(k)`` and its inverse ``t.index(...)``,
``t.output`` (the op's result, computed on first use) and ``t.feeds(...)``.

A step costs O(window); no trace materialises all its steps.
"""

from __future__ import annotations

from ..trace import ConvStep, ConvTrace
from .grads import (
    BiasGradStep,
    BiasGradTrace,
    InputGradStep,
    InputGradTerm,
    InputGradTrace,
    WeightGradStep,
    WeightGradTrace,
)
from .linear import LinearStep, LinearTrace
from .pool import PoolStep, PoolTrace
from .relu import ReluStep, ReluTrace
from .softmax import SoftmaxStep, SoftmaxTrace
from .transposed import ScatterStep, TransposedConvTrace

__all__ = [
    "BiasGradStep",
    "BiasGradTrace",
    "InputGradStep",
    "InputGradTerm",
    "InputGradTrace",
    "WeightGradStep",
    "WeightGradTrace",
    "ConvStep",
    "ConvTrace",
    "LinearStep",
    "LinearTrace",
    "PoolStep",
    "PoolTrace",
    "ReluStep",
    "ReluTrace",
    "SoftmaxStep",
    "SoftmaxTrace",
    "ScatterStep",
    "TransposedConvTrace",
]

"""The convolution session's settings: the sliding window's parameters, the pooling
stage's window, and the limits the window's controls and the session share."""

from __future__ import annotations

from dataclasses import dataclass

MAX_KERNEL = 15
MAX_POOL = 8
MAX_VALUE = 1_000_000
MAX_FILTERS = 16


@dataclass(frozen=True)
class Params:
    """The sliding-window parameters; stride, padding and dilation apply to both axes.

    The variants (see :mod:`cnnviz.presenters.variants`) default to the article's
    convolution: ``padding_mode`` (zeros, reflect, replicate, circular), ``flip``
    (true convolution), ``groups``, ``transposed`` and its ``output_padding``.
    """

    stride: int = 1
    padding: int = 0
    dilation: int = 1
    padding_mode: str = "zeros"
    flip: bool = False
    groups: int = 1
    transposed: bool = False
    output_padding: int = 0


@dataclass(frozen=True)
class PoolSettings:
    """The pooling stage's window: ``mode`` "max" or "avg", ``size`` × ``size``, ``stride``."""

    mode: str = "max"
    size: int = 2
    stride: int = 2

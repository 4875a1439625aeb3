"""Timing one step of a trace at random step numbers (shared by the stage benchmarks)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np


def median_ms(step: Callable[[int], object], n: int, repeats: int, seed: int = 0) -> tuple[float, float]:
    """Median and 95th percentile of one call, in ms, at random step numbers."""
    ks = np.random.default_rng(seed).integers(0, n, repeats + 5)
    for k in ks[:5]:  # warm-up
        step(int(k))
    times = []
    for k in ks[5:]:
        t0 = time.perf_counter()
        step(int(k))
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]

"""Speed of one backward-pass step (a benchmark, not a test).

A 512×512 RGB float32 input, 8 filters 3×3, padding 1, upstream gradient
(8, 512, 512). A weight step touches every output position (262144 products);
timed as ``trace[k]`` and as ``trace[k]`` plus :func:`format_weight_grad`
(what the window asks for on every step), at random ``k``. Target: median
≤ 15 ms. An input step (O(F·KH·KW)) and a bias step are timed for comparison.

Run: ``python3 benchmarks/bench_backward.py [--repeats N]``
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
from _step_timing import median_ms  # noqa: E402 (benchmarks/ is the script's folder)

from cnnviz.core import (
    BiasGradTrace,
    InputGradTrace,
    WeightGradTrace,
    format_bias_grad,
    format_input_grad,
    format_weight_grad,
)

TARGET_MS = 15.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.random((3, 512, 512)).astype(np.float32)
    w = rng.standard_normal((8, 3, 3, 3)).astype(np.float32)
    dy = rng.standard_normal((8, 512, 512)).astype(np.float32)

    t0 = time.perf_counter()
    weights = WeightGradTrace(x, w, dy, padding=1)
    inputs = InputGradTrace(x, w, dy, padding=1)
    bias = BiasGradTrace(dy)
    build_ms = (time.perf_counter() - t0) * 1e3 / 3

    cases: list[tuple[str, Callable[[int], object], int]] = [
        ("WeightGradTrace step", lambda k: weights[k], len(weights)),
        ("WeightGradTrace step + format_weight_grad", lambda k: format_weight_grad(weights[k]), len(weights)),
        ("BiasGradTrace step + format_bias_grad", lambda k: format_bias_grad(bias[k]), len(bias)),
        ("InputGradTrace step", lambda k: inputs[k], len(inputs)),
        ("InputGradTrace step + format_input_grad", lambda k: format_input_grad(inputs[k]), len(inputs)),
    ]
    print(f"input 3×512×512 float32, 8 filters 3×3, padding 1; {args.repeats} random steps each")
    print(f"target: median ≤ {TARGET_MS} ms; building a trace: {build_ms:.1f} ms on average")
    print(f"{'step':44s} {'median ms':>10s} {'p95 ms':>8s}  verdict")
    for name, fn, n in cases:
        med, p95 = median_ms(fn, n, args.repeats)
        print(f"{name:44s} {med:10.4f} {p95:8.4f}  {'ok' if med <= TARGET_MS else 'SLOW'}")
    t0 = time.perf_counter()
    _ = weights.dw
    print(f"{'whole dw, db (conv2d_backward, once)':44s} {(time.perf_counter() - t0) * 1e3:10.1f}")


if __name__ == "__main__":
    main()

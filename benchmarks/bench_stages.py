"""Speed of one step of each stage trace (a benchmark, not a test).

A step is ``trace[k]`` at a random ``k`` plus its formatter (what the window
asks for on every step), on a 512×512×8 float32 volume — the size of the conv
output of a 512×512 picture with 8 filters. Target: median < 8 ms, the budget
of a convolution step. ConvTrace (8 filters 3×3×8, padding 1) is timed on the
same input for comparison.

Run: ``python3 benchmarks/bench_stages.py [--repeats N]``
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
from _step_timing import median_ms  # noqa: E402 (benchmarks/ is the script's folder)

from cnnviz.core import (
    ConvTrace,
    PoolTrace,
    ReluTrace,
    format_channel_sum,
    format_pool,
    format_relu,
    format_total,
)

TARGET_MS = 8.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2000)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 512, 512)).astype(np.float32)
    w = rng.standard_normal((8, 8, 3, 3)).astype(np.float32)
    b = rng.standard_normal(8).astype(np.float32)

    t0 = time.perf_counter()
    relu, pool, pool_avg, pool3 = (
        ReluTrace(x),
        PoolTrace(x, 2),
        PoolTrace(x, 2, mode="avg"),
        PoolTrace(x, 3, 2),
    )
    conv = ConvTrace(x, w, b, padding=1)
    build_ms = (time.perf_counter() - t0) * 1e3 / 5

    def conv_step(k: int) -> None:
        s = conv[k]
        for c in range(8):
            format_channel_sum(s, c)
        format_total(s)

    cases: list[tuple[str, Callable[[int], object], int]] = [
        ("ReluTrace step", lambda k: relu[k], len(relu)),
        ("ReluTrace step + format_relu", lambda k: format_relu(relu[k]), len(relu)),
        ("PoolTrace max 2×2/2 step", lambda k: pool[k], len(pool)),
        ("PoolTrace max 2×2/2 step + format_pool", lambda k: format_pool(pool[k]), len(pool)),
        ("PoolTrace avg 2×2/2 step + format_pool", lambda k: format_pool(pool_avg[k]), len(pool_avg)),
        ("PoolTrace max 3×3/2 step + format_pool", lambda k: format_pool(pool3[k]), len(pool3)),
        ("ConvTrace 8@3×3×8 step", lambda k: conv[k], len(conv)),
        ("ConvTrace step + 8 channel sums + total", conv_step, len(conv)),
    ]
    print(f"input 8×512×512 float32; {args.repeats} random steps each; target median < {TARGET_MS} ms")
    print(f"building a trace (copy + finiteness check): {build_ms:.1f} ms on average")
    print(f"{'stage':42s} {'median ms':>10s} {'p95 ms':>8s}  verdict")
    for name, fn, n in cases:
        med, p95 = median_ms(fn, n, args.repeats)
        print(f"{name:42s} {med:10.4f} {p95:8.4f}  {'ok' if med < TARGET_MS else 'SLOW'}")


if __name__ == "__main__":
    main()

"""Speed of the network view's core: ``forward_trace`` for one input (a benchmark, not a test).

The network is the deepest the trainer builds for 32×32 shapes: 3 blocks of
conv 16@5×5 (same padding) → ReLU → max-pool 2, then linear 256→K; weights as
initialised (speed does not depend on training). Each call takes the next
of 64 generated shapes, as choosing a new input in the view does. Printed:
the median and 95th percentile of ``forward_trace`` (every layer's map, the
softmax, read-only copies), with the bare model forward beside it — the
fused training pass and the plain layer-by-layer pass, batch of one — and
opening one conv3 cell's step (``layer_step``), what a click costs.
The issue's budget of 30 ms is for the whole view update (forward + painting);
this is the forward's share.

Run: ``python3 benchmarks/bench_network.py [--repeats N]``
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np

from cnnviz.core import forward_trace, layer_step
from cnnviz.core.datasets import make_shapes
from cnnviz.core.train import Architecture


def timed(call: Callable[[int], object], repeats: int) -> tuple[float, float]:
    """Median and 95th percentile of ``call(i)`` in ms, after 5 warm-up calls."""
    for i in range(5):
        call(i)
    times = []
    for i in range(repeats):
        t0 = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    ds = make_shapes(64, size=32, seed=0)
    arch = Architecture((1, 32, 32), len(ds.class_names), blocks=3)
    model = arch.build(seed=0)
    x = ds.x
    n = len(x)
    plain = arch.build(seed=0)
    plain.fuse = False
    records = forward_trace(model, x[0])
    conv3 = next(r for r in records if r.name == "conv3")

    rows = [
        ("forward_trace (all maps + softmax)", lambda i: forward_trace(model, x[i % n])),
        ("bare forward, fused (training pass)", lambda i: model.forward(x[i % n][None])),
        ("bare forward, layer by layer", lambda i: plain.forward(x[i % n][None])),
        ("layer_step on a conv3 cell (a click)", lambda i: layer_step(conv3, (i % 16, i % 8, (3 * i) % 8))),
    ]
    print(f"network: {arch.blocks} blocks, {'; '.join(model.describe())}")
    print(f"{len(records)} records; python {platform.python_version()}, numpy {np.__version__}, "
          f"{os.cpu_count()} CPUs, {args.repeats} repeats")
    for label, call in rows:
        median, p95 = timed(call, args.repeats)
        print(f"  {label:40s} median {median:7.3f} ms   p95 {p95:7.3f} ms")


if __name__ == "__main__":
    main()

"""The training step for every geometry the trainer offers, against PyTorch's CPU build.

One step is what :func:`cnnviz.core.train.train_steps` runs per batch: forward,
softmax cross-entropy, zero_grad, backward, Adam update (lr 0.005, the trainer's
default). The networks are ``blocks`` × [conv ``filters``@k×k (padded "same",
or unpadded) → ReLU → pool 2 (max, avg or none)] → flatten → linear → 10
classes, built with identical weights in both libraries; the first losses are
checked to agree. Batches are 64 of 1×8×8 (the digits), 1×28×28 and 1×32×32.

cnnviz, torch on 1 thread and torch on 2 threads are called in turn (in every
order by turns), so a neighbour's load hits all three alike. A row
prints the median time of cnnviz and each ratio cnnviz / torch as the median of
the per-repeat ratios, with their interquartile range; ``*`` marks a row above
1.0. Geometries the input is too small for are skipped. Not a test; needs the
``bench`` extra.

In wall time each repeat times, for each library in turn, a block of
:data:`BLOCK` steps back to back after a rest of :data:`SETTLE` seconds: both
libraries' worker threads spin for a while after a call and would take the
second core from the other. On a shared machine the two-thread runs still
suffer most from a neighbour's load. ``--cpu`` times this thread's CPU time
instead, one step at a time (torch and cnnviz's BLAS on one thread only),
which load disturbs far less. ``--baseline`` times an older copy of the core
alongside, as ``before``: for instance ::

    mkdir -p /tmp/old/cnnviz_old && touch /tmp/old/cnnviz_old/__init__.py
    git archive HEAD cnnviz/core | tar -x -C /tmp/old && mv /tmp/old/cnnviz/core /tmp/old/cnnviz_old/
    PYTHONPATH=/tmp/old python3 benchmarks/bench_train_geometries.py --cpu --baseline cnnviz_old.core

Usage: ``python3 benchmarks/bench_train_geometries.py [--repeats N] [--sizes 8 28]
[--kernels 3 5] [--pools max] [--blocks 1] [--padding same|valid] [--filters 16]
[--cpu] [--baseline MODULE] [--json out.json]``
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
import torch

import cnnviz.core as CORE

CLASSES = 10
BATCH = 64
#: in wall time: seconds of rest before each block of steps (both libraries'
#: worker threads spin for a while after a call, OpenBLAS's for up to 2**28
#: cycles, and would take the core the next block's second thread needs) ...
SETTLE = 0.2
#: ... and the steps timed back to back in a block, after one untimed step
BLOCK = 5


@dataclass(frozen=True)
class Geometry:
    size: int
    filters: int
    kernel: int
    padded: bool
    pool: str
    blocks: int

    def label(self) -> str:
        pad = "same" if self.padded else "valid"
        size = f"{self.size:>2}×{self.size:<2}"
        return f"{size} F{self.filters:<2} k{self.kernel} {pad:<5} {self.pool:<4} b{self.blocks}"

    def feasible(self) -> bool:
        """Whether every conv and pool has something to read."""
        side = self.size
        for _ in range(self.blocks):
            if not self.padded:
                side -= self.kernel - 1
            if side < 1:
                return False
            if self.pool != "none":
                side //= 2
                if side < 1:
                    return False
        return True


def build(geo: Geometry, core: ModuleType = CORE, seed: int = 0) -> tuple[Any, torch.nn.Sequential]:
    """The network in ``core`` (a ``cnnviz.core`` package) and its torch twin, same weights."""
    m = core.model
    rng = np.random.default_rng(seed)
    pad = geo.kernel // 2 if geo.padded else 0
    layers: list = []
    tlayers: list[torch.nn.Module] = []
    channels = 1
    for _ in range(geo.blocks):
        conv = m.Conv2d(channels, geo.filters, geo.kernel, padding=pad, rng=rng)
        tconv = torch.nn.Conv2d(channels, geo.filters, geo.kernel, padding=pad)
        with torch.no_grad():
            tconv.weight.copy_(torch.from_numpy(conv.weight.value))
            tconv.bias.zero_()
        layers += [conv, m.ReLU()]
        tlayers += [tconv, torch.nn.ReLU()]
        if geo.pool == "max":
            layers.append(m.MaxPool2d(2))
            tlayers.append(torch.nn.MaxPool2d(2))
        elif geo.pool == "avg":
            layers.append(m.AvgPool2d(2))
            tlayers.append(torch.nn.AvgPool2d(2))
        channels = geo.filters
    layers.append(m.Flatten())
    model = m.Sequential(layers, in_shape=(1, geo.size, geo.size))
    (features,) = model.out_shape((1, geo.size, geo.size))
    lin = m.Linear(features, CLASSES, rng=rng)
    layers.append(lin)
    tlin = torch.nn.Linear(features, CLASSES)
    with torch.no_grad():
        tlin.weight.copy_(torch.from_numpy(lin.weight.value))
        tlin.bias.zero_()
    tlayers += [torch.nn.Flatten(), tlin]
    return model, torch.nn.Sequential(*tlayers)


def step(geo: Geometry, core: ModuleType, x: np.ndarray, y: np.ndarray) -> Callable[[], float]:
    """One training step of ``core``'s network, as :func:`cnnviz.core.train.train_steps` runs it."""
    model, _ = build(geo, core)
    opt = core.Adam(model.parameters(), lr=0.005)

    def run() -> float:
        logits = model.forward(x)
        loss, dlogits = core.cross_entropy(logits, y)
        opt.zero_grad()
        model.backward(dlogits)
        opt.step()
        return loss

    return run


def steps(geo: Geometry, baseline: ModuleType | None = None) -> dict[str, Callable[[], float]]:
    """Training steps on one batch: cnnviz, the baseline core if given, and torch;
    the first losses are checked to agree."""
    rng = np.random.default_rng(1)
    x = rng.random((BATCH, 1, geo.size, geo.size), dtype=np.float32)
    y = rng.integers(0, CLASSES, BATCH)
    _, tnet = build(geo)
    topt = torch.optim.Adam(tnet.parameters(), lr=0.005)
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)

    def theirs() -> float:
        topt.zero_grad()
        loss = torch.nn.functional.cross_entropy(tnet(tx), ty)
        loss.backward()
        topt.step()
        return loss.item()

    fns = {"cnnviz": step(geo, CORE, x, y)}
    if baseline is not None:
        fns["before"] = step(geo, baseline, x, y)
    fns["torch"] = theirs
    first = {k: fn() for k, fn in fns.items()}
    assert all(abs(v - first["torch"]) < 1e-3 * max(1.0, abs(first["torch"])) for v in first.values()), first
    return fns


def time_geometry(
    geo: Geometry, repeats: int, warmup: int = 3, cpu: bool = False, baseline: ModuleType | None = None
) -> dict[str, float]:
    """Median times and per-repeat ratio quartiles for one geometry. With
    ``cpu`` the clock is this thread's CPU time, which a neighbour's load
    disturbs less, and torch runs on one thread only (its helper threads'
    time would not be counted)."""
    clock = time.thread_time if cpu else time.perf_counter
    fns = steps(geo, baseline)
    fns["torch1"] = fns.pop("torch")
    if not cpu:
        fns["torch2"] = fns["torch1"]
    names = list(fns)
    for _ in range(warmup):
        for name, fn in fns.items():
            torch.set_num_threads(1 if name == "torch1" else 2)
            fn()
    times: dict[str, list[float]] = {k: [] for k in fns}
    # every order in turn, so that each runs after each other as often (what
    # ran just before shifts a 0.3 ms step by 10-20 % through the caches)
    orders = list(itertools.permutations(names))
    for r in range(repeats):
        for name in orders[r % len(orders)]:
            fn = fns[name]
            torch.set_num_threads(1 if name == "torch1" else 2)  # outside the clock
            if cpu:
                t0 = clock()
                fn()
                times[name].append(clock() - t0)
                continue
            # in wall time, a block of steps back to back, as the trainer runs
            # them, after a rest that parks the other library's spinning threads
            if name != "torch1":  # an older core sets its own threads once: set ours for both
                CORE.set_threads(None)
            time.sleep(SETTLE)
            fn()
            run = []
            for _ in range(BLOCK):
                t0 = clock()
                fn()
                run.append(clock() - t0)
            times[name].append(statistics.median(run))
    out = {f"{k}_ms": 1e3 * statistics.median(v) for k, v in times.items()}
    refs = [n for n in names if n.startswith("torch")]
    pairs = [("cnnviz", t, t) for t in refs]
    if "before" in times:
        pairs += [("before", t, f"{t}_before") for t in refs] + [("cnnviz", "before", "before")]
    for a, b, tag in pairs:  # a ÷ b, repeat by repeat
        ratios = sorted(u / v for u, v in zip(times[a], times[b]))
        q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
        out[f"ratio_{tag}"], out[f"q1_{tag}"], out[f"q3_{tag}"] = statistics.median(ratios), q[0], q[2]
    return out


def geometries(args: argparse.Namespace) -> list[Geometry]:
    grid = itertools.product(
        args.sizes, args.filters, args.kernels, [p == "same" for p in args.padding], args.pools, args.blocks
    )
    return [g for g in (Geometry(*v) for v in grid) if g.feasible()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--sizes", type=int, nargs="+", default=[8, 28, 32])
    ap.add_argument("--filters", type=int, nargs="+", default=[8, 16])
    ap.add_argument("--kernels", type=int, nargs="+", default=[1, 3, 5, 7])
    ap.add_argument("--padding", nargs="+", default=["same", "valid"], choices=["same", "valid"])
    ap.add_argument("--pools", nargs="+", default=["max", "avg", "none"], choices=["max", "avg", "none"])
    ap.add_argument("--blocks", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--cpu", action="store_true", help="time this thread's CPU time; torch on 1 thread only")
    ap.add_argument("--baseline", help="an importable copy of an older cnnviz.core to time alongside, "
                    "e.g. cnnviz_old.core")
    ap.add_argument("--json", help="also write the rows to this file")
    args = ap.parse_args()
    # the CPU time of this thread counts none of BLAS's helper threads: keep the
    # products on it (in wall time cnnviz uses the threads it would in the trainer)
    threads = CORE.set_threads(1 if args.cpu else None)
    geos = geometries(args)
    baseline = importlib.import_module(args.baseline) if args.baseline else None
    refs = ["torch1"] if args.cpu else ["torch1", "torch2"]
    cols = refs + [f"{r}_before" for r in refs] * bool(baseline) + ["before"] * bool(baseline)
    print(f"cnnviz ({threads or 'default'} BLAS threads) vs torch {torch.__version__} "
          f"({' and '.join(r[-1] for r in refs)} threads), numpy "
          f"{np.__version__}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
          f"batch {BATCH}, Adam; {len(geos)} geometries, {args.repeats} interleaved repeats, "
          f"{'CPU time of this thread' if args.cpu else 'wall time'}"
          + (f"; before = {args.baseline}" if baseline else ""))
    print(f"{'geometry':<30}{'cnnviz ms':>10}" + "".join(f"{'÷' + c + ' [IQR]':>22}" for c in cols))
    rows = []
    for geo in geos:
        r = time_geometry(geo, args.repeats, cpu=args.cpu, baseline=baseline)
        rows.append({**geo.__dict__, **r})
        flag = " *" if max(r[f"ratio_{t}"] for t in refs) > 1.0 else ""
        print(f"{geo.label():<30}{r['cnnviz_ms']:>10.2f}"
              + "".join(f"{r['ratio_' + c]:>10.2f} [{r['q1_' + c]:.2f}–{r['q3_' + c]:.2f}]" for c in cols)
              + flag, flush=True)
    for t in cols:
        worst = max(rows, key=lambda r: r[f"ratio_{t}"])
        over = sum(r[f"ratio_{t}"] > 1 for r in rows)
        middle = statistics.median(r[f"ratio_{t}"] for r in rows)
        print(f"÷{t}: worst {worst[f'ratio_{t}']:.2f} at {Geometry(*list(worst.values())[:6]).label()}; "
              f"median {middle:.2f}; over 1.0: {over} of {len(rows)}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()

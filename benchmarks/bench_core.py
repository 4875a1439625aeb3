"""Time cnnviz's core against PyTorch's CPU build on the same data, interleaved.

Prints the median time of each workload and the ratio cnnviz / torch.
Needs the ``bench`` extra (``pip install -e ".[bench]"``). Not a test.

W2  conv2d, x 1×3×512×512, w 8×3×3×3, stride 1, padding 1: forward; forward+backward
W3  training step (forward, backward, SGD update), batch 64 of 1×8×8:
    conv 8@3×3 pad 1 → ReLU → maxpool 2 → linear 128→10 → softmax cross-entropy
W4  the same with 1×28×28 inputs and conv 16@5×5 pad 2 (linear 3136→10)
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from cnnviz.core import SGD, conv2d, conv2d_backward, cross_entropy, make_cnn, set_threads

#: seconds of rest before each block: both libraries' worker threads spin for
#: a while after a call (OpenBLAS's for up to 2**28 cycles), and on a 2-core
#: machine the other library's spinning threads would take the core that this
#: block's second thread needs
SETTLE = 0.2


def interleaved(fns: dict[str, Callable[[], object]], repeats: int, block: int = 5) -> dict[str, Any]:
    """Median seconds of each function, run in blocks taken in turn (the order
    rotating, so that drift hits all alike). Each block rests :data:`SETTLE`,
    makes one untimed call (waking its threads), then times ``block`` calls
    back to back, as a trainer or a window makes them. Under ``"ratio"``: the
    quartiles of the per-block ratios ours / torch of the blocks' medians."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    medians: dict[str, list[float]] = {k: [] for k in fns}
    names = list(fns)
    for r in range(repeats):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            time.sleep(SETTLE)
            fns[name]()
            run = []
            for _ in range(block):
                t0 = time.perf_counter()
                fns[name]()
                run.append(time.perf_counter() - t0)
            times[name] += run
            medians[name].append(statistics.median(run))
    out: dict[str, Any] = {k: statistics.median(v) for k, v in times.items()}
    ratios = sorted(a / b for a, b in zip(medians["ours"], medians["torch"]))
    q1, q2, q3 = statistics.quantiles(ratios, n=4)
    out["ratio"] = (q2, q1, q3)
    return out


def w2(repeats: int) -> list[tuple[str, float, float, tuple]]:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 3, 512, 512)).astype(np.float32)
    w = rng.standard_normal((8, 3, 3, 3)).astype(np.float32)
    b = rng.standard_normal(8).astype(np.float32)
    dy = rng.standard_normal((1, 8, 512, 512)).astype(np.float32)
    tx, tw, tb, tdy = (torch.from_numpy(a) for a in (x, w, b, dy))
    txg = tx.clone().requires_grad_(True)
    twg = tw.clone().requires_grad_(True)
    tbg = tb.clone().requires_grad_(True)

    def ours_fb() -> None:
        conv2d(x, w, b, padding=1)
        conv2d_backward(dy, x, w, padding=1)

    def torch_fb() -> None:
        txg.grad = twg.grad = tbg.grad = None
        torch.nn.functional.conv2d(txg, twg, tbg, padding=1).backward(tdy)

    with torch.no_grad():
        fwd = interleaved(
            {"ours": lambda: conv2d(x, w, b, padding=1),
             "torch": lambda: torch.nn.functional.conv2d(tx, tw, tb, padding=1)},
            repeats,
        )
    fb = interleaved({"ours": ours_fb, "torch": torch_fb}, repeats)
    return [
        ("W2 forward", fwd["ours"], fwd["torch"], fwd["ratio"]),
        ("W2 forward+backward", fb["ours"], fb["torch"], fb["ratio"]),
    ]


def train_step_pair(in_hw: int, filters: int, k: int, batch: int = 64):
    """Identical cnnviz and torch networks (same initial weights) and a step of each."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((batch, 1, in_hw, in_hw)).astype(np.float32)
    y = rng.integers(0, 10, batch)
    model = make_cnn((1, in_hw, in_hw), 10, filters=filters, kernel_size=k, seed=0)
    opt = SGD(model.parameters(), lr=0.01, momentum=0.9)

    conv, lin = model.layers[0], model.layers[-1]
    tnet = torch.nn.Sequential(
        torch.nn.Conv2d(1, filters, k, padding=k // 2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(lin.weight.value.shape[1], 10),
    )
    with torch.no_grad():
        tnet[0].weight.copy_(torch.from_numpy(conv.weight.value))
        tnet[0].bias.zero_()
        tnet[4].weight.copy_(torch.from_numpy(lin.weight.value))
        tnet[4].bias.zero_()
    topt = torch.optim.SGD(tnet.parameters(), lr=0.01, momentum=0.9)
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)

    def ours() -> float:
        logits = model.forward(x)
        loss, dlogits = cross_entropy(logits, y)
        model.backward(dlogits)
        opt.step()
        return loss

    def theirs() -> float:
        topt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(tnet(tx), ty)
        loss.backward()
        topt.step()
        return loss.item()

    first = (ours(), theirs())  # same weights, so the first losses agree
    assert abs(first[0] - first[1]) < 1e-3 * max(1.0, abs(first[1])), first
    return ours, theirs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=12, help="blocks of each workload and library")
    args = ap.parse_args()
    threads = set_threads(None)  # as the window and the trainer run
    rows = w2(args.repeats)
    for name, hw, f, k in (("W3 train step 8×8", 8, 8, 3), ("W4 train step 28×28", 28, 16, 5)):
        ours, theirs = train_step_pair(hw, f, k)
        t = interleaved({"ours": ours, "torch": theirs}, args.repeats, block=15)
        rows.append((name, t["ours"], t["torch"], t["ratio"]))
    print(f"cnnviz ({threads or 'default'} BLAS threads) vs torch {torch.__version__} "
          f"({torch.get_num_threads()} threads), numpy {np.__version__}, "
          f"{platform.processor() or platform.machine()}")
    print(f"{'workload':<24}{'cnnviz ms':>11}{'torch ms':>11}{'ratio [IQR of per-repeat ratios]':>36}")
    for name, ours_t, torch_t, (mid, lo, hi) in rows:
        print(f"{name:<24}{ours_t * 1e3:>11.3f}{torch_t * 1e3:>11.3f}{mid:>12.2f} [{lo:.2f}–{hi:.2f}]")


if __name__ == "__main__":
    main()

"""The mini trainer: accuracy with default settings, step time against torch,
and the GUI's event-loop latency while training. Not a test.

A  digits and shapes with the defaults ``cnnviz train`` and the panel use:
   final validation accuracy, epochs and seconds, for seeds 0, 1, 2.
B  one training step (forward, cross-entropy, backward, Adam update) on the
   default digits network — conv 16@5×5 pad 2 → ReLU → maxpool 2 → linear
   256→10 — batch 32 of 1×8×8, in cnnviz and in torch (CPU) on identical
   weights and data, interleaved; median per step and the ratio cnnviz/torch.
C  a QTimer probe firing every 10 ms in the GUI thread while the trainer
   panel trains digits: how late the probe fires (max and 99th percentile).

Needs the ``bench`` extra for B (``pip install -e ".[bench]"``).
Usage: ``python3 benchmarks/bench_trainer.py [--repeats N] [--skip-latency]``
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time

import numpy as np

from cnnviz.core import Adam, cross_entropy
from cnnviz.core.datasets import split_dataset
from cnnviz.core.train import DEFAULT_CONFIGS, Architecture, EpochRecord, make_optimizer, train_steps
from cnnviz.media.folder_dataset import load_dataset


def accuracy_runs() -> None:
    print("A  default settings (Adam, lr 0.005, batch 32, 16 filters 5×5, max pool, no hidden layer)")
    for name in ("digits", "shapes"):
        config = DEFAULT_CONFIGS[name]
        for seed in (0, 1, 2):
            cfg = type(config)(**{**config.__dict__, "seed": seed})
            split = split_dataset(load_dataset(name, seed=seed), 0.2, seed=seed)
            model = Architecture(split.input_shape, split.num_classes).build(seed)
            t0 = time.perf_counter()
            last = None
            for rec in train_steps(model, make_optimizer(model, cfg), split, cfg):
                if isinstance(rec, EpochRecord):
                    last = rec
            seconds = time.perf_counter() - t0
            assert last is not None
            print(f"   {name:6s} seed {seed}: validation {100 * last.val_accuracy:5.1f}% "
                  f"(train {100 * last.train_accuracy:5.1f}%) after {last.epoch} epochs in {seconds:.2f} s "
                  f"({len(split.y_train)} training images)")


def step_time(repeats: int) -> None:
    import torch

    split = split_dataset(load_dataset("digits"), 0.2, seed=0)
    x, y = split.x_train[:32].copy(), split.y_train[:32].copy()
    model = Architecture(split.input_shape, split.num_classes).build(0)
    opt = Adam(model.parameters(), lr=0.005)
    conv, lin = model.layers[0], model.layers[-1]
    tnet = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(256, 10),
    )
    with torch.no_grad():
        tnet[0].weight.copy_(torch.from_numpy(np.array(conv.weight.value)))
        tnet[0].bias.copy_(torch.from_numpy(np.array(conv.bias.value)))
        tnet[4].weight.copy_(torch.from_numpy(np.array(lin.weight.value)))
        tnet[4].bias.copy_(torch.from_numpy(np.array(lin.bias.value)))
    topt = torch.optim.Adam(tnet.parameters(), lr=0.005)
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)
    loss_fn = torch.nn.CrossEntropyLoss()

    def ours() -> float:
        logits = model.forward(x)
        loss, dlogits = cross_entropy(logits, y)
        opt.zero_grad()
        model.backward(dlogits)
        opt.step()
        return loss

    def theirs() -> float:
        topt.zero_grad()
        loss = loss_fn(tnet(tx), ty)
        loss.backward()
        topt.step()
        return loss.item()

    first = ours(), theirs()
    print("B  one training step, batch 32 of 1×8×8 "
          f"(first losses: cnnviz {first[0]:.6f}, torch {first[1]:.6f})")
    default_threads = torch.get_num_threads()
    for threads in sorted({default_threads, 1}, reverse=True):
        torch.set_num_threads(threads)
        for _ in range(20):
            ours()
            theirs()
        times: dict[str, list[float]] = {"cnnviz": [], "torch": []}
        for _ in range(repeats):
            for name, fn in (("cnnviz", ours), ("torch", theirs)):
                t0 = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - t0)
        ours_s, torch_s = statistics.median(times["cnnviz"]), statistics.median(times["torch"])
        print(f"   cnnviz {1e6 * ours_s:8.1f} µs   torch {1e6 * torch_s:8.1f} µs   "
              f"ratio cnnviz/torch {ours_s / torch_s:.2f}   (median of {repeats}, torch threads {threads})")
    torch.set_num_threads(default_threads)


def latency() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from cnnviz.presenters.trainer import TrainerPresenter
    from cnnviz.views.trainer_panel import TrainerPanel

    app = QApplication.instance() or QApplication(sys.argv)
    presenter = TrainerPresenter()
    panel = TrainerPanel(presenter)
    panel.resize(1280, 800)
    panel.show()
    clock = QElapsedTimer()
    lateness: list[float] = []
    last = [0.0]
    probe = QTimer()
    probe.setInterval(10)

    def on_probe() -> None:
        now = clock.nsecsElapsed() / 1e6
        if presenter.state == "running":
            lateness.append(now - last[0] - 10.0)
        last[0] = now

    def on_state(state: str) -> None:
        if state in ("finished", "stopped", "diverged"):
            probe.stop()
            app.quit()

    probe.timeout.connect(on_probe)
    presenter.state_changed.connect(on_state)
    clock.start()
    probe.start()
    t0 = time.perf_counter()
    QTimer.singleShot(50, panel.start_button.click)
    app.exec()
    seconds = time.perf_counter() - t0
    presenter.shutdown()
    arr = np.array(lateness)
    print(f"C  event-loop latency while the panel trains digits ({len(arr)} probes over {seconds:.1f} s, "
          f"platform {os.environ['QT_QPA_PLATFORM']}): max {arr.max():.1f} ms, "
          f"99th percentile {np.percentile(arr, 99):.1f} ms, median {np.median(arr):.1f} ms late")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=300)
    parser.add_argument("--skip-latency", action="store_true")
    args = parser.parse_args()
    print(f"cnnviz trainer benchmark · {platform.processor() or platform.machine()} · "
          f"{os.cpu_count()} CPUs · numpy {np.__version__}")
    accuracy_runs()
    step_time(args.repeats)
    if not args.skip_latency:
        latency()


if __name__ == "__main__":
    main()

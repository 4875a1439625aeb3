"""``cnnviz train``: train the mini CNN without a window.

Prints one line per epoch (loss, training and validation accuracy, seconds),
with a progress bar while the epoch runs when stdout is a terminal. Exit
status 0 when training finishes, 1 when it diverges, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path
from typing import TextIO

from cnnviz.cli import UsageError
from cnnviz.core.checkpoint import CheckpointError, save_model
from cnnviz.core.datasets import split_dataset
from cnnviz.core.train import (
    DEFAULT_CONFIGS,
    Architecture,
    BatchRecord,
    DivergedRecord,
    EpochRecord,
    make_optimizer,
    train_steps,
)
from cnnviz.media.folder_dataset import DATASET_NAMES, DatasetError, load_dataset

BAR_WIDTH = 30


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "train", help="train the mini CNN headless",
        description="Train a small CNN and print one line per epoch.",
    )
    p.add_argument("--dataset", choices=DATASET_NAMES, default="digits", help="default: digits")
    p.add_argument("--data", metavar="DIR", help="for --dataset folder: one sub-folder of images per class")
    p.add_argument("--size", type=int, metavar="PX", help="image side for shapes (12) and folder (16)")
    p.add_argument("--epochs", type=int, metavar="N", help="default: 12 (digits), 15 (shapes)")
    p.add_argument("--lr", type=float, metavar="X", help="learning rate; default 0.005")
    p.add_argument("--batch", type=int, metavar="N", help="batch size; default 32")
    p.add_argument("--optimizer", choices=("sgd", "adam"), help="default: adam (sgd uses momentum 0.9)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="weights, batch order, split (default 0)")
    p.add_argument("--filters", type=int, default=16, metavar="F", help="convolution filters (default 16)")
    p.add_argument("--kernel", type=int, default=5, metavar="K", help="kernel size 1, 3, 5 or 7 (default 5)")
    p.add_argument("--hidden", type=int, default=0, metavar="H", help="hidden units, 0 for none (default)")
    p.add_argument("--save", metavar="MODEL.npz", help="save the trained model here")
    p.set_defaults(handler=run)


def _bar(done: int, total: int) -> str:
    filled = round(BAR_WIDTH * done / max(total, 1))
    return "[" + "#" * filled + "." * (BAR_WIDTH - filled) + f"] {done}/{total}"


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    base = DEFAULT_CONFIGS[args.dataset]
    overrides = {
        k: v for k, v in (("epochs", args.epochs), ("lr", args.lr), ("batch_size", args.batch),
                          ("optimizer", args.optimizer)) if v is not None
    }
    config = dataclasses.replace(base, seed=args.seed, **overrides)
    save = Path(args.save) if args.save else None
    if args.dataset == "folder" and not args.data:
        raise UsageError("--dataset folder needs --data DIR (one sub-folder of images per class)")
    if save is not None and not (save.parent if str(save.parent) else Path(".")).is_dir():
        raise UsageError(f"cannot save to {save}: the folder {save.parent} does not exist")
    try:
        config.check()
        ds = load_dataset(args.dataset, data=args.data, size=args.size, seed=args.seed)
        split = split_dataset(ds, 0.2, seed=args.seed)
        arch = Architecture(split.input_shape, split.num_classes, filters=args.filters,
                            kernel_size=args.kernel, hidden=args.hidden)
        model = arch.build(config.seed)
    except (DatasetError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    tty = out.isatty()
    print(split.describe(), file=out)
    print(f"network: {'; '.join(model.describe())}", file=out)
    print(f"training: {config.epochs} epochs, batch {config.batch_size}, {config.optimizer}, "
          f"learning rate {config.lr:g}, seed {config.seed}", file=out)
    started = drawn = time.perf_counter()
    for rec in train_steps(model, make_optimizer(model, config), split, config):
        if isinstance(rec, BatchRecord) and tty:
            now = time.perf_counter()
            if now - drawn >= 0.05 or rec.batch == rec.batches_per_epoch:  # ≤ 20 redraws a second
                drawn = now
                out.write(f"\repoch {rec.epoch}/{config.epochs} {_bar(rec.batch, rec.batches_per_epoch)}")
                out.flush()
        elif isinstance(rec, EpochRecord):
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            if tty:
                out.write("\r\x1b[K")
            print(
                f"epoch {rec.epoch:>{len(str(config.epochs))}}/{config.epochs}  "
                f"loss {rec.train_loss:.4f}  train {100 * rec.train_accuracy:5.1f}%  "
                f"val {100 * rec.val_accuracy:5.1f}%  (val loss {rec.val_loss:.4f})  {seconds:.2f} s",
                file=out, flush=True,
            )
        elif isinstance(rec, DivergedRecord):
            if tty:
                out.write("\r\x1b[K")
                out.flush()
            print(f"cnnviz: {rec.message}", file=err)
            return 1
    if save is not None:
        try:
            save_model(save, model, arch, class_names=split.class_names, dataset=split.name,
                       mean=split.mean, std=split.std)
        except CheckpointError as exc:
            print(f"cnnviz: error: {exc}", file=err)
            return 1
        print(f"saved the model to {save}", file=out)
    return 0

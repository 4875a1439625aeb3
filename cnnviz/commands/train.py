"""``cnnviz train``: train the mini CNN without a window.

Prints one line per epoch (loss, training and validation accuracy, seconds),
with a progress bar while the epoch runs when stdout is a terminal. Exit
status 0 when training finishes, 1 when it diverges (the message names a
learning rate known to train), 2 for bad usage (every flag within the trainer
panel's limits, and ``--save`` and ``--filters-gif`` targets that can be
written, checked before any data is loaded).

``--filters-gif FILE`` writes the first layer's filters over the run as an
animated GIF, one frame per snapshot the trainer panel's history slider keeps
(the start, every epoch's end and every N-th batch: see
:mod:`cnnviz.presenters.trainer_history`), each labelled with its epoch and batch.

``--log FILE.csv`` writes the training log once training finishes, or up to the
step where it diverged (nothing after Ctrl-C): one row per batch and one per
epoch (``epoch, batch, step, loss, accuracy, val_loss, val_accuracy``; see
:class:`cnnviz.core.training_info.TrainingLog`), atomically.
``--save`` stores the settings, seed and final figures in the model file.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from cnnviz.core.backend import to_numpy
from cnnviz.core.checkpoint import CheckpointError, save_model
from cnnviz.core.datasets import split_dataset
from cnnviz.core.limits import (
    TRAIN_BATCH_RANGE,
    TRAIN_EPOCHS_RANGE,
    TRAIN_FILTERS_RANGE,
    TRAIN_HIDDEN_RANGE,
    TRAIN_KERNELS,
    TRAIN_LR_RANGE,
    TRAIN_SEED_RANGE,
    TRAIN_SIZE_RANGE,
)
from cnnviz.core.model import MAX_BLOCKS, Sequential
from cnnviz.core.train import (
    DEFAULT_CONFIGS,
    Architecture,
    BatchRecord,
    DivergedRecord,
    EpochRecord,
    TrainConfig,
    first_conv,
    make_optimizer,
    train_steps,
)
from cnnviz.core.training_info import TrainingInfo, TrainingLog
from cnnviz.media.atomic import atomic_output, final_mode, target_problem
from cnnviz.media.folder_dataset import DATASET_NAMES, DatasetError, load_dataset

from .errors import UsageError, check_range, one_line_error, whole_number
from .interrupts import StopFlag

BAR_WIDTH = 30


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "train", help="train the mini CNN headless",
        description="Train a small CNN and print one line per epoch.",
    )
    p.error = one_line_error  # type: ignore[method-assign]
    whole, add = whole_number, p.add_argument
    add("--dataset", choices=DATASET_NAMES, default="digits", help="default: digits")
    add("--data", metavar="DIR", help="for --dataset folder: one sub-folder of images per class")
    add("--size", type=whole, metavar="PX", help="image side 4..64 for shapes (12) and folder (16)")
    add("--epochs", type=whole, metavar="N", help="1..1000; default: 12 (digits), 15 (shapes)")
    add("--lr", type=float, metavar="X", help="learning rate 0.0001..1000; default 0.005")
    add("--batch", type=whole, metavar="N", help="batch size 1..4096; default 32")
    add("--optimizer", choices=("sgd", "adam"), help="default: adam (sgd uses momentum 0.9)")
    add("--seed", type=whole, default=0, metavar="S", help="weights, batch order, split (default 0)")
    add("--filters", type=whole, default=16, metavar="F", help="convolution filters 1..32 (default 16)")
    add("--kernel", type=whole, default=5, metavar="K", help="kernel size 1, 3, 5 or 7 (default 5)")
    add("--hidden", type=whole, default=0, metavar="H", help="hidden units 0..256; 0 for none (default)")
    add("--blocks", type=whole, default=1, metavar="N", help="conv → ReLU → pool blocks 1..3 (default 1)")
    add("--pool", choices=("max", "avg", "none"), default="max",
        help="pooling after each conv block (default max)")
    add("--save", metavar="MODEL.npz", help="save the trained model here")
    add("--filters-gif", metavar="FILE.gif",
        help="write the first layer's filters over the run as an animated GIF, one labelled frame "
             "per kept snapshot (the start, each epoch's end, every N-th batch; at most 400)")
    add("--log", metavar="FILE.csv",
        help="write the training log as CSV: one row per batch and per epoch (epoch, batch, step, "
             "loss, accuracy, val_loss, val_accuracy)")
    p.set_defaults(handler=run)


def check_flags(args: argparse.Namespace) -> None:
    """Refuse what the trainer panel's widgets cannot be set to, before anything is loaded."""
    for name, value, bounds in (
        ("epochs", args.epochs, TRAIN_EPOCHS_RANGE), ("learning rate", args.lr, TRAIN_LR_RANGE),
        ("batch size", args.batch, TRAIN_BATCH_RANGE), ("image size", args.size, TRAIN_SIZE_RANGE),
        ("seed", args.seed, TRAIN_SEED_RANGE), ("filters", args.filters, TRAIN_FILTERS_RANGE),
        ("hidden units", args.hidden, TRAIN_HIDDEN_RANGE), ("conv blocks", args.blocks, (1, MAX_BLOCKS)),
    ):  # fmt: skip
        if value is not None:
            check_range(name, value, bounds)
    if args.kernel not in TRAIN_KERNELS:
        choices = ", ".join(map(str, TRAIN_KERNELS[:-1]))
        raise UsageError(f"kernel size must be {choices} or {TRAIN_KERNELS[-1]}, got {args.kernel}")


def _bar(done: int, total: int) -> str:
    filled = round(BAR_WIDTH * done / max(total, 1))
    return "[" + "#" * filled + "." * (BAR_WIDTH - filled) + f"] {done}/{total}"


def run(
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None,
    stop: StopFlag | None = None,
) -> int:
    """Train as ``args`` say; ``stop`` (set by SIGINT/SIGTERM/SIGHUP) is checked
    after every training step, and raises :class:`~cnnviz.commands.interrupts.Interrupted`."""
    out = out or sys.stdout
    err = err or sys.stderr
    stop = stop if stop is not None else StopFlag()
    check_flags(args)
    base = DEFAULT_CONFIGS[args.dataset]
    overrides = {
        k: v for k, v in (("epochs", args.epochs), ("lr", args.lr), ("batch_size", args.batch),
                          ("optimizer", args.optimizer)) if v is not None
    }
    config = dataclasses.replace(base, seed=args.seed, **overrides)
    save = Path(args.save) if args.save else None
    if args.dataset == "folder" and not args.data:
        raise UsageError("--dataset folder needs --data DIR (one sub-folder of images per class)")
    if save is not None and (problem := target_problem(save)):
        raise UsageError(f"cannot save to {save}: {problem}")
    gif = _gif_target(args.filters_gif)
    log_path = Path(args.log) if getattr(args, "log", None) else None
    if log_path is not None and (problem := target_problem(log_path)):
        raise UsageError(f"cannot write {log_path}: {problem}")
    try:
        config.check()
        ds = load_dataset(args.dataset, data=args.data, size=args.size, seed=args.seed)
        split = split_dataset(ds, 0.2, seed=args.seed)
        arch = Architecture(split.input_shape, split.num_classes, filters=args.filters,
                            kernel_size=args.kernel, hidden=args.hidden, blocks=args.blocks,
                            pool=args.pool)
        model = arch.build(config.seed)
    except (DatasetError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    stop.check()
    tty = out.isatty()
    print(split.describe(), file=out)
    print(f"network: {'; '.join(model.describe())}", file=out)
    print(f"training: {config.epochs} epochs, batch {config.batch_size}, {config.optimizer}, "
          f"learning rate {config.lr:g}, seed {config.seed}", file=out)
    history = _History(model) if gif is not None else None
    started = drawn = time.perf_counter()
    log, last = TrainingLog(), None
    for rec in train_steps(model, make_optimizer(model, config), split, config):
        log.add(rec)
        last = rec if isinstance(rec, EpochRecord) else last
        if history is not None and isinstance(rec, BatchRecord):
            history.offer(rec)
        if stop and tty:  # the interrupted line goes on a line of its own, not after the bar
            out.write("\r\x1b[K")
            out.flush()
        stop.check()
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
            print(f"cnnviz: {_divergence_message(rec, args.dataset)}", file=err)
            if log_path is not None:  # the rows up to the divergence show where it went wrong
                _write_log(log_path, log, out, err)
            return 1
    if save is not None:
        stop.check()
        mode = final_mode(save)
        try:
            save_model(save, model, arch, class_names=split.class_names, dataset=split.name,
                       mean=split.mean, std=split.std, training=_training_info(split.name, config, last))
            os.chmod(save, mode)  # the checkpoint's temporary file was private (0600)
        except CheckpointError as exc:
            print(f"cnnviz: error: {exc}", file=err)
            return 1
        except OSError:  # the mode could not be set: the model is saved all the same
            pass
        print(f"saved the model to {save}", file=out)
    if log_path is not None:
        stop.check()
        if not _write_log(log_path, log, out, err):
            return 1
    if gif is not None and history is not None:
        try:
            frames = history.write(gif, between_frames=stop.check)
        except OSError as exc:
            print(f"cnnviz: error: could not write {gif}: {exc.strerror or exc}", file=err)
            return 1
        print(f"wrote the first layer's filters to {gif}: {frames} frames, one per kept snapshot", file=out)
    return 0


def _write_log(path: Path, log: TrainingLog, out: TextIO, err: TextIO) -> bool:
    """Write ``log`` as CSV to ``path`` atomically and say so; False (said on ``err``) on failure."""
    try:
        with atomic_output(path) as fh:
            fh.write(log.to_csv().encode("utf-8"))
    except OSError as exc:
        print(f"cnnviz: error: could not write {path}: {exc.strerror or exc}", file=err)
        return False
    print(f"wrote the training log to {path}: {len(log)} rows", file=out)
    return True


def _training_info(dataset: str, config: TrainConfig, last: EpochRecord | None) -> TrainingInfo:
    """What ``--save`` stores about the run: its settings and the last epoch's figures."""
    figures = {} if last is None else {
        "val_accuracy": last.val_accuracy, "val_loss": last.val_loss,
        "train_accuracy": last.train_accuracy, "train_loss": last.train_loss}
    return TrainingInfo(dataset=dataset, epochs=config.epochs, lr=config.lr, batch_size=config.batch_size,
                        optimizer=config.optimizer, seed=config.seed, **figures)


def _gif_target(name: str | None) -> Path | None:
    """The ``--filters-gif`` file, refused (exit 2) before any training if it cannot be written."""
    if not name:
        return None
    gif = Path(name)
    if gif.suffix.lower() != ".gif":
        raise UsageError(f"--filters-gif must name a .gif file, got {name}")
    if problem := target_problem(gif):
        raise UsageError(f"cannot write {gif}: {problem}")
    return gif


def _divergence_message(rec: DivergedRecord, dataset: str) -> str:
    """What went wrong, and a learning rate that trains (not merely a tenth of this one)."""
    from cnnviz.presenters.trainer_session import advised_lr

    advice = advised_lr(rec.lr, dataset)
    if advice.known:
        fix = f"train with --lr {advice.lr:g}, the rate {dataset} trains well with"
    else:
        fix = f"lower it (try --lr {advice.lr:g})"
    return (f"Training diverged at epoch {rec.epoch}, batch {rec.batch}: {rec.reason}. "
            f"The learning rate {rec.lr:g} is too large; {fix}.")


class _History:
    """The trainer panel's filter history (:class:`~cnnviz.presenters.trainer_history.FilterHistory`)
    for one command-line run, and its GIF."""

    def __init__(self, model: Sequential) -> None:
        from cnnviz.presenters.trainer_history import FilterHistory

        self.snapshots = FilterHistory()
        self.snapshots.start(to_numpy(first_conv(model).weight.value))
        self._planned = False

    def offer(self, rec: BatchRecord) -> None:
        if not self._planned:
            self.snapshots.plan_run(rec.total_steps, rec.batches_per_epoch)
            self._planned = True
        self.snapshots.offer(rec.epoch, rec.batch, rec.batches_per_epoch, rec.step, rec.filters)

    def write(self, path: Path, between_frames: Callable[[], None]) -> int:
        from cnnviz.media.filter_frames import write_filters_gif

        frames = ((s.weights, s.caption()) for s in self.snapshots)
        return write_filters_gif(path, frames, self.snapshots.levels(), between_frames=between_frames)

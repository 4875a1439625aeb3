"""Training as a plain generator of frozen step records.

:func:`train_steps` runs minibatch training and yields a :class:`BatchRecord`
after every update, an :class:`EpochRecord` after every epoch (with the
validation metrics and confusion matrix), and a :class:`DivergedRecord` — then
stops — when the loss or the weights stop being finite numbers. It holds no
threads and reads no clock: the caller decides the pace and measures time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .backend import to_numpy
from .datasets import Split
from .functional import cross_entropy
from .model import MAX_BLOCKS, Conv2d, Sequential, make_cnn
from .optim import SGD, Adam, Optimizer

POOLS = ("max", "avg", "none")
#: A loss above this counts as diverged even while finite: a healthy run starts
#: near ln(classes) ≈ 2 and only goes down; a run whose weights blew up sits
#: in the thousands and never recovers (Adam with a learning rate of 100 does this).
DIVERGED_LOSS = 1000.0
OPTIMIZERS = ("sgd", "adam")


@dataclass(frozen=True)
class Architecture:
    """What :func:`~cnnviz.core.model.make_cnn` builds: ``blocks`` × [conv (same
    padding) → ReLU → pool] → flatten → [linear → ReLU] → linear, for inputs
    ``in_shape`` ``(C, H, W)``."""

    in_shape: tuple[int, int, int]
    num_classes: int
    filters: int = 16
    kernel_size: int = 5
    pool: str = "max"
    hidden: int = 0
    blocks: int = 1

    def check(self) -> None:
        """Raise ``ValueError`` with a readable message when out of the trainer's limits."""
        c, h, w = self.in_shape
        if not (1 <= c <= 4 and 4 <= h <= 64 and 4 <= w <= 64):
            raise ValueError(f"input must be 1–4 channels of 4–64 pixels, got {c}×{h}×{w}")
        if not 2 <= self.num_classes <= 100:
            raise ValueError(f"need 2 to 100 classes, got {self.num_classes}")
        if not 1 <= self.filters <= 32:
            raise ValueError(f"filters must be between 1 and 32, got {self.filters}")
        if self.kernel_size not in (1, 3, 5, 7):
            raise ValueError(f"kernel size must be 1, 3, 5 or 7, got {self.kernel_size}")
        if self.pool not in POOLS:
            raise ValueError(f"pooling must be one of {', '.join(POOLS)}, got {self.pool!r}")
        if not 0 <= self.hidden <= 256:
            raise ValueError(f"hidden units must be between 0 and 256, got {self.hidden}")
        if not 1 <= self.blocks <= MAX_BLOCKS:
            raise ValueError(f"conv blocks must be between 1 and {MAX_BLOCKS}, got {self.blocks}")
        # same padding keeps a block's size; each 2×2 pooling halves it (rounding down)
        need = 2**self.blocks
        if self.pool != "none" and min(h, w) < need:
            raise ValueError(
                f"{self.blocks} conv blocks with pooling need an input of at least {need}×{need} "
                f"pixels, got {h}×{w}; use fewer blocks or no pooling"
            )

    def build(self, seed: int = 0) -> Sequential:
        """A freshly initialised model; the same ``seed`` gives the same weights."""
        self.check()
        return make_cnn(
            self.in_shape, self.num_classes, filters=self.filters, kernel_size=self.kernel_size,
            pool=self.pool, hidden=self.hidden, blocks=self.blocks, seed=seed,
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["in_shape"] = list(self.in_shape)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Architecture:
        """Inverse of :meth:`to_dict`; raises ``ValueError`` on missing or bad fields.

        ``blocks`` may be absent (descriptions written before blocks existed): one block.
        """
        try:
            arch = cls(
                in_shape=tuple(int(v) for v in d["in_shape"]),  # type: ignore[arg-type]
                num_classes=int(d["num_classes"]), filters=int(d["filters"]),
                kernel_size=int(d["kernel_size"]), pool=str(d["pool"]), hidden=int(d["hidden"]),
                blocks=int(d["blocks"]) if "blocks" in d else 1,
            )
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise ValueError(f"the architecture description is incomplete or malformed ({exc})") from None
        if len(arch.in_shape) != 3:
            raise ValueError(f"the input shape must have 3 numbers (C, H, W), got {arch.in_shape}")
        arch.check()
        return arch


@dataclass(frozen=True)
class TrainConfig:
    """Optimiser and schedule. ``seed`` fixes the initial weights and the batch order."""

    epochs: int = 10
    batch_size: int = 32
    lr: float = 0.01
    optimizer: str = "adam"
    momentum: float = 0.9
    seed: int = 0

    def check(self) -> None:
        """Raise ``ValueError`` with a readable message for an impossible setting."""
        if not 1 <= self.epochs <= 1000:
            raise ValueError(f"epochs must be between 1 and 1000, got {self.epochs}")
        if not 1 <= self.batch_size <= 4096:
            raise ValueError(f"batch size must be between 1 and 4096, got {self.batch_size}")
        if not (np.isfinite(self.lr) and self.lr > 0):
            raise ValueError(f"learning rate must be a positive number, got {self.lr}")
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be 'sgd' or 'adam', got {self.optimizer!r}")
        if self.seed < 0:
            raise ValueError(f"seed must be 0 or more, got {self.seed}")


#: Defaults per dataset: digits reach ≥ 97 % validation accuracy in a few seconds.
DEFAULT_CONFIGS: dict[str, TrainConfig] = {
    "digits": TrainConfig(epochs=12, batch_size=32, lr=0.005, optimizer="adam"),
    "shapes": TrainConfig(epochs=15, batch_size=32, lr=0.005, optimizer="adam"),
    "folder": TrainConfig(epochs=15, batch_size=16, lr=0.003, optimizer="adam"),
}


def make_optimizer(model: Sequential, config: TrainConfig) -> Optimizer:
    """The optimiser ``config`` names, over all of ``model``'s parameters."""
    if config.optimizer == "sgd":
        return SGD(model.parameters(), lr=config.lr, momentum=config.momentum)
    return Adam(model.parameters(), lr=config.lr)


def first_conv(model: Sequential) -> Conv2d:
    """The model's first convolution layer (the filters the trainer shows)."""
    for layer in model.layers:
        if isinstance(layer, Conv2d):
            return layer
    raise ValueError("the model has no convolution layer")


@dataclass(frozen=True, eq=False)
class BatchRecord:
    """After one update. ``epoch``, ``batch`` and ``step`` count from 1.

    filters : (F, C, KH, KW) and filter_bias : (F,) are copies of the first
    convolution's weights after this update.
    """

    epoch: int
    batch: int
    batches_per_epoch: int
    step: int
    total_steps: int
    loss: float
    accuracy: float
    filters: np.ndarray
    filter_bias: np.ndarray


@dataclass(frozen=True, eq=False)
class EpochRecord:
    """After one epoch: mean training metrics over its batches and validation metrics.

    confusion : (K, K) int64, rows true class, columns predicted class;
    val_predictions : (NV,) int64, the predicted class of each validation sample.
    """

    epoch: int
    epochs: int
    train_loss: float
    train_accuracy: float
    val_loss: float
    val_accuracy: float
    confusion: np.ndarray
    val_predictions: np.ndarray


@dataclass(frozen=True)
class DivergedRecord:
    """Training stopped because the loss or the weights became NaN or infinite."""

    epoch: int
    batch: int
    step: int
    loss: float
    lr: float
    reason: str

    @property
    def message(self) -> str:
        return self.advice()

    def advice(self, dataset: str = "digits") -> str:
        """Why training stopped and a learning rate that trains (see :func:`advised_lr`)."""
        return (
            f"Training diverged at epoch {self.epoch}, batch {self.batch}: {self.reason}. "
            f"The learning rate {self.lr:g} is too large; lower it (try {advised_lr(self.lr, dataset):g}) "
            "and start again."
        )


def advised_lr(lr: float, dataset: str) -> float:
    """The rate to advise after a run at ``lr`` diverged on ``dataset``.

    Dividing by ten is not enough from a wild rate (100 → 10 diverges again,
    1 trains to 23 %): any rate above the dataset's default gets the default,
    a rate known to train the trainer's networks with either optimiser; a run
    that diverged at or below the default gets a tenth of its rate.
    """
    default = DEFAULT_CONFIGS.get(dataset, DEFAULT_CONFIGS["digits"]).lr
    return default if lr > default else lr / 10


Record = BatchRecord | EpochRecord | DivergedRecord


def _frozen(a: Any) -> np.ndarray:
    out = np.array(to_numpy(a), copy=True)
    out.flags.writeable = False
    return out


@dataclass(frozen=True)
class Evaluation:
    """Loss, accuracy, predictions (N,) and confusion matrix (K, K) on a labelled set."""

    loss: float
    accuracy: float
    predictions: np.ndarray
    confusion: np.ndarray


def predict_logits(model: Sequential, x: np.ndarray, batch_size: int = 512) -> np.ndarray:
    """Forward pass in batches: x (N, C, H, W) → logits (N, K) as numpy."""
    parts = [to_numpy(model.forward(x[i : i + batch_size])) for i in range(0, len(x), batch_size)]
    return np.concatenate(parts)


def evaluate(model: Sequential, x: np.ndarray, y: np.ndarray, num_classes: int) -> Evaluation:
    """Metrics of ``model`` on x (N, C, H, W), y (N,)."""
    with np.errstate(over="ignore", invalid="ignore"):
        logits = predict_logits(model, x)
        loss, _ = cross_entropy(logits, y)
    pred = logits.argmax(axis=1).astype(np.int64)
    confusion = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(confusion, (y, pred), 1)
    return Evaluation(loss, float((pred == y).mean()), _frozen(pred), _frozen(confusion))


def confusion_shares(confusion: np.ndarray) -> np.ndarray:
    """Each row of a (K, K) confusion matrix as shares of its true class
    (rows with no samples stay 0): (K, K) float64 in [0, 1]."""
    counts = np.asarray(confusion, dtype=np.float64)
    return counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)


def _finite_params(model: Sequential) -> bool:
    return all(bool(np.isfinite(to_numpy(p.value)).all()) for p in model.parameters())


#: the learning rate ramps up over a run's first updates: Adam's first steps at the
#: full rate threw the 32-px shapes' loss from 2 to 16 before it settled
WARMUP_STEPS = 20


def train_steps(
    model: Sequential, optimizer: Optimizer, split: Split, config: TrainConfig,
    *, start_epoch: int = 1,
) -> Iterator[Record]:
    """Train ``model`` on ``split`` and yield a record after every update and epoch.

    Batches are drawn in an order fixed by ``config.seed`` (and the epoch), so a
    run is reproducible. ``start_epoch`` continues a run's numbering (and its
    shuffles) after a pause that dropped the generator. Stops after
    ``config.epochs`` epochs or after yielding a :class:`DivergedRecord`.
    """
    config.check()
    n = len(split.y_train)
    bs = min(config.batch_size, n)
    per_epoch = -(-n // bs)
    total = per_epoch * config.epochs
    conv = first_conv(model)
    k = split.num_classes
    base_lr = optimizer.lr
    try:
        for epoch in range(start_epoch, config.epochs + 1):
            order = np.random.default_rng([config.seed, epoch]).permutation(n)
            loss_sum = correct = 0.0
            for b in range(per_epoch):
                idx = order[b * bs : (b + 1) * bs]
                x, y = split.x_train[idx], split.y_train[idx]
                step = (epoch - 1) * per_epoch + b + 1
                optimizer.lr = base_lr * min(1.0, step / WARMUP_STEPS)  # global step: no second warm-up
                with np.errstate(over="ignore", invalid="ignore"):
                    try:
                        logits = model.forward(x)
                        loss, dlogits = cross_entropy(logits, y)
                    except ValueError as exc:  # a layer met NaN or an overflow to infinity
                        if "non-finite" not in str(exc):
                            raise
                        loss, dlogits = float("nan"), None
                    if dlogits is None or not np.isfinite(loss) or loss > DIVERGED_LOSS:
                        if dlogits is None:
                            reason = "numbers inside the network became NaN or infinite"
                        elif not np.isfinite(loss):
                            reason = f"the loss became {loss}"
                        else:
                            reason = f"the loss exploded to {loss:.4g}"
                        yield DivergedRecord(epoch, b + 1, step, loss, config.lr, reason)
                        return
                    optimizer.zero_grad()
                    model.backward(dlogits)
                    optimizer.step()
                if not _finite_params(model):
                    yield DivergedRecord(
                        epoch, b + 1, step, loss, config.lr, "the weights became infinite or NaN"
                    )
                    return
                acc = float((to_numpy(logits).argmax(axis=1) == y).mean())
                loss_sum += loss * len(idx)
                correct += acc * len(idx)
                yield BatchRecord(
                    epoch, b + 1, per_epoch, step, total, loss, acc,
                    _frozen(conv.weight.value), _frozen(conv.bias.value),
                )
            val = evaluate(model, split.x_val, split.y_val, k)
            yield EpochRecord(
                epoch, config.epochs, loss_sum / n, correct / n, val.loss, val.accuracy,
                val.confusion, val.predictions,
            )
    finally:
        optimizer.lr = base_lr  # the ramp never leaks into a paused run's optimiser

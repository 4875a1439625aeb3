"""What a saved model remembers about its training, and the training log as CSV rows.

:class:`TrainingInfo` is the optional ``"training"`` entry of a model file's
description (:mod:`cnnviz.core.checkpoint`): the settings (dataset, epochs,
learning rate, batch size, optimiser, seed) and the final validation and
training accuracy and loss. Files saved without it still load (``None``).
On reading, each field of the wrong type or out of range is **ignored** (left
``None``), never a crash and never a refusal: the weights are what matters and
they are checked strictly; the record is only words shown beside them.

:class:`TrainingLog` collects batch and epoch records into rows
``epoch, batch, step, loss, accuracy, val_loss, val_accuracy`` (a batch row
leaves the validation columns empty; an epoch row has ``batch`` empty and the
epoch's mean training loss and accuracy).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import asdict, dataclass, fields
from typing import Any

from .train import BatchRecord, EpochRecord

#: the CSV header of :meth:`TrainingLog.to_csv`
LOG_COLUMNS = ("epoch", "batch", "step", "loss", "accuracy", "val_loss", "val_accuracy")
_TEXT_MAX = 200


@dataclass(frozen=True)
class TrainingInfo:
    """How a model was trained and how well it did; every field may be ``None`` (unknown)."""

    dataset: str | None = None
    epochs: int | None = None
    lr: float | None = None
    batch_size: int | None = None
    optimizer: str | None = None
    seed: int | None = None
    val_accuracy: float | None = None
    val_loss: float | None = None
    train_accuracy: float | None = None
    train_loss: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready fields that are known."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, raw: object) -> TrainingInfo | None:
        """Read a stored entry; ``None`` for a missing or non-object one, fields of the wrong
        type or range dropped (a count must be a whole number ≥ 0, a float finite)."""
        if not isinstance(raw, dict):
            return None
        kept: dict[str, Any] = {}
        for f in fields(cls):
            v = raw.get(f.name)
            kind = f.type if isinstance(f.type, str) else str(f.type)
            if kind.startswith("str"):
                if isinstance(v, str) and len(v) <= _TEXT_MAX:
                    kept[f.name] = v
            elif kind.startswith("int"):
                if type(v) is int and 0 <= v < 2**63:
                    kept[f.name] = v
            elif isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
                kept[f.name] = float(v)
        return cls(**kept)

    def describe(self) -> str:
        """E.g. ``trained 12 epochs on digits (seed 0, adam, lr 0.005): validation accuracy 97.8 %``
        (English; the trainer translates its own sentence from the fields)."""
        head = "trained"
        if self.epochs is not None:
            head += f" {self.epochs} epoch" + ("" if self.epochs == 1 else "s")
        if self.dataset:
            head += f" on {self.dataset}"
        how = [f"seed {self.seed}" if self.seed is not None else "", self.optimizer or "",
               f"lr {self.lr:g}" if self.lr is not None else ""]
        how = [h for h in how if h]
        if how:
            head += f" ({', '.join(how)})"
        if self.val_accuracy is not None:
            head += f": validation accuracy {100 * self.val_accuracy:.1f} %"
        return head


class TrainingLog:
    """Rows of a training run, one per batch and one per epoch, in the order they came."""

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self._step = 0

    def __len__(self) -> int:
        return len(self.rows)

    def clear(self) -> None:
        self.rows.clear()
        self._step = 0

    def add(self, rec: object) -> None:
        """Keep a :class:`BatchRecord` or :class:`EpochRecord`; other records are skipped."""
        if isinstance(rec, BatchRecord):
            self._step = rec.step
            self.rows.append((rec.epoch, rec.batch, rec.step, rec.loss, rec.accuracy, None, None))
        elif isinstance(rec, EpochRecord):
            self.rows.append((rec.epoch, None, self._step, rec.train_loss, rec.train_accuracy,
                              rec.val_loss, rec.val_accuracy))

    def to_csv(self) -> str:
        """The header and every row; floats with 6 significant digits, unknowns empty."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(LOG_COLUMNS)
        for row in self.rows:
            w.writerow("" if v is None else (f"{v:.6g}" if isinstance(v, float) else v) for v in row)
        return buf.getvalue()

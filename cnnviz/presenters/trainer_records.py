"""Runs and their records: how a run continues the last one (epoch numbers, batch
order), **Step**, which trains one batch here, and turning training records
into the trainer's signals, whether they come from the training process's pipe
or from Step.

A mixin of :class:`~cnnviz.presenters.trainer.TrainerPresenter`; its texts are
translated in that class's context.
"""

from __future__ import annotations

import dataclasses
import math
import time
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, Slot

from cnnviz.core.limits import TRAIN_EPOCHS_RANGE
from cnnviz.core.train import (
    BatchRecord,
    DivergedRecord,
    EpochRecord,
    Record,
    TrainConfig,
    confusion_shares,
    evaluate,
    train_steps,
)

from .trainer_session import STRIP_SAMPLES, advised_lr, batches_per_epoch
from .trainer_worker import FailedRecord, attach_optimizer

if TYPE_CHECKING:
    from .trainer import TrainerPresenter

#: the most epochs a series of continued runs may count
MAX_EPOCHS = TRAIN_EPOCHS_RANGE[1]


class TrainerRecords:
    """Step, and records → plots, filters, history, progress and words."""

    def _continuation(self: TrainerPresenter) -> tuple[TrainConfig, int] | None:
        """The next run's schedule: ``(config, first epoch)``, its epochs numbered on
        from the last run's (a partly trained epoch counts as one)."""
        first = math.ceil(self._x_last - 1e-9) + 1
        if first > MAX_EPOCHS:
            self._refuse(QCoreApplication.translate(
                "TrainerPresenter",
                "This model has trained {0} epochs, the most one series of runs may have; "
                "press Reset to start over.").format(MAX_EPOCHS))
            return None
        last = min(MAX_EPOCHS, first - 1 + self._settings.epochs)
        return dataclasses.replace(self._settings.config(), epochs=last), first

    def _begin_run(self: TrainerPresenter, config: TrainConfig, first_epoch: int) -> None:
        assert self._split is not None
        per_epoch = batches_per_epoch(len(self._split.y_train), config.batch_size)
        self._run_first_step = (first_epoch - 1) * per_epoch
        self._history.plan_run((config.epochs - first_epoch + 1) * per_epoch, per_epoch)
        self.run_started.emit(float(first_epoch - 1), float(config.epochs))

    @Slot()
    def step(self: TrainerPresenter) -> bool:
        """Train exactly one batch, here and now, and emit :attr:`batch_stepped`
        with that batch's loss before and after the update."""
        if self._state in ("running", "paused"):
            return self._refuse(QCoreApplication.translate(
                "TrainerPresenter", "Stop training before training one batch at a time."))
        if self._prepare_model() is None:
            return False
        assert self._split is not None and self._model is not None
        records: list[Record] = []
        rec: Record | None = None
        while rec is None:
            if self._stepper is None:
                schedule = self._continuation()
                if schedule is None:
                    return False
                config, first_epoch = schedule
                self._optimizer = attach_optimizer(self._optimizer, self._model, config)
                self._stepper = train_steps(self._model, self._optimizer, self._split, config,
                                            start_epoch=first_epoch)
                self._stepper_config = config
                self._begin_run(config, first_epoch)
            for r in self._stepper:
                records.append(r)
                if isinstance(r, (BatchRecord, DivergedRecord)):
                    rec = r
                    break
            else:  # that run's epochs are done: the next one begins
                self._stepper = None
        self._set_state("stopped")
        self._handle(records)
        if not isinstance(rec, BatchRecord):
            self._stepper = None
            return False
        after = self._batch_loss(rec, self._stepper_config)
        self._keep_snapshot(rec)
        self.batch_stepped.emit(rec.epoch, rec.batch, rec.loss, after)
        self.message_reported.emit(QCoreApplication.translate(
            "TrainerPresenter",
            "Trained one batch (epoch {0}, batch {1} of {2}): its loss went from {3} to {4}.",
        ).format(rec.epoch, rec.batch, rec.batches_per_epoch, f"{rec.loss:.4f}", f"{after:.4f}"))
        return True

    def _batch_loss(self: TrainerPresenter, rec: BatchRecord, config: TrainConfig) -> float:
        """The loss of the batch ``rec`` trained on, with the weights as they are now.

        The batch is found the way :func:`cnnviz.core.train.train_steps` draws it:
        a permutation seeded by ``(seed, epoch)``, cut into batches.
        """
        assert self._split is not None and self._model is not None
        n = len(self._split.y_train)
        bs = min(config.batch_size, n)
        order = np.random.default_rng([config.seed, rec.epoch]).permutation(n)
        idx = order[(rec.batch - 1) * bs : rec.batch * bs]
        x, y = self._split.x_train[idx], self._split.y_train[idx]
        return float(evaluate(self._model, x, y, self._split.num_classes).loss)

    def _handle(self: TrainerPresenter, records: list) -> None:
        xs, losses, accs = [], [], []
        last: BatchRecord | None = None
        kept = False
        for rec in records:
            self._log.add(rec)
            if isinstance(rec, BatchRecord):
                xs.append(rec.epoch - 1 + rec.batch / rec.batches_per_epoch)
                losses.append(rec.loss)
                accs.append(rec.accuracy)
                kept |= self._history.offer(
                    rec.epoch, rec.batch, rec.batches_per_epoch, rec.step, rec.filters)
                last = rec
            elif isinstance(rec, EpochRecord):
                self._flush(xs, losses, accs, last)
                xs, losses, accs, last = [], [], [], None
                self._on_epoch(rec)
            elif isinstance(rec, DivergedRecord):
                self._flush(xs, losses, accs, last)
                xs = []
                self._on_diverged(rec)
            elif isinstance(rec, FailedRecord):
                text = QCoreApplication.translate("TrainerPresenter", "Training stopped by an error: {0}")
                self.error_reported.emit(text.format(rec.message))
                self._set_state("stopped")
        self._flush(xs, losses, accs, last)
        if kept:
            self._history_grew()

    def _flush(self: TrainerPresenter, xs: list, losses: list, accs: list, last: BatchRecord | None) -> None:
        if not xs or last is None:
            return
        self._x_last = xs[-1]
        self._last_batch = last
        self.batches_recorded.emit(np.array(xs), np.array(losses), np.array(accs))
        self._filters = (last.filters, last.filter_bias)
        self.filters_changed.emit(last.filters)
        self._show_live()
        done, total = last.step - self._run_first_step, last.total_steps - self._run_first_step
        elapsed = self._run_seconds + (time.monotonic() - self._resumed_at if self._state == "running" else 0)
        eta = elapsed / done * (total - done) if done > 0 else -1.0
        last_epoch = last.total_steps // last.batches_per_epoch
        self.progress_changed.emit(done, total, last.epoch, last_epoch, eta)

    def _on_epoch(self: TrainerPresenter, rec: EpochRecord) -> None:
        self._last_epoch = rec
        self.epoch_finished.emit(float(rec.epoch), rec.train_loss, rec.train_accuracy, rec.val_loss,
                                 rec.val_accuracy)
        self.confusion_changed.emit(rec.confusion, confusion_shares(rec.confusion))
        self.predictions_changed.emit(rec.val_predictions[:STRIP_SAMPLES])
        self._emit_summary()

    def _emit_summary(self: TrainerPresenter) -> None:
        """The last epoch's figures in words ("Final …" once a run has finished)."""
        rec = self._last_epoch
        if rec is None:
            return
        if self._state == "finished":
            text = QCoreApplication.translate(
                "TrainerPresenter",
                "Final (epoch {0}): validation accuracy {1} %, loss {2}; training accuracy {3} %, loss {4}")
        else:
            text = QCoreApplication.translate(
                "TrainerPresenter",
                "After epoch {0}: validation accuracy {1} %, loss {2}; training accuracy {3} %, loss {4}")
        self.summary_changed.emit(text.format(
            rec.epoch, f"{100 * rec.val_accuracy:.1f}", f"{rec.val_loss:.3f}",
            f"{100 * rec.train_accuracy:.1f}", f"{rec.train_loss:.3f}"))

    def _on_diverged(self: TrainerPresenter, rec: DivergedRecord) -> None:
        loss = "NaN" if math.isnan(rec.loss) else f"{rec.loss:.4g}"
        self._set_state("diverged")
        self._stepper = None
        advice = advised_lr(rec.lr, self._settings.dataset)
        if advice.known:
            text = QCoreApplication.translate(
                "TrainerPresenter",
                "Training diverged at epoch {0}, batch {1}: the loss became {2}. The learning rate {3} "
                "is too large; set it to {4}, the rate this dataset trains well with, and press Start again.")
        else:
            text = QCoreApplication.translate(
                "TrainerPresenter",
                "Training diverged at epoch {0}, batch {1}: the loss became {2}. The learning rate {3} "
                "is too large; lower it (try {4}) and press Start again.")
        self.training_diverged.emit(text.format(rec.epoch, rec.batch, loss, f"{rec.lr:g}", f"{advice.lr:g}"))

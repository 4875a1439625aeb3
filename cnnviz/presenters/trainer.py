"""The trainer session: settings, one training run at a time, and its progress.

Training runs in a :class:`~cnnviz.presenters.trainer_worker.TrainingProcess`
(a child process, so the event loop never waits for it); this presenter
drains the records it sends on a timer in the GUI thread and turns them into
signals, at most every :data:`TICK_MS`, however fast batches train. It is
the only trainer code that calls the core.
"""

from __future__ import annotations

import math
import os
import time

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from cnnviz.core.checkpoint import CheckpointError, load_model, save_model
from cnnviz.core.datasets import Split
from cnnviz.core.model import Sequential
from cnnviz.core.train import (
    Architecture,
    BatchRecord,
    DivergedRecord,
    EpochRecord,
    confusion_shares,
    evaluate,
    first_conv,
)
from cnnviz.media.atomic import final_mode, is_write_protected

from .trainer_session import STRIP_SAMPLES, TrainerSettings, prepare_split
from .trainer_worker import FailedRecord, TrainingProcess

TICK_MS = 40
READY, RUNNING, PAUSED, STOPPED, FINISHED, DIVERGED = (
    "ready", "running", "paused", "stopped", "finished", "diverged",
)


class TrainerPresenter(QObject):
    """One trainer session.

    Signals
    -------
    state_changed(str) : ready, running, paused, stopped, finished or diverged
    run_reset() : the model was re-initialised; clear every plot
    run_started(float, float) : a run began; its batches will be plotted between these epochs
    dataset_changed(str) : the data and its split, with every count, in words
    samples_changed(object, object, object) : strip images (M, C, H, W), true labels (M,), class names
    batches_recorded(object, object, object) : x in epochs (B,), loss (B,), accuracy (B,)
    epoch_finished(float, float, float, float, float) : x, train loss, train acc, val loss, val acc
    confusion_changed(object, object) : (K, K) counts, rows true, columns predicted,
        and the same rows as shares of their true class
    predictions_changed(object) : predicted classes (M,) of the strip's samples
    filters_changed(object) : first convolution's weights (F, C, KH, KW)
    progress_changed(int, int, int, int, float) : step, total steps, epoch, epochs, ETA s (-1: unknown)
    training_diverged(str), message_reported(str), error_reported(str) : for the user
    settings_changed(object) : TrainerSettings, after a loaded model changed the architecture
    filter_sent(object, object, object, str) : weights (1, C, KH, KW), bias (1,), sample (C, H, W), name
    """

    state_changed = Signal(str)
    run_reset = Signal()
    run_started = Signal(float, float)
    dataset_changed = Signal(str)
    samples_changed = Signal(object, object, object)
    batches_recorded = Signal(object, object, object)
    epoch_finished = Signal(float, float, float, float, float)
    confusion_changed = Signal(object, object)
    predictions_changed = Signal(object)
    filters_changed = Signal(object)
    progress_changed = Signal(int, int, int, int, float)
    training_diverged = Signal(str)
    message_reported = Signal(str)
    error_reported = Signal(str)
    settings_changed = Signal(object)
    filter_sent = Signal(object, object, object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = TrainerSettings()
        self._split: Split | None = None
        self._split_key: tuple | None = None
        self._model: Sequential | None = None
        self._arch: Architecture | None = None
        self._worker: TrainingProcess | None = None
        self._stopping = False  # Stop was pressed; the child is finishing its update
        self._retired: list[TrainingProcess] = []  # ended runs whose process has not exited yet
        self._state = READY
        self._filters: tuple[np.ndarray, np.ndarray] | None = None
        self._x_offset = 0  # epochs plotted by earlier runs since the last reset
        self._x_last = 0.0
        self._run_seconds = 0.0
        self._resumed_at = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- read-only state ---------------------------------------------------------
    @property
    def settings(self) -> TrainerSettings:
        return self._settings

    @property
    def state(self) -> str:
        return self._state

    @property
    def split(self) -> Split | None:
        return self._split

    @property
    def data_description(self) -> str:
        """The loaded data and its split in words, in the current language ('' before any)."""
        return self._describe(self._split) if self._split is not None else ""

    @property
    def class_counts_description(self) -> str:
        """Images per class in training + validation, one class a line ('' before any data)."""
        s = self._split
        if s is None:
            return ""
        train = np.bincount(s.y_train, minlength=s.num_classes)
        val = np.bincount(s.y_val, minlength=s.num_classes)
        lines = [self.tr("Images per class (training + validation):")]
        lines += [f"{name}: {t} + {v}" for name, t, v in zip(s.class_names, train, val, strict=True)]
        return "\n".join(lines)

    @property
    def model(self) -> Sequential | None:
        """The model (do not use it while the state is ``running``)."""
        return self._model

    # -- settings and data -----------------------------------------------------
    def set_settings(self, settings: TrainerSettings) -> bool:
        """Adopt ``settings``; loads the dataset when it changed. Refused while training."""
        if self._state in (RUNNING, PAUSED):
            return self._refuse(self.tr("Stop training before changing the settings."))
        try:
            settings.config().check()
        except ValueError as exc:
            return self._refuse(str(exc))
        previous = self._settings
        self._settings = settings
        if self._split is None or settings.data_key != self._split_key:
            if not self._load_data():
                self._settings = previous
                return False
        if self._arch is not None and self._arch != settings.architecture(self._split):
            self._drop_model()
        return True

    def _load_data(self) -> bool:
        try:
            split = prepare_split(self._settings)
        except ValueError as exc:
            return self._refuse(self.tr("Cannot use this dataset: {0}").format(str(exc)))
        self._split, self._split_key = split, self._settings.data_key
        self._drop_model()
        self.dataset_changed.emit(self._describe(split))
        m = min(STRIP_SAMPLES, len(split.y_val))
        self.samples_changed.emit(split.x_val[:m], split.y_val[:m], split.class_names)
        return True

    def _drop_model(self) -> None:
        self._model = self._arch = None
        self._filters = None
        self._x_offset, self._x_last = 0, 0.0
        self._set_state(READY)
        self.run_reset.emit()

    # -- the run ------------------------------------------------------------------
    @Slot()
    def start(self) -> bool:
        """Train from the current weights (fresh ones after a reset or divergence)."""
        if self._state == RUNNING:
            return False
        if self._state == PAUSED:
            return self.resume()
        if self._split is None and not self.set_settings(self._settings):
            return False
        assert self._split is not None
        arch = self._settings.architecture(self._split)
        config = self._settings.config()
        try:
            config.check()
            if self._model is None or self._state == DIVERGED or arch != self._arch:
                if self._state == DIVERGED:
                    self._drop_model()
                self._model, self._arch = arch.build(self._settings.seed), arch
        except ValueError as exc:
            return self._refuse(str(exc))
        try:
            self._worker = TrainingProcess(self._split, arch, self._model.state_dict(), config)
        except OSError as exc:  # no process could be started (limits, missing interpreter)
            return self._refuse(self.tr("Could not start training: {0}").format(str(exc)))
        self._x_offset = math.ceil(self._x_last - 1e-9)
        self._run_seconds = 0.0
        self._resumed_at = time.monotonic()
        self._timer.start()
        self.run_started.emit(float(self._x_offset), float(self._x_offset + config.epochs))
        self._set_state(RUNNING)
        return True

    @Slot()
    def pause(self) -> bool:
        if self._state != RUNNING or self._worker is None or self._stopping:
            return False
        self._worker.pause()
        if self._worker.done:  # it finished before it could pause
            self._on_timer_timeout()
            return False
        self._run_seconds += time.monotonic() - self._resumed_at
        self._adopt_weights(self._worker)
        self._set_state(PAUSED)
        self._on_timer_timeout()
        return True

    @Slot()
    def resume(self) -> bool:
        if self._state != PAUSED or self._worker is None or self._stopping:
            return False
        self._resumed_at = time.monotonic()
        self._worker.resume()
        self._set_state(RUNNING)
        return True

    @Slot()
    def stop(self) -> bool:
        """End the run after the current update; the model keeps what it learned.

        Returns at once, whether or not the child has started yet: the state
        becomes ``stopped`` on a later tick, once the child's last weights are here.
        """
        if self._state not in (RUNNING, PAUSED) or self._worker is None:
            return False
        if not self._stopping:
            self._stopping = True
            self._worker.request_stop()
            self._timer.start()
        return True

    @Slot()
    def reset(self) -> None:
        """Stop any run and start over from freshly initialised weights (without waiting)."""
        worker, self._worker = self._worker, None
        self._stopping = False
        if worker is not None:
            worker.request_stop()  # its weights are not wanted
            self._retired.append(worker)
            self._timer.start()  # to collect the process once it has exited
        self._drop_model()

    @Slot()
    def shutdown(self) -> None:
        """Stop the training process and wait for it (window closing, app quitting)."""
        busy = self._state in (RUNNING, PAUSED)
        worker, self._worker = self._worker, None
        self._stopping = False
        self._timer.stop()
        if worker is not None:
            worker.stop()
            self._handle(worker.drain())
            self._adopt_weights(worker)
        for old in self._retired:
            old.stop()
        self._retired.clear()
        if busy and self._state in (RUNNING, PAUSED):
            self._set_state(STOPPED)

    def _adopt_weights(self, worker: TrainingProcess) -> None:
        """Copy the child's latest weights into this session's model."""
        if worker.state is not None and self._model is not None and self._state != DIVERGED:
            try:
                self._model.load_state_dict(worker.state)
            except ValueError:  # NaN weights of a run that diverged at its last step
                pass

    def _on_timer_timeout(self) -> None:
        self._retired = [w for w in self._retired if not w.reap()]
        worker = self._worker
        if worker is None:
            if not self._retired:
                self._timer.stop()
            return
        self._handle(worker.drain())
        if worker.done and worker is self._worker:
            self._worker = None
            stopping, self._stopping = self._stopping, False
            self._adopt_weights(worker)
            if not worker.reap():  # "done" was its last word: it exits in a moment
                self._retired.append(worker)
            if not self._retired:
                self._timer.stop()
            if stopping and self._state in (RUNNING, PAUSED):
                self._set_state(STOPPED)
            elif self._state == RUNNING:
                self._set_state(FINISHED)
                self.message_reported.emit(self.tr("Training finished."))

    # -- turning records into signals -------------------------------------------
    def _handle(self, records: list) -> None:
        xs, losses, accs = [], [], []
        last: BatchRecord | None = None
        for rec in records:
            if isinstance(rec, BatchRecord):
                xs.append(self._x_offset + rec.epoch - 1 + rec.batch / rec.batches_per_epoch)
                losses.append(rec.loss)
                accs.append(rec.accuracy)
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
                self.error_reported.emit(self.tr("Training stopped by an error: {0}").format(rec.message))
                self._set_state(STOPPED)
        self._flush(xs, losses, accs, last)

    def _flush(self, xs: list, losses: list, accs: list, last: BatchRecord | None) -> None:
        if not xs or last is None:
            return
        self._x_last = xs[-1]
        self.batches_recorded.emit(np.array(xs), np.array(losses), np.array(accs))
        self._filters = (last.filters, last.filter_bias)
        self.filters_changed.emit(last.filters)
        elapsed = self._run_seconds + (time.monotonic() - self._resumed_at if self._state == RUNNING else 0)
        eta = elapsed / last.step * (last.total_steps - last.step) if last.step else -1.0
        self.progress_changed.emit(last.step, last.total_steps, last.epoch, self._settings.epochs, eta)

    def _on_epoch(self, rec: EpochRecord) -> None:
        x = float(self._x_offset + rec.epoch)
        self.epoch_finished.emit(x, rec.train_loss, rec.train_accuracy, rec.val_loss, rec.val_accuracy)
        self.confusion_changed.emit(rec.confusion, confusion_shares(rec.confusion))
        self.predictions_changed.emit(rec.val_predictions[:STRIP_SAMPLES])

    def _on_diverged(self, rec: DivergedRecord) -> None:
        loss = "NaN" if math.isnan(rec.loss) else f"{rec.loss:.4g}"
        self._set_state(DIVERGED)
        self.training_diverged.emit(
            self.tr(
                "Training diverged at epoch {0}, batch {1}: the loss became {2}. The learning rate {3} "
                "is too large; lower it (try {4}) and press Start again."
            ).format(rec.epoch, rec.batch, loss, f"{rec.lr:g}", f"{rec.lr / 10:g}")
        )

    # -- files and the bridge to the convolution view ------------------------------
    def _usable_model(self) -> bool:
        if self._model is None:
            return self._refuse(self.tr("There is no trained model yet: press Start first."))
        if self._state == RUNNING:
            return self._refuse(self.tr("Pause or stop training first."))
        if self._state == DIVERGED:
            return self._refuse(self.tr("The model diverged; its weights are not numbers. Start again."))
        return True

    @Slot(str)
    def save_model(self, path: str) -> bool:
        if not self._usable_model():
            return False
        assert self._model is not None and self._arch is not None and self._split is not None
        if is_write_protected(path):  # refused, not replaced (os.access says yes to root)
            text = self.tr("Could not save the model: {0} is write-protected; it was left as it is.")
            return self._refuse(text.format(path))
        mode = final_mode(path)
        try:
            save_model(path, self._model, self._arch, class_names=self._split.class_names,
                       dataset=self._split.name, mean=self._split.mean, std=self._split.std)
        except CheckpointError as exc:
            return self._refuse(self.tr("Could not save the model: {0}").format(str(exc)))
        try:
            os.chmod(path, mode)  # the checkpoint's temporary file was private (0600)
        except OSError:
            pass
        self.message_reported.emit(self.tr("Saved the model to {0}.").format(path))
        return True

    @Slot(str)
    def load_model(self, path: str) -> bool:
        """Load a saved model for the current dataset; the session is untouched on failure."""
        if self._state in (RUNNING, PAUSED):
            return self._refuse(self.tr("Stop training before loading a model."))
        if self._split is None and not self.set_settings(self._settings):
            return False
        assert self._split is not None
        try:
            ck = load_model(path)
        except CheckpointError as exc:
            return self._refuse(self.tr("Could not load the model: {0}").format(str(exc)))
        a, s = ck.architecture, self._split
        if a.in_shape != s.input_shape or a.num_classes != s.num_classes:
            return self._refuse(self.tr(
                "This model was trained on {0} ({1} images, {2} classes); the current dataset has "
                "{3} images and {4} classes. Choose a matching dataset first."
            ).format(ck.dataset or "?", "×".join(map(str, a.in_shape)), a.num_classes,
                     "×".join(map(str, s.input_shape)), s.num_classes))
        self._drop_model()
        self._model, self._arch = ck.model, a
        self._settings = TrainerSettings(**{**self._settings.__dict__, "filters": a.filters,
                                            "kernel_size": a.kernel_size, "pool": a.pool, "hidden": a.hidden})
        self.settings_changed.emit(self._settings)
        conv = first_conv(ck.model)
        self._filters = (conv.weight.value.copy(), conv.bias.value.copy())
        self.filters_changed.emit(self._filters[0])
        ev = evaluate(ck.model, s.x_val, s.y_val, s.num_classes)
        self.confusion_changed.emit(ev.confusion, confusion_shares(ev.confusion))
        self.predictions_changed.emit(ev.predictions[:STRIP_SAMPLES])
        self._set_state(STOPPED)
        self.message_reported.emit(self.tr("Loaded {0}: {1:.1%} of the validation images right.").format(
            path, ev.accuracy))
        return True

    @Slot(int, int)
    def send_filter(self, index: int, sample: int = 0) -> bool:
        """Emit :attr:`filter_sent` with learned filter ``index`` and validation image ``sample``."""
        if self._filters is None or self._split is None:
            return self._refuse(self.tr("There is no learned filter yet: press Start first."))
        if self._state == DIVERGED:
            return self._refuse(self.tr("The model diverged; its filters are not numbers. Start again."))
        w, b = self._filters
        if not (0 <= index < w.shape[0] and 0 <= sample < len(self._split.y_val)):
            return self._refuse(self.tr("There is no filter {0} or sample {1}.").format(index, sample))
        label = self._split.class_names[int(self._split.y_val[sample])]
        name = self.tr("{0} sample {1} ({2}), filter {3}").format(
            self._split.name, sample + 1, label, index + 1)
        self.filter_sent.emit(w[index : index + 1].copy(), b[index : index + 1].copy(),
                              np.array(self._split.x_val[sample]), name)
        self.message_reported.emit(self.tr("Sent filter {0} to the convolution view.").format(index + 1))
        return True

    # -- helpers ----------------------------------------------------------------------
    def _describe(self, split: Split) -> str:
        """Every count of the data and its split, in words."""
        text = self.tr(
            "{0}: {1} images of {2}, {3} classes; {4} for training, {5} for validation (split seed {6})"
        ).format(split.name, len(split.y_train) + len(split.y_val), "×".join(map(str, split.input_shape)),
                 split.num_classes, len(split.y_train), len(split.y_val), split.seed)
        # the input layer's 去均值 and 归一化, with the numbers subtracted and divided by
        text += self.tr("; pixels standardised: (x − mean {0}) / std {1}").format(
            f"{split.mean:.3g}", f"{split.std:.3g}")
        if split.skipped:
            text += self.tr("; unreadable files skipped: {0}").format(split.skipped)
        if split.dropped:
            left_out = self.tr("; {0} images left out: at most {1} per class are read")
            text += left_out.format(split.dropped, split.per_class_cap)
        return text

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    def _refuse(self, message: str) -> bool:
        self.error_reported.emit(message)
        return False

"""The trainer's files and its bridge to the convolution view: save, load, send a filter.

A mixin of :class:`~cnnviz.presenters.trainer.TrainerPresenter`; its texts are
translated in that class's context, so the catalogue keeps one trainer context.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, Slot

from cnnviz.core.backend import to_numpy
from cnnviz.core.checkpoint import CheckpointError, load_model, save_model
from cnnviz.core.train import confusion_shares, evaluate, first_conv
from cnnviz.core.training_info import LOG_COLUMNS, TrainingInfo
from cnnviz.media.atomic import atomic_output, final_mode, is_write_protected

from .trainer_session import STRIP_SAMPLES, TrainerSettings

if TYPE_CHECKING:
    from .trainer import TrainerPresenter


class TrainerFiles:
    """Saving and loading the model, and sending a learned filter across."""

    def _usable_model(self: TrainerPresenter) -> bool:
        if self._model is None:
            return self._refuse(QCoreApplication.translate(
                "TrainerPresenter", "There is no trained model yet: press Start first."))
        if self._state == "running":
            return self._refuse(QCoreApplication.translate(
                "TrainerPresenter", "Pause or stop training first."))
        if self._state == "diverged":
            return self._refuse(QCoreApplication.translate(
                "TrainerPresenter", "The model diverged; its weights are not numbers. Start again."))
        return True

    @Slot(str)
    def save_model(self: TrainerPresenter, path: str) -> bool:
        """Save the model, its architecture and its data's description to ``path`` (.npz)."""
        if not self._usable_model():
            return False
        assert self._model is not None and self._arch is not None and self._split is not None
        if is_write_protected(path):  # refused, not replaced (os.access says yes to root)
            text = QCoreApplication.translate(
                "TrainerPresenter", "Could not save the model: {0} is write-protected; it was left as it is.")
            return self._refuse(text.format(path))
        mode = final_mode(path)
        try:
            save_model(path, self._model, self._arch, class_names=self._split.class_names,
                       dataset=self._split.name, mean=self._split.mean, std=self._split.std,
                       training=self.training_info())
        except CheckpointError as exc:
            text = QCoreApplication.translate("TrainerPresenter", "Could not save the model: {0}")
            return self._refuse(text.format(str(exc)))
        try:
            os.chmod(path, mode)  # the checkpoint's temporary file was private (0600)
        except OSError:
            pass
        self.message_reported.emit(QCoreApplication.translate("TrainerPresenter", "Saved the model to {0}.")
                                   .format(path))
        return True

    @Slot(str)
    def load_model(self: TrainerPresenter, path: str) -> bool:
        """Load a saved model for the current dataset; the session is untouched on failure."""
        if self._state in ("running", "paused"):
            return self._refuse(QCoreApplication.translate(
                "TrainerPresenter", "Stop training before loading a model."))
        if self._split is None and not self.set_settings(self._settings):
            return False
        assert self._split is not None
        try:
            ck = load_model(path)
        except CheckpointError as exc:
            text = QCoreApplication.translate("TrainerPresenter", "Could not load the model: {0}")
            return self._refuse(text.format(str(exc)))
        a, s = ck.architecture, self._split
        if a.in_shape != s.input_shape or a.num_classes != s.num_classes:
            return self._refuse(QCoreApplication.translate(
                "TrainerPresenter",
                "This model was trained on {0} ({1} images, {2} classes); the current dataset has "
                "{3} images and {4} classes. Choose a matching dataset first."
            ).format(ck.dataset or "?", "×".join(map(str, a.in_shape)), a.num_classes,
                     "×".join(map(str, s.input_shape)), s.num_classes))
        self._drop_model()
        self._model, self._arch = ck.model, a
        self._loaded_training = ck.training
        self._settings = TrainerSettings(**{**self._settings.__dict__, "filters": a.filters,
                                            "kernel_size": a.kernel_size, "pool": a.pool, "hidden": a.hidden,
                                            "blocks": a.blocks})
        self.settings_changed.emit(self._settings)
        conv = first_conv(ck.model)
        self._filters = (to_numpy(conv.weight.value).copy(), to_numpy(conv.bias.value).copy())
        self.filters_changed.emit(self._filters[0])
        self._start_history()
        ev = evaluate(ck.model, s.x_val, s.y_val, s.num_classes)
        self.confusion_changed.emit(ev.confusion, confusion_shares(ev.confusion))
        self.predictions_changed.emit(ev.predictions[:STRIP_SAMPLES])
        self._set_state("stopped")
        text = QCoreApplication.translate(
            "TrainerPresenter", "Loaded {0}: {1:.1%} of the validation images right.")
        message = text.format(path, ev.accuracy)
        if ck.training is not None and ck.training.epochs is not None:
            t = ck.training
            if t.epochs == 1:
                text = QCoreApplication.translate(
                    "TrainerPresenter", "Loaded {0}: trained {1} epoch on {2} (seed {3}, {4}, lr {5}): "
                    "validation accuracy {6} %")
            else:
                text = QCoreApplication.translate(
                    "TrainerPresenter", "Loaded {0}: trained {1} epochs on {2} (seed {3}, {4}, lr {5}): "
                    "validation accuracy {6} %")
            message = text.format(
                path, t.epochs, t.dataset or "?", "?" if t.seed is None else t.seed, t.optimizer or "?",
                "?" if t.lr is None else f"{t.lr:g}", f"{100 * ev.accuracy:.1f}")
        self.message_reported.emit(message)
        return True

    def training_info(self: TrainerPresenter) -> TrainingInfo | None:
        """The settings, seed and last epoch's figures of the model as it is now
        (a loaded model's own record until it trains further; ``None`` when nothing is known)."""
        rec, s = self._last_epoch, self._settings
        if rec is None:
            return self._loaded_training
        return TrainingInfo(
            dataset=self._split.name if self._split is not None else s.dataset, epochs=rec.epoch, lr=s.lr,
            batch_size=s.batch_size, optimizer=s.optimizer, seed=s.seed,
            val_accuracy=rec.val_accuracy, val_loss=rec.val_loss, train_accuracy=rec.train_accuracy,
            train_loss=rec.train_loss)

    def log_rows(self: TrainerPresenter) -> list[tuple]:
        """The training log since the last reset: one row per batch and per epoch, columns
        :data:`~cnnviz.core.training_info.LOG_COLUMNS` (``None`` where a row has no value)."""
        return list(self._log.rows)

    @Slot(str)
    def export_log(self: TrainerPresenter, path: str) -> bool:
        """Write :meth:`log_rows` as CSV to ``path``, atomically; refused with a message when
        there is nothing to write or the file cannot be written."""
        if not len(self._log):
            return self._refuse(QCoreApplication.translate(
                "TrainerPresenter", "There is no training log yet: press Start or Step first."))
        try:
            with atomic_output(path) as fh:
                fh.write(self._log.to_csv().encode("utf-8"))
        except OSError as exc:
            text = QCoreApplication.translate("TrainerPresenter", "Could not write the log to {0}: {1}")
            return self._refuse(text.format(path, exc.strerror or str(exc)))
        self.message_reported.emit(QCoreApplication.translate(
            "TrainerPresenter", "Wrote {0} rows ({1}) to {2}.").format(
            len(self._log), ", ".join(LOG_COLUMNS), path))
        return True

    def save_images(self: TrainerPresenter, folder: str, images: dict[str, bytes]) -> bool:
        """Write each ``name → PNG bytes`` of ``images`` into ``folder``, each file atomically;
        a refusal names the first file that could not be written (those before it are kept)."""
        written = []
        for name, data in images.items():
            path = os.path.join(folder, name)
            try:
                with atomic_output(path) as fh:
                    fh.write(data)
            except OSError as exc:
                text = QCoreApplication.translate("TrainerPresenter", "Could not save {0}: {1}")
                return self._refuse(text.format(path, exc.strerror or str(exc)))
            written.append(name)
        self.message_reported.emit(QCoreApplication.translate(
            "TrainerPresenter", "Saved {0} to {1}.").format(", ".join(written), folder))
        return True

    @Slot(int, int)
    def send_filter(self: TrainerPresenter, index: int, sample: int = 0) -> bool:
        """Emit ``filter_sent`` with learned filter ``index`` and validation image ``sample``."""
        if self._filters is None or self._split is None:
            return self._refuse(QCoreApplication.translate(
                "TrainerPresenter", "There is no learned filter yet: press Start first."))
        if self._state == "diverged":
            return self._refuse(QCoreApplication.translate(
                "TrainerPresenter", "The model diverged; its filters are not numbers. Start again."))
        w, b = self._filters
        if not (0 <= index < w.shape[0] and 0 <= sample < len(self._split.y_val)):
            return self._refuse(QCoreApplication.translate(
                "TrainerPresenter", "There is no filter {0} or sample {1}.").format(index, sample))
        label = self._split.class_names[int(self._split.y_val[sample])]
        name = QCoreApplication.translate("TrainerPresenter", "{0} sample {1} ({2}), filter w{3}").format(
            self._split.name, sample + 1, label, index)
        self.filter_sent.emit(np.array(w), np.array(b), np.array(self._split.x_val[sample]), name, index)
        self.message_reported.emit(QCoreApplication.translate(
            "TrainerPresenter", "Sent filter w{0} to the convolution view.").format(index))
        return True

"""Replaying the first layer's filters: the history slider and the weights/change toggle.

A mixin of :class:`~cnnviz.presenters.trainer.TrainerPresenter`. The filters
shown are either the latest weights (the slider at its end follows training)
or a kept snapshot (:mod:`.trainer_history`), as weights or as their change
since the start of the run, always on one colour scale for the whole history
so that colours compare across time. Texts are translated in the presenter's context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, Slot

from cnnviz.core.backend import to_numpy
from cnnviz.core.train import BatchRecord, first_conv

if TYPE_CHECKING:
    from .trainer import TrainerPresenter


class TrainerReplay:
    """:meth:`seek_history` and :meth:`set_history_change`, and what they show."""

    @property
    def history_index(self: TrainerPresenter) -> int:
        """The snapshot shown (-1 without any); the last one while following training."""
        n = len(self._history)
        return n - 1 if self._history_index is None else min(self._history_index, n - 1)

    @property
    def shows_change(self: TrainerPresenter) -> bool:
        """Whether the filters are shown as their change since the start of the run."""
        return self._history_change

    @Slot(int)
    def seek_history(self: TrainerPresenter, index: int) -> None:
        """Show snapshot ``index``; the last one follows training as it goes on."""
        n = len(self._history)
        if n == 0:
            return
        index = max(0, min(int(index), n - 1))
        self._history_index = None if index == n - 1 else index
        self.history_changed.emit(n, index)
        self._show_current()

    @Slot(bool)
    def set_history_change(self: TrainerPresenter, change: bool) -> None:
        """Show the filters (False) or their change since the start of the run (True)."""
        self._history_change = bool(change)
        self._show_current()

    # -- used by the presenter ----------------------------------------------------
    def _start_history(self: TrainerPresenter) -> None:
        """The model's weights as they are now begin a new history."""
        assert self._model is not None
        self._history.start(to_numpy(first_conv(self._model).weight.value))
        self._history_index = None
        self.history_changed.emit(len(self._history), 0)
        self._show_current()

    def _keep_snapshot(self: TrainerPresenter, rec: BatchRecord) -> None:
        """Keep the weights after ``rec`` whatever the interval (a Step, the end of a run)."""
        if self._history.offer(rec.epoch, rec.batch, rec.batches_per_epoch, rec.step, rec.filters, keep=True):
            self._history_grew()

    def _history_grew(self: TrainerPresenter) -> None:
        self.history_changed.emit(len(self._history), self.history_index)

    def _show_live(self: TrainerPresenter) -> None:
        if self._history_index is None:
            self._show_current()

    def _show_current(self: TrainerPresenter) -> None:
        h = self._history
        if not len(h):
            return
        live = self._history_index is None and self._filters is not None and self._last_batch is not None
        if live:
            assert self._filters is not None and self._last_batch is not None
            weights = np.asarray(self._filters[0])
            b = self._last_batch
            epoch, batch, per_epoch = b.epoch, b.batch, b.batches_per_epoch
        else:
            snap = h[self.history_index]
            weights, epoch, batch, per_epoch = snap.weights, snap.epoch, snap.batch, snap.batches_per_epoch
        if weights.shape != h[0].weights.shape or not np.isfinite(weights).all():
            return  # a diverged run's last weights: the grid keeps what it shows
        levels = h.levels(self._history_change, weights if live else None)
        shown = weights - h[0].weights if self._history_change else weights
        if epoch == 0:
            label = QCoreApplication.translate("TrainerPresenter", "start: no batch trained yet")
        else:
            label = QCoreApplication.translate("TrainerPresenter", "epoch {0}, batch {1} of {2}").format(
                epoch, batch, per_epoch)
        self.snapshot_shown.emit(shown, levels, label)

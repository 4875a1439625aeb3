"""The run's lifecycle: Start, Pause, Resume, Stop, Reset and Shutdown, and the timer tick.

A mixin of :class:`~cnnviz.presenters.trainer.TrainerPresenter`. A run trains in
a :class:`~cnnviz.presenters.trainer_worker.TrainingProcess`; the presenter's
timer drains the records it sends (:meth:`TrainerRun._on_timer_timeout`), adopts
its last weights and optimiser state when it ends, and collects ended processes
once they have exited. The run states are defined here. Texts are translated in
the presenter's context, so the catalogue keeps one trainer context.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Slot

from .trainer_worker import TrainingProcess, attach_optimizer, detach_optimizer

if TYPE_CHECKING:
    from .trainer import TrainerPresenter

READY, RUNNING, PAUSED, STOPPED, FINISHED, DIVERGED = (
    "ready", "running", "paused", "stopped", "finished", "diverged",
)


class TrainerRun:
    """:meth:`start`, :meth:`pause`, :meth:`resume`, :meth:`stop`, :meth:`reset`, :meth:`shutdown`."""

    @Slot()
    def start(self: TrainerPresenter) -> bool:
        """Train from the current weights and optimiser state (fresh ones after a reset or divergence)."""
        if self._state == RUNNING:
            return False
        if self._state == PAUSED:
            return self.resume()
        arch = self._prepare_model()
        schedule = self._continuation() if arch is not None else None
        if arch is None or schedule is None:
            return False
        assert self._split is not None and self._model is not None
        config, first_epoch = schedule
        saved = detach_optimizer(self._optimizer) if self._optimizer is not None else None
        try:
            self._worker = TrainingProcess(self._split, arch, self._model.state_dict(), config,
                                           optimizer=saved, start_epoch=first_epoch)
        except OSError as exc:  # no process could be started (limits, missing interpreter)
            return self._refuse(QCoreApplication.translate(
                "TrainerPresenter", "Could not start training: {0}").format(str(exc)))
        self._stepper = None
        self._run_seconds = 0.0
        self._resumed_at = time.monotonic()
        self._timer.start()
        self._begin_run(config, first_epoch)
        self._set_state(RUNNING)
        return True

    @Slot()
    def pause(self: TrainerPresenter) -> bool:
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
    def resume(self: TrainerPresenter) -> bool:
        if self._state != PAUSED or self._worker is None or self._stopping:
            return False
        self._resumed_at = time.monotonic()
        self._worker.resume()
        self._set_state(RUNNING)
        return True

    @Slot()
    def stop(self: TrainerPresenter) -> bool:
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
    def reset(self: TrainerPresenter) -> None:
        """Stop any run and start over from freshly initialised weights and optimiser (without waiting)."""
        worker, self._worker = self._worker, None
        self._stopping = False
        if worker is not None:
            worker.request_stop()  # its weights are not wanted
            self._retired.append(worker)
            self._timer.start()  # to collect the process once it has exited
        self._drop_model()

    @Slot()
    def shutdown(self: TrainerPresenter) -> None:
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

    def _adopt_weights(self: TrainerPresenter, worker: TrainingProcess) -> None:
        """Copy the child's latest weights and optimiser state into this session."""
        if worker.state is not None and self._model is not None and self._state != DIVERGED:
            try:
                self._model.load_state_dict(worker.state)
            except ValueError:  # NaN weights of a run that diverged at its last step
                return
            if worker.optimizer is not None:
                self._optimizer = attach_optimizer(worker.optimizer, self._model, self._settings.config())

    def _on_timer_timeout(self: TrainerPresenter) -> None:
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
            if self._last_batch is not None and self._state != DIVERGED:
                self._keep_snapshot(self._last_batch)  # where the run ended
            if stopping and self._state in (RUNNING, PAUSED):
                self._set_state(STOPPED)
            elif self._state == RUNNING:
                self._set_state(FINISHED)
                self._emit_summary()
                finished = QCoreApplication.translate("TrainerPresenter", "Training finished.")
                self.message_reported.emit(finished)

"""The trainer session: settings, one training run at a time, and its progress.

Training runs in a :class:`~cnnviz.presenters.trainer_worker.TrainingProcess`
(a child process, so the event loop never waits for it); this presenter
drains the records it sends on a timer in the GUI thread and turns them into
signals, at most every :data:`TICK_MS`, however fast batches train. **Step**
trains one batch here, in the GUI thread. It is the only trainer code that
calls the core.

A run that continues an earlier one (Start after Stop, Finished or Step) goes
on with the same optimiser state (momentum, Adam's moments) and the next
epoch's number and batch order; only Reset, a new dataset or a new network
start over. Start, Pause, Resume, Stop, Reset and the timer tick live in
:mod:`.trainer_run`, runs' records and Step in :mod:`.trainer_records`, files in
:mod:`.trainer_files`, the filters' history and its replay in
:mod:`.trainer_history` and :mod:`.trainer_replay`.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from cnnviz.core.datasets import Split
from cnnviz.core.model import Sequential
from cnnviz.core.optim import Optimizer
from cnnviz.core.train import (
    Architecture,
    BatchRecord,
    EpochRecord,
    Record,
    TrainConfig,
)
from cnnviz.core.training_info import TrainingInfo, TrainingLog

from .trainer_files import TrainerFiles
from .trainer_history import FilterHistory
from .trainer_records import TrainerRecords
from .trainer_replay import TrainerReplay
from .trainer_run import DIVERGED, FINISHED, PAUSED, READY, RUNNING, STOPPED, TrainerRun
from .trainer_session import STRIP_SAMPLES, TrainerSettings, prepare_split
from .trainer_worker import TrainingProcess

__all__ = [
    "DIVERGED", "FINISHED", "PAUSED", "READY", "RUNNING", "STOPPED", "TICK_MS", "TrainerPresenter",
]

TICK_MS = 40


class TrainerPresenter(TrainerRun, TrainerRecords, TrainerFiles, TrainerReplay, QObject):
    """One trainer session.

    Signals
    -------
    state_changed(str) : ready, running, paused, stopped, finished or diverged
    run_reset() : the model was re-initialised; clear every plot
    run_started(float, float) : a run (or a series of Steps) began; its batches will be
        plotted between these epochs (the first continues the last run's numbering)
    dataset_changed(str) : the data and its split, with every count, in words
    samples_changed(object, object, object) : strip images (M, C, H, W), true labels (M,), class names
    batches_recorded(object, object, object) : x in epochs (B,), loss (B,), accuracy (B,)
    epoch_finished(float, float, float, float, float) : x, train loss, train acc, val loss, val acc
    summary_changed(str) : the latest epoch's figures in words, "Final …" once a run finished ('' clears)
    confusion_changed(object, object) : (K, K) counts, rows true, columns predicted,
        and the same rows as shares of their true class
    predictions_changed(object) : predicted classes (M,) of the strip's samples
    filters_changed(object) : first convolution's weights (F, C, KH, KW)
    history_changed(int, int) : snapshots kept, index of the one shown (see :mod:`.trainer_replay`)
    snapshot_shown(object, object, str) : filters (F, C, KH, KW) or their change since the start,
        the colour levels (lo, hi) shared by the whole history, and what it shows in words
    batch_stepped(int, int, float, float) : Step trained epoch's batch: its loss before and after
    progress_changed(int, int, int, int, float) : step and total steps of this run, epoch, last
        epoch (both counted since the last reset), ETA s (-1: unknown)
    training_diverged(str), message_reported(str), error_reported(str) : for the user
    settings_changed(object) : TrainerSettings, after a loaded model changed the architecture
    filter_sent(object, object, object, str, int) : every filter (F, C, KH, KW), biases (F,), sample
        (C, H, W), name, and which filter was sent (keeping its name w0, w1, … in the Convolution tab)
    """

    state_changed = Signal(str)
    run_reset = Signal()
    run_started = Signal(float, float)
    dataset_changed = Signal(str)
    samples_changed = Signal(object, object, object)
    batches_recorded = Signal(object, object, object)
    epoch_finished = Signal(float, float, float, float, float)
    summary_changed = Signal(str)
    confusion_changed = Signal(object, object)
    predictions_changed = Signal(object)
    filters_changed = Signal(object)
    history_changed = Signal(int, int)
    snapshot_shown = Signal(object, object, str)
    batch_stepped = Signal(int, int, float, float)
    progress_changed = Signal(int, int, int, int, float)
    training_diverged = Signal(str)
    message_reported = Signal(str)
    error_reported = Signal(str)
    settings_changed = Signal(object)
    filter_sent = Signal(object, object, object, str, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = TrainerSettings()
        self._split: Split | None = None
        self._split_key: tuple | None = None
        self._model: Sequential | None = None
        self._arch: Architecture | None = None
        self._optimizer: Optimizer | None = None  # its state goes on from run to run until a reset
        self._worker: TrainingProcess | None = None
        self._stepper: Iterator[Record] | None = None  # the run Step pulls batches from
        self._stepper_config = TrainConfig()
        self._stopping = False  # Stop was pressed; the child is finishing its update
        self._retired: list[TrainingProcess] = []  # ended runs whose process has not exited yet
        self._state = READY
        self._filters: tuple[np.ndarray, np.ndarray] | None = None
        self._last_batch: BatchRecord | None = None
        self._last_epoch: EpochRecord | None = None
        self._x_last = 0.0  # where the last batch was plotted, in epochs since the last reset
        self._run_first_step = 0  # updates before this run began, since the last reset
        self._run_seconds = 0.0
        self._resumed_at = 0.0
        self._history = FilterHistory()
        self._log = TrainingLog()  # every batch and epoch since the last reset, for Export log
        self._loaded_training: TrainingInfo | None = None  # the record of a loaded model
        self._history_index: int | None = None  # None: follow the latest weights
        self._history_change = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        app = QCoreApplication.instance()
        if app is not None:
            # a slot of this class, not the mixin's: PySide6 left the mixin's shutdown connected
            # after the presenter was deleted, and quitting then called it on a dead timer
            app.aboutToQuit.connect(self._on_about_to_quit)

    @Slot()
    def _on_about_to_quit(self) -> None:
        self.shutdown()

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

    @property
    def architecture(self) -> Architecture | None:
        """The current model's architecture (None before a model exists)."""
        return self._arch

    def current_weights(self) -> dict[str, np.ndarray] | None:
        """The newest weights, for the Network tab to follow: while a run is under way the
        child's latest report (about twice a second), else the model's (None before one exists)."""
        worker = self._worker
        if worker is not None and worker.state is not None:
            return worker.state
        return None if self._model is None else self._model.state_dict()

    @property
    def optimizer(self) -> Optimizer | None:
        """The optimiser whose state the next run or Step goes on with (None: a fresh one)."""
        return self._optimizer

    @property
    def history(self) -> FilterHistory:
        """The first layer's filters kept since the last reset (see :mod:`.trainer_history`)."""
        return self._history

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
        if settings != previous:
            self._stepper = None  # Step goes on with the new learning rate, batch size …
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
        self._model = self._arch = self._optimizer = None
        self._stepper = None
        self._filters = None
        self._last_batch = self._last_epoch = None
        self._x_last = 0.0
        self._run_first_step = 0
        self._history.clear()
        self._log.clear()
        self._loaded_training = None
        self._history_index = None
        self._set_state(READY)
        self.run_reset.emit()
        self.summary_changed.emit("")
        self.history_changed.emit(0, -1)

    def _prepare_model(self) -> Architecture | None:
        """The architecture to train, with a model built for it (fresh after a divergence)."""
        if self._split is None and not self.set_settings(self._settings):
            return None
        assert self._split is not None
        arch = self._settings.architecture(self._split)
        try:
            self._settings.config().check()
            if self._model is None or self._state == DIVERGED or arch != self._arch:
                if self._model is not None:
                    self._drop_model()
                self._model, self._arch = arch.build(self._settings.seed), arch
                self._start_history()
        except ValueError as exc:
            self._refuse(str(exc))
            return None
        return arch

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

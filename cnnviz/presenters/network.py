"""The Network tab's session: one model, one input, every layer's maps, one selected cell.

The model is the trainer's current one (untrained, mid-training or trained;
followed live at most every :data:`LIVE_MS` while training), a model file, or
one a caller hands over. The input is a validation sample, an image file or a
drawing, prepared as the trainer prepared its data (:mod:`.network_input`).
The presenter runs :func:`cnnviz.core.forward_trace` and hands the views
:class:`~.network_cells.NetworkColumn` records; hovering a cell marks what
feeds it, selecting one writes out how it was computed
(:class:`~.network_cells.CellDetail`) and where its pixels come from.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from cnnviz.core import LayerRecord, forward_trace
from cnnviz.core.checkpoint import CheckpointError
from cnnviz.core.model import Sequential

from .dense import DensePresenter
from .network_cells import CellDetail, Feeds, NetworkColumn, build_columns
from .network_feed import NetworkFeed
from .network_input import Drawing
from .network_select import ConvRequest, NetworkSelection
from .network_source import ModelSnapshot, SampleSet, given_snapshot, sample_set, snapshot_from_file
from .network_source import snapshot_from_trainer as _from_trainer

#: the fastest the view follows a training run (two refreshes a second)
LIVE_MS = 500
INPUT_KINDS = ("sample", "image", "drawing", "array")

__all__ = ["ConvRequest", "LIVE_MS", "NetworkPresenter"]


def translate(context: str, text: str) -> str:  # a name lupdate reads
    return QCoreApplication.translate(context, text)


class NetworkPresenter(NetworkFeed, NetworkSelection, QObject):
    """Signals: ``model_changed``, ``samples_changed``, ``input_changed``, ``network_changed``
    (new columns), ``selection_changed``, ``hover_changed``, ``error_reported(str)``,
    ``convolution_requested(ConvRequest)``."""

    model_changed = Signal()
    samples_changed = Signal()
    input_changed = Signal()
    network_changed = Signal()
    selection_changed = Signal()
    hover_changed = Signal()
    error_reported = Signal(str)
    convolution_requested = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._trainer: Any = None
        self._snap: ModelSnapshot | None = None
        self._samples: SampleSet | None = None
        self._kind, self._sample, self._image_path = "drawing", 0, ""
        self._image_raw: np.ndarray | None = None
        self._given: np.ndarray | None = None
        self._drawing = Drawing()
        self._raw: np.ndarray | None = None
        self._fed: np.ndarray | None = None
        self._records: list[LayerRecord] = []
        self._columns: list[NetworkColumn] = []
        self._problem = ""
        self._selected: tuple[int, tuple[int, ...]] | None = None
        self._detail: CellDetail | None = None
        self._hovered: tuple[int, tuple[int, ...]] | None = None
        self._feeds: Feeds | None = None
        self._active, self._stale, self._pull, self._syncing = True, False, False, False
        self._last_live = 0.0
        self._split_seen: Any = None
        self.dense = DensePresenter(np.zeros(1, np.float32), np.zeros((2, 1), np.float32), parent=self)
        self.dense.step_changed.connect(self._on_dense_step_changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    # -- read-only state ------------------------------------------------------------------
    @property
    def snapshot(self) -> ModelSnapshot | None:
        return self._snap

    @property
    def model(self) -> Sequential | None:
        return None if self._snap is None else self._snap.model

    @property
    def class_names(self) -> tuple[str, ...]:
        return () if self._snap is None else self._snap.class_names

    @property
    def samples(self) -> SampleSet | None:
        return self._samples

    @property
    def input_kind(self) -> str:
        return self._kind

    @property
    def sample_index(self) -> int:
        return self._sample

    @property
    def drawing(self) -> Drawing:
        return self._drawing

    @property
    def raw(self) -> np.ndarray | None:
        """The picture (C, H, W) in [0, 1] at the model's resolution, before standardising."""
        return self._raw

    @property
    def fed(self) -> np.ndarray | None:
        """What the network is fed (C, H, W): the picture standardised as in training."""
        return self._fed

    @property
    def records(self) -> list[LayerRecord]:
        return self._records

    @property
    def columns(self) -> list[NetworkColumn]:
        return self._columns

    @property
    def probabilities(self) -> np.ndarray | None:
        return self._records[-1].output if self._records else None

    @property
    def problem(self) -> str:
        """Why there is nothing to show ('' when the columns are current)."""
        return self._problem

    @property
    def selected(self) -> CellDetail | None:
        return self._detail

    @property
    def hovered(self) -> Feeds | None:
        """What feeds the hovered cell (None: nothing hovered, or an input pixel)."""
        return self._feeds

    @property
    def hovered_cell(self) -> tuple[int, tuple[int, ...]] | None:
        """``(column, cell)`` under the mouse."""
        return self._hovered

    # -- the model --------------------------------------------------------------------------
    def attach_trainer(self, trainer: Any) -> None:
        """Follow ``trainer`` (a :class:`~cnnviz.presenters.trainer.TrainerPresenter`)."""
        self._trainer = trainer
        for signal in (
            trainer.state_changed,
            trainer.run_reset,
            trainer.samples_changed,
            trainer.settings_changed,
        ):
            signal.connect(self._on_trainer_changed)
        trainer.progress_changed.connect(self._on_trainer_progress_changed)
        if self._snap is None or self._snap.origin == "trainer":
            self.use_trainer_model()

    @Slot()
    def use_trainer_model(self) -> bool:
        """Show the trainer's current model; False (and a message) when there is none."""
        if self._trainer is None:
            return self._refuse(translate("NetworkPresenter", "There is no trainer to take a model from."))
        try:
            snap = _from_trainer(
                self._trainer, self._snap if self._snap and self._snap.origin == "trainer" else None
            )
        except ValueError as exc:
            text = translate("NetworkPresenter", "The trainer's model cannot be shown: {0}")
            return self._refuse(text.format(str(exc)))
        if snap is None:
            text = translate(
                "NetworkPresenter", "The trainer has no data yet: choose a dataset in the Trainer tab."
            )
            return self._refuse(text)
        self._install(snap)
        return True

    @Slot(str)
    def open_model(self, path: str | os.PathLike[str]) -> bool:
        """Show a saved model (``.npz``); the current one stays on failure."""
        try:
            snap = snapshot_from_file(path)
        except CheckpointError as exc:
            text = translate("NetworkPresenter", "Could not open the model: {0}")
            return self._refuse(text.format(str(exc)))
        self._install(snap)
        return True

    def set_model(
        self,
        model: Sequential,
        class_names: Sequence[str] | None = None,
        *,
        mean: float = 0.0,
        std: float = 1.0,
        name: str = "",
    ) -> None:
        """Show ``model`` (with ``in_shape``) fed as ``(x - mean) / std``; raises ``ValueError``."""
        name = name or translate("NetworkPresenter", "model")
        self._install(given_snapshot(model, class_names, mean, std, name))

    def _install(self, snap: ModelSnapshot) -> None:
        old, split = self._snap, getattr(self._trainer, "split", None)
        self._snap = snap
        changed = (
            old is None
            or old.in_shape != snap.in_shape
            or old.class_names != snap.class_names
            or old.origin != snap.origin
            or old.name != snap.name
            or old.mean != snap.mean
            or split is not self._split_seen
        )
        if changed:
            self._split_seen = split
            self._samples = sample_set(snap, split)
            self._selected = self._hovered = self._feeds = None
            if self._kind == "sample" and self._samples is None:
                self._kind = "drawing"
            elif self._kind == "drawing" and self._drawing.is_empty and self._samples is not None:
                self._kind = "sample"  # a first look: a real image rather than a blank canvas
            self._sample = min(self._sample, len(self._samples.labels) - 1) if self._samples else 0
            self._drawing.set_size(snap.in_shape[1:])
            self.samples_changed.emit()
            self._prepare_input()
        self.model_changed.emit()
        self._run()

    # -- running the network ------------------------------------------------------------------
    def set_active(self, active: bool) -> None:
        """While inactive (the tab hidden) refreshes wait, no timer runs; activation catches up."""
        self._active = bool(active)
        if not self._active and self._timer.isActive():
            self._timer.stop()
            self._stale = True
        if self._active and self._stale:
            self._schedule(0)

    def _on_trainer_changed(self, *_: Any) -> None:
        if self._snap is None or self._snap.origin == "trainer":
            self._pull = True
            self._schedule(0)

    def _on_trainer_progress_changed(self, *_: Any) -> None:
        if self._snap is not None and self._snap.origin == "trainer" and not self._timer.isActive():
            self._pull = True
            wait = LIVE_MS - (time.monotonic() - self._last_live) * 1000
            self._schedule(max(0, int(wait)))

    def _schedule(self, delay_ms: int) -> None:
        """Coalesce refreshes: one timer, never restarted later than asked (none while inactive)."""
        if not self._active:
            self._stale = True
            return
        if self._timer.isActive() and self._timer.remainingTime() <= delay_ms:
            return
        self._timer.start(delay_ms)

    def _on_timer_timeout(self) -> None:
        self._stale = False
        pull, self._pull = self._pull, False
        if pull and self._trainer is not None and (self._snap is None or self._snap.origin == "trainer"):
            self._last_live = time.monotonic()
            self.use_trainer_model()  # runs the network
        else:
            self._run()

    def flush(self) -> None:
        """Run a pending refresh now (the end of a stroke, tests)."""
        if self._timer.isActive():
            self._timer.stop()
            self._on_timer_timeout()

    def _run(self) -> None:
        self._timer.stop()
        if self._snap is None or self._fed is None:
            return
        try:
            self._records = forward_trace(self._snap.model, self._fed)
            self._problem = ""
        except ValueError as exc:
            self._records, self._problem = [], str(exc)
        self._columns = build_columns(
            self._fed,
            self._records,
            self._snap.class_names,
            lambda k: translate("NetworkPresenter", "unit {0}").format(k),
        )
        self.network_changed.emit()
        self._reselect()

    def _refuse(self, message: str) -> bool:
        self.error_reported.emit(message)
        return False

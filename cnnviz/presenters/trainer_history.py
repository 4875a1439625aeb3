"""The first layer's filters over a training run, kept for replay (Qt-free).

Which snapshots are kept
------------------------
A run keeps its first-layer weights

* at the start (before any update),
* after the last batch of every epoch (of every E-th epoch, E = ceil(epochs in the
  run / :data:`EPOCH_SNAPSHOTS`): every epoch for runs of up to 190 epochs),
* after every N-th update, with N = ceil(updates in the run / :data:`BATCH_SNAPSHOTS`),
* after every update a student trains with **Step**, and where a run stops.

So a run plans at most 200 + 190 + 1 snapshots. Runs that continue one
another add theirs to the same history; whenever it would hold more than
:data:`MAX_SNAPSHOTS`, every second snapshot between the first and the last is
dropped and N and E double, so the history always spans the whole training
evenly and never holds more than ``MAX_SNAPSHOTS`` (400 snapshots of the
largest first layer the trainer offers, 32 × 4 × 7 × 7 weights, are 10 MB).
The ``cnnviz train --filters-gif`` frames are these snapshots, one frame each.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

#: the most snapshots a history holds
MAX_SNAPSHOTS = 400
#: snapshots a run plans at every N-th batch
BATCH_SNAPSHOTS = 200
#: snapshots a run plans at the end of every E-th epoch
EPOCH_SNAPSHOTS = 190


@dataclass(frozen=True, eq=False)
class FilterSnapshot:
    """The first convolution's weights ``(F, C, KH, KW)`` after ``step`` updates.

    ``epoch`` and ``batch`` count from 1 (both 0 for the weights before training);
    ``batches_per_epoch`` is 0 for the start.
    """

    epoch: int
    batch: int
    batches_per_epoch: int
    step: int
    weights: np.ndarray

    @property
    def is_start(self) -> bool:
        return self.step == 0

    def caption(self) -> str:
        """Where in training these weights are, in English (the command line's words)."""
        if self.is_start:
            return "start: no batch trained yet"
        return f"epoch {self.epoch}, batch {self.batch} of {self.batches_per_epoch}"


def _frozen(w: np.ndarray) -> np.ndarray:
    out = np.array(w, dtype=np.float32, copy=True)
    out.flags.writeable = False
    return out


class FilterHistory:
    """Snapshots of the first layer's filters, oldest first (see the module's rule).

    Parameters
    ----------
    max_snapshots : the most snapshots kept (at least 3).
    batch_snapshots : snapshots a run plans at every N-th batch.
    """

    def __init__(self, max_snapshots: int = MAX_SNAPSHOTS, batch_snapshots: int = BATCH_SNAPSHOTS) -> None:
        if max_snapshots < 3 or batch_snapshots < 1:
            raise ValueError("a history needs room for 3 snapshots and 1 per run")
        self.max_snapshots = max_snapshots
        self.batch_snapshots = batch_snapshots
        self.interval = 1  # N: every N-th update is kept
        self.epoch_stride = 1  # E: the end of every E-th epoch is kept
        self._items: list[FilterSnapshot] = []
        self._max_abs = 0.0
        self._max_change = 0.0

    # -- reading -----------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, k: int) -> FilterSnapshot:
        return self._items[k]

    def __iter__(self) -> Iterator[FilterSnapshot]:
        return iter(self._items)

    def change(self, k: int) -> np.ndarray:
        """Snapshot ``k``'s weights minus the first snapshot's: (F, C, KH, KW)."""
        return self._items[k].weights - self._items[0].weights

    def levels(self, change: bool = False, extra: np.ndarray | None = None) -> tuple[float, float]:
        """One symmetric colour scale for every snapshot (and ``extra``, the live weights):
        ``(-m, m)`` with m the largest ``|w|`` (or ``|w − w_start|`` when ``change``)."""
        m = self._max_change if change else self._max_abs
        if extra is not None and self._items and np.isfinite(extra).all():
            ref = extra - self._items[0].weights if change else extra
            m = max(m, float(np.abs(ref).max(initial=0.0)))
        m = m if m > 0 else 1.0
        return (-m, m)

    # -- writing -----------------------------------------------------------------
    def clear(self) -> None:
        self._items.clear()
        self.interval = self.epoch_stride = 1
        self._max_abs = self._max_change = 0.0

    def start(self, weights: np.ndarray) -> None:
        """Forget everything and keep ``weights`` as the start of a new history."""
        self.clear()
        self._append(FilterSnapshot(0, 0, 0, 0, _frozen(weights)))

    def plan_run(self, steps: int, batches_per_epoch: int) -> None:
        """A run of ``steps`` updates, ``batches_per_epoch`` an epoch, begins: set N and E
        for it (neither ever shrinks)."""
        steps = max(steps, 1)
        epochs = math.ceil(steps / max(batches_per_epoch, 1))
        self.interval = max(self.interval, math.ceil(steps / self.batch_snapshots))
        self.epoch_stride = max(self.epoch_stride, math.ceil(epochs / EPOCH_SNAPSHOTS))

    def offer(
        self, epoch: int, batch: int, batches_per_epoch: int, step: int, weights: np.ndarray,
        *, keep: bool = False,
    ) -> bool:
        """The weights after update ``step``; returns whether they were kept.

        Kept when ``keep`` (a Step, the end of a run), at every E-th epoch's last
        batch, or at every N-th update; never twice for the same step, never non-finite.
        """
        if not self._items:
            return False
        if self._items[-1].step >= step or not np.isfinite(weights).all():
            return False
        epoch_end = batch == batches_per_epoch and epoch % self.epoch_stride == 0
        if not (keep or epoch_end or step % self.interval == 0):
            return False
        self._append(FilterSnapshot(epoch, batch, batches_per_epoch, step, _frozen(weights)))
        if len(self._items) > self.max_snapshots:
            self._thin()
        return True

    def _append(self, snap: FilterSnapshot) -> None:
        self._items.append(snap)
        self._max_abs = max(self._max_abs, float(np.abs(snap.weights).max(initial=0.0)))
        if len(self._items) > 1 and snap.weights.shape == self._items[0].weights.shape:
            change = float(np.abs(snap.weights - self._items[0].weights).max(initial=0.0))
            self._max_change = max(self._max_change, change)

    def _thin(self) -> None:
        """Drop every second snapshot between the first and the last; double N and E."""
        items = self._items
        self._items = [items[0], *items[1:-1][1::2], items[-1]]
        self.interval *= 2
        self.epoch_stride *= 2

"""The thread that drives the training generator off the GUI thread.

The thread only pulls records from :func:`cnnviz.core.train.train_steps` and
queues them; the presenter drains the queue on its own timer in the GUI
thread, so the number of signals per second does not depend on how fast a
batch trains. Pausing blocks the thread between two updates, which also
makes it safe to read or save the model while paused.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread

from cnnviz.core.train import DivergedRecord, Record


@dataclass(frozen=True)
class FailedRecord:
    """Training raised an unexpected error; ``message`` is for the user."""

    message: str


class TrainingThread(QThread):
    """Runs ``steps`` to the end, or until :meth:`request_stop`."""

    def __init__(self, steps: Iterator[Record], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps = steps
        self._queue: deque[Record | FailedRecord] = deque()  # appends and pops are atomic
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._idle = threading.Event()  # set while blocked by a pause (or finished)

    def run(self) -> None:  # runs in the worker thread
        try:
            for record in self._steps:
                self._queue.append(record)
                if isinstance(record, DivergedRecord):
                    break
                if not self._running.is_set():
                    self._idle.set()
                    self._running.wait()
                    self._idle.clear()
                if self._stop.is_set():
                    break
        except Exception as exc:  # a bug must reach the user as a message, not kill the app
            self._queue.append(FailedRecord(f"{type(exc).__name__}: {exc}"))
        finally:
            close = getattr(self._steps, "close", None)
            if close is not None:
                close()
            self._idle.set()

    def drain(self) -> list[Record | FailedRecord]:
        """Everything queued since the last call, oldest first (GUI thread)."""
        out = []
        while self._queue:
            out.append(self._queue.popleft())
        return out

    def pause(self) -> None:
        """Block before the next update; :meth:`wait_idle` tells when it is blocked."""
        self._running.clear()

    def resume(self) -> None:
        self._idle.clear()  # so a quick pause() waits for the thread to block again
        self._running.set()

    def wait_idle(self, timeout_s: float = 5.0) -> bool:
        """True once the thread is blocked by a pause or has ended."""
        waited = 0.0
        while not self._idle.wait(0.005):
            if self.isFinished():
                return True
            waited += 0.005
            if waited >= timeout_s:
                return False
        return True

    def request_stop(self) -> None:
        """Finish after the current update; also wakes a paused thread."""
        self._stop.set()
        self._running.set()

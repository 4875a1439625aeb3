"""The training run, in a child process so the window never waits for it.

A thread would share the interpreter lock with the GUI thread: on a busy
two-core machine that made the event loop 100–200 ms late while training.
A child process (``spawn``, at a lower scheduling priority) has its own
interpreter, so the GUI's latency stays that of its own painting.

The child pulls records from :func:`cnnviz.core.train.train_steps` and sends
them over a pipe; the presenter drains the pipe on its timer. Commands go
the other way between two updates: ``pause`` (the child then sends its
weights and blocks), ``resume`` and ``stop``. The child sends its final
weights before it ends, so the presenter's copy of the model is current
whenever the run is paused or over.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from cnnviz.core.datasets import Split
from cnnviz.core.train import Architecture, DivergedRecord, Record, TrainConfig, make_optimizer, train_steps

#: how much lower the child's priority is than the window's (Unix nice levels)
CHILD_NICENESS = 10
JOIN_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class FailedRecord:
    """Training raised an unexpected error; ``message`` is for the user."""

    message: str


def _child(conn: Connection) -> None:
    """The child process: receive the job, train and report until done, stopped or diverged."""
    try:
        os.nice(CHILD_NICENESS)
    except (AttributeError, OSError):  # not on Unix, or not allowed: train at normal priority
        pass
    try:
        split, arch, state, config = conn.recv()
        _train(conn, split, arch, state, config)
    except (EOFError, OSError):  # the window went away: nobody to report to
        pass


def _train(conn: Connection, split: Split, arch: Architecture, state: dict[str, np.ndarray] | None,
           config: TrainConfig) -> None:
    try:
        model = arch.build(config.seed)
        if state is not None:
            model.load_state_dict(state)
        for record in train_steps(model, make_optimizer(model, config), split, config):
            conn.send(("record", record))
            if isinstance(record, DivergedRecord):
                break
            stop = False
            while conn.poll():
                command = conn.recv()
                if command == "pause":
                    conn.send(("state", model.state_dict()))
                    conn.send(("paused", None))
                    command = conn.recv()  # block until resume or stop
                if command == "stop":
                    stop = True
            if stop:
                break
        conn.send(("state", model.state_dict()))
    except Exception as exc:  # a bug must reach the user as a message
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.send(("done", None))
        conn.close()


class TrainingProcess:
    """One run in a child process; every method is called from the GUI thread."""

    def __init__(self, split: Split, arch: Architecture, state: dict[str, np.ndarray] | None,
                 config: TrainConfig) -> None:
        ctx = mp.get_context("spawn")  # never fork a process that runs Qt threads
        self._conn, child_conn = ctx.Pipe()
        self._proc = ctx.Process(target=_child, args=(child_conn,), name="cnnviz-training", daemon=True)
        self._proc.start()
        child_conn.close()
        # the data goes through the pipe from a helper thread: the child reads it only once
        # its interpreter has started, and the window must not wait for that
        self._sender = threading.Thread(
            target=self._send_job, args=((split, arch, state, config),), name="cnnviz-training-send",
            daemon=True,
        )
        self._sender.start()
        self._pending: list[Record | FailedRecord] = []
        self.state: dict[str, np.ndarray] | None = None  # the weights last sent by the child
        self.done = False

    def _receive(self, until: str | None = None, timeout_s: float = JOIN_TIMEOUT_S) -> None:
        """Read what has arrived; with ``until``, block until that message (or the end)."""
        deadline = time.monotonic() + timeout_s
        while not self.done:
            wait = max(0.0, deadline - time.monotonic()) if until else 0.0
            if not self._conn.poll(wait):
                return
            try:
                kind, payload = self._conn.recv()
            except (EOFError, OSError):
                self.done = True
                self._pending.append(FailedRecord("the training process ended unexpectedly"))
                return
            if kind == "record":
                self._pending.append(payload)
            elif kind == "state":
                self.state = payload
            elif kind == "error":
                self._pending.append(FailedRecord(payload))
            elif kind == "done":
                self.done = True
            if kind == until:
                return

    def drain(self) -> list[Any]:
        """Records received since the last call, oldest first."""
        self._receive()
        out, self._pending = self._pending, []
        return out

    def _send_job(self, job: tuple) -> None:
        try:
            self._conn.send(job)
        except (OSError, ValueError):  # the child died before reading; drain() reports it
            pass

    def _send(self, command: str) -> None:
        self._sender.join()  # never interleave a command with the job's bytes
        try:
            self._conn.send(command)
        except (OSError, ValueError):  # the child is already gone
            pass

    def pause(self) -> None:
        """Block the child between two updates; returns once its weights are here."""
        if not self.done:
            self._send("pause")
            self._receive(until="paused")

    def resume(self) -> None:
        if not self.done:
            self._send("resume")

    def stop(self) -> None:
        """End the run after the current update and wait for the child to exit."""
        if not self.done:
            self._send("stop")
            self._receive(until="done")
        self._proc.join(JOIN_TIMEOUT_S)
        if self._proc.is_alive():  # unresponsive: do not let the window hang on it
            self._proc.terminate()
            self._proc.join(JOIN_TIMEOUT_S)
        self._conn.close()

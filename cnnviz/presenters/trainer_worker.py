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

Stopping never waits on the GUI thread: a stop asked for while the job is
still on its way to a starting child is sent right after it, by the sender
thread, and the exited child is collected by polling (:meth:`TrainingProcess.reap`).
The child starts in Python's safe-path mode, so no module from the current
folder runs in it (:func:`cnnviz.media.child_process.safe_spawn`).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from cnnviz.core.datasets import Split
from cnnviz.core.train import Architecture, DivergedRecord, Record, TrainConfig, make_optimizer, train_steps
from cnnviz.media.child_process import safe_spawn

#: how much lower the child's priority is than the window's (Unix nice levels)
CHILD_NICENESS = 10
JOIN_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class FailedRecord:
    """Training raised an unexpected error; ``message`` is for the user."""

    message: str


def _child(conn: Connection) -> None:
    """The child process: receive the job, train and report until done, stopped or diverged."""
    # a Ctrl-C in the terminal is the window's to handle; the window ends this process
    # through the pipe (a stop command, or end of file when it is gone)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
    """One run in a child process; every method is called from the GUI thread.

    Only :meth:`pause` and :meth:`stop` wait for the child; the window uses
    :meth:`request_stop` and polls :meth:`drain` and :meth:`reap` instead.
    """

    def __init__(self, split: Split, arch: Architecture, state: dict[str, np.ndarray] | None,
                 config: TrainConfig) -> None:
        ctx = mp.get_context("spawn")  # never fork a process that runs Qt threads
        self._conn, child_conn = ctx.Pipe()
        self._proc = ctx.Process(target=_child, args=(child_conn,), name="cnnviz-training", daemon=True)
        with safe_spawn():  # the current folder never reaches the child's import path
            self._proc.start()
        child_conn.close()
        self._lock = threading.Lock()
        self._job_sent = False
        self._stop_requested = False
        # the data goes through the pipe from a helper thread: the child reads it only once
        # its interpreter has started, and the window must not wait for that
        self._sender = threading.Thread(
            target=self._send_job, args=((split, arch, state, config),), name="cnnviz-training-send",
            daemon=True,
        )
        self._sender.start()
        self._pending: list[Record | FailedRecord] = []
        self._reap_deadline: float | None = None
        self.state: dict[str, np.ndarray] | None = None  # the weights last sent by the child
        self.done = False

    def _receive(self, until: str | None = None, timeout_s: float = JOIN_TIMEOUT_S) -> None:
        """Read what has arrived; with ``until``, block until that message (or the end)."""
        deadline = time.monotonic() + timeout_s
        while not self.done:
            wait = max(0.0, deadline - time.monotonic()) if until else 0.0
            try:
                if not self._conn.poll(wait):
                    return
                kind, payload = self._conn.recv()
            except (EOFError, OSError):
                self.done = True
                if not self._stop_requested:
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
        with self._lock:
            self._job_sent = True
            stop = self._stop_requested
        if stop:  # asked for while the job was on its way
            self._send_now("stop")

    def _send_now(self, command: str) -> None:
        try:
            self._conn.send(command)
        except (OSError, ValueError):  # the child is already gone
            pass

    def _send(self, command: str) -> None:
        self._sender.join()  # never interleave a command with the job's bytes
        self._send_now(command)

    def pause(self) -> None:
        """Block the child between two updates; returns once its weights are here."""
        if not self.done:
            self._send("pause")
            self._receive(until="paused")

    def resume(self) -> None:
        if not self.done:
            self._send("resume")

    def request_stop(self) -> None:
        """Ask the run to end after the current update, without waiting for anything.

        The child's last weights and its ``done`` arrive through :meth:`drain`;
        then :meth:`reap` collects the exited process.
        """
        with self._lock:
            if self._stop_requested:
                return
            self._stop_requested = True
            send = self._job_sent  # else the sender thread sends it after the job
        if send and not self.done:
            self._send_now("stop")

    def reap(self) -> bool:
        """Without blocking: whether the child has exited (its pipe is then closed).

        A child that has not exited :data:`JOIN_TIMEOUT_S` after the first call
        is terminated.
        """
        if self._proc.exitcode is None:
            now = time.monotonic()
            if self._reap_deadline is None:
                self._reap_deadline = now + JOIN_TIMEOUT_S
            elif now > self._reap_deadline:
                self._proc.terminate()
                self._reap_deadline = now + JOIN_TIMEOUT_S
            return False
        self._proc.join()  # already exited: returns at once
        self._conn.close()
        return True

    def stop(self) -> None:
        """End the run after the current update and wait for the child to exit
        (for the application's end; the window uses :meth:`request_stop`)."""
        self.request_stop()
        self._receive(until="done")
        self._proc.join(JOIN_TIMEOUT_S)
        if self._proc.is_alive():  # unresponsive: do not let the window hang on it
            self._proc.terminate()
            self._proc.join(JOIN_TIMEOUT_S)
        self._conn.close()

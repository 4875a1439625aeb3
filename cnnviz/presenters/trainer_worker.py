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

import copy
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
from cnnviz.core.model import Sequential
from cnnviz.core.optim import SGD, Adam, Optimizer
from cnnviz.core.train import Architecture, DivergedRecord, Record, TrainConfig, make_optimizer, train_steps
from cnnviz.media.child_process import safe_spawn

#: how much lower the child's priority is than the window's (Unix nice levels)
CHILD_NICENESS = 10
JOIN_TIMEOUT_S = 10.0
#: how often a run reports its weights (the Network tab follows them), and the bytes per report
LIVE_STATE_S, LIVE_STATE_BYTES = 0.5, 4 << 20


@dataclass(frozen=True)
class FailedRecord:
    """Training raised an unexpected error; ``message`` is for the user."""

    message: str


def detach_optimizer(optimizer: Optimizer) -> Optimizer:
    """A copy of ``optimizer`` that shares its state (momentum, Adam's moments and
    step count) but no parameters: what crosses the pipe between runs."""
    out = copy.copy(optimizer)
    out.params = []
    return out


def attach_optimizer(saved: Optimizer | None, model: Sequential, config: TrainConfig) -> Optimizer:
    """``saved``'s state driving ``model``'s parameters at ``config``'s learning rate;
    a fresh optimiser when there is none or ``config`` names another kind.

    The state is kept per parameter in ``model.parameters()`` order, which the
    same architecture always gives.
    """
    kind = Adam if config.optimizer == "adam" else SGD
    if type(saved) is not kind:
        return make_optimizer(model, config)
    out = copy.copy(saved)
    out.params = list(model.parameters())
    out.lr = float(config.lr)
    return out


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
        split, arch, state, config, optimizer, start_epoch = conn.recv()
        _train(conn, split, arch, state, config, optimizer, start_epoch)
    except (EOFError, OSError):  # the window went away: nobody to report to
        pass


def _live_interval(model: Sequential) -> float:
    """Seconds between two reports of the weights during a run: :data:`LIVE_STATE_S`, longer
    for a large model (at most about :data:`LIVE_STATE_BYTES` a second cross the pipe)."""
    size = sum(int(p.value.nbytes) for p in model.parameters())
    return LIVE_STATE_S * max(1.0, size / LIVE_STATE_BYTES)


def _train(conn: Connection, split: Split, arch: Architecture, state: dict[str, np.ndarray] | None,
           config: TrainConfig, saved: Optimizer | None, start_epoch: int) -> None:
    try:
        model = arch.build(config.seed)
        if state is not None:
            model.load_state_dict(state)
        optimizer = attach_optimizer(saved, model, config)
        live_s, live_at = _live_interval(model), time.monotonic()
        for record in train_steps(model, optimizer, split, config, start_epoch=start_epoch):
            conn.send(("record", record))
            if isinstance(record, DivergedRecord):
                break
            if time.monotonic() >= live_at:  # the weights so far, for the Network tab to follow
                conn.send(("state", model.state_dict()))
                live_at = time.monotonic() + live_s
            stop = False
            while conn.poll():
                command = conn.recv()
                if command == "pause":
                    conn.send(("state", model.state_dict()))
                    conn.send(("optimizer", detach_optimizer(optimizer)))
                    conn.send(("paused", None))
                    command = conn.recv()  # block until resume or stop
                if command == "stop":
                    stop = True
            if stop:
                break
        conn.send(("state", model.state_dict()))
        conn.send(("optimizer", detach_optimizer(optimizer)))
    except Exception as exc:  # a bug must reach the user as a message
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.send(("done", None))
        conn.close()


class TrainingProcess:
    """One run in a child process; every method is called from the GUI thread.

    Only :meth:`pause` and :meth:`stop` wait for the child; the window uses
    :meth:`request_stop` and polls :meth:`drain` and :meth:`reap` instead.

    ``optimizer`` (from :func:`detach_optimizer`) carries an earlier run's
    optimiser state into this one; ``start_epoch`` continues its epoch numbering
    (and its batch order). The child sends its state back in :attr:`optimizer`.
    """

    def __init__(self, split: Split, arch: Architecture, state: dict[str, np.ndarray] | None,
                 config: TrainConfig, *, optimizer: Optimizer | None = None, start_epoch: int = 1) -> None:
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
            target=self._send_job, args=((split, arch, state, config, optimizer, start_epoch),),
            name="cnnviz-training-send", daemon=True,
        )
        self._sender.start()
        self._pending: list[Record | FailedRecord] = []
        self._reap_deadline: float | None = None
        self.state: dict[str, np.ndarray] | None = None  # the weights last sent by the child
        self.optimizer: Optimizer | None = None  # and its optimiser's state (detached)
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
            elif kind == "optimizer":
                self.optimizer = payload
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

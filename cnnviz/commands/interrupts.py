"""SIGINT, SIGTERM and SIGHUP during a headless command: a flag, never an exception.

Python's default SIGINT handler raises ``KeyboardInterrupt`` wherever the main
thread happens to be. During ``cnnviz export`` that is often inside a Qt paint
callback, and an exception unwinding through Qt's C++ frames crashes the
process (and SIGTERM/SIGHUP kill it without removing its temporary file).
The handlers installed here only note the signal. The command calls
:meth:`StopFlag.check` between frames or training steps, which raises
:class:`Interrupted` from plain Python code; the command's own cleanup runs
(temporary ``.part`` files go) and :func:`cnnviz.cli.main` exits with
``128 + signal number`` (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP)
and one line.

A second signal while the first is still being handled ends the process at
once, after removing the temporary files, so a stuck command can still be
stopped.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: the signals that ask a command to stop (SIGHUP is missing on Windows)
STOP_SIGNALS: tuple[int, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Interrupted(BaseException):
    """A stop signal arrived. A ``BaseException``, like ``KeyboardInterrupt``,
    so that ``except Exception`` clean-up code lets it through.

    Parameters
    ----------
    signum : the signal's number.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        """``128 + signum``, as a shell reports a process ended by that signal."""
        return 128 + self.signum

    @property
    def message(self) -> str:
        """One line for stderr, without the ``cnnviz:`` prefix."""
        if self.signum == signal.SIGINT:
            return "interrupted"
        try:
            name = signal.Signals(self.signum).name
        except ValueError:
            name = f"signal {self.signum}"
        return f"interrupted by {name}"


class StopFlag:
    """Set by a stop signal; checked by the command at safe points."""

    def __init__(self) -> None:
        self.signum = 0

    def __bool__(self) -> bool:
        return self.signum != 0

    def check(self) -> None:
        """Raise :class:`Interrupted` if a stop signal has arrived."""
        if self.signum:
            raise Interrupted(self.signum)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.signum:
            _exit_now(signum)
        self.signum = signum


def _exit_now(signum: int) -> None:
    """The second signal: remove temporary files, say so, end the process."""
    from cnnviz.media.atomic import remove_pending

    remove_pending()
    try:
        os.write(sys.stderr.fileno(), f"cnnviz: {Interrupted(signum).message}\n".encode())
    except (OSError, ValueError):
        pass
    os._exit(128 + signum)


@contextmanager
def stop_on_signals() -> Iterator[StopFlag]:
    """Turn the stop signals into a :class:`StopFlag` for the duration of the block.

    The previous handlers come back afterwards. A signal this process was
    started with ignored stays ignored (``nohup`` ignores SIGHUP, a shell's
    background job SIGINT). Outside the main thread (where Python cannot
    install handlers) the flag never fires.
    """
    flag = StopFlag()
    if threading.current_thread() is not threading.main_thread():
        yield flag
        return
    wanted = [s for s in STOP_SIGNALS if signal.getsignal(s) is not signal.SIG_IGN]
    previous = {s: signal.signal(s, flag._on_signal) for s in wanted}
    try:
        yield flag
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)

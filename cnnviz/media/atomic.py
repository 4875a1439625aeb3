"""Write a file so that it appears complete or not at all.

Data goes to a temporary file in the destination's folder, which replaces the
destination (``os.replace``) only once it is complete; a failure, a cancel or
the program exiting first removes the temporary file and never touches an
existing file of that name.
"""

from __future__ import annotations

import atexit
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

#: temporary files not yet committed or discarded; removed if the program exits first
_PENDING: set[str] = set()


@atexit.register
def _remove_pending() -> None:
    for name in list(_PENDING):
        try:
            os.unlink(name)
        except OSError:
            pass


class AtomicFile:
    """A temporary file beside ``path`` that becomes ``path`` on :meth:`commit`.

    Creating it raises ``OSError`` (e.g. ``FileNotFoundError`` for a missing
    folder, ``PermissionError`` for a read-only one) before anything exists.
    :meth:`discard` removes the temporary file; ``path`` is never touched.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        fd, self.name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        self.file: IO[bytes] = os.fdopen(fd, "w+b")
        _PENDING.add(self.name)

    def commit(self) -> None:
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.name, 0o666 & ~umask)  # mkstemp makes it private
            os.replace(self.name, self.path)
            _PENDING.discard(self.name)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        _PENDING.discard(self.name)
        self.file.close()
        try:
            os.unlink(self.name)
        except FileNotFoundError:
            pass


@contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """Yield a temporary file beside ``path``; move it over ``path`` only on success."""
    out = AtomicFile(path)
    try:
        yield out.file
    except BaseException:
        out.discard()
        raise
    out.commit()

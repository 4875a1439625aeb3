"""Write a file so that it appears complete or not at all.

Data goes to a temporary file ``.<name>.<random>.part`` in the destination's
folder, which replaces the destination (``os.replace``) only once it is
complete; a failure, a cancel or the program exiting first removes the
temporary file and never touches an existing file of that name.

While it is being written the temporary file is locked (``flock``); a
``.part`` file of that naming that nobody holds locked is left over from a
process that was killed, and is removed when the next write to the same
destination starts. A write-protected destination is refused, even for root,
and a new file gets the permissions the user's umask allows (an existing
file's permissions are kept).
"""

from __future__ import annotations

import atexit
import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: no locks, no sweeping
    fcntl = None  # type: ignore[assignment]

#: temporary files not yet committed or discarded; removed if the program exits first
_PENDING: set[str] = set()


class WriteProtectedError(PermissionError):
    """The destination exists and its permissions forbid writing it."""


@atexit.register
def remove_pending() -> None:
    """Remove every temporary file not yet committed or discarded (safe in a signal handler)."""
    for name in list(_PENDING):
        try:
            os.unlink(name)
        except OSError:
            pass


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it
    os.umask(mask)
    return mask


def is_write_protected(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is an existing file whose mode bits forbid this user to write it.

    ``os.access`` says yes to root for any file; here root, too, is refused a
    file that nobody may write (e.g. ``chmod 444``), as ``cp -i`` and editors do.
    """
    try:
        st = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    if not hasattr(os, "geteuid"):
        return not st.st_mode & stat.S_IWRITE
    uid = os.geteuid()
    if uid == 0:
        bits = 0o222
    elif st.st_uid == uid:
        bits = stat.S_IWUSR
    elif st.st_gid == os.getegid() or st.st_gid in os.getgroups():
        bits = stat.S_IWGRP
    else:
        bits = stat.S_IWOTH
    return not st.st_mode & bits


def final_mode(path: str | os.PathLike[str]) -> int:
    """Permission bits for writing ``path``: an existing file's own, else ``0o666 & ~umask``."""
    try:
        st = os.stat(path)
    except OSError:
        return 0o666 & ~current_umask()
    if stat.S_ISREG(st.st_mode):
        return stat.S_IMODE(st.st_mode)
    return 0o666 & ~current_umask()


def target_problem(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be written atomically, in words; ``None`` if it can.

    Tries to create (and removes) a temporary file beside it, so a folder that
    exists but takes no new files (``/proc``, a read-only mount) is found too.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return "it is a folder"
    if not folder.exists():
        return f"the folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if is_write_protected(path):
        return "the file is write-protected (it was left as it is)"
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except PermissionError:
        return f"permission denied in {folder}"
    except OSError as exc:
        if exc.errno == errno.ENOENT:  # the folder is there: it takes no files (e.g. /proc)
            return f"files cannot be created in {folder}"
        return f"files cannot be created in {folder} ({exc.strerror or exc})"
    os.close(fd)
    os.unlink(name)
    return None


def sweep_stale(path: str | os.PathLike[str]) -> list[str]:
    """Remove ``.<name>.<random>.part`` files beside ``path`` that no live writer holds.

    Only regular files of this user, named as :class:`AtomicFile` names them
    for this very destination, and not locked by a running writer, are
    removed. Returns the names removed (none where locks are unavailable).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if fcntl is None:
        return []
    pattern = re.compile(r"\." + re.escape(path.name) + r"\.[a-z0-9_]{8}\.part")
    removed = []
    try:
        names = [n for n in os.listdir(folder) if pattern.fullmatch(n)]
    except OSError:
        return []
    for n in names:
        full = os.path.join(folder, n)
        try:
            st = os.lstat(full)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
                continue
            fd = os.open(full, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while its writer lives
            os.unlink(full)
            removed.append(n)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


class AtomicFile:
    """A temporary file beside ``path`` that becomes ``path`` on :meth:`commit`.

    Creating it raises ``OSError`` before anything exists: ``FileNotFoundError``
    for a missing folder (or one that takes no files, like ``/proc``),
    ``PermissionError`` for a read-only one, :class:`WriteProtectedError` for a
    write-protected ``path``. Stale temporary files of earlier, killed writes
    to ``path`` are removed first. :meth:`discard` removes the temporary file;
    ``path`` is never touched.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if is_write_protected(self.path):
            raise WriteProtectedError(errno.EACCES, "the file is write-protected", str(self.path))
        sweep_stale(self.path)
        fd, self.name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        _PENDING.add(self.name)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # "in use": see sweep_stale
            except OSError:
                pass
        self.file: IO[bytes] = os.fdopen(fd, "w+b")

    def commit(self) -> None:
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            os.chmod(self.name, final_mode(self.path))  # mkstemp makes it private
            if is_write_protected(self.path):  # made so while we wrote
                raise WriteProtectedError(errno.EACCES, "the file is write-protected", str(self.path))
            if fcntl is None:  # Windows cannot replace with an open file; there is no lock to keep
                self.file.close()
            os.replace(self.name, self.path)  # still locked here: no sweeper can take it first
            _PENDING.discard(self.name)
            self.file.close()
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        _PENDING.discard(self.name)
        try:
            os.unlink(self.name)  # before closing: the lock keeps sweepers off until then
        except FileNotFoundError:
            pass
        self.file.close()


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
